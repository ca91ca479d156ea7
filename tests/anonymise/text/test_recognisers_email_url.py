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
