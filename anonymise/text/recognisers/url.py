"""Web addresses: with a scheme, starting www., or a bare domain with a common suffix."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import RegexRecogniser, Rule

_SUFFIX = r"(?:co\.uk|org\.uk|gov\.uk|ac\.uk|nhs\.uk|sch\.uk|ltd\.uk|com|org|net|uk|io|info|biz|me|tv)"


class UrlRecogniser(RegexRecogniser):
    NAME = "url"
    ENTITY = "URL"
    CONTEXT = ("website", "site", "web", "link", "page", "url")
    RULES = (
        Rule("scheme", r"(?P<id>\b(?:https?://|www\.)[^\s<>\"'()\[\]]+)", 0.9, re.IGNORECASE),
        Rule("domain", rf"(?<![@\w.-])(?P<id>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.{_SUFFIX}"
                       rf"(?:/[^\s<>\"'()\[\]]*)?)(?![\w@-])", 0.75, re.IGNORECASE),
    )

    def find(self, text, doc=None):
        out = []
        for d in super().find(text, doc):
            value = d.text.rstrip(".,;:!?")
            if value:
                out.append(d.__class__(d.start, d.start + len(value), d.type, value, d.score, d.detector))
        return out
