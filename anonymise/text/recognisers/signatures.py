"""E-mail signatures, read as a block: the lines around a contact line ("T: 01900 612 040",
"Direct: ... | Mobile: ...") are a name, a role, a team and an organisation, then an address.

In the body of a message "Family Threads" is two ordinary words; in a signature it stands on a
line of its own, or between bars ("Karen Pattinson | Team Manager | Lantern Team | Family
Threads"), where only names stand. So in the lines above a contact line every field written in
capitals that is no role ("Kinship Support Worker", lexicon/cues.yaml `job_words`), no kept term
and not the opening name line is an organisation or team. The name line is the person
recognisers' and the address below the contact line the address recognisers'. Found surely,
so the organisation is found again where the message names it ("Family Threads is a partnership").
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.base import Recogniser, lexicon_of

# A contact line: a phone label and a number ("T: 01900 612 040", "> Direct: 01946 598 221").
_CONTACT = re.compile(r"^[ \t>]*(?:[TMF]|Tel|Tel\.|Telephone|Phone|Mob|Mobile|Direct|Office|Fax)[ \t]*[:.][ \t]*\+?\d",
                      re.IGNORECASE | re.MULTILINE)
_FIELD = re.compile(r"[^|,;]+")
# Small words a name keeps in lower case ("Food Aid in Two Towns", "Children and Families").
_CONNECTORS = ("and", "of", "the", "for", "in", "on", "&")
_NAME_WORD = rf"(?:[A-Z][\w'’&.-]*|{'|'.join(_CONNECTORS)})"
_CAPITALISED = re.compile(rf"^{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,5}}$")
_JOB_WORDS = cue("job_words")
_GENERIC = cue("generic_name_words")
MAX_LINES_ABOVE = 5


class SignatureRecogniser(Recogniser):
    NAME = "signature"
    ENTITIES = ("ORGANISATION",)
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        if not _CONTACT.search(text):
            return []
        g = lexicon_of(self)
        out, seen = [], set()
        for contact in _CONTACT.finditer(text):
            for start, line in self._lines_above(text, contact.start()):
                for f in _FIELD.finditer(line):
                    raw = f.group(0)
                    field = raw.strip(" \t>")
                    if not field or not _CAPITALISED.match(field) or any(c.isdigit() for c in field):
                        continue
                    words = [w.lower().strip("().") for w in field.split()]
                    if any(w in _JOB_WORDS for w in words) or normalise(field) in g.keep \
                            or all(w in _GENERIC or w in _CONNECTORS for w in words):
                        continue
                    begin = start + f.start() + (len(raw) - len(raw.lstrip(" \t>")))
                    if (begin, len(field)) in seen:
                        continue
                    seen.add((begin, len(field)))
                    out.append(self.detection(begin, begin + len(field), "ORGANISATION", text,
                                              scores.SIGNATURE_FIELD, rule="signature_field"))
        return out

    @staticmethod
    def _lines_above(text: str, at: int) -> list[tuple[int, str]]:
        """The signature's lines above its contact line, without the opening name line: back to
        a blank (or bare ">") line, at most MAX_LINES_ABOVE."""
        lines, end = [], at - 1
        while end > 0 and len(lines) < MAX_LINES_ABOVE:
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end]
            if not line.strip(" \t>"):
                break
            lines.append((start, line))
            end = start - 1
        return lines[:-1]   # the first line of the block is the sender's name
