-- code: R09
-- name: 重复发放
-- datasets: payments(payee_name, payee_citizen_id, program, amount, paid_on, payer_unit)
-- meaning: 同一人同一项目在同一个月内发放了不止一次，可能重复发放（或重复录入）。
-- key: citizen_id, program, paid_month
-- severity: medium
-- source: 可能涉及：惠民惠农资金重复发放、套取，《中国共产党纪律处分条例》第一百二十四条（社会救助等款物分配明显有失公平）。比对方法：补贴发放数据自身比对，同一身份证号、同一项目、同一月份发放不止一次。
-- domain: DOMAIN.md §10 重复发放补贴（补贴发放自身比对：同一身份证号、同一项目、同一月份）
-- name_fallback: no
-- amount: payments.amount
-- summary: {subject_name}的“{program}”在{paid_month}发放{count}次，共{amount}（{subject_unit}）
WITH dup AS (  -- (person, programme, month) paid more than once: grouped on a hash first
    SELECT HASH(payee_citizen_id, program, YEAR(paid_on) * 100 + MONTH(paid_on)) AS h
    FROM payments
    GROUP BY HASH(payee_citizen_id, program, YEAR(paid_on) * 100 + MONTH(paid_on))
    HAVING COUNT(*) >= 2
),
candidates AS (
    SELECT x.payee_citizen_id AS citizen_id, x.program,
           YEAR(x.paid_on) * 100 + MONTH(x.paid_on) AS paid_month, x.payee_name, x.payer_unit,
           x._row
    FROM payments x
    WHERE HASH(x.payee_citizen_id, x.program, YEAR(x.paid_on) * 100 + MONTH(x.paid_on))
          IN (SELECT h FROM dup)
),
d AS (  -- a hash collision is no duplicate: the real key must repeat
    SELECT citizen_id, program, paid_month, MIN(payee_name) AS subject_name,
           MIN(payer_unit) AS subject_unit
    FROM candidates
    GROUP BY citizen_id, program, paid_month
    HAVING COUNT(*) >= 2
)
SELECT d.citizen_id, d.program, d.paid_month, d.subject_name,
       d.citizen_id AS subject_citizen_id, d.subject_unit, 'payments' AS ev_dataset,
       c._row AS ev_row
FROM d
JOIN candidates c
  ON c.citizen_id = d.citizen_id AND c.program = d.program AND c.paid_month = d.paid_month
