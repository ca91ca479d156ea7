"""The `ukds-deposit` command line (also `python -m deposit`).

Each command lives in the module that owns its stage. That module provides
`add_arguments(parser)`, `outputs(args)` (the folders it may write to) and
`run(args) -> int`; this file only registers them, so adding a command means
one line in COMMANDS. Modules are imported lazily so that `ukds-deposit --help`
and light commands start fast (spaCy loads only when a command needs it).

Every command runs the same way (`run_command`): confined to the folders its
`outputs` names, as one reversible transaction (manifests/fileio.py), and with
one error path: a user's mistake or a file-system failure is one line on stderr
and exit 2, a failed check exit 1, and anything else (a bug of ours) exit 3
with the traceback in a log file, never on the terminal.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path

from manifests import fileio
from manifests.errors import EXIT_INTERNAL, EXIT_USAGE, DepositError, Problem, UserError, os_error
from manifests.version import __version__

# command -> (module, one-line help). Order is the pipeline's order.
COMMANDS = {
    "demo": ("deposit.demo.command", "write the synthetic demonstration collection"),
    "check": ("deposit.checks.command", "health checks on a collection's raw inputs (QAMyData-style)"),
    "anonymise": ("anonymise.command", "all anonymisation passes for a collection"),
    "anonymise-text": ("anonymise.text.command", "anonymise every transcript in a folder"),
    "anonymise-data": ("anonymise.data.command", "anonymise one .sav/.csv/.dta/.tab file"),
    "risk": ("anonymise.risk.command", "disclosure-risk measures for key variables"),
    "describe": ("metadata.command", "build and validate DDI Codebook 2.5 and data dictionaries"),
    "package": ("deposit.packager.command", "build the UKDS-style BagIt bundle"),
    "verify": ("deposit.verifier.command", "verify a bundle (zip or unpacked folder)"),
    "report": ("anonymise.report.command", "re-render the anonymisation report"),
    "run": ("deposit.pipeline", "run the whole pipeline on a collection: check -> ... -> verify"),
    "paperwork": ("deposit.paperwork.command", "the depositor's licence schedule, ReShare record sheet and intake summary"),
    "problems": ("deposit.problems", "what each problem code means and what to do"),
}


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; make the message one clear line (its usage
    block is several lines and would bury it; --help shows it)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(" ".join(f"error: {message} (hint: see '{self.prog} --help')".split()) + "\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ukds-deposit", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"ukds-deposit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    argv = sys.argv[1:]
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        # Only the chosen command's module is imported, to keep start-up light.
        if name == wanted:
            module = importlib.import_module(module_name)
            module.add_arguments(cmd)
            cmd.set_defaults(_run=module.run, _module=module)
    return parser


def run_command(module, args) -> int:
    """Run one command inside its own folders, as one transaction. An error of ours ends
    on a verdict the command recorded (its record is kept); a file-system failure, a
    refused write or a bug takes back everything the command wrote."""
    roots = module.outputs(args)
    # A folder the command would write to that is a file stops it before any work (`run`
    # otherwise ran check, anonymise and describe and failed at package on --out).
    for root in roots:
        if root is not None and os.path.lexists(root) and not os.path.isdir(root):
            raise UserError.from_problem(Problem.of("output.not_a_folder", location=str(root)))
    with fileio.confined(*roots), fileio.transaction(commit_on=(DepositError,)):
        return int(module.run(args) or 0)


def _log_internal_error(args) -> Path | None:
    """The traceback of a bug, in the work folder if there is one, else the temp folder."""
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    for folder in (getattr(args, "work", None), tempfile.gettempdir()):
        if folder and Path(folder).is_dir():
            path = Path(folder) / f"ukds-deposit-error-{stamp}-{os.getpid()}.log"
            try:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(f"ukds-deposit {__version__}\nargv: {sys.argv[1:]!r}\n\n")
                    handle.write(traceback.format_exc())
                return path
            except OSError:
                continue
    return None


def main(argv: list[str] | None = None) -> int:
    if argv is not None:
        sys.argv = [sys.argv[0], *argv]
    # Belt and braces for the offline rule: libraries that respect these never phone home.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TLDEXTRACT_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "ukds-deposit-tldextract"))
    parser = build_parser()
    args = parser.parse_args()
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_USAGE if args.command is None and len(sys.argv) > 1 else 0
    try:
        return run_command(args._module, args)
    except DepositError as exc:
        sys.stderr.write(exc.render() + "\n")
        return exc.exit_code
    except OSError as exc:
        sys.stderr.write(os_error(exc).render() + "\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: no partial output was left in place\n")
        return 130
    except (Exception, RecursionError) as exc:   # the last resort: a bug of ours, never a traceback on screen
        log = _log_internal_error(args)
        where = f"; details in {log}" if log else ""
        sys.stderr.write(f"internal error: {type(exc).__name__} in ukds-deposit {__version__}{where} "
                         f"(please report it; earlier outputs are untouched)\n")
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
