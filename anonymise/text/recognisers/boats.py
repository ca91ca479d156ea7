"""Fishing-boat registrations: the port letters painted on the bow and a number ("FD 214",
"BF 123", "LT-1021"). Port letters are ordinary capitals too, so a boat word must be near."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.cued import CuedRecogniser

# Port letters of UK and Crown-dependency fishing ports (two or three letters). The one-letter
# ports ("A" Aberdeen, "H" Hull, "K" Kirkwall, "M" Milford) are read only as a boat's name gives
# them, after its comma or in brackets ("the Boy Thorfinn, K 1187", "Hakin Rose (M.164)"):
# elsewhere "A 12" is too often just words.
ONE_LETTER_PORTS = "ABEFHJKMNPR"
PORT_LETTERS = frozenset("""AB AH BA BCK BD BE BF BH BM BN BRD BS BW CA CE CF CH CK CL CN CO CS CT CY
DE DH DO DR DS FD FE FH FR FY GH GK GU GY HH HL IH INS KY LA LH LI LK LL LN LO LR LT LY ME MH ML MN
NN OB PD PE PH PL PN PW PZ RN RO RR RX SA SC SD SE SH SM SN SR SS SSS SU SY TH TN TO TT UL WA WH WK
WY""".split())
_NAME_BEFORE = re.compile(r"(?<![\w'’])[A-Z][\w'’]*[ \t]*$")
_PORT = "|".join(sorted(PORT_LETTERS, key=len, reverse=True))


class BoatRecogniser(CuedRecogniser):
    NAME = "boat"
    ENTITY = "VEHICLE"
    CONTEXT = ("boat", "boats", "trawler", "trawlers", "vessel", "fishing", "skipper", "crew", "crabber",
               "ship", "registered", "harbour", "port letters", "coble", "launch", "drifter", "drifters",
               "smack", "seiner", "deckhand", "deckie", "mate", "bosun", "third hand", "trawlerman",
               "fisherman", "fishermen", "sailed", "signed on", "on board", "dock", "docks", "quay",
               "lost from", "went down")
    # A boat is talked about for a while before its number comes ("a little trawler out of
    # Fleetwood, the Bernadette, FD 214").
    CONTEXT_BEFORE = 90
    RULES = (Rule("port_number", rf"(?<![\w-])(?P<id>(?:{_PORT})[ -]?\d{{1,4}})(?![\w-])", 0.7,
                  needs_context=True),
             Rule("named_boat_port", rf"(?:,[ \t]+|\()(?P<id>[{ONE_LETTER_PORTS}][ .]\d{{2,4}})(?![\w-])", 0.6,
                  needs_context=True),
             # The boat's name before its number: "the SAXON VENTURE, H.238", "THE EDNA MAY,
             # REGISTERED BW 112", "the Bernadette, FD 214".
             Rule("boat_name", rf"(?<![\w'’-])[Tt](?:he|HE)[ \t]+(?P<id>(?:[A-Z][\w'’]*[ \t]+){{0,2}}[A-Z][\w'’]*),"
                               rf"\s+(?:(?i:registered)\s+)?(?:{_PORT}|[{ONE_LETTER_PORTS}])[ .-]?\d{{1,4}}(?![\w-])", 0.6,
                  needs_context=True))

    def validate(self, value, match, rule):
        if rule.name == "named_boat_port" and not _NAME_BEFORE.search(match.string, max(0, match.start() - 40),
                                                                       match.start()):
            return None   # "we sat in rows, A 12": no boat's name before the letter
        return rule.score if re.match(r"[A-Z]+", value) else None
