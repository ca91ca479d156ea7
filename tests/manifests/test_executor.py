"""The executor contract (manifests/executor.py): every item's result comes back with its index,
whatever order the items were submitted or finished in, and the shared object reaches each call."""

from __future__ import annotations

import sys

import pytest

from manifests.errors import UserError
from manifests.executor import (
    INSTALL_DASK,
    DaskExecutor,
    Executor,
    ProcessExecutor,
    dask_available,
    make_executor,
)


def scaled(item, shared):
    return item * shared["factor"]


def collected(executor, items, shared):
    out = dict(executor.map(scaled, items, shared))
    assert sorted(out) == list(range(len(items)))
    return [out[i] for i in range(len(items))]


def test_serial_runs_in_order_and_shuffled_runs_every_item_once():
    calls = []

    def record(item, shared):
        calls.append(item)
        return item + shared

    assert list(Executor().map(record, [1, 2, 3], 10)) == [(0, 11), (1, 12), (2, 13)]
    calls.clear()
    shuffled = dict(Executor(shuffle=3).map(record, list(range(20)), 0))
    assert shuffled == {i: i for i in range(20)}
    assert sorted(calls) == list(range(20)) and calls != list(range(20))


def test_processes_give_every_result_with_its_index():
    assert collected(ProcessExecutor(2, shuffle=1), list(range(12)), {"factor": 3}) == [3 * i for i in range(12)]
    assert list(ProcessExecutor(2).map(scaled, [], {"factor": 1})) == []


@pytest.mark.skipif(not dask_available(), reason=f"dask is not installed: {INSTALL_DASK}")
def test_dask_local_cluster_gives_every_result_with_its_index():
    executor = DaskExecutor(2, shuffle=5)
    try:
        assert collected(executor, list(range(9)), {"factor": 2}) == [2 * i for i in range(9)]
        assert "local cluster, 2 workers" in executor.describe()
    finally:
        executor.close()


def test_engine_choice_errors_are_user_errors(monkeypatch):
    with pytest.raises(UserError, match="--scheduler needs --engine dask"):
        make_executor("processes", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(UserError, match="unknown engine"):
        make_executor("spark")
    monkeypatch.setitem(sys.modules, "distributed", None)   # as if the extra were not installed
    with pytest.raises(UserError) as caught:
        make_executor("dask")
    assert "make install-dask" in caught.value.hint
