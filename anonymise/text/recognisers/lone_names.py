"""A first name said on its own as a whole sentence or answer: "it was the partner. Dean. He was
the problem.", "MRS R: FRANK? AT THE DANCE...", "Who rang? - Shona."

People name someone in a word of its own when they answer, correct or remember ("Who was it?
Dean."). A listed first name standing alone between sentence ends is then a name even when it
is also an English word, as long as the word is not one people say alone as a word (months,
weekdays, replies: "June.", "Right.", "Sorry?") or is so common ("Will", "Hope", "Mark") that a
capital alone proves nothing; those need a cue the other person rules read.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.date_words import MONTHS, WEEKDAYS

# A word alone: after a line start, a speaker label's colon or dash, or a sentence end; before
# a sentence end, a dash or an ellipsis.
_LONE = re.compile(r"(?:^|(?<=[.!?:]\s)|(?<=[.!?:]\s\s)|(?<=\s[-–]\s))(?P<id>[A-Z][a-z'’]+|[A-Z]{2,}(?:['’][A-Z]+)?)"
                   r"(?=[.?!](?:\s|$)|\s?(?:--|—|…|\.\.\.))", re.MULTILINE)
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
        return out
