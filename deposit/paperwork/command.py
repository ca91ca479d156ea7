"""`ukds-deposit paperwork WORK --out DIR`: the depositor's paperwork, filled from the manifest.

Writes into DIR (never into the bundle: these are for the depositor):

    <id>_licence_schedule.rtf      copyright holder and rights statement per file, for the licence
    <id>_reshare_record.html|json  every field of the ReShare deposit form, empty ones marked,
                                   and the ESRC deadline for creating the record
    <id>_intake_summary.html|json  counts against the expected counts, unlabelled variables and
                                   values, documentation present or missing

Reads the manifest copy in WORK/private (the study block and the file list only) and what
anonymise and describe wrote. Exit 0 when written; 2 when WORK is not ready.
"""

from __future__ import annotations

from pathlib import Path

from manifests.errors import EXIT_OK, UserError


def add_arguments(parser) -> None:
    parser.add_argument("work", help="work folder written by 'ukds-deposit anonymise' and 'describe'")
    parser.add_argument("--out", required=True, help="folder for the paperwork (not the bundle folder)")


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them)."""
    return [args.out]


def names(study_id: str) -> dict[str, str]:
    return {"licence": f"{study_id}_licence_schedule.rtf",
            "reshare_html": f"{study_id}_reshare_record.html", "reshare_json": f"{study_id}_reshare_record.json",
            "intake_html": f"{study_id}_intake_summary.html", "intake_json": f"{study_id}_intake_summary.json"}


def run(args) -> int:
    from deposit.packager.plan import collection_folder
    from deposit.paperwork import intake, licence, reshare
    from manifests.containment import require_apart
    from manifests.fileio import write_json, write_text
    from manifests.loader import load_manifest
    from manifests.workdir import Work

    work = Work.at(args.work)
    if not work.manifest_copy.is_file():
        raise UserError("the work folder has no manifest copy (private/deposit.yaml)", location=str(work.root),
                        hint="run 'ukds-deposit anonymise COLLECTION --work WORK' (and 'describe') first")
    out = Path(args.out)
    # The paperwork names the files of the collection: it goes to the depositor, never next to the key.
    if out.resolve() == work.root.resolve() or out.resolve().is_relative_to(work.private.resolve()):
        raise UserError("--out is the work folder or inside its private folder", location=str(out),
                        hint="give the paperwork a folder of its own, e.g. build/paperwork")
    collection = collection_folder(work)
    if collection is not None:
        require_apart(collection, out=out)
    manifest = load_manifest(work.manifest_copy)
    study_id = manifest["study"]["id"]
    files = names(study_id)

    sheet = reshare.record_sheet(manifest)
    summary = intake.gather(work, manifest, collection)
    write_text(out / files["licence"], licence.schedule_rtf(manifest), encoding="ascii")
    write_json(out / files["reshare_json"], sheet)
    write_text(out / files["reshare_html"], reshare.render_html(sheet))
    write_json(out / files["intake_json"], summary)
    write_text(out / files["intake_html"], intake.render_html(summary))

    due = sheet["deadline"]
    print(f"paperwork: ReShare record sheet, {len(sheet['fields']) - len(sheet['empty'])} of {len(sheet['fields'])} "
          f"fields filled" + (f"; required but empty: {', '.join(sheet['empty_required'])}" if sheet["empty_required"] else ""))
    print(f"paperwork: create the ReShare record by {due['due']} (grant ends {due['grant_end']})" if due["due"]
          else f"paperwork: ReShare deadline {due['note']}")
    differs = [f"{d['file']} {key}" for d in summary["data"] for key in ("cases", "variables")
               if d[key]["status"] == "differs"]
    differs += [f"{t['participant_type']} transcripts" for t in summary["transcripts"] if t["status"] == "differs"]
    missing = [d["name"] for d in summary["documentation"] if d["status"] == "missing"]
    print("paperwork: intake summary: " + (f"counts differ from the expected ones: {', '.join(differs)}" if differs
                                         else "counts as expected")
          + (f"; documentation missing: {', '.join(missing)}" if missing else ""))
    for key in ("licence", "reshare_html", "reshare_json", "intake_html", "intake_json"):
        print(f"  {out / files[key]}")
    return EXIT_OK
