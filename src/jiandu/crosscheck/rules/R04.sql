-- code: R04
-- name: 干部在企业任职或持股
-- datasets: company_people(uscc, person_name, person_citizen_id, role, share_ratio); officials(name, citizen_id, unit, post)
-- meaning: 在职干部（按身份证号比中）登记为企业股东、法定代表人、监事或高级管理人员，可能违规经商办企业。
-- key: citizen_id, uscc
-- severity: medium
-- source: 可能涉及：《中华人民共和国公务员法》第五十九条第（十六）项、《中华人民共和国公职人员政务处分法》第三十六条、《中国共产党纪律处分条例》第一百零三条（违规经商办企业）。比对方法：企业股东及主要人员登记与干部名册按身份证号比对。
-- domain: DOMAIN.md §10 公职人员在企业任职持股（企业人员 × 干部，按身份证号）
-- name_fallback: no
-- summary: {subject_name}（{subject_unit}）在企业{uscc}登记为{role}
WITH m AS (
    SELECT o.citizen_id, cp.uscc, cp.role, cp._row AS cp_row, o._row AS o_row, o.name, o.unit
    FROM company_people cp
    JOIN officials o ON o.citizen_id = cp.person_citizen_id
),
s AS (
    SELECT citizen_id, uscc, MIN(name) AS subject_name, MIN(unit) AS subject_unit,
           MIN(role) AS role
    FROM m
    GROUP BY citizen_id, uscc
),
ev AS (
    SELECT citizen_id, uscc, 'company_people' AS ev_dataset, cp_row AS ev_row FROM m
    UNION
    SELECT citizen_id, uscc, 'officials', o_row FROM m
)
SELECT ev.citizen_id, ev.uscc, s.subject_name, ev.citizen_id AS subject_citizen_id,
       s.subject_unit, s.role, ev.ev_dataset, ev.ev_row
FROM ev JOIN s ON s.citizen_id = ev.citizen_id AND s.uscc = ev.uscc
