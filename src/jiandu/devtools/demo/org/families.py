"""The demo county's relatives (families of cadres, planted couples) and companies with
their people (planted: cadres' relatives heading companies): the part of the builder
after the cadres."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from jiandu.devtools.demo.org.county import (
    _VILLAGE_ROOTS,
    AREA_CODE,
    COUNTY_NAME,
    ELSEWHERE_AREA_CODES,
    TOWN_NAMES,
    CompanyPersonSpec,
    CompanySpec,
    Planted,
    RelativeSpec,
    _uscc,
    _words,
)
from jiandu.org.models import (
    CompanyRole,
    Gender,
    Rank,
    Relation,
)


class FamiliesAndCompanies:
    """Methods of the builder (``builder._Builder``) for relatives and companies."""

    # -- relatives --

    def occupation(self, age: int) -> str:
        if age < 7:
            return "学龄前儿童"
        if age < 18:
            return "学生"
        if age < 22:
            return "大学在读"
        if age >= 62:
            return self.rng.choice(("退休", "退休", "务农", "退休教师"))
        return self.rng.choice(
            (
                "个体经营",
                "务农",
                "自由职业",
                "在外务工",
                "公司职员",
                "青山县人民医院护士",
                "青山县第一中学教师",
                "青山县实验小学教师",
                "南昌市某科技公司职员",
                "青山县农村商业银行职员",
                "无业",
                "个体经营",
            )
        )

    def relative(
        self,
        cadre: dict[str, Any],
        relation: str,
        *,
        gender: str,
        birth: date,
        surname: str,
        with_id: bool = True,
        occupation: str = "",
    ) -> RelativeSpec | None:
        if birth > self.today - timedelta(days=200):
            return None
        area = AREA_CODE if self.chance(0.85) else self.rng.choice(ELSEWHERE_AREA_CODES)
        age = (self.today - birth).days // 365
        spec = RelativeSpec(
            cadre=cadre["citizen_id"],
            relation=relation,
            name=surname + self.given_name(gender, birth.year),
            citizen_id=self.citizen_id(birth, gender, area) if with_id else "",
            occupation=occupation or self.occupation(age),
        )
        self.relatives.append(spec)
        return spec

    def shift(self, born: date, years: int) -> date:
        return born.replace(year=born.year + years, day=min(born.day, 28))

    def build_couples(self) -> None:
        """A few couples who are both cadres: each is the other's registered spouse."""
        candidates = [
            i
            for i, c in enumerate(self.cadres)
            if not self.plan_by_code[c["_unit"]].is_village
            and c["citizen_id"] not in self._planted_cadres
        ]
        self.rng.shuffle(candidates)
        men = [i for i in candidates if self.cadres[i]["gender"] == Gender.MALE]
        women = [i for i in candidates if self.cadres[i]["gender"] == Gender.FEMALE]
        self.married: set[int] = set()
        wanted = max(2, self.n_cadres // 100)
        for m in men:
            if wanted == 0:
                break
            cm = self.cadres[m]
            for w in women:
                cw = self.cadres[w]
                if w in self.married or cw["name"][0] == cm["name"][0]:
                    continue
                if abs((cm["birth_date"] - cw["birth_date"]).days) > 6 * 365:
                    continue
                for a, b in ((cm, cw), (cw, cm)):
                    unit = self.plan_by_code[b["_unit"]].spec.name
                    self.relatives.append(
                        RelativeSpec(
                            cadre=a["citizen_id"],
                            relation=Relation.SPOUSE,
                            name=b["name"],
                            citizen_id=b["citizen_id"],
                            occupation=f"{unit}{b['_title']}",
                        )
                    )
                self.married.update((m, w))
                wanted -= 1
                break

    def build_relatives(self, force: list[int]) -> None:
        forced = set(force)
        for i, c in enumerate(self.cadres):
            if c["_level"] == 0 and i not in forced:
                continue
            if i not in forced and not self.chance(0.6):
                continue
            self.family(i, c, forced=i in forced)

    def family(self, i: int, c: dict[str, Any], *, forced: bool) -> None:
        born, male = c["birth_date"], c["gender"] == Gender.MALE
        surname = c["name"][0]
        spouse_surname = surname
        if i not in self.married and (forced or self.chance(0.92)):
            spouse_surname = self.surname(exclude=surname)
            spouse_born = born + timedelta(days=self.rng.randint(-5 * 365, 5 * 365))
            spouse_born = min(spouse_born, date(2001, 12, 31))
            self.relative(
                c,
                Relation.SPOUSE,
                gender=Gender.FEMALE if male else Gender.MALE,
                birth=spouse_born,
                surname=spouse_surname,
                with_id=forced or self.chance(0.95),
            )
        elif i in self.married:
            spouse_surname = next(
                r.name[0]
                for r in reversed(self.relatives)
                if r.cadre == c["citizen_id"] and r.relation == Relation.SPOUSE
            )
        father_surname = surname if male else spouse_surname
        n_children = self.rng.choices((0, 1, 2), (0.1, 0.6, 0.3))[0]
        if forced:
            n_children = max(1, n_children)
        for _ in range(n_children):
            child_born = self.shift(born, self.rng.randint(24, 34)) + timedelta(
                days=self.rng.randrange(365)
            )
            gender = self.rng.choice((Gender.MALE, Gender.FEMALE))
            child_surname = father_surname if self.chance(0.9) else surname
            child = self.relative(
                c, Relation.CHILD, gender=gender, birth=child_born, surname=child_surname
            )
            if child is not None and (self.today - child_born).days > 26 * 365 and self.chance(0.5):
                self.relative(
                    c,
                    Relation.CHILD_SPOUSE,
                    gender=Gender.FEMALE if gender == Gender.MALE else Gender.MALE,
                    birth=child_born + timedelta(days=self.rng.randint(-3 * 365, 3 * 365)),
                    surname=self.surname(exclude=child_surname),
                )
        if self.chance(0.5):
            father_born = self.shift(born, -self.rng.randint(24, 32))
            if father_born.year >= 1938:
                self.relative(
                    c, Relation.PARENT, gender=Gender.MALE, birth=father_born, surname=surname
                )
            mother_born = father_born + timedelta(days=self.rng.randint(-4 * 365, 365))
            if mother_born.year >= 1938:
                self.relative(
                    c,
                    Relation.PARENT,
                    gender=Gender.FEMALE,
                    birth=mother_born,
                    surname=self.surname(exclude=surname),
                )
        n_siblings = self.rng.choices((0, 1, 2), (0.5, 0.35, 0.15))[0]
        if forced:
            n_siblings = max(1, n_siblings)
        for _ in range(n_siblings):
            gap = self.rng.randint(2 * 365, 9 * 365) * self.rng.choice((-1, 1))
            sib_born = born + timedelta(days=gap)
            self.relative(
                c,
                Relation.SIBLING,
                gender=self.rng.choice((Gender.MALE, Gender.FEMALE)),
                birth=min(sib_born, date(2003, 12, 31)),
                surname=surname,
            )

    # -- companies --

    _TRADE_NAMES = _words(
        "宏达 鑫盛 恒通 华信 永安 金诚 鸿运 瑞丰 兴业 顺达 天成 博远 中和 "
        "远大 汇丰 泰和 嘉禾 隆昌 诚信 海川 明辉 正邦 新城 锦程 安泰 盛世 "
        "润泽 通达 众鑫 佳利 东方 万家 富源 长青 德众 康源 联创 星辰 恒信 "
        "九州 金山 青禾 绿源 华建 山河 晨光 同创 聚力 昌盛 利民 宏图 百川 "
        "鼎盛 盛华 腾飞 伟业 祥和 益民 振兴 卓越"
    )
    _INDUSTRIES = (
        ("建筑工程有限公司", 5, (500, 5000)),
        ("建材有限公司", 3, (100, 1000)),
        ("商贸有限公司", 4, (50, 500)),
        ("劳务有限公司", 2, (50, 300)),
        ("农业开发有限公司", 2, (100, 1000)),
        ("物业管理有限公司", 1, (50, 300)),
        ("园林绿化工程有限公司", 2, (100, 1000)),
        ("交通设施工程有限公司", 1, (300, 2000)),
        ("水利水电工程有限公司", 1, (500, 3000)),
        ("医疗器械有限公司", 1, (100, 1000)),
        ("教育科技有限公司", 1, (100, 500)),
        ("餐饮管理有限公司", 1, (50, 200)),
        ("酒店管理有限公司", 1, (100, 1000)),
        ("房地产开发有限公司", 1, (1000, 10000)),
        ("运输有限公司", 1, (100, 500)),
        ("信息技术有限公司", 1, (100, 1000)),
        ("文化传媒有限公司", 1, (50, 300)),
        ("装饰工程有限公司", 2, (100, 1000)),
        ("环保科技有限公司", 1, (100, 1000)),
        ("电力安装工程有限公司", 1, (200, 2000)),
        ("工程造价咨询有限公司", 1, (50, 300)),
        ("机械设备租赁有限公司", 1, (100, 500)),
        ("食品有限公司", 1, (100, 1000)),
        ("农资有限公司", 1, (50, 300)),
    )
    _ROADS = _words(
        "人民路 解放路 建设路 青山大道 迎宾大道 滨江路 文昌路 新华路 城南路 "
        "站前路 工业园区创业路 工业园区兴业大道"
    )

    def company_name(self, industry: str, used: set[str]) -> str:
        while True:
            prefix = COUNTY_NAME if self.chance(0.8) else "江西"
            name = f"{prefix}{self.rng.choice(self._TRADE_NAMES)}{industry}"
            if name not in used:
                used.add(name)
                return name

    def address(self) -> str:
        if self.chance(0.65):
            town = self.rng.choice(TOWN_NAMES[-3:])
            return f"{COUNTY_NAME}{town}{self.rng.choice(self._ROADS)}{self.rng.randint(1, 399)}号"
        town = self.rng.choice(TOWN_NAMES[:-3])
        village = self.rng.choice(_VILLAGE_ROOTS)
        return f"{COUNTY_NAME}{town}{village}村{self.rng.randint(1, 120)}号"

    def private_person(self) -> tuple[str, str]:
        gender = Gender.MALE if self.chance(0.7) else Gender.FEMALE
        birth = self.day_between(date(1955, 1, 1), date(2000, 12, 31))
        area = AREA_CODE if self.chance(0.8) else self.rng.choice(ELSEWHERE_AREA_CODES)
        name = self.surname() + self.given_name(gender, birth.year)
        return name, self.citizen_id(birth, gender, area)

    def new_company(self, industry: str | None = None) -> CompanySpec:
        names = [i for i, _, _ in self._INDUSTRIES]
        if industry is None:
            industry = self.rng.choices(names, [w for _, w, _ in self._INDUSTRIES])[0]
        low, high = next(r for i, _, r in self._INDUSTRIES if i == industry)
        capital = Decimal(self.rng.randrange(low, high + 1, 50))
        area = AREA_CODE if self.chance(0.9) else "361000"
        company = CompanySpec(
            uscc=_uscc(self.rng, self.used_org_codes, "91", area),
            name=self.company_name(industry, self._names),
            address=self.address(),
            phone=self.landline() if self.chance(0.6) else self.mobile(),
            registered_on=self.day_between(date(1998, 1, 1), self.today - timedelta(days=60)),
            registered_capital=capital,
        )
        self.companies.append(company)
        return company

    def add_people(
        self,
        company: CompanySpec,
        people: list[tuple[str, str]],
        shares: list[int],
        *,
        legal: tuple[str, str] | None = None,
        supervisor: tuple[str, str] | None = None,
    ) -> None:
        """Shareholders (with shares), the legal representative (also executive director
        and manager) and a supervisor who is not a shareholder."""
        rows = []
        for (name, cid), share in zip(people, shares, strict=True):
            rows.append((name, cid, CompanyRole.SHAREHOLDER, Decimal(share)))
        legal = legal or people[0]
        rows.append((*legal, CompanyRole.LEGAL_REPRESENTATIVE, None))
        rows.append((*legal, CompanyRole.DIRECTOR, None))
        if self.chance(0.6):
            rows.append((*legal, CompanyRole.MANAGER, None))
        ids = {cid for _, cid in people} | {legal[1]}
        if supervisor is None or supervisor[1] in ids:
            supervisor = self.pick_private(exclude=ids)
        rows.append((*supervisor, CompanyRole.SUPERVISOR, None))
        for name, cid, role, share in rows:
            self.company_people.append(CompanyPersonSpec(company.uscc, name, cid, role, share))

    def pick_private(self, exclude: set[str]) -> tuple[str, str]:
        if self.private and self.chance(0.12):
            person = self.rng.choice(self.private)
            if person[1] not in exclude:
                return person
        person = self.private_person()
        self.private.append(person)
        return person

    def split_shares(self, n: int) -> list[int]:
        if n == 1:
            return [100]
        first = self.rng.randint(40, 80)
        rest = 100 - first
        if n == 2:
            return [first, rest]
        second = self.rng.randint(1, rest - 1)
        return [first, second, rest - second]

    def build_companies(self, planted_heads: dict[str, tuple[str, str, str, int]]) -> None:
        self._names: set[str] = set()
        self.private: list[tuple[str, str]] = []
        n_companies = max(30, self.n_cadres // 10)
        eligible = [
            r
            for r in self.relatives
            if r.citizen_id
            and r.citizen_id not in self._cadre_ids
            and r.cadre not in self._planted_cadres
            and 22 <= self.age_of(r.citizen_id) <= 75
        ]
        self.rng.shuffle(eligible)
        relative_users = eligible[: max(3, n_companies // 5)]
        cadre_pool = [
            c for c in self.cadres if c["_level"] == 0 and c["rank"] in (Rank.OTHER, Rank.GENERAL)
        ]
        cadre_owners = self.rng.sample(
            cadre_pool, min(len(cadre_pool), max(2, self.n_cadres // 500))
        )

        # Planted: relatives of department heads run companies in their sector.
        for unit_code, (industry, relation, role, share) in planted_heads.items():
            head = self.cadres[self.heads[unit_code]]
            rel = next(
                r
                for r in self.relatives
                if r.cadre == head["citizen_id"] and r.relation == relation and r.citizen_id
            )
            company = self.new_company(industry)
            partner = self.pick_private(exclude={rel.citizen_id})
            if role == CompanyRole.LEGAL_REPRESENTATIVE:
                self.add_people(
                    company, [(rel.name, rel.citizen_id), partner], [share, 100 - share]
                )
            else:
                self.add_people(
                    company, [partner, (rel.name, rel.citizen_id)], [100 - share, share]
                )
            unit = self.plan_by_code[unit_code].spec.name
            self.planted.append(
                Planted(
                    "relative_business",
                    f"{unit}一把手{head['name']}的{Relation(relation).label}{rel.name}"
                    f"持有{company.name}{share}%股份",
                    (head["citizen_id"], rel.citizen_id, company.uscc),
                )
            )
        # Planted: two companies with the same address and phone (bid rigging pattern),
        # and two more sharing only a phone number.
        a = self.new_company("建筑工程有限公司")
        b = self.new_company("建材有限公司")
        b = CompanySpec(b.uscc, b.name, a.address, a.phone, b.registered_on, b.registered_capital)
        self.companies[-1] = b
        c = self.new_company("园林绿化工程有限公司")
        d = self.new_company("装饰工程有限公司")
        d = CompanySpec(d.uscc, d.name, d.address, c.phone, d.registered_on, d.registered_capital)
        self.companies[-1] = d
        for company in (a, b, c, d):
            people = [self.pick_private(exclude=set())]
            self.add_people(company, people, [100])
        self.planted.append(
            Planted("shared_address_phone", f"{a.name}与{b.name}住所和电话相同", (a.uscc, b.uscc))
        )
        self.planted.append(
            Planted("shared_phone", f"{c.name}与{d.name}联系电话相同", (c.uscc, d.uscc))
        )
        # Planted: cadres who hold shares themselves.
        for cadre in cadre_owners:
            company = self.new_company(
                self.rng.choice(("劳务有限公司", "农业开发有限公司", "商贸有限公司"))
            )
            partner = self.pick_private(exclude={cadre["citizen_id"]})
            share = self.rng.choice((30, 40, 51, 60))
            self.add_people(
                company,
                [(cadre["name"], cadre["citizen_id"]), partner],
                [share, 100 - share],
                legal=partner,
            )
            unit = self.plan_by_code[cadre["_unit"]].spec.name
            self.planted.append(
                Planted(
                    "cadre_business",
                    f"{unit}{cadre['_title']}{cadre['name']}持有{company.name}{share}%股份",
                    (cadre["citizen_id"], company.uscc),
                )
            )
        # The rest: mostly private owners, some relatives of cadres among them.
        remaining = max(0, n_companies - len(self.companies))
        relative_slots = set(self.rng.sample(range(remaining), min(remaining, len(relative_users))))
        users = iter(relative_users)
        for k in range(remaining):
            company = self.new_company()
            n = self.rng.choices((1, 2, 3), (0.35, 0.4, 0.25))[0]
            people: list[tuple[str, str]] = []
            ids: set[str] = set()
            for _ in range(n):
                person = self.pick_private(exclude=ids)
                people.append(person)
                ids.add(person[1])
            if k in relative_slots:
                rel = next(users)
                if rel.citizen_id not in ids:
                    people[self.rng.randrange(len(people))] = (rel.name, rel.citizen_id)
            legal = None
            if self.chance(0.2):
                legal = self.pick_private(exclude={cid for _, cid in people})
            self.add_people(company, people, self.split_shares(len(people)), legal=legal)
