"""Issue 12, end to end: a data manager's first deposit, replayed through the real command line.

The collection (tests/deposit/first_deposit_collection.py) has the shape of the one in the issue:
.docx, .rtf, .odt and .txt transcripts with bold labels and tables, one SPSS case file with
identifiers in names, ids, dates, ages, notes and its file label, no key variables named, a
creator whose surname names a professional in a transcript, a carer called Jan, and "Short"
waiting for review. The commands are the ones the README gives, run as a data manager runs
them (`python -m deposit ...` from the folder above, relative paths), in this order:

    check, anonymise, describe, package --format both   (refused: review items undecided)
    a person decides every row of WORK/private/review/text_review.csv (replace, the safe answer)
    anonymise, describe, package --format both, verify  (and `run` over the same collection)

Each test asserts that one finding of the issue no longer happens.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pyreadstat
import pytest
import yaml

from anonymise.data.rules import SECRET_ENV
from anonymise.text.matching import KeptPhrases, any_case_originals, kept_phrases, searched_originals
from anonymise.text.placeholders import BRACKETED
from anonymise.text.settings import TextSettings
from manifests.fileio import read_json, read_jsonl
from manifests.loader import load_manifest
from manifests.workdir import Work
from tests.deposit.first_deposit_collection import (
    CARER_JAN, COUNCILS, EXAMPLE_MANIFEST, RARE_ETHNICITY, SAV, build)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
STUDY = "900001"
BUNDLE = f"dist/{STUDY}_both.zip"
EDITIONS = {"tab": f"{STUDY}_both/data/UKDA-{STUDY}-tab/", "spss": f"{STUDY}_both/data/UKDA-{STUDY}-spss/"}
COUNCIL_WORDS = {word for name in COUNCILS for word in name.split() if word not in ("City", "Council")}
PRIVATE_NAMES = re.compile(r"key\.jsonl|text_review\.csv|crosswalk|decisions\.csv|gate_.*\.log|_private\.", re.I)


def deposit(base: Path, *argv: str) -> dict:
    """One command as a data manager types it, in the folder that holds the collection."""
    # A secret of the test's own (as a data manager has theirs, made once in their config folder):
    # the order of the new case ids is then the same on every machine, and no home folder is written.
    env = {**os.environ, "PYTHONPATH": str(ROOT), SECRET_ENV: "the first deposit's private secret"}
    done = subprocess.run([sys.executable, "-m", "deposit", *argv], cwd=base, env=env,
                          capture_output=True, text=True, timeout=900)
    return {"argv": list(argv), "code": done.returncode, "out": done.stdout, "err": done.stderr}


def decide_every_row(review: Path, decision: str = "replace") -> list[dict]:
    """What the README asks of a person: a decision in each row of the review file. The rows as found."""
    rows = list(csv.DictReader(io.StringIO(review.read_text(encoding="utf-8-sig"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows([{**row, "decision": row["decision"] or decision} for row in rows])
    review.write_text(out.getvalue(), encoding="utf-8-sig")
    return rows


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    base = tmp_path_factory.mktemp("first_deposit")
    planted = build(base / "collection")
    steps = [deposit(base, "check", "collection", "--work", "work", "--brief"),
             deposit(base, "anonymise", "collection", "--work", "work"),
             deposit(base, "describe", "work"),
             deposit(base, "package", "work", "--out", "dist", "--format", "both")]
    work = Work.at(base / "work")
    refused_zips = sorted((base / "dist").glob("*.zip")) if (base / "dist").exists() else []
    review_rows = decide_every_row(work.review / "text_review.csv")
    steps += [deposit(base, "anonymise", "collection", "--work", "work"),
              deposit(base, "describe", "work"),
              deposit(base, "package", "work", "--out", "dist", "--format", "both")]
    steps += [deposit(base, "verify", str(z.relative_to(base)), "--work", "work")
              for z in sorted((base / "dist").glob("*.zip"))]
    # the single-file data pass has no default place for its key: it refuses rather than write one here
    steps.append(deposit(base, "anonymise-data", f"collection/{SAV}", "single/casefile_survey.sav"))
    # the whole job again with `run` and --allow-pending-review, as `make deposit` passes it: no reviewer, so the items
    # waiting for review stay replaced (the safe default) and the summary counts them
    steps.append(deposit(base, "run", "collection", "--work", "work-run", "--out", "dist-run", "--format", "both",
                         "--allow-pending-review"))
    return {"base": base, "planted": planted, "steps": steps, "work": work, "refused_zips": refused_zips,
            "review_rows": review_rows}


def bundle(first, name: str = BUNDLE) -> dict[str, bytes]:
    with zipfile.ZipFile(first["base"] / name) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def sav_text(data: bytes, tmp: Path) -> tuple[str, object, object]:
    """A .sav's values, labels and file label as text (what a user of the file sees), its frame and meta."""
    path = tmp / "read.sav"
    path.write_bytes(data)
    df, meta = pyreadstat.read_sav(str(path))
    text = "\n".join([df.to_csv(sep="\t"), json.dumps(meta.column_names_to_labels),
                      json.dumps(meta.variable_value_labels, default=str), str(meta.file_label or "")])
    return text, df, meta


def readable(name: str, data: bytes, tmp: Path) -> str:
    """Every bundled file as the text a reader gets from it."""
    suffix = Path(name).suffix.lower()
    if suffix == ".sav":
        return sav_text(data, tmp)[0]
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="replace")


def key_records(first) -> list[dict]:
    return read_jsonl(first["work"].key)


def data_result(first) -> dict:
    [item] = read_json(first["work"].result("anonymise"))["details"]["data"]
    return item


# --- the commands -----------------------------------------------------------------------------

def test_the_commands_exit_as_the_readme_says(first):
    codes = [(s["argv"][0], s["code"]) for s in first["steps"]]
    assert codes == [("check", 0), ("anonymise", 0), ("describe", 0), ("package", 1),
                     ("anonymise", 0), ("describe", 0), ("package", 0), ("verify", 0),
                     ("anonymise-data", 2), ("run", 0)], \
        "\n".join(f"{s['argv']} -> {s['code']}\n{s['err'][-2000:]}" for s in first["steps"])
    for step in first["steps"]:
        assert "internal error" not in step["err"] and "Traceback" not in step["err"]
    # the refusal names the review gate and where to decide, and writes no bundle
    refused = first["steps"][3]
    assert "gate.review_pending" in refused["err"] and "review" in refused["err"]
    assert first["refused_zips"] == []
    assert "--private" in first["steps"][-2]["err"] and not (first["base"] / "single").exists()


def test_no_gate_forces_a_keep_the_only_decisions_are_review_rows_a_person_made(first):
    example = yaml.safe_load(EXAMPLE_MANIFEST.read_text(encoding="utf-8"))
    manifest = yaml.safe_load((first["base"] / "collection" / "deposit.yaml").read_text(encoding="utf-8"))
    assert manifest["anonymisation"]["keep"] == example["anonymisation"]["keep"]
    # "Short" was waiting for review, and the person's decision (replace) is the safe one
    pending = {m for row in first["review_rows"] for m in re.findall(r"<<(.+?)>>", row["context"])}
    assert "Short" in pending and all(not row["decision"] for row in first["review_rows"])
    rows = list(csv.DictReader(io.StringIO((first["work"].review / "text_review.csv").read_text(encoding="utf-8-sig"))))
    assert rows and {r["decision"] for r in rows} == {"replace"}
    assert read_json(first["work"].result("anonymise"))["summary"]["review_pending"] == 0
    # no gate stopped on an original: no per-occurrence decision was needed, no gate log but the note
    assert not first["work"].decisions.exists() or not [
        r for r in csv.DictReader(io.StringIO(first["work"].decisions.read_text(encoding="utf-8-sig"))) if r.get("decision")]
    assert sorted(p.name for p in first["work"].private.glob("gate_*.log")) == ["gate_published_names.log"]
    # the report was written although its own template says "short"; its keep list holds no decision
    report = json.loads((first["work"].reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    assert "other short numbers" in (first["work"].reports / "anonymisation_report.html").read_text(encoding="utf-8")
    assert report["person_decisions"]["totals"] == {"keep": 0, "not_identifier": 0, "replace": len(rows)}
    assert {t["source"] for t in report["keep_list"]["terms"]} <= {"manifest", "study"}
    short = [r for r in key_records(first) if r["original"] == "Short"]
    assert short and all(r["replacement"].startswith("[Person") for r in short)


def test_no_original_stands_in_the_bundle_as_that_identifier(first, tmp_path):
    """Every original the key holds, looked for with a plain regular expression in every file of
    both editions as a reader gets it (.sav values and labels, the guide's text); the creator's
    citation form is the one place a transcript surname may stand."""
    records = key_records(first)
    searched = searched_originals(records, include_pending=True)
    any_case = any_case_originals(searched)
    replacements = {r["replacement"] for r in records}
    kept = KeptPhrases(kept_phrases(TextSettings.from_manifest(load_manifest(first["base"] / "collection"))))
    creator = first["planted"].creator
    assert len(searched) > 50
    for name, data in bundle(first).items():
        text = readable(name, data, tmp_path)
        text = BRACKETED.sub(lambda m: " " * len(m.group(0)) if m.group(0) in replacements else m.group(0), text)
        for original in {o for o, _kind, _mode in searched}:
            flags = re.IGNORECASE if original in any_case else 0
            for hit in re.finditer(r"(?<!\w)" + re.escape(original) + r"(?!\w)", text, flags=flags):
                if text.startswith(creator, hit.start()) or kept.covers(text, hit.start(), hit.end()):
                    continue
                pytest.fail(f"an original ({len(original)} chars) stands in {name} at {hit.start()}")


# --- names the study publishes, and the carer called Jan ----------------------------------------

def test_the_creators_surname_is_a_citation_in_the_ddi_and_replaced_in_the_transcript(first):
    planted, files = first["planted"], bundle(first)
    surname = planted.professional_surname
    for folder in EDITIONS.values():
        ddi = files[f"{folder}mrdoc/{STUDY}_ddi.xml"].decode("utf-8")
        assert f">{planted.creator}</AuthEnty>" in ddi and planted.creator in re.search(
            r"<biblCit[^>]*>(.*?)</biblCit>", ddi, re.S).group(1)
        transcript = files[f"{folder}rtf/{Path(planted.professional_file).stem}.rtf"].decode("ascii")
        assert surname not in transcript and transcript.count("Mrs [Person") == 2
    written = first["work"].transcripts / planted.professional_file
    assert written.suffix == ".docx" and surname not in "".join(paragraph_texts(written))
    # the data manager is told, privately by name and publicly without it
    [note] = [p for p in read_json(first["work"].result("anonymise"))["problems"]
              if p["code"] == "anonymise.published_name_in_text"]
    assert note["severity"] == "info" and note["location"].startswith(planted.professional_file)
    assert surname not in note["message"]
    assert surname in first["work"].gate_log("published_names").read_text(encoding="utf-8")


def test_jan_is_replaced_in_text_and_data_and_the_sav_header_does_not_stop_the_bundle(first, tmp_path):
    planted, files = first["planted"], bundle(first)
    assert any(r["original"] == CARER_JAN and r["type"] == "PERSON" for r in key_records(first))
    for folder in EDITIONS.values():
        name = f"{folder}rtf/{Path(planted.jan_file).stem}.rtf"
        assert CARER_JAN not in re.findall(r"\w+", files[name].decode("ascii"))
        assert "carer, [Person" in files[name].decode("ascii")
    sav = files[f"{EDITIONS['spss']}spss/casefile_survey.sav"]
    assert b"01 Jan 80" in sav[:176]                       # the writer's own stamp, in the packaged file
    text, _df, _meta = sav_text(sav, tmp_path)
    assert CARER_JAN not in re.findall(r"\w+", text)
    tab = files[f"{EDITIONS['tab']}tab/casefile_survey.tab"].decode("utf-8")
    assert CARER_JAN not in re.findall(r"\w+", tab) and "Carer [Person" in tab


# --- the data pass in automatic mode -----------------------------------------------------------

def test_new_case_ids_do_not_keep_the_original_order(first, tmp_path):
    crosswalk = list(csv.DictReader(io.StringIO(
        (first["work"].private / "crosswalk_casefile_survey.csv").read_text(encoding="utf-8-sig"))))
    new = {row["original"]: int(float(row["replacement"])) for row in crosswalk if row["variable"] == "case_id"}
    old_ids = first["planted"].old_ids                      # in the order the serial numbers run
    assert sorted(new) == sorted(old_ids)
    in_old_order = [new[old] for old in old_ids]
    assert sorted(in_old_order) == list(range(1, len(old_ids) + 1))
    assert in_old_order != sorted(in_old_order) and in_old_order != sorted(in_old_order, reverse=True)
    offsets = {n - int(old[2:]) for old, n in zip(old_ids, in_old_order)}
    assert len(offsets) > 1                                 # not new = old - 99
    n = len(old_ids)
    rho = 1 - 6 * sum((rank - i) ** 2 for i, rank in enumerate(in_old_order, start=1)) / (n * (n * n - 1))
    assert abs(rho) < 0.5, f"new ids follow the old order (Spearman {rho:.2f})"
    _text, df, _meta = sav_text(bundle(first)[f"{EDITIONS['spss']}spss/casefile_survey.sav"], tmp_path)
    assert not set(df["case_id"].astype(str)) & set(old_ids)


def test_exact_ages_and_dates_are_generalised(first, tmp_path):
    files = bundle(first)
    _text, df, meta = sav_text(files[f"{EDITIONS['spss']}spss/casefile_survey.sav"], tmp_path)
    assert "child_name" not in df and "carer_name" not in df
    for variable in ("age", "dob"):                         # an exact age, and the age a birth date gives
        assert variable not in df or set(meta.variable_value_labels.get(variable, {}).values()) >= {"0-4", "5-9", "10-15"}
        if variable in df:
            assert set(df[variable].dropna()) <= set(meta.variable_value_labels[variable])
    assert "review_date" in df
    reviews = df["review_date"].dropna().astype(str)
    assert len(reviews) and all(re.fullmatch(r"\d{4}-\d{2}", v) or v == "" for v in reviews)
    tab = files[f"{EDITIONS['tab']}tab/casefile_survey.tab"].decode("utf-8")
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", tab)
    for review in first["planted"].dates_of_review:
        assert review not in tab
    # the rule is shown: the DDI says what was done to the date
    ddi = files[f"{EDITIONS['tab']}mrdoc/{STUDY}_ddi.xml"].decode("utf-8")
    assert "date coarsened" in ddi and "exact_dates" in ddi


def test_tab_dates_are_dates(first):
    tab = bundle(first)[f"{EDITIONS['tab']}tab/casefile_survey.tab"].decode("utf-8")
    assert "T00:00:00" not in tab and "00:00:00" not in tab
    header, *rows = [line.split("\t") for line in tab.splitlines()]
    column = header.index("review_date")
    assert any(re.fullmatch(r"\d{4}-\d{2}", row[column]) for row in rows)


def test_risk_is_measured_on_keys_the_data_pass_found_itself(first):
    item = data_result(first)
    assert item["key_source"] == "proposed" and item["k_applied"] is True
    assert {"age", "sex", "ethnicity", "la"} <= set(item["keys"])
    before, after = item["risk_before"], item["risk_after"]
    assert before["sample_uniques"] > 0 and after["sample_uniques"] == 0 and after["k_violations"]["3"] == 0
    # the only child of that ethnicity does not go out untouched
    tab = bundle(first)[f"{EDITIONS['tab']}tab/casefile_survey.tab"].decode("utf-8")
    assert RARE_ETHNICITY not in tab
    # the report says the tool proposed them, why, and asks a person to confirm
    report = json.loads((first["work"].reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    [data] = report["data"]
    assert data["keys_source"] == "proposed" and data["risk_keys"] == item["keys"]
    assert [p["variable"] for p in data["proposed_keys"]] == item["keys"] and all(p["reason"] for p in data["proposed_keys"])
    assert data["risk"]["before"]["sample_uniques"] > 0 and data["risk_distribution"]["before"] is not None
    assert "data.proposed_keys" in {r["code"] for r in report["verdict"]["reasons"]}
    assert "the tool proposed" in data["statement"]
    # and the page the bundle carries says so to its reader, with the reasons
    page = bundle(first)[f"{EDITIONS['tab']}mrdoc/anonymisation_report.html"].decode("utf-8")
    assert "No key variables were named in the manifest." in page and "Why the tool proposed it" in page
    assert "no reason given" not in page


def test_the_file_label_does_not_carry_the_councils(first, tmp_path):
    files = bundle(first)
    _text, _df, meta = sav_text(files[f"{EDITIONS['spss']}spss/casefile_survey.sav"], tmp_path)
    assert not COUNCIL_WORDS & set(re.findall(r"\w+", meta.file_label or ""))
    for name, data in files.items():
        words = set(re.findall(r"\w+", readable(name, data, tmp_path)))
        assert not COUNCIL_WORDS & words, f"{name} names a study council"
    item = data_result(first)
    assert item["metadata_text"]["file_label"] > 0          # the text pass read it


# --- private things, layout, both editions ---------------------------------------------------------

def test_private_files_stay_under_work_private_and_out_of_the_bundles(first):
    base, work = first["base"], first["work"]
    for root in (work.root, base / "work-run"):
        private = [p for p in root.rglob("*") if p.is_file() and PRIVATE_NAMES.search(p.name)]
        assert private and all(p.is_relative_to(root / "private") for p in private), private
        assert (root / "private" / "key.jsonl").is_file() and (root / "private" / "review" / "text_review.csv").is_file()
    # nothing was written beside the collection, in the folder the commands ran in
    assert sorted(p.name for p in base.iterdir()) == ["collection", "dist", "dist-run", "work", "work-run"]
    for name in (BUNDLE, *[str(p.relative_to(base)) for p in (base / "dist-run").glob("*.zip")]):
        names = list(bundle(first, name))
        assert not [n for n in names if PRIVATE_NAMES.search(n) or "/private/" in n or "review" in Path(n).name]


def paragraph_texts(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]


LABEL = re.compile(r"(?:Interviewer|SW|IRO|P):")


def source_turns(path: Path) -> int:
    """Speaker turns (paragraphs that open with a label) in a generated .docx or .odt."""
    if path.suffix == ".docx":
        texts = paragraph_texts(path)
    else:
        from odf.opendocument import load
        from odf.text import P

        texts = [str(p) for p in load(str(path)).text.getElementsByType(P)]
    return sum(1 for text in texts if LABEL.match(text))


def test_docx_and_odt_stay_docx_and_odt_with_their_paragraphs_and_tables(first):
    from docx import Document
    from odf.opendocument import load
    from odf.table import Table, TableRow
    from odf.text import P, Span

    collection, written = first["base"] / "collection", first["work"].transcripts
    planted = first["planted"]
    docx = [p for p in planted.transcripts if p.endswith(".docx")]
    odt = [p for p in planted.transcripts if p.endswith(".odt")]
    assert len(docx) == 3 and len(odt) == 2
    for rel in docx:
        before, after = Document(str(collection / rel)), Document(str(written / rel))
        assert len(after.paragraphs) == len(before.paragraphs) > 5
        assert len(after.tables) == 1 and len(after.tables[0].columns) == 2
        assert len(after.tables[0].rows) == len(before.tables[0].rows)
        labels = [p.runs[0] for p in after.paragraphs[1:] if p.runs]
        assert labels and all(run.bold and run.text.endswith(": ") for run in labels)
        text = "\n".join(p.text for p in after.paragraphs)
        # the carer's name was typed in two runs; it is replaced whole
        assert not [name for name in planted.people if " " in name and name in text]
        assert "[Person" in text
    for rel in odt:
        before, after = load(str(collection / rel)), load(str(written / rel))
        assert len(after.text.getElementsByType(P)) == len(before.text.getElementsByType(P)) > 5
        assert len(after.text.getElementsByType(Table)) == 1
        assert len(after.text.getElementsByType(TableRow)) == len(before.text.getElementsByType(TableRow))
        spans = [str(s) for s in after.text.getElementsByType(Span)]
        assert any(s.startswith("Interviewer: ") for s in spans)
        text = "\n".join(str(p) for p in after.text.getElementsByType(P))
        assert not [name for name in planted.people if " " in name and name in text]
    # converted to RTF in the bundle (the UKDS-preferred format), each turn is its own paragraph
    files = bundle(first)
    for rel in docx + odt:
        rtf = files[f"{EDITIONS['tab']}rtf/{Path(rel).stem}.rtf"].decode("ascii")
        turns = re.findall(r"\\pard\\plain[^\n]*\{\\b " + LABEL.pattern + r" \}[^\n]*\\par\n", rtf)
        assert len(turns) == source_turns(collection / rel) >= 6
        assert rtf.count("\\trowd") == 2 and "\\cell" in rtf


def test_both_editions_are_in_the_bundle_and_verify(first):
    names = list(bundle(first))
    assert f"{EDITIONS['tab']}tab/casefile_survey.tab" in names
    assert f"{EDITIONS['spss']}spss/casefile_survey.sav" in names
    for folder in EDITIONS.values():
        assert f"{folder}mrdoc/{STUDY}_ddi.xml" in names and f"{folder}mrdoc/pdf/{STUDY}_user_guide.pdf" in names
    verified = [s for s in first["steps"] if s["argv"][0] == "verify"]
    assert [s["argv"][1] for s in verified] == [BUNDLE] and all(s["code"] == 0 for s in verified)
    verify = read_json(first["work"].result("verify"))
    assert verify["status"] == "ok"
    # a clean bundle raises no false alarm a secondary researcher would have to chase (issue 12:
    # age bands read as phone numbers, a label cut inside a placeholder read as a name)
    assert [p["location"] for p in verify["problems"] if p["code"] == "residual.possible_identifier"] == []
    # `run` reaches the same kind of bundle on its own and verifies it
    assert read_json(Work.at(first["base"] / "work-run").result("verify"))["status"] == "ok"
    assert [p.name for p in (first["base"] / "dist-run").glob("*.zip")] == [f"{STUDY}_both.zip"]
    run = first["steps"][-1]
    assert re.search(r"review items pending +[1-9]\d* \(replaced by default", run["out"])
    assert re.search(r"risk data/casefile_survey\.sav: k=3 violations [1-9]\d* -> 0", run["out"])
