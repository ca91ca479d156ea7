import re

from anonymise.text.recognisers.ages import AgeRecogniser
from anonymise.text.recognisers.dates import DateRecogniser
from anonymise.text.recognisers.turns import next_turns, opens_sentence


def _dates(text):
    return {d.text for d in DateRecogniser().find(text)}


def _ages(text):
    return {d.text for d in AgeRecogniser().find(text)}


def test_specific_dates_in_many_forms():
    assert _dates("born on the 3rd of March 2012") == {"3rd of March 2012"}   # "the" stays outside
    assert _dates("on March 3rd, 2012 we met") == {"March 3rd, 2012"}
    assert _dates("DOB 03/03/2012.") == {"03/03/2012"}
    assert _dates("on the twelfth of June") == {"twelfth of June"}
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


def test_a_date_hard_wrapped_over_two_lines():
    text = "OUR PATRICK WAS BORN IN THE '72 DISPUTE, THE 30TH\nOF JULY, AND I WASN'T THERE"
    assert _dates(text) == {"30TH\nOF JULY"}
    assert _dates("Born here, ar y nawfed o\nFehefin, pedwar deg pump, in the house") == \
        {"y nawfed o\nFehefin, pedwar deg pump"}


def test_dates_in_every_numeric_order_and_with_weekdays():
    assert _dates("14/03/22, 3.4.22, 2022-03-14, 03-14-2022") == {"14/03/22", "3.4.22", "2022-03-14", "03-14-2022"}
    assert _dates("Date: Wed, 17 May 2023 16:03") == {"Wed, 17 May 2023"}
    assert _dates("on 14/3 and again 9/10 people said, open 24/7, 13/14/22") == {"14/3"}


def test_a_spoken_year_belongs_to_its_date_and_a_count_does_not():
    assert _dates("The thirty-first of January, fifty-three. I was twelve.") == \
        {"thirty-first of January, fifty-three"}
    assert _dates("on the 16th of March, forty-odd people come") == {"16th of March"}
    assert _dates("on the 3rd of June twenty kids came") == {"3rd of June"}


def test_a_month_before_a_spoken_year_is_never_a_name_with_an_age(found):
    got = found("The big one? The thirty-first of January, fifty-three. I was twelve.")
    assert ("fifty-three", "AGE") not in got
    assert ("twelve", "AGE") in got


def test_bare_days_need_a_point_in_time_and_not_a_noun():
    assert _dates("he was seventeen on the 4th, out on the 6th -- and") == {"4th", "6th"}
    assert _dates("on the first day, on the second floor, from the first, on the Twelfth") == set()
    assert _dates("it was on the first.") == {"first"}


def test_adult_ages_and_ages_in_months():
    assert _ages("she's eighty-three, he died at sixty, I WAS FOURTEEN") == {"eighty-three", "sixty", "FOURTEEN"}
    assert _ages("she's only eighteen month.") == {"eighteen month"}
    assert _ages("he was six months in hospital") == set()


def test_ages_in_a_list_and_restated():
    assert _ages("They're six and four now.") == {"six", "four"}
    assert _ages("They were six.") == set()
    assert _ages("He was ten at the time. Ten.") == {"ten", "Ten"}
    assert _ages("I was fifteen. Fifteen pounds a week I got.") == {"fifteen"}


def test_an_answer_to_how_old(found):
    text = "INT: And how old is he now, Kuba?\n\nMOTHER: Fifteen, yeah. So... fifteen.\n\nINT: And school?\n\nMOTHER: Three."
    ages = {t for t, kind in found(text) if kind == "AGE"}
    assert ages == {"Fifteen", "fifteen"}


# -- where turns and sentences begin (turns.py, shared by both recognisers)
def test_next_turns_skip_subtitle_cues_and_speaker_labels():
    text = "1\n00:00:01.000 --> 00:00:02.000\n<v SPEAKER_00>how old is he\n\n2\n00:00:03.000 --> 00:00:04.000\n<v SPEAKER_01>twelve\n"
    (start, end), = next_turns(text, text.index("how old"), 1)
    assert text[start:end] == "twelve"
    for line, said in (("JORDAN - Eleven.", "Eleven."), ("[00:01:51] R: Yes, six", "Yes, six"),
                       ("**Jac**: Jac. Fourteen.", "Jac. Fourteen."), ("[TAID] Well.", "Well."),
                       ("[00:03:07]\tRespondent\tWe had", "We had")):
        text = "Q: how old?\n" + line
        (start, end), = next_turns(text, 0, 1)
        assert text[start:end] == said


LEAD = re.compile(r"(?:(?<!\w)(?:yes|maybe)[\s,]*|[\s,]+)$", re.IGNORECASE)


def test_a_word_opens_a_sentence_after_lead_ins_only():
    text = "R: Yes, six. He was ten at the time. Maybe ten. I was ten"
    assert opens_sentence(text, text.index("six"), LEAD)
    assert opens_sentence(text, text.index("ten at"), LEAD) is False
    assert opens_sentence(text, text.index("ten. I"), LEAD)   # "Maybe ten."
    assert opens_sentence(text, text.rindex("ten"), LEAD) is False
