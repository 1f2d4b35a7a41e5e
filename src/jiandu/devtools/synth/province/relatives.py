"""Province scale, ``relatives``: relatives of officials, drawn from persons who hold no
company role by chance."""

from __future__ import annotations

from jiandu.devtools.synth.province.base import Province, _dict_strings, _Out


def generate(p: Province) -> None:
    rng, pop = p.rng, p.pop
    n_rel = p.n["relatives"]
    rel_off = rng.integers(0, p.n_off, n_rel)
    rel_start = max(p.n_emp, p.dead_start - n_rel)  # relatives have no company role by chance
    rel_person = rng.integers(rel_start, p.dead_start, n_rel)
    out = _Out(p.out_dir, "relatives")
    out.write(
        {
            "official_citizen_id": pop.ids(rel_off),
            "official_name": pop.names(rel_off),
            "name": pop.names(rel_person),
            "citizen_id": pop.ids(rel_person),
            "relation": _dict_strings(
                ["配偶", "子女", "父母", "兄弟姐妹", "子女配偶"], rng.integers(0, 5, n_rel)
            ),
        }
    )
    p.paths["relatives"] = out.close()
    p.n_rel, p.rel_off, p.rel_start, p.rel_person = n_rel, rel_off, rel_start, rel_person
