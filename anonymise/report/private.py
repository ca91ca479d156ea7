"""The data manager's side of the report: figures and tables drawn from the private key.

`key_consistency` and `key_counts` reduce the key to counts, and `person_decisions`
the review decisions to counts and the words a person chose to keep (safe for the
public report); `build_private_report` adds a section that does show originals, for
the private HTML that stays under WORK/private/ and is never bundled.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Iterable

from anonymise.report.build import build_report

DATA_RULE = "data_rule"  # detector name of key records written by data rules, not the text registry
PRIVATE_BANNER = ("PRIVATE: this report shows original identifiers. Keep it with the key under WORK/private/; "
                  "never share or deposit it.")


def _norm(text: str) -> str:
    # The same folding the registry uses to decide that two spellings are one entity.
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _groups(key_records: Iterable[dict], text_only: bool = False) -> dict[str, dict]:
    groups: dict[str, dict] = {}
    norms: dict[str, str] = {}  # a key repeats each original many times: fold each spelling once
    for record in key_records:
        original = record.get("original") or ""
        if text_only and record.get("detector") == DATA_RULE:
            continue
        norm = norms.get(original)
        if norm is None:
            norm = norms[original] = _norm(str(original))
        if not norm:
            continue
        group = groups.get(norm)
        if group is None:
            group = groups[norm] = {"spellings": Counter(), "replacements": set(), "types": set(),
                                    "files": set(), "occurrences": 0}
        group["spellings"][original] += 1
        group["replacements"].add(str(record.get("replacement", "")))
        group["types"].add(str(record.get("type", "")))
        group["files"].add(str(record.get("file", "")))
        group["occurrences"] += 1
    return groups


def key_consistency(key_records: Iterable[dict]) -> dict:
    """How many distinct originals were replaced by exactly one placeholder everywhere. Counts only.

    Only the text pass's replacements count: a data rule deliberately gives a value
    its own code ("LA 2", "[dropped]") that differs from the transcripts' placeholder."""
    groups = _groups(key_records, text_only=True)
    consistent = sum(1 for g in groups.values() if len(g["replacements"]) == 1)
    return {"originals": len(groups), "consistent": consistent}


def key_counts(key_records: Iterable[dict]) -> dict:
    """Replacements per file, counts only: {file: {"by_type": {type: n}, "rules": n}}.

    "by_type" counts the text pass's replacements (transcripts, documentation, free-text
    answers in data files); "rules" counts data values a variable rule removed or recoded
    (a dropped name column, renumbered case IDs, relabelled authorities). Together they
    are every record of the key, so the report adds up to the run summary."""
    files: dict[str, dict] = {}
    for record in key_records:
        entry = files.setdefault(str(record.get("file", "")), {"by_type": Counter(), "rules": 0})
        if record.get("detector") == DATA_RULE:
            entry["rules"] += 1
        else:
            entry["by_type"][str(record.get("type", ""))] += 1
    return {file: {"by_type": dict(sorted(entry["by_type"].items())), "rules": entry["rules"]}
            for file, entry in sorted(files.items())}


NOT_IDENTIFIER = "not_identifier"


def person_decisions(review: Iterable[dict], occurrences: Iterable[dict] = ()) -> dict:
    """The decisions a person made, reduced to what the public report may show.

    `review`: the review file's decided rows (anonymise.text.review.decided), one per uncertain
    original, "replace" or "keep", each applying everywhere the original occurs. `occurrences`:
    per-occurrence decisions ("this occurrence is not that identifier"), records with a "type";
    their text is never read. Returns counts by type and the words a person decided to keep:
    those are published in the output by that decision, so the keep list may show them. The
    originals of "replace" decisions are left here."""
    counts: dict[str, Counter] = {}
    kept: dict[tuple[str, str], dict] = {}
    for item in review:
        kind = str(item.get("type") or "")
        counts.setdefault(kind, Counter())[str(item["decision"])] += 1
        if item["decision"] == "keep":
            text = " ".join(str(item.get("text", "")).split())
            kept.setdefault((_norm(text), kind), {"term": text, "type": kind})
    for item in occurrences:
        counts.setdefault(str(item.get("type") or ""), Counter())[NOT_IDENTIFIER] += 1
    return {"counts": {kind: dict(sorted(c.items())) for kind, c in sorted(counts.items())},
            "kept": sorted(kept.values(), key=lambda k: (_norm(k["term"]), k["type"]))}


def key_table(key_records: Iterable[dict]) -> list[dict]:
    """One row per distinct original: its spellings, placeholders, type, files and count. PRIVATE."""
    rows = []
    for norm, group in _groups(key_records).items():
        # Show the spelling used most, preferring one as written over one in capitals.
        shown = min(group["spellings"], key=lambda s: (-group["spellings"][s], s.isupper(), s))
        rows.append({
            "original": shown,
            "spellings": sorted(group["spellings"]),
            "replacements": sorted(group["replacements"]),
            "type": "/".join(sorted(group["types"])),
            "files": sorted(group["files"]),
            "occurrences": group["occurrences"],
            "consistent": len(group["replacements"]) == 1,
        })
    rows.sort(key=lambda r: (r["consistent"], -r["occurrences"], r["type"], _norm(r["original"])))
    return rows


def build_private_report(manifest: dict, anonymise_result: dict, tool_version: str, key_records: list[dict],
                         leaks: list[dict] | None = None, decisions: dict | None = None,
                         recall: dict | None = None) -> dict:
    """The public report plus a `private` section with originals, for the data manager only.

    `leaks` are originals the leak check found in the public texts (leak.find_originals(..., reveal=True));
    `decisions` and `recall` as for the public report."""
    report = build_report(manifest, anonymise_result, tool_version, consistency=key_consistency(key_records),
                          counts=key_counts(key_records), decisions=decisions, recall=recall)
    table = key_table(key_records)
    found = {_norm(s) for row in table for s in row["spellings"]}
    known = []
    for item in (manifest.get("anonymisation") or {}).get("known_identifiers") or []:
        spellings = [item["text"], *(item.get("variants") or [])]
        known.append({"text": item["text"], "type": item.get("type", ""),
                      "found": any(_norm(s) in found for s in spellings)})
    report["private"] = {
        "banner": PRIVATE_BANNER,
        "key": table,
        "known_identifiers": known,
        "key_records": sum(row["occurrences"] for row in table),
        "leaks": sorted({(h["original"], h["type"], h["text"]): h for h in leaks or []}.values(),
                        key=lambda h: (h["type"], h["original"].casefold(), h["text"])),
    }
    return report
