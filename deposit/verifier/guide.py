"""The user guide a bundle folder carries (mrdoc/pdf/<id>_user_guide.pdf): it opens, and its file
list is the folder's.

The guide is read as a researcher's PDF reader would show it (pypdf's text extraction). Its
"Files in this folder" section names every file one per row and says how many there are; every
file of the folder must be named there, nothing else that looks like a file of the layout may
be, and the count must agree. A folder packaged where no browser could print the guide has none,
and its readme says so: that is no failure.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from manifests import layout
from manifests.errors import Problem

# A name as the layout places files: under a known folder, or the readme and the inventory.
FILE_NAME = re.compile(r"(?<!\S)((?:tab|spss|rtf|text|mrdoc)/\S+\.\w+|read[0-9A-Za-z-]+\.htm|"
                       r"[0-9A-Za-z-]+_file_information\.rtf)(?!\S)")


def guide_text(path: Path) -> str:
    """All the text of a PDF, ligatures unfolded ('ﬁ' -> 'fi'). Raises ValueError if it does not open."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{type(exc).__name__}: {exc}") from None
    if not reader.pages:
        raise ValueError("it has no pages")
    return unicodedata.normalize("NFKC", text)


def listed_section(text: str) -> str:
    """The guide's file list, between the words metadata.user_guide prints before and after it."""
    from metadata.user_guide import FILE_LIST_END, FILE_LIST_HEADING

    start = text.find(FILE_LIST_HEADING)
    if start < 0:
        return ""
    end = text.find(FILE_LIST_END, start)
    return text[start:end if end > 0 else len(text)]


def stated_count(section: str) -> int | None:
    from metadata.user_guide import FILE_COUNT

    found = re.search(re.escape(FILE_COUNT).replace(r"\{n\}", r"(\d+)"), section)
    return int(found.group(1)) if found else None


def check_guide(payload_root: Path, folder: str, study_id: str, names: list[str]) -> list[Problem]:
    """Problems with one UKDA folder's guide; `names` are the payload's names (relative to data/)."""
    inner = sorted(n[len(folder) + 1:] for n in names if n.startswith(f"{folder}/"))
    rel = f"{folder}/{layout.user_guide_place(study_id)}"
    label = f"data/{rel}"
    try:
        section = listed_section(guide_text(payload_root / rel))
    except ValueError as exc:
        return [Problem.of("guide.unreadable", location=label, path=label, reason=str(exc))]
    if not section:
        return [Problem.of("guide.no_file_list", location=label, path=label)]
    problems = []
    flat = " ".join(section.split())
    listed = set(FILE_NAME.findall(flat))
    for name in inner:
        if not re.search(rf"(?<!\S){re.escape(name)}(?!\S)", flat):
            problems.append(Problem.of("guide.file_not_listed", location=f"data/{folder}/{name}", path=label, name=name))
    for name in sorted(listed - set(inner)):
        problems.append(Problem.of("guide.file_missing", location=f"data/{folder}/{name}", path=label, name=name))
    count = stated_count(flat)
    if count is not None and count != len(inner):
        problems.append(Problem.of("guide.count", location=label, path=label, stated=count, held=len(inner)))
    return problems
