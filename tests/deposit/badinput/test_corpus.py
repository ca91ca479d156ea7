"""Every case of the bad-input corpus (corpus.py) through the command line.

What each case must show, whatever it is:
- the exit code the case expects (0 ok, 1 checks failed, 2 bad usage or input);
- stderr: exactly one line when the command refuses (exit 2), at most one otherwise, and
  no Python internals in it (no traceback, no source line, no exception class name);
- the inputs under BASE/in/ byte for byte as they were (symlinks included);
- nothing half-written: no temporary files anywhere, and when the command refuses, the
  work, out and private folders exactly as they were before it ran;
- bounded time (the case's `seconds`) and memory (the process's peak grows by less than
  MEMORY_MB).

Cases run in this process through `deposit.cli.main` (fast: the imports and the language
model load once); those marked `subprocess` also run as `python -m deposit`, to prove that
nothing reaches a real terminal's stderr but the one line, under an address-space limit.

Read-only folders: for a normal user they are made read-only with chmod. Root ignores
permission bits, so under root the file system's answer (EROFS) is given by patching the
calls that create, replace or remove files for paths under those folders. A full disk is
played the same way for everyone (ENOSPC once a few files have been created there), so a
stage fails half-way through and must take back what it wrote.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import hashlib
import io
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from deposit.cli import main
from tests.deposit.badinput.corpus import ROOT, USAGE, Case, all_cases

CASES = all_cases()
MEMORY_MB = 600
SUBPROCESS_MEMORY_BYTES = 3 * 1024**3        # address space; Python with pandas and lxml maps ~1 GB
INTERNALS = re.compile(r"Traceback|File \"|\bline \d+, in\b|\b[A-Z]\w*(Error|Exception|Warning)\b|\[Errno|"
                       r"<class |object has no attribute|lxml\.|pyreadstat\.|pandas\.|NoneType|"
                       r"\bKeyError\b|\bself\b")
TEMPORARY = re.compile(r"^\..*\.(part|prev)$")
OUTPUTS = ("work", "out", "private")
RECORD = re.compile(r"^results/[a-z-]+\.json$")


def _whole_json(path: Path) -> bool:
    import json
    try:
        json.loads(path.read_text(encoding="utf-8"))
        return True
    except ValueError:
        return False


def snapshot(root: Path) -> dict[str, str]:
    """path -> what it is: a file's sha256, a link's target, a folder's mode (for folders, so an
    emptied or new folder counts)."""
    out: dict[str, str] = {}
    if not root.exists() and not root.is_symlink():
        return out
    if root.is_file():
        return {".": hashlib.sha256(root.read_bytes()).hexdigest()}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            out[key] = "link:" + os.readlink(path)
        elif path.is_dir():
            out[key] = "folder"
        else:
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def temporaries(base: Path) -> list[str]:
    return [str(p.relative_to(base)) for p in base.rglob("*") if TEMPORARY.match(p.name)]


@contextlib.contextmanager
def read_only(folders: list[Path]):
    """Make `folders` read-only for the duration of the run (see the module docstring)."""
    if not folders:
        yield
        return
    if os.geteuid() != 0:
        modes = {f: f.stat().st_mode for f in folders}
        for f in folders:
            os.chmod(f, stat.S_IMODE(modes[f]) & ~0o222)
        try:
            yield
        finally:
            for f, mode in modes.items():
                os.chmod(f, stat.S_IMODE(mode))
        return
    with failing_writes(folders, errno.EROFS):
        yield


@contextlib.contextmanager
def failing_writes(folders: list[Path], code: int, after: int = 0):
    """The file system's answer `code` (EROFS, ENOSPC) to every call that creates, replaces or
    removes something under `folders`, once `after` files have been created there: a disk that
    fills half-way through a stage."""
    if not folders:
        yield
        return
    roots = [str(f.resolve()) for f in folders]
    created = [0]

    def inside(path) -> bool:
        try:
            text = os.path.realpath(os.path.abspath(os.fsdecode(path)))
        except TypeError:
            return False
        return any(text == r or text.startswith(r + os.sep) for r in roots)

    def refuse(path):
        raise OSError(code, os.strerror(code), os.fsdecode(path))

    real = {name: getattr(os, name) for name in ("open", "mkdir", "replace", "rename", "link", "unlink", "rmdir", "chmod")}
    real_open = builtins.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def creating(path) -> None:
        if inside(path):
            if created[0] >= after:
                refuse(path)
            created[0] += 1

    def os_open(path, flags, *args, **kwargs):
        if flags & writing:
            creating(path)
        return real["open"](path, flags, *args, **kwargs)

    def one_path(name):
        def call(path, *args, **kwargs):
            if inside(path) and created[0] >= after:
                refuse(path)
            return real[name](path, *args, **kwargs)
        return call

    def two_paths(name):
        def call(src, dst, *args, **kwargs):
            if (inside(src) or inside(dst)) and created[0] >= after and code == errno.EROFS:
                refuse(dst if inside(dst) else src)
            return real[name](src, dst, *args, **kwargs)
        return call

    def builtin_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+"):
            creating(file)
        return real_open(file, mode, *args, **kwargs)

    # a full disk still renames, links and removes (they need no space): only EROFS refuses them,
    # and a rollback after ENOSPC must be able to put the old files back
    patches = {"open": os_open, "mkdir": one_path("mkdir"), "replace": two_paths("replace"),
               "rename": two_paths("rename"), "link": two_paths("link")}
    if code == errno.EROFS:
        patches |= {"unlink": one_path("unlink"), "rmdir": one_path("rmdir"), "chmod": one_path("chmod")}
    try:
        for name, patch in patches.items():
            setattr(os, name, patch)
        builtins.open = io.open = builtin_open
        yield
    finally:
        for name, function in real.items():
            setattr(os, name, function)
        builtins.open = io.open = real_open


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_stderr(case: Case, code: int, err: str) -> None:
    lines = err.strip().splitlines()
    if code == USAGE:
        assert len(lines) == 1, f"exit 2 must say why in exactly one line, got {len(lines)}:\n{err}"
    else:
        assert len(lines) <= 1, f"at most one line on stderr, got:\n{err}"
    assert not INTERNALS.search(err), f"Python internals on stderr:\n{err}"
    for word in case.says:
        assert word in err, f"stderr should name {word!r}:\n{err}"


def run_case(case: Case, base: Path, capsys) -> tuple[int, str]:
    argv = case.build(base)
    inputs = snapshot(base / "in")
    outputs = {name: snapshot(base / name) for name in OUTPUTS}
    capsys.readouterr()
    peak, started = peak_mb(), time.monotonic()
    saved_argv = sys.argv[:]
    try:
        with read_only([base / f for f in case.read_only]), \
                failing_writes([base / f for f in case.full_disk], errno.ENOSPC, case.full_after):
            try:
                code = main(argv)
            except SystemExit as exc:          # argparse's own usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.argv = saved_argv
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == case.exit, f"exit {code}, expected {case.exit}; stderr:\n{err}"
    check_stderr(case, code, err)
    assert snapshot(base / "in") == inputs, "an input changed"
    assert not temporaries(base), f"half-written files left: {temporaries(base)}"
    if code not in (0, 1):
        for name in OUTPUTS:
            after = snapshot(base / name)
            # the one thing a refusing command may leave is its own verdict, whole: the stage
            # record WORK/results/<stage>.json that verify writes for a refused bundle
            records = {k for k in after.keys() - outputs[name].keys() if RECORD.match(k) and _whole_json(base / name / k)}
            assert {k: v for k, v in after.items() if k not in records and k != "results"} == \
                {k: v for k, v in outputs[name].items() if k != "results"}, f"the failed run left output in {name}/"
    assert elapsed < case.seconds, f"took {elapsed:.1f} s (bound {case.seconds} s)"
    assert peak_mb() - peak < MEMORY_MB, f"peak memory grew by {peak_mb() - peak:.0f} MB"
    return code, err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, capsys) -> None:
    run_case(case, tmp_path, capsys)


SAMPLE = [c for c in CASES if c.subprocess]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SUBPROCESS_MEMORY_BYTES, SUBPROCESS_MEMORY_BYTES))


@pytest.mark.parametrize("case", SAMPLE, ids=[c.id for c in SAMPLE])
def test_bad_input_in_a_real_process(case: Case, tmp_path: Path) -> None:
    """The same case as `python -m deposit`: its whole stderr is the one line. (The sample has
    no read-only or full-disk case: those are played inside this process for root.)"""
    argv = case.build(tmp_path)
    inputs = snapshot(tmp_path / "in")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "deposit", *argv], capture_output=True, text=True,
                          timeout=case.seconds + 30, env=env, preexec_fn=_limit_memory)
    assert done.returncode == case.exit, done.stderr
    check_stderr(case, done.returncode, done.stderr)
    assert snapshot(tmp_path / "in") == inputs
    assert not temporaries(tmp_path)


def test_the_corpus_is_big_and_varied_enough() -> None:
    kinds = Counter(c.kind for c in CASES)
    assert len(CASES) >= 150, kinds
    assert len(kinds) >= 10 and min(kinds.values()) >= 3, kinds
    assert len(SAMPLE) >= 8 and not any(c.read_only or c.full_disk for c in SAMPLE)


def test_the_corpus_can_be_written_out(tmp_path: Path) -> None:
    from tests.deposit.badinput import corpus

    kinds = ["name-collision", "hostile-zip"]
    assert corpus.main([str(tmp_path / "corpus"), *kinds]) == 0
    commands = list((tmp_path / "corpus").rglob("command"))
    assert len(commands) == sum(c.kind in kinds for c in CASES)
    assert "# expected exit 2" in commands[0].read_text(encoding="utf-8")
    shutil.rmtree(tmp_path / "corpus")
