"""pyreadstat's own test files as a peer suite (tests/fixtures/pyreadstat, see its README):
every file goes through `ukds-deposit anonymise-data`, with rules that keep every variable
and in the automatic mode, and comes out with nothing lost that the run does not report.

Before and after are read with pyreadstat itself, not with our reader, and compared on
values, variable labels, value labels, missing-value definitions (user-missing and
tagged), display formats, storage types and widths, display widths, measurement levels,
alignment, value-label set names, multiple-response sets, notes and the file label.
Every difference must be explained by the run: a variable it changed on purpose (its
decision says so) or a loss it reported, which is then a `not_kept` record, a row of the
information-loss table and a warning, all naming the variable. In the other direction,
the run must not cry wolf: every loss it reports is a difference that happened.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from deposit.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pyreadstat"
SPSS_FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".sav", ".zsav", ".por"))
STATA_FILES = sorted(FIXTURES.rglob("*.dta"))
CSV_FILES = sorted(FIXTURES.rglob("*.csv"))
OUTPUT_SUFFIX = {".por": ".sav"}   # a portable file is written back as a system file

# Which reported aspects can explain a difference in each compared aspect.
EXPLAINS = {
    "values": {"tagged_missing"},
    "variable_label": {"variable_label"},
    "value_labels": {"value_labels"},
    "missing_values": {"missing_values", "tagged_missing"},
    "format": {"format"},
    "storage": {"storage"},
    "storage_width": {"storage", "string_width"},
    "display_width": {"display_width", "format"},
    "measure": {"measure"},
    "alignment": {"alignment", "format"},
    "label_set": {"label_set"},
    "mr_set": {"mr_set"},
    "notes": {"notes"},
    "file_label": {"file_label"},
}
NOTHING_KNOWN = {"unknown", "", None}   # nothing to lose (a portable file has no alignment or measure)


def read(path: Path):
    if path.suffix == ".dta":
        # Stata shows every %td... format as a date and %tc... as a date and time; pyreadstat
        # knows only some of the display variants unless told
        formats = set(pyreadstat.read_dta(str(path), metadataonly=True)[1].original_variable_types.values())
        return pyreadstat.read_dta(str(path), user_missing=True,
                                   extra_date_formats=sorted(f for f in formats if f.startswith("%td")) or None,
                                   extra_datetime_formats=sorted(f for f in formats if f.startswith("%tc")
                                                                 and not f.startswith("%tcHH")) or None)
    if path.suffix == ".por":
        return pyreadstat.read_por(str(path))
    return pyreadstat.read_sav(str(path), user_missing=True)


def plain(value):
    """A cell as a comparable Python value (missing is None, whatever its flavour)."""
    if not isinstance(value, str) and pd.isna(value):
        return None
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


def snapshot(path: Path) -> dict[tuple[str, str], object]:
    """Everything compared, keyed by (variable or "$set" or "", aspect)."""
    df, m = read(path)
    stata = path.suffix == ".dta"
    out: dict[tuple[str, str], object] = {}
    for var in df.columns:
        out[(var, "values")] = [plain(v) for v in df[var].tolist()]
        out[(var, "variable_label")] = (m.column_names_to_labels or {}).get(var) or None
        out[(var, "value_labels")] = (m.variable_value_labels or {}).get(var) or {}
        out[(var, "missing_values")] = ((m.missing_ranges or {}).get(var) or [],
                                        sorted((m.missing_user_values or {}).get(var) or []))
        out[(var, "format")] = (m.original_variable_types or {}).get(var)
        out[(var, "storage")] = (m.readstat_variable_types or {}).get(var)
        out[(var, "storage_width")] = (m.variable_storage_width or {}).get(var)
        out[(var, "display_width")] = (m.variable_display_width or {}).get(var)
        out[(var, "measure")] = (m.variable_measure or {}).get(var)
        out[(var, "alignment")] = (m.variable_alignment or {}).get(var)
        if stata:   # SPSS names its label sets itself (labels0, labels1, ...)
            out[(var, "label_set")] = (m.variable_to_label or {}).get(var)
    for name, spec in (m.mr_sets or {}).items():
        out[(f"${name}", "mr_set")] = spec
    out[("", "notes")] = list(m.notes or [])
    out[("", "file_label")] = m.file_label or None
    return out


def anonymise(path: Path, out: Path, tmp_path: Path, capsys, keep_all: bool) -> dict:
    argv = ["anonymise-data", str(path), str(out), "--private", str(tmp_path / "private"), "--json"]
    if keep_all:
        rules = tmp_path / "rules.yaml"
        names = _cells(path)[0] if path.suffix == ".csv" else list(read(path)[0].columns)
        rules.write_text(yaml.safe_dump({"rules": {str(v): {"action": "keep"} for v in names}}), encoding="utf-8")
        # Fidelity of the round trip alone: no k applied to the keys automatic mode proposes
        # (that changes values on purpose, and has tests of its own).
        argv += ["--rules", str(rules), "--no-protect-proposed-keys"]
    capsys.readouterr()
    assert main(argv) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def differences(before: dict, after: dict) -> list[tuple[str, str]]:
    found = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if key[1] in ("alignment", "measure") and old in NOTHING_KNOWN:
            continue
        if old != new:
            found.append(key)
    return found


def changed_on_purpose(result: dict) -> set[str]:
    """Variables the run transformed or removed, and the sets they belong to."""
    return {d["variable"] for d in result["decisions"] if d["action"] != "keep"}


def assert_reported(result: dict, before: dict, after: dict) -> None:
    purposeful = changed_on_purpose(result)
    # labels the text pass changed are reported per variable in the result's metadata_text
    relabelled = set((result.get("metadata_text") or {}).get("variable_labels") or {})
    reported = {(loss["variable"], loss["aspect"]) for loss in result.get("not_kept", [])}
    warned = {(w["location"].rsplit(":", 1)[-1] if ":" in w["location"] else "", w["code"].rsplit(".", 1)[-1])
              for w in result.get("warnings", [])}
    unexplained = []
    found = differences(before, after)
    for var, aspect in found:
        if var in purposeful or (aspect == "variable_label" and var in relabelled):
            continue
        if aspect == "mr_set" and set(before.get((var, aspect), {}).get("variable_list", [])) & purposeful:
            continue   # a member variable was dropped or changed, and the decision says so
        allowed = {(var, kind) for kind in EXPLAINS[aspect]}
        if not allowed & reported:
            unexplained.append((var, aspect, before.get((var, aspect)), after.get((var, aspect))))
            continue
        assert allowed & warned, f"{var} {aspect}: reported but no warning"
        losses = [loss for loss in result["not_kept"] if (loss["variable"], loss["aspect"]) in allowed]
        assert all(result["info_loss"].get(loss["row"], 0) >= 1 for loss in losses), \
            f"{var} {aspect}: not in the information-loss table"
    assert not unexplained, f"differences the run did not report: {unexplained}"
    # no false alarms: every reported loss is a difference that happened
    happened = {(var, kind) for var, aspect in found for kind in EXPLAINS[aspect]}
    assert reported <= happened | {(v, a) for v, a in reported if v in purposeful}, \
        f"losses reported that did not happen: {sorted(reported - happened)}"


@pytest.mark.parametrize("keep_all", [True, False], ids=["keep-all", "automatic"])
@pytest.mark.parametrize("path", SPSS_FILES + STATA_FILES, ids=lambda p: p.name)
def test_round_trip_loses_nothing_unreported(path, keep_all, tmp_path, capsys):
    out = tmp_path / "out" / (path.stem + OUTPUT_SUFFIX.get(path.suffix, path.suffix))
    result = anonymise(path, out, tmp_path, capsys, keep_all)
    assert_reported(result, snapshot(path), snapshot(out))


@pytest.mark.parametrize("path", SPSS_FILES, ids=lambda p: p.name)
def test_spss_files_keep_everything(path, tmp_path, capsys):
    """Nothing an SPSS file holds is beyond the .sav writer: formats (TIME8, ADATE10, QYR8),
    declared widths (A1024), user-missing values, multiple-response sets and notes all stay."""
    out = tmp_path / "out" / (path.stem + OUTPUT_SUFFIX.get(path.suffix, path.suffix))
    result = anonymise(path, out, tmp_path, capsys, keep_all=True)
    assert result["not_kept"] == [] and result["warnings"] == []
    assert differences(snapshot(path), snapshot(out)) == []


def test_stata_tagged_missing_values_and_dates_survive(tmp_path, capsys):
    tagged, sample = FIXTURES / "missing_data" / "missing_test.dta", FIXTURES / "basic" / "sample.dta"
    for path in (tagged, sample):
        out = tmp_path / path.name
        result = anonymise(path, out, tmp_path, capsys, keep_all=True)
        before, after = snapshot(path), snapshot(out)
        for var in read(path)[0].columns:
            for aspect in ("values", "value_labels", "missing_values", "format"):
                assert before[(var, aspect)] == after[(var, aspect)], (path.name, var, aspect)
        # pyreadstat writes every whole number as a long and every float as a double: said, per variable
        lost = {(loss["variable"], loss["before"]) for loss in result["not_kept"] if loss["aspect"] == "storage"}
        expected = {(v, {"int8": "byte", "float": "float"}[t]) for v, t in read(path)[1].readstat_variable_types.items()
                    if t in ("int8", "float")}
        assert lost == expected
    assert after_tags(tmp_path / "missing_test.dta") == {"var1": ["a"], "var2": ["b"], "var3": ["c"], "var4": ["x"],
                                                         "var5": ["y"], "var6": ["z"]}


def after_tags(path: Path) -> dict:
    return pyreadstat.read_dta(str(path), user_missing=True)[1].missing_user_values


@pytest.mark.parametrize("path", SPSS_FILES, ids=lambda p: p.name)
def test_spss_to_stata_reports_what_stata_cannot_hold(path, tmp_path, capsys):
    """A conversion keeps values and labels; user-missing values, multiple-response sets,
    notes and measurement levels have no Stata form, and the run says so per variable."""
    out = tmp_path / (path.stem + ".dta")
    result = anonymise(path, out, tmp_path, capsys, keep_all=True)
    before, after = snapshot(path), snapshot(out)
    reported = {(loss["variable"], loss["aspect"]) for loss in result["not_kept"]}
    for (var, aspect), old in before.items():
        new = after.get((var, aspect))
        if aspect == "values":
            assert [_same_value(a, b) for a, b in zip(old, new, strict=True)] == [True] * len(old), var
        elif aspect in ("variable_label", "value_labels") and old != new:
            assert (var, aspect) in reported, (var, aspect, old, new)
        elif aspect == "missing_values" and old[0]:
            assert (var, "missing_values") in reported
        elif aspect == "mr_set":
            assert (var, "mr_set") in reported
        elif aspect == "notes" and old:
            assert ("", "notes") in reported
        elif aspect == "measure" and old not in NOTHING_KNOWN:
            assert (var, "measure") in reported


@pytest.mark.parametrize("path", STATA_FILES, ids=lambda p: p.name)
def test_stata_to_spss_reports_tagged_missing_values(path, tmp_path, capsys):
    out = tmp_path / (path.stem + ".sav")
    result = anonymise(path, out, tmp_path, capsys, keep_all=True)
    before, after = snapshot(path), snapshot(out)
    tags = {v: t for v, t in (read(path)[1].missing_user_values or {}).items()}
    reported = {loss["variable"]: loss for loss in result["not_kept"] if loss["aspect"] == "tagged_missing"}
    assert set(reported) == set(tags)
    for var in tags:
        assert reported[var]["values"] == sum(isinstance(v, str) for v in before[(var, "values")])
        assert result["info_loss"][f"not kept: tagged missing values of {var}"] == reported[var]["values"]
    for (var, aspect), old in before.items():
        if aspect == "values":
            new = after[(var, aspect)]
            changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if not _same_value(a, b)]
            assert all(isinstance(old[i], str) and new[i] is None for i in changed), var
    assert all(w["severity"] == "warning" and w["code"].startswith("data.not_kept.") for w in result["warnings"])
    # every Stata format here has an SPSS twin (%td DATE11, %tcHH:MM:SS TIME8, %16.2f F16.2): nothing else is said
    assert {loss["aspect"] for loss in result["not_kept"]} <= {"tagged_missing", "storage", "value_labels"}


def test_the_command_line_says_what_was_not_kept(tmp_path, capsys):
    path = FIXTURES / "missing_data" / "missing_test.dta"
    assert main(["anonymise-data", str(path), str(tmp_path / "out.sav"), "--private", str(tmp_path / "private")]) == 0
    out = capsys.readouterr().out
    assert "warning: var1: tagged missing values .a cannot be kept in SPSS .sav" in out
    assert "warning: var7: storage type float cannot be kept in SPSS .sav" in out
    assert "not kept by the writer (see the warnings) 16" in out and "information loss: 0" not in out


def _same_value(a, b) -> bool:
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return abs((a - b).total_seconds()) < 1e-3
    return a == b or (a is None and b in (None, "")) or (a == "" and b is None)


@pytest.mark.parametrize("keep_all", [True, False], ids=["keep-all", "automatic"])
@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_csv_round_trip_keeps_every_cell(path, keep_all, tmp_path, capsys):
    """Cells come back as they were written ("1.10" stays "1.10"), apart from variables the
    run changed on purpose; the byte-order mark and line ends may differ."""
    out = tmp_path / "out" / path.name
    result = anonymise(path, out, tmp_path, capsys, keep_all)
    before = _cells(path)
    after = _cells(out)
    purposeful = changed_on_purpose(result)
    assert after[0] == [c for c in before[0]]
    for i, name in enumerate(before[0]):
        if name not in purposeful:
            assert [row[i] for row in after[1:]] == [row[i] for row in before[1:]], name
    assert result["not_kept"] == []


def _cells(path: Path) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.reader(handle)]


def test_rules_that_drop_and_transform_are_the_only_other_differences(tmp_path, capsys):
    """Dropping two of a dichotomy set's three variables ends the set (reported); dropping
    one of three category variables shrinks that set (the drop says so); a date made a
    year changes only that variable."""
    path = FIXTURES / "multiple_response" / "simple_alltypes.sav"
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump({"rules": {"bool2": {"action": "drop"}, "bool3": {"action": "drop"},
                                               "ca_subvar_3": {"action": "drop"},
                                               "y": {"action": "date", "to": "year"}}}), encoding="utf-8")
    out = tmp_path / "out.sav"
    capsys.readouterr()
    assert main(["anonymise-data", str(path), str(out), "--private", str(tmp_path / "p"), "--rules", str(rules),
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [(loss["variable"], loss["aspect"]) for loss in result["not_kept"]] == [("$mymrset", "mr_set")]
    assert_reported(result, snapshot(path), snapshot(out))
    sets = pyreadstat.read_sav(str(out), metadataonly=True)[1].mr_sets
    assert list(sets) == ["categorical_array"] and sets["categorical_array"]["variable_list"] == ["ca_subvar_1", "ca_subvar_2"]
