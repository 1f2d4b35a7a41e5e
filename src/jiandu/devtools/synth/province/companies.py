"""Province scale, ``companies`` and ``company_people``; planted: pairs of companies
sharing an address and a phone (R06), officials holding company roles (R04), relatives'
companies (R03, their contracts: :mod:`.contracts`)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jiandu.devtools.synth.common import CITIES, ROLES
from jiandu.devtools.synth.province.base import (
    CHUNK,
    PROVINCE_AREAS,
    Province,
    _dates,
    _dict_strings,
    _Out,
    _uscc_array,
)


def generate(p: Province) -> None:
    rng, pop, n, n_off, out_dir, paths, n_rel, rel_start, rel_person = (
        p.rng,
        p.pop,
        p.n,
        p.n_off,
        p.out_dir,
        p.paths,
        p.n_rel,
        p.rel_start,
        p.rel_person,
    )
    # companies and their people
    n_co = n["companies"]
    co_area = rng.integers(0, len(PROVINCE_AREAS), n_co)
    co_uscc = _uscc_array(np.arange(1, n_co + 1) * 7919 + 13, co_area)
    co_addr_idx = np.arange(n_co)
    co_phone = 13_000_000_000 + np.arange(n_co) * 37 % 999_999_999
    n_shared = max(1, n_co // 2000)  # pairs of companies sharing an address and a phone
    a_idx = rng.choice(n_co, size=2 * n_shared, replace=False)
    co_addr_idx[a_idx[n_shared:]] = co_addr_idx[a_idx[:n_shared]]
    co_phone[a_idx[n_shared:]] = co_phone[a_idx[:n_shared]]
    addresses = pc.binary_join_element_wise(
        _dict_strings(CITIES, co_area % len(CITIES)),
        pa.array(co_addr_idx).cast(pa.string()),
        pa.scalar("号"),
        "",
    )
    co_names = pc.binary_join_element_wise(
        _dict_strings(CITIES, co_area % len(CITIES)),
        pa.array(np.arange(n_co)).cast(pa.string()),
        _dict_strings(
            ["商贸有限公司", "建设工程有限公司", "科技有限公司", "物业管理有限公司"],
            rng.integers(0, 4, n_co),
        ),
        "",
    )
    out = _Out(out_dir, "companies")
    out.write(
        {
            "uscc": co_uscc,
            "name": co_names,
            "address": addresses,
            "phone": pa.array(co_phone).cast(pa.string()),
            "registered_on": _dates(rng, n_co, "2005-01-01", "2023-12-31"),
        }
    )
    paths["companies"] = out.close()
    n_cp = n["company_people"]
    out = _Out(out_dir, "company_people")
    for lo in range(0, n_cp, CHUNK):
        m = min(CHUNK, n_cp - lo)
        co = rng.integers(0, n_co, m)
        person = rng.integers(n_off, rel_start, m)  # officials only where planted (R04)
        planted = rng.random(m) < 0.0003
        person = np.where(planted, rng.integers(0, n_off, m), person)
        out.write(
            {
                "uscc": co_uscc.take(pa.array(co)),
                "person_name": pop.names(person),
                "person_citizen_id": pop.ids(person),
                "role": _dict_strings(ROLES, rng.integers(0, len(ROLES), m)),
                "share_ratio": np.round(rng.random(m) * 100, 2),
            }
        )
    # R03: relatives' companies (their people) that contract with the official's unit
    n_r3 = max(1, n_rel // 1000)
    r3 = rng.choice(n_rel, size=n_r3, replace=False)
    r3_co = rng.integers(0, n_co, n_r3)
    out.write(
        {
            "uscc": co_uscc.take(pa.array(r3_co)),
            "person_name": pop.names(rel_person[r3]),
            "person_citizen_id": pop.ids(rel_person[r3]),
            "role": _dict_strings(ROLES, np.zeros(n_r3, dtype=np.int64)),
            "share_ratio": np.full(n_r3, 60.0),
        }
    )
    paths["company_people"] = out.close()
    p.n_co, p.co_uscc, p.co_names, p.co_phone, p.addresses, p.a_idx, p.n_shared, p.r3, p.r3_co = (
        n_co,
        co_uscc,
        co_names,
        co_phone,
        addresses,
        a_idx,
        n_shared,
        r3,
        r3_co,
    )
