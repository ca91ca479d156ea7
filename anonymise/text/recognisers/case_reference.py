"""Case references: codes after words like "case number" or "ref", codes shaped like court or
case-management numbers ("NR19C00123", "LA/2019/00123"), and the manifest's own patterns."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import RegexRecogniser, Rule, lexicon_of

# A code: up to five letters, then figures ("NR19C00123", "LA/2019/0042"). Read out, the
# letters may stand apart from the figures ("hcc 044719"), as long as they are no word ("in 2019").
_CODE = r"[A-Za-z]{0,5}(?:[-/]|[^\S\n])?\d[\w/-]{2,}"


class CaseReferenceRecogniser(RegexRecogniser):
    NAME = "case_reference"
    ENTITY = "CASE_REFERENCE"
    CONTEXT = ("case", "reference", "ref", "file", "record", "referral", "mosaic", "lcs",
               "carefirst", "liquidlogic", "id", "number")
    RULES = (
        Rule("after_label",
             # the label is a whole word: "records 394 replacements" is a count, not "record s 394"
             rf"\b(?:case|file|client|child|record|referral|court|reference|ref|mosaic|lcs|carefirst|id)(?![A-Za-z])"
             rf"(?:\.{{1,3}}|…)?\s*(?:no\.?|number|ref(?:erence)?\.?|id|#)?\s*(?:is|was|:|-|=|\.{{2,3}}|…)?\s*(?P<id>{_CODE})",
             0.85, re.IGNORECASE),
        Rule("court_number", r"\b(?P<id>[A-Z]{2,4}\d{2}[A-Z]\d{3,6})\b", 0.85),
        Rule("coded", r"\b(?P<id>(?=[A-Z0-9/-]*\d{3})[A-Z]{1,6}\d*(?:[/-][A-Z0-9]{1,10}){1,4})\b", 0.7),
    )

    def rules(self):
        extra = []
        for i, pattern in enumerate(getattr(self.settings, "case_reference_patterns", None) or ()):
            try:
                re.compile(pattern)
                regex = rf"(?<![\w])(?P<id>{pattern})(?![\w])" if "(?P<id>" not in pattern else pattern
            except re.error:
                regex = rf"(?<![\w])(?P<id>{re.escape(pattern)})(?![\w])"
            extra.append(Rule(f"manifest_{i}", regex, 1.0))
        return tuple(self.RULES) + tuple(extra)

    def validate(self, value, match, rule):
        if rule.name.startswith("manifest"):
            return rule.score
        value = value.rstrip("/-.")
        if sum(c.isdigit() for c in value) < 3:
            return None
        apart = re.match(r"([A-Za-z]+)\s", value)
        if apart and self._word(apart.group(1).lower()):
            return None   # "was in 2019": a word and a year, not a code
        return rule.score

    def _word(self, lower: str) -> bool:
        return lexicon_of(self).is_word(lower)
