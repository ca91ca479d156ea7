"""Validate a DDI Codebook 2.5 document: official XSD, ID/IDREF integrity, CESSDA profile gates.

    report = validate_ddi("study_ddi.xml", gate="BASIC")   # -> manifests.errors.ProblemReport

Three checks, every finding a Problem with a code, a message, an XPath-like
location and a hint:

- `ddi.xsd`   the official DDI-Codebook 2.5.1 schema (bundled; loaded offline --
              the resolver refuses anything that is not one of our own files);
- `ddi.id.duplicate`, `ddi.idref`   every IDREF/IDREFS attribute the schema
              declares must name an ID in the document (libxml2 does not check this);
- `cdc.basic.*`, `cdc.standard.*`   the CESSDA Data Catalogue profile (see metadata.profile).

Severity: XSD and ID problems are errors. Profile violations inside the requested
gate are errors; those only in a higher gate are warnings (still reported, so
`gate="BASIC"` shows what STANDARD would add). `report.ok` means "passes the gate".

A document wrapped in an OAI-PMH response is validated as the codeBook inside it.
Unreadable files and non-XML raise UserError (exit 2).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from manifests.errors import Problem, ProblemReport, UserError
from metadata.profile import DDI_NS, GATES, Profile, evaluate, load_profile, node_path

XS = "{http://www.w3.org/2001/XMLSchema}"
# Lower-case names that, met in the DDI namespace, are HTML pasted into a field (real UKDS records do this).
HTML_TAGS = frozenset("a abbr b br div em h1 h2 h3 h4 i li ol p span strong sub sup table td th tr u ul".split())
PREFIXES = {"ddi": DDI_NS, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}


def schema_dir() -> Path:
    return Path(str(resources.files("metadata") / "schemas" / "ddi-codebook-2.5"))


class LocalOnlyResolver(etree.Resolver):
    """Lets the schema load its own files and nothing else: no network, no files elsewhere."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root.resolve()
        self.refused: list[str] = []

    def resolve(self, url, public_id, context):
        parsed = urlparse(url)
        if parsed.scheme in ("", "file"):
            path = Path(unquote(parsed.path)).resolve()
            if path == self.root or self.root in path.parents:
                return None  # ours: let libxml2 read it as usual
        self.refused.append(url)
        raise OSError(f"the DDI schema tried to load {url}, which is not part of the bundled schema set")


@functools.lru_cache(maxsize=1)
def load_schema() -> etree.XMLSchema:
    folder = schema_dir()
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalOnlyResolver(folder))
    document = etree.parse(str(folder / "codebook.xsd"), parser)
    return etree.XMLSchema(document)


# ------------------------------------------------------------------ ID / IDREF

@dataclass
class _TypeInfo:
    base: str | None = None
    idrefs: set = field(default_factory=set)


@functools.lru_cache(maxsize=1)
def idref_attributes() -> dict[str, frozenset[str]]:
    """element local name -> names of its attributes typed xs:IDREF / xs:IDREFS, read from the XSD.

    Read per element, not per attribute name: `level` is an IDREF on catgry but plain text on labl."""
    parser = etree.XMLParser(no_network=True)
    root = etree.parse(str(schema_dir() / "codebook.xsd"), parser).getroot()
    types: dict[str, _TypeInfo] = {}
    for ctype in root.iter(XS + "complexType"):
        name = ctype.get("name")
        if not name:
            continue
        info = types.setdefault(name, _TypeInfo())
        for derivation in ctype.iter(XS + "extension", XS + "restriction"):
            info.base = info.base or (derivation.get("base") or "").split(":")[-1]
        for attribute in ctype.iter(XS + "attribute"):
            if (attribute.get("type") or "").split(":")[-1] in ("IDREF", "IDREFS"):
                info.idrefs.add(attribute.get("name"))

    def collect(type_name: str | None, seen=()) -> set:
        if not type_name or type_name not in types or type_name in seen:
            return set()
        info = types[type_name]
        return info.idrefs | collect(info.base, seen + (type_name,))

    result = {}
    for element in root.findall(XS + "element"):
        names = collect((element.get("type") or "").split(":")[-1])
        if names:
            result[element.get("name")] = frozenset(names)
    return result


def check_ids(root) -> list[Problem]:
    """Duplicate IDs and IDREF(S) values that name no ID in the document."""
    problems: list[Problem] = []
    ids: dict[str, list] = defaultdict(list)
    for element in root.iter():
        if isinstance(element.tag, str) and element.get("ID") is not None:
            ids[element.get("ID")].append(element)
    for value, elements in ids.items():
        for element in elements[1:]:
            problems.append(Problem.of("ddi.id.duplicate", location=node_path(element, PREFIXES), id=value))
    wanted = idref_attributes()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace != DDI_NS:
            continue
        for attribute in wanted.get(qname.localname, ()):
            value = element.get(attribute)
            if value is None:
                continue
            for ref in value.split():
                if ref not in ids:
                    problems.append(Problem.of("ddi.idref", location=f"{node_path(element, PREFIXES)}/@{attribute}",
                                               attribute=attribute, ref=ref))
    return problems


# ------------------------------------------------------------------ the whole check

def _xsd_problems(document) -> list[Problem]:
    schema = load_schema()
    try:
        if schema.validate(document):
            return []
    except etree.XMLSchemaValidateError as exc:
        # libxml2 gives up on some documents (an unexpanded external entity, for one) instead of reporting.
        return [Problem.of("ddi.xsd", variant="unprocessable", error=str(exc))]
    problems = []
    for error in schema.error_log:
        where = f"line {error.line}"
        if error.path:
            # libxml2 gives /*/*[2]-style paths; turn them into readable prefixed names.
            try:
                nodes = document.xpath(error.path)
            except etree.XPathError:
                nodes = []
            where += " " + (node_path(nodes[0], PREFIXES) if nodes else error.path)
        else:
            nodes = []
        raw_html = bool(nodes) and isinstance(nodes[0], etree._Element) and etree.QName(nodes[0]).localname.lower() in HTML_TAGS
        problems.append(Problem.of("ddi.xsd", variant="raw_html" if raw_html else None, location=where, error=error.message))
    return problems


def parse_ddi(source) -> tuple[etree._ElementTree, list[Problem]]:
    """Parse a file path, bytes or an already-built tree; unwrap an OAI-PMH envelope.

    Returns the document whose root is the codeBook, plus notes about what was done."""
    notes: list[Problem] = []
    if isinstance(source, etree._ElementTree):
        document = source
    elif isinstance(source, etree._Element):
        document = source.getroottree()
    else:
        # Untrusted input: no network, no external entities, no DTD loading.
        parser = etree.XMLParser(no_network=True, resolve_entities="internal", load_dtd=False, huge_tree=False)
        try:
            if isinstance(source, (bytes, bytearray)):
                document = etree.ElementTree(etree.fromstring(bytes(source), parser))
            else:
                path = Path(source)
                if not path.is_file():
                    raise UserError(f"no such file: {path}")
                document = etree.parse(str(path), parser)
        except etree.XMLSyntaxError as exc:
            raise UserError(f"not well-formed XML: {exc}", hint="is this really a DDI XML file?") from exc
        except OSError as exc:
            raise UserError(f"cannot read {source}: {exc}") from exc
    root = document.getroot()
    if etree.QName(root).localname != "codeBook":
        inner = root.xpath("//ddi:codeBook", namespaces=PREFIXES)
        if len(inner) != 1:
            raise UserError(f"the root element is <{etree.QName(root).localname}>, not a DDI-Codebook <codeBook>",
                            hint="pass a DDI Codebook 2.5 document (namespace ddi:codebook:2_5)")
        notes.append(Problem.of("ddi.envelope", location=node_path(inner[0], PREFIXES), element=etree.QName(root).localname))
        # Deep-copy into a document of its own: the profile's XPaths start at /ddi:codeBook.
        document = etree.ElementTree(etree.fromstring(etree.tostring(inner[0])))
    return document, notes


def validate_ddi(source, gate: str = "BASIC", profile: Profile | None = None, strict: bool = False) -> ProblemReport:
    """XSD + ID/IDREF + CESSDA profile. Problems outside `gate` are warnings; see the module docstring.

    `strict` reads recommended rules as the CESSDA validator does, under absent optional
    elements too (metadata.profile.evaluate)."""
    if gate not in GATES:
        raise UserError(f"unknown gate {gate!r}", hint=f"use one of {', '.join(GATES)}")
    document, notes = parse_ddi(source)
    report = ProblemReport()
    report.extend(notes)
    report.extend(_xsd_problems(document))
    report.extend(check_ids(document.getroot()))
    allowed = GATES[: GATES.index(gate) + 1]
    for problem in evaluate(document.getroot(), profile or load_profile(), gate=GATES[-1], strict=strict):
        problem_gate = problem.code.split(".")[1].upper()
        if problem_gate not in allowed:
            problem = replace(problem, severity="warning")
        report.problems.append(problem)
    return report


def gate_counts(report: ProblemReport) -> dict[str, int]:
    """Profile violations a document has at each gate (cumulative: STANDARD includes BASIC)."""
    counts = {}
    for index, gate in enumerate(GATES):
        included = {g.lower() for g in GATES[: index + 1]}
        counts[gate] = sum(1 for p in report if p.code.startswith("cdc.") and p.code.split(".")[1] in included)
    return counts


def summary(report: ProblemReport) -> dict:
    """Headline figures for a stage result or a command-line summary."""
    return {
        "xsd_valid": not any(p.code == "ddi.xsd" for p in report),
        "id_errors": sum(1 for p in report if p.code.startswith("ddi.id")),
        "violations": gate_counts(report),
    }
