"""Landmarks by name: "the Angel of the North", "Flamingo Land", "a match at Molineux", "got
stopped in the bullring", "the Black Country Living Museum". The gold guidelines mark landmarks,
grounds, shopping centres and stations as places: each says where someone lives or goes.

No rule can tell "molineux" or "stadium of light" from ordinary words by their shape, and speech
recognition and typescripts lose the capitals a reader would use; so the names come from a list
(lexicon/landmarks.txt, written for this project). A name that is no everyday phrase counts in any
case. One that is ("Central Park", "Victoria Park", "Hawthorns", "Racecourse") counts only where a
writer capitalised it, mid-sentence, in normally cased text: there the capital means the name. A
single name that is also a common word or a first name ("Shay", "Lowry") needs its capital too.
"""

from __future__ import annotations

from anonymise.text import scores
from anonymise.text.casing import NORMAL, segments
from anonymise.text.detection import Detection
from anonymise.text.lexicon import HERE, Lexicon, keep_terms, normalise
from anonymise.text.phrases import ANY_CASE, CAPITALISED, MID_SENTENCE, PhraseMatcher, strip_possessive
from anonymise.text.recognisers.base import Recogniser, lexicon_of
from anonymise.text.scores import ZIPF_ORDINARY


_MATCHERS: dict[int, PhraseMatcher] = {}


def _matcher(lexicon: Lexicon) -> PhraseMatcher:
    """The list as a phrase matcher, built once per lexicon (a lexicon is no dict key)."""
    if id(lexicon) in _MATCHERS:
        return _MATCHERS[id(lexicon)]
    matcher = _MATCHERS[id(lexicon)] = PhraseMatcher()
    keep = keep_terms()
    for line in (HERE / "landmarks.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        name, _kind, _town, generic = line.split("\t")
        key = normalise(strip_possessive(name)[0])
        if key in keep:
            continue
        words = key.split()
        if generic == "yes" and len(words) == 1:
            continue   # "Arboretum", "Racecourse": a capitalised word mid-sentence is other rules' already
        if generic == "yes":
            mode = MID_SENTENCE
        elif len(words) == 1 and (lexicon.zipf(key) >= ZIPF_ORDINARY or lexicon.is_name(key)):
            mode = CAPITALISED
        else:
            mode = ANY_CASE
        matcher.add(name, generic == "yes", mode)
    return matcher


class LandmarkRecogniser(Recogniser):
    NAME = "landmark"
    ENTITIES = ("PLACE",)
    EXPLAINS = {"listed": "a landmark the list knows", "listed_capitalised": "a landmark whose name is also a phrase, capitalised"}
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        normal = None
        for start, end, generic in _matcher(lexicon_of(self)).find(text):
            if generic:
                normal = normal if normal is not None else [(s, e) for s, e, kind in segments(text) if kind == NORMAL]
                if not any(s <= start and end <= e for s, e in normal):
                    continue   # a line in capitals or Title Case: the capital says nothing
                out.append(self.detection(start, end, "PLACE", text, scores.LANDMARK_PHRASE, uncertain=True,
                                          rule="listed_capitalised"))
            else:
                out.append(self.detection(start, end, "PLACE", text, scores.LANDMARK, rule="listed"))
        return out
