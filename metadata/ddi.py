"""Build one DDI Codebook 2.5 `codeBook` from the manifest and the anonymised files.

    tree = build_codebook(manifest, work)           # reads WORK (metadata.sources), then builds
    tree = build_codebook(manifest, work, "tab")    # only what the tab bundle holds (sources.for_format)
    tree = build_tree(manifest, inputs)             # pure: same inputs -> same tree
    data = serialise(tree)                          # pretty-printed UTF-8 bytes, deterministic

Every DDI container is a fixed xs:sequence, so each function below appends
children in exactly the schema's order (the order is noted above each one).
Nothing comes from the clock: dates are the manifest's, so the same inputs give
the same bytes. `xml:lang` is written on every text element the CESSDA profile
asks for it on (and on the other human-readable study-level elements too).
"""

from __future__ import annotations

import re

from lxml import etree

from manifests.layout import EXPECTED_NOTE, PARTICIPANT_NOTE, TRANSCRIPTS_SUBJECT
from manifests.version import __version__
from manifests.workdir import Work

# One citation text for the DDI, the codebook and the bundle's readme.
from metadata.citation import citation as bibliographic_citation
from metadata.profile import DDI_NS
from metadata.sources import DataSet, Inputs, Transcript, collect, for_format
from metadata.stats import Variable

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = "ddi:codebook:2_5 http://www.ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd"
DEFAULT_ID_AGENCY = "UK Data Service"
DOI_RESOLVER = "https://doi.org/"

# The profile fixes these vocabulary names on `concept/@vocab`; the URIs are the CESSDA vocabulary pages.
VOCABULARIES = {
    "anlyUnit": ("DDI Analysis Unit", "https://vocabularies.cessda.eu/vocabulary/AnalysisUnit"),
    "timeMeth": ("DDI Time Method", "https://vocabularies.cessda.eu/vocabulary/TimeMethod"),
    "sampProc": ("DDI Sampling Procedure", "https://vocabularies.cessda.eu/vocabulary/SamplingProcedure"),
    "collMode": ("DDI Mode of Collection", "https://vocabularies.cessda.eu/vocabulary/ModeOfCollection"),
    "topcClas": ("CESSDA Topic Classification", "https://vocabularies.cessda.eu/vocabulary/TopicClassification"),
}


def q(tag: str) -> str:
    return f"{{{DDI_NS}}}{tag}"


def humanise(term: str) -> str:
    """A readable label for a controlled-vocabulary code: 'Interview.FaceToFace' -> 'Interview: face to face'."""
    parts = [re.sub(r"(?<=[a-z])(?=[A-Z])", " ", part) for part in term.split(".")]
    text = ": ".join(parts)
    return text[:1] + text[1:].lower()


class _Writer:
    """Appends DDI elements; carries the document language so no call can forget xml:lang."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def el(self, parent, tag: str, text=None, lang: bool = False, **attrs):
        element = etree.SubElement(parent, q(tag))
        if lang:
            element.set(XML_LANG, self.lang)
        for key, value in attrs.items():
            if value is not None and value != "":
                element.set(key, str(value))
        if text is not None and text != "":
            element.text = str(text)
        return element

    def text(self, parent, tag: str, text, **attrs):
        """A human-readable text element (with xml:lang); skipped when there is no text."""
        if text is None or str(text).strip() == "":
            return None
        return self.el(parent, tag, str(text).strip(), lang=True, **attrs)

    def concept_text(self, parent, tag: str, term: dict, text: str | None = None):
        """conceptualTextType: readable text, then a `concept` naming the controlled-vocabulary code."""
        vocab, default_uri = VOCABULARIES[tag]
        element = self.el(parent, tag, text or term.get("label") or humanise(term["term"]), lang=True)
        self.el(element, "concept", term["term"], vocab=vocab, vocabURI=term.get("vocabulary_uri") or default_uri)
        return element


# ---------------------------------------------------------------- docDscr
# docDscr: citation, guide, docStatus, docSrc, controlledVocabUsed, notes
# citation: titlStmt, rspStmt, prodStmt, distStmt, serStmt, verStmt, biblCit, holdings, notes

def _doc_dscr(w: _Writer, root, study: dict) -> None:
    doc = w.el(root, "docDscr")
    citation = w.el(doc, "citation")
    titl_stmt = w.el(citation, "titlStmt")
    w.text(titl_stmt, "titl", f"DDI 2.5 metadata record for study {study['id']}: {study['title']}")
    prod = w.el(citation, "prodStmt")
    w.text(prod, "producer", study["publisher"]["name"], abbr=study["publisher"].get("abbr"))
    date = study["version"]["date"]
    w.el(prod, "prodDate", date, date=date)
    w.el(prod, "software", f"ukds-deposit {__version__}", version=__version__)
    dist = w.el(citation, "distStmt")
    w.el(dist, "distDate", date, date=date)
    ver = w.el(citation, "verStmt")
    w.el(ver, "version", study["version"]["number"], date=date, type="edition")


# ---------------------------------------------------------------- stdyDscr
# stdyDscr: citation, studyAuthorization, stdyInfo, studyDevelopment, method, dataAccs, othrStdyMat, notes

def _agent_attrs(agent: dict, *names: str) -> dict:
    mapping = {"abbr": agent.get("abbr"), "affiliation": agent.get("affiliation"), "role": agent.get("role"),
               "URI": agent.get("uri")}
    return {n: mapping[n] for n in names}


def _study_citation(w: _Writer, parent, study: dict) -> None:
    citation = w.el(parent, "citation")
    # titlStmt: titl, subTitl, altTitl, parTitl, IDNo
    titl_stmt = w.el(citation, "titlStmt")
    w.text(titl_stmt, "titl", study["title"])
    w.text(titl_stmt, "altTitl", study.get("alternative_title"))
    w.el(titl_stmt, "IDNo", study["id"], lang=True, agency=study.get("id_agency") or DEFAULT_ID_AGENCY)
    if study.get("doi"):
        w.el(titl_stmt, "IDNo", study["doi"], lang=True, agency="DOI")
    # rspStmt: AuthEnty, othId
    rsp = w.el(citation, "rspStmt")
    for creator in study["creators"]:
        author = w.text(rsp, "AuthEnty", creator["name"], affiliation=creator.get("affiliation"))
        if creator.get("orcid"):
            orcid = creator["orcid"]
            uri = orcid if orcid.startswith("http") else f"https://orcid.org/{orcid}"
            w.el(author, "ExtLink", URI=uri, role="PID", title="ORCID")
        elif creator.get("uri"):
            w.el(author, "ExtLink", URI=creator["uri"], role="URL", title="Web page")
    # prodStmt: producer, copyright, prodDate, prodPlac, software, fundAg, grantNo
    prod = w.el(citation, "prodStmt")
    for producer in study.get("producer") or []:
        w.text(prod, "producer", producer["name"], **_agent_attrs(producer, "abbr", "affiliation", "role"))
    for funder in study["funders"]:
        w.text(prod, "fundAg", funder["name"], **_agent_attrs(funder, "abbr", "role"))
    for funder in study["funders"]:
        if funder.get("grant_number"):
            w.text(prod, "grantNo", funder["grant_number"], agency=funder["name"])
    for creator in study["creators"] + (study.get("producer") or []):
        if creator.get("grant_number"):
            w.text(prod, "grantNo", creator["grant_number"], agency=creator["name"])
    # distStmt: distrbtr, contact, depositr, depDate, distDate
    dist = w.el(citation, "distStmt")
    distributor = study["distributor"]
    w.text(dist, "distrbtr", distributor["name"], **_agent_attrs(distributor, "abbr", "affiliation", "URI"))
    if study.get("depositor"):
        w.text(dist, "depositr", study["depositor"]["name"], **_agent_attrs(study["depositor"], "abbr", "affiliation"))
    w.el(dist, "depDate", study["deposit_date"], lang=True, date=study["deposit_date"])
    if study.get("distribution_date"):
        w.el(dist, "distDate", study["distribution_date"], lang=True, date=study["distribution_date"])
    # serStmt: serName, serInfo
    series = study.get("series")
    if series and series.get("name"):
        ser = w.el(citation, "serStmt", lang=True, URI=series.get("uri"))
        w.text(ser, "serName", series["name"])
        w.text(ser, "serInfo", series.get("description"))
    # verStmt: version, verResp, notes
    ver = w.el(citation, "verStmt")
    w.el(ver, "version", study["version"]["number"], lang=True, date=study["version"]["date"], type="edition")
    w.text(ver, "notes", study["version"].get("notes"))
    w.text(citation, "biblCit", bibliographic_citation(study))
    if study.get("doi"):
        w.text(citation, "holdings", f"DOI: {study['doi']}", URI=f"{DOI_RESOLVER}{study['doi']}")


def _study_info(w: _Writer, parent, study: dict) -> None:
    info = w.el(parent, "stdyInfo")
    # subject: keyword, topcClas
    subject = w.el(info, "subject")
    for keyword in study["keywords"]:
        w.text(subject, "keyword", keyword.get("label") or keyword["term"],
               vocab=keyword.get("vocabulary"), vocabURI=keyword.get("vocabulary_uri"))
    vocab, uri = VOCABULARIES["topcClas"]
    for topic in study["topics"]:
        w.text(subject, "topcClas", topic.get("label") or humanise(topic["term"]),
               vocab=topic.get("vocabulary") or vocab, vocabURI=topic.get("vocabulary_uri") or uri)
    w.text(info, "abstract", study["abstract"])
    # sumDscr: timePrd, collDate, nation, geogCover, geogUnit, geoBndBox, boundPoly, anlyUnit, universe, dataKind
    summary = w.el(info, "sumDscr")
    period = study.get("time_period") or study["collection_period"]
    for event in ("start", "end"):
        w.el(summary, "timePrd", period[event], lang=True, event=event, date=period[event])
    for event in ("start", "end"):
        date = study["collection_period"][event]
        w.el(summary, "collDate", date, lang=True, event=event, date=date)
    w.text(summary, "nation", study["nation"]["name"], abbr=study["nation"]["abbr"])
    for place in study.get("geographic_coverage") or []:
        w.text(summary, "geogCover", place)
    for unit in study["unit_of_analysis"]:
        w.concept_text(summary, "anlyUnit", unit)
    w.text(summary, "universe", study["universe"], clusion="I")
    for kind in study["kind_of_data"]:
        w.text(summary, "dataKind", kind)


def _method(w: _Writer, parent, study: dict) -> None:
    method = w.el(parent, "method")
    # dataColl: timeMeth, dataCollector, ..., sampProc, ..., collMode, resInstru, ..., collSitu, ...
    coll = w.el(method, "dataColl")
    w.concept_text(coll, "timeMeth", study["time_method"], study["time_method"].get("description"))
    sampling = study["sampling"]
    label = sampling.get("label") or humanise(sampling["term"])
    text = f"{label}. {sampling['description']}" if sampling.get("description") else label
    w.concept_text(coll, "sampProc", sampling, text)
    for mode in study["collection_mode"]:
        w.concept_text(coll, "collMode", mode, mode.get("description"))
    w.text(coll, "resInstru", study.get("research_instrument"))
    w.text(coll, "collSitu", study.get("collection_situation"))


def _data_access(w: _Writer, parent, study: dict) -> None:
    access = study["access"]
    accs = w.el(parent, "dataAccs")
    # setAvail: accsPlac, origArch, avlStatus, collSize, complete, fileQnty, notes
    avail = w.el(accs, "setAvail")
    w.text(avail, "accsPlac", study["distributor"]["name"], URI=study["distributor"].get("uri"))
    w.text(avail, "avlStatus", access.get("availability"))
    # useStmt: confDec, specPerm, restrctn, contact, citReq, deposReq, conditions, disclaimer
    use = w.el(accs, "useStmt")
    w.text(use, "restrctn", access.get("restrictions"))
    citation_requirement = access.get("citation_requirement") or f"Cite as: {bibliographic_citation(study)}"
    w.text(use, "citReq", citation_requirement)
    w.text(use, "conditions", access["conditions"])
    licence = access["licence"]
    licence_text = f"Licence: {licence['name']}" + (f" ({licence['uri']})" if licence.get("uri") else "")
    w.text(use, "conditions", licence_text)


def _other_study_material(w: _Writer, parent, study: dict) -> None:
    publications = study.get("related_publications") or []
    if not publications:
        return
    other = w.el(parent, "othrStdyMat")
    for publication in publications:
        rel = w.el(other, "relPubl", lang=True)
        citation = w.el(rel, "citation")
        titl_stmt = w.el(citation, "titlStmt")
        w.text(titl_stmt, "titl", publication["title"])
        if publication.get("doi"):
            w.el(titl_stmt, "IDNo", publication["doi"], agency="DOI")
        if publication.get("date"):
            dist = w.el(citation, "distStmt")
            w.el(dist, "distDate", publication["date"], date=publication["date"])
        w.text(citation, "biblCit", publication.get("citation"))
        link = publication.get("uri") or (f"{DOI_RESOLVER}{publication['doi']}" if publication.get("doi") else None)
        if link:
            w.el(citation, "holdings", lang=True, URI=link)
            w.el(rel, "ExtLink", URI=link)


def _stdy_dscr(w: _Writer, root, manifest: dict) -> None:
    study = manifest["study"]
    stdy = w.el(root, "stdyDscr")
    _study_citation(w, stdy, study)
    _study_info(w, stdy, study)
    _method(w, stdy, study)
    _data_access(w, stdy, study)
    _other_study_material(w, stdy, study)
    if manifest.get("synthetic"):
        note = manifest.get("synthetic_note") or "Synthetic demonstration data: nothing here describes a real person."
        w.text(stdy, "notes", note, type="synthetic")
    for kind, count in sorted((manifest.get("expected_transcripts") or {}).items()):
        w.text(stdy, "notes", count, type=EXPECTED_NOTE, subject=f"{TRANSCRIPTS_SUBJECT}{kind}")


# ---------------------------------------------------------------- fileDscr
# fileDscr: fileTxt, locMap, notes
# fileTxt: fileName, fileCitation, dataFingerprint, fileCont, fileStrc, dimensns, fileType, format, ...

def _file_dscr(w: _Writer, root, file_id: str, physical, contents: str, cases=None, variables=None, notes=(),
               expected=(), participant_type: str = ""):
    dscr = w.el(root, "fileDscr", ID=file_id, URI=physical.uri)
    txt = w.el(dscr, "fileTxt")
    w.text(txt, "fileName", physical.name)
    if physical.sha256:
        fingerprint = w.el(txt, "dataFingerprint", type="dataFile")
        w.el(fingerprint, "digitalFingerprintValue", physical.sha256)
        w.el(fingerprint, "algorithmSpecification", "SHA-256")
    w.text(txt, "fileCont", contents)
    if cases is not None:
        dims = w.el(txt, "dimensns")
        w.el(dims, "caseQnty", cases)
        w.el(dims, "varQnty", variables)
    w.el(txt, "fileType", physical.mime, charset=physical.charset)
    w.text(txt, "format", physical.format)
    if physical.converted_from:
        notes = (f"Converted from {physical.converted_from} to Rich Text Format for the deposit.", *notes)
    for note in notes:
        w.text(dscr, "notes", note)
    # What the depositor promised, for the verifier to hold the bundle to (manifests/layout.py).
    for subject, value in expected:
        w.text(dscr, "notes", value, type=EXPECTED_NOTE, subject=subject)
    w.text(dscr, "notes", participant_type, type=PARTICIPANT_NOTE)


def _data_contents(data: DataSet) -> str:
    text = data.description or data.file_label or f"Data file {data.stem}"
    return f"{text.rstrip('.')}: {data.cases} cases, {len(data.variables)} variables (anonymised)."


def _transcript_contents(transcript: Transcript) -> str:
    text = transcript.description or "Interview transcript"
    words = f", {transcript.words} words" if transcript.words is not None else ""
    return f"{text.rstrip('.')} (anonymised transcript{words})."


# ---------------------------------------------------------------- dataDscr / var
# var: location, labl, imputation, security, embargo, respUnit, anlysUnit, qstn, valrng, invalrng, undocCod,
#      universe, TotlResp, sumStat, txt, stdCatgry, catgryGrp, catgry, codInstr, verStmt, concept, derivation,
#      varFormat, geoMap, catLevel, notes
# catgry: catValu, labl, txt, catStat, mrow

def _var_attrs(variable: Variable) -> dict:
    if variable.kind == "string":
        representation = "text"
    elif variable.kind == "date":
        representation = "datetime"
    elif variable.value_labels:
        representation = "code"
    else:
        representation = "numeric"
    attrs = {
        "intrvl": "contin" if variable.is_scale else "discrete",
        "representationType": representation,
    }
    if variable.measure in ("nominal", "ordinal"):
        attrs["nature"] = variable.measure
    if variable.decimals is not None and variable.kind == "numeric":
        attrs["dcml"] = str(variable.decimals)
    return attrs


def _var(w: _Writer, parent, var_id: str, variable: Variable, file_ids: list[str]) -> None:
    var = w.el(parent, "var", ID=var_id, name=variable.name, files=" ".join(file_ids), **_var_attrs(variable))
    for file_id in file_ids:
        w.el(var, "location", StartPos=variable.position, fileid=file_id)
    w.text(var, "labl", variable.label or variable.name, level="variable")
    if variable.question:
        qstn = w.el(var, "qstn")
        w.text(qstn, "qstnLit", variable.question)
    if variable.missing_values or variable.missing_ranges:
        invalid = w.el(var, "invalrng")
        for value in variable.missing_values:
            w.el(invalid, "item", VALUE=value)
        for lo, hi in variable.missing_ranges:
            w.el(invalid, "range", min=lo, max=hi)
    w.el(var, "sumStat", variable.valid, type="vald")
    w.el(var, "sumStat", variable.invalid, type="invd")
    for stat in ("min", "max", "mean", "stdev", "medn"):
        if stat in variable.stats:
            w.el(var, "sumStat", variable.stats[stat], type=stat)
    for category in variable.categories:
        catgry = w.el(var, "catgry", missing="Y" if category.missing else None)
        w.el(catgry, "catValu", category.value)
        w.text(catgry, "labl", category.label, level="category")
        w.el(catgry, "catStat", category.freq, type="freq")
    w.el(var, "varFormat", type="character" if variable.kind == "string" else "numeric",
         formatname=variable.format, schema="SPSS", category="date" if variable.kind == "date" else None)
    for note in variable.notes:
        w.text(var, "notes", note, type="anonymisation")


# ---------------------------------------------------------------- otherMat

def _other_material(w: _Writer, root, inputs: Inputs) -> None:
    # otherMat: labl, txt, notes, table, citation, otherMat
    for doc in inputs.documentation:
        other = w.el(root, "otherMat", level="study", type="documentation", URI=doc.uri)
        w.text(other, "labl", doc.name)
        w.text(other, "txt", doc.description)


# ---------------------------------------------------------------- the codeBook

def build_tree(manifest: dict, inputs: Inputs) -> etree._ElementTree:
    study = manifest["study"]
    w = _Writer(study["language"])
    root = etree.Element(q("codeBook"), nsmap={None: DDI_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set("version", "2.5")
    root.set("ID", f"S{study['id']}" if not re.match(r"^[A-Za-z_]", study["id"]) else study["id"])
    root.set(XML_LANG, study["language"])
    # codeBook: docDscr, stdyDscr, fileDscr, dataDscr, otherMat
    _doc_dscr(w, root, study)
    _stdy_dscr(w, root, manifest)

    counter = 0
    data_file_ids: list[list[str]] = []
    for data in inputs.data:
        ids = []
        for physical in data.files:
            counter += 1
            ids.append(f"F{counter}")
            _file_dscr(w, root, ids[-1], physical, _data_contents(data), data.cases, len(data.variables), data.notes,
                       data.expected)
        data_file_ids.append(ids)
    for transcript in inputs.transcripts:
        counter += 1
        _file_dscr(w, root, f"F{counter}", transcript.file, _transcript_contents(transcript),
                   participant_type=transcript.participant_type)

    if any(data.variables for data in inputs.data):
        dscr = w.el(root, "dataDscr")
        number = 0
        for data, ids in zip(inputs.data, data_file_ids):
            for variable in data.variables:
                number += 1
                _var(w, dscr, f"V{number}", variable, ids)
    _other_material(w, root, inputs)
    return etree.ElementTree(root)


def build_codebook(manifest: dict, work, fmt: str | None = None) -> etree._ElementTree:
    """The metadata contract's entry point: read WORK, then build. With `fmt` ("tab" or
    "spss"), the codebook of that format's bundle: its data files only."""
    inputs = collect(Work.at(work) if not isinstance(work, Work) else work, manifest)
    return build_tree(manifest, for_format(inputs, fmt) if fmt else inputs)


def serialise(tree: etree._ElementTree) -> bytes:
    # libxml2's pretty printer leaves mixed content (text + concept) untouched, unlike etree.indent.
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
