"""`make interop` (`python -m deposit.interop [PATH ...]`): do other tools accept what we make?

    - every .sav opens in GNU PSPP (GET FILE + DISPLAY DICTIONARY) and in R's haven (read_sav),
      with the same variables and number of cases pyreadstat reads;
    - every bundle's bag passes bagit-python (`python -m bagit --validate`).

PATH may be bundle zips, unpacked bundle folders or .sav files. Without PATH: the
newest zip in build/dist and the anonymised .sav files of the work folder build/work. PSPP and
R with haven are installed from Debian (apt-get) when missing; if that is not
possible the message says how to install them by hand.

Exit 0 when every check passed, 1 when one failed, 2 when there was nothing to check
or a tool could not be installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from manifests.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE

PACKAGES = {"pspp": "pspp", "Rscript": "r-cran-haven"}  # command -> Debian package providing it
R_READ = ('suppressMessages(library(haven)); d <- read_sav(commandArgs(TRUE)[1]); '
          'cat(nrow(d), "\\n", sep=""); cat(names(d), sep="\\n")')


def ensure_tools() -> list[str]:
    """Install what is missing; return the problems that remain (one line each)."""
    missing = [pkg for command, pkg in PACKAGES.items() if shutil.which(command) is None]
    if not missing:
        return []
    if shutil.which("apt-get") is None:
        return [f"missing {', '.join(missing)} and no apt-get here: install PSPP and R with the haven package by hand"]
    print(f"interop: installing {' '.join(missing)} from Debian (apt-get)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    for argv in (sudo + ["apt-get", "update", "-qq"], sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]):
        done = subprocess.run(argv, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            return [f"'{' '.join(argv)}' failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"]
    still = [command for command in PACKAGES if shutil.which(command) is None]
    return [f"{', '.join(still)} still missing after installing"] if still else []


def sav_shape(path: Path) -> tuple[list[str], int]:
    import pyreadstat

    _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    return list(meta.column_names), meta.number_rows


def check_pspp(path: Path, names: list[str], work: Path) -> str | None:
    """None when PSPP reads the file and lists every variable, else why not."""
    syntax = work / "interop.sps"
    quoted = str(path).replace("'", "''")
    syntax.write_text(f"GET FILE='{quoted}'.\nDISPLAY DICTIONARY.\n", encoding="utf-8")
    output = work / "pspp.txt"
    done = subprocess.run(["pspp", "-O", "format=txt", "-o", str(output), str(syntax)], capture_output=True, text=True)
    text = output.read_text("utf-8", errors="replace") if output.exists() else ""
    if done.returncode != 0 or "error" in (done.stdout + done.stderr).lower():
        return f"PSPP could not read it (exit {done.returncode}): {(done.stderr or done.stdout).strip()[:300]}"
    absent = [n for n in names if n.lower() not in text.lower()]
    return f"PSPP's dictionary lacks {', '.join(absent[:5])}" if absent else None


def check_haven(path: Path, names: list[str], rows: int) -> str | None:
    done = subprocess.run(["Rscript", "-e", R_READ, str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        return f"R haven could not read it (exit {done.returncode}): {done.stderr.strip()[-300:]}"
    lines = done.stdout.splitlines()
    if not lines or lines[0].strip() != str(rows):
        return f"R haven read {lines[0] if lines else 'nothing'} cases, pyreadstat {rows}"
    if lines[1:] != names:
        return f"R haven read variables {lines[1:6]}..., pyreadstat {names[:5]}..."
    return None


def check_bag(bag: Path) -> str | None:
    done = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True)
    if done.returncode != 0:
        return f"bagit-python rejects it: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    return None


def default_paths(root: Path) -> list[Path]:
    zips = sorted((root / "build" / "dist").glob("*.zip"), key=lambda p: (p.stat().st_mtime, p.name))
    return zips[-1:] + sorted((root / "build" / "work" / "anonymised" / "data").glob("*.sav"))


def collect(paths: list[Path], scratch: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """(label, bag folder) and (label, .sav file) for everything given; zips are unpacked safely."""
    from deposit.verifier.safezip import extract
    from deposit.verifier.verify import find_bag_root

    bags, savs = [], []
    for number, path in enumerate(paths):
        folder = None
        if path.suffix.lower() == ".zip":
            folder = scratch / f"zip{number}"
            folder.mkdir()
            extract(path, folder)
        elif path.is_dir():
            folder = path
        elif path.suffix.lower() == ".sav":
            savs.append((str(path), path))
        if folder is not None:
            root, _ = find_bag_root(folder)
            if root is not None:
                bags.append((str(path), root))
            savs += [(f"{path}:{p.relative_to(folder)}", p) for p in sorted(folder.rglob("*.sav"))]
    return bags, savs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deposit.interop", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="bundle zips, unpacked bundles or .sav files")
    args = parser.parse_args(argv)
    paths = args.paths or default_paths(Path.cwd())
    if not paths:
        print("interop: nothing to check: no zip in build/dist and no anonymised .sav in the work folder build/work; "
              "run 'make deposit' first or name files", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"interop: no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    problems = ensure_tools()
    if problems:
        for problem in problems:
            print(f"interop: {problem}", file=sys.stderr)
        return EXIT_USAGE
    failures = 0
    with tempfile.TemporaryDirectory(prefix="ukds-interop-") as tmp:
        scratch = Path(tmp)
        from manifests.errors import UserError

        try:
            bags, savs = collect(paths, scratch)
        except UserError as exc:
            print(exc.render(), file=sys.stderr)
            return EXIT_USAGE
        for label, bag in bags:
            failures += _report(f"bagit-python  {label}", check_bag(bag))
        for label, sav in savs:
            names, rows = sav_shape(sav)
            failures += _report(f"PSPP          {label} ({len(names)} variables, {rows} cases)", check_pspp(sav, names, scratch))
            failures += _report(f"R haven       {label}", check_haven(sav, names, rows))
        if not savs:
            print("interop: note: no .sav file among the inputs (a tab-format bundle); PSPP and R were not exercised")
    print(f"interop: {'all checks passed' if not failures else f'{failures} check(s) failed'}")
    return EXIT_OK if not failures else EXIT_FAILED


def _report(what: str, problem: str | None) -> int:
    print(f"  [{'ok' if problem is None else 'FAILED'}] {what}" + (f"\n         {problem}" if problem else ""))
    return 0 if problem is None else 1


if __name__ == "__main__":
    raise SystemExit(main())
