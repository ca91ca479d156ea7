"""Per-variable statistics, checked against pandas on a real .sav read back with pyreadstat."""

import math

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from metadata.stats import ColumnMeta, describe_column, number
from tests.metadata.fixtures import survey_frame


@pytest.fixture(scope="module")
def sav(tmp_path_factory):
    path = tmp_path_factory.mktemp("sav") / "survey.sav"
    df, meta = survey_frame()
    pyreadstat.write_sav(df, str(path), **meta)
    return pyreadstat.read_sav(str(path), user_missing=True)


def column(sav, name, **extra):
    df, meta = sav
    ranges = tuple((r["lo"], r["hi"]) for r in meta.missing_ranges.get(name, []))
    labels = tuple(sorted((meta.variable_value_labels.get(name) or {}).items()))
    cm = ColumnMeta(name, meta.column_names.index(name) + 1, "", meta.variable_measure[name],
                    meta.original_variable_types[name], meta.readstat_variable_types[name], labels, ranges, **extra)
    return df[name], describe_column(df[name], cm)


def test_number_formatting():
    assert number(3.0) == "3" and number(2.5) == "2.5" and number(1 / 3) == "0.3333"
    assert number(-0.00001) == "0" and number(float("nan")) == "" and number(-9.0) == "-9"


def test_scale_statistics_match_pandas(sav):
    series, var = column(sav, "age")
    valid = series[(series.notna()) & ~series.between(-9, -1)]
    assert var.kind == "numeric" and var.is_scale
    assert var.valid == len(valid) and var.invalid == len(series) - len(valid)
    assert var.system_missing == int(series.isna().sum())
    for key, expected in {"min": valid.min(), "max": valid.max(), "mean": valid.mean(),
                          "stdev": valid.std(ddof=1), "medn": valid.median()}.items():
        assert math.isclose(float(var.stats[key]), expected, abs_tol=5e-5), key
    assert var.missing_ranges == (("-9", "-1"),) and var.missing_values == ()


def test_scale_without_missing(sav):
    series, var = column(sav, "months_in_care")
    assert var.invalid == 0 and var.valid == len(series)
    assert math.isclose(float(var.stats["mean"]), series.mean(), abs_tol=5e-5)


def test_labelled_categories_match_value_counts(sav):
    series, var = column(sav, "placement_type")
    counts = series.value_counts()
    assert [c.value for c in var.categories] == ["1", "2", "3", "4", "5", "9"]
    for category in var.categories:
        assert category.freq == counts.get(float(category.value), 0)
    by_value = {c.value: c for c in var.categories}
    assert by_value["9"].missing and by_value["9"].label == "Not recorded"
    assert by_value["5"].label == "" and not by_value["5"].missing   # observed but unlabelled
    assert var.missing_values == ("9",)
    assert var.valid == int(series.isin([1, 2, 3, 4, 5]).sum())
    assert not var.stats, "nominal variables get frequencies, not means"


def test_system_missing_in_labelled_variable(sav):
    series, var = column(sav, "sex")
    assert var.invalid == 1 == var.system_missing
    assert sum(c.freq for c in var.categories) + var.system_missing == len(series)


def test_string_and_date_variables(sav):
    series, var = column(sav, "notes")
    assert var.kind == "string" and var.invalid == int((series == "").sum()) and not var.stats
    series, var = column(sav, "review_date")
    assert var.kind == "date"
    assert var.stats == {"min": min(series).isoformat(), "max": max(series).isoformat()}


def test_scale_with_labels_lists_only_labelled_codes():
    series = pd.Series([1.0, 2.0, 3.5, -9.0, np.nan])
    meta = ColumnMeta("x", 1, measure="scale", format="F8.1", value_labels=((-9.0, "Refused"),),
                      missing_ranges=((-9.0, -9.0),))
    var = describe_column(series, meta)
    assert [(c.value, c.freq, c.missing) for c in var.categories] == [("-9", 1, True)]
    assert var.stats["max"] == "3.5" and var.decimals == 1


def test_many_unlabelled_codes_are_not_listed():
    series = pd.Series([float(i) for i in range(200)] + [-1.0])
    meta = ColumnMeta("id", 1, measure="nominal", format="F8.0", value_labels=((-1.0, "Unknown"),),
                      missing_ranges=((-1.0, -1.0),))
    var = describe_column(series, meta)
    assert [(c.value, c.freq) for c in var.categories] == [("-1", 1)]
    assert var.valid == 200 and var.invalid == 1


def test_time_and_datetime_values():
    import datetime as dt
    times = pd.Series([dt.time(9, 30), dt.time(8, 0), None], dtype=object)
    var = describe_column(times, ColumnMeta("t", 1, measure="scale", format="TIME8"))
    assert var.kind == "date" and var.stats == {"min": "08:00:00", "max": "09:30:00"} and var.invalid == 1
    stamps = pd.Series(pd.to_datetime(["2013-05-01 10:00", "2012-01-01 00:00"]))
    var = describe_column(stamps, ColumnMeta("d", 1, measure="scale", format="DATETIME20"))
    assert var.stats == {"min": "2012-01-01T00:00:00", "max": "2013-05-01T10:00:00"}


def test_coded_strings_get_frequencies_but_free_text_does_not():
    codes = pd.Series(["Authority B", "Authority A", "Authority B", ""] * 10)
    var = describe_column(codes, ColumnMeta("la", 1, measure="nominal", format="A11", storage="string"))
    assert [(c.value, c.freq) for c in var.categories] == [("Authority A", 10), ("Authority B", 20)]
    assert var.invalid == 10
    var = describe_column(codes, ColumnMeta("la", 1, measure="nominal", format="A11", storage="string", free_text=True))
    assert var.categories == ()
    answers = pd.Series([f"answer {i}" for i in range(40)])
    assert describe_column(answers, ColumnMeta("q", 1, measure="nominal", format="A20", storage="string")).categories == ()
