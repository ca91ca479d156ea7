"""Social-media handles and hashtags that name someone."""

import pytest

from anonymise.text.recognisers.handles import (
    HandleRecogniser,
    hashtag_words,
    names_someone,
    segment,
)


@pytest.fixture(scope="module")
def rec(lexicon):
    return HandleRecogniser(None, lexicon)


def _found(rec, text):
    return {d.text for d in rec.find(text)}


def test_at_handles(rec):
    assert _found(rec, "Follow me, @demi.g15x on TikTok.") == {"@demi.g15x"}
    assert _found(rec, "@jade_xo posted it") == {"@jade_xo"}
    assert _found(rec, "mail jade@example.org") == set()       # an e-mail address, not a handle
    assert _found(rec, "see you @10am") == set()


def test_joined_names_near_a_platform(rec):
    assert _found(rec, "Y5: insta, andrei_cta, with the underscore") == {"andrei_cta"}
    assert _found(rec, "add me on snap, tobi.dn") == {"tobi.dn"}
    assert _found(rec, "posted it from an account, seanyb_07, pretending") == {"seanyb_07"}
    # Without a platform word, or opening a line as a respondent label, it stays.
    assert _found(rec, "the variable age_band was recoded") == set()
    assert _found(rec, "resp_044, I saw it on insta") == set()
    assert _found(rec, "I put it on our facebook page as notes_final.docx") == set()


def test_words_after_a_platform(rec):
    assert _found(rec, "her insta is kerrybxo") == {"kerrybxo"}
    assert _found(rec, "I read it on facebook yesterday") == set()
    assert _found(rec, "on snap tbh") == set()


def test_spoken_handles(rec):
    assert _found(rec, "it's jade underscore xo on insta") == {"jade underscore xo"}
    assert _found(rec, "what is it, kacper underscore lfc zero seven. I check.") == \
        {"kacper underscore lfc zero seven"}
    assert _found(rec, "i'm on tiktok i'm at sunny dot j 09") == {"sunny dot j 09"}
    assert _found(rec, "it was sunny dot j 09") == set()         # dots alone need a platform


def test_hashtags_that_name_someone(rec):
    assert _found(rec, "#JusticeForKyle trended") == {"#JusticeForKyle"}
    assert _found(rec, "#justiceforkyle trended") == {"#justiceforkyle"}
    assert _found(rec, "we use #fostering and #CarersWeek and #NHS") == set()
    # Days, places and chat abbreviations are no names; a tag no split explains is judged whole.
    assert _found(rec, "#MondayMotivation #LoveHull #tbt #ootd #bekind") == set()
    assert _found(rec, "#deanosarmy") == {"#deanosarmy"}
    assert _found(rec, "his mum started hashtag justice for deano on facebook") == {"hashtag justice for deano"}
    assert _found(rec, "hashtag blessed on facebook") == set()


def test_hashtag_words(lexicon):
    assert hashtag_words("JusticeForKyle", lexicon) == ["Justice", "For", "Kyle"]
    assert segment("carersweek", lexicon) == ["carers", "week"]
    assert names_someone("deano", lexicon) and names_someone("Kyle", lexicon)
    assert not names_someone("hope", lexicon) and not names_someone("NHS", lexicon)
