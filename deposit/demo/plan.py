"""What a scale produces: how many transcripts of each kind, how long, in which format.

`full` mirrors the study (54 social workers, 54 IROs, 15 parents, 15 young
people, 4 professional and 2 young people's focus groups; about a million
words). `small` keeps every kind of file but few and short, so that the whole
pipeline runs in about a minute.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from deposit.demo.cast import World
from deposit.demo.transcripts import TranscriptSpec

KINDS = ["social_worker", "iro", "parent", "young_person", "professional_focus_group", "young_people_focus_group"]
PREFIX = {"social_worker": "sw", "iro": "iro", "parent": "parent", "young_person": "yp",
          "professional_focus_group": "fg_prof", "young_people_focus_group": "fg_yp"}
INTERVIEW_DAYS = (dt.date(2013, 1, 14), dt.date(2014, 3, 14))


@dataclass(frozen=True)
class Scale:
    counts: dict          # kind -> number of transcripts
    words: dict           # kind -> (low, high) words per transcript


SCALES = {
    "small": Scale(
        counts={"social_worker": 2, "iro": 2, "parent": 2, "young_person": 2,
                "professional_focus_group": 1, "young_people_focus_group": 1},
        words={k: (300, 800) for k in KINDS}),
    # Means chosen so the total lands near a million words (an hour's interview is 7-9 thousand).
    "full": Scale(
        counts={"social_worker": 54, "iro": 54, "parent": 15, "young_person": 15,
                "professional_focus_group": 4, "young_people_focus_group": 2},
        words={"social_worker": (6000, 9000), "iro": (6000, 9000), "parent": (4500, 6500),
               "young_person": (3000, 5000), "professional_focus_group": (10000, 14000),
               "young_people_focus_group": (7000, 9000)}),
}


def planned_words(scale: str) -> int:
    """The expected total: the midpoint of each range times the count."""
    s = SCALES[scale]
    return sum(s.counts[k] * sum(s.words[k]) // 2 for k in KINDS)


def transcript_plan(world: World, scale: str, seed: int) -> list[TranscriptSpec]:
    s = SCALES[scale]
    rng = random.Random(f"{seed}:plan:{scale}")
    cases = world.cases
    # Social worker and IRO are interviewed about the same cases (about half of them), spread over the areas.
    per_area = [[c.index for c in cases if c.la is la] for la in world.authorities]
    interviewed: list[int] = []
    for i in range(s.counts["social_worker"]):
        area = per_area[i % 4]
        interviewed.append(area[(i // 4) * 2 % len(area)])
    # Young people interviewed were 11 or over; parents came from the same interviewed cases.
    older = [i for i in interviewed if cases[i].age_on(INTERVIEW_DAYS[0]) >= 12] or interviewed
    cases_for = {
        "social_worker": interviewed,
        "iro": interviewed,
        "parent": [interviewed[(i * 3 + 1) % len(interviewed)] for i in range(s.counts["parent"])],
        "young_person": [older[(i * 2) % len(older)] for i in range(s.counts["young_person"])],
    }
    specs = []
    for kind in KINDS:
        for n in range(s.counts[kind]):
            number = n + 1
            name = f"{PREFIX[kind]}{number:02d}"
            if kind == "professional_focus_group":
                chosen = per_area[n % 4]
            elif kind == "young_people_focus_group":
                chosen = [i for i in range(len(cases)) if cases[i].age_on(INTERVIEW_DAYS[1]) >= 12]
                chosen = rng.sample(chosen, min(8, len(chosen)))
            else:
                chosen = [cases_for[kind][n]]
            day = INTERVIEW_DAYS[0] + dt.timedelta(days=rng.randint(0, (INTERVIEW_DAYS[1] - INTERVIEW_DAYS[0]).days))
            fmt, encoding, newline = file_format(kind, n, rng)
            specs.append(TranscriptSpec(path=f"transcripts/{name}.{fmt}", kind=kind, code=name.upper().replace("_", ""),
                                        cases=chosen, words=rng.randint(*s.words[kind]), day=day,
                                        encoding=encoding, newline=newline))
    return specs


def file_format(kind: str, n: int, rng: random.Random) -> tuple[str, str, str]:
    """Alternate .docx and .txt within each kind. The second interview of each professional
    kind is a legacy .txt: cp1252 with CRLF for social workers, UTF-8 with a BOM for IROs,
    so every scale exercises encoding detection."""
    if n == 1 and kind == "social_worker":
        return "txt", "cp1252", "\r\n"
    if n == 0 and kind == "iro":
        return "txt", "utf-8-sig", "\n"
    if n % 2 == (0 if kind in ("social_worker", "parent", "professional_focus_group") else 1):
        return "docx", "", ""
    if n > 2 and rng.random() < 0.1:
        return "txt", rng.choice(["cp1252", "utf-8-sig"]), rng.choice(["\n", "\r\n"])
    return "txt", "utf-8", "\n"
