-- code: R01
-- name: 财政供养人员领取补贴救助
-- datasets: payments(payee_name, payee_citizen_id, program, amount, paid_on, payer_unit); public_employees(name, citizen_id, unit, post)
-- meaning: 财政供养人员（按身份证号比中）领取了面向困难群众的补贴或救助资金，可能不符合领取条件，或被他人冒领。
-- key: citizen_id, program
-- severity: high
-- source: 可能涉及：《中华人民共和国公职人员政务处分法》第三十二条第（二）项（弄虚作假骗取待遇或者其他利益）、《中国共产党纪律处分条例》第一百二十四条（社会救助等事项中优亲厚友）。比对方法：纪检监察机关公开介绍的惠民惠农资金监督做法，补贴发放数据与财政供养人员信息按身份证号比对，姓名仅作第二轮比对，以防同名。
-- domain: DOMAIN.md §10 不符合条件领取补贴（补贴发放 × 财政供养人员，按身份证号；姓名仅作第二轮比对，以防同名）
-- name_fallback: yes
-- amount: payments.amount
-- summary: {subject_name}（{subject_unit}）为财政供养人员，领取“{program}”{count}笔，共{amount}
WITH paid AS (
    SELECT p.payee_citizen_id AS citizen_id, p.program, p._row
    FROM payments p
    WHERE p.payee_citizen_id IN (SELECT e.citizen_id FROM public_employees e)
),
emp AS (
    SELECT e.citizen_id, e.name, e.unit, e._row
    FROM public_employees e
    WHERE e.citizen_id IN (SELECT citizen_id FROM paid)
),
subj AS (
    SELECT citizen_id, MIN(name) AS subject_name, MIN(unit) AS subject_unit
    FROM emp
    GROUP BY citizen_id
),
hits AS (
    SELECT DISTINCT citizen_id, program FROM paid
)
SELECT paid.citizen_id, paid.program, s.subject_name, paid.citizen_id AS subject_citizen_id,
       s.subject_unit, 'payments' AS ev_dataset, paid._row AS ev_row
FROM paid JOIN subj s ON s.citizen_id = paid.citizen_id
UNION ALL
SELECT h.citizen_id, h.program, s.subject_name, h.citizen_id AS subject_citizen_id,
       s.subject_unit, 'public_employees' AS ev_dataset, emp._row AS ev_row
FROM hits h
JOIN emp ON emp.citizen_id = h.citizen_id
JOIN subj s ON s.citizen_id = h.citizen_id
-- @fallback
-- Second pass, name only: the payee's ID is nobody's on the roster, but an employee has the
-- same area and birth date (first 14 digits) and a name of the same length at most one character apart (characters, not bytes).
WITH payees AS (
    SELECT DISTINCT p.payee_citizen_id, p.payee_name
    FROM payments p
    WHERE p.payee_citizen_id NOT IN (SELECT e.citizen_id FROM public_employees e)
),
pairs AS (
    SELECT y.payee_citizen_id, y.payee_name, e.citizen_id AS emp_id, e.name AS emp_name,
           e.unit AS emp_unit, e._row AS emp_row
    FROM payees y
    JOIN public_employees e
      ON SUBSTRING(e.citizen_id, 1, 14) = SUBSTRING(y.payee_citizen_id, 1, 14)
     AND LENGTH(e.name) = LENGTH(y.payee_name)
     AND SUBSTRING(e.name, 5) = SUBSTRING(y.payee_name, 5)
     AND (CASE WHEN SUBSTRING(e.name, 1, 1) = SUBSTRING(y.payee_name, 1, 1) THEN 0 ELSE 1 END + CASE WHEN SUBSTRING(e.name, 2, 1) = SUBSTRING(y.payee_name, 2, 1) THEN 0 ELSE 1 END + CASE WHEN SUBSTRING(e.name, 3, 1) = SUBSTRING(y.payee_name, 3, 1) THEN 0 ELSE 1 END + CASE WHEN SUBSTRING(e.name, 4, 1) = SUBSTRING(y.payee_name, 4, 1) THEN 0 ELSE 1 END) <= 1
)
SELECT pairs.payee_citizen_id AS citizen_id, p.program, pairs.emp_name AS subject_name,
       pairs.emp_id AS subject_citizen_id, pairs.emp_unit AS subject_unit,
       'payments' AS ev_dataset, p._row AS ev_row,
       pairs.payee_name AS name_a, pairs.emp_name AS name_b
FROM pairs JOIN payments p ON p.payee_citizen_id = pairs.payee_citizen_id
UNION ALL
SELECT DISTINCT pairs.payee_citizen_id AS citizen_id, p.program, pairs.emp_name AS subject_name,
       pairs.emp_id AS subject_citizen_id, pairs.emp_unit AS subject_unit,
       'public_employees' AS ev_dataset, pairs.emp_row AS ev_row,
       pairs.payee_name AS name_a, pairs.emp_name AS name_b
FROM pairs JOIN payments p ON p.payee_citizen_id = pairs.payee_citizen_id
