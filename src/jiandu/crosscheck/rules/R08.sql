-- code: R08
-- name: 供应商或其人员在行贿人信息库中
-- datasets: contracts(contract_id, buyer_unit, supplier_uscc, supplier_name, amount, signed_on); bribers(name, citizen_id, uscc, case_ref, recorded_on); company_people(uscc, person_name, person_citizen_id, role)
-- meaning: 在行贿人信息库录入之后，仍与公共资金签订合同的供应商本身，或其股东及主要人员，在行贿人信息库中。
-- key: supplier_uscc, case_ref
-- severity: medium
-- source: 可能涉及：《中华人民共和国监察法实施条例》第二百零七条（有行贿行为的单位和人员记入相关信息记录，作为信用评价的依据）、受贿行贿一起查的要求。比对方法：合同与行贿人信息库、企业股东及主要人员按统一社会信用代码和身份证号比对；无证件号的行贿人按姓名第二轮比对。
-- domain: DOMAIN.md §10 行贿人关联企业承揽业务（合同 × 行贿人信息库 × 企业人员，按统一社会信用代码和身份证号；无证件号的行贿人按姓名第二轮比对）
-- name_fallback: yes
-- amount: contracts.amount
-- summary: 供应商{supplier_name}{who}在行贿人信息库中（{case_ref}），入库后仍签订合同{count}份，共{amount}
WITH direct AS (
    SELECT c.supplier_uscc, b.case_ref, c.supplier_name, c.buyer_unit, c._row AS c_row,
           b._row AS b_row, CAST(NULL AS BIGINT) AS cp_row, '本身' AS who
    FROM contracts c JOIN bribers b ON b.uscc = c.supplier_uscc
    WHERE c.signed_on >= b.recorded_on
),
people AS (
    SELECT c.supplier_uscc, b.case_ref, c.supplier_name, c.buyer_unit, c._row AS c_row,
           b._row AS b_row, cp._row AS cp_row, '的' || cp.role || cp.person_name AS who
    FROM contracts c
    JOIN company_people cp ON cp.uscc = c.supplier_uscc
    JOIN bribers b ON b.citizen_id = cp.person_citizen_id
    WHERE c.signed_on >= b.recorded_on
),
m AS (SELECT * FROM direct UNION ALL SELECT * FROM people),
s AS (
    SELECT supplier_uscc, case_ref, MIN(supplier_name) AS supplier_name,
           MIN(buyer_unit) AS subject_unit, MIN(who) AS who
    FROM m
    GROUP BY supplier_uscc, case_ref
),
ev AS (
    SELECT supplier_uscc, case_ref, 'contracts' AS ev_dataset, c_row AS ev_row FROM m
    UNION
    SELECT supplier_uscc, case_ref, 'bribers', b_row FROM m
    UNION
    SELECT supplier_uscc, case_ref, 'company_people', cp_row FROM m WHERE cp_row IS NOT NULL
)
SELECT ev.supplier_uscc, ev.case_ref, s.supplier_name AS subject_name,
       CAST(NULL AS VARCHAR) AS subject_citizen_id, s.subject_unit, s.supplier_name, s.who,
       ev.ev_dataset, ev.ev_row
FROM ev JOIN s ON s.supplier_uscc = ev.supplier_uscc AND s.case_ref = ev.case_ref
-- @fallback
-- Bribers recorded without a citizen ID or USCC: a supplier's person with the same surname
-- and a name of the same length at most one character apart (characters, not bytes).
WITH nameless AS (
    SELECT b.name, b.case_ref, b.recorded_on, b._row FROM bribers b
    WHERE b.citizen_id IS NULL AND b.uscc IS NULL
),
pairs AS (
    SELECT c.supplier_uscc, n.case_ref, c.supplier_name, c.buyer_unit, c._row AS c_row,
           n._row AS b_row, cp._row AS cp_row, cp.person_name, n.name AS briber_name, cp.role
    FROM nameless n
    JOIN company_people cp
      ON SUBSTRING(cp.person_name, 1, 1) = SUBSTRING(n.name, 1, 1)
     AND LENGTH(cp.person_name) = LENGTH(n.name)
     AND SUBSTRING(cp.person_name, 5) = SUBSTRING(n.name, 5)
     AND (CASE WHEN SUBSTRING(cp.person_name, 1, 1) = SUBSTRING(n.name, 1, 1) THEN 0 ELSE 1 END + CASE WHEN SUBSTRING(cp.person_name, 2, 1) = SUBSTRING(n.name, 2, 1) THEN 0 ELSE 1 END + CASE WHEN SUBSTRING(cp.person_name, 3, 1) = SUBSTRING(n.name, 3, 1) THEN 0 ELSE 1 END + CASE WHEN SUBSTRING(cp.person_name, 4, 1) = SUBSTRING(n.name, 4, 1) THEN 0 ELSE 1 END) <= 1
    JOIN contracts c ON c.supplier_uscc = cp.uscc AND c.signed_on >= n.recorded_on
),
ev AS (
    SELECT supplier_uscc, case_ref, supplier_name, buyer_unit, role, person_name, briber_name,
           'contracts' AS ev_dataset, c_row AS ev_row FROM pairs
    UNION
    SELECT supplier_uscc, case_ref, supplier_name, buyer_unit, role, person_name, briber_name,
           'bribers', b_row FROM pairs
    UNION
    SELECT supplier_uscc, case_ref, supplier_name, buyer_unit, role, person_name, briber_name,
           'company_people', cp_row FROM pairs
)
SELECT supplier_uscc, case_ref, supplier_name AS subject_name,
       CAST(NULL AS VARCHAR) AS subject_citizen_id, buyer_unit AS subject_unit, supplier_name,
       '的' || role || person_name || '（按姓名）' AS who, ev_dataset, ev_row,
       person_name AS name_a, briber_name AS name_b
FROM ev
