"""The bad-input corpus: every case a small folder built from nothing, and the command line to run on it.

Each case is a `Case`: a kind (what family of bad input), a name, a builder that writes
its inputs under BASE/in/ and returns the command line, and the exit code the command must
end with (0 ok, 1 checks failed, 2 bad usage or input; manifests/errors.py). The test
(test_corpus.py) runs each one and checks what every case must show: the exit code, one
line on stderr with no Python internals, the inputs byte for byte as they were, nothing
half-written in the work and out folders, and bounded time and memory.

Inputs go in BASE's "in" folder (hashed before and after), outputs in its "work", "out" and
"private" folders (compared before and after when a run fails).

Run as a script to write the corpus to a folder for a look or a manual run:

    python -m tests.deposit.badinput.corpus FOLDER [KIND ...]

It writes FOLDER/<kind>/<name>/ with the inputs and a `command` file per case (every kind,
or only those named).
"""

from __future__ import annotations

import functools
import io
import shlex
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "manifests" / "example-deposit.yaml"

OK, FAILED, USAGE = 0, 1, 2


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    build: Callable[[Path], list[str]]      # writes BASE/in/..., returns argv (without the program)
    exit: int
    says: tuple[str, ...] = ()              # words the one stderr line must hold (e.g. both colliding names)
    seconds: float = 20.0                   # wall-clock bound
    read_only: tuple[str, ...] = ()         # folders under BASE the run must find read-only
    full_disk: tuple[str, ...] = ()         # folders under BASE on a disk that fills up...
    full_after: int = 0                     # ...once this many files have been created there
    subprocess: bool = False                # also run through `python -m deposit` (a real process)
    id: str = field(init=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", f"{self.kind}:{self.name}")


# ------------------------------------------------------------------ small valid inputs
@functools.cache
def example_manifest() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


STANDARD_FILES = [
    {"path": "transcripts/sw01.txt", "role": "transcript", "participant_type": "social_worker",
     "description": "Interview with a social worker"},
    {"path": "data/survey.csv", "role": "data", "participant_type": "case_file", "description": "Survey"},
    {"path": "docs/consent_form.txt", "role": "documentation", "description": "Consent form (blank)"},
    {"path": "docs/information_sheet.txt", "role": "documentation", "description": "Information sheet"},
]
STANDARD_CONTENT = {
    "transcripts/sw01.txt": b"Interviewer: How long have you worked here?\nRespondent: About six years now.\n",
    "data/survey.csv": b"id,sex,age\n1,1,30\n2,2,40\n3,1,50\n4,2,35\n",
    "docs/consent_form.txt": b"Consent form\n",
    "docs/information_sheet.txt": b"Information sheet\n",
}


def manifest(files: list[dict] | None = None) -> dict:
    data = yaml.safe_load(example_manifest())
    data["files"] = [dict(f) for f in (files if files is not None else STANDARD_FILES)]
    data["anonymisation"]["data"] = {}
    return data


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def collection(base: Path, extra: dict[str, tuple[bytes, str]] | None = None, *,
               edit: Callable[[dict], None] | None = None, raw: bytes | None = None) -> Path:
    """BASE/in/c: the standard small collection, plus `extra` files {path: (bytes, role)} named
    in the manifest, the manifest changed by `edit`, or replaced whole by `raw` bytes."""
    folder = base / "in" / "c"
    for path, content in STANDARD_CONTENT.items():
        write(folder / path, content)
    files = [dict(f) for f in STANDARD_FILES]
    for path, (content, role) in (extra or {}).items():
        write(folder / path, content)
        entry = {"path": path, "role": role, "description": "x"}
        if role in ("transcript", "data"):
            entry["participant_type"] = "social_worker" if role == "transcript" else "case_file"
        files.append(entry)
    data = manifest(files)
    if edit:
        edit(data)
    write(folder / "deposit.yaml", raw if raw is not None else yaml.safe_dump(data, sort_keys=False).encode())
    return folder


def check(base: Path, **kwargs) -> list[str]:
    return ["check", str(collection(base, **kwargs)), "--work", str(base / "work")]


@functools.cache
def frame():
    import pandas as pd
    return pd.DataFrame({"id": [1.0, 2.0, 3.0, 4.0], "sex": [1.0, 2.0, 1.0, 2.0], "town": ["a", "b", "a", "b"]})


@functools.cache
def real_data(suffix: str) -> bytes:
    """A small valid data file of this format, made with pyreadstat (or as text)."""
    import tempfile

    import pyreadstat
    if suffix in (".csv", ".tab"):
        sep = "," if suffix == ".csv" else "\t"
        return frame().to_csv(sep=sep, index=False).encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        if suffix == ".sav":
            pyreadstat.write_sav(frame(), str(path))
        elif suffix == ".zsav":
            pyreadstat.write_sav(frame(), str(path), compress=True)
        elif suffix == ".dta":
            pyreadstat.write_dta(frame(), str(path))
        elif suffix == ".por":
            pyreadstat.write_por(frame(), str(path))
        return path.read_bytes()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
              'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
              'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
              '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
              'document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
             '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx(body: str | None, *, compress: bool = True) -> bytes:
    """A minimal .docx whose body is `body` (WordprocessingML), or none at all."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", DOCX_TYPES)
        z.writestr("_rels/.rels", DOCX_RELS)
        if body is not None:
            z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}>'
                                            f"<w:body>{body}</w:body></w:document>")
    return buffer.getvalue()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


VALID_DOCX = functools.cache(lambda: docx(para("Interviewer: Hello.") + para("Respondent: Hello.")))
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def odt(body: str | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                   'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
                   '"application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" '
                   'manifest:media-type="text/xml"/></manifest:manifest>')
        if body is not None:
            z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
                                      f"<office:body><office:text>{body}</office:text></office:body>"
                                      "</office:document-content>")
    return buffer.getvalue()


VALID_ODT = functools.cache(lambda: odt("<text:p>Interviewer: Hello.</text:p><text:p>Respondent: Hi.</text:p>"))
VALID_RTF = b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 Interviewer: Hello.\\par Respondent: Hi.\\par}"
VALID_TEXT = {
    ".txt": b"Interviewer: Hello.\nRespondent: Hi.\n",
    ".vtt": b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nInterviewer: Hello.\n",
    ".srt": b"1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Hello.\n",
}


def valid_transcript(suffix: str) -> bytes:
    return {".docx": VALID_DOCX, ".odt": VALID_ODT}.get(suffix, lambda: None)() or \
        (VALID_RTF if suffix == ".rtf" else VALID_TEXT[suffix])


JUNK = bytes((i * 167 + 13) % 256 for i in range(4096))       # binary noise: every byte value, NULs and control bytes among them


# ------------------------------------------------------------------ broken and mis-named data files
DATA_SUFFIXES = (".sav", ".zsav", ".por", ".dta", ".csv", ".tab")
BINARY_DATA = (".sav", ".zsav", ".por", ".dta")


def broken_data() -> dict[str, tuple[str, Callable[[], bytes]]]:
    """name -> (suffix, content) for data files that cannot be read as what they claim to be."""
    out: dict[str, tuple[str, Callable[[], bytes]]] = {}
    for suffix in DATA_SUFFIXES:
        s = suffix[1:]
        out[f"empty.{s}"] = (suffix, lambda: b"")
        out[f"junk.{s}"] = (suffix, lambda: JUNK)
        out[f"nul_only.{s}"] = (suffix, lambda: b"\x00" * 2048)
    for suffix in BINARY_DATA:
        s = suffix[1:]
        out[f"text_named.{s}"] = (suffix, lambda: b"id,sex\n1,2\n")
        out[f"truncated_half.{s}"] = (suffix, lambda suffix=suffix: real_data(suffix)[: len(real_data(suffix)) // 2])
        out[f"truncated_header.{s}"] = (suffix, lambda suffix=suffix: real_data(suffix)[:40])
        out[f"zip_named.{s}"] = (suffix, lambda: VALID_DOCX())
    # a real file of one format under another format's name
    for real, named in ((".dta", ".sav"), (".sav", ".dta"), (".por", ".sav"), (".sav", ".por"), (".dta", ".zsav")):
        out[f"{real[1:]}_named.{named[1:]}"] = (named, lambda real=real: real_data(real))
    return out


def data_check_cases() -> list[Case]:
    """Each broken data file in a collection: `check` reports it as an error finding (exit 1)."""
    cases = []
    for name, (suffix, content) in broken_data().items():
        def build(base, name=name, suffix=suffix, content=content):
            return check(base, extra={f"data/bad{suffix}": (content(), "data")})
        cases.append(Case("broken-data-check", name, build, FAILED))
    return cases


def data_command_cases() -> list[Case]:
    """Each broken data file given straight to `anonymise-data` and `risk`: exit 2."""
    cases = []
    for name, (suffix, content) in broken_data().items():
        def anon(base, suffix=suffix, content=content):
            source = write(base / "in" / f"bad{suffix}", content())
            return ["anonymise-data", str(source), str(base / "out" / "bad.sav"), "--private", str(base / "private")]

        def risk(base, suffix=suffix, content=content):
            return ["risk", str(write(base / "in" / f"bad{suffix}", content())), "--keys", "sex"]
        cases.append(Case("broken-data-anonymise", name, anon, USAGE, subprocess=name == "junk.sav"))
        cases.append(Case("broken-data-risk", name, risk, USAGE))
    return cases


def odd_text_data_cases() -> list[Case]:
    """Text data in other encodings, with byte-order marks or ragged: read right or refused, never a traceback."""
    rows = "id,town,sex\n1,Ynys Môn,1\n2,Llanelli,2\n3,Bangor,1\n"
    variants = {
        "latin1.csv": (rows.encode("latin-1"), OK),
        "utf8_bom.csv": (b"\xef\xbb\xbf" + rows.encode(), OK),
        "utf16_bom.csv": (rows.encode("utf-16"), OK),
        "cp1252_quotes.csv": ("id,note,sex\n1,\u2018quoted\u2019,1\n2,x,2\n".encode("cp1252"), OK),
        "ragged.csv": (b"id,sex\n1,2,3,4\n2\n", USAGE),
        "header_only.csv": (b"id,sex\n", OK),             # no records: measured as none, nothing lost
        "one_column_no_rows.tab": (b"id\n", USAGE),
        "nul_in_text.csv": (b"id,sex\n1,\x002\n", USAGE),
    }
    cases = []
    for name, (content, code) in variants.items():
        def risk(base, name=name, content=content):
            return ["risk", str(write(base / "in" / name, content)), "--keys", "sex"]
        cases.append(Case("encoding-data-risk", name, risk, code))
    return cases


# ------------------------------------------------------------------ broken transcripts
TEXT_SUFFIXES = (".txt", ".docx", ".odt", ".rtf", ".vtt", ".srt")


def broken_transcripts() -> dict[str, tuple[str, Callable[[], bytes]]]:
    out: dict[str, tuple[str, Callable[[], bytes]]] = {}
    for suffix in TEXT_SUFFIXES:
        s = suffix[1:]
        out[f"empty.{s}"] = (suffix, lambda: b"")
        out[f"junk.{s}"] = (suffix, lambda: JUNK)
        out[f"whitespace_only.{s}"] = (suffix, lambda: b" \n\t\n")
    for suffix in (".docx", ".odt", ".rtf"):
        s = suffix[1:]
        if suffix != ".rtf":      # an RTF cut short is read as far as it goes, as word processors do (rtf_cases)
            out[f"truncated_half.{s}"] = (suffix, lambda suffix=suffix: valid_transcript(suffix)[: len(valid_transcript(suffix)) // 2])
        out[f"text_named.{s}"] = (suffix, lambda: b"Interviewer: this is plain text.\n")
    out["truncated_tiny.docx"] = (".docx", lambda: VALID_DOCX()[:30])
    out["docx_named.odt"] = (".odt", lambda: VALID_DOCX())
    out["odt_named.docx"] = (".docx", lambda: VALID_ODT())
    out["zip_not_office.docx"] = (".docx", lambda: _zip({"readme.txt": b"hello"}))
    out["no_document_xml.docx"] = (".docx", lambda: docx(None))
    out["document_not_xml.docx"] = (".docx", lambda: _zip({"[Content_Types].xml": DOCX_TYPES.encode(),
                                                          "_rels/.rels": DOCX_RELS.encode(),
                                                          "word/document.xml": b"not < xml"}))
    out["no_content_xml.odt"] = (".odt", lambda: odt(None))
    out["content_not_xml.odt"] = (".odt", lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text",
                                                        "content.xml": b"<<<"}))
    out["rtf_no_header.rtf"] = (".rtf", lambda: b"{Interviewer: Hello.}")
    out["rtf_binary_after_header.rtf"] = (".rtf", lambda: b"{\\rtf1 " + JUNK)
    out["utf16_named.docx"] = (".docx", lambda: "Interviewer: hi\n".encode("utf-16"))
    out["pdf_named.txt"] = (".txt", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + JUNK[:512])
    out["vtt_no_header.vtt"] = (".vtt", lambda: b"00:00:01.000 --> 00:00:02.000\nHello.\n")
    out["srt_bad_timing.srt"] = (".srt", lambda: b"1\nnot a time\nHello.\n")
    return out


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buffer.getvalue()


def transcript_cases() -> list[Case]:
    """Each broken transcript in a folder for `anonymise-text`: exit 2 before the model loads."""
    cases = []
    for name, (suffix, content) in broken_transcripts().items():
        def build(base, suffix=suffix, content=content):
            folder = base / "in" / "transcripts"
            write(folder / "good.txt", VALID_TEXT[".txt"])
            write(folder / f"sw02{suffix}", content())
            return ["anonymise-text", str(folder), str(base / "out"), "--key", str(base / "private" / "key.jsonl")]
        cases.append(Case("broken-transcript", name, build, USAGE, subprocess=name == "no_document_xml.docx"))
    return cases


def encoding_transcript_cases() -> list[Case]:
    """Plain-text transcripts in other encodings are read (their encoding and BOM kept) or refused clearly."""
    text = "Interviewer: Croeso i Gymru, café?\nRespondent: Diolch.\n"
    variants = {
        "utf8_bom.txt": b"\xef\xbb\xbf" + text.encode(),
        "utf16_le_bom.txt": text.encode("utf-16"),
        "utf16_be_bom.txt": b"\xfe\xff" + text.encode("utf-16-be"),
        "latin1.txt": text.encode("latin-1"),
        "cp1252.txt": "Interviewer: \u201cquoted\u201d\n".encode("cp1252"),
        "utf16_no_bom.txt": text.encode("utf-16-le"),      # undetectable: check reports it unreadable (exit 1)
        "mixed_line_ends.txt": b"Interviewer: a\r\nRespondent: b\rInterviewer: c\n",
    }
    cases = []
    for name, content in variants.items():
        def build(base, name=name, content=content):
            return check(base, extra={f"transcripts/{name}": (content, "transcript")})
        cases.append(Case("encoding-transcript-check", name, build, FAILED if name == "utf16_no_bom.txt" else OK))
    return cases


def rtf_cases() -> list[Case]:
    """RTF that word processors open although it is not quite right: read as far as it goes,
    anonymised and written back (exit 0), never a traceback."""
    variants = {
        "unclosed.rtf": b"{\\rtf1\\ansi Interviewer: Hello.\\par",
        "truncated_half.rtf": VALID_RTF[: len(VALID_RTF) // 2] + b" Interviewer: hello.",
        "extra_after_end.rtf": VALID_RTF + b"trailing words",
        "unknown_control_words.rtf": b"{\\rtf1\\ansi\\frobnicate42 Interviewer: Hello.\\par}",
    }
    cases = []
    for name, content in variants.items():
        def build(base, name=name, content=content):
            folder = base / "in" / "transcripts"
            write(folder / name, content)
            return ["anonymise-text", str(folder), str(base / "out"), "--key", str(base / "private" / "key.jsonl")]
        cases.append(Case("odd-rtf", name, build, OK))
    return cases


# ------------------------------------------------------------------ hostile manifests
def _set(path: str, value) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        keys = path.split(".")
        target = data
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if value is _DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return edit


_DELETE = object()


def _point_file(path: str) -> Callable[[dict], None]:
    return _set("files.0.path", path)


def bomb(levels: int, width: int, where: str = "study.title") -> bytes:
    """A 'billion laughs' manifest: `width`**`levels` strings from a few hundred bytes, the
    expansion standing as `where` in an otherwise valid manifest."""
    lines = [f'l0: &l0 [{", ".join(["lol"] * width)}]']
    for i in range(1, levels):
        lines.append(f'l{i}: &l{i} [{", ".join([f"*l{i - 1}"] * width)}]')
    data = manifest()
    _set(where, "BOMB_GOES_HERE")(data)
    body = yaml.safe_dump(data, sort_keys=False).replace("BOMB_GOES_HERE", f"*l{levels - 1}")
    return ("\n".join(lines) + "\n" + body).encode()


def manifest_cases() -> list[Case]:
    raw_cases = {
        "yaml_unclosed_bracket": b"manifest_version: 1\nstudy: [\n",
        "yaml_bad_indent": b"manifest_version: 1\nstudy:\n  id: 1\n title: x\n",
        "yaml_tab_indent": b"manifest_version: 1\nstudy:\n\tid: x\n",
        "yaml_unclosed_quote": b'manifest_version: 1\nstudy: {title: "x}\n',
        "yaml_two_documents": b"manifest_version: 1\n---\nmanifest_version: 1\n",
        "yaml_python_tag": b"manifest_version: !!python/object/apply:os.system ['true']\n",
        "yaml_unknown_tag": b"manifest_version: !secret 1\n",
        "yaml_undefined_alias": b"manifest_version: *nothing\n",
        "yaml_duplicate_anchor_cycle": b"a: &a [*a]\n",
        "manifest_empty": b"",
        "manifest_only_comment": b"# nothing\n",
        "manifest_a_list": b"- one\n- two\n",
        "manifest_a_scalar": b"just words\n",
        "manifest_latin1": "manifest_version: 1\nstudy: {title: caf\xe9}\n".encode("latin-1"),
        "manifest_utf16": "manifest_version: 1\n".encode("utf-16"),
        "manifest_binary": JUNK,
        "manifest_nul": b"manifest_version: 1\x00\n",
        "manifest_deep_nesting": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "manifest_deep_mapping": b"a: " + b"{b: " * 3000 + b"1" + b"}" * 3000 + b"\n",
        "manifest_huge_key_count": ("\n".join(f"k{i}: {i}" for i in range(50_000)) + "\n").encode(),
        "bomb_9x9_title": bomb(9, 9),
        "bomb_10x10_keywords": bomb(10, 10, "study.keywords"),
        "bomb_top_level": bomb(9, 9, "extra"),
        "bomb_in_files": bomb(8, 12, "files"),
        "bomb_in_anonymisation": bomb(9, 9, "anonymisation"),
        "bomb_wide_2_levels": bomb(2, 3000, "study.abstract"),
        "huge_files_list": (yaml.safe_dump({k: v for k, v in manifest().items() if k != "files"}, sort_keys=False)
                            + "files:\n" + "".join(f"  - {{path: transcripts/t{i}.txt, role: transcript, participant_type: "
                                                     f"social_worker, description: x}}\n" for i in range(60_000))).encode(),
    }
    cases = []
    for name, raw in raw_cases.items():
        seconds = 5.0 if "bomb" in name else 20.0
        cases.append(Case("hostile-manifest", name, lambda base, raw=raw: check(base, raw=raw), USAGE,
                          seconds=seconds, subprocess=name in ("bomb_9x9_title", "yaml_python_tag")))
    edits = {
        "wrong_type_title_list": _set("study.title", ["a", "b"]),
        "wrong_type_files_mapping": _set("files", {"path": "x"}),
        "wrong_type_files_string": _set("files", "data/survey.csv"),
        "wrong_type_path_number": _set("files.0.path", 12),
        "wrong_type_path_list": _set("files.0.path", ["a"]),
        "wrong_type_creators_string": _set("study.creators", "Example, A."),
        "wrong_type_manifest_version": _set("manifest_version", "one"),
        "wrong_type_anonymisation_data_list": _set("anonymisation.data", ["data/survey.csv"]),
        "wrong_type_keep_mapping": _set("anonymisation.keep", {"a": 1}),
        "wrong_type_reference_date": _set("anonymisation.reference_date", "not a date"),
        "wrong_enum_role": _set("files.0.role", "transcripts"),
        "wrong_value_k_negative": lambda d: d["anonymisation"].__setitem__(
            "data", {"data/survey.csv": {"k": -3, "keys": ["sex"]}}),
        "unknown_top_key": _set("colour", "blue"),
        "unknown_study_key": _set("study.titel", "x"),
        "unknown_file_key": _set("files.0.size", 10),
        "unknown_anonymisation_key": _set("anonymisation.secret", True),
        "missing_study": _set("study", _DELETE),
        "missing_files": _set("files", _DELETE),
        "missing_manifest_version": _set("manifest_version", _DELETE),
        "missing_title": _set("study.title", _DELETE),
        "missing_file_path": _set("files.0.path", _DELETE),
        "missing_file_role": _set("files.0.role", _DELETE),
        "empty_files": _set("files", []),
        "null_study": _set("study", None),
        "huge_title": _set("study.title", "x" * 5_000_000),
        "huge_number": _set("manifest_version", 10 ** 4000),
        "huge_k": lambda d: d["anonymisation"].__setitem__("data", {"data/survey.csv": {"k": 10 ** 30, "keys": ["sex"]}}),
        "path_dotdot": _point_file("../outside.txt"),
        "path_deep_dotdot": _point_file("../" * 64 + "etc/passwd"),
        "path_absolute": _point_file("/etc/passwd"),
        "path_windows_drive": _point_file("C:\\Windows\\win.ini"),
        "path_windows_unc": _point_file("\\\\server\\share\\x.txt"),
        "path_backslash_dotdot": _point_file("transcripts\\..\\..\\outside.txt"),
        "path_inner_dotdot": _point_file("transcripts/../../outside.txt"),
        "path_empty": _point_file(""),
        "path_nul": _point_file("transcripts/sw01.txt\x00.txt"),
        "path_home": _point_file("~/outside.txt"),
        "path_missing_file": _point_file("transcripts/nobody.txt"),
        "path_is_folder": _point_file("transcripts"),
        "path_data_dotdot": lambda d: d["anonymisation"].__setitem__("data", {"../outside.csv": {}}),
        "path_consent_absolute": _set("consent.form", "/etc/passwd"),
        "path_copyright_dotdot": _set("copyright_holders.0.path", "../"),
        "path_same_file_twice": lambda d: d["files"].append(dict(STANDARD_FILES[0])),
    }
    for name, edit in edits.items():
        # a missing file or a folder named as a file is a finding of `check` (exit 1); the rest is refused (2)
        # a missing file or a folder named as a file is a finding of `check` (exit 1), and so is
        # '~/x' (a relative name, never expanded: no such file in the collection); a k beyond the
        # records is read and suppresses everything, which anonymise reports as information loss
        code = FAILED if name in ("path_missing_file", "path_is_folder", "path_home") else OK if name == "huge_k" else USAGE
        cases.append(Case("hostile-manifest", name, lambda base, edit=edit: check(base, edit=edit), code))

    def symlinked_file(base):
        outside = write(base / "in" / "outside.txt", b"Interviewer: precious\n")
        argv = check(base, edit=_point_file("transcripts/link.txt"))
        (base / "in" / "c" / "transcripts" / "link.txt").symlink_to(outside)
        return argv

    def symlinked_folder(base):
        write(base / "in" / "outside" / "victim.txt", b"Interviewer: precious\n")
        argv = check(base, edit=_point_file("linked/victim.txt"))
        (base / "in" / "c" / "linked").symlink_to(base / "in" / "outside", target_is_directory=True)
        return argv

    def manifest_is_folder(base):
        folder = collection(base)
        (folder / "deposit.yaml").unlink()
        (folder / "deposit.yaml").mkdir()
        return ["check", str(folder)]

    def no_manifest(base):
        folder = collection(base)
        (folder / "deposit.yaml").unlink()
        return ["check", str(folder)]

    def check_a_data_file(base):
        collection(base)
        return ["check", str(base / "in" / "c" / "data" / "survey.csv")]

    def manifest_symlink_out(base):
        folder = collection(base)
        real = base / "in" / "elsewhere.yaml"
        (folder / "deposit.yaml").rename(real)
        (folder / "deposit.yaml").symlink_to(real)
        return ["check", str(folder), "--work", str(base / "work")]

    for build in (symlinked_file, symlinked_folder, manifest_is_folder, no_manifest, check_a_data_file):
        cases.append(Case("hostile-manifest", build.__name__, build, USAGE))
    # a manifest linked in from elsewhere is only read; every path it names is still checked
    cases.append(Case("hostile-manifest", "manifest_symlink_out", manifest_symlink_out, OK))
    return cases


# ------------------------------------------------------------------ hostile zips for verify
def _zip_raw(entries: list[tuple[zipfile.ZipInfo | str, bytes]], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    import warnings
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # duplicate names are the point of some cases
        with zipfile.ZipFile(buffer, "w", compression) as z:
            for info, content in entries:
                z.writestr(info, content)
    return buffer.getvalue()


def _info(name: str, mode: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    if mode is not None:
        info.create_system = 3
        info.external_attr = mode << 16
    return info


def _encrypted(data: bytes) -> bytes:
    """Set the 'encrypted' flag on every entry (local and central headers)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            out[at + offset] |= 0x01
            start = at + 4
    return bytes(out)


BAG = "bundle"
BAG_FILES = [(f"{BAG}/bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"),
             (f"{BAG}/data/a.txt", b"hello\n")]


def zip_cases() -> list[Case]:
    bag = [(name, content) for name, content in BAG_FILES]
    zips: dict[str, tuple[Callable[[], bytes], int]] = {
        "slip_dotdot": (lambda: _zip_raw(bag + [(f"{BAG}/../../evil.txt", b"x")]), USAGE),
        "slip_absolute": (lambda: _zip_raw(bag + [("/evil.txt", b"x")]), USAGE),
        "slip_backslash": (lambda: _zip_raw(bag + [(f"{BAG}\\..\\..\\evil.txt", b"x")]), USAGE),
        "slip_drive": (lambda: _zip_raw(bag + [("C:/evil.txt", b"x")]), USAGE),
        "slip_deep_inside": (lambda: _zip_raw(bag + [(f"{BAG}/data/x/../../../../evil.txt", b"x")]), USAGE),
        "symlink_entry": (lambda: _zip_raw(bag + [(_info(f"{BAG}/data/link", 0o120777), b"/etc/passwd")]), USAGE),
        "symlink_folder_entry": (lambda: _zip_raw([(_info(f"{BAG}/data", 0o120777), b"/etc")] + bag[:1]), USAGE),
        "device_entry": (lambda: _zip_raw(bag + [(_info(f"{BAG}/data/dev", 0o020666), b"")]), USAGE),
        "fifo_entry": (lambda: _zip_raw(bag + [(_info(f"{BAG}/data/fifo", 0o010666), b"")]), USAGE),
        "duplicate_names": (lambda: _zip_raw(bag + [(f"{BAG}/data/a.txt", b"other\n")]), USAGE),
        "duplicate_by_case": (lambda: _zip_raw(bag + [(f"{BAG}/data/A.txt", b"other\n")]), USAGE),
        "duplicate_by_unicode_form": (lambda: _zip_raw(bag + [(unicodedata.normalize("NFC", f"{BAG}/data/caf\u00e9.txt"), b"1"),
                                                              (unicodedata.normalize("NFD", f"{BAG}/data/caf\u00e9.txt"), b"2")]), USAGE),
        "encrypted": (lambda: _encrypted(_zip_raw(bag)), USAGE),
        "bomb_ratio": (lambda: _zip_raw(bag + [(f"{BAG}/data/zeros.bin", b"\0" * (8 * 1024 * 1024))]), USAGE),
        "not_a_zip": (lambda: b"this is not a zip\n", USAGE),
        "empty_file": (lambda: b"", USAGE),
        "junk": (lambda: JUNK, USAGE),
        "truncated": (lambda: _zip_raw(bag)[:-30], USAGE),
        "truncated_half": (lambda: (lambda z: z[: len(z) // 2])(_zip_raw(bag)), USAGE),
        "no_entries": (lambda: _zip_raw([]), FAILED),
        "no_bagit_txt": (lambda: _zip_raw(bag[1:]), FAILED),
        "two_bags": (lambda: _zip_raw(bag + [("other/bagit.txt", BAG_FILES[0][1])]), FAILED),
    }
    cases = []
    for name, (content, code) in zips.items():
        def build(base, content=content):
            return ["verify", str(write(base / "in" / "bundle.zip", content())), "--work", str(base / "work")]
        cases.append(Case("hostile-zip", name, build, code, subprocess=name == "slip_dotdot"))

    def too_large(base):
        source = write(base / "in" / "bundle.zip", _zip_raw(bag))
        return ["verify", str(source), "--max-total-bytes", "10"]

    def bagit_only_slip(base):
        source = write(base / "in" / "bundle.zip", _zip_raw(bag + [(f"{BAG}/../evil.txt", b"x")]))
        return ["verify", str(source), "--bagit-only"]

    def missing_bundle(base):
        return ["verify", str(base / "in" / "nothing.zip")]
    cases.append(Case("hostile-zip", "too_large_for_limit", too_large, USAGE))
    cases.append(Case("hostile-zip", "bagit_only_slip", bagit_only_slip, USAGE))
    cases.append(Case("hostile-zip", "missing_bundle", missing_bundle, USAGE))
    return cases


# ------------------------------------------------------------------ output-name collisions
def collision_cases() -> list[Case]:
    sets = {
        "transcript_same_stem_docx_rtf": ({"transcripts/sw02.docx": (VALID_DOCX, "transcript"),
                                           "transcripts/sw02.rtf": (lambda: VALID_RTF, "transcript")},
                                          ("sw02.docx", "sw02.rtf")),
        "transcript_same_stem_odt_rtf": ({"transcripts/sw02.odt": (VALID_ODT, "transcript"),
                                          "transcripts/sw02.rtf": (lambda: VALID_RTF, "transcript")},
                                         ("sw02.odt", "sw02.rtf")),
        "transcript_same_stem_docx_odt": ({"transcripts/sw02.docx": (VALID_DOCX, "transcript"),
                                           "transcripts/sw02.odt": (VALID_ODT, "transcript")},
                                          ("sw02.docx", "sw02.odt")),
        "transcript_same_name_by_case": ({"transcripts/SW02.txt": (lambda: VALID_TEXT[".txt"], "transcript"),
                                          "transcripts/sw02.TXT": (lambda: VALID_TEXT[".txt"], "transcript")},
                                         ("SW02.txt", "sw02.TXT")),
        "data_sav_beside_dta": ({"data/sample.sav": (lambda: real_data(".sav"), "data"),
                                 "data/sample.dta": (lambda: real_data(".dta"), "data")},
                                ("sample.sav", "sample.dta")),
        "data_csv_beside_tab": ({"data/sample.csv": (lambda: real_data(".csv"), "data"),
                                 "data/sample.tab": (lambda: real_data(".tab"), "data")},
                                ("sample.csv", "sample.tab")),
        "data_same_name_two_folders": ({"data/wave1/sample.sav": (lambda: real_data(".sav"), "data"),
                                        "data/wave2/sample.sav": (lambda: real_data(".sav"), "data")},
                                       ("wave1/sample.sav", "wave2/sample.sav")),
        "data_same_name_by_case": ({"data/Sample.sav": (lambda: real_data(".sav"), "data"),
                                    "data/wave2/sample.zsav": (lambda: real_data(".zsav"), "data")},
                                   ("Sample.sav", "sample.zsav")),
        "documentation_docx_beside_rtf": ({"docs/guide.docx": (VALID_DOCX, "documentation"),
                                           "docs/guide.rtf": (lambda: VALID_RTF, "documentation")},
                                          ("guide.docx", "guide.rtf")),
        "documentation_docs_and_top": ({"docs/notes.txt": (lambda: b"notes\n", "documentation"),
                                        "notes.txt": (lambda: b"notes\n", "documentation")},
                                       ("docs/notes.txt", "notes.txt")),
    }
    cases = []
    for name, (files, says) in sets.items():
        def build(base, files=files, command="check"):
            extra = {path: (content(), role) for path, (content, role) in files.items()}
            folder = collection(base, extra)
            return [command, str(folder), "--work", str(base / "work")]
        cases.append(Case("name-collision", name, build, USAGE, says=says))
        cases.append(Case("name-collision", name + "+anonymise",
                          functools.partial(build, command="anonymise"), USAGE, says=says,
                          subprocess=name == "data_sav_beside_dta"))
    return cases


# ------------------------------------------------------------------ read-only and misplaced outputs
def output_cases() -> list[Case]:
    def csv_in(base):
        return str(write(base / "in" / "survey.csv", STANDARD_CONTENT["data/survey.csv"]))

    def transcripts_in(base):
        write(base / "in" / "transcripts" / "sw01.txt", VALID_TEXT[".txt"])
        return str(base / "in" / "transcripts")

    builds: dict[str, tuple[Callable[[Path], list[str]], int, tuple[str, ...]]] = {
        "check_work_read_only": (lambda b: check(b) if (b / "work").mkdir() is None else [], USAGE, ("work",)),
        "check_work_is_a_file": (lambda b: check(b) if write(b / "work", b"a file") else [], USAGE, ()),
        "anonymise_data_out_read_only": (lambda b: (b / "out").mkdir() or ["anonymise-data", csv_in(b), str(b / "out" / "x.sav"),
                                                                           "--private", str(b / "private")], USAGE, ("out",)),
        "anonymise_data_private_read_only": (lambda b: (b / "private").mkdir() or ["anonymise-data", csv_in(b), str(b / "out" / "x.sav"),
                                                                                   "--private", str(b / "private")], USAGE, ("private",)),
        "anonymise_data_out_is_folder": (lambda b: (b / "out" / "x.sav").mkdir(parents=True) or [
            "anonymise-data", csv_in(b), str(b / "out" / "x.sav"), "--private", str(b / "private")], USAGE, ()),
        "anonymise_data_out_parent_is_file": (lambda b: write(b / "out", b"file") and [
            "anonymise-data", csv_in(b), str(b / "out" / "x.sav"), "--private", str(b / "private")], USAGE, ()),
        "anonymise_data_out_unknown_format": (lambda b: ["anonymise-data", csv_in(b), str(b / "out" / "x.xlsx"),
                                                         "--private", str(b / "private")], USAGE, ()),
        "anonymise_data_out_is_input": (lambda b: ["anonymise-data", csv_in(b), str(b / "in" / "survey.csv"),
                                                   "--private", str(b / "private")], USAGE, ()),
        "anonymise_data_missing_input": (lambda b: ["anonymise-data", str(b / "in" / "none.sav"), str(b / "out" / "x.sav"),
                                                    "--private", str(b / "private")], USAGE, ()),
        "anonymise_text_out_read_only": (lambda b: (b / "out").mkdir() or ["anonymise-text", transcripts_in(b), str(b / "out"),
                                                                           "--key", str(b / "private" / "key.jsonl")], USAGE, ("out",)),
        "anonymise_text_out_is_a_file": (lambda b: write(b / "out", b"file") and [
            "anonymise-text", transcripts_in(b), str(b / "out"), "--key", str(b / "private" / "key.jsonl")], USAGE, ()),
        "anonymise_text_in_is_a_file": (lambda b: ["anonymise-text", csv_in(b), str(b / "out")], USAGE, ()),
        "anonymise_text_out_is_in": (lambda b: ["anonymise-text", transcripts_in(b), str(b / "in" / "transcripts")], USAGE, ()),
        "anonymise_text_key_in_out": (lambda b: ["anonymise-text", transcripts_in(b), str(b / "out"),
                                                 "--key", str(b / "out" / "key.jsonl")], USAGE, ()),
        "anonymise_work_read_only": (lambda b: (b / "work").mkdir() or ["anonymise", str(collection(b)), "--work", str(b / "work")],
                                     USAGE, ("work",)),
        "anonymise_work_is_a_file": (lambda b: write(b / "work", b"file") and ["anonymise", str(collection(b)), "--work", str(b / "work")],
                                     USAGE, ()),
        "verify_work_read_only": (lambda b: (b / "work").mkdir() or ["verify", str(write(b / "in" / "bundle.zip", _zip_raw(BAG_FILES))),
                                                                     "--work", str(b / "work")], USAGE, ("work",)),
        "package_out_is_a_file": (lambda b: (b / "work").mkdir() or write(b / "out", b"file") and [
            "package", str(b / "work"), "--out", str(b / "out")], USAGE, ()),
        "package_work_missing": (lambda b: ["package", str(b / "work"), "--out", str(b / "out")], USAGE, ()),
        "describe_work_missing": (lambda b: ["describe", str(b / "work")], USAGE, ()),
        "run_out_is_a_file": (lambda b: write(b / "out", b"file") and ["run", str(collection(b)), "--work", str(b / "work"),
                                                                       "--out", str(b / "out")], USAGE, ()),
    }
    cases = [Case("outputs", name, build, code, read_only=ro, subprocess=name == "anonymise_data_out_is_folder")
             for name, (build, code, ro) in builds.items()]
    # A disk that fills half-way through a stage: exit 2, and what the stage wrote is taken back.
    # command -> (its command line, how many files it creates before the disk is full: fewer
    # than it writes in all, so each case fails part-way)
    full = {
        "check": (lambda b: check(b), (0, 1, 2)),
        "anonymise": (lambda b: ["anonymise", str(collection(b)), "--work", str(b / "work")], (0, 2, 5, 9)),
        "anonymise-text": (lambda b: ["anonymise-text", transcripts_in(b), str(b / "out"),
                                      "--key", str(b / "work" / "key.jsonl")], (0, 1, 3)),
        "anonymise-data": (lambda b: ["anonymise-data", csv_in(b), str(b / "work" / "x.sav"),
                                      "--private", str(b / "work" / "private")], (0, 1)),
        "verify": (lambda b: ["verify", str(write(b / "in" / "bundle.zip", _zip_raw(BAG_FILES))),
                              "--work", str(b / "work")], (0,)),
    }
    def prepared_work(base: Path) -> Path:
        """WORK after anonymise and describe on the standard collection (once per process; each
        case gets a copy), for the package stage's cases."""
        import shutil

        source = _prepared_work()
        work = base / "work"
        shutil.copytree(source / "work", work, symlinks=True)
        shutil.copytree(source / "in", base / "in", symlinks=True, dirs_exist_ok=True)
        pointer = work / "private" / "collection.json"
        pointer.write_text(pointer.read_text(encoding="utf-8").replace(str(source), str(base)), encoding="utf-8")
        return work

    full["package"] = (lambda b: ["package", str(prepared_work(b)), "--out", str(b / "out"), "--allow-pending-review"],
                       (0, 1))
    for command, (build, afters) in full.items():
        for after in afters:
            def built(base, build=build, command=command):
                if command != "package":
                    (base / "work").mkdir()
                (base / "out").mkdir()
                return build(base)
            cases.append(Case("full-disk", f"{command}_after_{after}_files", built, USAGE,
                              full_disk=("work", "out"), full_after=after))
    return cases


@functools.cache
def _prepared_work() -> Path:
    import contextlib
    import io
    import tempfile

    import atexit
    import shutil

    from deposit.cli import main as cli
    base = Path(tempfile.mkdtemp(prefix="badinput-work-"))
    atexit.register(shutil.rmtree, base, True)
    folder = collection(base)
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli(["anonymise", str(folder), "--work", str(base / "work")]) == 0
        assert cli(["describe", str(base / "work")]) in (0, 1)
    return base


# ------------------------------------------------------------------ bad command lines
def argument_cases() -> list[Case]:
    def csv_in(base):
        return str(write(base / "in" / "survey.csv", STANDARD_CONTENT["data/survey.csv"]))

    def anon(*extra):
        return lambda b: ["anonymise-data", csv_in(b), str(b / "out" / "x.sav"), "--private", str(b / "private"), *extra]

    builds = {
        "reference_date_notadate": anon("--reference-date", "notadate"),
        "reference_date_impossible": anon("--reference-date", "2013-02-30"),
        "reference_date_empty": anon("--reference-date", ""),
        "k_not_a_number": anon("--k", "three"),
        "k_zero": anon("--k", "0"),
        "k_negative": anon("--k", "-2"),
        "keys_unknown_variable": anon("--keys", "nosuchvar"),
        "weight_unknown_variable": anon("--weight", "nosuchvar"),
        "rules_missing_file": anon("--rules", "/nonexistent/rules.yaml"),
        "dates_bogus": anon("--dates", "decade"),
        "unknown_option": anon("--frobnicate"),
        "missing_private": lambda b: ["anonymise-data", csv_in(b), str(b / "out" / "x.sav")],
        "engine_unknown": lambda b: ["anonymise", str(collection(b)), "--work", str(b / "work"), "--engine", "warp"],
        "workers_zero": lambda b: ["anonymise", str(collection(b)), "--work", str(b / "work"), "--workers", "0"],
        "workers_not_a_number": lambda b: ["anonymise", str(collection(b)), "--work", str(b / "work"), "--workers", "many"],
        "risk_no_keys": lambda b: ["risk", csv_in(b)],
        "risk_k_not_a_number": lambda b: ["risk", csv_in(b), "--keys", "sex", "--k", "x"],
        "risk_engine_unknown": lambda b: ["risk", csv_in(b), "--keys", "sex", "--engine", "gpu"],
        "verify_max_bytes_negative": lambda b: ["verify", str(write(b / "in" / "b.zip", _zip_raw(BAG_FILES))),
                                                "--max-total-bytes", "-5"],
        "verify_max_bytes_words": lambda b: ["verify", str(write(b / "in" / "b.zip", _zip_raw(BAG_FILES))),
                                             "--max-total-bytes", "lots"],
        "package_format_unknown": lambda b: ["package", str(b / "work"), "--out", str(b / "out"), "--format", "xlsx"],
        "package_max_bytes_zero": lambda b: (b / "work").mkdir() or ["package", str(b / "work"), "--out", str(b / "out"),
                                                                     "--max-bytes", "0"],
        "describe_gate_unknown": lambda b: ["describe", str(b / "work"), "--gate", "GOLD"],
        "check_missing_collection": lambda b: ["check", str(b / "in" / "nowhere")],
        "check_config_missing": lambda b: check(b) + ["--config", str(b / "in" / "none.yaml")],
        "check_config_not_yaml": lambda b: check(b) + ["--config", str(write(b / "in" / "cfg.yaml", b"a: [\n"))],
        "unknown_command": lambda b: ["frobnicate"],
        "demo_scale_unknown": lambda b: ["demo", str(b / "out" / "demo"), "--scale", "galactic"],
        "problems_unknown_code": lambda b: ["problems", "no.such_code"],
    }
    return [Case("arguments", name, build, USAGE, subprocess=name in ("reference_date_notadate", "engine_unknown"))
            for name, build in builds.items()]


# ------------------------------------------------------------------ documents that are too big to read
def size_cases() -> list[Case]:
    many_empty = lambda: docx("<w:p/>" * 600_000)                 # ~20 KB zipped, 600,000 paragraphs
    many_runs = lambda: docx("<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 100_000 + "</w:p>")
    huge_text = lambda: docx(para("word " * 12_000_000))           # 60 MB of text, ~60 KB zipped
    odt_many = lambda: odt("<text:p/>" * 600_000)
    rtf_many = lambda: b"{\\rtf1\\ansi " + b"\\par " * 2_000_000 + b"}"
    rtf_deep = lambda: b"{\\rtf1\\ansi " + b"{" * 50_000 + b"x" + b"}" * 50_000 + b"}"
    txt_many = lambda: b"\n" * 5_000_000 + b"Interviewer: hi\n"
    vtt_many = lambda: b"WEBVTT\n\n" + b"00:00:01.000 --> 00:00:02.000\n-\n\n" * 300_000
    builds = {
        "docx_many_empty_paragraphs": (".docx", many_empty),
        "docx_many_runs": (".docx", many_runs),
        "docx_huge_text": (".docx", huge_text),
        "odt_many_empty_paragraphs": (".odt", odt_many),
        "rtf_many_paragraphs": (".rtf", rtf_many),
        "rtf_deep_groups": (".rtf", rtf_deep),
        "txt_many_empty_lines": (".txt", txt_many),
        "vtt_many_cues": (".vtt", vtt_many),
    }
    cases = []
    for name, (suffix, content) in builds.items():
        def build(base, suffix=suffix, content=content):
            folder = base / "in" / "transcripts"
            write(folder / f"big{suffix}", content())
            return ["anonymise-text", str(folder), str(base / "out"), "--key", str(base / "private" / "key.jsonl")]
        # many runs in one paragraph and deeply nested RTF groups are real text within the
        # limits: read in bounded time and memory (exit 0)
        code = OK if name in ("docx_many_runs", "rtf_deep_groups") else USAGE
        cases.append(Case("too-big", name, build, code, seconds=15.0,
                          subprocess=name == "docx_many_empty_paragraphs"))
    return cases


def all_cases() -> list[Case]:
    cases = (data_check_cases() + data_command_cases() + odd_text_data_cases() + transcript_cases()
             + encoding_transcript_cases() + rtf_cases() + manifest_cases() + zip_cases() + collision_cases()
             + output_cases() + argument_cases() + size_cases())
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "case names must be unique"
    return cases


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: python -m tests.deposit.badinput.corpus FOLDER [KIND ...]\n")
        return 2
    target, kinds = Path(argv[0]), set(argv[1:])
    chosen = [case for case in all_cases() if not kinds or case.kind in kinds]
    for case in chosen:
        base = target / case.kind / case.name
        base.mkdir(parents=True, exist_ok=True)
        args = case.build(base)
        (base / "command").write_text(f"# expected exit {case.exit}\nukds-deposit {shlex.join(args)}\n", encoding="utf-8")
    print(f"{len(chosen)} cases written under {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
