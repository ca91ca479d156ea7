"""Whole-word, case-insensitive search for many phrases at once, in one pass over the text.

Propagation (every confirmed name in every unit) and the residual scan (every
original in every output) both look for thousands of strings in a million words.
A regex per string would rescan the text thousands of times; instead the text is
split into word tokens once and each token is looked up in a dictionary keyed by
a phrase's first token. Whole-word matching falls out for free: tokens are
maximal runs of letters and digits, so "Ann" never matches inside "Anne".

`phrase_key` is also the registry's notion of "the same original": case-folded,
whitespace-collapsed, curly quotes straightened, possessive 's dropped, outer
punctuation ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterator

WORD = re.compile(r"[^\W_]+")
ANY_CASE, CAPITALISED, MID_SENTENCE = "any", "capitalised", "mid-sentence"
MODES = (ANY_CASE, CAPITALISED, MID_SENTENCE)
_OPENERS = frozenset(".!?:;\"“‘([-–—\n")
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
    return _SPACE.sub("", separator).translate(_QUOTES)


def tokens_and_gaps(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = list(WORD.finditer(text))
    tokens = tuple(w.group(0).casefold() for w in words)
    gaps = tuple(_gap(text[a.end():b.start()]) for a, b in zip(words, words[1:]))
    return tokens, gaps


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
    """Add phrases with a payload; `find(text)` yields (start, end, payload), leftmost-longest, no overlaps."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], bool, object]]] = defaultdict(list)
        self._seen: set[tuple] = set()

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
        bucket = self._by_first[tokens[0]]
        bucket.append((tokens, gaps, mode, payload))
        bucket.sort(key=lambda p: -len(p[0]))   # longest first, so "Tracey Walsh" beats "Tracey"
        return True

    def find(self, text: str) -> Iterator[tuple[int, int, object]]:
        if not self._by_first:
            return
        words = list(WORD.finditer(text))
        folded = [w.group(0).casefold() for w in words]
        i, n = 0, len(words)
        by_first = self._by_first
        while i < n:
            bucket = by_first.get(folded[i])
            if bucket:
                hit = self._match_at(text, words, folded, i, bucket)
                if hit is not None:
                    length, payload = hit
                    yield words[i].start(), words[i + length - 1].end(), payload
                    i += length
                    continue
            i += 1

    @staticmethod
    def _match_at(text, words, folded, i, bucket):
        n = len(words)
        for tokens, gaps, mode, payload in bucket:
            k = len(tokens)
            if i + k > n:
                continue
            if mode != ANY_CASE:
                start = words[i].start()
                if not text[start].isupper() or (mode == MID_SENTENCE and _sentence_initial(text, start)):
                    continue
            ok = True
            for j in range(1, k):
                if folded[i + j] != tokens[j] or _gap(text[words[i + j - 1].end():words[i + j].start()]) != gaps[j - 1]:
                    ok = False
                    break
            if ok:
                return k, payload
        return None


def _sentence_initial(text: str, start: int) -> bool:
    """True at the start of the text, a line, a sentence, or after a speaker label's colon."""
    at = start - 1
    while at >= 0 and text[at] in " \t\r\"'“‘(":
        at -= 1
    return at < 0 or text[at] in _OPENERS
