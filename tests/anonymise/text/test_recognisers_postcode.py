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
