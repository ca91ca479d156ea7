"""Read and write tabular data files without losing their metadata.

`read_table(path)` gives a `Table`: a pandas DataFrame plus a `TableMeta` that
keeps what SPSS and Stata users rely on (variable and value labels, user-missing and
tagged missing values, measurement levels, display formats and widths, storage types
and declared string widths, multiple-response sets, notes, the file label).
`write_table` puts back all that the target format can hold; `writer_losses` says,
per variable, what it cannot (tabular_plan.py decides both). `write_tab` writes the
tab-delimited UTF-8 copy that goes into the bundle.

Read: .sav, .zsav, .por (SPSS), .dta (Stata), .csv/.tab/.tsv/.txt. Written: .sav,
.zsav, .dta, .csv, .tab (a portable file is written as .sav: pyreadstat's .por writer
keeps no value labels).

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

import warnings

import numpy as np
import pandas as pd

from anonymise import savfile
from anonymise.tabular_plan import (
    Loss,
    WritePlan,
    loss_report,
    plan_dta,
    plan_sav,
    plan_text,
    stata_format_kind,
)
from manifests.errors import UserError
from manifests.fileio import atomic_output, ensure_folder

# What the content of a file with each suffix must be (sniff_kind's names).
SUFFIX_KINDS = {".sav": "sav", ".zsav": "sav", ".por": "por", ".dta": "dta",
                ".csv": "text", ".tab": "text", ".tsv": "text", ".txt": "text"}
SUFFIXES = set(SUFFIX_KINDS)
WRITTEN_SUFFIXES = (".sav", ".zsav", ".dta", ".csv", ".tab", ".tsv")

DELIMITERS = (",", ";", "\t")
ENCODINGS = ("utf-8-sig", "utf-8", "utf-16", "cp1252")
# Excel's "Unicode Text" export (and some R/SPSS exports) are UTF-16 with a byte-order mark.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SNIFF_BYTES = 256 * 1024

_MEASURES = {"nominal", "ordinal", "scale"}
# A number written in a text file that must stay text to be kept: an ID with leading zeros.
_LEADING_ZERO = r"^\s*[+-]?0\d"
_INTEGER_TEXT = r"^\s*[+-]?\d+\s*$"
_FIXED_DECIMALS = r"^\s*[+-]?\d*[.,](\d+)\s*$"
_EXACT_FLOAT_INTEGERS = 2**53


@dataclass
class TableMeta:
    """Everything about a table that is not its values. Keys are variable names."""

    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict] = field(default_factory=dict)
    # user-missing values as pyreadstat writes them: [{"lo": x, "hi": y}, ...]; lo == hi for a single value
    missing_ranges: dict[str, list[dict]] = field(default_factory=dict)
    measure: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    widths: dict[str, int] = field(default_factory=dict)            # display width (SPSS "Columns")
    # Stata's tagged missing values: variable -> {row label: "a".."z"}; the cells hold NaN
    # so that every measure treats them as missing, as Stata and haven do
    tagged_missing: dict[str, dict] = field(default_factory=dict)
    storage: dict[str, str] = field(default_factory=dict)           # int8 | int16 | int32 | float | double | string | strL
    string_widths: dict[str, int] = field(default_factory=dict)     # declared width of text variables, in bytes
    alignment: dict[str, str] = field(default_factory=dict)
    label_sets: dict[str, str] = field(default_factory=dict)        # Stata: variable -> name of its value-label set
    # SPSS multiple-response sets as pyreadstat reads them: name (no "$") ->
    # {type "C"|"D", is_dichotomy, counted_value, label, variable_list}
    mr_sets: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    file_label: str = ""
    source_format: str = ""   # sav | zsav | por | dta | csv | tab
    encoding: str = ""
    delimiter: str = ""

    # The fields that hold one entry per variable.
    PER_VARIABLE = ("variable_labels", "value_labels", "missing_ranges", "measure", "formats", "widths",
                    "tagged_missing", "storage", "string_widths", "alignment", "label_sets")

    def _per_variable(self) -> list[dict]:
        return [getattr(self, name) for name in self.PER_VARIABLE]

    def rename(self, old: str, new: str) -> None:
        for mapping in self._per_variable():
            if old in mapping:
                mapping[new] = mapping.pop(old)
        for spec in self.mr_sets.values():
            spec["variable_list"] = [new if v == old else v for v in spec.get("variable_list") or []]

    def forget(self, variable: str) -> None:
        """Drop everything known about one variable (it was removed from the table). A
        multiple-response set keeps its list: the writers leave out the variables that are
        gone and report a set that has too few left."""
        for mapping in self._per_variable():
            mapping.pop(variable, None)

    def restricted_to(self, columns) -> "TableMeta":
        keep = set(columns)
        return replace(self, **{name: {k: v for k, v in getattr(self, name).items() if k in keep}
                                for name in self.PER_VARIABLE})

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
    """What the first bytes of a file say it is: sav, por, dta, zip, pdf, binary or text."""
    if head[:4] in (b"$FL2", b"$FL3"):
        return "sav"
    if _is_portable(head):
        return "por"
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


def _is_portable(head: bytes) -> bool:
    """An SPSS portable file: a 200-byte banner and a 256-byte character table, then the
    tag "SPSSPORT"; the file is text in lines of 80 characters, so line ends are skipped."""
    joined = head[:1024].replace(b"\r", b"").replace(b"\n", b"")
    return joined[456:464] == b"SPSSPORT"


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
    """The table in `path`. With `usecols`, only those variables (names the file lacks are
    left out, for the caller to report); the whole file is still checked, so a damaged file
    gets the same verdict however many variables are asked for."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"no such data file: {path}")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"unsupported data file type '{suffix}'", location=str(path),
                        hint="use .sav, .zsav, .por, .dta, .csv or .tab")
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise UserError("the data file is empty", location=str(path))
    kind = sniff_kind(head)
    if kind != SUFFIX_KINDS[suffix]:
        raise UserError(f"the file is named {suffix} but its content looks like {_KIND_NAMES.get(kind, kind)}",
                        location=str(path), hint="check the file was exported correctly and has the right extension")
    if kind == "text":
        return _read_text(path, head, usecols)
    table = _read_readstat(path, kind, usecols)
    if kind == "sav" and suffix == ".zsav":
        table.meta.source_format = "zsav"
    return table


_KIND_NAMES = {"sav": "an SPSS .sav file", "por": "an SPSS portable (.por) file", "dta": "a Stata .dta file",
               "zip": "a zip archive (e.g. .docx/.xlsx)", "pdf": "a PDF", "binary": "binary data",
               "text": "plain text (e.g. CSV), not a binary data file"}
_SOFTWARE = {"sav": "SPSS", "por": "SPSS portable", "dta": "Stata"}


def _read_readstat(path: Path, kind: str, usecols) -> Table:
    import pyreadstat

    reader = {"sav": pyreadstat.read_sav, "por": pyreadstat.read_por, "dta": pyreadstat.read_dta}[kind]
    options = {} if kind == "por" else {"user_missing": True}   # a portable file has no user-missing flag to read
    try:
        _, head = reader(str(path), metadataonly=True, **options)
        read_columns = wanted = None
        if usecols is not None:
            wanted = [c for c in dict.fromkeys(usecols) if c in head.column_names]
            # Asked only for names the file lacks: one variable is read all the same, so the
            # data are checked as they would be for any other question.
            read_columns = wanted or head.column_names[:1]
        df, m = reader(str(path), dates_as_pandas_datetime=True, usecols=read_columns,
                       **options, **_stata_date_formats(head, kind))
        if wanted is not None:
            df = df[wanted]
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:
        raise UserError(f"cannot read this {_SOFTWARE[kind]} file: {exc} "
                        "(it is truncated or corrupt)", location=str(path),
                        hint="export the file again from the original software") from None
    except (UnicodeDecodeError, ValueError, OverflowError) as exc:
        raise UserError(f"cannot read this data file: {exc}", location=str(path)) from None
    columns = set(map(str, df.columns))
    within = lambda mapping: {k: v for k, v in (mapping or {}).items() if k in columns}
    storage = within(m.readstat_variable_types)
    declared = within(m.variable_storage_width)
    if kind == "dta":
        # Stata's reported width is the str# size plus one; 0 is a strL (long text)
        storage = {k: ("strL" if v == "string" and declared.get(k) == 0 else v) for k, v in storage.items()}
    strings = {k for k, v in storage.items() if v in ("string", "strL")}
    meta = TableMeta(
        variable_labels={k: v for k, v in within(m.column_names_to_labels).items() if v},
        value_labels={k: dict(v) for k, v in within(m.variable_value_labels).items()},
        missing_ranges={k: [dict(r) for r in v] for k, v in within(getattr(m, "missing_ranges", None)).items()},
        measure={k: v for k, v in within(m.variable_measure).items() if v in _MEASURES},
        formats=within(m.original_variable_types),
        widths={k: int(v) for k, v in within(m.variable_display_width).items() if v},
        storage=storage,
        string_widths={k: max(int(v) - (1 if kind == "dta" else 0), 0) for k, v in declared.items() if k in strings},
        alignment={k: v for k, v in within(m.variable_alignment).items() if v and v != "unknown"},
        label_sets=within(m.variable_to_label) if kind == "dta" else {},
        mr_sets={name: dict(spec) for name, spec in (getattr(m, "mr_sets", None) or {}).items()},
        notes=list(m.notes or []),
        file_label=m.file_label or "",
        source_format=kind,
        encoding=m.file_encoding or "",
    )
    _numbers_and_tags(df, meta, within(getattr(m, "missing_user_values", None)))
    return Table(df, meta)


def _stata_date_formats(head, kind: str) -> dict:
    """pyreadstat turns only some Stata date formats into dates (%td, not %tdNN/DD/CCYY):
    name every date, time stamp and time-of-day format the file uses, so all are read alike."""
    if kind != "dta":
        return {}
    wanted = {"date": [], "datetime": [], "time": []}
    for fmt in set((head.original_variable_types or {}).values()):
        kind_of = stata_format_kind(fmt)
        if kind_of in wanted:
            wanted[kind_of].append(fmt)
    return {f"extra_{k}_formats": sorted(v) for k, v in wanted.items() if v}


def _numbers_and_tags(df: pd.DataFrame, meta: TableMeta, tagged_letters: dict) -> None:
    """Numeric variables as numbers (in place). pyreadstat hands a Stata variable with
    tagged missing values (.a-.z) over as text holding "a".."z" among the numbers, and a
    Stata integer with missing values as objects: the letters go to meta.tagged_missing,
    the cells become NaN, and the column a numeric one again."""
    for var, kind in meta.storage.items():
        column = df[var]
        if kind in ("string", "strL") or pd.api.types.is_numeric_dtype(column) \
                or pd.api.types.is_datetime64_any_dtype(column):
            continue
        column = column.astype(object)
        letters = column.map(lambda v: isinstance(v, str))
        if var in tagged_letters and letters.any():
            meta.tagged_missing[var] = {label: str(v) for label, v in column[letters].items()}
            column = column.mask(letters)
        if pd.api.types.infer_dtype(column, skipna=True) in ("integer", "floating", "mixed-integer-float", "empty"):
            df[var] = pd.to_numeric(column, errors="coerce").astype("float64")


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
        # Every column is read as text first and made numeric only where nothing is lost
        # (see _text_numbers); all columns are parsed so a ragged file is always refused.
        # A first row longer than the header would be taken for row labels (pandas' implicit
        # index), its first values silently dropped: index_col=False makes that a warning,
        # and the warning a refusal.
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            df = pd.read_csv(path, sep=delimiter, encoding=encoding, dtype=str, keep_default_na=False, na_values=[""],
                             index_col=False)
    except PARSE_ERRORS as exc:
        raise unparsable(path, exc) from None
    df.columns = [str(c).strip() for c in df.columns]
    if usecols is not None:
        df = df[[c for c in dict.fromkeys(usecols) if c in df.columns]]
    meta = TableMeta(source_format="tab" if delimiter == "\t" else "csv", encoding=encoding, delimiter=delimiter)
    # Semicolon-separated files come from locales that write decimals with a comma.
    decimal_comma = delimiter == ";"
    for col in df.columns:
        numbers, fmt = _text_numbers(df[col], decimal_comma)
        if numbers is not None:
            df[col] = numbers
        if fmt:
            meta.formats[col] = fmt
    return Table(df, meta)


def _text_numbers(text: pd.Series, decimal_comma: bool) -> tuple[pd.Series | None, str]:
    """The column as numbers if every value is a number whose text says nothing more than
    its value, and the fixed number of decimals it was written with as an F format, so it
    is written back the same way ("1.10", "2.50": F4.2). (None, "") if it must stay text:
    "007" is an ID, not 7; "NaN" is a word; a 17-digit number would lose digits."""
    values = text.dropna()
    if values.empty:
        return text.astype("float64"), ""
    candidate = values.str.replace(",", ".", regex=False) if decimal_comma else values
    numbers = pd.to_numeric(candidate, errors="coerce")
    if numbers.isna().any() or np.isinf(numbers.astype("float64")).any() or candidate.str.match(_LEADING_ZERO).any():
        return None, ""
    integers = candidate.str.match(_INTEGER_TEXT).all()
    if integers and (numbers.abs() >= _EXACT_FLOAT_INTEGERS).any():
        return None, ""   # a long ID would lose digits as a float
    if integers and len(values) == len(text):
        return numbers.astype("int64").reindex(text.index), ""
    column = pd.to_numeric(text.str.replace(",", ".", regex=False) if decimal_comma else text, errors="coerce")
    decimals = values.str.extract(_FIXED_DECIMALS, expand=False)
    fmt = ""
    if decimals.notna().all() and decimals.str.len().nunique() == 1:
        places = len(decimals.iloc[0])
        fmt = f"F{max(int(values.str.strip().str.len().max()), places + 2)}.{places}"
    return column.astype("float64"), fmt


def _whole(path: Path) -> bytes:
    # Large text files: sniff the encoding on everything so a cp1252 byte deep in the
    # file is not missed (a strict UTF-8 decode of a few MB is fast).
    return path.read_bytes()


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


# What pandas raises for delimited text it cannot read as a table (also when a Dask block is computed).
PARSE_ERRORS = (pd.errors.ParserError, pd.errors.ParserWarning, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError)


def unparsable(path, exc: Exception) -> UserError:
    """The one refusal of a delimited text file pandas could not read as a table."""
    return UserError(f"cannot parse the file as delimited text ({_one_line(exc)})", location=str(path),
                     hint="check the delimiter and quoting; every row needs the same number of fields")


# What a Dask block raises when it is computed and meets a row it cannot read.
BLOCK_PARSE_ERRORS = (pd.errors.ParserError, UnicodeDecodeError)


def check_header_row(path, sep: str, rows: int = 1000) -> None:
    """Refuse a file whose first rows are longer than its header, for readers that cannot say
    index_col=False (Dask): they would take the extra leading values for row labels, or shift
    a row ending in a delimiter one column left. The header is read as a row of its own, so a
    longer row is a parse error."""
    try:
        pd.read_csv(path, sep=sep, dtype=str, nrows=rows, header=None, keep_default_na=False)
    except PARSE_ERRORS as exc:
        raise unparsable(path, exc) from None


# ---------------------------------------------------------------- writing

def writer_losses(table: Table, suffix: str) -> list[Loss]:
    """What writing `table` as `suffix` cannot keep, per variable (nothing is written)."""
    return _plan(table, suffix.lower(), with_frame=False).losses


def writer_report(table: Table, path, file: str = "", source: Table | None = None) -> dict:
    """What writing `table` to `path` cannot keep, as the data pass reports it:
    {not_kept, warnings, info_loss} (see tabular_plan.loss_report). With the `source` table the
    run read: metadata the run itself added (a date coarsened to "(year-month)", ordinal) that
    a values-only output cannot hold is no loss when the input held values only too."""
    suffix = Path(path).suffix.lower()
    losses = writer_losses(table, suffix)
    if source is not None and source.meta.source_format in ("csv", "tab") and suffix in (".csv", ".tab", ".tsv"):
        losses = [loss for loss in losses if loss.values]
    return loss_report(losses, file or Path(path).name, suffix.lstrip("."))


def _plan(table: Table, suffix: str, with_frame: bool = True) -> WritePlan:
    if suffix in (".sav", ".zsav"):
        return plan_sav(table, compress=suffix == ".zsav", with_frame=with_frame)
    if suffix == ".dta":
        return plan_dta(table, with_frame=with_frame)
    if suffix in (".csv", ".tab", ".tsv"):
        return plan_text(table, "csv" if suffix == ".csv" else "tab")
    raise UserError(f"cannot write data as '{suffix}'", hint="use " + ", ".join(WRITTEN_SUFFIXES))


def write_sav(path, table: Table, timestamp: datetime | None = None) -> Path:
    """Write an SPSS .sav (or, named .zsav, a zlib-compressed one) with the table's metadata.
    The header's creation time is set to `timestamp` (default: SOURCE_DATE_EPOCH, else
    1980-01-01), so the same data give the same bytes on every run."""
    import pyreadstat

    path = Path(path)
    plan = _plan(table, ".zsav" if path.suffix.lower() == ".zsav" else ".sav")
    with _written_by_library(path) as tmp:
        try:
            pyreadstat.write_sav(plan.frame, tmp, **plan.arguments)
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:
            raise UserError(f"cannot write the SPSS file: {exc}", location=str(path)) from None
        if plan.mr_sets:   # rare: the only edit that needs the whole file in memory
            Path(tmp).write_bytes(_with_mr_sets(Path(tmp).read_bytes(), plan.mr_sets))
            _check_mr_sets(tmp, plan.mr_sets)
        with open(tmp, "r+b") as handle:
            header = bytearray(handle.read(savfile.HEADER_SIZE))
            savfile.stamp_header(header, timestamp or fixed_timestamp())
            handle.seek(0)
            handle.write(header)
    return path


def _with_mr_sets(data: bytes, mr_sets: dict) -> bytes:
    try:
        return savfile.add_mr_sets(data, mr_sets)
    except savfile.UnreadableDictionary as exc:
        # pyreadstat wrote a file we cannot walk: a bug of ours, not the user's input
        raise RuntimeError(f"cannot add multiple-response sets to the SPSS file pyreadstat wrote: {exc}") from None


def _check_mr_sets(path, mr_sets: dict) -> None:
    """The sets read back as they were written (a set SPSS cannot read would vanish silently)."""
    import pyreadstat

    found = pyreadstat.read_sav(str(path), metadataonly=True)[1].mr_sets or {}
    fields = ("type", "label", "variable_list")
    if {k: [v.get(f) for f in fields] for k, v in found.items()} != {k: [v.get(f) for f in fields] for k, v in mr_sets.items()}:
        raise RuntimeError("the multiple-response sets written to the SPSS file do not read back as written")


def fixed_timestamp() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime(1980, 1, 1, tzinfo=timezone.utc)


def write_dta(path, table: Table) -> Path:
    import pyreadstat

    plan = _plan(table, ".dta")
    with _written_by_library(path) as tmp:
        try:
            pyreadstat.write_dta(plan.frame, tmp, **plan.arguments)
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:
            raise UserError(f"cannot write the Stata file: {exc}", location=str(path),
                            hint="Stata names are at most 32 characters and not reserved words (long, int, ...); "
                                 "rename the variable or write .sav") from None
    return Path(path)


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
    without '.0', numbers read from a text file with the decimals they had there, dates
    in ISO form (a time only in a column whose values have one), tabs and line breaks in
    strings made spaces so every record is one line."""
    out = {}
    text_source = table.meta.source_format in ("csv", "tab")
    for col in table.df.columns:
        s = table.df[col]
        if pd.api.types.is_float_dtype(s):
            s = _tab_numbers(s, table.meta.formats.get(col) if text_source else None)
        elif pd.api.types.is_datetime64_any_dtype(s):
            s = s.dt.strftime(_iso_pattern(s))
        elif not pd.api.types.is_numeric_dtype(s):
            s = s.astype("string").str.replace(r"[\t\r\n]+", " ", regex=True)
        out[col] = s
    return pd.DataFrame(out, index=table.df.index)


def _tab_numbers(s: pd.Series, fmt: str | None) -> pd.Series:
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    finite = values[~np.isnan(values)]
    places = _decimals(fmt)
    if places and np.all(np.round(finite, places) == finite):
        return pd.Series([f"{v:.{places}f}" if not np.isnan(v) else None for v in values], index=s.index, dtype="string")
    if finite.size == 0 or (np.all(np.mod(finite, 1) == 0) and np.all(np.abs(finite) < 2**53)):
        whole = pd.array(np.where(np.isnan(values), 0, values).astype("int64"), dtype="Int64")
        return pd.Series(whole, index=s.index).mask(np.isnan(values))
    return s


def _decimals(fmt: str | None) -> int:
    match = re.match(r"^F\d+\.(\d+)$", fmt or "")
    return int(match.group(1)) if match else 0


def _iso_pattern(s: pd.Series) -> str:
    """YYYY-MM-DD for a column of dates; with the time (and fractions of a second where
    there are any) when some value has one."""
    present = s.dropna()
    if present.empty or (present.dt.normalize() == present).all():
        return "%Y-%m-%d"
    return "%Y-%m-%dT%H:%M:%S.%f" if (present.dt.microsecond != 0).any() else "%Y-%m-%dT%H:%M:%S"


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
    if suffix in (".sav", ".zsav"):
        return write_sav(path, table)
    if suffix in (".tab", ".tsv"):
        return write_tab(path, table)
    if suffix == ".csv":
        return write_csv(path, table)
    if suffix == ".dta":
        return write_dta(path, table)
    raise UserError(f"cannot write data as '{suffix}'", location=str(path), hint="use " + ", ".join(WRITTEN_SUFFIXES))
