"""Province scale, ``vehicles`` and ``fuel_transactions``: fills on working days in the
home area, except the planted ones (R10)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jiandu.devtools.synth.province.base import (
    CHUNK,
    Province,
    _dict_strings,
    _money,
    _Out,
    _rest_days,
    _working_days,
)


def generate(p: Province) -> None:
    rng, n, units, out_dir, paths = p.rng, p.n, p.units, p.out_dir, p.paths
    # vehicles and fuel cards: transactions on working days in the home area, except planted
    n_v = n["vehicles"]
    plates = pc.binary_join_element_wise(
        pa.scalar("浙A"), pa.array(np.arange(10000, 10000 + n_v)).cast(pa.string()), ""
    )
    tanks = rng.integers(45, 75, n_v).astype(np.float64)
    out = _Out(out_dir, "vehicles")
    out.write(
        {
            "plate": plates,
            "unit": _dict_strings(units, rng.integers(0, len(units), n_v)),
            "tank_liters": tanks,
        }
    )
    paths["vehicles"] = out.close()
    workdays = _working_days(date(2024, 1, 1), date(2025, 12, 31))
    restdays = _rest_days(date(2024, 1, 1), date(2025, 12, 31))
    n_f = n["fuel_transactions"]
    out = _Out(out_dir, "fuel_transactions")
    for lo in range(0, n_f, CHUNK):
        m = min(CHUNK, n_f - lo)
        v = rng.integers(0, n_v, m)
        day = workdays[rng.integers(0, len(workdays), m)]
        odd = rng.random(m)
        day = np.where(odd < 0.001, restdays[rng.integers(0, len(restdays), m)], day)
        liters = np.round(tanks[v] * rng.uniform(0.2, 0.45, m), 2)
        liters = np.where((odd >= 0.001) & (odd < 0.002), tanks[v] * 1.6, liters)
        area = np.where((odd >= 0.002) & (odd < 0.003), 1, 0)
        at = day.astype("datetime64[s]") + rng.integers(8 * 3600, 18 * 3600, m).astype(
            "timedelta64[s]"
        )
        out.write(
            {
                "card_no": pc.binary_join_element_wise(
                    pa.scalar("YK"), pa.array(v).cast(pa.string()), ""
                ),
                "plate": plates.take(pa.array(v)),
                "station": _dict_strings(
                    [f"中石化第{i}站" for i in range(50)], rng.integers(0, 50, m)
                ),
                "area": _dict_strings(["浙江省", "安徽省"], area),
                "liters": liters,
                "amount": _money(np.round(liters * 7.9, 2)),
                "at": at.astype("datetime64[us]"),
            }
        )
    paths["fuel_transactions"] = out.close()
