"""Which variables are direct identifiers, judged by name, label and content.

Used twice: by the health checks (to warn) and by the automatic mode (to act).
Everything here is pure: it looks at a Table and, for content, at detections the
caller obtained from the text engine for a sample of distinct values.

Safe defaults in automatic mode (each becomes a decision with its reason):
    names, addresses, e-mails, phones, NHS / NI numbers, UPNs     drop
    postcodes                                                     drop (see POSTCODE_NOTE)
    date of birth                                                 age in whole years at the reference
                                                                  date, or the year when there is none
    free text                                                     through the text engine
    IDs encoding initials or a date, or external reference numbers newid: a keyed random
                                                                  permutation (never kept, never in order)
    plain serial numbers assigned by the researcher               kept
    local-authority names                                         Authority A..
    other exact dates                                             year-month or year (automatic.yaml: exact_dates)

Quasi-identifiers (what someone who knows a person could know: age, sex, ethnicity, area,
event dates, a rare category) are proposed as key variables when a file names none
(`propose_keys`), each with the reason it is proposed, in the manner of QAMyData's hints.

Reasons name the variable and whether its name or its label gave it away, never the
label itself: a label can hold the very identifier the pass is removing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from anonymise.tabular import Table

# Even the outward part of a postcode (e.g. "LS6") covers only a few thousand households:
# with a few hundred cases and other keys it can single out a child. Drop by default; a
# depositor who needs geography should add a coarser area variable by rule.
POSTCODE_NOTE = "postcodes are dropped: even the outward district is too fine for a small case file"

# hint -> (pattern over the variable name's tokens, pattern over the label)
HINTS: dict[str, tuple[str, str]] = {
    "name": (r"^(name|names|surname|forename|forenames|firstname|lastname|fullname|fname|lname|sname)$",
             r"\b(name|surname|forename)s?\b"),
    "dob": (r"^(dob|birth|birthdate|bdate|birthday|dateofbirth)$", r"\b(date of birth|birth ?date|born|d\.o\.b)\b"),
    "address": (r"^(address|addr|street|addressline\d?|house|residence)$", r"\b(address|street)\b"),
    "postcode": (r"^(postcode|pcode|postcodes|zip|zipcode)$", r"\bpost ?codes?\b"),
    "email": (r"^(email|e_mail|mail|emailaddress)$", r"\be-?mail\b"),
    "phone": (r"^(phone|tel|telephone|mobile|mob|phoneno|telno|fax)$", r"\b(tele)?phone\b|\bmobile( number)?\b"),
    "nhs": (r"^(nhs|nhsno|nhsnumber)$", r"\bnhs (no|number)\b"),
    "ni": (r"^(nino|nin|ninumber|nationalinsurance)$", r"\bnational insurance\b"),
    "upn": (r"^(upn|pupilnumber|uln)$", r"\bunique pupil number\b|\bpupil number\b"),
    "id": (r"^(id|ids|ref|refno|reference|serial|urn|identifier|caseid|caseref|caseno|casenumber|clientid|childid|personid|pid)$",
           r"\b(identifier|id|reference|ref)( number| no\.?)?\b"),
    "authority": (r"^(la|authority|localauthority|council|lea|lauth)$", r"\blocal authorit(y|ies)\b|\bcouncil\b"),
}
# Quasi-identifiers: kind -> (pattern over the name's tokens, pattern over a short label, why it is a key).
QI_HINTS: dict[str, tuple[str, str, str]] = {
    "age": (r"^(age|ages|ageyears|ageyrs|agenow|currentage|ageband|agegroup|agegrp)$", r"\bage\b",
            "an age: anyone who knows the person knows roughly how old they are"),
    "sex": (r"^(sex|gender)$", r"\b(sex|gender)\b", "sex or gender: known to anyone who has met the person"),
    "ethnicity": (r"^(ethnicity|ethnic|ethnicgroup|ethnicorigin|ethnicgrp|race|eth)$", r"\b(ethnic(ity)?|race)\b",
                  "ethnicity: often visible or known, and a small group stands out in a small area"),
    "area": (r"^(la|authority|localauthority|council|lea|lauth|region|area|ward|district|county|borough|town|city|"
             r"locality|lsoa|msoa|lad|gor|geography|nation|country)$",
             r"\b(local authorit(y|ies)|council|region|area|ward|district|county|borough)\b",
             "an area: where a person lives or is looked after narrows them down to few people"),
}
QI_WHY = {
    "dob": "a date of birth, published as an age or year of birth: anyone who knows the person knows it",
    "date": "an event date: people around the person (carers, professionals, neighbours) can know when it happened",
    "rare": "a nominal variable with a rare category: a category held by {n} record(s) singles them out",
}
EXACT_AGE_MIN_VALUES = 6     # an age variable with more distinct values than this is exact, not already banded
AGE_RANGE = (0, 120)
DATE_SHARE = 0.9             # share of sampled string values that must be dates for a variable to be dates

DIRECT_HINTS = ("name", "address", "postcode", "email", "phone", "nhs", "ni", "upn")
# Detection types that make a value a direct identifier (the text engine's vocabulary).
DIRECT_TYPES = {"PERSON", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "NHS_NUMBER", "NI_NUMBER", "UPN",
                "CASE_REFERENCE", "STREET"}
HINT_FOR_TYPE = {"PERSON": "name", "ADDRESS": "address", "STREET": "address", "POSTCODE": "postcode",
                 "PHONE": "phone", "EMAIL": "email", "NHS_NUMBER": "nhs", "NI_NUMBER": "ni", "UPN": "upn",
                 "CASE_REFERENCE": "id"}

LABEL_HINT_WORDS = 6         # longer labels are questions, not names of what the variable holds
SAMPLE_VALUES = 400          # distinct values per string variable shown to the text engine
FREETEXT_MEDIAN_CHARS = 25   # string values this long (median) are prose, not codes
CONTENT_SHARE = 0.3          # share of sampled values with a direct identifier that marks the variable

_TOKEN_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")
_INITIALS = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,3}(?![a-z]{2})")
_WHOLE_DATE = re.compile(r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[ T][\d:.]+)?"
                         r"|(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}")
_DATE_IN_TEXT = re.compile(r"(?:19|20)\d{2}[-/.]?(?:0[1-9]|1[0-2])[-/.]?(?:0[1-9]|[12]\d|3[01])"
                           r"|(?:0[1-9]|[12]\d|3[01])[-/.]?(?:0[1-9]|1[0-2])[-/.]?(?:(?:19|20)?\d{2})")


def tokens(variable: str) -> list[str]:
    parts = [p.lower() for p in _TOKEN_SPLIT.split(variable) if p]
    joined = "".join(parts)
    # "child_name" -> child, name, childname; "dob_1" -> dob, 1, dob1
    return parts + ([joined] if len(parts) > 1 else [])


def _matched_by(variable: str, label: str, name_rx: str, label_rx: str) -> str:
    """"name" or "label" when that gives the pattern away (the name first), else ""."""
    if any(re.match(name_rx, t) for t in tokens(variable)):
        return "name"
    # A label names what a variable holds only when it is short ("Date of birth"); a question
    # ("Do you challenge the local authority when...") mentions things it does not hold.
    if label and len(label.split()) <= LABEL_HINT_WORDS and re.search(label_rx, label, re.IGNORECASE):
        return "label"
    return ""


def name_hints(variable: str, label: str = "") -> list[str]:
    """Identifier kinds suggested by a variable's name or label (may be several)."""
    found = [hint for hint, (name_rx, label_rx) in HINTS.items() if _matched_by(variable, label, name_rx, label_rx)]
    # "date of birth" also says "date"; "child name" is a name, not an id
    if "name" in found and "id" in found and not any(re.match(HINTS["id"][0], t) for t in tokens(variable)):
        found.remove("id")
    return found


def where(variable: str, label: str, hint: str) -> str:
    """How a hint was found, for a public reason: the variable's name, never its label's words."""
    name_rx, label_rx = HINTS[hint][:2] if hint in HINTS else QI_HINTS[hint][:2]
    return f"'{variable}', by its {_matched_by(variable, label, name_rx, label_rx) or 'name'}"


def is_string(col: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_datetime64_any_dtype(col)
                or pd.api.types.is_bool_dtype(col))


def distinct_sample(col: pd.Series, limit: int = SAMPLE_VALUES) -> list[str]:
    """Up to `limit` distinct non-empty values in order of first appearance (deterministic)."""
    # De-duplicate before touching strings: on a million rows, hashing is cheap and str ops are not.
    head = col.dropna().drop_duplicates().head(limit * 4)
    text = head.astype("string").str.strip()
    text = text[text != ""]
    return [str(v) for v in text.drop_duplicates().head(limit)]


def looks_like_freetext(values: list[str]) -> bool:
    if not values:
        return False
    lengths = np.array([len(v) for v in values])
    words = np.array([len(v.split()) for v in values])
    return bool(np.median(lengths) >= FREETEXT_MEDIAN_CHARS or np.median(words) >= 5)


def id_kind(col: pd.Series, n_records: int) -> str:
    """For an ID variable: "initials", "date", "external" (never keep) or "serial" (fine to keep)."""
    if is_string(col):
        sample = pd.Series(distinct_sample(col, 1000), dtype="string")
        if sample.empty:
            return "serial"
        if sample.str.fullmatch(r"\d+").all():
            return id_kind(pd.to_numeric(sample), n_records)
        if (sample.str.contains(_DATE_IN_TEXT)).mean() >= 0.5:
            return "date"
        letters = sample.str.replace(r"[^A-Za-z]+", "", regex=True)
        if letters.str.len().gt(0).mean() >= 0.5:
            # One shared prefix ("IRO001", "IRO002") is a label, not initials: judge the number.
            if letters.nunique() == 1:
                return id_kind(pd.to_numeric(sample.str.replace(r"\D+", "", regex=True), errors="coerce"), n_records)
            return "initials"
        return "external"
    values = pd.to_numeric(col, errors="coerce").dropna()
    if values.empty:
        return "serial"
    sample = values.drop_duplicates().head(1000)
    ints = sample[sample == np.floor(sample)].astype("int64")
    if len(ints) and _date_like(ints).mean() >= 0.5:
        return "date"
    # Numbers a researcher assigns run 1..n (with gaps); bigger ones come from someone's system.
    if values.min() >= 0 and values.max() <= 10 * max(values.nunique(), n_records) + 100:
        return "serial"
    return "external"


def _date_like(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.zfill(6)
    eight = text.str.len() == 8
    ymd = pd.to_datetime(text.where(eight), format="%Y%m%d", errors="coerce")
    dmy = pd.to_datetime(text.where(eight), format="%d%m%Y", errors="coerce")
    dmy6 = pd.to_datetime(text.where(text.str.len() == 6), format="%d%m%y", errors="coerce")
    return ymd.notna() | dmy.notna() | dmy6.notna()


@dataclass
class ContentFinding:
    """What the text engine saw in a sample of one variable's values."""

    share: float                 # share of sampled values holding a direct identifier
    types: dict[str, int]        # detection type -> sampled values holding it
    whole_value: float           # share of those where the identifier is (nearly) the whole value


def content_finding(values: list[str], detections: list[list]) -> ContentFinding:
    types: dict[str, int] = {}
    flagged = whole = 0
    for value, found in zip(values, detections):
        direct = [d for d in found if d.type in DIRECT_TYPES]
        if not direct:
            continue
        flagged += 1
        for kind in {d.type for d in direct}:
            types[kind] = types.get(kind, 0) + 1
        covered = sum(d.end - d.start for d in direct)
        whole += covered >= 0.6 * len(value.strip())
    n = max(1, len(values))
    return ContentFinding(flagged / n, dict(sorted(types.items())), whole / max(1, flagged))


def automatic_rule(table: Table, variable: str, sample: list[str], finding: ContentFinding | None,
                   has_reference_date: bool, exact_dates: str = "month_year") -> tuple[dict, str] | None:
    """The safe default for one variable, with its reason, or None to keep it."""
    col = table.df[variable]
    label = table.label(variable)
    hints = name_hints(variable, label)
    string_col = is_string(col)
    date_col = pd.api.types.is_datetime64_any_dtype(col)

    if "dob" in hints and (date_col or string_col):
        found = where(variable, label, "dob")
        if has_reference_date:
            return {"action": "date", "to": "age"}, f"date of birth ({found}): replaced by age at the reference date"
        return {"action": "date", "to": "year"}, f"date of birth ({found}): no reference date, so reduced to the year"
    if "authority" in hints and (string_col or table.meta.value_labels.get(variable)):
        found = where(variable, label, "authority")
        return {"action": "authority"}, f"local authority names ({found}) are replaced by Authority A.."
    if "id" in hints:
        kind = id_kind(col, len(table.df))
        if kind != "serial":
            why = {"initials": "encodes initials", "date": "encodes a date",
                   "external": "looks like an external reference number"}[kind]
            return {"action": "newid"}, (f"ID variable ({where(variable, label, 'id')}) {why}: new IDs in a random order "
                                         "drawn from the collection secret, crosswalk kept privately")
    direct = [h for h in hints if h in DIRECT_HINTS]
    if direct and (string_col or direct[0] in ("postcode", "email", "phone", "nhs", "ni", "upn")):
        reason = f"direct identifier ({direct[0]}: {where(variable, label, direct[0])})"
        if direct[0] == "postcode":
            reason += f"; {POSTCODE_NOTE}"
        return {"action": "drop"}, reason
    if (date_col or (string_col and is_date_text(col))) and exact_dates != "keep":
        what = {"month_year": "year and month", "year": "the year"}[exact_dates]
        return {"action": "date", "to": exact_dates}, (f"an exact date that is not a date of birth: reduced to {what} "
                                                       f"(setting exact_dates: {exact_dates})")
    if string_col and finding is not None and finding.share >= CONTENT_SHARE:
        kinds = ", ".join(finding.types)
        if finding.whole_value >= 0.5 and not looks_like_freetext(sample):
            return {"action": "drop"}, (f"direct identifiers ({kinds}) found by the text engine in "
                                        f"{finding.share:.0%} of sampled values")
        return {"action": "freetext"}, (f"free text with identifiers ({kinds}) in {finding.share:.0%} of "
                                        "sampled values: sent through the text engine")
    if string_col and looks_like_freetext(sample):
        return {"action": "freetext"}, "free text (long answers): sent through the text engine"
    return None


def is_date_text(col: pd.Series) -> bool:
    """A string variable whose values are calendar dates (2013-04-17, 17/04/2013), as CSV files hold them."""
    sample = distinct_sample(col, 200)
    return bool(sample) and sum(bool(_WHOLE_DATE.fullmatch(v)) for v in sample) >= DATE_SHARE * len(sample)


# ---------------------------------------------------------------- quasi-identifiers

def qi_hint(variable: str, label: str = "") -> str:
    """The kind of quasi-identifier a variable's name or short label suggests ("age", "sex",
    "ethnicity", "area"), or ""."""
    for kind, (name_rx, label_rx, _why) in QI_HINTS.items():
        if _matched_by(variable, label, name_rx, label_rx):
            return kind
    return ""


def is_exact_age(table: Table, variable: str) -> bool:
    """An age in years, not already banded: numbers within AGE_RANGE, more than a handful of them,
    and no value labels except for missing-value codes."""
    col = table.df[variable]
    if qi_hint(variable, table.label(variable)) != "age" or not pd.api.types.is_numeric_dtype(col):
        return False
    values = col[~table.meta.user_missing_mask(variable, col)].dropna()
    labelled = [code for code in table.meta.value_labels.get(variable) or {}
                if not table.meta.user_missing_mask(variable, pd.Series([code])).iat[0]]
    return (not labelled and values.nunique() > EXACT_AGE_MIN_VALUES
            and bool(values.between(*AGE_RANGE).all()))


def rarest_category(table: Table, variable: str, max_categories: int) -> int | None:
    """Records holding the rarest category of a nominal variable, or None when the variable is
    not nominal (scale or ordinal by its measure, or more categories than `max_categories`)."""
    col = table.df[variable]
    measure = table.meta.measure.get(variable)
    if measure in ("scale", "ordinal") or pd.api.types.is_datetime64_any_dtype(col):
        return None
    if measure is None and not (is_string(col) or table.meta.value_labels.get(variable)):
        return None      # a CSV number without labels: a count or a score, not a category
    counts = col[~table.meta.user_missing_mask(variable, col)].dropna().value_counts()
    if is_string(col):
        counts = counts.drop([v for v in counts.index if str(v).strip() == ""], errors="ignore")
    if len(counts) < 2 or len(counts) > max_categories:
        return None
    return int(counts.min())


def propose_keys(table: Table, candidates: list[str], dates: set[str], dobs: set[str], kinds,
                 rare_at_most: int, max_categories: int) -> list[dict]:
    """Quasi-identifiers among `candidates` (variables that are published and no identifier or
    free text), each {variable, kind, why}, in the file's order. `dates` and `dobs` are the
    candidates that hold event dates and dates of birth; `kinds` the kinds to propose."""
    proposed = []
    for var in candidates:
        label = table.label(var)
        kind, why = qi_hint(var, label), ""
        if var in dobs:
            kind, why = "age", QI_WHY["dob"]
        elif var in dates:
            kind, why = "date", QI_WHY["date"]
        elif kind:
            why = f"{QI_HINTS[kind][2]} ({where(var, label, kind)})"
        elif rare_at_most:
            rarest = rarest_category(table, var, max_categories)
            if rarest is not None and rarest <= rare_at_most:
                kind, why = "rare", QI_WHY["rare"].format(n=rarest)
        if kind and kind in kinds:
            proposed.append({"variable": var, "kind": kind, "why": why})
    return proposed
