"""Benchmark: the describe stage (read .sav, statistics, DDI, dictionary, HTML, validation) on
synthetic survey files of growing size, plus --validate on the reference DDI records in tests/fixtures/ddi-examples.

Prints figures only; `python -m tests.bench.run_all metadata`."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from manifests.loader import load_manifest
from manifests.workdir import Work
from metadata.command import describe
from metadata.validate import load_schema, validate_ddi
from tests.metadata.fixtures import DDI_EXAMPLES, make_work

SIZES = ((1_000, 40), (20_000, 80), (100_000, 120))


def _survey(rows: int, columns: int, seed: int = 3) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    data, labels, values, measure = {}, {}, {}, {}
    for i in range(columns):
        name = f"q{i + 1:03d}"
        labels[name] = f"Question {i + 1}"
        if i % 3 == 0:  # scale
            data[name] = np.round(rng.normal(50, 12, rows), 1)
            measure[name] = "scale"
        else:           # labelled 1..5 with a missing code
            data[name] = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 9.0], rows)
            values[name] = {1.0: "Strongly disagree", 2.0: "Disagree", 3.0: "Neither", 4.0: "Agree",
                            5.0: "Strongly agree", 9.0: "No answer"}
            measure[name] = "ordinal"
    missing = {name: [9.0] for name in values}
    return pd.DataFrame(data), dict(column_labels=labels, variable_value_labels=values,
                                    missing_ranges=missing, variable_measure=measure)


def main() -> None:
    started = time.perf_counter()
    load_schema()
    print(f"XSD set load (offline): {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for rows, columns in SIZES:
            work = make_work(Path(tmp) / f"w{rows}")
            df, meta = _survey(rows, columns)
            sav = work / "anonymised" / "data" / "big_survey.sav"
            pyreadstat.write_sav(df, str(sav), **meta)
            df.to_csv(sav.with_suffix(".tab"), sep="\t", index=False)
            load_manifest(work / "private" / "deposit.yaml")
            started = time.perf_counter()
            result = describe(Work.at(work))
            elapsed = time.perf_counter() - started
            ddi = work / result["details"]["ddi"]
            print(f"describe {rows:>7,} cases x {columns:>3} vars (+ 40 x 8 fixture): {elapsed:6.2f} s, "
                  f"{result['summary']['variables']} variables, DDI {ddi.stat().st_size / 1024:,.0f} KiB, "
                  f"STANDARD violations {result['summary']['violations']['STANDARD']}")
            started = time.perf_counter()
            validate_ddi(ddi, gate="STANDARD")
            print(f"  validate that DDI again (XSD + IDREF + profile): {time.perf_counter() - started:.2f} s")
    for path in sorted(DDI_EXAMPLES.glob("*.xml")):
        started = time.perf_counter()
        report = validate_ddi(path, gate="STANDARD")
        print(f"--validate {path.name}: {time.perf_counter() - started:.3f} s, {len(report.errors)} error(s)")


if __name__ == "__main__":
    main()
