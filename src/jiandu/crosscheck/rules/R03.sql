-- code: R03
-- name: 亲属企业承接本人单位合同
-- datasets: contracts(contract_id, buyer_unit, supplier_uscc, supplier_name, amount, signed_on); company_people(uscc, person_name, person_citizen_id, role); relatives(official_citizen_id, official_name, name, citizen_id, relation); officials(name, citizen_id, unit)
-- meaning: 干部的亲属是某企业的股东或主要人员，而该企业与干部本人所在单位签订了合同，可能存在利益输送或未回避。
-- key: official_citizen_id, contract_id
-- severity: high
-- source: 可能涉及：《中国共产党纪律处分条例》第一百零四条（为亲属在大宗采购、工程招投标等方面谋取利益）、《中华人民共和国公职人员政务处分法》第三十三条。比对方法：合同与企业股东及主要人员、干部亲属信息，按身份证号和统一社会信用代码比对。
-- domain: DOMAIN.md §10 亲属企业承揽合同（合同 × 企业人员 × 干部亲属，按身份证号和统一社会信用代码）
-- name_fallback: no
-- amount: contracts.amount
-- summary: {subject_name}（{subject_unit}）的{relation}{relative_name}在{supplier_name}任{role}，该企业与其所在单位签订合同{contract_id}，金额{amount}
WITH ro AS (
    SELECT r._row AS r_row, r.relation, r.name AS relative_name, r.citizen_id AS relative_id,
           o.citizen_id AS official_citizen_id, o.name AS official_name, o.unit, o._row AS o_row
    FROM relatives r
    JOIN officials o ON o.citizen_id = r.official_citizen_id
),
cp AS (
    SELECT x.uscc, x.person_citizen_id, x.role, x._row AS cp_row
    FROM company_people x
    WHERE x.person_citizen_id IN (SELECT relative_id FROM ro)
),
m AS (
    SELECT c.contract_id, c.supplier_name, c._row AS c_row, cp.cp_row, cp.role,
           ro.r_row, ro.relation, ro.relative_name, ro.official_citizen_id, ro.official_name,
           ro.unit, ro.o_row
    FROM cp
    JOIN ro ON ro.relative_id = cp.person_citizen_id
    JOIN contracts c ON c.supplier_uscc = cp.uscc AND c.buyer_unit = ro.unit
),
s AS (
    SELECT official_citizen_id, contract_id, MIN(official_name) AS subject_name,
           MIN(unit) AS subject_unit, MIN(relation) AS relation,
           MIN(relative_name) AS relative_name, MIN(role) AS role,
           MIN(supplier_name) AS supplier_name
    FROM m
    GROUP BY official_citizen_id, contract_id
),
ev AS (
    SELECT official_citizen_id, contract_id, 'contracts' AS ev_dataset, c_row AS ev_row FROM m
    UNION
    SELECT official_citizen_id, contract_id, 'company_people', cp_row FROM m
    UNION
    SELECT official_citizen_id, contract_id, 'relatives', r_row FROM m
    UNION
    SELECT official_citizen_id, contract_id, 'officials', o_row FROM m
)
SELECT ev.official_citizen_id, ev.contract_id, s.subject_name,
       ev.official_citizen_id AS subject_citizen_id, s.subject_unit, s.relation, s.relative_name,
       s.role, s.supplier_name, ev.ev_dataset, ev.ev_row
FROM ev
JOIN s ON s.official_citizen_id = ev.official_citizen_id AND s.contract_id = ev.contract_id
