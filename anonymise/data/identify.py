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
    IDs encoding initials or a date, or external reference numbers newid (never kept)
    plain serial numbers assigned by the researcher               kept
    local-authority names                                         Authority A..
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
_DATE_IN_TEXT = re.compile(r"(?:19|20)\d{2}[-/.]?(?:0[1-9]|1[0-2])[-/.]?(?:0[1-9]|[12]\d|3[01])"
                           r"|(?:0[1-9]|[12]\d|3[01])[-/.]?(?:0[1-9]|1[0-2])[-/.]?(?:(?:19|20)?\d{2})")


def tokens(variable: str) -> list[str]:
    parts = [p.lower() for p in _TOKEN_SPLIT.split(variable) if p]
    joined = "".join(parts)
    # "child_name" -> child, name, childname; "dob_1" -> dob, 1, dob1
    return parts + ([joined] if len(parts) > 1 else [])


def name_hints(variable: str, label: str = "") -> list[str]:
    """Identifier kinds suggested by a variable's name or label (may be several)."""
    found = []
    toks = tokens(variable)
    # A label names what a variable holds only when it is short ("Date of birth"); a question
    # ("Do you challenge the local authority when...") mentions things it does not hold.
    short_label = bool(label) and len(label.split()) <= LABEL_HINT_WORDS
    for hint, (name_rx, label_rx) in HINTS.items():
        if any(re.match(name_rx, t) for t in toks) or (short_label and re.search(label_rx, label, re.IGNORECASE)):
            found.append(hint)
    # "date of birth" also says "date"; "child name" is a name, not an id
    if "name" in found and "id" in found and not any(re.match(HINTS["id"][0], t) for t in toks):
        found.remove("id")
    return found


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
                   has_reference_date: bool) -> tuple[dict, str] | None:
    """The safe default for one variable, with its reason, or None to keep it."""
    col = table.df[variable]
    label = table.label(variable)
    hints = name_hints(variable, label)
    string_col = is_string(col)
    date_col = pd.api.types.is_datetime64_any_dtype(col)
    where = f"name/label ('{variable}'{', ' + repr(label) if label else ''})"

    if "dob" in hints and (date_col or string_col):
        if has_reference_date:
            return {"action": "date", "to": "age"}, f"date of birth ({where}): replaced by age at the reference date"
        return {"action": "date", "to": "year"}, f"date of birth ({where}): no reference date, so reduced to the year"
    if "authority" in hints and (string_col or table.meta.value_labels.get(variable)):
        return {"action": "authority"}, f"local authority names ({where}) are replaced by Authority A.."
    if "id" in hints:
        kind = id_kind(col, len(table.df))
        if kind != "serial":
            why = {"initials": "encodes initials", "date": "encodes a date",
                   "external": "looks like an external reference number"}[kind]
            return {"action": "newid"}, f"ID variable ({where}) {why}: new sequential IDs, crosswalk kept privately"
    direct = [h for h in hints if h in DIRECT_HINTS]
    if direct and (string_col or direct[0] in ("postcode", "email", "phone", "nhs", "ni", "upn")):
        reason = f"direct identifier ({direct[0]}) by {where}"
        if direct[0] == "postcode":
            reason += f"; {POSTCODE_NOTE}"
        return {"action": "drop"}, reason
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
