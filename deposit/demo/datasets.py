"""The demo's data files as tables plus SPSS metadata (pure: no file I/O).

The case-file survey holds one row per child of the World (122 in four areas);
the three questionnaires are national samples of IROs, team managers and
children's guardians. Free-text cells are rendered from notes.yaml with the
same span tracking as the transcripts, so they get gold annotations too.

A few data-health problems are deliberate, for the check stage to find (and
listed in DELIBERATE_PROBLEMS so tests can assert they stay there):
a variable without a label, a user-missing code without a value label, and a
value label longer than SPSS's traditional 39-character display limit.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pandas as pd
import yaml

from deposit.demo.cast import SURVEY_DATE, World, gazetteer
from deposit.demo.render import render
from deposit.demo.voice import Voice

DELIBERATE_PROBLEMS = {
    "data/casefile_survey.sav": {"unlabelled_variable": "iro_changes", "unlabelled_missing": ("sw_changes", -9),
                                 "long_value_label": ("placement_type", 2)},
}
NOT_RECORDED, NOT_APPLICABLE = -9, -8
LIKERT = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree", 5: "Strongly agree",
          -9: "No answer"}


@cache
def notes_fragments() -> dict:
    return yaml.safe_load(resources.files("deposit.demo").joinpath("fragments", "notes.yaml").read_text("utf-8"))


@dataclass
class DataFile:
    path: str
    participant_type: str
    description: str
    df: pd.DataFrame
    meta: dict                          # keyword arguments for pyreadstat.write_sav
    questions: dict                     # variable -> question text, for the manifest
    settings: dict                      # the manifest's anonymisation.data entry
    gold: list = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(str(v).split()) for col in self.df.columns if self.df[col].dtype == object
                   for v in self.df[col] if isinstance(v, str))


class FreeText:
    """Render free-text cells and remember the gold spans of each."""

    def __init__(self, path: str, rng: random.Random):
        self.path, self.rng, self.gold = path, rng, []

    def cell(self, template: str, voice: Voice, variable: str, row: int) -> str:
        out = render(template, voice, self.rng)
        for span in out.spans:
            self.gold.append({"file": self.path, "variable": variable, "row": row, "start": span.start,
                              "end": span.end, "text": out.text[span.start:span.end], "type": span.type})
        return out.text


def age_band(age: int) -> int:
    return 1 if age < 5 else 2 if age < 10 else 3 if age < 16 else 4


def casefile(world: World, seed: int) -> DataFile:
    path = "data/casefile_survey.sav"
    rng = random.Random(f"{seed}:{path}")
    text = FreeText(path, rng)
    templates = notes_fragments()["casefile_notes"]
    rows = []
    for row, case in enumerate(world.cases):
        age = case.age_on(SURVEY_DATE)
        reviews = rng.randint(1, 12)
        rows.append({
            "case_id": case.case_id,
            "child_name": case.child.full,
            "dob": case.dob,
            "la": case.la.name,
            "sex": 2.0 if case.child.sex == "F" else 1.0,
            "ethnicity": float(case.ethnicity if rng.random() > 0.05 else NOT_RECORDED),
            "age": float(age),
            "age_band": float(age_band(age)),
            "legal_status": float(case.legal_status),
            "placement_type": float(case.placement_type),
            "date_entered_care": case.entered_care,
            "n_placements": float(min(14, 1 + int(rng.expovariate(0.45)))),
            "n_reviews": float(reviews),
            "reviews_attended": float(NOT_APPLICABLE if age < 4 else rng.choice([0, 1, 2, 3, 3, NOT_RECORDED])),
            "review_timely": float(rng.choice([1, 1, 1, 1, 0, NOT_RECORDED])),
            "iro_changes": float(rng.choice([0, 0, 0, 1, 1, 2, 3])),
            "sw_changes": float(rng.choice([0, 1, 1, 2, 2, 3, 4, 5, NOT_RECORDED])),
            "postcode": case.postcode,
            "notes": text.cell(rng.choice(templates), Voice(case, rng, SURVEY_DATE), "notes", row),
        })
    df = pd.DataFrame(rows)
    labels = {
        "case_id": "Case identifier (as recorded on the survey schedule)",
        "child_name": "Child's name",
        "dob": "Date of birth",
        "la": "Local authority",
        "sex": "Sex of child",
        "ethnicity": "Ethnicity of child",
        "age": "Age at survey date (years)",
        "age_band": "Age band at survey date",
        "legal_status": "Legal status at survey date",
        "placement_type": "Placement type at survey date",
        "date_entered_care": "Date of entry to care (current episode)",
        "n_placements": "Number of placements in current episode",
        "n_reviews": "Number of reviews held in current episode",
        "reviews_attended": "Child's attendance at reviews",
        "review_timely": "Last review held within timescale",
        "iro_changes": None,          # deliberate: the check stage should report a missing label
        "sw_changes": "Number of changes of social worker in the last year",
        "postcode": "Postcode of placement",
        "notes": "Researcher's notes from the case file",
    }
    value_labels = {
        "sex": {1: "Male", 2: "Female"},
        "ethnicity": {1: "White British", 2: "White other", 3: "Mixed", 4: "Asian or Asian British",
                      5: "Black or Black British", 6: "Other ethnic group", NOT_RECORDED: "Not recorded"},
        "age_band": {1: "Under 5", 2: "5 to 9", 3: "10 to 15", 4: "16 and over"},
        "legal_status": {1: "Accommodated under section 20", 2: "Interim care order", 3: "Care order (s31)",
                         4: "Placement order"},
        "placement_type": {1: "Local authority foster care",
                           2: "Foster care with an independent fostering agency (IFA)",  # deliberate: over 39 chars
                           3: "Kinship (family and friends) care", 4: "Residential children's home",
                           5: "Placed with parents", 6: "Other placement"},
        "reviews_attended": {0: "Never", 1: "Some", 2: "Most", 3: "All", NOT_APPLICABLE: "Not applicable (under 4)",
                             NOT_RECORDED: "Not recorded"},
        "review_timely": {0: "No", 1: "Yes", NOT_RECORDED: "Not recorded"},
        # sw_changes: -9 is user-missing but has no label (deliberate)
    }
    missing = {"ethnicity": [NOT_RECORDED], "reviews_attended": [NOT_APPLICABLE, NOT_RECORDED],
               "review_timely": [NOT_RECORDED], "sw_changes": [NOT_RECORDED]}
    measure = {"case_id": "nominal", "child_name": "nominal", "dob": "scale", "la": "nominal", "sex": "nominal",
               "ethnicity": "nominal", "age": "scale", "age_band": "ordinal", "legal_status": "nominal",
               "placement_type": "nominal", "date_entered_care": "scale", "n_placements": "scale",
               "n_reviews": "scale", "reviews_attended": "ordinal", "review_timely": "nominal",
               "iro_changes": "scale", "sw_changes": "scale", "postcode": "nominal", "notes": "nominal"}
    formats = {"dob": "DATE11", "date_entered_care": "DATE11", "sex": "F1.0", "ethnicity": "F2.0", "age": "F2.0",
               "age_band": "F1.0", "legal_status": "F1.0", "placement_type": "F1.0", "n_placements": "F2.0",
               "n_reviews": "F2.0", "reviews_attended": "F2.0", "review_timely": "F2.0", "iro_changes": "F2.0",
               "sw_changes": "F2.0"}
    meta = {"file_label": "SYNTHETIC case-file survey of 122 looked-after children (demo)",
            "column_labels": [labels[c] for c in df.columns], "variable_value_labels": value_labels,
            "missing_ranges": missing, "variable_measure": measure, "variable_format": formats,
            "variable_display_width": {"notes": 60, "child_name": 24, "la": 30}}
    questions = {
        "legal_status": "What was the child's legal status on the survey date?",
        "placement_type": "What type of placement was the child in on the survey date?",
        "n_placements": "How many placements has the child had in the current care episode?",
        "reviews_attended": "How often has the child attended their reviews?",
        "review_timely": "Was the most recent review held within the statutory timescale?",
        "notes": "Anything else of note on the case file (researcher's free text).",
    }
    settings = {
        "id_variable": "case_id",
        "keys": ["la", "sex", "age_band", "ethnicity", "legal_status"],
        "k": 3,
        "sensitive": ["placement_type"],
        "importance": ["la", "legal_status", "sex", "age_band", "ethnicity"],
        "rules": {
            "case_id": {"action": "newid", "reason": "Built from initials and date of birth"},
            "child_name": {"action": "drop", "reason": "Direct identifier"},
            # Age is published once, as the key age_band: a birth year or an exact age beside it
            # would put back the bands that local suppression blanked.
            "dob": {"action": "drop", "reason": "Date of birth: age_band, a key variable, carries the age"},
            "date_entered_care": {"action": "date", "to": "year",
                                  "reason": "Exact dates aid linkage; the year is kept for time in care"},
            "la": {"action": "authority", "reason": "Participating authorities were promised anonymity"},
            "age": {"action": "drop", "reason": "Exact age: age_band, a key variable, carries it in bands"},
            "n_placements": {"action": "topcode", "top": 6, "reason": "Very high counts are rare and identifying"},
            "postcode": {"action": "drop", "reason": "Direct identifier (placement address)"},
            "notes": {"action": "freetext", "reason": "Free text names people and places"},
        },
    }
    return DataFile(path, "case_file", "Case-file survey of 122 children in care in four local authorities (synthetic)",
                    df, meta, questions, settings, text.gold)


QUESTIONNAIRES = {
    "iro": {
        "path": "data/iro_questionnaire.sav", "n": 65, "prefix": "IRO", "participant_type": "iro",
        "description": "National questionnaire of independent reviewing officers (synthetic)",
        "items": {
            "q1": "I can challenge the local authority when a care plan is not carried out",
            "q2": "My caseload allows me to know the children I review",
            "q3": "Children attend and take part in their reviews",
            "q4": "Social workers act on review recommendations promptly",
            "q5": "I work effectively with children's guardians during proceedings",
            "q6": "Managers respond to the dispute resolution process",
            "q7": "I feel independent of the line management of cases",
            "q8": "The 2011 regulations have strengthened the IRO role",
        },
        "numbers": {"years_in_post": ("Years as an IRO", 0, 20), "years_qualified": ("Years since qualifying as a social worker", 3, 35),
                    "caseload": ("Number of children on current caseload", 40, 110)},
        "free": {"challenge_example": "Describe a recent challenge you made and what happened",
                 "comments": "Any other comments"},
        "comment_key": "iro",
    },
    "team_manager": {
        "path": "data/team_manager_questionnaire.sav", "n": 46, "prefix": "TM", "participant_type": "team_manager",
        "description": "National questionnaire of social work team managers (synthetic)",
        "items": {
            "q1": "IROs contribute to better outcomes for children",
            "q2": "IRO challenge is constructive",
            "q3": "Reviews take up too much social work time",
            "q4": "IROs understand the resource pressures on the service",
            "q5": "Review recommendations are realistic",
            "q6": "The IRO service should be independent of the local authority",
        },
        "numbers": {"years_in_post": ("Years as a team manager", 0, 25), "team_size": ("Number of social workers in team", 4, 14)},
        "free": {"comments": "Any other comments"},
        "comment_key": "team_manager",
    },
    "guardian": {
        "path": "data/guardian_questionnaire.sav", "n": 39, "prefix": "CG", "participant_type": "childrens_guardian",
        "description": "National questionnaire of children's guardians (synthetic)",
        "items": {
            "q1": "IROs are effective in monitoring care plans",
            "q2": "I know who the IRO is in my cases",
            "q3": "IROs and guardians communicate well during proceedings",
            "q4": "Care plans approved by the court are implemented after proceedings",
            "q5": "IROs are independent of the local authority",
            "q6": "I would refer a case back to Cafcass legal if a plan drifted",
        },
        "numbers": {"years_in_post": ("Years as a children's guardian", 0, 25), "current_cases": ("Number of current cases", 8, 30)},
        "free": {"comments": "Any other comments"},
        "comment_key": "guardian",
    },
}


def questionnaire(world: World, seed: int, key: str) -> DataFile:
    spec = QUESTIONNAIRES[key]
    path = spec["path"]
    rng = random.Random(f"{seed}:{path}")
    text = FreeText(path, rng)
    regions = gazetteer()["regions"]
    comments = notes_fragments()["questionnaire_comments"][spec["comment_key"]]
    rows = []
    for row in range(spec["n"]):
        case = rng.choice(world.cases)
        voice = Voice(case, rng, dt.date(2013, 6, 1))
        record = {"resp_id": f"{spec['prefix']}{row + 1:03d}", "region": float(rng.randint(1, len(regions))),
                  "la_name": rng.choice([case.la.name, case.other_la.name, case.la.name])}
        for var, (_, low, high) in spec["numbers"].items():
            record[var] = float(rng.randint(low, high))
        lean = rng.choice([-1, 0, 0, 1])
        for var in spec["items"]:
            record[var] = float(-9 if rng.random() < 0.03 else min(5, max(1, rng.choice([2, 3, 4, 4, 5]) + lean)))
        for var in spec["free"]:
            record[var] = text.cell(rng.choice(comments), voice, var, row)
        rows.append(record)
    df = pd.DataFrame(rows)
    labels = {"resp_id": "Respondent identifier", "region": "Region of employer", "la_name": "Employing local authority"}
    labels.update({var: label for var, (label, _, _) in spec["numbers"].items()})
    labels.update(spec["items"])
    labels.update(spec["free"])
    value_labels = {"region": {i + 1: r for i, r in enumerate(regions)}}
    value_labels.update({var: LIKERT for var in spec["items"]})
    measure = {var: "ordinal" for var in spec["items"]}
    measure.update({"resp_id": "nominal", "region": "nominal", "la_name": "nominal"})
    measure.update({var: "scale" for var in spec["numbers"]})
    measure.update({var: "nominal" for var in spec["free"]})
    formats = {var: "F2.0" for var in spec["items"]}
    formats.update({var: "F3.0" for var in spec["numbers"]})
    formats["region"] = "F1.0"
    meta = {"file_label": f"SYNTHETIC {spec['description']} (demo)"[:64],
            "column_labels": [labels[c] for c in df.columns], "variable_value_labels": value_labels,
            "missing_ranges": {var: [-9] for var in spec["items"]}, "variable_measure": measure,
            "variable_format": formats, "variable_display_width": {var: 50 for var in spec["free"]}}
    questions = {var: f"How far do you agree: {label}?" for var, label in spec["items"].items()}
    questions.update({var: label for var, label in spec["free"].items()})
    first_number = next(iter(spec["numbers"]))
    settings = {
        "id_variable": "resp_id",
        "keys": ["region", first_number],
        "k": 3,
        "importance": ["region", first_number],
        "rules": {
            "resp_id": {"action": "keep", "reason": "Arbitrary serial number"},
            "la_name": {"action": "authority", "reason": "Names the respondent's employer"},
            first_number: {"action": "topcode", "top": 15, "reason": "Long service is rare and identifying"},
            **{var: {"action": "freetext", "reason": "Free text may name people and places"} for var in spec["free"]},
            **{var: {"action": "band", "bands": _thirds(low, high),
                     "reason": "An exact count with the region can single out a respondent"}
               for var, (_label, low, high) in list(spec["numbers"].items())[1:]},
        },
    }
    return DataFile(path, spec["participant_type"], spec["description"], df, meta, questions, settings, text.gold)


def _thirds(low: int, high: int) -> list[list]:
    """Three bands over a count's range, the last open-ended."""
    first, second = low + (high - low) // 3, low + 2 * (high - low) // 3
    return [[0, first, f"Up to {first}"], [first + 1, second, f"{first + 1} to {second}"],
            [second + 1, 9999, f"{second + 1} or more"]]


def all_data_files(world: World, seed: int) -> list[DataFile]:
    return [casefile(world, seed)] + [questionnaire(world, seed, key) for key in QUESTIONNAIRES]
