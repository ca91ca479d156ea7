"""The manifest loader turns schema errors into messages a data manager can act on."""

from pathlib import Path

import pytest
import yaml

from manifests.errors import UserError
from manifests.loader import load_manifest, validation_problems

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "manifests" / "example-deposit.yaml"


def write_manifest(tmp_path, data) -> Path:
    path = tmp_path / "deposit.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def test_example_manifest_is_valid_and_keeps_dates_as_text():
    manifest = load_manifest(EXAMPLE)
    assert manifest["study"]["deposit_date"] == "2015-06-30"
    assert isinstance(manifest["study"]["collection_period"]["start"], str)


def test_loads_from_a_collection_folder(tmp_path):
    write_manifest(tmp_path, example())
    assert load_manifest(tmp_path)["study"]["id"] == "900001"


def test_missing_field_names_the_field_and_how_to_fix(tmp_path):
    data = example()
    del data["study"]["abstract"]
    with pytest.raises(UserError) as err:
        load_manifest(write_manifest(tmp_path, data))
    text = err.value.render()
    assert "study" in text and "abstract" in text
    assert "deposit.yaml" in text
    assert "(hint: add 'abstract:'" in text
    assert "Traceback" not in text and "jsonschema" not in text


def test_wrong_enum_lists_allowed_values(tmp_path):
    data = example()
    data["files"][0]["role"] = "transcripts"
    with pytest.raises(UserError) as err:
        load_manifest(write_manifest(tmp_path, data))
    assert "files[0].role" in err.value.message
    assert "transcript, data, documentation" in err.value.message


def test_misspelt_field_is_named_with_the_allowed_ones(tmp_path):
    data = example()
    data["study"]["titel"] = "x"
    with pytest.raises(UserError) as err:
        load_manifest(write_manifest(tmp_path, data))
    assert "titel" in err.value.message
    assert "title" in err.value.hint


def test_bad_yaml_points_at_the_line(tmp_path):
    path = tmp_path / "deposit.yaml"
    path.write_text("manifest_version: 1\nstudy: [\n  title: x\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_manifest(path)
    assert "not valid YAML" in err.value.message
    assert "deposit.yaml:" in err.value.location


def test_missing_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(UserError) as err:
        load_manifest(tmp_path)
    assert "no manifest found" in err.value.message


def test_every_problem_is_reported_with_a_location():
    data = example()
    data["study"]["nation"]["abbr"] = "gb"
    data["study"]["language"] = "English"
    problems = validation_problems(data, "deposit", "deposit.yaml")
    locations = {p.location for p in problems}
    assert "deposit.yaml:study.nation.abbr" in locations
    assert "deposit.yaml:study.language" in locations


def test_every_shipped_schema_is_valid_against_its_metaschema():
    from importlib import resources

    import jsonschema

    from manifests.loader import load_schema

    names = [p.name.removesuffix(".schema.json") for p in resources.files("manifests").joinpath("schemas").iterdir()
             if p.name.endswith(".schema.json")]
    assert "deposit" in names and len(names) >= 5
    for name in names:
        schema = load_schema(name)
        jsonschema.validators.validator_for(schema).check_schema(schema)


def test_an_alias_bomb_is_refused_in_a_moment(tmp_path):
    """A 'billion laughs' manifest is measured as the node graph it is (a few dozen nodes),
    not expanded: refused in well under a second, before validation sees it."""
    import time

    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    (tmp_path / "deposit.yaml").write_text("\n".join(lines) + "\nmanifest_version: *l8\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(UserError) as err:
        load_manifest(tmp_path)
    assert time.monotonic() - started < 2
    assert err.value.code == "yaml.too_large" and "aliases" in err.value.message


@pytest.mark.parametrize("text, words", [
    ("a: " + "[" * 500 + "]" * 500 + "\n", "deep"),
    ("\n".join(["l0: &l0 [1]"] + [f"l{i}: &l{i} [*l{i - 1}]" for i in range(1, 200)]) + "\n", "deep"),
    ("a: &a [*a]\n", "refers to itself"),
    ("abstract: " + "x" * 200_000 + "\n", "characters long"),
    ("files:\n" + "  - {path: a, role: data}\n" * 60_000, "more than 250,000 values"),
])
def test_deep_or_self_referring_yaml_is_refused(tmp_path, text, words):
    (tmp_path / "deposit.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_manifest(tmp_path)
    assert words in err.value.message and err.value.exit_code == 2


def test_anchors_that_repeat_a_block_still_work(tmp_path):
    from manifests.loader import load_yaml

    assert load_yaml("a: &x {b: 1}\nc: *x\n") == {"a": {"b": 1}, "c": {"b": 1}}
