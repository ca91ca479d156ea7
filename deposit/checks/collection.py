"""Health checks over a whole collection: the manifest's files, transcripts, data files.

Returns the check report as a plain dict (validated against
manifests/schemas/check_report.schema.json by the caller); reading files is the
only I/O here, writing is the command's job.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from anonymise.data import engine
from deposit.checks.config import Check
from manifests import formats, layout
from manifests.errors import Problem, UserError
from manifests.version import __version__

TEXT_SUFFIXES = {".txt", ".docx", ".rtf", ".odt"}


def check_collection(collection, manifest: dict, checks: dict[str, Check]) -> dict:
    collection = Path(collection)
    problems: list[Problem] = []
    files = []
    on = lambda name: checks.get(name) if checks.get(name) and checks[name].enabled else None
    listed = sorted(manifest["files"], key=lambda f: f["path"])
    problems += _manifest_files(collection, listed, on("manifest_files"))
    problems += _unlisted(collection, listed, on("unlisted_files"))
    data_settings = (manifest.get("anonymisation") or {}).get("data") or {}
    text_settings = None
    for entry in listed:
        path = collection / entry["path"]
        info = {"path": entry["path"], "role": entry["role"], "status": "missing"}
        files.append(info)
        name_check = on("file_name_pattern")
        if name_check and not re.match(str(name_check.setting), Path(entry["path"]).name):
            problems.append(name_check.finding(f"file name '{Path(entry['path']).name}' does not follow the pattern",
                                     entry["path"]))
        if not path.is_file():
            continue
        info["status"] = "ok"
        if entry["role"] == "transcript" and on("transcript_readable"):
            found = _transcript_problems(path, entry["path"], on("transcript_readable"))
            problems += found
            info["status"] = "unreadable" if found else "ok"
        elif entry["role"] == "data":
            if text_settings is None:
                text_settings = engine.text_settings(manifest)
            found, shape = _data_problems(path, entry["path"], checks, data_settings.get(entry["path"]) or {},
                                          text_settings)
            problems += found
            info.update(shape)
            problems += _expected_shape(entry, shape, on("expected_counts"))
    problems += _expected_transcripts(manifest, files, on("expected_counts"))
    problems += _consent(collection, manifest, on("consent_documents"))
    problems += _formats(listed, on("preferred_formats"))
    return _report(collection, manifest, checks, files, problems)


def _expected_shape(entry: dict, shape: dict, check: Check | None) -> list[Problem]:
    """The raw file against files[].expected: cases and variables as the study's documentation says."""
    expected = entry.get("expected") or {}
    if not check or shape.get("status") != "ok":
        return []
    out = []
    for key, found in (("cases", shape.get("records")), ("variables", shape.get("variables"))):
        if key in expected and found != expected[key]:
            out.append(check.finding(f"holds {found} {key} but files[].expected says {expected[key]}", entry["path"],
                                "find what is missing or extra, or correct files[].expected; verify checks the "
                                "bundle against the same figures"))
    return out


def _expected_transcripts(manifest: dict, files: list[dict], check: Check | None) -> list[Problem]:
    """Transcripts present per participant type against expected_transcripts."""
    expected = manifest.get("expected_transcripts")
    if not check or expected is None:
        return []
    kinds = {f["path"]: f.get("participant_type") or "other" for f in manifest["files"] if f["role"] == "transcript"}
    found = Counter(kinds[f["path"]] for f in files if f["path"] in kinds and f["status"] != "missing")
    return [check.finding(f"{found.get(kind, 0)} {kind} transcript(s) present but expected_transcripts says "
                            f"{expected.get(kind, 0)}", f"expected_transcripts.{kind}",
                     "a transcript is missing, extra or has the wrong participant_type, or the expected figure is wrong")
            for kind in sorted(set(expected) | set(found)) if found.get(kind, 0) != expected.get(kind, 0)]


# What the archive asks for when a collection holds interviews, in words the finding can use.
CONSENT_DOCUMENTS = {
    "form": "a blank copy of the consent form participants signed, showing what they agreed to "
            "(recording, quotation, archiving and re-use by other researchers)",
    "information_sheet": "the participant information sheet they were given, saying how their data would be "
                         "anonymised, stored and shared",
}


def _consent(collection: Path, manifest: dict, check: Check | None) -> list[Problem]:
    """UKDS expects the consent form and the information sheet with any collection of interviews:
    a re-user must be able to see that participants agreed to archiving and re-use."""
    if not check or not any(f["role"] == "transcript" for f in manifest["files"]):
        return []
    consent = manifest.get("consent") or {}
    documents = {f["path"] for f in manifest["files"] if f["role"] == "documentation"}
    out = []
    for key, what in CONSENT_DOCUMENTS.items():
        path = consent.get(key)
        if not path:
            why = f"consent.{key} is not given"
        elif path not in documents:
            why = f"consent.{key} ({path}) is not listed in files[] as documentation, so it would not be deposited"
        elif not (collection / path).is_file():
            why = f"consent.{key} ({path}) is not in the collection folder"
        else:
            continue
        out.append(check.finding(f"{why}: the UK Data Service expects {what}", f"consent.{key}",
                            "add the blank document to the collection, list it in files[] with role: documentation "
                            f"and name it in consent.{key}"))
    return out


def _formats(listed: list[dict], check: Check | None) -> list[Problem]:
    """Files in a format the archive only accepts, or does not list, with what to save them as.
    Transcripts and documents the bundle converts to RTF (.docx, .odt) need nothing from anyone."""
    if not check:
        return []
    out = []
    for entry in listed:
        suffix = Path(entry["path"]).suffix.lower()
        rated = formats.rating(entry["path"])
        if entry["role"] != "data" and suffix in layout.CONVERT_TO_RTF:
            continue
        if rated is None:
            out.append(check.finding(f"'{suffix or 'no extension'}' is not a format the UK Data Service lists as "
                                       "recommended or acceptable", entry["path"],
                                "save it in a recommended format: .sav, .dta or delimited text with a setup file for "
                                "data; .rtf, .txt or .xml for text"))
        elif rated.level == formats.ACCEPTABLE and rated.instead:
            out.append(check.finding(f"{rated.name} ({suffix}) is now only acceptable to the UK Data Service, no "
                                       "longer recommended", entry["path"], f"save it as {rated.instead}"))
    return out



def _manifest_files(collection: Path, listed: list[dict], check: Check | None) -> list[Problem]:
    if not check:
        return []
    return [check.finding("listed in deposit.yaml but not found in the collection", f["path"],
                     "fix files[].path or add the file") for f in listed if not (collection / f["path"]).is_file()]


def _unlisted(collection: Path, listed: list[dict], check: Check | None) -> list[Problem]:
    if not check:
        return []
    ignore = set(check.setting) if isinstance(check.setting, (list, tuple)) else {"gold", "deposit.yaml"}
    known = {f["path"] for f in listed}
    out = []
    for path in sorted(p for p in collection.rglob("*") if p.is_file()):
        rel = path.relative_to(collection).as_posix()
        parts = rel.split("/")
        if rel in known or any(part in ignore for part in parts) or any(part.startswith(".") for part in parts):
            continue
        out.append(check.finding("in the collection folder but not listed in deposit.yaml", rel,
                            "add it to files[] or move it out of the collection"))
    return out


def _transcript_problems(path: Path, rel: str, check: Check) -> list[Problem]:
    """Readability only: the text pass does the rest."""
    try:
        from anonymise.text.documents import read_document
    except ImportError:
        read_document = None
    try:
        if read_document is not None:
            document = read_document(path)
            if not any(u.text.strip() for u in document.units(rel)):
                raise UserError("the transcript has no text")
        else:
            _basic_readable(path)
    except UserError as exc:
        return [check.finding(f"cannot read the transcript: {exc.message}", rel, exc.hint)]
    return []


def _basic_readable(path: Path) -> None:
    """Used only when the text engine's readers are not installed."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if not data.strip():
        raise UserError("the file is empty")
    if suffix in (".docx", ".odt"):
        member = "word/document.xml" if suffix == ".docx" else "content.xml"
        try:
            with zipfile.ZipFile(path) as archive:
                archive.getinfo(member)
                if archive.testzip() is not None:
                    raise UserError("the document is corrupt")
        except (zipfile.BadZipFile, KeyError):
            raise UserError(f"not a valid {suffix} document (corrupt or wrongly named)") from None
        return
    if suffix == ".rtf":
        if not data.lstrip().startswith(b"{\\rtf"):
            raise UserError("not an RTF document")
        return
    if b"\x00" in data[:4096]:
        raise UserError("the file is binary, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
            return
        except UnicodeDecodeError:
            continue
    raise UserError("the text is in an unknown encoding")


def _data_problems(path: Path, rel: str, checks: dict[str, Check], settings: dict, text_settings):
    from anonymise.tabular import read_table
    from deposit.checks.data import check_table

    readable = checks.get("data_readable")
    try:
        table = read_table(path)
    except UserError as exc:
        check = readable if readable and readable.enabled else Check("data_readable", True, "", "error")
        return [check.finding(exc.message, rel, exc.hint)], {"status": "unreadable"}
    problems = check_table(rel, table, checks, settings.get("id_variable"), text_settings)
    shape = {"status": "ok", "records": int(len(table.df)), "variables": len(table.variables),
             "format": table.meta.source_format}
    if table.meta.encoding and table.meta.source_format in ("csv", "tab"):
        shape["encoding"] = table.meta.encoding
    return problems, shape


def _report(collection: Path, manifest: dict, checks: dict[str, Check], files: list, problems: list[Problem]) -> dict:
    by_check = Counter(p.code.removeprefix("check.") for p in problems)
    severities = Counter(p.severity for p in problems)
    return {
        "report": "check",
        "tool_version": __version__,
        "collection": {"id": manifest["study"]["id"], "title": manifest["study"]["title"]},
        "status": "failed" if severities.get("error") else "ok",
        "summary": {"files": len(files), "errors": severities.get("error", 0),
                    "warnings": severities.get("warning", 0), "info": severities.get("info", 0),
                    "by_check": dict(sorted(by_check.items()))},
        "checks": [{"name": c.name, "enabled": c.enabled, "setting": _jsonable(c.setting), "desc": c.desc,
                    "severity": c.severity} for c in checks.values()],
        "files": files,
        "problems": [p.to_dict() for p in problems],
    }


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
