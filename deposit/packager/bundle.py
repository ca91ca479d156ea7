"""Turn a plan into bundle zips: split by size, add readme and inventory, write each bag.

Bag names and zip names: DIST/<id>_<format>.zip holding the bag folder
<id>_<format>/; when split, DIST/<id>_<format>_part<N>.zip, each with bag-info
Bag-Group-Identifier and Bag-Count "N of M" (RFC 8493) so every part says what
it belongs to.
"""

from __future__ import annotations

from pathlib import Path

from deposit.bagit import write_bag
from deposit.packager import plan, split
from deposit.packager.plan import Planned
from deposit.packager.zipwriter import DeterministicZip, date_time_from
from manifests import fileio, layout
from manifests.version import __version__

DEFAULT_MAX_BYTES = 2_000_000_000  # ReShare's upload limit (2 GB)


def bagging_date(iso: str) -> str:
    """RFC 8493 wants YYYY-MM-DD; the manifest may give YYYY or YYYY-MM."""
    parts = iso.split("-") + ["01", "01"]
    return "-".join(parts[:3])


def source_organization(study: dict) -> str:
    """The organisation sending the bag: the producer, else the depositor's or first creator's affiliation."""
    producers = [p.get("name") for p in study.get("producer") or []]
    affiliations = [c.get("affiliation") for c in (study.get("depositor") or {}, *study["creators"])]
    return next((v for v in (*producers, *affiliations) if v), study["distributor"]["name"])


def bag_info(manifest: dict, choice: str, part: int, count: int) -> list[tuple[str, str]]:
    study = manifest["study"]
    pairs = [
        ("Source-Organization", source_organization(study)),
        ("External-Description", study["title"]),
        ("External-Identifier", study.get("doi") or f"{study.get('id_agency', 'UK Data Service')} SN {study['id']}"),
        ("Internal-Sender-Identifier", f"{study['id']}_{choice}"),
        ("Bagging-Date", bagging_date(study["deposit_date"])),
        ("Bag-Software-Agent", f"ukds-deposit {__version__}"),
    ]
    if study.get("depositor"):
        pairs.append(("Contact-Name", study["depositor"]["name"]))
    if count > 1:
        pairs += [("Bag-Group-Identifier", f"{study['id']}_{choice}"), ("Bag-Count", f"{part} of {count}")]
    return pairs


def bundle_stem(study_id: str, choice: str, part: int, count: int) -> str:
    return f"{study_id}_{choice}" + (f"_part{part}" if count > 1 else "")


def _finish(manifest: dict, files: list[Planned], formats, part, guides=None) -> list[Planned]:
    out: list[Planned] = []
    for fmt in formats:
        root = layout.payload_folder(manifest["study"]["id"], fmt)
        out += plan.finish_folder(manifest, fmt, [f for f in files if f.folder == root], part, guides)
    return sorted(out, key=lambda f: f.name)


def assemble(manifest: dict, files: list[Planned], formats, max_bytes: int = DEFAULT_MAX_BYTES,
             guides=None) -> list[list[Planned]]:
    """The files of each part, readme, inventory and (with `guides`) user guide included."""
    # Room for the readme, inventory and guide: their size for the whole set is an upper bound
    # for any one part (a part lists fewer files), plus margin for the part note.
    whole = _finish(manifest, files, formats, (1, 2), guides)
    reserve = sum(split.entry_cost(f.name, f.size) for f in whole if f.origin == "generated") + 4096 * len(formats)
    parts = split.split(files, max_bytes, reserve=reserve)
    count = len(parts)
    return [_finish(manifest, part, formats, (n, count) if count > 1 else None, guides)
            for n, part in enumerate(parts, start=1)]


def write(parts: list[list[Planned]], dist: Path, manifest: dict, choice: str) -> list[dict]:
    """Write one zip per part into the folder `dist`. Returns, per zip: file name, sha256, bytes,
    payload counts."""
    dist = Path(dist)
    study = manifest["study"]
    stamp = date_time_from(study["deposit_date"])
    written = []
    for number, files in enumerate(parts, start=1):
        stem = bundle_stem(study["id"], choice, number, len(parts))
        path = dist / f"{stem}.zip"
        with DeterministicZip(path, stem, stamp) as sink:
            write_bag(sink, [f.item() for f in files], bag_info(manifest, choice, number, len(parts)))
        written.append({"file": path.name, "sha256": sink.sha256, "bytes": path.stat().st_size,
                        "payload_files": len(files), "payload_bytes": sum(f.size for f in files),
                        "part": number, "parts": len(parts)})
    return written


def publish(staging: Path, dist: Path, study_id: str, choice: str, written: list[dict]) -> None:
    """Move finished zips from `staging` into `dist` (same file system: a rename each), then
    remove bundles of an earlier run of the same study and format that this run did not
    rewrite (e.g. it was split into more parts then): leaving them would mix two editions."""
    keep = {w["file"] for w in written}
    for name in sorted(keep):
        fileio.publish(staging / name, dist / name)
    for old in [dist / f"{study_id}_{choice}.zip", *dist.glob(f"{study_id}_{choice}_part*.zip")]:
        if old.name not in keep and old.is_file():
            fileio.remove(old)

