"""Every non-optional profile rule has a known source, and missing manifest fields are named early."""

from metadata.profile import OPTIONAL, load_profile
from metadata.requirements import BUILDER, SOURCES, Need, check_manifest, values
from tests.metadata.fixtures import example_manifest


def test_every_rule_that_can_fail_has_a_source():
    rules = [r.xpath for r in load_profile().rules if r.kind != OPTIONAL]
    missing = [x for x in rules if x not in SOURCES]
    assert missing == [], "new profile rules need a manifest field or a builder guarantee"
    assert all(s == BUILDER or isinstance(s, Need) for s in SOURCES.values())
    assert set(SOURCES) <= {r.xpath for r in load_profile().rules}


def test_example_manifest_has_everything():
    assert check_manifest(example_manifest()) == []


def test_values_walks_lists():
    manifest = example_manifest()
    assert values(manifest, "study.keywords[].vocabulary") == ["ELSST"] * 4
    assert values(manifest, "study.doi") == ["10.5255/UKDA-SN-900001"]
    assert values(manifest, "study.series.name") == []


def test_missing_doi_is_an_error_naming_the_field():
    manifest = example_manifest()
    del manifest["study"]["doi"]
    problems = check_manifest(manifest)
    assert [(p.code, p.location, p.severity) for p in problems] == [("manifest.cdc_mandatory", "study.doi", "error")]
    assert "holdings/@URI" in problems[0].message and "deposit.yaml" in problems[0].hint


def test_recommended_fields_are_warnings_and_conditional_ones_wait_for_their_parent():
    manifest = example_manifest()
    for keyword in manifest["study"]["keywords"]:
        del keyword["vocabulary"]
    problems = check_manifest(manifest)
    assert [(p.location, p.severity) for p in problems] == [("study.keywords[].vocabulary", "warning")]
    manifest = example_manifest()
    manifest["study"]["related_publications"] = [{"title": "A paper"}]
    assert [p.location for p in check_manifest(manifest)] == ["study.related_publications[].date"]
