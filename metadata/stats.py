"""Describe one variable from its values and its SPSS metadata: the model every output shares.

Pure functions, no file I/O: `describe_column(series, ColumnMeta)` returns a
`Variable` that the DDI builder, the data dictionary and the HTML codebook all
render. Statistics follow SPSS conventions, so a reader can check them against
their own package: user-missing and system-missing values are "invalid"
(`invd`), the standard deviation is the sample one (n - 1), and user-missing
codes still get their own frequency in a labelled variable's categories.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field

import pandas as pd

MAX_UNLABELLED_CODES = 50  # beyond this, observed codes without labels are not listed as categories
PLACES = 4  # decimal places for means and deviations: enough to check, stable across platforms


@dataclass(frozen=True)
class ColumnMeta:
    """What the .sav says about one column (read by metadata.sources)."""

    name: str
    position: int                      # 1-based, as SPSS shows it
    label: str = ""
    measure: str = "unknown"           # nominal | ordinal | scale | unknown
    format: str = ""                   # SPSS print format, e.g. F8.2, A20, DATE11
    storage: str = "double"            # double | string
    value_labels: tuple = ()           # ((value, label), ...) in code order
    missing_ranges: tuple = ()         # ((lo, hi), ...); a discrete code has lo == hi
    question: str = ""
    notes: tuple = ()
    free_text: bool = False            # answers in words (anonymised): never listed as categories


@dataclass(frozen=True)
class Category:
    value: str
    label: str
    freq: int
    missing: bool


@dataclass(frozen=True)
class Variable:
    position: int
    name: str
    label: str
    measure: str
    kind: str                          # numeric | string | date
    format: str
    decimals: int | None
    valid: int
    invalid: int                       # user-missing + system-missing
    value_labels: tuple = ()           # ((value text, label), ...)
    missing_values: tuple = ()         # discrete user-missing codes, as text
    missing_ranges: tuple = ()         # ((lo text, hi text), ...) for true ranges
    stats: dict = field(default_factory=dict)   # min, max, mean, stdev, medn as text
    categories: tuple = ()
    question: str = ""
    notes: tuple = ()
    system_missing: int = 0

    @property
    def is_scale(self) -> bool:
        return bool(self.stats) and self.kind == "numeric"

    @property
    def measure_label(self) -> str:
        return {"nominal": "Nominal", "ordinal": "Ordinal", "scale": "Scale"}.get(self.measure, "Unknown")


def number(value, places: int = PLACES) -> str:
    """Numbers as a person writes them: 3 not 3.0, 2.5 not 2.5000, -0 as 0."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def decimals_of(fmt: str) -> int | None:
    match = re.fullmatch(r"[A-Z]+\d+(?:\.(\d+))?", fmt or "")
    if not match:
        return None
    return int(match.group(1) or 0)


def _kind(series: pd.Series, meta: ColumnMeta) -> str:
    if meta.storage == "string":
        return "string"
    if re.match(r"(DATE|ADATE|EDATE|SDATE|JDATE|DATETIME|YMDHMS|TIME|DTIME|MOYR|QYR|WKYR)", meta.format or ""):
        return "date"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if series.dtype == object and series.map(lambda v: isinstance(v, (_dt.date, _dt.datetime))).any():
        return "date"
    return "numeric"


def _user_missing_mask(series: pd.Series, ranges: tuple) -> pd.Series:
    mask = pd.Series(False, index=series.index)
    for lo, hi in ranges:
        if isinstance(lo, str) or isinstance(hi, str):
            mask |= series.astype("object") == lo
        else:
            values = pd.to_numeric(series, errors="coerce")
            mask |= (values >= lo) & (values <= hi)
    return mask


def _system_missing_mask(series: pd.Series, kind: str) -> pd.Series:
    if kind == "string":
        # An empty answer in a string variable is SPSS's "no value": count it as invalid.
        return series.isna() | (series.astype("object").fillna("").astype(str).str.strip() == "")
    return series.isna()


def describe_column(series: pd.Series, meta: ColumnMeta) -> Variable:
    kind = _kind(series, meta)
    user_missing = _user_missing_mask(series, meta.missing_ranges) if meta.missing_ranges else pd.Series(False, index=series.index)
    system_missing = _system_missing_mask(series, kind)
    invalid_mask = user_missing | system_missing
    valid = series[~invalid_mask]

    stats: dict[str, str] = {}
    scale_like = meta.measure == "scale" or (meta.measure == "unknown" and not meta.value_labels)
    if kind == "numeric" and scale_like and len(valid):
        values = pd.to_numeric(valid, errors="coerce").astype(float)
        stats = {
            "min": number(values.min()),
            "max": number(values.max()),
            "mean": number(values.mean()),
            "medn": number(values.median()),
        }
        if len(values) > 1:
            stats["stdev"] = number(values.std(ddof=1))
    elif kind == "date" and len(valid):
        try:
            ordered = sorted(valid.tolist())
            stats = {"min": _iso(ordered[0]), "max": _iso(ordered[-1])}
        except TypeError:  # mixed types in one column: no meaningful order, so no range
            stats = {}

    missing_values = tuple(number(lo) for lo, hi in meta.missing_ranges if lo == hi)
    missing_ranges = tuple((number(lo), number(hi)) for lo, hi in meta.missing_ranges if lo != hi)

    categories: tuple = ()
    if meta.value_labels:
        categories = _categories(series, meta, user_missing)
    elif kind == "string" and meta.measure in ("nominal", "ordinal") and not meta.free_text:
        categories = _string_codes(valid)

    return Variable(
        position=meta.position, name=meta.name, label=meta.label or "", measure=meta.measure, kind=kind,
        format=meta.format, decimals=decimals_of(meta.format), valid=int(len(valid)),
        invalid=int(invalid_mask.sum()),
        value_labels=tuple((number(v), str(l)) for v, l in meta.value_labels),
        missing_values=missing_values, missing_ranges=missing_ranges, stats=stats, categories=categories,
        question=meta.question, notes=tuple(meta.notes), system_missing=int((system_missing & ~user_missing).sum()),
    )


def _iso(value) -> str:
    if isinstance(value, (int, float)):
        return number(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _categories(series: pd.Series, meta: ColumnMeta, user_missing: pd.Series) -> tuple:
    """One category per labelled code, plus any observed code without a label (so the freqs add up),
    in code order. A scale variable lists only its labelled codes: its other values are measurements;
    so does a variable with more than MAX_UNLABELLED_CODES unlabelled codes."""
    present = series.dropna()
    # Count raw values first, then format the (few) distinct ones: fast on large files.
    counts: dict[str, int] = {}
    for value, count in present.value_counts(sort=False).items():
        code = number(value)
        counts[code] = counts.get(code, 0) + int(count)
    missing_codes = {number(v) for v in present[user_missing.loc[present.index]].unique()}
    labels = {number(v): str(l) for v, l in meta.value_labels}
    for lo, hi in meta.missing_ranges:
        missing_codes.update(code for code in labels if _in_range(code, lo, hi))
    observed = [] if meta.measure == "scale" else [c for c in counts if c not in labels]
    if len(observed) > MAX_UNLABELLED_CODES:
        observed = []  # an identifier or a measurement with a few labelled codes, not a code list
    order = sorted(list(labels) + observed, key=_sort_key)
    return tuple(Category(code, labels.get(code, ""), int(counts.get(code, 0)), code in missing_codes) for code in order)


def _string_codes(valid: pd.Series) -> tuple:
    """Frequencies of a coded string variable ("Authority A"...): only when few values repeat a lot,
    which tells codes from answers written in words."""
    counts = valid.astype(str).value_counts()
    if not 0 < len(counts) <= min(MAX_UNLABELLED_CODES, len(valid) // 5):
        return ()
    return tuple(Category(code, "", int(counts[code]), False) for code in sorted(counts.index))


def _in_range(code: str, lo, hi) -> bool:
    if isinstance(lo, str):
        return code == lo
    try:
        return lo <= float(code) <= hi
    except ValueError:
        return False


def _sort_key(code: str):
    try:
        return (0, float(code), code)
    except ValueError:
        return (1, 0.0, code)

