"""Local venues and groups called by a capitalised word after a lower-case "the": "an ex-chef
from the Crown in Sandbach", "Pastor Gibson's lot at the Elim", "my coach fae the Amateurs",
"walked me home along the Walks", "that's not what the Echo said".

A writer gives an ordinary word a capital inside a sentence only when it is a name, and after
"the" the word is never a sentence's first (a "The" opening the sentence gets the capital
itself: "The Shed in Camborne"), so "the" plus capitals names something local: a pub, club,
chapel, drop-in, cinema, paper or district. The names no other rule can
read are exactly these made of ordinary words, so the shape decides, for review, unless the
word is one everybody shares (lexicon/cues.yaml `shared_capitalised`, the keep list, weekdays
and months, compass points, titles, and the generic words of institutions' names: "the
Council", "the Trust"). A pub noun is never shared: "the Crown" and "the Plough" are pubs.
Lines in Title Case are left alone: there every word has its capital ("Care Planning and the
Role of the Independent Reviewing Officer").

The same reasoning holds without "the" for two or more capitalised ordinary words inside a
sentence, after a lower-case word: "a family worker at Steady Steps", "chair of Saffron
Strikers", "how Second Helpings came about", "It was Families First". Here every word must be
an ordinary word (names and places are other recognisers' to read), none a role or a shared
word, and the phrase not a national scheme on the keep list ("Staying Put", "Household
Support Fund"). In uncased text the truecaser's capitals count the
same: it gives them to words no list knows ("at the elim" -> "Elim"), never to ordinary words."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.casing import UPPER, line_profile, title_like
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue, normalise
from anonymise.text.phrases import CaselessStrings
from anonymise.text.recognisers.base import Recogniser, lexicon_of
from anonymise.text.recognisers.date_words import calendar_word
from anonymise.text.recognisers.turns import line_bounds

# "the" or the northern "t'" ("round t' Broadway", "we call it t' Bat Cave").
_RUN = re.compile(r"(?<![\w'’-])(?:[Tt]he|[Tt]['’])[ \t]+(?P<id>[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?"
                  r"(?:[ \t]+[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?){0,2})(?![\w'’-])")
# Two to four capitalised words, "of", "and", "for" or "&" allowed between them.
_CAPITALISED = r"[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?"
_CAP_RUN = re.compile(rf"(?<![\w'’-]){_CAPITALISED}(?:[ \t]+(?:(?:of|and|for|&)[ \t]+)?{_CAPITALISED}){{1,3}}(?![\w'’-])")
# What stands before a capitalised run inside a sentence: a lower-case word, a digit or a comma.
_INSIDE_SENTENCE = re.compile(r"[a-z0-9,;][ \t]+$")
_LINKS = frozenset({"of", "and", "for", "&"})
_PUB_NOUNS = cue("pub_nouns")
_SHARED = (cue("shared_capitalised") | cue("generic_name_words") | cue("compass_words")
           | cue("honorifics") | cue("formal_titles") | cue("person_titles") | cue("role_words")
           | cue("relations") | cue("speaker_roles")) - _PUB_NOUNS
_ROLES = cue("role_words") | cue("job_words")
# A firm or shop named for its owner, after a word that places someone there: "a job at BIBBY'S
# on Great Howard Street", "the kitchen at Campbell's", "worked at Rowland and Maughan's". Not
# a name that is only a first name ("at Tony's" is as often his house), nor a relation ("at Nan's").
_POSSESSIVE_BUSINESS = re.compile(
    r"(?<![\w'’-])(?:at|for|from|to|into|outside|behind|near|opposite)[ \t]+"
    r"(?P<id>(?P<owner>[A-Z][a-z]+|[A-Z]{2,})(?:[ \t]+(?:and|AND|&)[ \t]+(?:[A-Z][a-z]+|[A-Z]{2,}))?['’][sS])"
    r"(?=[ \t]*(?:[,.;:!?)]|\n|$)|[ \t]+(?:on|in|at|for|and|then|after|before|till|until|when|where|as|with|"
    r"ON|IN|AT|FOR|AND|THEN|AFTER|BEFORE|TILL|UNTIL|WHEN|WHERE|AS|WITH)\b)")
_NOT_OWNERS = cue("relations") | cue("pronouns") | cue("person_nouns")
# A local hospital, college or team by its initials, where someone is or goes: "a midwife link
# at the RDH", "admitted to WCH", "once they've gone to KGS", "in the QE for a month". Not the
# acronyms of roles and national services (cues.yaml service_acronyms, the keep list), nor the
# first capitals of a longer name ("HMP Isle of Wight").
_LOCAL_ACRONYM = re.compile(r"(?<![\w'’-])(?:at|in|to|into|from|outside|@)[ \t]+(?:the[ \t]+)?"
                            r"(?P<id>[A-Z]{2,4})(?![\w'’&/-])(?:[ \t]+(?P<next>[A-Z][a-z]+))?")
_SERVICE_ACRONYMS = cue("service_acronyms") | cue("honorifics") | cue("person_titles")
# "the dancing. the regal, saturdays", "AT THE\nBETHEL", "in the Victoria": a town's one cinema,
# dance hall, chapel or hospital, whatever the casing (a typescript's capitals, speech
# recognition's lower case), with its last word if it has one ("THE ROYAL HOTEL").
_VENUE_WORDS = CaselessStrings(cue("venue_names"))   # a cheap look first: most texts name none
_VENUE_NAME = re.compile(
    r"(?<![\w'’-])(?:at|in|to|into|from|down|up|outside)[ \t]+the(?:[ \t]+|[ \t]*\n[ \t]*)"
    rf"(?P<id>(?:{'|'.join(sorted(cue('venue_names')))})(?:[ \t]+(?:{'|'.join(sorted(cue('venue_name_endings')))}))?)"
    rf"(?![\w'’-])(?![ \t]+(?:{'|'.join(sorted(cue('venue_name_not_before')))})\b)",
    re.IGNORECASE)


class VenueRecogniser(Recogniser):
    NAME = "venue"
    ENTITIES = ("ORGANISATION",)
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        g = lexicon_of(self)
        return self._after_the(text, g) + self._capitalised_runs(text, g) + self._possessive_businesses(text, g) \
            + self._local_acronyms(text, g) + self._venue_names(text)

    def _venue_names(self, text: str) -> list[Detection]:
        if not _VENUE_WORDS.spans(text):
            return []
        return [self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.VENUE_THE, uncertain=True,
                               rule="venue_name") for m in _VENUE_NAME.finditer(text)]

    def _local_acronyms(self, text: str, g) -> list[Detection]:
        out = []
        for m in _LOCAL_ACRONYM.finditer(text):
            low = m.group("id").lower()
            if low in g.keep or low in _SERVICE_ACRONYMS or g.is_word(low):
                continue
            if m.group("next") and not calendar_word(m.group("next").lower()):
                continue   # "HMP Isle of Wight": the capitals open a longer name ("WCH Sat night" does not)
            start, end = line_bounds(text, m.start())
            if line_profile(text[start:end]) == UPPER:
                continue   # a line in capitals: every word is an acronym's shape
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.VENUE_THE,
                                      uncertain=True, rule="local_acronym"))
        return out

    def _possessive_businesses(self, text: str, g) -> list[Detection]:
        out = []
        for m in _POSSESSIVE_BUSINESS.finditer(text):
            owner = m.group("owner").lower()
            if (owner in g.first_names and owner not in g.surnames) or owner in _NOT_OWNERS or owner in g.keep or owner in _SHARED \
                    or (g.zipf(owner) >= scores.ZIPF_VERY_COMMON and not g.is_name(owner)):
                continue   # "at Tony's" (his house?), "at Nan's", "at McDonald's", "at Boots's"
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.POSSESSIVE_BUSINESS,
                                      rule="possessive_business"))
        return out

    def _capitalised_runs(self, text: str, g) -> list[Detection]:
        out = []
        for m in _CAP_RUN.finditer(text):
            start, end = line_bounds(text, m.start())
            if not _INSIDE_SENTENCE.search(text, start, m.start()) or title_like(text[start:end]):
                continue
            if text[max(start, m.start() - 4):m.start()].lower().endswith("the "):
                continue   # "the Tuesday Table": the rule after "the" reads it
            words = [w for w in m.group(0).split() if w not in _LINKS]
            low = [normalise(w) for w in words]
            if any(w in _SHARED or w in g.keep or w in _ROLES or not g.is_word(w) or g.place_key(w) is not None
                   for w in low) or all(g.is_name(w) for w in low) or normalise(m.group(0)) in g.keep:
                continue
            out.append(self.detection(m.start(), m.end(), "ORGANISATION", text, scores.VENUE_THE,
                                      uncertain=True, rule="capitalised_run"))
        return out

    def _after_the(self, text: str, g) -> list[Detection]:
        out = []
        for m in _RUN.finditer(text):
            start, end = line_bounds(text, m.start())
            if title_like(text[start:end]):
                continue   # "Care Planning and the Role of the IRO": capitals there are style
            words = m.group("id").split()
            if any(w.lower() in _ROLES for w in words):
                continue   # "The Secretary reported", "The Sound Archivist": an office, not a venue
            first = words[0].lower().rstrip("'’s") or words[0].lower()
            if words[0].lower() in _SHARED or first in _SHARED or normalise(words[0]) in g.keep \
                    or normalise(m.group("id")) in g.keep or normalise(words[0]).rstrip("s") in g.keep:
                # (the last: a nationality in the plural, "the Poles", "the Eritreans")
                continue
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.VENUE_THE,
                                      uncertain=True, rule="the_capitalised"))
        return out
