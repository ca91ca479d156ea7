"""The anonymise stage's own checks on what it wrote, each naming what it found privately.

- `residual`: the residual scan (anonymise/text/residual.py) with the one occurrence rule and
  the per-occurrence decisions a person made; a surviving original fails the stage.
- `kept_words`: words on the keep list that stand as an identifier somewhere (kept_words.py):
  published as written, so a person must decide; the packager refuses until they have.
- `published_names`: a name the study description publishes (a creator's, the depositor's) that
  also names someone in a transcript: it stays replaced there; the data manager is told.

Public lines (the console, results/anonymise.json) name an occurrence by its placeholder or its
occurrence id, never by the original; the originals, files, lines and contexts go to
WORK/private/gate_<gate>.log and WORK/private/decisions.csv, where a person decides.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from anonymise.text import decisions as occurrences
from manifests.errors import ProblemReport
from manifests.fileio import remove, write_text
from manifests.workdir import Work

def residual(work: Work, outputs: list[Path], key_records: list[dict], settings, report: ProblemReport) -> dict:
    """Run the residual scan, record what it found, and return the stage result's `residual` details."""
    from anonymise.text.matching import searched_originals
    from anonymise.text.occurrence import OccurrenceRule
    from anonymise.text.residual import GATE, residual_findings

    rule = OccurrenceRule.from_settings(settings, decided=occurrences.not_identifier(work.decisions))
    counted, decided = residual_findings(outputs, key_records, root=work.root, rule=rule)
    found = [item for _hit, item in counted]
    occurrences.record(work.decisions, GATE, found)
    log = occurrences.write_log(work.gate_log(GATE), GATE, found, decided, work.decisions)
    for hit, item in counted:
        report.add_problem("residual.original_found", location=f"{hit['file']}:{hit.get('location', '')}",
                           kind=hit["type"], shown=item.shown, log=str(log), occurrence=str(item.occurrence),
                           decisions=str(work.decisions))
    return {"status": "hits" if counted else "clean", "checked_files": len(outputs),
            # what the scan looked for: not ages, pending-review items or bare years (matching.py)
            "originals_checked": len({o.casefold() for o, _kind, _mode in searched_originals(key_records)}),
            "decided_not_identifier": decided,
            "hits": [hit | {"occurrence": item.occurrence} for hit, item in counted]}


def kept_words(work: Work, manifest: dict, settings, outputs: list[Path], report: ProblemReport) -> None:
    """Words of the manifest's keep list standing as an identifier: listed for a person to decide."""
    from anonymise.text.kept_words import GATE, kept_word_findings

    keep = [str(k) for k in (manifest.get("anonymisation") or {}).get("keep") or [] if str(k).strip()]
    decided_ids = occurrences.not_identifier(work.decisions)
    found = kept_word_findings(outputs, keep, settings, root=work.root)
    open_ = [f for f in found if f.occurrence not in decided_ids]
    occurrences.record(work.decisions, GATE, found)
    log = occurrences.write_log(
        work.gate_log(GATE), GATE, open_, len(found) - len(open_), work.decisions,
        advice="take the word off anonymisation.keep in deposit.yaml and run 'ukds-deposit anonymise' again: "
               "it is then replaced where it names someone (and write not_identifier for the occurrences "
               "where it is the kept word)")
    for item in open_:
        report.add_problem("anonymise.kept_word_is_identifier", location=f"{item.file}:line {item.line}",
                           kind=item.type, occurrence=str(item.occurrence), log=str(log), decisions=str(work.decisions))


def published_names(work: Work, manifest: dict, key_records: list[dict], report: ProblemReport) -> None:
    """Tell the data manager where a surname the study description publishes also names someone in
    the text. Nothing changes: the text keeps its placeholder and the citation keeps the name."""
    from anonymise.text.phrases import WORD
    from anonymise.text.settings import study_people

    surnames: dict[str, str] = {}
    for person in study_people(manifest):
        family = person.partition(",")[0] if "," in person else person.split()[-1]
        for word in WORD.findall(family):
            if len(word) > 1:
                surnames[word.casefold()] = person
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for record in key_records:
        if record.get("type") != "PERSON" or record.get("detector") == "data_rule":
            continue
        words = {w.casefold() for w in WORD.findall(str(record.get("original", "")))}
        if words & set(surnames):
            groups[(str(record.get("file", "")), str(record.get("replacement", "")))].append(record)
    path = work.gate_log("published_names")
    if not groups:
        if path.is_file():
            remove(path)
        return
    lines = [("PRIVATE: names the study description publishes that also name someone in the text. It shows "
              "originals: keep it under WORK/private/, never share it."), "",
             ("Each stays replaced in the text; the study citation keeps the published name. Nothing to do unless "
              "the person in the text IS the researcher, in which case the replacement is still right."), ""]
    for (file, placeholder), records in sorted(groups.items()):
        first = min(int(r.get("line") or 0) for r in records)
        originals = sorted({str(r["original"]) for r in records})
        published = sorted({surnames[w.casefold()] for o in originals for w in WORD.findall(o) if w.casefold() in surnames})
        lines.append(f"{file}, line {first}: {', '.join(repr(o) for o in originals)} ({placeholder}, "
                     f"{len(records)} occurrence(s)) shares a name with {', '.join(published)}")
        report.add_problem("anonymise.published_name_in_text", location=f"{file}:line {first}", count=len(records),
                           placeholder=placeholder, log=str(path))
    write_text(path, "\n".join(lines) + "\n", private=True)
