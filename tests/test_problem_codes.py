"""Every problem code the toolkit can report is in the problem catalogue (manifests/problems.yaml).

The source is read, not run: every call that makes a finding (`Problem(...)`, `Problem.of(...)`,
`report.add(...)`, `report.add_problem(...)`) is found with ast, and its code resolved in the
catalogue: a literal code by name, an f-string such as f"check.{name}" as the family of that
shape (check.<name>). Calls worded by the catalogue are also checked for their fields: every
field given is declared, and every field the chosen message needs is given. So a new code, a
renamed field or a typo fails here, before anyone meets it as a '?' in a message.

A call whose code is neither (a finding handed on with its own code, `problem.code`) makes no
new code and is not counted; `Problem.of` and `add_problem` must always name theirs.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from manifests.problems import RESERVED, catalogue

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("manifests", "anonymise", "metadata", "deposit")
API = ROOT / "manifests" / "errors.py"   # where Problem.of and add_problem are defined, handing codes on
CODE_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.([a-z0-9_]+|\{\}))+$")


@dataclass(frozen=True)
class Site:
    where: str
    codes: tuple[str, ...]            # each a code or a shape with {} for the f-string's holes
    worded: bool                      # Problem.of / add_problem: the catalogue words it
    variants: tuple[str | None, ...] | None   # None: not known from the source
    fields: frozenset[str]
    open_fields: bool                 # **kwargs: the fields are not known from the source


def _shape(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _alternatives(node: ast.AST, assigned: dict[str, list[ast.AST]]) -> list[str] | None:
    """The codes a code argument can be: a literal, an f-string, either branch of `a if c else b`,
    or a local name assigned only such values; None when it is anything else."""
    if isinstance(node, ast.IfExp):
        body, orelse = _alternatives(node.body, assigned), _alternatives(node.orelse, assigned)
        return body + orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.Name) and node.id in assigned:
        found = [_alternatives(value, {}) for value in assigned[node.id]]
        return [c for codes in found for c in codes] if found and all(f is not None for f in found) else None
    shape = _shape(node)
    return [shape] if shape is not None else None


def _variants(node: ast.AST | None) -> tuple[str | None, ...] | None:
    if node is None or (isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str))):
        return (None if node is None else node.value,)
    if isinstance(node, ast.IfExp):
        body, orelse = _variants(node.body), _variants(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _calls(tree: ast.AST):
    """(call, the names assigned in its innermost function) for every call in a module."""
    def assignments(scope: ast.AST) -> dict[str, list[ast.AST]]:
        found: dict[str, list[ast.AST]] = {}
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(node.value)
        return found

    def visit(node: ast.AST, assigned: dict):
        for child in ast.iter_child_nodes(node):
            inner = assignments(child) if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else assigned
            if isinstance(child, ast.Call):
                yield child, inner
            yield from visit(child, inner)

    yield from visit(tree, {})


def _site(call: ast.Call, assigned: dict, where: str) -> Site | None:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    worded = name == "add_problem" or (name == "of" and isinstance(func.value, ast.Name) and func.value.id == "Problem")
    made_here = name == "Problem" or (name == "add" and len(call.args) >= 2)
    if not (worded or made_here):
        return None
    keywords = {k.arg: k.value for k in call.keywords}
    node = keywords.get("code", call.args[0] if call.args else None)
    codes = _alternatives(node, assigned) if node is not None else None
    if worded:
        assert codes is not None, f"{where}: Problem.of and add_problem take a literal code (or an f-string family)"
    elif codes is None or not all(CODE_SHAPE.match(c) for c in codes):
        return None   # a finding handed on, or an add() of something else (a set, a check's name)
    fields = frozenset(k for k in keywords if k is not None) - RESERVED
    return Site(where, tuple(codes), worded, _variants(keywords.get("variant")), fields,
                any(k.arg is None for k in call.keywords))


def source_sites() -> list[Site]:
    sites = []
    for package in PACKAGES:
        for path in sorted(p for p in (ROOT / package).rglob("*.py") if p != API):
            for call, assigned in _calls(ast.parse(path.read_text(encoding="utf-8"))):
                site = _site(call, assigned, f"{path.relative_to(ROOT)}:{call.lineno}")
                if site:
                    sites.append(site)
    return sites


def _entry(code: str):
    return catalogue().by_shape(code) if "{}" in code else catalogue().lookup(code)


def test_the_scan_sees_the_sites_it_should():
    """A scan that finds nothing would pass everything: it must see the codes we know are there."""
    codes = {c for site in source_sites() for c in site.codes}
    for known in ("bagit.checksum", "zip.bomb", "layout.missing", "check.{}", "schema.{}", "cdc.{}.mandatory",
                  "data.not_kept.{}", "gate.private_file", "residual.original_found", "bagit.version", "bagit.encoding"):
        assert known in codes
    assert len(codes) >= 90


def test_every_code_the_source_can_report_is_in_the_catalogue():
    missing = sorted({f"{code}  ({site.where})" for site in source_sites() for code in site.codes if _entry(code) is None})
    assert missing == [], "add these to manifests/problems.yaml:\n" + "\n".join(missing)


def test_every_worded_site_gives_the_fields_its_message_needs():
    wrong = []
    for site in source_sites():
        if not site.worded:
            continue
        for code in site.codes:
            entry = _entry(code)
            if entry is None:
                continue   # reported by the test above
            undeclared = site.fields - set(entry.fields)
            if undeclared:
                wrong.append(f"{site.where}: {code} does not declare {', '.join(sorted(undeclared))}")
            variants = site.variants if site.variants is not None else tuple(entry.templates())
            for variant in variants:
                if variant is not None and variant not in entry.variants:
                    wrong.append(f"{site.where}: {code} has no variant {variant!r}")
                    continue
                needed = entry.template(variant).fields() - site.fields
                if needed and not site.open_fields:
                    wrong.append(f"{site.where}: {code} {variant or ''} needs {', '.join(sorted(needed))}")
    assert wrong == []


def test_every_health_check_has_its_code_in_the_catalogue():
    checks = yaml.safe_load((ROOT / "deposit/checks/checks.yaml").read_text(encoding="utf-8"))
    assert checks and all(catalogue().lookup(f"check.{name}") for name in checks)
    assert catalogue().lookup("check.no_such_check") is None


def test_every_catalogue_entry_is_reported_somewhere():
    """An entry no site can report explains nothing anyone will meet: remove it with its last site."""
    shapes = {re.sub(r"<[a-z_]+>", "{}", code) for code in catalogue().entries}
    made = {code if "{}" in code else re.sub(r"<[a-z_]+>", "{}", _entry(code).code)
            for site in source_sites() for code in site.codes if _entry(code)}
    assert sorted(shapes - made) == []
