"""E-mail addresses, written ("t.smith@example.org") or spoken ("tracey dot smith at gmail dot com",
"k dot brown at yahoo dot co dot uk", "declan dot mcgilloway eighty-one at gmail dot com")."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import RegexRecogniser, Rule
from anonymise.text.recognisers.spoken import DOMAIN, JOINER, NEEDS_DOMAIN, SP, TLD, TRAILING_NUMBER

# The part before "at": spoken labels joined by "dot"/"underscore", written dots allowed
# ("k.brown at ..."), and a number said after it ("eighty-one", "zero seven").
_LOCAL = rf"[a-z0-9][\w.'-]*(?:{SP}{JOINER}{SP}[\w'-]+)*(?:{TRAILING_NUMBER})?"
# A domain said in words, or written as usual after a spoken "at".
_SPOKEN_DOMAIN = rf"(?:{DOMAIN}|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{TLD})"


class EmailRecogniser(RegexRecogniser):
    NAME = "email"
    ENTITY = "EMAIL"
    CONTEXT = ("email", "e-mail", "mail", "address")
    RULES = (
        Rule("written", r"(?<![\w.+-])(?P<id>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)(?<![.-])", 1.0),
        Rule("spoken", rf"(?<![\w.'-])(?P<id>{_LOCAL}{SP}at{SP}{_SPOKEN_DOMAIN})\b", 0.8, re.IGNORECASE,
             needs=NEEDS_DOMAIN),
    )
