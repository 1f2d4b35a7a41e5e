-- code: R05
-- name: 化整为零规避招标
-- datasets: contracts(contract_id, buyer_unit, supplier_uscc, supplier_name, subject, amount, signed_on, procurement_method, procurement_type)
-- meaning: 同一采购单位与同一供应商就相近标的在短期内连续签订多份合同，每份均低于招标限额而合计达到限额，可能拆分合同规避招标。
-- key: buyer_unit, supplier_uscc, subject_key, first_contract_id
-- severity: medium
-- source: 可能涉及：《中华人民共和国招标投标法》第四条、《中华人民共和国政府采购法》第二十八条（不得化整为零规避招标）。比对方法：同一采购单位与同一供应商在时间窗口内就相近标的签订的合同，逐份与合计分别对比招标限额；限额按采购类别和生效日期设定。
-- domain: DOMAIN.md §10 拆分合同规避招标（化整为零：采购单位 + 供应商 + 标的 + 时间窗口 对比招标限额；限额为按采购类别、按生效日期配置的参数）
-- name_fallback: no
-- amount: contracts.amount
-- summary: {subject_unit}在{first_signed_on}起{window_days}日内与{supplier_name}签订“{subject_key}”合同{count}份，每份低于招标限额{threshold}元，合计{amount}
WITH repeated AS (  -- a split needs at least two contracts between the same two parties
    SELECT buyer_unit, supplier_uscc
    FROM contracts
    GROUP BY buyer_unit, supplier_uscc
    HAVING COUNT(*) >= 2
),
c AS (
    SELECT c._row, c.contract_id, c.buyer_unit, c.supplier_uscc, c.supplier_name, c.amount,
           c.signed_on, COALESCE(c.procurement_type, {{default_procurement_type}}) AS ptype,
           REGEXP_REPLACE(c.subject, '[0-9零〇一二三四五六七八九十百]+|[期批次标段包第()（）_#、,，. -]', '', 'g') AS subject_key
    FROM contracts c
    JOIN repeated r ON r.buyer_unit = c.buyer_unit AND r.supplier_uscc = c.supplier_uscc
),
below AS (
    SELECT c.*, t.threshold
    FROM c
    JOIN tender_thresholds t
      ON t.procurement_type = c.ptype AND c.signed_on >= t.valid_from AND c.signed_on < t.valid_to
    WHERE c.amount < t.threshold
),
ordered AS (
    SELECT below.*,
           LAG(signed_on) OVER (PARTITION BY buyer_unit, supplier_uscc, subject_key
                                ORDER BY signed_on, contract_id, _row) AS previous_on
    FROM below
),
marked AS (
    SELECT ordered.*,
           SUM(CASE WHEN previous_on IS NULL OR signed_on > previous_on + INTERVAL {{split_window_days}} DAY
                    THEN 1 ELSE 0 END)
             OVER (PARTITION BY buyer_unit, supplier_uscc, subject_key
                   ORDER BY signed_on, contract_id, _row
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS island
    FROM ordered
),
islands AS (
    SELECT buyer_unit, supplier_uscc, subject_key, island,
           MIN(signed_on) AS first_signed_on, MAX(threshold) AS threshold,
           MIN(supplier_name) AS supplier_name, COUNT(DISTINCT contract_id) AS contracts
    FROM marked
    GROUP BY buyer_unit, supplier_uscc, subject_key, island
    HAVING COUNT(DISTINCT contract_id) >= 2 AND SUM(amount) >= MAX(threshold)
),
firsts AS (
    SELECT m.buyer_unit, m.supplier_uscc, m.subject_key, m.island,
           MIN(m.contract_id) AS first_contract_id
    FROM marked m
    JOIN islands i
      ON i.buyer_unit = m.buyer_unit AND i.supplier_uscc = m.supplier_uscc
     AND i.subject_key = m.subject_key AND i.island = m.island AND m.signed_on = i.first_signed_on
    GROUP BY m.buyer_unit, m.supplier_uscc, m.subject_key, m.island
)
SELECT m.buyer_unit, m.supplier_uscc, m.subject_key, f.first_contract_id,
       m.buyer_unit AS subject_name, CAST(NULL AS VARCHAR) AS subject_citizen_id,
       m.buyer_unit AS subject_unit, i.supplier_name, i.first_signed_on, i.threshold,
       {{split_window_days}} AS window_days, 'contracts' AS ev_dataset, m._row AS ev_row
FROM marked m
JOIN islands i
  ON i.buyer_unit = m.buyer_unit AND i.supplier_uscc = m.supplier_uscc
 AND i.subject_key = m.subject_key AND i.island = m.island
JOIN firsts f
  ON f.buyer_unit = m.buyer_unit AND f.supplier_uscc = m.supplier_uscc
 AND f.subject_key = m.subject_key AND f.island = m.island
