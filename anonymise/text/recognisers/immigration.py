"""Home Office and visa references: GWF visa application numbers ("GWF012345678", always),
Home Office references (a letter and seven digits, "H1234567", "H1234567/2"), biometric
residence permit numbers (two letters and seven digits, "ZR4819037") and UKVI application
numbers ("3412-8890-1175-2063"), the last three only near a word about immigration papers."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.cued import CuedRecogniser


class ImmigrationReferenceRecogniser(CuedRecogniser):
    NAME = "immigration_reference"
    ENTITY = "IMMIGRATION_REFERENCE"
    CONTEXT = ("home office", "ho ref", "visa", "asylum", "immigration", "ukvi", "brp",
               "residence permit", "residence card", "leave to remain", "settled status",
               "pre-settled", "eu settlement", "euss", "application", "reference", "ref",
               "letter", "permit", "uan", "gwf", "case id")
    CONTEXT_BEFORE = 60
    RULES = (
        Rule("gwf", r"(?<![\w-])(?P<id>GWF ?\d{9})(?![\w-])", 0.95, re.IGNORECASE),
        Rule("home_office", r"(?<![\w-])(?P<id>[A-Z]\d{7}(?:/\d{1,2})?)(?![\w-])", 0.75, needs_context=True),
        Rule("brp", r"(?<![\w-])(?P<id>[A-Z]{2}\d{7})(?![\w-])", 0.75, needs_context=True),
        Rule("application", r"(?<![\w-])(?P<id>\d{4}-\d{4}-\d{4}-\d{4})(?![\w-])", 0.75, needs_context=True),
    )

