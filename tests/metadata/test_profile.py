"""Reading the CESSDA profile and judging documents against its gates."""

import pytest
from lxml import etree

from metadata.profile import (GATE_OF_KIND, GATES, MANDATORY, MANDATORY_IF_PARENT, OPTIONAL, RECOMMENDED, evaluate,
                              load_profile)
from tests.metadata.fixtures import DDI_EXAMPLES, OFFICIAL_SCHEMAS

COMPLIANT = DDI_EXAMPLES / "cdc25-compliant-example.xml"
NS = {"ddi": "ddi:codebook:2_5"}


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def compliant():
    return etree.parse(str(COMPLIANT)).getroot()


def codes(problems):
    return sorted(p.code for p in problems)


def test_profile_is_read_fully(profile):
    kinds = [r.kind for r in profile.rules]
    assert profile.version == "3.1.0"
    assert len(profile.rules) == 98
    assert kinds.count(MANDATORY) == 9
    assert kinds.count(MANDATORY_IF_PARENT) == 16
    assert kinds.count(RECOMMENDED) == 37
    assert kinds.count(OPTIONAL) == 36
    fixed = {r.xpath.split("/")[-3].removeprefix("ddi:"): r.fixed_value for r in profile.rules if r.fixed_value}
    assert fixed == {"anlyUnit": "DDI Analysis Unit", "timeMeth": "DDI Time Method",
                     "sampProc": "DDI Sampling Procedure", "collMode": "DDI Mode of Collection"}
    assert profile.namespaces["ddi"] == "ddi:codebook:2_5"


def test_bundled_profile_is_the_official_one():
    """Byte for byte the CESSDA repository's profile (the copy in tests/fixtures names its commit)."""
    from metadata.profile import default_profile_path
    assert default_profile_path().read_bytes() == (OFFICIAL_SCHEMAS / "cessda-profiles" / "cdc25_profile.xml").read_bytes()


def test_gates_are_cumulative(profile):
    basic = {r.xpath for r in profile.in_gate("BASIC")}
    standard = {r.xpath for r in profile.in_gate("STANDARD")}
    assert basic < standard
    assert all(r.kind in (MANDATORY, MANDATORY_IF_PARENT) for r in profile.in_gate("BASIC"))
    assert GATES == ("BASIC", "STANDARD")


def test_compliant_example_has_no_violations(profile):
    assert evaluate(compliant(), profile, "STANDARD") == []


def test_missing_mandatory_node_is_basic(profile):
    root = compliant()
    holdings = root.find("ddi:stdyDscr/ddi:citation/ddi:holdings", NS)
    del holdings.attrib["URI"]
    problems = evaluate(root, profile, "BASIC")
    assert codes(problems) == ["cdc.basic.mandatory"]
    assert problems[0].location == "/ddi:codeBook/ddi:stdyDscr/ddi:citation/ddi:holdings/@URI"
    assert problems[0].hint


def test_mandatory_if_parent_names_the_parent_instance(profile):
    root = compliant()
    prod = root.find("ddi:stdyDscr/ddi:citation/ddi:prodStmt", NS)
    extra = etree.SubElement(prod, "{ddi:codebook:2_5}grantNo")
    extra.text = "X-1"
    problems = evaluate(root, profile, "BASIC")
    assert codes(problems) == ["cdc.basic.mandatory_if_parent"]
    assert problems[0].location.endswith("ddi:prodStmt/ddi:grantNo[2]/@agency")


def test_recommended_only_at_standard(profile):
    root = compliant()
    for keyword in root.iterfind(".//ddi:keyword", NS):
        del keyword.attrib["vocab"]
    assert evaluate(root, profile, "BASIC") == []
    problems = evaluate(root, profile, "STANDARD")
    assert codes(problems) == ["cdc.standard.recommended"]
    assert "keyword/@vocab" in problems[0].location


def test_recommended_under_absent_optional_element_does_not_apply(profile):
    root = compliant()
    for link in root.iterfind(".//ddi:AuthEnty/ddi:ExtLink", NS):
        link.getparent().remove(link)
    series = root.find(".//ddi:serStmt", NS)
    series.getparent().remove(series)
    other = root.find(".//ddi:othrStdyMat", NS)
    other.getparent().remove(other)
    assert evaluate(root, profile, "STANDARD") == []


def test_strict_mode_asks_for_recommended_nodes_under_absent_optional_elements(profile):
    root = compliant()
    assert evaluate(root, profile, "STANDARD", strict=True) == []
    for link in root.iterfind(".//ddi:AuthEnty/ddi:ExtLink", NS):
        link.getparent().remove(link)
    series = root.find(".//ddi:serStmt", NS)
    series.getparent().remove(series)
    other = root.find(".//ddi:othrStdyMat", NS)
    other.getparent().remove(other)
    problems = evaluate(root, profile, "STANDARD", strict=True)
    assert sorted(p.location for p in problems) == sorted([
        "/ddi:codeBook/ddi:stdyDscr/ddi:citation/ddi:rspStmt/ddi:AuthEnty/ddi:ExtLink/@role",
        "/ddi:codeBook/ddi:stdyDscr/ddi:citation/ddi:rspStmt/ddi:AuthEnty/ddi:ExtLink/@title",
        "/ddi:codeBook/ddi:stdyDscr/ddi:citation/ddi:serStmt/ddi:serName/@xml:lang",
        "/ddi:codeBook/ddi:stdyDscr/ddi:citation/ddi:serStmt/ddi:serInfo/@xml:lang",
        "/ddi:codeBook/ddi:stdyDscr/ddi:othrStdyMat/ddi:relPubl/ddi:citation/ddi:distStmt/ddi:distDate/@date",
    ])
    assert set(codes(problems)) == {"cdc.standard.recommended"}
    # Recommended rules are STANDARD rules: strict reading changes nothing at BASIC, and is not the default.
    assert evaluate(root, profile, "BASIC", strict=True) == []
    assert evaluate(root, profile, "STANDARD") == []


def test_recommended_under_present_optional_element_applies(profile):
    root = compliant()
    link = root.find(".//ddi:AuthEnty/ddi:ExtLink", NS)
    del link.attrib["role"]
    assert codes(evaluate(root, profile, "STANDARD")) == ["cdc.standard.recommended"]


def test_fixed_value_and_blank(profile):
    root = compliant()
    root.find(".//ddi:timeMeth/ddi:concept", NS).set("vocab", "Time method")
    root.find("ddi:stdyDscr/ddi:stdyInfo/ddi:abstract", NS).text = "   "
    problems = evaluate(root, profile, "STANDARD")
    assert codes(problems) == ["cdc.basic.blank", "cdc.standard.fixed_value"]


def test_unknown_gate(profile):
    with pytest.raises(ValueError):
        evaluate(compliant(), profile, "STRICT")


def test_the_problem_catalogue_names_the_gates_each_kind_of_rule_breaks():
    """cdc.<gate>.<kind>: a missing node breaks its rule's gate; a blank or wrong value can break either."""
    from manifests.problems import catalogue

    members = lambda kind: set(catalogue().members(f"cdc.<gate>.{kind}"))
    for kind in (MANDATORY, MANDATORY_IF_PARENT, RECOMMENDED):
        assert members(kind) == {GATE_OF_KIND[kind].lower()}
    assert members("blank") == members("fixed_value") == {gate.lower() for gate in GATE_OF_KIND.values()}
