from anonymise.text.recognisers.ages import AgeRecogniser
from anonymise.text.recognisers.dates import DateRecogniser


def _dates(text):
    return {d.text for d in DateRecogniser().find(text)}


def _ages(text):
    return {d.text for d in AgeRecogniser().find(text)}


def test_specific_dates_in_many_forms():
    assert _dates("born on the 3rd of March 2012") == {"the 3rd of March 2012"}
    assert _dates("on March 3rd, 2012 we met") == {"March 3rd, 2012"}
    assert _dates("DOB 03/03/2012.") == {"03/03/2012"}
    assert _dates("on the twelfth of June") == {"the twelfth of June"}
    assert _dates("from 2012-03-03") == {"2012-03-03"}
    assert _dates("in March 2012") == {"March 2012"}
    assert _dates("on 5 Feb. 2011") == {"5 Feb. 2011"}


def test_vague_times_are_not_dates():
    assert _dates("last week, on Monday, in March, in 2012, May I ask, for 15 years") == set()


def test_ages():
    assert _ages("he's fourteen now") == {"fourteen"}
    assert _ages("a 14-year-old lad") == {"14-year-old"}
    assert _ages("aged 9 at the time") == {"aged 9"}
    assert _ages("when she was six") == {"six"}
    assert _ages("she was 15 years old") >= {"15 years old"}
    assert _ages("the baby was 18 months old") >= {"18 months old"}
    assert _ages("it was her 16th birthday") == {"16th birthday"}
    assert _ages("Kayleigh turned 16 in May") == {"16"}


def test_durations_counts_and_times_are_not_ages():
    assert _ages("he's been in care 15 years") == set()
    assert _ages("she was 15 minutes late, it was 3 o'clock") == set()
    assert _ages("I was one of six kids; there's two of them") == set()
    assert _ages("for six months, 15 years ago") == set()


def test_more_age_forms():
    assert _ages("a 14yo boy") == {"14yo"}
    assert _ages("it was when he got to about 9 that it started") == {"9"}
    assert _ages("I’m 13, I’ll be fourteen soon") == {"13", "fourteen"}


def test_ages_named_as_limits_are_not_ages():
    assert _ages("I want to stay till I'm eighteen") == set()
    assert _ages("support until she's 21") == set()


def test_ages_in_brackets_and_of_relatives():
    assert _ages("Jayden (14) and Kayla (9) were placed together") == {"14", "9"}
    assert _ages("My brother's 19 and my sister turned twenty") == {"19", "twenty"}


def test_dialect_were_ages():
    assert _ages("I were eleven when I went into care.") == {"eleven"}
    assert _ages("she were 9 at the time") == {"9"}
    assert _ages("There were eleven kids. We were eleven of us.") == set()


def test_dialect_were_after_a_first_name(found):
    got = found("our Kyle were nine. Our Shannon were about six.")
    assert {t for t, kind in got if kind == "AGE"} == {"nine", "six"}
    assert not any(kind == "AGE" for _, kind in found("They were nine. City were two nil up."))


def test_an_age_used_as_a_yardstick_is_not_an_age():
    assert _ages("he's a fourteen-year-old reading at the level of an eight-year-old") == {"fourteen-year-old"}
    assert _ages("she acts like a five-year-old, older than a ten-year-old") == set()
    assert _ages("I was like a 14 year old then") == {"14 year old"}
