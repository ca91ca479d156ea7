"""Gather what the describe stage describes: the I/O edge of metadata/.

Reads WORK/anonymised/data/*.sav (pyreadstat, user-missing kept), lists
WORK/anonymised/transcripts/**, hashes every file, and joins in the manifest's
file descriptions and question texts and the anonymise stage's decisions.
Everything after this module is pure and works on the `Inputs` it returns.
Only anonymised files are read: statistics never come from raw data.

`collect` describes the whole collection (every data set in every format found);
`for_format(inputs, "tab")` narrows that to what one format's bundle holds, so
the DDI, codebook and dictionaries built from it name only files that bundle has.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import pyreadstat

from manifests.errors import UserError
from manifests.fileio import read_json, sha256_file
from manifests.layout import (
    ALLISSUE,
    DATA_SUFFIX,
    DICTIONARY_SUFFIX,
    GENERATED_DESCRIPTIONS,
    MRDOC,
    documentation_place,
    documents_choice,
    transcript_place,
)
from manifests.workdir import Work
from metadata import anonymisation
from metadata.stats import ColumnMeta, Variable, describe_column

# Physical formats we describe for a data set, in the order they are listed.
DATA_FORMATS = {
    ".sav": ("application/x-spss-sav", "", "IBM SPSS Statistics system file (.sav)"),
    ".tab": ("text/tab-separated-values", "UTF-8", "Tab-delimited text (.tab), UTF-8, first row holds the variable names"),
}
TEXT_FORMATS = {
    ".txt": ("text/plain", "UTF-8", "Plain text (.txt)"),
    ".rtf": ("application/rtf", "", "Rich Text Format (.rtf)"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "", "Microsoft Word document (.docx)"),
    ".odt": ("application/vnd.oasis.opendocument.text", "", "OpenDocument text (.odt)"),
    ".vtt": ("text/vtt", "UTF-8", "WebVTT subtitles with cue timings (.vtt)"),
    ".srt": ("application/x-subrip", "UTF-8", "SubRip subtitles with cue timings (.srt)"),
    ".pdf": ("application/pdf", "", "PDF document (.pdf)"),
}


@dataclass(frozen=True)
class PhysicalFile:
    name: str            # file name as bundled
    rel: str             # path relative to WORK/anonymised (POSIX)
    sha256: str          # "" when the packager makes the bundled bytes (a converted transcript)
    mime: str
    charset: str
    format: str
    converted_from: str = ""   # original suffix when the packager converts the file (".docx" -> RTF)
    uri: str = ""              # where it sits in the bundle's payload folder, e.g. spss/survey.sav


@dataclass(frozen=True)
class DataSet:
    stem: str
    files: tuple[PhysicalFile, ...]
    cases: int
    variables: tuple[Variable, ...]
    file_label: str = ""
    description: str = ""
    notes: tuple[str, ...] = ()
    expected: tuple[tuple[str, int], ...] = ()   # the manifest's files[].expected, and variables-removed


@dataclass(frozen=True)
class Transcript:
    file: PhysicalFile
    description: str = ""
    participant_type: str = ""
    words: int | None = None


@dataclass(frozen=True)
class Document:
    name: str
    description: str
    uri: str = ""          # where it sits in the bundle's payload folder, e.g. mrdoc/codebook.html


@dataclass
class Inputs:
    data: list[DataSet] = field(default_factory=list)
    transcripts: list[Transcript] = field(default_factory=list)
    documentation: list[Document] = field(default_factory=list)


def _manifest_entry(manifest: dict, role: str, rel: str, stem: str | None = None) -> dict:
    """The files[] entry for a bundled file: same relative path, else same name, else (data) same stem."""
    entries = [f for f in manifest.get("files", []) if f.get("role") == role]
    for test in (
        lambda p: p == rel,
        lambda p: PurePosixPath(p).name == PurePosixPath(rel).name,
        lambda p: stem is not None and PurePosixPath(p).stem == stem,
    ):
        for entry in entries:
            if test(str(entry.get("path", ""))):
                return entry
    return {}


def _physical(path: Path, base: Path, formats: dict, uri: str = "") -> PhysicalFile:
    mime, charset, label = formats.get(path.suffix.lower(), ("application/octet-stream", "", f"{path.suffix} file"))
    return PhysicalFile(path.name, path.relative_to(base).as_posix(), sha256_file(path), mime, charset, label, uri=uri)


def _data_uri(path: Path) -> str:
    folder = next((fmt for fmt, suffix in DATA_SUFFIX.items() if suffix == path.suffix.lower()), "")
    return f"{folder}/{path.name}" if folder else ""


def read_sav(path: Path):
    try:
        return pyreadstat.read_sav(str(path), user_missing=True)
    except Exception as exc:  # pyreadstat raises its own types for corrupt or truncated files
        raise UserError(f"cannot read the anonymised data file {path.name}: {exc}", location=str(path)) from exc


def _column_metas(meta, questions: dict, notes: dict, free_text: set) -> list[ColumnMeta]:
    labels = dict(zip(meta.column_names, meta.column_labels or [None] * len(meta.column_names)))
    result = []
    for position, name in enumerate(meta.column_names, start=1):
        value_labels = meta.variable_value_labels.get(name) or {}
        ranges = tuple((r["lo"], r["hi"]) for r in (meta.missing_ranges or {}).get(name, []))
        result.append(ColumnMeta(
            name=name, position=position, label=labels.get(name) or "",
            measure=(meta.variable_measure or {}).get(name, "unknown") or "unknown",
            format=(meta.original_variable_types or {}).get(name, ""),
            storage=(meta.readstat_variable_types or {}).get(name, "double"),
            value_labels=tuple(sorted(value_labels.items(), key=lambda kv: _code_key(kv[0]))),
            missing_ranges=ranges, question=questions.get(name, ""), notes=tuple(notes.get(name, [])),
            free_text=name in free_text,
        ))
    return result


def _code_key(value):
    return (0, float(value), "") if isinstance(value, (int, float)) else (1, 0.0, str(value))


def collect_data(work: Work, manifest: dict, data_results: list[dict]) -> list[DataSet]:
    folder = work.data
    if not folder.is_dir():
        return []
    base = work.anonymised
    sets = []
    for sav in sorted(folder.glob("*.sav")):
        df, meta = read_sav(sav)
        entry = _manifest_entry(manifest, "data", sav.relative_to(base).as_posix(), sav.stem)
        result = anonymisation.result_for(sav.stem, data_results)
        columns = _column_metas(meta, entry.get("questions") or {}, anonymisation.variable_notes(result),
                                anonymisation.free_text_variables(result))
        variables = tuple(describe_column(df[c.name], c) for c in columns)
        files = [_physical(sav, base, DATA_FORMATS, _data_uri(sav))]
        for suffix in DATA_FORMATS:
            sibling = sav.with_suffix(suffix)
            if suffix != ".sav" and sibling.is_file():
                files.append(_physical(sibling, base, DATA_FORMATS, _data_uri(sibling)))
        sets.append(DataSet(sav.stem, tuple(files), int(len(df)), variables, meta.file_label or "",
                            entry.get("description", ""), tuple(anonymisation.file_notes(result)),
                            _expected(entry, result)))
    return sets


def _expected(entry: dict, result: dict | None) -> tuple[tuple[str, int], ...]:
    """What the depositor says the file holds (files[].expected: cases, and variables before
    anonymisation), with the number of variables anonymisation removed, so the bundle's file
    can be held to it."""
    expected = entry.get("expected") or {}
    out = [(key, int(expected[key])) for key in ("cases", "variables") if key in expected]
    if "variables" in expected and result and "variables_before" in result and "variables_after" in result:
        out.append(("variables-removed", int(result["variables_before"]) - int(result["variables_after"])))
    return tuple(out)


def collect_transcripts(work: Work, manifest: dict, transcript_results: list[dict]) -> list[Transcript]:
    folder = work.transcripts
    if not folder.is_dir():
        return []
    words = {}
    for item in transcript_results or []:
        for key in ("output", "file"):
            if item.get(key) and item.get("words") is not None:
                words.setdefault(PurePosixPath(str(item[key])).name, int(item["words"]))
    result = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        bundled, converted = transcript_place(path.relative_to(folder).as_posix(), documents_choice(manifest))
        physical = _physical(path, work.anonymised, TEXT_FORMATS, bundled)
        if converted:
            # The packager writes this one as RTF: describe the file a user will find, not ours.
            rtf = PurePosixPath(bundled).name
            mime, charset, label = TEXT_FORMATS[".rtf"]
            physical = PhysicalFile(rtf, physical.rel, "", mime, charset, label, path.suffix.lower(), bundled)
        entry = _manifest_entry(manifest, "transcript", physical.rel)
        result.append(Transcript(physical, entry.get("description", ""), entry.get("participant_type", ""),
                                 words.get(path.name)))
    return result


def collect(work: Work, manifest: dict) -> Inputs:
    anonymise_result = {}
    if work.result("anonymise").is_file():
        try:
            anonymise_result = read_json(work.result("anonymise")) or {}
        except ValueError as exc:
            raise UserError(f"{work.result('anonymise')} is not valid JSON: {exc}",
                            hint="re-run 'ukds-deposit anonymise'") from exc
    details = anonymise_result.get("details") or {}
    data = collect_data(work, manifest, details.get("data") or [])
    return Inputs(
        data=data,
        transcripts=collect_transcripts(work, manifest, details.get("transcripts") or []),
        documentation=collect_documentation(work, manifest, data),
    )


def collect_documentation(work: Work, manifest: dict, data: list[DataSet]) -> list[Document]:
    """The documents the bundle carries besides data and transcripts, under the names it gives them."""
    docs = []
    for entry in manifest.get("files", []):
        if entry.get("role") == "documentation":
            place, _ = documentation_place(entry["path"], documents_choice(manifest))
            docs.append(Document(PurePosixPath(place).name, entry.get("description") or "Study documentation", place))
    docs += _dictionary_documents(data)
    docs.append(Document("codebook.html", GENERATED_DESCRIPTIONS["codebook"], f"{MRDOC}/codebook.html"))
    for suffix, key in ((".html", "report_html"), (".json", "report_json")):
        name = f"anonymisation_report{suffix}"
        if (work.reports / name).is_file():
            docs.append(Document(name, GENERATED_DESCRIPTIONS[key], f"{MRDOC}/{name}"))
    return sorted(docs, key=lambda d: d.uri)


def _dictionary_documents(data: list[DataSet]) -> list[Document]:
    """One data dictionary per data set, named for its first (main) file."""
    # The same wording as the bundle's file inventory, from the one place that holds it.
    docs = []
    for item in data:
        name = f"{item.stem}{DICTIONARY_SUFFIX}"
        docs.append(Document(name, f"{GENERATED_DESCRIPTIONS['dictionary']} for {item.files[0].name}",
                             f"{ALLISSUE}/{name}"))
    return docs


def for_format(inputs: Inputs, fmt: str) -> Inputs:
    """What the bundle of one data format (`tab` or `spss`) holds, as the packager builds it.

    Each data set keeps only its file in that format's folder (a data set with none is
    left out, as the packager leaves it out, and so is its data dictionary); transcripts
    and documents are the same in every bundle."""
    if fmt not in DATA_SUFFIX:
        raise ValueError(f"unknown data format {fmt!r}; expected one of {', '.join(DATA_SUFFIX)}")
    data = []
    for item in inputs.data:
        files = tuple(f for f in item.files if PurePosixPath(f.uri).parent.as_posix() == fmt)
        if files:
            data.append(replace(item, files=files))
    dictionaries = {d.uri for d in _dictionary_documents(inputs.data)}
    docs = [d for d in inputs.documentation if d.uri not in dictionaries] + _dictionary_documents(data)
    return Inputs(data=data, transcripts=list(inputs.transcripts), documentation=sorted(docs, key=lambda d: d.uri))
