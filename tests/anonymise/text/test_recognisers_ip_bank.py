"""IP addresses and bank details: validated by their own checks, context where the shape is common."""

from anonymise.text.recognisers.bank_details import BankDetailsRecogniser, iban_ok
from anonymise.text.recognisers.ip_address import IpAddressRecogniser


def _found(rec, text):
    return {(d.text, d.rule) for d in rec.find(text)}


def test_ip_addresses_v4_and_v6():
    rec = IpAddressRecogniser()
    assert _found(rec, "203.0.113.47 at 02:14 was not me") == {("203.0.113.47", "v4")}
    assert _found(rec, "Previous IP:  10.44.8.121 (2023-05-16 17:40:55)") == {("10.44.8.121", "v4")}
    assert _found(rec, "from 2001:db8::8a2e:370:7334 too") == {("2001:db8::8a2e:370:7334", "v6")}
    assert rec.find("version 300.1.2.4 and 1.2.3") == []        # 300 is out of range
    assert rec.find("we use version 1.2.3.4 of it") == []        # a software version
    assert rec.find("at 10:44:05 and 12:30, and :: too") == []  # clock times


def test_sort_codes_and_account_numbers_only_when_named():
    rec = BankDetailsRecogniser()
    assert _found(rec, "sort code 20 45 77 account 6318 0924 [laughs]") == \
        {("20 45 77", "sort_code"), ("6318 0924", "account")}
    assert _found(rec, "  Sort code: 30-94-57\n  Account no: 71502836") == \
        {("30-94-57", "sort_code"), ("71502836", "account")}
    assert _found(rec, "sort code two oh, four five, seven seven") == {("two oh, four five, seven seven", "spoken")}
    assert rec.find("we scored 20 45 77 in the three rounds") == []
    assert rec.find("there were 63180924 people") == []


def test_ibans_by_the_mod97_check():
    assert iban_ok("GB82 WEST 1234 5698 7654 32")
    assert not iban_ok("GB82 WEST 1234 5698 7654 33")
    assert not iban_ok("GB82 WEST 1234 5698 7654")               # GB IBANs are 22 long
    rec = BankDetailsRecogniser()
    assert _found(rec, "pay GB82 WEST 1234 5698 7654 32 thanks") == {("GB82 WEST 1234 5698 7654 32", "iban")}
    assert rec.find("pay GB82 WEST 1234 5698 7654 33 thanks") == []
    # Named as an IBAN and the right length for its country: taken despite the check.
    named = rec.find("her IBAN on a post-it, PL27 1140 2004 0000 3702 7561 9843, I could")
    assert [d.text for d in named] == ["PL27 1140 2004 0000 3702 7561 9843"]


def test_card_numbers_by_luhn():
    rec = BankDetailsRecogniser()
    assert _found(rec, "it was 4539 5787 6362 1486 on the form") == {("4539 5787 6362 1486", "card")}
    assert rec.find("it was 4539 5787 6362 1487 on the form") == []
