"""Benchmark: the anonymisation report for a collection the size of SN 851583 and larger.

Times building the public report, rendering the HTML, the leak check over
both texts, and the private variant; prints sizes. Inputs are synthetic
(Faker en_GB originals, seeded), shaped like what the anonymise stage returns.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from faker import Faker

from anonymise.report.build import build_report
from anonymise.report.html import render_html
from anonymise.report.leak import find_originals
from anonymise.report.private import build_private_report, key_consistency
from manifests.fileio import dumps_json

TYPES = ("PERSON", "TOWN", "SCHOOL", "ORGANISATION", "LOCAL_AUTHORITY", "DATE", "POSTCODE")


def synthetic(transcripts: int, entities: int, records_per_data_file: int, seed: int = 3):
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    files = [f"transcripts/t{i:03d}.docx" for i in range(transcripts)]
    key, summary = [], defaultdict(lambda: {"files": set(), "occurrences": 0, "type": ""})
    for n in range(entities):
        kind = TYPES[n % len(TYPES)]
        original = {"PERSON": lambda: f"{fake.first_name()} {fake.last_name()}", "TOWN": fake.city,
                    "POSTCODE": fake.postcode}.get(kind, lambda: f"{fake.last_name()} {kind.title()} {n}")()
        placeholder = f"[{kind.title()} {n + 1}]"
        for _ in range(rng.randint(1, 20)):
            file = rng.choice(files)
            key.append({"original": original, "replacement": placeholder, "type": kind, "file": file})
            summary[placeholder]["files"].add(file)
            summary[placeholder]["occurrences"] += 1
            summary[placeholder]["type"] = kind
    per_file = defaultdict(lambda: defaultdict(int))
    for record in key:
        per_file[record["file"]][record["type"]] += 1

    def data_file(name: str, records: int) -> dict:
        before = [1 / rng.choice((1, 1, 2, 3, 4, 8, 20)) for _ in range(records)]
        after = [min(r, 1 / 3) for r in before]
        risk = lambda values: {"records": records, "k_violations": {"2": 0, "3": 0, "5": sum(v > 0.2 for v in values)},
                               "sample_uniques": sum(v >= 1 for v in values), "expected_reidentifications": sum(values),
                               "mean_risk": sum(values) / records, "max_risk": max(values)}
        return {"file": name, "outputs": [], "records": records, "variables_before": 40, "variables_after": 36,
                "decisions": [{"variable": f"v{i}", "action": "recode", "reason": "small categories", "detail": ""} for i in range(30)],
                "keys": ["a", "b", "c", "d"], "k": 3, "risk_before": risk(before), "risk_after": risk(after),
                "suppressions": {"a": 12}, "info_loss": {"cells_suppressed": 12},
                "risk_distribution_before": before, "risk_distribution_after": after}

    details = {
        "collection": {"id": "900001", "title": "Benchmark collection", "synthetic": True},
        "settings": {"replacement_style": "brackets", "tool_version": "bench"},
        "transcripts": [{"file": f, "output": f, "words": 7000, "replaced": sum(per_file[f].values()),
                         "by_type": dict(per_file[f])} for f in files],
        "entities": [{"placeholder": p, "type": s["type"], "files": sorted(s["files"]), "occurrences": s["occurrences"]}
                     for p, s in sorted(summary.items())],
        "review": {"pending": 0, "replace": 40, "keep": 12, "file": "review/text_review.csv"},
        "residual": {"status": "clean", "checked_files": transcripts, "originals_checked": entities, "hits": []},
        "samples": [{"file": files[i], "text": f"We met [Person {i + 1}] at [School {i + 2}] after the review."} for i in range(8)],
        "data": [data_file("data/survey.sav", records_per_data_file), data_file("data/small.sav", 122)],
    }
    manifest = {"study": {"id": "900001", "title": "Benchmark collection", "version": {"number": "1", "date": "2015-07-15"}},
                "files": [{"path": f, "role": "transcript", "participant_type": "social_worker"} for f in files]}
    return manifest, {"stage": "anonymise", "status": "ok", "problems": [], "details": details}, key


def timed(label: str, func):
    started = time.perf_counter()
    value = func()
    print(f"  {label:<34} {time.perf_counter() - started:7.3f} s")
    return value


def main() -> None:
    for transcripts, entities, records in ((144, 3000, 5000), (600, 20000, 100000)):
        manifest, result, key = synthetic(transcripts, entities, records)
        print(f"{transcripts} transcripts, {entities:,} entities, {len(key):,} key records, data file of {records:,} records")
        report = timed("build public report", lambda: build_report(manifest, result, "bench", key_consistency(key)))
        page = timed("render HTML", lambda: render_html(report))
        text = dumps_json(report)
        found = timed("leak check (JSON + HTML)", lambda: find_originals({"json": text, "html": page}, key))
        timed("private variant (build + render)", lambda: render_html(build_private_report(manifest, result, "bench", key)))
        print(f"  public JSON {len(text.encode()) / 1024:,.0f} KiB, HTML {len(page.encode()) / 1024:,.0f} KiB, "
              f"originals found {len(found)}")


if __name__ == "__main__":
    main()
