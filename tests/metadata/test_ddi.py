"""The DDI builder on a real WORK folder: valid, complete, in schema order, right numbers, same bytes twice."""


import pyreadstat
import pytest
from lxml import etree

from manifests.loader import load_manifest
from metadata.ddi import build_codebook, humanise, serialise
from metadata.validate import summary, validate_ddi
from tests.metadata.fixtures import make_work

NS = {"ddi": "ddi:codebook:2_5"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = make_work(tmp_path_factory.mktemp("ddi"))
    manifest = load_manifest(work / "private" / "deposit.yaml")
    xml = serialise(build_codebook(manifest, work))
    return work, manifest, xml, etree.fromstring(xml)


def local(element):
    return etree.QName(element).localname


def children(root, path):
    return [local(c) for c in root.find(path, NS)]


def test_valid_and_zero_violations_at_standard(built):
    _, _, xml, _ = built
    report = validate_ddi(xml, gate="STANDARD")
    assert report.problems == [], report.render()
    assert summary(report) == {"xsd_valid": True, "id_errors": 0, "violations": {"BASIC": 0, "STANDARD": 0}}


def test_element_order_follows_the_schema_sequences(built):
    root = built[3]
    assert [local(c) for c in root] == ["docDscr", "stdyDscr", "fileDscr", "fileDscr", "fileDscr", "dataDscr",
                                        "otherMat", "otherMat", "otherMat"]
    assert children(root, "ddi:stdyDscr") == ["citation", "stdyInfo", "method", "dataAccs", "notes"]
    assert children(root, "ddi:stdyDscr/ddi:citation") == ["titlStmt", "rspStmt", "prodStmt", "distStmt", "verStmt",
                                                           "biblCit", "holdings"]
    assert children(root, "ddi:stdyDscr/ddi:citation/ddi:titlStmt") == ["titl", "altTitl", "IDNo", "IDNo"]
    assert children(root, "ddi:stdyDscr/ddi:stdyInfo/ddi:sumDscr") == [
        "timePrd", "timePrd", "collDate", "collDate", "nation", "geogCover", "anlyUnit", "universe", "dataKind", "dataKind"]
    assert children(root, "ddi:stdyDscr/ddi:method/ddi:dataColl") == [
        "timeMeth", "sampProc", "collMode", "collMode", "collMode", "resInstru", "collSitu"]
    assert children(root, "ddi:stdyDscr/ddi:dataAccs/ddi:useStmt") == ["restrctn", "citReq", "conditions", "conditions"]
    placement = root.find("ddi:dataDscr/ddi:var[@name='placement_type']", NS)
    assert [local(c) for c in placement] == ["location", "location", "labl", "qstn", "invalrng", "sumStat", "sumStat",
                                             "catgry", "catgry", "catgry", "catgry", "catgry", "catgry", "varFormat"]


def test_study_citation_and_vocabularies(built):
    _, manifest, _, root = built
    study = manifest["study"]
    cit = root.find("ddi:stdyDscr/ddi:citation", NS)
    assert cit.findtext("ddi:titlStmt/ddi:titl", namespaces=NS) == study["title"]
    ids = {i.get("agency"): i.text for i in cit.iterfind("ddi:titlStmt/ddi:IDNo", NS)}
    assert ids == {"UK Data Service": "900001", "DOI": "10.5255/UKDA-SN-900001"}
    assert cit.find("ddi:holdings", NS).get("URI") == "https://doi.org/10.5255/UKDA-SN-900001"
    assert [a.get("affiliation") for a in cit.iterfind("ddi:rspStmt/ddi:AuthEnty", NS)] == ["University of Anytown"] * 2
    assert cit.find("ddi:prodStmt/ddi:grantNo", NS).get("agency") == "Economic and Social Research Council"
    assert cit.find("ddi:distStmt/ddi:depDate", NS).get("date") == "2015-06-30"
    info = root.find("ddi:stdyDscr/ddi:stdyInfo", NS)
    assert {k.get("vocab") for k in info.iterfind("ddi:subject/ddi:keyword", NS)} == {"ELSST"}
    assert info.find("ddi:subject/ddi:topcClas", NS).get("vocab") == "CESSDA Topic Classification"
    events = [(c.get("event"), c.get("date")) for c in info.iterfind("ddi:sumDscr/ddi:collDate", NS)]
    assert events == [("start", "2012-09-01"), ("end", "2014-03-31")]
    assert info.find("ddi:sumDscr/ddi:nation", NS).get("abbr") == "GB"
    modes = root.findall("ddi:stdyDscr/ddi:method/ddi:dataColl/ddi:collMode/ddi:concept", NS)
    assert [m.text for m in modes] == ["Interview.FaceToFace", "FocusGroup.FaceToFace", "SelfAdministeredQuestionnaire"]
    assert {m.get("vocab") for m in modes} == {"DDI Mode of Collection"}
    assert root.find(".//ddi:sampProc/ddi:concept", NS).get("vocabURI").endswith("/SamplingProcedure")
    for path in ("titl", "abstract", "keyword", "nation", "universe", "timeMeth", "collMode", "restrctn", "fileName"):
        for element in root.iterfind(f".//ddi:{path}", NS):
            assert element.get(XML_LANG) == "en", path


def test_a_file_description_for_every_bundled_file(built):
    work, _, _, root = built
    files = {f.findtext("ddi:fileTxt/ddi:fileName", namespaces=NS): f for f in root.iterfind("ddi:fileDscr", NS)}
    assert sorted(files) == ["casefile_survey.sav", "casefile_survey.tab", "sw01.txt"]
    assert [files[n].get("URI") for n in sorted(files)] == ["spss/casefile_survey.sav", "tab/casefile_survey.tab",
                                                           "text/sw01.txt"]
    sav = files["casefile_survey.sav"]
    assert sav.findtext("ddi:fileTxt/ddi:dimensns/ddi:caseQnty", namespaces=NS) == "40"
    assert sav.findtext("ddi:fileTxt/ddi:dimensns/ddi:varQnty", namespaces=NS) == "8"
    assert "child_name" in sav.findtext("ddi:notes", namespaces=NS)
    transcript = files["sw01.txt"]
    assert transcript.find("ddi:fileTxt/ddi:dimensns", NS) is None
    assert "social worker" in transcript.findtext("ddi:fileTxt/ddi:fileCont", namespaces=NS)
    assert transcript.findtext("ddi:fileTxt/ddi:fileType", namespaces=NS) == "text/plain"
    import hashlib
    digest = hashlib.sha256((work / "anonymised" / "transcripts" / "sw01.txt").read_bytes()).hexdigest()
    assert transcript.findtext(".//ddi:digitalFingerprintValue", namespaces=NS) == digest


def test_other_material_names_the_bundled_documents(built):
    root = built[3]
    other = [(o.get("URI"), o.findtext("ddi:labl", namespaces=NS)) for o in root.iterfind("ddi:otherMat", NS)]
    assert other == [("mrdoc/allissue/casefile_survey_ukda_data_dictionary.rtf", "casefile_survey_ukda_data_dictionary.rtf"),
                     ("mrdoc/codebook.html", "codebook.html"),
                     ("mrdoc/interview_guide.txt", "interview_guide.txt")]


def test_every_variable_with_valid_references(built):
    work, _, _, root = built
    _, meta = pyreadstat.read_sav(str(work / "anonymised" / "data" / "casefile_survey.sav"), metadataonly=True)
    variables = root.findall("ddi:dataDscr/ddi:var", NS)
    assert [v.get("name") for v in variables] == meta.column_names
    ids = {e.get("ID") for e in root.iter() if e.get("ID")}
    assert len({v.get("ID") for v in variables}) == len(variables)
    data_files = {f.get("ID") for f in root.iterfind("ddi:fileDscr", NS) if f.find(".//ddi:caseQnty", NS) is not None}
    for var in variables:
        assert set(var.get("files").split()) == data_files
        assert {loc.get("fileid") for loc in var.iterfind("ddi:location", NS)} == data_files
        assert all(ref in ids for ref in var.get("files").split())
    assert [v.find("ddi:location", NS).get("StartPos") for v in variables] == [str(i) for i in range(1, 9)]


def test_statistics_come_from_the_anonymised_data(built):
    work, _, _, root = built
    df, _ = pyreadstat.read_sav(str(work / "anonymised" / "data" / "casefile_survey.sav"), user_missing=True)
    stats = {s.get("type"): s.text for s in root.iterfind("ddi:dataDscr/ddi:var[@name='months_in_care']/ddi:sumStat", NS)}
    values = df["months_in_care"]
    assert int(stats["vald"]) == values.notna().sum() and stats["invd"] == "0"
    assert float(stats["mean"]) == pytest.approx(values.mean(), abs=5e-5)
    assert float(stats["stdev"]) == pytest.approx(values.std(), abs=5e-5)
    assert float(stats["medn"]) == pytest.approx(values.median(), abs=5e-5)
    assert float(stats["min"]) == values.min() and float(stats["max"]) == values.max()


def test_categories_invalid_ranges_and_questions(built):
    work, _, _, root = built
    df, _ = pyreadstat.read_sav(str(work / "anonymised" / "data" / "casefile_survey.sav"), user_missing=True)
    var = root.find("ddi:dataDscr/ddi:var[@name='placement_type']", NS)
    assert var.findtext("ddi:qstn/ddi:qstnLit", namespaces=NS).startswith("What type of placement")
    assert [i.get("VALUE") for i in var.iterfind("ddi:invalrng/ddi:item", NS)] == ["9"]
    counts = df["placement_type"].value_counts()
    for catgry in var.iterfind("ddi:catgry", NS):
        value = float(catgry.findtext("ddi:catValu", namespaces=NS))
        assert int(catgry.findtext("ddi:catStat[@type='freq']", namespaces=NS)) == counts.get(value, 0)
        assert (catgry.get("missing") == "Y") == (value == 9)
    age = root.find("ddi:dataDscr/ddi:var[@name='age']", NS)
    rng = age.find("ddi:invalrng/ddi:range", NS)
    assert (rng.get("min"), rng.get("max")) == ("-9", "-1")
    assert age.get("intrvl") == "contin"
    assert age.find("ddi:varFormat", NS).get("formatname") == "F8.2"


def test_anonymisation_notes_per_variable(built):
    root = built[3]
    notes = {v.get("name"): [n.text for n in v.iterfind("ddi:notes", NS)] for v in root.iterfind("ddi:dataDscr/ddi:var", NS)}
    assert "recoded from date of birth to age in years" in notes["age"][0]
    assert "local suppression" in notes["age"][1]
    assert "new arbitrary identifier" in notes["case_id"][0]
    assert notes["months_in_care"] == []


def test_same_inputs_same_bytes(built, tmp_path):
    work, manifest, xml, _ = built
    assert serialise(build_codebook(manifest, work)) == xml
    # A copy elsewhere, with fresh timestamps: neither path nor mtime may leak into the output.
    # (A re-generated .sav would differ: SPSS files carry their creation time.)
    import shutil
    other = shutil.copytree(work, tmp_path / "elsewhere")
    assert serialise(build_codebook(load_manifest(other / "private" / "deposit.yaml"), other)) == xml


def test_pretty_printed_and_declared(built):
    xml = built[2]
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<codeBook")
    assert b"\n  <stdyDscr>\n" in xml


def test_optional_manifest_parts_appear_when_given(tmp_path):
    from tests.metadata.fixtures import example_manifest
    data = example_manifest()
    data["study"]["creators"][0]["orcid"] = "0000-0002-1825-0097"
    data["study"]["series"] = {"name": "Care planning studies", "uri": "https://example.org/series",
                               "description": "Studies of care planning."}
    data["study"]["related_publications"] = [{"title": "Care plans revisited", "doi": "10.1234/abc", "date": "2016"}]
    work = make_work(tmp_path, data)
    xml = serialise(build_codebook(load_manifest(work / "private" / "deposit.yaml"), work))
    root = etree.fromstring(xml)
    link = root.find(".//ddi:AuthEnty/ddi:ExtLink", NS)
    assert link.get("URI") == "https://orcid.org/0000-0002-1825-0097" and link.get("title") == "ORCID"
    assert root.find(".//ddi:serStmt/ddi:serName", NS).text == "Care planning studies"
    assert root.find(".//ddi:relPubl/ddi:citation/ddi:distStmt/ddi:distDate", NS).get("date") == "2016"
    assert validate_ddi(xml, gate="STANDARD").problems == []


def test_converted_transcripts_are_described_as_bundled(tmp_path):
    import docx

    from tests.metadata.fixtures import example_manifest
    data = example_manifest()
    data["files"][0]["path"] = "transcripts/sw01.docx"
    work = make_work(tmp_path, data)
    (work / "anonymised" / "transcripts" / "sw01.txt").unlink()
    document = docx.Document()
    document.add_paragraph("Interviewer: Hello [Person 1].")
    document.save(str(work / "anonymised" / "transcripts" / "sw01.docx"))
    root = etree.fromstring(serialise(build_codebook(load_manifest(work / "private" / "deposit.yaml"), work)))
    transcript = root.findall("ddi:fileDscr", NS)[-1]
    assert transcript.findtext("ddi:fileTxt/ddi:fileName", namespaces=NS) == "sw01.rtf"
    assert transcript.get("URI") == "rtf/sw01.rtf"
    assert transcript.find(".//ddi:dataFingerprint", NS) is None
    assert "Converted from .docx" in transcript.findtext("ddi:notes", namespaces=NS)
    assert transcript.findtext("ddi:fileTxt/ddi:fileCont", namespaces=NS).startswith("Interview with a social worker")


@pytest.mark.parametrize("fmt, uri", [("tab", "tab/casefile_survey.tab"), ("spss", "spss/casefile_survey.sav")])
def test_a_formats_codebook_describes_that_bundles_data_file_only(built, fmt, uri):
    work, manifest, _, _ = built
    xml = serialise(build_codebook(manifest, work, fmt))
    root = etree.fromstring(xml)
    files = {f.get("URI"): f.get("ID") for f in root.iterfind("ddi:fileDscr", NS)}
    assert sorted(files) == [uri, "text/sw01.txt"]
    for var in root.iterfind("ddi:dataDscr/ddi:var", NS):
        assert var.get("files") == files[uri]
        assert [loc.get("fileid") for loc in var.iterfind("ddi:location", NS)] == [files[uri]]
    dictionary = root.find("ddi:otherMat[@URI='mrdoc/allissue/casefile_survey_ukda_data_dictionary.rtf']", NS)
    assert dictionary.findtext("ddi:txt", namespaces=NS).endswith(f"for {uri.split('/')[1]}")
    report = validate_ddi(xml, gate="STANDARD")
    assert report.problems == [], report.render()


def test_for_format_knows_only_the_bundle_formats():
    from metadata.sources import Inputs, for_format

    assert for_format(Inputs(), "tab") == Inputs()
    with pytest.raises(ValueError):
        for_format(Inputs(), "csv")


def test_humanise():
    assert humanise("Interview.FaceToFace") == "Interview: face to face"
    assert humanise("CrossSection") == "Cross section"
