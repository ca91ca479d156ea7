"""Words broken at a hard wrap are read whole, and offsets stay the text's (wraps.py)."""

from anonymise.text.lexicon import load
from anonymise.text.wraps import rejoin, to_text


def test_a_broken_name_is_read_whole_at_the_same_length():
    text = "A FISHER FAMILY, THE ROBE-\nRTSONS. HE WAS SIXTY-\nFIVE."
    copy, joins = rejoin(text, load())
    assert len(copy) == len(text)
    assert "ROBERTSONS." in copy and "SIXTY-FIVE." in copy
    # the joined word ends where the broken one ended: everything after it is where it was
    assert copy.index("ROBERTSONS") + len("ROBERTSONS") == text.index("RTSONS") + len("RTSONS")
    assert copy[copy.index(". HE"):] .startswith(". HE WAS") and copy.endswith("FIVE.")


def test_a_span_touching_a_broken_word_takes_all_of_it():
    text = "THE ROBE-\nRTSONS WENT"
    copy, joins = rejoin(text, load())
    start = copy.index("ROBERTSONS")
    assert to_text(start, start + len("ROBERTSONS"), joins) == (text.index("ROBE"), text.index(" WENT"))
    assert to_text(0, 3, joins) == (0, 3)     # "THE" is untouched


def test_text_without_broken_words_is_returned_as_it_is():
    text = "well-known and sixty-five\nand a line"
    copy, joins = rejoin(text, load())
    assert copy is text and joins == []


def test_a_compound_needs_two_everyday_halves_and_no_word_made_whole():
    text = ("HOUSE ON HOLDER-\nNESS ROAD, BRED IN CULLER-\nCOATS, AT THE SPAR-\nROW'S NEST. A GREAT-\n"
            "GRANDMOTHER, SELF-\nEMPLOYED.")
    copy, _ = rejoin(text, load())
    # a rare half ("ness", "culler") is no compound's: the typist broke a place's name
    assert "HOLDERNESS ROAD" in copy and "CULLERCOATS," in copy
    # the halves made whole are a word: the typist broke it
    assert "SPARROW'S NEST" in copy
    # everyday halves that make no word together keep their hyphen
    assert "GREAT-GRANDMOTHER" in copy and "SELF-EMPLOYED" in copy
