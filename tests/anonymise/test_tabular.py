"""Reading and writing .sav/.csv/.tab/.dta without losing metadata; bad files are UserErrors."""

from __future__ import annotations

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
    write_dta,
    write_sav,
    write_tab,
    write_table,
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
