from anonymise.text.recognisers.phone import PhoneRecogniser


def _found(text):
    return {d.text for d in PhoneRecogniser().find(text)}


def test_written_numbers_in_any_spacing():
    assert _found("ring 07700 900123 today") == {"07700 900123"}
    assert _found("call 01603-123-456") == {"01603-123-456"}
    assert _found("+44 (0)7700 900 123") == {"+44 (0)7700 900 123"}
    assert _found("tel (01603) 123456") == {"(01603) 123456"}
    assert _found("0044 20 7946 0000") == {"0044 20 7946 0000"}


def test_short_or_odd_numbers_are_not_phones():
    assert _found("she got 123456 points") == set()
    assert _found("in 2012 or 2013") == set()


def test_spoken_numbers():
    assert _found("it's oh seven seven double oh nine oh oh one two three") == \
        {"oh seven seven double oh nine oh oh one two three"}
    assert _found("my number is oh one six oh three triple two") == {"oh one six oh three triple two"}
    assert _found("oh one two three") == set()


def test_numbers_abroad_checked_against_their_plan():
    assert _found("His number is Ethiopian, +251 91 447 2083.") == {"+251 91 447 2083"}
    assert _found("ring 0040 721 234 567 today") == {"0040 721 234 567"}
    assert _found("+353 87 914 2266") == {"+353 87 914 2266"}
    assert _found("order +251 12") == set()                  # too short for any plan


def test_spoken_numbers_abroad():
    said = "plus four eight, five oh nine, three seven seven, two one four"
    assert _found(f"her old Polish mobile, {said}, which") == {said}
    assert _found("it's double oh four eight five oh nine three seven seven two one four") == \
        {"double oh four eight five oh nine three seven seven two one four"}


def test_a_number_said_across_subtitle_cues():
    vtt = ("<v SPEAKER_01>i've still got his mobile it's\n\n00:01:52.964 --> 00:01:54.147\n"
           "<v SPEAKER_01>07700 900\n\n00:01:54.840 --> 00:01:57.904\n<v SPEAKER_01>418 he never picks up")
    found = PhoneRecogniser().find(vtt)
    assert {d.text for d in found} == {"07700 900", "418"}
    assert {d.rule for d in found} == {"across_cues"}
    srt = ("12\n00:01:52,964 --> 00:01:54,147\nit's oh seven seven double oh\n\n13\n"
           "00:01:54,840 --> 00:01:57,904\nnine double oh four one eight yeah")
    assert _found(srt) == {"oh seven seven double oh", "nine double oh four one eight"}
    # A cue that goes on with other numbers does not make a phone number.
    assert _found("<v S>0161 496\n\n00:01:56.840 --> 00:01:57.904\n<v S>2 kids") == set()


def test_three_cues_and_never_a_timing_line():
    srt = ("1\n00:00:01,000 --> 00:00:02,000\nring me on oh seven\n\n2\n00:00:02,100 --> 00:00:04,000\n"
           "seven double oh nine double oh\n\n3\n00:00:04,100 --> 00:00:05,000\none two three")
    assert _found(srt) == {"oh seven", "seven double oh nine double oh", "one two three"}
    assert _found("SPEAKER_01: it's 07700 900\nSPEAKER_01: 418 yeah") == {"07700 900", "418"}
