"""Builds the demo county's row specs: units, cadres and their posts (the relatives and
companies: :mod:`.families`)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from jiandu.core.validators import citizen_id_check_digit
from jiandu.devtools.demo.org.county import (
    _COMMUNITY_ROOTS,
    _DEPT_MEMBERS,
    _GIVEN,
    _HOSPITAL_MEMBERS,
    _OFFICE_MEMBERS,
    _POLICE_MEMBERS,
    _SCHOOL_MEMBERS,
    _SOE_MEMBERS,
    _SURNAME_LIST,
    _TOWN_MEMBERS,
    _VILLAGE_ROOTS,
    AREA_CODE,
    CASE_MANAGEMENT_OFFICE,
    COMMISSION,
    CONDUCT_OFFICE,
    COUNTY_NAME,
    DEPARTMENTS,
    ELSEWHERE_AREA_CODES,
    GENERAL_OFFICE,
    GUIDES,
    HOSPITALS,
    INSPECTION_OFFICE,
    INTERNAL_AFFAIRS_OFFICE,
    PETITION_OFFICE,
    PHONE_AREA,
    RESIDENT_TEAMS,
    REVIEW_OFFICE,
    SCHOOLS,
    SOE_TEAM,
    SOES,
    SUPERVISION_OFFICES,
    SURNAME_WEIGHTS,
    TOWN_NAMES,
    TOWNS,
    TOWNSHIP_COMMISSIONS,
    CadreSpec,
    CompanyPersonSpec,
    CompanySpec,
    CountySpec,
    LiaisonSpec,
    Planted,
    PostSpec,
    RelativeSpec,
    UnitSpec,
    _allocate,
    _generation,
    _member_rank,
    _Plan,
    _uscc,
    department_code,
)
from jiandu.devtools.demo.org.families import FamiliesAndCompanies
from jiandu.org.models import (
    CompanyRole,
    Gender,
    LiaisonKind,
    PoliticalStatus,
    Rank,
    Relation,
    UnitKind,
)


class _Builder(FamiliesAndCompanies):
    def __init__(self, *, seed: int, cadres: int, today: date) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_cadres = cadres
        self.today = today
        self.used_ids: set[str] = set()
        self.used_org_codes: set[str] = set()
        self.units: list[UnitSpec] = []
        self.plans: list[_Plan] = []
        self.plan_by_code: dict[str, _Plan] = {}
        self.liaisons: list[LiaisonSpec] = []
        self.cadres: list[dict[str, Any]] = []
        self.posts: list[PostSpec] = []
        self.relatives: list[RelativeSpec] = []
        self.companies: list[CompanySpec] = []
        self.company_people: list[CompanyPersonSpec] = []
        self.planted: list[Planted] = []
        self.heads: dict[str, int] = {}  # unit code -> index of its head in self.cadres

    # -- small helpers --

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def years_ago(self, low: float, high: float) -> date:
        return self.today - timedelta(days=int(self.rng.uniform(low, high) * 365.25))

    def surname(self, exclude: str = "") -> str:
        while True:
            name = self.rng.choices(_SURNAME_LIST, SURNAME_WEIGHTS)[0]
            if name != exclude:
                return name

    def given_name(self, gender: str, year: int) -> str:
        single, first, second = _GIVEN[(_generation(year), gender)]
        single_share = 0.35 if year < 1980 else 0.2
        if self.chance(single_share):
            return self.rng.choice(single)
        while True:
            a, b = self.rng.choice(first), self.rng.choice(second)
            if a != b:
                return a + b

    def citizen_id(self, birth: date, gender: str, area: str = AREA_CODE) -> str:
        while True:
            order = self.rng.randrange(1, 500) * 2 + (1 if gender == Gender.MALE else 0)
            body = f"{area}{birth:%Y%m%d}{order:03d}"
            number = body + citizen_id_check_digit(body)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def mobile(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"

    def landline(self) -> str:
        return f"{PHONE_AREA}-{self.rng.choice('68')}{self.rng.randrange(10**6):06d}"

    # -- units --

    def add_unit(self, plan: _Plan | None, **kwargs: Any) -> UnitSpec:
        spec = UnitSpec(sort_order=len(self.units) + 1, **kwargs)
        self.units.append(spec)
        if plan is not None:
            plan.spec = spec
            self.plans.append(plan)
            self.plan_by_code[spec.code] = plan
        return spec

    def plan(
        self,
        weight: float,
        head: str,
        deputies: tuple[str, ...],
        max_leaders: int,
        members: tuple[tuple[str, float], ...],
        **kwargs: Any,
    ) -> _Plan:
        return _Plan(
            spec=None,  # type: ignore[arg-type]  # set by add_unit
            weight=weight,
            head_title=head,
            deputies=deputies,
            max_leaders=max_leaders,
            members=members,
            **kwargs,
        )

    def build_units(self) -> None:
        office = {"pool": "commission"}
        self.add_unit(
            self.plan(
                6,
                "县委常委、县纪委书记、县监委主任",
                (
                    "县纪委副书记、县监委副主任",
                    "县纪委副书记、县监委副主任",
                    "县监委副主任",
                    "县纪委常委",
                    "县纪委常委",
                ),
                5,
                (("县纪委常委", 1),),
                head_rank=Rank.COUNTY,
                **office,
            ),
            code=COMMISSION,
            name=f"{COUNTY_NAME}纪委监委",
            kind=UnitKind.COMMISSION,
            short_name="县纪委监委",
            uscc=_uscc(self.rng, self.used_org_codes, "11"),
        )
        offices = [
            (PETITION_OFFICE, "信访室", UnitKind.PETITION_OFFICE, "信访室", 5),
            (
                CASE_MANAGEMENT_OFFICE,
                "案件监督管理室",
                UnitKind.CASE_MANAGEMENT_OFFICE,
                "案管室",
                5,
            ),
            (CONDUCT_OFFICE, "党风政风监督室", UnitKind.CONDUCT_OFFICE, "党风室", 5),
        ]
        ordinals = "一二三四五六七"
        for i, code in enumerate(SUPERVISION_OFFICES):
            offices.append(
                (
                    code,
                    f"第{ordinals[i]}纪检监察室",
                    UnitKind.SUPERVISION_OFFICE,
                    f"{ordinals[i]}室",
                    5,
                )
            )
        offices += [
            (REVIEW_OFFICE, "案件审理室", UnitKind.REVIEW_OFFICE, "审理室", 4),
            (INTERNAL_AFFAIRS_OFFICE, "干部监督室", UnitKind.INTERNAL_AFFAIRS_OFFICE, "干监室", 3),
            (INSPECTION_OFFICE, "县委巡察办", UnitKind.INSPECTION_OFFICE, "巡察办", 5),
            (GENERAL_OFFICE, "办公室", UnitKind.GENERAL_OFFICE, "办公室", 6),
        ]
        for code, name, kind, short, weight in offices:
            head = "纪检监察室主任" if kind == UnitKind.SUPERVISION_OFFICE else "主任"
            self.add_unit(
                self.plan(
                    weight, head, (head.replace("主任", "副主任"),), 1, _OFFICE_MEMBERS, **office
                ),
                code=code,
                name=name,
                kind=kind,
                parent=COMMISSION,
                short_name=short,
            )
        for i, code in enumerate(RESIDENT_TEAMS):
            self.add_unit(
                self.plan(4, "组长", ("副组长",), 1, _OFFICE_MEMBERS[2:], **office),
                code=code,
                name=f"派驻第{ordinals[i]}纪检监察组",
                kind=UnitKind.RESIDENT_TEAM,
                parent=COMMISSION,
                short_name=f"派驻{ordinals[i]}组",
            )
        for i, town in enumerate(TOWN_NAMES):
            label = self._town_label(town)
            body = "纪工委" if label == "街道" else "纪委"
            self.add_unit(
                self.plan(
                    3,
                    f"{label}{body}书记",
                    (f"{label}{body}副书记", f"{label}监察办公室主任"),
                    1,
                    (("纪检监察干事", 1),),
                    **office,
                ),
                code=TOWNSHIP_COMMISSIONS[i],
                name=f"{town}{body}",
                kind=UnitKind.TOWNSHIP_COMMISSION,
                parent=COMMISSION,
            )
        dept_codes: dict[str, str] = {}
        for i, (name, kind, weight, head, deputy, _team, county_head) in enumerate(
            DEPARTMENTS, start=1
        ):
            plain = deputy.split("、")[-1]
            members = _POLICE_MEMBERS if name == "县公安局" else _DEPT_MEMBERS
            spec = self.add_unit(
                self.plan(
                    weight,
                    head,
                    (deputy, plain, deputy, plain, plain),
                    min(5, 2 + weight // 15),
                    members,
                    head_rank=Rank.COUNTY if county_head else Rank.TOWNSHIP,
                ),
                code=f"BM{i:02d}",
                name=name,
                kind=kind,
                uscc=_uscc(self.rng, self.used_org_codes, "11"),
            )
            dept_codes[name] = spec.code
        for i, (name, short, weight) in enumerate(SOES, start=1):
            self.add_unit(
                self.plan(
                    weight,
                    "党委书记、董事长",
                    ("党委副书记、总经理", "副总经理", "党委委员、纪委书记", "副总经理"),
                    4,
                    _SOE_MEMBERS,
                    member_rank=Rank.OTHER,
                ),
                code=f"QY{i:02d}",
                name=name,
                kind=UnitKind.SOE,
                short_name=short,
                head_reported_upward=True,  # the county's own state firms
                uscc=_uscc(self.rng, self.used_org_codes, "91"),
            )
        for i, town in enumerate(TOWN_NAMES):
            self.add_unit(
                self.plan(50, *self._town_titles(town), 8, _TOWN_MEMBERS),
                code=TOWNS[i],
                name=town,
                kind=UnitKind.TOWN,
                uscc=_uscc(self.rng, self.used_org_codes, "11"),
            )
        for i, town in enumerate(TOWN_NAMES):
            self.build_villages(TOWNS[i], town)
        parents = {"edu": dept_codes["县教育局"], "health": dept_codes["县卫生健康局"]}
        for prefix, rows, kind in (
            ("XX", SCHOOLS, UnitKind.SCHOOL),
            ("YY", HOSPITALS, UnitKind.HOSPITAL),
        ):
            for i, (name, parent, weight, county_level) in enumerate(rows, start=1):
                parent_code = parents[parent] if isinstance(parent, str) else TOWNS[parent]
                if kind == UnitKind.SCHOOL:
                    head = "党委书记、校长" if county_level else "党支部书记、校长"
                    plan = self.plan(
                        weight, head, ("副校长", "副校长", "工会主席"), 3, _SCHOOL_MEMBERS
                    )
                else:
                    head = "党委书记、院长" if county_level else "院长"
                    plan = self.plan(
                        weight, head, ("副院长", "副院长", "党委副书记"), 3, _HOSPITAL_MEMBERS
                    )
                plan.pool = kind
                if not county_level:
                    plan.leader_rank = Rank.GENERAL
                self.add_unit(
                    plan,
                    code=f"{prefix}{i:02d}",
                    name=name,
                    kind=kind,
                    parent=parent_code,
                    head_reported_upward=county_level,  # a county-managed principal
                    uscc=_uscc(self.rng, self.used_org_codes, "12"),
                )
        # Liaisons: teams supervise departments and SOEs, township commissions their
        # towns, and each supervision office guides towns' commissions and teams.
        for i, row in enumerate(DEPARTMENTS, start=1):
            self.liaisons.append(
                LiaisonSpec(RESIDENT_TEAMS[row[5] - 1], f"BM{i:02d}", LiaisonKind.SUPERVISES)
            )
        for i in range(1, len(SOES) + 1):
            self.liaisons.append(
                LiaisonSpec(RESIDENT_TEAMS[SOE_TEAM - 1], f"QY{i:02d}", LiaisonKind.SUPERVISES)
            )
        for commission, town in zip(TOWNSHIP_COMMISSIONS, TOWNS, strict=True):
            self.liaisons.append(LiaisonSpec(commission, town, LiaisonKind.SUPERVISES))
        for office, (towns, teams) in zip(SUPERVISION_OFFICES, GUIDES, strict=True):
            for t in towns:
                self.liaisons.append(
                    LiaisonSpec(office, TOWNSHIP_COMMISSIONS[t], LiaisonKind.GUIDES)
                )
            for t in teams:
                self.liaisons.append(LiaisonSpec(office, RESIDENT_TEAMS[t - 1], LiaisonKind.GUIDES))

    @staticmethod
    def _town_label(town: str) -> str:
        return "街道" if town.endswith("街道") else town[-1]

    def _town_titles(self, town: str) -> tuple[str, tuple[str, ...]]:
        if town.endswith("街道"):
            return "街道党工委书记", (
                "街道党工委副书记、办事处主任",
                "街道党工委副书记",
                "街道人大工委主任",
                "街道党工委委员、办事处副主任",
                "办事处副主任",
                "街道党工委委员、组织委员",
                "街道党工委委员、宣传委员",
                "街道党工委委员、武装部部长",
            )
        t = town[-1]
        return f"{t}党委书记", (
            f"{t}党委副书记、{t}长",
            f"{t}党委副书记",
            f"{t}人大主席",
            f"{t}党委委员、副{t}长",
            f"副{t}长",
            f"{t}党委委员、组织委员",
            f"{t}党委委员、宣传委员",
            f"{t}党委委员、武装部部长",
        )

    def build_villages(self, town_code: str, town: str) -> None:
        street = town.endswith("街道")
        roots = _COMMUNITY_ROOTS if street else _VILLAGE_ROOTS
        count = self.rng.randint(2, 4)
        names = self.rng.sample(roots, count)
        if not street and self.chance(0.5):
            names[0] = town[:-1]  # the town seat's community
        for j, root in enumerate(names, start=1):
            community = street or root == town[:-1]
            name = f"{root}社区" if community else f"{root}村"
            if community:
                plan = self.plan(
                    4,
                    "社区党委书记、居委会主任" if self.chance(0.5) else "社区党委书记",
                    ("社区居委会主任", "社区居务监督委员会主任"),
                    2,
                    (("社区居委委员", 3), ("社区网格员", 2)),
                )
            else:
                plan = self.plan(
                    4,
                    "村党支部书记、村委会主任" if self.chance(0.5) else "村党支部书记",
                    ("村委会主任", "村务监督委员会主任"),
                    2,
                    (("村委委员", 3), ("村报账员", 1), ("村文书", 1)),
                )
            if "、" in plan.head_title:  # one person heads both the branch and the committee
                plan.deputies = (
                    plan.deputies[1],
                    plan.head_title.split("、")[0].removesuffix("书记") + "副书记",
                )
            plan.head_rank = plan.leader_rank = plan.member_rank = Rank.OTHER
            plan.pool = "village"
            plan.is_village = True
            self.add_unit(
                plan,
                code=f"{town_code}-{j:02d}",
                name=name,
                kind=UnitKind.VILLAGE,
                parent=town_code,
            )

    # -- cadres and posts --

    def new_cadre(
        self, *, gender: str, birth: date, rank: str, status: str, area: str = AREA_CODE
    ) -> int:
        surname = self.surname()
        self.cadres.append(
            {
                "name": surname + self.given_name(gender, birth.year),
                "gender": gender,
                "birth_date": birth,
                "rank": rank,
                "political_status": status,
                "citizen_id": self.citizen_id(birth, gender, area),
                "phone": self.mobile(),
            }
        )
        return len(self.cadres) - 1

    def political_status(self, level: int, birth: date, village: bool) -> str:
        if level == 2:
            return PoliticalStatus.PARTY_MEMBER
        r = self.rng.random()
        if level == 1:
            if village:
                return PoliticalStatus.PARTY_MEMBER if r < 0.85 else PoliticalStatus.NONE
            return PoliticalStatus.PARTY_MEMBER if r < 0.97 else PoliticalStatus.DEMOCRATIC_PARTY
        if village:
            return PoliticalStatus.PARTY_MEMBER if r < 0.6 else PoliticalStatus.NONE
        if r < 0.74:
            return PoliticalStatus.PARTY_MEMBER
        if r < 0.77:
            return PoliticalStatus.PROBATIONARY
        if r < 0.8:
            young = self.today.year - birth.year <= 28
            return PoliticalStatus.LEAGUE if young else PoliticalStatus.PARTY_MEMBER
        if r < 0.815:
            return PoliticalStatus.DEMOCRATIC_PARTY
        return PoliticalStatus.NONE

    def member_title(self, plan: _Plan) -> str:
        titles = [t for t, _ in plan.members]
        weights = [w for _, w in plan.members]
        return self.rng.choices(titles, weights)[0]

    def title_at(self, plan: _Plan, level: int, k: int = 0) -> str:
        if level == 2:
            return plan.head_title
        if level == 1:
            return plan.deputies[min(k, len(plan.deputies) - 1)]
        return self.member_title(plan)

    def build_cadres(self) -> None:
        sizes = _allocate([p.weight for p in self.plans], self.n_cadres)
        n_elsewhere = max(3, self.n_cadres // 100)
        elsewhere = set(self.rng.sample(range(self.n_cadres), n_elsewhere))
        self.head_spans: dict[str, list[tuple[date, date]]] = defaultdict(list)
        for plan, size in zip(self.plans, sizes, strict=True):
            leaders = min(size - 1, plan.max_leaders)
            for k in range(size):
                level = 2 if k == 0 else 1 if k <= leaders else 0
                self.add_current(plan, level, k - 1, area_elsewhere=len(self.cadres) in elsewhere)

    def add_current(self, plan: _Plan, level: int, k: int, *, area_elsewhere: bool) -> None:
        village = plan.is_village
        if village:
            birth = self.day_between(date(1962, 1, 1), date(1995, 12, 31))
        elif level == 2:
            birth = self.day_between(date(1966, 1, 1), date(1984, 12, 31))
        elif level == 1:
            birth = self.day_between(date(1966, 1, 1), date(1990, 12, 31))
        else:
            birth = self.day_between(date(1966, 1, 1), date(2001, 12, 31))
        male_share = {2: 0.85, 1: 0.7, 0: 0.5}[level]
        if plan.spec.kind in (UnitKind.SCHOOL, UnitKind.HOSPITAL) and level == 0:
            male_share = 0.35
        gender = Gender.MALE if self.chance(male_share) else Gender.FEMALE
        title = self.title_at(plan, level, k)
        rank = {2: plan.head_rank, 1: plan.leader_rank}.get(level) or _member_rank(
            title, plan.member_rank
        )
        if title.endswith("调研员") and birth.year > 1976:
            title, rank = "四级主任科员", Rank.TOWNSHIP
        if title.endswith("主任科员") and birth.year > 1990:
            title, rank = "一级科员", Rank.GENERAL  # too young for the 主任科员 grades
        area = self.rng.choice(ELSEWHERE_AREA_CODES) if area_elsewhere else AREA_CODE
        index = self.new_cadre(
            gender=gender,
            birth=birth,
            rank=rank,
            status=self.political_status(level, birth, village),
            area=area,
        )
        r = self.rng.random()
        if level == 2 and r < (0.2 if village else 0.1):
            start = self.years_ago(9, 12.5)  # long tenure: a supervision concern
        elif level >= 1 and r < 0.22:
            start = self.today - timedelta(days=self.rng.randint(14, 300))  # new this year
        elif level >= 1:
            start = self.years_ago(1, 8)
        else:
            start = self.years_ago(0.3, 20)
        earliest = birth.replace(year=birth.year + 22, day=min(birth.day, 28))
        if start < earliest:
            start = self.day_between(earliest, max(earliest, self.today - timedelta(days=30)))
        self.posts.append(
            PostSpec(
                cadre=self.cadres[index]["citizen_id"],
                unit=plan.spec.code,
                title=title,
                start_date=start,
                end_date=None,
                is_head=level == 2,
                is_leadership=level >= 1,
            )
        )
        self.cadres[index]["_unit"] = plan.spec.code
        self.cadres[index]["_level"] = level
        self.cadres[index]["_start"] = start
        self.cadres[index]["_title"] = title
        if level == 2:
            self.heads[plan.spec.code] = index
            self.head_spans[plan.spec.code].append((start, self.today))

    def ensure_namesakes(self) -> None:
        """Deliberate namesakes (同名同姓): at least one in thirty cadres shares a name."""
        target = max(5, self.n_cadres // 30)
        counts = Counter(c["name"] for c in self.cadres)

        def shared() -> int:
            return sum(1 for n in counts.values() if n > 1)

        while shared() < target:
            a, b = self.rng.sample(range(len(self.cadres)), 2)
            ca, cb = self.cadres[a], self.cadres[b]
            if ca["gender"] != cb["gender"] or ca["name"] == cb["name"]:
                continue
            if counts[ca["name"]] > 1:
                continue
            counts[ca["name"]] -= 1
            ca["name"] = cb["name"]
            counts[cb["name"]] += 1

    def build_past_posts(self) -> None:
        pools: dict[str, list[_Plan]] = defaultdict(list)
        for plan in self.plans:
            if plan.spec.kind == UnitKind.COMMISSION:
                continue
            pools[plan.pool].append(plan)
        for c in self.cadres:
            plan = self.plan_by_code[c["_unit"]]
            if plan.is_village:
                continue
            level = c["_level"]
            if not self.chance({2: 0.7, 1: 0.5, 0: 0.2}[level]):
                continue
            end = c["_start"] - timedelta(days=1)
            earliest = c["birth_date"].replace(year=c["birth_date"].year + 22, day=1)
            for _ in range(self.rng.randint(1, 3)):
                pool_name = plan.pool
                if pool_name == "commission" and self.chance(0.5):
                    pool_name = "gov"
                past = self.rng.choice(pools[pool_name])
                if past.spec.code == plan.spec.code:
                    continue
                start = end - timedelta(days=int(self.rng.uniform(1, 6) * 365.25))
                if start < earliest:
                    break
                level = level if self.chance(0.4) else max(0, level - 1)
                past_level = level
                if past_level == 2 and any(
                    s <= end and start <= e for s, e in self.head_spans[past.spec.code]
                ):
                    past_level = 1
                if past_level == 2:
                    self.head_spans[past.spec.code].append((start, end))
                self.posts.append(
                    PostSpec(
                        cadre=c["citizen_id"],
                        unit=past.spec.code,
                        title=self.title_at(past, past_level, self.rng.randrange(2)),
                        start_date=start,
                        end_date=end,
                        is_head=past_level == 2,
                        is_leadership=past_level >= 1,
                    )
                )
                end = start - timedelta(days=1)

    def age_of(self, citizen_id: str) -> int:
        born = date(int(citizen_id[6:10]), int(citizen_id[10:12]), int(citizen_id[12:14]))
        return (self.today - born).days // 365

    # -- the whole county --

    def build(self) -> CountySpec:
        self.build_units()
        self.build_cadres()
        self.ensure_namesakes()
        self.build_past_posts()
        self._cadre_ids = {c["citizen_id"] for c in self.cadres}
        planted_heads = {
            department_code("县住房和城乡建设局"): (
                "建筑工程有限公司",
                Relation.SPOUSE,
                CompanyRole.LEGAL_REPRESENTATIVE,
                70,
            ),
            department_code("县交通运输局"): (
                "交通设施工程有限公司",
                Relation.SIBLING,
                CompanyRole.SHAREHOLDER,
                40,
            ),
            department_code("县教育局"): (
                "教育科技有限公司",
                Relation.SIBLING,
                CompanyRole.LEGAL_REPRESENTATIVE,
                60,
            ),
        }
        force = [self.heads[code] for code in planted_heads]
        self._planted_cadres = {self.cadres[i]["citizen_id"] for i in force}
        self.build_couples()
        self.build_relatives(force)
        self.build_companies(planted_heads)
        cadres = tuple(
            CadreSpec(
                citizen_id=c["citizen_id"],
                name=c["name"],
                gender=c["gender"],
                birth_date=c["birth_date"],
                rank=c["rank"],
                political_status=c["political_status"],
                phone=c["phone"],
            )
            for c in self.cadres
        )
        return CountySpec(
            seed=self.seed,
            today=self.today,
            units=tuple(self.units),
            liaisons=tuple(self.liaisons),
            cadres=cadres,
            posts=tuple(self.posts),
            relatives=tuple(self.relatives),
            companies=tuple(self.companies),
            company_people=tuple(self.company_people),
            planted=tuple(self.planted),
        )
