"""Names the layout gives away: speaker labels and header fields (anonymise/text/structure.py).

This recogniser reads a whole text at once, not a chunk: a header names the interviewer at the
top, and the same initials label turns pages later. A label or header name is then found
wherever it is mentioned in that text, as written for initials ("RK", "H.M."), and by the
matching policy for names (an everyday-word name like "Hope" only where capitalised, unless the
layout itself writes it in lower case, as a lower-case transcript does: "r = carol").
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.casing import in_capitals, word_as_initials
from anonymise.text.detection import Detection
from anonymise.text.matching import match_mode, spells_abbreviation
from anonymise.text.phrases import ANY_CASE, PhraseMatcher, phrase_key
from anonymise.text.structure import Structure, parse

_INITIALS = re.compile(r"^(?:[A-Z]\.?\s?){1,4}[A-Za-z]{0,2}\.?$")


class StructureRecogniser:
    NAME = "structure"
    ENTITIES = ("PERSON",)
    EXPLAINS = {"speaker_label": "a speaker label that is a name",
                "header_name": "a name in the header block",
                "legend": "an abbreviation a legend defines as a name ('N = Nadia')",
                "signature": "an e-mail signed with the initial of a sender its headers name",
                "named_in_layout": "a name the speaker labels or the header give, mentioned again"}

    def __init__(self, lexicon) -> None:
        self.lexicon = lexicon

    def parse(self, text: str) -> Structure:
        g = self.lexicon
        return parse(text, g.is_name, g.is_word, lambda word: word in g.places, lambda word: g.zipf(word) > 0,
                     lambda word: g.zipf(word) >= scores.ZIPF_ORDINARY)

    def find(self, text: str, structure: Structure | None = None) -> list[Detection]:
        structure = structure or self.parse(text)
        found: list[Detection] = []
        named: dict[str, str] = {}
        for label in structure.name_labels:
            found.append(Detection(label.start, label.end, "PERSON", label.text, scores.PERSON_SPEAKER_LABEL,
                                   self.NAME, rule=label.kind if label.kind in ("legend", "signature") else "speaker_label"))
            named.setdefault(label.text, "label")
        for start, end, name, key in structure.header_names:
            found.append(Detection(start, end, "PERSON", name, scores.PERSON_HEADER, self.NAME,
                                   rule="header_name", cue=key))
            named.setdefault(name, key)
        at = {(d.start, d.end) for d in found}
        for start, end, name in self._mentions(text, named):
            if (start, end) not in at:
                found.append(Detection(start, end, "PERSON", text[start:end], scores.PERSON_SPEAKER_LABEL,
                                       self.NAME, rule="named_in_layout", cue=name))
        return found

    def _mentions(self, text: str, names: dict[str, str]):
        """Every other mention: initials as written; names by the matching policy."""
        matcher = PhraseMatcher()
        for name in names:
            if _INITIALS.match(name):
                if spells_abbreviation(name):
                    continue   # "Researcher: A.M.": not every "10 A.M." after it
                a_word = word_as_initials(name, self.lexicon)
                for m in re.finditer(rf"(?<![\w.'’]){re.escape(name)}(?![\w])", text):
                    if not (a_word and in_capitals(text, m.start())):
                        yield m.start(), m.end(), name
                continue
            key = phrase_key(name)
            mode = match_mode(key, "PERSON", confirmed=True)
            if name.islower() and mode is not None and not self.lexicon.very_common(key):
                mode = ANY_CASE   # the layout writes it in lower case ("r = carol"): so does the text
            if mode is not None:
                matcher.add(name, name, mode if len(key) > 2 else ANY_CASE)
        for start, end, name in matcher.find(text):
            yield start, end, name
