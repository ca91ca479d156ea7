"""A collection shaped like the data manager's first deposit of issue 12, small enough for a test.

Everything is generated here: people's names from Faker (en_GB, seeded), sentences from the
templates below, towns and councils from a short list of real places used as settings only.

- transcripts in four formats: .docx (bold speaker labels, a two-column table, a name typed in
  two runs), .rtf (bold labels, a table), .odt (bold spans, a table, a name split over spans)
  and .txt;
- one SPSS case file with identifiers in names, ids that carry initials, dates of birth and of
  review, exact ages, free-text notes, and a file label naming the councils; the manifest names
  no key variables and no rules for it (automatic mode);
- the manifest starts from manifests/example-deposit.yaml; one study creator shares a surname
  with a family support worker in one transcript; a foster carer is called Jan (the SPSS writer
  stamps "01 Jan 80" in every .sav header); one transcript says "Short answer, no." and "six or
  seven years ago".

`build(root)` writes it and returns a `Planted` record of what the tests look for.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from faker import Faker

from deposit.demo.writers import sav_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_MANIFEST = ROOT / "manifests" / "example-deposit.yaml"
SAV = "data/casefile_survey.sav"
SEED = 12
# The four study authorities: what the la variable holds, and what the file label names.
COUNCILS = ("Leeds City Council", "Wakefield Council", "Kirklees Council", "Calderdale Council")
FILE_LABEL = "Case files from Leeds, Wakefield, Kirklees and Calderdale"
TOWNS = ("Dewsbury", "Huddersfield", "Halifax", "Pontefract", "Castleford", "Batley")
SCHOOLS = ("Moorside Primary School", "Heathfield Academy", "Brookfield High School")
ETHNICITIES = ("White British", "White British", "White British", "Pakistani", "Black Caribbean", "Mixed")
RARE_ETHNICITY = "Gypsy or Irish Traveller"     # held by one child only: a unique record
LEGAL = ("Care order", "Section 20", "Placement order")
CREATOR_SURNAME = "Fairbrother"                 # a study creator's surname; also a family support worker's
CARER_JAN = "Jan"


@dataclass
class Planted:
    """What the generator put where, for the assertions."""
    creator: str = ""                            # "Fairbrother, E." as the manifest cites it
    professional_surname: str = CREATOR_SURNAME
    professional_file: str = ""                  # the transcript where Mrs Fairbrother works
    jan_file: str = ""
    short_file: str = ""
    people: list[str] = field(default_factory=list)      # every generated person name in the transcripts
    transcripts: dict[str, str] = field(default_factory=dict)   # path -> participant type
    old_ids: list[str] = field(default_factory=list)
    dates_of_review: list[str] = field(default_factory=list)


# --- transcript text ------------------------------------------------------------------------

OPENINGS = (
    "Can you tell me about {child}'s care plan?",
    "How did the last review go?",
    "Who was at the review?",
    "What happened when {child} moved?",
)
ANSWERS = (
    "Well, {child} has been with {carer} in {town} since the summer, and it's going well.",
    "The review was at {school}, and {sw} chaired it because the IRO was off sick.",
    "I rang {sw} on the Monday and she said {child} could stay with {carer} until the court date.",
    "{child} goes to {school} now; the teachers there know her and she has settled.",
    "Mum wanted {child} back in {town}, but the plan was always long-term fostering.",
)
SIDE = (("Placement", "Foster care with {carer}"), ("School", "{school}"))


def turns(rng: random.Random, people: dict[str, str], label: str) -> list[tuple[str, str]]:
    """(speaker label, words) for a short interview."""
    out = []
    for opening in rng.sample(OPENINGS, 3):
        out.append(("Interviewer", opening.format(**people)))
        out.append((label, rng.choice(ANSWERS).format(**people)))
    return out


def full_name(fake: Faker) -> str:
    """First name and surname, without the titles Faker's name() sometimes puts first."""
    return f"{fake.first_name()} {fake.last_name()}"


def cast(fake: Faker, rng: random.Random) -> dict[str, str]:
    return {"child": fake.first_name_female(), "carer": full_name(fake), "sw": full_name(fake),
            "town": rng.choice(TOWNS), "school": rng.choice(SCHOOLS)}


# --- writers --------------------------------------------------------------------------------

def write_txt(path: Path, title: str, lines: list[tuple[str, str]], table) -> None:
    body = [title, ""] + [f"{who}: {words}" for who, words in lines] + [f"{k}: {v}" for k, v in table]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")


def write_docx(path: Path, title: str, lines: list[tuple[str, str]], table, split: str) -> None:
    """Bold speaker labels, a two-column table, and `split` (a name) typed in two runs."""
    from docx import Document

    document = Document()
    document.core_properties.author = "Research team"
    document.add_paragraph(title, style="Title")
    for who, words in lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{who}: ").bold = True
        if split and split in words:
            head, tail = words.split(split, 1)
            paragraph.add_run(head + split[:2])
            paragraph.add_run(split[2:]).italic = True
            paragraph.add_run(tail)
        else:
            paragraph.add_run(words)
    grid = document.add_table(rows=0, cols=2)
    for key, value in table:
        cells = grid.add_row().cells
        cells[0].paragraphs[0].add_run(key).bold = True
        cells[1].paragraphs[0].add_run(value)
    document.save(str(path))


def rtf_escape(text: str) -> str:
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) > 127:
            out.append(f"\\u{ord(char)}?")
        else:
            out.append(char)
    return "".join(out)


def write_rtf(path: Path, title: str, lines: list[tuple[str, str]], table) -> None:
    parts = ["{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\n",
             f"\\pard\\plain\\sa120{{\\b {rtf_escape(title)}}}\\par\n"]
    for who, words in lines:
        parts.append(f"\\pard\\plain\\sa120{{\\b {rtf_escape(who)}:}} {rtf_escape(words)}\\par\n")
    for key, value in table:
        parts.append(f"\\trowd\\cellx3000\\cellx9000\\pard\\intbl{{\\b {rtf_escape(key)}}}\\cell "
                     f"{rtf_escape(value)}\\cell\\row\n")
    parts.append("\\pard\\par\n}")
    path.write_text("".join(parts), encoding="ascii")


def write_odt(path: Path, title: str, lines: list[tuple[str, str]], table, split: str) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P, Span

    document = OpenDocumentText()
    bold = Style(name="Label", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    document.text.addElement(H(outlinelevel=1, text=title))
    for who, words in lines:
        paragraph = P()
        paragraph.addElement(Span(stylename=bold, text=f"{who}: "))
        if split and split in words:
            head, tail = words.split(split, 1)
            paragraph.addText(head + split[:3])
            paragraph.addElement(Span(text=split[3:]))
            paragraph.addText(tail)
        else:
            paragraph.addText(words)
        document.text.addElement(paragraph)
    grid = Table(name="Details")
    grid.addElement(TableColumn(numbercolumnsrepeated=2))
    for key, value in table:
        row = TableRow()
        for text, style in ((key, bold), (value, None)):
            cell = TableCell()
            paragraph = P()
            if style:
                paragraph.addElement(Span(stylename=style, text=text))
            else:
                paragraph.addText(text)
            cell.addElement(paragraph)
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    document.save(str(path))


# --- the case file ------------------------------------------------------------------------

def case_file(fake: Faker, rng: random.Random, planted: Planted, rows: int = 40) -> tuple[pd.DataFrame, dict]:
    reference = dt.date(2013, 9, 1)
    records = []
    for index in range(rows):
        first, last = fake.first_name(), fake.last_name()
        birth = reference - dt.timedelta(days=rng.randint(3 * 365, 17 * 365))
        age = (reference - birth).days // 365
        review = dt.date(2012, 9, 1) + dt.timedelta(days=rng.randint(0, 500))
        carer = CARER_JAN + " " + fake.last_name() if index == 3 else full_name(fake)
        council = COUNCILS[index % len(COUNCILS)]
        ethnicity = RARE_ETHNICITY if index == 7 else rng.choice(ETHNICITIES)
        note = (f"{first} was seen by {full_name(fake)} at {rng.choice(SCHOOLS)}; carer {carer} attended."
                if index != 3 else f"Carer {CARER_JAN} asked for respite; {first} stays with {CARER_JAN} in "
                                   f"{rng.choice(TOWNS)} for now.")
        records.append({
            "case_id": f"{first[0]}{last[0]}{100 + index:03d}",
            "child_name": f"{first} {last}",
            "carer_name": carer,
            "dob": birth,
            "age": age,
            "sex": rng.choice((1, 2)),
            "ethnicity": ethnicity,
            "la": council,
            "legal_status": rng.choice(LEGAL),
            "review_date": review,
            "placement_moves": rng.randint(0, 6),
            "notes": note,
        })
        planted.old_ids.append(records[-1]["case_id"])
        planted.dates_of_review.append(review.isoformat())
    df = pd.DataFrame.from_records(records)
    meta = {
        "file_label": FILE_LABEL,
        "column_labels": {
            "case_id": "Case identifier", "child_name": "Child's name", "carer_name": "Carer's name",
            "dob": "Date of birth", "age": "Age at survey", "sex": "Sex", "ethnicity": "Ethnicity",
            "la": "Local authority", "legal_status": "Legal status", "review_date": "Date of last review",
            "placement_moves": "Number of placement moves", "notes": "Case notes"},
        "variable_value_labels": {"sex": {1: "Male", 2: "Female"}},
        # dates as SPSS DATE11 ("05-NOV-2012"), as a case-file survey holds them
        "variable_format": {"dob": "DATE11", "review_date": "DATE11", "age": "F2.0", "sex": "F1.0",
                            "placement_moves": "F2.0"},
    }
    return df, meta


# --- the whole collection -------------------------------------------------------------------

FORMATS = ("docx",) * 3 + ("rtf",) * 2 + ("odt",) * 2 + ("txt",) * 2
KINDS = ("social_worker", "iro", "parent")
LABELS = {"social_worker": "SW", "iro": "IRO", "parent": "P"}


def build(root: Path) -> Planted:
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    planted = Planted()
    (root / "transcripts").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "docs").mkdir()
    files = []
    for number, suffix in enumerate(FORMATS, start=1):
        kind = KINDS[number % len(KINDS)]
        people = cast(fake, rng)
        planted.people += [people["child"], people["carer"], people["sw"]]
        label = LABELS[kind]
        code = f"{label}{number:02d}"
        lines = turns(rng, people, label)
        if number == 2:          # the professional who shares a creator's surname
            lines.append(("Interviewer", "Who else helps the family?"))
            lines.append((label, f"The family support worker, Mrs {CREATOR_SURNAME}, visits every week, and "
                                 f"Mrs {CREATOR_SURNAME} rings the school when {people['child']} is off."))
            planted.professional_file = f"transcripts/{code.lower()}.{suffix}"
        if number == 4:          # the carer called Jan
            lines.append(("Interviewer", "And the foster carer?"))
            lines.append((label, f"The foster carer, {CARER_JAN}, came to the review, and {CARER_JAN} said "
                                 f"{people['child']} was happier in {people['town']}."))
            planted.jan_file = f"transcripts/{code.lower()}.{suffix}"
        if number == 8:          # the words that were once pending and once forced a keep
            lines.append(("Interviewer", "Did anyone ask her what she wanted?"))
            lines.append((label, "Short answer, no. Short said no as well, at the review. It started six or seven "
                                 "years ago, when she was little."))
            planted.short_file = f"transcripts/{code.lower()}.{suffix}"
        table = [(key, value.format(**people)) for key, value in SIDE]
        title = f"Transcript {code}: {kind.replace('_', ' ')}"
        path = root / "transcripts" / f"{code.lower()}.{suffix}"
        if suffix == "docx":
            write_docx(path, title, lines, table, split=people["carer"])
        elif suffix == "odt":
            write_odt(path, title, lines, table, split=people["carer"])
        elif suffix == "rtf":
            write_rtf(path, title, lines, table)
        else:
            write_txt(path, title, lines, table)
        rel = f"transcripts/{path.name}"
        planted.transcripts[rel] = kind
        files.append({"path": rel, "role": "transcript", "participant_type": kind,
                      "description": f"Interview transcript {code}"})

    df, meta = case_file(fake, rng, planted)
    # the header's creation stamp pinned: the same bytes every day, so the collection secret drawn
    # from the data files (and with it the order of the new case ids) is the same on every run
    (root / SAV).write_bytes(sav_bytes(df, **meta))

    docs = {"docs/interview_guide.txt": "Interview guide\n\n1. Tell me about the care plan.\n2. Who was at the review?\n",
            "docs/consent_form.txt": "Consent form\n\nI agree to take part in this study. Signed: ________\n",
            "docs/information_sheet.txt": "Information sheet\n\nWe are studying care planning for children.\n"}
    for rel, text in docs.items():
        (root / rel).write_text(text, encoding="utf-8")

    manifest = yaml.safe_load(EXAMPLE_MANIFEST.read_text(encoding="utf-8"))
    creator = f"{CREATOR_SURNAME}, E."
    manifest["study"]["creators"].append({"name": creator, "affiliation": "University of Anytown"})
    planted.creator = creator
    described = {f["path"]: f for f in manifest["files"]}
    manifest["files"] = files + [
        {"path": SAV, "role": "data", "participant_type": "case_file", "description": "Case-file survey of children in care",
         "expected": {"cases": len(df), "variables": len(df.columns)}},
        *(described[rel] for rel in docs)]
    manifest["expected_transcripts"] = {kind: list(planted.transcripts.values()).count(kind) for kind in KINDS}
    # No key variables and no rules for the case file: the data pass finds them itself.
    manifest["anonymisation"].pop("data")
    (root / "deposit.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return planted


if __name__ == "__main__":       # write one by hand: python -m tests.deposit.first_deposit_collection DIR
    import sys

    print(build(Path(sys.argv[1])))
