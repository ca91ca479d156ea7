import docx

from anonymise.text.residual import residual_scan

RECORDS = [
    {"original": "Tracey Walsh", "replacement": "[Person 1]", "type": "PERSON", "file": "a.txt"},
    {"original": "Rose", "replacement": "[Person 2]", "type": "PERSON", "file": "a.txt"},
    {"original": "Town", "replacement": "[Town 1]", "type": "TOWN", "file": "a.txt"},
    {"original": "fourteen", "replacement": "[aged 13–15]", "type": "AGE", "file": "a.txt"},
    {"original": "2013", "replacement": "[Date]", "type": "DATE", "file": "a.txt"},
    {"original": "12 May 2013", "replacement": "[Date]", "type": "DATE", "file": "a.txt"},
    {"original": "Dawn", "replacement": "[Person 3]", "type": "PERSON", "file": "a.txt", "pending_review": True},
]


def test_clean_output_has_no_hits():
    text = "[Person 1] was [aged 13–15] in 2013. [Person 1]'s [Town 1]. The sun rose. Dawn broke. fourteen."
    assert residual_scan([("a.txt", text)], RECORDS) == []


def test_hits_say_file_line_and_type_but_never_the_original():
    text = "fine\nthen tracey\nWALSH came on 12 may 2013.\nand Rose said hi.\nRose said hi. The sun rose."
    hits = residual_scan([("out/a.txt", text)], RECORDS)
    assert hits == [{"file": "out/a.txt", "location": "line 2", "type": "PERSON"},
                    {"file": "out/a.txt", "location": "line 3", "type": "DATE"},
                    {"file": "out/a.txt", "location": "line 4", "type": "PERSON"}]
    assert "Tracey" not in repr(hits) and "Rose" not in repr(hits)
    # "Rose" opening a sentence and "rose" the verb are left alone, as propagation leaves them.


def test_scans_written_files_including_docx_headers(tmp_path):
    document = docx.Document()
    document.add_paragraph("[Person 1] is fine")
    document.sections[0].header.paragraphs[0].text = "About Tracey Walsh"
    path = tmp_path / "out" / "sw01.docx"
    path.parent.mkdir()
    document.save(path)
    text_file = tmp_path / "out" / "a.txt"
    text_file.write_text("Nothing here but [Person 1].\n", encoding="utf-8")
    assert residual_scan([path, text_file], RECORDS, root=tmp_path) == [
        {"file": "out/sw01.docx", "location": "header1 line 1", "type": "PERSON"}]


def test_a_word_that_stands_as_another_type_or_was_decided_on_is_not_a_hit():
    from anonymise.text.occurrence import OccurrenceRule, occurrence_id
    from anonymise.text.residual import residual_findings

    records = [{"original": "Seven", "replacement": "[Person 9]", "type": "PERSON", "file": "a.txt"},
               {"original": "Jan", "replacement": "[Person 8]", "type": "PERSON", "file": "a.txt"}]
    text = "It started Six or Seven years ago.\nThen Jan said no.\nOn 01 Jan 2014 we met, and Seven came."
    counted, decided = residual_findings([("out/a.txt", text)], records)
    assert [(hit["location"], item.original, item.placeholder) for hit, item in counted] == [
        ("line 2", "Jan", "[Person 8]"), ("line 3", "Seven", "[Person 9]")]
    assert counted[0][1].context == "Then <<Jan>> said no." and decided == 0
    # a person decided that "Jan said no" is not the carer Jan: the scan honours it, and counts it
    start = text.index("Jan said")
    rule = OccurrenceRule(decided=[occurrence_id("Jan", "PERSON", text, start, start + 3)])
    counted, decided = residual_findings([("out/a.txt", text)], records, rule=rule)
    assert [item.original for _hit, item in counted] == ["Seven"] and decided == 1
