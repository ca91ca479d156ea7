"""`ukds-deposit risk DATAFILE --keys A,B,...`: disclosure-risk measures for one data file.

Prints a short table for a person, or with --json an object that validates against
manifests/schemas/risk.schema.json. Only the named variables are read, and SPSS/Stata
user-missing codes in the keys count as missing (as sdcMicro sees data read by haven).
"""

from __future__ import annotations

import sys

from manifests.errors import EXIT_OK, UserError
from manifests.executor import add_engine_arguments, at_least, executing
from manifests.fileio import dumps_json


def add_arguments(parser) -> None:
    parser.add_argument("datafile", metavar="DATAFILE", help="data file to measure (.sav, .csv, .dta, .tab)")
    parser.add_argument("--keys", required=True, help="comma-separated key variables (quasi-identifiers)")
    parser.add_argument("--weight", help="sampling-weight variable (without it, risk = 1/fk)")
    parser.add_argument("--k", type=at_least(2), default=3, help="k-anonymity threshold to report (default 3; 2, 3 and 5 are always reported)")
    parser.add_argument("--sensitive", help="comma-separated sensitive variables for l-diversity")
    parser.add_argument("--census", action="store_true", help="the file is the whole population: risk = 1/fk even with weights")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON (risk.schema.json)")
    # The measure is vectorised over the records: one process holds them, unless --engine dask
    # reads them in partitions (Parquet file or folder, CSV or .sav) for data too big for memory.
    add_engine_arguments(parser, workers_help="local Dask workers with --engine dask and no --scheduler (default 2)")


def names(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def read_variables(path, variables) -> "pandas.DataFrame":  # noqa: F821 - pandas is imported lazily
    """The named variables of a data file, user-missing key codes set to missing."""
    from anonymise.tabular import read_table

    # read_table checks the whole file whatever it is asked for, so a file the data pass
    # refuses (a ragged CSV, a truncated .sav) is refused here too, with the same message.
    table = read_table(path, usecols=list(dict.fromkeys(variables)))
    if any(name not in table.df.columns for name in variables):
        table = read_table(path)   # every name, so the error can suggest the one meant
    return table.meta.as_haven_reads(table.df, variables)


def outputs(args) -> list:
    """This command only reads."""
    return []


def run(args) -> int:
    from anonymise.risk.measures import risk_summary
    from manifests.loader import validate

    keys, sensitive = names(args.keys), names(args.sensitive)
    if not keys:
        raise UserError("--keys names no variables", hint="e.g. --keys sex,agegroup,authority")
    variables = keys + ([args.weight] if args.weight else []) + sensitive
    options = {"weight": args.weight, "k": args.k, "sensitive": sensitive, "census": args.census}
    if args.engine == "dask":
        from anonymise.risk.scale import read_partitioned, risk_summary_partitioned

        from anonymise.tabular import BLOCK_PARSE_ERRORS, unparsable

        with executing("dask", args.workers, args.scheduler):   # its client computes the frame
            try:
                figures = risk_summary_partitioned(read_partitioned(args.datafile, variables), keys, **options)
            except BLOCK_PARSE_ERRORS as exc:    # a ragged row deep in a block surfaces only when it is computed
                raise unparsable(args.datafile, exc) from None
    else:
        figures = risk_summary(read_variables(args.datafile, variables), keys, **options)
    summary = {"file": str(args.datafile), **figures}
    if args.json:
        validate(summary, "risk", "risk summary")
        sys.stdout.write(dumps_json(summary))
    else:
        sys.stdout.write(render(summary))
    return EXIT_OK


def render(summary: dict) -> str:
    """The summary as an aligned two-column table with a closing hint."""
    n = summary["records"]
    violations = summary["k_violations"]
    missing = {k: v for k, v in summary.get("missing_in_keys", {}).items() if v}
    rows = [
        ("records", f"{n:,}"),
        (f"key variables ({len(summary['keys'])})", ", ".join(summary["keys"])),
        ("weight", summary["weight"] if not summary["census"] else
         (f"{summary['weight']} ignored: census mode, risk = 1/fk" if summary["weight"] else "none: risk = 1/fk")),
        ("key combinations", f"{summary['equivalence_classes']:,}"),
        ("k-anonymity violations", "   ".join(f"fk<{k}: {v:,}" for k, v in sorted(violations.items(), key=lambda kv: int(kv[0])))),
        ("sample uniques", f"{summary['sample_uniques']:,}"),
        ("expected re-identifications",
         f"{summary['expected_reidentifications']:.2f} ({100 * summary['mean_risk']:.2f}% of records)"),
        ("mean / max individual risk", f"{summary['mean_risk']:.4f} / {summary['max_risk']:.4f}"),
        ("missing values in keys", ", ".join(f"{k}: {v:,}" for k, v in missing.items()) or "none"),
    ]
    for name, ldiv in summary.get("l_diversity", {}).items():
        rows.append((f"l-diversity of {name}", f"min l = {ldiv['min_l']}; {ldiv['records_below_2']:,} records in "
                                               f"{ldiv['classes_below_2']:,} key combinations with l < 2"))
    width = max(len(label) for label, _ in rows)
    lines = [f"Disclosure risk: {summary.get('file', '')}".rstrip()]
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    k = str(summary["k"])
    if violations.get(k):
        lines.append(f"{violations[k]:,} record(s) violate {k}-anonymity: recode or suppress key values "
                     f"(ukds-deposit anonymise-data ... --keys {','.join(summary['keys'])} --k {k})")
    else:
        lines.append(f"every record satisfies {k}-anonymity on these keys")
    return "\n".join(lines) + "\n"
