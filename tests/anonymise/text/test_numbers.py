from anonymise.text.numbers import ordinal_to_int, parse_age, spoken_digits, words_to_int


def test_words_to_int_reads_cardinals_and_digits():
    assert words_to_int("fourteen") == 14
    assert words_to_int("twenty-one") == 21
    assert words_to_int("twenty one") == 21
    assert words_to_int("a hundred") == 100
    assert words_to_int("17") == 17
    assert words_to_int("fish") is None


def test_ordinals():
    assert ordinal_to_int("twelfth") == 12
    assert ordinal_to_int("twenty-first") == 21
    assert ordinal_to_int("3rd") == 3
    assert ordinal_to_int("tenth of") is None


def test_spoken_digits_with_double_triple_and_groups():
    assert spoken_digits("oh seven seven double oh nine") == "077009"
    assert spoken_digits("oh one six oh three, triple two") == "016032" + "22"
    assert spoken_digits("oh 7700 900 one two three") == "07700900123"
    assert spoken_digits("oh seven banana") is None
    assert spoken_digits("double") is None


def test_parse_age_from_every_age_form():
    assert parse_age("fourteen") == 14
    assert parse_age("14-year-old") == 14
    assert parse_age("aged 9") == 9
    assert parse_age("fifteen years old") == 15
    assert parse_age("18 months old") == 1
    assert parse_age("16th birthday") == 16
    assert parse_age("sixteenth birthday") == 16
    assert parse_age("twenty-one") == 21
    assert parse_age("no age here") is None


def test_parse_age_of_part_years_and_month_counts():
    assert parse_age("two and a half") == 2
    assert parse_age("six and three-quarters") == 6
    assert parse_age("eighteen month") == 1
    assert parse_age("seventy four") == 74


def test_a_number_read_out_in_groups():
    from anonymise.text.numbers import number_read_out
    assert number_read_out("ELEVEN-FORTY-SEVEN") == "1147"
    assert number_read_out("twenty-seven\n   thirty") == "2730"
    assert number_read_out("three three oh six") == "3306"
    assert number_read_out("eleven and a half") is None


def test_welsh_numbers_are_read_in_both_counting_systems():
    from anonymise.text.numbers import parse_age, welsh_to_int

    assert welsh_to_int("naw") == 9 and welsh_to_int("ddeg") == 10          # mutated after "yn"
    assert welsh_to_int("un ar bymtheg") == 16                              # one on fifteen
    assert welsh_to_int("deuddeg a thrigain") == 72                         # twelve and sixty
    assert welsh_to_int("saith deg un") == 71 and welsh_to_int("dau ddeg") == 20   # in tens
    assert welsh_to_int("ten") is None and welsh_to_int("ar ddeg un") is None
    assert parse_age("pedwar deg naw") == 49                                 # an age band needs the number
