import codecs
import io
import zipfile

import docx
import pytest
from docx.shared import Pt

from anonymise.text.documents import read_document
from anonymise.text.pipeline import TextAnonymiser
from anonymise.text.registry import Registry
from anonymise.text.settings import TextSettings
from manifests.errors import UserError

TRANSCRIPT = ("[00:00:05] Interviewer: How is Kayleigh getting on?\r\n"
              "R: Tracey Walsh says she’s fourteen years old now and likes Lowestoft.\r\n"
              "\r\n"
              "[00:01:10] Interviewer: Thank you – that’s £5.\r\n")
EXPECTED = ("[00:00:05] Interviewer: How is [Person 1] getting on?\r\n"
            "R: [Person 2] says she’s [aged 13–15] years old now and likes [Town 1].\r\n"
            "\r\n"
            "[00:01:10] Interviewer: Thank you – that’s £5.\r\n")


def anonymise(document, label, fake_detector):
    settings = TextSettings()
    engine = TextAnonymiser(settings, Registry.from_settings(settings), detector_factory=fake_detector)
    return engine.run(document.units(label))


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b"")])
def test_plain_text_round_trip_keeps_encoding_bom_and_line_endings(tmp_path, fake_detector, encoding, prefix):
    source = tmp_path / "in.txt"
    source.write_bytes(prefix + TRANSCRIPT.encode(encoding))
    document = read_document(source)
    assert document.text == TRANSCRIPT
    assert document.word_count() == len(TRANSCRIPT.split())
    target = tmp_path / "out.txt"
    assert document.write(target, anonymise(document, "in.txt", fake_detector)) == target
    assert target.read_bytes() == prefix + EXPECTED.encode(encoding)


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \r\n\n", "empty"),
    ("binary.txt", b"%PDF-1.4\x00\x01\x02\x03binary" * 20, "binary"),
    ("odd.txt", b"caf\x81 \x8d\x8f\x90 \x9d text", "encoding"),
    ("corrupt.docx", b"PK\x03\x04 this is not really a zip", "corrupt"),
    ("plain.docx", b"just text in a docx name", "corrupt"),
    ("corrupt.rtf", b"not rtf at all", "corrupt"),
    ("corrupt.odt", b"not a zip", "corrupt"),
    ("notes.pdf", b"%PDF", "unsupported"),
])
def test_bad_inputs_raise_a_clear_user_error(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UserError) as caught:
        read_document(path)
    assert message in caught.value.message
    assert caught.value.location == str(path)


def test_docx_zip_without_a_document_part_is_corrupt(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(UserError, match="corrupt"):
        read_document(path)


def make_docx(path):
    document = docx.Document()
    document.core_properties.author = "Tracey Walsh"
    document.core_properties.title = "Interview with Kayleigh"
    document.sections[0].header.paragraphs[0].text = "Case of Kayleigh"
    first = document.add_paragraph(style="Heading 1")
    first.add_run("Interview 3")
    turn = document.add_paragraph()
    label = turn.add_run("Interviewer: ")
    label.bold = True
    turn.add_run("Did Tra")                       # a name split over two differently styled runs
    split = turn.add_run("cey Walsh visit")
    split.italic = True
    split.font.size = Pt(13)
    turn.add_run(" Lowestoft?")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Child"
    table.cell(0, 1).text = "Kayleigh"
    table.cell(1, 0).text = "Town"
    table.cell(1, 1).text = "Lowestoft, Norfolk County Council"
    document.add_paragraph("R: Kayleigh’s fine.\tShe is seven years old.")
    document.save(path)


def test_docx_keeps_paragraphs_runs_styles_and_tables(tmp_path, fake_detector):
    source = tmp_path / "sw01.docx"
    make_docx(source)
    document = read_document(source)
    units = document.units("transcripts/sw01.docx")
    assert [u.uid for u in units] == ["transcripts/sw01.docx::document", "transcripts/sw01.docx::header1"]
    target = tmp_path / "out" / "sw01.docx"
    document.write(target, anonymise(document, "transcripts/sw01.docx", fake_detector))

    out = docx.Document(target)
    texts = [p.text for p in out.paragraphs]
    assert texts == ["Interview 3", "Interviewer: Did [Person 1] visit [Town 1]?",
                     "R: [Person 2]’s fine.\tShe is [aged 6–9] years old."]
    assert out.paragraphs[0].style.name == "Heading 1"
    runs = out.paragraphs[1].runs
    assert [(r.text, r.bold, r.italic) for r in runs] == [
        ("Interviewer: ", True, None), ("Did [Person 1]", None, None), (" visit", None, True), (" [Town 1]?", None, None)]
    assert runs[2].font.size == Pt(13)
    assert [[c.text for c in row.cells] for row in out.tables[0].rows] == [
        ["Child", "[Person 2]"], ["Town", "[Town 1], [Local authority 1]"]]
    assert out.sections[0].header.paragraphs[0].text == "Case of [Person 2]"
    assert out.core_properties.author == "" and out.core_properties.title == ""


def test_docx_output_is_byte_identical_on_every_run(tmp_path, fake_detector):
    source = tmp_path / "sw01.docx"
    make_docx(source)
    outputs = []
    for attempt in range(2):
        document = read_document(source)
        target = tmp_path / f"out{attempt}.docx"
        document.write(target, anonymise(document, "sw01.docx", fake_detector))
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(io.BytesIO(outputs[0])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert b"Tracey" not in archive.read("docProps/core.xml")


def test_docx_tracked_deletions_and_revision_authors_are_removed(tmp_path, fake_detector):
    source = tmp_path / "tracked.docx"
    document = docx.Document()
    paragraph = document.add_paragraph("Kept text ")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    from lxml import etree
    deleted = etree.SubElement(paragraph._p, f"{{{w}}}del", {f"{{{w}}}id": "1", f"{{{w}}}author": "Sue Hill"})
    run = etree.SubElement(deleted, f"{{{w}}}r")
    etree.SubElement(run, f"{{{w}}}delText").text = "Tracey Walsh was here"
    document.save(source)
    doc = read_document(source)
    target = tmp_path / "out.docx"
    doc.write(target, anonymise(doc, "tracked.docx", fake_detector))
    xml = zipfile.ZipFile(target).read("word/document.xml")
    assert b"Tracey" not in xml and b"Sue Hill" not in xml and b"Kept text" in xml


def test_rtf_in_rtf_out(tmp_path, fake_detector):
    source = tmp_path / "fg01.rtf"
    source.write_bytes(b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\n"
                       b"\\pard Interviewer: Where does Kayleigh live?\\par\n"
                       b"\\pard R: In Lowestoft, near caf\\'e9s.\\par\n}")
    document = read_document(source)
    assert "Interviewer: Where does Kayleigh live?" in document.text
    target = document.write(tmp_path / "out" / "fg01.rtf", anonymise(document, "fg01.rtf", fake_detector))
    assert target.suffix == ".rtf"
    again = read_document(target)
    assert again.text.splitlines()[:2] == ["Interviewer: Where does [Person 1] live?", "R: In [Town 1], near cafés."]


def add_link(paragraph, text, url):
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def test_docx_links_lose_a_target_that_named_someone(tmp_path, fake_detector):
    from anonymise.text.residual import residual_scan

    source = tmp_path / "links.docx"
    document = docx.Document()
    add_link(document.add_paragraph("Write to "), "Kayleigh", "mailto:kayleigh.jones@example.org")
    add_link(document.add_paragraph("See "), "the guidance", "https://www.gov.uk/guidance")
    document.save(source)
    doc = read_document(source)
    assert ("link targets", "mailto:kayleigh.jones@example.org\nhttps://www.gov.uk/guidance") in doc.texts()
    target = tmp_path / "out.docx"
    results = anonymise(doc, "links.docx", fake_detector)
    doc.write(target, results)
    out = docx.Document(target)
    assert [p.text for p in out.paragraphs] == ["Write to [Person 1]", "See the guidance"]
    rels = zipfile.ZipFile(target).read("word/_rels/document.xml.rels")
    assert b"kayleigh" not in rels and b"gov.uk/guidance" in rels
    assert residual_scan([target], [r for res in results for r in res.records]) == []


def test_docx_text_box_paragraphs_are_their_own_lines(tmp_path, fake_detector):
    from docx.oxml import parse_xml

    source = tmp_path / "box.docx"
    document = docx.Document()
    paragraph = document.add_paragraph("Outer text ")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.append(parse_xml(
        f'<w:r {w}><w:pict><w:txbxContent><w:p><w:r><w:t>Boxed Kayleigh</w:t></w:r></w:p>'
        f'</w:txbxContent></w:pict></w:r>'))
    paragraph.add_run("after the box")
    document.save(source)
    doc = read_document(source)
    assert doc.units("box.docx")[0].text == "Outer text after the box\nBoxed Kayleigh"
    target = tmp_path / "out.docx"
    doc.write(target, anonymise(doc, "box.docx", fake_detector))
    assert b"Boxed [Person 1]" in zipfile.ZipFile(target).read("word/document.xml")
