"""`ukds-deposit risk` end to end on real .sav/.csv/.dta files written from sdcMicro's testdata."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pyreadstat
import pytest

from deposit.cli import main
from manifests.loader import load_schema

KEYS = "urbrur,roof,walls,water,electcon,relat,sex"


@pytest.fixture(scope="module")
def files(tmp_path_factory, testdata):
    folder = tmp_path_factory.mktemp("risk")
    paths = {"sav": folder / "testdata.sav", "csv": folder / "testdata.csv", "dta": folder / "testdata.dta",
             "tab": folder / "testdata.tab"}
    pyreadstat.write_sav(testdata, str(paths["sav"]))
    pyreadstat.write_dta(testdata, str(paths["dta"]))
    testdata.to_csv(paths["csv"], index=False)
    testdata.to_csv(paths["tab"], index=False, sep="\t")
    return paths


def run_json(capsys, *argv):
    assert main(["risk", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("kind", ["sav", "csv", "dta", "tab"])
def test_json_reproduces_sdcmicro_figures_from_every_format(files, capsys, kind):
    summary = run_json(capsys, str(files[kind]), "--keys", KEYS, "--weight", "sampling_weight")
    jsonschema.validate(summary, load_schema("risk"))
    assert summary["records"] == 4580
    assert summary["keys"] == KEYS.split(",")
    assert summary["k_violations"]["2"] == 157
    assert summary["k_violations"]["3"] == 281
    assert round(summary["expected_reidentifications"], 2) == 10.78


def test_census_flag_and_sensitive_variables(files, capsys):
    summary = run_json(capsys, str(files["sav"]), "--keys", KEYS, "--weight", "sampling_weight", "--census",
                       "--sensitive", "hhcivil", "--k", "4")
    assert summary["census"] is True
    assert summary["max_risk"] == 1.0
    assert set(summary["k_violations"]) == {"2", "3", "4", "5"}
    assert summary["l_diversity"]["hhcivil"]["min_l"] == 1


def test_human_readable_table(files, capsys):
    assert main(["risk", str(files["csv"]), "--keys", KEYS, "--weight", "sampling_weight"]) == 0
    out = capsys.readouterr().out
    assert "4,580" in out
    assert "fk<2: 157" in out and "fk<3: 281" in out
    assert "10.78" in out
    assert "281 record(s) violate 3-anonymity" in out


def test_user_missing_codes_in_keys_count_as_missing(tmp_path, capsys):
    import pandas as pd

    data = pd.DataFrame({"sex": [1.0, 1.0, 2.0, 2.0, 9.0], "area": [1.0, 1.0, 1.0, 1.0, 1.0]})
    path = tmp_path / "coded.sav"
    pyreadstat.write_sav(data, str(path), missing_ranges={"sex": [9]})
    summary = run_json(capsys, str(path), "--keys", "sex,area")
    # 9 = missing matches both sexes: fk is 3,3,3,3 for the others and 5 for it.
    assert summary["missing_in_keys"]["sex"] == 1
    assert summary["k_violations"]["3"] == 0
    assert summary["sample_uniques"] == 0
    assert summary["max_risk"] == pytest.approx(1 / 3)


def test_unknown_key_exits_2_with_a_suggestion(files, capsys):
    assert main(["risk", str(files["csv"]), "--keys", "urbrur,rooof"]) == 2
    err = capsys.readouterr().err
    assert "unknown variable(s): 'rooof'" in err
    assert "'roof'" in err


@pytest.mark.parametrize("kind", ["sav", "csv"])
def test_unknown_weight_exits_2(files, capsys, kind):
    assert main(["risk", str(files[kind]), "--keys", KEYS, "--weight", "weight"]) == 2
    assert "unknown variable(s): 'weight'" in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["risk", str(tmp_path / "absent.sav"), "--keys", "a"]) == 2
    assert "no such data file" in capsys.readouterr().err


def test_truncated_sav_exits_2(files, tmp_path, capsys):
    broken = tmp_path / "broken.sav"
    broken.write_bytes(files["sav"].read_bytes()[:3000])
    assert main(["risk", str(broken), "--keys", KEYS]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


def test_mislabelled_file_exits_2(tmp_path, capsys):
    fake = tmp_path / "fake.sav"
    fake.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["risk", str(fake), "--keys", "a"]) == 2
    assert "looks like" in capsys.readouterr().err


def test_weights_that_are_not_numbers_exit_2(tmp_path, capsys):
    path = tmp_path / "w.csv"
    path.write_text("a,w\nx,10\ny,ten\n", encoding="utf-8")
    assert main(["risk", str(path), "--keys", "a", "--weight", "w"]) == 2
    assert "missing or non-numeric" in capsys.readouterr().err


def test_empty_key_list_exits_2(files, capsys):
    assert main(["risk", str(files["csv"]), "--keys", " , "]) == 2
    assert "--keys names no variables" in capsys.readouterr().err


def test_json_output_is_deterministic(files, capsys):
    first = run_json(capsys, str(files["sav"]), "--keys", KEYS, "--weight", "sampling_weight")
    second = run_json(capsys, str(files["sav"]), "--keys", KEYS, "--weight", "sampling_weight")
    assert first == second
    assert np.isfinite(first["expected_reidentifications"])
