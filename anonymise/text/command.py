"""`ukds-deposit anonymise-text IN_DIR OUT_DIR`: anonymise every transcript in a folder.

No manifest needed: known names, a keep-list and the replacement style come
from options. Every transcript under IN_DIR (.txt, .docx, .rtf, .odt, and WebVTT .vtt or
SRT .srt subtitles) is written under the same relative name and in the same format in
OUT_DIR, its layout kept. The private key goes OUTSIDE OUT_DIR
(by default next to it, in <OUT_DIR>_private/key.jsonl, owner-only), so OUT_DIR
can be shared as it is.

Every input is read and checked before anything is written: an empty, binary,
corrupt or undecodable file stops the run with exit code 2 and OUT_DIR untouched.
After writing, a residual scan looks for every original in every output; a hit
exits 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

from anonymise.text.documents import SUFFIXES, output_path
from manifests.errors import EXIT_OK, ChecksFailed, ProblemReport, UserError
from manifests.executor import add_engine_arguments, executing
from manifests.fileio import make_private_dir, write_jsonl


def add_arguments(parser) -> None:
    parser.add_argument("in_dir", help="folder of transcripts (.txt, .docx, .rtf, .odt, .vtt, .srt); never written to")
    parser.add_argument("out_dir", help="folder for the anonymised transcripts (same names)")
    parser.add_argument("--key", help="private key file (JSON Lines); must be outside OUT_DIR "
                                      "(default: OUT_DIR/../<OUT_DIR name>_private/key.jsonl)")
    parser.add_argument("--known", action="extend", nargs="+", default=[], metavar="NAME",
                        help="names that must always be replaced")
    parser.add_argument("--known-file", help="file of known names, one per line (optionally NAME<TAB>TYPE<TAB>LABEL)")
    parser.add_argument("--keep", action="extend", nargs="+", default=[], metavar="WORD",
                        help="words or phrases never replaced")
    parser.add_argument("--style", choices=("brackets", "role", "pseudonym"), default="brackets",
                        help="placeholders: [Person 1] (default), role labels from --known-file, or en_GB "
                             "pseudonyms for people (other identifiers keep brackets)")
    add_engine_arguments(parser, workers_help="processes (or local Dask workers) for detection (default 2)")
    parser.add_argument("--review-dir", help="folder for the review file of uncertain detections "
                                             "(default: next to the key)")


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them)."""
    key_path = _key_path(args.key, Path(args.out_dir))
    review = Path(args.review_dir) if args.review_dir else key_path.parent / "review"
    return [args.out_dir, key_path.parent, review]


def run(args) -> int:
    from anonymise.text.documents import read_document
    from anonymise.text.matching import kept_phrases
    from anonymise.text.pipeline import TextAnonymiser
    from anonymise.text.registry import Registry
    from anonymise.text.residual import residual_scan
    from anonymise.text.review import pending_count
    from anonymise.text.settings import TextSettings

    in_dir, out_dir = Path(args.in_dir), Path(args.out_dir)
    key_path = _key_path(args.key, out_dir)
    _check_folders(in_dir, out_dir, key_path)
    known = [{"text": n, "type": "PERSON"} for n in args.known] + _known_file(args.known_file)
    settings = TextSettings(known_identifiers=known, keep=list(args.keep), replacement_style=args.style,
                            workers=args.workers)
    review_dir = Path(args.review_dir) if args.review_dir else key_path.parent / "review"
    if _inside(review_dir, out_dir):
        raise UserError("the review folder must not be inside OUT_DIR: it shows originals",
                        location=str(review_dir))

    # Read everything first: one bad file stops the run before OUT_DIR is touched.
    sources = transcripts_in(in_dir)
    documents = {rel: read_document(in_dir / rel) for rel in sources}

    units = {rel: doc.units(rel) for rel, doc in documents.items()}
    make_private_dir(key_path.parent)
    with executing(args.engine, args.workers, args.scheduler) as executor:
        # Detections wait between the maps beside the key (owner-only), never inside OUT_DIR.
        anonymiser = TextAnonymiser(settings, Registry.from_settings(settings), review_dir=review_dir,
                                    executor=executor, scratch=key_path.parent)
        results = {r.uid: r for r in anonymiser.run([u for us in units.values() for u in us],
                                                    progress=sys.stderr.isatty())}

    written, records = [], []
    for rel, doc in documents.items():
        own = [results[u.uid] for u in units[rel]]
        written.append(doc.write(out_dir / output_path(rel), own))
        records.extend(r for res in own for r in res.records)
    make_private_dir(key_path.parent)
    write_jsonl(key_path, records, private=True)

    hits = residual_scan(written, records, root=out_dir, kept=kept_phrases(settings))
    pending = pending_count(review_dir)
    print(f"anonymise-text: {len(documents)} file(s) -> {out_dir}, {len(records)} identifier(s) replaced; "
          f"key: {key_path}")
    if pending:
        print(f"  {pending} uncertain item(s) replaced by default, waiting for review in {review_dir}",
              file=sys.stderr)
    if hits:
        report = ProblemReport()
        for hit in hits:
            report.add_problem("residual.original_found", location=f"{hit['file']}:{hit['location']}", variant="bare",
                               kind=hit["type"])
        raise ChecksFailed(f"residual scan: {len(hits)} original(s) still present in the outputs", report,
                           hint="add the names with --known and run again")
    return EXIT_OK


def transcripts_in(in_dir: Path) -> list[str]:
    """Relative paths of every transcript under IN_DIR, sorted; hidden and Office lock files skipped."""
    found = sorted(str(p.relative_to(in_dir)) for p in in_dir.rglob("*")
                   if p.is_file() and p.suffix.lower() in SUFFIXES
                   and not any(part.startswith((".", "~$")) for part in p.relative_to(in_dir).parts))
    if not found:
        raise UserError(f"no transcripts ({', '.join(SUFFIXES)}) found", location=str(in_dir))
    targets: dict[str, str] = {}
    for rel in found:
        target = str(output_path(rel)).casefold()
        if target in targets:
            raise UserError(f"{rel} and {targets[target]} would both be written as {output_path(rel)}",
                            location=str(in_dir), hint="rename one of them")
        targets[target] = rel
    return found


def _key_path(option: str | None, out_dir: Path) -> Path:
    if option:
        return Path(option)
    resolved = out_dir.resolve()
    return resolved.parent / f"{resolved.name}_private" / "key.jsonl"


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _check_folders(in_dir: Path, out_dir: Path, key_path: Path) -> None:
    if not in_dir.is_dir():
        raise UserError("the input folder does not exist", location=str(in_dir))
    if _inside(out_dir, in_dir) or _inside(in_dir, out_dir):
        raise UserError("IN_DIR and OUT_DIR must be separate folders (neither inside the other)",
                        location=str(out_dir))
    if _inside(key_path, out_dir):
        raise UserError("the key must not be inside OUT_DIR: it holds every original", location=str(key_path),
                        hint="give --key a path outside OUT_DIR, or leave it out for the default")
    if _inside(key_path, in_dir):
        raise UserError("the key must not be written inside IN_DIR", location=str(key_path))


def _known_file(path: str | None) -> list[dict]:
    if not path:
        return []
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read the known-names file: {exc}", location=str(path)) from exc
    items = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        item = {"text": fields[0], "type": (fields[1] if len(fields) > 1 and fields[1] else "PERSON").upper()}
        if len(fields) > 2 and fields[2]:
            item["label"] = fields[2]
        items.append(item)
    return items
