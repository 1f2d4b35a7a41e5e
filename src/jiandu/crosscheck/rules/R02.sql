-- code: R02
-- name: 死亡后仍领取补贴救助
-- datasets: payments(payee_name, payee_citizen_id, program, amount, paid_on, payer_unit); deaths(name, citizen_id, died_on)
-- meaning: 死亡（火化）登记之后仍有补贴或救助资金发放到该身份证号名下，可能是冒领或未及时停发。
-- key: citizen_id, program
-- severity: high
-- source: 可能涉及：冒领惠民惠农资金，或经办单位未按《社会救助暂行办法》及时停发。比对方法：纪检监察机关公开介绍的惠民惠农资金监督做法，补贴发放数据与死亡（火化）登记按身份证号比对并核对姓名。
-- domain: DOMAIN.md §10 死亡或服刑人员仍领取补贴（补贴发放 × 死亡登记，按身份证号并核对姓名）
-- name_fallback: no
-- amount: payments.amount
-- summary: {subject_name}已于{died_on}死亡，此后仍由{subject_unit}发放“{program}”{count}笔，共{amount}
WITH dead AS (
    SELECT citizen_id, MIN(died_on) AS died_on, MIN(name) AS dead_name
    FROM deaths
    GROUP BY citizen_id
),
paid AS (
    SELECT p.payee_citizen_id AS citizen_id, p.program, p.payee_name, p.payer_unit, p._row,
           d.died_on, d.dead_name
    FROM payments p
    JOIN dead d ON d.citizen_id = p.payee_citizen_id
    WHERE p.paid_on > d.died_on + INTERVAL {{death_grace_days}} DAY
),
subj AS (
    SELECT citizen_id, program, MIN(payer_unit) AS subject_unit,
           MIN(CASE WHEN payee_name = dead_name THEN 1.0 ELSE 0.9 END) AS confidence
    FROM paid
    GROUP BY citizen_id, program
)
SELECT paid.citizen_id, paid.program, paid.dead_name AS subject_name,
       paid.citizen_id AS subject_citizen_id, s.subject_unit, s.confidence, paid.died_on,
       'payments' AS ev_dataset, paid._row AS ev_row
FROM paid JOIN subj s ON s.citizen_id = paid.citizen_id AND s.program = paid.program
UNION ALL
SELECT s.citizen_id, s.program, d.dead_name AS subject_name, s.citizen_id AS subject_citizen_id,
       s.subject_unit, s.confidence, d.died_on, 'deaths' AS ev_dataset, x._row AS ev_row
FROM subj s
JOIN dead d ON d.citizen_id = s.citizen_id
JOIN deaths x ON x.citizen_id = s.citizen_id
