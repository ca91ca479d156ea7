"""People's names, from several kinds of evidence combined over one token pass:

- titles ("Mrs Patel", "Mr K.", "Auntie Sharon");
- relation and naming phrases ("my mum Tracey", "her foster carer Sue", "a lad called Jayden");
- spaCy's PERSON entities;
- the first-name and surname lexicon, for capitalised words, ALL-CAPS speaker labels and, with
  a weaker score, lower-case first names that are not ordinary words;
- extension over neighbouring name-shaped words, hyphens ("Smith-Jones") and a line break.

Names that are also ordinary words (Hope, Rose, Will, Dawn, Grace) are certain only with a title,
a relation word, a surname beside them or a naming verb; otherwise a capitalised one mid-sentence
is reported as uncertain (for review) and a sentence-initial or lower-case one is left alone.
"""

from __future__ import annotations

import re
import unicodedata

from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.named import GENERIC
from anonymise.text.recognisers.places import LOCATIVE
from anonymise.text.recognisers.tokens import Tok, tokens_of

TITLES = cue("person_titles")

# Words after which the next name-shaped word is a person: kin, carers, professionals, friends,
# and naming verbs. Multi-word phrases are matched on their last word ("foster carer" -> "carer").
RELATIONS = cue("relations")

# After these a capitalised word is a person rather than a sentence-initial word.
SPEECH_VERBS = cue("speech_verbs")

# After these a sentence-initial ordinary word may be a name ("Rose was there", "Dawn said").
CLAUSE_VERBS = SPEECH_VERBS | cue("clause_verbs")

# Naming words: after these even an unknown lower-case word is a name if it isn't an English word.
NAMING = cue("naming_words")

ROLE_WORDS = cue("role_words")

DETERMINERS = cue("determiners")

PETS = cue("pets")

# Lower-case clause openers: "..., grace stayed with me" (a common-word name used as a name).
PAST_VERBS = cue("past_verbs")

# Words shaped like names that never are ("Yeah", "Okay", days, roles): checked after the keep list.
NOT_NAMES = cue("not_names")

# Words for places: "a village called Wrentham" names a place, not a person.
PLACE_NOUNS = cue("place_nouns")

# After these a run of capitalised words that are no names is a place ("lives in Oulton Broad").
PLACE_WORDS = cue("place_words")


def place_context(toks: list[Tok], i: int) -> bool:
    """Whether the words before token i introduce a place: "in", "near", "a village called"."""
    if i == 0 or toks[i].newline_before:
        return False
    prev = toks[i - 1].lower
    if prev in PLACE_WORDS:
        return True
    return prev in NAMING and i > 1 and toks[i - 2].lower in PLACE_NOUNS


def _in_speaker_label(toks: list[Tok], k: int) -> bool:
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


def place_reading(g, text: str, toks: list[Tok], i: int, j: int) -> bool:
    """spaCy's PERSON i..j is better read as a place: a listed place after a locative word
    ("moved to Thorpe St Andrew"), of several words ("Kings Lynn was far") or with no name in
    it ("Manchester was great"); a listed place followed by words that are not names, after a locative word ("to
    Carlton Colville"); any run without a name after a place word ("lives in Oulton Broad",
    "a village called Blundeston")."""
    words = [toks[k] for k in range(i, j) if toks[k].text not in _CONNECT]
    named = [g.is_name(w.lower) or g.is_name(_fold(w.lower)) for w in words]
    locative = place_context(toks, i)
    after_locative = i > 0 and toks[i - 1].lower in LOCATIVE and not toks[i].newline_before
    if g.place_key(normalise(text[toks[i].start:toks[j - 1].end])) is not None:
        # A listed place of several words ("Kings Lynn") is the place whatever names it holds.
        return locative or after_locative or len(words) > 1 or not any(named)
    if locative and not any(named):
        return True
    if after_locative:
        for m in range(j - 1, i, -1):   # the longest listed place the span starts with
            if g.place_key(normalise(text[toks[i].start:toks[m - 1].end])) is not None:
                return not any(g.is_name(toks[k].lower) for k in range(m, j) if toks[k].text not in _CONNECT)
    return False


# Months that are also surnames: kept as months, names after a title or a first name.
_MONTH_SURNAMES = cue("month_surnames")

# Titles after which even a lower-case word is a surname: "dr okafor", "mrs patel".
_FORMAL_TITLES = cue("formal_titles")

# Surnames that are also words but hardly ever follow a first name as words: "kayleigh smith".
_COMMON_SURNAMES = cue("common_surnames")

# Capitalised words that are never names before "'s mum" ("Everyone's mum", "Today's worker").
_NOT_POSSESSORS = cue("not_possessors")


def _fold(word: str) -> str:
    """ "siobhán" -> "siobhan": accents are often dropped or added by transcribers."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_ABBREVIATED_TITLES = cue("abbreviated_titles")
_CONNECT = frozenset(["-", "‐"])


class PersonRecogniser(Recogniser):
    NAME = "uk_person"
    ENTITIES = ("PERSON",)
    CONTEXT = tuple(sorted(RELATIONS))

    def __init__(self, settings=None, lexicon=None):
        super().__init__(settings, lexicon)
        keep = set(lexicon.keep)
        keep.update(k.lower() for k in (getattr(settings, "keep", None) or ()))
        self.keep = frozenset(keep)

    # -- word classes -------------------------------------------------------------------------
    def _blocked(self, t: Tok) -> bool:
        return t.lower in self.keep or t.lower in NOT_NAMES or t.lower in TITLES

    def _known_name(self, lower: str) -> bool:
        g = self.lexicon
        return lower in g.first_names or lower in g.surnames

    def _ordinary_word(self, lower: str) -> bool:
        return self.lexicon.zipf(lower) >= 3.0

    def _name_like(self, t: Tok) -> bool:
        """Could be (part of) a name: capitalised, or ALL CAPS and in the name lists."""
        if self._blocked(t):
            return False
        if t.cap:
            return True
        return t.upper and len(t.text) > 2 and self._known_name(t.lower)

    # -- main ---------------------------------------------------------------------------------
    def find(self, text, doc=None):
        if doc is None:
            return []
        toks = tokens_of(doc)
        n = len(toks)
        by_start = {t.start: t.i for t in toks}
        # (start token, end token exclusive) -> (score, uncertain)
        spans: dict[tuple[int, int], tuple[float, bool]] = {}
        self._spans = spans

        def add(i: int, j: int, score: float, uncertain: bool) -> None:
            if i >= j:
                return
            old = spans.get((i, j))
            if old is None or (not uncertain and old[1]) or (uncertain == old[1] and score > old[0]):
                spans[(i, j)] = (score, uncertain)

        # 1. spaCy PERSON entities, trimmed of titles, relation words and non-name words.
        if doc is not None:
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                idx = [by_start[t.idx] for t in ent if t.idx in by_start]
                idx = [k for k in idx if self._name_like(toks[k]) or
                       (toks[k].text in _CONNECT and 0 < k)]
                if not idx:
                    continue
                i, j = idx[0], idx[-1] + 1
                while i < j and not self._name_like(toks[i]):
                    i += 1
                while j > i and not self._name_like(toks[j - 1]):
                    j -= 1
                if i >= j:
                    continue
                if self._place_reading(text, toks, i, j):
                    continue   # "moved to Thorpe St Andrew", "Manchester was great": a place
                words = [toks[k] for k in range(i, j) if toks[k].text not in _CONNECT]
                ambiguous = all(self._ambiguous(w) and not self._known_name(w.lower) for w in words) \
                    or (len(words) == 1 and self._ambiguous(words[0]))
                if ambiguous and not self._strong_context(toks, i, j):
                    if words[0].initial:
                        continue
                    add(i, j, 0.55, True)
                else:
                    add(i, j, 0.8, False)

        for t in toks:
            k = t.i
            prev = toks[k - 1] if k > 0 else None
            # 2. Title + name ("Mrs Patel", "Mr K.", "Auntie Sharon").
            if t.lower.rstrip(".") in TITLES and k + 1 < n:
                nxt = k + 1
                if toks[nxt].text == "." and nxt + 1 < n and t.lower in _ABBREVIATED_TITLES:
                    nxt += 1   # "Dr. Patel", but not "a nurse. She"
                initial = re.fullmatch(r"[A-HJ-Z]\.?|I\.", toks[nxt].text) is not None
                if not toks[nxt].newline_before and (self._name_like(toks[nxt]) or initial):
                    j = self._extend(toks, nxt)
                    add(nxt, j, 0.95, False)
                elif not toks[nxt].newline_before and t.lower.rstrip(".") in _FORMAL_TITLES and \
                        toks[nxt].cap and toks[nxt].lower in _MONTH_SURNAMES:
                    add(k, nxt + 1, 0.9, False)   # "Mr May": with its title, so no keep list drops it
                elif not toks[nxt].newline_before and t.lower.rstrip(".") in _FORMAL_TITLES and \
                        self._lower_title_name(toks[nxt], t.lower.rstrip(".") != "miss"):
                    add(nxt, nxt + 1, 0.85, False)   # lower-case transcripts: "saw dr okafor"
                continue
            # 3. Relation / naming word + name ("my mum Tracey", "foster carer, Sue", "called jayden").
            if prev is not None and not t.newline_before and self._relation_before(toks, k):
                if self._name_like(t) and not (t.initial and self._ordinary_word(t.lower)):
                    add(k, self._extend(toks, k), 0.9, False)
                    continue
                if t.alpha and not t.cap and not self._blocked(t):
                    lower = t.lower
                    zipf = self.lexicon.zipf(lower)
                    if lower in self.lexicon.first_names:
                        if zipf < 3.0:
                            add(k, self._lower_surname_end(toks, k), 0.75, False)
                        elif zipf < 5.5:
                            add(k, k + 1, 0.5, True)   # "my brother guy"
                        continue
                    if zipf == 0.0 and prev.lower in NAMING and len(lower) > 2:
                        add(k, k + 1, 0.7, False)      # "a lad called lenny"
                        continue
            # 4. Gazetteer names.
            if self._blocked(t) or not t.alpha:
                continue
            if self._ordinary_word(t.lower) and _in_speaker_label(toks, k):
                continue   # "[00:00:24] Parent:", "Young person = respondent": a role, not a name
            lower = t.lower
            folded = _fold(lower)
            is_first = lower in self.lexicon.first_names or folded in self.lexicon.first_names
            is_sur = lower in self.lexicon.surnames or folded in self.lexicon.surnames
            if not (is_first or is_sur):
                if t.cap and lower not in _NOT_POSSESSORS and lower not in GENERIC and \
                        self._possessive_relation(toks, k) and self.lexicon.zipf(lower) < 5.5 and \
                        (prev is None or prev.lower not in DETERMINERS):
                    add(k, k + 1, 0.5, True)   # "Liberty's mum rang me": maybe a name
                    continue
                if self._unknown_proper_noun(t, prev, toks[k + 1] if k + 1 < n else None):
                    # Not a word, not in any list, capitalised mid-sentence: a name or place the
                    # lists lack ("Zephyrine", "Kaz"). Reported for review rather than trusted.
                    add(k, self._extend(toks, k), 0.5, True)
                continue
            if t.cap or (t.upper and len(t.text) > 2):
                if prev is not None and prev.lower in LOCATIVE and lower in self.lexicon.places:
                    continue   # "in Ashley": the place recogniser decides
                j = self._extend(toks, k)
                if prev is not None and prev.lower in LOCATIVE and \
                        self.lexicon.place_key(normalise(text[t.start:toks[j - 1].end])) is not None:
                    continue   # "to Thorpe St Andrew"
                multi = j - k > 1 and any(self._known_name(toks[m].lower) or toks[m].text in _CONNECT
                                          for m in range(k + 1, j))
                if is_sur and not is_first and self._unknown_before(toks, k):
                    add(k - 1, j, 0.85, False)   # "Amadou Diallo": a first name the lists lack
                    continue
                if self._ambiguous(t) and not multi:
                    if self._strong_context(toks, k, j):
                        add(k, j, 0.8, False)
                    elif not t.initial or (j < n and toks[j].lower in CLAUSE_VERBS) or self._opening_cue(toks, j):
                        add(k, j, 0.5, True)   # "Rose was there", "Dawn from CAMHS": maybe a name
                    continue
                if multi:
                    add(k, j, 0.9, False)
                elif is_first:
                    add(k, j, 0.85 if not t.initial or not self._ordinary_word(lower) else 0.6,
                        t.initial and self._ordinary_word(lower))
                else:
                    # A surname alone: sure mid-sentence unless it is also a word.
                    if self._ordinary_word(lower):
                        if not t.initial:
                            add(k, j, 0.5, True)
                    else:
                        add(k, j, 0.75 if not t.initial else 0.6, False)
            elif prev is not None and prev.lower in DETERMINERS:
                continue   # "gave me a teddy": a noun, whatever the name list says
            elif is_first and len(lower) >= 4 and lower not in self.lexicon.common:
                # lower-case transcripts: "then kayleigh said", "I rang siobhan o'sullivan"
                add(k, self._lower_surname_end(toks, k), 0.65, False)
            elif is_first and self._coordinated_with_name(toks, k, spans):
                add(k, k + 1, 0.5 if self._ordinary_word(lower) else 0.7, self._ordinary_word(lower))
            elif is_first and prev is not None and prev.text in (",", "and", "but") and \
                    k + 1 < n and toks[k + 1].lower in PAST_VERBS and \
                    self.lexicon.zipf(lower) < 5.0:
                add(k, k + 1, 0.45, True)   # "..., grace stayed with me all night"

        return self._to_detections(text, toks, spans)

    # -- helpers ------------------------------------------------------------------------------
    def _ambiguous(self, t: Tok) -> bool:
        return self._ordinary_word(t.lower)

    def _ordinary_capital_word(self, t: Tok) -> bool:
        # After a relation word, a capitalised ordinary word that is not a name ("my mum Said")
        # is a sentence start, not a name.
        return t.initial and self._ordinary_word(t.lower) and not self._known_name(t.lower)

    def _unknown_proper_noun(self, t: Tok, prev: Tok | None, nxt: Tok | None = None) -> bool:
        g = self.lexicon
        if not t.cap or len(t.text) < 3 or not t.text.isalpha():
            return False
        if t.initial or prev is None:
            # At a sentence start only when a verb follows: "Zephyrine said", "Kwabena's mum".
            if nxt is None or (nxt.lower not in CLAUSE_VERBS and nxt.lower != "'s"):
                return False
            prev = None
        lower = t.lower
        if g.zipf(lower) >= 3.0 or (g.is_word(lower) and lower not in g.rare) or lower in g.places or lower in self.keep:
            return False
        # After "the"/"a" it is a product or a title ("the Xbox"), after a locative word a place
        # (the place recogniser and spaCy decide those).
        return prev is None or (prev.lower not in DETERMINERS and prev.lower not in LOCATIVE)

    def _place_reading(self, text: str, toks: list[Tok], i: int, j: int) -> bool:
        return place_reading(self.lexicon, text, toks, i, j)

    def _lower_title_name(self, t: Tok, unlisted: bool) -> bool:
        """A lower-case surname after "mrs", "dr": listed and no ordinary word ("okafor", "patel"),
        or (`unlisted`) no word at all."""
        if t.cap or t.upper or not t.text.isalpha() or len(t.text) < 2 or self._blocked(t):
            return False
        lower = t.lower
        if self._known_name(lower) or self._known_name(_fold(lower)):
            return not self._ordinary_word(lower)
        return unlisted and not self.lexicon.is_word(lower) and len(lower) > 2

    def _month_surname(self, toks: list[Tok], j: int) -> bool:
        """ "Mason May": a month that is a surname, right after a first name on the same line and
        not followed by a day number ("Mason May 3rd" is a date)."""
        t = toks[j]
        if t.lower not in _MONTH_SURNAMES or not t.cap or t.initial or t.newline_before:
            return False
        prev = toks[j - 1]
        if not prev.cap or prev.lower not in self.lexicon.first_names or prev.lower in self.keep:
            return False
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        return nxt is None or not (nxt.text[:1].isdigit() or nxt.lower in ("the", "of"))

    @staticmethod
    def _possessive_relation(toks: list[Tok], k: int) -> bool:
        """ "<word>'s mum", "<word>'s foster carer": the word is someone's name."""
        return k + 2 < len(toks) and toks[k + 1].lower == "'s" and toks[k + 2].lower in RELATIONS \
            and toks[k + 2].lower not in NAMING

    def _opening_cue(self, toks: list[Tok], j: int) -> bool:
        """After a sentence-opening ordinary word, what makes it a likely name: "Dawn from CAMHS",
        "Grace and Hope are twins" (joined to another name)."""
        if j + 1 >= len(toks) or toks[j + 1].newline_before:
            return False
        word, nxt = toks[j].lower, toks[j + 1]
        if word == "from":
            return nxt.upper or (nxt.cap and not self._ordinary_word(nxt.lower))
        if word in ("and", "&"):
            return nxt.cap and self._known_name(nxt.lower) and not self._blocked(nxt)
        return False

    def _lower_surname_end(self, toks: list[Tok], k: int) -> int:
        """End (exclusive) of a lower-case name starting with the first name at k: a following
        lower-case surname that is not an ordinary word joins it ("siobhan o'sullivan")."""
        j = k + 1
        if j >= len(toks):
            return j
        t = toks[j]
        if t.newline_before or t.cap or t.upper or not t.alpha or self._blocked(t) or \
                not toks[k].space_after:
            return j
        g = self.lexicon
        parts = [p for p in re.split(r"-", t.lower) if p]
        if not parts or not all((p in g.surnames or _fold(p) in g.surnames) and
                                (not self._ordinary_word(p) or p in _COMMON_SURNAMES) for p in parts):
            return j
        if t.lower in g.places:
            return j
        return j + 1

    def _unknown_before(self, toks: list[Tok], k: int) -> bool:
        """The word before a surname is a first name the lists lack: capitalised, on the same
        line, not a name, place, keep term or fairly common word ("Amadou" of "Amadou Diallo")."""
        if k == 0:
            return False
        t = toks[k - 1]
        if toks[k].newline_before or not t.space_after or not t.cap or len(t.text) < 3 \
                or not t.text.isalpha() or self._blocked(t):
            return False
        lower = t.lower
        g = self.lexicon
        if self._known_name(lower) or lower in g.places or self._ordinary_word(lower) or \
                lower in RELATIONS or lower in ROLE_WORDS:
            return False
        return k < 2 or toks[k - 2].lower not in DETERMINERS

    def _coordinated_with_name(self, toks: list[Tok], k: int, spans) -> bool:
        """ "Mandy and harry": a lower-case first name joined by "and"/"&" to a name found already."""
        if k < 2 or toks[k - 1].lower not in ("and", "&", "or"):
            return False
        before = k - 2
        if toks[before].lower in ("me", "i") and self.lexicon.zipf(toks[k].lower) < 5.0:
            return True   # "me and guy talk on Xbox"
        for (i, j), (score, uncertain) in spans.items():
            if j - 1 == before and not uncertain:
                return True
        t = toks[before]
        return t.cap and not t.initial and self._known_name(t.lower) and not self._ordinary_word(t.lower)

    def _relation_before(self, toks: list[Tok], k: int) -> bool:
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
        return word in RELATIONS and word not in ("known",)

    def _strong_context(self, toks: list[Tok], i: int, j: int) -> bool:
        if i > 0 and (toks[i - 1].lower.rstrip(".") in TITLES or self._relation_before(toks, i)):
            return True
        if j < len(toks) and toks[j].lower in SPEECH_VERBS and not toks[i].initial:
            return True
        if j < len(toks) and toks[j].lower in ("'s",) and j + 1 < len(toks) and \
                toks[j + 1].lower in RELATIONS:
            return True   # "Grace's mum"
        if i >= 2 and toks[i - 1].lower in ("and", "&") and any(
                s[1] == i - 1 and not u for s, (_, u) in self._spans.items()):
            return True   # "Mandy and Harry": joined to a name found already
        if j + 1 < len(toks) and toks[j].text == "," and \
                any(t.lower in RELATIONS or t.lower in ROLE_WORDS for t in toks[j + 1:j + 5]):
            return True   # "P6: Heather, children's guardian"
        return False

    def _extend(self, toks: list[Tok], k: int) -> int:
        """End (exclusive) of the name starting at k: following name-shaped words, hyphen-joined
        parts and one line break, at most four words."""
        j = k + 1
        words = 1
        n = len(toks)
        while j < n and words < 4:
            t = toks[j]
            if t.text in _CONNECT and j + 1 < n and not toks[j - 1].space_after and \
                    not t.space_after and toks[j + 1].cap:
                j += 2   # Smith-Jones
                continue
            if t.text == "." and len(toks[j - 1].text) == 1:
                j += 1   # "K." initial
                continue
            if self._month_surname(toks, j):
                j += 1
                words += 1
                continue
            if self._blocked(t):
                break
            if not t.cap:
                # ALL CAPS after ALL CAPS: "TRACEY WALSH" is one name when both are list names.
                if not (toks[k].upper and t.upper and not t.newline_before and self._known_name(t.lower)
                        and self.lexicon.zipf(t.lower) < 5.0):
                    break
            if t.initial and not t.newline_before:
                break
            if t.lower in self.lexicon.places and not self._known_name(t.lower):
                break
            if self._ordinary_word(t.lower) and not self._known_name(t.lower):
                break
            j += 1
            words += 1
        # Don't end on a dot that closes the sentence after a full name.
        if j - 1 > k and toks[j - 1].text == "." and len(toks[j - 2].text) > 1:
            j -= 1
        return j

    def _to_detections(self, text, toks, spans):
        out = []
        for (i, j), (score, uncertain) in spans.items():
            # An initial before the name belongs to it: "J. Smith", "K Patel".
            if i >= 2 and toks[i - 1].text == "." and re.fullmatch(r"[A-Z]", toks[i - 2].text) \
                    and not toks[i - 2].initial:
                i -= 2
            elif i >= 1 and re.fullmatch(r"[A-HJ-Z]\.?", toks[i - 1].text) and not toks[i - 1].initial:
                i -= 1
            start = toks[i].start
            end = toks[j - 1].end
            if toks[j - 1].text == "." and j - 1 > i:
                end = toks[j - 2].end   # "Mr K." -> "K"
            elif text[end - 1] == ".":
                end -= 1
            out.append(self.detection(start, end, "PERSON", text, score, uncertain))
        return out
