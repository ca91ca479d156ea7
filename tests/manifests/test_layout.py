"""The UKDS layout rules: where files go, and what the verifier accepts."""

from manifests import layout

ID = "900001"
GOOD = [f"UKDA-{ID}-tab/{n}" for n in (f"read{ID}.htm", f"{ID}_file_information.rtf", f"mrdoc/{ID}_ddi.xml",
                                         "tab/survey.tab", "text/sw01.txt", "rtf/p01.rtf", "mrdoc/allissue/survey_ukda_data_dictionary.rtf",
                                         "mrdoc/guide.pdf")]


def test_places():
    assert layout.transcript_place("transcripts/sw01.docx") == ("rtf/sw01.rtf", True)
    assert layout.transcript_place("transcripts/sw01.txt") == ("text/sw01.txt", False)
    assert layout.transcript_place("transcripts/sub/p.rtf") == ("rtf/sub/p.rtf", False)
    assert layout.documentation_place("docs/guide.odt") == ("mrdoc/guide.rtf", True)
    assert layout.documentation_place("docs/guide.pdf") == ("mrdoc/guide.pdf", False)
    assert layout.formats_for("both") == ("tab", "spss")


def test_good_payload_has_no_problems():
    assert layout.check_payload(GOOD) == []


def test_each_kind_of_layout_problem():
    names = [n for n in GOOD if not n.endswith(".htm")] + [
        "loose.txt", "Random-folder/x.txt", f"UKDA-{ID}-tab/spss/survey.sav", f"UKDA-{ID}-tab/tab/survey.csv",
        f"UKDA-{ID}-tab/other/x.txt", f"UKDA-{ID}-tab/stray.txt", f"UKDA-{ID}-tab/mrdoc/notes.doc"]
    found = {(p.code, p.location, p.severity) for p in layout.check_payload(names)}
    assert ("layout.missing", f"data/UKDA-{ID}-tab/read{ID}.htm", "error") in found
    assert ("layout.loose_file", "data/loose.txt", "error") in found
    assert ("layout.folder", "data/Random-folder", "error") in found
    assert ("layout.wrong_format", f"data/UKDA-{ID}-tab/spss/survey.sav", "error") in found
    assert ("layout.data_format", f"data/UKDA-{ID}-tab/tab/survey.csv", "error") in found
    assert ("layout.unexpected", f"data/UKDA-{ID}-tab/other/x.txt", "error") in found
    assert ("layout.unexpected", f"data/UKDA-{ID}-tab/stray.txt", "error") in found
    # Word 97 (.doc) is in no UKDS table; .docx is acceptable (manifests/formats.py), so it is not named
    assert ("layout.not_preferred", f"data/UKDA-{ID}-tab/mrdoc/notes.doc", "warning") in found


def test_ukds_format_table_rates_por_acceptable_and_sav_recommended():
    from manifests import formats

    assert formats.rating("data/old.por").level == formats.ACCEPTABLE and formats.rating("x.por").instead
    assert {formats.rating(n).level for n in ("a.sav", "a.dta", "a.tab", "a.rtf", "a.TXT", "a.xml")} == {formats.RECOMMENDED}
    assert {formats.rating(n).level for n in ("a.docx", "a.html")} == {formats.ACCEPTABLE}
    assert formats.rating("scan.doc") is None
    names = [n for n in GOOD] + [f"UKDA-{ID}-tab/mrdoc/notes.docx", f"UKDA-{ID}-tab/mrdoc/pdf/{ID}_user_guide.pdf"]
    assert layout.check_payload(names) == []
