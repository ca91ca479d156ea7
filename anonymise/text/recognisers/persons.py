"""People's names, from several kinds of evidence over one token pass.

Each kind of evidence is one rule method, named for what it sees:

- `spacy_person`: spaCy's PERSON entities, trimmed of titles and non-name words;
- per token, the first rule that claims it wins: `title_name` ("Mrs Patel", "Mr K."),
  `relation_name` ("my mum Tracey", "a lad called lenny"), then the name lists:
  `possessive_name` ("Liberty's mum"), `unknown_proper_noun` (an unlisted capitalised
  non-word), `listed_name` (first names and surnames, capitalised or ALL CAPS),
  `lower_first_name` ("then kayleigh said"), `coordinated_name` ("Mandy and harry"),
  `lower_clause_name` ("..., grace stayed");
- extension over neighbouring name-shaped words, hyphens ("Smith-Jones") and a line break.

Names that are also ordinary words (Hope, Rose, Will, Dawn, Grace) are sure only with a title,
a relation word, a surname beside them or a naming verb; otherwise a capitalised one
mid-sentence is reported for review and a sentence-initial or lower-case one is left alone.
A listed place after a locative word ("in Ashley") is read as the place: the person rules
judge only their own evidence and never drop what another recogniser found.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.lexicon import cue, fold, normalise
from anonymise.text.numbers import words_to_int
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.date_words import calendar_range, calendar_word
from anonymise.text.recognisers.places import CONNECT, LOCATIVE, place_reading
from anonymise.text.recognisers.tokens import Tok, tokens_of
from anonymise.text.wraps import COLUMNS

TITLES = cue("person_titles")
RELATIONS = cue("relations")
SPEECH_VERBS = cue("speech_verbs")
CLAUSE_VERBS = SPEECH_VERBS | cue("clause_verbs")
NAMING = cue("naming_words")
ROLE_WORDS = cue("role_words")
# What a person does or is called in an office: "the Treasurer", "the Chair remarked".
OFFICES = ROLE_WORDS | cue("job_words")
DETERMINERS = cue("determiners")
PETS = cue("pets")
PAST_VERBS = cue("past_verbs")
# The frames of `lower_frame`: the pronoun and verb that say who someone is, what may follow
# them ("the", "a", an age), verbs that take a clause ("hope she's 19" is no name), and the
# words before a name that make it a verb or a noun ("i will", "the will").
_TOLD_WHO = (["she", "'s"], ["he", "'s"], ["she", "’s"], ["he", "’s"], ["who", "'s"], ["who", "’s"],
             ["shes"], ["hes"], ["whos"], ["she", "was"], ["he", "was"], ["she", "is"], ["he", "is"], ["who", "is"])
_WHO_THEY_ARE = frozenset({"the", "a", "an", "my", "our", "from", "only", "nearly", "just"})
# Times of year are names too ("Summer", "Autumn"), but "that autumn he was the..." is the season.
_SEASONS = frozenset({"spring", "summer", "autumn", "winter"})
_THAT_VERBS = frozenset({"hope", "bet", "guess", "wish", "reckon", "trust", "pray", "say", "mean"})
_BEFORE_NO_NAME = cue("pronouns") | cue("determiners") | frozenset({"just", "really", "do", "did", "to", "would", "could"})
NOT_NAMES = cue("not_names") | cue("contractions")
PLACE_NOUNS = cue("place_nouns")
GENERIC = cue("generic_name_words")
MONTH_SURNAMES = cue("month_surnames")
FORMAL_TITLES = cue("formal_titles")
COMMON_SURNAMES = cue("common_surnames")
NOT_POSSESSORS = cue("not_possessors")
ABBREVIATED_TITLES = cue("abbreviated_titles")
PERSON_NOUNS = RELATIONS | cue("person_nouns")
OBJECT_PRONOUNS = frozenset("me him her us them".split())
PATRONYMIC = cue("patronymic_particles")
INITIALLED_ROLES = cue("initialled_roles")
INITIALS_AFTER_ROLE = re.compile(r"[A-Z]{2,3}")
HONORIFICS = cue("honorifics")
SPEAKER_ROLES = cue("speaker_roles")
LOWER_INITIALS = re.compile(r"[b-df-hj-np-tv-z]{2}")
# A pronoun and its contraction, standard or dialect ("He'd", "Ah'm", "she'll").
PRONOUN_CONTRACTION = re.compile(r"(?i)(?:i|he|she|we|they|you|ah|it|us|me|wi)['’](?:d|m|ll|re|ve|s)")
INITIALS_JOINERS = NAMING | frozenset({"and", "with", "&"})
ABBREVIATIONS = cue("dotted_abbreviations")
SERVICE_ACRONYMS = cue("service_acronyms")
CLERGY_TITLES = cue("clergy_titles")


_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,5}s")


def _spells_words_before(text: str, at: int, letters: str) -> bool:
    """Whether `letters` are the first letters of the words just before them, bracket or not:
    "Education Welfare Officer (EWO)", "Family Support Worker FSW"."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text[max(0, at - 80):at])[-len(letters):]
    return len(words) == len(letters) and "".join(w[0] for w in words).upper() == letters.upper()


def _kin_before(toks, k: int) -> bool:
    """ "ME FATHER LIVED", "our mother came": after a possessive, a clergy title is kin."""
    return k > 0 and (toks[k - 1].lower in DETERMINERS or toks[k - 1].lower in ("me", "ma", "wor"))
TITLE_FOLLOWERS = cue("title_followers") | cue("pronouns") | cue("leading_stop")
# What opens quoted speech, before a name that calls someone ('"Dess, look..."').
_OPENING_QUOTES = frozenset({'"', "“", "‘", "'"})
MISS_VERB_BEFORE = cue("miss_verb_before")
# Where field notes put a person: after "w/", "asked", "emailed", "fr"... ("mtg w/ KP", "discuss
# w/ JR"), or in brackets after a role ("tel call fr SW (DM)").
_BEFORE_INITIALS = re.compile(r"(?:(?<![\w/])(?P<word>" + "|".join(sorted((re.escape(w) for w in cue("initials_before")),
                                                                     key=len, reverse=True))
                              + r")[ \t]+|(?<![\w])(?P<role>[A-Za-z]{2,12})[ \t]*\()$", re.IGNORECASE)
_AFTER_INITIALS = SPEECH_VERBS | cue("initials_after")
QUOTES = frozenset('"“”\'‘’')
# Letters that label a turn or an answer ("A. Smith was..." may be the answer "A."), so a dotted
# one opening a line is not taken for an initial.
LABEL_LETTERS = frozenset(w for w in cue("speaker_roles") if len(w) == 1)

# What each rule means, for the review file's "why" column (evidence.py).
EXPLAINS = {
    "inverted_name": "a surname opening a register's line, before a comma and a first name ('MUIR, ROBERT')",
    "spacy_person": "spaCy PERSON entity",
    "spacy_person_words": "spaCy PERSON made of ordinary words",
    "title_name": "title + name",
    "title_month_surname": "title + a month that is a surname",
    "title_lower_surname": "title + lower-case surname",
    "relation_name": "relation or naming word + name",
    "relation_lower_name": "relation word + lower-case first name",
    "named_unknown_word": "naming verb + unknown word",
    "possessive_name": "name's + relation word",
    "unknown_proper_noun": "capitalised word no list knows",
    "unlisted_first_name": "unknown word before a listed surname",
    "listed_word_name": "everyday-word name in the name lists",
    "listed_full_name": "several words from the name lists",
    "listed_first_name": "first-name list",
    "listed_surname": "surname list",
    "lower_first_name": "lower-case first name that is no word",
    "coordinated_name": "first name joined by 'and' to a name",
    "lower_clause_name": "lower-case first name opening a clause",
    "quoted_initial": "a person word + initials in quotes",
    "family_name": "'the' + a listed surname in the plural",
    "role_initials": "a role + capitals standing for the person ('researcher OBF')",
    "lower_initials": "two lower-case consonants used as a name ('me and kj')",
}


def in_speaker_label(toks: list[Tok], k: int) -> bool:
    """Token k is a word of a speaker label: a run of at most three words opening a line (or
    following a timestamp or ";") and closed by ":" or "=" ("Parent:", "Young person = respondent")."""
    end = k
    while end < len(toks) and end - k < 3 and toks[end].alpha and (end == k or not toks[end].newline_before):
        end += 1
    if end >= len(toks) or toks[end].text not in (":", "=") or toks[end].newline_before:
        return False
    start = k
    while start > 0 and k - start < 3 and toks[start - 1].alpha and not toks[start].newline_before:
        start -= 1
    return toks[start].newline_before or start == 0 or toks[start - 1].text in ("]", ")", ";")


# A person's initial as a token: "K", "K." or the dot after one.
_INITIAL = re.compile(r"[A-Z]\.?|\.")


def _caps(t: Tok) -> bool:
    """ALL CAPS, apostrophes and hyphens allowed ("O'ROURKE", "SMITH-JONES")."""
    letters = t.text.replace("'", "").replace("’", "").replace("-", "")
    return len(letters) > 1 and letters.isalpha() and letters.isupper()


class _Found:
    """The spans one text gives, best evidence per span: sure beats review, then the higher score."""

    def __init__(self) -> None:
        self.spans: dict[tuple[int, int], tuple[float, bool, str, str]] = {}

    def add(self, i: int, j: int, score: float, uncertain: bool, rule: str, cue_: str = "") -> None:
        if i >= j:
            return
        old = self.spans.get((i, j))
        if old is None or (not uncertain and old[1]) or (uncertain == old[1] and score > old[0]):
            self.spans[(i, j)] = (score, uncertain, rule, cue_)

    def ends_sure_at(self, k: int) -> bool:
        return any(j - 1 == k and not u for (_i, j), (_s, u, _r, _c) in self.spans.items())


class PersonRecogniser(Recogniser):
    NAME = "uk_person"
    ENTITIES = ("PERSON",)
    CONTEXT = tuple(sorted(RELATIONS))
    EXPLAINS = EXPLAINS

    def __init__(self, settings=None, lexicon=None):
        super().__init__(settings, lexicon)
        keep = set(lexicon.keep)
        keep.update(k.lower() for k in (getattr(settings, "keep", None) or ()))
        self.keep = frozenset(keep)
        # Tried in order for each token; the first that claims the token ends its turn. The
        # initials rules claim words of one to three letters only, so a longer word (most words)
        # is offered to the others alone.
        self.initials_rules = (self.quoted_initial, self.role_initials, self.context_initials, self.lower_initials)
        self.word_rules = (self.title_name, self.relation_name, self.family_name, self.listed_or_unknown_name)
        self.token_rules = self.initials_rules + self.word_rules

    # -- word classes -------------------------------------------------------------------------
    def blocked(self, t: Tok) -> bool:
        return t.lower in self.keep or t.lower in NOT_NAMES or t.lower in TITLES or calendar_range(t.lower)

    def known_name(self, lower: str) -> bool:
        g = self.lexicon
        return lower in g.first_names or lower in g.surnames

    def ordinary_word(self, lower: str) -> bool:
        return self.lexicon.zipf(lower) >= scores.ZIPF_ORDINARY

    def name_like(self, t: Tok) -> bool:
        """Could be (part of) a name: capitalised, or ALL CAPS and in the name lists."""
        if self.blocked(t):
            return False
        if t.cap:
            return True
        return t.upper and len(t.text) > 2 and self.known_name(t.lower)

    # -- main ---------------------------------------------------------------------------------
    def find(self, text, doc=None):
        if doc is None:
            return []
        toks = tokens_of(doc, text)
        found = _Found()
        self.spacy_person(text, doc, toks, found)
        for t in toks:
            if not t.text[:1].isalpha():
                continue   # figures and punctuation: every rule reads a word
            for rule in self.token_rules if len(t.text) <= 3 else self.word_rules:
                if rule(text, toks, t.i, found):
                    break
        # Registers' rows ("BELL, WILLIAM"): only words before a comma, so not a rule tried on
        # every word; what it finds outranks a listed word's reading of the same word.
        for t in toks:
            if t.text == "," and t.i > 0:
                self.inverted_name(text, toks, t.i - 1, found)
        return self.to_detections(text, toks, found)

    # -- rules --------------------------------------------------------------------------------
    def spacy_person(self, text: str, doc, toks: list[Tok], found: _Found) -> None:
        """spaCy PERSON entities, trimmed of titles, relation words and non-name words."""
        by_start = {t.start: t.i for t in toks}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            idx = [by_start[t.idx] for t in ent if t.idx in by_start]
            idx = [k for k in idx if self.name_like(toks[k]) or (toks[k].text in CONNECT and 0 < k)]
            if not idx:
                continue
            i, j = idx[0], idx[-1] + 1
            # "Mtg w/ Karen": spaCy joins across a symbol; the name is the run after the last one
            for k in range(j - 1, i, -1):
                if not toks[k].alpha and toks[k].text not in CONNECT:
                    i = k + 1
                    break
            while i < j and not self.name_like(toks[i]):
                i += 1
            while j > i and not self.name_like(toks[j - 1]):
                j -= 1
            if i >= j or place_reading(self.lexicon, text, toks, i, j):
                continue   # "moved to Thorpe St Andrew", "Manchester was great": the place reading
            words = [toks[k] for k in range(i, j) if toks[k].text not in CONNECT]
            if PRONOUN_CONTRACTION.fullmatch(text[toks[i].start:toks[j - 1].end]):
                continue   # "He'd had three", "Ah'm on the bus": spaCy reads a pronoun as a name
            if all(calendar_word(w.lower) and not self.known_name(w.lower) for w in words):
                continue   # "admitted to WCH Sat night": a weekday (not "May", a name too)
            if all(w.lower in OFFICES and not self.known_name(w.lower) for w in words):
                continue   # "the Treasurer reminded members": an office, not its holder's name
            ambiguous = all(self.ordinary_word(w.lower) and not self.known_name(w.lower) for w in words) \
                or (len(words) == 1 and self.ordinary_word(words[0].lower))
            if ambiguous and not self.strong_context(toks, i, j, found):
                if not words[0].initial:
                    found.add(i, j, scores.PERSON_SPACY_WORDS, True, "spacy_person_words")
            else:
                found.add(i, j, scores.PERSON_SPACY, False, "spacy_person")

    def quoted_initial(self, text: str, toks: list[Tok], k: int, found: _Found) -> bool:
        """ 'yp "C"', 'a man called "JB"': one to three capitals in quotes after a word for a
        person stand for that person (field notes' way of not writing a name)."""
        t = toks[k]
        if not (t.text.isalpha() and t.text.isupper() and len(t.text) <= 3) or k < 2 or k + 1 >= len(toks):
            return False
        if toks[k - 1].text not in QUOTES or toks[k + 1].text not in QUOTES or self.blocked(t):
            return False
        if toks[k - 2].lower not in PERSON_NOUNS:
            return False
        found.add(k, k + 1, scores.PERSON_QUOTED_INITIAL, False, "quoted_initial", toks[k - 2].text)
        return True

    def role_initials(self, text: str, toks: list[Tok], k: int, found: _Found) -> bool:
        """ "(researcher OBF)", "Interviewer DM.": two or three capitals after a role that one
        person holds, closing the phrase, are that person's initials."""
        t = toks[k]
        if k == 0 or toks[k - 1].lower not in INITIALLED_ROLES or not INITIALS_AFTER_ROLE.fullmatch(t.text):
            return False
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and not nxt.newline_before and nxt.text not in (")", ",", ".", ";", ":") \
                and nxt.lower not in SPEECH_VERBS and not nxt.text[:1].isdigit():
            return False   # a date may follow a signature ("Read by SSW JF 21.06.21")
        low = t.lower
        if low in self.keep or low in TITLES or self.lexicon.very_common(low) or low in ABBREVIATIONS:
            return False
        found.add(k, k + 1, scores.PERSON_ROLE_INITIALS, False, "role_initials", toks[k - 1].text)
        return True

    def context_initials(self, text: str, toks: list[Tok], k: int, found: _Found) -> bool:
        """ "mtg w/ KP", "asked JR", "KP says", "tel call fr SW (DM)": two or three capitals no list
        knows, where notes put a person (after a word that takes one, in brackets after a role,
        or before a verb of speech), are someone's initials. Sure enough to find the same
        initials again elsewhere in the text ("Emailed KP")."""
        t = toks[k]
        if not INITIALS_AFTER_ROLE.fullmatch(t.text):
            return False
        low = t.lower
        if low in self.keep or low in TITLES or low in ABBREVIATIONS or low in SPEAKER_ROLES \
                or low in SERVICE_ACRONYMS or self.lexicon.very_common(low):
            return False
        if _spells_words_before(text, t.start, t.text):
            return False   # "Education Welfare Officer (EWO)": the role's own letters
        m = _BEFORE_INITIALS.search(text, max(0, t.start - 24), t.start)
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if m and m.group("role"):
            role = m.group("role").lower()
            if not (role in INITIALLED_ROLES or role in SPEAKER_ROLES or role in SERVICE_ACRONYMS) \
                    or nxt is None or nxt.text != ")":
                m = None
        if m:
            cue_word = m.group("word") or m.group("role")
        elif nxt is not None and not nxt.newline_before and nxt.lower in _AFTER_INITIALS:
            cue_word = nxt.text
        else:
            return False
        found.add(k, k + 1, scores.PERSON_CONTEXT_INITIALS, False, "context_initials", cue_word)
        return True

    def lower_initials(self, text: str, toks: list[Tok], k: int, found: _Found) -> bool:
        """ "me and kj went", "kj said": two lower-case consonants that are no word or known
        abbreviation, joined to a person or speaking, are someone's initials used as a name
        (lower-case chat and transcripts). For review."""
        t = toks[k]
        if not LOWER_INITIALS.fullmatch(t.text) or k == 0:
            return False
        low = t.lower
        if self.blocked(t) or self.lexicon.is_word(low) or low in ABBREVIATIONS or low in HONORIFICS \
                or low in SPEAKER_ROLES:   # "with yp", "and sw": roles
            return False
        prev, nxt = toks[k - 1], toks[k + 1] if k + 1 < len(toks) else None
        joined = prev.lower in INITIALS_JOINERS and not prev.newline_before
        speaking = nxt is not None and nxt.lower in SPEECH_VERBS
        if not (joined or speaking):
            return False
        found.add(k, k + 1, scores.PERSON_LOWER_INITIALS, True, "lower_initials", prev.text if joined else nxt.text)
        return True

    def inverted_name(self, text: str, toks: list[Tok], k: int, found: _Found) -> None:
        """ "MUIR, ROBERT", "A/229 BELL, WILLIAM", "Okafor, Grace": the word k, before a comma, is
        a surname where a register gives the surname first, then a comma and a listed first name. The surname counts when listed, though a word
        too ("BELL", "LOVE"), or when no word at all ("MUIR"). Only in a register's row: after its
        number, or opening a line set in columns. A line of prose or a letter that opens so is
        someone addressed ("Diolch, Sarah", "Aw, Kayleigh")."""
        t = toks[k]
        g = self.lexicon
        # Any case: a register typed in capitals is read in a truecased copy, which writes "BELL"
        # and "MUIR" in lower case.
        if k + 2 >= len(toks) or not t.alpha or len(t.text) < 2 or self.blocked(t) \
                or g.zipf(t.lower) > 0 and t.lower not in g.surnames:
            return
        first = toks[k + 2]
        if not (first.cap or first.upper) or first.lower not in g.first_names or self.blocked(first):
            return
        numbered = k > 0 and not toks[k - 1].alpha and any(c.isdigit() for c in toks[k - 1].text)
        line_start = text.rfind("\n", 0, t.start) + 1
        line_end = text.find("\n", t.start)
        in_columns = not text[line_start:t.start].strip() \
            and COLUMNS.search(text, t.start, line_end if line_end >= 0 else len(text)) is not None
        if not (numbered or in_columns):
            return
        # A surname that is also a word ("BELL") goes for review: were it sure, every "bell" of
        # the collection would be spread as a name.
        word = g.zipf(t.lower) > 0
        found.add(k, k + 1, scores.PERSON_INVERTED_WORD if word else scores.PERSON_INVERTED, word, "inverted_name",
                  first.text)

    def family_name(self, text: str, toks: list[Tok], k: int, found: _Found) -> bool:
        """ "the Hendersons", "the Wiśniewskis", "the Joneses": a family by its surname in the
        plural, when the surname is no ordinary word ("the Greens" may be the party)."""
        t = toks[k]
        if k == 0 or toks[k - 1].lower != "the" or not t.cap or not t.lower.endswith("s") or len(t.text) < 4:
            return False
        g = self.lexicon
        for stem in (t.lower[:-1], t.lower[:-2] if t.lower.endswith("es") else ""):
            if stem and (stem in g.surnames or fold(stem) in g.surnames) and g.zipf(stem) < scores.ZIPF_ORDINARY \
                    and g.zipf(t.lower) < scores.ZIPF_ORDINARY and not self.blocked(t):
                found.add(k, k + 1, scores.PERSON_FAMILY, False, "family_name")
                return True
        return False

    def title_name(self, text: str, toks: list[Tok], k: int, found: _Found) -> bool:
        """ "Mrs Patel", "Mr K.", "Auntie Sharon", "Mr May", "saw dr okafor"."""
        t, n = toks[k], len(toks)
        title = t.lower.rstrip(".")
        if title not in TITLES or k + 1 >= n:
            return False
        nxt = k + 1
        if toks[nxt].text == "." and nxt + 1 < n and t.lower in ABBREVIATED_TITLES:
            nxt += 1   # "Dr. Patel", but not "a nurse. She"
        following = toks[nxt]
        if following.newline_before:
            return True
        initial = re.fullmatch(r"[A-HJ-Z]\.?|I\.", following.text) is not None or (
            # "mrs o, ngozi": a lower-case initial after a formal title, closed by punctuation
            title in FORMAL_TITLES and re.fullmatch(r"[a-hj-z]", following.text) is not None
            and nxt + 1 < n and toks[nxt + 1].text in (",", ".", ";", ")") and not following.space_after)
        if self.name_like(following) or initial:
            found.add(nxt, self.extend(toks, nxt), scores.PERSON_TITLE, False, "title_name", t.text)
        elif title in FORMAL_TITLES and following.cap and following.lower in MONTH_SURNAMES:
            found.add(k, nxt + 1, scores.PERSON_TITLE_MONTH, False, "title_month_surname", t.text)
        elif title in FORMAL_TITLES and self.lower_title_name(following, title != "miss"):
            found.add(nxt, nxt + 1, scores.PERSON_TITLE_LOWER, False, "title_lower_surname", t.text)
        elif (title in FORMAL_TITLES or (title in CLERGY_TITLES and not _kin_before(toks, k))) \
                and self.lower_title_word(toks, k, following):
            # "mrs green", "reverend ash", "miss oak": in lower case a title still names whoever
            # follows; a listed name surely, any other word for review ("i miss home" is a verb)
            listed = self.known_name(following.lower)
            found.add(nxt, self.lower_surname_end(toks, nxt), scores.PERSON_TITLE_LOWER_WORD if listed
                      else scores.PERSON_LIST_WORD, not listed, "title_lower_word", t.text)
        return True

    def lower_title_word(self, toks: list[Tok], k: int, t: Tok) -> bool:
        """An ordinary lower-case word after a lower-case title, not a function word, and "miss"
        not a verb ("i miss", "you'll miss")."""
        title = toks[k]
        if title.cap or title.upper or t.cap or t.upper or not t.text.isalpha() or len(t.text) < 3 \
                or self.blocked(t) or t.lower in DETERMINERS or t.lower in TITLE_FOLLOWERS:
            return False
        return not (title.lower == "miss" and k > 0 and toks[k - 1].lower in MISS_VERB_BEFORE)

    def relation_name(self, text: str, toks: list[Tok], k: int, found: _Found) -> bool:
        """ "my mum Tracey", "foster carer, Sue", "called jayden", "my brother guy"."""
        t = toks[k]
        if k == 0 or t.newline_before or not self.relation_before(toks, k):
            return False
        relation_tok = toks[k - 2] if toks[k - 1].text == "," and k > 1 else toks[k - 1]
        relation = relation_tok.text
        if "\t" in text[relation_tok.end:t.start]:
            return False   # "GP\tSure. I'm one of the nurses": a label and its turn, a tab apart
        if relation_tok.cap and self.ordinary_word(t.lower) and not self.known_name(t.lower):
            return False   # "Child Protection", "Service Manager, Fostering": a service in Title Case
        if self.name_like(t) and not (t.initial and self.ordinary_word(t.lower)):
            found.add(k, self.extend(toks, k), scores.PERSON_RELATION, False, "relation_name", relation)
            return True
        if not (t.alpha and not t.cap and not self.blocked(t)):
            return False
        zipf = self.lexicon.zipf(t.lower)
        if t.lower in self.lexicon.first_names:
            if zipf < scores.ZIPF_ORDINARY:
                found.add(k, self.lower_surname_end(toks, k), scores.PERSON_RELATION_LOWER, False,
                          "relation_lower_name", relation)
            elif zipf < scores.ZIPF_TOO_COMMON:
                found.add(k, k + 1, scores.PERSON_RELATION_LOWER_WORD, True, "relation_lower_name", relation)
            return True
        if zipf == 0.0 and toks[k - 1].lower in NAMING and len(t.lower) > 2:
            found.add(k, k + 1, scores.PERSON_NAMED_UNKNOWN, False, "named_unknown_word", toks[k - 1].text)
            return True
        return False

    def listed_or_unknown_name(self, text: str, toks: list[Tok], k: int, found: _Found) -> bool:
        """The name lists, and capitalised words no list knows."""
        t = toks[k]
        if self.blocked(t) or not t.alpha:
            return True
        g = self.lexicon
        lower, folded = t.lower, fold(t.lower)
        is_first = lower in g.first_names or folded in g.first_names
        is_sur = lower in g.surnames or folded in g.surnames
        if not (is_first or is_sur or t.cap):
            return True   # an uncapitalised word no list knows, most words: no reading below is for it
        if self.ordinary_word(lower) and in_speaker_label(toks, k):
            return True   # "[00:00:24] Parent:", "Young person = respondent": a role, not a name
        prev = toks[k - 1] if k > 0 else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if not (is_first or is_sur):
            if t.cap and lower not in NOT_POSSESSORS and lower not in GENERIC and self.possessive_relation(toks, k) \
                    and g.zipf(lower) < scores.ZIPF_TOO_COMMON and (prev is None or prev.lower not in DETERMINERS):
                found.add(k, k + 1, scores.PERSON_POSSESSIVE, True, "possessive_name", toks[k + 2].text)
            elif self.unknown_proper_noun(t, prev, nxt):
                found.add(k, self.extend(toks, k), scores.PERSON_UNKNOWN, True, "unknown_proper_noun")
            return True
        if t.cap or (t.upper and len(t.text) > 2):
            self.capitalised_listed_name(text, toks, k, is_first, is_sur, found)
        elif prev is not None and prev.lower in DETERMINERS:
            pass   # "gave me a teddy": a noun, whatever the name list says
        elif is_first and len(lower) >= 4 and lower not in g.common:
            # lower-case transcripts: "then kayleigh said", "I rang siobhan o'sullivan"
            found.add(k, self.lower_surname_end(toks, k), scores.PERSON_LOWER_FIRST, False, "lower_first_name")
        elif is_first and self.coordinated_with_name(toks, k, found):
            word = self.ordinary_word(lower)
            found.add(k, k + 1, scores.PERSON_COORDINATED_WORD if word else scores.PERSON_COORDINATED, word,
                      "coordinated_name", toks[k - 1].text)
        elif is_first and prev is not None and prev.text in (",", "and", "but") and nxt is not None and \
                nxt.lower in PAST_VERBS and g.zipf(lower) < scores.ZIPF_NAME_OFTEN_WORD:
            found.add(k, k + 1, scores.PERSON_LOWER_CLAUSE, True, "lower_clause_name", nxt.text)
        elif is_first and g.zipf(lower) < scores.ZIPF_NAME_OFTEN_WORD and not calendar_word(lower) and lower not in _SEASONS \
                and (frame := self.lower_frame(toks, k)):
            found.add(k, k + 1, scores.PERSON_LOWER_FRAME, False, "lower_frame_name", frame)
        return True

    def capitalised_listed_name(self, text: str, toks: list[Tok], k: int, is_first: bool, is_sur: bool,
                                found: _Found) -> None:
        """A capitalised or ALL-CAPS word from the name lists, extended over the name's other words."""
        t, n, g = toks[k], len(toks), self.lexicon
        prev = toks[k - 1] if k > 0 else None
        after_locative = prev is not None and prev.lower in LOCATIVE
        j = self.extend(toks, k)
        if after_locative and (t.lower in g.places or g.place_key(normalise(text[t.start:toks[j - 1].end])) is not None):
            return   # "in Ashley", "to Thorpe St Andrew": a listed place after a locative word is the place
        multi = j - k > 1 and any(self.known_name(toks[m].lower) or toks[m].text in CONNECT for m in range(k + 1, j))
        if is_sur and not is_first and self.unknown_before(toks, k):
            found.add(k - 1, j, scores.PERSON_UNKNOWN_FIRST, False, "unlisted_first_name")
            return
        if self.ordinary_word(t.lower) and not multi:
            if self.strong_context(toks, k, j, found):
                found.add(k, j, scores.PERSON_LIST_CONTEXT, False, "listed_word_name")
            elif not t.initial or (j < n and toks[j].lower in CLAUSE_VERBS) or self.opening_cue(toks, j):
                found.add(k, j, scores.PERSON_LIST_WORD, True, "listed_word_name")   # "Rose was there"
            return
        if multi:
            words = [toks[m].lower for m in range(k, j) if toks[m].text not in CONNECT]
            if all(self.ordinary_word(w) and w not in g.first_names for w in words):
                # "LANE BRANCH", "Field Marsh": surnames that are all everyday words, no first
                # name among them: for review, so none is spread as a name
                found.add(k, j, scores.PERSON_LIST_WORD, True, "listed_full_name")
                return
            found.add(k, j, scores.PERSON_LIST_FULL, False, "listed_full_name")
        elif is_first:
            opening_word = t.initial and self.ordinary_word(t.lower)
            score = scores.PERSON_LIST_FIRST if not t.initial or not self.ordinary_word(t.lower) else scores.PERSON_LIST_OPENING
            found.add(k, j, score, opening_word, "listed_first_name")
        else:
            found.add(k, j, scores.PERSON_LIST_SURNAME if not t.initial else scores.PERSON_LIST_OPENING, False,
                      "listed_surname")

    # -- helpers ------------------------------------------------------------------------------
    def unknown_proper_noun(self, t: Tok, prev: Tok | None, nxt: Tok | None = None) -> bool:
        g = self.lexicon
        if not t.cap or len(t.text) < 3 or not t.text.isalpha() or _ACRONYM_PLURAL.fullmatch(t.text):
            return False   # ... nor "EWOs", "GPs": an acronym's plural
        if t.initial or prev is None:
            # At a sentence start only when a verb follows: "Zephyrine said", "Kwabena's mum", or
            # when quoted speech opens by calling someone: '"Dess, look what they done to me."'
            vocative = prev is not None and prev.text in _OPENING_QUOTES and nxt is not None and nxt.text == ","
            if not vocative and (nxt is None or (nxt.lower not in CLAUSE_VERBS and nxt.lower != "'s")):
                return False
            prev = None
        lower = t.lower
        if g.zipf(lower) >= scores.ZIPF_ORDINARY or (g.is_word(lower) and lower not in g.rare) \
                or lower in g.places or lower in self.keep or calendar_word(lower):
            return False   # ... and "Mon", "Thurs" of "Mon-Thurs": calendar words
        # After "the"/"a" it is a product or a title ("the Xbox"), after a locative word a place
        # (the place recogniser and spaCy decide those).
        return prev is None or (prev.lower not in DETERMINERS and prev.lower not in LOCATIVE)

    def lower_title_name(self, t: Tok, unlisted: bool) -> bool:
        """A lower-case surname after "mrs", "dr": listed and no ordinary word ("okafor", "patel"),
        or (`unlisted`) no word at all."""
        if t.cap or t.upper or not t.text.isalpha() or len(t.text) < 2 or self.blocked(t):
            return False
        lower = t.lower
        if self.known_name(lower) or self.known_name(fold(lower)):
            return not self.ordinary_word(lower)
        return unlisted and not self.lexicon.is_word(lower) and len(lower) > 2

    def month_surname(self, toks: list[Tok], j: int) -> bool:
        """ "Mason May": a month that is a surname, right after a first name on the same line and
        not followed by a day number ("Mason May 3rd" is a date)."""
        t = toks[j]
        if t.lower not in MONTH_SURNAMES or not t.cap or t.initial or t.newline_before:
            return False
        prev = toks[j - 1]
        if not prev.cap or prev.lower not in self.lexicon.first_names or prev.lower in self.keep:
            return False
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        return nxt is None or not (nxt.text[:1].isdigit() or nxt.lower in ("the", "of"))

    @staticmethod
    def possessive_relation(toks: list[Tok], k: int) -> bool:
        """ "<word>'s mum", "<word>'s foster carer": the word is someone's name."""
        return k + 2 < len(toks) and toks[k + 1].lower == "'s" and toks[k + 2].lower in RELATIONS \
            and toks[k + 2].lower not in NAMING

    def opening_cue(self, toks: list[Tok], j: int) -> bool:
        """After a sentence-opening ordinary word, what makes it a likely name: "Dawn from CAMHS",
        "Grace and Hope are twins" (joined to another name)."""
        if j + 1 >= len(toks) or toks[j + 1].newline_before:
            return False
        word, nxt = toks[j].lower, toks[j + 1]
        if word == "from":
            return nxt.upper or (nxt.cap and not self.ordinary_word(nxt.lower))
        if word in ("and", "&"):
            return nxt.cap and self.known_name(nxt.lower) and not self.blocked(nxt)
        return False

    def lower_surname_end(self, toks: list[Tok], k: int) -> int:
        """End (exclusive) of a lower-case name starting with the first name at k: a following
        lower-case surname that is not an ordinary word joins it ("siobhan o'sullivan")."""
        j = k + 1
        if j >= len(toks):
            return j
        t = toks[j]
        if t.newline_before or t.cap or t.upper or not t.alpha or self.blocked(t) or not toks[k].space_after:
            return j
        g = self.lexicon
        parts = [p for p in re.split(r"-", t.lower) if p]
        if not parts or not all((p in g.surnames or fold(p) in g.surnames) and
                                (not self.ordinary_word(p) or p in COMMON_SURNAMES) for p in parts):
            return j
        if t.lower in g.places:
            return j
        return j + 1

    def unknown_before(self, toks: list[Tok], k: int) -> bool:
        """The word before a surname is a first name the lists lack: capitalised, on the same
        line, not a name, place, keep term or fairly common word ("Amadou" of "Amadou Diallo")."""
        if k == 0:
            return False
        t = toks[k - 1]
        if toks[k].newline_before or not t.space_after or not t.cap or len(t.text) < 3 \
                or not t.text.isalpha() or self.blocked(t):
            return False
        lower = t.lower
        g = self.lexicon
        if self.known_name(lower) or lower in g.places or self.ordinary_word(lower) or \
                lower in RELATIONS or lower in ROLE_WORDS:
            return False
        return k < 2 or toks[k - 2].lower not in DETERMINERS

    def lower_frame(self, toks: list[Tok], k: int) -> str:
        """A lower-case first name that is a word too, told who it is next, as only a person is:
        "there's faith she's 19", "will he's the support worker", "mason who's fourteen". The
        frame's words, or "" if there is none. (A name thanked at a turn's end is lower_names.py's.)"""
        prev = toks[k - 1] if k > 0 else None
        if toks[k].lower in _THAT_VERBS or (prev is not None and prev.lower in _BEFORE_NO_NAME):
            return ""
        after = [t.lower for t in toks[k + 1:k + 5]]
        for told in _TOLD_WHO:
            if after[:len(told)] == told and len(after) > len(told) and (
                    after[len(told)] in _WHO_THEY_ARE or after[len(told)].isdigit() or words_to_int(after[len(told)])):
                return " ".join(told)
        return ""

    def coordinated_with_name(self, toks: list[Tok], k: int, found: _Found) -> bool:
        """ "Mandy and harry": a lower-case first name joined by "and"/"&" to a name found already."""
        if k < 2 or toks[k - 1].lower not in ("and", "&", "or"):
            return False
        before = k - 2
        if toks[before].lower in ("me", "i") and self.lexicon.zipf(toks[k].lower) < scores.ZIPF_NAME_OFTEN_WORD:
            return True   # "me and guy talk on Xbox"
        if found.ends_sure_at(before):
            return True
        t = toks[before]
        return t.cap and not t.initial and self.known_name(t.lower) and not self.ordinary_word(t.lower)

    def relation_before(self, toks: list[Tok], k: int) -> bool:
        if toks[k].newline_before:
            return False
        m = k - 1
        if m >= 0 and toks[m].text == ",":
            m -= 1
        if m < 0:
            return False
        word = toks[m].lower
        if word in ("is", "was", "'s") and m > 0 and toks[m - 1].lower in ("name", "name's"):
            return True
        if word in ("is", "was") and m > 0 and toks[m - 1].lower in RELATIONS and toks[m - 1].lower not in NAMING:
            return True   # "my sw was jade", "my mum is Tracey"
        if word in NAMING and m > 0 and (toks[m - 1].lower in PETS or toks[m - 1].lower in PLACE_NOUNS):
            return False   # "a dog called Biscuit", "a village called Wrentham"
        if word == "as" and m > 0 and toks[m - 1].lower == "known":
            return True
        if word in OBJECT_PRONOUNS and m > 0 and toks[m - 1].lower in NAMING:
            return True   # "everyone calls me bob", "they called him Tommy"
        return word in RELATIONS and word not in ("known",)

    def strong_context(self, toks: list[Tok], i: int, j: int, found: _Found) -> bool:
        if i > 0 and (toks[i - 1].lower.rstrip(".") in TITLES or self.relation_before(toks, i)):
            return True
        if j < len(toks) and toks[j].lower in SPEECH_VERBS and not toks[i].initial:
            return True
        if j < len(toks) and toks[j].lower in ("'s",) and j + 1 < len(toks) and toks[j + 1].lower in RELATIONS:
            return True   # "Grace's mum"
        if i >= 2 and toks[i - 1].lower in ("and", "&") and found.ends_sure_at(i - 2):
            return True   # "Mandy and Harry": joined to a name found already
        if j + 1 < len(toks) and toks[j].text == "," and \
                any(t.lower in RELATIONS or t.lower in ROLE_WORDS for t in toks[j + 1:j + 5]):
            return True   # "P6: Heather, children's guardian"
        return False

    def extend(self, toks: list[Tok], k: int) -> int:
        """End (exclusive) of the name starting at k: following name-shaped words, hyphen-joined
        parts and one line break, at most four words."""
        j = k + 1
        words = 1
        n = len(toks)
        while j < n and words < 4:
            t = toks[j]
            # Past initials only ("A. K. Banerjee", "J. BRAIN"): an initial's dot ends no
            # sentence, and a surname in capitals may be a word ("BRAIN", "BELL").
            if not t.newline_before and toks[j - 1].text.endswith(".") and all(
                    _INITIAL.fullmatch(x.text) for x in toks[k:j]) and (
                    _INITIAL.fullmatch(t.text) and t.text != "I" or (t.cap or _caps(t)) and not self.blocked(t)
                    and (self.known_name(t.lower) or self.lexicon.zipf(t.lower) < scores.ZIPF_NAME_OFTEN_WORD)):
                j += 1
                words += 1
                continue
            if t.text in CONNECT and j + 1 < n and not toks[j - 1].space_after and not t.space_after and toks[j + 1].cap:
                j += 2   # Smith-Jones
                continue
            if t.lower in PATRONYMIC and j + 1 < n and toks[j + 1].cap and not toks[j + 1].newline_before:
                j += 2   # "Iwan ap Dafydd", "Ahmed bin Rashid"
                words += 1
                continue
            if t.text == "." and len(toks[j - 1].text) == 1:
                j += 1   # "K." initial
                continue
            if self.month_surname(toks, j):
                j += 1
                words += 1
                continue
            if self.blocked(t):
                break
            if not t.cap:
                # ALL CAPS after ALL CAPS: "TRACEY WALSH" is one name when both are list names.
                # So is a first name in capitals and a rare word after it: "TYLER MACKINTOSH".
                surname = self.known_name(t.lower) or (
                    len(t.text) > 3 and self.lexicon.zipf(t.lower) < scores.ZIPF_ORDINARY
                    and toks[k].lower in self.lexicon.first_names and t.lower not in self.lexicon.places)
                if not (_caps(toks[k]) and _caps(t) and not t.newline_before and surname
                        and self.lexicon.zipf(t.lower) < scores.ZIPF_NAME_OFTEN_WORD):
                    break
            if t.initial and not t.newline_before:
                break
            if t.lower in self.lexicon.places and not self.known_name(t.lower):
                break
            if self.ordinary_word(t.lower) and not self.known_name(t.lower):
                break
            j += 1
            words += 1
        # Don't end on a dot that closes the sentence after a full name.
        if j - 1 > k and toks[j - 1].text == "." and len(toks[j - 2].text) > 1:
            j -= 1
        return j

    def to_detections(self, text, toks, found: _Found):
        out = []
        for (i, j), (score, uncertain, rule, cue_) in found.spans.items():
            # An initial before the name belongs to it: "J. Smith", "K Patel".
            # Opening a line or a field ("T. McGOVERN (DOCKER)", "STAFF: G. PETRIE") too, unless
            # the letter may be a turn's label ("A. Smith...").
            if i >= 2 and toks[i - 1].text == "." and re.fullmatch(r"[A-Z]", toks[i - 2].text) \
                    and not (toks[i - 2].initial and toks[i - 2].lower in LABEL_LETTERS) \
                    and toks[i - 2].space_after is False and toks[i - 1].space_after:
                i -= 2
            elif i >= 1 and re.fullmatch(r"[A-HJ-Z]\.?", toks[i - 1].text) and (
                    not toks[i - 1].initial or (toks[i - 1].text.endswith(".") and toks[i - 1].space_after
                                                and toks[i - 1].lower[0] not in LABEL_LETTERS)):
                i -= 1
            start = toks[i].start
            end = toks[j - 1].end
            if toks[j - 1].text == "." and j - 1 > i:
                end = toks[j - 2].end   # "Mr K." -> "K"
            elif text[end - 1] == ".":
                end -= 1
            out.append(self.detection(start, end, "PERSON", text, score, uncertain, rule, cue_))
        return out

