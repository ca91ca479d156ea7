"""Words broken at a hard wrap are read whole, and offsets stay the text's (wraps.py)."""

from anonymise.text.lexicon import load
from anonymise.text.wraps import rejoin, to_text, unwrap


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


TYPESCRIPT = ("INT:    AND WHAT HAPPENED TO TERRY IN THE OCTOBER, AFTER THE MARCH?\n"
              "MRS D:  IT WAS A HARD WINTER AND WE WERE OUT ON THE LINE EVERY DAY.\n"
              "        IN THE OCTOBER THEY LIFTED OUR TERRY AND HAD HIM IN SOUTH\n"
              "        SHIELDS POLICE STATION ALL NIGHT, THEN UP AT THE MAGISTRATES\n"
              "        IN THE MORNING. HE WAS BOUND OVER AND WE WALKED HOME IN RAIN.\n")


def test_a_wrapped_paragraph_runs_on_at_the_same_length():
    copy = unwrap(TYPESCRIPT)
    assert len(copy) == len(TYPESCRIPT)
    assert "IN SOUTH         SHIELDS POLICE STATION" in copy            # the wrap's break: a space
    assert "STATION ALL NIGHT, THEN UP AT THE MAGISTRATES         IN THE MORNING" in copy
    assert "MARCH?\nMRS D:" in copy                                      # a turn opens its own line
    assert "EVERY DAY.\n" in copy                                        # a sentence's end ends no name
    assert [i for i, c in enumerate(copy) if c != TYPESCRIPT[i]] == \
        [i for i, c in enumerate(TYPESCRIPT) if c == "\n" and copy[i] == " "]


def test_lines_of_a_list_or_a_signature_stay_lines():
    signature = "--\nHope Atkinson\nKinship Support Worker | Lantern Team\nFamily Threads\nT: 01900 612 040\n"
    listed = ("Things the young people liked about the group:\nthe trips out to the coast\n"
              "the food on a Friday night\nPhoenix\nCentre staff were always kind to us\n")
    assert unwrap(signature) is signature
    assert unwrap(listed) is listed


def test_a_wrap_after_an_initial_runs_on_and_the_break_reaches_the_copy_rejoin_reads():
    text = ("Present: Mrs V. Mobbs (in the Chair), Mr H. Catchpole, Mr Ernest Brundish,\n"
            "Mrs Gladys Crisp, Sister O. Adebayo (district nurse), Father Szymanski, Mr W.\n"
            "Utting and Mrs Frank, with the secretary, who took the minutes of the day.\n"
            "Apologies were received from the vicar and from the harbour master, too.\n")
    copy, joins = rejoin(text, load())
    assert "Mr W. Utting" in copy and joins == []


def test_rows_set_in_columns_are_never_read_as_a_wrapped_paragraph():
    rows = ["A/241 MUIR, ROBERT (\"RAB\")         4. 6.59  ONTHANK       26. 3.73",
            "A/229 BELL, WILLIAM                19. 5.58 IRVINE        2. 8.72",
            "A/236 FITZSIMMONS, JOHN            11.10.58 SALTCOATS     14.11.72",
            "A/231 SWEENEY, JAMES               8. 3.59 KILWINNING     21. 9.72",
            "A/233 LOVE, THOMAS                 6. 6.58 ARDROSSAN      19. 3.73"]
    text = "\n".join(rows) + "\n"
    assert unwrap(text) == text
