"""Bank details: sort codes and account numbers (only where someone says that is what they are,
in any spacing, in figures or words), IBANs (the ISO 13616 mod-97 check and the country's
length), payment card numbers (the Luhn check) and the last four digits people give of a card
("the card ending 0417", "CARD ENDS 3381")."""

from __future__ import annotations

import re

from anonymise.text.numbers import SPOKEN_DIGIT_TOKEN, luhn_ok, spoken_digits
from anonymise.text.recognisers.spoken import NEEDS_NUMBER_RUN
from anonymise.text.recognisers.base import Rule, context_regex
from anonymise.text.recognisers.cued import CuedRecogniser

SORT_CODE_WORDS = ("sort code", "sort-code", "sortcode", "s/c")
ACCOUNT_WORDS = ("account", "acc", "acct", "a/c", "account number", "account no", "bank")
CARD_WORDS = ("card", "card number", "long number", "debit card", "credit card")
IBAN_WORDS = ("iban",)
# The length of an IBAN in each country that issues them (SWIFT's IBAN registry).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
# Card numbers start with the issuer's digit: 3 (Amex, Diners, JCB), 4 (Visa), 5 (Mastercard,
# Maestro), 6 (Maestro, Discover), 2 (Mastercard's 2-series).
_CARD_FIRST = "23456"

_SORT_CODE = r"(?<![\d+])(?<!\d[ -])(?P<id>\d\d[ .-]?\d\d[ .-]?\d\d)(?![ .-]?\d)"
_ACCOUNT = r"(?<![\d+])(?<!\d[ -])(?P<id>\d{4}[ -]?\d{4}|\d\d[ -]?\d\d[ -]?\d\d[ -]?\d\d)(?![ -]?\d)"
_SPOKEN = rf"\b(?P<id>{SPOKEN_DIGIT_TOKEN}(?:(?:[^\S\n]|[,-])+{SPOKEN_DIGIT_TOKEN}){{3,}})\b"
_IBAN = r"(?<![\w])(?P<id>[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?)(?![\w])"
# "card ending 4471", "the account number ends 8263": the last figures a caller is asked for.
_CARD_ENDING = (r"(?i:\b(?:card|account(?:[^\S\n]+number)?|number)\b[^\n.!?]{0,20}?\b(?:ending|ends|finishing|finishes)"
                r"(?:[^\S\n]+(?:in|with|on))?[^\S\n]+)"
                r"(?P<id>\d{4})(?![\d])")
# Talk of a bank account before "the number ends ...".
_BANK_TALK = re.compile(r"\b(?:sort\s+code|account|bank|card|debit|direct\s+debit)\b", re.IGNORECASE)
BANK_TALK_WINDOW = 120
_CARD = r"(?<![\d+])(?<!\d[ -])(?P<id>\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,4}|\d{4}[ -]?\d{6}[ -]?\d{5})(?![ -]?\d)"


# Each kind of bank detail has its own naming words.
_CUES = {name: context_regex(words) for name, words in (
    ("sort_code", SORT_CODE_WORDS), ("account", ACCOUNT_WORDS), ("card", CARD_WORDS), ("iban", IBAN_WORDS))}


def iban_ok(value: str) -> bool:
    """ISO 13616: the country's length, and the number with its first four characters moved to
    the end and letters as 10-35 leaves remainder 1 when divided by 97."""
    iban = re.sub(r"\s", "", value).upper()
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban.isalnum():
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


class BankDetailsRecogniser(CuedRecogniser):
    NAME = "bank_details"
    ENTITY = "BANK_DETAILS"
    CONTEXT = SORT_CODE_WORDS + ACCOUNT_WORDS + CARD_WORDS + IBAN_WORDS
    CONTEXT_BEFORE = 60
    RULES = (
        Rule("sort_code", _SORT_CODE, 0.85),
        Rule("account", _ACCOUNT, 0.8),
        Rule("spoken", _SPOKEN, 0.8, re.IGNORECASE, needs=NEEDS_NUMBER_RUN),
        Rule("iban", _IBAN, 0.95, re.IGNORECASE),
        Rule("card", _CARD, 0.85),
        Rule("card_ending", _CARD_ENDING, 0.8),
    )
    SAID_SO = 0.7    # an IBAN or card failing its check, but named as one: the right shape said aloud

    def said(self, kind: str, text: str, start: int, end: int, before: int = 0) -> bool:
        """Whether a word for this kind of bank detail is near: just before the number (sort
        codes and account numbers are only ever named right before), or in the usual window."""
        window = text[max(0, start - (before or self.CONTEXT_BEFORE)):start] + " " + \
            text[end:end + self.CONTEXT_AFTER]
        return _CUES[kind].search(window) is not None

    def validate(self, value, match, rule):
        text, start, end = match.string, match.start("id"), match.end("id")
        if rule.name == "sort_code":
            return rule.score if self.said("sort_code", text, start, end, before=30) else None
        if rule.name == "account":
            return rule.score if self.said("account", text, start, end, before=30) else None
        if rule.name == "spoken":
            if not re.search(r"[a-z]", value, re.IGNORECASE):
                return None   # figures: the written rules'
            digits = spoken_digits(value)
            if digits and len(digits) == 6 and self.said("sort_code", text, start, end, before=30):
                return rule.score
            if digits and len(digits) == 8 and self.said("account", text, start, end, before=30):
                return rule.score
            return None
        if rule.name == "card_ending":
            said = match.group(0).lower()
            if not re.match(r"(?:card|account)", said) and not _BANK_TALK.search(
                    match.string, max(0, match.start() - BANK_TALK_WINDOW), match.start()):
                return None   # "the number ends 8263" is a bank number only after talk of one
            return rule.score
        if rule.name == "iban":
            if iban_ok(value):
                return rule.score
            compact = re.sub(r"\s", "", value).upper()
            named = self.said("iban", text, start, end)
            return self.SAID_SO if named and IBAN_LENGTHS.get(compact[:2]) == len(compact) else None
        digits = re.sub(r"\D", "", value)
        if digits[0] in _CARD_FIRST and luhn_ok(digits):
            return rule.score
        return self.SAID_SO if self.said("card", text, start, end) else None
