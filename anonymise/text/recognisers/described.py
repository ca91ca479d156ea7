"""A name described straight after it by what it is: "Jaspers, the cafe on the Barbican",
"Quartet, the community foundation", "BRIGHTWELLS, THE FIRM ON THE QUAY"; or given in brackets
after the description: "the chippy next door (Frying Squad)", "a call from the Saturday school
(St Anne's)".

An appositive names the kind of place a capitalised word is, so the word is that place's name
however ordinary ("Quartet", "Cornerstone"). The kinds are lexicon/cues.yaml `described_as`;
the description must end there, or go on to say where ("the cafe on the Barbican"), so that
"Tom, the cafe owner" is no cafe. A first word everybody says ("Yes, the club...") or a role
is no name. Words typed in capitals count only in a line typed in capitals, where the truecased
copy reads them too."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.base import Recogniser, lexicon_of

_KIND_WORDS = cue("described_as")
_KINDS = "|".join(sorted(_KIND_WORDS, key=len, reverse=True))
_NAME = r"[A-Z][\w'’&-]*(?:[ \t]+(?:&[ \t]+|and[ \t]+)?[A-Z][\w'’-]*){0,3}"
_DESCRIBED = re.compile(
    rf"(?<![\w'’-])(?P<id>{_NAME}),[ \t]+(?:the|a|an|our|their)[ \t]+(?:[a-z'’-]+[ \t]+){{0,2}}(?:{_KINDS})"
    r"(?=[ \t]*(?:[,.;:!?)]|$|(?:on|in|at|by|for|near|off|up|down|round|opposite|behind|next|where|that|which)\b))",
    re.MULTILINE)
# Where case says nothing: a name in lower case after "called" ("a group called warm welcome"),
# or after a word of going or being there and before its kind ("we go to open hands the food
# bank", "i go to bread of life that's a food bank", "some time at the link thats the pru").
# Words of the name are checked in `_lower_name`.
_LOWER_WORDS = r"[a-z][\w'’&-]*(?:[ \t]+[a-z][\w'’&-]*){0,3}?"
_BOUNDARY = (r"(?=[ \t]*(?:[,.;:!?)\n]|$|(?:on|in|at|by|for|near|off|up|down|round|opposite|behind|next|where|"
             r"that|which|who|they|it|and|but|so|cos|because|does|do|did|run|runs|is|was|meet|meets|now|then|"
             r"i|im|we|he|she|you)\b))")
# A kind of body "called" a name, in any case: "a group called warm welcome", "the group's called
# second time around", "a café named Bean There", "ITS CALLED HOPE AND HOME" (a kind named just
# before), and read back, "brighter days its called", "Lighthouse, it was called". The name runs to
# where the clause goes on (`_called_name`).
_NAME_WORDS = r"[^\W\d_][\w'’&-]*(?:[ \t]+[\w'’&-]+){0,3}"
_CALLED = re.compile(
    rf"(?<![\w'’-])(?:(?:a|an|the|this|that|some|our|their|my|his|her)[ \t]+(?:[a-z'’-]+[ \t]+){{0,2}}?(?:{_KINDS})"
    rf"|(?:{_KINDS})(?:['’]s|[ \t]+(?:is|was)))[ \t]+(?:called|named)[ \t]+[\"“‘']?(?P<id>{_NAME_WORDS})", re.IGNORECASE)
_IT_IS_CALLED = re.compile(rf"(?<![\w'’-])(?:it['’]?s|it[ \t]+(?:is|was))[ \t]+called[ \t]+[\"“‘']?(?P<id>{_NAME_WORDS})",
                           re.IGNORECASE)
# (Found from "it's called" back: a pattern opening with the name would be tried at every word.)
_IT_CALLED = re.compile(r"(?<![\w'’-])(?:it['’]?s|it[ \t]+(?:is|was))[ \t]+called(?![\w'’-])", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"(?P<id>(?:[^\W\d_][\w'’&-]*[ \t]+){0,2}[^\W\d_][\w'’&-]*)[ \t]*,?[ \t]+$")
_KIND_BEFORE = re.compile(rf"(?<![\w'’-])(?:{_KINDS})(?![\w'’-])", re.IGNORECASE)
# How far back "it's called" looks for the kind of body it names.
KIND_WINDOW = 100
NAME_BEFORE_WINDOW = 60
# Read back from "it's called", a name without capitals has no sign of where it starts: two words.
CALLED_AFTER_UNCASED_WORDS = 2
_CALLED_GATE = re.compile(r"(?i)\b(?:called|named)\b")
# Words that end a name after "called": the clause goes on ("...they meet at", "...not your own").
_CLAUSE_GOES_ON = frozenset({"and", "but", "so", "or", "cos", "because", "where", "which", "who", "that", "there",
                             "then", "now", "is", "was", "are", "were", "it", "its", "on", "in", "at", "for", "with",
                             "to", "from", "by", "every", "each", "run", "runs", "does", "do", "did", "meet", "meets",
                             "called", "like", "yeah", "aye", "honestly", "really", "as", "if", "when", "just", "too",
                             "not", "no", "what", "how", "why"})
_LOWER_DESCRIBED = re.compile(
    rf"(?<![\w'’-])(?:to|at|from|with|into|down)[ \t]+(?:the[ \t]+)?(?P<id>{_LOWER_WORDS})[ \t]*,?[ \t]+"
    rf"(?:the|(?P<said>that['’]?s|thats|it['’]?s|its)[ \t]+(?:a|the))[ \t]+(?:[a-z'’-]+[ \t]+){{0,2}}?"
    rf"(?:{_KINDS}){_BOUNDARY}")
# The description first, then the name in brackets: two to four words of it, each capitalised.
_BRACKETED = re.compile(
    rf"(?<![\w'’-])(?:the|a|an|our|their)[ \t]+(?:[\w'’-]+[ \t]+){{0,2}}?(?:{_KINDS})(?:[ \t]+[a-z'’-]+){{0,3}}"
    r"[ \t]*\((?P<id>[A-Z][\w'’.&-]*(?:[ \t]+(?:of|the|and|&|[A-Z][\w'’.&-]*)){1,3})\)")
_GENERIC = cue("generic_name_words") | cue("describing_words")
_LINKS = frozenset({"of", "the", "and", "&"})
# Words that never end a name or stand inside one but as a link: "to work and then...".
_OPENERS = cue("leading_stop") | cue("pronouns") | cue("determiners")
_NOT_NAMES = (cue("leading_stop") | cue("pronouns") | cue("determiners") | cue("role_words")
              | cue("relations") | cue("honorifics") | cue("shared_capitalised") | cue("greetings"))
_NAME_ENDS = _CLAUSE_GOES_ON | cue("pronouns") | cue("determiners") | cue("contractions")


class DescribedNameRecogniser(Recogniser):
    NAME = "described_name"
    ENTITIES = ("ORGANISATION",)
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        g = lexicon_of(self)
        for m in _DESCRIBED.finditer(text):
            words = normalise(m.group("id")).split()
            if words[0] in _NOT_NAMES or (len(words) == 1 and g.very_common(words[0])):
                continue
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.DESCRIBED_NAME,
                                      rule="appositive"))
        if _CALLED_GATE.search(text):
            out += self._called(text, g)
        for m in _LOWER_DESCRIBED.finditer(text):
            if self._lower_name(m.group("id"), g, said=bool(m.group("said"))):
                out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text,
                                          scores.DESCRIBED_NAME, rule="lower_appositive"))
        for m in _BRACKETED.finditer(text) if "(" in text else ():
            words = [w for w in normalise(m.group("id")).replace(".", " ").split() if w not in _LINKS]
            if all(w in _GENERIC for w in words) or normalise(m.group("id")) in g.keep:
                continue   # "the team (Early Help)", "the agency (NSPCC)": no local name
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.DESCRIBED_NAME,
                                      rule="bracketed"))
        return out

    def _called(self, text: str, g) -> list[Detection]:
        found = [(m, "called", False) for m in _CALLED.finditer(text)]
        found += [(m, "it_is_called", False) for m in _IT_IS_CALLED.finditer(text)
                  if _KIND_BEFORE.search(text, max(0, m.start() - KIND_WINDOW), m.start())]
        for it in _IT_CALLED.finditer(text):
            m = _NAME_BEFORE.search(text, max(0, it.start() - NAME_BEFORE_WINDOW), it.start())
            if m and _KIND_BEFORE.search(text, max(0, m.start() - KIND_WINDOW), m.start()):
                found.append((m, "it_is_called", True))
        out = []
        for m, rule, backwards in found:
            span = _called_name(text, m.start("id"), m.end("id"), backwards)
            if span is None:
                continue
            name = text[span[0]:span[1]]
            words = normalise(name).split()
            if words[0] in _NOT_NAMES or normalise(name) in g.keep or all(w in _GENERIC or w in _KIND_WORDS for w in words) \
                    or (len(words) == 1 and g.very_common(words[0])):
                continue   # "the school called mum", "a thing called Universal Credit", "a group called youth"
            out.append(self.detection(*span, "ORGANISATION", text, scores.DESCRIBED_NAME, rule=rule))
        return out

    @staticmethod
    def _lower_name(name: str, g, said: bool = False) -> bool:
        """Whether words found by their place alone may be a name: none of them a pronoun,
        determiner, role or the like, not all of them words that only describe or kinds of
        place ("to the pru, the oakbank centre"), and not one everyday word alone ("to work, the
        club..."), unless the text says what it is ("at the link thats the pru"). A name in
        capitals is the other rules'."""
        if not name.islower():
            return False
        words = normalise(name).split()
        if words[0] in _NOT_NAMES or words[-1] in _OPENERS or all(w in _GENERIC or w in _KIND_WORDS for w in words) \
                or any(w in _OPENERS and w not in _LINKS for w in words[1:-1]):
            return False
        return said or not (len(words) == 1 and g.very_common(words[0]))


def _called_name(text: str, start: int, end: int, backwards: bool) -> tuple[int, int] | None:
    """The name's span among the words matched after (or before) "called". Written with capitals
    ("a group called Open Door in town") it is its capitalised words; in lower case or in capitals
    it ends where the clause goes on ("second time around they meet at..."), "and", "of" and
    "the" joining words inside it ("HOPE AND HOME", "loaves and fishes"); read back it is at most
    two such words."""
    words = list(re.finditer(r"[^\s,]+", text[start:end]))
    if not words:
        return None
    edge = words[-1] if backwards else words[0]
    cased = edge.group(0)[:1].isupper() and not edge.group(0).isupper()
    kept: list[re.Match] = []
    for i, w in (reversed(list(enumerate(words))) if backwards else enumerate(words)):
        word = w.group(0)
        bare = word.rstrip(".;:!?\"”’')").lower()
        joins = bare in _LINKS and not backwards and 0 < i < len(words) - 1 \
            and words[i + 1].group(0).rstrip(".;:!?").lower() not in _NAME_ENDS
        if (cased and not word[:1].isupper() and not joins) or (bare in _NAME_ENDS and not joins) \
                or (backwards and not cased and len(kept) == CALLED_AFTER_UNCASED_WORDS):
            break
        kept.append(w)
        if not backwards and bare != word.lower():
            break   # punctuation closes the name
    if backwards:
        kept.reverse()
    while kept and kept[-1].group(0).lower() in _LINKS:
        kept.pop()
    if not kept:
        return None
    last = kept[-1]
    return start + kept[0].start(), start + last.start() + len(last.group(0).rstrip(".;:!?\"”’')"))
