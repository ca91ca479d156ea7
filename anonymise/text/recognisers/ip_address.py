"""IP addresses, version 4 ("203.0.113.47") and 6 ("2001:db8::8a2e:370:7334"), checked by the
standard library's parser (every part in range, one "::" at most)."""

from __future__ import annotations

import ipaddress
import re

from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.cued import CuedRecogniser


class IpAddressRecogniser(CuedRecogniser):
    NAME = "ip_address"
    ENTITY = "IP_ADDRESS"
    CONTEXT = ("ip", "ip address", "address", "logged in from", "login", "vpn", "server", "source")
    RULES = (
        Rule("v4", r"(?<![\w.])(?P<id>\d{1,3}(?:\.\d{1,3}){3})(?![\w]|\.\d)", 0.85),
        Rule("v6", r"(?<![\w:])(?P<id>(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?![\w:])", 0.85),
    )
    # Dotted numbers after these are software versions, not addresses ("version 1.2.3.4").
    _VERSION = re.compile(r"(?:\bversion|\bv|\bver\.?)\s*$", re.IGNORECASE)

    def validate(self, value, match, rule):
        if self._VERSION.search(match.string, max(0, match.start() - 10), match.start()):
            return None
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return None
        if address.is_unspecified or len(value) < 6:
            return None   # "::", "0.0.0.0": placeholders, not anyone's address
        if rule.name == "v6":
            # Clock times and durations ("10:44:05") never parse; a run of colons and short
            # hex groups does, so at least one letter or a "::" must show it is an address.
            if "::" not in value and not re.search(r"[A-Fa-f]", value) and value.count(":") < 7:
                return None
            return rule.score
        return rule.score
