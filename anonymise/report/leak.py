"""The last line of defence: no original identifier may appear in a public report.

The builder only reads public fields, so this should never fire; it exists
because a future field (a variable's detail, a file name, a sample passage)
could carry an original without anyone noticing. The match is case-insensitive
and on whole words, like the bundle-wide check: "Ann" does not fire on
"Annual", "Walsh" fires on "Walsh's". Whitespace inside an original may be any
whitespace (an HTML line break between first and last name still counts), and
HTML/JSON escaping is undone first so "O&#x27;Brien" cannot slip past, and a <wbr>
(a line-break opportunity the page puts after a slash) is read as nothing, so
"CR/<wbr>1042" is still "CR/1042".

It is deliberately stricter than the bundle-wide rule (anonymise/text/matching.py,
which searches ordinary words only where capitalised and skips bare years): every
original of at least two characters counts, in any case, since the report is
text we write and should never need an original's word. One exception, shared
with that rule: AGE records, whose "original" is a bare number ("16") that the
report legitimately prints as a count.

The error never repeats the original: it names the file, the identifier type
and its length, which is enough to find it in the private key.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping

from manifests.errors import ChecksFailed, ProblemReport

_TOKEN = re.compile(r"\w+|[^\w\s]")
MIN_ORIGINAL = 2  # as the packager's literal search: a one-letter "original" protects nothing
SKIPPED_TYPES = frozenset({"AGE"})
_WBR = re.compile(r"<wbr\s*/?>", re.I)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


class OriginalLeak(ChecksFailed):
    """An original identifier was found in text meant for the public. Exit 1."""


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.translate(_QUOTES).casefold())


def _views(text: str) -> list[str]:
    """The text as written, with HTML entities undone, as read (a <wbr> break opportunity
    inside a word taken out: "Wal<wbr>sh" is read "Walsh"), and (for JSON) its decoded strings."""
    views = [text, html.unescape(text), html.unescape(_WBR.sub("", text))]
    try:
        decoded = json.loads(text)
    except ValueError:
        return views
    strings: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, Mapping):
            for key, value in node.items():
                strings.append(str(key))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(decoded)
    views.append("\n".join(strings))
    return views


def find_originals(texts: Mapping[str, str] | Iterable[str], key_records: Iterable[dict], reveal: bool = False) -> list[dict]:
    """Every (text name, original type, original length) where an original occurs.

    Originals are returned only with reveal=True, for the private report."""
    named = dict(texts) if isinstance(texts, Mapping) else {f"text {i + 1}": t for i, t in enumerate(texts)}
    # A key repeats each original once per occurrence: tokenise each distinct one once.
    distinct: dict[str, str] = {}
    for record in key_records:
        original = str(record.get("original", "")).strip()
        if len(original) >= MIN_ORIGINAL and record.get("type") not in SKIPPED_TYPES:
            distinct.setdefault(original, str(record.get("type", "identifier")))
    originals: dict[tuple[str, ...], tuple[str, str]] = {}
    for original, kind in distinct.items():
        tokens = tuple(_tokens(original))
        if tokens:
            originals.setdefault(tokens, (kind, original))
    lengths = sorted({len(t) for t in originals})
    found = []
    for name in sorted(named):
        grams: set[tuple[str, ...]] = set()
        for view in _views(named[name]):
            words = _tokens(view)
            for n in lengths:
                grams.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
        for tokens in sorted(originals):
            if tokens in grams:
                kind, original = originals[tokens]
                hit = {"text": name, "type": kind, "length": len(original)}
                found.append(hit | {"original": original} if reveal else hit)
    return found


def leak_error(found: list[dict], hint: str = "") -> OriginalLeak:
    """The exception for `found` hits, naming where and what type, never the original."""
    report = ProblemReport()
    for hit in found:
        report.add_problem("report.original_leak", location=hit["text"], kind=hit["type"], length=hit["length"])
    return OriginalLeak(f"{len(found)} original identifier(s) would appear in the public anonymisation report; "
                        "the public report was not written", report,
                        hint=hint or "either the key holds a word that is not an identifier (a false detection) "
                                     "or a public field carries an original")


def assert_no_originals(texts: Mapping[str, str] | Iterable[str], key_records: Iterable[dict]) -> None:
    """Raise OriginalLeak if any original from the key occurs (whole word, any case) in any text."""
    found = find_originals(texts, key_records)
    if found:
        raise leak_error(found)
