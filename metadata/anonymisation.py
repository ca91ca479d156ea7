"""Say in words what anonymisation did to each variable, from the anonymise stage's decisions.

Pure: takes the `details.data[]` entries of WORK/results/anonymise.json (see the
shared contract) and returns sentences for the DDI `notes`, the data dictionary
and the HTML codebook. Never sees original values: decisions carry none.
"""

from __future__ import annotations

from pathlib import PurePosixPath

# Why a sentence per action: a secondary analyst reads "top-coded" and knows to
# treat the maximum with care; a bare action code would not tell them that.
ACTION_PHRASES = {
    "recode": "recoded into broader categories",
    "band": "grouped into bands",
    "topcode": "top-coded (values beyond a limit shown at the limit)",
    "date": "date coarsened",
    "freetext": "free text anonymised: names, places and other identifiers replaced by placeholders",
    "newid": "replaced by a new arbitrary identifier that cannot be linked to the original",
    "authority": "organisation names replaced by neutral labels",
    "suppress": "some values set to missing (local suppression) to reduce disclosure risk",
    "drop": "removed from the deposited file",
}


def _detail_text(detail) -> str:
    if detail is None or detail == "":
        return ""
    if isinstance(detail, dict):
        return "; ".join(f"{k}: {detail[k]}" for k in sorted(detail))
    if isinstance(detail, (list, tuple)):
        return "; ".join(str(d) for d in detail)
    return str(detail)


def decision_note(decision: dict) -> str:
    action = str(decision.get("action", "")).strip()
    phrase = ACTION_PHRASES.get(action, action or "changed")
    text = f"Anonymisation: {phrase}"
    detail = _detail_text(decision.get("detail"))
    if detail:
        text += f" ({detail})"
    reason = str(decision.get("reason") or "").strip()
    if reason:
        text += f". Reason: {reason.rstrip('.')}"
    return text + "."


def result_for(stem: str, data_results: list[dict]) -> dict | None:
    """The DataFileResult whose input or outputs have this file stem."""
    for result in data_results or []:
        names = [result.get("file", "")] + list(result.get("outputs") or [])
        if any(PurePosixPath(str(n)).stem == stem for n in names if n):
            return result
    return None


def variable_notes(result: dict | None) -> dict[str, list[str]]:
    """variable -> sentences, in decision order, for variables still in the file."""
    notes: dict[str, list[str]] = {}
    if not result:
        return notes
    suppressed = set()
    for decision in result.get("decisions") or []:
        # A kept variable was not changed: a note on every one of them would bury the real changes.
        if decision.get("action") in ("drop", "keep") or not decision.get("variable"):
            continue
        notes.setdefault(decision["variable"], []).append(decision_note(decision))
        if decision.get("action") == "suppress":
            suppressed.add(decision["variable"])
    k = result.get("k")
    for variable, count in sorted((result.get("suppressions") or {}).items()):
        if count and variable not in suppressed:
            target = f" to reach k-anonymity with k = {k}" if k else ""
            notes.setdefault(variable, []).append(
                f"Anonymisation: {count} value{'s' if count != 1 else ''} set to missing by local suppression{target}.")
    return notes


def free_text_variables(result: dict | None) -> set[str]:
    """Variables the anonymiser treated as free text."""
    return {d["variable"] for d in (result or {}).get("decisions") or [] if d.get("action") == "freetext" and d.get("variable")}


def file_notes(result: dict | None) -> list[str]:
    """Sentences about the whole file: variables removed, and the risk measure reached."""
    if not result:
        return []
    notes = []
    dropped = [d for d in result.get("decisions") or [] if d.get("action") == "drop" and d.get("variable")]
    if dropped:
        parts = []
        for d in dropped:
            reason = str(d.get("reason") or "").strip().rstrip(".")
            parts.append(f"{d['variable']} ({reason})" if reason else d["variable"])
        notes.append("Variables removed before deposit to protect confidentiality: " + "; ".join(parts) + ".")
    after = result.get("risk_after") or {}
    keys = result.get("keys") or []
    if keys and result.get("k"):
        violations = (after.get("k_violations") or {}).get(str(result["k"]))
        sentence = f"Disclosure control: key variables {', '.join(keys)} checked for {result['k']}-anonymity"
        if violations is not None:
            sentence += f"; records in combinations rarer than k after anonymisation: {violations}"
        notes.append(sentence + ".")
    return notes
