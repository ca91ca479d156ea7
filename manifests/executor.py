"""Where the per-file maps run: in this process, in local worker processes, or on a Dask cluster.

Every pass that maps a function over files (the text pass's partitions, the verifier's
bundles, the risk measure's data partitions) asks an executor to run it and never cares
which one it got. What keeps the engines byte-identical is the contract, not the engine:

- `map(fn, items, shared)` calls `fn(item, shared)` for every item and yields
  `(index, result)` pairs *in the order they finish*, which may be any order. A caller
  must therefore combine results with operations that do not care about order (set
  unions, minima, sums) or put them back by index; nothing may depend on arrival.
- `shared` is sent to each worker once per map (Dask: scattered and broadcast; processes:
  inherited by the forked workers; serial: passed as it is), so a big read-only table is
  not pickled once per item.
- `shuffle` (a seed) submits the items in a shuffled order: the byte-identity tests use it
  to show that the order of partitions changes nothing.

Dask is an optional extra (`make install-dask`): the serial and processes engines need
only the standard library. Scale-out is Dask distributed, never a cluster of our own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import random
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Callable, Iterable, Iterator

from manifests.errors import UserError

ENGINES = ("serial", "processes", "dask")
INSTALL_DASK = "make install-dask (pip install 'ukds-deposit[dask]' with constraints.txt)"


class Executor:
    """The serial engine, and the interface of the others: everything in this process."""

    name = "serial"

    def __init__(self, workers: int = 1, shuffle: int | None = None) -> None:
        self.workers = max(1, int(workers))
        self.shuffle = shuffle

    def _order(self, n: int) -> list[int]:
        order = list(range(n))
        if self.shuffle is not None:
            random.Random(self.shuffle).shuffle(order)
        return order

    def map(self, fn: Callable[[Any, Any], Any], items: Iterable, shared: Any = None) -> Iterator[tuple[int, Any]]:
        items = list(items)
        for index in self._order(len(items)):
            yield index, fn(items[index], shared)

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return self.name


# The object a process pool's map shares: set in each forked worker by the pool's initializer.
_SHARED: Any = None


def _set_shared(shared) -> None:
    global _SHARED
    _SHARED = shared


def _call_with_shared(fn, item):
    return fn(item, _SHARED)


class ProcessExecutor(Executor):
    """Worker processes on this machine (the standard library's pool). Forked where the system
    can, so workers start without importing spaCy again and `shared` reaches them unpickled."""

    name = "processes"

    def map(self, fn, items, shared=None):
        items = list(items)
        if not items:
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        workers = min(self.workers, len(items))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_set_shared,
                                 initargs=(shared,)) as pool:
            futures = {pool.submit(_call_with_shared, fn, items[i]): i for i in self._order(len(items))}
            for future in as_completed(futures):
                yield futures[future], future.result()

    def describe(self) -> str:
        return f"processes ({self.workers})"


class DaskExecutor(Executor):
    """A Dask `distributed` cluster: the one at `scheduler` (host:port), or a LocalCluster of
    `workers` single-threaded worker processes when no address is given."""

    name = "dask"

    def __init__(self, workers: int = 2, scheduler: str | None = None, shuffle: int | None = None) -> None:
        super().__init__(workers, shuffle)
        distributed = import_dask()
        self.scheduler = scheduler
        self._cluster = None
        if scheduler:
            try:
                self.client = distributed.Client(scheduler, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                                hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`") from exc
        else:
            # One thread per worker: spaCy and numpy are not made faster by threads sharing a
            # process, and a worker's state (the model, caches) is per process anyway. The
            # nanny gives each worker one BLAS thread (distributed's default environment).
            self._cluster = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                     dashboard_address=None, silence_logs=40)
            self.client = distributed.Client(self._cluster)

    def map(self, fn, items, shared=None):
        from distributed import as_completed as dask_completed

        items = list(items)
        if not items:
            return
        shared_future = self.client.scatter(shared, broadcast=True, hash=False) if shared is not None else None
        order = self._order(len(items))
        futures = [self.client.submit(fn, items[i], shared_future, pure=False) for i in order]
        index = {future.key: i for future, i in zip(futures, order)}
        for future in dask_completed(futures):
            yield index[future.key], future.result()
            future.release()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def describe(self) -> str:
        if self.scheduler:
            return f"dask ({self.scheduler})"
        return f"dask (local cluster, {self.workers} workers)"


def import_dask():
    """The `distributed` module, or a UserError saying how to install the optional extra."""
    try:
        import distributed
    except ImportError as exc:
        raise UserError("the dask engine needs the optional packages dask and distributed",
                        hint=f"install them with {INSTALL_DASK}") from exc
    return distributed


def dask_available() -> bool:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def make_executor(engine: str = "serial", workers: int = 2, scheduler: str | None = None,
                  shuffle: int | None = None) -> Executor:
    """The executor an `--engine` option names. A --scheduler address implies dask."""
    if scheduler and engine != "dask":
        raise UserError(f"--scheduler needs --engine dask (not {engine})", hint="add --engine dask")
    if engine == "serial":
        return Executor(1, shuffle)
    if engine == "processes":
        return ProcessExecutor(workers, shuffle)
    if engine == "dask":
        return DaskExecutor(workers, scheduler, shuffle)
    raise UserError(f"unknown engine {engine!r}", hint=f"use one of: {', '.join(ENGINES)}")


@contextlib.contextmanager
def executing(engine: str = "serial", workers: int = 2, scheduler: str | None = None,
              shuffle: int | None = None) -> Iterator[Executor]:
    executor = make_executor(engine, workers, scheduler, shuffle)
    try:
        yield executor
    finally:
        executor.close()


def at_least(minimum: int):
    """An argparse type: a whole number no smaller than `minimum` (0 workers or a k of 1 would
    otherwise be taken for 'not given' or run a measure that means nothing)."""
    import argparse

    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, got {value}")
        return value
    whole_number.__name__ = f"whole number >= {minimum}"
    return whole_number


def add_engine_arguments(parser, workers_help: str | None = None) -> None:
    """--engine and --scheduler (and --workers unless the command has its own), one wording everywhere."""
    parser.add_argument("--engine", choices=ENGINES, default="serial",
                        help="where the per-file work runs: serial (default, this process), processes "
                             "(--workers processes on this machine) or dask (a Dask cluster; needs "
                             "make install-dask)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: the scheduler to use (e.g. tcp://10.0.0.5:8786); "
                             "without it a local cluster of --workers processes is started")
    if workers_help is not None:
        parser.add_argument("--workers", type=at_least(1), default=2, help=workers_help)
