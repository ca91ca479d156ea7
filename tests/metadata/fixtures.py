"""A small WORK folder as the anonymise stage leaves it: manifest copy, a real .sav and .tab,
a transcript, and results/anonymise.json. Values are synthetic and chosen so every branch of
the describer has something to show (labels, user-missing codes and ranges, scale variables,
a string variable, an unlabelled code, a date)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "manifests" / "example-deposit.yaml"
# Public reference files copied into the repository (sources and licences: tests/fixtures/README.md).
FIXTURES = ROOT / "tests" / "fixtures"
DDI_EXAMPLES = FIXTURES / "ddi-examples"
OFFICIAL_SCHEMAS = FIXTURES / "schemas"

TRANSCRIPT = (
    "Interviewer: How did the review meeting go?\n"
    "Social worker: [Person 1] was there with the [Local authority 1] team, and Zo\u00eb's plan was discussed.\n"
)


def example_manifest() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["files"] = [
        {"path": "transcripts/sw01.txt", "role": "transcript", "participant_type": "social_worker",
         "description": "Interview with a social worker"},
        {"path": "data/casefile_survey.sav", "role": "data", "participant_type": "case_file",
         "description": "Case-file survey of children in care",
         "questions": {"placement_type": "What type of placement was the child in at the time of the survey?"}},
        {"path": "docs/interview_guide.txt", "role": "documentation", "description": "Interview guide"},
    ]
    return data


def survey_frame() -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(7)
    n = 40
    placement = rng.choice([1.0, 2.0, 3.0, 4.0, 9.0], size=n, p=[0.4, 0.25, 0.15, 0.1, 0.1])
    placement[5] = 5.0  # an observed code with no label
    age = rng.integers(1, 18, size=n).astype(float)
    age[[3, 11]] = -9.0   # user-missing range -9..-1
    age[20] = np.nan      # system-missing
    months = np.round(rng.gamma(2.0, 6.0, size=n), 1)
    sex = rng.choice([1.0, 2.0], size=n)
    sex[7] = np.nan
    notes = ["placement stable" if i % 3 else "" for i in range(n)]
    review = [dt.date(2013, 1 + i % 12, 1 + i % 27) for i in range(n)]
    df = pd.DataFrame({
        "case_id": [float(i + 1) for i in range(n)],
        "la": rng.choice([1.0, 2.0, 3.0, 4.0], size=n),
        "sex": sex,
        "age": age,
        "placement_type": placement,
        "months_in_care": months,
        "review_date": review,
        "notes": notes,
    })
    meta = dict(
        column_labels={"case_id": "Case identifier (new arbitrary number)", "la": "Local authority",
                       "sex": "Sex of child", "age": "Age of child at survey (years)",
                       "placement_type": "Type of placement", "months_in_care": "Months in care \u2013 total (Zo\u00eb test)",
                       "review_date": "Date of last review", "notes": "Case notes (anonymised)"},
        variable_value_labels={
            "la": {1.0: "Authority A", 2.0: "Authority B", 3.0: "Authority C", 4.0: "Authority D"},
            "sex": {1.0: "Male", 2.0: "Female"},
            "placement_type": {1.0: "Foster care", 2.0: "Kinship care", 3.0: "Residential",
                               4.0: "Placed with parents", 9.0: "Not recorded"},
        },
        missing_ranges={"placement_type": [9.0], "age": [{"lo": -9.0, "hi": -1.0}]},
        variable_measure={"case_id": "nominal", "la": "nominal", "sex": "nominal", "age": "scale",
                          "placement_type": "nominal", "months_in_care": "scale", "review_date": "scale",
                          "notes": "nominal"},
        file_label="Case-file survey (anonymised)",
    )
    return df, meta


def anonymise_result() -> dict:
    return {
        "stage": "anonymise", "status": "ok", "tool_version": "0.1.0", "problems": [], "outputs": [],
        "summary": {},
        "details": {
            "transcripts": [{"file": "transcripts/sw01.txt", "output": "anonymised/transcripts/sw01.txt",
                             "words": 23, "replaced": 2, "by_type": {"PERSON": 1}}],
            "data": [{
                "file": "data/casefile_survey.sav",
                "outputs": ["anonymised/data/casefile_survey.sav", "anonymised/data/casefile_survey.tab"],
                "records": 40, "variables_before": 10, "variables_after": 8,
                "decisions": [
                    {"variable": "child_name", "action": "drop", "reason": "Direct identifier", "detail": ""},
                    {"variable": "dob", "action": "drop", "reason": "Replaced by age at survey", "detail": ""},
                    {"variable": "age", "action": "date", "reason": "Date of birth is identifying",
                     "detail": "recoded from date of birth to age in years at 2013-09-01"},
                    {"variable": "la", "action": "authority", "reason": "Named local authority", "detail": ""},
                    {"variable": "case_id", "action": "newid", "reason": "", "detail": ""},
                    {"variable": "notes", "action": "freetext", "reason": "", "detail": "3 replacements"},
                ],
                "keys": ["la", "sex", "age"], "k": 3, "weight": None,
                "risk_before": {"k_violations": {"3": 12}}, "risk_after": {"k_violations": {"3": 0}},
                "suppressions": {"age": 2}, "info_loss": {},
            }],
        },
    }


def make_work(tmp_path: Path, manifest: dict | None = None) -> Path:
    work = tmp_path / "work"
    (work / "private").mkdir(parents=True)
    (work / "private" / "deposit.yaml").write_text(
        yaml.safe_dump(manifest or example_manifest(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    data_dir = work / "anonymised" / "data"
    data_dir.mkdir(parents=True)
    df, meta = survey_frame()
    pyreadstat.write_sav(df, str(data_dir / "casefile_survey.sav"), **meta)
    df.to_csv(data_dir / "casefile_survey.tab", sep="\t", index=False)
    transcripts = work / "anonymised" / "transcripts"
    transcripts.mkdir(parents=True)
    (transcripts / "sw01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (work / "results").mkdir()
    (work / "results" / "anonymise.json").write_text(json.dumps(anonymise_result()), encoding="utf-8")
    return work
