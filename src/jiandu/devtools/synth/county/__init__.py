"""The demo county's cross-check source files: every rule's anomalies planted (R01–R10)
and realistic noise: namesakes, typos in names, full-width digits, 15-digit legacy IDs,
duplicated register rows and a few invalid rows the import must reject. The planted
anomalies are returned (and written to ``planted.json``) so that tests can check every
one is found.

One generator per dataset (a module each; the procurement register's five datasets share
one, their anomalies span them), run in a fixed order on one random stream
(:class:`~jiandu.devtools.synth.county.base.County` carries what a later one needs).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path

from jiandu.devtools.synth.county import deaths, fuel, payments, payroll, people, procurement
from jiandu.devtools.synth.county.base import County, CountyData, Planted

__all__ = ["CountyData", "Planted", "county_data", "generate_county"]

# people first (everyone else pays, employs or contracts them); payments and payroll
# before deaths (they add the people who died).
GENERATORS = (payments, payroll, deaths, procurement, fuel)


def generate_county(
    out_dir: Path,
    *,
    seed: int = 2026,
    roster: list[dict] | None = None,
    relatives: list[dict] | None = None,
    today: date | None = None,
) -> dict[str, Path]:
    """Demo-county source files with planted anomalies of every rule (see
    :func:`county_data`); writes ``planted.json`` next to them and returns type → path."""
    return county_data(out_dir, seed=seed, roster=roster, relatives=relatives, today=today).paths


def county_data(
    out_dir: Path,
    *,
    seed: int = 2026,
    roster: list[dict] | None = None,
    relatives: list[dict] | None = None,
    today: date | None = None,
) -> CountyData:
    """The demo county's data. ``roster`` = the county's cadres ``[{name, citizen_id, unit,
    post}]`` (hits then point at real cadres and units; a synthetic roster otherwise);
    ``relatives`` = their relatives from the register ``[{official_citizen_id,
    official_name, name, citizen_id, relation}]`` (synthesised when not given).

    External datasets are written as CSV/XLSX with the usual Chinese headers (GBK for one,
    a title line above the header for another); the internal ``officials`` and
    ``relatives`` as Parquet. Returns the paths, the planted anomalies (each with the hit
    identity its rule must produce) and the rows the import must reject.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    c = County(seed, roster, today or date.today(), out_dir)
    people.generate(c, roster=roster, relatives=relatives)
    for generator in GENERATORS:
        generator.generate(c)
    planted, rejections, paths = c.planted, c.rejections, c.paths
    data = CountyData(
        paths=paths, planted=planted, rejections=rejections, params={"fuel_areas": ["兰江县"]}
    )
    (out_dir / "planted.json").write_text(
        json.dumps(
            {
                "planted": [asdict(p) for p in planted],
                "rejections": rejections,
                "params": data.params,
            },
            ensure_ascii=False,
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
    return data
