from anonymise.text.recognisers.postcode import PostcodeRecogniser


def _found(text):
    return {d.text for d in PostcodeRecogniser().find(text)}


def test_full_postcodes_any_case_and_spacing():
    assert _found("She lives at NR32 4TT now") == {"NR32 4TT"}
    assert _found("post it to m14 5ab please") == {"m14 5ab"}
    assert _found("SW1A1AA") == {"SW1A1AA"}


def test_partial_outward_codes_need_place_context():
    assert _found("they moved to NR32 last year") == {"NR32"}
    assert _found("she lives in M14") == {"M14"}
    assert _found("the M14 area") == {"M14"}
    assert _found("we came down the M6 and") == set()
    assert _found("vitamin B12 tablets") == set()
    assert _found("SW1: yes, that's right") == set()


def test_unknown_postcode_areas_are_ignored():
    assert _found("in QX12 4AB") == set()


def test_spelled_out_postcodes():
    assert _found("his address h u 9 5 r q sorry") == {"h u 9 5 r q"}
    assert _found("a b c d e f") == set()
    assert _found("x y 9 5 r q") == set()          # no XY area


def test_lower_case_outward_codes_need_a_close_cue():
    assert _found("it's flat 3 41 heneage road dn32 i've been there") == {"dn32"}
    assert _found("now we're at 27 endike lane it's hu6 up past") == {"hu6"}
    assert _found("just postcode stuff so16 versus so19 it's stupid") == {"so16", "so19"}
    assert _found("i took b12 and co2 is bad in the area") == set()
    assert _found("we came off the m6 in the area") == set()


def test_outward_code_after_a_town():
    assert _found("participant's home, Forfar (DD8)") == {"DD8"}


def test_eircodes():
    assert _found("it's 7 Drumgristin Park, Monaghan, H18 W2K7. Or ring") == {"H18 W2K7"}
    assert _found("item A65 1234 in stock") == set()
