"""`ukds-deposit describe WORK` and `ukds-deposit describe --validate FILE.xml`.

describe WORK: check the manifest against the CESSDA profile's needs (stop early,
naming the missing field), build the DDI from the manifest and the anonymised
files, validate it, and write WORK/metadata/<id>_ddi.xml, codebook.html, one
<stem>_ukda_data_dictionary.rtf per data file and WORK/results/describe.json.

--validate FILE.xml: validate any DDI Codebook 2.5 file and report per gate.
Exit codes: 0 passes, 1 invalid (XSD, IDREFs, or the chosen gate), 2 unreadable / not XML.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

from deposit.errors import ChecksFailed, Problem, ProblemReport, UserError
from deposit.fileio import dumps_json, write_bytes, write_text
from deposit.results import stage_result, write_result
from deposit.workdir import Work
from manifests.loader import load_manifest
from metadata import validate as ddi_validate
from metadata.codebook_html import render_codebook
from metadata.ddi import build_tree, serialise
from metadata.dictionary import DICTIONARY_SUFFIX, data_dictionary, dictionary_name
from metadata.profile import GATES, load_profile
from metadata.requirements import check_manifest
from metadata.sources import collect

STAGE = "describe"


def add_arguments(parser) -> None:
    parser.add_argument("work", nargs="?", help="the WORK folder written by 'ukds-deposit anonymise'")
    parser.add_argument("--validate", metavar="FILE.xml",
                        help="only validate this DDI Codebook 2.5 file (XSD, ID/IDREF, CESSDA profile)")
    parser.add_argument("--gate", choices=GATES, default="BASIC",
                        help="CESSDA profile gate that must pass (default BASIC; STANDARD adds recommended elements)")
    parser.add_argument("--json", action="store_true", help="with --validate: print the findings as JSON")


def run(args) -> int:
    if args.validate:
        return validate_file(Path(args.validate), args.gate, as_json=args.json)
    if not args.work:
        raise UserError("give a WORK folder, or --validate FILE.xml", hint="ukds-deposit describe build/work")
    result = describe(Work.at(args.work), gate=args.gate)
    summary = result["summary"]
    print(f"describe: {summary['data_files']} data file(s), {summary['variables']} variables, "
          f"{summary['transcripts']} transcript(s) -> {result['details']['ddi']}")
    print(f"describe: XSD {'valid' if summary['xsd_valid'] else 'INVALID'}; CESSDA profile violations: "
          f"BASIC {summary['violations']['BASIC']}, STANDARD {summary['violations']['STANDARD']}")
    if result["status"] != "ok":
        report = ProblemReport()
        report.extend(p for p in _problems(result) if p.severity == "error")
        raise ChecksFailed("the DDI metadata failed validation; see results/describe.json", report)
    return 0


def _problems(result: dict):
    return [Problem.from_dict(p) for p in result["problems"]]


def describe(work: Work, gate: str = "BASIC") -> dict:
    """Build, validate and write everything; return the stage result (also written to results/describe.json)."""
    if not work.manifest_copy.is_file():
        raise UserError(f"{work.manifest_copy} does not exist", hint="run 'ukds-deposit anonymise COLLECTION --work WORK' first")
    manifest = load_manifest(work.manifest_copy)
    study = manifest["study"]
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
    xml = serialise(build_tree(manifest, inputs))
    validation = ddi_validate.validate_ddi(xml, gate=gate)
    report.extend(validation)

    outputs = []
    ddi_path = work.metadata / f"{study['id']}_ddi.xml"
    write_bytes(ddi_path, xml)
    outputs.append(ddi_path)
    codebook = write_text(work.metadata / "codebook.html", render_codebook(manifest, inputs))
    outputs.append(codebook)
    written = set()
    for data in inputs.data:
        path = work.metadata / dictionary_name(data.stem)
        write_text(path, data_dictionary(data, study), encoding="ascii")
        outputs.append(path)
        written.add(path.name)
    # A dictionary left from an earlier run for a file that no longer exists would be packaged by mistake.
    for stale in work.metadata.glob(f"*{DICTIONARY_SUFFIX}"):
        if stale.name not in written:
            stale.unlink()

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
    rel = lambda p: Path(p).relative_to(work.root).as_posix()
    details = {
        "ddi": rel(ddi_path),
        "codebook": rel(codebook),
        "dictionaries": sorted(rel(p) for p in outputs if p.name.endswith(DICTIONARY_SUFFIX)),
        "gate": gate,
        "profile": {"name": profile.name, "version": profile.version},
    }
    result = stage_result(STAGE, report, outputs=[rel(p) for p in outputs], summary=summary, details=details)
    write_result(work, result)
    return result


def unmatched_files(manifest: dict, inputs) -> list:
    """Warnings for manifest files that have no anonymised counterpart to describe."""
    problems = []
    if not inputs.data and not inputs.transcripts:
        problems.append(Problem("describe.no_files", "no anonymised data files or transcripts found to describe",
                                "anonymised/", "run 'ukds-deposit anonymise' first", "warning"))
        return problems
    data_stems = {d.stem for d in inputs.data}
    transcript_stems = {PurePosixPath(t.file.rel).stem for t in inputs.transcripts}
    for entry in manifest.get("files", []):
        stem = PurePosixPath(entry["path"]).stem
        if (entry["role"] == "data" and stem not in data_stems) or (entry["role"] == "transcript" and stem not in transcript_stems):
            problems.append(Problem("describe.missing_file", f"{entry['path']} is in the manifest but has no anonymised "
                                    "file to describe", entry["path"],
                                    "re-run 'ukds-deposit anonymise', or remove the entry from files[]", "warning"))
    return problems


def validate_file(path: Path, gate: str, as_json: bool = False) -> int:
    report = ddi_validate.validate_ddi(path, gate=gate)
    checks = ddi_validate.summary(report)
    if as_json:
        sys.stdout.write(dumps_json({"file": str(path), "gate": gate, "ok": report.ok, **checks,
                                     "problems": report.to_list()}))
    else:
        for problem in report:
            print(problem.render())
        verdict = "passes" if report.ok else "FAILS"
        print(f"{path.name}: XSD {'valid' if checks['xsd_valid'] else 'INVALID'}; ID/IDREF errors {checks['id_errors']}; "
              f"CESSDA profile violations: BASIC {checks['violations']['BASIC']}, "
              f"STANDARD {checks['violations']['STANDARD']}; {verdict} at gate {gate}")
    return 0 if report.ok else 1
