"""validate_ddi: official XSD (offline), ID/IDREF integrity and CESSDA gates, on real records."""

from pathlib import Path

import pytest
from lxml import etree

from manifests.errors import UserError
from metadata import validate as v
from tests.metadata.fixtures import DDI_EXAMPLES as EXAMPLES
from tests.metadata.fixtures import OFFICIAL_SCHEMAS


def example(name):
    return EXAMPLES / name


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_bundled_schema_set_is_the_official_one():
    """The same files, byte for byte, as the DDI Alliance's 2.5.1 release (the copy in tests/fixtures names its commit)."""
    official = OFFICIAL_SCHEMAS / "ddi-codebook-2.5"
    names = files_under(official)
    assert "codebook.xsd" in names and "XHTML/xhtml-table-1.xsd" in names
    assert files_under(v.schema_dir()) == names
    for name in names:
        assert (v.schema_dir() / name).read_bytes() == (official / name).read_bytes(), name


class _Counting(v.LocalOnlyResolver):
    def __init__(self, root):
        super().__init__(root)
        self.seen = []

    def resolve(self, url, public_id, context):
        self.seen.append(url)
        return super().resolve(url, public_id, context)


def test_schema_loads_without_network():
    resolver = _Counting(v.schema_dir())
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(resolver)
    etree.XMLSchema(etree.parse(str(v.schema_dir() / "codebook.xsd"), parser))
    # Every import/include went through the resolver, and every one was one of our own files.
    assert any(url.endswith("/xml.xsd") for url in resolver.seen)
    assert any("/XHTML/" in url for url in resolver.seen)
    assert resolver.refused == []


def test_a_remote_import_is_refused_not_fetched(tmp_path):
    (tmp_path / "a.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="http://www.w3.org/2001/xml.xsd"/>'
        "</xs:schema>", encoding="utf-8")
    resolver = v.LocalOnlyResolver(tmp_path)
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(resolver)
    try:
        etree.XMLSchema(etree.parse(str(tmp_path / "a.xsd"), parser))
    except etree.XMLSchemaParseError:
        pass  # libxml2 may report the failed import as an error or only a warning; either way nothing was fetched
    assert resolver.refused == ["http://www.w3.org/2001/xml.xsd"]


def test_resolver_refuses_remote_and_foreign_files(tmp_path):
    resolver = v.LocalOnlyResolver(v.schema_dir())
    with pytest.raises(OSError):
        resolver.resolve("http://www.w3.org/2001/xml.xsd", None, None)
    with pytest.raises(OSError):
        resolver.resolve(str(tmp_path / "other.xsd"), None, None)
    assert resolver.resolve(str(v.schema_dir() / "xml.xsd"), None, None) is None


def test_compliant_example_passes_everything():
    report = v.validate_ddi(example("cdc25-compliant-example.xml"), gate="STANDARD")
    assert report.problems == []
    assert v.summary(report) == {"xsd_valid": True, "id_errors": 0, "violations": {"BASIC": 0, "STANDARD": 0}}


def test_raw_html_in_ukds_record_fails_xsd_with_a_hint():
    report = v.validate_ddi(example("ukds-7481-ddi25.xml"))
    xsd = [p for p in report if p.code == "ddi.xsd"]
    assert xsd and not report.ok
    html = [p for p in xsd if "raw HTML" in p.hint]
    assert html, "the <P>/<a>/<br> pasted into the record must be called out"
    assert any(p.location.startswith("line 63 /ddi:codeBook/ddi:stdyDscr/ddi:stdyInfo/ddi:abstract/ddi:P") for p in html)


def test_dataverse_export_fails_xsd():
    report = v.validate_ddi(example("dataverse-dct_codebook.xml"))
    assert any(p.code == "ddi.xsd" and "DVN" in p.message for p in report)
    assert not v.summary(report)["xsd_valid"]


def test_ukds_2000_is_schema_valid_but_far_from_the_profile():
    report = v.validate_ddi(example("ukds-2000-ddi25.xml"), gate="BASIC")
    summary = v.summary(report)
    assert summary["xsd_valid"] and summary["id_errors"] == 0
    assert summary["violations"]["BASIC"] > 0
    assert summary["violations"]["STANDARD"] > summary["violations"]["BASIC"]
    # Recommended-only findings are warnings at the BASIC gate, errors at STANDARD.
    assert {p.severity for p in report if p.code.startswith("cdc.standard")} == {"warning"}
    standard = v.validate_ddi(example("ukds-2000-ddi25.xml"), gate="STANDARD")
    assert {p.severity for p in standard if p.code.startswith("cdc.standard")} == {"error"}


def test_oai_pmh_envelope_is_unwrapped():
    report = v.validate_ddi(example("ukds-6684-oai-pmh-getrecord.xml"))
    assert report.problems[0].code == "ddi.envelope" and report.problems[0].severity == "info"
    assert v.summary(report)["xsd_valid"]


def _minimal(extra_var=""):
    return f"""<codeBook xmlns="ddi:codebook:2_5" version="2.5">
  <stdyDscr><citation><titlStmt><titl>t</titl></titlStmt></citation></stdyDscr>
  <fileDscr ID="F1"><fileTxt><fileName>a.sav</fileName></fileTxt></fileDscr>
  <dataDscr>
    <var ID="V1" name="a" files="F1"><location fileid="F1"/>
      <catgry><catValu>1</catValu></catgry></var>
    {extra_var}
  </dataDscr>
</codeBook>""".encode()


def test_dangling_idrefs_are_found():
    report = v.validate_ddi(_minimal('<var ID="V2" name="b" files="F1 F9"><location fileid="F8"/></var>'))
    dangling = [p for p in report if p.code == "ddi.idref"]
    assert v.summary(report)["xsd_valid"], "libxml2 accepts this: the point of our own check"
    assert sorted(p.message.split("'")[1] for p in dangling) == ["F8", "F9"]
    assert any(p.location.endswith("ddi:var[2]/@files") for p in dangling)


def test_idref_typing_is_per_element():
    # labl/@level is plain text while catgry/@level is an IDREF: only the latter is checked.
    attrs = v.idref_attributes()
    assert "level" in attrs["catgry"] and "level" not in attrs.get("labl", ())
    assert {"files", "qstn"} <= attrs["var"]
    assert attrs["location"] >= {"fileid"}


def test_duplicate_ids_are_found():
    report = v.validate_ddi(_minimal('<var ID="V1" name="b" files="F1"/>'))
    assert "ddi.id.duplicate" in report.codes()


def test_unreadable_inputs_raise_user_error(tmp_path):
    with pytest.raises(UserError):
        v.validate_ddi(tmp_path / "missing.xml")
    (tmp_path / "x.xml").write_text("not xml at all", encoding="utf-8")
    with pytest.raises(UserError):
        v.validate_ddi(tmp_path / "x.xml")
    (tmp_path / "y.xml").write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(UserError) as err:
        v.validate_ddi(tmp_path / "y.xml")
    assert "codeBook" in err.value.message


def test_external_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    doc = (f'<?xml version="1.0"?><!DOCTYPE codeBook [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>&x;</titl>'
           "</titlStmt></citation></stdyDscr></codeBook>")
    try:
        text = v.validate_ddi(doc.encode()).render()
    except UserError as exc:  # refusing the document outright is fine too
        text = exc.render()
    assert "TOPSECRET" not in text
