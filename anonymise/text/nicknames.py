"""Nicknames built around a name: "Big Dave", "little mick", "Scouse Tony", "Ken the Milk".

A neighbour knows "Big Dave" by the whole nickname, so replacing only "Dave" leaves "Big
[Person 3]", which still points at him, and the gold corpus marks the whole nickname. Once a
person is found (by any rule), the words that make the nickname join the span:

- a nickname word before the name ("big", "little", "wee", "scouse"; lexicon cue
  `nickname_words`), unless a determiner or possessive stands before that ("my little Jack" is
  a boy, not a nickname);
- "the" and a trade or thing after it, written as a name is ("Ken the Milk", "Nobby the Coal"):
  "the" in lower case and the next word capitalised mid-sentence.

The widened detection keeps the rule that found the name and names the nickname in its cue.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.resolve import Cover

NICKNAME_WORDS = cue("nickname_words")
DETERMINERS = cue("determiners") | cue("word_before_noun")
_BEFORE = re.compile(r"(?<![\w'’])(?P<word>[^\W\d_]+)[ ]$")
_PREV_WORD = re.compile(r"(?P<word>[^\W\d_]+)[ ]+$")
_TRADE = re.compile(r"[ ]the[ ](?P<trade>[A-Z][a-z]+)\b")
LOOK_BACK = 40


def widen(text: str, chosen: Iterable[Detection], uncased: Iterable[tuple[int, int]] = ()) -> list[Detection]:
    """`chosen` with each person's span widened over the nickname it stands in. In `uncased`
    stretches (typed in lower case or capitals) the case of the nickname word says nothing."""
    uncased = Cover(uncased)
    out = []
    for d in chosen:
        if d.type == "PERSON":
            d = _widened(text, d, bool(uncased) and uncased.covers(d.start, d.end))
        out.append(d)
    return out


def _widened(text: str, d: Detection, uncased: bool) -> Detection:
    start, end, words = d.start, d.end, []
    before = _BEFORE.search(text, max(0, start - LOOK_BACK), start)
    if before is not None and before.group("word").lower() in NICKNAME_WORDS:
        word = before.group("word")
        prev = _PREV_WORD.search(text, max(0, before.start() - LOOK_BACK), before.start())
        capital_agrees = uncased or word[:1].isupper() or d.text.isupper()
        if capital_agrees and (prev is None or prev.group("word").lower() not in DETERMINERS):
            start = before.start()
            words.append(word)
    trade = _TRADE.match(text, end)
    if trade is not None and not uncased and d.text[:1].isupper() and not d.text.isupper():
        end = trade.end()
        words.append("the " + trade.group("trade"))
    if not words:
        return d
    widened = replace(d, start=start, end=end, text=text[start:end],
                      cue=(d.cue + "; " if d.cue else "") + "nickname " + " ... ".join(words))
    if not uncased and (words[0][:1].isupper() or len(words) > 1 or words[0].startswith("the ")):
        # A nickname written as one ("Scouse Tony", "Ken the Milk") is a person, whatever the
        # name alone scored.
        widened = replace(widened, uncertain=False, score=max(d.score, scores.PERSON_NICKNAME))
    return widened
