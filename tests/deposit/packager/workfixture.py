"""A small, real WORK folder as the anonymise and describe stages leave it.

Real files throughout: a .sav written by pyreadstat and its .tab copy, a
transcript, a study document, a DDI codebook for the collection and one per
data format in metadata/<format>/ (built by metadata.ddi when that package is
installed, otherwise small hand-written codebooks that pass the same XSD and
CESSDA checks), the private key and the stage results.
Used by the packager and verifier tests.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pandas as pd
import pyreadstat
import yaml

from manifests.errors import ProblemReport
from manifests.fileio import make_private_dir, write_json, write_jsonl, write_text
from manifests.results import stage_result, write_result
from manifests.workdir import Work

ROOT = Path(__file__).resolve().parents[3]
STUDY_ID = "900001"
ORIGINAL = "Tracey Walsh"

TRANSCRIPT = (
    "Interviewer: Can you tell me about the review meeting?\n"
    "Social worker: [Person 1] came along with her sister. We talked about the care plan for a long time,\n"
    "and the independent reviewing officer asked the young person what they wanted.\n"
)
GUIDE = "Interview guide\n1. Tell me about your role.\n2. How are care plans reviewed?\n"

HAND_DDI = """<?xml version="1.0" encoding="UTF-8"?>
<codeBook xmlns="ddi:codebook:2_5" version="2.5" ID="S{id}" xml:lang="en">
  <stdyDscr>
    <citation>
      <titlStmt><titl xml:lang="en">Test study</titl><IDNo agency="UK Data Service" xml:lang="en">{id}</IDNo></titlStmt>
      <distStmt><distrbtr xml:lang="en">UK Data Service</distrbtr></distStmt>
      <holdings URI="https://doi.org/10.5255/UKDA-SN-{id}" xml:lang="en"/>
    </citation>
    <stdyInfo><abstract xml:lang="en">A small test collection.</abstract></stdyInfo>
  </stdyDscr>
{files}
  <dataDscr>
    <var ID="V1" name="case_id" files="{ids}"><labl>Case identifier</labl></var>
    <var ID="V2" name="sex" files="{ids}"><labl>Sex of child</labl></var>
    <var ID="V3" name="age_band" files="{ids}"><labl>Age band</labl></var>
  </dataDscr>
</codeBook>
"""
HAND_FILE = """  <fileDscr ID="F{n}" URI="{folder}/survey.{suffix}">
    <fileTxt><fileName>survey.{suffix}</fileName><dimensns><caseQnty>{cases}</caseQnty><varQnty>3</varQnty></dimensns></fileTxt>
  </fileDscr>"""
FOLDERS = {"spss": "sav", "tab": "tab"}


def manifest() -> dict:
    data = yaml.safe_load((ROOT / "manifests" / "example-deposit.yaml").read_text("utf-8"))
    data = copy.deepcopy(data)
    data["files"] = [
        {"path": "transcripts/sw01.txt", "role": "transcript", "participant_type": "social_worker",
         "description": "Interview with a social worker"},
        {"path": "data/survey.sav", "role": "data", "participant_type": "case_file", "description": "Case-file survey"},
        {"path": "docs/interview_guide.txt", "role": "documentation", "description": "Interview guide"},
    ]
    data["anonymisation"]["data"] = {}
    return data


def _frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame({
        "case_id": [float(i + 1) for i in range(rows)],
        "sex": [float(1 + i % 2) for i in range(rows)],
        "age_band": ["10-15" if i % 3 else "16-17" for i in range(rows)],
    })


def _ddi(work: Work, data: dict, rows: int, fmt: str | None = None) -> str:
    """The collection's DDI, or with `fmt` the one of that format's bundle (its data file only)."""
    try:
        from metadata.ddi import build_codebook, serialise
    except ImportError:
        folders = [fmt] if fmt else list(FOLDERS)
        files = "\n".join(HAND_FILE.format(n=n, folder=f, suffix=FOLDERS[f], cases=rows) for n, f in enumerate(folders, 1))
        return HAND_DDI.format(id=data["study"]["id"], files=files, ids=" ".join(f"F{n}" for n in range(1, len(folders) + 1)))
    return serialise(build_codebook(data, work, fmt)).decode("utf-8")


def make_work(base: Path, rows: int = 6, name: str = "work") -> Work:
    """Build WORK (and a read-only COLLECTION with the study document) under `base`."""
    base = Path(base)
    work = Work.at(base / name)
    collection = base / f"{name}_collection"
    write_text(collection / "docs" / "interview_guide.txt", GUIDE)
    data = manifest()

    make_private_dir(work.private)
    write_text(work.manifest_copy, yaml.safe_dump(data, sort_keys=False), private=True)
    write_json(work.collection_pointer, {"collection": str(collection.resolve())}, private=True)
    write_jsonl(work.key, [{"original": ORIGINAL, "replacement": "[Person 1]", "type": "PERSON",
                            "file": "transcripts/sw01.txt", "start": 16, "end": 28, "line": 2}], private=True)

    work.data.mkdir(parents=True, exist_ok=True)
    frame = _frame(rows)
    pyreadstat.write_sav(frame, str(work.data / "survey.sav"),
                         column_labels={"case_id": "Case identifier", "sex": "Sex of child", "age_band": "Age band"},
                         variable_value_labels={"sex": {1.0: "Male", 2.0: "Female"}})
    write_text(work.data / "survey.tab", frame.to_csv(sep="\t", index=False, lineterminator="\n"))
    write_text(work.transcripts / "transcripts" / "sw01.txt", TRANSCRIPT)
    write_text(work.anonymised / "documentation" / "docs" / "interview_guide.txt", GUIDE)

    transcripts = [{"file": "transcripts/sw01.txt", "output": "anonymised/transcripts/transcripts/sw01.txt",
                    "words": len(TRANSCRIPT.split()), "replaced": 1, "by_type": {"PERSON": 1}}]
    details = {
        "collection": {"id": data["study"]["id"], "title": data["study"]["title"], "synthetic": True},
        "transcripts": transcripts,
        "entities": [{"placeholder": "[Person 1]", "type": "PERSON", "files": ["transcripts/sw01.txt"], "occurrences": 1}],
        "review": {"file": "", "pending": 0, "replace": 0, "keep": 0},
        "residual": {"status": "clean", "checked_files": 2, "originals_checked": 1, "hits": []},
        "data": [],
    }
    summary = {"files_processed": 3, "identifiers_replaced": 1, "distinct_entities": 1, "review_pending": 0, "residual": "clean"}
    write_result(work, stage_result("anonymise", ProblemReport(), ["anonymised/transcripts/transcripts/sw01.txt"], summary, details))

    from metadata.rtf import RtfDocument

    # describe writes the collection's metadata, then one edition per format, which is what gets bundled.
    for folder, fmt in ((work.metadata, None), (work.metadata / "tab", "tab"), (work.metadata / "spss", "spss")):
        name = f"survey.{FOLDERS[fmt]}" if fmt else "survey.sav"
        write_text(folder / f"{STUDY_ID}_ddi.xml", _ddi(work, data, rows, fmt))
        write_text(folder / "survey_ukda_data_dictionary.rtf",
                   RtfDocument(title="survey").heading(name).table([["Name", "Label"], ["sex", "Sex of child"]]).render())
        write_text(folder / "codebook.html", f"<!DOCTYPE html><html><body><h1>Codebook</h1><p>{name}</p></body></html>\n")
    write_text(work.reports / "anonymisation_report.html", "<!DOCTYPE html><html><body><p>[Person 1]</p></body></html>\n")
    write_json(work.reports / "anonymisation_report.json", {"entities": 1})
    write_result(work, stage_result("describe", ProblemReport(), [f"metadata/{STUDY_ID}_ddi.xml"], {}, {}))
    os.chmod(collection, 0o755)
    return work


def decide(work: Work, occurrence: str, value: str = "not_identifier") -> None:
    """What a person does in a spreadsheet: write a decision in one row of WORK/private/decisions.csv."""
    text = work.decisions.read_bytes().decode("utf-8-sig")
    lines = [line + value if line.startswith(occurrence) else line for line in text.split("\r\n")]
    work.decisions.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
