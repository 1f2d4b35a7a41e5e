"""The demo reports' generator: matters (a report and its repeats), surrenders, portal
submissions, their fates (accepted, closed, forwarded), and the transfers; the wording
is :mod:`.wording`."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from jiandu.core.validators import citizen_id_check_digit
from jiandu.devtools.demo import org as org_demo
from jiandu.devtools.demo.intake.spec import (
    ACCEPT,
    ACCEPTED,
    CHANNELS,
    CLOSED,
    COMPANY_KINDS,
    COMPANY_TRADES,
    DUP_PREFIXES,
    DUP_SUFFIXES,
    DUPLICATE_SHARE,
    FORWARD_HIGHER,
    FORWARD_LOWER,
    FORWARD_OTHER,
    FORWARD_TARGETS,
    FORWARDED,
    KINDS,
    KINDS_BY_CODE,
    OPENERS_OWN,
    OUT_OF_SCOPE,
    PORTAL_PENDING,
    REGISTERED,
    SUBMITTED,
    SURRENDER_FACTS,
    TRANSFER_CHANNELS,
    TRANSFER_KINDS,
    WORKDAY_CHANNELS,
    YEARS,
    IntakeSpec,
    Kind,
    PersonPost,
    RelativeRef,
    ReporterSpec,
    ReportSpec,
    Roster,
    SubjectSpec,
    UnitRef,
)
from jiandu.devtools.demo.intake.wording import (
    Wording,
    _cumulative,
    _repunctuate,
)


def _pool_of(post: PersonPost, unit: UnitRef) -> tuple[str, ...]:
    kind = unit.kind
    if kind == "village":
        return ("village",)
    if kind == "town":
        return ("town_leader",) if post.is_leadership else ("town_staff",)
    if kind in ("department", "party_committee"):
        pools: tuple[str, ...] = ("dept_leader",) if post.is_leadership else ("dept_staff",)
        if unit.name == "县公安局":
            pools += ("police",)
        if post.is_leadership and unit.name in CONSTRUCTION_UNITS:
            pools += ("construction",)
        return pools
    if kind == "soe":
        return ("soe", "construction") if post.is_leadership else ("soe",)
    if kind in ("school", "hospital"):
        return (kind,)
    return ()


CONSTRUCTION_UNITS = frozenset(
    {
        "县住房和城乡建设局",
        "县交通运输局",
        "县水利局",
        "县自然资源局",
        "县农业农村局",
        "县城市管理局",
        "县教育局",
        "县卫生健康局",
    }
)


class _Gen(Wording):
    def __init__(
        self, *, seed: int, roster: Roster, today: date, n: int, stream: str = "reports"
    ) -> None:
        from jiandu.core.calendar import bundled_calendar

        self.seed = seed
        self.rng = random.Random(f"jiandu.intake.demo:{stream}:{seed}")
        self.today = today
        self.n = n
        self.cal = bundled_calendar()  # years it does not know: weekends only
        self.workdays: dict[date, bool] = {}
        self.start = today - timedelta(days=int(YEARS * 365.25))
        self.units = {u.code: u for u in roster.units}
        self.roster = roster
        self.towns = [u for u in roster.units if u.kind == "town"]
        self.departments = [u for u in roster.units if u.kind == "department"]
        self.posts_by_unit: dict[str, list[PersonPost]] = defaultdict(list)
        for post in roster.posts:
            self.posts_by_unit[post.unit].append(post)
        self.village_by_name = {
            (self.units[u.parent].name if u.parent in self.units else "", u.name): u.code
            for u in roster.units
            if u.kind == "village"
        }
        self.surname_cum = list(_cumulative(org_demo.SURNAME_WEIGHTS))
        self.bodies: dict[int, tuple[list[str], dict[str, Any]]] = {}
        self.described: dict[ReporterSpec, str] = {}
        self.villages: dict[str, list[UnitRef]] = defaultdict(list)
        for u in roster.units:
            if u.kind == "village":
                self.villages[u.parent].append(u)
        self.relatives: dict[str, list[RelativeRef]] = defaultdict(list)
        for r in roster.relatives:
            self.relatives[r.cadre].append(r)
        self.companies = [c for c in roster.companies if c.startswith(org_demo.COUNTY_NAME)]
        self.build_pools()

    # -- helpers --

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def working(self, d: date) -> bool:
        known = self.workdays.get(d)
        if known is None:
            known = self.workdays[d] = self.cal.is_working_day(d)
        return known

    def next_workday(self, d: date, n: int = 0) -> date:
        """``d`` moved to a working day (forward), then ``n`` working days later."""
        while not self.working(d):
            d += timedelta(days=1)
        for _ in range(n):
            d += timedelta(days=1)
            while not self.working(d):
                d += timedelta(days=1)
        return d

    def person_name(self, gender: str | None = None, born: int | None = None) -> str:
        gender = gender or ("M" if self.chance(0.65) else "F")
        born = born or self.rng.randint(1950, 1998)
        surname = self.rng.choices(org_demo._SURNAME_LIST, cum_weights=self.surname_cum)[0]
        single, first, second = org_demo._GIVEN[(org_demo._generation(born), gender)]
        if self.chance(0.3):
            return surname + self.pick(single)
        while True:
            a, b = self.pick(first), self.pick(second)
            if a != b:
                return surname + a + b

    def mobile(self) -> str:
        return f"1{self.pick('3578')}{self.rng.randrange(10**9):09d}"

    def citizen_id(self, gender: str, born: int) -> str:
        birth = date(born, self.rng.randint(1, 12), self.rng.randint(1, 28))
        order = self.rng.randrange(1, 500) * 2 + (1 if gender == "M" else 0)
        area = org_demo.AREA_CODE if self.chance(0.85) else self.pick(org_demo.ELSEWHERE_AREA_CODES)
        body = f"{area}{birth:%Y%m%d}{order:03d}"
        return body + citizen_id_check_digit(body)

    def company(self, exclude: str = "") -> str:
        if self.companies and self.chance(0.7):
            name = self.pick(self.companies)
        else:
            name = f"{org_demo.COUNTY_NAME}{self.pick(COMPANY_TRADES)}{self.pick(COMPANY_KINDS)}"
        return name if name != exclude else self.company(exclude)

    def village_of(self, town_code: str) -> UnitRef | None:
        villages = self.villages.get(town_code)
        return self.pick(villages) if villages else None

    def random_place(self) -> tuple[str, str]:
        """(town name, village name) somewhere in the county."""
        town = self.pick(self.towns)
        village = self.village_of(town.code)
        return town.name, village.name if village else "中心村"

    # -- subjects --

    def build_pools(self) -> None:
        pools: dict[str, list[int]] = defaultdict(list)
        leaders = sorted(
            {
                p.cadre
                for p in self.roster.posts
                if p.is_leadership or self.units[p.unit].kind == "village"
            }
        )
        # Cadres reported again and again (the same for every stream of the seed).
        hot_rng = random.Random(f"jiandu.intake.demo:hot:{self.seed}")
        self.hot = set(hot_rng.sample(leaders, min(len(leaders), max(3, len(leaders) // 12))))
        weights: dict[str, list[float]] = defaultdict(list)
        for i, post in enumerate(self.roster.posts):
            unit = self.units.get(post.unit)
            if unit is None:
                continue
            w = 3.0 if post.is_head else 2.0 if post.is_leadership else 1.0
            if unit.kind == "village":
                w *= 1.5
            if post.cadre in self.hot:
                w *= 4
            for pool in _pool_of(post, unit):
                pools[pool].append(i)
                weights[pool].append(w)
        self.pools = dict(pools)
        self.pool_cum: dict[str, list[float]] = {}
        for pool, ws in weights.items():
            total, cum = 0.0, []
            for w in ws:
                total += w
                cum.append(total)
            self.pool_cum[pool] = cum
        self.heads_of_commission = [
            p
            for p in self.roster.posts
            if p.unit == org_demo.COMMISSION and p.is_head and p.end_date is None
        ]

    def subject_post(self, kind: Kind, day: date) -> PersonPost | None:
        pools = [(p, w) for p, w in kind.pools if p in self.pools]
        if not pools:
            return None
        for _ in range(40):
            pool = self.rng.choices([p for p, _ in pools], [w for _, w in pools])[0]
            index = self.rng.choices(self.pools[pool], cum_weights=self.pool_cum[pool])[0]
            post = self.roster.posts[index]
            if post.active_on(day):
                return post
        return None

    def matter(self, key: int) -> ReportSpec:
        """The first report of a matter."""
        rng = self.rng
        channel = rng.choices([c for c, _, _ in CHANNELS], [w for _, w, _ in CHANNELS])[0]
        day = self.received_day()
        if channel in WORKDAY_CHANNELS:
            while not self.working(day):  # nobody visits or phones on a rest day
                day = self.received_day()
        if channel == "surrender":
            report = self.surrender(key, day)
            if report is not None:
                return report
            channel = "letter"
        kind = self.pick_kind(channel)
        post = None if kind is OUT_OF_SCOPE else self.subject_post(kind, day)
        subjects: tuple[SubjectSpec, ...] = ()
        if post is not None and rng.random() < 0.9:
            phrase, unit_text = self.subject_phrase(post)
            subjects = (SubjectSpec(post.name, post.cadre, post.unit, unit_text),)
        elif kind is not OUT_OF_SCOPE:
            phrase, subject, unit_text = self.outsider(kind, day)
            subjects = (subject,)
            post = None
        else:
            phrase = ""
        slots = self.slots(post, phrase, day)
        if post is None:
            slots["name"] = subjects[0].name if subjects else "此人"
            slots["his"] = slots["him"] = "他"
            if subjects and subjects[0].unit_text:
                slots["unit"] = subjects[0].unit_text
        if post is not None and rng.random() < 0.08:
            second = self.second_subject(post, day)
            if second is not None:
                extra, extra_unit = self.subject_phrase(second)
                slots["S"] = f"{phrase}和{extra}"
                subjects += (SubjectSpec(second.name, second.cadre, second.unit, extra_unit),)
        sentences = self.body(kind, slots, day)
        categories = kind.categories
        if len(categories) > 1 and rng.random() < 0.25:
            categories = categories[:1]
        report = ReportSpec(
            key=key,
            matter=key,
            kind=kind.code,
            channel=channel,
            received_at=self.received_time(channel, day),
            content="",
            categories=categories,
            subjects=subjects,
            reporter=None,
            status=REGISTERED,
        )
        return self.tell(report, sentences, slots, day)

    def tell(
        self,
        report: ReportSpec,
        sentences: list[str],
        slots: dict[str, Any],
        day: date,
        *,
        prefix: str = "",
        suffix: str = "",
        reporter: ReporterSpec | bool | None = True,
    ) -> ReportSpec:
        """Write the report's text for its channel: opener, the sentences, closer.
        ``reporter``: True to draw a reporter (or none) for the channel, else the one
        given."""
        channel = report.channel
        kind = KINDS_BY_CODE[report.kind]
        desc = ""
        if reporter is True:
            named_share = next(s for c, _, s in CHANNELS if c == channel)
            reporter = None
            if self.rng.random() < named_share:
                reporter, desc = self.reporter(kind, slots["place"])
        elif reporter is not None:
            desc = self.described.get(reporter, "知情人")
        named = reporter is not None
        opener = self.opener(channel, named, desc, slots, day) + prefix
        closer = suffix or self.closer(channel, named)
        content = self.fit(opener, list(sentences), closer, kind, slots)
        self.bodies.setdefault(report.matter, (list(sentences), slots))
        return replace(report, content=content[:400], reporter=reporter or None)

    def second_subject(self, post: PersonPost, day: date) -> PersonPost | None:
        others = [
            p for p in self.posts_by_unit[post.unit] if p.cadre != post.cadre and p.active_on(day)
        ]
        return self.pick(others) if others else None

    def surrender(self, key: int, day: date) -> ReportSpec | None:
        """A cadre gives themself up (主动投案): reporter and subject are the same."""
        codes = ("gifts", "bid_rigging", "embezzle_collective")
        kind = self.pick([k for k in KINDS if k.code in codes])
        post = self.subject_post(kind, day)
        if post is None:
            return None
        phrase, unit_text = self.subject_phrase(post)
        slots = self.slots(post, phrase, day)
        fact = self.pick(SURRENDER_FACTS).format_map(slots)
        content = (
            f"{phrase}于{day.year}年{day.month}月{day.day}日主动到县纪委监委投案，交代：{fact}"
            "本人认识到自己的错误，愿意接受组织处理。"
        )
        reporter = ReporterSpec(post.name, post.cadre, self.mobile(), "")
        return ReportSpec(
            key=key,
            matter=key,
            kind=kind.code,
            channel="surrender",
            received_at=self.received_time("surrender", day),
            content=content,
            categories=kind.categories,
            subjects=(SubjectSpec(post.name, post.cadre, post.unit, unit_text),),
            reporter=reporter,
            status=REGISTERED,
        )

    def duplicate(self, original: ReportSpec) -> ReportSpec | None:
        """The same matter reported again later: sentences reordered, other punctuation,
        a few words added, sometimes by another channel or another person."""
        rng = self.rng
        first_day = original.received_at.date()
        latest = (self.today - first_day).days - 1
        if latest < 7:
            return None
        day = first_day + timedelta(days=rng.randint(7, min(latest, 300)))
        channel = original.channel
        if channel in TRANSFER_CHANNELS or channel == "surrender":
            channel = "letter"
        if rng.random() < 0.3:
            channel = self.pick(("letter", "visit", "call", "online"))
        if channel in WORKDAY_CHANNELS and not self.working(day):
            channel = "online"
        sentences, slots = self.bodies[original.matter]
        sentences = list(sentences)
        if len(sentences) >= 2:
            head, rest = sentences[:1], sentences[1:]
            rng.shuffle(rest)
            sentences = head + rest if rng.random() < 0.7 else rest + head
        if rng.random() < 0.5:
            sentences = [_repunctuate(s, rng) for s in sentences]
        name = original.subjects[0].name if original.subjects else "此人"
        when = f"{first_day.year}年{first_day.month}月"
        prefix = self.pick(DUP_PREFIXES).format(when=when, name=name) if rng.random() < 0.7 else ""
        suffix = self.pick(DUP_SUFFIXES) if rng.random() < 0.6 else ""
        reporter: ReporterSpec | bool | None = original.reporter
        if reporter is not None and rng.random() < 0.25:
            reporter = None  # the same person, anonymous this time
        elif reporter is None and rng.random() < 0.15:
            reporter = True  # someone else, who may give their name
        report = replace(
            original,
            channel=channel,
            received_at=self.received_time(channel, day),
            similarity=round(rng.uniform(0.72, 0.97), 3),
        )
        return self.tell(
            report, sentences, slots, day, prefix=prefix, suffix=suffix, reporter=reporter
        )

    def fate(self, r: ReportSpec, clue_share_recent: float, clue_share_old: float) -> dict:
        """What the petition office did with a report: the fields that change."""
        rng = self.rng
        day = r.received_at.date()
        age = (self.today - day).days
        delay = rng.choices((1, 2, 3, 4, 5, 7, 9), (3, 4, 4, 3, 2, 1, 0.5))[0]
        decided = self.next_workday(day, delay)
        if decided >= self.today or (age <= 12 and rng.random() < 0.08):
            return {"status": REGISTERED}  # some a little late: jurisdiction overdue
        ack = None
        if r.reporter is not None and not (r.duplicate_of is not None and r.duplicate_confirmed):
            delay = rng.randint(3, 14) if rng.random() < 0.9 else rng.randint(16, 25)
            ack = self.next_workday(day, delay)
            if ack >= self.today or (age < 60 and rng.random() < 0.05):
                ack = None  # not yet, or forgotten: overdue once the 15 working days pass
        changes: dict[str, Any] = {
            "decided_on": decided,
            "ack_sent_on": ack,
            "subjects_confirmed": True,
        }
        if r.about_principal_leader:
            # Straight to the higher commission ([检举控告规则] 15).
            return changes | {
                "status": FORWARDED,
                "jurisdiction": FORWARD_HIGHER,
                "forward_to": "市纪委监委信访室",
            }
        if r.kind == "out_of_scope" or rng.random() < 0.005:
            target = self.pick(FORWARD_TARGETS)
            lower = self.units.get(r.subjects[0].unit) if r.subjects else None
            jurisdiction = FORWARD_OTHER
            if lower is not None and lower.kind == "village" and rng.random() < 0.5:
                town = self.units.get(lower.parent)
                target = f"{town.name}纪委" if town else target
                jurisdiction = FORWARD_LOWER
            return changes | {
                "status": FORWARDED,
                "jurisdiction": jurisdiction,
                "forward_to": target,
            }
        changes |= {"status": ACCEPTED, "jurisdiction": ACCEPT}
        share = clue_share_recent if age <= 330 else clue_share_old
        if r.subjects and rng.random() < share:
            return changes  # taken up as a clue (jiandu.devtools.demo.clues)
        closed = self.next_workday(day + timedelta(days=rng.randint(12, 90)))
        if closed >= self.today:
            return changes
        result = None
        if r.reporter is not None:
            delay = rng.randint(2, 14) if rng.random() < 0.9 else rng.randint(16, 30)
            result = self.next_workday(closed, delay)
            if result >= self.today or ((self.today - closed).days < 60 and rng.random() < 0.1):
                result = None
        return changes | {"status": CLOSED, "closed_on": closed, "result_sent_on": result}

    def portal(self, key: int) -> ReportSpec:
        """A portal submission of the last week, not yet registered."""
        r = self.matter(key)
        while r.channel in TRANSFER_CHANNELS or r.channel == "surrender":
            r = self.matter(key)
        day = self.today - timedelta(days=self.rng.randint(1, 7))
        when = datetime.combine(
            day, time(self.rng.randint(0, 23), self.rng.randrange(60), self.rng.randrange(60))
        )
        subjects = tuple(SubjectSpec(s.name, unit_text=s.unit_text) for s in r.subjects[:1])
        return replace(
            r,
            channel="online",
            received_at=when,
            subjects=subjects,
            categories=(),
            status=SUBMITTED,
            from_portal=True,
        )

    def build(self) -> IntakeSpec:
        rng = self.rng
        n_portal = min(PORTAL_PENDING, max(1, self.n // 200))
        n_dup = round(self.n * DUPLICATE_SHARE)
        n_orig = max(1, self.n - n_dup - n_portal)
        originals = [self.matter(i) for i in range(n_orig)]
        # A couple about the commission's own principal leader: straight to the higher
        # commission ([检举控告规则] 15).
        for head in self.heads_of_commission[:1]:
            for i in range(min(2, max(0, n_orig // 1000))):
                originals[i] = self.about_commission_head(originals[i], head)
        dups: list[ReportSpec] = []
        candidates = [
            r
            for r in originals
            if r.subjects and r.kind != "out_of_scope" and r.channel != "surrender"
        ]
        attempts = 0
        while len(dups) < n_dup and candidates and attempts < n_dup * 5:
            attempts += 1
            original = self.pick(candidates)
            dup = self.duplicate(original)
            if dup is not None:
                dups.append(replace(dup, duplicate_of=original.matter))
        portal = [self.portal(-1) for _ in range(n_portal)]
        everything = sorted(
            [*originals, *dups, *portal],
            key=lambda r: (r.received_at, r.matter, r.content),
        )
        # Keys in received order; duplicates point at the first report of their matter.
        first_key: dict[int, int] = {}
        keyed: list[ReportSpec] = []
        for key, r in enumerate(everything):
            if r.status == SUBMITTED:
                r = replace(r, matter=-key - 1)
            elif r.duplicate_of is None:
                first_key[r.matter] = key
            keyed.append(replace(r, key=key))
        result: list[ReportSpec] = []
        for r in keyed:
            changes: dict[str, Any] = {}
            if r.duplicate_of is not None:
                changes["duplicate_of"] = first_key[r.duplicate_of]
                changes["duplicate_confirmed"] = rng.random() < 0.5
                r = replace(r, **changes)
            if r.status != SUBMITTED:
                changes |= self.fate(r, clue_share_recent=0.4, clue_share_old=0.18)
            if changes.get("status", r.status) in (REGISTERED, SUBMITTED):
                changes["subjects_confirmed"] = False
                if r.duplicate_of is not None:
                    changes["duplicate_confirmed"] = False
            # Online reports: half came through the public portal (with a receipt code).
            if r.channel == "online" and not r.from_portal and rng.random() < 0.5:
                changes["from_portal"] = True
            result.append(replace(r, **changes) if changes else r)
        # A register always has something waiting: with few reports the last weeks may
        # hold none by chance, so the latest report is then still being registered.
        if not any(r.status == REGISTERED for r in result):
            waiting = [i for i, r in enumerate(result) if r.status != SUBMITTED]
            if waiting:
                last = result[waiting[-1]]
                result[waiting[-1]] = replace(
                    last,
                    status=REGISTERED,
                    subjects_confirmed=False,
                    duplicate_confirmed=False,
                    jurisdiction="",
                    forward_to="",
                    decided_on=None,
                    ack_sent_on=None,
                    closed_on=None,
                    result_sent_on=None,
                )
        return IntakeSpec(seed=self.seed, today=self.today, reports=tuple(result))

    # -- matters that reach the commission without a report (jiandu.devtools.demo.clues) --

    def transfer_matter(
        self, day: date, channel: str, post: PersonPost | None = None
    ) -> tuple[PersonPost, str, tuple[str, ...]] | None:
        """A matter found by an inspection tour, an audit, law enforcement, the higher
        commission, the commission itself or a cross-check: (subject, text, categories).
        ``post``: about this cadre (a kind that fits their post is chosen)."""
        if channel == "surrender":
            report = self.surrender(-1, day)
            if report is None:
                return None
            subject = report.subjects[0]
            found = next(
                (p for p in self.posts_by_unit[subject.unit] if p.cadre == subject.cadre), None
            )
            return (found, report.content, report.categories) if found else None
        allowed = TRANSFER_KINDS.get(channel)
        kinds = [k for k in KINDS if allowed is None or k.code in allowed]
        if channel == "crosscheck":
            kinds = [KINDS_BY_CODE["false_claims"], KINDS_BY_CODE["relative_business"]]
        if post is not None:
            pools = set(_pool_of(post, self.units[post.unit]))
            fitting = [k for k in kinds if any(p in pools for p, _ in k.pools)]
            kinds = fitting or kinds
        kind = self.rng.choices(kinds, [k.weight for k in kinds])[0]
        post = post or self.subject_post(kind, day)
        if post is None:
            return None
        phrase, _ = self.subject_phrase(post)
        slots = self.slots(post, phrase, day)
        sentences = self.body(kind, slots, day)
        if channel in OPENERS_OWN:
            opener = self.pick(OPENERS_OWN[channel])
        else:
            opener = self.opener(channel, False, "", slots, day)
        content = self.fit(opener, sentences, self.closer(channel, False), kind, slots)
        return post, content, kind.categories

    def about_commission_head(self, r: ReportSpec, head: PersonPost) -> ReportSpec:
        unit = self.units[head.unit]
        phrase = f"{unit.name}主要负责人{head.name}"
        day = r.received_at.date()
        slots = self.slots(head, phrase, day)
        kind = KINDS_BY_CODE["dining"]
        sentences = self.body(kind, slots, day)
        content = self.fit("", sentences, self.closer("letter", False), kind, slots)
        self.bodies[r.matter] = (sentences, slots)
        return replace(
            r,
            kind="dining",
            channel="letter",
            content=content,
            categories=kind.categories,
            subjects=(SubjectSpec(head.name, head.cadre, head.unit, unit.name),),
            about_principal_leader=True,
        )
