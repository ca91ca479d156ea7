"""Health checks on one data file (a Table), QAMyData-style plus identifier checks.

Pure: a Table and the configured checks in, Problems out. Each finding has a
locator "file:variable[row]" (row = 0-based position, SPSS case number - 1, as in
the key and the gold annotations) or
"file:variable" for a whole variable. Cell values from raw data are not quoted
in messages, except numeric codes and misspelt words, because the report
describes raw data that may still hold identifiers.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from types import SimpleNamespace

import numpy as np
import pandas as pd

from anonymise.data import engine, identify
from anonymise.tabular import Table
from deposit.checks.config import Check, word_list, words
from manifests.errors import Problem

# whole words only: "4th" and "AM240200" hold no word to spell-check
WORD = re.compile(r"(?<!\w)[^\W\d_]+(?:['\u2019-][^\W\d_]+)*(?!\w)")
LOOKS_LIKE_DATE = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(\s.*)?$")
CATEGORICAL_MAX_DISTINCT = 50
SPELL_VALUES = 2000
PROPER_NOUNS = "en_GB_proper"   # shipped: names and places, to tell a name from a typo


class Findings:
    """Collects Problems; past the cap per (check, variable) the rest become one summary line."""

    def __init__(self, file: str, checks: dict[str, Check]):
        self.file = file
        self.checks = checks
        cap = checks.get("max_findings_per_variable")
        self.cap = int(cap.setting) if cap and cap.enabled else 10**9
        self.problems: list[Problem] = []
        self._counts: dict[tuple, int] = defaultdict(int)

    def on(self, name: str) -> Check | None:
        check = self.checks.get(name)
        return check if check and check.enabled else None

    def locate(self, variable: str | None = None, row: int | None = None) -> str:
        where = self.file
        if variable is not None:
            where += f":{variable}"
            if row is not None:
                where += f"[{row}]"
        return where

    def add(self, name: str, message: str, variable: str | None = None, row: int | None = None, hint: str = "") -> None:
        check = self.checks[name]
        key = (name, variable)
        self._counts[key] += 1
        if self._counts[key] <= self.cap:
            self.problems.append(check.finding(message, self.locate(variable, row), hint))

    def add_rows(self, name: str, message: str, variable: str, rows) -> None:
        """The same finding at many rows: the first `cap` listed, the rest counted."""
        rows = list(rows)
        for row in rows[: self.cap]:
            self.add(name, message, variable, int(row))
        self.skipped(name, variable, len(rows) - self.cap)

    def skipped(self, name: str, variable: str, n: int) -> None:
        """Count findings that were not listed one by one (they join the summary line)."""
        self._counts[(name, variable)] += max(0, n)

    def close(self) -> list[Problem]:
        for (name, variable), count in sorted(self._counts.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
            if count > self.cap:
                check = self.checks[name]
                self.problems.append(check.finding(f"{count - self.cap} more findings of this check not listed",
                                              self.locate(variable)))
        return self.problems


def check_table(file: str, table: Table, checks: dict[str, Check], id_variable: str | None = None,
                text_settings=None) -> list[Problem]:
    f = Findings(file, checks)
    for check in (_names, _labels, _missing_labels, _odd_values, _spelling, _duplicate_ids, _system_missing,
                  _regex_rules, _rare_values, _stopwords, _dates, _outside_labels, _unlabelled_values, _cardinality,
                  _hints):
        check(f, table, id_variable)
    _identifiers(f, table, text_settings)
    return f.close()


# ---------------------------------------------------------------- names and labels

def _names(f: Findings, table: Table, _id) -> None:
    names = f.on("variable_names")
    odd = f.on("odd_characters")
    for var in table.variables:
        if names and not re.match(str(names.setting), var):
            f.add("variable_names", f"variable name '{var}' is not one SPSS accepts", var)
        if odd and re.search(str(odd.setting), var):
            f.add("odd_characters", f"odd characters in the variable name '{var}'", var)


def _labels(f: Findings, table: Table, _id) -> None:
    odd, vmax, lmax = f.on("odd_characters"), f.on("variable_label_max_length"), f.on("value_label_max_length")
    missing = f.on("missing_variable_labels")
    for var in table.variables:
        label = table.meta.variable_labels.get(var) or ""
        if missing and not label.strip():
            f.add("missing_variable_labels", f"variable {var} has no label", var)
        if vmax and len(label) > int(vmax.setting):
            f.add("variable_label_max_length", f"variable label is {len(label)} characters long (limit {vmax.setting})", var)
        if odd and label and re.search(str(odd.setting), label):
            f.add("odd_characters", "odd characters in the variable label", var)
        for code, text in (table.meta.value_labels.get(var) or {}).items():
            text = str(text)
            if lmax and len(text) > int(lmax.setting):
                f.add("value_label_max_length", f"value label for {_code(code)} is {len(text)} characters long "
                                                f"(limit {lmax.setting})", var)
            if odd and re.search(str(odd.setting), text):
                f.add("odd_characters", f"odd characters in the value label for {_code(code)}", var)


def _missing_labels(f: Findings, table: Table, _id) -> None:
    if not f.on("user_missing_without_labels"):
        return
    for var, ranges in table.meta.missing_ranges.items():
        if var not in table.df.columns:
            continue
        labels = table.meta.value_labels.get(var) or {}
        for rng in ranges:
            lo, hi = rng.get("lo"), rng.get("hi")
            if lo == hi:
                if not _labelled(labels, lo):
                    f.add("user_missing_without_labels", f"user-missing value {_code(lo)} has no value label", var)
                continue
            present = pd.to_numeric(table.df[var], errors="coerce")
            inside = present[(present >= lo) & (present <= hi)].dropna().unique()
            for value in sorted(inside):
                if not _labelled(labels, value):
                    f.add("user_missing_without_labels",
                          f"user-missing value {_code(value)} (range {_code(lo)} to {_code(hi)}) has no value label", var)


def _labelled(labels: dict, value) -> bool:
    if value in labels:
        return True
    try:
        return float(value) in {float(k) for k in labels if not isinstance(k, str)}
    except (TypeError, ValueError):
        return str(value) in {str(k) for k in labels}


# ---------------------------------------------------------------- values

def _strings(table: Table):
    for var in table.variables:
        col = table.df[var]
        if identify.is_string(col):
            text = col.astype("string")
            yield var, text, text.notna() & (text.str.strip() != "")


def _first_rows(mask) -> np.ndarray:
    return np.flatnonzero(np.asarray(mask, dtype=bool))


def _odd_values(f: Findings, table: Table, _id) -> None:
    odd = f.on("odd_characters")
    if not odd:
        return
    for var, text, nonempty in _strings(table):
        hits = text.str.contains(str(odd.setting), regex=True).fillna(False) & nonempty
        f.add_rows("odd_characters", "odd characters in a value", var, _first_rows(hits))


def _tokens(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in WORD.finditer(text)]


def misspelt(text: str, known: frozenset[str], proper: frozenset[str] | None = None) -> list[str]:
    """Words not in the lists. Capitalised words (names, places) and acronyms are
    skipped: they are the identifier checks' business, not spelling's. With `proper`
    (labels only), a capitalised first word that is no known name but one edit from a
    known word ("Numbr") is reported; cell values never get this, so a child's name is
    never quoted in the report as a "misspelling"."""
    out = []
    for position, token in _tokens(text):
        if token.isupper() and len(token) > 1:
            continue
        word = token.lower().replace("\u2019", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word in known or all(part in known for part in word.split("-")):
            continue
        # A capitalised first word is checked only when one edit away from a known word
        # ("Numbr"); otherwise it is taken for a name ("Yorkshire and the Humber").
        if not token.islower() and not (proper is not None and position == 0 and token[1:].islower()
                                        and word not in proper and _one_edit_known(word, known)):
            continue
        out.append(word)
    return out


def _one_edit_known(word: str, known: frozenset[str]) -> bool:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = ({a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
             | {a + c + b[1:] for a, b in splits if b for c in letters} | {a + c + b for a, b in splits for c in letters})
    return len(word) > 3 and not edits.isdisjoint(known)


def _spelling(f: Findings, table: Table, _id) -> None:
    labels, values = f.on("spelling_labels"), f.on("spelling_values")
    if labels:
        known, proper = words(labels.setting), word_list(PROPER_NOUNS)
        for var in table.variables:
            for word in misspelt(table.meta.variable_labels.get(var) or "", known, proper):
                f.add("spelling_labels", f"'{word}' in the variable label is not in the word lists", var)
            for code, text in (table.meta.value_labels.get(var) or {}).items():
                for word in misspelt(str(text), known, proper):
                    f.add("spelling_labels", f"'{word}' in the value label for {_code(code)} is not in the word lists", var)
    if values:
        known = words(values.setting)
        for var, text, nonempty in _strings(table):
            sample = text[nonempty].drop_duplicates().head(SPELL_VALUES)
            if identify.looks_like_freetext([str(v) for v in sample.head(200)]):
                continue   # prose is the text engine's; spelling it cell by cell floods the report
            for row, value in sample.items():
                for word in misspelt(str(value), known):
                    f.add("spelling_values", f"'{word}' is not in the word lists", var, table.df.index.get_loc(row))


def _id_variables(f: Findings, table: Table, id_variable: str | None) -> list[str]:
    check = f.on("duplicate_ids")
    if not check:
        return []
    if isinstance(check.setting, (list, tuple)):
        return [v for v in check.setting if v in table.df.columns]
    if isinstance(check.setting, str):
        return [check.setting] if check.setting in table.df.columns else []
    if id_variable:
        return [id_variable] if id_variable in table.df.columns else []
    return [v for v in table.variables if "id" in identify.name_hints(v, table.label(v))]


def _duplicate_ids(f: Findings, table: Table, id_variable) -> None:
    for var in _id_variables(f, table, id_variable):
        col = table.df[var]
        present = col.notna() & (col.astype("string").str.strip() != "")
        dup = col[present].duplicated(keep=False)
        if not dup.any():
            continue
        groups = col[present][dup].groupby(col[present][dup], sort=False).groups
        for _, index in groups.items():
            rows = [table.df.index.get_loc(i) for i in index]
            f.add("duplicate_ids", f"the same ID appears in {len(rows)} rows: {', '.join(map(str, rows[:10]))}",
                  var, rows[0])


def _system_missing(f: Findings, table: Table, _id) -> None:
    check = f.on("system_missing")
    if not check or not len(table.df):
        return
    for var in table.variables:
        col = table.df[var]
        empty = col.isna()
        if identify.is_string(col):
            empty = empty | (col.astype("string").str.strip() == "")
        share = 100 * float(empty.mean())
        if share > float(check.setting):
            f.add("system_missing", f"{share:.1f}% of values are system-missing (threshold {check.setting}%)", var)


def _regex_rules(f: Findings, table: Table, _id) -> None:
    check = f.on("regex_rules")
    for rule in (check.setting if check else None) or []:
        pattern = re.compile(str(rule.get("pattern", "")))
        wanted = rule.get("variables", "*")
        variables = table.variables if wanted in ("*", None) else [v for v in wanted if v in table.df.columns]
        must_match = rule.get("must", "match") == "match"
        what = rule.get("desc") or f"/{pattern.pattern}/"
        for var in variables:
            col = table.df[var]
            text = col.astype("string")
            present = text.notna() & (text.str.strip() != "")
            matched = text.str.contains(pattern, regex=True).fillna(False)
            bad = present & (~matched if must_match else matched)
            f.add_rows("regex_rules", f"value {'does not match' if must_match else 'matches'} {what}", var,
                       _first_rows(bad))


def _categorical(table: Table, var: str) -> bool:
    col = table.df[var]
    if table.meta.value_labels.get(var):
        return True
    if not identify.is_string(col):
        # SPSS marks strings nominal by default, so the measure only tells for numbers
        measure = table.meta.measure.get(var)
        if measure:
            return measure in ("nominal", "ordinal")
        # CSV, Stata and SPSS files without a measure: whole-number codes (1, 2, 1, 9)
        # with few distinct values are categories, as for strings.
        if not pd.api.types.is_numeric_dtype(col):
            return False
        values = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        values = values[~np.isnan(values)]
        if not values.size or not np.all(np.mod(values, 1) == 0):
            return False
        return _few_distinct(int(np.unique(values).size), int(values.size))
    distinct, present = col.nunique(dropna=True), int(col.notna().sum())
    return (_few_distinct(distinct, present)
            and not identify.looks_like_freetext(identify.distinct_sample(col, 200)))


def _few_distinct(distinct: int, present: int) -> bool:
    return distinct <= CATEGORICAL_MAX_DISTINCT and distinct <= present / 2


def _rare_values(f: Findings, table: Table, _id) -> None:
    check = f.on("rare_values")
    if not check:
        return
    limit = int(check.setting)
    for var in table.variables:
        if not _categorical(table, var):
            continue
        col = table.df[var]
        missing = table.meta.user_missing_mask(var, col)
        counts = col[~missing].value_counts(dropna=True)
        rare = counts[counts <= limit]
        if len(rare) == len(counts):
            continue    # every value is rare: an ID or free text, not a category
        for value, count in rare.items():
            row = int(np.flatnonzero((col == value).to_numpy(dtype=bool, na_value=False))[0])
            what = _code(value) if not isinstance(value, str) else "a text value"
            f.add("rare_values", f"{what} occurs only {count} time(s)", var, row)


def _stopwords(f: Findings, table: Table, _id) -> None:
    check = f.on("stopword_values")
    if not check:
        return
    stop = words(check.setting)
    for var, text, nonempty in _strings(table):
        distinct = text[nonempty].drop_duplicates()
        only = {v for v in distinct if _only_stopwords(str(v), stop)}
        if not only:
            continue
        f.add_rows("stopword_values", "value is made only of stop-words", var,
                   _first_rows(text.isin(only).fillna(False) & nonempty))


def _only_stopwords(value: str, stop: frozenset[str]) -> bool:
    # whole whitespace-separated words: "AM240200" is a code, not the word "am"
    parts = [p.strip(".,;:!?'\"()").lower() for p in value.split()]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in stop for p in parts)


def _dates(f: Findings, table: Table, _id) -> None:
    check = f.on("date_formats")
    if not check:
        return
    formats = list(check.setting) if isinstance(check.setting, (list, tuple)) else [str(check.setting)]
    for var, text, nonempty in _strings(table):
        looks = text.str.match(LOOKS_LIKE_DATE).fillna(False) & nonempty
        if looks.sum() < 0.5 * max(1, nonempty.sum()):
            continue
        ok = pd.Series(False, index=text.index)
        for fmt in formats:
            ok |= pd.to_datetime(text.str.strip(), format=fmt, errors="coerce").notna()
        f.add_rows("date_formats", f"date not written as {' or '.join(formats)}", var, _first_rows(nonempty & ~ok))


def _coded(table: Table):
    """(variable, its labelled codes other than user-missing ones, its values as numbers, valid mask) for
    every numeric categorical variable with at least two labelled codes: the variables whose values a
    reader decodes through the labels."""
    for var, labels in table.meta.value_labels.items():
        if var not in table.df.columns or identify.is_string(table.df[var]) or table.meta.measure.get(var) == "scale":
            continue
        codes = [float(k) for k in labels if not isinstance(k, str)]
        codes = [c for c in codes if not _in_missing(table, var, c)]
        if len(codes) < 2:
            continue
        values = pd.to_numeric(table.df[var], errors="coerce")
        valid = values.notna() & ~table.meta.user_missing_mask(var, table.df[var])
        yield var, codes, values, valid


def _outside_labels(f: Findings, table: Table, _id) -> None:
    if not f.on("values_outside_labels"):
        return
    for var, codes, values, valid in _coded(table):
        outside = valid & ((values < min(codes)) | (values > max(codes)))
        rows = _first_rows(outside)
        for row in rows[: f.cap]:
            f.add("values_outside_labels", f"value {_code(values.iat[row])} is outside the labelled range "
                                           f"{_code(min(codes))} to {_code(max(codes))}", var, int(row))
        f.skipped("values_outside_labels", var, len(rows) - f.cap)


def _unlabelled_values(f: Findings, table: Table, _id) -> None:
    """A code inside the labelled range without a label of its own (3 between 'Yes' = 1 and
    'Refused' = 9): one finding per code, at its first row, with how often it occurs."""
    if not f.on("unlabelled_values"):
        return
    for var, codes, values, valid in _coded(table):
        inside = valid & (values >= min(codes)) & (values <= max(codes)) & ~values.isin(codes)
        counts = values[inside].value_counts(sort=False).sort_index()
        for value, count in counts.items():
            row = int(np.flatnonzero((values == value).to_numpy(dtype=bool, na_value=False))[0])
            f.add("unlabelled_values", f"value {_code(value)} ({count} case(s)) has no value label", var, row)


def _in_missing(table: Table, var: str, value: float) -> bool:
    return any(r["lo"] <= value <= r["hi"] for r in table.meta.missing_ranges.get(var, [])
               if not isinstance(r["lo"], str))


def _cardinality(f: Findings, table: Table, _id) -> None:
    check = f.on("high_cardinality_strings")
    if not check:
        return
    for var, text, nonempty in _strings(table):
        n = int(nonempty.sum())
        if n < 20:
            continue
        share = text[nonempty].nunique() / n
        if share > float(check.setting) and not identify.looks_like_freetext(identify.distinct_sample(text, 200)):
            f.add("high_cardinality_strings", f"{share:.0%} of the {n} values are different: a short text like this "
                                              "often identifies someone", var,
                  hint="drop it, recode it into categories, or give it a newid rule")


def _hints(f: Findings, table: Table, _id) -> None:
    if not f.on("identifier_hints"):
        return
    for var in table.variables:
        hints = identify.name_hints(var, table.label(var))
        if hints:
            f.add("identifier_hints", f"the name or label suggests a direct identifier ({', '.join(hints)})", var,
                  hint="expected in raw data: the anonymise stage drops or transforms it (see its decisions)")


def _identifiers(f: Findings, table: Table, text_settings) -> None:
    check = f.on("identifiers_in_values")
    if not check:
        return
    limit = int(check.setting) if not isinstance(check.setting, bool) else identify.SAMPLE_VALUES
    jobs: list[tuple[str, int | None, str, str]] = []   # (variable, row, where, text)
    for var, text, nonempty in _strings(table):
        sample = text[nonempty].drop_duplicates().head(limit)
        jobs += [(var, table.df.index.get_loc(i), "value", str(v)) for i, v in sample.items()]
    for var, labels in table.meta.value_labels.items():
        if var in table.df.columns:
            jobs += [(var, None, f"value label for {_code(code)}", str(label)) for code, label in labels.items()]
    if not jobs:
        return
    kept = f.on("identifier_kept_terms")
    detections = engine.detect([j[3] for j in jobs], with_kept_terms(text_settings, kept.setting if kept else ()))
    if detections is None:
        f.problems.append(Problem.of("check.identifiers_in_values", location=f.file, severity="info",
                                     hint="install the toolkit fully",
                                     finding="the text engine is not available, so values were not searched for identifiers"))
        return
    hints: dict[str, list[str]] = {}
    for (var, row, where, text), found in zip(jobs, detections):
        # A label is a few words with no context; the engine's unsure guesses there are mostly noise.
        kinds = {d.type for d in found if d.type in identify.DIRECT_TYPES and not (row is None and d.uncertain)}
        if var not in hints:
            hints[var] = identify.name_hints(var, table.label(var))
        kinds = sorted(_as_named(kinds, text, hints[var]))
        if kinds:
            f.add("identifiers_in_values", f"the {where} looks like it holds {', '.join(kinds)}", var, row,
                  hint="expected in raw data: the anonymise stage removes it; check the anonymised output")


def _as_named(kinds: set[str], text: str, hints: list[str]) -> set[str]:
    """In a variable whose name or label says it holds names ("child_name"), a value the
    engine took for a street ("Will Green": first name + a word streets end in) is a
    person's name: say so, rather than send the reader looking for an address."""
    if "name" in hints and "address" not in hints and kinds & {"STREET", "ADDRESS"} and not any(c.isdigit() for c in text):
        return (kinds - {"STREET", "ADDRESS"}) | {"PERSON"}
    return kinds


_KEPT_SETTINGS: dict[tuple, tuple] = {}
_DEFAULT_SETTINGS: list = []


def with_kept_terms(settings, terms):
    """`settings` with `terms` added to its keep list (words and phrases the text engine never
    reports), e.g. English region names in value labels ("North West" is no person).

    One derived object per (settings, terms), kept alive here: the engine caches its loaded
    detector per settings object, so a collection's files still share one detector."""
    terms = [terms] if isinstance(terms, str) else terms if isinstance(terms, (list, tuple)) else ()
    terms = tuple(dict.fromkeys(str(t).strip() for t in terms if str(t).strip()))
    if not terms:
        return settings
    if settings is None:
        if not _DEFAULT_SETTINGS:
            _DEFAULT_SETTINGS.append(engine.text_settings())
        settings = _DEFAULT_SETTINGS[0]
    key = (id(settings), terms)
    cached = _KEPT_SETTINGS.get(key)
    if cached is not None and cached[0] is settings:
        return cached[1]
    keep = list(dict.fromkeys([*(getattr(settings, "keep", None) or []), *terms]))
    if dataclasses.is_dataclass(settings):
        derived = dataclasses.replace(settings, keep=keep)
    else:
        derived = SimpleNamespace(**{**vars(settings), "keep": keep})
    if len(_KEPT_SETTINGS) >= 16:
        _KEPT_SETTINGS.pop(next(iter(_KEPT_SETTINGS)))
    _KEPT_SETTINGS[key] = (settings, derived)
    return derived


def _code(value) -> str:
    try:
        number = float(value)
        return str(int(number)) if number.is_integer() else str(number)
    except (TypeError, ValueError):
        return repr(str(value))
