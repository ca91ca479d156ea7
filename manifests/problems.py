"""The problem catalogue: every problem code the toolkit reports, declared once.

`problems.yaml` beside this file holds, per code, a title, the typed fields a finding of
that kind carries, a message template, a default hint and a default severity, in the
manner of frictionless-py's error classes (type, title, template, description) and
bagit-python's ChecksumMismatch(path, algorithm, expected, found). A site that finds
something names the code and gives the fields (`Problem.of` in errors.py); the words come
from here, so a data manager can look any code up (`ukds-deposit problems CODE`) and a
message cannot drift away from its explanation.

Some codes are families, one entry for many codes: `check.<name>` stands for one code per
health check, `cdc.<gate>.mandatory` for one per CESSDA gate. A family's members are
listed in the entry (`members`), declared in another file of the project
(`members_from`, read as data: this bottom layer imports nothing above it), or open
(`schema.<validator>`: whatever jsonschema reports). Some codes say the same thing in a
few shapes (`variants`: a missing line of bagit.txt and a malformed one are both
`bagit.version`); a variant overrides the message, the hint or the severity and inherits
the rest.

An unknown code, a missing or undeclared field or a field of the wrong type is a
programming error. The test suite runs strict (UKDS_DEPOSIT_STRICT_PROBLEMS=1, set in
tests/conftest.py) and fails on it; a user's run never crashes on it but shows what it
has, with '?' for a missing field, because a bundle's verdict matters more than a word.
"""

from __future__ import annotations

import functools
import os
import re
import string
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

STRICT_ENV = "UKDS_DEPOSIT_STRICT_PROBLEMS"
SEVERITIES = ("error", "warning", "info")
# A field's declared type -> the Python types it accepts, and a sample to render templates with.
FIELD_TYPES = {"text": ((str,), "x"), "int": ((int,), 3), "number": ((int, float), 2.5), "value": ((object,), "v")}
# Arguments of Problem.of that are not fields of the message.
RESERVED = frozenset({"code", "location", "hint", "severity", "variant"})
_PLACEHOLDER = re.compile(r"<([a-z_]+)>")
_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.(<[a-z_]+>|[a-z0-9_]+))+$")
# Where a `members_from` path is resolved: the folder holding the project's packages.
_PROJECT = Path(__file__).resolve().parents[1]
# libyaml when present: the catalogue is read by every command that reports a finding.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(Exception):
    """A site asked for a code the catalogue does not have, or gave the wrong fields: a bug."""


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


def template_fields(template: str) -> set[str]:
    """The field names a str.format template uses ('{path}', '{count:,}', '{name!r}' -> path, count, name)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
    return names - {""}


class _Missing:
    """What a missing field renders as outside the test suite: a visible '?', whatever its format."""

    def __format__(self, spec: str) -> str:
        return "?"

    def __repr__(self) -> str:
        return "?"

    __str__ = __repr__


class _Lenient(dict):
    def __missing__(self, key: str) -> _Missing:
        return _Missing()


class _Shown(str):
    """A value shown as plain text whatever format its field asks for."""

    def __format__(self, spec: str) -> str:
        return str(self)


def _fill(template: str, values: dict) -> str:
    """The template with its fields filled; outside the tests a value of the wrong type is
    shown as it is rather than ending the run (strict mode has refused it already)."""
    try:
        return string.Formatter().vformat(template, (), _Lenient(values))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return string.Formatter().vformat(template, (), _Lenient({k: _Shown(v) for k, v in values.items()}))


@dataclass(frozen=True)
class Template:
    """One shape of a code's message: its text, its default hint and its default severity."""

    message: str
    hint: str = ""
    severity: str = "error"

    def fields(self) -> set[str]:
        return template_fields(self.message) | template_fields(self.hint)


@dataclass(frozen=True)
class Entry:
    """One catalogue entry: a code, or a family of codes such as `check.<name>`."""

    code: str
    title: str
    fields: dict[str, str]
    main: Template
    variants: dict[str, Template] = field(default_factory=dict)
    members: dict[str, str] | None = None    # member -> what it is; None: open, or not a family
    members_from: str = ""                    # the file that declares the members, if elsewhere

    @property
    def family(self) -> str | None:
        """The placeholder of a family (`name` for `check.<name>`), None for a single code."""
        match = _PLACEHOLDER.search(self.code)
        return match[1] if match else None

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        parts = _PLACEHOLDER.split(self.code)
        # members may be camelCase: JSON Schema keywords (schema.additionalProperties) are
        # split gives literal, name, literal...: names are at odd positions
        body = "".join(re.escape(p) if i % 2 == 0 else r"(?P<member>[A-Za-z0-9_]+)" for i, p in enumerate(parts))
        return re.compile(body + r"\Z")

    def member(self, code: str) -> str | None:
        """The member `code` names in this family ('duplicate_ids' for check.duplicate_ids), else None."""
        match = self.pattern.match(code)
        return match["member"] if match and self.family else None

    def codes(self) -> list[str]:
        """The concrete codes of a family with known members; the entry's own code otherwise."""
        if self.family and self.members:
            return [self.code.replace(f"<{self.family}>", m) for m in self.members]
        return [self.code]

    def template(self, variant: str | None = None) -> Template:
        if variant is None:
            return self.main
        if variant not in self.variants:
            raise CatalogueError(f"{self.code} has no variant {variant!r} (it has: {', '.join(self.variants) or 'none'})")
        return self.variants[variant]

    def templates(self) -> dict[str | None, Template]:
        return {None: self.main, **self.variants}

    def render(self, code: str, variant: str | None, values: dict) -> tuple[str, str, str]:
        """(message, default hint, default severity) for `code` with these field values."""
        if strict():
            self._check(code, variant, values)
        try:
            template = self.template(variant)
        except CatalogueError:
            template = self.main
        return _fill(template.message, values), _fill(template.hint, values), template.severity

    def _check(self, code: str, variant: str | None, values: dict) -> None:
        if self.family and self.members is not None and self.member(code) not in self.members:
            raise CatalogueError(f"{code} is not a member of {self.code}{self._where()}")
        template = self.template(variant)
        undeclared = sorted(set(values) - set(self.fields))
        missing = sorted(template.fields() - set(values))
        if undeclared or missing:
            raise CatalogueError(f"{code}: " + "; ".join(filter(None, [
                f"fields not declared in the catalogue: {', '.join(undeclared)}" if undeclared else "",
                f"fields its message needs: {', '.join(missing)}" if missing else ""])))
        for name, value in values.items():
            accepted = FIELD_TYPES[self.fields[name]][0]
            if not isinstance(value, accepted) or (isinstance(value, bool) and self.fields[name] != "value"):
                raise CatalogueError(f"{code}: field {name} should be {self.fields[name]}, got {type(value).__name__}")

    def _where(self) -> str:
        return f" (members are declared in {self.members_from})" if self.members_from else ""


def _template(body: dict, base: Template | None, where: str) -> Template:
    unknown = set(body) - {"message", "hint", "severity"}
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    base = base or Template("")
    severity = body.get("severity", base.severity)
    if severity not in SEVERITIES:
        raise CatalogueError(f"{where}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    return Template(str(body.get("message", base.message)), str(body.get("hint", base.hint)), severity)


def _declared_members(spec: dict, where: str) -> dict[str, str]:
    """A family's members as another file of the project declares them: the keys of a YAML
    mapping, each described by one of its own keys (`describe`)."""
    path = _PROJECT / spec["file"]
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(data, dict):
        raise CatalogueError(f"{where}: {spec['file']} is not a mapping of members")
    describe = spec.get("describe", "")
    return {str(name): str((body or {}).get(describe, "")) if isinstance(body, dict) else "" for name, body in data.items()}


def _entry(code: str, body: dict) -> Entry:
    if not _CODE.match(code):
        raise CatalogueError(f"{code!r} is not a code (area.what, lower case; a family names its member <like_this>)")
    unknown = set(body) - {"title", "fields", "message", "hint", "severity", "variants", "members", "members_from"}
    if unknown or "title" not in body or "message" not in body:
        raise CatalogueError(f"{code}: needs a title and a message; unknown keys: {', '.join(sorted(unknown)) or 'none'}")
    fields = {str(k): str(v) for k, v in (body.get("fields") or {}).items()}
    for name, kind in fields.items():
        if kind not in FIELD_TYPES or name in RESERVED:
            raise CatalogueError(f"{code}: field {name}: {kind!r} (types: {', '.join(FIELD_TYPES)}; reserved names: "
                                 f"{', '.join(sorted(RESERVED))})")
    main = _template({k: body[k] for k in ("message", "hint", "severity") if k in body}, None, code)
    variants = {str(name): _template(v if isinstance(v, dict) else {"message": v}, main, f"{code} variant {name}")
                for name, v in (body.get("variants") or {}).items()}
    members, members_from = body.get("members"), ""
    if "members_from" in body:
        members_from = body["members_from"]["file"]
        members = _declared_members(body["members_from"], code)
    elif isinstance(members, list):
        members = {str(m): "" for m in members}
    elif members is not None:
        members = {str(k): str(v) for k, v in members.items()}
    entry = Entry(code, str(body["title"]), fields, main, variants, members, members_from)
    if members is not None and not entry.family:
        raise CatalogueError(f"{code}: only a family (a code with a <placeholder>) has members")
    if len(_PLACEHOLDER.findall(code)) > 1:
        raise CatalogueError(f"{code}: a family has one placeholder")
    return entry


@dataclass(frozen=True)
class Catalogue:
    entries: dict[str, Entry]
    # code -> its entry, as found once: a scan may report thousands of one family's members
    _found: dict = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, code: str) -> Entry | None:
        """The entry for `code`: its own, else the family it belongs to."""
        if code in self.entries:
            return self.entries[code]
        if code not in self._found:
            self._found[code] = next((entry for entry in self.entries.values() if entry.family
                                      and entry.member(code) is not None
                                      and (entry.members is None or entry.member(code) in entry.members)), None)
        return self._found[code]

    def __contains__(self, code: str) -> bool:
        return self.lookup(code) is not None

    def entry(self, code: str) -> Entry:
        found = self.lookup(code)
        if found is None:
            raise CatalogueError(f"{code!r} is not in the problem catalogue (manifests/problems.yaml)")
        return found

    def members(self, family: str) -> dict[str, str]:
        """A family's members and what each is (data other modules read, e.g. the aspects a
        table writer may not keep)."""
        entry = self.entries[family]
        return dict(entry.members or {})

    def by_shape(self, shape: str) -> Entry | None:
        """The family whose code has this shape, '{}' standing for the member: 'check.{}' -> check.<name>.
        What an f-string code in the source looks like to the test that checks every code."""
        for entry in self.entries.values():
            if _PLACEHOLDER.sub("{}", entry.code) == shape:
                return entry
        return None


def parse(text: str) -> Catalogue:
    data = yaml.load(text, Loader=_LOADER)
    if not isinstance(data, dict):
        raise CatalogueError("the problem catalogue must be a mapping of codes")
    return Catalogue({str(code): _entry(str(code), body or {}) for code, body in data.items()})


@functools.cache
def catalogue() -> Catalogue:
    return parse(resources.files("manifests").joinpath("problems.yaml").read_text("utf-8"))


def render(code: str, variant: str | None, values: dict) -> tuple[str, str, str]:
    """(message, hint, severity) for a finding. Strict (the tests): an unknown code raises.
    Otherwise the finding still reaches the user, its fields written out."""
    entry = catalogue().lookup(code)
    if entry is None:
        if strict():
            raise CatalogueError(f"{code!r} is not in the problem catalogue (manifests/problems.yaml)")
        return "; ".join(f"{k}: {v}" for k, v in values.items()) or code, "", "error"
    return entry.render(code, variant, values)


# ------------------------------------------------------------------ for readers: the listing and its records

def readable(template: str) -> str:
    """A template as a reader sees it: each field as <name>, without Python's format syntax."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(f"<{name}>")
    return "".join(out)


def record(entry: Entry) -> dict:
    """What the catalogue says about one entry, as plain data (`ukds-deposit problems --json`)."""
    main = entry.main
    data = {"code": entry.code, "title": entry.title, "severity": main.severity,
            "message": readable(main.message), "hint": readable(main.hint), "fields": dict(entry.fields)}
    if entry.variants:
        data["variants"] = [{"variant": name, "message": readable(t.message), "hint": readable(t.hint),
                             "severity": t.severity} for name, t in entry.variants.items()]
    if entry.members:
        data["members"] = [{"code": code, "about": about}
                           for code, about in zip(entry.codes(), (entry.members or {}).values())]
        if entry.members_from:
            data["members_from"] = entry.members_from
    return data


def search(text: str) -> list[Entry]:
    """The entries a reader means by `text`: the one code (a member resolves to its family),
    else every entry whose code starts with it ('bagit' or 'bagit.' lists the BagIt codes)."""
    found = catalogue().lookup(text) or catalogue().entries.get(text)
    if found is not None:
        return [found]
    prefix = text.rstrip(".") + "."
    return [e for code, e in sorted(catalogue().entries.items()) if code.startswith(prefix)]
