"""How the demo reports are worded: the slots a pattern's text is filled from, the
subject and reporter phrases, openers and closers (methods of the generator), and small
text helpers."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from jiandu.devtools.demo import org as org_demo
from jiandu.devtools.demo.intake.spec import (
    ASSETS,
    CASE_MATTERS,
    CLOSERS,
    COUNTY_PROJECTS,
    COVERS,
    CROPS,
    DRUG_TYPES,
    EQUIPMENT,
    FILLERS,
    ISSUES,
    KINDS,
    OPENERS,
    ORDINALS,
    OUT_OF_SCOPE,
    POST_TYPES,
    PROJECT_PATTERNS,
    REPORTER_ROLES,
    RESTAURANTS,
    SCENIC,
    SECRETS,
    SERVICES,
    SHOPS,
    STAT_ITEMS,
    SUBSIDIES,
    TASKS,
    TOUR_PLACES,
    TRANSFER_CHANNELS,
    TRANSFER_KINDS,
    WORKDAY_CHANNELS,
    Kind,
    PersonPost,
    ReporterSpec,
    SubjectSpec,
    UnitRef,
)


class Wording:
    """The generator's wording methods (``generator._Gen``)."""

    def short_title(self, post: PersonPost, unit: UnitRef) -> str:
        """The title as people say it after the unit's name: "石桥村" + "党支部书记",
        "县委组织部" + "部长", "青石镇" + "镇长"."""
        parts = post.title.split("、")
        title = parts[0] if unit.kind == "village" else parts[-1]
        for k in range(min(len(title), len(unit.name)), 0, -1):
            if unit.name.endswith(title[:k]):
                if not title[k:].startswith("长") and title[k:]:
                    title = title[k:]
                break
        if any(title.endswith(t) for t in ("科员", "办事员", "调研员")) and self.chance(0.7):
            title = "工作人员"
        return title

    def unit_phrase(self, unit: UnitRef) -> str:
        """The unit as people write it: a village with its town."""
        if unit.kind == "village":
            town = self.units.get(unit.parent)
            return f"{town.name}{unit.name}" if town else unit.name
        return unit.name

    # -- slots --

    def amount(self, low: int, high: int) -> str:
        value = self.rng.randint(low, high)
        if value >= 10000:
            wan = value / 10000
            return f"{wan:.1f}万元".replace(".0万", "万")
        return f"{value // 100 * 100}元"

    def slots(self, post: PersonPost | None, subject: str, day: date) -> _Slots:
        """Everything a template may use, for a matter found on ``day``: the place and
        the subject now, the rest drawn when a template first asks for it."""
        rng = self.rng
        unit = self.units.get(post.unit) if post else None
        town_name, village_name = self.random_place()
        if unit is not None and unit.kind == "village":
            town = self.units.get(unit.parent)
            town_name, village_name = (town.name if town else town_name), unit.name
        elif unit is not None and unit.kind == "town":
            town_name = unit.name
            village = self.village_of(unit.code)
            village_name = village.name if village else village_name
        gender = post.gender if post else "M"

        def relatives() -> dict[str, str]:
            rels = self.relatives.get(post.cadre, []) if post else []
            rel = self.pick(rels) if rels and self.chance(0.8) else None
            if rel is not None:
                return {
                    "relative": _relation_word(rel.relation, rel.gender, gender),
                    "rel_name": rel.name,
                    "rel_company": rel.company or self.company(),
                }
            relation = self.pick(("spouse", "sibling", "child", "sibling"))
            rel_gender = "F" if relation == "spouse" and gender == "M" else self.pick("MF")
            surname = post.name[0] if relation != "spouse" and post else ""
            rel_name = (surname + self.person_name(rel_gender)[1:]) if surname else ""
            return {
                "relative": _relation_word(relation, rel_gender, gender),
                "rel_name": rel_name or self.person_name(rel_gender),
                "rel_company": self.company(),
            }

        def project() -> str:
            if unit is not None and unit.kind in ("village", "town"):
                return self.pick(PROJECT_PATTERNS).format(town=town_name, village=village_name)
            return self.pick(COUNTY_PROJECTS)

        def plate() -> str:
            if rng.random() < 0.3:
                return f"赣K{rng.randrange(100000):05d}"
            return f"赣K{rng.choice('ABCDEF')}{rng.randrange(10000):04d}"

        values = {
            "S": subject,
            "name": post.name if post else "此人",
            "title": self.short_title(post, unit) if post and unit else "村干部",
            "unit": unit.name if unit else f"{town_name}人民政府",
            "town": town_name,
            "village": village_name,
            "place": f"{town_name}{village_name}",
            "his": "他" if gender == "M" else "她",
            "him": "他" if gender == "M" else "她",
        }
        pick = self.pick
        later: dict[str, Any] = {
            "project": project,
            "company": self.company,
            "restaurant": lambda: pick(RESTAURANTS),
            "cover": lambda: pick(COVERS),
            "plate": plate,
            "child": lambda: pick(("儿子", "女儿")),
            "subsidy": lambda: pick(SUBSIDIES),
            "crop": lambda: pick(CROPS),
            "asset": lambda: pick(ASSETS),
            "issue": lambda: pick(ISSUES),
            "service": lambda: pick(SERVICES),
            "task": lambda: pick(TASKS),
            "poor_person": lambda: f"{self.person_name(born=rng.randint(1940, 1970))}家",
            "dead_person": lambda: self.person_name(born=rng.randint(1925, 1950)),
            "scenic": lambda: pick(SCENIC),
            "tour_place": lambda: pick(TOUR_PLACES),
            "hometown": lambda: self.random_place()[0],
            "shop": lambda: pick(SHOPS),
            "post_type": lambda: pick(POST_TYPES),
            "case_matter": lambda: pick(CASE_MATTERS),
            "secret": lambda: pick(SECRETS),
            "drug_type": lambda: pick(DRUG_TYPES),
            "equipment": lambda: pick(EQUIPMENT),
            "pct": lambda: f"{rng.randint(10, 40)}%",
            "stat_item": lambda: pick(STAT_ITEMS),
        }
        for key in ("relative", "rel_name", "rel_company"):
            later[key] = relatives
        numbers = self.number_makers(day)
        slots = _Slots(values, {}, numbers)
        later["company2"] = lambda: self.company(exclude=slots["company"])
        slots.makers = {**later, **numbers}
        return slots

    def number_makers(self, day: date) -> dict[str, Any]:
        """Amounts, counts and dates: drawn anew for every sentence (``_Slots.fresh``)."""
        rng = self.rng
        event = {}

        def event_day() -> date:
            if "day" not in event:
                event["day"] = day - timedelta(days=rng.randint(10, 330))
            return event["day"]

        return {
            "amount": lambda: self.amount(2000, 80000),
            "small_amount": lambda: self.amount(200, 3000),
            "wan": lambda: f"{rng.randint(2, 40)}万元",
            "big_wan": lambda: f"{rng.randint(50, 900)}万元",
            "n": lambda: rng.randint(3, 30) if rng.random() < 0.5 else rng.randint(2, 9),
            "years": lambda: rng.randint(2, 8),
            "day": lambda: f"{event_day():%Y}年{event_day().month}月{event_day().day}日",
            "date": lambda: f"{event_day():%Y}年{event_day().month}月",
            "year": lambda: event_day().year,
        }

    # -- one matter --

    def subject_phrase(self, post: PersonPost) -> tuple[str, str]:
        """(the subject as written, the unit as written)."""
        unit = self.units[post.unit]
        where = self.unit_phrase(unit)
        title = self.short_title(post, unit)
        if unit.kind == "department" and where.startswith("县") and self.chance(0.15):
            where = org_demo.COUNTY_NAME + where.removeprefix("县")
        return f"{where}{title}{post.name}", where

    def outsider(self, kind: Kind, day: date) -> tuple[str, SubjectSpec, str]:
        """A subject who is not in the register: a village group leader, a contractor, or
        a cadre the reporter can only half name."""
        town, village = self.random_place()
        name = self.person_name()
        r = self.rng.random()
        if r < 0.6 and any(pool == "village" for pool, _ in kind.pools):
            group = self.rng.randint(1, 12)
            unit = self.find_unit(village, town)
            return (
                f"{town}{village}{group}组组长{name}",
                SubjectSpec(name, unit=unit, unit_text=f"{town}{village}"),
                f"{town}{village}",
            )
        unit = self.pick(self.departments)
        half = f"{name[0]}某"
        return (
            f"{unit.name}一名姓{name[0]}的干部",
            SubjectSpec(half, unit=unit.code, unit_text=unit.name),
            unit.name,
        )

    def find_unit(self, village: str, town: str) -> str:
        return self.village_by_name.get((town, village), "")

    def received_day(self) -> date:
        """A day before today (a report "received" later today would lie in the future);
        more reports in recent years."""
        span = (self.today - self.start).days - 1
        while True:
            offset = self.rng.randrange(span + 1)
            if self.rng.random() < (0.85 + 0.3 * offset / span) / 1.15:
                return self.start + timedelta(days=offset)

    def received_time(self, channel: str, day: date) -> datetime:
        rng = self.rng
        if channel in WORKDAY_CHANNELS and not self.working(day) and rng.random() < 0.92:
            moved = self.next_workday(day)
            if moved < self.today:
                day = moved
        if channel == "online":
            hour = rng.choices(range(24), [1] * 7 + [2] * 12 + [4] * 5)[0]
        elif channel == "call":
            hour = rng.choices(range(8, 21), [3] * 10 + [1] * 3)[0]
        else:
            hour = rng.randint(8, 16)
        return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))

    def reporter(self, kind: Kind, place: str) -> tuple[ReporterSpec, str]:
        gender = "M" if self.chance(0.68) else "F"
        born = self.rng.randint(1948, 1999)
        name = self.person_name(gender, born)
        role = self.pick(REPORTER_ROLES)
        if kind.code in ("dining", "allowance", "org_discipline", "vehicles", "travel"):
            role = self.pick(("单位职工", "退休干部", "知情人"))
        if role == "村民":
            role = "居民" if place.endswith("社区") else "村民"
            desc = f"{place}{role}"
        else:
            desc = role
        town, village = self.random_place()
        address = f"{org_demo.COUNTY_NAME}{town}{village}{self.rng.randint(1, 99)}号"
        reporter = ReporterSpec(
            name=name,
            id_number=self.citizen_id(gender, born) if self.chance(0.5) else "",
            phone=self.mobile(),
            address=address if self.chance(0.8) else "",
        )
        self.described[reporter] = desc
        return reporter, desc

    def body(self, kind: Kind, slots: dict[str, Any], day: date) -> list[str]:
        """The first fact names the subject in full, the others by name only."""
        facts = list(kind.facts)
        self.rng.shuffle(facts)
        count = self.rng.choices((1, 2, 3), (0.3, 0.45, 0.25))[0]
        sentences = [facts[0].format_map(slots)]
        for fact in facts[1:]:
            if len(sentences) >= count and sum(map(len, sentences)) >= 70:
                break
            sentences.append(fact.format_map(slots.fresh(self.number_makers(day), S=slots["name"])))
        details = list(kind.details)
        self.rng.shuffle(details)
        for detail in details[: self.rng.choices((0, 1, 2), (0.2, 0.5, 0.3))[0]]:
            sentences.append(detail.format_map(slots))
        return sentences

    def pick_kind(self, channel: str) -> Kind:
        allowed = TRANSFER_KINDS.get(channel)
        kinds = [k for k in KINDS if allowed is None or k.code in allowed]
        if channel not in TRANSFER_CHANNELS:
            kinds.append(OUT_OF_SCOPE)
        return self.rng.choices(kinds, [k.weight for k in kinds])[0]

    def opener(self, channel: str, named: bool, desc: str, slots: dict[str, Any], day: date) -> str:
        options = OPENERS.get((channel, named)) or OPENERS.get((channel, False)) or ("",)
        ref_year = day.year
        values = {
            "desc": desc,
            "anon": self.pick(("知情人", "一名普通党员", "一名老党员", "当地群众", "单位职工")),
            "ref": self.ref(channel, ref_year),
            "ordinal": self.pick(ORDINALS),
            "where": slots["unit"] if slots["S"] else slots["town"],
            "year": ref_year - 1,
            "case_matter": slots["case_matter"],
        }
        return self.pick(options).format(**values)

    def ref(self, channel: str, year: int) -> str:
        n = self.rng.randint(1, 60)
        prefix = {
            "higher_assignment": "市纪交",
            "inspection_transfer": "青巡移",
            "audit_transfer": "青审移",
            "law_enforcement": "青检移",
        }.get(channel, "青纪")
        return f"{prefix}〔{year}〕{n}号"

    def closer(self, channel: str, named: bool) -> str:
        if channel in TRANSFER_CHANNELS:
            return self.pick(CLOSERS["transfer"])
        if channel in ("visit", "call"):
            return self.pick(CLOSERS[channel])
        return self.pick(CLOSERS["named" if named else "anon"])

    def fit(
        self, opener: str, sentences: list[str], closer: str, kind: Kind, slots: dict[str, Any]
    ) -> str:
        """Join the parts and keep the text within 80–400 characters."""
        extra = [d.format_map(slots) for d in kind.details]
        extra = [d for d in extra if d not in sentences]
        while True:
            content = opener + "".join(sentences) + closer
            if len(content) >= 80 or not extra:
                break
            sentences.append(extra.pop(0))
        while len(content) > 400 and len(sentences) > 1:
            sentences.pop()
            content = opener + "".join(sentences) + closer
        fillers = list(FILLERS)
        self.rng.shuffle(fillers)
        while len(content) < 80 and fillers:
            content += fillers.pop()
        return content[:400]

    # -- repeats of a matter --


class _Slots(dict):
    """Template values: fixed ones, and ones drawn when a template first asks for them
    (a maker may fill several keys by returning a dict)."""

    def __init__(self, values: dict[str, Any], makers: dict[str, Any], numbers: dict[str, Any]):
        super().__init__(values)
        self.makers = makers
        self.numbers = numbers

    def __missing__(self, key: str) -> Any:
        value = self.makers[key]()
        if isinstance(value, dict):
            self.update(value)
            return value[key]
        self[key] = value
        return value

    def fresh(self, numbers: dict[str, Any], **values: Any) -> _Slots:
        """The same matter with other amounts, counts and dates (another sentence)."""
        child = _Slots({k: v for k, v in self.items() if k not in self.numbers}, {}, numbers)
        child.update(values)
        child.makers = {**{k: (lambda k=k: self[k]) for k in self.makers}, **numbers}
        return child


def _relation_word(relation: str, rel_gender: str, cadre_gender: str) -> str:
    if relation == "spouse":
        return "妻子" if cadre_gender != "F" else "丈夫"
    if relation == "child":
        return "女儿" if rel_gender == "F" else "儿子"
    if relation == "child_spouse":
        return "女婿" if rel_gender == "M" else "儿媳"
    if relation == "parent":
        return "母亲" if rel_gender == "F" else "父亲"
    if relation == "sibling":
        return "妹妹" if rel_gender == "F" else "弟弟"
    return "亲戚"


def _cumulative(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def _repunctuate(sentence: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        sentence = sentence.replace("，", ",")
    if rng.random() < 0.3:
        sentence = sentence.replace("。", "！")
    if rng.random() < 0.3:
        sentence = sentence.replace("：", ":").replace("“", '"').replace("”", '"')
    return sentence
