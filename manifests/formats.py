"""File formats as the UK Data Service rates them for long-term preservation: one table, read by
the health checks (a raw file in a format that is only acceptable) and by the layout rules (a
bundled file in a format the archive does not take).

The rating follows the UK Data Service's current table of recommended formats: for data with
labels, SPSS (.sav) and Stata (.dta) are recommended and SPSS portable (.por) is now only
acceptable; delimited text is recommended with a setup file (the data dictionary the toolkit
writes is one); for text, RTF, plain text and XML are recommended, Word (.docx), OpenDocument
and HTML acceptable. Formats the table does not name are not preferred at all.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import NamedTuple

RECOMMENDED, ACCEPTABLE = "recommended", "acceptable"


class Format(NamedTuple):
    kind: str      # data | text | documentation
    level: str     # recommended | acceptable
    name: str      # what a data manager calls it
    instead: str   # the recommended format to save as, for one that is only acceptable


TABLE: dict[str, Format] = {
    ".sav": Format("data", RECOMMENDED, "SPSS system file", ""),
    ".dta": Format("data", RECOMMENDED, "Stata data file", ""),
    ".tab": Format("data", RECOMMENDED, "tab-delimited text with a setup file", ""),
    ".csv": Format("data", RECOMMENDED, "comma-separated text with a setup file", ""),
    ".por": Format("data", ACCEPTABLE, "SPSS portable file", ".sav (SPSS system file)"),
    ".zsav": Format("data", ACCEPTABLE, "compressed SPSS system file", ".sav (SPSS system file)"),
    ".xlsx": Format("data", ACCEPTABLE, "Excel workbook", ".sav, .dta or delimited text with a setup file"),
    ".rtf": Format("text", RECOMMENDED, "Rich Text Format", ""),
    ".txt": Format("text", RECOMMENDED, "plain text", ""),
    ".xml": Format("text", RECOMMENDED, "XML", ""),
    ".docx": Format("text", ACCEPTABLE, "Word document", ".rtf or .txt"),
    ".odt": Format("text", ACCEPTABLE, "OpenDocument text", ".rtf or .txt"),
    ".html": Format("text", ACCEPTABLE, "HTML", ".rtf, .txt or .xml"),
    ".htm": Format("text", ACCEPTABLE, "HTML", ".rtf, .txt or .xml"),
    ".pdf": Format("documentation", ACCEPTABLE, "PDF", "PDF/A"),
    # Not in the archive's table; the anonymisation report's machine-readable twin, which
    # every reader opens as text, is kept acceptable rather than warned about in every bundle.
    ".json": Format("documentation", ACCEPTABLE, "JSON text", ""),
}

PREFERRED = frozenset(TABLE)


def rating(name: str) -> Format | None:
    """How the archive rates the file `name`, or None when its format is not in the table."""
    return TABLE.get(PurePosixPath(name).suffix.lower())
