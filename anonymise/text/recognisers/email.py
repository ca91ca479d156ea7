"""E-mail addresses, written ("t.smith@example.org") or spoken ("tracey dot smith at gmail dot com")."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import RegexRecogniser, Rule

_TLD_WORDS = r"(?:com|co|uk|org|net|gov|ac|nhs|sch|io|info)"


class EmailRecogniser(RegexRecogniser):
    NAME = "email"
    ENTITY = "EMAIL"
    CONTEXT = ("email", "e-mail", "mail", "address")
    RULES = (
        Rule("written", r"(?<![\w.+-])(?P<id>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)(?<![.-])", 1.0),
        Rule("spoken", rf"\b(?P<id>\w+(?:\s(?:dot|underscore|hyphen|dash)\s\w+)*\s(?:at)\s\w+"
                       rf"(?:\sdot\s{_TLD_WORDS})+)\b", 0.8, re.IGNORECASE),
    )
