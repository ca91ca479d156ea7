"""The invented people, places and numbers behind the demonstration collection.

One `World` per seed: four study authorities, their professionals, courts and
hospitals. One `Case` per child in the case-file survey, with the family,
carers, school and numbers that interviews about that child mention. The same
case is talked about by its social worker, its IRO and sometimes its parent and
the young person, so a name recurs across files as it would in a real study.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml
from faker import Faker

from deposit.demo import numbers

SURVEY_DATE = dt.date(2013, 9, 1)          # the case-file survey's reference date
PERIOD = (dt.date(2012, 9, 1), dt.date(2014, 3, 31))
CASES_PER_LA = (30, 30, 30, 32)            # 122 children, the largest authority last


@cache
def gazetteer() -> dict:
    text = resources.files("deposit.demo").joinpath("fragments", "gazetteer.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    sex: str                # "F" or "M"
    title: str = ""         # Mrs, Ms, Mr, Miss

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Authority:
    name: str
    short: str
    county: str
    code: int
    court: str
    domain: str
    postcode: list
    towns: list
    villages: list
    label: str = ""          # "Area A" .. "Area D": how the study refers to it
    iros: list = field(default_factory=list)
    social_workers: list = field(default_factory=list)
    managers: list = field(default_factory=list)
    guardians: list = field(default_factory=list)
    court_name: str = ""
    hospital: str = ""
    team_base: str = ""


@dataclass
class Case:
    index: int
    case_id: str
    la: Authority
    child: Person
    dob: dt.date
    mum: Person
    dad: Person
    carer: Person
    carer2: Person
    sibling: Person
    nan: Person
    friend: Person
    teacher: Person
    keyworker: Person
    judge: Person
    sw: Person
    iro: Person
    manager: Person
    guardian: Person
    town: str
    town2: str
    village: str
    street: str
    house: int
    estate: str
    postcode: str
    school: str
    school2: str
    hospital: str
    court: str
    gp: str
    home: str
    charity: str
    org: str
    other_la: Authority
    phone: str
    office_phone: str
    email: str
    parent_email: str
    nhs: str
    ni: str
    upn: str
    case_ref: str
    court_ref: str
    entered_care: dt.date
    legal_status: int
    placement_type: int
    ethnicity: int

    def age_on(self, day: dt.date) -> int:
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))


class NameMaker:
    """Given names and surnames: mostly Faker en_GB, mixed with word-names (Hope, Rose),
    names of other origins and double-barrelled surnames, each often enough to matter."""

    def __init__(self, faker: Faker, rng: random.Random):
        self.faker, self.rng = faker, rng
        self.gaz = gazetteer()

    def first(self, sex: str, special: float = 0.2) -> str:
        roll = self.rng.random()
        key = "female" if sex == "F" else "male"
        if roll < special / 2:
            return self.rng.choice(self.gaz["word_names"][key])
        if roll < special:
            return self.rng.choice(self.gaz["other_origin"][key])
        return self.faker.first_name_female() if sex == "F" else self.faker.first_name_male()

    def last(self) -> str:
        roll = self.rng.random()
        if roll < 0.08:
            return f"{self.faker.last_name()}-{self.faker.last_name()}"
        if roll < 0.2:
            return self.rng.choice(self.gaz["other_origin"]["surnames"])
        return self.faker.last_name()

    def person(self, sex: str | None = None, adult: bool = True, special: float = 0.2) -> Person:
        sex = sex or self.rng.choice("FM")
        title = ""
        if adult:
            title = self.rng.choice(["Mrs", "Ms", "Miss"]) if sex == "F" else "Mr"
        return Person(self.first(sex, special), self.last(), sex, title)


class World:
    """Everything a seed decides: authorities, professionals and 122 cases."""

    def __init__(self, seed: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.faker = Faker("en_GB")
        self.faker.seed_instance(seed)
        self.names = NameMaker(self.faker, self.rng)
        gaz = gazetteer()
        chosen = self.rng.sample(gaz["authorities"], 4 + 3)
        self.authorities = [self._authority(entry, label) for entry, label in zip(chosen[:4], "ABCD")]
        # Authorities outside the study: where children get placed "out of area".
        self.elsewhere = [self._authority(entry, "") for entry in chosen[4:]]
        self.cases: list[Case] = []
        seen: set[str] = set()
        for la, count in zip(self.authorities, CASES_PER_LA):
            target = len(self.cases) + count
            while len(self.cases) < target:
                case = self._case(len(self.cases), la)
                # initials + date of birth can clash; a real survey would have re-keyed one of them
                if case.case_id not in seen:
                    seen.add(case.case_id)
                    self.cases.append(case)

    # -- institutions -------------------------------------------------------------------------
    def stem(self) -> str:
        return self.rng.choice(gazetteer()["stems"])

    def school(self, town: str) -> str:
        gaz = gazetteer()
        return self.rng.choice([
            f"{self.stem()} Primary School", f"{self.stem()} Academy", f"{town} High School",
            f"St {self.rng.choice(gaz['saints'])}'s {self.rng.choice(gaz['saint_kinds'])}",
            f"{self.stem()} Community College", f"{self.stem()} Junior School",
            f"{town} Academy", f"{self.stem()} Pupil Referral Unit"])

    def hospital(self, la: Authority, town: str) -> str:
        return self.rng.choice([f"{town} General Hospital", f"{la.county} and {town} University Hospital",
                                f"St {self.rng.choice(gazetteer()['saints'])}'s Hospital", f"{self.stem()} Hospital",
                                f"{town} Royal Infirmary"])

    def gp(self, street_word: str) -> str:
        return self.rng.choice([f"{self.stem()} Medical Centre", f"{self.stem()} Surgery",
                                f"{street_word} Road Surgery", f"{self.stem()} Health Centre",
                                f"{self.stem()} Medical Practice"])

    def home(self) -> str:
        stem = self.rng.choice(gazetteer()["home_stems"])
        return self.rng.choice([f"{stem} House", f"{stem} Lodge", f"{stem} Court", f"The {stem}s"])

    def charity(self, la: Authority, town: str) -> str:
        return self.rng.choice([f"{town} Young Carers", f"{self.stem()} Family Trust", f"Brighter Futures {la.county}",
                                f"{la.county} Advocacy Project", f"The {self.stem()} Project",
                                f"{town} Women's Aid", f"{self.stem()} Parents' Network"])

    def org(self, la: Authority, town: str) -> str:
        return self.rng.choice([f"{self.stem()} Housing Association", f"{self.stem()} Community Centre",
                                f"{la.county} Foster Care Services", f"{self.faker.last_name()} Fostering",
                                f"{town} Youth Project", f"{self.faker.last_name()} and Sons"])

    def street(self) -> str:
        gaz = gazetteer()
        base = self.faker.street_name() if self.rng.random() < 0.7 else f"{self.stem()} {self.rng.choice(gaz['street_kinds'])}"
        return base

    def postcode(self, la: Authority) -> str:
        area = self.rng.choice(la.postcode)
        district = self.rng.randint(1, 29) if len(area) == 2 else self.rng.randint(1, 40)
        inward = f"{self.rng.randint(1, 9)}{self.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{self.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        return f"{area}{district} {inward}"

    def _authority(self, entry: dict, label: str) -> Authority:
        la = Authority(**{k: entry[k] for k in ("name", "short", "county", "code", "court", "domain",
                                                 "postcode", "towns", "villages")}, label=label)
        la.iros = [self.names.person(special=0.15) for _ in range(16)]
        la.social_workers = [self.names.person(special=0.15) for _ in range(20)]
        la.managers = [self.names.person(special=0.15) for _ in range(6)]
        la.guardians = [self.names.person(special=0.15) for _ in range(6)]
        la.court_name = self.rng.choice([f"{la.towns[0]} Family Court", f"{la.towns[0]} County Court",
                                         f"{la.towns[0]} Combined Court Centre", f"{la.towns[0]} Family Proceedings Court"])
        la.hospital = self.hospital(la, la.towns[0])
        la.team_base = f"{self.stem()} House"
        return la

    # -- cases ----------------------------------------------------------------------------------
    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def _case(self, index: int, la: Authority) -> Case:
        rng, names = self.rng, self.names
        sex = rng.choice("FM")
        # Older children dominate the survey and the interviews (young people were 11+).
        age = rng.choice([rng.randint(0, 17), rng.randint(8, 17), rng.randint(11, 17)])
        dob = self._date_between(dt.date(SURVEY_DATE.year - age - 1, SURVEY_DATE.month, 2),
                                 dt.date(SURVEY_DATE.year - age, SURVEY_DATE.month, 1))
        child = names.person(sex, adult=False, special=0.3)
        family = child.last if rng.random() < 0.6 else names.last()
        mum = Person(names.first("F"), family, "F", rng.choice(["Mrs", "Ms", "Miss"]))
        dad = Person(names.first("M"), child.last, "M", "Mr")
        # The templates talk of "my brother" and of the main carer as "she": the cast matches them.
        carer = names.person("F")
        carer2 = Person(names.first("M"), carer.last, "M", "Mr")
        town, town2 = rng.sample(la.towns, 2)
        street = self.street()
        # Into care between birth (or 2006) and the end of June 2013; a baby born after that
        # came into care at birth.
        since = max(dob, dt.date(2006, 1, 1))
        entered = self._date_between(since, max(since, dt.date(2013, 6, 30)))
        initials = (child.first[0] + child.last[0]).upper()
        case_id = f"{initials}{dob:%d%m%y}"
        other = rng.choice(self.elsewhere)
        sw = rng.choice(la.social_workers)
        return Case(
            index=index, case_id=case_id, la=la, child=child, dob=dob, mum=mum, dad=dad, carer=carer, carer2=carer2,
            sibling=names.person("M", adult=False), nan=Person(names.first("F"), family, "F", "Mrs"),
            friend=names.person(adult=False), teacher=names.person(), keyworker=names.person(),
            judge=names.person(special=0.05),
            sw=sw, iro=rng.choice(la.iros), manager=rng.choice(la.managers),
            guardian=rng.choice(la.guardians),
            town=town, town2=town2, village=rng.choice(la.villages), street=street, house=rng.randint(1, 140),
            estate=rng.choice(gazetteer()['estates']), postcode=self.postcode(la),
            school=self.school(town), school2=self.school(town2), hospital=la.hospital if rng.random() < 0.6 else self.hospital(la, town),
            court=la.court_name, gp=self.gp(street.split()[0]), home=self.home(), charity=self.charity(la, town),
            org=self.org(la, town), other_la=other,
            phone=numbers.phone_number(rng, mobile=True), office_phone=numbers.phone_number(rng, mobile=False),
            email=f"{mailbox(sw.first)[:1]}.{mailbox(sw.last)}@{la.domain}" if rng.random() < 0.7
            else f"{mailbox(carer.first)}{rng.randint(1, 99)}@{rng.choice(['hotmail.co.uk', 'gmail.com', 'btinternet.com', 'yahoo.co.uk'])}",
            parent_email=f"{mailbox(mum.first)}.{mailbox(mum.last)}{rng.randint(70, 99)}@{rng.choice(['hotmail.co.uk', 'gmail.com', 'outlook.com'])}",
            nhs=numbers.nhs_number(rng), ni=numbers.ni_number(rng), upn=numbers.upn(rng, la.code, dob.year + 5),
            case_ref=numbers.case_reference(rng), court_ref=numbers.court_reference(rng, la.court, entered.year),
            entered_care=entered, legal_status=rng.choice([1, 1, 2, 3, 3, 3, 4]),
            placement_type=rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6]), ethnicity=rng.choice([1, 1, 1, 1, 1, 2, 3, 3, 4, 5, 6]),
        )


# cp1252 lacks some letters (ł, ś, ń): a transcriber on an old PC would have typed the plain letter.
FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d"})


def mailbox(name: str) -> str:
    """The part of a name that survives into an e-mail address."""
    return "".join(c for c in fold(name).lower() if c.isalnum())


def fold(text: str, charset: str = "ascii") -> str:
    out = []
    for char in text.translate(FOLD_EXTRA):
        try:
            char.encode(charset)
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base.encode(charset, "ignore") else "")
    return "".join(out)
