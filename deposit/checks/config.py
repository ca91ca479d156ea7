"""The health checks' configuration: the shipped checks.yaml, optionally overridden.

Each check is `{setting, desc, severity}`. A user's --config file names only the
checks it changes; anything it names must be a known check, so a typo is an
error with a suggestion instead of a silently ignored line.
"""

from __future__ import annotations

import difflib
import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from manifests.errors import Problem, UserError
from manifests.loader import load_yaml, read_yaml_text

SEVERITIES = ("error", "warning", "info")
WORDLIST_DIR = "wordlists"


@dataclass(frozen=True)
class Check:
    name: str
    setting: object
    desc: str
    severity: str

    @property
    def enabled(self) -> bool:
        return self.setting is not None and self.setting is not False

    def finding(self, message: str, location: str, hint: str = "") -> Problem:
        """A finding of this check, at its configured severity; the check's description is the hint
        unless the site has a more specific one."""
        return Problem.of(f"check.{self.name}", location=location, hint=hint or self.desc, severity=self.severity,
                          finding=message)


def _parse(data: dict, source: str, known: set[str] | None = None) -> dict[str, Check]:
    if not isinstance(data, dict):
        raise UserError("a checks configuration must be a mapping of check names", location=source,
                        hint="e.g. 'system_missing: {setting: 10}'")
    checks = {}
    for name, body in data.items():
        if known is not None and name not in known:
            close = difflib.get_close_matches(str(name), sorted(known), n=1)
            raise UserError(f"unknown check '{name}'", location=source,
                            hint=(f"did you mean '{close[0]}'? " if close else "") + "known checks: " + ", ".join(sorted(known)))
        if not isinstance(body, dict):
            body = {"setting": body}    # shorthand: `system_missing: 10`
        severity = body.get("severity", "warning")
        if severity not in SEVERITIES:
            raise UserError(f"check '{name}': severity must be error, warning or info, not {severity!r}", location=source)
        checks[str(name)] = Check(str(name), body.get("setting"), str(body.get("desc") or ""), severity)
    return checks


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Check]:
    text = resources.files("deposit.checks").joinpath("checks.yaml").read_text("utf-8")
    return _parse(yaml.safe_load(text), "checks.yaml (shipped)")


def load_checks(path=None) -> dict[str, Check]:
    """The shipped checks, with a user's file (if any) laid over them field by field."""
    checks = dict(_shipped())
    if not path:
        return checks
    path = Path(path)
    if not path.is_file():
        raise UserError(f"no such checks configuration: {path}")
    try:
        data = load_yaml(read_yaml_text(path, "checks configuration"), str(path)) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UserError(f"the checks configuration is not valid YAML: {' '.join(str(exc).split())[:200]}",
                        location=str(path)) from None
    if not isinstance(data, dict):
        raise UserError("a checks configuration must be a mapping of check names", location=str(path))
    for name, body in data.items():
        base = checks.get(name)
        body = body if isinstance(body, dict) else {"setting": body}
        if base is not None:
            body = {"setting": base.setting, "desc": base.desc, "severity": base.severity, **body}
        checks.update(_parse({name: body}, str(path), known=set(checks)))
    return checks


@lru_cache(maxsize=16)
def word_list(name_or_path: str) -> frozenset[str]:
    """A shipped list by name (en_GB, domain_en, stopwords_en) or a user's file; lower case."""
    shipped = resources.files("deposit.checks").joinpath(WORDLIST_DIR)
    for candidate in (f"{name_or_path}.txt.gz", f"{name_or_path}.txt"):
        entry = shipped.joinpath(candidate)
        if entry.is_file():
            data = entry.read_bytes()
            break
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise UserError(f"no word list called '{name_or_path}'",
                            hint="use a shipped list (en_GB, domain_en, stopwords_en) or a path to a file with one word per line")
        data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    lines = data.decode("utf-8-sig").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def words(names) -> frozenset[str]:
    names = [names] if isinstance(names, str) else list(names or [])
    out: set[str] = set()
    for name in names:
        out |= word_list(str(name))
    return frozenset(out)
