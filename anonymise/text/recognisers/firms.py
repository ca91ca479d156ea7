"""Firms named for the families that founded them, joined by "and": "messenger boy for BATESON
AND GREAVES", "beating for SAVAGE AND BROWNE", "I went to Halkett and Blyth", "a roll turner at
Shepherd, Mason and Groves", "AT CAWTHORNE AND STEAD'S".

Old employers, shipbrokers, mills and works were called this way, and a typescript in capitals
gives the names no capital of their own, so the surnames that are also ordinary words
("SAVAGE", "GREAVES", "MASON") are lost there while the rarer one is found: half the firm leaks.
The shape decides: after a word that places someone at work or sends them there, surnames
joined by "and" or "&", with commas for a third, one of them at least a name no dictionary,
gazetteer or first-name list knows, none a first name (unless the firm is owned: "ROWLAND AND
MAUGHAN'S") or a kept word ("with JOHN AND MARY" are two people). The whole is
one organisation, its possessive included."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import Recogniser, lexicon_of

_NAME = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,}(?:-[A-Z]{2,})?)"
_FIRM = re.compile(
    rf"(?<![\w'’-])(?i:{'|'.join(sorted(cue('firm_before'), key=len, reverse=True))})[ \t]+"
    rf"(?P<id>{_NAME}(?:,[ \t]+{_NAME})?[ \t]+(?:and|AND|&)[ \t]+{_NAME}(?:['’][sS])?)(?![\w'’-])")


# Words after "X and" that are the people with X, not a partner in a firm.
_NOT_FOUNDERS = cue("relations") | cue("person_nouns") | cue("pronouns")


class FirmRecogniser(Recogniser):
    NAME = "firm"
    ENTITIES = ("ORGANISATION",)
    CONTEXT = ("worked", "firm", "works", "yard", "mill", "job")
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        if " and " not in text.lower() and "&" not in text:
            return []
        g = lexicon_of(self)
        out = []
        for m in _FIRM.finditer(text):
            names = [w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)?", m.group("id"))
                     if w.lower() not in ("and", "s")]
            owned = m.group("id")[-2:].lower() in ("'s", "’s")
            if any(len(n) < 3 for n in names):
                continue   # "AT SHIELDHALL AND YE COULD SEE IT"
            if not any(len(n) > 3 and not g.is_word(n) and n not in g.places and n not in g.first_names for n in names) \
                    or any(n in g.keep for n in names):
                continue   # "for BREAD AND BUTTER", "from LEEDS AND BRADFORD", "to CAMHS and CAMHS"
            if any(n in g.first_names and (n not in g.surnames or not owned) for n in names):
                continue   # "with JOHN AND MARY", "with Jan and Gordon": people ("ROWLAND AND MAUGHAN'S" is owned)
            if any(g.is_word(n) and (n not in g.surnames and g.very_common(n) or n in _NOT_FOUNDERS) for n in names):
                continue   # "for BATESON AND FAMILY"
            if names[0] in g.places and names[0] not in g.surnames and not owned:
                continue   # "to HALIFAX AND BRIGHOUSE": a town first, unless the firm is owned ("CAWTHORNE AND STEAD'S")
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.ORGANISATION_OTHER,
                                      rule="surnames"))
        return out
