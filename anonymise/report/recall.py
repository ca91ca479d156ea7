"""What the text pass probably missed: its measured recall applied to this collection. Pure.

The residual scan searches the output for the originals in the key, so it can only find
again what the detector already found once. An identifier the detector never found is
not in the key, and nothing in the run can see it. The only honest figure for those is
an estimate from the detector's recall measured elsewhere: on a sealed, independently
written gold corpus, shipped as anonymise/text/measured_recall.json
(manifests/schemas/measured_recall.schema.json).

If a group's recall is r, the identifiers replaced are about r of all those present, so
about replaced x (1 - r) / r were missed. The 95% interval of r gives the range: the
high end of r the fewest misses, the low end the most (none when r could be 0). It is an
estimate: this collection is not the gold corpus, and the replacements counted include
any false detections.
"""

from __future__ import annotations

import math

from anonymise.text.detection import GROUPS as DETECTION_GROUPS
from anonymise.text.detection import TYPE_GROUP

# The groups recall is measured and reported in, and every key type's group: one table, in
# anonymise/text/detection.py, shared with the gold corpus's scoring.
GROUPS = DETECTION_GROUPS
OTHER = "OTHER"  # a type without a group (none today): listed, never estimated
TYPE_GROUPS = TYPE_GROUP
PLACES = 1  # expected misses are kept to one decimal in the JSON; the page shows whole numbers


def group_of(kind: str) -> str:
    return TYPE_GROUPS.get(kind, OTHER)


def is_measurement(figures: dict | None) -> bool:
    """Figures count only when measured on the sealed split; a placeholder never does."""
    return bool(figures) and figures.get("split") == "sealed" and not figures.get("placeholder")


def _missed(replaced: int, recall: float) -> float | None:
    """replaced x (1 - r) / r; None (no bound) when r is 0."""
    return replaced * (1 - recall) / recall if recall > 0 else None


def _round(value: float | None, how=round) -> float | None:
    if value is None:
        return None
    if how is round:
        return round(value, PLACES)
    return float(how(value * 10 ** PLACES) / 10 ** PLACES)


def estimate(replaced_by_type: dict[str, int], figures: dict | None, scope: str) -> dict:
    """The report's `recall` section: per group, what was replaced, the measured recall and the
    expected number of misses. `replaced_by_type`: the text pass's replacements by key type (data
    rules are not detections and are not counted); `scope`: "text" when they cover every text the
    pass read, "transcripts" when only the transcripts' counts were available."""
    measured = is_measurement(figures)
    replaced = {group: 0 for group in GROUPS}
    types: dict[str, set[str]] = {group: set() for group in GROUPS}
    for kind, n in sorted(replaced_by_type.items()):
        group = group_of(kind)
        replaced[group] = replaced.get(group, 0) + int(n)
        types.setdefault(group, set()).add(kind)
    rows = []
    for group in [*GROUPS, *([OTHER] if OTHER in replaced else [])]:
        row = {"group": group, "types": sorted(types[group]), "replaced": replaced[group],
               "recall": None, "ci95": None, "expected_missed": None, "expected_range": None}
        got = (figures or {}).get("by_type", {}).get(group) if measured else None
        if got and got.get("total"):
            low, high = (float(x) for x in got["ci95"])
            row.update(recall=float(got["recall"]), ci95=[low, high],
                       expected_missed=_round(_missed(row["replaced"], float(got["recall"]))),
                       # outward: the fewest misses rounded down, the most rounded up
                       expected_range=[_round(_missed(row["replaced"], high), math.floor),
                                       _round(_missed(row["replaced"], low), math.ceil)])
        rows.append(row)
    estimated = [r for r in rows if r["recall"] is not None]
    complete = measured and all(r["recall"] is not None or not r["replaced"] for r in rows)
    uppers = [r["expected_range"][1] for r in estimated]
    total = {
        "replaced": sum(r["replaced"] for r in rows),
        # a sum over groups is only an estimate when every group that had replacements has a recall
        "expected_missed": _round(sum(r["expected_missed"] for r in estimated)) if complete else None,
        # the groups' ranges added: wider than a 95% interval of the sum, never narrower
        "expected_range": ([_round(sum(r["expected_range"][0] for r in estimated), math.floor),
                            None if None in uppers else _round(sum(uppers), math.ceil)] if complete else None),
    }
    out = {"status": "measured" if measured else "not_measured", "scope": scope, "groups": rows, "total": total}
    if measured:
        out["source"] = {key: figures[key] for key in ("corpus", "split", "measured_on", "documents", "words")}
        out["overall"] = {"recall": float(figures["overall"]["recall"]),
                          "ci95": [float(x) for x in figures["overall"]["ci95"]]}
    else:
        out["why_not"] = "placeholder" if figures and figures.get("placeholder") else (
            "missing" if not figures else "not_sealed")
    return out
