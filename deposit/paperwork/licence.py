"""The licence schedule: who holds the copyright in each deposited file, pre-filled for signing.

The depositor's licence agreement with the UK Data Service carries a schedule naming, for each
part of the collection, its copyright holder and a rights statement. This writes that table as
RTF (the archive's preferred text format), one row per file in deposit.yaml, from
`copyright_holders`: the most specific rule naming the file or a folder holding it wins, and a
file no rule names belongs to the creators' institution. Pure: manifest in, RTF text out.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from metadata.rtf import RtfDocument

ROLE_WORDS = {"transcript": "Transcript", "data": "Data file", "documentation": "Documentation"}


def institution(study: dict) -> str:
    """The creators' institution(s), in the order first named: the default copyright holder."""
    names = [c.get("affiliation") for c in study["creators"]]
    names += [(study.get("depositor") or {}).get("affiliation")] + [p.get("name") for p in study.get("producer") or []]
    found = list(dict.fromkeys(n for n in names if n))
    return "; ".join(found) if found else "; ".join(c["name"] for c in study["creators"])


def _covers(rule: str, path: str) -> bool:
    rule = rule.strip().rstrip("/")
    return path == rule or PurePosixPath(path).is_relative_to(rule) if rule else False


def holders(manifest: dict) -> list[dict]:
    """One row per manifest file: path, role, holder, statement, and the rule that decided it."""
    study = manifest["study"]
    year = study["deposit_date"][:4]
    rules = manifest.get("copyright_holders") or []
    default = institution(study)
    rows = []
    for entry in sorted(manifest["files"], key=lambda f: f["path"]):
        matching = [r for r in rules if _covers(r["path"], entry["path"])]
        rule = max(matching, key=lambda r: len(r["path"].rstrip("/")), default=None)
        holder = rule["holder"] if rule else default
        statement = (rule or {}).get("statement") or f"Copyright {holder}, {year}. All rights reserved."
        rows.append({"path": entry["path"], "role": entry["role"], "holder": holder, "statement": statement,
                     "rule": f"copyright_holders: {rule['path']}" if rule else "default: the creators' institution"})
    return rows


def schedule_rtf(manifest: dict) -> str:
    study = manifest["study"]
    rows = holders(manifest)
    doc = RtfDocument(title=f"{study['id']} licence schedule")
    doc.heading("Licence agreement: schedule of copyright holders", 1)
    doc.fields([("Study", study["title"]), ("Study number", study["id"]),
                ("Depositor", (study.get("depositor") or {}).get("name") or "(not given: study.depositor)"),
                ("Deposit date", study["deposit_date"])])
    if manifest.get("synthetic"):
        doc.paragraph("Synthetic demonstration collection: the holders below are invented.", italic=True)
    doc.paragraph("Pre-filled from deposit.yaml by ukds-deposit. Check every row, and correct any holder, "
                  "before you sign the licence agreement; a file not named in copyright_holders is "
                  f"attributed to the creators' institution ({institution(study)}).")
    doc.table([["File", "Copyright holder", "Rights statement"],
               *[[f"{r['path']} ({ROLE_WORDS.get(r['role'], r['role'])})", r["holder"], r["statement"]] for r in rows]],
              header=True, widths=[4, 3, 4])
    doc.paragraph("For the depositor: this schedule belongs with the signed licence, not in the public bundle.",
                  italic=True)
    return doc.render()
