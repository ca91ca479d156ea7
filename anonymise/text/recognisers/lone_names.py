"""Names standing on their own: a first name said as a whole sentence or answer ("it was the
partner. Dean. He was the problem.", "MRS R: FRANK? AT THE DANCE..."), in apposition to a word
for a person ("AND THE YOUNGEST, PETER, HE'S GOT...", "my brother, Stuart, rang"), or given in
quotes and brackets beside a name ('MRS DOROTHY THIRTLE ("DOLL")', 'James Gould (prefers "TJ")').

People name someone in a word of its own when they answer, correct or remember ("Who was it?
Dean."). A listed first name standing alone between sentence ends is then a name even when it
is also an English word, as long as the word is not one people say alone as a word (months,
weekdays, replies: "June.", "Right.", "Sorry?") or is so common ("Will", "Hope", "Mark") that a
capital alone proves nothing; those need a cue the other person rules read. A name in quotes in
brackets after a name is that person's other name, whatever the word.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.date_words import MONTHS, WEEKDAYS

# A word alone: after a line start, a speaker label's colon or dash, or a sentence end; before
# a sentence end, a dash or an ellipsis. The capital comes first and what stands before it is
# looked back at from there: `re` skips quickly only to a pattern's opening character class.
_LONE = re.compile(r"(?P<id>[A-Z](?:(?<=^.)|(?<=[.!?:]\s.)|(?<=[.!?:]\s\s.)|(?<=\s[-–]\s.))"
                   r"(?:[a-z'’]+|[A-Z]+(?:['’][A-Z]+)?))"
                   r"(?=[.?!](?:\s|$)|\s?(?:--|—|…|\.\.\.))", re.MULTILINE)
# A word for a person, a comma, the name, and a comma or the clause going on. Read from the
# comma, the word for a person looked for just before it: a pattern opening with a comma is
# scanned many times faster than one opening with a list of words.
_APPOSITION = re.compile(r",[ \t]+(?P<id>[A-Z][a-z'’]+|[A-Z]{2,})(?=[ \t]*[,;.)]|[ \t]+(?i:and|who|he|she)\b)")
_APPOSITION_WORD = re.compile(r"(?i:\b(?:youngest|eldest|oldest|middle\s+one|brother|sister|son|daughter|husband|wife|"
                              r"partner|cousin|nephew|niece|grandson|granddaughter|lad|lass))[ \t]*$")
_APPOSITION_REACH = 40     # characters searched back from the comma for the word
# A name's other name in quotes, in brackets after it: ("DOLL"), (prefers "TJ"), (known as 'Twm').
# The bracket first, then a look back at the name's last letter before it.
_QUOTED = re.compile(r"\((?<=[A-Za-z][ \t]\()[ \t]*(?:(?i:known\s+as|prefers|aka|a\.k\.a\.|called|nicknamed)[ \t]+)?"
                     r"[\"“'‘](?P<id>[A-Z][\w'’-]*)[\"”'’][ \t]*\)")
_NOT_ALONE = (cue("not_names") | cue("pronouns") | cue("leading_stop") | cue("speaker_roles")
              | frozenset(w.lower() for w in MONTHS + WEEKDAYS))


class LoneNameRecogniser(Recogniser):
    NAME = "lone_name"
    ENTITIES = ("PERSON",)
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        g = self.lexicon
        if g is None:
            return []
        out = []
        for m in _LONE.finditer(text):
            low = m.group("id").lower().replace("’", "'")
            if low not in g.first_names or low in _NOT_ALONE or low in g.keep \
                    or g.zipf(low) >= scores.ZIPF_NAME_OFTEN_WORD:
                continue
            out.append(self.detection(m.start("id"), m.end("id"), "PERSON", text, scores.PERSON_LONE,
                                      rule="alone"))
        for m in _APPOSITION.finditer(text):
            if not _APPOSITION_WORD.search(text, max(0, m.start() - _APPOSITION_REACH), m.start()):
                continue
            low = m.group("id").lower()
            if low in g.first_names and low not in _NOT_ALONE and low not in g.keep \
                    and g.zipf(low) < scores.ZIPF_TOO_COMMON:
                out.append(self.detection(m.start("id"), m.end("id"), "PERSON", text, scores.PERSON_LONE,
                                          rule="apposition"))
        for m in _QUOTED.finditer(text):
            low = m.group("id").lower()
            if low not in _NOT_ALONE and low not in g.keep:
                out.append(self.detection(m.start("id"), m.end("id"), "PERSON", text, scores.PERSON_QUOTED_NAME,
                                          rule="quoted_other_name"))
        return out
