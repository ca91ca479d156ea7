"""Read a DDI profile (the CESSDA Data Catalogue DDI 2.5 profile) and evaluate it against a codeBook.

A DDI profile is a list of `pr:Used` entries, each naming one node by an absolute
XPath 1.0 location path. Whether the node must be there is said in two places:
`@isRequired="true"` means mandatory; otherwise an escaped `<Constraints>` block
inside `pr:Instructions` names one of `MandatoryNodeIfParentPresentConstraint`,
`RecommendedNodeConstraint` or `OptionalNodeConstraint`. Some entries also carry
`@defaultValue` with `@fixedValue="true"`: the only value the profile allows.

Gates (the CESSDA Metadata Validator's names; each gate includes the one before):

    BASIC     mandatory nodes, and nodes mandatory when their parent element is present
    STANDARD  BASIC + recommended nodes + fixed values of recommended nodes

Optional nodes are never violations. How each kind is judged here:

- mandatory: at least one node matches, and no matching node is blank;
- mandatory if parent present: every node matching the parent path (the rule's
  path without its last step) has a non-blank match for the last step;
- recommended: at least one node matches and none is blank -- unless the rule
  sits under an element the profile itself calls optional and the document
  leaves that element out. The CESSDA validator counts matches over the whole
  document, so it would ask for `AuthEnty/ExtLink/@role` even where there is
  no `ExtLink`; we read "recommended" as "recommended where it can apply",
  which is what the profile's own descriptions say ("Recommended if 'keyword'
  element is present").

Strict mode (`strict=True`, not the default) drops that exception and reads the
profile as the CESSDA validator does: a recommended node is missing wherever the
document has no match for it, whatever its ancestors. A record that passes
STANDARD strictly passes it in the validator too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lxml import etree

from manifests.errors import Problem

DDI_NS = "ddi:codebook:2_5"
PR_NS = {"pr": "ddi:ddiprofile:3_2", "r": "ddi:reusable:3_2"}

MANDATORY = "mandatory"
MANDATORY_IF_PARENT = "mandatory_if_parent"
RECOMMENDED = "recommended"
OPTIONAL = "optional"

GATES = ("BASIC", "STANDARD")
GATE_OF_KIND = {MANDATORY: "BASIC", MANDATORY_IF_PARENT: "BASIC", RECOMMENDED: "STANDARD"}

_CONSTRAINT_KIND = {
    "MandatoryNodeConstraint": MANDATORY,
    "MandatoryNodeIfParentPresentConstraint": MANDATORY_IF_PARENT,
    "RecommendedNodeConstraint": RECOMMENDED,
    "OptionalNodeConstraint": OPTIONAL,
}


@dataclass(frozen=True)
class Rule:
    xpath: str
    kind: str
    fixed_value: str | None = None
    label: str = ""   # what the catalogue shows it as (CDC_UI_Label), if anything
    usage: str = ""   # the profile's own usage note, used as the hint

    @property
    def gate(self) -> str | None:
        return GATE_OF_KIND.get(self.kind)

    @property
    def parent_xpath(self) -> str:
        return self.xpath.rsplit("/", 1)[0]

    @property
    def last_step(self) -> str:
        return self.xpath.rsplit("/", 1)[1]


@dataclass(frozen=True)
class Profile:
    name: str
    version: str
    namespaces: dict
    rules: tuple[Rule, ...]

    def rule(self, xpath: str) -> Rule | None:
        return next((r for r in self.rules if r.xpath == xpath), None)

    def in_gate(self, gate: str) -> list[Rule]:
        wanted = GATES[: GATES.index(gate) + 1]
        return [r for r in self.rules if r.gate in wanted]


def default_profile_path() -> Path:
    return Path(str(resources.files("metadata") / "schemas" / "cessda" / "cdc25_profile.xml"))


def _description(used, prefix: str) -> str:
    for content in used.iterfind("r:Description/r:Content", PR_NS):
        text = " ".join((content.text or "").split())
        if text.startswith(prefix):
            return text[len(prefix):].strip()
    return ""


def _kind(used) -> str:
    if used.get("isRequired") == "true":
        return MANDATORY
    instructions = " ".join(c.text or "" for c in used.iterfind("pr:Instructions/r:Content", PR_NS))
    # The constraint is escaped XML inside CDATA; a regex is enough to read the one element name.
    for name in re.findall(r"<\s*([A-Za-z]+Constraint)\s*/?>", instructions):
        if name in _CONSTRAINT_KIND:
            return _CONSTRAINT_KIND[name]
    return OPTIONAL


def parse_profile(source) -> Profile:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    root = etree.parse(str(source), parser).getroot()
    namespaces = {}
    for mapping in root.iterfind("pr:XMLPrefixMap", PR_NS):
        namespaces[mapping.findtext("pr:XMLPrefix", namespaces=PR_NS)] = mapping.findtext("pr:XMLNamespace", namespaces=PR_NS)
    rules = []
    for used in root.iterfind("pr:Used", PR_NS):
        fixed = used.get("defaultValue") if used.get("fixedValue") == "true" else None
        rules.append(Rule(used.get("xpath"), _kind(used), fixed,
                          _description(used, "CDC_UI_Label:"), _description(used, "Usage:")))
    name = root.findtext("pr:DDIProfileName/r:String", namespaces=PR_NS) or ""
    version = root.findtext("r:Version", namespaces=PR_NS) or ""
    return Profile(name, version, namespaces, tuple(rules))


@functools.lru_cache(maxsize=4)
def load_profile(path: str | None = None) -> Profile:
    return parse_profile(path or default_profile_path())


# ---------------------------------------------------------------- evaluation

def _blank(node) -> bool:
    """No text to show. Every element the profile requires or recommends is a text element."""
    if isinstance(node, str):  # attribute values come back as (smart) strings
        return not node.strip()
    if isinstance(node, etree._Element):
        return not "".join(node.itertext()).strip()
    return False


def node_path(node, prefixes: dict[str, str]) -> str:
    """A readable absolute XPath for one node: prefixed names, [n] only where names repeat."""
    by_ns = {uri: prefix for prefix, uri in prefixes.items()}
    attribute = None
    if isinstance(node, etree._ElementUnicodeResult):
        attribute = node.attrname
        node = node.getparent()
    steps = []
    while node is not None and isinstance(node.tag, str):
        qname = etree.QName(node)
        name = f"{by_ns[qname.namespace]}:{qname.localname}" if qname.namespace in by_ns else qname.localname
        parent = node.getparent()
        if parent is not None:
            same = [s for s in parent if s.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    path = "/" + "/".join(reversed(steps))
    if attribute:
        qname = etree.QName(attribute)
        if qname.namespace == "http://www.w3.org/XML/1998/namespace":
            path += f"/@xml:{qname.localname}"
        elif qname.namespace in by_ns:
            path += f"/@{by_ns[qname.namespace]}:{qname.localname}"
        else:
            path += f"/@{qname.localname}"
    return path


def _hint(rule: Rule) -> str:
    parts = []
    if rule.label and rule.label != "None":  # the profile writes "None" for "not shown"
        parts.append(f"shown in the CESSDA Data Catalogue as '{rule.label}'")
    if rule.usage:
        parts.append(rule.usage)
    return "; ".join(parts)


def _is_optional_ancestor_absent(rule: Rule, profile: Profile, select) -> bool:
    """True when the nearest ancestor the profile lists is optional and the document leaves it out."""
    path = rule.xpath
    while "/" in path.strip("/"):
        path = path.rsplit("/", 1)[0]
        ancestor = profile.rule(path)
        if ancestor is not None:
            return ancestor.kind == OPTIONAL and not select(path)
    return False


def evaluate(root, profile: Profile, gate: str = "STANDARD", strict: bool = False) -> list[Problem]:
    """Every violation of the rules in `gate` (and the gates below it), in profile order.

    `root` is the codeBook element. Problem codes are `cdc.<gate>.<what>`, so the
    gate a problem belongs to is readable from its code. `strict` counts a missing
    recommended node even under an optional element the document leaves out (see
    the module docstring)."""
    if gate not in GATES:
        raise ValueError(f"unknown gate {gate!r}; expected one of {', '.join(GATES)}")
    ns = profile.namespaces
    cache: dict[str, list] = {}

    def select(xpath: str) -> list:
        if xpath not in cache:
            cache[xpath] = root.xpath(xpath, namespaces=ns)
        return cache[xpath]

    problems: list[Problem] = []
    for rule in profile.in_gate(gate):
        rule_gate = rule.gate.lower()
        hint = _hint(rule) or None   # the profile's own words for the element, else the catalogue's
        found = select(rule.xpath)
        if rule.kind == MANDATORY and not found:
            problems.append(Problem.of(f"cdc.{rule_gate}.mandatory", location=rule.xpath, hint=hint, xpath=rule.xpath))
        elif rule.kind == MANDATORY_IF_PARENT:
            for parent in select(rule.parent_xpath):
                if not parent.xpath(rule.last_step, namespaces=ns):
                    where = node_path(parent, ns) + "/" + rule.last_step
                    problems.append(Problem.of(f"cdc.{rule_gate}.mandatory_if_parent", location=where, hint=hint,
                                               node=rule.last_step, parent=rule.parent_xpath.rsplit("/", 1)[1]))
        elif rule.kind == RECOMMENDED and not found:
            if strict or not _is_optional_ancestor_absent(rule, profile, select):
                problems.append(Problem.of(f"cdc.{rule_gate}.recommended", location=rule.xpath, hint=hint,
                                           xpath=rule.xpath))
        for node in found:
            if _blank(node):
                problems.append(Problem.of(f"cdc.{rule_gate}.blank", location=node_path(node, ns), hint=hint,
                                           node=rule.last_step))
            elif rule.fixed_value is not None and str(node) != rule.fixed_value:
                problems.append(Problem.of(f"cdc.{rule_gate}.fixed_value", location=node_path(node, ns), hint=hint,
                                           node=rule.last_step, value=str(node), fixed=rule.fixed_value))
    return problems
