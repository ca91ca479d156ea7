"""Whole-word, case-insensitive search for many phrases at once, in one pass over the text.

Propagation (every confirmed name in every unit) and the residual scan (every
original in every output) both look for thousands of strings in a million words.
A regex per string would rescan the text thousands of times; instead the text is
split into word tokens once and each token is looked up in a dictionary keyed by
a phrase's first token. Whole-word matching falls out for free: tokens are
maximal runs of letters and digits, so "Ann" never matches inside "Anne".

`phrase_key` is also the registry's notion of "the same original": lower-cased,
whitespace-collapsed, curly quotes straightened, possessive 's dropped, outer
punctuation ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Iterator

WORD = re.compile(r"[^\W_]+")
ANY_CASE, CAPITALISED, MID_SENTENCE = "any", "capitalised", "mid-sentence"
MODES = (ANY_CASE, CAPITALISED, MID_SENTENCE)
_OPENERS = frozenset(".!?:;\"“‘([-–—\n]")   # "]": a turn starts after a timestamp "[00:01:02]"
_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:(?<=[^\W_])['’]s|(?<=[sS])['’])$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "–": "-", "—": "-", "‐": "-", "‑": "-"})


def strip_possessive(text: str) -> tuple[str, str]:
    """("Kayleigh's") -> ("Kayleigh", "'s"): the suffix is put back after the replacement."""
    match = _POSSESSIVE.search(text.rstrip())
    if not match:
        return text, ""
    return text.rstrip()[:match.start()], match.group(0)


def _gap(separator: str) -> str:
    if separator == " ":
        return ""
    return _SPACE.sub("", separator).translate(_QUOTES)


@lru_cache(maxsize=1 << 16)
def tokens_and_gaps(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = list(WORD.finditer(text))
    tokens = tuple(w.group(0).lower() for w in words)
    gaps = tuple(_gap(text[a.end():b.start()]) for a, b in zip(words, words[1:]))
    return tokens, gaps


@lru_cache(maxsize=1 << 16)
def phrase_key(text: str) -> str:
    """The normalised form two spellings of one original share ("TRACEY\\nWalsh's" -> "tracey walsh")."""
    core, _ = strip_possessive(text)
    tokens, gaps = tokens_and_gaps(core)
    if not tokens:
        return ""
    parts = [tokens[0]]
    for gap, token in zip(gaps, tokens[1:]):
        parts.append(gap or " ")
        parts.append(token)
    return "".join(parts)


class PhraseMatcher:
    """Add phrases with a payload; `find(text)` yields (start, end, payload), leftmost-longest, no overlaps.

    First words are found by one compiled regex shaped as a trie of every phrase's first
    word, so the scan over the text runs in C and Python only looks at real candidates;
    the words after a candidate are read once and looked up by the whole word sequence."""

    def __init__(self) -> None:
        # first word -> {word tuple -> [(gaps, mode, payload)]}, and the longest phrase per first word
        self._by_first: dict[str, dict[tuple[str, ...], list[tuple[tuple[str, ...], str, object]]]] = \
            defaultdict(lambda: defaultdict(list))
        self._longest: dict[str, int] = defaultdict(int)
        self._second: dict[str, set[str]] = defaultdict(set)   # words that can follow a first word
        self._any_case: set[str] = set()                         # first words with an ANY_CASE phrase
        self._seen: set[tuple] = set()
        self._regex: tuple[re.Pattern, re.Pattern] | None = None

    def __len__(self) -> int:
        return len(self._seen)

    def add(self, phrase: str, payload=None, mode: str = ANY_CASE) -> bool:
        """`mode` says where a match counts: ANY_CASE; CAPITALISED, where the text's first letter
        is upper case (so "Will" the name does not catch "will" the verb); or MID_SENTENCE,
        capitalised and not the first word of a sentence or line (where every word is capitalised)."""
        if mode not in MODES:
            raise ValueError(f"unknown match mode {mode!r}")
        core, _ = strip_possessive(phrase)
        tokens, gaps = tokens_and_gaps(core)
        if not tokens or (tokens, gaps) in self._seen:
            return False
        self._seen.add((tokens, gaps))
        self._by_first[tokens[0]][tokens].append((gaps, mode, payload))
        self._longest[tokens[0]] = max(self._longest[tokens[0]], len(tokens))
        if len(tokens) > 1:
            self._second[tokens[0]].add(tokens[1])
        if mode == ANY_CASE:
            self._any_case.add(tokens[0])
        self._regex = None
        return True

    def _compiled(self) -> tuple[re.Pattern, re.Pattern]:
        """(for lower-cased text, for any text). Matching lower-cased text without IGNORECASE
        is about twice as fast; the second form is for the rare text whose length lower() changes."""
        if self._regex is None:
            trie = trie_pattern(self._by_first)
            # Not the tail of a contraction: "ll" of "I'LL", "t" of "DON'T" (letters someone was
            # known by elsewhere) is no word of its own.
            self._regex = (re.compile(rf"(?<![^\W_])(?<![^\W_]['’])(?:{trie})(?![^\W_])"),
                           re.compile(rf"(?<![^\W_])(?<![^\W_]['’])(?:{trie})(?![^\W_])", re.IGNORECASE))
        return self._regex

    def find(self, text: str) -> Iterator[tuple[int, int, object]]:
        if not self._by_first:
            return
        lowered, anycase = self._compiled()
        low = text.lower()
        candidates = lowered.finditer(low) if len(low) == len(text) else anycase.finditer(text)
        done = 0
        for first in candidates:
            if first.start() < done:
                continue
            word = first.group(0).lower()
            hit = self._match_at(text, first, word)
            if hit is not None:
                end, payload = hit
                done = end
                yield first.start(), end, payload

    def _match_at(self, text: str, first: re.Match, word: str) -> tuple[int, object] | None:
        phrases = self._by_first.get(word)
        if not phrases:
            return None
        start = first.start()
        if word not in self._any_case and not text[start].isupper():
            return None                 # "and", "care": only capitalised phrases start with them
        words, gaps, ends = [word], [], [first.end()]
        position = first.end()
        second = self._second.get(word)
        for _ in range(self._longest[word] - 1):
            following = WORD.search(text, position)
            if following is None:
                break
            if len(words) == 1 and following.group(0).lower() not in second:
                break                       # the usual case for a common first word: nothing longer fits
            words.append(following.group(0).lower())
            gaps.append(_gap(text[position:following.start()]))
            position = following.end()
            ends.append(position)
        for length in range(len(words), 0, -1):
            for wanted_gaps, mode, payload in phrases.get(tuple(words[:length]), ()):
                if tuple(gaps[:length - 1]) != wanted_gaps:
                    continue
                if mode != ANY_CASE and (not text[start].isupper()
                                         or (mode == MID_SENTENCE and _sentence_initial(text, start))):
                    continue
                return ends[length - 1], payload
        return None


def trie_pattern(words, piece=re.escape) -> str:
    """A regex matching exactly `words`, written as a trie so the engine never backtracks far.
    `piece(char)` writes one character of a word as regex (re.escape by default)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [piece(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            body = (body if len(branches) == 1 and len(body) == 1 else f"(?:{body})") + "?"
        return body

    return render(trie)


def longest_first(words, space: str = r"\ ") -> str:
    """A regex matching any of `words` (a space in a word written `space`), trying the longest
    first where several fit at one place: what a "|"-joined list sorted longest first matches,
    in the same order, written as a trie (`trie_pattern`). A list is tried word by word at every
    place a rule is tried, and inside (?i:...) the engine cannot skip a word by its first letter;
    the trie tries a few letters. Matched ignoring case, words that part only in case ("Sep" and
    "SEPTEMBER") would lie on two branches and be tried shortest first, so a list holding such a
    pair stays a list."""
    def piece(char: str) -> str:
        return space if char == " " else re.escape(char)

    words = sorted(set(words), key=len, reverse=True)
    folded = sorted(words, key=str.lower)
    for i, short in enumerate(folded):
        for long in folded[i + 1:]:
            if not long.lower().startswith(short.lower()):
                break
            if long.lower() != short.lower() and not long.startswith(short):
                return "|".join("".join(piece(char) for char in word) for word in words)
    return trie_pattern(words, piece)


def _loose(char: str) -> str:
    """A space matches any run of whitespace (a name broken by a line), an apostrophe either quote."""
    if char == " ":
        return r"\s+"
    if char in "'’":
        return "['’]"
    return re.escape(char)


class CaselessStrings:
    """Whole-word, case-insensitive search for a fixed set of strings, the longest at each place.

    One trie-shaped regex (`trie_pattern`) over the lower-cased text: an alternation of hundreds
    of names or phrases written out one by one is tried branch by branch at every character,
    which made these scans a tenth of the detector's time. Spaces in a string match any
    whitespace, apostrophes either quote. Texts whose length lower() changes (a rare
    character such as "İ") are searched with an IGNORECASE copy instead, so spans stay exact."""

    def __init__(self, strings) -> None:
        forms = {" ".join(s.lower().replace("’", "'").split()) for s in strings}
        forms.discard("")
        body = trie_pattern(sorted(forms), _loose)
        self._lowered = re.compile(rf"(?<![\w])(?:{body})(?![\w])") if forms else None
        self._anycase = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE) if forms else None

    def __bool__(self) -> bool:
        return self._lowered is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self._lowered is None:
            return []
        low = text.lower()
        found = self._lowered.finditer(low) if len(low) == len(text) else self._anycase.finditer(text)
        return [m.span() for m in found]


def _sentence_initial(text: str, start: int) -> bool:
    """True at the start of the text, a line, a sentence, or after a speaker label's colon."""
    at = start - 1
    while at >= 0 and text[at] in " \t\r\"'“‘(":
        at -= 1
    return at < 0 or text[at] in _OPENERS
