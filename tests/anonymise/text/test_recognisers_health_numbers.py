"""NHS, CHI and Health and Care numbers: one check digit, three ranges, any spacing."""

from anonymise.text.numbers import mod11_ok
from anonymise.text.recognisers.chi_number import ChiNumberRecogniser
from anonymise.text.recognisers.hc_number import HcNumberRecogniser
from anonymise.text.recognisers.nhs_number import (
    CHI,
    HC,
    NHS,
    NhsNumberRecogniser,
    health_service,
)


def _found(recogniser, text):
    return {(d.text, d.type) for d in recogniser.find(text)}


def test_mod11_check_digit():
    assert mod11_ok("9434765919")
    assert not mod11_ok("9434765918")
    assert not mod11_ok("943476591")        # nine digits


def test_ranges_tell_the_services_apart():
    assert health_service("9434765919") == NHS
    assert health_service("1603044477") == CHI     # born 16 March 2004
    assert health_service("3201234567") == HC
    assert health_service("3301234567") == HC      # 330 is no date of birth: H&C range


def test_nhs_numbers_in_any_spacing():
    rec = NhsNumberRecogniser()
    for written in ("943 476 5919", "9434765919", "943-476-5919", "94 34 76 59 19", "9434 765 919"):
        assert _found(rec, f"his number was {written} on the letter") == {(written, NHS)}
    assert _found(rec, "nine four three, four seven six, five nine one nine") == \
        {("nine four three, four seven six, five nine one nine", NHS)}
    # Part of a longer run of digits (a card, an IBAN) is not an NHS number.
    assert rec.find("card 4929 4765 9190 1234") == []


def test_nhs_recogniser_leaves_other_ranges_unless_named():
    rec = NhsNumberRecogniser()
    assert rec.find("it was 160304 4477 I think") == []
    assert _found(rec, "his NHS number is 160304 4477") == {("160304 4477", NHS)}


def test_chi_numbers():
    rec = ChiNumberRecogniser()
    assert _found(rec, "YP: TYLER   DOB: 16/03/2004   CHI: 160304 4477") == {("160304 4477", CHI)}
    assert _found(rec, "ref 1603044477 on file") == {("1603044477", CHI)}
    # Wrong check digit: only when someone says it is a CHI number, and only with a real date.
    assert rec.find("ref 160304 4471 on file") == []
    named = rec.find("CHI: 160304 4471")
    assert [d.text for d in named] == ["160304 4471"] and named[0].score < 0.9
    assert rec.find("CHI: 463304 4471") == []            # day 46: no date of birth


def test_hc_numbers():
    rec = HcNumberRecogniser()
    assert _found(rec, "his H&C number is 320 123 4567") == {("320 123 4567", HC)}
    assert _found(rec, "the number 3549012276 was on the card") == {("3549012276", HC)}
    assert rec.find("the number 3549012275 was on the card") == []   # bad check digit
    assert rec.find("Health and Care number 472 118 3306") == []   # out of the H&C range
