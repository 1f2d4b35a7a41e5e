"""The demo county's shared pieces: the planted anomalies, the result, and the state the
dataset generators hand on to each other (:class:`County`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from jiandu.devtools.synth.common import (
    COUNTY_AREA,
    COUNTY_NAME,
    GIVEN,
    SURNAMES,
    citizen_id,
    months_before,
    uscc,
)


@dataclass
class Planted:
    """One planted anomaly: the hit a rule must find (its identity is the rule's)."""

    rule: str
    key: list
    note: str
    match: str = "id"
    identity: str = ""

    def __post_init__(self) -> None:
        from jiandu.crosscheck.engine.datasets import normalise_text

        self.key = [normalise_text(v) if isinstance(v, str) else v for v in self.key]
        if not self.identity:
            from jiandu.crosscheck.engine.run import hit_identity

            self.identity = hit_identity(self.rule, self.key)


@dataclass
class CountyData:
    paths: dict[str, Path]
    planted: list[Planted]
    rejections: list[dict]  # {"dataset", "row", "column"} the import must reject
    params: dict = field(default_factory=dict)


class County:
    """Builds the demo county's source files. Persons get distinct birth dates so that no
    two of them share the first 14 digits of an ID unless planted (R01's name pass)."""

    def __init__(self, seed: int, roster: list[dict] | None, today: date, out_dir: Path):
        from jiandu.core.calendar import bundled_calendar

        self.rng = random.Random(seed)
        self.today = today
        self.out_dir = out_dir
        self.cal = bundled_calendar()
        self.months = months_before(today)
        self.start, self.end = self.months[0], self.months[-1] + timedelta(days=27)
        self.planted: list[Planted] = []
        self.rejections: list[dict] = []
        self.paths: dict[str, Path] = {}
        # set by the generators, in the order they run (see the package's GENERATORS)
        self.roster: list[dict] = []  # people: the officials (the register's cadres)
        self.officials: list[dict] = []
        self.staff: list[dict] = []  # people: public employees who are not officials
        self.employees: list[dict] = []
        self.units: list[str] = []
        self.relatives: list[dict] = []
        self.official_by_id: dict[str, dict] = {}
        self.dead: list[dict] = []  # payments, payroll: death register rows
        taken_areas = {r["citizen_id"][:6] for r in roster or []}
        self.area = next(
            a for a in (COUNTY_AREA, "330782", "330783", "330784", "330785") if a not in taken_areas
        )
        taken_days = {
            r["citizen_id"][6:14] for r in roster or [] if r["citizen_id"][:6] == self.area
        }
        first = date(1945, 1, 1)
        self.days = [
            d
            for d in (first + timedelta(days=i) for i in range(0, 365 * 60))
            if f"{d:%Y%m%d}" not in taken_days
        ]
        self.rng.shuffle(self.days)
        self.used_names: set[str] = {r["name"] for r in roster or []}
        self.seq = 0
        self.uscc_seq = 5000

    def name(self, unique: bool = True) -> str:
        while True:
            text = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            if self.rng.random() < 0.7:
                text += self.rng.choice(GIVEN)
            if not unique or text not in self.used_names:
                self.used_names.add(text)
                return text

    def person(self, born: date | None = None) -> dict:
        born = born or self.days.pop()
        self.seq += 1
        return {"name": self.name(), "citizen_id": citizen_id(self.area, born, self.seq * 2 + 1)}

    def company(self) -> dict:
        self.uscc_seq += 1
        n = self.uscc_seq
        return {
            "uscc": uscc(self.area, n * 7 + 3),
            "name": f"{COUNTY_NAME}{self.rng.choice('宏远鑫盛恒达隆泰华信永安')}"
            f"{self.rng.choice('源丰茂祥利昌和')}{n}"
            f"{self.rng.choice(['商贸有限公司', '建设工程有限公司', '科技有限公司'])}",
            "address": f"{COUNTY_NAME}兰江街道"
            f"{self.rng.choice(['人民路', '解放路', '新华路', '江滨路'])}{n}号",
            "phone": f"13{self.rng.randrange(100_000_000, 999_999_999)}",
            "registered_on": date(2010, 1, 1) + timedelta(days=n % 4000),
        }
