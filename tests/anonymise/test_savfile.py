"""Edits to a .sav/.zsav that pyreadstat wrote: the fixed creation time and the
multiple-response sets, checked by reading the files back with pyreadstat."""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd
import pyreadstat
import pytest

from anonymise.savfile import UnreadableDictionary, add_mr_sets, stamp_header, writer_controlled

SETS = {
    "ticked": {"type": "D", "counted_value": 1, "label": "Services used (Ünïcode)",
               "variable_list": ["used_social_care_services", "used_health_services", "s"]},
    "mentions": {"type": "C", "counted_value": None, "label": "", "variable_list": ["first_mention", "second_mention"]},
}


def written(tmp_path, compress: bool) -> bytes:
    """A file with long names (short names differ), a very long string and labels before the sets."""
    df = pd.DataFrame({
        "used_social_care_services": [1.0, 0.0, 1.0], "used_health_services": [0.0, 0.0, 1.0], "s": [1.0, 1.0, 0.0],
        "first_mention": ["a", "b", "c"], "second_mention": ["b", "", "a"], "essay": ["x" * 600, "y", ""],
    })
    path = tmp_path / ("in.zsav" if compress else "in.sav")
    pyreadstat.write_sav(df, str(path), compress=compress, note="a note", column_labels={"s": "Self-referred"},
                         variable_value_labels={"s": {1.0: "yes", 0.0: "no"}}, missing_ranges={"s": [9.0]})
    return path.read_bytes()


@pytest.mark.parametrize("compress", [False, True], ids=["sav", "zsav"])
def test_sets_read_back_and_the_data_are_untouched(tmp_path, compress):
    data = written(tmp_path, compress)
    out = tmp_path / ("out.zsav" if compress else "out.sav")
    out.write_bytes(add_mr_sets(data, SETS))
    df, meta = pyreadstat.read_sav(str(out), user_missing=True)
    original, before = pyreadstat.read_sav(str(tmp_path / ("in.zsav" if compress else "in.sav")), user_missing=True)
    assert {k: (v["type"], v["label"], v["variable_list"], v["counted_value"]) for k, v in meta.mr_sets.items()} == {
        "ticked": ("D", "Services used (Ünïcode)", SETS["ticked"]["variable_list"], 1),
        "mentions": ("C", "", SETS["mentions"]["variable_list"], None)}
    pd.testing.assert_frame_equal(df, original)
    assert meta.notes == before.notes and meta.missing_ranges == before.missing_ranges
    assert meta.variable_value_labels == before.variable_value_labels


def test_no_sets_changes_nothing_and_a_set_naming_an_absent_variable_is_refused(tmp_path):
    data = written(tmp_path, False)
    assert add_mr_sets(data, {}) == data
    with pytest.raises(UnreadableDictionary, match="does not hold"):
        add_mr_sets(data, {"x": {"type": "C", "label": "", "variable_list": ["s", "nowhere"]}})
    with pytest.raises(UnreadableDictionary, match="not an SPSS"):
        add_mr_sets(b"PK\x03\x04" + bytes(200), SETS)


def test_header_stamp_fixes_the_creation_time(tmp_path):
    data = bytearray(written(tmp_path, False))
    stamp_header(data, datetime(2013, 9, 1, 8, 5, 3, tzinfo=timezone.utc))
    assert bytes(data[92:109]) == b"01 Sep 1308:05:03"
    path = tmp_path / "stamped.sav"
    path.write_bytes(data)
    assert pyreadstat.read_sav(str(path), metadataonly=True)[1].creation_time == datetime(2013, 9, 1, 8, 5, 3)


def test_the_writers_header_fields_are_known_and_the_file_label_is_not_among_them(tmp_path):
    # "01 Jan 80" is what the demonstration's SPSS writer stamps; a carer called Jan is not in it.
    path = tmp_path / "label.sav"
    pyreadstat.write_sav(pd.DataFrame({"x": [1.0]}), str(path), file_label="Interviews by Jan")
    data = bytearray(path.read_bytes())
    stamp_header(data, datetime(1980, 1, 1, tzinfo=timezone.utc))
    date = data.find(b"01 Jan 80")
    assert writer_controlled(date + 3, date + 6)                       # "Jan" of the creation date
    assert writer_controlled(4, 12)                                    # "@(#) SPSS" of the product name
    label = data.find(b"Interviews by Jan")
    assert 109 <= label < 176 and not writer_controlled(label + 14, label + 17)   # the depositor's label
    assert not writer_controlled(200, 203)                             # past the header: data
