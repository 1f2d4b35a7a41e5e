-- code: R07
-- name: 吃空饷（工资发放无在册人员或死亡后仍发放）
-- datasets: payroll(name, citizen_id, unit, amount, month); public_employees(name, citizen_id, unit); deaths(name, citizen_id, died_on)
-- meaning: 工资发放给了财政供养人员花名册中没有的人，或在其死亡以后的月份仍在发放，可能是“吃空饷”。
-- key: citizen_id, reason
-- severity: high
-- source: 可能涉及：《中华人民共和国公职人员政务处分法》第三十五条第（一）项（违反规定发放薪酬）、“吃空饷”问题专项治理要求。比对方法：工资发放数据与财政供养人员花名册、死亡（火化）登记按身份证号比对。
-- domain: DOMAIN.md §10 虚列人员冒领工资（吃空饷：工资发放 × 在册人员 × 死亡登记，按身份证号）
-- name_fallback: no
-- amount: payroll.amount
-- summary: {subject_name}（{subject_unit}）{reason_text}，涉及工资{count}笔，共{amount}
WITH dead AS (
    SELECT citizen_id, MIN(died_on) AS died_on FROM deaths GROUP BY citizen_id
),
m AS (
    SELECT p.citizen_id, 'not_on_roster' AS reason, '不在财政供养人员花名册中' AS reason_text,
           p.name, p.unit, 'payroll' AS ev_dataset, p._row AS ev_row
    FROM payroll p
    WHERE p.citizen_id NOT IN (SELECT e.citizen_id FROM public_employees e)
    UNION ALL
    SELECT p.citizen_id, 'after_death', '死亡后仍发放工资', p.name, p.unit, 'payroll', p._row
    FROM payroll p JOIN dead d ON d.citizen_id = p.citizen_id
    WHERE p.month > d.died_on
),
s AS (
    SELECT citizen_id, reason, MIN(name) AS subject_name, MIN(unit) AS subject_unit,
           MIN(reason_text) AS reason_text
    FROM m
    GROUP BY citizen_id, reason
)
SELECT m.citizen_id, m.reason, s.subject_name, m.citizen_id AS subject_citizen_id,
       s.subject_unit, s.reason_text, m.ev_dataset, m.ev_row
FROM m JOIN s ON s.citizen_id = m.citizen_id AND s.reason = m.reason
UNION ALL
SELECT s.citizen_id, s.reason, s.subject_name, s.citizen_id AS subject_citizen_id,
       s.subject_unit, s.reason_text, 'deaths' AS ev_dataset, x._row AS ev_row
FROM s JOIN deaths x ON x.citizen_id = s.citizen_id
WHERE s.reason = 'after_death'
