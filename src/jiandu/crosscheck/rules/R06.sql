-- code: R06
-- name: 投标人关联（围标串标）
-- datasets: bids(tender_id, bidder_uscc, bidder_name, address, phone); companies(uscc, name, address, phone); company_people(uscc, person_name, person_citizen_id, role)
-- meaning: 同一招标项目的不同投标人登记地址相同、联系电话相同或有共同的股东及主要人员，可能围标串标。
-- key: tender_id, uscc_a, uscc_b
-- severity: high
-- source: 可能涉及：《中华人民共和国招标投标法》第三十二条（投标人不得相互串通投标）。比对方法：同一招标项目的投标人与企业登记比对相同地址、相同电话或共同的股东及主要人员，按统一社会信用代码比对。
-- domain: DOMAIN.md §10 串通投标（投标 × 企业登记：相同地址、电话或人员；按统一社会信用代码、地址、电话）
-- name_fallback: no
-- summary: 招标项目{tender_id}的投标人{bidder_a}与{bidder_b}{shared}
WITH b AS (
    SELECT x.tender_id, x.bidder_uscc, MIN(x.bidder_name) AS bidder_name,
           MIN(COALESCE(x.address, co.address)) AS address,
           MIN(COALESCE(x.phone, co.phone)) AS phone
    FROM bids x
    LEFT JOIN companies co ON co.uscc = x.bidder_uscc
    GROUP BY x.tender_id, x.bidder_uscc
),
people AS (
    SELECT b.tender_id, b.bidder_uscc, b.bidder_name, cp.person_citizen_id, cp._row
    FROM company_people cp
    JOIN b ON b.bidder_uscc = cp.uscc
),
shared AS (
    SELECT p1.tender_id, p1.bidder_uscc AS uscc_a, p2.bidder_uscc AS uscc_b,
           p1.bidder_name AS bidder_a, p2.bidder_name AS bidder_b,
           p1._row AS row_a, p2._row AS row_b
    FROM people p1 JOIN people p2
      ON p1.tender_id = p2.tender_id AND p1.person_citizen_id = p2.person_citizen_id
     AND p1.bidder_uscc < p2.bidder_uscc
),
pairs AS (
    SELECT b1.tender_id, b1.bidder_uscc AS uscc_a, b2.bidder_uscc AS uscc_b,
           b1.bidder_name AS bidder_a, b2.bidder_name AS bidder_b, 'address' AS kind
    FROM b b1 JOIN b b2
      ON b1.tender_id = b2.tender_id AND b1.address = b2.address AND b1.bidder_uscc < b2.bidder_uscc
    UNION ALL
    SELECT b1.tender_id, b1.bidder_uscc, b2.bidder_uscc, b1.bidder_name, b2.bidder_name, 'phone'
    FROM b b1 JOIN b b2
      ON b1.tender_id = b2.tender_id AND b1.phone = b2.phone AND b1.bidder_uscc < b2.bidder_uscc
    UNION ALL
    SELECT tender_id, uscc_a, uscc_b, bidder_a, bidder_b, 'people' FROM shared
),
named AS (
    SELECT tender_id, uscc_a, uscc_b,
           MAX(CASE WHEN kind = 'address' THEN 1 ELSE 0 END) AS by_address,
           MAX(CASE WHEN kind = 'phone' THEN 1 ELSE 0 END) AS by_phone,
           MAX(CASE WHEN kind = 'people' THEN 1 ELSE 0 END) AS by_people,
           MIN(bidder_a) AS bidder_a, MIN(bidder_b) AS bidder_b
    FROM pairs
    GROUP BY tender_id, uscc_a, uscc_b
),
ev AS (
    SELECT n.tender_id, n.uscc_a, n.uscc_b, 'bids' AS ev_dataset, x._row AS ev_row
    FROM named n JOIN bids x ON x.tender_id = n.tender_id AND x.bidder_uscc = n.uscc_a
    UNION
    SELECT n.tender_id, n.uscc_a, n.uscc_b, 'bids', x._row
    FROM named n JOIN bids x ON x.tender_id = n.tender_id AND x.bidder_uscc = n.uscc_b
    UNION
    SELECT tender_id, uscc_a, uscc_b, 'company_people', row_a FROM shared
    UNION
    SELECT tender_id, uscc_a, uscc_b, 'company_people', row_b FROM shared
)
SELECT ev.tender_id, ev.uscc_a, ev.uscc_b, n.bidder_a AS subject_name,
       CAST(NULL AS VARCHAR) AS subject_citizen_id, CAST(NULL AS VARCHAR) AS subject_unit,
       n.bidder_a, n.bidder_b,
       CASE WHEN n.by_address = 1 THEN '登记地址相同；' ELSE '' END
         || CASE WHEN n.by_phone = 1 THEN '联系电话相同；' ELSE '' END
         || CASE WHEN n.by_people = 1 THEN '有共同的股东或主要人员；' ELSE '' END AS shared,
       ev.ev_dataset, ev.ev_row
FROM ev
JOIN named n ON n.tender_id = ev.tender_id AND n.uscc_a = ev.uscc_a AND n.uscc_b = ev.uscc_b
