"""Addresses ("12 Elm Road", "Flat 3, 14 Mill Lane"), named streets and estates ("Mill Lane",
"the Mile Cross estate") and numbered roads ("the A47", "off the M62"). Town and postcode parts are found by their own recognisers."""

from __future__ import annotations

import re
from dataclasses import replace

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.numbers import NUMBER_WORDS
from anonymise.text.recognisers.base import RegexRecogniser, Rule, capital_first, lexicon_of
from anonymise.text.recognisers.named import GENERIC, LEADING_STOP

_STRONG = (r"Road|Rd|Street|Lane|Ln|Avenue|Ave|Close|Drive|Crescent|Cres|Grove|Place|Gardens|Gdns|"
           r"Terrace|Mews|Row|Square|Sq|Parade|Chase|Croft|Estate|Walk|Way|Boulevard|Wharf|Quay|"
           r"Yard|Circus|Wynd|Approach|Meadows?|Fields|Heights|Avenue|Loke|Garth|Drove|Chare")
# Weaker street types, and the words that end a landmark's name ("Rose Hill", "Castle Park",
# "Victoria Dock", "Camber Sands", "Tiger Bay").
_WEAK = (r"Hill|View|Park|Green|Courts?|Rise|Vale|Gate|End|Bank|Side|Lea|Meads?|Brow|Path|Garden|Groves|"
         r"Brooks?|Dale|Mount|Orchard|Ridge|Bridge|Shore|Castle|Market|Exchange|Basin|Wall|Farm|"
         r"Docks?|Bay|Sands|Beach|Pier")
_STREET_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]+)*|St\.?|Saint)"
# A regnal number inside a street's name: "King Edward VII Avenue".
_REGNAL = r"(?:II|III|IV|VI|VII|VIII|IX)"
_STREET_REST = (rf"(?:[ \t]+(?:{_STREET_WORD}|{_REGNAL})){{0,2}}[ \t]+"
                rf"(?:{_STRONG}|(?i:estate)|{_WEAK})(?:[ \t]+(?:North|South|East|West))?")
_STREET = _STREET_WORD + _STREET_REST
# A street's first word opening a rule, not after a word or a hyphen (capital_first says why).
_STREET_OPENING = capital_first(r"[\w'’-]", r"[a-z'’]+(?:-[A-Za-z][a-z'’]+)*|(?<=S)t\.?|(?<=S)aint")
_BUILDING = r"Lodge|House|Cottages?|Towers?|Point|Mansions|Buildings|Hall|Farm|Barns?|Mill|Court|Flats"
# Street types beyond the everyday ones, the full range address generators and town planners
# use ("35 Marian Overpass", "Watkins Radial", "Hope Common"). After a house number they close
# an address; alone, only behind a first name or surname ("Hodgson Plain", not "Salisbury Plain").
_ANY_TYPE = (r"(?:Alley|Bridge|Brook|Burg|Bypass|Camp|Canyon|Cape|Causeway|Cent(?:er|re)|Circle|Cliff|Club|"
             r"Common|Corner|Course|Court|Cove|Creek|Crest|Crossing|Crossroad|Curve|Dale|Dam|Divide|Drive|"
             r"Estate|Expressway|Extension|Fall|Ferry|Field|Flat|Ford|Forest|Forge|Fork|Fort|Freeway|Garden|"
             r"Gateway|Glen|Green|Grove|Harbou?r|Haven|Height|Highway|Hill|Hollow|Inlet|Island|Isle|Junction|"
             r"Key|Knoll|Lake|Land|Landing|Lane|Light|Loaf|Lock|Lodge|Loop|Mall|Manor|Meadow|Mews|Mill|"
             r"Mission|Motorway|Mount|Mountain|Neck|Orchard|Oval|Overpass|Park|Parkway|Pass|Passage|Path|"
             r"Pike|Pine|Place|Plain|Plaza|Point|Port|Prairie|Radial|Ramp|Ranch|Rapid|Rest|Ridge|Rise|River|"
             r"Road|Route|Row|Rue|Run|Shoal|Shore|Skyway|Spring|Spur|Square|Station|Stravenue|Stream|Street|"
             r"Summit|Terrace|Throughway|Trace|Track|Trafficway|Trail|Tunnel|Turnpike|Underpass|Union|Valley|"
             r"Via|Viaduct|View|Village|Ville|Vista|Walk|Wall|Way|Well)s?")
_HOUSE = r"(?:(?i:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?(?:-\d{1,4})?,?\s+"
_WEAK_RE = re.compile(rf"(?:{_WEAK})$")
# What stands before a house number in a full address, each closed by a comma: the flat, unit,
# room or floor ("Flat 3/2", "Unit 5", "Room 2.14", "3rd Floor", Glasgow's "2/1" and "2 UP LEFT")
# and the building ("Mercury House", "Hatters Court", "Fellside Building", "Derwent Mills").
_FLAT_NUMBER = r"(?:\d[\w./-]{0,5}|[A-Z](?![\w'’]))"   # "3/2", "2.14", "12b", "B"
_DESIGNATOR = (rf"(?:(?i:flat|apartment|apt|unit|room|suite)[ \t]+{_FLAT_NUMBER}|\d{{1,2}}(?i:st|nd|rd|th)[ \t]+(?i:floor)|"
               r"\d{1,2}/\d{1,2}|\d{1,2}[ \t]+(?i:up)[ \t]+(?i:left|right|middle|mid))")
_BUILDING_NAME = (r"(?:[A-Z][\w'’-]+[ \t]+){1,3}(?i:house|court|building|buildings|mills?|wharf|centre|center|"
                  r"towers?|chambers|mansions|hub)")
_BEFORE_ADDRESS = re.compile(rf"(?<![\w/.-])(?:{_DESIGNATOR}|{_BUILDING_NAME}),?[ \t]*\n?[ \t>]*$")
_TITLES = cue("honorifics")
# Words that open a clause rather than a street's name: "That's Tiger Bay", "At Victoria Dock".
_OPENERS = LEADING_STOP | cue("contractions")
_LIVES_ON = re.compile(r"\b(?:live|lives|lived|living|stay|stays|stayed|staying|moved|moving)\s+(?:on|in|to)\s+$",
                       re.IGNORECASE)

# "the A47", "off the M62", "up the a63": a numbered road after "the", unless a paper size or a
# form follows ("the A4 paper").
_NOT_ROAD_AFTER = "|".join(sorted(cue("not_road_after")))
# Written in capitals a road needs no "the" after a word of travel ("7.4 MILES VIA A580", "off M6").
_NUMBERED_ROAD = (rf"(?<![\w'’-])(?:(?i:the)[ \t]+|(?i:via|along|onto|off|join|joined|joins|up|down)[ \t]+(?=[ABM][1-9]\d))"
                  rf"(?P<id>[AaBbMm][1-9]\d{{0,3}}(?:\([Mm]\))?)(?![\w'’-])"
                  rf"(?![ \t]+(?i:{_NOT_ROAD_AFTER})\b)")

# Street names every town has: naming them identifies nobody.
_GENERIC_STREETS = cue("generic_streets")
_GENERIC_AFTER_ARTICLE = cue("generic_streets_after_article")
_ARTICLE_BEFORE = re.compile(r"(?i)\b(?:the|a|an|our|your|their|his|her|my|this|that|every|any)\s+$")


_LOWER_STREET = (r"[a-z][a-z'’-]+(?:\s[a-z][a-z'’-]+)?"
                 r"\s(?:road|street|lane|avenue|close|drive|crescent|grove|terrace|gardens|estate)")
# "fourteen", "forty-one", "fifty six", "two hundred and twelve": a house number in words.
_HOUSE_WORDS = rf"(?i:{NUMBER_WORDS}(?:[ -]hundred(?:[ -]and)?(?:[ -]{NUMBER_WORDS})?|[ -]{NUMBER_WORDS})?)"
# A house number said in words before a street found, as speech recognition types it and older
# speakers give it: "fourteen harden road", "FOURTEEN FORE STREET", "fifty six Maybury Road";
# not after "the" ("the one way road").
_SPOKEN_HOUSE_BEFORE = re.compile(rf"(?<![\w'’-])(?<!the\s)(?<!THE\s){_HOUSE_WORDS}[ \t]+$")


class AddressRecogniser(RegexRecogniser):
    NAME = "uk_address"
    ENTITY = "ADDRESS"
    CONTEXT = ("live", "lives", "lived", "living", "address", "moved", "road", "street", "estate")
    RULES = (
        Rule("house_and_street", rf"(?<![\w£$.,/])(?P<id>{_HOUSE}{_STREET})\b", scores.ADDRESS_HOUSE_STREET, type="ADDRESS"),
        Rule("house_and_any_street", rf"(?<![\w£$.,/])(?P<id>{_HOUSE}{_STREET_WORD}(?:[ \t]+{_STREET_WORD}){{0,2}}"
                                     rf"[ \t]+{_ANY_TYPE})\b", scores.ADDRESS_HOUSE_OTHER, type="ADDRESS"),
        Rule("house_and_building", rf"(?<![\w£$.,/])(?P<id>{_HOUSE}{_STREET_WORD}(?:[ \t]+{_STREET_WORD}){{0,2}}"
                                   rf"[ \t]+(?:{_BUILDING}))\b", scores.ADDRESS_HOUSE_OTHER, type="ADDRESS"),
        # "Flat 58, Bentley House": a flat in a named block, with no street number
        Rule("flat_in_building", rf"(?<![\w/.-])(?P<id>(?i:flat|apartment|apt)[ \t]+{_FLAT_NUMBER},?[ \t]+"
                                 rf"(?:[A-Z][\w'’-]+[ \t]+){{1,3}}(?i:house|court|building|mansions|towers?|lodge|point))\b",
             scores.ADDRESS_HOUSE_OTHER, type="ADDRESS"),
        Rule("street", rf"(?P<id>{_STREET_OPENING}{_STREET_REST})\b", scores.STREET, type="STREET"),
        Rule("numbered_road", _NUMBERED_ROAD, scores.STREET, type="STREET"),
        Rule("named_street", rf"(?P<id>{_STREET_OPENING}[ \t]+{_ANY_TYPE})\b", scores.STREET_NAMED, type="STREET"),
        # lower-case transcripts: "we live on mill lane" (only after a locative word)
        Rule("lower_street", rf"\b(?:on|in|at|off|along|near|from|to)\s(?P<id>{_LOWER_STREET})\b",
             scores.STREET_LOWER, type="STREET"),
    )

    def validate(self, value: str, match: re.Match, rule: Rule) -> float | None:
        if rule.name == "named_street":
            names = lexicon_of(self)
            first = value.split()[0].lower()
            if not names.is_name(first):
                return None
            # "Hope Common" alone may be anything; after "the carers live on" it is a street.
            if names.very_common(first) and not _LIVES_ON.search(match.string, max(0, match.start() - 30),
                                                                 match.start()):
                return None
        return rule.score

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        for d in super().find(text, doc):
            start = d.start
            if d.type == "STREET":
                for m in re.finditer(r"\S+\s+", d.text):
                    if m.group(0).strip().lower().replace("’", "'") in _OPENERS:
                        start = d.start + m.end()
                    else:
                        break
            value = text[start:d.end]
            words = value.split()
            lower = value.lower()
            if d.type == "STREET" and words[0].lower().rstrip(".") in _TITLES:
                continue   # "Miss Lane", "Mr Street": a person, the person recogniser's
            if d.rule == "numbered_road":
                out.append(d)
                continue
            if d.type == "ADDRESS":
                # "Unit 5, Hatters Court, 2 Heaton Lane": the flat and the building before the number
                while (before := _BEFORE_ADDRESS.search(text, max(0, start - 60), start)) is not None \
                        and before.start() < start:
                    start = before.start()
                value = text[start:d.end]
            if lower in _GENERIC_STREETS or len(words) < 2 or (
                    lower in _GENERIC_AFTER_ARTICLE and _ARTICLE_BEFORE.search(text, max(0, start - 12), start)):
                continue
            name_words = [w for w in words[:-1] if not w[0].isdigit()]
            # "on High Street" (no article): one street's name, though its words are generic
            named_street = lower in _GENERIC_AFTER_ARTICLE
            if value[:1].islower():
                # "down the road", "in our street", "on the estate": no name in front of the suffix
                if any(w in LEADING_STOP or w in GENERIC for w in name_words) and not named_street:
                    continue
                out.append(replace(d, start=start, text=value, uncertain=True))
                continue
            if d.type == "STREET" and all(w.lower().strip(",") in GENERIC for w in name_words) and not named_street:
                continue
            score = d.score
            uncertain = False
            if d.type == "STREET" and _WEAK_RE.search(value):
                if re.match(r"[ \t]+[A-Z]", text[d.end:d.end + 3]):
                    continue   # "Castle Park Surgery", "Victoria Park Rangers": a longer name, another rule's
                # "Rose Hill", "Castle Park": street-like but also parks, hills or surnames.
                score, uncertain = scores.STREET_WEAK, False
            out.append(replace(d, start=start, text=value, score=score, uncertain=uncertain))
        return [self._spoken_house(text, d) for d in out]

    @staticmethod
    def _spoken_house(text: str, d: Detection) -> Detection:
        """A street with its house number said in words before it is an address, as sure as one
        with figures."""
        if d.type != "STREET" or d.rule == "numbered_road":
            return d
        m = _SPOKEN_HOUSE_BEFORE.search(text, max(0, d.start - 40), d.start)
        if m is None:
            return d
        return replace(d, start=m.start(), text=text[m.start():d.end], type="ADDRESS", rule="spoken_house",
                       score=scores.ADDRESS_HOUSE_OTHER, uncertain=False)
