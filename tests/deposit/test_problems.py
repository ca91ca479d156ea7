"""`ukds-deposit problems`: the catalogue as a data manager reads it, and docs/problems.md."""

from __future__ import annotations

import json
from pathlib import Path

from deposit import problems as command
from deposit.cli import main
from manifests.problems import catalogue

DOC = Path(__file__).resolve().parents[2] / "docs" / "problems.md"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["problems", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_listing_names_every_code_with_its_title_and_hint(capsys):
    code, out, _ = run(capsys)
    assert code == 0
    for entry in catalogue().entries.values():
        assert entry.code in out and entry.title in out
        for member in entry.codes():
            assert member in out
    assert "hint: the file changed after bagging (damaged download or edited)" in out


def test_one_code_is_explained_with_its_message_hint_and_other_shapes(capsys):
    code, out, _ = run(capsys, "bagit.checksum")
    assert code == 0
    assert out.startswith("bagit.checksum: A file's checksum does not match its manifest")
    assert "<path> <algorithm> validation failed: expected=<expected> found=<found>" in out
    assert "a tag file changed after bagging" in out


def test_a_member_is_explained_by_its_family_and_where_it_is_declared(capsys):
    _, out, _ = run(capsys, "check.duplicate_ids")
    assert "one of the family check.<name> (declared in deposit/checks/checks.yaml): ID variables have no duplicate" in out
    _, out, _ = run(capsys, "schema.enum")
    assert "one of the family schema.<validator>" in out


def test_the_start_of_a_code_lists_its_area(capsys):
    _, out, _ = run(capsys, "zip")
    assert "zip.bomb" in out and "zip.encrypted" in out and "bagit." not in out


def test_an_unknown_code_is_a_usage_error_with_a_suggestion(capsys):
    code, out, err = run(capsys, "bagit.chksum")
    assert code == 2 and out == ""
    assert "no problem code 'bagit.chksum'" in err and "did you mean bagit.checksum?" in err


def test_json_for_machines(capsys):
    _, out, _ = run(capsys, "--json")
    records = json.loads(out)
    assert [r["code"] for r in records] == sorted(catalogue().entries)
    _, out, _ = run(capsys, "zip.bomb", "--json")
    bomb = json.loads(out)
    assert bomb["fields"] == {"name": "text", "ratio": "number", "compressed": "int", "size": "int", "limit": "number"}
    assert bomb["message"] == "entry <name> expands <ratio>-fold (<compressed> -> <size> bytes; limit <limit>x)"
    _, out, _ = run(capsys, "check.<name>", "--json")
    assert {"code": "check.system_missing", "about": catalogue().members("check.<name>")["system_missing"]} \
        in json.loads(out)["members"]


def test_the_command_writes_nothing():
    assert command.outputs(None) == []


def test_the_doc_page_is_the_catalogue_of_today():
    expected = command.markdown([e for _, e in sorted(catalogue().entries.items())])
    assert DOC.read_text(encoding="utf-8") == expected, f"regenerate it: {command.DOC_COMMAND}"
    assert "## `bagit.checksum`" in expected and "&lt;" in expected   # field names are not HTML tags


def test_the_readme_sends_readers_to_the_listing():
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "](docs/problems.md)" in readme and "ukds-deposit problems CODE" in readme
