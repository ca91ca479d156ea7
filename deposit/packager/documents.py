"""The two documents the packager writes itself: the readme and the file inventory.

Both are rendered from the manifest and the list of files, nothing else (no
clock, no machine paths), so they are byte-identical for the same inputs.
The readme says what the collection is, what each folder holds, how to cite
it and on what conditions it may be used, as a UKDS read<id>.htm does.
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from manifests import layout
from metadata.citation import citation
from metadata.rtf import RtfDocument


def file_information_rtf(manifest: dict, entries: list[tuple[str, str]]) -> bytes:
    """The file inventory: one row per file in the payload folder (path, description)."""
    study = manifest["study"]
    doc = RtfDocument(title=f"{study['id']} file information")
    doc.heading(f"Study {study['id']}: file information", 1)
    doc.paragraph(study["title"], bold=True)
    doc.table([["File", "Description"], *[[name, description] for name, description in entries]], header=True, widths=[2, 3])
    return doc.render().encode("ascii")


def _folder_list(names: list[str]) -> list[str]:
    folders = set()
    for name in names:
        parent = str(PurePosixPath(name).parent)
        if parent in layout.FOLDER_PURPOSE:
            folders.add(parent)
        elif parent.split("/")[0] in layout.FOLDER_PURPOSE:
            folders.add(parent.split("/")[0])
    return sorted(folders)


def readme_html(manifest: dict, fmt: str, names: list[str], part: tuple[int, int] | None = None,
                guide_not_made: bool = False) -> bytes:
    """read<id>.htm for one payload folder. `names` are the folder-relative files it holds;
    `guide_not_made` says the user guide PDF could not be printed when the folder was packaged."""
    study = manifest["study"]
    e = lambda value: html.escape(str(value), quote=True)
    access = study["access"]
    rows = []
    rows.append(f"<h1>{e(study['title'])}</h1>")
    rows.append(f"<p>Study number (SN): {e(study['id'])}")
    if study.get("doi"):
        rows.append(f"<br>DOI: <a href=\"https://doi.org/{e(study['doi'])}\">{e(study['doi'])}</a>")
    rows.append(f"<br>Version {e(study['version']['number'])}, {e(study['version']['date'])}</p>")
    if manifest.get("synthetic"):
        note = manifest.get("synthetic_note") or "This collection is synthetic demonstration data."
        rows.append(f"<p><strong>{e(note)}</strong></p>")
    if part and part[1] > 1:
        rows.append(f"<p>This download is part {part[0]} of {part[1]}. Every part carries the documentation; "
                    f"the data and transcripts are divided between the parts. You need all {part[1]} parts for the whole collection.</p>")
    rows.append("<h2>About the collection</h2>")
    rows.append(f"<p>{e(study['abstract'])}</p>")
    rows.append(f"<p>Data collected {e(study['collection_period']['start'])} to {e(study['collection_period']['end'])}. "
                f"Universe: {e(study['universe'])}</p>")
    rows.append("<h2>What each folder holds</h2>")
    rows.append(f"<p>This folder holds the {e('tab-delimited' if fmt == 'tab' else 'SPSS')} edition of the data.</p>")
    rows.append("<dl>")
    rows.append(f"<dt>{e(layout.readme_name(study['id']))}</dt><dd>this file</dd>")
    rows.append(f"<dt>{e(layout.inventory_name(study['id']))}</dt><dd>a list of every file with a short description</dd>")
    for folder in _folder_list(names):
        rows.append(f"<dt>{e(folder)}/</dt><dd>{e(layout.FOLDER_PURPOSE[folder])}</dd>")
    rows.append("</dl>")
    guide = layout.user_guide_place(study["id"])
    if guide in names:
        rows.append(f"<p>Start with the user guide, {e(guide)}: the study, how the data were collected, every file, "
                    "the anonymisation and the variables, on a few printable pages.</p>")
    elif guide_not_made:
        rows.append(f"<p>The user guide ({e(guide)}) could not be printed when this download was packaged, so it is "
                    f"not included. The codebook, {e(layout.MRDOC)}/codebook.html, holds the same study and "
                    "variable documentation, and the file inventory lists every file.</p>")
    rows.append("<h2>How to cite this collection</h2>")
    rows.append(f"<p>{e(citation(study))}</p>")
    if access.get("citation_requirement"):
        rows.append(f"<p>{e(access['citation_requirement'])}</p>")
    rows.append("<h2>Access conditions</h2>")
    for key in ("availability", "conditions", "restrictions"):
        if access.get(key):
            rows.append(f"<p>{e(access[key])}</p>")
    licence = access["licence"]
    link = f" (<a href=\"{e(licence['uri'])}\">{e(licence['uri'])}</a>)" if licence.get("uri") else ""
    rows.append(f"<p>Licence: {e(licence['name'])}{link}</p>")
    rows.append("<h2>Checking this download</h2>")
    rows.append("<p>The download is a BagIt bag (RFC 8493): manifest-sha256.txt lists a SHA-256 checksum for every file. "
                "Run <code>ukds-deposit verify</code> on the zip, or any BagIt validator on the unpacked folder, to confirm "
                "nothing was changed or lost.</p>")
    body = "\n".join(rows)
    page = ("<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n"
            "<body>\n{body}\n</body>\n</html>\n").format(lang=e(study.get("language", "en")), title=e(f"read{study['id']}: {study['title']}"), body=body)
    return page.encode("utf-8")
