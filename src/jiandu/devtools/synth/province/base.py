"""The province-scale set's shared pieces: sizes, the person pool (index → a unique valid
citizen ID and a name, computed, never stored), the chunked Parquet writer, and the
state the dataset generators hand on to each other (:class:`Province`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jiandu.devtools.synth.common import (
    GIVEN,
    ID_WEIGHTS,
    SURNAMES,
    USCC_ALPHABET,
    USCC_WEIGHTS,
)

PROVINCE_SIZES = {
    "payments": 10_000_000,
    "public_employees": 2_000_000,
    "company_people": 6_000_000,
    "contracts": 1_000_000,
    "deaths": 500_000,
    # the rest, proportional to a province
    "population": 6_000_000,
    "officials": 100_000,
    "relatives": 300_000,
    "payroll_months": 2,
    "companies": 1_000_000,
    "bids": 1_000_000,
    "bribers": 20_000,
    "vehicles": 50_000,
    "fuel_transactions": 2_000_000,
    "units": 5_000,
}
PROVINCE_AREAS = [f"33{c:02d}{d:02d}" for c in range(1, 12) for d in range(2, 13)]
ID_SPACE_DAYS = 24_000  # birth dates 1940-01-01 + 0..23,999 days
ID_EPOCH = np.datetime64("1940-01-01")
CHUNK = 1_000_000
ROW_GROUP = 122_880  # DuckDB scans row groups in parallel: many small ones, not one big one


def _dict_strings(values: tuple[str, ...] | list[str], indices: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(
        pa.array(indices.astype(np.int32)), pa.array(list(values), pa.string())
    ).cast(pa.string())


class _People:
    """A pool of synthetic persons: index i → a unique valid citizen ID and a name."""

    def __init__(self, size: int, seed: int):
        self.size = size
        self.space = len(PROVINCE_AREAS) * ID_SPACE_DAYS * 1000
        rng = np.random.default_rng(seed)
        self.mult = int(rng.integers(10**8, 10**9)) | 1
        while np.gcd(self.mult, self.space) != 1:
            self.mult += 2
        self.offset = int(rng.integers(0, self.space))
        self.seed = seed
        self.areas = np.array([int(a) for a in PROVINCE_AREAS], dtype=np.int64)

    def ids(self, idx: np.ndarray) -> pa.Array:
        j = (idx.astype(np.int64) * self.mult + self.offset) % self.space
        area = self.areas[j % len(self.areas)]
        days = (j // len(self.areas)) % ID_SPACE_DAYS
        seq = j // (len(self.areas) * ID_SPACE_DAYS)
        born = (ID_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[D]")
        years = born.astype("datetime64[Y]").astype(np.int64) + 1970
        months = born.astype("datetime64[M]").astype(np.int64) % 12 + 1
        mdays = (born - born.astype("datetime64[M]")).astype(np.int64) + 1
        body = area * 10**11 + (years * 10000 + months * 100 + mdays) * 1000 + seq
        total = np.zeros(len(body), dtype=np.int64)
        for k in range(17):
            total += ((body // 10 ** (16 - k)) % 10) * ID_WEIGHTS[k]
        check = np.array(list("10X98765432"))[total % 11]
        return pc.binary_join_element_wise(
            pa.array(body).cast(pa.string()), pa.array(check, pa.string()), ""
        )

    def names(self, idx: np.ndarray) -> pa.Array:
        # deterministic per person: hash the index
        h = (
            idx.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(self.seed)
        ) >> np.uint64(8)
        h = h.astype(np.int64) & 0x7FFFFFFFFFFF
        surname = h % len(SURNAMES)
        g1 = (h // 97) % len(GIVEN)
        g2 = (h // (97 * 211)) % (len(GIVEN) + 40)  # >= len(GIVEN): a one-character given name
        s = _dict_strings(list(SURNAMES), surname)
        a = _dict_strings(list(GIVEN), g1)
        b = _dict_strings([*GIVEN, *([""] * 40)], np.minimum(g2, len(GIVEN) + 39))
        return pc.binary_join_element_wise(s, a, b, "")


def _dates(rng: np.random.Generator, n: int, first: str, last: str) -> np.ndarray:
    a, b = np.datetime64(first), np.datetime64(last)
    return a + rng.integers(0, int((b - a).astype(np.int64)) + 1, n).astype("timedelta64[D]")


def _money(values: np.ndarray) -> pa.Array:
    return pa.array(np.round(np.asarray(values, dtype=np.float64), 2)).cast(pa.decimal128(18, 2))


class _Out:
    def __init__(self, out_dir: Path, dataset_type: str):
        from jiandu.crosscheck.engine.datasets import arrow_schema

        self.schema = arrow_schema(dataset_type)
        self.path = out_dir / f"{dataset_type}.parquet"
        self.writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        self.rows = 0

    def write(self, columns: dict[str, pa.Array | np.ndarray]) -> None:
        n = len(next(iter(columns.values())))
        arrays = []
        for f in self.schema:
            if f.name == "_row":
                arrays.append(pa.array(np.arange(self.rows + 2, self.rows + 2 + n, dtype=np.int64)))
            elif f.name in columns:
                arrays.append(pa.array(columns[f.name]).cast(f.type))
            else:
                arrays.append(pa.nulls(n, f.type))
        table = pa.Table.from_arrays(arrays, schema=self.schema)
        self.writer.write_table(table, row_group_size=ROW_GROUP)
        self.rows += n

    def close(self) -> Path:
        self.writer.close()
        return self.path


def _uscc_array(seqs: np.ndarray, area_idx: np.ndarray) -> pa.Array:
    """Vectorised USCCs "91" + area + 8-digit org code + org check + USCC check."""
    areas = np.array([int(a) for a in PROVINCE_AREAS], dtype=np.int64)[area_idx]
    org = seqs.astype(np.int64) % 100_000_000
    ow = (3, 7, 9, 10, 5, 8, 4, 2)
    s = np.zeros(len(org), dtype=np.int64)
    for k in range(8):
        s += ((org // 10 ** (7 - k)) % 10) * ow[k]
    oc = 11 - s % 11  # 1..11; 10 → X (alphabet index 33? no: X), 11 → 0
    oc_char_idx = np.where(oc == 11, 0, np.where(oc == 10, USCC_ALPHABET.index("X"), oc))
    digits = [np.full(len(org), 9), np.full(len(org), 1)]
    digits += [(areas // 10 ** (5 - k)) % 10 for k in range(6)]
    digits += [(org // 10 ** (7 - k)) % 10 for k in range(8)]
    digits.append(oc_char_idx)
    total = np.zeros(len(org), dtype=np.int64)
    for k, d in enumerate(digits):
        total += d * USCC_WEIGHTS[k]
    last = (31 - total % 31) % 31
    alphabet = np.array(list(USCC_ALPHABET))
    head = pa.array((91 * 10**6 + areas) * 10**8 + org).cast(pa.string())
    return pc.binary_join_element_wise(
        head, pa.array(alphabet[oc_char_idx]), pa.array(alphabet[last]), ""
    )


def _working_days(first: date, last: date) -> np.ndarray:
    from jiandu.core.calendar import bundled_calendar

    cal = bundled_calendar()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return np.array([d for d in days if cal.is_working_day(d)], dtype="datetime64[D]")


def _rest_days(first: date, last: date) -> np.ndarray:
    from jiandu.core.calendar import bundled_calendar

    cal = bundled_calendar()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return np.array([d for d in days if cal.is_rest_day(d)], dtype="datetime64[D]")


@dataclass
class Province:
    """The generation state: sizes, the random stream and the person pool, and what one
    dataset's generator decides that a later one needs (who died, who works where, the
    companies). The generators run in a fixed order on one random stream."""

    out_dir: Path
    rng: np.random.Generator
    n: dict[str, int]
    pop: _People
    units: list[str]
    towns: list[str]
    n_emp: int
    n_pop: int
    n_dead: int
    n_off: int
    dead_start: int
    paths: dict[str, Path] = field(default_factory=dict)
    # set by the generators, in the order they run
    died: Any = None  # deaths: the death date of each person in [dead_start, n_pop)
    dead_emp: Any = None  # deaths: employees who died (payroll pays some of them on)
    emp_unit: Any = None  # employees: each employee's unit (index into units)
    n_rel: int = 0  # relatives
    rel_off: Any = None  # relatives: the official each relative belongs to
    rel_start: int = 0  # relatives: first person index used for relatives
    rel_person: Any = None  # relatives: each relative's person index
    n_co: int = 0  # companies
    co_uscc: Any = None
    co_names: Any = None
    co_phone: Any = None
    addresses: Any = None
    a_idx: Any = None  # companies: the pairs sharing an address and a phone
    n_shared: int = 0
    r3: Any = None  # company people: relatives holding a company (R03)
    r3_co: Any = None
