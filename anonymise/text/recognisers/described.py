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
_CALLED = re.compile(
    rf"(?<![\w'’-])(?:a|an|the|this|that|some)[ \t]+(?:[a-z'’-]+[ \t]+){{0,2}}?(?:{_KINDS})[ \t]+(?:called|named)[ \t]+"
    rf"(?P<id>{_LOWER_WORDS}){_BOUNDARY}", re.IGNORECASE)
_CALLED_GATE = re.compile(r"(?i)\b(?:called|named)\b")
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
        for rule, regex in (("called", _CALLED), ("lower_appositive", _LOWER_DESCRIBED)):
            if rule == "called" and not _CALLED_GATE.search(text):
                continue
            for m in regex.finditer(text):
                if self._lower_name(m.group("id"), g, said=bool(m.groupdict().get("said"))):
                    out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text,
                                              scores.DESCRIBED_NAME, rule=rule))
        for m in _BRACKETED.finditer(text) if "(" in text else ():
            words = [w for w in normalise(m.group("id")).replace(".", " ").split() if w not in _LINKS]
            if all(w in _GENERIC for w in words) or normalise(m.group("id")) in g.keep:
                continue   # "the team (Early Help)", "the agency (NSPCC)": no local name
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.DESCRIBED_NAME,
                                      rule="bracketed"))
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
