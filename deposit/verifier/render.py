"""The verify report as text a person reads top to bottom, and the report for unusable input."""

from __future__ import annotations

from manifests.errors import ProblemReport
from manifests.version import __version__

MARK = {"passed": "ok", "failed": "FAILED", "warnings": "warn", "skipped": "skip"}


def unusable(bundle: str, report: ProblemReport) -> dict:
    """The JSON report when the input could not be checked at all (exit 2)."""
    return {"bundle": str(bundle), "kind": "unknown", "valid": False, "exit_code": 2, "tool_version": __version__,
            "bag_info": {}, "files": 0, "bytes": 0,
            "checks": [{"name": "open", "description": "the bundle can be opened safely", "status": "failed", "note": "",
                        "problems": report.to_list()}],
            "summary": {"errors": len(report.errors), "warnings": len(report.warnings)}}


def render_text(data: dict) -> str:
    info = data["bag_info"]
    lines = [f"Verifying {data['bundle']} ({data['kind']})"]
    if info:
        described = ", ".join(f"{k} {info[k]}" for k in ("External-Identifier", "Bagging-Date", "Bag-Count") if k in info)
        lines.append(f"  bag: {data['files']} payload files, {data['bytes']} bytes" + (f"; {described}" if described else ""))
    for check in data["checks"]:
        note = f" ({check['note']})" if check["note"] else ""
        lines.append(f"  [{MARK[check['status']]:>6}] {check['name']:<9} {check['description']}{note}")
        for problem in check["problems"]:
            # bagit-style messages already start with the file they are about
            where = f"{problem['location']}: " if problem["location"] and problem["location"] not in problem["message"] else ""
            lines.append(f"           {problem['severity']}: {where}{problem['message']}")
            if problem["hint"] and problem["severity"] == "error":
                lines.append(f"             hint: {problem['hint']}")
    errors, warnings = data["summary"]["errors"], data["summary"]["warnings"]
    if data["valid"]:
        lines.append("Result: VALID" + (f" ({warnings} warning(s) to read)" if warnings else ""))
    else:
        lines.append(f"Result: INVALID: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
