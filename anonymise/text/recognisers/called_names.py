"""What people are called: "a fella we called the Bishop", "THE LADS CALLED ME THE DUKE",
"everybody called him 'the Major'", "they call him Shaky cos of his hands", "MRS AGNES
BEVERIDGE, KNOWN AS NAN".

A nickname given in the talk identifies a person as well as a name does, and in an oral history
it is often the only name a neighbour had ("BERNARD GASCOIGNE" follows "THE UNDERTAKER" or not
at all). The giving is the evidence, so it counts in any case: after a verb of calling with a
person as its object ("called him", "call me", "calls her"), after a word for a person and who
called them so ("a man they called ..."), or after "known as". The name is up to three words, "the" outside it
(the gold guidelines mark "the Bishop" without "the"), and it must end where the clause does
("... because", "... on account of"); "called the police", "called it the big house" and
"called him names" are no nicknames.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.base import Recogniser, lexicon_of

_CALL = r"(?:called|call|calls|calling|used\s+to\s+call|nicknamed|ca['’]d|cawed)"   # Scots "ca'd"
_CALLERS = r"(?:we|they|everybody|everyone|people|folk|the\s+lads|the\s+kids|the\s+men|the\s+girls|all|you|i)"
_PERSON_NOUNS = r"(?:fella|feller|man|woman|lad|lass|bloke|chap|girl|boy|gentleman|lady|guy|kid|wifie|mannie|wee\s+man)"
# One person: "called us the Gypsies" labels a group.
_OBJECT = r"(?:him|her|me)"
_NAME = r"(?P<id>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2}?)"
_END = (r"(?=[\"”’']?(?:[ \t]*(?:[,.;:!?)]|\n|$)|[ \t]+['’]?(?:because|cos|on[ \t]+account|after|behind|for|and|but|"
        r"when|as|since|till|until|at|in|to|then|though|from|who|with|off|down|out)\b))")
# Without the person as the verb's object: "a chap on our face we called TOMMY TWO-SHIFTS", "one
# we ca'd HOLY WILLIE", "a little fella called NIPPER ROBSON". "we called the police" is the same
# shape, so here the name must hold a name or a word no dictionary knows (validated in `find`).
_NAMED = re.compile(
    rf"(?i)(?<![\w'’-])(?:{_CALLERS}\s+(?:all\s+)?{_CALL}|{_PERSON_NOUNS}\s+(?:called|named|ca['’]d))\s+"
    rf"[\"“‘']?(?:the\s+)?{_NAME}{_END}")
_GIVEN = re.compile(
    rf"(?i)(?<![\w'’-])(?:{_CALL}\s+{_OBJECT}|(?:a|the|this|that)\s+{_PERSON_NOUNS}\s+{_CALLERS}\s+"
    rf"(?:all\s+)?{_CALL}|known\s+(?:to\s+(?:all|everyone|everybody)\s+)?as)\s+[\"“‘']?(?:the\s+)?{_NAME}{_END}")
# What may follow "called him" without being a name.
_NOT_NAMES = (cue("leading_stop") | cue("pronouns") | cue("determiners") | cue("contractions")
              | frozenset({"names", "back", "up", "over", "out", "round", "later", "again", "everything",
                           "something", "anything", "nothing", "stupid", "thick", "mad", "crazy", "liar",
                           "all", "every", "on", "off", "away", "home", "now", "then", "soon",
                           # dialect objects with their h dropped: "we call 'im at 'ome"
                           "im", "er", "em", "is"}))


class CalledNameRecogniser(Recogniser):
    NAME = "called_name"
    ENTITIES = ("PERSON",)
    EXPLAINS = {"given": "a name people are said to call someone by ('a fella we called the Bishop')",
                "named": "a name people are said to call someone by, with a name in it ('we called TOMMY TWO-SHIFTS')",
                "initial": "an initial the writer says stands for someone ('I will use her initial, M.')",
                "quoted": "a name given in quotation marks ('a lad called \"Deeks\"', 'goes by \"Kaydo\"')"}
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        gated, quoted = _GATE.search(text) is not None, _QUOTE_GATE.search(text) is not None
        if not (gated or quoted):
            return []
        out = []
        g = lexicon_of(self)
        taken = set()   # where the rule with the person as object already read a name
        for m in (_GIVEN.finditer(text) if gated else ()):
            taken.add(m.start("id"))
            words = m.group("id").lower().replace("’", "'").split()
            last = words[-1]
            if words[0] in _NOT_NAMES or last in _NOT_NAMES or any(w.endswith("n't") for w in words) or (
                    _VERB_FORM.search(last) and g.is_word(last) and not g.is_name(last)):
                continue   # "i will call her wanted to go...": the talk goes on with a verb
            out.append(self.detection(m.start("id"), m.end("id"), "PERSON", text, scores.CALLED_NAME, rule="given"))
        for m in (_NAMED.finditer(text) if gated else ()):
            start, end = m.span("id")
            parts = list(re.finditer(r"\S+", text[start:end]))
            if parts[0].group(0)[:1].isupper() and not m.group("id").isupper():
                # in cased text the name is its capitalised words: "a lad called Chester came"
                first_lower = next((i for i, p in enumerate(parts) if not p.group(0)[:1].isupper()), len(parts))
                end = start + parts[first_lower - 1].end()
            words = [w for w in re.split(r"[\s-]+", text[start:end].lower().replace("’", "'")) if w]
            if m.start("id") in taken or words[0] in _NOT_NAMES or words[0] in _OBJECTS or words[-1] in _NOT_NAMES \
                    or words[0] in _RELATIONS or not any(g.is_name(w) or not g.is_word(w) for w in words):
                continue   # "we called the police": ordinary words, no name among them
            out.append(self.detection(start, end, "PERSON", text, scores.CALLED_NAME, rule="named"))
        for m in (_QUOTED.finditer(text) if quoted else ()):
            if m.start("id") in taken or (g is not None and normalise(m.group("id")) in g.keep) \
                    or _QUOTED_BEFORE.search(text, max(0, m.start() - 60), m.start()) is None:
                continue
            out.append(self.detection(m.start("id"), m.end("id"), "PERSON", text, scores.CALLED_NAME, rule="quoted"))
        for m in (_INITIAL_GIVEN.finditer(text) if gated else ()):
            letter = m.group("id")
            out.append(self.detection(m.start("id"), m.end("id"), "PERSON", text, scores.CALLED_NAME, rule="initial"))
            # each later use of the letter, written the same way, as a word of its own
            for use in re.finditer(rf"(?<![\w.]){re.escape(letter)}(?![\w])", text[m.end():]):
                at = m.end() + use.start()
                out.append(self.detection(at, at + len(letter), "PERSON", text, scores.CALLED_NAME, rule="initial"))
        return out


# "they call him Shaky" is the other rule's (the person as the object); "we called from the office",
# "they called my Aunty" name nobody.
_OBJECTS = frozenset({"him", "her", "me", "us", "them", "you", "it", "from", "the", "my", "our", "his", "their"})
_RELATIONS = cue("relations")
_VERB_FORM = re.compile(r"(?:ed|ing)$")
# A writer saying which initial stands for someone: "(I will use her initial, M.)", "I'll call
# him J from now on". The letter then names that person wherever it stands.
_INITIAL_GIVEN = re.compile(r"(?i:\b(?:use|call|refer\s+to)\s+(?:(?:him|her|them|the\s+child|the\s+young\s+person)\s+)?"
                            r"(?:by\s+)?(?:(?:his|her|their|the)\s+)?(?:initials?|as)\s*,?\s+)(?P<id>[A-Z](?:\.[A-Z])?\.?)(?![\w])")
# A name in quotation marks where it is given to a person: "a lad in the picture called
# "Deeks"", "goes by "Kaydo"", "the lad "Deeks"", "called him "the Major"". The quotes say the
# words are a name as written, so a name of ordinary words counts ("known as "Frosty""); but a
# book, a game or a group is "called" something too, so "called" needs a person before it.
# (The quoted name is found first, then what stands before it: `re` skips ahead to a quote mark.)
_QUOTED = re.compile(r"[\"“](?:[Tt]he\s+|THE\s+)?(?P<id>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})[\"”]")
_QUOTED_BEFORE = re.compile(
    rf"(?<![\w'’-])(?:(?i:{_CALL}\s+{_OBJECT}|known\s+as|go(?:es|ing)?\s+by|went\s+by)|"
    rf"(?i:{_PERSON_NOUNS})(?:[ \t]+[\w'’]+){{0,4}}?[ \t]+(?i:called|named|nicknamed)|"
    rf"(?i:the|a|that|this)\s+(?i:{_PERSON_NOUNS})|"
    # "HE IS CALLED "TUCKER"", "she gets called "Bubbles"": the person is the subject
    rf"(?i:he|she|i)\s+(?i:is|was|['’]s|am|['’]m|gets|got|were)\s+(?:(?i:always|often|usually|just|still)\s+)?(?i:called|known\s+as)|"
    # "his cousin "Tadek"", "ASKED FOR "DUNKY"": a relative's or a caller's name as said
    rf"(?i:my|his|her|their|our|your)\s+(?i:{'|'.join(sorted(_RELATIONS))})|(?i:asked|asking|asks|shouted|shouting)\s+(?i:for))\s+$")
_GATE = re.compile(r"(?i)\bcall|\bnicknamed|\binitial|\bca['’]d|\bcawed|\bnamed")
_QUOTE_GATE = re.compile(r"[\"“]")
