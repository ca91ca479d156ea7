"""Passport numbers, Home Office references, and staff, payroll and other reference numbers."""

from anonymise.text.recognisers.case_reference import CaseReferenceRecogniser
from anonymise.text.recognisers.immigration import ImmigrationReferenceRecogniser
from anonymise.text.recognisers.ni_number import NiNumberRecogniser, pps_check_ok
from anonymise.text.recognisers.passport import PassportRecogniser
from anonymise.text.recognisers.references import ReferenceRecogniser


def _found(rec, text):
    return {(d.text, d.rule) for d in rec.find(text)}


def test_passports_only_when_a_passport_is_mentioned():
    rec = PassportRecogniser()
    assert _found(rec, "his passport number is 123 456 789 and hers is FA1234567") == \
        {("123 456 789", "uk"), ("FA1234567", "other")}
    assert rec.find("we had 123 456 789 visitors") == []


def test_home_office_references():
    rec = ImmigrationReferenceRecogniser()
    assert _found(rec, "For him is different, GWF071338264.") == {("GWF071338264", "gwf")}
    assert _found(rec, "[shows letter] Mine, H2047719.") == {("H2047719", "home_office")}
    assert _found(rec, "her BRP. The number is ZR4819037, and") == {("ZR4819037", "brp")}
    assert _found(rec, "Reference... 3412-8890-1175-2063. This one.") == {("3412-8890-1175-2063", "application")}
    assert rec.find("Room H2047719 and ZR4819037") == []


def test_references_after_their_label():
    rec = ReferenceRecogniser()
    assert _found(rec, "my staff number 100482731 has to go on the form") == {("100482731", "labelled")}
    assert _found(rec, "> Staff no. 48812") == {("48812", "labelled")}
    assert _found(rec, "badge 7043, it's on the headrest") == {("7043", "labelled")}
    assert _found(rec, "it says employee number w 2 2 7 1 5 and the hours") == {("w 2 2 7 1 5", "labelled")}
    assert _found(rec, "  Account:      ProsserS3 (external)") == {("ProsserS3", "account_field")}
    found = rec.find("PC Lewis\n> (6633) might join")
    assert [(d.text, d.rule, d.cue) for d in found] == [("6633", "collar_number", "PC")]


def test_research_codes_are_not_references():
    rec = ReferenceRecogniser()
    for text in ("R0311: I was on the staff list", "resp_044, I think so", "P4 said the staff were fine",
                 "FG2 was quieter; SW3 agreed", "staff member P4 said", "the staff number R0311: yes"):
        assert rec.find(text) == [], text


def test_pps_and_named_ni_numbers():
    assert pps_check_ok("1234567T") and pps_check_ok("1234567FA") and not pps_check_ok("1234567A")
    rec = NiNumberRecogniser()
    assert _found(rec, "my PPS is 1234567T") == {("1234567T", "pps")}
    assert rec.find("code 6183924TA on file") == []
    # QQ is never issued, but said to be an NI number it is one.
    assert _found(rec, "me ni number, qq 12 34 56 c, me bank statements") == {("qq 12 34 56 c", "nino")}
    assert rec.find("code QQ 12 34 56 C") == []


def test_case_references_read_out_with_a_space():
    rec = CaseReferenceRecogniser()
    assert {d.text for d in rec.find("me reference is hcc 044719 and")} == {"hcc 044719"}
    assert {d.text for d in rec.find("Reference... 3412-8890")} == {"3412-8890"}
    assert rec.find("the case was in 2019 and") == []


def test_a_year_after_a_label_alone_is_a_date():
    rec = ReferenceRecogniser()
    assert rec.find("the membership 2019 ran out and payroll 2020 changed") == []
    assert _found(rec, "the library card number 20349 was on it") == {("20349", "labelled")}
    assert _found(rec, "my membership no. 004512 ran out") == {("004512", "labelled")}
