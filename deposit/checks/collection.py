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
            problems.append(_problem(name_check, f"file name '{Path(entry['path']).name}' does not follow the pattern",
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
    return _report(collection, manifest, checks, files, problems)


def _problem(check: Check, message: str, location: str, hint: str = "") -> Problem:
    return Problem(f"check.{check.name}", message, location, hint or check.desc, check.severity)


def _manifest_files(collection: Path, listed: list[dict], check: Check | None) -> list[Problem]:
    if not check:
        return []
    return [_problem(check, "listed in deposit.yaml but not found in the collection", f["path"],
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
        out.append(_problem(check, "in the collection folder but not listed in deposit.yaml", rel,
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
        return [_problem(check, f"cannot read the transcript: {exc.message}", rel, exc.hint)]
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
        return [_problem(check, exc.message, rel, exc.hint)], {"status": "unreadable"}
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
