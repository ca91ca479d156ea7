"""Write and read stage results (WORK/results/<stage>.json), validated against their schema."""

from __future__ import annotations

from pathlib import Path

from manifests.errors import ProblemReport, UserError
from manifests.fileio import read_json, write_json
from manifests.loader import validate
from manifests.version import __version__
from manifests.workdir import Work


def stage_result(stage: str, report: ProblemReport, outputs=(), summary=None, details=None) -> dict:
    return {
        "stage": stage,
        "status": "ok" if report.ok else "failed",
        "tool_version": __version__,
        "problems": report.to_list(),
        "outputs": sorted(str(o) for o in outputs),
        "summary": summary or {},
        "details": details or {},
    }


def write_result(work: Work, result: dict) -> Path:
    validate(result, "stage_result", str(work.result(result["stage"])))
    return write_json(work.result(result["stage"]), result)


def read_result(work: Work, stage: str, required: bool = True) -> dict | None:
    path = work.result(stage)
    if not path.is_file():
        if required:
            raise UserError(f"the {stage} stage has not run for {work.root}", hint=f"run 'ukds-deposit {stage}' first")
        return None
    return read_json(path)
