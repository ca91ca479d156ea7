"""The report's own fixed prose: every phrase the code that writes the report spells out.

The leak check asks whether an original from the key appears in the public report. The report's
template is text we wrote, not the collection's: "short" in "other short numbers", "Sample" in the
heading "Sample passages" are the template's words, whatever a detector once took for a name in a
transcript. The template is read from the source of the modules that write the report (every string
literal, and the literal parts of f-strings, cut at format fields and HTML tags, of two words or
more), so it can never drift from what is rendered. An occurrence counts as the template's only where the whole phrase stands around it;
the phrase always holds at least one word besides the original, so an original standing alone in a
field the report fills (a sample passage, a file name) is never taken for template prose.
"""

from __future__ import annotations

import ast
import html
import json
import re
from functools import lru_cache
from importlib import util

# The modules whose literals are rendered into the public report.
MODULES = ("anonymise.report.build", "anonymise.report.html", "anonymise.report.svg", "anonymise.report.recall")
# str.format / %-format fields and HTML tags split a literal: what a field is filled with is not
# template prose, and a phrase between tags is read the same in the HTML and in the JSON.
_FIELD = re.compile(r"\{[^{}]*\}|%[-0-9.]*[sdfr]|<[^<>]*>")
_WORD = re.compile(r"[^\W_]+")


def _literals(module: str) -> list[str]:
    spec = util.find_spec(module)
    if spec is None or not spec.origin:
        return []
    with open(spec.origin, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


@lru_cache(maxsize=1)
def template_phrases() -> tuple[str, ...]:
    """Every fixed phrase of two words or more, as written in the source, HTML-escaped and
    JSON-escaped (the forms it takes in the two public files)."""
    phrases: set[str] = set()
    for module in MODULES:
        for literal in _literals(module):
            for piece in _FIELD.split(literal):
                for line in piece.splitlines():
                    if len(_WORD.findall(line)) < 2:
                        continue
                    phrases.update({line, html.escape(line), html.escape(line, quote=False),
                                    json.dumps(line, ensure_ascii=False)[1:-1]})
    return tuple(sorted(p for p in phrases if len(p.split()) > 1))
