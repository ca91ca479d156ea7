"""E-mail addresses, written ("t.smith@example.org") or spoken ("tracey dot smith at gmail dot com",
"k dot brown at yahoo dot co dot uk", "declan dot mcgilloway eighty-one at gmail dot com")."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import RegexRecogniser, Rule
from anonymise.text.recognisers.spoken import DOMAIN, JOINER, NEEDS_DOMAIN, SP, TLD, TRAILING_NUMBER

# The part before "at": spoken labels joined by "dot"/"underscore", written dots allowed
# ("k.brown at ..."), and a number said after it ("eighty-one", "zero seven").
# Letters said one by one may open it ("l wrobel", "s g allowances"), and after a joiner the last
# label may be two words, as a double surname is said ("chidi dot okafor bell").
_LOCAL = (rf"(?:[a-z]{SP}){{0,2}}[a-z0-9][\w.'-]*"
          rf"(?:(?:{SP}{JOINER}{SP}[\w'-]+)+(?:{SP}(?!at\b)[\w'-]+)?)?(?:{TRAILING_NUMBER})?")
# A domain said in words, or written as usual after a spoken "at"; its name may be said as the
# words it is made of ("west norfolk kinship dot org dot uk", "BT internet.com").
_DOMAIN_WORDS = rf"(?:(?!(?:the|a|an|my|his|her|their|our|your|home|work|school)\b)[a-z0-9-]+{SP}){{0,2}}"
_SPOKEN_DOMAIN = rf"{_DOMAIN_WORDS}(?:{DOMAIN}|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{TLD})"
# "at" may end a hard-wrapped line ("priti dot shah at / northlincs dot gov dot uk"); a line
# break elsewhere ends the address (in subtitles the next line may be a timing).
_AT = rf"{SP}at(?:{SP}|{SP}*\n{SP}*)"


class EmailRecogniser(RegexRecogniser):
    NAME = "email"
    ENTITY = "EMAIL"
    CONTEXT = ("email", "e-mail", "mail", "address")
    RULES = (
        Rule("written", r"(?<![\w.+-])(?P<id>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)(?<![.-])", 1.0),
        Rule("spoken", rf"(?<![\w.'-])(?P<id>{_LOCAL}{_AT}{_SPOKEN_DOMAIN})\b", 0.8, re.IGNORECASE,
             needs=NEEDS_DOMAIN),
    )
