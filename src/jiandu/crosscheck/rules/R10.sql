-- code: R10
-- name: 公务加油卡异常
-- datasets: fuel_transactions(card_no, plate, station, area, liters, amount, at); vehicles(plate, unit, tank_liters)
-- meaning: 公务用车加油卡在法定节假日或休息日加油、在本地以外加油，或一天加油量超过油箱容积，可能公车私用或套取油费。
-- key: card_no, day, reason
-- severity: low
-- source: 可能涉及：《中华人民共和国公职人员政务处分法》第三十五条第（二）项（公务交通超标准、超范围）、公车私用。比对方法：加油记录与公务用车信息比对，按国家法定节假日安排判断节假日和休息日，并比对加油地区和油箱容积，按卡号、车牌比对。
-- domain: DOMAIN.md §10 公务加油卡异常（加油记录 × 公务用车：节假日（法定日历，§1）、异地、超油箱容积；按卡号、车牌）
-- name_fallback: no
-- amount: fuel_transactions.amount
-- summary: {subject_name}（{subject_unit}）加油卡{card_no}于{day}{reason_text}，{count}笔共{amount}
WITH f AS (
    SELECT t.card_no, t.plate, t.area, t.liters, t._row, CAST(t.at AS DATE) AS day,
           v.unit, v.tank_liters
    FROM fuel_transactions t
    JOIN (SELECT plate, MIN(unit) AS unit, MIN(tank_liters) AS tank_liters FROM vehicles GROUP BY plate) v
      ON v.plate = t.plate
),
daily AS (
    SELECT card_no, plate, day, SUM(liters) AS liters, MIN(tank_liters) AS tank_liters
    FROM f
    GROUP BY card_no, plate, day
),
m AS (
    SELECT f.card_no, f.day, 'rest_day' AS reason, '在法定节假日或休息日加油' AS reason_text,
           f.plate, f.unit, f._row
    FROM f WHERE f.day IN (SELECT day FROM rest_days)
    UNION ALL
    SELECT f.card_no, f.day, 'outside_area', '在' || f.area || '加油（本地以外）', f.plate, f.unit, f._row
    FROM f WHERE f.area NOT IN (SELECT area FROM fuel_areas)
    UNION ALL
    SELECT f.card_no, f.day, 'over_tank', '加油量超过油箱容积', f.plate, f.unit, f._row
    FROM f
    JOIN daily d ON d.card_no = f.card_no AND d.plate = f.plate AND d.day = f.day
    WHERE d.liters > d.tank_liters * {{tank_tolerance}}
),
s AS (
    SELECT card_no, day, reason, MIN(plate) AS subject_name, MIN(unit) AS subject_unit,
           MIN(reason_text) AS reason_text
    FROM m
    GROUP BY card_no, day, reason
)
SELECT m.card_no, m.day, m.reason, s.subject_name, CAST(NULL AS VARCHAR) AS subject_citizen_id,
       s.subject_unit, s.reason_text, 'fuel_transactions' AS ev_dataset, m._row AS ev_row
FROM m JOIN s ON s.card_no = m.card_no AND s.day = m.day AND s.reason = m.reason
