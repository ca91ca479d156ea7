"""OpenDocument in, OpenDocument out: spans, styles, tables, headers kept; what names people outside
the text removed."""

import io
import zipfile

import pytest
from lxml import etree
from odf.dc import Creator
from odf.opendocument import OpenDocumentText, load
from odf.style import Header, MasterPage, PageLayout, Style, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import A, H, P, Span

from anonymise.text.documents import output_path, read_document
from anonymise.text.residual import residual_scan
from manifests.errors import UserError

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def make_odt(path, thumbnail=True):
    document = OpenDocumentText()
    document.meta.addElement(Creator(text="Tracey Walsh"))
    bold = Style(name="Label", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    italic = Style(name="Aside", family="text")
    italic.addElement(TextProperties(fontstyle="italic"))
    document.automaticstyles.addElement(bold)
    document.automaticstyles.addElement(italic)
    layout = PageLayout(name="pm1")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    header.addElement(P(text="Case of Kayleigh"))
    master.addElement(header)
    document.masterstyles.addElement(master)
    document.text.addElement(H(outlinelevel=1, text="Young person 1"))
    turn = P()
    turn.addElement(Span(stylename=bold, text="Interviewer: "))
    turn.addText("Is Tra")                                  # a name split over two spans
    turn.addElement(Span(stylename=italic, text="cey Walsh your"))
    turn.addText(" mum?")
    document.text.addElement(turn)
    table = Table(name="Turns")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for label, words in (("R:", "Yes, in Lowestoft."), ("Interviewer:", "And Kayleigh?")):
        row = TableRow()
        for text, style in ((label, bold), (words, None)):
            cell = TableCell()
            paragraph = P()
            paragraph.addElement(Span(stylename=style, text=text)) if style else paragraph.addText(text)
            cell.addElement(paragraph)
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    link = P(text="Write to ")
    link.addElement(A(href="mailto:kayleigh.jones@example.org", text="Kayleigh"))
    document.text.addElement(link)
    document.save(str(path))
    if thumbnail:
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("Thumbnails/thumbnail.png", b"\x89PNG picture of Tracey Walsh's name")


def test_odt_in_odt_out_keeps_spans_styles_tables_and_headers(tmp_path, anonymised):
    source = tmp_path / "yp01.odt"
    make_odt(source)
    document = read_document(source)
    assert document.text == ("Young person 1\nInterviewer: Is Tracey Walsh your mum?\nR:\nYes, in Lowestoft.\n"
                             "Interviewer:\nAnd Kayleigh?\nWrite to Kayleigh")
    assert output_path("transcripts/yp01.odt").name == "yp01.odt"
    results = anonymised(document, "yp01.odt")
    target = document.write(tmp_path / "out" / "yp01.odt", results)
    assert target.name == "yp01.odt"

    out = load(str(target))                     # odfpy opens what we wrote
    paragraphs = [p for p in out.text.getElementsByType(P)]
    turn = paragraphs[0]
    spans = [(span.getAttribute("stylename"), str(span)) for span in turn.getElementsByType(Span)]
    assert spans == [("Label", "Interviewer: "), ("Aside", " your")]
    assert str(turn) == "Interviewer: Is [Person 1] your mum?"
    assert [str(p) for p in paragraphs[1:]] == ["R:", "Yes, in [Town 1].", "Interviewer:", "And [Person 2]?",
                                                 "Write to [Person 2]"]
    assert read_document(target).units("yp01.odt")[1].text == "Case of [Person 2]"
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names[0] == "mimetype" and archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert "Thumbnails/thumbnail.png" not in names
        assert b"Thumbnails" not in archive.read("META-INF/manifest.xml")
        assert b"Tracey" not in archive.read("meta.xml")
        assert b"kayleigh.jones" not in archive.read("content.xml")
    assert residual_scan([target], [r for res in results for r in res.records]) == []


def test_odt_output_is_byte_identical_on_every_run(tmp_path, anonymised):
    source = tmp_path / "yp01.odt"
    make_odt(source, thumbnail=False)
    outputs = []
    for attempt in range(2):
        document = read_document(source)
        outputs.append(document.write(tmp_path / f"out{attempt}.odt", anonymised(document, "yp01.odt")).read_bytes())
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(io.BytesIO(outputs[0])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_odt_tracked_deletions_and_comment_authors_are_removed(tmp_path, anonymised):
    source = tmp_path / "tracked.odt"
    make_odt(source, thumbnail=False)
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    content = etree.fromstring(parts["content.xml"])
    t, office, dc = (f"{{{TEXT_NS}}}", "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}",
                     "{http://purl.org/dc/elements/1.1/}")
    body = content.find(f"{office}body/{office}text")
    changes = etree.SubElement(body, t + "tracked-changes")
    region = etree.SubElement(changes, t + "changed-region", {t + "id": "c1"})
    deletion = etree.SubElement(region, t + "deletion")
    info = etree.SubElement(deletion, office + "change-info")
    etree.SubElement(info, dc + "creator").text = "Sue Hill"
    etree.SubElement(deletion, t + "p").text = "Tracey Walsh was here"
    body.remove(changes)
    body.insert(0, changes)
    kept = etree.SubElement(body, t + "p")
    kept.text = "Kept text "
    etree.SubElement(kept, t + "change", {t + "change-id": "c1"}).tail = "and more"
    note = etree.SubElement(kept, office + "annotation")
    etree.SubElement(note, dc + "creator").text = "Sue Hill"
    etree.SubElement(note, t + "p").text = "Ask Kayleigh again"
    parts["content.xml"] = etree.tostring(content, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    document = read_document(source)
    assert document.text.endswith("Kept text and more\nAsk Kayleigh again")
    target = document.write(tmp_path / "out.odt", anonymised(document, "tracked.odt"))
    xml = zipfile.ZipFile(target).read("content.xml")
    assert b"Tracey" not in xml and b"Sue Hill" not in xml and b"Kept text and more" in xml
    assert b"Ask [Person 2] again" in xml


@pytest.mark.parametrize("members, message", [
    ({"mimetype": "application/vnd.oasis.opendocument.text"}, "corrupt"),
    ({"content.xml": "<not xml"}, "corrupt"),
])
def test_broken_odt_packages_are_refused(tmp_path, members, message):
    path = tmp_path / "broken.odt"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(UserError, match=message):
        read_document(path)
