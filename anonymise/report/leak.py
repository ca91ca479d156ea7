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

It is deliberately stricter than the bundle-wide search (anonymise/text/matching.py,
which searches ordinary words only where capitalised and skips bare years): every
original of at least two characters is looked for, in any case, since the report is
text we write and should never need an original's word. One exception, shared
with that rule: AGE records, whose "original" is a bare number ("16") that the
report legitimately prints as a count.

Where a word found counts as that identifier is the one rule every gate applies
(`matching.OccurrenceRule`): not inside the report's own template prose
(template.py: "short" in "other short numbers"), a kept phrase or a creator's
citation form, not a month in a date or a number in a count ("seven" in "six or
seven years ago" is not the person a detector once called Seven), and not an
occurrence a person decided is not the identifier (anonymise/text/decisions.py).

The error never repeats the original: it names the file, the identifier type
and its length, which is enough to find it in the private key.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping

from anonymise.report.template import template_phrases
from anonymise.text.decisions import Finding, finding
from anonymise.text.occurrence import OccurrenceRule
from manifests.errors import ChecksFailed, ProblemReport

_TOKEN = re.compile(r"\w+|[^\w\s]")
MIN_ORIGINAL = 2  # as the packager's literal search: a one-letter "original" protects nothing
SKIPPED_TYPES = frozenset({"AGE"})
_WBR = re.compile(r"<wbr\s*/?>", re.I)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
GATE = "report"


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


def _token_positions(text: str) -> list[tuple[str, int, int]]:
    """(casefolded token, start, end) in `text`: the translation keeps every offset."""
    return [(m.group(0).casefold(), m.start(), m.end()) for m in _TOKEN.finditer(text.translate(_QUOTES))]


def _originals(key_records: Iterable[dict]) -> dict[tuple[str, ...], tuple[str, str, str]]:
    """tokens -> (type, original, placeholder), for every original the report must not show."""
    distinct: dict[str, tuple[str, str]] = {}
    for record in key_records:
        original = str(record.get("original", "")).strip()
        if len(original) >= MIN_ORIGINAL and record.get("type") not in SKIPPED_TYPES:
            distinct.setdefault(original, (str(record.get("type", "identifier")), str(record.get("replacement", ""))))
    originals: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for original, (kind, placeholder) in distinct.items():
        tokens = tuple(_tokens(original))
        if tokens:
            originals.setdefault(tokens, (kind, original, placeholder))
    return originals


def leak_findings(texts: Mapping[str, str] | Iterable[str], key_records: Iterable[dict],
                  rule: OccurrenceRule | None = None) -> tuple[list[Finding], int]:
    """(every occurrence of an original in the texts that stands as that identifier, occurrences a
    person decided are not). PRIVATE: the Findings hold the originals.

    The texts are the report's own, so `rule` judges them with the report's template prose
    (template.py) as fixed text: "short" in "other short numbers" is the template's word."""
    named = dict(texts) if isinstance(texts, Mapping) else {f"text {i + 1}": t for i, t in enumerate(texts)}
    rule = rule or OccurrenceRule(fixed=template_phrases())
    originals = _originals(key_records)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for tokens in sorted(originals):
        by_first.setdefault(tokens[0], []).append(tokens)
    found: dict[tuple[str, str], Finding] = {}
    decided: set[tuple[str, str]] = set()
    for name in sorted(named):
        for view in _views(named[name]):
            words = _token_positions(view)
            for index, (token, _start, _end) in enumerate(words):
                for tokens in by_first.get(token, ()):
                    if tuple(w for w, _s, _e in words[index:index + len(tokens)]) != tokens:
                        continue
                    kind, original, placeholder = originals[tokens]
                    start, end = words[index][1], words[index + len(tokens) - 1][2]
                    reason = rule.why_not(original, kind, view, start, end, fixed=True)
                    if reason not in (None, "decision"):
                        continue
                    item = finding(GATE, name, original, kind, placeholder, view, start, end)
                    if reason == "decision":
                        decided.add((name, item.occurrence))
                    elif reason is None:
                        found.setdefault((name, item.occurrence), item)
    return sorted(found.values(), key=lambda f: (f.file, f.type, f.original.casefold(), f.line)), len(decided)


def find_originals(texts: Mapping[str, str] | Iterable[str], key_records: Iterable[dict], reveal: bool = False,
                   rule: OccurrenceRule | None = None) -> list[dict]:
    """Every (text name, original type, original length) where an original stands as that identifier,
    once per text and original, with its line and placeholder.

    Originals are returned only with reveal=True, for the private report."""
    hits: dict[tuple[str, str], dict] = {}
    for item in leak_findings(texts, key_records, rule)[0]:
        hit = {"text": item.file, "type": item.type, "length": len(item.original), "line": item.line,
               "placeholder": item.placeholder}
        hits.setdefault((item.file, item.original), hit | {"original": item.original} if reveal else hit)
    return [hits[k] for k in sorted(hits, key=lambda k: (k[0], hits[k]["type"], k[1].casefold()))]


def leak_error(found: list[dict], hint: str = "") -> OriginalLeak:
    """The exception for `found` hits, naming where, what type and the placeholder, never the original."""
    report = ProblemReport()
    for hit in found:
        shown = ", ".join(part for part in (f"{hit['length']} characters", hit.get("placeholder") or "") if part)
        line = f", line {hit['line']}" if hit.get("line") else ""
        report.add_problem("report.original_leak", location=hit["text"], kind=hit["type"], shown=shown, where=line)
    return OriginalLeak(f"{len(found)} original identifier(s) would appear in the public anonymisation report; "
                        "the public report was not written", report,
                        hint=hint or "either the key holds a word that is not an identifier (a false detection) "
                                     "or a public field carries an original")


def assert_no_originals(texts: Mapping[str, str] | Iterable[str], key_records: Iterable[dict]) -> None:
    """Raise OriginalLeak if any original from the key occurs (whole word, any case) in any text."""
    found = find_originals(texts, key_records)
    if found:
        raise leak_error(found)
