"""Build the public anonymisation report (a JSON-able dict) from the anonymise result.

Pure: no file access, no clock. The report is what an ethics reviewer reads to
decide whether a deposit is safe to share, so every figure here comes from the
public fields of the stage result (placeholders, counts, variable names and
risk measures) and from the manifest's study and file descriptions. Nothing
here may read the manifest's known identifiers, recode maps or the key: those
hold originals. The keep list is the exception that proves the rule: its words
(the manifest's keep terms, the organisations the study description names, and
words a reviewer decided to keep) are published in the output by the data
manager's decision, and a reviewer must be able to see them. The private-derived
inputs, `consistency` (private.key_consistency) and `counts`, are counts and carry
no text.

The date is the study's version date (or deposit date), never today's, so the
same inputs always give the same bytes; the page labels it as such ("Study
version date"), so no reader takes it for the day the anonymisation ran.

`counts` (optional, private.key_counts) are replacements per file from the key,
counts only: with them the identifier figures cover every record of the key
(transcripts, documentation, free-text answers, data rules) and add up to the
run summary.

`decisions` (optional, private.person_decisions) are the decisions a person made,
counted by type, and the words a reviewer decided to keep.

`recall` is the text pass's measured recall (anonymise/text/measured_recall.json, read
by the writer); None means no measurement, and the report says so.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict

from anonymise.report.recall import estimate as estimate_missed
from anonymise.text.settings import study_organisations

REPORT_VERSION = 1

READY, CONDITIONAL, NOT_READY = "ready", "conditional", "not_ready"
VERDICT_LABELS = {
    READY: "Ready to share",
    CONDITIONAL: "Share after the checks listed",
    NOT_READY: "Not ready to share",
}
PASS, ATTENTION, FAIL = "pass", "attention", "fail"

# Settings that are safe to publish. Strings outside this list are dropped because
# a future setting could carry identifying text (a keep-list, a known name).
PUBLIC_SETTINGS = ("replacement_style", "age_bands", "spacy_model", "keep_count", "known_count",
                   "tool_version", "review_threshold", "workers")

# Disclosure-control actions in the order a reader expects them: removal first, then coarsening.
ACTION_ORDER = ("drop", "newid", "authority", "recode", "band", "topcode", "date", "freetext", "suppress", "keep")
ACTION_WORDS = {
    "drop": "dropped", "newid": "replaced by a new identifier", "authority": "replaced by an area code",
    "recode": "recoded", "band": "banded", "topcode": "top-coded", "date": "coarsened from exact dates",
    "freetext": "anonymised as free text", "suppress": "locally suppressed", "keep": "kept unchanged",
}
# Risk histogram bins, from low to high risk. A record's risk is the chance an intruder
# picks it out correctly; 1/risk is roughly how many records share its key values,
# so the bins are "1 in N" ranges, which is how reviewers talk about risk. Each bin
# is (label, largest 1/risk it holds); a small tolerance keeps 1/3 inside "1 in 3".
_EPS = 1e-4
RISK_BINS = (
    ("under 1 in 20", float("inf")),
    ("1 in 11-20", 20.0),
    ("1 in 6-10", 10.0),
    ("1 in 4-5", 5.0),
    ("1 in 3", 3.0),
    ("1 in 2", 2.0),
    ("1 in 1 (unique)", 1.0),
)
TOP_ENTITIES = 25
MAX_SAMPLES = 8
# Disclosure-control actions after which a variable is still published in some form.
PUBLISHED_ACTIONS = ("keep", "band", "topcode", "date", "recode", "authority")


def build_report(manifest: dict, anonymise_result: dict, tool_version: str, consistency: dict | None = None,
                 counts: dict | None = None, decisions: dict | None = None, recall: dict | None = None) -> dict:
    """The public report. `anonymise_result` is WORK/results/anonymise.json (or just its `details`).

    `consistency` (optional) are counts from the private key (see private.key_consistency);
    without it the consistency figure is derived from the public entity list alone.
    `counts` (optional) are replacements per file from the key (private.key_counts);
    `decisions` (optional) the decisions a person made (private.person_decisions);
    `recall` the detector's measured recall (see recall.py); without it the report says it was not measured."""
    details, status, problems = _unpack(anonymise_result)
    files_meta = {f["path"]: f for f in manifest.get("files", [])}
    transcripts = _transcripts(details, files_meta, consistency)
    data = [_data_file(d, files_meta) for d in sorted(details.get("data") or [], key=lambda d: d.get("file", ""))]
    identifiers = _identifiers(transcripts, data, files_meta, counts, _run_total(anonymise_result))
    stage_issues = _stage_issues(problems)
    missed = _missed(identifiers, recall)
    verdict = _verdict(transcripts, data, stage_issues, status, missed)
    date, date_source = _report_date(manifest)
    report = {
        "report_version": REPORT_VERSION,
        "kind": "anonymisation_report",
        "collection": _collection(manifest, details),
        "date": date,
        "date_source": date_source,
        "tool": {"name": "ukds-deposit", "version": str(tool_version),
                 "anonymised_with": str((details.get("settings") or {}).get("tool_version", tool_version))},
        "settings": _settings(details.get("settings") or {}),
        "verdict": verdict,
        "summary": _summary(transcripts, data, identifiers, missed),
        "stage": {"status": status, "issues": stage_issues},
        "transcripts": transcripts,
        "recall": missed,
        "person_decisions": _person_decisions(transcripts["review"], decisions),
        "keep_list": _keep_list(manifest, decisions),
        "data": data,
        "charts": _charts(identifiers, data),
        "manual_checks": _manual_checks(manifest, transcripts, data),
    }
    return report


# ---------------------------------------------------------------- inputs

def _unpack(result: dict) -> tuple[dict, str, list[dict]]:
    """Accept the whole stage result or only its details (handy for tests and other callers)."""
    if "details" in result and "stage" in result:
        return result.get("details") or {}, result.get("status", "ok"), list(result.get("problems") or [])
    return result, "ok", []


def _run_total(result: dict) -> int | None:
    """The run summary's "identifiers replaced" (every record of the key), when the whole result was given."""
    value = (result.get("summary") or {}).get("identifiers_replaced") if "details" in result else None
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _report_date(manifest: dict) -> tuple[str, str]:
    study = manifest.get("study") or {}
    version_date = (study.get("version") or {}).get("date")
    if version_date:
        return str(version_date), "study.version.date"
    if study.get("deposit_date"):
        return str(study["deposit_date"]), "study.deposit_date"
    return "undated", "none"


def _collection(manifest: dict, details: dict) -> dict:
    study = manifest.get("study") or {}
    given = details.get("collection") or {}
    out = {
        "id": str(given.get("id") or study.get("id", "")),
        "title": str(given.get("title") or study.get("title", "")),
        "synthetic": bool(given.get("synthetic", manifest.get("synthetic", False))),
    }
    if study.get("doi"):
        out["doi"] = str(study["doi"])
    if (study.get("version") or {}).get("number"):
        out["version"] = str(study["version"]["number"])
    return out


def _settings(settings: dict) -> dict:
    out = {}
    for key in sorted(settings):
        value = settings[key]
        # Numbers and switches cannot carry an identifier, so unknown ones are shown too;
        # text only from the list of settings known to be safe.
        if isinstance(value, bool):
            out[key] = value
        elif isinstance(value, (int, float)) and _num(value) is not None:
            out[key] = _num(value)
        elif isinstance(value, str) and key in PUBLIC_SETTINGS:
            out[key] = value
    return out


def _stage_issues(problems: list[dict]) -> list[dict]:
    """Problems by code and severity, counted. Messages are left out on purpose: a pass's
    message may quote the text it was looking at."""
    counts = Counter((p.get("severity", "error"), p.get("code", "unknown")) for p in problems)
    return [{"severity": sev, "code": code, "count": n} for (sev, code), n in sorted(counts.items())]


def _num(value, places: int = 4):
    """Plain JSON numbers: ints stay ints, floats are rounded so the bytes are stable."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    number = float(value)
    if not math.isfinite(number):
        return None  # JSON has no NaN; "not measured" is what it means here
    if number.is_integer() and abs(number) < 1e15:
        return int(number)
    return round(number, places)


# ---------------------------------------------------------------- transcripts

def _transcripts(details: dict, files_meta: dict, consistency: dict | None) -> dict:
    rows = []
    by_type: Counter = Counter()
    for item in sorted(details.get("transcripts") or [], key=lambda t: t.get("file", "")):
        types = {str(k): int(v) for k, v in sorted((item.get("by_type") or {}).items())}
        by_type.update(types)
        meta = files_meta.get(item.get("file", ""), {})
        row = {"file": item.get("file", ""), "words": int(item.get("words") or 0),
               "replaced": int(item.get("replaced") or 0), "by_type": types}
        if meta.get("participant_type"):
            row["participant_type"] = meta["participant_type"]
        rows.append(row)
    review = details.get("review") or {}
    residual = details.get("residual") or {}
    hits = [{k: str(h[k]) for k in ("file", "location", "type") if k in h}
            for h in residual.get("hits") or []]
    return {
        "files": rows,
        "totals": {"files": len(rows), "words": sum(r["words"] for r in rows),
                   "replaced": sum(r["replaced"] for r in rows), "by_type": dict(sorted(by_type.items()))},
        "entities": _entities(details.get("entities") or [], consistency),
        "review": {"pending": int(review.get("pending") or 0), "replace": int(review.get("replace") or 0),
                   "keep": int(review.get("keep") or 0), "file": str(review.get("file") or "")},
        "residual": {"status": "hits" if hits or residual.get("status") == "hits" else
                     ("clean" if residual.get("status") == "clean" else "not_run"),
                     "checked_files": int(residual.get("checked_files") or 0),
                     "originals_checked": int(residual.get("originals_checked") or 0),
                     "hits": sorted(hits, key=lambda h: (h.get("file", ""), h.get("location", ""), h.get("type", "")))},
        "samples": _transcript_samples(details.get("samples") or [], files_meta),
    }


def _transcript_samples(samples: list[dict], files_meta: dict) -> list[dict]:
    """Passages from transcripts only, in the stage's order (spread over files). Samples from
    documentation or from free-text answers in data files (they carry their `variable`) are
    left out: this section is about transcripts, and the report has no place for the others."""
    out = []
    for sample in samples:
        file = str(sample.get("file", ""))
        role = (files_meta.get(file) or {}).get("role", "transcript")
        if sample.get("variable") or role != "transcript":
            continue
        out.append({"file": file, "text": str(sample.get("text", ""))})
    return out[:MAX_SAMPLES]


def _entities(entities: list[dict], consistency: dict | None) -> dict:
    """Distinct entities and how consistently each was replaced.

    From the public list alone, an entity is consistent when it carries exactly one
    placeholder and no other entity of a numbered type shares it (a shared "[Person 3]"
    would merge two people). Unnumbered placeholders ("[Date]") are shared by design."""
    by_type: Counter = Counter()
    span: Counter = Counter()
    owners: dict[str, int] = defaultdict(int)
    for entity in entities:
        owners[str(entity.get("placeholder", ""))] += 1
    consistent = 0
    top = []
    for entity in entities:
        placeholder = str(entity.get("placeholder", ""))
        placeholders = entity.get("placeholders") or [placeholder]
        files = sorted(set(entity.get("files") or []))
        by_type[str(entity.get("type", ""))] += 1
        span[len(files)] += 1
        numbered = any(ch.isdigit() for ch in placeholder)
        if len(set(placeholders)) == 1 and not (numbered and owners[placeholder] > 1):
            consistent += 1
        top.append({"placeholder": placeholder, "type": str(entity.get("type", "")),
                    "files": len(files), "occurrences": int(entity.get("occurrences") or 0)})
    top.sort(key=lambda e: (-e["occurrences"], -e["files"], e["placeholder"]))
    total = len(entities)
    if consistency:
        measured = {"source": "key", "entities": int(consistency.get("originals", 0)),
                    "consistent": int(consistency.get("consistent", 0))}
    else:
        measured = {"source": "entities", "entities": total, "consistent": consistent}
    measured["share"] = _num(measured["consistent"] / measured["entities"]) if measured["entities"] else 1
    return {
        "distinct": total,
        "by_type": dict(sorted(by_type.items())),
        "files_spanned": {str(n): span[n] for n in sorted(span)},
        "in_several_files": sum(v for n, v in span.items() if n > 1),
        "consistency": measured,
        "top": top[:TOP_ENTITIES],
    }


def _missed(identifiers: dict, figures: dict | None) -> dict:
    """The detector's measured recall applied to the text pass's replacements (recall.py). The
    replacements are every text the pass read when the key's counts were given, else the
    transcripts' alone; data rules are not detections and are left out."""
    by_type: Counter = Counter()
    for row in identifiers["rows"]:
        by_type.update(row["by_type"])
    missed = estimate_missed(dict(by_type), figures, "text" if identifiers["measured"] else "transcripts")
    missed["statement"] = _missed_sentence(missed)
    return missed


def whole(value, how=round) -> str:
    return f"{int(how(value)):,}"


def _missed_sentence(missed: dict) -> str:
    """What the detector probably missed in this collection, in one sentence from the figures."""
    if missed["status"] != "measured":
        why = {"placeholder": "the figures shipped with this version are a placeholder",
               "missing": "no measured figures ship with this version",
               "not_sealed": "the figures shipped were not measured on the sealed split"}[missed["why_not"]]
        return (f"The detector's recall has not been measured on a sealed gold corpus ({why}), so how many "
                "identifiers it missed in this collection cannot be estimated.")
    source, overall, total = missed["source"], missed["overall"], missed["total"]
    text = (f"Measured on the sealed split of the gold corpus {source['corpus']} ({source['documents']:,} documents, "
            f"{source['words']:,} words, {source['measured_on']}), the detector finds {pct(overall['recall'])} of "
            f"identifiers (95% interval {pct(overall['ci95'][0])} to {pct(overall['ci95'][1])}). ")
    if total["expected_missed"] is None:
        unmeasured = [r["group"].lower() for r in missed["groups"] if r["replaced"] and r["recall"] is None]
        return text + (f"Its recall for {', '.join(unmeasured)} was not measured, so the number of identifiers it "
                       "missed in this collection cannot be estimated in full.")
    low, high = total["expected_range"]
    return text + (f"At the recall measured for each kind, about {whole(total['expected_missed'])} identifiers in "
                   f"this collection's text were missed and are still in the output (between {whole(low, math.floor)} "
                   f"and {whole(high, math.ceil) if high is not None else 'an unknown number'}).")


def _person_decisions(review: dict, decisions: dict | None) -> dict:
    """Decisions a person made, by identifier type: review decisions (replace or keep an uncertain
    original everywhere) and per-occurrence ones (this occurrence is not that identifier). Without
    the review file only the stage's totals are known, and the types are not."""
    kinds = ("replace", "keep", "not_identifier")
    if decisions is None:
        return {"source": "stage", "by_type": [],
                "totals": {"replace": review["replace"], "keep": review["keep"], "not_identifier": None}}
    rows = [{"type": kind, **{k: int(c.get(k, 0)) for k in kinds}} for kind, c in sorted(decisions["counts"].items())]
    return {"source": "decisions", "by_type": rows, "totals": {k: sum(r[k] for r in rows) for k in kinds}}


KEEP_SOURCES = ("review", "manifest", "study")  # a reviewer's additions first: they most need a second look


def _keep_list(manifest: dict, decisions: dict | None) -> dict:
    """Every word the text pass was told never to replace, with where the instruction came from.

    A surname on the keep list stays in every file: a reviewer can only see that if the list is
    shown in full. Built-in general terms (countries, national bodies, months, census ethnic
    groups) are the same for every collection and are not listed. A term both listed in the
    manifest and named by the study description is shown once, as the manifest's."""
    seen: set[str] = set()
    terms = []

    def add(term: str, source: str, kind: str | None = None) -> None:
        text = " ".join(str(term).split())
        if not text or (text.casefold(), kind) in seen:
            return
        seen.add((text.casefold(), kind))
        terms.append({"term": text, "source": source, **({"type": kind} if kind else {})})

    for term in (manifest.get("anonymisation") or {}).get("keep") or []:
        add(term, "manifest")
    for term in study_organisations(manifest):
        add(term, "study")
    for item in (decisions or {}).get("kept") or []:
        add(item["term"], "review", item["type"])
    terms.sort(key=lambda t: (KEEP_SOURCES.index(t["source"]), t["term"].casefold()))
    return {"terms": terms, "review_read": decisions is not None}


def _identifiers(transcripts: dict, data: list[dict], files_meta: dict, counts: dict | None,
                 run_total: int | None) -> dict:
    """Every replacement the key records, by where it was made, so the figures add up:
    transcripts, documentation, free-text answers in data files (all three by the text
    pass, one registry) and data values changed by variable rules. Not part of the JSON
    as such: it feeds the summary's sentences and figures and the per-file chart."""
    rows = [{"file": r["file"], "by_type": dict(r["by_type"]), "total": r["replaced"]} for r in transcripts["files"]]
    transcript_files = {r["file"] for r in rows}
    data_files = {d["file"] for d in data}
    documentation, data_text, rules = [], [], 0
    for file, entry in sorted((counts or {}).items()):
        rules += int(entry.get("rules") or 0)
        by_type = {str(k): int(v) for k, v in sorted((entry.get("by_type") or {}).items()) if int(v)}
        if file in transcript_files or not by_type:
            continue
        row = {"file": file, "by_type": by_type, "total": sum(by_type.values())}
        role = (files_meta.get(file) or {}).get("role")
        (data_text if file in data_files or role == "data" else documentation).append(row)
    out = {
        "measured": counts is not None,
        "transcripts": transcripts["totals"]["replaced"],
        "transcript_files": len(rows),
        "documentation": documentation,
        "data_text": data_text,
        "rules": rules,
        "rows": rows + documentation + data_text,
    }
    text = out["transcripts"] + sum(r["total"] for r in documentation + data_text)
    out["total"] = text + rules if counts is not None else max(run_total or 0, text)
    return out


# ---------------------------------------------------------------- data files

def _risk_row(summary: dict | None) -> dict:
    summary = summary or {}
    violations = summary.get("k_violations") or {}
    return {
        "records": _num(summary.get("records")),
        "k2": _num(violations.get("2")), "k3": _num(violations.get("3")), "k5": _num(violations.get("5")),
        "sample_uniques": _num(summary.get("sample_uniques")),
        "expected_reidentifications": _num(summary.get("expected_reidentifications")),
        "mean_risk": _num(summary.get("mean_risk")),
        "max_risk": _num(summary.get("max_risk")),
    }


# The same bins as lower risk limits, for a binary search: a record falls in bin i
# when its 1/risk is at most that bin's bound (with the tolerance above).
_RISK_EDGES = [1 / (bound * (1 + _EPS)) for _, bound in RISK_BINS[1:]]


def _histogram(values) -> list[int]:
    counts = [0] * len(RISK_BINS)
    for value in values or []:
        counts[bisect.bisect_right(_RISK_EDGES, min(max(float(value), 0.0), 1.0))] += 1
    return counts


def _k_violations_at(summary: dict | None, k: int) -> int | None:
    violations = (summary or {}).get("k_violations") or {}
    value = violations.get(str(k))
    return None if value is None else int(value)


def _data_file(item: dict, files_meta: dict) -> dict:
    meta = files_meta.get(item.get("file", ""), {})
    k = int(item.get("k") or 3)
    # The data pass lists the keys it used in `keys` and says in `key_source` whether the manifest
    # named them or it proposed them; only named keys are the manifest's, and its proposals count
    # only when none were named (it lists them also beside named keys).
    used = [str(key) for key in item.get("keys") or []]
    keys = [] if item.get("key_source") in ("proposed", "none") else used
    before, after = item.get("risk_before"), item.get("risk_after")
    proposed = [] if keys else _proposed_keys(item.get("proposed_keys"))
    risk_keys = _risk_keys(keys, proposed, before, after)
    variables = _variables(item.get("decisions") or [], risk_keys)
    # How many variables each action touched (a variable kept and then suppressed counts under both).
    actions = Counter(action for v in variables for action in _actions(v))
    suppressions = {str(v): int(n) for v, n in sorted((item.get("suppressions") or {}).items()) if int(n)}
    info_loss = {str(key): _num(v) for key, v in sorted((item.get("info_loss") or {}).items())
                 if isinstance(v, (int, float)) and not isinstance(v, bool)}
    after_violations = _k_violations_at(after, k)
    out = {
        "file": str(item.get("file", "")),
        "outputs": sorted(str(o) for o in item.get("outputs") or []),
        "records": int(item.get("records") or 0),
        "variables_before": int(item.get("variables_before") or 0),
        "variables_after": int(item.get("variables_after") or 0),
        "variables": variables,
        "actions": {a: actions[a] for a in ACTION_ORDER if actions[a]},
        "keys": keys,
        "proposed_keys": proposed,
        "risk_keys": risk_keys,
        "keys_source": "manifest" if keys else "proposed" if risk_keys else "none",
        "k": k,
        "risk": {"before": _risk_row(before), "after": _risk_row(after)},
        "k_reached": None if after is None or after_violations is None else after_violations == 0,
        "suppressions": suppressions,
        "info_loss": info_loss,
        "risk_distribution": {
            "bins": [label for label, _ in RISK_BINS],
            # null, not a row of zeros, when that side was not measured: nothing was counted
            "before": _histogram(item.get("risk_distribution_before")) if before else None,
            "after": _histogram(item.get("risk_distribution_after")) if after else None,
        },
    }
    if item.get("weight"):
        out["weight"] = str(item["weight"])
    if meta.get("participant_type"):
        out["participant_type"] = meta["participant_type"]
    if meta.get("description"):
        out["description"] = str(meta["description"])
    out["statement"] = _risk_statement(out)
    return out


def _proposed_keys(value) -> list[dict]:
    """The key variables the data pass proposes when the manifest names none (its result field
    `proposed_keys`: [{variable, kind, why}], its reason also read as `reason`; a bare variable
    name is taken without a reason)."""
    out = []
    for entry in value or []:
        entry = entry if isinstance(entry, dict) else {"variable": entry}
        reason = entry.get("reason") or entry.get("why") or ""
        out.append({"variable": str(entry.get("variable", "")), "reason": str(reason)})
    return out


def _risk_keys(keys: list[str], proposed: list[dict], before: dict | None, after: dict | None) -> list[str]:
    """The variables the risk figures were measured on: what the measure itself says it used
    (risk.measures.assess puts its keys in the summary), else the named keys, else the proposed
    ones. Empty when no risk was measured: then there are no key variables to speak of."""
    if not (before or after):
        return []
    for summary in (after, before):
        if summary and summary.get("keys"):
            return [str(key) for key in summary["keys"]]
    return keys or [p["variable"] for p in proposed]


def _variables(decisions: list[dict], keys: list[str]) -> list[dict]:
    """One entry per variable with every step the data pass took on it, in the order it took them.

    The data pass records one decision per step: a rule ("keep", "topcode"...) and then, for key
    variables, local suppression. Listed separately, "age_band: keep, unchanged" and "age_band:
    suppress, 31 values" read as two variables, or as a contradiction. Variables are ordered by
    their strongest step (removal first, as ACTION_ORDER), then by name."""
    steps: dict[str, list[dict]] = defaultdict(list)
    for d in decisions:
        steps[str(d.get("variable", ""))].append({"action": str(d.get("action", "")), "reason": str(d.get("reason") or ""),
                                                  "detail": str(d.get("detail") or "")})
    rank = lambda action: ACTION_ORDER.index(action) if action in ACTION_ORDER else len(ACTION_ORDER)
    rows = [{"variable": name, "key": name in keys, "steps": taken} for name, taken in steps.items()]
    return sorted(rows, key=lambda v: (min(rank(s["action"]) for s in v["steps"]), v["variable"]))


def _actions(variable: dict) -> list[str]:
    """The actions taken on one variable, each once, in order."""
    return list(dict.fromkeys(step["action"] for step in variable["steps"]))


def step_word(action: str, variable: dict) -> str:
    """What one step did, in words. "keep" means no rule changed the variable: "kept unchanged"
    when nothing else happened to it, "kept by its rule" when a later step (local suppression) did."""
    if action == "keep" and len(_actions(variable)) > 1:
        return "kept by its rule"
    return ACTION_WORDS.get(action, action)


def described_steps(variable: dict) -> list[tuple[str, str, str]]:
    """(what, detail, why) for each step on a variable, for the variables table. A kept variable's
    detail is left out: it only ever says "unchanged", which the words already say, and which a
    later step (local suppression) makes untrue."""
    return [(step_word(step["action"], variable), "" if step["action"] == "keep" else step["detail"], step["reason"])
            for step in variable["steps"]]


def _risk_statement(data: dict) -> str:
    """The residual risk in plain words, built from the figures only."""
    before, after, k = data["risk"]["before"], data["risk"]["after"], data["k"]
    keys = ", ".join(data["risk_keys"])
    if not data["risk_keys"]:
        return ("No key variables were named for this file, so re-identification risk was not measured; "
                "a reviewer should decide which variables an intruder could know and re-run with them as keys.")
    parts = [f"An intruder who knew a person's {keys} and that they are in this file"]
    if data["keys_source"] == "proposed":
        parts = [f"No key variables were named for this file; the tool proposed {keys} and measured risk on them. "
                 f"An intruder who knew a person's {keys} and that they are in this file"]
    if data["k_reached"]:
        parts.append(f" would find at least {k} records matching that combination for everyone: "
                     f"no record stands out on its own.")
    elif data["k_reached"] is False:
        viol = after.get(f"k{k}") if k in (2, 3, 5) else None
        parts.append(f" could still narrow some people down to fewer than {k} records"
                     + (f" ({viol} records below the threshold)." if viol is not None else "."))
    else:
        parts.append(" was not assessed after anonymisation.")
    if after.get("max_risk") is not None:
        parts.append(f" The highest chance of correctly re-identifying any one record is {_as_one_in(after['max_risk'])}"
                     + _compared(before.get("max_risk"), after["max_risk"], _as_one_in) + ".")
    if after.get("expected_reidentifications") is not None:
        parts.append(f" Across all {data['records']} records an intruder would expect to re-identify about "
                     f"{_fmt(after['expected_reidentifications'])} people by matching on these keys alone"
                     + _compared(before.get("expected_reidentifications"), after["expected_reidentifications"], _fmt) + ".")
    published = _published_others(data)
    free_text = any("freetext" in _actions(v) for v in data["variables"])
    parts.append(" These figures measure risk on the key variables only"
                 + (f": the {plural(len(published), 'other variable')} published ({', '.join(published)})"
                    + (" and the free text" if free_text else "")
                    + " were not part of the measure, and section 4 asks a reviewer to check whether an intruder "
                    "could know any of them." if published else
                    "; free text and rare values of other variables are not covered by them."))
    return "".join(parts)


def _published_others(data: dict) -> list[str]:
    """Variables that are not keys but are still published in some form (kept, banded, top-coded,
    coarsened, recoded or relabelled), in the order of the variables table."""
    return [v["variable"] for v in data["variables"]
            if not v["key"] and any(a in PUBLISHED_ACTIONS for a in _actions(v))]


def _compared(before, after, show) -> str:
    if before is None:
        return ""
    if before == after:
        return ", the same as before anonymisation"
    return f" ({'down' if after < before else 'up'} from {show(before)} before anonymisation)"


def _as_one_in(risk) -> str:
    if not risk:
        return "nil"
    if risk >= 1 - _EPS:
        return "certain (1 in 1)"
    return f"1 in {round(1 / risk, 1):g}"


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}"


# ---------------------------------------------------------------- verdict

def _reason(code: str, outcome: str, message: str) -> dict:
    return {"code": code, "outcome": outcome, "message": message}


def _verdict(transcripts: dict, data: list[dict], stage_issues: list[dict], status: str, missed: dict) -> dict:
    """Ready only when every automatic check passed; any failure makes it not ready;
    anything that needs a person's decision makes it conditional."""
    reasons = []
    residual = transcripts["residual"]
    if residual["status"] == "clean":
        reasons.append(_reason("residual.clean", PASS,
                               f"The residual scan searched the {residual['checked_files']} files written for the "
                               f"{residual['originals_checked']:,} originals in the key that it looks for and found none. "
                               f"{SCAN_SCOPE} Exact ages, detections awaiting review and bare years are not searched "
                               f"(section 2)."))
    elif residual["status"] == "hits":
        files = sorted({h.get("file", "") for h in residual["hits"]})
        reasons.append(_reason("residual.hits", FAIL,
                               f"The residual scan found {len(residual['hits'])} original identifier(s) still present in "
                               f"{len(files)} file(s): {', '.join(files[:5])}{' …' if len(files) > 5 else ''}."))
    elif transcripts["files"]:
        reasons.append(_reason("residual.not_run", ATTENTION, "No residual scan result was recorded for the transcripts."))

    if transcripts["files"] or missed["total"]["replaced"]:
        reasons.append(_missed_reason(missed))

    review = transcripts["review"]
    if review["pending"]:
        reasons.append(_reason("review.pending", ATTENTION,
                               f"{review['pending']} uncertain detection(s) still await a person's decision"
                               + (f" in {review['file']}" if review["file"] else "") + "."))
    elif review["replace"] or review["keep"]:
        reasons.append(_reason("review.done", PASS,
                               f"All {review['replace'] + review['keep']} uncertain detections were decided by a person "
                               f"({review['replace']} replaced, {review['keep']} kept)."))

    consistency = transcripts["entities"]["consistency"]
    if consistency["entities"] and consistency["consistent"] < consistency["entities"]:
        reasons.append(_reason("entities.inconsistent", ATTENTION,
                               f"{consistency['entities'] - consistency['consistent']} of {consistency['entities']} entities "
                               f"were not replaced by one single placeholder everywhere."))

    for item in data:
        name, k = item["file"], item["k"]
        if item["keys_source"] == "proposed":
            # The figures below are real, but measured on the tool's guess at what an intruder knows.
            proposed = ", ".join(item["risk_keys"])
            reasons.append(_reason("data.proposed_keys", ATTENTION,
                                   f"{name}: no key variables were named in the manifest; risk was measured on the keys "
                                   f"the tool proposed ({proposed}). A person must confirm that these are what an intruder "
                                   "could know, or name others."))
        if item["k_reached"] is True:
            reasons.append(_reason("data.k_reached", PASS,
                                   f"{name}: every combination of the {len(item['risk_keys'])} key variables is shared by at "
                                   f"least {k} records ({k}-anonymity reached)."))
        elif item["k_reached"] is False:
            after = item["risk"]["after"]
            below = after.get(f"k{k}") if k in (2, 3, 5) else None
            figures = [f"{below} record(s) share their key values with fewer than {k - 1} others"] if below else []
            if after.get("sample_uniques"):
                figures.append(f"{after['sample_uniques']} are unique")
            reasons.append(_reason("data.k_not_reached", FAIL,
                                   f"{name}: {k}-anonymity on the key variables is not reached after anonymisation"
                                   + (f" ({'; '.join(figures)})." if figures else ".")))
        elif item["keys_source"] == "none":
            reasons.append(_reason("data.no_keys", ATTENTION, f"{name}: no key variables were named, so risk was not measured."))
        else:
            reasons.append(_reason("data.not_measured", ATTENTION, f"{name}: risk after anonymisation was not measured."))
        uniques = item["risk"]["after"].get("sample_uniques")
        if uniques and item["k_reached"] is not False:
            reasons.append(_reason("data.sample_uniques", FAIL,
                                   f"{name}: {uniques} record(s) are still unique on the key variables."))

    errors = [i for i in stage_issues if i["severity"] == "error" and not i["code"].startswith("residual.")]
    warnings = [i for i in stage_issues if i["severity"] == "warning"]
    if errors or (status == "failed" and residual["status"] != "hits"):
        reasons.append(_reason("stage.errors", FAIL,
                               f"The anonymise stage reported {sum(i['count'] for i in errors) or 'unlisted'} error(s): "
                               + (", ".join(sorted({i['code'] for i in errors})) or "see results/anonymise.json") + "."))
    if warnings:
        reasons.append(_reason("stage.warnings", ATTENTION,
                               f"The anonymise stage reported {sum(i['count'] for i in warnings)} warning(s): "
                               + ", ".join(sorted({i['code'] for i in warnings})) + "."))

    outcomes = {r["outcome"] for r in reasons}
    status_out = NOT_READY if FAIL in outcomes else CONDITIONAL if ATTENTION in outcomes else READY
    return {"status": status_out, "label": VERDICT_LABELS[status_out], "reasons": reasons}


def _missed_reason(missed: dict) -> dict:
    """What the residual scan cannot see: attention unless fewer than one miss is expected at the
    worst end of the measured recall."""
    high = (missed["total"]["expected_range"] or [None, None])[1]
    if missed["status"] == "measured" and high is not None and high < 1:
        return _reason("detector.recall", PASS, missed["statement"]
                       + " Fewer than one identifier is expected to have been missed.")
    return _reason("detector.recall", ATTENTION, missed["statement"]
                   + " The residual scan cannot find these: a person needs to read the text where it matters "
                     "(section 2 gives the figures by kind of identifier).")


# What the residual scan can see, said wherever its result is (the verdict, the summary, section 2).
SCAN_SCOPE = ("The residual scan can only find again what the detector already found: an identifier the detector "
              "missed is not in the key, so the scan cannot see it.")


# ---------------------------------------------------------------- summary and charts

def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _summary(transcripts: dict, data: list[dict], identifiers: dict, missed: dict) -> dict:
    """What was done, in sentences generated from the figures."""
    sentences = []
    totals, entities = transcripts["totals"], transcripts["entities"]
    if totals["files"]:
        types = sorted(totals["by_type"].items(), key=lambda kv: (-kv[1], kv[0]))
        kinds = "; ".join(f"{t.lower().replace('_', ' ')}: {n:,}" for t, n in types[:5])
        sentences.append(
            f"{plural(totals['files'], 'transcript')} ({totals['words']:,} words) were read and "
            f"{plural(totals['replaced'], 'identifier')} in them replaced by placeholders"
            + (f" (by type, {kinds}{'; …' if len(types) > 5 else ''})" if kinds else "") + ".")
    breakdown = _breakdown(identifiers)
    if breakdown:
        sentences.append(breakdown)
    if entities["distinct"]:
        c = entities["consistency"]
        text = (f"The text pass reads transcripts, documentation and free-text answers together, so one person or place "
                f"gets one placeholder everywhere: it gave {plural(entities['distinct'], 'distinct placeholder')} "
                f"(dates, ages, postcodes and similar share one unnumbered placeholder per kind), "
                f"{entities['in_several_files']:,} of them used in more than one file. ")
        if c["source"] == "key":
            text += (f"They stand for {plural(c['entities'], 'distinct original')} in the private key, and "
                     f"{c['consistent']:,} of {c['entities']:,} ({pct(c['share'])}) were replaced by the same "
                     f"placeholder everywhere.")
        else:
            text += f"{pct(c['share'])} of them stand for one entity only."
        sentences.append(text)
    review = transcripts["review"]
    decided = review["replace"] + review["keep"]
    if decided:
        sentences.append(f"A person reviewed {plural(decided, 'uncertain detection')} ({review['replace']:,} replaced, "
                         f"{review['keep']:,} kept); "
                         + (f"{review['pending']:,} still await a decision." if review["pending"] else "none is left undecided."))
    elif review["pending"]:
        sentences.append(f"{plural(review['pending'], 'uncertain detection')} await a person's decision; "
                         "none has been decided yet.")
    residual = transcripts["residual"]
    if residual["status"] == "clean":
        sentences.append(f"A final scan of {plural(residual['checked_files'], 'output file')} found none of the "
                         f"{residual['originals_checked']:,} originals it searches for (exact ages, detections "
                         f"awaiting review and bare years are not searched). {SCAN_SCOPE}")
    elif residual["status"] == "hits":
        sentences.append(f"A final scan found {plural(len(residual['hits']), 'original identifier')} left in the output: "
                         f"these must be fixed before sharing.")
    if transcripts["files"] or missed["total"]["replaced"]:
        sentences.append(missed["statement"])
    for item in data:
        names = defaultdict(list)
        for variable in item["variables"]:
            for action in _actions(variable):
                names[action].append(variable["variable"])
        acted = [f"{plural(len(names[a]), 'variable')} {ACTION_WORDS[a]} ({', '.join(names[a])})"
                 for a in item["actions"] if a not in ("keep", "suppress")]
        suppressed = sum(item["suppressions"].values())
        sentence = (f"In {item['file']} ({plural(item['records'], 'record')}, "
                    f"{item['variables_before']} variables before and {item['variables_after']} after), "
                    + ("; ".join(acted) if acted else "no variable was changed"))
        if suppressed:
            sentence += f"; {plural(suppressed, 'value')} suppressed locally"
        if item["k_reached"]:
            sentence += f"; as a result every combination of key variables is shared by at least {item['k']} records"
        sentences.append(sentence + ".")
    figures = {
        "transcripts": totals["files"],
        "words": totals["words"],
        "identifiers_replaced": identifiers["total"],
        "distinct_entities": entities["distinct"],
        "review_pending": review["pending"],
        "residual": residual["status"],
        "data_files": len(data),
        "records": sum(d["records"] for d in data),
        "variables_changed": sum(n for d in data for a, n in d["actions"].items() if a != "keep"),
        "values_suppressed": sum(sum(d["suppressions"].values()) for d in data),
    }
    return {"plain_language": sentences, "figures": figures}


def _breakdown(identifiers: dict) -> str:
    """Where the replacements were made, adding up to the run summary's figure."""
    parts = []
    if identifiers["transcript_files"]:
        parts.append(f"{identifiers['transcripts']:,} in {plural(identifiers['transcript_files'], 'transcript')}")
    if not identifiers["measured"]:
        rest = identifiers["total"] - identifiers["transcripts"]
        if rest <= 0:
            return ""
        return (f"The run recorded {plural(identifiers['total'], 'replacement')} in all: "
                + (parts[0] + " and " if parts else "")
                + f"{rest:,} in documentation and data files.")
    docs, answers = identifiers["documentation"], identifiers["data_text"]
    if docs:
        parts.append(f"{sum(r['total'] for r in docs):,} in {plural(len(docs), 'documentation file')}")
    if answers:
        parts.append(f"{sum(r['total'] for r in answers):,} in free-text answers of {plural(len(answers), 'data file')}")
    if identifiers["rules"]:
        parts.append(f"{identifiers['rules']:,} data values removed or recoded by rules on data variables "
                     "(a dropped name or postcode column, renumbered case identifiers, relabelled authorities)")
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"In all, {plural(identifiers['total'], 'replacement')} are recorded in the private key: {listed}."


def pct(share) -> str:
    return f"{round(float(share) * 100, 1):g}%"


def _charts(identifiers: dict, data: list[dict]) -> dict:
    """Only the numbers the SVG needs, so the HTML draws from the JSON and nothing else.

    Identifiers per file: the transcripts, then documentation and data files whose text
    (free-text answers) had replacements; data values changed by variable rules are not
    text replacements and are not drawn. Risk per record: only files measured before and after
    (a chart of zeros would say "no record at risk" where nothing was counted)."""
    return {
        "identifiers_per_file": [{"file": r["file"], "by_type": r["by_type"], "total": r["total"]}
                                 for r in identifiers["rows"]],
        "risk_distributions": [{"file": d["file"], "bins": d["risk_distribution"]["bins"],
                                "before": d["risk_distribution"]["before"], "after": d["risk_distribution"]["after"]}
                               for d in data if None not in (d["risk_distribution"]["before"], d["risk_distribution"]["after"])],
    }


# ---------------------------------------------------------------- manual checks

def _manual_checks(manifest: dict, transcripts: dict, data: list[dict]) -> list[dict]:
    """What the tool cannot judge, tailored to what this collection holds."""
    files = manifest.get("files") or []
    by_participant = defaultdict(list)
    for f in files:
        if f.get("role") == "transcript":
            by_participant[f.get("participant_type") or "other"].append(f["path"])
    transcript_files = sorted(f["path"] for f in files if f.get("role") == "transcript")
    checks = []

    def add(topic: str, why: str, where: list[str]) -> None:
        checks.append({"topic": topic, "why": why, "where": sorted(where)})

    if transcript_files:
        add("Rare events and distinctive incidents",
            "A one-off event (a court case, a fire, an incident reported in the local press) can identify a family "
            "even when every name is gone. The tool recognises names, places and numbers, not stories.",
            transcript_files)
        add("Professions, job titles and roles",
            "A job title that few people hold in one area (a named team's only manager, a specialist nurse) points to "
            "a person; placeholders do not hide roles.", transcript_files)
        add("Family circumstances",
            "Numbers and ages of siblings, a parent's illness, a bereavement or an unusual placement history can "
            "together single out a child.", transcript_files)
        add("Small areas and local detail",
            "Descriptions of a street, a landmark or a small community can locate someone even after the place name "
            "is replaced.", transcript_files)
    participants = sorted(by_participant)
    if "young_person" in participants or "young_people_focus_group" in participants:
        where = by_participant.get("young_person", []) + by_participant.get("young_people_focus_group", [])
        add("Young people's own accounts",
            "Children and young people often mention schools, teachers, the adults they live with, pets and siblings by "
            "nickname or description; read these transcripts in full.", where)
    if "parent" in participants:
        add("Parents' accounts",
            "Parents may describe court proceedings, contact arrangements and other children in detail that "
            "professionals or relatives would recognise.", by_participant["parent"])
    focus = [p for p in participants if "focus_group" in p]
    if focus:
        add("Focus-group cross-references",
            "Participants refer to each other and to shared cases; check that speaker labels and references to "
            "'what you said about her' do not link a placeholder back to a person.",
            [path for p in focus for path in by_participant[p]])
    professional = [p for p in participants if p in ("social_worker", "iro", "team_manager", "childrens_guardian")]
    if professional:
        add("Professionals and their caseloads",
            "Professionals are identifiable to colleagues by their caseload, length of service and team; check that "
            "these details together do not name the interviewee.",
            [path for p in professional for path in by_participant[p]])
    freetext = sorted({f"{d['file']}::{v['variable']}" for d in data for v in d["variables"]
                       if "freetext" in _actions(v)})
    if freetext:
        add("Combinations in free-text answers",
            "Free-text answers were anonymised for names and places, but a combination of details in one answer "
            "(a diagnosis, an age, an event) can still identify; read the free-text variables.", freetext)
    for d in data:
        actions: dict[str, list[str]] = defaultdict(list)
        for v in d["variables"]:
            if not v["key"] and any(a in PUBLISHED_ACTIONS for a in _actions(v)):
                actions[v["variable"]] = [step_word(a, v) for a in _actions(v)]
        if d["risk_keys"] or actions:
            measured = (f"Risk was measured on the key variables only ({', '.join(d['risk_keys'])}"
                        + ("; the tool proposed them, none were named" if d["keys_source"] == "proposed" else "")
                        + "); every figure in section 3 assumes an intruder knows these and nothing else."
                        if d["risk_keys"] else "No key variables were named, so risk was not measured at all.")
            add(f"Variables outside the keys in {d['file']}",
                f"{measured} The variables listed here are published too, kept as they were or in a coarser form. "
                "For each, ask whether an intruder could know it about a person (a rare category, a date, a count of "
                "events, an area): if so it belongs among the keys, and the risk must be measured again with it.",
                [f"{d['file']}::{v} ({', '.join(words)})" for v, words in actions.items()] or [d["file"]])
    if transcripts["review"]["pending"]:
        add("Pending review decisions",
            "Uncertain detections still wait for a person: decide each one and re-run the anonymise stage.",
            [transcripts["review"]["file"]] if transcripts["review"]["file"] else [])
    if transcripts["residual"]["status"] == "hits":
        add("Residual identifiers",
            "The residual scan found originals in the output; see the private report for which, add them to "
            "known_identifiers and re-run.", sorted({h.get("file", "") for h in transcripts["residual"]["hits"]}))
    return checks
