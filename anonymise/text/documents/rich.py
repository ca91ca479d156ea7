"""RTF transcripts, edited in their own source so paragraphs, formatting and tables survive.

The UK Data Service prefers RTF for formatted text, and an RTF file comes out as the same
RTF: only the characters of a replaced identifier change. The file is read by a small RTF
tokenizer that keeps, for every piece of text, the stretch of source it came from (a run of
plain characters, an escaped character such as \\'e9 or \\u8217?, a \\rquote): those pieces
are the text the pass reads (segments.py), and a replacement is written as escaped RTF into
the first piece of the identifier, the rest of it removed from the pieces after. Control
words (bold on, bold off, a new cell) between the pieces stay, so a name typed as
"Tra{\\i cey} Walsh" is replaced whole and the formatting around it keeps working.

Stories: the body (table cells included, each cell a line), and the headers and footers, the
footnotes and the comments as one unit each. Not text: font and colour tables, style sheets,
pictures, field instructions, list numbering and other destinations readers skip.

Also removed, because they can identify people and are not part of the text: the document
information (author, title, company, dates), revision authors, comment authors and initials,
tracked deletions (their text is still in the file), and the target of a link whose text
held an identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from anonymise.text.documents.segments import Pieces, StoryDocument
from manifests.errors import UserError

# Destinations whose content is not text a reader sees (or is rebuilt by the reader).
_SKIPPED = frozenset({
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "objdata", "listtable",
    "listoverridetable", "revtbl", "rsidtbl", "filetbl", "themedata", "colorschememapping",
    "latentstyles", "datastore", "xmlnstbl", "generator", "pgdsctbl", "fldinst", "bkmkstart", "bkmkend",
    "nonshppict", "shppict", "sp", "sn", "sv", "xe", "tc", "txe", "rxe", "atnauthor", "atnid",
    "atndate", "atnref", "atnicn", "atrfstart", "atrfend", "userprops", "docvar", "mmathPr", "pnseclvl",
    "pntext", "pntxta", "pntxtb", "listtext", "falt", "panose", "template", "protusertbl", "ftnsep",
    "ftnsepc", "aftnsep", "aftnsepc", "ftncn", "aftncn", "fchars", "lchars", "wgrffmtfilter",
    "passwordhash", "blipuid", "leveltext", "levelnumbers"
})
# Starred destinations (\*\name) that hold text a reader shows: comments, shapes with text boxes.
_STARRED_TEXT = frozenset({"annotation", "shpinst"})
# Destinations that start a story of their own.
_STORIES = {"header": "headers", "headerl": "headers", "headerr": "headers", "headerf": "headers",
            "footer": "headers", "footerl": "headers", "footerr": "headers", "footerf": "headers",
            "footnote": "footnotes", "annotation": "comments"}
# Destinations written back without what identifies people.
_BLANKED = {"info": "", "revtbl": "{\\*\\revtbl {Unknown;}}", "atnauthor": "{\\*\\atnauthor }",
            "atnid": "{\\*\\atnid }"}
_BREAKS = {"par": "\n", "line": "\n", "cell": "\n", "nestcell": "\n", "sect": "\n", "page": "\n",
           "tab": "\t", "row": "", "nestrow": ""}
_CHARACTERS = {"emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“",
               "rdblquote": "”", "bullet": "•", "emspace": "\u2003", "enspace": "\u2002",
               "qmspace": "\u2005", "zwj": "\u200d", "zwnj": "\u200c", "ltrmark": "\u200e", "rtlmark": "\u200f"}
_SYMBOLS = {"~": "\u00a0", "_": "\u2011", "\\": "\\", "{": "{", "}": "}"}
_WORD = re.compile(r"\\([a-zA-Z]{1,32})(-?\d{1,10})?( ?)")
_HEX = re.compile(r"\\'([0-9a-fA-F]{2})")
_TEXT_STOP = re.compile(r"[\\{}\r\n]")
_LINK = re.compile(r'HYPERLINK\s+(?:\\l\s+)?"([^"]*)"')


@dataclass
class _State:
    skip: bool = False
    uc: int = 1
    deleted: bool = False
    story: str = "document"
    field: int | None = None      # the field whose result this text is in


@dataclass
class _Field:
    instruction: tuple[int, int] | None = None    # source span of the {\*\fldinst ...} group
    pieces: list[tuple[str, int]] = field(default_factory=list)   # (story, piece index) of its result


class _Source(NamedTuple):
    start: int
    end: int
    after_word: bool          # a control word ends right before, with no space after it


class _Parsed:
    """One pass over the source: the stories' pieces and what must change whatever the text."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.stories: dict[str, Pieces] = {"document": Pieces()}
        self.blanked: list[tuple[int, int, str]] = []    # (start, end, new source)
        self.fields: list[_Field] = []
        self.links: list[str] = []
        codepage = re.search(r"\\ansicpg(\d+)", source[:4096])
        self.encoding = f"cp{codepage.group(1)}" if codepage else "cp1252"
        try:
            "".encode(self.encoding)
        except LookupError:
            self.encoding = "cp1252"
        self._parse()

    def _emit(self, state: _State, text: str, start: int, end: int, after_word: bool) -> None:
        if state.skip or not text:
            return
        if state.deleted:
            self.blanked.append((start, end, ""))       # a tracked deletion: gone from the file
            return
        pieces = self.stories.setdefault(state.story, Pieces())
        if state.field is not None:
            self.fields[state.field].pieces.append((state.story, len(pieces.pieces)))
        pieces.add(text, _Source(start, end, after_word))

    def _fixed(self, state: _State, text: str) -> None:
        if not state.skip and not state.deleted and text:
            self.stories.setdefault(state.story, Pieces()).fixed(text)

    def _parse(self) -> None:
        src = self.source
        n = len(src)
        state = _State()
        stack: list[tuple[_State, int]] = []
        group_start = True        # the next token is the first of its group (after a \*, if any)
        after_word = False        # the token before ended a control word with no space after it
        i = 0
        while i < n:
            c = src[i]
            if c == "{":
                stack.append((state, i))
                state = _State(state.skip, state.uc, state.deleted, state.story, state.field)
                group_start, after_word = True, False
                i += 1
            elif c == "}":
                if not stack:
                    break                     # the end of the document; anything after it is not RTF
                state, _opened = stack.pop()
                group_start, after_word = False, False
                i += 1
            elif c in "\r\n":
                i += 1                        # line ends in RTF source are not text
            elif c != "\\":
                stop = _TEXT_STOP.search(src, i)
                end = stop.start() if stop else n
                if not state.skip and (control := _BINARY.search(src, i, end)):
                    # RTF is 7-bit text; raw control bytes outside a \bin group are another file
                    # under an .rtf name, or a damaged one, not words a reader sees
                    raise ValueError(f"byte 0x{ord(control.group()):02x} at offset {control.start()} is binary "
                                     "data, not RTF text")
                self._emit(state, self._bytes_text(src[i:end]), i, end, after_word)
                group_start, after_word = False, False
                i = end
            elif (word := _WORD.match(src, i)) is None:
                starred = src[i + 1:i + 2] == "*"
                i = self._symbol(state, i, after_word)
                group_start, after_word = group_start and starred, False
            else:
                i = self._word(state, stack, i, word, group_start, after_word)
                group_start, after_word = False, not word.group(3) and i == word.end()

    def _word(self, state: _State, stack, i: int, word, first_in_group: bool, after_word: bool) -> int:
        """Act on one control word; the index after it (and after what it consumes)."""
        src = self.source
        name, param, end = word.group(1), word.group(2), word.end()
        if first_in_group:
            opened = stack[-1][1] if stack else 0
            starred = src[opened + 1:i].strip() == "\\*"
            if not state.skip and name in _BLANKED:
                self.blanked.append((opened, _group_end(src, opened), _BLANKED[name]))
            if not state.skip and name == "fldinst" and state.field is not None:
                closed = _group_end(src, opened)
                self.fields[state.field].instruction = (opened, closed)
                self.links.extend(_LINK.findall(src[opened:closed]))
            if name in _SKIPPED or (starred and name not in _STARRED_TEXT):
                state.skip = True
                return end
            if not state.skip and name == "field":
                self.fields.append(_Field())
                state.field = len(self.fields) - 1
            if not state.skip and name in _STORIES:
                state.story = _STORIES[name]
                story = self.stories.setdefault(state.story, Pieces())
                if len(story):
                    story.fixed("\n")
            if name == "shptxt":
                self._fixed(state, "\n")     # a text box's text is a paragraph of its own
        if name == "bin" and param:
            return end + int(param)             # binary data: skipped unread
        if name == "uc" and param:
            state.uc = max(0, int(param))
        elif name == "u" and param:
            return self._unicode(state, i, end, int(param), after_word)
        elif name == "deleted":
            state.deleted = param != "0"
        elif name == "plain":
            state.deleted = False
        elif name in _BREAKS:
            self._fixed(state, _BREAKS[name])
        elif name in _CHARACTERS:
            self._emit(state, _CHARACTERS[name], i, end, after_word)
        return end

    def _symbol(self, state: _State, i: int, after_word: bool) -> int:
        src = self.source
        nxt = src[i + 1:i + 2]
        if nxt == "'":
            hexed = _HEX.match(src, i)
            if hexed is None:
                return i + 2
            self._emit(state, self._bytes_text(chr(int(hexed.group(1), 16))), i, hexed.end(), after_word)
            return hexed.end()
        if nxt in _SYMBOLS:
            self._emit(state, _SYMBOLS[nxt], i, i + 2, after_word)
        elif nxt in ("\n", "\r"):
            self._fixed(state, "\n")        # a backslash before a line end is a \par
        return i + 2

    def _unicode(self, state: _State, start: int, end: int, value: int, after_word: bool) -> int:
        """\\uN and the fallback characters after it, as one piece (surrogate pairs joined)."""
        src = self.source
        code = value + 0x10000 if value < 0 else value
        stop = _skip_fallback(src, end, state.uc)
        if 0xD800 <= code < 0xDC00:
            low = _WORD.match(src, stop)
            if low and low.group(1) == "u" and low.group(2):
                second = int(low.group(2)) + (0x10000 if int(low.group(2)) < 0 else 0)
                if 0xDC00 <= second < 0xE000:
                    stop = _skip_fallback(src, low.end(), state.uc)
                    code = 0x10000 + ((code - 0xD800) << 10) + (second - 0xDC00)
        self._emit(state, chr(code) if not 0xD800 <= code < 0xE000 else "\ufffd", start, stop, after_word)
        return stop

    def _bytes_text(self, raw: str) -> str:
        """Source characters (read as latin-1) as text: bytes above 0x7F are in the code page."""
        if raw.isascii():
            return raw
        return raw.encode("latin-1").decode(self.encoding, errors="replace")


_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _group_end(src: str, opened: int) -> int:
    """The index just past the brace that closes the group opened at `opened`."""
    depth = 0
    i = opened
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            word = _WORD.match(src, i)
            if word and word.group(1) == "bin" and word.group(2):
                i = word.end() + int(word.group(2))
                continue
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _skip_fallback(src: str, at: int, count: int) -> int:
    """Past the `count` fallback characters after a \\uN (a \\'hh or a control word counts as one)."""
    i = at
    for _ in range(count):
        if i >= len(src) or src[i] in "{}":
            break
        if src[i] == "\\":
            hexed = _HEX.match(src, i)
            word = _WORD.match(src, i)
            i = hexed.end() if hexed else word.end() if word else i + 2
        elif src[i] in "\r\n":
            i += 1
            continue
        else:
            i += 1
    return i


_SPECIAL = re.compile(r"[\\{}\t\r\n]|[^\x20-\x7e]")


def escape(text: str) -> str:
    """Text as RTF source: 7-bit ASCII, anything else a \\u escape in a group of its own (so the
    document's \\uc setting cannot eat a character after it)."""
    return _SPECIAL.sub(_escaped, text)


def _escaped(match: re.Match) -> str:
    char = match.group(0)
    if char in "\\{}":
        return "\\" + char
    if char == "\t":
        return "\\tab "
    if char in "\r\n":
        return "\\line "
    if ord(char) < 32 or ord(char) == 127:
        return ""
    units = char.encode("utf-16-be")
    return "".join(f"{{\\uc1\\u{u - 0x10000 if u > 0x7FFF else u}?}}"
                   for u in (int.from_bytes(units[k:k + 2], "big") for k in range(0, len(units), 2)))


class RtfTextDocument(StoryDocument):
    suffix = ".rtf"

    def __init__(self, data: bytes, source: Path | None = None) -> None:
        self._source = data.decode("latin-1")
        self.source = source
        parsed = _Parsed(self._source)
        self._stories = [(name, pieces.text) for name, pieces in parsed.stories.items() if pieces.text.strip()
                         or name == self.main_story]
        self._hidden = [("link targets", "\n".join(parsed.links))] if parsed.links else []

    @property
    def text(self) -> str:
        return dict(self._stories)[self.main_story]

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> RtfTextDocument:
        if not data.lstrip()[:6].startswith(b"{\\rtf"):
            raise UserError("the RTF file is corrupt (it does not start with {\\rtf)", location=str(path),
                            hint="open it in a word processor and save it again as RTF")
        try:
            document = cls(data, path)
        except (ValueError, RecursionError) as exc:
            raise UserError(f"the RTF file cannot be read: {exc}", location=str(path),
                            hint="open it in a word processor and save it again as RTF") from exc
        if not any(text.strip() for _, text in document._stories):
            raise UserError("the file has no text", location=str(path),
                            hint="remove it or replace it with the real transcript")
        return document

    def render(self, edits: dict[str, list[tuple[int, int, str]]]) -> bytes:
        parsed = _Parsed(self._source)
        changes = list(parsed.blanked)
        edited: set[tuple[str, int]] = set()
        for name, pieces in parsed.stories.items():
            index = {piece.handle: k for k, piece in enumerate(pieces.pieces)}
            for piece, new in pieces.edit(edits.get(name, [])):
                where: _Source = piece.handle
                written = escape(new)
                if where.after_word and written:
                    written = " " + written       # the space ends the control word before, as RTF reads it
                changes.append((where.start, where.end, written))
                edited.add((name, index[piece.handle]))
        for fld in parsed.fields:
            if fld.instruction and edited.intersection(fld.pieces):
                # The link's text held an identifier: its target ("mailto:...") would too.
                changes.append((*fld.instruction, '{\\*\\fldinst {HYPERLINK ""}}'))
        out, cursor = [], 0
        for start, end, new in sorted(set(changes)):
            if start < cursor:
                continue                       # inside a group already removed (a deletion in the info)
            out.append(self._source[cursor:start])
            out.append(new)
            cursor = end
        out.append(self._source[cursor:])
        return "".join(out).encode("latin-1")
