"""The data pass for one file: plan, hand free text to the text engine, apply, measure, write.

Two entry points share the same steps:

* the collection stage (anonymise/stage.py) calls `prepare(path, settings, manifest)`,
  collects `.text_units()` from every file for ONE text-engine run (so a name in a
  questionnaire answer, or in a file or variable label, gets the same placeholder as in
  the transcripts) and then
  `.finish(unit_results, out_dir, private_dir)`, which writes OUT/<stem>.sav and
  OUT/<stem>.tab and returns the DataFileResult;
* `anonymise_file(in, out, ...)` does the same for one file from the command line.

Rules from the manifest win; every variable no rule names gets the automatic safe
default (identify.py, automatic.yaml), so a forgotten e-mail column is still caught.
Keys named in the manifest win too; without them the quasi-identifiers are proposed as
keys (`choose_keys`), so risk is always measured and, unless the file says otherwise,
k-anonymity applied. Rows in uids,
locators and key records are 0-based row positions (SPSS case number = row + 1),
as in the demo's gold annotations.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from anonymise.data import config, engine, identify
from anonymise.data.rules import SECRET_ENV, RuleContext, apply_rule, authority_mentions, decision
from anonymise.tabular import Table, read_table, write_sav, write_tab, write_table, writer_report
from manifests.errors import UserError
from manifests.fileio import make_private_dir, sha256_file, write_jsonl, write_text

# Above this many records the per-record risk lists are summarised by quantiles:
# a million floats would swamp the stage result and the report.
DISTRIBUTION_LIMIT = 100_000
QUANTILES = 1001
FOLLOW_SAMPLE = 10_000   # records tried first when looking for variables that give a suppressed key back
MIN_KEY_ORIGINAL = 3     # shorter originals (or bare numbers) would match innocent text in the residual scan
# Where a metadata text is, in key records and the result (the text engine copies a unit's location).
FILE_LABEL, NOTE, VARIABLE_LABEL = "file label", "document note", "variable label of"
HINT_TYPE = {"name": "PERSON", "address": "ADDRESS", "postcode": "POSTCODE", "email": "EMAIL", "phone": "PHONE",
             "nhs": "NHS_NUMBER", "ni": "NI_NUMBER", "upn": "UPN"}


@dataclass
class FileSettings:
    """anonymisation.data[<file>] from the manifest (every field optional)."""

    rules: dict = field(default_factory=dict)
    keys: list = field(default_factory=list)
    k: int = 3
    weight: str | None = None
    sensitive: list = field(default_factory=list)
    importance: list = field(default_factory=list)
    id_variable: str | None = None
    dates: str | None = None                     # None: automatic.yaml's exact_dates
    protect_proposed_keys: bool | None = None    # None: automatic.yaml's protect_proposed_keys

    @classmethod
    def from_dict(cls, data: dict | None, where: str = "") -> "FileSettings":
        data = data or {}
        settings = cls(rules=dict(data.get("rules") or {}), keys=list(data.get("keys") or []), k=int(data.get("k") or 3),
                       weight=data.get("weight") or None, sensitive=list(data.get("sensitive") or []),
                       importance=list(data.get("importance") or []), id_variable=data.get("id_variable") or None,
                       dates=data.get("dates"), protect_proposed_keys=data.get("protect_proposed_keys"))
        settings.automatic(where)     # a bad value stops here, before any file is read
        return settings

    def automatic(self, where: str = "") -> config.Automatic:
        """automatic.yaml with this file's own choices."""
        return config.shipped().for_file(self.dates, self.protect_proposed_keys, where)


@dataclass
class KeyChoice:
    """The key variables risk is measured on, where they came from, and what was proposed.

    source: "manifest" (named keys: they always win), "proposed" (none named: the candidate
    quasi-identifiers) or "none" (none named and none found). `protect`: whether local
    suppression to k is applied to them (named keys always; proposed ones unless the file's
    protect_proposed_keys is false). `proposed`: [{variable, kind, why}], also when keys are named."""

    keys: list[str]
    source: str
    protect: bool
    proposed: list[dict]


@dataclass
class PlannedRule:
    variable: str
    rule: dict
    reason: str


def plan(table: Table, settings: FileSettings, reference_date: str | None, text_settings=None) -> list[PlannedRule]:
    """One entry per variable: its rule from the manifest, or the automatic choice. (Exact ages
    that are keys get a second entry, their bands, from `choose_keys`.)"""
    exact_dates = settings.automatic().exact_dates
    unknown = [v for v in settings.rules if v not in table.df.columns]
    if unknown:
        raise UserError(f"rules name variable(s) not in the file: {', '.join(unknown)}",
                        hint="variables in the file: " + ", ".join(table.variables[:30]))
    planned = []
    # Names and labels settle most variables; only the rest are shown to the (slow) text engine.
    undecided = [v for v in table.variables if v not in settings.rules and v != settings.id_variable
                 and identify.is_string(table.df[v]) and _needs_content_check(table, v)]
    findings = _content_findings(table, undecided, text_settings)
    for var in table.variables:
        if var in settings.rules:
            rule = dict(settings.rules[var])
            planned.append(PlannedRule(var, rule, rule.get("reason") or "rule in the manifest"))
            if rule.get("action") == "keep" and _identifying_id(table, var, settings):
                # The depositor's word stands, but the result says what automatic mode would have done.
                planned[-1].reason += f"; note: the values look like they encode {_identifying_id(table, var, settings)}"
            continue
        if var == settings.id_variable and "id" not in identify.name_hints(var, table.label(var)):
            kind = identify.id_kind(table.df[var], len(table.df))
            if kind != "serial":
                planned.append(PlannedRule(var, {"action": "newid"},
                                           f"the manifest's id_variable is {kind}-based: new IDs in a secret random order"))
                continue
        sample, finding = findings.get(var, ([], None))
        auto = identify.automatic_rule(table, var, sample, finding, reference_date is not None, exact_dates)
        if auto:
            planned.append(PlannedRule(var, auto[0], f"automatic: {auto[1]}"))
        elif pd.api.types.is_datetime64_any_dtype(table.df[var]):
            # Kept exact because the data manager chose so; said plainly: exact event dates help linkage.
            planned.append(PlannedRule(var, {"action": "keep"}, "automatic: an exact date that is not a date of birth; "
                                       "kept exact by the setting dates: keep (year or month_year lowers linkage risk)"))
        else:
            planned.append(PlannedRule(var, {"action": "keep"}, "automatic: no identifier found by name, label or content"))
    return planned


def choose_keys(table: Table, settings: FileSettings, planned: list[PlannedRule]) -> tuple[list[PlannedRule], KeyChoice]:
    """The key variables for risk and k-anonymity, and the plan with exact ages among them banded.

    Named keys win. Without them the quasi-identifiers among the published variables are
    proposed (identify.propose_keys), so risk is always measured: a file without keys would
    otherwise publish the only child of one age and ethnicity in one authority untouched.
    An exact age that is a key and that no rule of the manifest names becomes bands
    (automatic.yaml: age_bands), after its date rule when it comes from a date of birth."""
    automatic = settings.automatic()
    actions = {p.variable: p.rule.get("action") for p in planned}
    roles = {settings.weight, settings.id_variable, *settings.sensitive}
    candidates = [v for v in table.variables if actions.get(v) not in ("drop", "freetext", "newid")
                  and v not in roles and "id" not in identify.name_hints(v, table.label(v))]
    dobs = {v for v in candidates if "dob" in identify.name_hints(v, table.label(v))}
    dates = {v for v in candidates if pd.api.types.is_datetime64_any_dtype(table.df[v])
             or (identify.is_string(table.df[v]) and identify.is_date_text(table.df[v]))} - dobs
    proposed = identify.propose_keys(table, candidates, dates, dobs, automatic.quasi_identifiers,
                                     automatic.rare_category, automatic.rare_category_max_categories)
    if settings.keys:
        choice = KeyChoice(list(settings.keys), "manifest", True, proposed)
    elif proposed:
        choice = KeyChoice([p["variable"] for p in proposed], "proposed", automatic.protect_proposed_keys, proposed)
    else:
        choice = KeyChoice([], "none", False, proposed)
    named = "named as a key" if choice.source == "manifest" else "proposed as a key"
    kinds = {p["variable"]: p["kind"] for p in proposed}
    # An automatic reason says the variable is a key too ("...; proposed as a key (age)"); the manifest's own stand.
    planned = [PlannedRule(p.variable, p.rule, _as_key(p.reason, named, kinds.get(p.variable)))
               if p.variable in choice.keys and p.reason.startswith("automatic") else p for p in planned]
    bands = {"action": "band", "bands": [list(b) for b in automatic.age_bands]}
    for var in choice.keys:
        if var in settings.rules:
            continue
        to_age = var in dobs and any(p.variable == var and p.rule.get("to") == "age" for p in planned)
        if to_age or identify.is_exact_age(table, var):
            what = "an age from a date of birth" if to_age else "an exact age"
            planned.append(PlannedRule(var, bands, f"automatic: {what}, {named} (a quasi-identifier): "
                                                   "put into bands (setting age_bands)"))
    return planned, choice


def _as_key(reason: str, named: str, kind: str | None) -> str:
    return f"{reason}; {named}" + (f" ({kind})" if kind else "")


def _identifying_id(table: Table, var: str, settings: FileSettings) -> str:
    """"initials" or "a date" when an ID variable's values encode them, else ""."""
    if var != settings.id_variable and "id" not in identify.name_hints(var, table.label(var)):
        return ""
    kind = identify.id_kind(table.df[var], len(table.df))
    return {"initials": "initials", "date": "a date"}.get(kind, "")


def _needs_content_check(table: Table, var: str) -> bool:
    if identify.automatic_rule(table, var, [], None, True) is not None:
        return False
    # A value shared by a hundred records or more on average names a category, not a person.
    n = len(table.df)
    return not (n >= 1000 and table.df[var].nunique(dropna=True) * 100 <= n)


def _content_findings(table: Table, variables: list[str], text_settings) -> dict:
    """Ask the text engine about a sample of each string variable's distinct values (one batch)."""
    samples = {v: identify.distinct_sample(table.df[v]) for v in variables if identify.is_string(table.df[v])}
    samples = {v: s for v, s in samples.items() if s}
    if not samples:
        return {}
    texts = [t for s in samples.values() for t in s]
    detections = engine.detect(texts, text_settings)
    out, at = {}, 0
    for var, sample in samples.items():
        found = None if detections is None else identify.content_finding(sample, detections[at:at + len(sample)])
        out[var] = (sample, found)
        at += len(sample)
    return out


class PreparedData:
    """One data file read and planned; free-text cells and metadata text waiting for the text engine."""

    def __init__(self, file: str, table: Table, settings: FileSettings, planned: list[PlannedRule],
                 reference_date: str | None):
        self.file = file
        self.original = table
        self.settings = settings
        self.reference_date = reference_date
        self._units = None
        self.secret: bytes | None = None        # PRIVATE: orders authority labels and new IDs (see share_labels)
        self.authorities: dict = {}             # authority -> label number, shared by a collection
        _check_keys(table, settings, file)
        self.planned, self.keys = choose_keys(table, settings, planned)

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    def freetext_variables(self) -> list[str]:
        return [p.variable for p in self.planned if p.rule.get("action") == "freetext"]

    def text_units(self) -> list:
        """Every text of the file the text engine must read, as TextUnits: each non-empty
        free-text cell (uid "<file>::<variable>::<row>"), then the file label, the document
        notes and the variable labels of the variables that are published
        (uid "<file>::meta::file_label", "::meta::note::<i>", "::meta::label::<variable>"). A
        label is free text like an answer ("Case files from Westvale Council"), so it goes the
        same way and shares the collection's registry."""
        if self._units is None:
            self._units = self._cell_units() + [
                engine.text_unit(uid=f"{self.file}::meta::{key}", file=self.file, text=text, location=where)
                for key, where, text in self._metadata_texts()]
        return self._units

    def _cell_units(self) -> list:
        units = []
        for var in self.freetext_variables():
            col = self.original.df[var]
            text = col.astype("string")
            rows = np.flatnonzero((text.notna() & (text.str.strip() != "")).to_numpy())
            for row in rows.tolist():
                units.append(engine.text_unit(uid=f"{self.file}::{var}::{row}", file=self.file,
                                              text=str(text.iat[row]), location=f"{var}[{row}]",
                                              variable=var, row=row))
        return units

    def _metadata_texts(self) -> list[tuple[str, str, str]]:
        """(uid key, location, text) of every non-empty metadata text that is published."""
        meta = self.original.meta
        dropped = {p.variable for p in self.planned if p.rule.get("action") == "drop"}
        texts = [("file_label", FILE_LABEL, meta.file_label)]
        texts += [(f"note::{i}", f"{NOTE} {i + 1}", note) for i, note in enumerate(_notes(meta))]
        texts += [(f"label::{var}", f"{VARIABLE_LABEL} {var}", meta.variable_labels.get(var) or "")
                  for var in self.original.variables if var not in dropped]
        return [(key, where, str(text)) for key, where, text in texts if str(text or "").strip()]

    # ------------------------------------------------------------ applying (no file I/O)

    def apply(self, unit_results, full_key: bool = True) -> tuple[Table, dict, list[dict], list[dict]]:
        """The anonymised table, the public result (without outputs), key records and crosswalk.

        `full_key` adds dropped identifiers, authority names and ID strings to the key
        records, so the collection's residual scan looks for them in every output; a
        single file needs only the free-text records (its crosswalk holds the rest)."""
        # Shallow: pandas' copy-on-write keeps the original intact while rules replace columns.
        table = Table(self.original.df.copy(deep=False), _copy_meta(self.original.meta))
        ctx = RuleContext(file=self.file, reference_date=self.reference_date, secret=self.secret,
                          authorities=self.authorities)
        decisions, key_records = [], []
        by_uid = {r.uid: r for r in (unit_results or [])}
        # Labels first: the rules add to them ("Date of review (year-month)") and must add to the safe text.
        label_records, unread = self._replace_metadata(table, by_uid if unit_results is not None else None)
        key_records += label_records
        cells = self._cell_units()
        for item in self.planned:
            action = item.rule.get("action")
            if action == "freetext":
                missing = [u.uid for u in cells if u.variable == item.variable and u.uid not in by_uid]
                if unit_results is None or missing:
                    # No text engine answer for these cells: never publish them unread.
                    decisions.append(apply_rule(table, item.variable, {"action": "drop"}, ctx,
                                                reason=f"{item.reason}; the text engine did not process it, so it is dropped"))
                    continue
                key_records += self._replace_cells(table, item.variable, by_uid, cells)
            if full_key:
                key_records += self._originals_for_key(item, table)
            decisions.append(apply_rule(table, item.variable, item.rule, ctx, reason=item.reason))
        authority_records = _authority_names_in_metadata(table, ctx)
        key_records += authority_records
        if full_key:
            key_records += _crosswalk_key_records(ctx.crosswalk, self.file)
        result = self._measure(table, decisions, ctx)
        result["metadata_text"] = _metadata_summary(label_records + authority_records, unread, decisions)
        return table, result, key_records, ctx.crosswalk

    def _replace_cells(self, table: Table, var: str, by_uid: dict, cells: list) -> list[dict]:
        units = [u for u in cells if u.variable == var]
        col = table.df[var].astype(object).copy()
        records = []
        for unit in units:
            res = by_uid[unit.uid]
            col.iat[unit.row] = res.text
            for record in res.records:
                records.append({**record, "file": self.file, "variable": var, "row": unit.row})
        table.df[var] = col
        return records

    def _replace_metadata(self, table: Table, by_uid: dict | None) -> tuple[list[dict], list[str]]:
        """Put the text engine's version of the file label, notes and variable labels into
        `table.meta`; key records for what it replaced. A text the engine did not read is
        never published: it is emptied, and its location returned in the second list."""
        records, unread = [], []
        notes = list(_notes(table.meta))
        for key, where, _text in self._metadata_texts():
            res = (by_uid or {}).get(f"{self.file}::meta::{key}")
            text = res.text if res is not None else ""
            if res is None:
                unread.append(where)
            kind, _, name = key.partition("::")
            if kind == "file_label":
                table.meta.file_label = text
            elif kind == "note":
                notes[int(name)] = text
            elif text:
                table.meta.variable_labels[name] = text
            else:
                table.meta.variable_labels.pop(name, None)
            for record in res.records if res is not None else []:
                record = {**record, "file": self.file}
                if kind == "label":
                    record["variable"] = name
                records.append(record)
        if notes:
            table.meta.notes = [n for n in notes if n.strip()]
        return records, unread

    def _originals_for_key(self, item: PlannedRule, table: Table) -> list[dict]:
        """Dropped direct identifiers go into the private key (replacement "[dropped]"), so the
        residual scan also looks for them in every other output of the collection."""
        if item.rule.get("action") != "drop" or not identify.is_string(table.df[item.variable]):
            return []
        hints = [h for h in identify.name_hints(item.variable, self.original.label(item.variable)) if h in HINT_TYPE]
        if not hints and "direct identifiers" not in item.reason:
            return []
        kind = HINT_TYPE[hints[0]] if hints else "PERSON"
        return _value_records(table.df[item.variable], item.variable, self.file, kind, "[dropped]")

    def _measure(self, table: Table, decisions: list[dict], ctx: RuleContext) -> dict:
        """Risk on the chosen keys before and after, with local suppression to k when the
        choice protects them. Named keys a rule dropped are measured before only."""
        s, choice = self.settings, self.keys
        keys_after = [k for k in choice.keys if k in table.df.columns]
        weight = s.weight if s.weight in table.df.columns else None
        risk_before = risk_after = None
        dist_before = dist_after = []
        suppressions: dict[str, int] = {}
        affected = np.zeros(len(table.df), dtype=bool)
        if choice.keys:
            risk_before, dist_before = _risk(self.original, choice.keys, s.weight, s.k, s.sensitive)
        if keys_after:
            masks = _suppress(table, keys_after, s.k, s.importance) if choice.protect else {}
            suppressions = {key: int(mask.sum()) for key, mask in masks.items()}
            why = "the keys" if choice.source == "manifest" else "the proposed keys"
            for var, n in suppressions.items():
                decisions.append(decision(var, "suppress", f"local suppression to reach {s.k}-anonymity on {why}",
                                          f"{n} values set to system-missing"))
            free = {d["variable"] for d in decisions if d["action"] == "freetext"}
            for var, (n, key, blank) in _follow_suppression(table, masks, skip=set(keys_after) | free).items():
                suppressions[var] = n
                masks[var] = blank
                decisions.append(decision(var, "suppress", f"its values would give back suppressed values of the key {key}",
                                          f"{n} values set to system-missing"))
            for mask in masks.values():
                affected |= mask
            sensitive = [v for v in s.sensitive if v in table.df.columns]
            risk_after, dist_after = _risk(table, keys_after, weight, s.k, sensitive)
        info_loss = {"cells_suppressed": int(sum(suppressions.values())), "records_affected": int(affected.sum()),
                     **ctx.info_loss}
        return {
            "file": self.file,
            "records": int(len(table.df)),
            "variables_before": len(self.original.variables),
            "variables_after": len(table.variables),
            "decisions": decisions,
            "keys": list(choice.keys),
            "key_source": choice.source,
            "k_applied": bool(choice.protect and keys_after),
            "proposed_keys": choice.proposed,
            "k": int(s.k),
            "weight": s.weight,
            "risk_before": risk_before,
            "risk_after": risk_after,
            "suppressions": suppressions,
            "info_loss": info_loss,
            "risk_distribution_before": dist_before,
            "risk_distribution_after": dist_after,
        }

    # ------------------------------------------------------------ writing

    def finish(self, unit_results, out_dir, private_dir) -> dict:
        """Write OUT/<stem>.sav and OUT/<stem>.tab (+ the private crosswalk); return the
        DataFileResult with `key_records` for the private key (the caller pops them)."""
        table, result, key_records, crosswalk = self.apply(unit_results)
        out_dir = Path(out_dir)
        written = [write_sav(out_dir / f"{self.stem}.sav", table), write_tab(out_dir / f"{self.stem}.tab", table)]
        # The .tab beside the .sav holds values only by design (the DDI describes them): only the .sav is judged.
        _add_writer_losses(result, writer_report(table, written[0], self.file, source=self.original))
        base = out_dir.parents[1] if out_dir.name == "data" and out_dir.parent.name == "anonymised" else out_dir
        result["outputs"] = [str(p.relative_to(base)) for p in written]
        if crosswalk:
            write_crosswalk(Path(private_dir) / f"crosswalk_{self.stem}.csv", crosswalk)
        result["key_records"] = key_records
        return result


def prepare(path, settings_for_file: dict | None, manifest: dict | None) -> PreparedData:
    """Read and plan one data file of a collection. Nothing is written."""
    path = Path(path)
    manifest = manifest or {}
    file = _collection_name(path, manifest)
    table = read_table(path)
    settings = FileSettings.from_dict(settings_for_file, file)
    reference_date = ((manifest.get("anonymisation") or {}).get("reference_date")) or None
    planned = plan(table, settings, reference_date, engine.text_settings(manifest) if _has_strings(table) else None)
    prepared = PreparedData(file, table, settings, planned, reference_date)
    if not os.environ.get(SECRET_ENV):
        # Without a secret of the user's own, the file's digest (see share_labels).
        prepared.secret = hashlib.sha256(b"ukds-deposit authority order\0" + sha256_file(path).encode()).digest()
    return prepared


def share_labels(prepared: list[PreparedData]) -> None:
    """One secret for the files of a collection, so an authority has the same label in each
    (and an ID the same new number wherever the same IDs are renumbered). Unless the user set
    a secret of their own ($UKDS_DEPOSIT_SECRET), it is a digest of the original data files:
    only the depositor holds them, so nobody can work the order out from the authority names
    or the old IDs, and the same files always give the same labels (no secret to keep,
    nothing written outside the work folder)."""
    secret = None
    if prepared and all(p.secret is not None for p in prepared):
        secret = hashlib.sha256(b"".join(p.secret for p in sorted(prepared, key=lambda p: p.file))).digest()
    authorities: dict = {}
    for item in prepared:
        item.secret, item.authorities = secret, authorities


def anonymise_file(in_path, out_path, rules=None, keys=None, k: int = 3, text_anonymiser=None, *,
                   weight: str | None = None, importance=None, sensitive=None, reference_date: str | None = None,
                   key_dir=None, dates: str | None = None, protect_proposed_keys: bool | None = None) -> dict:
    """Anonymise one file into OUT_PATH (format from its suffix). The crosswalk and the key
    records go to KEY_DIR (default: a 'private' folder beside OUT_PATH, never OUT_PATH's own folder).
    `dates` and `protect_proposed_keys` override automatic.yaml for this file (None: as shipped)."""
    in_path, out_path = Path(in_path), Path(out_path)
    key_dir = private_folder(out_path, key_dir)
    if in_path.resolve() == out_path.resolve():
        raise UserError("the output would overwrite the input", hint="write to a different file")
    settings = {"rules": rules or {}, "keys": list(keys or []), "k": k, "weight": weight,
                "importance": list(importance or []), "sensitive": list(sensitive or []), "dates": dates,
                "protect_proposed_keys": protect_proposed_keys}
    manifest = {"anonymisation": {"reference_date": reference_date}} if reference_date else {}
    prepared = prepare(in_path, settings, manifest)
    prepared.file = in_path.name
    units = prepared.text_units()
    unit_results = _run_text_engine(units, text_anonymiser, manifest) if units else []
    table, result, key_records, crosswalk = prepared.apply(unit_results, full_key=False)
    write_table(out_path, table)
    _add_writer_losses(result, writer_report(table, out_path, prepared.file, source=prepared.original))
    result["outputs"] = [str(out_path)]
    make_private_dir(key_dir)
    if crosswalk:
        write_crosswalk(key_dir / f"crosswalk_{prepared.stem}.csv", crosswalk)
    if key_records:
        write_jsonl(key_dir / f"key_{prepared.stem}.jsonl", key_records, private=True)
    result["private"] = str(key_dir)
    return result


def _add_writer_losses(result: dict, report: dict) -> None:
    """What the writer could not keep joins the information-loss table and the warnings."""
    result["info_loss"].update(report["info_loss"])
    result["not_kept"], result["warnings"] = report["not_kept"], report["warnings"]


def private_folder(out_path: Path, key_dir=None) -> Path:
    """Where the crosswalk goes: never next to the anonymised file, which is meant to be shared."""
    folder = Path(key_dir) if key_dir else out_path.parent / "private"
    if folder.resolve() == out_path.parent.resolve():
        raise UserError("the private key folder must not be the output file's folder",
                        hint="choose another --key-dir (default: a 'private' folder beside the output)")
    return folder


def _run_text_engine(units, text_anonymiser, manifest):
    if text_anonymiser is None:
        try:
            from anonymise.text.pipeline import TextAnonymiser
            from anonymise.text.registry import Registry
        except ImportError:
            return None   # apply() drops the free-text variables rather than publish them unread
        settings = engine.text_settings(manifest)
        text_anonymiser = TextAnonymiser(settings, Registry.from_settings(settings))
    try:
        return text_anonymiser.run(units)
    except ImportError:
        return None


def write_crosswalk(path: Path, crosswalk: list[dict]) -> Path:
    """Private CSV: variable, original, replacement (one row per distinct original)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["variable", "original", "replacement"])
    for block in crosswalk:
        for original, replacement in zip(block["originals"], block["replacements"]):
            writer.writerow([block["variable"], original, replacement])
    return write_text(path, buffer.getvalue(), private=True)


# ---------------------------------------------------------------- helpers

def _collection_name(path: Path, manifest: dict) -> str:
    """The path as the manifest lists it (e.g. "data/casefile_survey.sav"), else the file name."""
    posix = path.as_posix()
    for entry in manifest.get("files") or []:
        if posix == entry["path"] or posix.endswith("/" + entry["path"]):
            return entry["path"]
    return path.name


def _has_strings(table: Table) -> bool:
    return any(identify.is_string(table.df[c]) for c in table.df.columns)


def _check_keys(table: Table, settings: FileSettings, file: str) -> None:
    wanted = settings.keys + settings.sensitive + settings.importance + ([settings.weight] if settings.weight else [])
    unknown = [v for v in wanted if v not in table.df.columns]
    if unknown:
        raise UserError(f"key/weight/sensitive variable(s) not in the file: {', '.join(dict.fromkeys(unknown))}",
                        location=file, hint="variables in the file: " + ", ".join(table.variables[:30]))
    if settings.keys and int(settings.k) < 2:
        raise UserError(f"k must be at least 2 (got {settings.k})", location=file)


def _copy_meta(meta):
    from copy import deepcopy

    return deepcopy(meta)


def _key_frame(table: Table, keys, extra=()) -> pd.DataFrame:
    """Key (and weight, sensitive) columns with SPSS user-missing codes as missing."""
    return table.meta.as_haven_reads(table.df[[*keys, *[e for e in extra if e and e not in keys]]].copy())


def _risk(table: Table, keys, weight, k, sensitive):
    try:
        from anonymise.risk.measures import assess
    except ImportError:
        return None, []
    frame = _key_frame(table, keys, [weight, *sensitive])
    summary, records = assess(frame, keys, weight=weight, k=k, sensitive=list(sensitive))
    return _plain(summary), _distribution(records["risk"].to_numpy(dtype="float64"))


def _distribution(risk: np.ndarray) -> list[float]:
    if len(risk) > DISTRIBUTION_LIMIT:
        risk = np.quantile(risk, np.linspace(0, 1, QUANTILES))
    return [round(float(r), 6) for r in risk]


def _suppress(table: Table, keys, k, importance) -> dict[str, np.ndarray]:
    """Blank key cells until every key combination is shared by k records; per key, the cells
    blanked (only keys that lost any)."""
    try:
        from anonymise.risk.suppression import local_suppression
    except ImportError:
        return {}
    frame = _key_frame(table, keys)
    # Only the keys the user ranked; None lets sdcMicro's default decide (most categories first).
    suppressed, _info = local_suppression(frame, keys, k, [v for v in importance if v in keys] or None)
    masks = {}
    for key in keys:
        newly = (suppressed[key].isna() & frame[key].notna()).to_numpy()
        if newly.any():
            col = table.df[key]
            table.df[key] = col.mask(pd.Series(newly, index=col.index))
            masks[key] = newly
    return masks


def _follow_suppression(table: Table, masks: dict[str, np.ndarray], skip: set) -> dict[str, tuple[int, str, np.ndarray]]:
    """Blank, in other variables, the cells that would give a suppressed key value back.

    A published variable V gives K back when V determines K across the file (every value of V
    seen in two records or more goes with a single K value: an exact age beside an age band,
    an authority beside its region, a detailed code beside its group) and a suppressed
    record's V value occurs among the records whose K is published. Such cells of V are
    blanked too. An identifier whose values are all different determines nothing (no value
    is shared), so it is left alone. Returns {V: (cells blanked, K, which rows)}."""
    followed: dict[str, tuple[int, str, np.ndarray]] = {}
    key_codes = {key: pd.factorize(table.df[key], use_na_sentinel=True) for key in masks}
    for var in table.variables:
        if var in skip or var in masks:
            continue
        column = table.df[var]
        present = column.notna().to_numpy()
        codes = None
        blank = np.zeros(len(column), dtype=bool)
        first_key = ""
        for key, mask in masks.items():
            k_codes, k_values = key_codes[key]
            known = np.flatnonzero((k_codes >= 0) & present)
            if not known.size:
                continue
            # Most variables have nothing to do with K: a value of V seen with two K values among
            # the first records already rules V out (the whole file could only agree), without
            # coding a million values of each variable.
            head = known[:FOLLOW_SAMPLE]
            if len(head) < len(known):
                v_head, _ = pd.factorize(column.iloc[head])
                if _determines(v_head, k_codes[head], len(k_values)) == "conflict":
                    continue
            if codes is None:
                codes = pd.factorize(column, use_na_sentinel=True)[0]
            # V must determine K throughout the file (age -> age band, authority -> region), not by
            # chance in a few small groups: every value seen twice or more goes with one K only.
            if _determines(codes[known], k_codes[known], len(k_values)) != "determines":
                continue
            telling = np.zeros(codes.max() + 1, dtype=bool)
            telling[codes[known]] = True          # the values of V seen beside a published K
            hit = mask & present & telling[np.maximum(codes, 0)]
            if hit.any():
                blank |= hit
                first_key = first_key or key
        if blank.any():
            table.df[var] = column.mask(pd.Series(blank, index=column.index))
            followed[var] = (int(blank.sum()), first_key, blank)
    return followed


def _determines(v: np.ndarray, k: np.ndarray, k_size: int) -> str:
    """For paired codes (none missing): "conflict" when a value of V seen twice or more goes
    with two K values, "determines" when none does and some value is shared, else "none shared"."""
    sizes = np.bincount(v)
    pairs = pd.unique(v.astype(np.int64) * max(k_size, 1) + k)
    kinds = np.bincount(pairs // max(k_size, 1), minlength=len(sizes))
    shared = sizes >= 2
    if (kinds[shared] > 1).any():
        return "conflict"
    return "determines" if shared.any() else "none shared"


def _notes(meta) -> list[str]:
    """The file's document notes (SPSS "documents"), when the reader keeps them."""
    notes = getattr(meta, "notes", None) or []
    return [notes] if isinstance(notes, str) else [str(n) for n in notes]


def _authority_names_in_metadata(table: Table, ctx: RuleContext) -> list[dict]:
    """After the text pass: authority names the file's own authority variables hold, still
    standing in its file label, notes or variable labels, become their labels there too
    ("Northshire, Eastborough, Westvale and Southmere" in a file label is a list the text
    engine may not read as places; the data say they are the authorities)."""
    generic = config.shipped().authority_generic_words
    records = []

    def swap(text: str, location: str, variable: str | None = None) -> str:
        new, found = authority_mentions(text, ctx, generic)
        for original, label in found:
            records.append({"original": original, "replacement": label, "type": "LOCAL_AUTHORITY", "file": ctx.file,
                            "location": location, "detector": "data_rule", **({"variable": variable} if variable else {})})
        return new

    table.meta.file_label = swap(table.meta.file_label, FILE_LABEL)
    if _notes(table.meta):
        table.meta.notes = [swap(n, f"{NOTE} {i + 1}") for i, n in enumerate(_notes(table.meta))]
    for var in table.variables:
        if table.meta.variable_labels.get(var):
            table.meta.variable_labels[var] = swap(table.meta.variable_labels[var], f"{VARIABLE_LABEL} {var}", var)
    return records


def _metadata_summary(records: list[dict], unread: list[str], decisions: list[dict]) -> dict:
    """What the text pass changed in the file label, notes and variable labels (counts only:
    this goes into the public report). Each variable's own count is also added to the detail
    of its decision, so the decisions table says it."""
    labels = Counter(r["variable"] for r in records if r.get("variable"))
    for d in decisions:
        n = labels.get(d["variable"])
        if n and d["action"] != "suppress" and "variable label" not in d["detail"]:
            d["detail"] = "; ".join(filter(None, [d["detail"], f"variable label: {n} identifier(s) replaced"]))
    return {"file_label": sum(r.get("location") == FILE_LABEL for r in records),
            "notes": sum(str(r.get("location", "")).startswith(NOTE) for r in records),
            "variable_labels": dict(sorted(labels.items())),
            "not_read_so_emptied": unread}


def _value_records(col: pd.Series, var: str, file: str, kind: str, replacement: str) -> list[dict]:
    text = col.astype("string").str.strip()
    first = text[text.notna() & (text != "")].drop_duplicates()
    records = []
    for row, value in first.items():
        value = str(value)
        if len(value) < MIN_KEY_ORIGINAL or value.replace(" ", "").isdigit():
            continue
        position = col.index.get_loc(row)
        records.append({"original": value, "replacement": replacement, "type": kind, "file": file,
                        "variable": var, "row": int(position), "detector": "data_rule"})
    return records


def _crosswalk_key_records(crosswalk: list[dict], file: str) -> list[dict]:
    """Authority names and ID strings that carry letters go into the private key too."""
    records = []
    for block in crosswalk:
        var = block["variable"]
        is_authority = block.get("kind") == "authority"
        for value, new in zip(block["originals"], block["replacements"]):
            value = str(value)
            if len(value) < MIN_KEY_ORIGINAL or not any(c.isalpha() for c in value):
                continue
            records.append({"original": value, "replacement": str(new),
                            "type": "LOCAL_AUTHORITY" if is_authority else "CASE_REFERENCE",
                            "file": file, "variable": var, "detector": "data_rule"})
    return records


def _plain(value):
    """numpy scalars -> Python, recursively (the result must be JSON-able)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value
