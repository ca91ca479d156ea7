"""Reading and writing .sav/.zsav/.por/.dta/.csv/.tab without losing metadata, and saying what a
format cannot hold; bad files are UserErrors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from anonymise.tabular import (
    Table,
    TableMeta,
    detect_delimiter,
    detect_encoding,
    read_table,
    sniff_kind,
    write_csv,
    write_dta,
    write_sav,
    write_tab,
    write_table,
    writer_losses,
    writer_report,
)
from manifests.errors import UserError


def test_sav_round_trip_keeps_every_kind_of_metadata(survey, tmp_path):
    table = read_table(survey)
    out = tmp_path / "copy.sav"
    write_sav(out, table)
    df, meta = pyreadstat.read_sav(str(out), user_missing=True)
    _, original = pyreadstat.read_sav(str(survey), user_missing=True)
    assert meta.file_label == "Synthetic case-file survey"
    assert meta.column_names_to_labels == original.column_names_to_labels
    assert meta.variable_value_labels == original.variable_value_labels
    assert meta.missing_ranges == original.missing_ranges
    assert meta.variable_measure == original.variable_measure
    assert meta.variable_display_width["score"] == 10 and meta.variable_display_width["sex"] == 6
    for var in ("dob", "score", "sex", "age_band", "n_placements"):
        assert meta.original_variable_types[var] == original.original_variable_types[var]
    # user-missing codes are values, not holes
    assert (df["age_band"] == -9).sum() == (table.df["age_band"] == -9).sum() > 0


def test_values_survive_the_round_trip(survey, tmp_path):
    table = read_table(survey)
    write_sav(tmp_path / "copy.sav", table)
    again = read_table(tmp_path / "copy.sav")
    pd.testing.assert_frame_equal(again.df, table.df)
    assert again.meta == table.meta


def test_user_missing_mask_covers_values_and_ranges(survey):
    table = read_table(survey)
    mask = table.meta.user_missing_mask("age_band", table.df["age_band"])
    assert mask.sum() == (table.df["age_band"] == -9).sum()
    values = pd.Series([1.0, 90.0, 95.0, 99.0, 100.0])
    assert table.meta.user_missing_mask("n_placements", values).tolist() == [False, True, True, True, False]


def test_semicolon_csv_in_windows_1252_with_decimal_commas(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes("id;name;score;town\r\n1;Zoë;2,5;Bury St Edmunds\r\n2;\"O'Neill; Seán\";3,25;Leeds\r\n"
                     .encode("cp1252"))
    table = read_table(path)
    assert table.meta.delimiter == ";" and table.meta.encoding == "cp1252"
    assert table.df["name"].tolist() == ["Zoë", "O'Neill; Seán"]
    assert table.df["score"].tolist() == [2.5, 3.25]


def test_tab_delimited_and_utf8_bom(tmp_path):
    tab = tmp_path / "answers.tab"
    tab.write_text("id\tcomment\n1\tfine, thanks\n2\tnot sure; maybe\n", encoding="utf-8")
    table = read_table(tab)
    assert table.meta.delimiter == "\t" and table.df["comment"].tolist() == ["fine, thanks", "not sure; maybe"]
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffid,café\n1,été\n".encode("utf-8"))
    table = read_table(bom)
    assert table.meta.encoding == "utf-8-sig" and list(table.df.columns) == ["id", "café"]


def test_tab_in_cp1252(tmp_path):
    path = tmp_path / "q.tab"
    path.write_bytes("id\tanswer\n1\t£20 a week\n2\tna\u00efve\n".encode("cp1252"))
    table = read_table(path)
    assert table.meta.encoding == "cp1252"
    assert table.df["answer"].tolist() == ["£20 a week", "naïve"]


def test_detectors_are_pure_and_sensible():
    assert detect_delimiter("a;b;c\n1;2;3\n") == ";"
    assert detect_delimiter("a,b\n\"x;y\",2\n") == ","
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_encoding("plain".encode()) == "utf-8"
    assert detect_encoding("caf\u00e9 cr\u00e8me br\u00fbl\u00e9e".encode("cp1252")) == "cp1252"
    assert sniff_kind(b"$FL2...") == "sav" and sniff_kind(b"PK\x03\x04") == "zip" and sniff_kind(b"a,b\n") == "text"


def test_csv_renamed_sav_is_a_user_error(tmp_path):
    path = tmp_path / "survey.sav"
    path.write_text("id,name\n1,Jo\n", encoding="utf-8")
    with pytest.raises(UserError, match="looks like plain text"):
        read_table(path)


def test_truncated_sav_is_a_user_error(survey, tmp_path):
    data = survey.read_bytes()
    for cut in (len(data) // 2, len(data) - 16, 200):
        path = tmp_path / f"cut{cut}.sav"
        path.write_bytes(data[:cut])
        with pytest.raises(UserError, match="truncated or corrupt"):
            read_table(path)


def test_empty_and_unsupported_files(tmp_path):
    (tmp_path / "empty.sav").write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        read_table(tmp_path / "empty.sav")
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(UserError, match="unsupported"):
        read_table(tmp_path / "x.xlsx")
    (tmp_path / "zip.csv").write_bytes(b"PK\x03\x04" + b"\x00" * 20)
    with pytest.raises(UserError, match="zip archive"):
        read_table(tmp_path / "zip.csv")


def test_ragged_csv_is_a_user_error(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3,4,5,6\n", encoding="utf-8")
    with pytest.raises(UserError, match="delimited text"):
        read_table(path)


def test_tab_output_is_one_line_per_record_with_codes_and_iso_dates(survey, tmp_path):
    table = read_table(survey)
    table.df.loc[0, "child_name"] = "two\tlines\nhere"
    out = write_tab(tmp_path / "survey.tab", table)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t") == table.variables
    assert len(lines) == len(table.df) + 2 and lines[-1] == ""
    first = dict(zip(lines[0].split("\t"), lines[1].split("\t")))
    assert first["child_name"] == "two lines here"
    assert first["sex"] in ("1", "2")                        # codes, whole numbers without ".0"
    assert first["dob"] == table.df["dob"].iloc[0].strftime("%Y-%m-%d")
    assert "." in first["score"] or first["score"].isdigit()


def test_write_table_by_suffix_and_stata_round_trip(survey, tmp_path):
    table = read_table(survey)
    small = Table(table.df[["sex", "score"]].copy(), table.meta.restricted_to(["sex", "score"]))
    write_dta(tmp_path / "s.dta", small)
    again = read_table(tmp_path / "s.dta")
    assert again.meta.value_labels["sex"] == {1: "Male", 2: "Female"}
    assert np.allclose(again.df["score"], small.df["score"])
    write_table(tmp_path / "s.csv", small)
    assert read_table(tmp_path / "s.csv").df.shape == small.df.shape
    with pytest.raises(UserError):
        write_table(tmp_path / "s.xlsx", small)


def test_csv_to_sav_gets_plain_metadata(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("id,town,n\n1,Leeds,2\n2,York,\n", encoding="utf-8")
    table = read_table(path)
    write_sav(tmp_path / "plain.sav", table)
    df, meta = pyreadstat.read_sav(str(tmp_path / "plain.sav"))
    assert df["town"].tolist() == ["Leeds", "York"]
    assert np.isnan(df["n"].iloc[1])
    assert isinstance(table.meta, TableMeta) and table.meta.source_format == "csv"


EXCEL_UNICODE_TEXT = ("id\tsex\tregion\tname\r\n1\t1\tNorth West\tZo\u00eb N\u00ed Bhriain\r\n"
                      "2\t2\tLondon\t\"Smith, Jo\"\r\n3\t1\tWales\t\r\n4\t2\tLondon\tSam\r\n")


def excel_unicode_text(path, text: str = EXCEL_UNICODE_TEXT, big_endian: bool = False):
    """What Excel's "Save as Unicode Text" writes: UTF-16 LE with the BOM FF FE, tabs, CRLF."""
    data = b"\xfe\xff" + text.encode("utf-16-be") if big_endian else b"\xff\xfe" + text.encode("utf-16-le")
    path.write_bytes(data)
    return path


def test_utf16_tab_files_from_excel_are_read(tmp_path):
    path = excel_unicode_text(tmp_path / "unicode.tab")
    assert path.read_bytes()[:2] == b"\xff\xfe" and b"\x00" in path.read_bytes()[:20]
    assert sniff_kind(path.read_bytes()) == "text" and detect_encoding(path.read_bytes()) == "utf-16"
    table = read_table(path)
    assert table.meta.encoding == "utf-16" and table.meta.delimiter == "\t" and table.meta.source_format == "tab"
    assert table.variables == ["id", "sex", "region", "name"]          # no BOM left on the first name
    assert table.df["name"].tolist()[:2] == ["Zo\u00eb N\u00ed Bhriain", "Smith, Jo"]
    assert table.df["sex"].tolist() == [1, 2, 1, 2]
    # Excel names the file .txt; big-endian UTF-16 with FE FF is read too; usecols as the risk command asks
    other = excel_unicode_text(tmp_path / "unicode.txt", big_endian=True)
    assert read_table(other, usecols=["id", "region"]).df["region"].tolist() == ["North West", "London", "Wales", "London"]


def test_utf16_is_not_an_excuse_for_binary(tmp_path):
    assert sniff_kind(b"\xff\xfe\x01\x00\x02\x00\x00\x00\x07\x00") == "binary"   # control characters
    assert sniff_kind(b"\x00\x01\x02binary") == "binary"
    path = tmp_path / "junk.tab"
    path.write_bytes(b"\xff\xfe" + b"\x01\x00\x02\x00\x1b\x00" * 20)
    with pytest.raises(UserError, match="binary data"):
        read_table(path)


def test_risk_command_reads_a_utf16_tab_file(tmp_path, capsys):
    import json

    from deposit.cli import main

    rows = "".join(f"{i}\t{1 + i % 2}\t{['North West', 'London', 'Wales'][i % 3]}\r\n" for i in range(30))
    path = excel_unicode_text(tmp_path / "survey.tab", "id\tsex\tregion\r\n" + rows)
    assert main(["risk", str(path), "--keys", "sex,region", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["records"] == 30 and summary["keys"] == ["sex", "region"] and summary["equivalence_classes"] == 6


# ---------------------------------------------------------------- fidelity: nothing lost unreported

def losses_of(table, suffix) -> set[tuple[str, str]]:
    return {(loss.variable, loss.aspect) for loss in writer_losses(table, suffix)}


def stata_file(path):
    """A Stata file as Stata writes them: byte and float storage, tagged missing values
    (.a, .b), a labelled tag, daily dates and a declared text width wider than its values."""
    df = pd.DataFrame({
        "score": pd.Series([1.5, "a", 2.25, "b", None], dtype=object),
        "sex": pd.Series([1, 2, "a", 1, 2], dtype=object),
        "visit": [dt.date(2012, 11, 5), dt.date(1999, 1, 31), None, dt.date(2020, 2, 29), dt.date(1960, 1, 1)],
        "town": ["Leeds", "York", "", "Hull", "Ely"],
    })
    pyreadstat.write_dta(df, str(path), missing_user_values={"score": ["a", "b"], "sex": ["a"]},
                         variable_value_labels={"sex": {1: "Male", 2: "Female", "a": "refused"}},
                         variable_format={"visit": "%td", "score": "%9.2f"})
    return path


def test_stata_tagged_missing_values_are_numbers_with_tags_and_written_back(tmp_path):
    table = read_table(stata_file(tmp_path / "in.dta"))
    assert pd.api.types.is_float_dtype(table.df["score"]) and pd.api.types.is_numeric_dtype(table.df["sex"])
    assert table.df["score"].isna().tolist() == [False, True, False, True, True]
    assert table.meta.tagged_missing == {"score": {1: "a", 3: "b"}, "sex": {2: "a"}}
    assert table.meta.missing_ranges == {}
    write_dta(tmp_path / "out.dta", table)
    df, meta = pyreadstat.read_dta(str(tmp_path / "out.dta"), user_missing=True)
    assert df["score"].tolist()[:4] == [1.5, "a", 2.25, "b"] and df["sex"].tolist()[2] == "a"
    assert meta.missing_user_values == {"score": ["a", "b"], "sex": ["a"]}
    assert meta.variable_value_labels["sex"] == {1: "Male", 2: "Female", "a": "refused"}
    assert meta.original_variable_types["visit"] == "%td" and meta.original_variable_types["score"] == "%9.2f"
    assert df["visit"].tolist()[0] == dt.date(2012, 11, 5)
    assert ("score", "tagged_missing") not in losses_of(table, ".dta")


def test_spss_cannot_hold_tagged_missing_values_and_says_how_many(tmp_path):
    table = read_table(stata_file(tmp_path / "in.dta"))
    losses = {(loss.variable, loss.aspect): loss for loss in writer_losses(table, ".sav")}
    assert losses[("score", "tagged_missing")].values == 2 and losses[("sex", "tagged_missing")].values == 1
    assert losses[("sex", "value_labels")].before == "{'a': 'refused'}"
    write_sav(tmp_path / "out.sav", table)
    df, meta = pyreadstat.read_sav(str(tmp_path / "out.sav"), user_missing=True)
    assert df["score"].isna().sum() == 3 and meta.variable_value_labels["sex"] == {1.0: "Male", 2.0: "Female"}
    assert meta.original_variable_types["visit"] == "DATE11"


def test_stata_storage_types_that_pyreadstat_cannot_write_are_reported(tmp_path):
    path = tmp_path / "types.dta"
    pyreadstat.write_dta(pd.DataFrame({"b": [1, 2], "f": [1.5, 2.5]}), str(path))
    table = read_table(path)
    table.meta.storage.update({"b": "int8", "f": "float"})   # as Stata's own files declare them
    losses = {(loss.variable, loss.aspect): loss for loss in writer_losses(table, ".dta")}
    assert losses[("b", "storage")].before == "byte" and "long" in losses[("b", "storage")].after
    assert losses[("f", "storage")].before == "float" and "double" in losses[("f", "storage")].after
    write_dta(tmp_path / "out.dta", table)
    assert pyreadstat.read_dta(str(tmp_path / "out.dta"))[1].readstat_variable_types == {"b": "int32", "f": "double"}


def spss_file(path, compress=False):
    df = pd.DataFrame({
        "seen": [dt.time(10, 10, 10), dt.time(23, 0, 0), None],
        "visit": pd.to_datetime(["2000-01-01", "1950-12-24", None]),
        "quarter": [13631500800.0, 13639449600.0, np.nan],
        "code": ["ab", "c", ""],
        "q1": [1.0, 0.0, 1.0], "q2": [0.0, 0.0, 1.0], "q3": [1.0, 1.0, 0.0],
    })
    pyreadstat.write_sav(df, str(path), compress=compress, note=["entered by hand", "checked"],
                         variable_format={"seen": "TIME8", "visit": "ADATE10", "quarter": "QYR8", "code": "A2"},
                         missing_ranges={"q1": [{"lo": 7.0, "hi": 9.0}, 99.0]})
    data = path.read_bytes()
    from anonymise.savfile import add_mr_sets

    path.write_bytes(add_mr_sets(data, {"ticked": {"type": "D", "counted_value": 1, "label": "Ticked",
                                                   "variable_list": ["q1", "q2", "q3"]}}))
    return path


@pytest.mark.parametrize("suffix", [".sav", ".zsav"])
def test_spss_formats_widths_sets_and_notes_survive(tmp_path, suffix):
    table = read_table(spss_file(tmp_path / f"in{suffix}", compress=suffix == ".zsav"))
    table.meta.string_widths["code"] = 40          # declared wider than any value, as SPSS files often are
    out = write_table(tmp_path / f"out{suffix}", table)
    assert out.read_bytes()[:4] == (b"$FL3" if suffix == ".zsav" else b"$FL2")
    df, meta = pyreadstat.read_sav(str(out), user_missing=True)
    assert meta.original_variable_types == {"seen": "TIME8", "visit": "ADATE10", "quarter": "QYR8", "code": "A40",
                                            "q1": "F8.2", "q2": "F8.2", "q3": "F8.2"}
    assert meta.variable_storage_width["code"] == 40 and df["code"].tolist() == ["ab", "c", ""]
    assert meta.mr_sets["ticked"]["variable_list"] == ["q1", "q2", "q3"] and meta.notes == ["entered by hand", "checked"]
    assert meta.missing_ranges["q1"] == [{"lo": 7.0, "hi": 9.0}, {"lo": 99.0, "hi": 99.0}]
    assert df["seen"].tolist()[:2] == [dt.time(10, 10, 10), dt.time(23, 0, 0)]
    assert writer_losses(table, suffix) == []
    again = read_table(out)
    assert again.meta.source_format == suffix.lstrip(".")


def test_a_set_whose_variables_were_dropped_and_what_stata_and_text_cannot_hold(tmp_path):
    table = read_table(spss_file(tmp_path / "in.sav"))
    assert {("$ticked", "mr_set"), ("", "notes"), ("q1", "missing_values")} <= losses_of(table, ".dta")
    assert ("seen", "format") not in losses_of(table, ".dta")            # TIME8 is %tcHH:MM:SS
    assert ("quarter", "format") in losses_of(table, ".dta")             # QYR8 has no Stata form
    assert {("$ticked", "mr_set"), ("q1", "missing_values"), ("seen", "format")} <= losses_of(table, ".csv")
    for var in ("q2", "q3"):
        table.df = table.df.drop(columns=[var])
        table.meta.forget(var)
    assert ("$ticked", "mr_set") in losses_of(table, ".sav")
    write_sav(tmp_path / "out.sav", table)
    assert pyreadstat.read_sav(str(tmp_path / "out.sav"), metadataonly=True)[1].mr_sets == {}


def test_writer_report_rows_and_warnings(tmp_path):
    table = read_table(stata_file(tmp_path / "in.dta"))
    report = writer_report(table, tmp_path / "out.sav", "data/in.dta")
    assert report["info_loss"]["not kept: tagged missing values of score"] == 2
    warning = next(w for w in report["warnings"] if w["location"] == "data/in.dta:score")
    assert warning["code"] == "data.not_kept.tagged_missing" and warning["severity"] == "warning"
    assert "SPSS .sav" in warning["message"] and ".a, .b" in warning["message"]


def test_portable_files_are_read_and_recognised(tmp_path):
    path = tmp_path / "p.por"
    pyreadstat.write_por(pd.DataFrame({"n": [1.0, 2.0], "s": ["x", "y"]}), str(path), column_labels=["Number", "Text"])
    assert sniff_kind(path.read_bytes()) == "por"
    table = read_table(path)
    assert table.meta.source_format == "por" and table.df["N"].tolist() == [1.0, 2.0]   # portable names are upper case
    assert table.meta.variable_labels == {"N": "Number", "S": "Text"}
    (tmp_path / "p.sav").write_bytes(path.read_bytes())
    with pytest.raises(UserError, match="portable"):
        read_table(tmp_path / "p.sav")
    with pytest.raises(UserError, match="cannot write data as '.por'"):
        write_table(tmp_path / "out.por", table)


@pytest.mark.parametrize("times, expected", [
    (["2012-11-05 00:00:00", "2013-01-31 00:00:00"], ["2012-11-05", "2013-01-31"]),
    (["2012-11-05 00:00:00", "2013-01-31 14:30:00"], ["2012-11-05T00:00:00", "2013-01-31T14:30:00"]),
    (["2012-11-05 00:00:00.250000", None], ["2012-11-05T00:00:00.250000", ""]),
])
def test_tab_dates_carry_a_time_only_where_the_column_has_one(tmp_path, times, expected):
    table = Table(pd.DataFrame({"when": pd.to_datetime(times), "n": [1, 2]}), TableMeta(formats={"when": "DATETIME20"}))
    lines = write_tab(tmp_path / "d.tab", table).read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in lines[1:]] == expected


def test_csv_numbers_keep_their_text(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("id,score,count,word,big\n007,1.10,3,NaN,12345678901234567\n012,2.50,,n/a,2\n", encoding="utf-8")
    table = read_table(path)
    assert table.df["id"].tolist() == ["007", "012"]              # an ID, not the number 7
    assert table.df["score"].tolist() == [1.1, 2.5] and table.meta.formats["score"] == "F4.2"
    assert pd.api.types.is_float_dtype(table.df["count"]) and table.df["word"].tolist() == ["NaN", "n/a"]
    assert table.df["big"].tolist() == ["12345678901234567", "2"]  # more digits than a double holds
    write_csv(tmp_path / "out.csv", table)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_risk_and_the_data_pass_give_a_ragged_csv_the_same_verdict(tmp_path, capsys):
    from deposit.cli import main

    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3,4,5,6\n", encoding="utf-8")
    assert main(["risk", str(path), "--keys", "a"]) == 2
    risk_error = capsys.readouterr().err
    assert main(["anonymise-data", str(path), str(tmp_path / "o.csv"), "--private", str(tmp_path / "p")]) == 2
    data_error = capsys.readouterr().err
    assert "cannot parse the file as delimited text" in risk_error and risk_error == data_error
    assert len(risk_error.strip().splitlines()) == 1


def test_only_the_asked_variables_are_returned_and_unknown_names_left_to_the_caller(survey, tmp_path):
    table = read_table(survey, usecols=["sex", "nope", "score"])
    assert table.variables == ["sex", "score"]
    assert read_table(survey, usecols=["nope"]).variables == []
    dta = stata_file(tmp_path / "s.dta")
    assert read_table(dta, usecols=["nope"]).variables == []


def test_a_stata_integer_with_plain_and_tagged_missing_values_keeps_both(tmp_path):
    # pyreadstat writes a plain missing value in an integer column that also holds tags as 0:
    # such a column is written as a double, and the run says so
    meta = TableMeta(storage={"kids": "int8"}, tagged_missing={"kids": {1: "a"}}, source_format="dta")
    table = Table(pd.DataFrame({"kids": [1.0, np.nan, np.nan, 3.0]}), meta)
    write_dta(tmp_path / "k.dta", table)
    df, read_meta = pyreadstat.read_dta(str(tmp_path / "k.dta"), user_missing=True)
    assert df["kids"].tolist()[:2] == [1.0, "a"] and pd.isna(df["kids"].iloc[2])
    assert read_meta.readstat_variable_types["kids"] == "double"
    assert [(loss.before, "double" in loss.after) for loss in writer_losses(table, ".dta")] == [("byte", True)]


@pytest.mark.parametrize("label, limit, in_bytes, fitted", [
    ("Case files from [Town 1], [Town 2], [Local authority 1] and [Local authority 2]", 64, True,
     "Case files from [Town 1], [Town 2], [Local authority 1]"),
    ("Survey of carers in Wrexham and Ynys Môn", 64, True, "Survey of carers in Wrexham and Ynys Môn"),
    ("Survey of foster carers and kinship carers across the whole region", 30, False, "Survey of foster carers"),
    ("Zoë Zoë Zoë Zoë", 9, True, "Zoë Zoë"),     # never half a UTF-8 letter
])
def test_a_long_label_is_cut_at_a_word_never_inside_a_placeholder(label, limit, in_bytes, fitted):
    from anonymise.tabular_plan import fit_label

    assert fit_label(label, limit, in_bytes) == fitted


def test_the_sav_file_label_is_cut_where_a_reader_would(survey, tmp_path):
    table = read_table(survey)
    table.meta.file_label = "Case files from [Town 1], [Town 2], [Local authority 1] and [Local authority 2]"
    out = tmp_path / "cut.sav"
    write_sav(out, table)
    _, meta = pyreadstat.read_sav(str(out))
    assert meta.file_label == "Case files from [Town 1], [Town 2], [Local authority 1]"


def test_a_first_row_longer_than_the_header_is_refused_not_taken_for_row_labels(tmp_path):
    """pandas reads 'id,sex / 1,2,3,4' as row labels (1, 2) and values (3, 4): the file's first
    two values vanished without a word. Refused like any other ragged file."""
    from anonymise.tabular import read_table
    from manifests.errors import UserError

    path = tmp_path / "ragged.csv"
    path.write_text("id,sex\n1,2,3,4\n2,1\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_table(path)
    assert "every row needs the same number of fields" in err.value.hint


def test_a_delimiter_at_the_end_of_every_row_is_read_in_its_columns(tmp_path):
    """Spreadsheet exports often end each data row with a delimiter the header lacks: pandas
    took the first column for row labels and shifted every value one column left."""
    from anonymise.tabular import read_table

    path = tmp_path / "trailing.csv"
    path.write_text("id,sex\n1,2,\n3,4,\n", encoding="utf-8")
    table = read_table(path)
    assert list(table.df.columns) == ["id", "sex"]
    assert table.df["id"].tolist() == [1, 3] and table.df["sex"].tolist() == [2, 4]
