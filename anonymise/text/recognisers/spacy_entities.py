"""spaCy's place and organisation entities (GPE, LOC, FAC, ORG) for names the gazetteers and
suffix rules don't know. The small model is noisy on speech, so these are reported as uncertain
unless the gazetteer agrees, and roles, services and countries from the keep list are dropped."""

from __future__ import annotations

from anonymise.text.gazetteers import normalise
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.persons import TITLES

_TYPES = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "ORG": "ORGANISATION"}


class SpacyEntityRecogniser(Recogniser):
    NAME = "spacy_ner"
    ENTITIES = ("PLACE", "ORGANISATION")

    def __init__(self, settings=None, gazetteers=None):
        super().__init__(settings, gazetteers)
        keep = set(gazetteers.keep)
        keep.update(normalise(k) for k in (getattr(settings, "keep", None) or ()))
        self.keep = frozenset(keep)

    def find(self, text, doc=None):
        if doc is None:
            return []
        g = self.gazetteers
        out = []
        for ent in doc.ents:
            type_ = _TYPES.get(ent.label_)
            if type_ is None:
                continue
            words = [t for t in ent if not t.is_punct and t.text.lower() not in ("the", "a", "an", "'s", "’s")]
            while words and not words[0].text[:1].isupper():
                words = words[1:]   # "school, Ruby" -> "Ruby"
            if not words or words[0].text.lower().rstrip(".") in TITLES:
                continue   # "HHJ Whitcombe", "Mrs Patel": a person, the person recogniser's job
            if len(words) == 1 and g.is_name(words[0].text.lower()):
                continue   # a lone name: the person recogniser decides
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            value = text[start:end]
            key = normalise(value)
            if key in self.keep or any(normalise(t.text) in self.keep for t in words if t.is_upper):
                continue
            if not any(t.text[:1].isupper() for t in words):
                continue
            caps = [t for t in words if t.text[:1].isupper()]
            # Acronyms and single ordinary capitalised words ("Care", "Court") are mostly noise.
            if len(words) == 1 and (words[0].is_upper or g.zipf(key) >= 3.0
                                    or ent.label_ == "ORG"):
                continue
            if all(g.zipf(t.text.lower()) >= 3.0 for t in caps) and len(caps) == len(words) \
                    and not key in g.places:
                continue
            if key in g.places:
                out.append(self.detection(start, end, g.places[key], text, 0.8))
            else:
                out.append(self.detection(start, end, type_, text, 0.55, True))
        return out
