"""Phone numbers: UK numbers in any spacing ("01603 123 456", "+44 (0)7700 900123"), spoken
("oh seven seven double oh nine hundred...": digit words, double/triple, digit groups mixed in),
said across two cues of a subtitle file ("07700 900" then "418" in the next cue) or two turns of a
call, and numbers abroad ("+251 91 447 2083", "0040 721 234 567", "plus four eight, five oh
nine...") checked against the numbering plans of the phonenumbers library (Google's
libphonenumber, as Presidio uses),
and the numbers of the old exchanges in typescripts and letters ("TEL. WALLSEND 624418", "ring
Aberdare 4127"): a place the gazetteer knows and three to six figures, where a word about phones
is near.
"""

from __future__ import annotations

import re

import phonenumbers

from anonymise.text.detection import Detection
from anonymise.text.lexicon import normalise
from anonymise.text.numbers import SPOKEN_DIGIT_TOKEN, spoken_digits
from anonymise.text.recognisers.spoken import NEEDS_NUMBER_RUN
from anonymise.text.recognisers.base import RegexRecogniser, Rule, capital_first
from anonymise.text.recognisers.subtitles import CUE_BREAK

_WRITTEN = r"(?<![\w+])(?P<id>(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[ .-]?\)?[ .-]?\d){8,9})(?!\d)"
# A country code other than the UK's, then digit groups; the numbering plan decides the rest.
_INTERNATIONAL = r"(?<![\w+])(?P<id>(?:\+|00)\s?(?!44)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,5}\)?){2,7})(?![\d])"
_SPOKEN_START = r"(?:plus|double[\s,-]+(?:oh|zero|o)|oh|zero|nought|0\d*)"
# An exchange's name, then the line's number: "WALLSEND 624418", "Stoke-on-Trent 312790".
# The number may be said figure by figure ("SWANSEA 2-0-4-6-7"). Five or six figures after a
# listed town are a line's number even with no word of telephones near (a typed form's "EMERGENCY
# DUTY TEAM, PONTYPRIDD 402211"); three or four may be a year or a count, so need one.
_EXCHANGE_PLACE_REST = r"(?:[ -](?:[Oo]n|ON|[Uu]pon|UPON|[A-Z][A-Za-z'’]*)){0,3}"
_EXCHANGE_NUMBER_END = r"(?![\w/-]|[.,:]\d)"
_EXCHANGE = (rf"(?<![\w'’-])(?P<id>(?P<place>[A-Z][A-Za-z'’]*{_EXCHANGE_PLACE_REST})"
             rf"[ \t]+(?:\d{{3,6}}|\d(?:-\d){{3,5}})){_EXCHANGE_NUMBER_END}")
_EXCHANGE_OPENING = capital_first(r"[\w'’-]", r"[A-Za-z'’]*")
_EXCHANGE_LONG = (rf"(?P<id>(?P<place>{_EXCHANGE_OPENING}{_EXCHANGE_PLACE_REST})"
                  rf"[ \t]+\d{{5,6}}){_EXCHANGE_NUMBER_END}")
# Digit words on one line: a number said across a line break is the cue rule's (below).
_SPOKEN = rf"\b(?P<id>{_SPOKEN_START}(?:(?:[^\S\n]|[,.-])+{SPOKEN_DIGIT_TOKEN}){{4,}})\b"

_SAME_LINE = r"(?:[^\S\n]|[,-])+"
_PIECE = rf"(?:\d(?:[ .-]?\d)*|{SPOKEN_DIGIT_TOKEN}(?:{_SAME_LINE}{SPOKEN_DIGIT_TOKEN})*)"
# What may stand between the pieces of a number said in parts on one line: "oh seven nine four
# six [crosstalk] three one two", "01233, then 614 207".
_SAME_LINE_GAP = r"(?:,?[^\S\n]*(?:\[(?:crosstalk|inaudible|pause|overlap)\]|\b(?:then|and|sorry)\b),?[^\S\n]*)+"
# ... and across turns of a call or a transcript: the next line's timestamp or channel in
# brackets ("[00:01:58] ch1:", "[CH2 14:12:06]"), a speaker's heading on its own line
# ("Gareth Pennington  36:10"), a label ("Chance's iPhone:").
_TURN_BREAK = (r"[^\S\n]*\n(?:[^\S\n]*\n)*(?:[^\n\d]{1,40}[^\S\n]\d{1,2}:\d{2}[^\S\n]*\n)?"
               r"(?:\[[^\]\n]{1,30}\][^\S\n]*)?(?:[\w'’ ]{1,30}:[^\S\n]+)?")
# The opening of a number at the end of a cue line or before such a gap, and each piece that may continue it.
_OPENING = re.compile(rf"(?<![\w+])(?P<id>(?:(?:\+|00)\s?44\s?|0)\d(?:[ .-]?\d)*|{_SPOKEN_START}"
                      rf"(?:{_SAME_LINE}{SPOKEN_DIGIT_TOKEN})*)(?=[^\S\n]*\n|{_SAME_LINE_GAP})", re.IGNORECASE)
_CONTINUATION = re.compile(rf"{CUE_BREAK}(?P<id>{_PIECE})(?![\w])", re.IGNORECASE)
_SAID_ON = re.compile(rf"(?:{_SAME_LINE_GAP}|{_TURN_BREAK})(?P<id>{_PIECE})(?![\w])", re.IGNORECASE)
_MAX_PIECES = 3


def uk_digits(digits: str) -> str | None:
    """A UK number's national digits ("07700900123") from any international or national form,
    or None if it cannot be one: 10 or 11 digits, a 0 and then no second 0."""
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    if len(digits) not in (10, 11) or not digits.startswith("0") or digits[1] == "0":
        return None
    return digits


def foreign_number(digits: str) -> tuple[bool, bool]:
    """(valid, possible) for a number abroad given as its digits after + or 00."""
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False, False
    return phonenumbers.is_valid_number(number), phonenumbers.is_possible_number(number)


def could_be_phone(digits: str) -> bool:
    """Whether figures starting with 0 may be a telephone number, here or abroad ("00" then a
    country code): the phone recogniser's to judge. Otherwise they are some other number."""
    if uk_digits(digits) is not None:
        return True
    return digits.startswith("00") and foreign_number(digits[2:])[1]


def _piece_digits(value: str) -> str | None:
    value = value.lower()
    if value.startswith("plus"):
        value = "00 " + value[4:]
    return spoken_digits(value)


class PhoneRecogniser(RegexRecogniser):
    NAME = "uk_phone"
    ENTITY = "PHONE"
    CONTEXT = ("phone", "number", "mobile", "ring", "rang", "call", "called", "text", "texted",
               "landline", "tel", "telephone", "contact", "whatsapp", "mob", "extension", "ext", "messages")
    RULES = (
        Rule("written", _WRITTEN, 0.85),
        Rule("international", _INTERNATIONAL, 0.85),
        Rule("spoken", _SPOKEN, 0.7, re.IGNORECASE, needs=NEEDS_NUMBER_RUN),
        Rule("exchange", _EXCHANGE, 0.7, needs_context=True),
        Rule("exchange", _EXCHANGE_LONG, 0.7),
    )
    _not_places: list | None = None   # exchange runs that are no place, gathered during one `find`
    FOREIGN_POSSIBLE = 0.55   # the right length for its country but not in its plan: only with context
    ACROSS_CUES = 0.8

    def validate(self, value, match, rule):
        near = self.has_context(match.string, match.start(), match.end())
        if rule.name == "written":
            digits = uk_digits(re.sub(r"\D", "", value.replace("(0)", "")))
            if digits is None:
                return None
            return rule.score if len(digits) == 11 else rule.score - 0.1
        if rule.name == "exchange":
            if self._exchange_place(match.group("place")):
                return rule.score
            if self._not_places is not None:
                self._not_places.append((rule, match))   # its last words may be one: `_exchange_tails`
            return None
        if rule.name == "international":
            return self._foreign(re.sub(r"\D", "", value).removeprefix("00"), near, rule.score)
        digits = _piece_digits(value)
        if digits is None or len(digits) < 6:
            return None
        if digits.startswith("00") and not digits.startswith("0044"):
            return self._foreign(digits[2:], near, 0.85)
        if digits.startswith("0044"):
            digits = uk_digits(digits)
            return 0.85 if digits else None
        if len(digits) >= 10:
            return 0.85
        # A shorter run is a phone number only when someone is talking about numbers.
        return 0.55 if near else None

    def _foreign(self, digits: str, near: bool, score: float) -> float | None:
        valid, possible = foreign_number(digits)
        if valid:
            return score
        return self.FOREIGN_POSSIBLE if possible and near else None

    def _exchange_place(self, words: str) -> bool:
        g = self.lexicon
        place = normalise(words)
        return g is not None and (g.place_key(place) is not None or place in g.places)

    def _exchange_tails(self, text: str, candidates) -> list[Detection]:
        """In capitals the words before an exchange run into its name ("PHONE LOWESTOFT 65120",
        "PHONED FROM FRASERBURGH 2914"): where the whole run is no place, its last words may be.
        `candidates` are the exchange matches `validate` turned down, so nothing is scanned twice."""
        out = []
        for rule, m in candidates:
            for w in list(re.finditer(r"\S+", m.group("place")))[1:]:
                start = m.start("place") + w.start()
                if self._exchange_place(text[start:m.end("place")]) and (
                        not rule.needs_context or self.has_context(text, start, m.end("id"))):
                    out.append(Detection(start, m.end("id"), self.ENTITY, text[start:m.end("id")], rule.score,
                                         self.NAME, rule=rule.name))
                    break
        return out

    def find(self, text, doc=None):
        self._not_places = []   # filled by `validate` during the scan below
        found = super().find(text, doc)
        return found + self._across_cues(text) + self._exchange_tails(text, self._not_places)

    def _across_cues(self, text: str) -> list[Detection]:
        """A UK number begun at the end of one cue and finished in the next ones, or said in parts
        across a call's turns or around "[crosstalk]" where it was asked for or offered: each
        piece is its own detection, so the timing lines and labels between them are left as they
        are."""
        out: list[Detection] = []
        for m in _OPENING.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if "-->" in text[line_start:m.start()]:
                continue   # the end of a timing line ("--> 00:00:04,000"), not speech
            pieces = [m.span("id")]
            digits = _piece_digits(m.group("id").replace("+", ""))
            if digits is None or len(digits) >= 10:
                continue
            pos = m.end("id")
            said_on = False   # a piece found past a turn or a filler, not a cue's break alone
            while len(pieces) < _MAX_PIECES and len(digits) < 10:
                nxt = _CONTINUATION.match(text, pos)
                if nxt is None:
                    nxt = _SAID_ON.match(text, pos)
                    said_on = said_on or nxt is not None
                more = _piece_digits(nxt.group("id")) if nxt else None
                if more is None:
                    break
                digits += more
                pieces.append(nxt.span("id"))
                pos = nxt.end("id")
            if len(pieces) < 2 or uk_digits(digits) is None:
                continue
            if said_on and not self.named_before(text, m.start("id")):
                continue   # across turns, only a number someone was asked for or offered
            for s, e in pieces:
                out.append(Detection(s, e, self.ENTITY, text[s:e], self.ACROSS_CUES, self.NAME,
                                     rule="across_cues"))
        return out
