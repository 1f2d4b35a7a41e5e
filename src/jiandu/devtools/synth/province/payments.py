"""Province scale, ``payments``: enrolments (person, programme) paid monthly over 24 months;
planted: employees receiving benefits (R01), payments after death (R02), a programme
paid twice in a month (R09)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from jiandu.devtools.synth.common import PROGRAM_AMOUNTS, PROGRAMS
from jiandu.devtools.synth.province.base import Province, _dict_strings, _money, _Out


def generate(p: Province) -> None:
    rng, pop, n, towns, n_emp, n_pop, dead_start, out_dir, paths, died = (
        p.rng,
        p.pop,
        p.n,
        p.towns,
        p.n_emp,
        p.n_pop,
        p.dead_start,
        p.out_dir,
        p.paths,
        p.died,
    )
    # payments: enrolments (person, program) paid monthly over 24 months
    months = np.arange(np.datetime64("2024-01"), np.datetime64("2026-01"))
    n_enrol = max(1, int(n["payments"] / len(months) * 1.075))  # deaths stop some
    enrol_person = n_emp + rng.permutation(dead_start - n_emp)[:n_enrol]  # one enrolment each
    kind = rng.random(n_enrol)
    dead_pick = rng.integers(dead_start, n_pop, n_enrol)
    enrol_person = np.where(kind < 0.08, dead_pick, enrol_person)  # some later die
    enrol_program = rng.integers(0, len(PROGRAMS), n_enrol)
    _, first = np.unique(enrol_person * len(PROGRAMS) + enrol_program, return_index=True)
    unique = np.zeros(n_enrol, dtype=bool)
    unique[first] = True  # a person is enrolled in a programme once
    planted_emp = kind > 0.998  # R01: employees receiving benefits
    enrol_person = np.where(planted_emp, rng.integers(0, n_emp, n_enrol), enrol_person)
    enrol_town = rng.integers(0, len(towns), n_enrol)
    enrol_died = np.full(n_enrol, np.datetime64("2100-01-01"), dtype="datetime64[D]")
    is_dead = enrol_person >= dead_start
    enrol_died[is_dead] = died[enrol_person[is_dead] - dead_start]
    keeps_paying = rng.random(n_enrol) < 0.02  # R02: paid after death
    amounts = np.array(PROGRAM_AMOUNTS, dtype=np.float64)[enrol_program]
    ids_all = pop.ids(enrol_person)
    names_all = pop.names(enrol_person)
    dup_rows = rng.random(n_enrol) < 0.0005  # R09: paid twice in a month
    out = _Out(out_dir, "payments")
    for m in months:
        paid = m.astype("datetime64[D]") + rng.integers(9, 20, n_enrol).astype("timedelta64[D]")
        keep = ((paid <= enrol_died) | keeps_paying) & unique
        sel = np.nonzero(keep)[0]
        dup = np.nonzero(keep & dup_rows & (rng.random(n_enrol) < 0.1))[0]
        sel = np.concatenate([sel, dup])
        idx = pa.array(sel)
        out.write(
            {
                "payee_name": names_all.take(idx),
                "payee_citizen_id": ids_all.take(idx),
                "program": _dict_strings(PROGRAMS, enrol_program[sel]),
                "amount": _money(amounts[sel]),
                "paid_on": paid[sel],
                "payer_unit": _dict_strings(towns, enrol_town[sel]),
                "household_id": pa.array(sel).cast(pa.string()),
            }
        )
    paths["payments"] = out.close()
    del ids_all, names_all
