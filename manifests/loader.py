"""Load and validate the collection manifest and the toolkit's own JSON files.

A jsonschema error is turned into one sentence naming the file, the field path,
what was expected and how to fix it: a data manager should never see a raw
jsonschema dump or a traceback.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from manifests.containment import require_contained
from manifests.errors import Problem, UserError

MANIFEST_NAME = "deposit.yaml"


@functools.cache
def load_schema(name: str) -> dict:
    """`name` is the schema's file stem, e.g. "deposit" for schemas/deposit.schema.json."""
    text = resources.files("manifests").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@functools.cache
def _validator(name: str):
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    # The schemas ship with the package and a test checks each against its metaschema;
    # checking again on every run would cost every command about 0.2 s per schema.
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def field_path(error: jsonschema.ValidationError) -> str:
    """`study.creators[0].name` rather than jsonschema's deque of keys."""
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _expected(error: jsonschema.ValidationError) -> tuple[str, str]:
    """What the schema wanted, and a hint, in plain words."""
    v, kind = error.validator_value, error.validator
    desc = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "a field"
        sub = error.schema.get("properties", {}).get(missing, {})
        what = sub.get("description", "")
        return f"a value for '{missing}'", f"add '{missing}:'" + (f" ({what})" if what else "")
    if kind == "additionalProperties":
        extra = error.message.split("'")[1] if "'" in error.message else "?"
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"no field '{extra}'", f"check the spelling; allowed here: {allowed}"
    if kind == "enum":
        return "one of " + ", ".join(map(str, v)), "use one of the listed values"
    if kind == "const":
        return f"the value {v!r}", f"set it to {v!r}"
    if kind == "type":
        return f"a {v}", f"write it as a {v}" + (f" ({desc})" if desc else "")
    if kind == "pattern":
        return f"text matching {v}", desc or "see the manifest documentation in README.md"
    if kind == "minItems":
        return f"at least {v} item(s)", "add an entry to the list"
    if kind == "minLength":
        return "non-empty text", "fill it in"
    if kind == "minimum":
        return f"a number >= {v}", "raise the value"
    return error.message, desc


def validation_problems(instance, schema_name: str, source: str = "") -> list[Problem]:
    """Every schema violation as a Problem, most specific first, stable order."""
    problems = []
    errors = sorted(_validator(schema_name).iter_errors(instance), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    for error in errors:
        expected, hint = _expected(error)
        path = field_path(error)
        absent = error.validator in ("required", "additionalProperties")   # no value to show
        problems.append(Problem.of(f"schema.{error.validator}", location=f"{source}:{path}" if source else path,
                                   hint=hint or None, variant="absent" if absent else None,
                                   field=path, expected=expected, **({} if absent else {"got": error.instance})))
    return problems


def validate(instance, schema_name: str, source: str = "") -> None:
    """Raise UserError naming every problem, or return quietly."""
    problems = validation_problems(instance, schema_name, source)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more: " + "; ".join(p.message for p in problems[1:4]) + ")" if len(problems) > 1 else ""
        raise UserError(first.message + more, hint=first.hint, location=source or "")


def manifest_path(collection) -> Path:
    path = Path(collection)
    if path.is_dir():
        return path / MANIFEST_NAME
    if path.is_file() and path.suffix.lower() not in (".yaml", ".yml"):
        raise UserError(f"expected a collection folder holding {MANIFEST_NAME} (or the manifest itself), "
                        f"got a {path.suffix or 'plain'} file", location=str(path),
                        hint="pass the folder that holds deposit.yaml; single data files go to "
                             "'ukds-deposit risk' or 'ukds-deposit anonymise-data'")
    return path


def load_collection(collection) -> dict:
    """The manifest of a collection, with every path it names checked to stay inside the
    collection folder (containment.py) before anything is read."""
    manifest = load_manifest(collection)
    folder = Path(collection) if Path(collection).is_dir() else Path(collection).parent
    require_contained(folder, manifest)
    return manifest


def load_manifest(collection) -> dict:
    """Read COLLECTION/deposit.yaml (or the given file), validate it, and return it.

    Dates stay strings (YAML's automatic date parsing is switched off) so the
    manifest round-trips exactly into DDI and bag-info."""
    path = manifest_path(collection)
    if not path.is_file():
        raise UserError(f"no manifest found at {path}", hint=f"create {MANIFEST_NAME} in the collection folder (see README.md, 'Preparing a deposit')")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"the manifest is not UTF-8 text ({exc.reason})", location=str(path), hint="save it as UTF-8") from None
    try:
        data = yaml.load(text, Loader=_StringDateLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise UserError(f"the manifest is not valid YAML: {getattr(exc, 'problem', exc)}", location=where,
                        hint="check the indentation and quoting on that line") from None
    if not isinstance(data, dict):
        raise UserError("the manifest must be a mapping of fields", location=str(path), hint="start with 'manifest_version: 1'")
    validate(data, "deposit", str(path))
    return data


class _StringDateLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates (2014-06-30) as strings."""


_StringDateLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in value if tag != "tag:yaml.org,2002:timestamp"]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def dump_yaml(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
