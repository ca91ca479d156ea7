import pytest

from anonymise.text.phrases import CAPITALISED, MID_SENTENCE, PhraseMatcher, phrase_key, strip_possessive
from anonymise.text.placeholders import AGE_BANDS, Pseudonyms, age_band, age_placeholder, bracket, label_placeholder, split_title


@pytest.mark.parametrize("age, band", [(0, "aged 0–2"), (2, "aged 0–2"), (3, "aged 3–5"), (9, "aged 6–9"),
                                       (12, "aged 10–12"), (13, "aged 13–15"), (15, "aged 13–15"),
                                       (16, "aged 16–17"), (17, "aged 16–17"), (18, "aged 18–24"),
                                       (40, "aged 35–44"), (64, "aged 55–64"), (65, "aged 65+"), (101, "aged 65+")])
def test_age_bands(age, band):
    assert age_band(age) == band


def test_age_bands_cover_every_age_once():
    for age in range(0, 120):
        assert sum(1 for low, high in AGE_BANDS if low <= age and (high is None or age <= high)) == 1


def test_age_placeholder_reads_words_and_digits():
    assert age_placeholder("fourteen") == "[aged 13–15]"
    assert age_placeholder("14-year-old") == "[aged 13–15]"
    assert age_placeholder("14", bands=False) == "[Age]"
    assert age_placeholder("a while") == "[Age]"


def test_bracket_styles():
    assert bracket("PERSON", 3) == "[Person 3]"
    assert bracket("TOWN", 2) == "[Town 2]"
    assert bracket("SCHOOL", 1) == "[School 1]"
    assert bracket("LOCAL_AUTHORITY", 1) == "[Local authority 1]"
    assert bracket("DATE", 4) == "[Date]"
    assert bracket("POSTCODE") == "[Postcode]"
    assert label_placeholder("Birth mother") == "[Birth mother]"
    assert label_placeholder("Foster carer", 2) == "[Foster carer 2]"


def test_titles_are_split_off():
    assert split_title("Mrs Patel") == ("Mrs", "Patel")
    assert split_title("Mr. K.") == ("Mr", "K.")
    assert split_title("Mrs") == ("", "Mrs")
    assert split_title("Tracey Walsh") == ("", "Tracey Walsh")


def test_pseudonyms_are_seeded_and_avoid_originals():
    first = Pseudonyms(7)
    drawn = [first.person() for _ in range(20)]
    again = Pseudonyms(7)
    assert [again.person() for _ in range(20)] == drawn
    assert len({f for f, _ in drawn}) == len({s for _, s in drawn}) == 20
    taken = {w.lower() for pair in drawn[:5] for w in pair}
    blocked = Pseudonyms(7, forbidden=taken)
    assert not {w.lower() for _ in range(50) for w in blocked.person()} & taken


def test_pseudonyms_run_out_politely():
    from faker import Faker

    everything = set()
    faker = Faker("en_GB")
    for provider in faker.providers:
        for attribute in ("first_names", "last_names"):
            everything.update(w.lower() for w in getattr(provider, attribute, ()))
    assert Pseudonyms(1, forbidden=everything).person() is None


def test_phrase_key_normalises_case_space_and_possessives():
    assert phrase_key("TRACEY\n  Walsh's") == phrase_key("tracey walsh") == "tracey walsh"
    assert phrase_key("Kayleigh’s") == "kayleigh"
    assert phrase_key("James'") == "james"
    assert phrase_key("Smith - Jones") == "smith-jones"
    assert phrase_key("Mr K.") == "mr k"
    assert strip_possessive("Kayleigh's") == ("Kayleigh", "'s")


def test_phrase_matcher_is_whole_word_case_insensitive_and_longest_first():
    matcher = PhraseMatcher()
    matcher.add("Tracey Walsh", "full")
    matcher.add("Tracey", "first")
    matcher.add("Will", "name", CAPITALISED)
    matcher.add("Harry", "harry", MID_SENTENCE)
    text = "tracey\nWALSH's, Traceyann, Tracey. will Will O'Brien. Harry and harry and Harry."
    assert [(text[s:e], p) for s, e, p in matcher.find(text)] == [
        ("tracey\nWALSH", "full"), ("Tracey", "first"), ("Will", "name"), ("Harry", "harry")]
    assert [s for s, _, _ in matcher.find(text)][-1] == text.rindex("Harry")


def test_phrases_never_match_the_tail_of_a_contraction():
    # Letters someone was known by ("LL", "T") are not the "'LL" of "I'LL" or the "'T" of "DON'T".
    matcher = PhraseMatcher()
    matcher.add("LL", "initials")
    matcher.add("T", "initial")
    text = "I'LL SEE. DON'T GO. LL came, and T. O'Brien"
    assert [text[s:e] for s, e, _ in matcher.find(text)] == ["LL", "T"]
