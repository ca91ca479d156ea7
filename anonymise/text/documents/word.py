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
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from anonymise.text.units import TextUnit, UnitResult
from manifests.errors import UserError
from manifests.fileio import write_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STORY_PARTS = ("/word/document.xml", "/word/header", "/word/footer", "/word/footnotes.xml",
               "/word/endnotes.xml", "/word/comments.xml")
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_TEXT = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_APP_PRIVATE = ("Company", "Manager", "HyperlinkBase")


@dataclass
class _Segment:
    start: int
    end: int
    element: object | None      # a w:t element, or None for fixed text (tab, break)


class _Story:
    """One part's paragraphs, flattened to text with a map back to the w:t elements."""

    def __init__(self, name: str, root, part) -> None:
        self.name = name
        self.root = root
        self.part = part
        self.segments: list[_Segment] = []
        pieces: list[str] = []
        position = 0
        for number, paragraph in enumerate(root.iter(W + "p")):
            if number:
                pieces.append("\n")
                position += 1
            for element, text in _paragraph_pieces(paragraph):
                self.segments.append(_Segment(position, position + len(text), element))
                pieces.append(text)
                position += len(text)
        self.text = "".join(pieces)

    def apply(self, edits: list[tuple[int, int, str]]) -> None:
        """Replace [start, end) by the new text for each edit (edits do not overlap)."""
        editable = [s for s in self.segments if s.element is not None]
        changes: dict[int, list[tuple[int, int, str]]] = {}
        at = 0
        for start, end, new in sorted(edits):
            while at < len(editable) and editable[at].end <= start:
                at += 1
            inserted = False
            j = at
            while j < len(editable) and editable[j].start < end:
                seg = editable[j]
                local_start = max(start, seg.start) - seg.start
                local_end = min(end, seg.end) - seg.start
                changes.setdefault(j, []).append((local_start, local_end, "" if inserted else new))
                inserted = True
                j += 1
        edited = set()
        for index, ops in changes.items():
            seg = editable[index]
            edited.add(seg.element)
            old = seg.element.text or ""
            out, cursor = [], 0
            for local_start, local_end, new in sorted(ops):
                out.append(old[cursor:local_start])
                out.append(new)
                cursor = local_end
            out.append(old[cursor:])
            seg.element.text = "".join(out)
            seg.element.set(XML_SPACE, "preserve")
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


class WordDocument:
    suffix = ".docx"

    def __init__(self, data: bytes, source: Path | None = None) -> None:
        self._data = data
        self.source = source
        parsed = _Parsed(data)
        self._stories = [(story.name, story.text) for story in parsed.stories]
        self._links = parsed.link_targets()

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> "WordDocument":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise UserError("the Word file is corrupt (not a .docx zip)", location=str(path),
                            hint="open it in Word and save it again as .docx")
        try:
            return cls(data, path)
        except Exception as exc:  # python-docx and lxml raise many types for broken packages
            raise UserError(f"the Word file is corrupt: {exc}", location=str(path),
                            hint="open it in Word and save it again as .docx") from exc

    def units(self, label: str) -> list[TextUnit]:
        return [TextUnit(f"{label}::{name}", label, text, location="" if name == "document" else name)
                for name, text in self._stories]

    def texts(self) -> list[tuple[str, str]]:
        """Story texts and, for the residual scan, the addresses links point to."""
        pieces = [("" if name == "document" else name, text) for name, text in self._stories]
        if self._links:
            pieces.append(("link targets", "\n".join(self._links)))
        return pieces

    def word_count(self) -> int:
        return sum(len(text.split()) for _, text in self._stories)

    def write(self, path, results: list[UnitResult]) -> Path:
        parsed = _Parsed(self._data)
        by_story = {r.uid.rsplit("::", 1)[-1]: r for r in results}
        for story in parsed.stories:
            result = by_story.get(story.name)
            if result is not None:
                story.apply(_edits(result))
        for part, root in parsed.blob_parts:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        _scrub_properties(parsed.document)
        buffer = io.BytesIO()
        parsed.document.save(buffer)
        return write_bytes(Path(path), deterministic_zip(buffer.getvalue()))


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


def _edits(result: UnitResult) -> list[tuple[int, int, str]]:
    """The replacements as (start, end, new) in the original story text, read from the key records."""
    return [(r["start"], r["end"], r["replacement"]) for r in result.records]


def deterministic_zip(data: bytes) -> bytes:
    """The same package with fixed entry times and attributes, in the same entry order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
