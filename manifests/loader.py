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
from manifests.layout import name_collisions

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
    require_distinct_outputs(folder, manifest)
    return manifest


def require_distinct_outputs(folder: Path, manifest: dict) -> None:
    """Stop before any work when two files would be written under one output name (sample.sav
    beside sample.dta, one file name in two folders, sw01.docx beside sw01.rtf): one would
    silently overwrite the other."""
    groups = name_collisions(manifest)
    if groups:
        listed = "; ".join(" and ".join(paths) for paths in groups)
        raise UserError.from_problem(Problem.of("manifest.name_collision", location=str(folder / MANIFEST_NAME),
                                                count=len(groups), names=listed))


def load_manifest(collection) -> dict:
    """Read COLLECTION/deposit.yaml (or the given file), validate it, and return it.

    Dates stay strings (YAML's automatic date parsing is switched off) so the
    manifest round-trips exactly into DDI and bag-info."""
    path = manifest_path(collection)
    if not path.is_file():
        raise UserError(f"no manifest found at {path}", hint=f"create {MANIFEST_NAME} in the collection folder (see README.md, 'Preparing a deposit')")
    text = read_yaml_text(path, "manifest")
    try:
        data = load_yaml(text, str(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise UserError(f"the manifest is not valid YAML: {getattr(exc, 'problem', exc)}", location=where,
                        hint="check the indentation and quoting on that line") from None
    if not isinstance(data, dict):
        raise UserError("the manifest must be a mapping of fields", location=str(path), hint="start with 'manifest_version: 1'")
    validate(data, "deposit", str(path))
    return data


# What a YAML file a user hands us (the manifest, a --rules or --config file) may take. A
# manifest of a large collection is a few thousand entries of about ten values each; anchors
# and aliases may repeat a block, but an alias "bomb" (a few lines that expand to a billion
# strings) would take minutes and gigabytes to read and validate, deep nesting would exhaust
# the stack, and a 100,000-entry file takes minutes to validate and check.
MAX_YAML_BYTES = 16 * 1024 * 1024       # the file itself
MAX_YAML_NODES = 250_000                # values (each entry's path, role, ...) once every alias is expanded
MAX_YAML_DEPTH = 100                    # lists and mappings inside one another
MAX_YAML_TEXT = 100_000                 # characters in one value (an abstract is a few thousand)

# libyaml when present: a large manifest parses ten times faster.
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_text(path: Path, what: str) -> str:
    """A user's YAML file as text: at most MAX_YAML_BYTES, UTF-8 (a byte-order mark is allowed)."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise UserError.from_problem(Problem.of("yaml.too_large", variant="file", location=str(path), what=what,
                                                size=size, limit=MAX_YAML_BYTES))
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"the {what} is not UTF-8 text ({exc.reason})", location=str(path), hint="save it as UTF-8") from None


def load_yaml(text: str, source: str = ""):
    """YAML from a user, with dates left as text, read within the limits above. The parser's
    events are counted first (no values are built: depth, the number of values as written and
    the length of each value), then the node graph is composed (aliases share their anchor's
    node, so it stays as small as the text) and measured once expanded, and only then built
    into Python values."""
    _count_events(text, source)
    loader = _StringDateLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _measure(node, source)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _too_large(source: str, mark=None, **fields) -> UserError:
    where = f"{source}:{mark.line + 1}" if mark is not None and source else source
    return UserError.from_problem(Problem.of("yaml.too_large", location=where, **fields))


def _count_events(text: str, source: str) -> None:
    depth = values = 0
    for event in yaml.parse(text, Loader=_PARSER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _too_large(source, event.start_mark, variant="depth", limit=MAX_YAML_DEPTH)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_YAML_TEXT:
            raise _too_large(source, event.start_mark, variant="value", size=len(event.value), limit=MAX_YAML_TEXT)
        if isinstance(event, yaml.NodeEvent):
            values += 1
            if values > MAX_YAML_NODES:
                raise _too_large(source, event.start_mark, variant="written", limit=MAX_YAML_NODES)


def _measure(root, source: str) -> None:
    """Refuse a node graph that refers to itself, or that once its aliases are expanded holds
    more than MAX_YAML_NODES values or nests deeper than MAX_YAML_DEPTH. Iterative, and each
    shared node is measured once, so a bomb is measured in as many steps as it has lines."""
    measured: dict[int, tuple[int, int]] = {}      # node -> (values, depth) once expanded
    open_nodes: set[int] = set()
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_nodes.discard(key)
            below = [measured[id(c)] for c in children]
            size = min(1 + sum(n for n, _ in below), MAX_YAML_NODES + 1)
            depth = 1 + max((d for _, d in below), default=0)
            if size > MAX_YAML_NODES:
                raise _too_large(source, limit=MAX_YAML_NODES)
            if depth > MAX_YAML_DEPTH:
                raise _too_large(source, variant="depth", limit=MAX_YAML_DEPTH)
            measured[key] = (size, depth)
            continue
        if key in measured:
            continue
        if key in open_nodes:
            raise _too_large(source, variant="recursive")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in measured)


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


class _StringDateLoader(_PARSER):
    """The safe loader (libyaml's when present) leaving dates (2014-06-30) as strings."""


_StringDateLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in value if tag != "tag:yaml.org,2002:timestamp"]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def dump_yaml(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
