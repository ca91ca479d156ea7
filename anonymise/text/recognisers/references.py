"""Other reference numbers people carry (REFERENCE): staff, employee, payroll, student,
membership, badge, warrant and police collar numbers, PINs and user IDs. Only ever right
after the word that names them ("staff no. 48812", "badge number's CHS-V0038215", "employee
number w 2 2 7 1 5", "PC Lewis (6633)"), so a research code opening a line or labelling a
respondent ("R0311:", "resp_044,", "P4", "FG2") is never one.

People also say a number is theirs a few words after naming it: "the account number on the
letter is 6604 1187 29", "our ref for her's 44871", "the child's ID, he knew it off by heart,
2284319", "his check. Mine was 1146", "ma number wis GR 204". A number of four or more figures
(three with letters) that a naming word announces within the sentence, or in the sentence
before when "mine/his/hers" takes it up, is someone's reference.

Speech recognition types a code read out as letters one by one and figures ("w s 4 4 0 1 8 2",
"g h stroke 25 stroke 0 3 1 7"): that shape is a reference with or without a word naming it.
"""

from __future__ import annotations

import re

from dataclasses import replace

from anonymise.text.detection import Detection
from anonymise.text.numbers import SAID_NUMBER_RUN, SPOKEN_DIGIT_TOKEN, SPOKEN_DIGIT_WORDS, number_read_out, spoken_digits
from anonymise.text.phrases import longest_first
from anonymise.text.recognisers.base import Rule, lexicon_of
from anonymise.text.recognisers.cued import CuedRecogniser
from anonymise.text.recognisers.phone import could_be_phone
from anonymise.text.recognisers.spoken import NEEDS_NUMBER_RUN

# Labels that name a number only with "number", "no.", "ID" after them ("staff number").
NEEDS_NUMBER_WORD = ("staff", "employee", "personnel", "works", "clock", "student", "matriculation",
                     "member", "membership", "customer", "tenant", "tenancy", "claimant", "library card", "library",
                     "union", "registration", "service", "officer", "shoulder", "pupil", "candidate",
                     # a foster carer's number with the fostering service ("foster carer no. 20519")
                     "carer",
                     # the works numbers of older working lives: "PAY NUMBER 7/30415", "lamp number 802"
                     "pay", "lamp", "check", "token", "dividend", "divi", "locker",
                     # a small charity's registered number points at the charity, and so at its place
                     "charity",
                     # books and registers a person is filed under: "PENSION BOOK NO.", "hospital no.",
                     # "housing register no.", "union card number"
                     "book", "hospital", "register", "card", "patient", "client", "file",
                     # a pupil's admission number, a police log, a court summons, a
                     # safeguarding incident ("ADM. No. 1187", "log no. 2310-0447", "SUMMONS NO.: 79/1142")
                     "adm", "admission", "log", "summons", "incident")
# Labels that name a number on their own ("badge 7043", "payroll 220417", "PIN 4821").
STANDS_ALONE = ("payroll", "badge", "collar", "warrant", "pin", "passcode", "user id", "userid", "account",
                # a miner's tally, the token he handed in at the pit head ("MY TALLY'S 2730")
                "tally",
                # a seaman's discharge book ("Discharge A book (R 702245)")
                "discharge book", "discharge a book", "discharge book number",
                "acc", "acct", "a/c",
                "username", "user name", "login", "staff id", "student id", "employee id",
                "member id",
                # a key safe's code, which opens someone's door ("key safe ..., code 4471")
                "code",
                # a safeguarding system's incident ("CPOMS incident 55712")
                "incident")
# After a label standing alone, a year is a date, not a number ("membership 2019 ran out").
_YEAR = re.compile(r"(?:19|20)\d\d")
NUMBER_WORDS = r"(?:number|no\.?|num|id|ref(?:erence)?|code)"
# Officers named with their collar number in brackets ("PC Lewis (6633)").
OFFICER_TITLES = ("PC", "PCSO", "DC", "DS", "DI", "Sgt", "Sergeant", "Constable", "Insp", "Inspector",
                  "P.C", "W.P.C", "WPC", "D.C", "D.S")



def _alt(words) -> str:
    return longest_first(words)


# A code: letters, figures, hyphens or slashes with at least three figures ("CHS-V0038215",
# "100482731", "ProsserS3" after "account:"), or figures said one by one ("w 2 2 7 1 5").
_CODE = r"(?:[A-Za-z][\w-]{0,12}\d[\w/-]*|\d[\w/-]{2,}|[A-Za-z]?(?:[^\S\n]\d){3,}|[A-Za-z]{1,3}[^\S\n]\d{3,}[\w/-]*(?:[^\S\n]\d{3,})*)"
# A typescript or e-mail may wrap the line between the label and the number ("BOOK NO.\n 61/482207").
_LINK = r"(?:['’]s)?[^\S\n]*(?:is|was|:|#|-|=|\()?[^\S\n]*(?:\n[> \t]*)?"
# A number said as someone's: figures in groups, with up to three letters before or two after
# ("6604 1187 29", "GR 204", "6183924TA", "Cc 7720 914", a council's "BMBC 774 019").
# Letters may be said one by one ("m y c 0 0 4 1 8"), figures grouped by slashes ("20/114582/24").
_SAID_CODE = r"(?:(?:[A-Za-z]{1,3}|(?-i:[A-Z]{4})|[A-Za-z](?:[^\S\n][A-Za-z]){1,2})[^\S\n]?)?\d(?:(?:[^\S\n]|[/-])?\d){2,13}[A-Za-z]{0,2}"
# A farm's holding (CPH) number and its herd or flock mark are said the same way ("our
# holding's 75/456/0031", "the herd mark's UK 301447").
_SAID_LABEL = (r"number|no\.|num|ref(?:erence)?|id|check|tally|badge|account|pin|holding|(?:herd|flock)[^\S\n]+mark|"
               # a pupil's and a learner's unique numbers ("gets a UPN ... His is H801245033172")
               r"upn|uln")
# A works number is as short as three figures ("ME OLD CHECK WAS 418"); other labels need four.
_WORKS_LABELS = frozenset({"check", "tally", "badge", "pin"})
# The words between the label and the number may run onto the next line of a subtitle cue.
def _said(code: str) -> str:
    """A number (`code`) that a label announced within the sentence ("the number is ...")."""
    return (rf"(?<!grid )\b(?P<label>{_SAID_LABEL})\b(?![^\S\n]+(?:of|plate)\b)(?:[^\n.!?]|\n(?![^\S\n]*\n)){{0,50}}?"
            rf"(?:[.!?][^\S\n]+(?i:mine|his|hers|theirs|ours)[^\S\n]+)?"
            # the number after a verb or a colon, or after a comma or a full stop that closes the
            # label's words, on the same line or the next ("PAY NUMBER THE SAME AS BEFORE,\n2291",
            # "A BADGE. 37419.")
            rf"(?:\b(?:is|was|wis|were|its|put|typed|entered|gave|be)[^\S\n]+|['’]s[^\S\n]+|:[^\S\n]+|"
            rf"[,.][^\S\n]*\n?[^\S\n]*)(?P<id>{code})(?![\w.,]\d|[\w£%])")


_SAID = _said(_SAID_CODE)
# The same number said in words, digit by digit, in groups a comma may part: "her child ID is one
# oh four seven, seven three three".
_SAID_IN_WORDS = _said(rf"{SPOKEN_DIGIT_TOKEN}(?:(?:,?[^\S\n]+|-){SPOKEN_DIGIT_TOKEN}){{3,}}")
# A code read out piece by piece after its label, letters among the figures or the figures in
# words: "the claim number is k 0 0 n e 4", "the reference ... is bm 2 5 c", "s w k 2 4 dash 0 9 1
# 4 7", "E H C two four oh seven", "SGO stroke four four one nine stroke L", "its 0 1 a k". A
# single letter goes on the code only with more of it after, or where the utterance ends: "...0 7 8
# 3 i don't know" stops before "i". (validate: four pieces or more, two figures and a letter among
# them; the figures of a code a line break cuts are `_carried_over`'s.)
_PIECE_SEP = r"(?:[^\S\n]+|[^\S\n]*-[^\S\n]*)"
# Figures said as words, but not "o" or "nil": in a code "o" is as likely the letter.
_DIGIT_WORDS = SPOKEN_DIGIT_WORDS - {"o", "nil"}
_JOIN_WORDS = frozenset({"dash", "slash", "stroke", "hyphen"})
_CODE_PIECE = rf"(?:\d{{1,6}}|(?:{'|'.join(sorted(_DIGIT_WORDS | _JOIN_WORDS))})\b)"
_CODE_LETTER = rf"[A-Za-z](?={_PIECE_SEP}(?:{_CODE_PIECE}|[A-Za-z]\b)|[^\S\n]*(?:[.,;:!?)]|\n|$))"
_SPOKEN_CODE = (rf"(?:[A-Za-z]{{1,3}}{_PIECE_SEP})?(?:{_CODE_PIECE}|{_CODE_LETTER})"
                rf"(?:{_PIECE_SEP}(?:{_CODE_PIECE}|{_CODE_LETTER})){{2,18}}")
_SAID_SPELLED = _said(_SPOKEN_CODE)
# A letter (or a said slash) beside a figure, in either order: what every such code holds.
_SPELLED_GATE = (r"(?i)\b(?:[a-z]|stroke|slash|dash)[^\S\n]+(?:\d|(?:oh|zero|one|two|three|four|five|six|seven|eight|nine)\b)"
                 r"|\d[^\S\n]+[a-z]\b")
# Words that name a number rather than spell a code's letters ("tel 07914226083", "ext 4412").
_NUMBER_LABELS = frozenset({"tel", "mob", "fax", "ext", "ph", "no", "ref", "acc", "num"})
# The slash said aloud.
_SAID_SLASH = r"stroke|slash|forward slash"
# Two or three letters before figures as common as this are a word ("in 2019"), not a code's
# letters; rarer ones are ("hl 06293", "wch 3381").
SPELLED_WORD_ZIPF = 4.5
# A number said again in words, within this many characters after it.
RESTATE_WINDOW = 120
_READ_OUT = re.compile(rf"(?<![\w-]){SAID_NUMBER_RUN}(?![\w-])", re.IGNORECASE)
# Figures said one by one at the start of the next line, a word after them.
_CARRIED = re.compile(r"[^\S\n]*\n[^\S\n]*(?P<id>\d(?:[^\S\n]\d){1,7})(?=[^\S\n]+[^\W\d_]|[^\S\n]*$)", re.MULTILINE)
# Between an officer's name and the bracketed number: spaces, or a line break with the quote
# marks of a replied-to e-mail ("PC Lewis\n> (6633)").
_GAP = r"[^\S\n]*(?:\n[>\s]*)?"


class ReferenceRecogniser(CuedRecogniser):
    NAME = "reference"
    ENTITY = "REFERENCE"
    # The labels are the context: the one just before the number is recorded as its cue.
    CONTEXT = NEEDS_NUMBER_WORD + STANDS_ALONE + OFFICER_TITLES + ("account", "user")
    RULES = (
        Rule("labelled", rf"\b(?P<label>(?:{_alt(NEEDS_NUMBER_WORD)})\.?['’]?s?[^\S\n]+{NUMBER_WORDS}"
                         rf"|(?:{_alt(STANDS_ALONE)})(?:[^\S\n]+{NUMBER_WORDS})?){_LINK}(?P<id>{_CODE})(?![\w])",
             0.8, re.IGNORECASE),
        Rule("account_field", r"(?im)^[>\s]*(?P<label>account|user|username)[^\S\n]*:[^\S\n]*"
                              r"(?P<id>[A-Za-z][\w.-]*\d[\w.-]*)(?![\w])", 0.8),
        Rule("said_number", _SAID, 0.75, re.IGNORECASE),
        Rule("said_in_words", _SAID_IN_WORDS, 0.75, re.IGNORECASE, needs=NEEDS_NUMBER_RUN),
        Rule("said_spelled", _SAID_SPELLED, 0.75, re.IGNORECASE, needs=_SPELLED_GATE),
        # Figures grouped by slashes right after "number"/"no." are a book's or a card's number,
        # never a date or a count: "NUMBER 7/32/1184", "PENSION BOOK NO. 38/461907/M".
        Rule("slashed_number", r"\b(?P<label>number|no\.?)[^\S\n]*(?:\n[^\S\n]*)?"
                               r"(?P<id>\d{1,3}/(?:\d{3,}|\d{1,3}/\d{3,})(?:/[\dA-Za-z]{1,8})*)(?![\w/])", 0.75, re.IGNORECASE),
        # Seven figures or more on their own, whatever names them or nothing does ("she's on our
        # system under 1198432", "Child ID HCC-CID 5540218"): no age, count, year, sum of money (it
        # has its commas) or compact date ("160304") is written so, so it is someone's or
        # something's number. A telephone number is the phone recogniser's (validate).
        Rule("long_number", r"(?<![\w.,/£$€:+#-])(?P<id>\d{7,})(?![\w/%:£-]|[.,]\d)", 0.65),
        # A register's entry number opening the line before the person entered, surname first in
        # capitals ("67/201   GORMAN, Patrick Joseph"), and a roll number in brackets after a
        # name ("NICOL (B.127) REFUSED PORRIDGE"): both point at one child of the register.
        Rule("register_entry", r"(?m)^[^\S\n]*(?P<id>\d{2,4}/(?!(?:19|20)\d\d\b)\d{3,5})[^\S\n]{2,}"
                               r"(?=[A-Z][A-Z'’-]+,[^\S\n]+[A-Z])", 0.75),
        Rule("roll_number", r"\b[A-Z][A-Za-z'’-]+[^\S\n]+\((?P<id>[A-Z]\.[^\S\n]?\d{2,5})\)", 0.7),
        # "PC 2291 D. ap Rhys": the collar number between the rank and the name, as officers sign,
        # or on its own where notes record who came ("PC came 08:10 (PC 2291)").
        Rule("collar_before_name", rf"\b(?P<label>(?:{_alt(OFFICER_TITLES)})\.?)[^\S\n]+(?P<id>\d{{3,6}})"
                                   rf"(?=[^\S\n]+[A-Z]|[^\S\n]*[)\],;]|[^\S\n]*$|\.(?!\d))", 0.8, re.MULTILINE),
        # A police log's number with the day it was opened: "Log 0118 of 04/10/23", "log 0925 of 05/11".
        Rule("police_log", r"\b(?P<label>log|cad|incident|occurrence)(?:[^\S\n]+(?:no\.?|number|ref))?[^\S\n]*[:#]?\s+"
                           r"(?P<id>\d{3,6}[^\S\n]+of[^\S\n]+\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?![\w/])", 0.85, re.IGNORECASE,
             needs=r"\d[^\S\n]+of[^\S\n]+\d{1,2}/"),
        # Read out with no label near and typed by speech recognition: letters one by one, or two
        # or three that are no word, then four or more figures, maybe with "stroke" for the slash
        # ("w s 4 4 0 1 8 2", "h p c 3 1 0 4", "g h stroke 25 stroke 0 3 1 7", "hl 06293"), a letter
        # among the figures ("w v 2 5 p 0 0 4 1 6").
        Rule("spelled", rf"(?<![\w'’-])(?P<id>(?P<letters>(?:[a-z] ){{1,3}}|[a-z]{{2,3}} )"
                        rf"(?:(?:{_SAID_SLASH}) )?\d(?: ?(?:(?:{_SAID_SLASH}) )?(?:\d|[a-z](?= \d)))*)(?![\w'’-]|[.,]\d)",
             0.6, needs=rf"\b[a-z] (?:\d|{_SAID_SLASH})|\b[a-z]{{2,3}} \d{{4}}"),
        Rule("collar_number", rf"\b(?P<label>(?:{_alt(OFFICER_TITLES)})\.?[^\S\n]+[A-Z][\w'’-]+)"
                              rf"{_GAP}\((?P<id>\d{{3,6}})\)", 0.8),
    )

    def find(self, text: str, doc=None) -> list[Detection]:
        found = super().find(text, doc)
        return found + self._read_out_again(text, found) + self._carried_over(text, found) if found else found

    def _carried_over(self, text: str, found: list[Detection]) -> list[Detection]:
        """A code read out figure by figure that a subtitle cue or a hard wrap cuts ("bidding
        number is g h 0 0 7 / 3 3 1 dunno why"): the figures opening the next line go on with it."""
        out = []
        for d in found:
            if d.rule in ("said_number", "said_spelled", "spelled", "labelled") and re.search(r"(?:^|\s)\w$", d.text):
                m = _CARRIED.match(text, d.end)
                if m:
                    out.append(replace(d, start=m.start("id"), end=m.end("id"), text=m.group("id"), rule="carried_over"))
        return out

    def _read_out_again(self, text: str, found: list[Detection]) -> list[Detection]:
        """A number said again in words just after ("MY CHECK, 1147, AND I'VE NEVER FORGOT IT.
        ELEVEN-FORTY-SEVEN."): the same reference."""
        out = []
        for d in found:
            figures = re.sub(r"\D", "", d.text)
            if not 3 <= len(figures) <= 8:
                continue
            for m in _READ_OUT.finditer(text, d.end, min(len(text), d.end + RESTATE_WINDOW)):
                if number_read_out(m.group(0)) == figures:
                    out.append(replace(d, start=m.start(), end=m.end(), text=m.group(0), rule="read_out"))
        return out

    def validate(self, value, match, rule):
        if rule.name == "said_spelled":
            pieces = re.split(r"[\s-]+", value.strip())
            figures = sum(len(p) if p.isdigit() else 1 for p in pieces if p.isdigit() or p.lower() in _DIGIT_WORDS)
            letters = [p for p in pieces if p.isalpha() and p.lower() not in _DIGIT_WORDS and p.lower() not in _JOIN_WORDS]
            if figures < 2 or figures + len(letters) < 4 or not letters or (not any(c.isalpha() for c in value.replace(" ", "")[:1])
                                               and could_be_phone(re.sub(r"\D", "", value))):
                return None   # all figures is the other rules'; a phone number the phone recogniser's
            return rule.score
        if rule.name == "said_in_words":
            digits = spoken_digits(value) if re.search(r"[a-z]", value, re.IGNORECASE) else None
            if not digits or len(digits) < 4 or (digits.startswith("0") and len(digits) >= 10):
                return None   # figures are the rule above's; a phone number is the phone recogniser's
            return rule.score
        if rule.name != "account_field" and sum(c.isdigit() for c in value) < 3:
            return None   # "P4", "FG2", "SW3": respondent and group labels
        if match.string[match.end("id"):match.end("id") + 1] == ":":
            return None   # a speaker label ("R0311:")
        if rule.name == "long_number" and value.startswith("0") and could_be_phone(value):
            return None   # "07700900418" is the phone recogniser's
        if rule.name == "said_number":
            digits = sum(c.isdigit() for c in value)
            short = 3 if match.group("label").lower() in _WORKS_LABELS else 4
            if (digits < short and not any(c.isalpha() for c in value)) or _YEAR.fullmatch(value) \
                    or (value.startswith("0") and digits >= 10 and could_be_phone(re.sub(r"\D", "", value))):
                return None   # a count, a year, a phone number (the phone recogniser's)
        if rule.name == "spelled":
            letters = match.group("letters").split()
            figures = re.sub(r"\D", "", value)
            if len(figures) < 4 or (len(letters) == 1 and (
                    letters[0] in ("a", "i") or letters[0] in _NUMBER_LABELS
                    or lexicon_of(self).zipf(letters[0]) >= SPELLED_WORD_ZIPF)):
                return None   # "in 2019 4", "a 1 2 3 4": a word and some figures; "tel 0791...": a label
            if figures.startswith("0") and len(figures) >= 10:
                return None   # a phone number (the phone recogniser's)
        if rule.name == "labelled" and _YEAR.fullmatch(value) and \
                not re.search(rf"\b{NUMBER_WORDS}$", match.group("label"), re.IGNORECASE):
            return None
        return rule.score

