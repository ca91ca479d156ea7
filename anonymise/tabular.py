"""Read and write tabular data files without losing their metadata.

`read_table(path)` gives a `Table`: a pandas DataFrame plus a `TableMeta` that
keeps what SPSS users rely on (variable and value labels, user-missing values,
measurement levels, display formats and widths, the file label). `write_sav`
puts all of it back; `write_tab` writes the tab-delimited UTF-8 copy that goes
into the bundle.

Only this module touches pyreadstat and the text readers, so a file that is
truncated, corrupt or wearing the wrong extension is turned into one UserError
here (exit 2) and never into a traceback further on.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from manifests.errors import UserError
from manifests.fileio import atomic_output, ensure_folder

SPSS_SUFFIXES = {".sav", ".zsav"}
STATA_SUFFIXES = {".dta"}
TEXT_SUFFIXES = {".csv", ".tab", ".tsv", ".txt"}
SUFFIXES = SPSS_SUFFIXES | STATA_SUFFIXES | TEXT_SUFFIXES

DELIMITERS = (",", ";", "\t")
ENCODINGS = ("utf-8-sig", "utf-8", "utf-16", "cp1252")
# Excel's "Unicode Text" export (and some R/SPSS exports) are UTF-16 with a byte-order mark.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SNIFF_BYTES = 256 * 1024

# SPSS display formats pyreadstat can write back: F8.2, A20, DATE11, ADATE10, DATETIME20, ...
_SPSS_FORMAT = re.compile(r"^[A-Z]+\d+(\.\d+)?$")
_MEASURES = {"nominal", "ordinal", "scale"}


@dataclass
class TableMeta:
    """Everything about a table that is not its values. Keys are variable names."""

    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict] = field(default_factory=dict)
    # user-missing values as pyreadstat writes them: [{"lo": x, "hi": y}, ...]; lo == hi for a single value
    missing_ranges: dict[str, list[dict]] = field(default_factory=dict)
    measure: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    widths: dict[str, int] = field(default_factory=dict)
    file_label: str = ""
    source_format: str = ""   # sav | dta | csv | tab
    encoding: str = ""
    delimiter: str = ""

    def rename(self, old: str, new: str) -> None:
        for mapping in (self.variable_labels, self.value_labels, self.missing_ranges, self.measure,
                        self.formats, self.widths):
            if old in mapping:
                mapping[new] = mapping.pop(old)

    def forget(self, variable: str) -> None:
        """Drop everything known about one variable (it was removed from the table)."""
        for mapping in (self.variable_labels, self.value_labels, self.missing_ranges, self.measure,
                        self.formats, self.widths):
            mapping.pop(variable, None)

    def restricted_to(self, columns) -> "TableMeta":
        keep = set(columns)
        pick = lambda d: {k: v for k, v in d.items() if k in keep}
        return replace(self, variable_labels=pick(self.variable_labels), value_labels=pick(self.value_labels),
                       missing_ranges=pick(self.missing_ranges), measure=pick(self.measure),
                       formats=pick(self.formats), widths=pick(self.widths))

    def user_missing_mask(self, variable: str, values: pd.Series) -> pd.Series:
        """True where a value is declared user-missing (codes like -9 'refused')."""
        mask = pd.Series(False, index=values.index)
        for rng in self.missing_ranges.get(variable, []):
            lo, hi = rng.get("lo"), rng.get("hi")
            if isinstance(lo, str) or isinstance(hi, str):
                mask |= values.astype("string") == str(lo)
            else:
                numeric = pd.to_numeric(values, errors="coerce")
                mask |= (numeric >= lo) & (numeric <= hi)
        return mask.fillna(False).astype(bool)

    def as_haven_reads(self, frame: pd.DataFrame, variables=None) -> pd.DataFrame:
        """`frame` with the declared user-missing codes of `variables` (default: all) set to
        missing, as R's haven reads an SPSS file: risk figures then agree with sdcMicro's."""
        for name in frame.columns if variables is None else [v for v in variables if v in frame.columns]:
            mask = self.user_missing_mask(name, frame[name])
            if mask.any():
                frame[name] = frame[name].mask(mask)
        return frame


@dataclass
class Table:
    df: pd.DataFrame
    meta: TableMeta

    @property
    def variables(self) -> list[str]:
        return [str(c) for c in self.df.columns]

    def label(self, variable: str) -> str:
        return self.meta.variable_labels.get(variable) or ""


# ---------------------------------------------------------------- sniffing (pure)

def sniff_kind(head: bytes) -> str:
    """What the first bytes of a file say it is: sav, dta, zip, pdf, binary or text."""
    if head[:4] in (b"$FL2", b"$FL3"):
        return "sav"
    if head.startswith(b"<stata_dta>") or (len(head) > 2 and head[0] in (0x71, 0x72, 0x73) and head[1] in (1, 2)):
        return "dta"
    if head[:4] == b"PK\x03\x04":
        return "zip"
    if head[:5] == b"%PDF-":
        return "pdf"
    # UTF-16 text is full of NUL bytes: its byte-order mark says it is text, not binary.
    if head.startswith(UTF16_BOMS) and _utf16_text(head):
        return "text"
    if b"\x00" in head[:4096]:
        return "binary"
    return "text"


def _utf16_text(head: bytes) -> bool:
    """The start of `head` decodes as UTF-16 into text without control characters other
    than tab and line breaks (a binary file that happens to start with FF FE does not)."""
    sample = head[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    try:
        text = sample.decode("utf-16")
    except UnicodeDecodeError as exc:
        # a surrogate pair cut by the window is still UTF-16
        if exc.start < len(sample) - 4:
            return False
        text = sample[: exc.start].decode("utf-16")
    return not any(ord(c) < 32 and c not in "\t\r\n" for c in text)


def detect_encoding(data: bytes) -> str:
    """utf-8-sig, utf-8, utf-16 or cp1252 (UKDS deposits are nearly always one of these).

    A byte-order mark settles UTF-8-with-BOM and UTF-16 (Excel's "Unicode Text");
    a strict UTF-8 decode settles most other files; charset-normalizer arbitrates
    the rest, restricted to single-byte Western encodings so a short file is not
    mistaken for something exotic."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        return "utf-16"   # Python's utf-16 codec reads the BOM for the byte order and drops it
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sniffing window is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
    return "cp1252" if best is None or best.encoding in ("cp1252", "latin_1", "iso8859_15") else best.encoding


def detect_delimiter(text: str, preferred: str = ",") -> str:
    """The delimiter (comma, semicolon or tab) that splits the first lines into a
    constant number of more than one column; quotes are respected."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) > 1 and not text.endswith("\n"):
        lines = lines[:-1]   # the sniffing window may cut the last line
    best, best_score = preferred, (0, 0)
    for delim in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


# ---------------------------------------------------------------- reading

def read_table(path, usecols=None) -> Table:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"no such data file: {path}")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"unsupported data file type '{suffix}'", location=str(path),
                        hint="use .sav, .dta, .csv or .tab")
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise UserError("the data file is empty", location=str(path))
    kind = sniff_kind(head)
    expected = "sav" if suffix in SPSS_SUFFIXES else "dta" if suffix in STATA_SUFFIXES else "text"
    if kind != expected:
        raise UserError(f"the file is named {suffix} but its content looks like {_KIND_NAMES.get(kind, kind)}",
                        location=str(path), hint="check the file was exported correctly and has the right extension")
    if kind == "sav":
        return _read_readstat(path, "sav", usecols)
    if kind == "dta":
        return _read_readstat(path, "dta", usecols)
    return _read_text(path, head, usecols)


_KIND_NAMES = {"sav": "an SPSS .sav file", "dta": "a Stata .dta file", "zip": "a zip archive (e.g. .docx/.xlsx)",
               "pdf": "a PDF", "binary": "binary data", "text": "plain text (e.g. CSV), not a binary data file"}


def _read_readstat(path: Path, kind: str, usecols) -> Table:
    import pyreadstat

    reader = pyreadstat.read_sav if kind == "sav" else pyreadstat.read_dta
    try:
        df, m = reader(str(path), user_missing=True, dates_as_pandas_datetime=True, usecols=usecols)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:
        raise UserError(f"cannot read this {'SPSS' if kind == 'sav' else 'Stata'} file: {exc} "
                        "(it is truncated or corrupt)", location=str(path),
                        hint="export the file again from the original software") from None
    except (UnicodeDecodeError, ValueError, OverflowError) as exc:
        raise UserError(f"cannot read this data file: {exc}", location=str(path)) from None
    formats = dict(m.original_variable_types or {})
    labels = {k: v for k, v in (m.column_names_to_labels or {}).items() if v}
    missing = {k: [dict(r) for r in v] for k, v in (getattr(m, "missing_ranges", None) or {}).items()}
    if kind == "dta":
        # Stata's tagged missing values (.a-.z) arrive as missing_user_values
        for var, values in (getattr(m, "missing_user_values", None) or {}).items():
            missing.setdefault(var, []).extend({"lo": v, "hi": v} for v in values)
    meta = TableMeta(
        variable_labels=labels,
        value_labels={k: dict(v) for k, v in (m.variable_value_labels or {}).items()},
        missing_ranges=missing,
        measure={k: v for k, v in (m.variable_measure or {}).items() if v in _MEASURES},
        formats=formats,
        widths={k: int(v) for k, v in (m.variable_display_width or {}).items() if v},
        file_label=m.file_label or "",
        source_format=kind,
        encoding=m.file_encoding or "",
    )
    return Table(df, meta)


def _read_text(path: Path, head: bytes, usecols) -> Table:
    encoding = detect_encoding(head if len(head) < SNIFF_BYTES else _whole(path))
    try:
        sample = head.decode(encoding, errors="strict" if len(head) < SNIFF_BYTES else "ignore")
    except UnicodeDecodeError as exc:
        raise UserError(f"cannot decode the file as {encoding}: {exc.reason}", location=str(path),
                        hint="save it as UTF-8") from None
    preferred = "\t" if path.suffix.lower() in (".tab", ".tsv") else ","
    delimiter = detect_delimiter(sample, preferred)
    try:
        # Semicolon-separated files come from locales that write decimals with a comma.
        df = pd.read_csv(path, sep=delimiter, encoding=encoding, usecols=usecols, keep_default_na=False,
                         na_values=[""], decimal="," if delimiter == ";" else ".")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"cannot parse the file as delimited text ({_one_line(exc)})", location=str(path),
                        hint="check the delimiter and quoting; every row needs the same number of fields") from None
    df.columns = [str(c).strip() for c in df.columns]
    meta = TableMeta(source_format="tab" if delimiter == "\t" else "csv", encoding=encoding, delimiter=delimiter)
    return Table(df, meta)


def _whole(path: Path) -> bytes:
    # Large text files: sniff the encoding on everything so a cp1252 byte deep in the
    # file is not missed (a strict UTF-8 decode of a few MB is fast).
    return path.read_bytes()


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


# ---------------------------------------------------------------- writing

def sav_arguments(table: Table) -> dict:
    """The keyword arguments for pyreadstat.write_sav that carry the metadata back."""
    df, meta = table.df, table.meta
    columns = set(map(str, df.columns))
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_datetime64_any_dtype(df[c])}
    formats = {}
    for var, fmt in meta.formats.items():
        # String widths are recomputed from the data by pyreadstat (replacements can be longer).
        if var in numeric and _SPSS_FORMAT.match(str(fmt)) and not str(fmt).startswith("A"):
            formats[var] = str(fmt)
    value_labels = {}
    for var, labels in meta.value_labels.items():
        if var not in columns or not labels:
            continue
        if var in numeric:
            value_labels[var] = {float(k): str(v) for k, v in labels.items() if _is_number(k)}
        else:
            value_labels[var] = {str(k): str(v) for k, v in labels.items()}
    missing = {}
    for var, ranges in meta.missing_ranges.items():
        if var not in columns or not ranges:
            continue
        if var in numeric:
            missing[var] = [{"lo": float(r["lo"]), "hi": float(r["hi"])} if r["lo"] != r["hi"] else float(r["lo"])
                            for r in ranges if _is_number(r["lo"]) and _is_number(r["hi"])][:3]
        else:
            missing[var] = [str(r["lo"]) for r in ranges if r["lo"] == r["hi"]][:3]
        if not missing[var]:
            del missing[var]
    return {
        "file_label": meta.file_label or "",
        "column_labels": {c: meta.variable_labels.get(c) or None for c in map(str, df.columns)},
        "variable_value_labels": value_labels or None,
        "missing_ranges": missing or None,
        "variable_measure": {k: v for k, v in meta.measure.items() if k in columns and v in _MEASURES} or None,
        "variable_display_width": {k: int(v) for k, v in meta.widths.items() if k in columns and v} or None,
        "variable_format": formats or None,
    }


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def write_sav(path, table: Table, timestamp: datetime | None = None) -> Path:
    """Write an SPSS .sav with the table's metadata. The header's creation time is set to
    `timestamp` (default: SOURCE_DATE_EPOCH, else 1980-01-01), so the same data give the
    same bytes on every run."""
    import pyreadstat

    df = _spss_ready(table.df)
    with _written_by_library(path) as tmp:
        try:
            pyreadstat.write_sav(df, tmp, **sav_arguments(Table(df, table.meta)))
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:
            raise UserError(f"cannot write the SPSS file: {exc}", location=str(path)) from None
        stamp_sav_header(tmp, timestamp or fixed_timestamp())
    return Path(path)


# The .sav header: "$FL2", product (60), layout, case size, compression, weight index,
# case count (4 each), bias (8), then creation date "dd Mon yy" and time "hh:mm:ss".
_SAV_DATE = slice(92, 101)
_SAV_TIME = slice(101, 109)


def fixed_timestamp() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime(1980, 1, 1, tzinfo=timezone.utc)


def stamp_sav_header(path, when: datetime) -> None:
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    date_text = f"{when.day:02d} {months[when.month - 1]} {when.year % 100:02d}".encode("ascii")
    time_text = f"{when.hour:02d}:{when.minute:02d}:{when.second:02d}".encode("ascii")
    with open(path, "r+b") as handle:
        head = handle.read(_SAV_TIME.stop)
        if head[:4] not in (b"$FL2", b"$FL3") or len(head) < _SAV_TIME.stop:
            return
        handle.seek(_SAV_DATE.start)
        handle.write(date_text + time_text)


def write_dta(path, table: Table) -> Path:
    import pyreadstat

    df = _spss_ready(table.df)
    args = sav_arguments(Table(df, table.meta))
    with _written_by_library(path) as tmp:
        pyreadstat.write_dta(df, tmp, file_label=args["file_label"], column_labels=args["column_labels"],
                             variable_value_labels={k: {int(c): v for c, v in d.items() if float(c).is_integer()}
                                                    for k, d in (args["variable_value_labels"] or {}).items()
                                                    if pd.api.types.is_numeric_dtype(df[k])} or None)
    return Path(path)


def _spss_ready(df: pd.DataFrame) -> pd.DataFrame:
    """SPSS knows doubles and strings: nullable ints/booleans become floats, other
    objects strings. Columns already fine are passed through without copying."""
    out = {}
    changed = False
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_bool_dtype(s) or (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_float_dtype(s)):
            out[col] = s.astype("float64") if not s.hasnans else pd.to_numeric(s, errors="coerce").astype("float64")
            changed = True
        elif pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s
        elif isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).where(s.notna(), None)
            changed = True
        elif s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            out[col] = s
        elif s.dtype == object:
            out[col] = s.map(lambda v: v if v is None or isinstance(v, str) or (isinstance(v, float) and np.isnan(v)) else str(v))
            changed = True
        else:
            out[col] = s
    return pd.DataFrame(out, index=df.index) if changed else df


@contextlib.contextmanager
def _written_by_library(path):
    """pyreadstat writes to a path, not a handle: let it write in a private scratch
    folder, then stream the bytes through the atomic writer so the target appears
    whole or not at all."""
    target = Path(path)
    ensure_folder(target.parent)
    scratch = tempfile.mkdtemp(prefix=".ukds-", dir=target.parent)
    try:
        tmp = os.path.join(scratch, "out" + target.suffix)
        yield tmp
        with open(tmp, "rb") as source, atomic_output(target, "wb") as sink:
            shutil.copyfileobj(source, sink, 4 * 1024 * 1024)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def tab_frame(table: Table) -> pd.DataFrame:
    """The values as they go into the tab file: codes (not labels), whole numbers
    without '.0', dates in ISO form, tabs and line breaks in strings made spaces so
    every record is one line."""
    out = {}
    for col in table.df.columns:
        s = table.df[col]
        if pd.api.types.is_float_dtype(s):
            values = s.to_numpy(dtype="float64", na_value=np.nan)
            finite = values[~np.isnan(values)]
            if finite.size == 0 or (np.all(np.mod(finite, 1) == 0) and np.all(np.abs(finite) < 2**53)):
                s = pd.array(np.where(np.isnan(values), 0, values).astype("int64"), dtype="Int64")
                s = pd.Series(s, index=table.df.index).mask(np.isnan(values))
        elif pd.api.types.is_datetime64_any_dtype(s):
            fmt = str(table.meta.formats.get(col, ""))
            has_time = "TIME" in fmt.upper() or bool((s.dropna().dt.normalize() != s.dropna()).any())
            s = s.dt.strftime("%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d")
        elif not pd.api.types.is_numeric_dtype(s):
            s = s.astype("string").str.replace(r"[\t\r\n]+", " ", regex=True)
        out[col] = s
    return pd.DataFrame(out, index=table.df.index)


def write_tab(path, table: Table) -> Path:
    frame = tab_frame(table)
    with atomic_output(path, "w", encoding="utf-8", newline="") as handle:
        frame.to_csv(handle, sep="\t", index=False, na_rep="", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return Path(path)


def write_csv(path, table: Table) -> Path:
    frame = tab_frame(table)
    with atomic_output(path, "w", encoding="utf-8", newline="") as handle:
        frame.to_csv(handle, sep=",", index=False, na_rep="", lineterminator="\n")
    return Path(path)


def write_table(path, table: Table) -> Path:
    """Write in the format the file name asks for."""
    suffix = Path(path).suffix.lower()
    if suffix == ".sav":
        return write_sav(path, table)
    if suffix in (".tab", ".tsv"):
        return write_tab(path, table)
    if suffix == ".csv":
        return write_csv(path, table)
    if suffix == ".dta":
        return write_dta(path, table)
    raise UserError(f"cannot write data as '{suffix}'", location=str(path), hint="use .sav, .tab, .csv or .dta")
