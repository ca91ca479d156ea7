"""What every recogniser shares: Presidio's interface outside, a fast `find` inside.

Each recogniser is a Presidio recogniser (so it can be added to an AnalyzerEngine registry and
returns RecognizerResult from `analyze`), but the detector calls `find(text, doc)` directly: one
spaCy pass per text is shared by all recognisers and nothing is re-tokenised or re-parsed.
Regexes use the standard `re` module, compiled once per class, with a named group `id` when only
part of the match is the identifier ("my mum Tracey" -> "Tracey").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Iterator, Sequence

import regex as regex_module
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import Lexicon
from anonymise.text.lexicon import load as load_lexicon
from anonymise.text.recent import RecentTexts


class Recogniser(EntityRecognizer):
    """Base for recognisers that need tokens (the spaCy Doc) rather than a single regex."""

    NAME = "recogniser"
    ENTITIES: tuple[str, ...] = ()
    CONTEXT: tuple[str, ...] = ()
    needs_doc = True

    def __init__(self, settings=None, lexicon=None):
        self.settings = settings
        self.lexicon = lexicon
        super().__init__(supported_entities=list(self.ENTITIES), name=self.NAME,
                         context=list(self.CONTEXT))

    def load(self) -> None:  # Presidio hook; everything is built in __init__
        pass

    def find(self, text: str, doc=None) -> list[Detection]:
        raise NotImplementedError

    def analyze(self, text, entities, nlp_artifacts=None):
        doc = getattr(nlp_artifacts, "tokens", None) if nlp_artifacts is not None else None
        return to_presidio(self.find(text, doc), entities, self.name, self.id)

    def detection(self, start: int, end: int, type_: str, text: str, score: float,
                  uncertain: bool = False, rule: str = "", cue: str = "") -> Detection:
        return Detection(start, end, type_, text[start:end], round(score, 3), self.NAME, uncertain, rule, cue)


def lexicon_of(recogniser) -> Lexicon:
    """The lexicon a recogniser was built with, or the packaged one: a recogniser added to a
    Presidio registry on its own is built without one."""
    return recogniser.lexicon or load_lexicon()


def to_presidio(detections: Iterable[Detection], entities, name: str, rid: str) -> list[RecognizerResult]:
    wanted = set(entities or ())
    return [RecognizerResult(d.type, d.start, d.end, d.score,
                             recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: name,
                                                   RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rid})
            for d in detections if not wanted or d.type in wanted]


def drop_nested(found: list[Detection]) -> list[Detection]:
    """Keep the widest of a recogniser's own matches: "the 3rd of March 2012", not also "March 2012"."""
    found.sort(key=lambda d: (d.start, -(d.end - d.start), -d.score))
    out: list[Detection] = []
    reach = -1
    for d in found:
        if d.end <= reach:
            continue
        out.append(d)
        reach = max(reach, d.end)
    return out


@dataclass(frozen=True)
class Rule:
    """One regex of a RegexRecogniser. `needs_context`: keep a match only if a context word is near."""

    name: str
    regex: str
    score: float
    flags: int = 0
    needs_context: bool = False
    type: str | None = None   # defaults to the recogniser's first entity
    # A cheaper regex that every match of this rule contains (a spoken "dot com", a run of number
    # words): a text without it is not scanned with the rule at all. The gates are shared, so a
    # gate several rules need is searched once per text; written in lower case, since it is
    # searched in the lower-cased text.
    needs: str = ""


def capital_first(not_before: str, rest: str) -> str:
    """A rule's opening capitalised word written capital first: the capital, then a look back at
    the character before it (a class `not_before` must not match), then `rest`, the word's other
    letters (alternatives may look back at the capital: "(?<=S)t\\.?"). It matches what
    "(?<!not_before)[A-Z](?:rest)" matches. Python's `re` skips quickly through a text only to
    where a pattern's first character class matches, and tries a pattern that opens with a
    look-behind at every character: written this way a rule scans a transcript about five times
    faster."""
    return rf"[A-Z](?<!{not_before}[A-Z])(?:{rest})"


def lower_case_scan(pattern) -> "re.Pattern | None":
    """The rule compiled to scan the lower-cased text without folding case, or None where that
    could find something else. A rule that ignores case and names no capital letter matches the
    same spans in the lower-cased text as case-sensitive pattern, and `re` tries such a pattern
    at each character about twice as fast (no case folding). Not for the `regex` module's rules,
    nor for patterns that turn case-folding off inside or write a backslash itself."""
    if not isinstance(pattern, re.Pattern) or not pattern.flags & re.IGNORECASE:
        return None
    if re.search(r"(?<!\\)(?<!\(\?)[A-Z]|\(\?[a-zA-Z]*-|\\\\", pattern.pattern):   # "(?P<id>" is no capital
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def _matched_again(pattern: re.Pattern, text: str, found) -> Iterator[re.Match]:
    """Matches found in the lower-cased text, made again on the text as written (the same span:
    the rule's checks read the words as written)."""
    for m in found:
        again = pattern.match(text, m.start())
        if again is not None:
            yield again


_GATES: dict[str, re.Pattern] = {}
# Per text, the gates already searched: several rules share one gate.
_gate_answers: RecentTexts[dict[str, bool]] = RecentTexts(lambda _text: {})
# Per text, the text in lower case: whether a context word is in it at all is a substring test.
_lowered: RecentTexts[str] = RecentTexts(str.lower)


def gate_open(needs: str, text: str) -> bool:
    """Whether `text` holds what a rule needs (remembered for the last few texts asked about).
    Gates are written in lower case and searched in the lower-cased text: a search that need not
    fold case lets `re` skip ahead by a pattern's first letters, several times faster."""
    answers = _gate_answers(text)
    if needs not in answers:
        regex = _GATES.get(needs)
        if regex is None:
            regex = _GATES[needs] = re.compile(needs.removeprefix("(?i)"))
        answers[needs] = regex.search(_lowered(text)) is not None
    return answers[needs]


def _rules_for_regex_module() -> frozenset[str]:
    text = resources.files(__package__).joinpath("engines.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Rules ("recogniser.rule") that the `regex` module scans faster than `re` (engines.txt says why
# and how the list is measured); every other rule is compiled with `re`.
REGEX_MODULE_RULES = _rules_for_regex_module()
_FLAG_NAMES = ("I", "M", "S", "X", "A", "U")


def compile_rule(key: str, pattern: str, flags: int = 0, engine: str | None = None):
    """A rule's pattern compiled by the engine chosen for it. Both engines give the same matches
    for our patterns (the `regex` module in its `re`-compatible V0 mode; a test checks that on
    the gold texts); they differ only in how fast they scan."""
    engine = engine or ("regex" if key in REGEX_MODULE_RULES else "re")
    if engine == "re":
        return re.compile(pattern, flags)
    converted = regex_module.V0
    for name in _FLAG_NAMES:
        if flags & getattr(re, name):
            converted |= getattr(regex_module, name)
    return regex_module.compile(pattern, converted)


def context_regex(words: Sequence[str]) -> re.Pattern:
    """Context words and phrases, whole, in any case; also as form exports write field names
    ("health_and_care_no:", "sort_code"): an underscore stands for a space and ends a word."""
    alts = "|".join(sorted((re.escape(w).replace(r"\ ", r"[\s_]+") for w in words), key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])", re.IGNORECASE)


class RegexRecogniser(PatternRecognizer):
    """Base for pattern recognisers: Presidio PatternRecognizer with validation and sub-span groups.

    Subclasses set NAME, ENTITY, RULES, CONTEXT and may override `validate(match_text, match)`
    returning a score (None drops the match), and `boost` (score added when a context word is near).
    """

    NAME = "regex"
    ENTITY = "PERSON"
    RULES: tuple[Rule, ...] = ()
    CONTEXT: tuple[str, ...] = ()
    CONTEXT_BEFORE = 40     # characters searched for context words before a match
    CONTEXT_AFTER = 25
    NAMED_BEFORE = 200      # characters searched back for a number named sentences before it is said
    BOOST = scores.CONTEXT_BOOST
    needs_doc = False
    _compiled: list | None = None
    _context_re: re.Pattern | None = None
    _context_words: tuple[str, ...] = ()
    _scans: list = []

    def __init__(self, settings=None, lexicon=None):
        self.settings = settings
        self.lexicon = lexicon
        super().__init__(supported_entity=self.ENTITY, name=self.NAME,
                         patterns=[Pattern(r.name, r.regex, r.score) for r in self.rules()] or
                         [Pattern("none", r"(?!x)x", 0.0)],
                         context=list(self.CONTEXT))

    def rules(self) -> Sequence[Rule]:
        return self.RULES

    def compiled(self) -> list[tuple[Rule, re.Pattern]]:
        # Per instance (rules may depend on settings) but compiled only once.
        if self._compiled is None:
            self._compiled = [(r, compile_rule(f"{self.NAME}.{r.name}", r.regex, r.flags)) for r in self.rules()]
            self._scans = [lower_case_scan(pattern) for _, pattern in self._compiled]
            self._context_re = context_regex(self.CONTEXT) if self.CONTEXT else None
            # One word of each context phrase: a text holding none of them, in any case, holds no
            # context word, and a rule that needs one is not scanned over it.
            self._context_words = tuple(max(w.lower().split(), key=len) for w in self.CONTEXT)
        return self._compiled

    def has_context(self, text: str, start: int, end: int) -> bool:
        if self._context_re is None:
            return False
        window = text[max(0, start - self.CONTEXT_BEFORE):start] + " " + \
            text[end:end + self.CONTEXT_AFTER]
        return self._context_re.search(window) is not None

    def _any_context_word(self, text: str) -> bool:
        low = _lowered(text)
        return any(w in low for w in self._context_words)

    def named_before(self, text: str, start: int) -> bool:
        """Whether the kind of number was named in the sentences before it is said ("I had to
        get PPS numbers for them ... I have the wee lad's here on the fridge, 8812047WA"): people
        name a number, then go and find it. Wider than the context window, so only for a number
        whose shape already says what it may be."""
        if self._context_re is None:
            return False
        return self._context_re.search(text, max(0, start - self.NAMED_BEFORE), start) is not None

    def validate(self, value: str, match: re.Match, rule: Rule) -> float | None:
        return rule.score

    def find(self, text: str, doc=None) -> list[Detection]:
        out: list[Detection] = []
        low = _lowered(text)
        same_length = len(low) == len(text)    # lower-casing may lengthen a rare letter ("İ")
        context_word = None     # whether the text holds a context word: asked once, if a rule needs one
        for (rule, regex), scan in zip(self.compiled(), self._scans):
            if rule.needs and not gate_open(rule.needs, text):
                continue
            if rule.needs_context:
                if context_word is None:
                    context_word = self._any_context_word(text)
                if not context_word:
                    continue
            found = regex.finditer(text) if scan is None or not same_length \
                else _matched_again(regex, text, scan.finditer(low))
            for m in found:
                group = "id" if "id" in regex.groupindex and m.group("id") is not None else 0
                start, end = m.span(group)
                if start == end:
                    continue
                value = text[start:end]
                score = self.validate(value, m, rule)
                if score is None:
                    continue
                near = self.has_context(text, start, end)
                if rule.needs_context and not near:
                    continue
                if near:
                    score = min(1.0, score + self.BOOST)
                out.append(Detection(start, end, rule.type or self.ENTITY, value,
                                     round(score, 3), self.NAME, rule=rule.name))
        return drop_nested(out)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        return to_presidio(self.find(text), entities, self.name, self.id)
