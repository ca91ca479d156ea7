from anonymise.text.recognisers.email import EmailRecogniser
from anonymise.text.recognisers.url import UrlRecogniser


def test_emails_written_and_spoken():
    found = {d.text for d in EmailRecogniser().find("mail t.walsh+sw@norfolk.gov.uk or tracey dot walsh at gmail dot com.")}
    assert found == {"t.walsh+sw@norfolk.gov.uk", "tracey dot walsh at gmail dot com"}


def test_urls_without_trailing_punctuation():
    found = {d.text for d in UrlRecogniser().find("See https://example.org/a?b=1, www.kids.co.uk. and fostering.org.uk")}
    assert found == {"https://example.org/a?b=1", "www.kids.co.uk", "fostering.org.uk"}


def test_plain_words_are_not_urls():
    assert UrlRecogniser().find("it was fine. Then we left") == []


def test_spoken_emails_with_numbers_and_uk_domains():
    found = {d.text for d in EmailRecogniser().find(
        "It's declan dot mcgilloway eighty-one at gmail dot com. Or k dot brown at yahoo dot co dot uk")}
    assert found == {"declan dot mcgilloway eighty-one at gmail dot com", "k dot brown at yahoo dot co dot uk"}
    assert {d.text for d in EmailRecogniser().find("k.brown at yahoo.co.uk")} == {"k.brown at yahoo.co.uk"}


def test_spoken_web_addresses(lexicon):
    rec = UrlRecogniser(None, lexicon)
    assert {d.text for d in rec.find("the website's phoenix youth dot org dot uk but")} == \
        {"phoenix youth dot org dot uk"}
    assert {d.text for d in rec.find("it's w w w dot fenlandhub dot org slash kerry")} == \
        {"w w w dot fenlandhub dot org slash kerry"}
    assert rec.find("that was the dot com bubble") == []


def test_url_paths_with_names_are_kept_whole():
    found = UrlRecogniser().find("find me on facebook.com/kerry.walsh.79 ok")
    assert [(d.text, d.rule) for d in found] == [("facebook.com/kerry.walsh.79", "domain")]


def test_spoken_web_address_paths_keep_their_names(lexicon):
    rec = UrlRecogniser(None, lexicon)
    assert {d.text for d in rec.find("find it at facebook dot com slash kerry dot walsh seventy nine ok")} == \
        {"facebook dot com slash kerry dot walsh seventy nine"}


def test_a_gated_rule_is_skipped_only_where_its_gate_is_shut():
    """Rule.needs: the spoken rules run only on texts holding what every match of theirs holds,
    and a text holding it is read as before."""
    from anonymise.text.recognisers.base import gate_open
    from anonymise.text.recognisers.spoken import NEEDS_DOMAIN, NEEDS_NUMBER_RUN

    assert gate_open(NEEDS_DOMAIN, "k dot brown at yahoo dot co dot uk")
    assert not gate_open(NEEDS_DOMAIN, "we went to the shop at the end of the road")
    assert gate_open(NEEDS_NUMBER_RUN, "it's oh seven seven double oh nine")
    assert not gate_open(NEEDS_NUMBER_RUN, "three kids and one dog")
