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


def test_word_and_opendocument_files_are_rtf_unless_the_manifest_keeps_them():
    assert layout.documents_choice({}) == "rtf"
    keep = layout.documents_choice({"packaging": {"documents": "keep"}})
    assert layout.transcript_place("transcripts/sw01.docx", keep) == ("docx/sw01.docx", False)
    assert layout.transcript_place("transcripts/yp01.odt", keep) == ("odt/yp01.odt", False)
    assert layout.documentation_place("docs/guide.docx", keep) == ("mrdoc/guide.docx", False)
    assert layout.transcript_place("transcripts/asr/h03.vtt") == ("text/asr/h03.vtt", False)
    assert layout.transcript_place("transcripts/pg1.srt") == ("text/pg1.srt", False)


def test_kept_documents_and_subtitles_have_folders_of_their_own():
    names = GOOD + [f"UKDA-{ID}-tab/{n}" for n in ("docx/sw02.docx", "odt/yp01.odt", "text/h03.vtt", "text/pg1.srt",
                                                     "docx/stray.txt", "text/notes.docx")]
    found = {(p.code, p.location, p.severity) for p in layout.check_payload(names)}
    assert ("layout.text_format", f"data/UKDA-{ID}-tab/docx/stray.txt", "warning") in found
    assert ("layout.text_format", f"data/UKDA-{ID}-tab/text/notes.docx", "warning") in found
    # subtitles are in no UKDS table: not preferred; Word and OpenDocument are acceptable (manifests/formats.py)
    assert {code for code, location, _ in found if location.endswith(("h03.vtt", "pg1.srt"))} == {"layout.not_preferred"}
    assert not [p for p in found if p[1].endswith(("yp01.odt", "sw02.docx"))]


def test_files_written_under_one_output_name_are_found():
    from manifests.layout import name_collisions

    def entry(path, role):
        return {"path": path, "role": role}
    manifest = {"files": [
        entry("data/sample.sav", "data"), entry("data/sample.dta", "data"),            # one stem, two formats
        entry("data/w1/x.sav", "data"), entry("data/w2/X.sav", "data"),                # one name, two folders
        entry("transcripts/sw01.docx", "transcript"), entry("transcripts/sw01.rtf", "transcript"),
        entry("transcripts/a/sw02.txt", "transcript"), entry("transcripts/b/sw02.txt", "transcript"),
        entry("docs/guide.txt", "documentation"), entry("guide.txt", "documentation"),  # both mrdoc/guide.txt
        entry("data/survey.csv", "data"), entry("transcripts/survey.txt", "transcript"),
    ]}
    assert name_collisions(manifest) == [["data/sample.sav", "data/sample.dta"], ["data/w1/x.sav", "data/w2/X.sav"],
                                         ["transcripts/sw01.docx", "transcripts/sw01.rtf"],
                                         ["docs/guide.txt", "guide.txt"]]
