"""`ukds-deposit describe WORK` and `ukds-deposit describe --validate FILE.xml`.

describe WORK: check the manifest against the CESSDA profile's needs (stop early,
naming the missing field), build the DDI from the manifest and the anonymised
files, validate it, and write WORK/metadata/<id>_ddi.xml, codebook.html, one
<stem>_ukda_data_dictionary.rtf per data file and WORK/results/describe.json.

Those describe the whole collection, every data file in every format. Each
bundle is one format (UKDA-<id>-tab or -spss), and its metadata must name only
the files it holds, so the same three are written again per format, from the
same inputs narrowed to that format (metadata.sources.for_format), into
WORK/metadata/tab/ and WORK/metadata/spss/: the editions the packager copies.
Every edition is validated like the collection's DDI; a problem they share is
reported once.

--validate FILE.xml: validate any DDI Codebook 2.5 file and report per gate.
Exit codes: 0 passes, 1 invalid (XSD, IDREFs, or the chosen gate), 2 unreadable / not XML.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path, PurePosixPath

from manifests.errors import ChecksFailed, Problem, ProblemReport, UserError
from manifests.fileio import dumps_json, remove, write_bytes, write_text
from manifests.layout import FORMATS, metadata_edition
from manifests.loader import load_manifest
from manifests.results import stage_result, write_result
from manifests.workdir import Work
from metadata import validate as ddi_validate
from metadata.codebook_html import render_codebook
from metadata.ddi import build_tree, serialise
from metadata.dictionary import DICTIONARY_SUFFIX, data_dictionary, dictionary_name
from metadata.profile import GATES, load_profile
from metadata.requirements import check_manifest
from metadata.sources import Inputs, collect, for_format

STAGE = "describe"


def add_arguments(parser) -> None:
    parser.add_argument("work", nargs="?", help="the WORK folder written by 'ukds-deposit anonymise'")
    parser.add_argument("--validate", metavar="FILE.xml",
                        help="only validate this DDI Codebook 2.5 file (XSD, ID/IDREF, CESSDA profile)")
    parser.add_argument("--gate", choices=GATES, default="BASIC",
                        help="CESSDA profile gate that must pass (default BASIC; STANDARD adds recommended elements)")
    parser.add_argument("--strict", action="store_true",
                        help="read the profile's recommended rules as the CESSDA validator does: also under optional "
                             "elements the record leaves out (matters with --gate STANDARD)")
    parser.add_argument("--json", action="store_true", help="with --validate: print the findings as JSON")


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them): none for --validate."""
    return [] if args.validate else [args.work]


def run(args) -> int:
    if args.validate:
        return validate_file(Path(args.validate), args.gate, as_json=args.json, strict=args.strict)
    if not args.work:
        raise UserError("give a WORK folder, or --validate FILE.xml", hint="ukds-deposit describe build/work")
    result = describe(Work.at(args.work), gate=args.gate, strict=args.strict)
    summary = result["summary"]
    print(f"describe: {summary['data_files']} data file(s), {summary['variables']} variables, "
          f"{summary['transcripts']} transcript(s) -> {result['details']['ddi']}")
    for fmt, edition in result["details"]["editions"].items():
        print(f"describe: {fmt} bundle's edition ({len(edition['data_files'])} data file(s)) -> "
              f"{PurePosixPath(edition['ddi']).parent}/")
    print(f"describe: XSD {'valid' if summary['xsd_valid'] else 'INVALID'}; CESSDA profile violations: "
          f"BASIC {summary['violations']['BASIC']}, STANDARD {summary['violations']['STANDARD']}")
    if result["status"] != "ok":
        report = ProblemReport()
        report.extend(p for p in _problems(result) if p.severity == "error")
        raise ChecksFailed("the DDI metadata failed validation; see results/describe.json", report)
    return 0


def _problems(result: dict):
    return [Problem.from_dict(p) for p in result["problems"]]


def describe(work: Work, gate: str = "BASIC", strict: bool = False) -> dict:
    """Build, validate and write everything; return the stage result (also written to results/describe.json)."""
    if not work.manifest_copy.is_file():
        raise UserError(f"{work.manifest_copy} does not exist", hint="run 'ukds-deposit anonymise COLLECTION --work WORK' first")
    manifest = load_manifest(work.manifest_copy)
    report = ProblemReport()

    early = check_manifest(manifest)
    report.extend(early)
    if report.errors:
        write_result(work, stage_result(STAGE, report, summary={"stopped": "manifest"}))
        fields = ", ".join(p.location for p in report.errors)
        raise UserError(f"the manifest lacks what the CESSDA Data Catalogue profile makes mandatory: {fields}",
                        hint="; ".join(p.hint for p in report.errors), location=str(work.manifest_copy))

    inputs = collect(work, manifest)
    report.extend(unmatched_files(manifest, inputs))
    rel = lambda p: Path(p).relative_to(work.root).as_posix()

    xml = serialise(build_tree(manifest, inputs))
    validation = ddi_validate.validate_ddi(xml, gate=gate, strict=strict)
    report.extend(validation)
    written = write_metadata(work.metadata, manifest, inputs, xml)
    outputs = [written["ddi"], written["codebook"], *written["dictionaries"]]

    editions = {}
    for fmt in FORMATS:
        edition = for_format(inputs, fmt)
        edition_xml = serialise(build_tree(manifest, edition))
        files = write_metadata(work.metadata / metadata_edition(fmt), manifest, edition, edition_xml)
        edition_check = ddi_validate.validate_ddi(edition_xml, gate=gate, strict=strict)
        report.extend(_edition_problems(edition_check, validation, rel(files["ddi"])))
        outputs += [files["ddi"], files["codebook"], *files["dictionaries"]]
        editions[fmt] = {
            "ddi": rel(files["ddi"]),
            "codebook": rel(files["codebook"]),
            "dictionaries": sorted(rel(p) for p in files["dictionaries"]),
            "data_files": sorted(f.uri for d in edition.data for f in d.files),
            **ddi_validate.summary(edition_check),
        }

    checks = ddi_validate.summary(validation)
    profile = load_profile()
    summary = {
        "data_files": len(inputs.data),
        "transcripts": len(inputs.transcripts),
        "variables": sum(len(d.variables) for d in inputs.data),
        "cases": {d.stem: d.cases for d in inputs.data},
        "xsd_valid": checks["xsd_valid"],
        "id_errors": checks["id_errors"],
        "violations": checks["violations"],
    }
    details = {
        "ddi": rel(written["ddi"]),
        "codebook": rel(written["codebook"]),
        "dictionaries": sorted(rel(p) for p in written["dictionaries"]),
        "editions": editions,
        "gate": gate,
        "strict": strict,
        "profile": {"name": profile.name, "version": profile.version},
    }
    result = stage_result(STAGE, report, outputs=[rel(p) for p in outputs], summary=summary, details=details)
    write_result(work, result)
    return result


def write_metadata(folder: Path, manifest: dict, inputs: Inputs, xml: bytes) -> dict:
    """Write the DDI, the HTML codebook and one data dictionary per data set into `folder`;
    return their paths ({"ddi", "codebook", "dictionaries"})."""
    study = manifest["study"]
    ddi_path = write_bytes(folder / f"{study['id']}_ddi.xml", xml)
    codebook = write_text(folder / "codebook.html", render_codebook(manifest, inputs))
    dictionaries = []
    for data in inputs.data:
        dictionaries.append(write_text(folder / dictionary_name(data.stem), data_dictionary(data, study), encoding="ascii"))
    # A dictionary left from an earlier run for a file that no longer exists would be packaged by mistake.
    names = {p.name for p in dictionaries}
    for stale in folder.glob(f"*{DICTIONARY_SUFFIX}"):
        if stale.name not in names:
            remove(stale)
    return {"ddi": ddi_path, "codebook": codebook, "dictionaries": dictionaries}


def _edition_problems(edition: ProblemReport, collection: ProblemReport, label: str) -> list[Problem]:
    """An edition's findings that the collection's DDI does not already have, located in the edition's file.

    Study-level findings are the same in every edition; reporting them three times says nothing new."""
    seen = {(p.code, p.message, p.location) for p in collection}
    return [replace(p, message=f"{label}: {p.message}", location=f"{label}:{p.location}" if p.location else label)
            for p in edition if (p.code, p.message, p.location) not in seen]


def unmatched_files(manifest: dict, inputs) -> list:
    """Warnings for manifest files that have no anonymised counterpart to describe."""
    problems = []
    if not inputs.data and not inputs.transcripts:
        problems.append(Problem.of("describe.no_files", location="anonymised/"))
        return problems
    data_stems = {d.stem for d in inputs.data}
    transcript_stems = {PurePosixPath(t.file.rel).stem for t in inputs.transcripts}
    for entry in manifest.get("files", []):
        stem = PurePosixPath(entry["path"]).stem
        if (entry["role"] == "data" and stem not in data_stems) or (entry["role"] == "transcript" and stem not in transcript_stems):
            problems.append(Problem.of("describe.missing_file", location=entry["path"], path=entry["path"]))
    return problems


def validate_file(path: Path, gate: str, as_json: bool = False, strict: bool = False) -> int:
    report = ddi_validate.validate_ddi(path, gate=gate, strict=strict)
    checks = ddi_validate.summary(report)
    if as_json:
        sys.stdout.write(dumps_json({"file": str(path), "gate": gate, "strict": strict, "ok": report.ok, **checks,
                                     "problems": report.to_list()}))
    else:
        for problem in report:
            print(problem.render())
        verdict = "passes" if report.ok else "FAILS"
        print(f"{path.name}: XSD {'valid' if checks['xsd_valid'] else 'INVALID'}; ID/IDREF errors {checks['id_errors']}; "
              f"CESSDA profile violations: BASIC {checks['violations']['BASIC']}, "
              f"STANDARD {checks['violations']['STANDARD']}{' (strict)' if strict else ''}; {verdict} at gate {gate}")
    return 0 if report.ok else 1
