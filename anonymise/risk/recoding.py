"""Global recoding: coarser categories for a key variable, the same for every record.

Three ways, each returning the recoded column and a report of what was merged:

* `merge_categories`: an explicit map of old values to new ones (e.g. four authorities to
  two regions); values the map leaves out are kept.
* `band`: numbers into intervals given by break points (ages into bands); values below the
  first break or from the last break up become open-ended bands, which is top and bottom
  coding at the same time.
* `merge_rare`: every category with fewer than `min_count` records joins one "other"
  category.

`global_recode(df, specs)` applies one spec per variable and collects the reports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from manifests.errors import UserError


def merge_categories(values: pd.Series, mapping: dict) -> tuple[pd.Series, dict]:
    """Replace values by `mapping`; the report lists which old values went into each new one."""
    if not mapping:
        raise UserError(f"the recode map for {values.name} is empty", hint="give old: new pairs")
    recoded = values.replace(mapping)
    return recoded, _report(values, recoded, "merge")


def band(values: pd.Series, breaks, labels=None) -> tuple[pd.Series, dict]:
    """Intervals [b0, b1), [b1, b2), ...; values below b0 become "<b0" and from the last
    break up "bN+". Labels default to "lo-hi" with hi shown as the last whole number below
    the next break for integer breaks (18-24, 25-34, ...)."""
    breaks = sorted(float(b) for b in breaks)
    if len(breaks) < 1 or len(set(breaks)) != len(breaks):
        raise UserError(f"bands for {values.name} need distinct break points", hint="e.g. breaks: [18, 25, 35, 50, 65]")
    numeric = pd.to_numeric(values, errors="coerce")
    bad = int((numeric.isna() & values.notna()).sum())
    if bad:
        raise UserError(f"cannot band {values.name}: {bad} value(s) are not numbers",
                        hint="band numeric variables only, or merge categories with a map")
    names = labels or _band_labels(breaks)
    if len(names) != len(breaks) + 1:
        raise UserError(f"bands for {values.name} need {len(breaks) + 1} labels (one below the first break, "
                        f"one per interval, one from the last break up); got {len(names)}")
    slot = np.searchsorted(np.asarray(breaks), numeric.to_numpy(dtype=float), side="right")
    recoded = pd.Series(np.asarray(names, dtype=object)[slot], index=values.index, name=values.name)
    recoded = recoded.where(numeric.notna(), None)
    return recoded, _report(values, recoded, "band")


def merge_rare(values: pd.Series, min_count: int, other="Other") -> tuple[pd.Series, dict]:
    """Categories with fewer than `min_count` records become `other`."""
    counts = values.value_counts(dropna=True)
    rare = set(counts.index[counts < int(min_count)])
    if len(rare) < 2 and other not in counts.index:
        # Relabelling a single rare category as "Other" merges nothing and protects nobody.
        return values.copy(), _report(values, values, "merge_rare")
    recoded = values.astype(object).where(~values.isin(rare), other)
    return recoded, _report(values, recoded, "merge_rare")


def global_recode(df: pd.DataFrame, specs: dict) -> tuple[pd.DataFrame, list[dict]]:
    """Apply {variable: spec} where a spec is {"map": {...}}, {"breaks": [...], "labels": [...]}
    or {"min_count": n, "other": "Other"}. Returns the recoded copy and one report per variable."""
    out = df.copy()
    reports = []
    for name, spec in specs.items():
        if name not in out.columns:
            raise UserError(f"cannot recode {name!r}: no such variable")
        if "map" in spec:
            out[name], report = merge_categories(out[name], spec["map"])
        elif "breaks" in spec:
            out[name], report = band(out[name], spec["breaks"], spec.get("labels"))
        elif "min_count" in spec:
            out[name], report = merge_rare(out[name], spec["min_count"], spec.get("other", "Other"))
        else:
            raise UserError(f"the recode for {name!r} needs 'map', 'breaks' or 'min_count'")
        reports.append(report)
    return out, reports


def _band_labels(breaks: list[float]) -> list[str]:
    whole = all(b.is_integer() for b in breaks)

    def show(x: float) -> str:
        return str(int(x)) if x.is_integer() else f"{x:g}"

    labels = [f"<{show(breaks[0])}"]
    for lo, hi in zip(breaks, breaks[1:]):
        labels.append(f"{show(lo)}-{show(hi - 1)}" if whole else f"{show(lo)}-<{show(hi)}")
    labels.append(f"{show(breaks[-1])}+")
    return labels


def _report(before: pd.Series, after: pd.Series, method: str) -> dict:
    """Which original values ended up in each new category (only groups of two or more, or renames)."""
    pairs = pd.DataFrame({"old": before, "new": after}).dropna().drop_duplicates()
    groups = []
    for new, olds in pairs.groupby("new", sort=True)["old"]:
        olds = sorted(olds.tolist(), key=str)
        if len(olds) > 1 or str(olds[0]) != str(new):
            groups.append({"into": _plain(new), "from": [_plain(o) for o in olds]})
    categories_before = int(before.nunique(dropna=True))
    categories_after = int(after.nunique(dropna=True))
    return {
        "variable": str(before.name),
        "method": method,
        "categories_before": categories_before,
        "categories_after": categories_after,
        "categories_merged": max(categories_before - categories_after, 0),
        "groups": groups,
    }


def _plain(value):
    """numpy scalars as JSON-able Python values."""
    return value.item() if hasattr(value, "item") else value
