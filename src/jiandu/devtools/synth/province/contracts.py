"""Province scale, ``contracts``; planted: split clusters (R05) and the contracts of
relatives' companies with the official's unit (R03)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jiandu.devtools.synth.common import METHODS, SUBJECTS, TYPES
from jiandu.devtools.synth.province.base import Province, _dates, _dict_strings, _money, _Out


def generate(p: Province) -> None:
    rng, n, units, out_dir, paths, emp_unit, rel_off, n_co, co_uscc, co_names, r3, r3_co = (
        p.rng,
        p.n,
        p.units,
        p.out_dir,
        p.paths,
        p.emp_unit,
        p.rel_off,
        p.n_co,
        p.co_uscc,
        p.co_names,
        p.r3,
        p.r3_co,
    )
    # contracts, with planted split clusters (R05) and the R03 contracts
    n_ct = n["contracts"]
    out = _Out(out_dir, "contracts")
    ct_co = rng.integers(0, n_co, n_ct)
    ct_amount = np.minimum(np.exp(rng.normal(11.0, 1.2, n_ct)), 9_000_000)
    subj = rng.integers(0, len(SUBJECTS), n_ct)
    out.write(
        {
            "contract_id": pc.binary_join_element_wise(
                pa.scalar("HT"), pa.array(np.arange(n_ct)).cast(pa.string()), ""
            ),
            "buyer_unit": _dict_strings(units, rng.integers(0, len(units), n_ct)),
            "supplier_uscc": co_uscc.take(pa.array(ct_co)),
            "supplier_name": co_names.take(pa.array(ct_co)),
            "subject": _dict_strings(SUBJECTS, subj),
            "amount": _money(np.round(ct_amount, 2)),
            "signed_on": _dates(rng, n_ct, "2023-01-01", "2025-12-31"),
            "procurement_method": _dict_strings(METHODS, rng.integers(0, len(METHODS), n_ct)),
            "procurement_type": _dict_strings(TYPES, rng.integers(0, 3, n_ct)),
        }
    )
    n_split = max(1, n_ct // 2000)
    parts = 3
    sp_unit = np.repeat(rng.integers(0, len(units), n_split), parts)
    sp_co = np.repeat(rng.integers(0, n_co, n_split), parts)
    sp_subj = np.repeat(rng.integers(0, len(SUBJECTS), n_split), parts)
    sp_day = np.repeat(_dates(rng, n_split, "2023-02-01", "2025-10-31"), parts) + np.tile(
        np.array([0, 12, 25]), n_split
    ).astype("timedelta64[D]")
    sp_amount = np.tile(np.array([1_500_000.0, 1_400_000.0, 1_300_000.0]), n_split)
    ids = np.arange(n_ct, n_ct + n_split * parts)
    out.write(
        {
            "contract_id": pc.binary_join_element_wise(
                pa.scalar("HT"), pa.array(ids).cast(pa.string()), ""
            ),
            "buyer_unit": _dict_strings(units, sp_unit),
            "supplier_uscc": co_uscc.take(pa.array(sp_co)),
            "supplier_name": co_names.take(pa.array(sp_co)),
            "subject": pc.binary_join_element_wise(
                _dict_strings(SUBJECTS, sp_subj),
                _dict_strings(["一期", "二期", "三期"], np.tile(np.arange(3), n_split)),
                "",
            ),
            "amount": _money(sp_amount),
            "signed_on": sp_day,
            "procurement_method": _dict_strings(METHODS, np.zeros(len(ids), dtype=np.int64)),
            "procurement_type": _dict_strings(TYPES, np.zeros(len(ids), dtype=np.int64)),
        }
    )
    n_r3 = len(r3)
    r3_unit = emp_unit[rel_off[r3]]
    ids = np.arange(n_ct + n_split * parts, n_ct + n_split * parts + n_r3)
    out.write(
        {
            "contract_id": pc.binary_join_element_wise(
                pa.scalar("HT"), pa.array(ids).cast(pa.string()), ""
            ),
            "buyer_unit": _dict_strings(units, r3_unit),
            "supplier_uscc": co_uscc.take(pa.array(r3_co)),
            "supplier_name": co_names.take(pa.array(r3_co)),
            "subject": _dict_strings(SUBJECTS, rng.integers(0, len(SUBJECTS), n_r3)),
            "amount": _money(np.full(n_r3, 380_000.0)),
            "signed_on": _dates(rng, n_r3, "2024-01-01", "2025-06-30"),
            "procurement_method": _dict_strings(METHODS, np.zeros(n_r3, dtype=np.int64)),
            "procurement_type": _dict_strings(TYPES, np.ones(n_r3, dtype=np.int64)),
        }
    )
    paths["contracts"] = out.close()
