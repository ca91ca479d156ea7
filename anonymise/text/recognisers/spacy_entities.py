"""spaCy's place and organisation entities (GPE, LOC, FAC, ORG) for names the lexicon and
suffix rules don't know. The small model is noisy on speech, so these are reported as uncertain
unless the gazetteer agrees, and roles, services and countries from the keep list are dropped."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.date_words import calendar_range
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.persons import TITLES
from anonymise.text.recognisers.places import LOCATIVE, place_context, place_reading
from anonymise.text.recognisers.tokens import tokens_of

_TYPES = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "ORG": "ORGANISATION"}
# Words that end the name of the research, not of a body: "... Study", "... Transcript".
_JOINING = frozenset({"of", "and", "&", "for", "to", "in", "on"})
_NATIONAL = cue("national_body_words")
_PRONOUNS = cue("pronouns")
# What spaCy splits off a pronoun: the "'m" of "I'm", the "'ll" of "she'll".
_CLITIC = re.compile(r"['’](?:m|ll|d|re|ve)", re.IGNORECASE)
_RESEARCH_WORDS = frozenset({"study", "studies", "survey", "transcript", "transcripts", "interview", "interviews"})


class SpacyEntityRecogniser(Recogniser):
    NAME = "spacy_ner"
    ENTITIES = ("PLACE", "ORGANISATION")

    def __init__(self, settings=None, lexicon=None):
        super().__init__(settings, lexicon)
        keep = set(lexicon.keep)
        keep.update(normalise(k) for k in (getattr(settings, "keep", None) or ()))
        self.keep = frozenset(keep)

    def find(self, text, doc=None):
        if doc is None:
            return []
        g = self.lexicon
        out = []
        toks = None
        for ent in doc.ents:
            type_ = _TYPES.get(ent.label_)
            if ent.label_ == "PERSON":
                # A "person" the person recogniser reads as a place ("to Carlton Colville", "in
                # Oulton Broad"): a place here, unless it is a listed place (the gazetteer's).
                if toks is None:
                    toks = tokens_of(doc, text)
                    by_start = {t.start: t.i for t in toks}
                    found = _place_people(g, text, doc, toks, by_start)
                    out.extend(self.detection(s, e, "PLACE", text, scores.SPACY_PERSON_AS_PLACE, rule="person_as_place")
                               for s, e in found)
                continue
            if type_ is None:
                continue
            words = [t for t in ent if not t.is_punct and t.text.lower() not in ("the", "a", "an", "'s", "’s")]
            while words and not words[0].text[:1].isupper():
                words = words[1:]   # "school, Ruby" -> "Ruby"
            while words and (words[-1].text.lower() in _PRONOUNS or _CLITIC.fullmatch(words[-1].text)):
                words = words[:-1]  # "my name is aoife i'm a social worker": a name ends before "I'm"
            if not words or words[0].text.lower().rstrip(".") in TITLES:
                continue   # "HHJ Whitcombe", "Mrs Patel": a person, the person recogniser's job
            if words[-1].text.lower() in _RESEARCH_WORDS:
                continue   # "Scots Urban Youth Study", "Interview C02": the research itself, named in a header
            if len(words) == 1 and g.is_name(words[0].text.lower()):
                continue   # a lone name: the person recogniser decides
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            value = text[start:end]
            key = normalise(value)
            if key in self.keep or any(normalise(t.text) in self.keep for t in words if t.is_upper) \
                    or calendar_range(value):
                continue
            if not any(t.text[:1].isupper() for t in words):
                continue
            caps = [t for t in words if t.text[:1].isupper()]
            # Acronyms and single ordinary capitalised words ("Care", "Court") are mostly noise.
            if len(words) == 1 and (words[0].is_upper or g.zipf(key) >= scores.ZIPF_ORDINARY
                                    or ent.label_ == "ORG"):
                continue
            ordinary = all(g.zipf(t.text.lower()) >= scores.ZIPF_ORDINARY for t in caps)
            if ordinary and len(caps) == len(words) and not key in g.places:
                continue
            # Ordinary words joined by small ones, one of them a state's: a national body
            # ("Department for Work and Pensions", "Ministry of Pensions and National Insurance").
            if ordinary and any(t.text.lower() in _NATIONAL for t in caps) \
                    and all(t.text[:1].isupper() or t.text.lower() in _JOINING for t in words):
                continue
            if key in g.places:
                out.append(self.detection(start, end, g.places[key], text, scores.SPACY_PLACE_LISTED, rule=f"{ent.label_}_listed"))
            elif type_ == "PLACE" and _in_place_context(g, text, doc, words):
                out.append(self.detection(start, end, type_, text, scores.SPACY_PLACE_CONTEXT, rule=f"{ent.label_}_after_place_word"))   # "in Oulton Broad"
            elif type_ == "PLACE" and _listed_prefix(g, text, doc, words):
                out.append(self.detection(start, end, type_, text, scores.SPACY_PLACE_PREFIX, rule=f"{ent.label_}_listed_prefix"))  # "in Thorpe St Andrew"
            else:
                out.append(self.detection(start, end, type_, text, scores.SPACY_OTHER, True, rule=ent.label_))
        return out


def _place_people(g, text, doc, toks, by_start) -> list[tuple[int, int]]:
    """Spans of spaCy PERSON entities that read as unlisted places."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        idx = [by_start[t.idx] for t in ent if t.idx in by_start]
        idx = [k for k in idx if toks[k].cap]
        if not idx:
            continue
        i, j = idx[0], idx[-1] + 1
        if any(not (toks[k].cap or toks[k].text in ("-", "‐")) for k in range(i, j)):
            continue
        if g.place_key(normalise(text[toks[i].start:toks[j - 1].end])) is not None:
            continue   # a listed place: the place recogniser's
        if any(normalise(toks[k].text) in g.keep for k in range(i, j)):
            continue
        if place_reading(g, text, toks, i, j):
            out.append((toks[i].start, toks[j - 1].end))
    return out


def _in_place_context(g, text, doc, words) -> bool:
    """A spaCy place whose words are no names, after "in", "near", "a village called"."""
    toks = tokens_of(doc, text)
    first = next((t for t in toks if t.start == words[0].idx), None)
    if first is None or any(g.is_name(w.text.lower()) for w in words):
        return False
    return place_context(toks, first.i)


def _listed_prefix(g, text, doc, words) -> bool:
    """A spaCy place after a locative word that starts with a listed place and goes on
    ("in Thorpe St Andrew", where only "Thorpe" is listed): the whole is the place, not a
    town and a person."""
    if len(words) < 2:
        return False
    toks = tokens_of(doc, text)
    first = next((t for t in toks if t.start == words[0].idx), None)
    if first is None or first.i == 0 or toks[first.i - 1].lower not in LOCATIVE:
        return False
    for k in range(len(words) - 1, 0, -1):
        if g.place_key(normalise(text[words[0].idx:words[k - 1].idx + len(words[k - 1].text)])) is not None:
            return True
    return False
