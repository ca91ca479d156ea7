"""Privacy checks on a bundle's payload: no private-key files, and a residual-identifier scan.

A key file is recognised by its name (key.jsonl, crosswalk*, the manifest copy)
and by its content (JSON records or a table header pairing `original` with
`replacement`), so renaming a key does not smuggle it through.

The residual scan runs the text engine's detector at its high-precision
settings over everything in the payload a person can read: transcripts and
study documents, the text nodes of the HTML and XML files (the codebook, the
readme, the DDI, the anonymisation report: tags stripped, each text node on a
line of its own) and the text columns of the .tab data files (one line per
row). It only warns: a name the detector finds may be a placeholder-like word
or a public organisation, and a person has to look. It lists where, never
what, so the report can be shared.

What the bundle publishes on purpose is not reported: the words its own anonymisation report
lists as kept (the keep list, each with its reason, for the ethics reviewer to judge); the
study's numbers (study number, DOI, grant) wherever they are written; and what its study
citation publishes: the producer,
funder, distributor and the authors' affiliations (as phrases, wherever they
are written), and in the metadata files also the creators' names, the study's
numbers, DOI, grant and dates. Markup and tables are lists, not prose, so there
a detection that runs from one text node or cell into the next is not one, and
what metadata is full of by design (counts, years, ages in a table of counts,
region names, the words of our own templates) is left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from manifests import layout
from manifests.errors import Problem

SNIFF_BYTES = 64 * 1024
KEY_NAMES = re.compile(r"^(key\.jsonl|crosswalk.*|.*_private\..*|deposit\.ya?ml|collection\.json)$", re.IGNORECASE)
SNIFF_SUFFIXES = {".jsonl", ".json", ".csv", ".tab", ".tsv", ".txt", ".ndjson", ""}
TEXT_SUFFIXES = set(layout.TEXT_FOLDERS)        # every transcript format a bundle may carry
MARKUP_SUFFIXES = {".htm", ".html", ".xml"}
TABLE_SUFFIXES = {".tab"}
DOCUMENT_FOLDERS = {*layout.FOLDER_SUFFIXES, layout.MRDOC}
# Documents our packager renders from the DDI as tables: read as lists, like the markup.
GENERATED_TABLES = re.compile(r"(_ukda_data_dictionary|_file_information)\.rtf$", re.IGNORECASE)
# Elements whose text is not shown to a reader.
HIDDEN_TAGS = {"style", "script"}
# HTML elements that run on within a line of text; every other element starts a new line.
INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
               "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
# Public geography at the level of English regions and the UK's nations: a region variable's
# categories in the codebook, a study's coverage. Not places that identify anyone.
REGIONS = ("North East", "North West", "Yorkshire and the Humber", "Yorkshire and The Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West", "England", "Wales", "Scotland",
           "Northern Ireland", "Great Britain", "United Kingdom")
# The words of the toolkit's own metadata templates (codebook, readme, data dictionaries).
TEMPLATE_WORDS = ("Rich Text Format", "Std. deviation", "SHA-256", "UK Data Service End User Licence",
                  "End User Licence", "UK Data Service", "YYYY-MM-DD", "YYYY-MM")
# A list of number ranges ("0-4, 5-9, 10-15"): the bands a data rule put ages into, which the
# metadata states; digits and dashes are all a phone pattern sees in it.
BAND_LIST = re.compile(r"\d{1,3}\s*[-–]\s*\d{1,3}(?:\s*,\s*\d{1,3}\s*[-–]\s*\d{1,3})+(?:\s*,\s*\d{1,3})?")
# Detection types that metadata holds by design: a table of counts by type ("Age 15"),
# numbers that look like references, dates of versions and collection periods.
METADATA_QUIET = {"AGE"}
MAX_SCAN_BYTES = 20 * 1024 * 1024


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
        if KEY_NAMES.match(path.name) or "private" in [p.lower() for p in path.parts[:-1]]:
            problems.append(Problem.of("privacy.private_file", location=name, path=name))
            continue
        if path.suffix.lower() not in SNIFF_SUFFIXES:
            continue
        with open(root / name, "rb") as handle:
            head = handle.read(SNIFF_BYTES).decode("utf-8", errors="replace")
        if looks_like_key(head):
            problems.append(Problem.of("privacy.key_content", location=name, path=name))
    return problems


def residual_candidates(names: list[str]) -> list[str]:
    """What a person can read: transcripts and study documents (in rtf/, text/, mrdoc/), every
    HTML and XML file (codebook, readme, DDI, anonymisation report) and the .tab data files."""
    out = []
    for name in names:
        path = PurePosixPath(name)
        suffix = path.suffix.lower()
        if suffix in MARKUP_SUFFIXES or suffix in TABLE_SUFFIXES:
            out.append(name)
        elif suffix in TEXT_SUFFIXES and ({p.lower() for p in path.parts[:-1]} & DOCUMENT_FOLDERS
                                          or GENERATED_TABLES.search(path.name)):
            out.append(name)
    return out


class _Text:
    """One text to scan. `lines` maps each line of `text` to the line of the file it came
    from (markup and tables); `structured` marks lists rather than prose."""

    def __init__(self, file: str, text: str, lines: list[int] | None = None, line_offset: int = 0,
                 location: str = "", structured: bool = False, column: str = "") -> None:
        self.file, self.text, self.lines, self.line_offset = file, text, lines, line_offset
        self.location, self.structured, self.column = location, structured, column

    def line_of(self, offset: int) -> int:
        line = self.text.count("\n", 0, offset)
        if self.lines is not None:
            return self.lines[min(line, len(self.lines) - 1)] if self.lines else 1
        return self.line_offset + line + 1

    def where(self, offset: int) -> str:
        line = self.line_of(offset)
        if self.column:
            return f"column {self.column}, line {line}"
        return self.location or f"line {line}"


def markup_text(path: Path, name: str) -> _Text:
    """The text nodes of an HTML or XML file, one line per block of text, with source lines.
    Entities are not resolved and nothing is fetched."""
    from lxml import etree
    from lxml import html as lxml_html

    data = path.read_bytes()
    is_html = path.suffix.lower() in (".htm", ".html")
    if is_html:
        root = lxml_html.document_fromstring(data)
    else:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                                      huge_tree=False))
    pieces: list[tuple[str, int, bool]] = []   # (text, source line, continues the line before)
    fresh = [True]   # the next text starts a line of its own: a block element began or ended

    def local(element) -> str:
        return etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""

    def add(text: str | None, line: int | None) -> None:
        if text and text.strip():
            pieces.append((text, line or 1, not fresh[0]))
            fresh[0] = False

    def walk(element, hidden: bool) -> None:
        tag = local(element)
        hidden = hidden or tag in HIDDEN_TAGS or not isinstance(element.tag, str)
        block = not (is_html and tag in INLINE_TAGS)
        if block:
            fresh[0] = True
        if not hidden:
            add(element.text, element.sourceline)
        for child in element:
            walk(child, hidden)
            if not hidden:
                add(child.tail, child.sourceline)
        if block:
            fresh[0] = True

    walk(root, False)
    lines: list[str] = []
    sources: list[int] = []
    for text, source, joins in pieces:
        # Inline pieces join as written: "UKDA-<wbr>SN-900001" is one word, "<b>Ann</b> Lee" two.
        if joins and lines:
            lines[-1] += text
        else:
            lines.append(text)
            sources.append(source)
    return _Text(name, "\n".join(" ".join(line.split()) for line in lines), lines=sources, structured=True)


def table_texts(path: Path, name: str) -> list[_Text]:
    """The text columns of a tab-delimited data file: one text per column, one line per
    non-empty cell, mapped to the file's line. Numeric and code columns are skipped."""
    import csv

    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    out = []
    for index, column in enumerate(header):
        cells = [(row[index], number + 2) for number, row in enumerate(body)
                 if index < len(row) and row[index].strip()]
        if not any(_is_text(value) for value, _ in cells):
            continue
        out.append(_Text(name, "\n".join(" ".join(v.split()) for v, _ in cells), lines=[n for _, n in cells],
                         structured=True, column=column))
    return out


_NUMBER = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$")


def _is_text(value: str) -> bool:
    """A cell a person wrote or a label, not a number or a date."""
    value = value.strip()
    return bool(value) and not _NUMBER.match(value) and any(ch.isalpha() for ch in value)


def make_detector():
    """The text engine's detector with its model loaded. Raises ImportError without the engine."""
    from anonymise.text.detector import Detector
    from anonymise.text.settings import TextSettings

    detector = Detector(TextSettings())
    detector.nlp  # loading the model is the slow part; do it now, not on first use
    return detector


def _ddi_trees(root: Path, names: list[str]):
    from lxml import etree

    for name in names:
        if not name.lower().endswith("_ddi.xml"):
            continue
        try:
            yield etree.parse(str(root / name), etree.XMLParser(resolve_entities=False, no_network=True))
        except (OSError, etree.XMLSyntaxError):
            continue  # the DDI check reports an unreadable codebook


def public_organisations(root: Path, names: list[str]) -> list[str]:
    """Organisation names the bundle's DDI codebook(s) publish in the study citation."""
    found = []
    for tree in _ddi_trees(root, names):
        for element in tree.iter("{*}producer", "{*}fundAg", "{*}distrbtr", "{*}AuthEnty"):
            if element.tag.endswith("AuthEnty"):
                found.append(element.get("affiliation") or "")
            else:
                found += [element.text or "", element.get("abbr") or ""]
    return sorted({" ".join(n.split()) for n in found if n.strip()})


# Parts of the DDI that only describe the study as published: its citation (titles, creators,
# producer, funder, grant, distributor, numbers, DOI, dates), the time and place it covers,
# and the access conditions. Not the abstract or notes, which a depositor writes freely.
_PUBLIC_PARTS = ("citation", "sumDscr", "dataAccs")
_PEOPLE = ("AuthEnty", "depositr", "othId", "contact")


def public_values(root: Path, names: list[str]) -> list[str]:
    """Everything the study citation of the bundle's DDI publishes, as text: each value and
    attribute of the citation, coverage and access sections, the creators' names also as
    "A. Example" and "Example", and the payload's own file names. In metadata files a
    detection inside one of these is the citation, not an identifier left behind."""
    values: set[str] = set()
    for tree in _ddi_trees(root, names):
        for part in _PUBLIC_PARTS:
            for section in tree.iter(f"{{*}}{part}"):
                for element in section.iter():
                    if not isinstance(element.tag, str):
                        continue
                    values.update(v for v in [element.text or "", *element.attrib.values()])
                    if element.tag.rsplit("}", 1)[-1] in _PEOPLE and element.text:
                        values.update(_name_forms(element.text))
    for name in names:
        path = PurePosixPath(name)
        values.update((path.name, path.stem))
    return sorted({" ".join(v.split()) for v in values if v.strip()})


def kept_terms(root: Path, names: list[str]) -> list[str]:
    """The words the bundle's anonymisation report says were kept on purpose (its keep list).
    They are published with their reasons; the report, not this scan, is where a person judges them."""
    terms: set[str] = set()
    for name in names:
        if PurePosixPath(name).name != "anonymisation_report.json":
            continue
        try:
            report = json.loads((root / name).read_text(encoding="utf-8"))
            entries = report["keep_list"]["terms"]
            terms.update(str(e["term"]) for e in entries if isinstance(e, dict) and e.get("term"))
        except (OSError, ValueError, KeyError, TypeError):
            continue   # the report's own check says it is unreadable
    return sorted(t for t in terms if t.strip())


def _name_forms(written: str) -> list[str]:
    """ "Example, A." -> its citation forms ("A. Example", ...: the rule every gate applies,
    anonymise.text.occurrence) and, in metadata only, the surname "Example" on its own."""
    from anonymise.text.occurrence import published_name_forms

    family, comma, _given = written.partition(",")
    return [written, *published_name_forms(written), *([family.strip()] if comma else [])]


class _Public:
    """Is a detection public? Inside a published phrase where it stands (the organisations),
    or -- in metadata files -- a whole-word part of a published value."""

    def __init__(self, phrases: list[str], values: list[str], kept: list[str] = ()) -> None:
        from anonymise.text.matching import KeptPhrases

        phrases = [*phrases, *kept]
        # a kept single word is public where it is the whole detection ("NSPCC", "Barnardo's")
        self.kept_words = {" ".join(k.casefold().split()) for k in kept if len(k.split()) == 1}
        self.phrases = KeptPhrases([*phrases, *TEMPLATE_WORDS])
        self.structured_phrases = KeptPhrases([*phrases, *TEMPLATE_WORDS, *REGIONS])
        self.values = "\n".join(v.casefold() for v in [*values, *TEMPLATE_WORDS, *REGIONS])
        # The study's numbers (study number, DOI, grant) are public wherever they are written,
        # also in prose and split across the markup ("UKDA-<wbr>SN-900001").
        self.numbers = "\n".join(v.casefold() for v in values if _reference_like(v))

    def covers(self, unit: _Text, start: int, end: int, found: str) -> bool:
        phrases = self.structured_phrases if unit.structured else self.phrases
        if phrases.covers(unit.text, start, end):
            return True
        key = " ".join(found.casefold().split())
        if not key or key in self.kept_words:
            return True
        if not unit.structured and " " not in key:
            # in prose a single word is public only where a published phrase holds it (above),
            # or when it is one of the study's numbers
            return _reference_like(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", self.numbers) is not None
        return re.search(rf"(?<!\w){re.escape(key)}(?!\w)", self.values) is not None


def _reference_like(text: str) -> bool:
    """Letters and digits together ("SN-900001", "ES/X000000/1"): a reference, not a date or a count,
    which a transcript may hold as somebody's own."""
    return any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text)


def _metadata_noise(unit: _Text, detection, lexicon) -> bool:
    """What markup and tables hold by design and the detector takes for an identifier there."""
    if "\n" in detection.text:
        return True   # runs from one text node or cell into the next: an artefact of joining them
    if detection.type in METADATA_QUIET or BAND_LIST.fullmatch(detection.text.strip(" ,")):
        return True
    words = re.findall(r"[^\W_]+", detection.text)
    if not any(ch.isalpha() for ch in detection.text) and detection.type in ("CASE_REFERENCE", "DATE"):
        return len(re.sub(r"\D", "", detection.text)) <= 8  # a count, a year or a short number in a table
    if len(words) == 1 and lexicon is not None:
        low = words[0].lower()
        # Every label and cell starts with a capital, so an ordinary word there says nothing.
        return lexicon.is_word(low) and not lexicon.is_name(low)
    return False


def _read_units(root: Path, name: str) -> list:
    path = root / name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in MARKUP_SUFFIXES:
        return [markup_text(path, name)]
    if suffix in TABLE_SUFFIXES:
        return table_texts(path, name)
    from anonymise.text.documents import read_document

    structured = bool(GENERATED_TABLES.search(name))
    return [_Text(u.file, u.text, line_offset=u.line_offset, location=u.location, structured=structured)
            for u in read_document(path).units(name)]


def residual_scan(root: Path, names: list[str], detector=None) -> list[Problem]:
    """Warnings, one per detection, naming the file and location. Raises ImportError when the
    text engine is not installed (the caller reports the check as skipped).

    Markup, tables and generated documents repeat themselves (the codebook and the data
    dictionaries are rendered from the DDI; category labels recur in every variable), so
    their lines are scanned once each, and a finding is reported wherever its line occurs."""
    problems: list[Problem] = []
    units = []
    for name in residual_candidates(names):
        path = root / name
        if path.stat().st_size > MAX_SCAN_BYTES:
            problems.append(Problem.of("residual.skipped", location=name, path=name))
            continue
        try:
            units.extend(u for u in _read_units(root, name) if u.text.strip())
        except Exception as exc:  # an unreadable file is reported, not fatal to the other checks
            problems.append(Problem.of("residual.unreadable", location=name, path=name, reason=str(exc)))
    if not units:
        return problems
    prose = [u for u in units if not u.structured]
    lines, places = _distinct_lines([u for u in units if u.structured])
    texts = [u.text for u in prose] + lines
    detections = (detector or make_detector()).detect(texts, high_precision=True) if texts else []
    public = _Public(public_organisations(root, names), public_values(root, names), kept_terms(root, names))
    lexicon = _gazetteers() if lines else None

    def warn(unit: _Text, offset: int, kind: str) -> None:
        problems.append(Problem.of("residual.possible_identifier", location=f"{unit.file}:{unit.line_of(offset)}",
                                   kind=kind, file=unit.file, where=unit.where(offset)))

    for unit, found in zip(prose, detections):
        for detection in found:
            if _placeholder(unit.text, detection) or public.covers(unit, detection.start, detection.end, detection.text):
                continue
            warn(unit, detection.start, detection.type)
    for index, found in enumerate(detections[len(prose):]):
        line = _Text("", lines[index], structured=True)
        for detection in found:
            if (_placeholder(line.text, detection) or _metadata_noise(line, detection, lexicon)
                    or public.covers(line, detection.start, detection.end, detection.text)):
                continue
            for unit, offset in places[index]:
                warn(unit, offset + detection.start, detection.type)
    problems.sort(key=lambda p: (p.location.rsplit(":", 1)[0], int(p.location.rsplit(":", 1)[1])
                                 if p.location.rsplit(":", 1)[-1].isdigit() else 0))
    return problems


def _placeholder(text: str, detection) -> bool:
    """The toolkit's own placeholders ("[aged 10–12]", "[Person 3]") are not identifiers left behind."""
    from anonymise.text.placeholders import BRACKETED

    return any(a <= detection.start and detection.end <= b for a, b in (m.span() for m in BRACKETED.finditer(text)))


def _distinct_lines(units: list[_Text]) -> tuple[list[str], list[list[tuple[_Text, int]]]]:
    """Each distinct line of the structured texts once, with every (text, offset) it stands at."""
    index: dict[str, int] = {}
    lines: list[str] = []
    places: list[list[tuple[_Text, int]]] = []
    for unit in units:
        offset = 0
        for line in unit.text.split("\n"):
            # a line without letters and with few digits (a count, a mean, a year) holds nothing to find
            if any(ch.isalpha() for ch in line) or sum(ch.isdigit() for ch in line) >= 6:
                at = index.get(line)
                if at is None:
                    at = index[line] = len(lines)
                    lines.append(line)
                    places.append([])
                places[at].append((unit, offset))
            offset += len(line) + 1
    return lines, places


def _gazetteers():
    try:
        from anonymise.text.lexicon import load
    except ImportError:
        return None
    return load()
