"""Addresses read out in words, shared by the e-mail, web-address, handle and what3words
recognisers: "k dot brown at yahoo dot co dot uk", "phoenix youth dot org dot uk",
"jade underscore xo", "slash slash slash filled dot count dot soap".

Speech-recognition output and lower-case transcripts write them this way, so the pieces
(joiner words, the endings a domain closes with, a trailing number said in words) are defined
once here and mean the same in every recogniser.
"""

from __future__ import annotations

from anonymise.text.numbers import NUMBER_WORDS, SPOKEN_DIGIT_TOKEN

# A space inside one line: a spoken address never runs over a line break (in subtitles the next
# line may be a cue number or a timing line).
SP = r"[^\S\n]"
DOT = r"(?:dot|point)"
# Words said between the parts of a name: "dot", "underscore", "hyphen", "dash".
JOINER = r"(?:dot|point|underscore|hyphen|dash)"
SLASH = rf"(?:forward{SP}+slash|slash)"
# One spoken label: letters and digits as the recogniser wrote them ("mcgilloway", "j", "09").
LABEL = r"[a-z0-9][a-z0-9']*"
# A number said after a name, as people add to handles and addresses: "eighty-one", "zero seven", "09".
TRAILING_NUMBER = rf"(?:{SP}(?:{NUMBER_WORDS}|oh|\d+)){{1,4}}"

# Endings a spoken domain closes with (generic, UK second-level and the country codes of the
# countries participants come from). Short words that are also ordinary English ("in", "it",
# "me", "is") are left out: "dot in" is seldom a domain in speech.
TLDS = ("com", "co", "uk", "org", "net", "gov", "ac", "nhs", "sch", "ltd", "plc", "police",
        "mod", "edu", "io", "info", "biz", "tv", "eu", "ie", "cymru", "wales", "scot", "london",
        "pl", "ro", "lt", "lv", "bg", "sk", "cz", "hu", "de", "fr", "es", "pt", "nl", "ng", "gh",
        "za", "pk", "au", "ca", "nz", "app", "online", "uk")
TLD = "(?:" + "|".join(sorted(set(TLDS), key=len, reverse=True)) + ")"
# A spoken domain: labels joined by "dot" (or "hyphen" inside a label) ending in known endings.
DOMAIN = rf"{LABEL}(?:{SP}(?:{DOT}|hyphen|dash){SP}{LABEL})*?{SP}{DOT}{SP}{TLD}(?:{SP}{DOT}{SP}{TLD})*"

# Gates (base.Rule.needs): what every spoken address, handle or number holds, searched once per
# text instead of trying each long pattern at every word.
NEEDS_DOMAIN = rf"(?i)(?:\b{DOT}{SP}+|\.){TLD}\b"                  # "dot com", ".co.uk"
NEEDS_JOINER = r"(?i)\b(?:underscore|dot|point)\b"
NEEDS_NUMBER_RUN = rf"{SPOKEN_DIGIT_TOKEN}(?:[\s,.-]+{SPOKEN_DIGIT_TOKEN}){{3}}\b"   # four number words or groups

# A spoken address or handle does not open with a function word ("the dot com bubble", "with
# the underscore"): words at least this frequent (Zipf) are speech around it.
FUNCTION_WORD_ZIPF = 6.0
