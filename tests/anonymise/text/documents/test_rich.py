"""RTF in, the same RTF out: only the characters of an identifier change."""

import pytest
from striprtf.striprtf import rtf_to_text

from anonymise.text.documents import read_document
from anonymise.text.residual import residual_scan
from manifests.errors import UserError

# Written the way word processors write RTF: a name typed in two runs, escaped characters,
# a bold label, a two-column table, a header, a link, a comment and a tracked deletion.
TRANSCRIPT = (
    b"{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc2{\\fonttbl{\\f0\\fswiss Arial;}}\n"
    b"{\\info{\\author Tracey Walsh}{\\operator Kayleigh}{\\title Kayleigh interview}{\\company Lowestoft}}\n"
    b"{\\*\\revtbl {Unknown;}{Sue Hill;}}\n"
    b"{\\header \\pard\\plain Case of Kayleigh\\par}\n"
    b"\\pard\\plain\\sa120{\\b Interviewer:} Did Tra{\\i cey Walsh} visit caf\\'e9s in Lowestoft?\\par\n"
    b"\\pard{\\b R:}\\tab Kayleigh\\rquote s fine\\emdash she\\rquote s seven years old.\\par\n"
    b"\\trowd\\cellx3000\\cellx9000\\pard\\intbl{\\b Child}\\cell Kayleigh\\cell\\row\n"
    b"\\trowd\\cellx3000\\cellx9000\\pard\\intbl{\\b Town}\\cell Lowestoft, Norfolk County Council\\cell\\row\n"
    b"\\pard Write to {\\field{\\*\\fldinst HYPERLINK \"mailto:kayleigh.jones@example.org\"}{\\fldrslt Kayleigh}}"
    b" or see {\\field{\\*\\fldinst HYPERLINK \"https://www.gov.uk/guidance\"}{\\fldrslt the guidance}}.\\par\n"
    b"\\pard Kept text {\\deleted\\revauthdel1 Tracey Walsh was here}and more"
    b"{\\*\\atnid SH}{\\*\\atnauthor Sue Hill}\\chatn{\\*\\annotation\\pard Ask Kayleigh again\\par}.\\par\n"
    b"}")


def test_rtf_keeps_formatting_tables_and_escapes_and_replaces_split_names_whole(tmp_path, anonymised):
    source = tmp_path / "fg01.rtf"
    source.write_bytes(TRANSCRIPT)
    document = read_document(source)
    units = {u.uid: u.text for u in document.units("fg01.rtf")}
    assert units["fg01.rtf::document"].splitlines() == [
        "Interviewer: Did Tracey Walsh visit cafés in Lowestoft?",
        "R:\tKayleigh’s fine—she’s seven years old.",
        "Child", "Kayleigh", "Town", "Lowestoft, Norfolk County Council",
        "Write to Kayleigh or see the guidance.",
        "Kept text and more."]
    assert units["fg01.rtf::headers"] == "Case of Kayleigh\n"
    assert units["fg01.rtf::comments"] == "Ask Kayleigh again\n"
    results = anonymised(document, "fg01.rtf")
    target = document.write(tmp_path / "out" / "fg01.rtf", results)
    assert target.name == "fg01.rtf"
    out = target.read_bytes()
    # Formatting survives: the bold label, the italic run (now holding nothing), the table.
    assert b"{\\b Interviewer:} Did [Person 1]{\\i } visit caf\\'e9s in [Town 1]?\\par" in out
    assert b"\\trowd\\cellx3000\\cellx9000\\pard\\intbl{\\b Child}\\cell [Person 2]\\cell\\row" in out
    assert b"{\\b R:}\\tab [Person 2]\\rquote s fine\\emdash she\\rquote s " in out
    # A placeholder outside ASCII cannot be eaten by the document's \uc2.
    assert b"{\\uc1\\u8211?}" in out
    # What identifies people outside the text is gone.
    for gone in (b"Tracey", b"Sue Hill", b"kayleigh.jones", b"\\company", b"Kayleigh"):
        assert gone not in out
    assert b"https://www.gov.uk/guidance" in out
    # Another reader agrees on the text.
    assert rtf_to_text(out.decode("ascii")).splitlines()[:2] == [
        "Interviewer: Did [Person 1] visit cafés in [Town 1]?", "R:\t[Person 2]’s fine—she’s [aged 6–9] years old."]
    again = {u.uid: u.text for u in read_document(target).units("fg01.rtf")}
    assert again["fg01.rtf::document"].splitlines()[:2] == [
        "Interviewer: Did [Person 1] visit cafés in [Town 1]?", "R:\t[Person 2]’s fine—she’s [aged 6–9] years old."]
    assert again["fg01.rtf::headers"] == "Case of [Person 2]\n"
    assert again["fg01.rtf::comments"] == "Ask [Person 2] again\n"
    assert residual_scan([target], [r for res in results for r in res.records]) == []


def test_rtf_output_changes_only_the_identifiers(tmp_path, anonymised):
    # Control words with no space after them ("\\b0Kayleigh", "\\i0cey") keep ending where they did,
    # and the text after a removed piece keeps its first character.
    source = tmp_path / "p.rtf"
    source.write_bytes(b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard\\b R:\\b0Kayleigh and Tra\\i0cey Walsh, "
                       b"she is seven years old.\\par}")
    document = read_document(source)
    assert document.text == "R:Kayleigh and Tracey Walsh, she is seven years old.\n"
    document.write(tmp_path / "out.rtf", anonymised(document, "p.rtf"))
    assert (tmp_path / "out.rtf").read_bytes() == (
        b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard\\b R:\\b0 [Person 1] and [Person 2]\\i0 , "
        b"she is [aged 6{\\uc1\\u8211?}9] years old.\\par}")
    assert read_document(tmp_path / "out.rtf").text == "R:[Person 1] and [Person 2], she is [aged 6–9] years old.\n"


@pytest.mark.parametrize("data, message", [
    (b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\info{\\title Notes}}\\pard\\par}", "no text"),
    (b"<html>not rtf</html>", "corrupt"),
])
def test_rtf_without_text_or_not_rtf_is_refused(tmp_path, data, message):
    path = tmp_path / "bad.rtf"
    path.write_bytes(data)
    with pytest.raises(UserError, match=message):
        read_document(path)
