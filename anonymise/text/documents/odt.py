"""OpenDocument (.odt) transcripts, edited in place so paragraphs, spans, styles and tables survive.

Two stories: the body (content.xml: paragraphs and headings in document order, table cells,
list items, notes, comments and text boxes included, each paragraph a line) and the page
headers and footers (styles.xml). Every text slot of a paragraph (an element's text or a
child's tail) is a piece (segments.py), so a name split over two differently styled spans
is one name; a replacement goes into the slot where it starts. Spaces written as <text:s/>,
tabs and line breaks are layout.

Also removed, because they can identify people and are not part of the text: tracked changes
(deleted text is still in the file), the author and date of comments, the author, title,
keywords and dates in meta.xml, the thumbnail picture of the first page, and the target of a
link whose text held an identifier. Written with fixed zip times, the mimetype first and
uncompressed as the format requires, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from anonymise.text.documents.limits import TooLarge
from anonymise.text.documents.segments import Pieces, StoryDocument
from anonymise.text.documents.zipped import rewrite_zip
from manifests.errors import UserError

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"

PARAGRAPHS = (TEXT + "p", TEXT + "h")
THUMBNAIL = "Thumbnails/thumbnail.png"
# Inline elements whose content is part of the paragraph's text (their own paragraphs, in a
# note, comment or text box, are lines of their own).
_INLINE = frozenset({TEXT + "span", TEXT + "a", TEXT + "note", TEXT + "note-citation", TEXT + "note-body",
                     TEXT + "ruby", TEXT + "ruby-base", TEXT + "meta", TEXT + "date", TEXT + "time",
                     TEXT + "author-name", TEXT + "sender-firstname", TEXT + "sender-lastname",
                     TEXT + "user-defined", TEXT + "placeholder", TEXT + "bookmark-ref", TEXT + "reference-ref",
                     OFFICE + "annotation", DRAW + "frame",
                     DRAW + "text-box", DRAW + "a"})
_LAYOUT = {TEXT + "tab": "\t", TEXT + "line-break": "\n"}
_CHANGES = (TEXT + "tracked-changes", TEXT + "change", TEXT + "change-start", TEXT + "change-end")
_META_PRIVATE = frozenset({DC + "creator", META + "initial-creator", DC + "title", DC + "subject",
                           DC + "description", META + "keyword", META + "user-defined", META + "printed-by",
                           DC + "date", META + "creation-date", META + "print-date", META + "template"})
_WHITESPACE = str.maketrans("\r\n\t", "   ")     # XML whitespace in ODF text is a space


class _Story:
    """The paragraphs under one root, as text with a map back to their text slots."""

    def __init__(self, name: str, root) -> None:
        self.name = name
        self.pieces = Pieces()
        for number, paragraph in enumerate(root.iter(*PARAGRAPHS)):
            if number:
                self.pieces.fixed("\n")
            _collect(paragraph, self.pieces)
        self.text = self.pieces.text

    def apply(self, edits: list[tuple[int, int, str]]) -> None:
        for piece, new in self.pieces.edit(edits):
            element, slot = piece.handle
            setattr(element, slot, new)
            # A link whose text held an identifier keeps its text but loses its target.
            owner = element if slot == "text" else element.getparent()
            for link in [owner, *owner.iterancestors()]:
                if link.tag in (TEXT + "a", DRAW + "a") and link.get(XLINK + "href"):
                    link.set(XLINK + "href", "")


def _collect(element, pieces: Pieces) -> None:
    pieces.add((element.text or "").translate(_WHITESPACE), (element, "text"))
    for child in element:
        if child.tag == TEXT + "s":
            pieces.fixed(" " * int(child.get(TEXT + "c", "1") or 1))
        elif child.tag in _LAYOUT:
            pieces.fixed(_LAYOUT[child.tag])
        elif child.tag in _INLINE:
            _collect(child, pieces)       # its own paragraphs (a note's, a text box's) are not inline
        pieces.add((child.tail or "").translate(_WHITESPACE), (child, "tail"))


class _Package:
    """The parts of an .odt that hold text or metadata, parsed, with tracked changes and comment
    authors already removed."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "content.xml" not in names:
                raise ValueError("it has no content.xml")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            self.parts = {name: etree.fromstring(archive.read(name), parser)
                          for name in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml")
                          if name in names}
            self.has_thumbnail = THUMBNAIL in names
        for name in ("content.xml", "styles.xml"):
            if name in self.parts:
                _scrub(self.parts[name])
        body = self.parts["content.xml"].find(f"{OFFICE}body/{OFFICE}text")
        if body is None:
            raise ValueError("it is not a text document (no office:text)")
        self.body = body
        self.stories = [_Story("document", body)]
        masters = self.parts["styles.xml"].find(OFFICE + "master-styles") if "styles.xml" in self.parts else None
        if masters is not None:
            self.stories.append(_Story("headers", masters))

    def links(self) -> list[str]:
        return [a.get(XLINK + "href") for root in self.parts.values() for a in root.iter(TEXT + "a", DRAW + "a")
                if a.get(XLINK + "href")]


def _scrub(root) -> None:
    """Tracked changes go (the text of a deletion would survive in them); comments keep their
    text but lose their author and date."""
    for element in list(root.iter(*_CHANGES)):
        _remove(element)
    for annotation in root.iter(OFFICE + "annotation"):
        for element in annotation.findall(DC + "creator") + annotation.findall(DC + "date"):
            element.text = ""


def _remove(element) -> None:
    """Remove an element, keeping the text that follows it in its parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


class OdtDocument(StoryDocument):
    suffix = ".odt"

    def __init__(self, data: bytes, source: Path | None = None) -> None:
        self._data = data
        self.source = source
        package = _Package(data)
        self._stories = [(story.name, story.text) for story in package.stories]
        links = package.links()
        self._hidden = [("link targets", "\n".join(links))] if links else []

    @property
    def text(self) -> str:
        return dict(self._stories)[self.main_story]

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> OdtDocument:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise UserError("the ODT file is corrupt (not a zip package)", location=str(path),
                            hint="open it in LibreOffice and save it again")
        try:
            document = cls(data, path)
        except etree.XMLSyntaxError as exc:
            if "Resource limit exceeded" in str(exc):     # lxml's own cap on one text node (10 MB)
                raise TooLarge("characters") from None
            raise UserError(f"the ODT file is corrupt: {exc}", location=str(path),
                            hint="open it in LibreOffice and save it again") from exc
        except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
            raise UserError(f"the ODT file is corrupt: {exc}", location=str(path),
                            hint="open it in LibreOffice and save it again") from exc
        if not any(text.strip() for _, text in document._stories):
            raise UserError("the file has no text", location=str(path),
                            hint="remove it or replace it with the real transcript")
        return document

    def render(self, edits: dict[str, list[tuple[int, int, str]]]) -> bytes:
        package = _Package(self._data)
        for story in package.stories:
            if story.name in edits:
                story.apply(edits[story.name])
        if "meta.xml" in package.parts:
            for element in list(package.parts["meta.xml"].iter(*_META_PRIVATE)):
                element.getparent().remove(element)
        drop = frozenset({THUMBNAIL}) if package.has_thumbnail else frozenset()
        if drop and "META-INF/manifest.xml" in package.parts:
            for entry in list(package.parts["META-INF/manifest.xml"].iter(MANIFEST + "file-entry")):
                if entry.get(MANIFEST + "full-path", "").startswith("Thumbnails/"):
                    entry.getparent().remove(entry)
        replace = {name: etree.tostring(root, xml_declaration=True, encoding="UTF-8")
                   for name, root in package.parts.items()}
        return rewrite_zip(self._data, replace, drop=drop, stored=frozenset({"mimetype"}))

    def blocks(self) -> list:
        """The body's paragraphs, lists and tables in reading order, with bold, italic and
        headings (rendition.py turns them into RTF)."""
        package = _Package(self._data)
        styles = _StyleFormats(package.parts.get("content.xml"), package.parts.get("styles.xml"))
        out: list = []
        _blocks(package.body, styles, out)
        return out


class _StyleFormats:
    """Bold and italic as each named style gives them, following parent styles."""

    def __init__(self, *roots) -> None:
        self._styles: dict[str, tuple[str | None, bool | None, bool | None]] = {}
        for root in roots:
            if root is None:
                continue
            for style in root.iter(STYLE + "style"):
                props = style.find(STYLE + "text-properties")
                bold = italic = None
                if props is not None:
                    weight = props.get(FO + "font-weight")
                    if weight is not None:
                        bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
                    slant = props.get(FO + "font-style")
                    if slant is not None:
                        italic = slant in ("italic", "oblique")
                self._styles[style.get(STYLE + "name", "")] = (style.get(STYLE + "parent-style-name"), bold, italic)

    def formats(self, name: str | None, inherited: tuple[bool, bool]) -> tuple[bool, bool]:
        bold = italic = None
        seen = set()
        while name and name in self._styles and name not in seen and (bold is None or italic is None):
            seen.add(name)
            parent, own_bold, own_italic = self._styles[name]
            bold = own_bold if bold is None else bold
            italic = own_italic if italic is None else italic
            name = parent
        return (inherited[0] if bold is None else bold, inherited[1] if italic is None else italic)


def _blocks(container, styles: _StyleFormats, out: list) -> None:
    from anonymise.text.documents.rendition import Table

    for child in container:
        if child.tag in PARAGRAPHS:
            out.extend(_paragraphs(child, styles))
        elif child.tag == TABLE + "table":
            rows = []
            for row in child.iter(TABLE + "table-row"):
                if row.getparent() is not None and _table_of(row) is not child:
                    continue                      # a row of a table nested in a cell
                cells = []
                for cell in row.iterchildren(TABLE + "table-cell"):
                    paragraphs: list = []
                    _blocks(cell, styles, paragraphs)
                    cells.append([p for block in paragraphs for p in _as_paragraphs(block)])
                rows.append(cells)
            out.append(Table(rows))
        elif child.tag in (TEXT + "list", TEXT + "list-item", TEXT + "list-header", TEXT + "section",
                           TABLE + "table-header-rows", TABLE + "table-rows"):
            _blocks(child, styles, out)


def _table_of(row):
    for ancestor in row.iterancestors(TABLE + "table"):
        return ancestor
    return None


def _as_paragraphs(block) -> list:
    from anonymise.text.documents.rendition import Table

    if isinstance(block, Table):
        return [p for row in block.rows for cell in row for p in cell]
    return [block]


def _paragraphs(paragraph, styles: _StyleFormats) -> list:
    """A paragraph as a rendition Paragraph, then the paragraphs nested in it (notes, frames)."""
    from anonymise.text.documents.rendition import Paragraph, Run

    runs: list = []
    nested: list = []
    base = styles.formats(paragraph.get(TEXT + "style-name"), (False, False))

    def walk(element, formats) -> None:
        if element.text:
            runs.append(Run(element.text.translate(_WHITESPACE), *formats))
        for child in element:
            if child.tag in PARAGRAPHS:
                nested.append(child)
            elif child.tag == TEXT + "s":
                runs.append(Run(" " * int(child.get(TEXT + "c", "1") or 1), *formats))
            elif child.tag in _LAYOUT:
                runs.append(Run(_LAYOUT[child.tag], *formats))
            elif child.tag in _INLINE:
                walk(child, styles.formats(child.get(TEXT + "style-name"), formats))
            if child.tail:
                runs.append(Run(child.tail.translate(_WHITESPACE), *formats))

    walk(paragraph, base)
    level = int(paragraph.get(TEXT + "outline-level", "1") or 1) if paragraph.tag == TEXT + "h" else 0
    out = [Paragraph(runs, level)]
    for inner in nested:
        out.extend(_paragraphs(inner, styles))
    return out
