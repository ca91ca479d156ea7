"""The UKDS data dictionary RTF: header and one row per variable, read back with an RTF reader."""

import pytest
from striprtf.striprtf import rtf_to_text

from manifests.loader import load_manifest
from manifests.workdir import Work
from metadata.dictionary import data_dictionary, dictionary_name, value_labels_text
from metadata.sources import collect
from tests.metadata.fixtures import make_work


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory):
    work = make_work(tmp_path_factory.mktemp("dict"))
    manifest = load_manifest(work / "private" / "deposit.yaml")
    data = collect(Work.at(work), manifest).data[0]
    return data, data_dictionary(data, manifest["study"])


def test_name():
    assert dictionary_name("casefile_survey") == "casefile_survey_ukda_data_dictionary.rtf"


def test_header(dictionary):
    _, rtf = dictionary
    rtf.encode("ascii")
    text = rtf_to_text(rtf)
    assert "File name: casefile_survey.sav" in text
    assert "Number of variables: 8" in text
    assert "Number of cases: 40" in text


def test_rows_per_variable(dictionary):
    data, rtf = dictionary
    rows = [line.split("|") for line in rtf_to_text(rtf).splitlines() if line.count("|") >= 4]
    assert rows[0][:5] == ["Pos.", "Variable", "Variable label", "Measurement level", "Value labels"]
    by_name = {r[1]: r for r in rows[1:]}
    assert list(by_name) == [v.name for v in data.variables]
    assert by_name["age"][:4] == ["4", "age", "Age of child at survey (years)", "Scale"]
    assert by_name["sex"][3] == "Nominal"
    assert rtf.count("\\row") == 1 + len(data.variables)


def test_value_labels_and_missing(dictionary):
    data, rtf = dictionary
    placement = next(v for v in data.variables if v.name == "placement_type")
    assert value_labels_text(placement).splitlines() == [
        "1 = Foster care", "2 = Kinship care", "3 = Residential", "4 = Placed with parents", "9 = Not recorded (missing)"]
    text = rtf_to_text(rtf)
    assert "9 = Not recorded (missing)" in text and "-9 to -1 = (missing)" in text
    assert "Variables removed before deposit" in text and "child_name" in text


def test_non_ascii_labels_survive(dictionary):
    _, rtf = dictionary
    assert "\\u8211?" in rtf and "\\u235?" in rtf
    assert "Months in care \u2013 total (Zo\u00eb test)" in rtf_to_text(rtf)
