"""The province-scale set, written directly as normalised Parquet (10 million payments,
2 million public employees, 6 million company people, 1 million contracts, 500,000
deaths, plus the other datasets at proportional sizes), vectorised with numpy/pyarrow
and written in chunks so that memory stays bounded.

One generator per dataset (a module each), run in a fixed order on one random stream:
a later dataset plants its anomalies on what an earlier one decided (see
:class:`~jiandu.devtools.synth.province.base.Province`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from jiandu.devtools.synth.common import CITIES, DEPTS
from jiandu.devtools.synth.province import (
    bids,
    bribers,
    companies,
    contracts,
    deaths,
    employees,
    fuel,
    payments,
    payroll,
    relatives,
)
from jiandu.devtools.synth.province.base import PROVINCE_SIZES, Province, _People

__all__ = ["PROVINCE_SIZES", "generate_province"]

# deaths before payments and payroll (who stops being paid), employees before payroll and
# contracts (their units), relatives before company people (R03), companies before
# contracts, bids and bribers.
GENERATORS = (
    deaths,
    employees,
    relatives,
    payments,
    payroll,
    companies,
    contracts,
    bids,
    bribers,
    fuel,
)


def generate_province(out_dir: Path, *, seed: int = 2026, scale: float = 1.0) -> dict[str, Path]:
    """The province-scale set as normalised Parquet. ``scale`` shrinks every size (tests
    use a tiny fraction). Memory stays bounded: the large datasets are written in chunks
    of at most a million rows. Returns dataset type → path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n = {
        k: max(1, int(v * scale)) if k != "payroll_months" else v for k, v in PROVINCE_SIZES.items()
    }
    n["units"] = max(20, n["units"])
    pop = _People(n["population"], seed)
    # persons: [0, officials) officials (also employees); [0, employees) employees;
    # [employees, population - deaths) beneficiaries and company people;
    # [population - deaths, population) the dead.
    n_emp, n_pop, n_dead = n["public_employees"], n["population"], n["deaths"]
    n_emp = min(n_emp, n_pop // 3)
    n_dead = min(n_dead, n_pop // 4)
    n_off = min(n["officials"], n_emp)
    units = [
        f"{CITIES[i % len(CITIES)]}{i // len(CITIES):04d}号单位{DEPTS[i % len(DEPTS)]}"
        for i in range(n["units"])
    ]
    towns = [
        f"{CITIES[i % len(CITIES)]}第{i:03d}镇人民政府" for i in range(max(10, n["units"] // 15))
    ]
    province = Province(
        out_dir=out_dir,
        rng=rng,
        n=n,
        pop=pop,
        units=units,
        towns=towns,
        n_emp=n_emp,
        n_pop=n_pop,
        n_dead=n_dead,
        n_off=n_off,
        dead_start=n_pop - n_dead,
    )
    for generator in GENERATORS:
        generator.generate(province)
    return province.paths
