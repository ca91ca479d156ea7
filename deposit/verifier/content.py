"""Checks on what a bundle says about itself: the DDI is valid, and the data match it.

The DDI is validated by the metadata package (XSD, IDREFs, CESSDA profile).
Consistency is checked here, reading only what is needed: the header and the
number of rows of a .tab file (streamed, so memory stays flat), the dictionary
of a .sav file (pyreadstat, metadata only).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from manifests.errors import Problem, ProblemReport, UserError
from manifests.layout import EXPECTED_NOTE, PARTICIPANT_NOTE, TRANSCRIPTS_SUBJECT
from manifests.fileio import CHUNK


@dataclass
class DescribedFile:
    """One fileDscr of a DDI codebook."""

    ident: str
    name: str
    cases: int | None
    variables: set[str] = field(default_factory=set)
    uri: str = ""
    expected: dict[str, int] = field(default_factory=dict)    # EXPECTED_NOTE subject -> figure
    participant_type: str = ""


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element, *path: str) -> str | None:
    node = element
    for name in path:
        node = next((c for c in node if _local(c.tag) == name), None)
        if node is None:
            return None
    return (node.text or "").strip()


def described_files(ddi_path: Path) -> dict[str, DescribedFile]:
    """File name (lower case) -> what the DDI says about it (case count, variable names)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.parse(str(ddi_path), parser).getroot()
    files: dict[str, DescribedFile] = {}
    by_id: dict[str, DescribedFile] = {}
    for element in root.iter():
        if _local(element.tag) != "fileDscr":
            continue
        name = _child_text(element, "fileTxt", "fileName") or element.get("URI") or element.get("ID", "")
        cases = _child_text(element, "fileTxt", "dimensns", "caseQnty")
        notes = _typed_notes(element)
        described = DescribedFile(element.get("ID", ""), name, int(cases) if cases and cases.isdigit() else None,
                                  uri=element.get("URI") or "", expected=_figures(notes.get(EXPECTED_NOTE, {})),
                                  participant_type=next(iter(notes.get(PARTICIPANT_NOTE, {}).values()), ""))
        files[PurePosixPath(name).name.lower()] = described
        by_id[described.ident] = described
    only = next(iter(files.values())) if len(files) == 1 else None
    for element in root.iter():
        if _local(element.tag) != "var" or not element.get("name"):
            continue
        owners = [by_id[i] for i in (element.get("files") or "").split() if i in by_id] or ([only] if only else [])
        for owner in owners:
            owner.variables.add(element.get("name"))
    return files


def _typed_notes(element) -> dict[str, dict[str, str]]:
    """An element's own `notes` children that have a type: type -> subject -> text."""
    out: dict[str, dict[str, str]] = {}
    for child in element:
        if _local(child.tag) == "notes" and child.get("type"):
            out.setdefault(child.get("type"), {})[child.get("subject") or ""] = (child.text or "").strip()
    return out


def _figures(notes: dict[str, str]) -> dict[str, int]:
    return {subject: int(text) for subject, text in notes.items() if text.lstrip("-").isdigit()}


def expected_transcripts(ddi_path: Path) -> dict[str, int]:
    """The study's expected transcripts per participant type (stdyDscr notes), {} when it gives none."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.parse(str(ddi_path), parser).getroot()
    study = next((c for c in root if _local(c.tag) == "stdyDscr"), None)
    figures = _figures(_typed_notes(study).get(EXPECTED_NOTE, {})) if study is not None else {}
    return {subject[len(TRANSCRIPTS_SUBJECT):]: n for subject, n in figures.items()
            if subject.startswith(TRANSCRIPTS_SUBJECT)}


def _lookup(described: dict[str, DescribedFile], name: str) -> DescribedFile | None:
    """By file name; else a data file of the same stem (the DDI may describe the .sav of a .tab)."""
    key = PurePosixPath(name).name.lower()
    if key in described:
        return described[key]
    stem = PurePosixPath(key).stem
    return next((d for k, d in sorted(described.items()) if PurePosixPath(k).stem == stem and d.cases is not None), None)


def tab_shape(path: Path) -> tuple[list[str], int]:
    """Variable names and number of data rows of a tab-delimited file, streamed.

    Counting newlines is exact unless a cell is quoted (it may hold a line break);
    only then is the file read again with the csv module."""
    rows = 0
    quoted = False
    last = b""
    with open(path, "rb") as handle:
        header = handle.readline()
        while block := handle.read(CHUNK):
            rows += block.count(b"\n")
            quoted = quoted or b'"' in block
            last = block
        if last and not last.endswith(b"\n"):
            rows += 1
    names = next(csv.reader([header.decode("utf-8-sig").rstrip("\r\n")], delimiter="\t"), [])
    if quoted or '"' in header.decode("utf-8", errors="replace"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t")
            names = next(reader, [])
            rows = sum(1 for _ in reader)
    return names, rows


def sav_shape(path: Path) -> tuple[list[str], int | None]:
    import pyreadstat

    _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    rows = meta.number_rows if meta.number_rows is not None and meta.number_rows >= 0 else None
    return list(meta.column_names), rows


def check_ddi(ddi_path: Path, label: str) -> ProblemReport:
    """XSD, IDREF and CESSDA-profile validation by the metadata package."""
    from metadata.validate import validate_ddi

    out = ProblemReport()
    try:
        report = validate_ddi(ddi_path)
    except UserError as exc:  # not XML, or not a codebook: inside a bundle that is a failed check
        out.add_problem("ddi.unreadable", location=label, hint=exc.hint or None, ddi=label, reason=exc.message)
        return out
    for problem in report:   # the validator's findings, located in the bundle rather than on disk
        where = problem.location.replace(str(ddi_path), "") if problem.location else ""
        out.problems.append(replace(problem, location=f"{label}:{where}" if where else label))
    return out


def _against_expected(label: str, rows: int | None, variables: int, expected: dict[str, int]) -> list[Problem]:
    """A data file against what the depositor said it holds: its cases, and its variables as listed
    less those anonymisation removed."""
    problems = []
    hint = "the deposit lost or gained records or variables, or the manifest's files[].expected is wrong"
    if "cases" in expected and rows is not None and rows != expected["cases"]:
        problems.append(Problem.of("data.expected_cases", location=label, hint=hint, path=label, rows=rows,
                                   expected=expected["cases"]))
    removed = expected.get("variables-removed", 0)
    if "variables" in expected and variables != expected["variables"] - removed:
        problems.append(Problem.of("data.expected_variables", location=label, hint=hint, path=label, variables=variables,
                                   expected=expected["variables"] - removed, listed=expected["variables"], removed=removed))
    return problems


def check_transcripts(ddi_path: Path, names: set[str], folder: str, ddi_label: str) -> list[Problem]:
    """Transcripts in the bundle per participant type against the study's expected figures. `names`
    are the payload's names (relative to data/), `folder` the UKDA folder the DDI describes."""
    try:
        expected = expected_transcripts(ddi_path)
        described = described_files(ddi_path)
    except Exception:  # lxml raises several types for broken XML; check_consistency reports it
        return []
    if not expected:
        return []
    found: dict[str, int] = {}
    for entry in described.values():
        if entry.participant_type and entry.cases is None and f"{folder}/{entry.uri}" in names:
            found[entry.participant_type] = found.get(entry.participant_type, 0) + 1
    return [Problem.of("data.expected_transcripts", location=f"{ddi_label}:{kind}", found=found.get(kind, 0), kind=kind,
                       ddi=ddi_label, expected=expected.get(kind, 0))
            for kind in sorted(set(expected) | set(found)) if found.get(kind, 0) != expected.get(kind, 0)]


def check_consistency(ddi_path: Path, data_files: list[tuple[str, Path]], ddi_label: str, complete: bool) -> list[Problem]:
    """Every data file described, every variable described and present, case counts equal.

    `data_files` are (bag-relative name, path). `complete` is False for one part of a
    split bundle, where a described file may legitimately sit in another part."""
    problems: list[Problem] = []
    try:
        described = described_files(ddi_path)
    except Exception as exc:  # lxml raises several types for broken XML; all mean the same here
        return [Problem.of("data.ddi_unreadable", location=ddi_label, ddi=ddi_label, reason=str(exc))]
    seen: set[str] = set()
    for label, path in data_files:
        entry = _lookup(described, label)
        if entry is None:
            problems.append(Problem.of("data.undescribed_file", location=label, path=label, ddi=ddi_label))
            continue
        seen.add(PurePosixPath(label).stem.lower())
        try:
            names, rows = sav_shape(path) if path.suffix.lower() == ".sav" else tab_shape(path)
        except Exception as exc:  # pyreadstat and csv raise their own types for unreadable files
            problems.append(Problem.of("data.unreadable", location=label, path=label, reason=str(exc)))
            continue
        for name in sorted(set(names) - entry.variables):
            problems.append(Problem.of("data.undescribed_variable", location=f"{label}:{name}", variable=name, path=label,
                                       ddi=ddi_label))
        for name in sorted(entry.variables - set(names)):
            problems.append(Problem.of("data.missing_variable", location=f"{label}:{name}", variable=name, path=label,
                                       ddi=ddi_label))
        if entry.cases is None:
            problems.append(Problem.of("data.no_case_count", location=ddi_label, ddi=ddi_label, file=entry.name))
        elif rows is not None and entry.cases != rows:
            problems.append(Problem.of("data.case_count", location=label, path=label, rows=rows, ddi=ddi_label,
                                       cases=entry.cases))
        problems.extend(_against_expected(label, rows, len(names), entry.expected))
    if complete:
        # Only data files carry a case count; transcripts are described too but are not data.
        for key, entry in sorted(described.items()):
            if entry.cases is not None and PurePosixPath(key).stem not in seen:
                problems.append(Problem.of("data.missing_file", location=ddi_label, ddi=ddi_label, file=entry.name))
    return problems
