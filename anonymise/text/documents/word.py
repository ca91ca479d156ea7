"""Word (.docx) transcripts, edited in place so paragraphs, runs, styles and tables survive.

Each story of the document (the body, every header and footer, footnotes,
endnotes, comments) is one text unit: its paragraphs joined by line breaks, in
document order, table cells and text boxes included. A replacement is written
into the first run it touches and the rest of the original is removed from the
runs it spans, so formatting around it is untouched.

Also removed, because they can identify people and are not part of the text:
the target of a link whose text held an identifier, tracked deletions (their text is still in the file), revision and comment
authors, and the author, title, company and similar document properties.
Saved with fixed zip timestamps and fixed document dates, so the same input
gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from lxml import etree

from anonymise.text.documents.limits import TooLarge
from anonymise.text.documents.segments import Pieces, StoryDocument
from anonymise.text.documents.zipped import rewrite_zip
from manifests.errors import UserError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STORY_PARTS = ("/word/document.xml", "/word/header", "/word/footer", "/word/footnotes.xml",
               "/word/endnotes.xml", "/word/comments.xml")
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_FIXED_TEXT = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_APP_PRIVATE = ("Company", "Manager", "HyperlinkBase")


class _Story:
    """One part's paragraphs, flattened to text with a map back to the w:t elements."""

    def __init__(self, name: str, root, part) -> None:
        self.name = name
        self.root = root
        self.part = part
        self.pieces = Pieces()
        for number, paragraph in enumerate(root.iter(W + "p")):
            if number:
                self.pieces.fixed("\n")
            for element, text in _paragraph_pieces(paragraph):
                self.pieces.add(text, element)
        self.text = self.pieces.text

    def apply(self, edits: list[tuple[int, int, str]]) -> None:
        """Replace [start, end) by the new text for each edit (edits do not overlap)."""
        edited = set()
        for piece, new in self.pieces.edit(edits):
            piece.handle.text = new
            piece.handle.set(XML_SPACE, "preserve")
            edited.add(piece.handle)
        self._unlink(edited)

    def _unlink(self, edited: set) -> None:
        """A link whose text held an identifier keeps its text but loses its target
        (a "mailto:" or profile address would still name the person)."""
        for link in list(self.root.iter(W + "hyperlink")):
            rid = link.get(R_ID)
            if rid is None or not any(t in edited for t in link.iter(W + "t")):
                continue
            del link.attrib[R_ID]
            still_used = any(e.get(R_ID) == rid for e in self.root.iter(W + "hyperlink"))
            if not still_used and rid in self.part.rels:
                self.part.rels.pop(rid)


_TEXT_TAGS = (W + "t", *_FIXED_TEXT)


def _pieces_of(element, tag: str):
    if tag == W + "t":
        if element.text:
            yield element, element.text
    elif tag != W + "br" or element.get(W + "type") in (None, "textWrapping"):
        yield None, _FIXED_TEXT[tag]


def _paragraph_pieces(paragraph):
    """(w:t element or None, text) in reading order, not descending into nested paragraphs."""
    if paragraph.find(".//" + W + "p") is None:     # the usual case: lxml's C iterator does the walk
        for element in paragraph.iter(*_TEXT_TAGS):
            yield from _pieces_of(element, element.tag)
        return
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag == W + "p":
            continue                      # a text box's paragraph: its own paragraph in the story
        if tag in _TEXT_TAGS:
            yield from _pieces_of(element, tag)
            continue
        stack.extend(reversed(element))


class _Parsed:
    """A python-docx package and its stories. Built on demand: a parsed .docx takes several
    megabytes, so a collection keeps only the file's bytes and texts between reading and writing."""

    def __init__(self, data: bytes) -> None:
        import docx

        self.document = docx.Document(io.BytesIO(data))
        self.stories: list[_Story] = []
        self.blob_parts = []
        for part in sorted(self.document.part.package.iter_parts(), key=lambda p: str(p.partname)):
            name = str(part.partname)
            if not name.startswith(STORY_PARTS):
                continue
            root = getattr(part, "element", None)
            if root is None:
                root = etree.fromstring(part.blob)
                self.blob_parts.append((part, root))
            _scrub_revisions(root)
            self.stories.append(_Story(Path(name).stem, root, part))

    def link_targets(self) -> list[str]:
        return [rel.target_ref for s in self.stories for rel in s.part.rels.values()
                if rel.is_external and rel.reltype.endswith("/hyperlink")]


class WordDocument(StoryDocument):
    suffix = ".docx"

    def __init__(self, data: bytes, source: Path | None = None) -> None:
        self._data = data
        self.source = source
        parsed = _Parsed(data)
        self._stories = [(story.name, story.text) for story in parsed.stories]
        links = parsed.link_targets()
        self._hidden = [("link targets", "\n".join(links))] if links else []

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> "WordDocument":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise UserError("the Word file is corrupt (not a .docx zip)", location=str(path),
                            hint="open it in Word and save it again as .docx")
        try:
            return cls(data, path)
        except TooLarge:
            raise
        except etree.XMLSyntaxError as exc:
            if "Resource limit exceeded" in str(exc):     # lxml's own cap on one text node (10 MB)
                raise TooLarge("characters") from None
            raise UserError(f"the Word file is corrupt: {exc}", location=str(path),
                            hint="open it in Word and save it again as .docx") from exc
        except Exception as exc:  # python-docx and lxml raise many types for broken packages
            raise UserError(f"the Word file is corrupt: {exc}", location=str(path),
                            hint="open it in Word and save it again as .docx") from exc

    def render(self, edits: dict[str, list[tuple[int, int, str]]]) -> bytes:
        parsed = _Parsed(self._data)
        for story in parsed.stories:
            if story.name in edits:
                story.apply(edits[story.name])
        for part, root in parsed.blob_parts:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        _scrub_properties(parsed.document)
        buffer = io.BytesIO()
        parsed.document.save(buffer)
        return deterministic_zip(buffer.getvalue())

    def blocks(self) -> list:
        """The body's paragraphs and tables in reading order, with bold, italic and headings
        (rendition.py turns them into RTF)."""
        import docx

        document = docx.Document(io.BytesIO(self._data))
        styles = _StyleFormats(document)
        out = []
        for child in document.element.body.iterchildren():
            if child.tag == W + "p":
                out.extend(_paragraphs(child, styles))
            elif child.tag == W + "tbl":
                out.append(_table(child, styles))
        return out


class _StyleFormats:
    """Bold and italic as a style gives them (with its base styles), and heading levels."""

    def __init__(self, document) -> None:
        self._styles = {style.style_id: style for style in document.styles}
        self._cache: dict[str, tuple[bool, bool]] = {}

    def formats(self, style_id: str | None) -> tuple[bool, bool]:
        if not style_id or style_id not in self._styles:
            return False, False
        if style_id not in self._cache:
            bold = italic = None
            style = self._styles[style_id]
            while style is not None and (bold is None or italic is None):
                font = getattr(style, "font", None)
                bold = font.bold if bold is None and font is not None else bold
                italic = font.italic if italic is None and font is not None else italic
                style = style.base_style
            self._cache[style_id] = (bool(bold), bool(italic))
        return self._cache[style_id]

    def heading(self, style_id: str | None) -> int:
        style = self._styles.get(style_id or "")
        name = (style.name or "").lower() if style is not None else ""
        if name == "title":
            return 1
        if name.startswith("heading ") and name[8:].isdigit():
            return int(name[8:])
        return 0


def _on(properties, tag: str) -> bool | None:
    """A toggle property (w:b, w:i) as set directly: True, False, or None when not set."""
    element = properties.find(W + tag) if properties is not None else None
    if element is None:
        return None
    return element.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


def _paragraphs(paragraph, styles: _StyleFormats) -> list:
    """A w:p as a rendition Paragraph, and the paragraphs of text boxes inside it after it."""
    from anonymise.text.documents.rendition import Paragraph, Run

    p_props = paragraph.find(W + "pPr")
    p_style = p_props.find(W + "pStyle").get(W + "val") if p_props is not None and p_props.find(W + "pStyle") is not None else None
    base_bold, base_italic = styles.formats(p_style)
    runs, nested = [], []
    for run in _runs_of(paragraph, nested):
        r_props = run.find(W + "rPr")
        r_style = r_props.find(W + "rStyle").get(W + "val") if r_props is not None and r_props.find(W + "rStyle") is not None else None
        style_bold, style_italic = styles.formats(r_style)
        bold, italic = _on(r_props, "b"), _on(r_props, "i")
        text = "".join(t for _e, t in _paragraph_pieces(run))
        runs.append(Run(text, base_bold or style_bold if bold is None else bold,
                        base_italic or style_italic if italic is None else italic))
    out = [Paragraph(runs, styles.heading(p_style))]
    for inner in nested:
        out.extend(_paragraphs(inner, styles))
    return out


def _runs_of(paragraph, nested: list):
    """The w:r elements of a paragraph in reading order (inside links and insertions too),
    collecting the paragraphs of text boxes in `nested` instead of descending into them."""
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        if element.tag == W + "p":
            nested.append(element)
        elif element.tag == W + "r":
            inner = [p for p in element.iter(W + "p")]
            nested.extend(p for p in inner if not any(a in inner for a in p.iterancestors(W + "p")))
            yield element
        elif element.tag not in (W + "pPr", W + "del"):
            stack.extend(reversed(element))


def _table(table, styles: _StyleFormats):
    from anonymise.text.documents.rendition import Table

    rows = []
    for row in table.iterchildren(W + "tr"):
        cells = []
        for cell in row.iterchildren(W + "tc"):
            paragraphs = []
            for child in cell.iterchildren():
                if child.tag == W + "p":
                    paragraphs.extend(_paragraphs(child, styles))
                elif child.tag == W + "tbl":     # a table in a cell: its text, a line per row
                    inner = _table(child, styles)
                    paragraphs.extend(p for r in inner.rows for c in r for p in c)
            cells.append(paragraphs)
        rows.append(cells)
    return Table(rows)


def _scrub_properties(document) -> None:
    """Blank the properties that name people or places; fix the dates so output is reproducible."""
    props = document.core_properties
    for name in ("author", "last_modified_by", "title", "subject", "keywords", "comments",
                 "category", "content_status", "identifier", "language", "version"):
        setattr(props, name, "")
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    if props.last_printed is not None:
        props.last_printed = FIXED_TIME
    props.revision = 1
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            root = etree.fromstring(part.blob)
            for element in root:
                if etree.QName(element).localname in _APP_PRIVATE:
                    element.text = ""
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _scrub_revisions(root) -> None:
    """Drop tracked deletions (their text would survive in the file) and revision authors."""
    for deleted in list(root.iter(W + "del")):
        if deleted.find(W + "r") is not None and deleted.getparent() is not None:
            deleted.getparent().remove(deleted)
    for element in root.iter():
        for attribute in (W + "author", W + "initials"):
            if attribute in element.attrib:
                element.set(attribute, "")


def deterministic_zip(data: bytes) -> bytes:
    """The same package with fixed entry times and attributes, in the same entry order."""
    return rewrite_zip(data)
