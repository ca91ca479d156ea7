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
