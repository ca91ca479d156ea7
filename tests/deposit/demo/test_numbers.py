"""Planted numbers carry valid check digits and realistic shapes, so validating detectors can find them."""

import random
import re

import pytest

from deposit.demo import numbers

UPN_WEIGHTS = range(2, 14)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_nhs_check_digit_known_example():
    # 943 476 5919 is the NHS's own worked example of a valid number
    assert numbers.nhs_check_digit("943476591") == 9


@pytest.mark.parametrize("seed", range(5))
def test_nhs_numbers_pass_modulus_11(seed):
    rng = random.Random(seed)
    for _ in range(200):
        number = digits(numbers.nhs_number(rng))
        assert len(number) == 10
        total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1)))
        assert (11 - total % 11) % 11 == int(number[9])


def test_ni_numbers_use_issued_prefixes():
    rng = random.Random(7)
    for _ in range(500):
        ni = numbers.ni_number(rng).replace(" ", "")
        assert re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", ni)
        assert ni[0] not in "DFIQUV" and ni[1] not in "DFIOQUV"
        assert ni[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def test_upn_check_letter_is_mod_23():
    rng = random.Random(3)
    for _ in range(300):
        upn = numbers.upn(rng, 926, 2004)
        assert len(upn) == 13 and upn[1:4] == "926" and upn[8:10] == "04"
        total = sum(int(c) * w for c, w in zip(upn[1:], UPN_WEIGHTS))
        assert upn[0] == "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23]


def test_phone_numbers_are_in_ofcom_drama_ranges():
    rng = random.Random(11)
    shapes = set()
    for _ in range(300):
        phone = numbers.phone_number(rng)
        flat = digits(phone)
        national = "0" + flat[2:] if flat.startswith("44") else flat
        assert national.startswith("07700900") or "4960" in national or "4980" in national \
            or national.startswith("0207946") or national.startswith("01632960")
        shapes.add(re.sub(r"\d", "9", phone))
    assert len(shapes) >= 6, "phone numbers should come in several written shapes"


def test_spoken_phone_reads_digits_as_words():
    rng = random.Random(2)
    spoken = numbers.spoken_phone(rng)
    assert spoken.startswith("oh seven seven") and not re.search(r"\d", spoken)
    assert "double" in " ".join(numbers.spoken_phone(rng) for _ in range(20))


def test_court_reference_shape():
    assert re.fullmatch(r"NR13C\d{5}", numbers.court_reference(random.Random(1), "NR", 2013))
