"""The two regex engines behind the pattern rules agree.

Rules listed in anonymise/text/recognisers/engines.txt are compiled with the `regex` module
because it scans them faster; the list is measured (tests/bench/bench_rules.py) and changes
when rules do. That is safe only if the engine never changes what a rule finds, so every rule,
listed or not, is run under both engines on real text: the tune split of the gold corpus and the
hand-written fixtures, as written and in lower and upper case (the casings speech recognition
and typescripts produce). Matches must agree in span and in every named group.
"""

from __future__ import annotations

import pytest

from anonymise.text.evaluation import load_fixtures, load_gold
from anonymise.text.recognisers.base import REGEX_MODULE_RULES, compile_rule


@pytest.fixture(scope="module")
def texts() -> list[str]:
    written = [doc.text for doc in load_gold("tune") + load_fixtures()]
    joined = "\n\n".join(written)
    return [joined, joined.lower(), joined.upper()]


def _all_rules(detector):
    for rec in detector.recognisers:
        if hasattr(rec, "compiled"):
            for rule, _ in rec.compiled():
                yield f"{rec.NAME}.{rule.name}", rule


def _matches(pattern, texts):
    return [(m.span(), m.groupdict()) for text in texts for m in pattern.finditer(text)]


def test_both_engines_find_the_same_matches_for_every_rule(detector, texts):
    differ = []
    for key, rule in _all_rules(detector):
        with_re = _matches(compile_rule(key, rule.regex, rule.flags, engine="re"), texts)
        with_regex = _matches(compile_rule(key, rule.regex, rule.flags, engine="regex"), texts)
        if with_re != with_regex:
            differ.append(key)
    assert not differ, f"rules whose matches depend on the engine: {differ}"


def test_every_rule_listed_for_the_regex_module_exists(detector):
    keys = {key for key, _ in _all_rules(detector)}
    assert REGEX_MODULE_RULES, "engines.txt lists no rule: the list was lost"
    assert REGEX_MODULE_RULES <= keys, f"engines.txt names rules that do not exist: {sorted(REGEX_MODULE_RULES - keys)}"


def test_listed_rules_are_compiled_with_the_regex_module(detector):
    import regex

    for rec in detector.recognisers:
        for rule, pattern in (rec.compiled() if hasattr(rec, "compiled") else ()):
            expected = regex.Pattern if f"{rec.NAME}.{rule.name}" in REGEX_MODULE_RULES else type(compile_rule("", "x"))
            assert isinstance(pattern, expected), f"{rec.NAME}.{rule.name}"



def test_a_gate_searched_in_lower_case_opens_where_it_would_in_any_case(detector):
    """Gates are searched in the lower-cased text (faster: no case folding). That must change
    nothing: a gate is written in lower case and opens exactly where the same pattern, ignoring
    case, would open on the text as written, in any of its casings."""
    import re

    from anonymise.text.recognisers.base import gate_open

    docs = [doc.text for doc in load_gold("tune") + load_fixtures()]
    differ = set()
    for rec in detector.recognisers:
        for rule, _ in (rec.compiled() if hasattr(rec, "compiled") else ()):
            if not rule.needs:
                continue
            written = rule.needs.removeprefix("(?i)")
            assert not re.search(r"(?<!\\)[A-Z]", written), f"{rec.NAME}.{rule.name}: a gate is written in lower case"
            folding = re.compile(written, re.IGNORECASE)
            for text in docs:
                for cased in (text, text.lower(), text.upper()):
                    if gate_open(rule.needs, cased) != (folding.search(cased) is not None):
                        differ.add(f"{rec.NAME}.{rule.name}")
    assert not differ, f"gates that open differently in lower case: {sorted(differ)}"


def test_rules_scanned_in_lower_case_find_what_they_find_in_the_text_as_written(detector, texts):
    """A rule that ignores case and names no capital is scanned in the lower-cased text without
    folding case (faster), its matches made again on the text as written. That must find the
    same matches, with the same groups, as scanning the text itself."""
    from anonymise.text.recognisers.base import _matched_again, lower_case_scan

    differ = []
    for key, rule in _all_rules(detector):
        pattern = compile_rule(key, rule.regex, rule.flags, engine="re")
        scan = lower_case_scan(pattern)
        if scan is None:
            continue
        for text in texts:
            direct = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
            lowered = [(m.span(), m.groupdict()) for m in _matched_again(pattern, text, scan.finditer(text.lower()))]
            if direct != lowered:
                differ.append(key)
                break
    assert not differ, f"rules that find other matches when scanned in lower case: {differ}"
