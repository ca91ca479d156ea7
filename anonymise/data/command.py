"""`ukds-deposit anonymise-data IN OUT`: anonymise one .sav/.zsav/.por/.dta/.csv/.tab file.

Without --rules every variable gets the automatic safe default (direct
identifiers found by name, label and content are dropped or transformed, exact
dates coarsened); without --keys the quasi-identifiers are proposed as keys, risk
is measured on them and k is applied (anonymise/data/automatic.yaml). The file
label, document notes and variable labels go through the text engine. The
crosswalk and key records are private and go to the folder --private names:
the command requires it, so a key never lands in whatever folder the command
happened to be started from, and never in OUT's own folder.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

import yaml

from anonymise.data.config import DATE_SETTINGS
from manifests.errors import EXIT_OK, UserError
from manifests.executor import at_least
from manifests.fileio import dumps_json
from manifests.loader import load_yaml, read_yaml_text

# The fields of a manifest's anonymisation.data entry: a --rules file naming any of them is such a block.
BLOCK_FIELDS = ("rules", "keys", "k", "weight", "importance", "sensitive", "reference_date", "dates",
                "protect_proposed_keys")


def add_arguments(parser) -> None:
    parser.add_argument("input", metavar="IN", help="data file to anonymise (.sav, .zsav, .por, .dta, .csv, .tab)")
    parser.add_argument("output", metavar="OUT", help="anonymised file to write (.sav, .zsav, .dta, .csv or .tab); "
                                                      "what the format cannot hold is listed as a warning")
    parser.add_argument("--rules", help="YAML file: VARIABLE: {action: ...} per variable, or a block like the "
                                        "manifest's anonymisation.data entry (rules, keys, k, weight, importance, "
                                        "dates, protect_proposed_keys)")
    parser.add_argument("--keys", help="comma-separated key variables (quasi-identifiers) for risk and suppression")
    parser.add_argument("--k", type=at_least(2), default=None, help="k-anonymity threshold for local suppression (default 3)")
    parser.add_argument("--weight", help="sampling-weight variable for the risk measures")
    parser.add_argument("--importance", help="comma-separated keys, most important (least to suppress) first")
    parser.add_argument("--reference-date", type=iso_date, help="ISO date for ages and durations, e.g. 2013-09-01")
    parser.add_argument("--dates", choices=DATE_SETTINGS, default=None,
                        help="what exact dates other than dates of birth become (default month_year)")
    parser.add_argument("--protect-proposed-keys", action=argparse.BooleanOptionalAction, default=None,
                        help="without --keys, apply k to the proposed keys (default) or only measure their risk "
                             "(--no-protect-proposed-keys)")
    parser.add_argument("--private", "--key-dir", dest="key_dir", required=True, metavar="DIR",
                        help="private folder for the ID crosswalk and the key records: required, because they hold "
                             "every original and must be kept apart from OUT (never the current folder by default)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def iso_date(text: str) -> str:
    """argparse type: a calendar date written YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them)."""
    return [Path(args.output).parent, args.key_dir]


def load_rules_file(path) -> dict:
    """The --rules file as a file-settings block {rules, keys, k, ...}."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"no such rules file: {path}")
    try:
        data = load_yaml(read_yaml_text(path, "rules file"), str(path))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UserError(f"the rules file is not valid YAML: {' '.join(str(exc).split())[:200]}", location=str(path)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError("the rules file must be a mapping", location=str(path),
                        hint="write 'VARIABLE: {action: drop}' lines, or a 'rules:' block")
    block = data if any(name in data for name in BLOCK_FIELDS) else {"rules": data}
    for var, rule in (block.get("rules") or {}).items():
        if not isinstance(rule, dict) or "action" not in rule:
            raise UserError(f"the rule for {var} must be a mapping with an 'action'", location=str(path),
                            hint="e.g. dob: {action: date, to: year}")
    return block


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def run(args) -> int:
    from anonymise.data.stage import anonymise_file

    block = load_rules_file(args.rules) if args.rules else {}
    keys = _split(args.keys) or list(block.get("keys") or [])
    result = anonymise_file(
        args.input, args.output, rules=block.get("rules") or None, keys=keys,
        k=args.k or int(block.get("k") or 3), weight=args.weight or block.get("weight"),
        importance=_split(args.importance) or block.get("importance"), sensitive=block.get("sensitive"),
        reference_date=args.reference_date or block.get("reference_date"), key_dir=args.key_dir,
        dates=args.dates or block.get("dates"),
        protect_proposed_keys=(args.protect_proposed_keys if args.protect_proposed_keys is not None
                               else block.get("protect_proposed_keys")))
    if args.json:
        sys.stdout.write(dumps_json(result))
        return EXIT_OK
    print(f"anonymise-data: {result['records']} records, {result['variables_before']} -> "
          f"{result['variables_after']} variables, written to {args.output}")
    for d in result["decisions"]:
        if d["action"] != "keep":
            print(f"  {d['variable']}: {d['action']} - {d['reason']}" + (f" ({d['detail']})" if d["detail"] else ""))
    if result["key_source"] == "proposed":
        print(f"  no key variables named: proposed {', '.join(result['keys'])}"
              + ("" if result["k_applied"] else " (risk measured only: protect_proposed_keys is false)"))
        for p in result["proposed_keys"]:
            print(f"    {p['variable']}: {p['why']}")
    elif result["key_source"] == "none":
        print("  no key variables named and no quasi-identifier found: risk not measured")
    before, after = result.get("risk_before"), result.get("risk_after")
    if before and after:
        k = str(result["k"])
        print(f"  risk on {', '.join(result['keys'])}: {k}-anonymity violations {before['k_violations'].get(k)} -> "
              f"{after['k_violations'].get(k)}, sample uniques {before['sample_uniques']} -> {after['sample_uniques']}")
    for warning in result.get("warnings") or []:
        print(f"  warning: {warning['message']}")
    labels = result.get("metadata_text") or {}
    replaced = labels.get("file_label", 0) + labels.get("notes", 0) + sum(labels.get("variable_labels", {}).values())
    if replaced:
        print(f"  labels: {replaced} identifier(s) replaced in the file label, notes and variable labels")
    if labels.get("not_read_so_emptied"):
        print(f"  labels: the text engine is not available, so {len(labels['not_read_so_emptied'])} label(s) were emptied")
    loss = result.get("info_loss") or {}
    # the rows naming a variable are the warnings above, counted here in one figure
    listed = {item["row"] for item in result.get("not_kept") or []}
    counts = {name.replace("_", " "): n for name, n in loss.items() if name not in listed}
    if result.get("not_kept"):
        counts["not kept by the writer (see the warnings)"] = len(result["not_kept"])
    if counts:
        print("  information loss: " + ", ".join(f"{name} {n:,}" for name, n in sorted(counts.items())))
    print(f"  private crosswalk/key folder: {result['private']}")
    return EXIT_OK
