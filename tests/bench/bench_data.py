"""Benchmark: `anonymise-data` on a 1,000,000-row x 50-variable .sav against pyreadstat's
own read + write of the same file, measured in the same run (target: within 2x).

The file mixes what a large survey holds: a serial ID, an ID built from initials and a
date of birth (-> newid), dates of birth (-> age), local-authority names (-> Authority
A..), postcodes (-> dropped), 30 labelled questions with user-missing codes, 10 scale
variables, a weight and a few short strings. No free text: the text engine's speed is
measured by the text benchmark. Run: `python -m tests.bench.run_all data`, or set
BENCH_DATA_ROWS for a smaller file.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

ROWS = int(os.environ.get("BENCH_DATA_ROWS", "1000000"))
QUESTIONS = 30
SCALES = 10


def generate(path: Path, rows: int = ROWS, seed: int = 11) -> None:
    rng = np.random.default_rng(seed)
    dob = np.datetime64("1995-01-01") + rng.integers(0, 7000, rows).astype("timedelta64[D]")
    entered = dob + rng.integers(100, 4000, rows).astype("timedelta64[D]")
    letters = np.array(list("ABCDEFGHJKLMNPRSTW"))
    initials = np.char.add(rng.choice(letters, rows), rng.choice(letters, rows))
    ddmmyy = pd.Series(dob).dt.strftime("%d%m%y").to_numpy().astype(str)
    serial = np.char.zfill(rng.permutation(rows).astype(str), 7)
    columns = {
        "id": np.arange(1, rows + 1, dtype="float64"),
        "case_ref": np.char.add(np.char.add(initials, ddmmyy), serial).astype(object),
        "dob": dob.astype("datetime64[us]"),
        "date_entered_care": entered.astype("datetime64[us]"),
        "la": rng.choice(["Northshire County Council", "Eastborough Council", "Westvale Borough Council",
                          "Southmere City Council"], rows).astype(object),
        "sex": rng.choice([1.0, 2.0], rows),
        "postcode": np.char.add(np.char.add(rng.choice(["LS", "M", "B", "NE"], rows), rng.integers(1, 30, rows).astype(str)),
                                np.char.add(" ", rng.integers(1, 9, rows).astype(str))).astype(object),
        "tenure_text": rng.choice(["owner", "social rent", "private rent", "other"], rows).astype(object),
        "weight": rng.uniform(50, 150, rows),
    }
    labels = {"sex": {1: "Male", 2: "Female"}}
    missing = {}
    scale = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree", -9: "No answer"}
    for q in range(1, QUESTIONS + 1):
        values = rng.integers(1, 6, rows).astype("float64")
        values[rng.random(rows) < 0.03] = -9
        columns[f"q{q}"] = values
        labels[f"q{q}"] = scale
        missing[f"q{q}"] = [-9]
    for x in range(1, SCALES + 1):
        columns[f"x{x}"] = np.round(rng.normal(100, 15, rows), 2)
    columns["region"] = rng.integers(1, 10, rows).astype("float64")
    df = pd.DataFrame(columns)
    assert df.shape[1] == 50, df.shape
    pyreadstat.write_sav(df, str(path), file_label="Benchmark survey", variable_value_labels=labels,
                         missing_ranges=missing,
                         column_labels={"id": "Serial number", "case_ref": "Case reference", "dob": "Date of birth",
                                        "la": "Local authority", "postcode": "Postcode"},
                         variable_format={"dob": "DATE11", "date_entered_care": "DATE11"})


def main() -> None:
    from anonymise.data.stage import anonymise_file

    with tempfile.TemporaryDirectory(prefix="bench-data-") as tmp:
        tmp = Path(tmp)
        source = tmp / "survey.sav"
        started = time.perf_counter()
        generate(source)
        print(f"generated {ROWS:,} rows x 50 variables ({source.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        df, meta = pyreadstat.read_sav(str(source), user_missing=True)
        read = time.perf_counter() - started
        started = time.perf_counter()
        pyreadstat.write_sav(df, str(tmp / "baseline.sav"), column_labels=meta.column_names_to_labels,
                             variable_value_labels=meta.variable_value_labels, missing_ranges=meta.missing_ranges)
        write = time.perf_counter() - started
        baseline = read + write
        del df

        started = time.perf_counter()
        result = anonymise_file(source, tmp / "out" / "survey.sav", reference_date="2013-09-01")
        ours = time.perf_counter() - started

        changed = {d["variable"]: d["action"] for d in result["decisions"] if d["action"] != "keep"}
        print(f"pyreadstat read + write : {baseline:6.2f} s (read {read:.2f}, write {write:.2f})")
        print(f"anonymise-data (auto)   : {ours:6.2f} s   decisions: {changed}")
        print(f"ratio                   : {ours / baseline:6.2f}x (target <= 2.0x)")


if __name__ == "__main__":
    main()
