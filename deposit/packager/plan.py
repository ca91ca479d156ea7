"""What goes into a bundle, and where: WORK (and the collection's documents) -> payload names.

The plan is a list of `Planned` files, each with its payload name (relative to
the bag's data/ folder) and either a source file to copy or bytes made here
(an RTF rendition of a .docx/.odt, unless the manifest's packaging.documents says
"keep": manifests/layout.py). Nothing is written; the gates read the plan
before the zip writer does. The readme and file inventory are added per part
(`finish_folder`), after splitting, because they say which part they are in.

The DDI, codebook and data dictionaries come from the format's own edition,
WORK/metadata/<format>/, which `describe` builds from the same files this plan
bundles: a tab folder's DDI lists its .tab files, never the .sav ones it does
not hold. WORK/metadata/ itself (the whole collection) is never bundled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from deposit.bagit import PayloadItem
from deposit.packager import documents
from manifests import layout
from manifests.containment import collection_file
from manifests.errors import ProblemReport
from manifests.fileio import read_json
from manifests.workdir import Work


@dataclass(frozen=True)
class Planned:
    name: str                 # relative to data/: UKDA-<id>-<fmt>/...
    source: Path | None = None
    data: bytes | None = None
    origin: str = ""          # where it came from, for messages (WORK-relative path or "generated")
    description: str = ""     # for the file inventory
    text: str | None = None   # plain text of a converted document (the gates scan it)

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.source.stat().st_size

    @property
    def folder(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def inner(self) -> str:
        """Name inside its UKDA folder."""
        return self.name.split("/", 1)[1]

    def item(self) -> PayloadItem:
        return PayloadItem(self.name, source=self.source, data=self.data)


def _visible_files(folder: Path) -> list[Path]:
    """Files under `folder`, sorted, skipping hidden ones (an interrupted atomic write leaves `.name.part`)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _descriptions(manifest: dict) -> dict[str, str]:
    """File stem -> manifest description; the anonymised outputs keep their source's stem."""
    out = {}
    for entry in manifest["files"]:
        if entry.get("description"):
            out.setdefault(PurePosixPath(entry["path"]).stem.lower(), entry["description"])
    return out


def collection_folder(work: Work) -> Path | None:
    """The collection folder the anonymise stage recorded (WORK/private/collection.json).

    Only the path is read from private/; nothing there is ever bundled."""
    pointer = work.collection_pointer
    if not pointer.is_file():
        return None
    folder = Path(read_json(pointer).get("collection", ""))
    return folder if folder.is_dir() else None


def convert_to_rtf(path: Path, title: str) -> tuple[bytes, str]:
    """A .docx/.odt document as RTF (UKDS-preferred), and its plain text for the gates: every
    paragraph (every speaker turn) its own, bold and italic kept, tables as tables."""
    from anonymise.text.documents import read_document
    from anonymise.text.documents.rendition import plain_text, rendition, to_rtf

    blocks = rendition(read_document(path))
    return to_rtf(blocks, title).encode("ascii"), plain_text(blocks)


# Kept in their own format, these are read for the gates' search for originals: a zip (.docx,
# .odt) hides its text from a search of bytes, and subtitles are not among the suffixes the
# gates read as text.
_READ_FOR_GATES = (".docx", ".odt", ".vtt", ".srt")


def build(work: Work, manifest: dict, fmt: str, report: ProblemReport) -> list[Planned]:
    """Every file of one payload folder except the readme and inventory. Missing optional
    pieces are not errors here; the gates decide what is required."""
    study_id = manifest["study"]["id"]
    root = layout.payload_folder(study_id, fmt)
    documents = layout.documents_choice(manifest)
    described = _descriptions(manifest)
    describe = lambda path, default: described.get(Path(path).stem.lower(), default)
    rel = lambda path: str(Path(path).relative_to(work.root)) if Path(path).is_relative_to(work.root) else Path(path).name
    planned: list[Planned] = []

    for path in sorted(work.data.glob(f"*{layout.DATA_SUFFIX[fmt]}")):
        planned.append(Planned(f"{root}/{fmt}/{path.name}", source=path, origin=rel(path),
                               description=describe(path, "Data file")))

    for path in _visible_files(work.transcripts):
        name, convert = layout.transcript_place(path.relative_to(work.transcripts).as_posix(), documents)
        planned.append(_placed(f"{root}/{name}", path, convert, rel(path), describe(path, "Transcript")))

    collection = None
    for entry in sorted((f for f in manifest["files"] if f["role"] == "documentation"), key=lambda f: f["path"]):
        # The anonymised copy is preferred: documents can name people too.
        source = work.anonymised / "documentation" / entry["path"]
        if not source.is_file():
            collection = collection or collection_folder(work)
            source = collection_file(collection, entry["path"]) if collection else source
        if not source.is_file():
            report.add_problem("package.missing_document", location=entry["path"], path=entry["path"])
            continue
        name, convert = layout.documentation_place(entry["path"], documents)
        planned.append(_placed(f"{root}/{name}", source, convert, rel(source), entry.get("description") or "Documentation"))

    edition = work.metadata / layout.metadata_edition(fmt)
    ddi = edition / layout.ddi_name(study_id)
    if ddi.is_file():
        planned.append(Planned(f"{root}/{layout.MRDOC}/{ddi.name}", source=ddi, origin=rel(ddi),
                               description=layout.GENERATED_DESCRIPTIONS["ddi"]))
    elif (work.metadata / layout.ddi_name(study_id)).is_file():
        # Described by a version that wrote one DDI for every format: bundling it would list files this folder lacks.
        report.add_problem("package.metadata_edition", location=str(edition), edition=edition.name, ddi=ddi.name, format=fmt)
    codebook = edition / "codebook.html"
    if codebook.is_file():
        planned.append(Planned(f"{root}/{layout.MRDOC}/codebook.html", source=codebook, origin=rel(codebook),
                               description=layout.GENERATED_DESCRIPTIONS["codebook"]))
    for path in sorted(edition.glob(f"*{layout.DICTIONARY_SUFFIX}")):
        planned.append(Planned(f"{root}/{layout.ALLISSUE}/{path.name}", source=path, origin=rel(path),
                               description=layout.GENERATED_DESCRIPTIONS["dictionary"] + f" for {path.name[:-len(layout.DICTIONARY_SUFFIX)]}"))
    for suffix, key in ((".html", "report_html"), (".json", "report_json")):
        path = work.reports / f"anonymisation_report{suffix}"
        if path.is_file():
            planned.append(Planned(f"{root}/{layout.MRDOC}/{path.name}", source=path, origin=rel(path),
                                   description=layout.GENERATED_DESCRIPTIONS[key]))
    return sorted(planned, key=lambda p: p.name)


def _placed(name: str, source: Path, convert: bool, origin: str, description: str) -> Planned:
    if not convert:
        text = None
        if source.suffix.lower() in _READ_FOR_GATES:
            from anonymise.text.documents import read_document

            text = "\n".join(piece for _where, piece in read_document(source).texts())
        return Planned(name, source=source, origin=origin, description=description, text=text)
    data, text = convert_to_rtf(source, PurePosixPath(name).stem)
    return Planned(name, data=data, origin=origin, description=description, text=text)


def finish_folder(manifest: dict, fmt: str, files: list[Planned], part: tuple[int, int] | None,
                  guides=None) -> list[Planned]:
    """Add the readme, the file inventory and (with `guides`, a guide.UserGuides) the user guide to
    one payload folder's files. The guide lists every file of the folder, itself included; one
    that cannot be printed is left out, and the readme says so."""
    study_id = manifest["study"]["id"]
    root = layout.payload_folder(study_id, fmt)
    readme = f"{root}/{layout.readme_name(study_id)}"
    inventory = f"{root}/{layout.inventory_name(study_id)}"
    inner = sorted([p.inner for p in files] + [layout.readme_name(study_id), layout.inventory_name(study_id)])
    rows = {p.inner: p.description for p in files}
    rows[layout.readme_name(study_id)] = layout.GENERATED_DESCRIPTIONS["readme"]
    rows[layout.inventory_name(study_id)] = layout.GENERATED_DESCRIPTIONS["inventory"]
    generated, not_made = [], ""
    if guides is not None:
        name = layout.user_guide_place(study_id)
        rows[name] = layout.GENERATED_DESCRIPTIONS["user_guide"]
        listed = sorted([*inner, name])
        pdf, text, not_made = guides.render(fmt, [(n, rows[n]) for n in listed])
        if pdf is not None:
            inner = listed
            generated.append(Planned(f"{root}/{name}", data=pdf, origin="generated", description=rows[name], text=text))
    entries = [(name, rows[name]) for name in inner]
    generated += [
        Planned(readme, data=documents.readme_html(manifest, fmt, inner, part, guide_not_made=bool(not_made)),
                origin="generated", description=rows[layout.readme_name(study_id)]),
        Planned(inventory, data=documents.file_information_rtf(manifest, entries), origin="generated",
                description=rows[layout.inventory_name(study_id)]),
    ]
    return sorted(files + generated, key=lambda p: p.name)
