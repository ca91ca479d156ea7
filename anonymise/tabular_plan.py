"""What each table writer is handed, and what it cannot keep. Pure: no file I/O.

pyreadstat's writers take a DataFrame and keyword arguments. Some metadata they cannot
carry at all (Stata has no measurement levels, SPSS no tagged missing values .a-.z);
some only if the values are prepared first (a declared string width survives only if a
value fills it; a Stata daily date only if it is handed over as a date, not a time
stamp). For each target one function, `plan_sav` or `plan_dta`, decides both at once,
so what is written and what is reported as lost come from the same place and cannot
disagree. Text targets (`plan_text`) keep values and nothing else.

A `Loss` names the variable, the aspect and what it was and becomes; the data pass turns
the list into warnings and rows of its information-loss table. tests/anonymise/
test_peer_pyreadstat.py checks against pyreadstat's own test files that every
difference a round trip makes is one of these.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from manifests.errors import Problem
from manifests.problems import catalogue

# What each aspect is called in warnings and in the information-loss table: the members of
# the problem family data.not_kept.<aspect>, declared with their names in the catalogue.
ASPECTS = catalogue().members("data.not_kept.<aspect>")

TARGET_NAMES = {"sav": "SPSS .sav", "zsav": "SPSS .zsav", "dta": "Stata .dta", "csv": "CSV", "tab": "tab-delimited text"}

# Limits of the formats (bytes for SPSS, characters for Stata).
SPSS_FILE_LABEL, SPSS_VARIABLE_LABEL, SPSS_VALUE_LABEL, SPSS_MISSING_STRING = 64, 256, 120, 8
STATA_FILE_LABEL, STATA_VARIABLE_LABEL, STATA_VALUE_LABEL, STATA_STR_MAX = 80, 80, 32000, 2045
INT32 = (-2_147_483_647, 2_147_483_620)   # Stata long, less its missing-value codes
STATA_INTEGER_STORAGE = {"int8", "int16", "int32"}
NUMERIC_STORAGE = STATA_INTEGER_STORAGE | {"float", "double"}
# readstat's storage names as Stata calls them
STATA_TYPE_NAMES = {"int8": "byte", "int16": "int", "int32": "long", "float": "float", "double": "double"}

SPSS_FORMAT = re.compile(r"^([A-Z]+)(\d+)(?:\.(\d+))?$")
SPSS_DATE_TYPES = {"DATE", "ADATE", "EDATE", "SDATE", "JDATE", "DATETIME", "YMDHMS"}
SPSS_TIME_TYPES = {"TIME", "DTIME", "MTIME"}

# The formats that mean the same in SPSS and Stata (kind of value and the way it is shown).
SAME_FORMAT = (
    ("DATE11", "%td"), ("ADATE10", "%tdNN/DD/CCYY"), ("ADATE8", "%tdNN/DD/YY"),
    ("EDATE10", "%tdDD/NN/CCYY"), ("EDATE8", "%tdDD/NN/YY"), ("SDATE10", "%tdCCYY/NN/DD"),
    ("SDATE8", "%tdYY/NN/DD"), ("DATETIME20", "%tc"), ("TIME8", "%tcHH:MM:SS"), ("TIME5", "%tcHH:MM"),
)
SPSS_TO_STATA = dict(SAME_FORMAT)
STATA_TO_SPSS = {stata: spss for spss, stata in SAME_FORMAT}
# Numbers: SPSS Fw.d / COMMAw.d / Ew.d are Stata's %w.df / %w.dfc / %w.de.
_SPSS_NUMBER = {"F": "f", "COMMA": "fc", "E": "e"}
_STATA_NUMBER = re.compile(r"^%-?(\d+)\.(\d+)(f|fc|e)$")
_STATA_GENERAL = re.compile(r"^%-?(\d+)\.(\d+)gc?$")
_STATA_STRING = re.compile(r"^%-?\d+s$")


@dataclass(frozen=True)
class Loss:
    """Something a writer cannot keep. `variable` is a variable, a multiple-response set
    ("$name") or "" for the file; `values` counts data values changed (0: metadata only)."""

    variable: str
    aspect: str
    before: str
    after: str
    values: int = 0

    def to_dict(self) -> dict:
        """The record, with `row`: its row in the information-loss table."""
        return asdict(self) | {"row": self.key()}

    def key(self) -> str:
        """Its row in the information-loss table."""
        return f"not kept: {ASPECTS[self.aspect]} of {self.variable}" if self.variable else \
            f"not kept: {ASPECTS[self.aspect]}"

    def problem(self, file: str, target: str) -> Problem:
        """The warning: of a variable, or (no variable) of the file as a whole."""
        return Problem.of(f"data.not_kept.{self.aspect}", variant=None if self.variable else "file",
                          location=f"{file}:{self.variable}" if self.variable else file,
                          variable=self.variable, aspect=ASPECTS[self.aspect], before=self.before, after=self.after,
                          target=TARGET_NAMES.get(target, target))


@dataclass
class WritePlan:
    """The DataFrame and keyword arguments for one pyreadstat writer, the multiple-response
    sets to add to the file afterwards (SPSS only), and what is lost."""

    frame: pd.DataFrame | None
    arguments: dict
    losses: list[Loss] = field(default_factory=list)
    mr_sets: dict = field(default_factory=dict)


def loss_report(losses: list[Loss], file: str, target: str) -> dict:
    """The losses as the data pass reports them: `not_kept` (the records), `warnings`
    (Problem dicts, one per variable and aspect) and `info_loss` rows (values affected, or
    1 for a piece of metadata)."""
    warnings = [loss.problem(file, target).to_dict() for loss in losses]
    info_loss: dict[str, int] = {}
    for loss in losses:
        info_loss[loss.key()] = info_loss.get(loss.key(), 0) + (loss.values or 1)
    return {"not_kept": [loss.to_dict() for loss in losses], "warnings": warnings, "info_loss": info_loss}


# ---------------------------------------------------------------- column kinds

def column_kind(series: pd.Series) -> str:
    """number | datetime | date | time | string | empty: how the values are held."""
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    if isinstance(series.dtype, pd.StringDtype):
        return "string" if series.notna().any() else "empty"
    # an object column: its first values say what it holds (pyreadstat gives one kind per column)
    sample = series.iloc[:10_000].dropna()
    if sample.empty:
        sample = series.dropna()
    if sample.empty:
        return "empty"
    first = sample.iloc[0]
    if isinstance(first, dt.time):
        return "time"
    if isinstance(first, dt.datetime):
        return "datetime"
    if isinstance(first, dt.date):
        return "date"
    inferred = pd.api.types.infer_dtype(sample, skipna=True)
    return "number" if inferred in ("integer", "floating", "mixed-integer-float", "decimal") else "string"


def spss_format_kind(fmt: str) -> str | None:
    """The kind of values an SPSS format shows (None: not an SPSS format)."""
    match = SPSS_FORMAT.match(fmt or "")
    if not match:
        return None
    kind = match.group(1)
    if kind == "A" or kind == "AHEX":
        return "string"
    if kind in SPSS_DATE_TYPES:
        return "datetime"
    if kind in SPSS_TIME_TYPES:
        return "time"
    return "number"


def stata_format_kind(fmt: str) -> str | None:
    if not (fmt or "").startswith("%"):
        return None
    if _STATA_STRING.match(fmt):
        return "string"
    if fmt.startswith(("%td", "%d")):
        return "date"
    if fmt.startswith(("%tcHH", "%tCHH")):
        return "time"
    if fmt.startswith(("%tc", "%tC")):
        return "datetime"
    return "number"   # %t[wmqhyb] periods are read as plain numbers


def _fits(format_kind: str | None, kind: str) -> bool:
    """A format of this kind can be written over values of this kind."""
    if format_kind is None:
        return False
    if kind == "empty":
        return True
    if format_kind in ("datetime", "date"):
        return kind in ("datetime", "date")
    return format_kind == kind


# ---------------------------------------------------------------- shared pieces

def _dropped_set_losses(table) -> list[Loss]:
    """Multiple-response sets whose variables left the table (a drop rule), for every target."""
    losses = []
    columns = set(map(str, table.df.columns))
    for name, spec in (table.meta.mr_sets or {}).items():
        remaining = [v for v in spec.get("variable_list") or [] if v in columns]
        if len(remaining) < 2 and len(spec.get("variable_list") or []) >= 2:
            losses.append(Loss(f"${name}", "mr_set", f"over {', '.join(spec['variable_list'])}",
                               "its variables were dropped, so the set is left out"))
    return losses


def _kept_mr_sets(table) -> dict:
    columns = set(map(str, table.df.columns))
    out = {}
    for name, spec in (table.meta.mr_sets or {}).items():
        remaining = [v for v in spec.get("variable_list") or [] if v in columns]
        if len(remaining) >= 2:
            out[name] = {**spec, "variable_list": remaining}
    return out


def _tag_count(table, var: str) -> int:
    return len((table.meta.tagged_missing or {}).get(var) or {})


def _default_alignment(kind: str) -> str:
    return "left" if kind == "string" else "right"


def _alignment_losses(table, kinds: dict) -> list[Loss]:
    """pyreadstat aligns text left and numbers right. Only a chosen alignment is lost: not
    the one that came with the variable's original type (a rule made text IDs numbers)."""
    losses = []
    for var, align in (table.meta.alignment or {}).items():
        if var not in kinds or align in ("unknown", "", None):
            continue
        original = "string" if (table.meta.storage or {}).get(var) in ("string", "strL") else \
            "number" if (table.meta.storage or {}).get(var) else kinds[var]
        if align not in (_default_alignment(kinds[var]), _default_alignment(original)):
            losses.append(Loss(var, "alignment", align, f"the writer aligns it {_default_alignment(kinds[var])}"))
    return losses


def _is_whole(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
        and np.isfinite(value) and float(value).is_integer()


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _labels_text(labels: dict) -> str:
    return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in labels.items()) + "}"


def _longer_than(values: pd.Series, limit: int) -> bool:
    text = values.dropna().astype(str)
    return bool(len(text)) and int(text.map(_byte_length).max()) > limit


def _byte_length(text: str) -> int:
    return len(str(text).encode("utf-8"))


_OPEN_PLACEHOLDER = re.compile(r"\s*\[[^\]]*$")
_DANGLING = re.compile(r"(?:[\s,;:–-]+(?:and|or|&))?[\s,;:–-]*$")


def fit_label(text: str, limit: int, in_bytes: bool) -> str:
    """`text` cut to `limit` (UTF-8 bytes for SPSS, characters for Stata) where a reader would
    cut it: at a word's end, never inside a placeholder ("[Loc"), without a dangling "and".
    A writer left to cut it would stop mid-word, wherever the limit fell."""
    if (_byte_length(text) if in_bytes else len(text)) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", "ignore") if in_bytes else text[:limit]
    if not text[len(cut)].isspace() and any(ch.isspace() for ch in cut.strip()):
        cut = cut.rstrip().rsplit(None, 1)[0]     # the last whole word
    return _DANGLING.sub("", _OPEN_PLACEHOLDER.sub("", cut))


def _pad_one(series: pd.Series, width: int, filler: str) -> pd.Series:
    """`series` with one value padded with `filler` to `width` bytes, so that a writer that
    sizes a string variable by its longest value declares `width` (SPSS and Stata drop the
    padding when the file is read)."""
    if width <= 0 or series.empty:
        return series
    first = series.iloc[0]
    text = "" if first is None or first is pd.NA or (isinstance(first, float) and np.isnan(first)) else str(first)
    missing = width - _byte_length(text)
    if missing <= 0:
        return series
    padded = series.copy()
    padded.iloc[0] = text + filler * missing
    return padded


# ---------------------------------------------------------------- SPSS

def plan_sav(table, compress: bool = False, with_frame: bool = True) -> WritePlan:
    meta, df = table.meta, table.df
    columns = [str(c) for c in df.columns]
    kinds = {c: column_kind(df[c]) for c in columns}
    losses = _dropped_set_losses(table)
    formats, value_labels, missing, widths = {}, {}, {}, {}
    spss_source = meta.source_format in ("sav", "zsav", "por")

    for var in columns:
        kind = kinds[var]
        fmt = str(meta.formats.get(var) or "")
        written = _spss_format(var, fmt, kind, df[var], losses)
        if written:
            formats[var] = written
        value_labels_var = _spss_value_labels(var, meta.value_labels.get(var) or {}, kind, losses)
        if value_labels_var:
            value_labels[var] = value_labels_var
        ranges = _spss_missing(var, meta.missing_ranges.get(var) or [], kind, losses)
        if ranges:
            missing[var] = ranges
        if _tag_count(table, var):
            losses.append(Loss(var, "tagged_missing", _tags_text(table, var),
                               "SPSS has no tagged missing values: they become system-missing",
                               _tag_count(table, var)))
        storage = (meta.storage or {}).get(var, "")
        if kind == "number" and storage in NUMERIC_STORAGE and storage != "double":
            losses.append(Loss(var, "storage", STATA_TYPE_NAMES[storage],
                               "SPSS stores every number as a double (values unchanged)"))
        width = (meta.widths or {}).get(var)
        if spss_source and width and int(width) > 0:
            widths[var] = int(width)
        label = meta.variable_labels.get(var) or ""
        if _byte_length(label) > SPSS_VARIABLE_LABEL:
            losses.append(Loss(var, "variable_label", repr(label), f"cut to {SPSS_VARIABLE_LABEL} bytes at a word's end"))
    losses += _alignment_losses(table, kinds)
    if _byte_length(meta.file_label or "") > SPSS_FILE_LABEL:
        losses.append(Loss("", "file_label", repr(meta.file_label), f"cut to {SPSS_FILE_LABEL} bytes at a word's end"))

    arguments = {
        "file_label": fit_label(meta.file_label or "", SPSS_FILE_LABEL, in_bytes=True),
        "column_labels": {c: fit_label(meta.variable_labels.get(c) or "", SPSS_VARIABLE_LABEL, in_bytes=True) or None
                          for c in columns},
        "variable_value_labels": value_labels or None,
        "missing_ranges": missing or None,
        "variable_measure": {k: v for k, v in meta.measure.items() if k in kinds and v in ("nominal", "ordinal", "scale")} or None,
        "variable_display_width": widths or None,
        "variable_format": formats or None,
        "note": list(meta.notes) or None,
        "compress": compress,
    }
    frame = _sav_frame(table, kinds, formats) if with_frame else None
    return WritePlan(frame, arguments, losses, _kept_mr_sets(table))


def _spss_format(var: str, fmt: str, kind: str, values: pd.Series, losses: list) -> str | None:
    if not fmt:
        return None
    own = spss_format_kind(fmt)
    if own is not None:
        if own == "string":
            return None   # the width comes from the (padded) values; see _sav_frame
        # A rule that changed the values (a date made a year) also set a fitting format;
        # a format that does not fit the values would misrepresent them, so it is not passed.
        return fmt if _fits(own, kind) else None
    if stata_format_kind(fmt) in (None, "string"):
        return None   # a Stata %-9s: A<width> follows the declared width
    translated, exact = _stata_to_spss(fmt, kind, values)
    if translated is None:
        losses.append(Loss(var, "format", fmt, "it has no SPSS equivalent; SPSS's default format is used"))
    elif not exact:
        losses.append(Loss(var, "format", fmt, f"it has no exact SPSS equivalent; {translated} is used"))
    return translated


def _stata_to_spss(fmt: str, kind: str, values: pd.Series) -> tuple[str | None, bool]:
    """The SPSS format for a Stata one, and whether it shows the values the same way."""
    if fmt in STATA_TO_SPSS:
        return STATA_TO_SPSS[fmt], True
    number = _STATA_NUMBER.match(fmt)
    if number:
        width, decimals, style = number.groups()
        spss_type = {v: k for k, v in _SPSS_NUMBER.items()}[style]
        return f"{spss_type}{max(int(width), int(decimals) + 2)}.{decimals}", True
    general = _STATA_GENERAL.match(fmt)
    if general and kind == "number":
        width = int(general.group(1))
        finite = pd.to_numeric(values, errors="coerce").dropna()
        if (finite == finite.round()).all():
            return f"F{width}.0", True
        return f"F{max(width, 4)}.2", False
    if fmt.startswith(("%td", "%d")) and kind in ("date", "datetime"):
        return "DATE11", False
    if fmt.startswith("%tc") and kind == "time":
        return "TIME8", False
    if fmt.startswith(("%tc", "%tC")) and kind == "datetime":
        return "DATETIME20", False
    return None, False


def _spss_value_labels(var: str, labels: dict, kind: str, losses: list) -> dict:
    """SPSS labels numbers of a numeric variable and text of a text variable."""
    if not labels:
        return {}
    numeric = kind == "number" or (kind == "empty" and any(_is_number(k) for k in labels))
    kept, dropped = {}, {}
    for key, text in labels.items():
        if numeric and _is_number(key):
            kept[float(key)] = str(text)
        elif kind in ("string", "empty") and not numeric and isinstance(key, str):
            kept[key] = str(text)
        else:
            dropped[key] = text
    if dropped:
        tags = numeric and all(isinstance(k, str) for k in dropped)
        why = "SPSS has no tagged missing values to label" if tags else "their values do not match the variable's type"
        losses.append(Loss(var, "value_labels", _labels_text(dropped), f"left out: {why}"))
    long = {k: v for k, v in kept.items() if _byte_length(v) > SPSS_VALUE_LABEL}
    if long:
        losses.append(Loss(var, "value_labels", _labels_text(long), f"cut to {SPSS_VALUE_LABEL} bytes"))
    return kept


def _spss_missing(var: str, ranges: list[dict], kind: str, losses: list) -> list:
    """User-missing values as write_sav takes them: at most three single values, or one
    range and one single value; strings at most three values of 8 bytes."""
    if not ranges:
        return []
    if kind in ("number", "empty"):
        pairs = [r for r in ranges if _is_number(r.get("lo")) and _is_number(r.get("hi"))]
        spans = [r for r in pairs if r["lo"] != r["hi"]]
        singles = [r for r in pairs if r["lo"] == r["hi"]]
        kept = ([{"lo": float(spans[0]["lo"]), "hi": float(spans[0]["hi"])}] + [float(s["lo"]) for s in singles[:1]]
                if spans else [float(s["lo"]) for s in singles[:3]])
        left = len(ranges) - len(kept)
    elif kind == "string":
        singles = [str(r["lo"]) for r in ranges if r.get("lo") == r.get("hi") and isinstance(r.get("lo"), str)]
        kept = [s for s in singles if _byte_length(s) <= SPSS_MISSING_STRING][:3]
        left = len(ranges) - len(kept)
    else:
        kept, left = [], len(ranges)
    if left:
        losses.append(Loss(var, "missing_values", _ranges_text(ranges),
                           f"SPSS keeps {_ranges_text([_as_range(k) for k in kept]) or 'none of them'}"))
    return kept


def _as_range(value) -> dict:
    return value if isinstance(value, dict) else {"lo": value, "hi": value}


def _ranges_text(ranges: list[dict]) -> str:
    return ", ".join(f"{r['lo']!r}" if r["lo"] == r["hi"] else f"{r['lo']!r} thru {r['hi']!r}" for r in ranges)


def _tags_text(table, var: str) -> str:
    letters = sorted(set((table.meta.tagged_missing or {}).get(var, {}).values()))
    return ", ".join(f".{letter}" for letter in letters)


def _sav_frame(table, kinds: dict, formats: dict) -> pd.DataFrame:
    """SPSS holds doubles and strings. Dates and times stay dates and times (pyreadstat
    writes them as SPSS dates); strings are padded so the declared width is kept."""
    out = {}
    widths = table.meta.string_widths or {}
    for col in table.df.columns:
        s, kind = table.df[col], kinds[str(col)]
        if kind == "number":
            if not pd.api.types.is_float_dtype(s):
                s = pd.to_numeric(s.astype(object).where(s.notna(), np.nan), errors="coerce").astype("float64")
        elif kind in ("datetime", "time", "date"):
            pass
        elif kind == "empty" and str(col) in formats:
            s = pd.Series(np.nan, index=s.index, dtype="float64")
        else:
            s = _strings(s)
            s = _pad_one(s, int(widths.get(str(col)) or 0), " ")
        out[col] = s
    return pd.DataFrame(out, index=table.df.index)


def _strings(s: pd.Series) -> pd.Series:
    """Text values as str, missing as None (categoricals and mixed objects included)."""
    if isinstance(s.dtype, pd.StringDtype) or (s.dtype == object and pd.api.types.infer_dtype(s, skipna=True)
                                                in ("string", "empty")):
        return s
    values = s.astype(object)
    return values.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else str(v))


# ---------------------------------------------------------------- Stata

def plan_dta(table, with_frame: bool = True) -> WritePlan:
    meta, df = table.meta, table.df
    columns = [str(c) for c in df.columns]
    kinds = {c: column_kind(df[c]) for c in columns}
    losses = _dropped_set_losses(table)
    for name, spec in _kept_mr_sets(table).items():
        losses.append(Loss(f"${name}", "mr_set", f"over {', '.join(spec['variable_list'])}", "Stata has no multiple-response sets"))
    formats, value_labels, tags, integer = {}, {}, {}, set()
    # a Stata file had no measurement levels to lose (a rule may set one for SPSS's sake)
    stata_source = meta.source_format == "dta"

    for var in columns:
        kind = kinds[var]
        fmt = str(meta.formats.get(var) or "")
        written = _stata_format(var, fmt, kind, losses)
        if written:
            formats[var] = written
        letters = sorted(set((meta.tagged_missing or {}).get(var, {}).values()))
        if letters:
            tags[var] = letters
        storage = (meta.storage or {}).get(var, "")
        # pyreadstat writes a plain missing value among tagged ones in an integer column as 0:
        # such a column goes out as a double
        plain_missing = int(df[var].isna().sum()) > _tag_count(table, var) if letters else False
        if kind == "number" and _holds_integers(df[var], storage) and not plain_missing:
            integer.add(var)
        if kind == "number" and storage in NUMERIC_STORAGE:
            written_storage = "int32" if var in integer else "double"
            if storage != written_storage:
                losses.append(Loss(var, "storage", STATA_TYPE_NAMES[storage],
                                   f"pyreadstat writes it as a {STATA_TYPE_NAMES[written_storage]} (values unchanged)"))
        if kind in ("string", "empty") and storage == "strL" and not _longer_than(df[var], STATA_STR_MAX):
            losses.append(Loss(var, "storage", "strL", "pyreadstat writes short text as str#"))
        labels = _stata_value_labels(var, meta.value_labels.get(var) or {}, kind, letters, losses)
        if labels:
            value_labels[var] = labels
        if meta.missing_ranges.get(var):
            losses.append(Loss(var, "missing_values", _ranges_text(meta.missing_ranges[var]),
                               "Stata has no user-missing values: these codes become ordinary values"))
        measure = meta.measure.get(var)
        if measure in ("nominal", "ordinal", "scale") and not stata_source:
            losses.append(Loss(var, "measure", measure, "Stata has no measurement levels"))
        label = meta.variable_labels.get(var) or ""
        if len(label) > STATA_VARIABLE_LABEL:
            losses.append(Loss(var, "variable_label", repr(label), f"cut to {STATA_VARIABLE_LABEL} characters at a word's end"))
        label_set = (meta.label_sets or {}).get(var)
        if label_set and labels:
            losses.append(Loss(var, "label_set", label_set, "pyreadstat names each set after its variable"))
        width = (meta.widths or {}).get(var)
        # SPSS's column width has no Stata form; the format's width (where it has one) is the nearest
        if width and meta.source_format in ("sav", "zsav", "por") and _stata_width(written or "") \
                and int(width) != _stata_width(written):
            losses.append(Loss(var, "display_width", str(width), f"Stata shows it {_stata_width(written)} wide (its format {written})"))
    losses += _alignment_losses(table, kinds)
    if meta.notes:
        losses.append(Loss("", "notes", f"{len(meta.notes)} line(s)", "pyreadstat cannot write notes to Stata files"))
    if len(meta.file_label or "") > STATA_FILE_LABEL:
        losses.append(Loss("", "file_label", repr(meta.file_label), f"cut to {STATA_FILE_LABEL} characters at a word's end"))

    arguments = {
        "file_label": fit_label(meta.file_label or "", STATA_FILE_LABEL, in_bytes=False),
        "column_labels": {c: fit_label(meta.variable_labels.get(c) or "", STATA_VARIABLE_LABEL, in_bytes=False) or None
                          for c in columns},
        "variable_value_labels": value_labels or None,
        "missing_user_values": tags or None,
        "variable_format": formats or None,
    }
    frame = _dta_frame(table, kinds, formats, integer) if with_frame else None
    return WritePlan(frame, arguments, losses)


def _holds_integers(values: pd.Series, storage: str) -> bool:
    """Whole numbers that pyreadstat can write as a Stata long: only when the source said so
    (a Stata byte/int/long), so a double of whole numbers stays a double."""
    if storage not in STATA_INTEGER_STORAGE:
        return False
    finite = pd.to_numeric(values, errors="coerce").dropna()
    return bool(((finite == finite.round()) & finite.between(*INT32)).all())


def _stata_width(fmt: str) -> int:
    match = re.match(r"^%-?(\d+)", fmt)
    return int(match.group(1)) if match else 0


def _stata_format(var: str, fmt: str, kind: str, losses: list) -> str | None:
    if not fmt:
        return None
    own = stata_format_kind(fmt)
    if own is not None:
        return fmt if _fits(own, kind) or (own == "number" and kind == "empty") else None
    spss_kind = spss_format_kind(fmt)
    if spss_kind is None or not _fits(spss_kind, kind):
        return None
    if fmt in SPSS_TO_STATA:
        return SPSS_TO_STATA[fmt]
    match = SPSS_FORMAT.match(fmt)
    spss_type, width, decimals = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if spss_type in _SPSS_NUMBER:
        return f"%{width}.{decimals}{_SPSS_NUMBER[spss_type]}"
    if spss_type == "A":
        return f"%-{min(width, STATA_STR_MAX)}s"
    guess = {"datetime": "%td" if spss_type in ("DATE", "ADATE", "EDATE", "SDATE", "JDATE") else "%tc",
             "time": "%tcHH:MM:SS"}.get(spss_kind)
    if guess:
        losses.append(Loss(var, "format", fmt, f"it has no exact Stata equivalent; {guess} is used"))
        return guess
    fallback = f"%{max(width, 3)}.{decimals}f"
    losses.append(Loss(var, "format", fmt, f"it has no Stata equivalent; {fallback} is used"))
    return fallback


def _stata_value_labels(var: str, labels: dict, kind: str, letters: list, losses: list) -> dict:
    """Stata labels whole numbers (and its tagged missing values); nothing else."""
    if not labels:
        return {}
    if kind not in ("number", "empty"):
        losses.append(Loss(var, "value_labels", _labels_text(labels), "left out: Stata cannot label text values"))
        return {}
    kept, dropped = {}, {}
    for key, text in labels.items():
        if _is_whole(key) and INT32[0] <= float(key) <= INT32[1]:
            kept[int(key)] = str(text)[:STATA_VALUE_LABEL]
        elif isinstance(key, str) and key in letters:
            kept[key] = str(text)[:STATA_VALUE_LABEL]
        else:
            dropped[key] = text
    if dropped:
        losses.append(Loss(var, "value_labels", _labels_text(dropped),
                           "left out: Stata labels only whole numbers and tagged missing values present in the data"))
    long = {k: v for k, v in labels.items() if len(str(v)) > STATA_VALUE_LABEL and k not in dropped}
    if long:
        losses.append(Loss(var, "value_labels", _labels_text(long), f"cut to {STATA_VALUE_LABEL} characters"))
    return kept


def _dta_frame(table, kinds: dict, formats: dict, integer: set) -> pd.DataFrame:
    """Whole numbers that were Stata integers as integers (a long), daily dates as dates
    (pyreadstat writes a time stamp otherwise), tagged missing values as their letters,
    strings without missing (Stata has none) and NUL-padded to the declared width."""
    out = {}
    tagged = table.meta.tagged_missing or {}
    widths = table.meta.string_widths or {}
    for col in table.df.columns:
        var = str(col)
        s, kind = table.df[col], kinds[var]
        if kind == "number":
            numbers = pd.to_numeric(s.astype(object).where(s.notna(), np.nan), errors="coerce").astype("float64") \
                if not pd.api.types.is_float_dtype(s) else s
            if var in integer:
                numbers = numbers.astype("Int32")
            if tagged.get(var):
                numbers = _with_tags(numbers, tagged[var], var in integer)
            s = numbers
        elif kind == "datetime" and stata_format_kind(formats.get(var, "")) == "date":
            s = s.dt.date.astype(object).where(s.notna(), None)
        elif kind in ("datetime", "date", "time"):
            pass
        elif kind == "empty" and var in formats and stata_format_kind(formats[var]) != "string":
            s = pd.Series(np.nan, index=s.index, dtype="float64")
        else:
            s = _strings(s).astype(object)
            s = s.where(s.notna(), "")
            s = _pad_one(s, min(int(widths.get(var) or 0), STATA_STR_MAX), "\0")
        out[col] = s
    return pd.DataFrame(out, index=table.df.index)


def _with_tags(numbers: pd.Series, tags: dict, integer: bool) -> pd.Series:
    """An object column: numbers, and the letters of tagged missing values where they were
    (write_dta writes a letter listed in missing_user_values as .a-.z)."""
    values = numbers.astype(object)
    values = values.where(numbers.notna(), np.nan)
    if integer:
        values = values.map(lambda v: int(v) if _is_whole(v) else v)
    positions = numbers.index.get_indexer(list(tags))
    column = values.to_numpy(dtype=object, copy=True)
    for position, letter in zip(positions, tags.values(), strict=True):
        if position >= 0 and pd.isna(numbers.iloc[position]):
            column[position] = letter
    return pd.Series(column, index=numbers.index, dtype=object)


# ---------------------------------------------------------------- text

def plan_text(table, target: str) -> WritePlan:
    """CSV and tab files keep the values (codes, not labels) and nothing else."""
    meta = table.meta
    columns = [str(c) for c in table.df.columns]
    losses = _dropped_set_losses(table)
    for name, spec in _kept_mr_sets(table).items():
        losses.append(Loss(f"${name}", "mr_set", f"over {', '.join(spec['variable_list'])}", "text files hold values only"))
    for var in columns:
        if meta.variable_labels.get(var):
            losses.append(Loss(var, "variable_label", repr(meta.variable_labels[var]), "text files hold values only"))
        if meta.value_labels.get(var):
            losses.append(Loss(var, "value_labels", _labels_text(meta.value_labels[var]), "the codes are written, not the labels"))
        if meta.missing_ranges.get(var):
            losses.append(Loss(var, "missing_values", _ranges_text(meta.missing_ranges[var]),
                               "the codes are written as ordinary values"))
        if _tag_count(table, var):
            losses.append(Loss(var, "tagged_missing", _tags_text(table, var), "written as empty cells", _tag_count(table, var)))
        if meta.measure.get(var) in ("nominal", "ordinal", "scale"):
            losses.append(Loss(var, "measure", meta.measure[var], "text files hold values only"))
        if meta.formats.get(var) and meta.source_format not in ("csv", "tab"):
            losses.append(Loss(var, "format", str(meta.formats[var]), "written as plain values (dates in ISO form)"))
    if meta.notes:
        losses.append(Loss("", "notes", f"{len(meta.notes)} line(s)", "text files hold values only"))
    if meta.file_label:
        losses.append(Loss("", "file_label", repr(meta.file_label), "text files hold values only"))
    return WritePlan(None, {}, losses)
