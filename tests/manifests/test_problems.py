"""The problem catalogue: lookup, families, variants, rendering, and what it refuses."""

from __future__ import annotations

import pytest

from manifests import problems
from manifests.errors import Problem, ProblemReport
from manifests.problems import FIELD_TYPES, CatalogueError, catalogue, parse

SMALL = """
demo.checksum:
  title: A checksum differs
  fields: {path: text, expected: text, found: text, count: int}
  message: "{path}: expected={expected} found={found}"
  hint: "download {path} again"
  variants:
    many:
      message: "{count:,} files differ"
      severity: warning
demo.item.<kind>:
  title: An item of a kind
  fields: {what: text}
  message: "{what}"
  members: [apple, pear]
demo.open.<thing>:
  title: Anything at all
  message: "something"
"""


@pytest.fixture
def lenient(monkeypatch):
    monkeypatch.delenv(problems.STRICT_ENV, raising=False)


def test_a_message_is_worded_from_typed_fields_like_bagit_pythons_checksum_mismatch():
    problem = Problem.of("bagit.checksum", location="data/a.tab", path="data/a.tab", algorithm="sha256",
                         expected="ab12", found="cd34")
    assert problem.message == "data/a.tab sha256 validation failed: expected=ab12 found=cd34"
    assert problem.hint == "the file changed after bagging (damaged download or edited)"
    assert (problem.code, problem.location, problem.severity) == ("bagit.checksum", "data/a.tab", "error")
    assert problem.fields["found"] == "cd34"
    # the record a report writes stays the five keys the schemas allow
    assert sorted(problem.to_dict()) == ["code", "hint", "location", "message", "severity"]


def test_a_site_may_give_a_sharper_hint_or_another_severity():
    problem = Problem.of("layout.missing", path="x", hint="look in the zip", severity="warning")
    assert (problem.hint, problem.severity) == ("look in the zip", "warning")
    assert Problem.of("layout.missing", path="x", hint="").hint == ""


def test_variants_override_and_inherit():
    small = parse(SMALL)
    entry = small.entry("demo.checksum")
    assert entry.render("demo.checksum", "many", {"count": 1200, "path": "p"}) == (
        "1,200 files differ", "download p again", "warning")
    assert entry.render("demo.checksum", None, {"path": "p", "expected": "1", "found": "2"}) == (
        "p: expected=1 found=2", "download p again", "error")


def test_families_resolve_their_members_only():
    small = parse(SMALL)
    assert small.lookup("demo.item.apple").code == "demo.item.<kind>"
    assert small.lookup("demo.item.plum") is None
    assert small.lookup("demo.open.whatever").code == "demo.open.<thing>"
    assert small.entry("demo.item.<kind>").codes() == ["demo.item.apple", "demo.item.pear"]
    assert small.by_shape("demo.item.{}").code == "demo.item.<kind>"
    assert small.by_shape("{}.item") is None


def test_a_family_may_take_its_members_from_the_file_that_declares_them():
    from deposit.checks.config import load_checks

    family = catalogue().entry("check.<name>")
    assert family.members_from == "deposit/checks/checks.yaml"
    assert family.members == {name: check.desc for name, check in load_checks().items()}


def test_the_aspects_a_writer_cannot_keep_are_the_catalogues_members():
    from anonymise.tabular_plan import ASPECTS

    assert ASPECTS == catalogue().members("data.not_kept.<aspect>")


def test_strict_mode_refuses_what_is_a_bug():
    with pytest.raises(CatalogueError, match="not in the problem catalogue"):
        Problem.of("bagit.nonsense")
    with pytest.raises(CatalogueError, match="needs: found"):
        Problem.of("bagit.checksum", path="p", algorithm="md5", expected="1")
    with pytest.raises(CatalogueError, match="not declared in the catalogue: colour"):
        Problem.of("layout.missing", path="p", colour="red")
    with pytest.raises(CatalogueError, match="should be int"):
        Problem.of("data.case_count", path="p", rows="5", ddi="d", cases=6)
    with pytest.raises(CatalogueError, match="no variant"):
        Problem.of("layout.missing", variant="sideways", path="p")
    with pytest.raises(CatalogueError, match="not a member"):
        problems.catalogue().entry("cdc.<gate>.mandatory").render("cdc.golden.mandatory", None, {"xpath": "x"})


def test_outside_the_tests_a_mistake_still_reaches_the_user_as_words(lenient):
    problem = Problem.of("bagit.checksum", location="data/a", path="data/a", algorithm="md5")
    assert problem.message == "data/a md5 validation failed: expected=? found=?"
    bomb = Problem.of("zip.bomb", variant="overall", ratio="lots")   # a number expected
    assert bomb.message == "the archive expands lots-fold overall"
    unknown = Problem.of("bagit.nonsense", location="x", path="data/a")
    assert (unknown.code, unknown.message, unknown.severity) == ("bagit.nonsense", "path: data/a", "error")


def test_a_report_adds_catalogued_problems():
    report = ProblemReport()
    report.add_problem("zip.encrypted", location="b.zip:x", name="x")
    report.add_problem("gate.stage_missing", location="results/describe.json", stage="describe")
    assert report.codes() == ["zip.encrypted", "gate.stage_missing"]
    assert report.problems[1].message == "the describe stage has not run (no results/describe.json)"
    assert report.problems[0].message == "entry 'x' is encrypted and cannot be checked"


@pytest.mark.parametrize("text, complaint", [
    ("Bad_Code:\n  title: t\n  message: m\n", "is not a code"),
    ("a.b:\n  message: m\n", "needs a title"),
    ("a.b:\n  title: t\n  message: m\n  fields: {x: colour}\n", "x: 'colour'"),
    ("a.b:\n  title: t\n  message: m\n  fields: {hint: text}\n", "reserved"),
    ("a.b:\n  title: t\n  message: m\n  severity: fatal\n", "severity"),
    ("a.b:\n  title: t\n  message: m\n  members: [x]\n", "only a family"),
])
def test_the_catalogue_refuses_a_malformed_entry(text, complaint):
    with pytest.raises(CatalogueError, match=complaint):
        parse(text)


def test_every_template_renders_with_its_declared_fields_and_uses_them():
    """Each message and hint, of each variant, renders with a sample of each declared field's
    type; a declared field no template uses is a field nobody can see."""
    for code, entry in catalogue().entries.items():
        sample = {name: FIELD_TYPES[kind][1] for name, kind in entry.fields.items()}
        used = set()
        for variant, template in entry.templates().items():
            assert template.fields() <= set(entry.fields), f"{code} {variant or ''}: undeclared {template.fields() - set(entry.fields)}"
            needed = {name: sample[name] for name in template.fields()}
            message, hint, _ = entry.render(entry.codes()[0], variant, needed)
            assert message.strip() and "?" not in message.replace("'?'", ""), (code, variant, message)
            used |= template.fields()
        assert used == set(entry.fields), f"{code}: declared but never shown: {set(entry.fields) - used}"


def test_every_entry_has_a_title_and_every_family_says_what_its_members_are():
    for code, entry in catalogue().entries.items():
        assert entry.title and not entry.title.endswith("."), code
        if entry.members:
            assert all(isinstance(m, str) and m for m in entry.members), code
