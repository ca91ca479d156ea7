"""Digits a scanner read for letters are read as the letters, at the same length (ocr_slips.py)."""

from anonymise.text.lexicon import load
from anonymise.text.ocr_slips import read


def test_a_zero_or_a_one_between_letters_is_read_as_its_letter():
    text = "DANS0N: WHAT DID M0SS0P SAY AT EAS1NGTON? I WAS STI1L AT McILWRA1TH'S, the sch0ol."
    copy = read(text, load())
    assert len(copy) == len(text)
    assert copy == "DANSON: WHAT DID MOSSOP SAY AT EASINGTON? I WAS STILL AT McILWRAITH'S, the school."


def test_codes_keep_their_digits():
    for code in ("OL10 2AB", "R0311:", "KB02", "H1N1", "T1A", "NR30 2HR", "FG1", "SW1A 1AA", "flat 10b"):
        assert read(code, load()) == code


def test_a_slip_at_a_words_edge_counts_only_where_the_reading_is_a_word_or_a_month():
    assert read("RECORDED AT: BARROW, 14 0CT0BER 1986", load()) == "RECORDED AT: BARROW, 14 OCTOBER 1986"
    assert read("0LD10 and 1NT0", load()) == "0LD10 and 1NT0"
