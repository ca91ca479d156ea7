"""Web addresses: with a scheme, starting www., a bare domain with a common suffix (the path
kept whole, since it often holds a name: "facebook.com/kerry.walsh.79"), and addresses read out
in words ("phoenix youth dot org dot uk", "w w w dot fenlandhub dot org slash kerry")."""

from __future__ import annotations

import re
from dataclasses import replace

from anonymise.text.recognisers.base import RegexRecogniser, Rule, lexicon_of
from anonymise.text.recognisers.spoken import (
    DOMAIN,
    FUNCTION_WORD_ZIPF,
    JOINER,
    LABEL,
    NEEDS_DOMAIN,
    SLASH,
    SP,
    TRAILING_NUMBER,
)

_SUFFIX = (r"(?:co\.uk|org\.uk|gov\.uk|ac\.uk|nhs\.uk|sch\.uk|ltd\.uk|police\.uk|com|org|net|uk|io|"
           r"info|biz|me|tv|cymru|wales|scot|ie|eu)")
# What every written domain holds: a text without a dot before a suffix is not scanned for one.
_NEEDS_SUFFIX = rf"(?i)\.{_SUFFIX}"
# A spoken address may open with "w w w dot" / "www dot" and go on with "slash" and a path,
# which often holds a name ("slash kerry dot walsh seventy nine").
_SPOKEN = (rf"(?<![\w'-])(?P<id>(?:(?:w{SP}?w{SP}?w|www){SP}(?:dot|point){SP})?(?:{LABEL}{SP}){{0,2}}{DOMAIN}"
           rf"(?:{SP}{SLASH}{SP}{LABEL}(?:{SP}{JOINER}{SP}{LABEL})*(?:{TRAILING_NUMBER})?)*)\b")
# Words that may stand before a spoken address without being part of it ("the website's",
# "go on", "it's"): function words and very common words; a domain word is rarely either.
_LEAD_ZIPF = 4.4


class UrlRecogniser(RegexRecogniser):
    NAME = "url"
    ENTITY = "URL"
    CONTEXT = ("website", "site", "web", "link", "page", "url")
    RULES = (
        Rule("scheme", r"(?P<id>\b(?:https?://|www\.)[^\s<>\"'()\[\]]+)", 0.9, re.IGNORECASE),
        Rule("domain", rf"(?<![@\w.-])(?P<id>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.{_SUFFIX}"
                       rf"(?:/[^\s<>\"'()\[\]]*)?)(?![\w@-])", 0.75, re.IGNORECASE, needs=_NEEDS_SUFFIX),
        Rule("spoken", _SPOKEN, 0.75, re.IGNORECASE, needs=NEEDS_DOMAIN),
    )

    def find(self, text, doc=None):
        out = []
        for d in super().find(text, doc):
            start = d.start
            if d.rule == "spoken":
                start += self._lead(d.text)
                if self._function_word(text[start:d.end]):
                    continue
            value = text[start:d.end].rstrip(".,;:!?")
            if value:
                out.append(replace(d, start=start, end=start + len(value), text=value))
        return out

    def _words(self):
        return lexicon_of(self)

    def _function_word(self, value: str) -> bool:
        head = re.split(r"\s(?:dot|point)\s", value, maxsplit=1, flags=re.IGNORECASE)[0]
        return " " not in head and self._words().zipf(head.lower()) >= FUNCTION_WORD_ZIPF

    def _lead(self, value: str) -> int:
        """How many characters of ordinary words open a spoken match before the domain itself:
        of "website's phoenix youth dot org", "website's " (the first label always stays)."""
        words = self._words()
        head = re.split(r"\s(?:dot|point)\s", value, maxsplit=1, flags=re.IGNORECASE)[0]
        if re.match(r"(?:w\s?w\s?w|www)$", head, re.IGNORECASE):
            return 0
        cut = 0
        for m in re.finditer(r"\S+\s", head):
            word = m.group(0).strip().lower()
            if "'" in word or len(word) == 1 or words.zipf(word) >= _LEAD_ZIPF:
                cut = m.end()
            else:
                break
        return cut
