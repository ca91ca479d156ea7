"""Per-variable anonymisation rules, applied to a Table in memory.

Each rule is a small function over one column (vectorised: a 1,000,000-row
file must not loop in Python per row) that replaces the column, adjusts the
metadata that describes it (labels, formats, measure) and returns a decision
{variable, action, reason, detail} for the stage result. Rules never touch
files; crosswalk rows for the private key are handed back to the caller.

Rule vocabulary (the manifest's anonymisation.data[<file>].rules):
    drop | keep
    recode    map: {old: new}, labels: {new: label}     merge categories
    band      bands: [[lo, hi, label], ...]             a value goes to the first band with lo <= v <= hi
    topcode   top: N and/or bottom: N, top_label/bottom_label
    date      to: year | month_year | age | duration, reference_date, until: VAR, unit: days|weeks|months|years
    freetext  cells go through the text engine (applied by the stage, not here)
    newid     new IDs 1..n in a random order drawn from the secret; prefix: "C" for C0001-style strings
    authority local-authority names -> "Authority A".. in a secret order (see below)

Authority labels and new IDs are handed out in an order drawn from a private secret
(a keyed hash of each name or ID), never in the order of the names or the old IDs:
anyone who knows which authorities took part could otherwise rebuild "Authority A" =
the first of them alphabetically, and anyone who knows one child's case number could
link every new ID that kept the old ones' order. The secret is RuleContext.secret when the caller gives one, else
$UKDS_DEPOSIT_SECRET, else a random secret made once for the user and kept
owner-only in ~/.config/ukds-deposit/secret. It is never written into any output;
the private crosswalk records the mapping. The same secret and names give the same
labels on every run; files that share a RuleContext.authorities mapping (one per
collection) give an authority the same label in every file.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from anonymise.tabular import Table
from manifests.errors import UserError

ACTIONS = ("drop", "keep", "recode", "band", "topcode", "date", "freetext", "newid", "authority")
DATE_TARGETS = ("year", "month_year", "age", "duration")
SECRET_ENV = "UKDS_DEPOSIT_SECRET"


@dataclass
class RuleContext:
    file: str                               # collection-relative name, for messages and crosswalks
    reference_date: str | None = None       # ISO date from the manifest (anonymisation.reference_date)
    crosswalk: list[dict] = field(default_factory=list)   # private: {variable, original, replacement}
    info_loss: dict = field(default_factory=lambda: {"categories_merged": 0, "values_topcoded": 0,
                                                     "variables_dropped": 0, "values_out_of_band": 0})
    # PRIVATE, never published: orders the authority labels (None: $UKDS_DEPOSIT_SECRET, else the
    # user's secret file). A collection stage passes one secret to every file.
    secret: bytes | str | None = None
    # normalised authority name -> label number (1 = "A"); share one dict between the files
    # of a collection so an authority has the same label in each, whatever names a file holds
    authorities: dict = field(default_factory=dict)


def decision(variable: str, action: str, reason: str, detail: str = "") -> dict:
    return {"variable": variable, "action": action, "reason": reason, "detail": detail}


def apply_rule(table: Table, variable: str, rule: dict, ctx: RuleContext, reason: str = "") -> dict:
    """Apply one rule to `table` (in place) and return its decision."""
    action = rule.get("action")
    if action not in ACTIONS:
        raise UserError(f"unknown action {action!r} for variable {variable}", location=ctx.file,
                        hint="use one of " + ", ".join(ACTIONS))
    if variable not in table.df.columns:
        raise UserError(f"a rule names variable '{variable}', which is not in the file", location=ctx.file,
                        hint="check the spelling in anonymisation.data rules; variables: "
                             + ", ".join(table.variables[:20]))
    reason = reason or rule.get("reason") or "rule in the manifest"
    detail = _HANDLERS[action](table, variable, rule, ctx)
    return decision(variable, action, reason, detail)


# ---------------------------------------------------------------- handlers

def _drop(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    table.df = table.df.drop(columns=[var])
    table.meta.forget(var)
    ctx.info_loss["variables_dropped"] += 1
    return "variable removed"


def _keep(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    return "unchanged"


def _freetext(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    # The stage replaces the cells with the text engine's output; nothing to do here.
    n = int(_nonempty(table.df[var]).sum())
    return f"{n} non-empty cells sent through the text engine"


def _recode(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    mapping = rule.get("map")
    if not isinstance(mapping, dict) or not mapping:
        raise UserError(f"recode rule for {var} needs a non-empty 'map'", location=ctx.file)
    col = table.df[var]
    numeric = pd.api.types.is_numeric_dtype(col)
    conv = _to_number if numeric else str
    try:
        mapping = {conv(k): (conv(v) if v is not None else None) for k, v in mapping.items()}
    except ValueError:
        raise UserError(f"recode map for numeric variable {var} must map numbers to numbers", location=ctx.file) from None
    before = col.nunique(dropna=True)
    recoded = _map_numeric(col, mapping) if numeric else col.replace(mapping)
    table.df[var] = recoded
    ctx.info_loss["categories_merged"] += max(0, before - recoded.nunique(dropna=True))
    old_labels = table.meta.value_labels.get(var, {})
    new_labels = {conv(k): str(v) for k, v in (rule.get("labels") or {}).items()}
    if old_labels or new_labels:
        kept = {mapping.get(k, k): v for k, v in old_labels.items() if mapping.get(k, k) is not None}
        # A code that several old codes were merged into keeps no single old label unless told.
        merged_into = {v for v in mapping.values() if list(mapping.values()).count(v) > 1}
        kept = {k: v for k, v in kept.items() if k not in merged_into}
        table.meta.value_labels[var] = {**kept, **new_labels}
    return f"{len(mapping)} values recoded; {before} -> {recoded.nunique(dropna=True)} categories"


def _map_numeric(col: pd.Series, mapping: dict) -> pd.Series:
    values = col.to_numpy(dtype="float64", na_value=np.nan, copy=True)
    out = values.copy()
    for old, new in mapping.items():
        out[values == old] = np.nan if new is None else new
    return pd.Series(out, index=col.index, name=col.name)


def _band(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    bands = rule.get("bands")
    if not isinstance(bands, list) or not bands:
        raise UserError(f"band rule for {var} needs 'bands: [[low, high, label], ...]'", location=ctx.file)
    col = table.df[var]
    values = _numeric_values(col, var, ctx)
    missing = table.meta.user_missing_mask(var, col).to_numpy()
    out = np.full(values.shape, np.nan)
    labels = {}
    for code, band in enumerate(bands, start=1):
        if not isinstance(band, (list, tuple)) or len(band) < 2:
            raise UserError(f"band {code} for {var} must be [low, high] or [low, high, label]", location=ctx.file)
        lo, hi = _to_number(band[0]), _to_number(band[1])
        label = str(band[2]) if len(band) > 2 else f"{_fmt(lo)}-{_fmt(hi)}"
        hit = np.isnan(out) & (values >= lo) & (values <= hi) & ~missing
        out[hit] = code
        labels[float(code)] = label
    # user-missing codes (e.g. -9 "refused") keep their value and label
    out[missing] = values[missing]
    outside = int((~np.isnan(values) & np.isnan(out)).sum())
    before = col.nunique(dropna=True)
    table.df[var] = pd.Series(out, index=col.index, name=col.name)
    old = table.meta.value_labels.get(var, {})
    kept_missing = {k: v for k, v in old.items() if _is_user_missing(table, var, k)}
    table.meta.value_labels[var] = {**labels, **kept_missing}
    table.meta.measure[var] = "ordinal"
    table.meta.formats[var] = f"F{max(1, len(str(len(bands))))}.0"
    ctx.info_loss["categories_merged"] += max(0, before - len(bands))
    ctx.info_loss["values_out_of_band"] += outside
    detail = f"{len(bands)} bands: " + ", ".join(labels.values())
    return detail + (f"; {outside} values outside every band set to system-missing" if outside else "")


def _topcode(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    top, bottom = rule.get("top"), rule.get("bottom")
    if top is None and bottom is None:
        raise UserError(f"topcode rule for {var} needs 'top' and/or 'bottom'", location=ctx.file)
    col = table.df[var]
    values = _numeric_values(col, var, ctx).copy()
    missing = table.meta.user_missing_mask(var, col).to_numpy()
    parts = []
    labels = table.meta.value_labels.get(var)
    changed = 0
    if top is not None:
        hit = (values > top) & ~missing
        values[hit] = top
        changed += int(hit.sum())
        parts.append(f"values above {_fmt(top)} set to {_fmt(top)} ({int(hit.sum())})")
        if rule.get("top_label"):
            labels = {**(labels or {}), float(top): str(rule["top_label"])}
    if bottom is not None:
        hit = (values < bottom) & ~missing
        values[hit] = bottom
        changed += int(hit.sum())
        parts.append(f"values below {_fmt(bottom)} set to {_fmt(bottom)} ({int(hit.sum())})")
        if rule.get("bottom_label"):
            labels = {**(labels or {}), float(bottom): str(rule["bottom_label"])}
    table.df[var] = pd.Series(values, index=col.index, name=col.name)
    if labels:
        table.meta.value_labels[var] = labels
    ctx.info_loss["values_topcoded"] += changed
    return "; ".join(parts)


def _date(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    target = rule.get("to")
    if target not in DATE_TARGETS:
        raise UserError(f"date rule for {var} needs 'to: year | month_year | age | duration'", location=ctx.file)
    when = as_dates(table.df[var], rule.get("format"))
    col = table.df[var]
    label = table.meta.variable_labels.get(var) or var
    table.meta.value_labels.pop(var, None)
    table.meta.missing_ranges.pop(var, None)
    if target == "year":
        out = when.dt.year.astype("float64")
        table.meta.formats[var], table.meta.measure[var] = "F4.0", "scale"
        table.meta.variable_labels[var] = _suffix_label(label, "year")
        detail = "date reduced to its year"
    elif target == "month_year":
        out = when.dt.strftime("%Y-%m").astype(object).where(when.notna(), None)
        table.meta.formats.pop(var, None)
        table.meta.measure[var] = "ordinal"
        table.meta.variable_labels[var] = _suffix_label(label, "year-month")
        detail = "date reduced to year and month (YYYY-MM)"
    else:
        ref = reference_date(rule, ctx, var)
        if target == "age":
            out = whole_years(when, ref)
            table.meta.variable_labels[var] = _suffix_label(label, f"age in years at {ref.isoformat()}")
            detail = f"date replaced by age in whole years at {ref.isoformat()}"
        else:
            end = as_dates(table.df[rule["until"]], rule.get("format")) if rule.get("until") else pd.Series(
                pd.Timestamp(ref), index=col.index)
            unit = rule.get("unit", "days")
            out = elapsed(when, end, unit)
            until = rule.get("until") or ref.isoformat()
            table.meta.variable_labels[var] = _suffix_label(label, f"{unit} until {until}")
            detail = f"date replaced by {unit} elapsed until {until}"
        table.meta.formats[var], table.meta.measure[var] = "F8.0", "scale"
    table.df[var] = out.rename(col.name)
    unparsed = int((_nonempty(col) & when.isna()).sum())
    return detail + (f"; {unparsed} values were not dates and became missing" if unparsed else "")


def _newid(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    col = table.df[var]
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    # New numbers in a random order drawn from the private secret, never in the order of the
    # old IDs or of the rows: numbered in order, a file sorted by case number gives new = old - 99
    # in every row, and one known case links them all back. The same secret and IDs give the
    # same numbers, in every file of a collection.
    originals = [_plain(v) for v in uniques.tolist()] if pd.api.types.is_numeric_dtype(col) else list(uniques)
    rank = secret_order(originals, ctx, "newid")
    number = np.empty(len(uniques), dtype=np.int64)
    number[rank] = np.arange(1, len(uniques) + 1)
    new = np.full(len(codes), np.nan)
    new[codes >= 0] = number[codes[codes >= 0]]
    prefix = rule.get("prefix")
    if prefix:
        width = max(4, len(str(len(uniques))))
        text = np.char.add(str(prefix), np.char.zfill(np.nan_to_num(new).astype(np.int64).astype(str), width)).astype(object)
        text[codes < 0] = None
        table.df[var] = pd.Series(text, index=col.index, name=col.name)
        replacements = [f"{prefix}{str(n).zfill(width)}" for n in number.tolist()]
        table.meta.formats.pop(var, None)
    else:
        table.df[var] = pd.Series(new, index=col.index, name=col.name)
        replacements = number.tolist()
        table.meta.formats[var] = f"F{max(1, len(str(len(uniques))))}.0"
    table.meta.value_labels.pop(var, None)
    table.meta.missing_ranges.pop(var, None)
    table.meta.measure[var] = "nominal"
    # The crosswalk lists the new IDs in order, so its row order says nothing about the old ones.
    order = np.argsort(number, kind="stable")
    ctx.crosswalk.append({"variable": var, "kind": "newid", "originals": [originals[i] for i in order],
                          "replacements": [replacements[i] for i in order]})
    return (f"{len(uniques)} distinct IDs replaced by new IDs in a random order drawn from a private secret; "
            "crosswalk kept privately")


def secret_order(values, ctx: RuleContext, purpose: str) -> np.ndarray:
    """Positions of `values` sorted by a keyed hash under the private secret: a random order that
    nobody without the secret can derive from the values, the same on every run with it.

    The hash is HMAC-SHA256 of "ukds-deposit <purpose>\\0<value as text>", so each use of the
    secret (authority labels, new IDs) gets its own order; the digests are sorted as bytes
    in numpy (a million IDs take about two seconds)."""
    key = _secret_bytes(ctx)
    prefix = b"ukds-deposit " + purpose.encode("ascii") + b"\x00"
    digests = np.array([hmac.digest(key, prefix + str(v).encode("utf-8"), "sha256") for v in values], dtype="S32")
    return np.argsort(digests, kind="stable")


def authority_letters(n: int) -> list[str]:
    """A, B, ... Z, AA, AB, ...: enough letters for any number of authorities."""
    return [authority_letter(i + 1) for i in range(n)]


def _authority(table: Table, var: str, rule: dict, ctx: RuleContext) -> str:
    col = table.df[var]
    labels = table.meta.value_labels.get(var) or {}
    prefix = rule.get("prefix", "Authority")
    if pd.api.types.is_numeric_dtype(col) and labels:
        # Codes carry names in their labels: renumber in the secret order so neither the
        # code nor the label keeps the depositor's order (nor the alphabet's).
        unlabelled = int((col.notna() & ~col.isin(list(labels))).sum())
        if unlabelled:
            raise UserError(f"{unlabelled} values of {var} have no value label, so they cannot be mapped to an authority",
                            location=ctx.file, hint="label every code, or use a recode rule")
        missing_codes = {k for k in labels if _is_user_missing(table, var, k)}
        named = {k: str(v) for k, v in labels.items() if k not in missing_codes}
        numbers = authority_numbers(named.values(), ctx)
        mapping = {code: float(numbers[_authority_key(name)]) for code, name in named.items()}
        table.df[var] = _map_numeric(col, mapping)
        used = sorted(set(mapping.values()))
        table.meta.value_labels[var] = {n: f"{prefix} {authority_letter(int(n))}" for n in used} | {
            k: labels[k] for k in missing_codes}
        pairs = {(int(mapping[code]), name) for code, name in named.items()}
    else:
        # Work on the distinct values, then spread back by code: vectorised on any length.
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        stripped = [str(u).strip() for u in uniques]
        numbers = authority_numbers([u for u in stripped if u], ctx)
        lookup = np.array([f"{prefix} {authority_letter(numbers[_authority_key(u)])}" if u else None
                           for u in stripped] + [None], dtype=object)
        table.df[var] = pd.Series(lookup[codes], index=col.index, name=col.name)
        pairs = {(numbers[_authority_key(u)], u) for u in stripped if u}
        table.meta.value_labels.pop(var, None)
        table.meta.formats.pop(var, None)
    table.meta.measure[var] = "nominal"
    ordered = sorted(pairs, key=lambda p: (p[0], p[1].casefold(), p[1]))
    originals = [name for _, name in ordered]
    replacements = [f"{prefix} {authority_letter(number)}" for number, _ in ordered]
    ctx.crosswalk.append({"variable": var, "kind": "authority", "originals": originals, "replacements": replacements})
    shown = sorted(set(replacements), key=lambda r: (len(r), r))
    span = f"{shown[0]}..{shown[-1]}" if shown else "none"
    return (f"{len(set(replacements))} authorities renamed {span} in an order drawn from a private secret "
            "(not the order of the names); crosswalk kept privately")


def authority_mentions(text: str, ctx: RuleContext, generic_words) -> tuple[str, list[tuple[str, str]]]:
    """`text` with the authorities this file's authority rules renamed put under their labels
    wherever it names them, and the (original, label) pairs replaced.

    Whole names are found in any case and spacing ("westvale  borough council"); the
    distinctive part left without `generic_words` ("Westvale") as written in the data, so an
    ordinary word that happens to name a place in lower case stays. Longer names go first."""
    names = {}
    for block in ctx.crosswalk:
        if block.get("kind") != "authority":
            continue
        for original, label in zip(block["originals"], block["replacements"]):
            words = str(original).split()
            names.setdefault(r"(?i:" + r"\s+".join(map(re.escape, words)) + r")", label)
            stem = [w for w in words if w.casefold() not in generic_words]
            if stem and stem != words and len(" ".join(stem)) >= 3:
                names.setdefault(r"\s+".join(map(re.escape, stem)), label)
    if not names or not text:
        return text, []
    patterns = sorted(names, key=len, reverse=True)
    found: list[tuple[str, str]] = []

    def swap(match: re.Match) -> str:
        label = names[patterns[match.lastindex - 1]]
        found.append((match.group(0), label))
        return label

    pattern = re.compile(r"(?<![\w])(?:" + "|".join(f"({p})" for p in patterns) + r")(?![\w])")
    return pattern.sub(swap, text), found


def authority_letter(number: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    s = ""
    while number:
        number, r = divmod(number - 1, 26)
        s = string.ascii_uppercase[r] + s
    return s


def _authority_key(name: str) -> str:
    """One key per authority however a file spells it ("Westvale  council" = "Westvale Council")."""
    return " ".join(str(name).split()).casefold()


def authority_numbers(names, ctx: RuleContext) -> dict[str, int]:
    """Label numbers (1 = "A") for `names`, keyed by `_authority_key`, recorded in ctx.authorities.

    Names already there keep their number; new ones follow in the order of a keyed hash
    under the private secret (`secret_order`), which nobody without the secret can derive
    from the names, while the same secret and names always give the same order."""
    new = sorted({_authority_key(n) for n in names} - set(ctx.authorities))
    if new:
        new = [new[i] for i in secret_order(new, ctx, "authority")]
        start = max(ctx.authorities.values(), default=0)
        for i, k in enumerate(new, start=1):
            ctx.authorities[k] = start + i
    return dict(ctx.authorities)


def _secret_bytes(ctx: RuleContext) -> bytes:
    if ctx.secret:
        return ctx.secret if isinstance(ctx.secret, bytes) else str(ctx.secret).encode("utf-8")
    env = os.environ.get(SECRET_ENV, "").strip()
    if env:
        return env.encode("utf-8")
    return user_secret()


def user_secret_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "ukds-deposit" / "secret"


def user_secret() -> bytes:
    """The user's private secret: 32 random bytes (hex), made once, owner-only (0600).

    Made beside nothing that is published, so it never travels with a deposit; two
    processes starting at once agree on one (the file appears whole, by a hard link)."""
    path = user_secret_path()
    try:
        data = path.read_bytes().strip()
        if data:
            return data
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _secret_error(path, exc) from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".secret-{os.getpid()}-{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_hex(32).encode("ascii") + b"\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass                     # another process made it first: use theirs
        except OSError:
            if not path.exists():    # a file system without hard links
                os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        data = path.read_bytes().strip()
    except OSError as exc:
        raise _secret_error(path, exc) from None
    if not data:
        raise _secret_error(path, "the file is empty")
    return data


def _secret_error(path: Path, exc) -> UserError:
    return UserError(f"cannot read or create the private secret that orders authority labels ({exc})",
                     location=str(path), hint=f"set {SECRET_ENV} to a private random string (keep it the same for "
                                              "every run of a collection, and never publish it)")


_HANDLERS = {"drop": _drop, "keep": _keep, "recode": _recode, "band": _band, "topcode": _topcode,
             "date": _date, "freetext": _freetext, "newid": _newid, "authority": _authority}


# ---------------------------------------------------------------- helpers (pure, vectorised)

def as_dates(col: pd.Series, fmt: str | None = None) -> pd.Series:
    """Any column of dates (SPSS dates arrive as datetime64; CSV dates as text) as datetime64."""
    if pd.api.types.is_datetime64_any_dtype(col):
        return col
    if pd.api.types.is_numeric_dtype(col):
        # e.g. 20130417 as a number
        return pd.to_datetime(col.astype("Int64").astype("string"), format=fmt or "%Y%m%d", errors="coerce")
    text = col.astype("string").str.strip()
    if fmt:
        return pd.to_datetime(text, format=fmt, errors="coerce")
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    if iso.notna().sum() >= text.notna().sum() * 0.5:
        return iso
    return pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")   # British order


def whole_years(when: pd.Series, ref: date) -> pd.Series:
    years = ref.year - when.dt.year
    before_birthday = (when.dt.month > ref.month) | ((when.dt.month == ref.month) & (when.dt.day > ref.day))
    return (years - before_birthday.astype("float64")).astype("float64")


def elapsed(start: pd.Series, end: pd.Series, unit: str) -> pd.Series:
    days = (end - start).dt.days.astype("float64")
    if unit == "days":
        return days
    if unit == "weeks":
        return np.floor(days / 7)
    if unit == "months":
        months = (end.dt.year - start.dt.year) * 12 + (end.dt.month - start.dt.month)
        return (months - (end.dt.day < start.dt.day).astype("float64")).astype("float64")
    if unit == "years":
        years = end.dt.year - start.dt.year
        early = (end.dt.month < start.dt.month) | ((end.dt.month == start.dt.month) & (end.dt.day < start.dt.day))
        return (years - early.astype("float64")).astype("float64")
    raise UserError(f"unknown duration unit {unit!r}", hint="use days, weeks, months or years")


def reference_date(rule: dict, ctx: RuleContext, var: str) -> date:
    text = rule.get("reference_date") or ctx.reference_date
    if not text:
        raise UserError(f"the date rule for {var} needs a reference date", location=ctx.file,
                        hint="add reference_date to the rule or anonymisation.reference_date to the manifest")
    parts = [int(p) for p in str(text).split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _numeric_values(col: pd.Series, var: str, ctx: RuleContext) -> np.ndarray:
    if not pd.api.types.is_numeric_dtype(col):
        converted = pd.to_numeric(col, errors="coerce")
        if converted.notna().sum() < col.notna().sum():
            raise UserError(f"variable {var} is not numeric, so it cannot be banded or top-coded", location=ctx.file,
                            hint="use a recode rule for text categories")
        col = converted
    return col.to_numpy(dtype="float64", na_value=np.nan)


def _nonempty(col: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_datetime64_any_dtype(col):
        return col.notna()
    return col.notna() & (col.astype("string").str.strip() != "")


def _is_user_missing(table: Table, var: str, value) -> bool:
    for rng in table.meta.missing_ranges.get(var, []):
        try:
            if rng["lo"] <= value <= rng["hi"]:
                return True
        except TypeError:
            continue
    return False


def _to_number(value) -> float:
    return float(value)


def _fmt(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _plain(value):
    """Crosswalk values as plain Python (CSV-friendly, no numpy types)."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return int(value) if float(value).is_integer() else float(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _suffix_label(label: str, what: str) -> str:
    return f"{label} ({what})"[:256]
