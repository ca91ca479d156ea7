"""Packaging and verification throughput on a generated multi-GB payload, against `sha256sum`.

For two payload sizes, a WORK folder like the one anonymise and describe leave
(the packager tests' fixture) is padded with large study documents, half
binary (.pdf) and half text (.txt, which the packager's key search and the
verifier read in full). Then, each in its own process so peak memory is its
own (peak memory is the larger of the process and its worker processes):
`sha256sum` over the same source files, `ukds-deposit package` (gates,
key search, hashing, zip writing, split at 2 GB) and `ukds-deposit verify` on
every part (safe extraction with hashing, bag check, DDI, data, privacy,
residual scan). Throughput is payload bytes per second; the ratio is ours over
sha256sum's (target >= 0.8). A plain `cp` of the same files is shown too: packaging
writes every byte it reads, so the disk's write speed bounds it. Peak memory must
stay flat as the payload grows.

    UKDS_BENCH_GB="0.6,2.4" python -m tests.bench.bench_package
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from manifests.fileio import write_text
from tests.deposit.packager.workfixture import make_work

MIB = 1024 * 1024
FILE_MIB = 128
KEY_SIZE = 60  # originals in the private key: enough to use the many-pattern search

CHILD = (
    "import resource, sys\n"
    "from deposit.cli import main\n"
    "code = main(sys.argv[1:])\n"
    # VmHWM is this program's own peak; ru_maxrss would include the benchmark's memory at start.
    "own = int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))\n"
    "peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "print('MAXRSS_KB', peak, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _text_block() -> bytes:
    lines = [f"{i}\tcase note {i * 7919 % 10007}\tthe review meeting discussed the care plan and placement\t{i % 97}\n"
             for i in range(12000)]
    return "".join(lines).encode("utf-8")[:MIB]


def generate(work, total_bytes: int) -> list[Path]:
    """Pad WORK with documentation files totalling about `total_bytes`; return every source file."""
    manifest_path = work.manifest_copy
    manifest = yaml.safe_load(manifest_path.read_text("utf-8"))
    folder = work.anonymised / "documentation" / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    text = _text_block()
    count = max(2, round(total_bytes / (FILE_MIB * MIB)))
    for number in range(count):
        binary = number % 2 == 0
        name = f"bulk_{number:03d}.{'pdf' if binary else 'txt'}"
        block = os.urandom(MIB) if binary else text
        with open(folder / name, "wb") as handle:
            for _ in range(FILE_MIB):
                handle.write(block)
        manifest["files"].append({"path": f"docs/{name}", "role": "documentation", "description": f"Bulk document {number}"})
    write_text(manifest_path, yaml.safe_dump(manifest, sort_keys=False), private=True)
    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(1)
    key = [f'{{"original": "{fake.name()}", "replacement": "[Person {i}]", "type": "PERSON", "file": "x"}}\n' for i in range(KEY_SIZE)]
    write_text(work.key, "".join(key), private=True)
    return [p for p in sorted(work.root.rglob("*")) if p.is_file() and "private" not in p.parts and "results" not in p.parts]


def timed(argv: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    match = re.search(r"MAXRSS_KB (\d+)", done.stderr)
    return elapsed, int(match.group(1)) * 1024 if match else 0, done


def run_size(gigabytes: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="ukds-bench-") as tmp:
        tmp = Path(tmp)
        work = make_work(tmp)
        started = time.perf_counter()
        sources = generate(work, int(gigabytes * 1e9))
        generated = time.perf_counter() - started
        payload = sum(p.stat().st_size for p in sources)

        t_sha, _, done = timed(["sha256sum", *map(str, sources)])
        assert done.returncode == 0, done.stderr
        # Packaging and extraction write what they read; a plain copy shows what the disk allows.
        (tmp / "copy").mkdir()
        # --parents: metadata/tab/ and metadata/spss/ hold files of the same names
        t_cp, _, done = timed(["cp", "--reflink=never", "--parents", *map(str, sources), str(tmp / "copy")])
        assert done.returncode == 0, done.stderr
        shutil.rmtree(tmp / "copy")
        t_pack, rss_pack, done = timed([sys.executable, "-c", CHILD, "package", str(work.root), "--out", str(tmp / "dist")])
        assert done.returncode == 0, done.stderr[-2000:]
        bundles = sorted((tmp / "dist").glob("*.zip"))
        t_verify, rss_verify = 0.0, 0
        for bundle in bundles:
            elapsed, rss, done = timed([sys.executable, "-c", CHILD, "verify", str(bundle)])
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
            t_verify += elapsed
            rss_verify = max(rss_verify, rss)
        return {"gb": payload / 1e9, "files": len(sources), "parts": len(bundles), "generate_s": generated,
                "sha256sum_mbs": payload / t_sha / 1e6, "cp_mbs": payload / t_cp / 1e6, "package_mbs": payload / t_pack / 1e6,
                "verify_mbs": payload / t_verify / 1e6, "package_ratio": t_sha / t_pack, "verify_ratio": t_sha / t_verify,
                "package_rss_mb": rss_pack / 1e6, "verify_rss_mb": rss_verify / 1e6}


def main() -> None:
    sizes = [float(s) for s in os.environ.get("UKDS_BENCH_GB", "0.6,2.4").split(",")]
    print(f"payload: half random binary (.pdf), half tab-like text (.txt), {FILE_MIB} MiB files; key of {KEY_SIZE} originals")
    print(f"{'payload':>9} {'parts':>5} {'sha256sum':>10} {'cp':>8} {'package':>14} {'verify':>14} {'peak RSS package/verify':>24}")
    results = []
    for size in sizes:
        r = run_size(size)
        results.append(r)
        print(f"{r['gb']:7.2f}GB {r['parts']:>5} {r['sha256sum_mbs']:7.0f}MB/s {r['cp_mbs']:5.0f}MB/s "
              f"{r['package_mbs']:6.0f}MB/s {r['package_ratio']:4.2f}x {r['verify_mbs']:6.0f}MB/s {r['verify_ratio']:4.2f}x "
              f"{r['package_rss_mb']:10.0f}MB / {r['verify_rss_mb']:.0f}MB", flush=True)
    worst = min(min(r["package_ratio"], r["verify_ratio"]) for r in results)
    peak = max(max(r["package_rss_mb"], r["verify_rss_mb"]) for r in results)
    growth = (max(results[-1]["package_rss_mb"], results[-1]["verify_rss_mb"])
              - max(results[0]["package_rss_mb"], results[0]["verify_rss_mb"]))
    print(f"worst ratio to sha256sum {worst:.2f}x (target >= 0.8); peak memory {peak:.0f} MB (limit 300); "
          f"memory growth from smallest to largest payload {growth:+.0f} MB")


if __name__ == "__main__":
    main()
