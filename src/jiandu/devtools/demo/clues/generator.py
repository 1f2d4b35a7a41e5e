"""The demo clues' specs and their generator: which reports make one clue, the states
spread over three years and the steps that reach each (no database)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from jiandu.devtools.demo import intake as intake_demo

N_CLUES_PER_CADRE = 0.4  # 1,200 clues for the default county of 3,000 cadres
FROM_REPORTS = 0.85
GROUP_DAYS = 150  # reports about the same subject this close together make one clue
MAX_CLUES_PER_SUBJECT = 4

# (state, share, youngest and oldest age in days at which a clue is in it)
STATES: tuple[tuple[str, float, int, int], ...] = (
    ("early", 0.08, 0, 30),
    ("accepted", 0.065, 3, 30),
    ("accepted_late", 0.035, 32, 95),  # past the one-month limit, not yet disposed
    ("inquiry", 0.15, 20, 330),
    ("verification", 0.12, 25, 400),
    ("pending_case", 0.05, 60, 700),
    ("transferred", 0.03, 30, 10_000),
    ("shelved", 0.08, 45, 10_000),
    ("closed", 0.0, 20, 10_000),  # the rest
)
# source, weight, the intake channel whose texts it uses
TRANSFER_SOURCES = (
    ("inspection", 35, "inspection_transfer"),
    ("higher", 20, "higher_assignment"),
    ("audit", 12, "audit_transfer"),
    ("law_enforcement", 10, "law_enforcement"),
    ("own", 13, "own"),
    ("crosscheck", 6, "crosscheck"),
    ("surrender", 4, "surrender"),
)
TRANSFER_REFS = {
    "inspection": "青巡移",
    "higher": "市纪交",
    "audit": "青审移",
    "law_enforcement": "青公移",
}
MEASURES = (
    "first_talk_reminder",
    "first_criticism",
    "first_written_self_criticism",
    "first_admonition",
)
DIRECT_CLOSE_REASONS = (
    "反映问题笼统，缺乏可查性，予以了结",
    "被反映人已去世，予以了结",
    "经查为已了结的重复反映，未提供新的证据，予以了结",
    "反映内容已在前期核查中查清，予以了结",
    "反映问题不属于党纪政务处分范围，已告知反映人向有关部门反映，予以了结",
)


# --- specs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRef:
    """An accepted report that may become (part of) a clue."""

    number: str
    received_on: date
    cadre: str  # the subject's citizen ID, "" when not in the register
    name: str
    unit: str  # unit code, "" if unknown
    categories: tuple[str, ...]
    content: str


@dataclass(frozen=True)
class Step:
    action: str  # a service of jiandu.clues.services without the "clue_" prefix
    on: date
    params: tuple[tuple[str, Any], ...] = ()

    def param(self, key: str, default: Any = "") -> Any:
        return dict(self.params).get(key, default)


@dataclass(frozen=True)
class ClueSpec:
    key: int
    source: str
    received_on: date
    summary: str
    subject_cadre: str  # citizen ID, "" when not in the register
    subject_name: str
    subject_unit: str  # unit code
    subject_title: str
    categories: tuple[str, ...]
    reports: tuple[str, ...]  # report numbers
    transfer_ref: str
    state: str  # the ClueStatus the steps lead to
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class CluesSpec:
    seed: int
    today: date
    clues: tuple[ClueSpec, ...]


def report_refs_from_spec(spec: intake_demo.IntakeSpec) -> tuple[ReportRef, ...]:
    """The accepted reports of an intake spec (numbered by key, no database), without
    the confirmed duplicates: they go with the clue of the report they repeat."""
    return tuple(
        ReportRef(
            number=f"#{r.key}",
            received_on=r.received_at.date(),
            cadre=r.subjects[0].cadre,
            name=r.subjects[0].name,
            unit=r.subjects[0].unit,
            categories=r.categories,
            content=r.content,
        )
        for r in spec.reports
        if r.status == intake_demo.ACCEPTED
        and r.subjects
        and not (r.duplicate_of is not None and r.duplicate_confirmed)
    )


def report_refs_from_db() -> tuple[ReportRef, ...]:
    """The accepted reports in the register with their first subject, without the
    confirmed duplicates (they go with the clue of the report they repeat)."""
    from django.utils import timezone

    from jiandu.intake.models import Jurisdiction, Report, ReportStatus, ReportSubject

    reports = Report.objects.filter(
        status=ReportStatus.ACCEPTED, jurisdiction=Jurisdiction.ACCEPT, duplicate_of__isnull=True
    ).order_by("received_at", "pk")
    subjects: dict[int, tuple[str, str, str]] = {}
    for report_id, cid, name, code in (
        ReportSubject.objects.filter(report__in=reports)
        .order_by("pk")
        .values_list("report_id", "cadre__citizen_id", "name", "unit__code")
    ):
        subjects.setdefault(report_id, (cid or "", name, code or ""))
    codes: dict[int, list[str]] = defaultdict(list)
    through = Report.categories.through
    for report_id, code in (
        through.objects.filter(report__in=reports)
        .order_by("pk")
        .values_list("report_id", "problemcategory__code")
    ):
        codes[report_id].append(code)
    refs = []
    for pk, number, received_at, content in reports.values_list(
        "pk", "number", "received_at", "content"
    ):
        if pk not in subjects:
            continue
        cid, name, code = subjects[pk]
        refs.append(
            ReportRef(
                number=number,
                received_on=timezone.localdate(received_at),
                cadre=cid,
                name=name,
                unit=code,
                categories=tuple(codes[pk]),
                content=content,
            )
        )
    return tuple(refs)


# --- the generator --------------------------------------------------------------------------


class _Gen:
    def __init__(
        self,
        *,
        seed: int,
        roster: intake_demo.Roster,
        reports: tuple[ReportRef, ...],
        today: date,
        n: int,
    ) -> None:
        self.seed = seed
        self.rng = random.Random(f"jiandu.clues.demo:{seed}")
        self.roster = roster
        self.refs = reports
        self.today = today
        self.n = n
        self.text = intake_demo.text_writer(seed=seed, roster=roster, today=today)
        self.units = {u.code: u for u in roster.units}
        self.turns: dict[str, int] = {}
        self.posts_of: dict[str, list[intake_demo.PersonPost]] = defaultdict(list)
        for post in roster.posts:
            self.posts_of[post.cadre].append(post)

    # -- helpers --

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def workday(self, d: date) -> date:
        """``d``, or the working day before it (never after today)."""
        d = min(d, self.today)
        for _ in range(10):
            if self.text.working(d):
                return d
            d -= timedelta(days=1)
        return d

    def turn(self, what: str, n: int) -> int:
        """0, 1, … n-1, 0, … on each call for ``what``."""
        k = self.turns[what] = self.turns.get(what, -1) + 1
        return k % n

    def age(self, d: date) -> int:
        return (self.today - d).days

    def post_on(self, cadre: str, day: date) -> intake_demo.PersonPost | None:
        posts = [p for p in self.posts_of.get(cadre, ()) if p.active_on(day)]
        posts.sort(key=lambda p: (not p.is_head, not p.is_leadership, p.unit))
        return posts[0] if posts else None

    # -- which reports make one clue --

    def groups(self) -> list[list[ReportRef]]:
        """Reports about the same subject within ``GROUP_DAYS`` of the first make one clue
        (at most three reports)."""
        refs = sorted(self.refs, key=lambda r: (r.received_on, r.number))
        used: set[str] = set()
        by_subject: dict[tuple[str, str, str], list[ReportRef]] = defaultdict(list)
        for ref in refs:
            by_subject[_subject_key(ref)].append(ref)
        groups = []
        for ref in refs:
            if ref.number in used:
                continue
            group = [ref]
            used.add(ref.number)
            for other in by_subject[_subject_key(ref)]:
                if len(group) == 3:
                    break
                if other.number in used or other.received_on < ref.received_on:
                    continue
                if (other.received_on - ref.received_on).days > GROUP_DAYS:
                    break
                if self.rng.random() < 0.8:
                    group.append(other)
                    used.add(other.number)
            groups.append(group)
        return groups

    # -- states --

    def assign_states(self, slots: list[dict[str, Any]]) -> list[tuple[str, date | None]]:
        """Give report clues a state that fits their age; the quota left goes to the
        transfers, whose dates are then drawn to fit. Returns (state, received date or
        None for a transfer) per slot."""
        quota = {state: round(self.n * share) for state, share, _, _ in STATES}
        quota["closed"] = self.n - sum(quota.values())
        windows = {state: (low, high) for state, _, low, high in STATES}
        assigned: dict[int, str] = {}
        report_slots = [i for i, s in enumerate(slots) if s["date"] is not None]
        for state, _, low, high in STATES[:-1]:
            fits = [
                i
                for i in report_slots
                if i not in assigned and low <= self.age(slots[i]["date"]) <= high
            ]
            self.rng.shuffle(fits)
            if state == "early":  # mostly the youngest
                fits.sort(key=lambda i: self.age(slots[i]["date"]) * self.rng.uniform(0.3, 1.7))
            for i in fits[: quota[state]]:
                assigned[i] = state
            quota[state] -= min(quota[state], len(fits))
        for i in report_slots:
            if i not in assigned:
                young = self.age(slots[i]["date"]) < windows["closed"][0]
                state = "accepted" if young else "closed"
                assigned[i] = state
                quota[state] -= 1
        result: list[tuple[str, date | None]] = []
        leftover = [state for state, _, _, _ in STATES for _ in range(max(0, quota[state]))]
        self.rng.shuffle(leftover)
        transfers = iter(leftover)
        for i, s in enumerate(slots):
            if s["date"] is not None:
                result.append((assigned[i], s["date"]))
            else:
                state = next(transfers, "closed")
                low, high = windows[state]
                high = min(high, (self.today - self.text.start).days - 1)
                age = self.recent_age(low, high)
                result.append((state, self.workday(self.today - timedelta(days=age))))
        return result

    def recent_age(self, low: int, high: int) -> int:
        """An age in [low, high] days, the recent side a little more likely."""
        a, b = self.rng.randint(low, high), self.rng.randint(low, high)
        return min(a, b) if self.rng.random() < 0.5 else a

    # -- the life of a clue --

    def steps(self, state: str, base: dict[str, Any]) -> tuple[str, list[Step]]:
        """The steps to the state, each on a date after the clue was received and not
        after today. Returns the final ClueStatus and the steps."""
        rng = self.rng
        received: date = base["received_on"]
        age = self.age(received)
        steps: list[Step] = []
        clock = [received]

        def at(gap_low: int, gap_high: int) -> date:
            clock[0] += timedelta(days=rng.randint(gap_low, gap_high))
            return clock[0]

        def add(action: str, on: date, **params: Any) -> None:
            steps.append(Step(action, on, tuple(sorted(params.items()))))

        def route(final: str = "") -> None:
            add("propose_routing", at(0, 2))
            if final == "routing_proposed":
                return
            add("decide_routing", at(0, 3), comment=self.pick(("同意", "同意分办", "")))
            if final == "assigned":
                return
            add("accept", at(0, 3))

        def dispose(disposition: str, *, late: bool = False, approve: bool = True, **kw: Any):
            mode = kw.get("inquiry_mode", "")
            reason = kw.pop("reason", "") or _disposition_reason(disposition, mode, rng)
            kw = {k: v for k, v in kw.items() if v}
            add(
                "propose_disposition",
                at(*((30, 45) if late else (4, 22))),
                **kw,
                disposition=disposition,
                reason=reason,
            )
            if approve:
                add("decide_disposition", at(1, 5), comment=self.pick(("同意", "同意。", "")))

        def inquiry(mode: str, rounds: int, *, finish: str = "", last: str = "") -> None:
            """Rounds of talk or letter; ``last``: how far the last round gets ("",
            "started", "replied"), or ``finish`` with an outcome."""
            for k in range(rounds):
                final_round = k == rounds - 1
                if final_round and not finish and last == "":
                    return
                # A demo talk asks for a written explanation ([条例] 72); a delegated
                # talk's start is the 委托函 received, then the talk is recorded.
                if mode == "talk":
                    add("inquiry_start", at(3, 15), explanation=True)
                else:
                    add("inquiry_start", at(3, 15))
                if final_round and last == "started":
                    return
                if mode == "delegated_talk":
                    add("inquiry_talk", at(3, 12))
                else:
                    add("inquiry_reply", at(5, 18) if mode == "letter" else at(3, 12))
                if final_round and last == "replied":
                    return
                if not final_round:
                    add(
                        "inquiry_conclude",
                        at(5, 20),
                        outcome="inquire_again",
                        reason="说明不够清楚，需再次谈话函询",
                    )
            if finish:
                add("inquiry_conclude", at(7, 28), **_inquiry_finish(finish, rng))

        if state == "early":  # in turn, so that a small demo has each
            final = ("registered", "routing_proposed", "assigned")[self.turn("early", 3)]
            if final != "registered":
                route(final)
            return final, self.settle(steps, received, end=None)
        route()
        if state in ("accepted", "accepted_late"):
            if self.turn("accepted", 2):
                disposition = self.pick(("inquiry", "verification", "shelve", "inquiry"))
                mode = self.pick(("letter", "talk")) if disposition == "inquiry" else ""
                dispose(disposition, approve=False, late=age > 40, inquiry_mode=mode)
                return "disposition_proposed", self.settle(steps, received, end=None)
            return "accepted", self.settle(steps, received, end=None)
        if state == "inquiry":
            mode = rng.choices(("letter", "talk", "delegated_talk"), (5, 4, 1))[0]
            dispose("inquiry", inquiry_mode=mode)
            r = rng.random()
            if r < 0.12:
                inquiry(mode, 1, last="")
                lag = rng.randint(1, 20)
            elif r < 0.5:
                inquiry(mode, 1, last="started")
                lag = rng.randint(2, 40)  # a reply is due in 15 working days
            elif r < 0.85:
                inquiry(mode, 1, last="replied")
                lag = rng.randint(2, 45)  # the report is due a month after the reply
            else:
                last = self.pick(("started", "replied"))
                inquiry(mode, 2, last=last)
                lag = rng.randint(2, 35)
            return "inquiry", self.settle(steps, received, end=self.today - timedelta(days=lag))
        if state == "verification":
            if rng.random() < 0.2:
                mode = self.pick(("letter", "talk"))
                dispose("inquiry", inquiry_mode=mode)
                inquiry(mode, 1, finish="verify")
            else:
                dispose("verification")
            lag = rng.randint(5, 80)  # 2 months, +1 with approval
            steps = self.settle(steps, received, end=self.today - timedelta(days=lag))
            started = steps[-1].on
            if self.age(started) > 45 and rng.random() < 0.5:
                on = self.workday(started + timedelta(days=rng.randint(45, 58)))
                steps.append(
                    Step(
                        "verification_extend",
                        max(on, started),
                        (("reason", "涉及账目和人员较多，需延长初步核实时间"),),
                    )
                )
            return "verification", steps
        if state == "shelved":
            if rng.random() < 0.2 and age > 150:
                dispose("verification")
                add("verification_conclude", at(30, 55), **_verification_finish("shelve", rng))
            else:
                dispose("shelve")
            steps = self.settle(steps, received, end=None)
            steps += self.reviews(steps[-1].on)
            return "shelved", steps
        if state == "pending_case":
            if rng.random() < 0.2:
                dispose("case")
            else:
                dispose("verification")
                add("verification_conclude", at(30, 58), **_verification_finish("case", rng))
            return "pending_case", self.settle(steps, received, end=None)
        if state == "transferred":
            unit = self.units.get(base["subject_unit"])
            party = f"{unit.name}党组（党委）" if unit else "被反映人所在单位党组织"
            to = self.pick((party, party, "县公安局", "县人民检察院"))
            if rng.random() < 0.6:
                dispose("transfer", transferred_to=to)
            else:
                dispose("verification")
                finish = _verification_finish("transfer", rng)
                add("verification_conclude", at(30, 58), transferred_to=to, **finish)
            return "transferred", self.settle(steps, received, end=None)
        # closed: the ways a clue ends, those that take longer only for older clues
        r = rng.random() if age > 110 else rng.random() * 0.7 if age > 70 else 0.0
        if r < 0.3:
            dispose("close", close_kind="direct", reason=self.pick(DIRECT_CLOSE_REASONS))
        elif r < 0.55:
            mode = rng.choices(("letter", "talk"), (6, 4))[0]
            dispose("inquiry", inquiry_mode=mode)
            inquiry(mode, 2 if rng.random() < 0.1 else 1, finish="close")
        elif r < 0.7:
            mode = rng.choices(("letter", "talk"), (5, 5))[0]
            dispose("inquiry", inquiry_mode=mode)
            inquiry(mode, 1, finish="first_form")
        elif r < 0.75:
            mode = self.pick(("letter", "talk"))
            dispose("inquiry", inquiry_mode=mode)
            inquiry(mode, 1, finish="verify")
            add("verification_conclude", at(30, 58), **_verification_finish("close", rng))
        elif r < 0.9:
            dispose("verification")
            add("verification_conclude", at(30, 58), **_verification_finish("close", rng))
        else:
            dispose("verification")
            add("verification_conclude", at(30, 58), **_verification_finish("first_form", rng))
        return "closed", self.settle(steps, received, end=None)

    def settle(self, steps: list[Step], received: date, *, end: date | None) -> list[Step]:
        """Fit the steps' dates between ``received`` and today: stretched or squeezed so
        that the last falls on ``end`` (a clue still in progress), or only squeezed when
        the last would fall after today; each on a working day, in order."""
        if not steps:
            return steps
        span = max(1, (steps[-1].on - received).days)
        if end is None:
            latest = self.today - timedelta(days=self.rng.randint(0, 10))
            target = min(steps[-1].on, latest)
        else:
            target = end
        target = max(target, received)
        factor = (target - received).days / span
        settled: list[Step] = []
        previous = received
        for step in steps:
            on = received + timedelta(days=round((step.on - received).days * factor))
            on = min(max(self.workday(on), previous), self.today)
            settled.append(Step(step.action, on, step.params))
            previous = on
        return settled

    def reviews(self, shelved: date) -> list[Step]:
        """Shelved clues are reviewed every six months; some reviews are overdue."""
        steps = []
        due = shelved
        while True:
            due = _plus_months(due, 6)
            if due >= self.today:
                return steps
            if (self.today - due).days < 60 and self.rng.random() < 0.5:
                return steps  # this review is late
            on = max(self.workday(due - timedelta(days=self.rng.randint(0, 12))), shelved)
            note = self.pick(("仍不具备核查条件，继续暂存", "暂无新的线索，继续暂存"))
            steps.append(Step("shelve_review", on, (("note", note),)))
            due = shelved = on

    # -- the whole register --

    def build(self) -> CluesSpec:
        rng = self.rng
        groups = self.groups()
        per_subject: dict[tuple[str, str, str], int] = defaultdict(int)
        capped = []
        for group in groups:
            key = _subject_key(group[0])
            per_subject[key] += 1
            if per_subject[key] <= MAX_CLUES_PER_SUBJECT:
                capped.append(group)
        groups = capped
        n_reports = min(len(groups), round(self.n * FROM_REPORTS))
        if len(groups) > n_reports:
            weights = [2.0 if self.age(g[0].received_on) <= 330 else 1.0 for g in groups]
            chosen = set()
            keys = list(range(len(groups)))
            while len(chosen) < n_reports:
                chosen.add(rng.choices(keys, weights)[0])
            groups = [g for i, g in enumerate(groups) if i in chosen]
        slots: list[dict[str, Any]] = [{"date": g[0].received_on, "group": g} for g in groups]
        slots += [{"date": None, "group": None} for _ in range(self.n - len(slots))]
        states = self.assign_states(slots)
        counts: dict[str, int] = defaultdict(int)
        for group in groups:
            if group[0].cadre:
                counts[group[0].cadre] += 1
        # Transfers are sometimes about a cadre already reported (a history to show).
        reported = sorted(c for c, k in counts.items() if k < MAX_CLUES_PER_SUBJECT)
        clues = []
        for slot, (state, received) in zip(slots, states, strict=True):
            if slot["group"] is not None:
                base = self.from_reports(slot["group"])
            else:
                base = self.from_transfer(received, reported)
                if base is None:
                    continue
            final, steps = self.steps(state, base)
            clues.append((base, final, tuple(steps)))
        clues.sort(key=lambda c: (c[0]["received_on"], c[0]["summary"]))
        return CluesSpec(
            seed=self.seed,
            today=self.today,
            clues=tuple(
                ClueSpec(key=i, state=final, steps=steps, **base)
                for i, (base, final, steps) in enumerate(clues)
            ),
        )

    def from_reports(self, group: list[ReportRef]) -> dict[str, Any]:
        first = group[0]
        post = self.post_on(first.cadre, first.received_on) if first.cadre else None
        codes = sorted({c for r in group for c in r.categories})
        return {
            "source": "report",
            "received_on": first.received_on,
            "summary": first.content[:500],
            "subject_cadre": first.cadre,
            "subject_name": first.name,
            "subject_unit": first.unit,
            "subject_title": post.title if post else "",
            "categories": tuple(codes),
            "reports": tuple(r.number for r in group),
            "transfer_ref": "",
        }

    def from_transfer(self, received: date, reported: list[str]) -> dict[str, Any] | None:
        rng = self.rng
        source, _, channel = rng.choices(TRANSFER_SOURCES, [w for _, w, _ in TRANSFER_SOURCES])[0]
        post = None
        if reported and rng.random() < 0.35:
            post = self.post_on(self.pick(reported), received)  # a cadre reported before
        found = None
        for _ in range(5):
            found = self.text.transfer_matter(received, channel, post)
            if found is not None:
                break
            post = None
        if found is None:
            return None
        post, content, categories = found
        ref = ""
        if source in TRANSFER_REFS:
            ref = f"{TRANSFER_REFS[source]}〔{received.year}〕{rng.randint(1, 60)}号"
        return {
            "source": source,
            "received_on": received,
            "summary": content[:500],
            "subject_cadre": post.cadre,
            "subject_name": post.name,
            "subject_unit": post.unit,
            "subject_title": post.title,
            "categories": tuple(categories),
            "reports": (),
            "transfer_ref": ref,
        }


def _subject_key(ref: ReportRef) -> tuple[str, str, str]:
    return (ref.cadre, "", "") if ref.cadre else ("", ref.name, ref.unit)


def _plus_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def _disposition_reason(disposition: str, mode: str, rng: random.Random) -> str:
    options = {
        "inquiry": {
            "letter": (
                "反映问题较为具体，但情节较轻，拟函询",
                "拟函询，请被反映人就反映问题作出书面说明",
            ),
            "talk": (
                "反映问题有一定可查性，拟先行谈话了解",
                "反映问题较为具体，但情节较轻，拟谈话了解",
            ),
            "delegated_talk": ("拟委托被反映人所在单位党组织主要负责人进行谈话",),
        }.get(mode, ("拟谈话函询",)),
        "verification": (
            "反映问题具体、可查性强，拟初步核实",
            "反映问题线索具体，涉及资金较大，拟初步核实",
        ),
        "shelve": (
            "反映问题笼统，暂不具备核查条件，拟暂存待查",
            "关键证人在外地，暂不具备核查条件，拟暂存待查",
        ),
        "case": ("反映问题具体，涉嫌严重违纪违法，拟转立案审查调查",),
        "transfer": ("反映问题属于党组织处理范围，拟移送有关党组织处理",),
        "close": DIRECT_CLOSE_REASONS,
    }[disposition]
    return options[rng.randrange(len(options))]


def _inquiry_finish(finish: str, rng: random.Random) -> dict[str, Any]:
    if finish == "close":
        finding = rng.choices(("unfounded", "partly_true", "unverifiable"), (6, 3, 1))[0]
        if finding == "unfounded":
            rng.random()  # once the 澄清正名 flag's draw: kept, so the demo stays the same
        reason = {
            "unfounded": "经对函询回复进行核实，反映问题不属实，予以了结并向本人反馈",
            "partly_true": "反映问题部分属实，但情节轻微，已作说明，予以了结",
            "unverifiable": "反映问题无法查实，予以了结",
        }[finding]
        return {"outcome": "close", "finding": finding, "reason": reason}
    if finish == "first_form":
        measure = rng.choices(MEASURES, (5, 3, 1, 1))[0]
        finding = rng.choice(("partly_true", "true"))
        label = "部分属实" if finding == "partly_true" else "基本属实"
        return {
            "outcome": "first_form",
            "finding": finding,
            "measure_kind": measure,
            "reason": f"反映问题{label}，情节较轻，予以第一种形态处理",
        }
    return {"outcome": "verify", "reason": "说明不能排除疑点，需要初步核实"}


def _verification_finish(outcome: str, rng: random.Random) -> dict[str, Any]:
    if outcome == "close":
        finding = rng.choices(("unfounded", "unverifiable", "partly_true"), (6, 2, 2))[0]
        if finding == "unfounded":
            rng.random()  # once the 澄清正名 flag's draw: kept, so the demo stays the same
        reason = {
            "unfounded": "经初步核实，反映问题失实，予以了结",
            "unverifiable": "经初步核实，反映问题无法查实，予以了结",
            "partly_true": "经初步核实，反映问题部分属实，情节轻微，已督促整改，予以了结",
        }[finding]
        return {"outcome": "close", "finding": finding, "reason": reason}
    if outcome == "first_form":
        finding = rng.choice(("partly_true", "true"))
        label = "部分属实" if finding == "partly_true" else "基本属实"
        return {
            "outcome": "first_form",
            "finding": finding,
            "measure_kind": rng.choices(MEASURES, (3, 3, 2, 2))[0],
            "reason": f"经初步核实，反映问题{label}，情节较轻，予以第一种形态处理",
        }
    if outcome == "case":
        return {
            "outcome": "case",
            "finding": rng.choices(("true", "partly_true"), (7, 3))[0],
            "reason": "经初步核实，反映问题属实，涉嫌违纪违法，拟立案审查调查",
        }
    if outcome == "shelve":
        return {
            "outcome": "shelve",
            "finding": "unverifiable",
            "reason": "经初步核实，关键事实暂时无法查清，拟暂存待查",
        }
    return {
        "outcome": "transfer",
        "finding": rng.choice(("partly_true", "true")),
        "reason": "经初步核实，问题属于党组织处理范围，移送处理",
    }


def generate(
    *,
    seed: int = 2026,
    roster: intake_demo.Roster,
    reports: tuple[ReportRef, ...],
    today: date,
    clues: int,
) -> CluesSpec:
    """The clue register as specs: a pure function of its arguments."""
    return _Gen(seed=seed, roster=roster, reports=reports, today=today, n=clues).build()
