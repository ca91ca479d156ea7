"""The anonymise stage for a whole collection: text and data passes sharing one registry.

Order matters for consistency: every text unit of the collection (transcript
paragraphs, documentation, free-text answers in data files) is detected and
merged into ONE registry before anything is replaced, so a name first seen in
a questionnaire answer is also caught in every transcript. Then outputs are
written, the private key is saved apart, and a residual scan looks for every
original in everything written. Any hit fails the stage.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter, defaultdict
from pathlib import Path

from manifests.containment import require_apart
from manifests.errors import Problem, ProblemReport, UserError
from manifests.executor import executing
from manifests.fileio import make_private_dir, write_json, write_jsonl, write_text
from manifests.loader import dump_yaml, load_collection, manifest_path
from manifests.results import stage_result, write_result
from manifests.version import __version__
from manifests.workdir import Work

TEXT_ROLES = ("transcript", "documentation")
SAMPLE_COUNT = 8
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]")


def output_folder(work: Work, role: str) -> Path:
    """Transcripts and documentation are kept apart so the packager can place them."""
    return work.transcripts if role == "transcript" else work.anonymised / "documentation"


def _collection_files(collection: Path, manifest: dict) -> list[dict]:
    files = sorted(manifest["files"], key=lambda f: f["path"])
    missing = [f["path"] for f in files if not (collection / f["path"]).is_file()]
    if missing:
        raise UserError(f"{len(missing)} file(s) listed in the manifest are missing: {', '.join(missing[:5])}",
                        location=str(manifest_path(collection)), hint="fix files[].path or add the files")
    return files


def run(collection, work_root, workers: int | None = None, progress: bool = False, engine: str | None = None,
        scheduler: str | None = None, executor=None, partition_chars: int | None = None) -> dict:
    """Anonymise COLLECTION into WORK. Returns the stage result (also written to WORK/results).
    `engine` (or a ready `executor`) runs the text pass's partitions (manifests/executor.py);
    neither chooses by size. `partition_chars` overrides the size of a partition."""
    from anonymise import stage_gates
    from anonymise.data import stage as data_stage
    from anonymise.report import write_reports
    from anonymise.text.documents import read_document
    from anonymise.text.pipeline import TextAnonymiser
    from anonymise.text.registry import Registry
    from anonymise.text.settings import TextSettings

    collection = Path(collection)
    require_apart(collection, work=work_root)
    work = Work.at(work_root)
    manifest = load_collection(collection)
    files = _collection_files(collection, manifest)
    settings = TextSettings.from_manifest(manifest)
    if workers:
        settings.workers = workers
    if partition_chars:
        settings.partition_chars = partition_chars

    # Read everything before writing anything: a corrupt input stops the run cleanly.
    documents = {f["path"]: read_document(collection / f["path"]) for f in files if f["role"] in TEXT_ROLES}
    data_settings = (manifest.get("anonymisation") or {}).get("data") or {}
    prepared = {f["path"]: data_stage.prepare(collection / f["path"], data_settings.get(f["path"], {}), manifest)
                for f in files if f["role"] == "data"}
    data_stage.share_labels(list(prepared.values()))

    make_private_dir(work.private)
    from anonymise.text.review import move_legacy_review
    move_legacy_review(work)          # decisions made in WORK/review/ before it moved to private/
    write_text(work.manifest_copy, dump_yaml(manifest), private=True)
    write_json(work.collection_pointer, {"collection": str(collection.resolve())}, private=True)

    units = [u for path, doc in documents.items() for u in doc.units(path)]
    units += [u for prep in prepared.values() for u in prep.text_units()]
    registry = Registry.from_settings(settings)
    with contextlib.ExitStack() as stack:
        if executor is None and engine:
            executor = stack.enter_context(executing(engine, settings.workers, scheduler))
        # Detections wait between the maps under WORK/private: owner-only, and a folder a
        # cluster's workers can share when WORK is on a shared file system.
        anonymiser = TextAnonymiser(settings, registry, review_dir=work.review, executor=executor,
                                    scratch=work.private)
        results = {r.uid: r for r in anonymiser.run(units, progress=progress)}

    key_records: list[dict] = []
    outputs: list[Path] = []
    transcripts = []
    roles = {f["path"]: f["role"] for f in files}
    for path, doc in documents.items():
        own = [results[u.uid] for u in doc.units(path)]
        target = output_folder(work, roles[path]) / path
        written = doc.write(target, own)
        outputs.append(Path(written or target))
        records = [r for res in own for r in res.records]
        key_records.extend(records)
        if roles[path] == "transcript":
            transcripts.append(_transcript_summary(path, outputs[-1], work, doc, records))

    data_results = []
    for path, prep in prepared.items():
        own = [results[u.uid] for u in prep.text_units()]
        result = dict(prep.finish(own, work.data, work.private))
        key_records.extend(result.pop("key_records", []))
        outputs.extend(work.root / o for o in result.get("outputs", []))
        data_results.append(result)

    write_jsonl(work.key, key_records, private=True)

    report = ProblemReport()
    # what a data writer could not keep (per variable) is a warning of the run
    report.extend(Problem.from_dict(w) for result in data_results for w in result.get("warnings") or [])
    text_outputs = [o for o in outputs if o.suffix.lower() != ".sav"]
    # Each check names what it found privately (WORK/private/) and lets a person decide per occurrence.
    residual = stage_gates.residual(work, text_outputs, key_records, settings, report)
    stage_gates.kept_words(work, manifest, settings, text_outputs, report)
    stage_gates.published_names(work, manifest, key_records, report)

    from anonymise.text.review import review_summary
    details = {
        "collection": {"id": manifest["study"]["id"], "title": manifest["study"]["title"],
                       "synthetic": bool(manifest.get("synthetic"))},
        "settings": settings.public_summary() | {"tool_version": __version__},
        "transcripts": transcripts,
        "entities": registry.entities(),
        "review": review_summary(work.review, work.root),
        "residual": residual,
        "samples": _samples(results.values(), units),
        "data": data_results,
    }
    rel = lambda p: str(Path(p).relative_to(work.root)) if Path(p).is_relative_to(work.root) else str(p)
    summary = {
        "files_processed": len(documents) + len(prepared),
        "identifiers_replaced": len(key_records),
        "distinct_entities": len(details["entities"]),
        "review_pending": details["review"].get("pending", 0),
        "residual": details["residual"]["status"],
    }
    result = stage_result("anonymise", report, [rel(o) for o in outputs], summary, details)
    write_result(work, result)
    write_reports(work, manifest, result, key_records)
    return result


def _transcript_summary(path: str, output: Path, work: Work, doc, records: list[dict]) -> dict:
    by_type = Counter(r["type"] for r in records)
    return {"file": path, "output": str(output.relative_to(work.root)), "words": doc.word_count(),
            "replaced": len(records), "by_type": dict(sorted(by_type.items()))}


def _samples(results, units) -> list[dict]:
    """Anonymised sentences that contain placeholders: document passages first, spread over
    files, then free-text answers from data files (marked with their variable).

    Taken from the OUTPUT text, so they can only show placeholders; picked in a fixed
    order so the report is deterministic. Units do not say whether a document is a
    transcript or study documentation, so documents give up to SAMPLE_COUNT passages
    each, round-robin over files, and the report keeps the transcripts' (the first
    SAMPLE_COUNT of them are then still spread over the transcripts)."""
    unit_of = {u.uid: u for u in units}
    documents, answers = defaultdict(list), defaultdict(list)
    for res in sorted(results, key=lambda r: r.uid):
        if not res.records:
            continue
        unit = unit_of.get(res.uid)
        variable = getattr(unit, "variable", None)
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", res.text):
            sentence = sentence.strip()
            # a placeholder has a word in it: "[00:00:11]" is a transcript's timestamp
            placed = any(re.search(r"[^\W\d_]", m.group(0)) for m in _PLACEHOLDER.finditer(sentence))
            if not (placed and 40 <= len(sentence) <= 400):
                continue
            if variable is None:
                documents[getattr(unit, "file", "")].append({"file": getattr(unit, "file", ""), "text": sentence})
            else:
                answers[unit.file].append({"file": unit.file, "variable": variable, "text": sentence})

    def round_robin(per_file: dict, per_file_limit: int, total: int) -> list[dict]:
        queues = {file: items[:per_file_limit] for file, items in sorted(per_file.items())}
        out: list[dict] = []
        while len(out) < total and any(queues.values()):
            for file in sorted(queues):
                if queues[file] and len(out) < total:
                    out.append(queues[file].pop(0))
        return out

    return round_robin(documents, SAMPLE_COUNT, 4 * SAMPLE_COUNT) + round_robin(answers, SAMPLE_COUNT, SAMPLE_COUNT)
