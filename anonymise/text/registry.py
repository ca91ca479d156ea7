"""The collection's one replacement registry: which original becomes which placeholder.

Everything that decides a replacement happens here, once, over the detections
of the whole collection (DESIGN.md, two-phase text pass):

1. clean: spans are trimmed, keyed by `phrases.phrase_key` (so "TRACEY",
   "Tracey's" and "tracey" are one original), and dropped when on the keep-list
   or decided "keep" in review;
2. propagate: every string confirmed anywhere (a certain detection, a review
   decision "replace", a manifest known identifier) is looked for in every
   unit, whole-word, with one `PhraseMatcher` pass per unit: in any case for
   a name-like string, only capitalised for ordinary words ("Rose", "Will"),
   never for a lone word too common to be a name (see `match_mode`). Parts of
   a confirmed full name that are not ordinary words are looked for too. An
   uncertain detection nobody has confirmed is replaced where it was found but
   not spread: spreading a guess would multiply a mistake;
3. resolve overlaps (manifest identifiers first, then the longest span, then the
   highest score);
4. number entities in order of first appearance (units sorted by file, stable),
   so the same collection always gets the same numbers.

Partial names: a lone first name or surname ("Tracey", "Mrs Walsh") that belongs
to exactly one full name in the collection ("Tracey Walsh") gets that person's
placeholder, because for a reader they are the same person. When two full names
share the part ("Tracey Walsh", "Tracey Brown") it cannot be told which is
meant, and the lone part gets a placeholder of its own.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from anonymise.text import scores
from anonymise.text.detection import NUMERIC_TYPES, PROPAGATED_TYPES, TYPE_RANK, UNNUMBERED, Detection
from anonymise.text.evidence import explain
from anonymise.text.matching import _lexicon, cased_initials, match_mode
from anonymise.text.phrases import ANY_CASE, CAPITALISED, WORD, PhraseMatcher, phrase_key, strip_possessive
from anonymise.text.placeholders import Pseudonyms, age_placeholder, bracket, label_placeholder, split_title
from anonymise.text.resolve import select
from anonymise.text.review import CONTEXT_CHARS, by_original, decision_key
from anonymise.text.structure import layout_initials
from anonymise.text.units import TextUnit, UnitResult

_TRIM = " \t\r\n\"'“”‘’()[]{}<>,;:!?*"
_CAPITALISED_WORD = re.compile(r"(?<![^\W_])[^\W\d_a-z][^\W_]+")
_LEADING_LAYOUT = re.compile(r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*)+(?:[A-Z][\w ]{0,24}:\s+)?")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TIMESTAMP = re.compile(r"^\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\)?\]?$")


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    text: str
    score: float
    detector: str
    key: str
    pending: bool = False     # uncertain and undecided: replaced here, listed for review, not spread
    known: bool = False
    evidence: str = ""        # why: "uk_person.title_name (Mrs)", "propagation (from uk_person.title_name)"


@dataclass
class Span:
    """A final decision for one stretch of one unit."""

    start: int
    end: int
    type: str
    text: str
    replacement: str
    public: str          # the entity's placeholder without possessive or name-part shaping
    detector: str
    score: float
    pending: bool = False
    evidence: str = ""


@dataclass
class ReviewItem:
    """The first occurrence of an uncertain original, for the review file."""

    key: str
    type: str
    file: str
    line: int
    text: str            # the unit text around it is cut by the review writer
    unit_text: str
    start: int
    end: int
    decision: str | None
    suggestion: str = ""
    occurrences: int = 0
    why: str = ""        # the evidence of the first occurrence, in plain words


@dataclass
class Merged:
    spans: dict[str, list[Span]]
    review: list[ReviewItem]


def collection_order(units) -> list[int]:
    """The indices of `units` in the collection's one order: by file, stable within a file.
    'First occurrence' means first in this order, whoever detected it."""
    return sorted(range(len(units)), key=lambda i: units[i].file)


@dataclass
class Notes:
    """What scanning some units tells the collection. Small next to the text, and combined with
    `add` by set unions, sums and minima of positions, so the result does not depend on the
    order in which partitions are scanned or their notes arrive. A position is (unit rank in
    `collection_order`, index of the detection), so the first occurrence is the same everywhere."""

    confirmed: dict = field(default_factory=dict)   # key -> (position, type, evidence) of its first sure finding
    kept: set = field(default_factory=set)          # originals (review.decision_key) a reviewer kept
    certain: set = field(default_factory=set)       # (key, type) found without doubt somewhere
    pending: set = field(default_factory=set)       # (key, type) found with doubt and undecided somewhere
    decided: set = field(default_factory=set)       # keys a reviewer decided to replace
    review: dict = field(default_factory=dict)      # (key, type) -> (position, ReviewItem of the first occurrence)
    words: set = field(default_factory=set)         # pseudonym style: words no pseudonym may be

    def add(self, other: "Notes") -> "Notes":
        for key, value in other.confirmed.items():
            if key not in self.confirmed or value[0] < self.confirmed[key][0]:
                self.confirmed[key] = value
        for name in ("kept", "certain", "pending", "decided", "words"):
            getattr(self, name).update(getattr(other, name))
        for key, (position, item) in other.review.items():
            mine = self.review.get(key)
            if mine is None:
                self.review[key] = (position, item)
                continue
            first = min(mine, (position, item), key=lambda seen: seen[0])
            self.review[key] = (first[0], replace(first[1], occurrences=mine[1].occurrences + item.occurrences))
        return self


@dataclass
class Sightings:
    """Where each chosen key is first seen (a position, as in Notes) and its types' votes;
    combined by minima and counter sums, so numbering never depends on arrival order."""

    first: dict = field(default_factory=dict)      # key -> (unit rank, index in the unit's chosen spans)
    votes: dict = field(default_factory=dict)      # key -> Counter of types

    def note(self, rank: int, chosen: list) -> "Sightings":
        for index, cand in enumerate(chosen):
            if cand.key not in self.first or (rank, index) < self.first[cand.key]:
                self.first[cand.key] = (rank, index)
            self.votes.setdefault(cand.key, Counter())[cand.type] += 1
        return self

    def add(self, other: "Sightings") -> "Sightings":
        for key, position in other.first.items():
            if key not in self.first or position < self.first[key]:
                self.first[key] = position
        for key, votes in other.votes.items():
            self.votes.setdefault(key, Counter()).update(votes)
        return self


class Plan:
    """What resolving any unit needs from the whole collection (sent once to every worker):
    the confirmed originals to look for again, the keys kept or decided by a reviewer, where
    each confirmed original came from, and the doubtful (key, type) pairs a sure finding settled.
    The propagation matcher is built from it once per process, where it is used."""

    def __init__(self, confirmed: dict, kept: frozenset, decided: frozenset, sources: dict,
                 settled: frozenset) -> None:
        self.confirmed, self.kept, self.decided, self.sources, self.settled = confirmed, kept, decided, sources, settled
        self._built = None

    def matcher(self, registry: "Registry") -> tuple[PhraseMatcher, dict]:
        if self._built is None:
            sources = dict(self.sources)
            self._built = (registry._propagation_matcher(self.confirmed, self.kept, sources, self.decided), sources)
        return self._built

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_built": None}   # the matcher is rebuilt where it is needed


@dataclass
class _Entity:
    key: str
    type: str
    number: int | None = None
    label: str | None = None
    first: str | None = None      # pseudonym parts
    last: str | None = None
    placeholder: str = ""


@dataclass
class _Summary:
    type: str
    files: set = field(default_factory=set)
    occurrences: int = 0


class Registry:
    """One per collection. `merge` decides, `apply` writes; `records()` is the private key,
    `entities()` the public summary (placeholders and counts, never originals)."""

    def __init__(self, style: str = "brackets", seed: int = 0, keep=(), known=(), age_bands: bool = True,
                 review_threshold: float = scores.REVIEW_THRESHOLD, propagated_types=PROPAGATED_TYPES,
                 default_keep: bool = True) -> None:
        self.style = style
        self.age_bands = age_bands
        self.review_threshold = review_threshold
        self.propagated_types = frozenset(propagated_types)
        self._user_keep, user_brands = _keep_keys(keep)
        self._kept_phrase_terms = tuple(str(k) for k in keep)
        self._default_phrases = default_keep
        default_keys, default_brands = _default_keep() if default_keep else (frozenset(), frozenset())
        self._default_keep = default_keys
        # Kept names that are possessives ("McDonald's", "Sainsbury's"): kept where the text has
        # the 's, but the bare word stays a name ("Mrs McDonald"); the detector drops the brand.
        self._brands = frozenset(user_brands | default_brands)
        self._known: dict[str, dict] = {}
        for item in known:
            item = item if isinstance(item, dict) else {"text": item, "type": "PERSON"}
            main = phrase_key(item["text"])
            for text in (item["text"], *item.get("variants", ())):
                if phrase_key(text) and phrase_key(text) not in self._user_keep:
                    self._known[phrase_key(text)] = {"text": text, "type": item.get("type", "PERSON"),
                                                     "label": item.get("label"), "main": main}
        self._entities: dict[str, _Entity] = {}        # canonical key -> entity
        self._alias: dict[str, str] = {}               # any key -> canonical key
        self._counters: Counter = Counter()            # numbering per type (or per label)
        self._label_users: dict[str, list[str]] = defaultdict(list)
        self._pseudonyms = Pseudonyms(seed) if style == "pseudonym" else None
        self._seed = seed
        self._records: list[dict] = []
        self._summary: dict[str, _Summary] = {}
        self._decided: set[str] = set()                # keys a reviewer confirmed
        self._phrases = None                           # kept phrases, built on first use

    def __getstate__(self) -> dict:
        """What a worker needs to scan, resolve and render: not the pseudonym generator (names
        are drawn on the driver), the key and counts (the driver keeps them) or the keep lists
        that every process can load itself."""
        state = dict(self.__dict__)
        state.update(_pseudonyms=None, _records=[], _summary={}, _phrases=None, _default_keep=None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._default_keep = _default_keep()[0] if self._default_phrases else frozenset()

    @classmethod
    def from_settings(cls, settings) -> "Registry":
        return cls(style=settings.replacement_style, seed=settings.seed, keep=settings.keep,
                   known=settings.known_identifiers, age_bands=settings.age_bands,
                   review_threshold=settings.review_threshold, propagated_types=settings.propagated_types)

    # ----------------------------------------------------------------- phase 2: merge
    def merge(self, units: list[TextUnit], found: list[list[Detection]],
              decisions: dict[tuple[str, str], str] | None = None) -> Merged:
        """Decide every replacement in the collection. `found[i]` are the detections of `units[i]`;
        `decisions` maps (key, type) -> "replace" | "keep" from the review file; each holds for
        the whole original, whatever type a detector gives it elsewhere (review.decision_key).

        The steps below are the ones a partitioned run (partitions.py) spreads over workers:
        scan each unit, combine the notes, resolve each unit, number, render. Here they run
        one after the other in memory."""
        decisions = by_original(decisions or {})
        order = collection_order(units)
        notes, candidates = Notes(), {}
        for rank, i in enumerate(order):
            candidates[units[i].uid], note = self.scan(rank, units[i], found[i], decisions)
            notes.add(note)
        plan, review = self.plan(notes)
        chosen_by_unit, seen = {}, Sightings()
        for rank, i in enumerate(order):
            chosen_by_unit[units[i].uid] = chosen = self.resolve(units[i], candidates[units[i].uid], plan)
            seen.note(rank, chosen)
        self.number(seen)
        spans = {units[i].uid: self.spans(chosen_by_unit[units[i].uid]) for i in order}
        return Merged(spans, self.review_items(review))

    def scan(self, rank: int, unit: TextUnit, detections: list[Detection],
             decisions: dict[str, str]) -> tuple[list[Candidate], "Notes"]:
        """One unit's candidates, and what they tell the collection. `rank` is the unit's place
        in `collection_order`; with the detection's index it is the position of an occurrence,
        so 'first' means the same whichever worker scanned it. `decisions` are keyed by the
        original they cover (review.by_original)."""
        notes = Notes()
        lines = _LineIndex(unit)
        own = []
        pseudonyms = self.style == "pseudonym"
        if pseudonyms:
            # Every capitalised word in the collection is off limits too, so a pseudonym cannot
            # coincide with a name the detectors missed.
            notes.words.update(_CAPITALISED_WORD.findall(unit.text))
        for index, detection in enumerate(detections):
            cand = self._candidate(unit.text, detection)
            if cand is None:
                continue
            if pseudonyms:
                notes.words.update(WORD.findall(cand.text))
            if self._kept_by_list(cand.key) and (cand.key in self._user_keep or not layout_initials(detection)):
                continue   # the user's keep list always wins; the built-in one not over a header's initials
            decision = decisions.get(decision_key(cand.key))
            uncertain = detection.uncertain or detection.score < self.review_threshold
            if uncertain:
                seen = notes.review.get((cand.key, cand.type))
                if seen is None:
                    # The review file shows a line of context: keep only that much of the unit,
                    # so a partition's notes stay small (review.context gives the same line).
                    a, b = max(0, cand.start - CONTEXT_CHARS - 1), min(len(unit.text), cand.end + CONTEXT_CHARS + 1)
                    seen = notes.review[(cand.key, cand.type)] = ((rank, index), ReviewItem(
                        cand.key, cand.type, unit.file, lines.line(cand.start), cand.text, unit.text[a:b],
                        cand.start - a, cand.end - a, decision, why=explain(cand.evidence)))
                seen[1].occurrences += 1
            if decision == "keep":
                notes.kept.add(decision_key(cand.key))
                continue
            if decision == "replace":
                notes.decided.add(cand.key)
            cand.pending = uncertain and decision is None
            if cand.pending:
                notes.pending.add((cand.key, cand.type))
            if not uncertain:
                notes.certain.add((cand.key, cand.type))
            if cand.type in self.propagated_types and not cand.pending and cand.key not in notes.confirmed \
                    and not cased_initials(cand.text):
                notes.confirmed[cand.key] = ((rank, index), cand.type, cand.evidence)
            own.append(cand)
        return own, notes

    def plan(self, notes: "Notes") -> tuple["Plan", dict]:
        """From the combined notes: what every unit's resolution needs (broadcast to workers)
        and the review items (kept on the driver)."""
        self._decided |= notes.decided
        # A detector that was sure of an original somewhere settles its doubtful occurrences:
        # they are replaced like the rest and nobody is asked about them.
        review = _one_row_per_original({k: item for k, (_, item) in notes.review.items()
                                        if item.decision is not None or k not in notes.certain})
        if self._pseudonyms is not None:
            self._pseudonyms.forbid(notes.words)
            self._pseudonyms.forbid(w for k in self._known.values() for w in WORD.findall(k["text"]))
        confirmed = {key: kind for key, (_, kind, _) in notes.confirmed.items()}
        sources = {key: evidence for key, (_, _, evidence) in notes.confirmed.items()}
        return Plan(confirmed, frozenset(notes.kept), frozenset(self._decided), sources,
                    frozenset(notes.pending & notes.certain)), review

    def resolve(self, unit: TextUnit, own: list[Candidate], plan: "Plan") -> list[Candidate]:
        """One unit's final candidates: its own, settled, plus every confirmed original found
        again in it (propagation), overlaps resolved in the one order (resolve.py)."""
        matcher, sources = plan.matcher(self)
        phrases = self._kept_phrases()
        for cand in own:
            if cand.pending and (cand.key, cand.type) in plan.settled:
                cand.pending = False
        for start, end, (key, kind, how) in matcher.find(unit.text):
            if key in self._brands and unit.text[end:end + 2].lower() in ("'s", "’s"):
                continue   # "at McDonald's": the kept brand, not Mrs McDonald
            if how != "known" and phrases and phrases.covers(unit.text, start, end):
                continue   # "Day" the surname inside "Mother's Day": the phrase, as the residual scan sees it
            text = unit.text[start:end]
            why = "manifest" if how == "known" else f"propagation (from {sources.get(key) or 'a confirmed name'})"
            own.append(Candidate(start, end, kind, text, 1.0, how, key, known=how == "known", evidence=why))
        return select(own)   # the one order (resolve.py); no clipping here

    def spans(self, chosen: list[Candidate]) -> list[Span]:
        """The numbered registry's decision for one unit's chosen candidates."""
        return [Span(c.start, c.end, self._final_type(c), c.text, *self._render_found(c),
                     c.detector, c.score, c.pending, c.evidence) for c in chosen]

    def review_items(self, review: dict) -> list[ReviewItem]:
        """The review file's rows, in file order, each with the replacement it would get."""
        items = sorted(review.values(), key=lambda r: (r.file, r.line, r.key, r.type))
        for item in items:
            item.suggestion = self.replacement(item.text, item.type)
        return items

    def _kept_phrases(self):
        """The kept phrases of several words, as the residual scan checks them (originals.py)."""
        if self._phrases is None:
            self._phrases = self._build_kept_phrases()
        return self._phrases

    def _build_kept_phrases(self):
        from anonymise.text.lexicon import keep_terms
        from anonymise.text.matching import KeptPhrases

        terms = set(self._kept_phrase_terms) | (set(keep_terms()) if self._default_phrases else set())
        terms = {" ".join(t.replace("’", "'").split()) for t in terms}
        return KeptPhrases(terms | {t.replace("'", "’") for t in terms if "'" in t})   # both apostrophes

    def _candidate(self, text: str, detection: Detection) -> Candidate | None:
        start, end = detection.start, min(detection.end, len(text))
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if start >= end:
            return None
        if detection.type not in NUMERIC_TYPES:
            # A name never starts with a timestamp or a speaker label: keep them, they are layout.
            lead = _LEADING_LAYOUT.match(text, start, end)
            if lead and lead.end() > start:
                start = lead.end()
                while start < end and text[start] in _TRIM:
                    start += 1
                if start >= end:
                    return None
        span = text[start:end]
        key = phrase_key(span)
        if not key or _TIMESTAMP.match(span):
            return None
        known = self._known.get(key)
        kind = known["type"] if known else detection.type
        return Candidate(start, end, kind, span, float(detection.score), detection.detector, key,
                         known=bool(known), evidence=detection.evidence)

    def _kept_by_list(self, key: str) -> bool:
        """The user's keep-list always wins; the built-in one never hides a manifest identifier."""
        if key in self._user_keep:
            return True
        return key not in self._known and key in self._default_keep

    def _propagation_matcher(self, confirmed: dict[str, str], kept: set, sources: dict[str, str],
                             decided: frozenset) -> PhraseMatcher:
        matcher = PhraseMatcher()
        # Manifest identifiers first: they win a tie and are matched in any case.
        for key, item in sorted(self._known.items()):
            matcher.add(key, (key, item["type"], "known"), match_mode(key, item["type"], confirmed=True) or CAPITALISED)
        for key, kind in sorted(confirmed.items()):
            mode = match_mode(key, kind, confirmed=key in decided)
            # Letters on the built-in keep list ("GP", "MM") were a person's only where a layout
            # said so ("Gareth Pugh (GP)", a speaker label): elsewhere they are what they always are.
            if decision_key(key) not in kept and mode is not None and not (key in self._default_keep and key not in decided):
                matcher.add(key, (key, kind, "propagation"), mode)
        # Parts of confirmed full names ("Tracey" of "Tracey Walsh"), where they are not ordinary words.
        people = {k: v for k, v in confirmed.items() if v == "PERSON"}
        people.update({k: "PERSON" for k, item in self._known.items() if item["type"] == "PERSON"})
        for key, kind in sorted(people.items()):
            if decision_key(key) in kept:
                continue
            parts = _name_parts(key)
            if len(parts) < 2:
                continue
            for part in parts:
                # judged as the matcher reads it, without a possessive: "children's" of a label
                # "CHILDREN'S DEPT" is "children", a word
                core = strip_possessive(part)[0]
                if len(core) > 2 and not _lexicon().is_word(core) and not self._kept_by_list(core) \
                        and decision_key(part) not in kept and match_mode(core) is not None:
                    # (not a title: "MRS" of a full name "MRS ROBSON" had spread to every "Mrs")
                    matcher.add(part, (part, kind, "propagation"), ANY_CASE)
                    sources.setdefault(part, sources.get(key, ""))
        return matcher

    # ----------------------------------------------------------------- entities and numbering
    def number(self, seen: "Sightings") -> None:
        """Give every new original an entity, numbered in order of first appearance."""
        votes, first_seen = seen.votes, seen.first
        new = [k for k in sorted(first_seen, key=first_seen.get) if k not in self._alias]
        types = {k: self._known[k]["type"] if k in self._known else
                 min(votes[k].items(), key=lambda kv: (-kv[1], TYPE_RANK[kv[0]]))[0] for k in new}
        # Known identifiers' variants are aliases of their main text.
        for key in new:
            if key in self._known and self._known[key]["main"] != key:
                self._alias[key] = self._known[key]["main"]
        # Full names before lone parts, so a part can find the one full name it belongs to.
        people = [k for k in new if types[k] == "PERSON" and k not in self._alias]
        owners: dict[str, set[str]] = defaultdict(set)
        for key in list(self._entities) + people:
            parts = _name_parts(key)
            if len(parts) >= 2:
                for part in (parts[0], parts[-1]):
                    owners[part].add(self._alias.get(key, key))
        for key in people:
            parts = _name_parts(key)
            if len(parts) == 1 and len(owners.get(parts[0], ())) == 1:
                self._alias[key] = next(iter(owners[parts[0]]))
        for key in new:
            canonical = self._alias.setdefault(key, key)
            if canonical not in self._entities:
                kind = self._known[canonical]["type"] if canonical in self._known else types.get(canonical, types[key])
                self._entities[canonical] = self._new_entity(canonical, kind)

    def _new_entity(self, key: str, kind: str) -> _Entity:
        entity = _Entity(key, kind)
        label = self._known.get(key, {}).get("label") if self.style == "role" else None
        if kind in UNNUMBERED:
            entity.placeholder = bracket(kind)
        elif label:
            self._label_users[label.casefold()].append(key)
            entity.label = label
            entity.placeholder = label_placeholder(label)
        elif self.style == "pseudonym" and kind == "PERSON" and (names := self._pseudonyms.person()):
            entity.first, entity.last = names
            entity.placeholder = f"{entity.first} {entity.last}" if len(_name_parts(key)) >= 2 else entity.first
        else:
            self._counters[kind] += 1
            entity.number = self._counters[kind]
            entity.placeholder = bracket(kind, entity.number)
        return entity

    def _final_type(self, cand: Candidate) -> str:
        entity = self._entities.get(self._alias.get(cand.key, ""))
        return entity.type if entity else cand.type

    def _render_found(self, cand: Candidate) -> tuple[str, str]:
        """As `_render`; a title the detector had to take into a name ("Mr May", where "May"
        alone is a month on the keep list) stays written before the placeholder."""
        replacement, public = self._render(cand.text, cand.type)
        if not cand.known and self.style != "pseudonym" and self._final_type(cand) == "PERSON":
            title, rest = split_title(cand.text)
            if title and rest and cand.text.endswith(rest) and self._kept_by_list(phrase_key(rest)):
                replacement = cand.text[:len(cand.text) - len(rest)] + replacement
        return replacement, public

    def replacement(self, original: str, kind: str) -> str:
        """What `original` is written as. Ages become bands; a possessive 's is kept after the placeholder."""
        return self._render(original, kind)[0]

    def _render(self, original: str, kind: str) -> tuple[str, str]:
        """(replacement as written here, the entity's public placeholder for the summary)."""
        core, suffix = strip_possessive(original)
        entity = self._entities.get(self._alias.get(phrase_key(original), ""))
        kind = entity.type if entity else kind
        if kind == "AGE":
            band = age_placeholder(core, self.age_bands)
            return band, band
        if entity is None:
            return bracket(kind) + suffix, bracket(kind)
        if entity.label:
            shared = self._label_users[entity.label.casefold()]
            number = shared.index(entity.key) + 1 if len(shared) > 1 else None
            placeholder = label_placeholder(entity.label, number)
            return placeholder + suffix, placeholder
        if entity.first is not None:
            return self._pseudonym_for(core, entity) + suffix, entity.placeholder
        return entity.placeholder + suffix, entity.placeholder

    @staticmethod
    def _pseudonym_for(core: str, entity: _Entity) -> str:
        """Keep the shape of the original: full name, first name, surname, or title + surname."""
        title, rest = split_title(core)
        parts = _name_parts(phrase_key(rest))
        full = _name_parts(entity.key)
        if title:
            return f"{title} {entity.last}"
        if len(parts) >= 2:
            return f"{entity.first} {entity.last}"
        if len(full) >= 2 and parts and parts[0] == full[-1] and parts[0] != full[0]:
            return entity.last
        return entity.first

    # ----------------------------------------------------------------- phase 3: replace
    def apply(self, unit: TextUnit, spans: list[Span]) -> UnitResult:
        """Write the unit with its spans replaced; add the key records and the public counts."""
        result, placed = self.render(unit, spans)
        self.count(unit.file, result, placed)
        return result

    def render(self, unit: TextUnit, spans: list[Span]) -> tuple[UnitResult, list[tuple[str, str]]]:
        """The unit with its spans replaced, and (placeholder, type) of each: nothing is
        recorded here, so a worker can render and the driver `count`s in the units' order."""
        pieces, records, placed, cursor = [], [], [], 0
        lines = _LineIndex(unit)
        for span in sorted(spans, key=lambda s: s.start):
            pieces.append(unit.text[cursor:span.start])
            pieces.append(span.replacement)
            if "\n" in span.text or "\r" in span.text:
                # A name split by a line break ("Jordan\nFletcher-Hughes") keeps its breaks after
                # the placeholder: the layout keeps its lines, so line numbers still match.
                pieces.append("".join(_LINE_BREAK.findall(span.text)))
            cursor = span.end
            record = {"original": span.text, "replacement": span.replacement, "type": span.type,
                      "file": unit.file, "start": span.start, "end": span.end, "line": lines.line(span.start),
                      "detector": span.detector, "score": round(float(span.score), 4), "rule": span.evidence}
            if unit.location:
                record["location"] = unit.location
            if unit.variable is not None:
                record["variable"] = unit.variable
            if unit.row is not None:
                record["row"] = unit.row
            if span.pending:
                record["pending_review"] = True
            records.append(record)
            placed.append((span.public, span.type))
        pieces.append(unit.text[cursor:])
        return UnitResult(unit.uid, "".join(pieces), records), placed

    def count(self, file: str, result: UnitResult, placed: list[tuple[str, str]]) -> None:
        """Add a rendered unit to the private key and the public counts."""
        for public, kind in placed:
            summary = self._summary.setdefault(public, _Summary(kind))
            summary.files.add(file)
            summary.occurrences += 1
        self._records.extend(result.records)

    def records(self) -> list[dict]:
        """The private key: one record per replaced occurrence, in processing order."""
        return list(self._records)

    def entities(self) -> list[dict]:
        """Public summary: [{placeholder, type, files, occurrences}]. No originals."""
        return [{"placeholder": p, "type": s.type, "files": sorted(s.files), "occurrences": s.occurrences}
                for p, s in sorted(self._summary.items(), key=lambda kv: (kv[1].type, _natural(kv[0])))]

    def originals_by_type(self) -> dict[str, str]:
        """Every original key the registry knows -> its type (for checks that need them, e.g. residual)."""
        return {k: self._entities[c].type for k, c in self._alias.items() if c in self._entities}


def _one_row_per_original(items: dict[tuple[str, str], ReviewItem]) -> dict[str, ReviewItem]:
    """A reviewer is asked once per original: its first occurrence, counting every reading, its
    why saying which other types detectors gave it (a reason to look twice)."""
    out: dict[str, ReviewItem] = {}
    for item in sorted(items.values(), key=lambda r: (r.file, r.line, r.start, r.type)):
        original = decision_key(item.key)
        first = out.setdefault(original, item)
        if first is not item:
            first.occurrences += item.occurrences
            if item.type != first.type and f"also read as {item.type}" not in first.why:
                first.why = f"{first.why}; also read as {item.type}" if first.why else f"also read as {item.type}"
    return out


class _LineIndex:
    """Line numbers for offsets in one unit, without rescanning the text per span."""

    def __init__(self, unit: TextUnit) -> None:
        self._offset = unit.line_offset
        text = unit.text
        self._breaks = []
        at = text.find("\n")
        while at != -1:
            self._breaks.append(at)
            at = text.find("\n", at + 1)

    def line(self, offset: int) -> int:
        return self._offset + bisect.bisect_left(self._breaks, offset) + 1


def _name_parts(key: str) -> list[str]:
    """The words of a person key without a leading title: "mrs tracey walsh" -> ["tracey", "walsh"]."""
    _, rest = split_title(key)
    return rest.split()


def _natural(placeholder: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", placeholder)]


def _keep_keys(terms) -> tuple[frozenset, frozenset]:
    """(keys of kept phrases, keys of kept one-word possessives): "McDonald's" is keyed "mcdonald"
    like the surname, so it is kept only where its 's is written, never as a bare key."""
    keys, brands = set(), set()
    for term in terms:
        key = phrase_key(term)
        if not key:
            continue
        core, suffix = strip_possessive(str(term).strip())
        (brands if suffix and len(core.split()) == 1 else keys).add(key)
    return frozenset(keys), frozenset(brands - keys)


@lru_cache(maxsize=1)
def _default_keep() -> tuple[frozenset, frozenset]:
    from anonymise.text.lexicon import load
    return _keep_keys(load().keep)
