"""The UK Data Service download layout: the one place that names its folders.

    data/UKDA-<id>-<format>/          format: tab or spss
      tab/ | spss/                    the data, tab-delimited or SPSS
      rtf/  text/                     transcripts (.rtf; .txt and .vtt/.srt subtitles)
      docx/ odt/                      transcripts kept as Word or OpenDocument (packaging: {documents: keep})
      mrdoc/                          DDI XML, HTML codebook, anonymisation report, documentation
      mrdoc/allissue/                 <file>_ukda_data_dictionary.rtf
      mrdoc/pdf/                      <id>_user_guide.pdf
      <id>_file_information.rtf       file inventory
      read<id>.htm                    readme

The packager asks this module where a file goes (`place`); the verifier asks it
whether a payload looks right (`check_payload`). Both are pure: names in,
names or problems out.

Each format's folder carries its own edition of the generated metadata (DDI,
codebook, data dictionaries), naming only the data files that folder holds.
`describe` writes the editions to WORK/metadata/<format>/ (`metadata_edition`),
and the packager copies each into its folder's mrdoc/.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from manifests.formats import PREFERRED as _PREFERRED
from manifests.errors import Problem

FORMATS = ("tab", "spss")
FORMAT_CHOICES = ("tab", "spss", "both")
DATA_SUFFIX = {"tab": ".tab", "spss": ".sav"}
# The folder each transcript format goes to. Subtitles are plain UTF-8 text with cue timings.
TEXT_FOLDERS = {".rtf": "rtf", ".txt": "text", ".vtt": "text", ".srt": "text", ".docx": "docx", ".odt": "odt"}
FOLDER_SUFFIXES = {folder: frozenset(s for s, f in TEXT_FOLDERS.items() if f == folder)
                   for folder in TEXT_FOLDERS.values()}
CONVERT_TO_RTF = (".docx", ".odt")
# How a bundle carries Word and OpenDocument files (transcripts and study documents): as RTF,
# the UK Data Service's preferred format for formatted text (the default: paragraphs, bold and
# italic, headings and tables are kept, see anonymise/text/documents/rendition.py), or kept as
# the anonymised .docx/.odt (acceptable in the UKDS table, manifests/formats.py, so no warning).
# Set in deposit.yaml as packaging: {documents: rtf | keep}; describe and package both read it,
# so the DDI names the files the bundle holds.
DOCUMENT_CHOICES = ("rtf", "keep")
DEFAULT_DOCUMENTS = "rtf"
MRDOC = "mrdoc"
ALLISSUE = "mrdoc/allissue"
MRDOC_PDF = "mrdoc/pdf"
DICTIONARY_SUFFIX = "_ukda_data_dictionary.rtf"
FOLDER = re.compile(r"^UKDA-(?P<id>[0-9A-Za-z-]{1,20})-(?P<format>tab|spss)$")

# What each document the toolkit generates is, for inventories, the DDI and the codebook.
GENERATED_DESCRIPTIONS = {
    "readme": "Read me first: what this collection is, what each folder holds, how to cite it",
    "inventory": "This list of files",
    "ddi": "Study and variable documentation, DDI Codebook 2.5 XML (machine-readable)",
    "codebook": "Codebook: study and variable documentation for reading in a web browser",
    "report_html": "Anonymisation report: what was replaced, how, and the disclosure-risk figures",
    "report_json": "Anonymisation report in machine-readable form (JSON)",
    "dictionary": "Data dictionary: variables, labels and values",
    "user_guide": "User guide (PDF): the study, how the data were collected, every file, the anonymisation, "
                  "the variables and how to cite",
}

# DDI notes (`<notes type=... subject=...>`) that say what a bundle should hold: written by metadata.ddi
# from the manifest's expected counts, read by the verifier. Subjects of EXPECTED_NOTE: "cases" and
# "variables" (a data file as listed, before anonymisation), "variables-removed" (by anonymisation), and
# "transcripts:<participant type>" at study level; a transcript's own PARTICIPANT_NOTE holds its type.
EXPECTED_NOTE = "expected"
PARTICIPANT_NOTE = "participant-type"
TRANSCRIPTS_SUBJECT = "transcripts:"

# UKDS-preferred formats (recommended or acceptable) for long-term preservation: manifests/formats.py.
PREFERRED = _PREFERRED

# What each folder is for, in the words the readme uses.
FOLDER_PURPOSE = {
    "tab": "the data as tab-delimited text (UTF-8, one header row of variable names)",
    "spss": "the data as SPSS system files (.sav) with variable and value labels",
    "rtf": "interview and focus-group transcripts as Rich Text Format (.rtf)",
    "text": "interview and focus-group transcripts as plain text (.txt, UTF-8) and subtitles with their "
            "cue timings (.vtt, .srt)",
    "docx": "interview and focus-group transcripts as Word documents (.docx), formatting kept",
    "odt": "interview and focus-group transcripts as OpenDocument text (.odt), formatting kept",
    MRDOC: "documentation: DDI Codebook 2.5 XML, the HTML codebook, the anonymisation report and study documents",
    ALLISSUE: "data dictionaries, one per data file (.rtf)",
    MRDOC_PDF: "the user guide as PDF, for reading and printing",
}


_FOLDERS_HINT = ", ".join(f"{f}/" for f in (*FORMATS, *dict.fromkeys(TEXT_FOLDERS.values()))) + f" or {MRDOC}/"


def payload_folder(study_id: str, fmt: str) -> str:
    return f"UKDA-{study_id}-{fmt}"


def readme_name(study_id: str) -> str:
    return f"read{study_id}.htm"


def inventory_name(study_id: str) -> str:
    return f"{study_id}_file_information.rtf"


def ddi_name(study_id: str) -> str:
    return f"{study_id}_ddi.xml"


GUIDE_SUFFIX = "_user_guide.pdf"


def user_guide_name(study_id: str) -> str:
    return f"{study_id}{GUIDE_SUFFIX}"


def user_guide_place(study_id: str) -> str:
    """The user guide's name inside its UKDA folder."""
    return f"{MRDOC_PDF}/{user_guide_name(study_id)}"


def metadata_edition(fmt: str) -> str:
    """The folder under WORK/metadata/ holding the DDI, codebook and data dictionaries of
    one format's bundle (WORK/metadata/ itself holds the whole collection's)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown data format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def formats_for(choice: str) -> tuple[str, ...]:
    return FORMATS if choice == "both" else (choice,)


def documents_choice(manifest: dict) -> str:
    """How the bundle carries .docx/.odt files: "rtf" (the default) or "keep"."""
    return ((manifest or {}).get("packaging") or {}).get("documents", DEFAULT_DOCUMENTS)


def transcript_place(relative: str, documents: str = DEFAULT_DOCUMENTS) -> tuple[str, bool]:
    """Folder-relative name for an anonymised transcript, and whether it needs converting to RTF.

    `relative` is the path under WORK/anonymised/transcripts, which repeats the collection's
    own folder (transcripts/sw01.docx); that first folder is implied by rtf/, text/ and so on."""
    path = PurePosixPath(relative)
    if len(path.parts) > 1 and path.parts[0].lower() == "transcripts":
        path = PurePosixPath(*path.parts[1:])
    suffix = path.suffix.lower()
    if suffix in CONVERT_TO_RTF and documents == "rtf":
        return f"rtf/{path.with_suffix('.rtf')}", True
    return f"{TEXT_FOLDERS.get(suffix, 'text')}/{path}", False


def documentation_place(relative: str, documents: str = DEFAULT_DOCUMENTS) -> tuple[str, bool]:
    """Documentation goes flat into mrdoc/ (the collection's docs/ folder is implied)."""
    path = PurePosixPath(relative)
    if len(path.parts) > 1 and path.parts[0].lower() in ("docs", "documentation"):
        path = PurePosixPath(*path.parts[1:])
    if path.suffix.lower() in CONVERT_TO_RTF and documents == "rtf":
        return f"{MRDOC}/{path.with_suffix('.rtf')}", True
    return f"{MRDOC}/{path}", False


def output_stem(entry: dict) -> str | None:
    """The name a manifest entry's outputs share, whatever their format, compared without case:
    a data file's stem (WORK/anonymised/data/ and tab/ or spss/ are flat), a transcript's or a
    document's path in its bundle folder without the suffix (a .docx becomes .rtf beside an
    .rtf of the same name, and one interview in two formats is one name)."""
    path = entry.get("path")
    if not isinstance(path, str):
        return None
    role = entry.get("role")
    if role == "data":
        return "data/" + PurePosixPath(path.replace("\\", "/")).stem.casefold()
    place = transcript_place(path) if role == "transcript" else documentation_place(path)
    folder, _, rest = place[0].partition("/")
    return f"{role}/{PurePosixPath(rest).with_suffix('')}".casefold()


def name_collisions(manifest: dict) -> list[list[str]]:
    """Groups of manifest paths whose outputs would be written under one name (output_stem),
    so that one would overwrite the other or the packager could not place both."""
    groups: dict[str, list[str]] = {}
    for entry in manifest.get("files") or []:
        if isinstance(entry, dict) and (stem := output_stem(entry)) is not None:
            groups.setdefault(stem, []).append(entry["path"])
    return [paths for paths in groups.values() if len(paths) > 1]


def is_preferred(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in PREFERRED


def check_payload(names: list[str]) -> list[Problem]:
    """Problems with a payload's layout. `names` are paths relative to data/. Every part of a
    split bundle carries the readme, inventory and DDI, so the rules are the same for parts."""
    problems: list[Problem] = []
    by_folder: dict[str, list[str]] = {}
    for name in names:
        top, _, rest = name.partition("/")
        if not rest:
            problems.append(Problem.of("layout.loose_file", location=f"data/{name}", name=name))
            continue
        by_folder.setdefault(top, []).append(rest)
    if not by_folder:
        problems.append(Problem.of("layout.empty", location="data/"))
    for folder, rests in sorted(by_folder.items()):
        match = FOLDER.match(folder)
        if not match:
            problems.append(Problem.of("layout.folder", location=f"data/{folder}", folder=folder))
            continue
        problems.extend(_check_folder(folder, match["id"], match["format"], set(rests)))
    return problems


def _check_folder(folder: str, study_id: str, fmt: str, rests: set[str]) -> list[Problem]:
    problems = []
    where = lambda rest: f"data/{folder}/{rest}"
    for required in (readme_name(study_id), inventory_name(study_id), f"{MRDOC}/{ddi_name(study_id)}"):
        if required not in rests:
            problems.append(Problem.of("layout.missing", location=where(required), path=where(required)))
    other_data = [f for f in FORMATS if f != fmt]
    for rest in sorted(rests):
        parts = rest.split("/")
        top = parts[0]
        if len(parts) == 1:
            if rest not in (readme_name(study_id), inventory_name(study_id)):
                problems.append(Problem.of("layout.unexpected", location=where(rest), path=where(rest),
                                           folders=_FOLDERS_HINT))
            continue
        if top in other_data:
            problems.append(Problem.of("layout.wrong_format", location=where(rest), path=where(rest), found=top, expected=fmt))
        elif top == fmt and not rest.endswith(DATA_SUFFIX[fmt]):
            problems.append(Problem.of("layout.data_format", location=where(rest), path=where(rest), suffix=DATA_SUFFIX[fmt]))
        elif top in FOLDER_SUFFIXES and PurePosixPath(rest).suffix.lower() not in FOLDER_SUFFIXES[top]:
            problems.append(Problem.of("layout.text_format", location=where(rest), path=where(rest), folder=top,
                                       suffix=", ".join(sorted(FOLDER_SUFFIXES[top]))))
        elif top not in (fmt, MRDOC, *FOLDER_SUFFIXES):
            problems.append(Problem.of("layout.unexpected", location=where(rest), path=where(rest), folders=_FOLDERS_HINT))
        elif not is_preferred(rest):
            problems.append(Problem.of("layout.not_preferred", location=where(rest), path=where(rest),
                                       preferred=", ".join(sorted(PREFERRED))))
    return problems
