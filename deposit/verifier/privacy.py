"""Privacy checks on a bundle's payload: no private-key files, and a residual-identifier scan.

A key file is recognised by its name (key.jsonl, crosswalk*, the manifest copy)
and by its content (JSON records or a table header pairing `original` with
`replacement`), so renaming a key does not smuggle it through.

The residual scan runs the text engine's detector at its high-precision
settings over transcripts and study documents. It only warns: a name the
detector finds may be a placeholder-like word or a public organisation, and a
person has to look. It lists where, never what, so the report can be shared.
Organisations the bundle's own study description names (producer, funder,
distributor, the authors' affiliations) are public and not reported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from deposit.errors import Problem

SNIFF_BYTES = 64 * 1024
KEY_NAMES = re.compile(r"^(key\.jsonl|crosswalk.*|.*_private\..*|deposit\.ya?ml|collection\.json)$", re.IGNORECASE)
SNIFF_SUFFIXES = {".jsonl", ".json", ".csv", ".tab", ".tsv", ".txt", ".ndjson", ""}
# Files our packager generates: scanning them would flag the creators named in the citation.
GENERATED = re.compile(r"(_ddi\.xml|codebook\.html|anonymisation_report\.(html|json)|_ukda_data_dictionary\.rtf|"
                       r"_file_information\.rtf|read[0-9A-Za-z-]+\.htm)$", re.IGNORECASE)
TEXT_SUFFIXES = {".txt", ".rtf", ".docx", ".odt"}
MAX_SCAN_BYTES = 20 * 1024 * 1024
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]")


def looks_like_key(head: str) -> bool:
    lines = [line for line in head.splitlines() if line.strip()][:5]
    if not lines:
        return False
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            break
        if isinstance(record, dict) and {"original", "replacement"} <= {k.lower() for k in record}:
            return True
    try:
        whole = json.loads(head)
    except ValueError:
        whole = None
    if isinstance(whole, list) and whole and isinstance(whole[0], dict):
        return {"original", "replacement"} <= {k.lower() for k in whole[0]}
    header = {cell.strip().strip('"').lower() for cell in re.split(r"[,\t;]", lines[0])}
    return {"original", "replacement"} <= header or {"old_id", "new_id"} <= header


def private_files(root: Path, names: list[str]) -> list[Problem]:
    """`names` are bag-relative payload paths under `root`."""
    problems = []
    for name in names:
        path = PurePosixPath(name)
        hint = "the private key links placeholders back to real people; it must never leave WORK/private/"
        if KEY_NAMES.match(path.name) or "private" in [p.lower() for p in path.parts[:-1]]:
            problems.append(Problem("privacy.private_file", f"{name} looks like a private file (by its name)", location=name, hint=hint))
            continue
        if path.suffix.lower() not in SNIFF_SUFFIXES:
            continue
        with open(root / name, "rb") as handle:
            head = handle.read(SNIFF_BYTES).decode("utf-8", errors="replace")
        if looks_like_key(head):
            problems.append(Problem("privacy.key_content", f"{name} holds original -> replacement records (a private key)",
                                    location=name, hint=hint))
    return problems


def residual_candidates(names: list[str]) -> list[str]:
    """Transcripts and study documents; not the files we generate, not data files."""
    out = []
    for name in names:
        path = PurePosixPath(name)
        if path.suffix.lower() not in TEXT_SUFFIXES or GENERATED.search(path.name):
            continue
        folders = {p.lower() for p in path.parts[:-1]}
        if folders & {"rtf", "text", "mrdoc"}:
            out.append(name)
    return out


def make_detector():
    """The text engine's detector with its model loaded. Raises ImportError without the engine."""
    from anonymise.text.detector import Detector
    from anonymise.text.settings import TextSettings

    detector = Detector(TextSettings())
    detector.nlp  # loading the model is the slow part; do it now, not on first use
    return detector


def public_organisations(root: Path, names: list[str]) -> list[str]:
    """Organisation names the bundle's DDI codebook(s) publish in the study citation."""
    from lxml import etree

    found = []
    for name in names:
        if not name.lower().endswith("_ddi.xml"):
            continue
        try:
            tree = etree.parse(str(root / name), etree.XMLParser(resolve_entities=False, no_network=True))
        except (OSError, etree.XMLSyntaxError):
            continue  # the DDI check reports an unreadable codebook
        for element in tree.iter("{*}producer", "{*}fundAg", "{*}distrbtr", "{*}AuthEnty"):
            if element.tag.endswith("AuthEnty"):
                found.append(element.get("affiliation") or "")
            else:
                found += [element.text or "", element.get("abbr") or ""]
    return sorted({" ".join(n.split()) for n in found if n.strip()})


def residual_scan(root: Path, names: list[str], detector=None) -> list[Problem]:
    """Warnings, one per detection, naming the file and location. Raises ImportError when the
    text engine is not installed (the caller reports the check as skipped)."""
    from anonymise.text.documents import read_document
    from anonymise.text.originals import KeptPhrases

    problems: list[Problem] = []
    units = []
    for name in residual_candidates(names):
        path = root / name
        if path.stat().st_size > MAX_SCAN_BYTES:
            problems.append(Problem("residual.skipped", f"{name} is too large for the residual scan", location=name, severity="info"))
            continue
        try:
            units.extend(read_document(path).units(name))
        except Exception as exc:  # an unreadable transcript is reported, not fatal to the other checks
            problems.append(Problem("residual.unreadable", f"{name} could not be read for the residual scan ({exc})",
                                    location=name, severity="warning"))
    if not units:
        return problems
    detections = (detector or make_detector()).detect([u.text for u in units], high_precision=True)
    public = KeptPhrases(public_organisations(root, names))
    for unit, found in zip(units, detections):
        # The toolkit's own placeholders ("[aged 10–12]", "[Person 3]") are not identifiers left behind.
        placeholders = [m.span() for m in PLACEHOLDER.finditer(unit.text)]
        for detection in found:
            if any(a <= detection.start and detection.end <= b for a, b in placeholders):
                continue
            if public.covers(unit.text, detection.start, detection.end):
                continue
            line = unit.line_offset + unit.text.count("\n", 0, detection.start) + 1
            where = unit.location or f"line {line}"
            problems.append(Problem("residual.possible_identifier",
                                    f"possible {detection.type} identifier left in {unit.file} ({where})",
                                    location=f"{unit.file}:{line}", severity="warning",
                                    hint="read the passage; if it names a real person or place, the deposit needs re-anonymising"))
    return problems
