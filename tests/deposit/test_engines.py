"""Every engine gives the same bytes (DESIGN.md): the same collection anonymised serially, in
worker processes and on Dask LocalClusters of 1, 2 and 4 workers, partitions submitted in a
shuffled order, gives byte-identical bundles, private key and anonymisation report.

Small on purpose (the small demonstration collection, cut into partitions of a few thousand
characters so every engine has several to hand out), so it runs in CI on two cores."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from anonymise.stage import run as anonymise
from deposit.cli import main
from manifests.executor import INSTALL_DASK, DaskExecutor, Executor, ProcessExecutor, dask_available

pytestmark = pytest.mark.slow
PARTITION_CHARS = 6_000


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("engines") / "collection"
    assert main(["demo", str(folder), "--scale", "small", "--seed", "1"]) == 0
    return folder


def deposit(collection: Path, base: Path, executor) -> dict[str, str]:
    """SHA-256 of every bundle, the key and the report after anonymise -> describe -> package."""
    work, dist = base / "work", base / "dist"
    result = anonymise(collection, work, executor=executor, partition_chars=PARTITION_CHARS)
    assert result["summary"]["identifiers_replaced"] > 100
    assert main(["describe", str(work)]) == 0
    assert main(["package", str(work), "--out", str(dist), "--allow-pending-review"]) == 0
    digests = {f"bundle {p.name}": digest(p) for p in sorted(dist.glob("*.zip"))}
    assert digests, "no bundle written"
    digests["key"] = digest(work / "private" / "key.jsonl")
    for report in sorted((work / "reports").glob("anonymisation_report.*")):
        digests[f"report {report.name}"] = digest(report)
    assert any(name.startswith("report ") for name in digests)
    return digests


@pytest.fixture(scope="module")
def serial(collection, tmp_path_factory) -> dict[str, str]:
    return deposit(collection, tmp_path_factory.mktemp("serial"), Executor(1))


def test_serial_partitions_match_one_partition(collection, serial, tmp_path_factory):
    """The cut into partitions changes nothing either: one partition for the whole collection."""
    base = tmp_path_factory.mktemp("whole")
    work, dist = base / "work", base / "dist"
    anonymise(collection, work, executor=Executor(1), partition_chars=10**9)
    assert main(["describe", str(work)]) == 0
    assert main(["package", str(work), "--out", str(dist), "--allow-pending-review"]) == 0
    assert digest(work / "private" / "key.jsonl") == serial["key"]
    assert {f"bundle {p.name}": digest(p) for p in sorted(dist.glob("*.zip"))} == \
        {k: v for k, v in serial.items() if k.startswith("bundle ")}


def test_processes_shuffled_give_the_serial_bytes(collection, serial, tmp_path_factory):
    assert deposit(collection, tmp_path_factory.mktemp("processes"), ProcessExecutor(2, shuffle=7)) == serial


@pytest.mark.skipif(not dask_available(), reason=f"dask is not installed: {INSTALL_DASK}")
@pytest.mark.parametrize("workers", [1, 2, 4])
def test_dask_local_cluster_shuffled_gives_the_serial_bytes(collection, serial, tmp_path_factory, workers):
    executor = DaskExecutor(workers, shuffle=workers)
    try:
        assert deposit(collection, tmp_path_factory.mktemp(f"dask{workers}"), executor) == serial
    finally:
        executor.close()
