"""The `ukds-deposit` command line (also `python -m deposit`).

Each command lives in the module that owns its stage. That module provides
`add_arguments(parser)` and `run(args) -> int`; this file only registers them,
so adding a command means one line in COMMANDS. Modules are imported lazily so
that `ukds-deposit --help` and light commands start fast (spaCy loads only
when a command needs it).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from manifests.errors import EXIT_USAGE, DepositError
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
}


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; make the message one clear line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error: {message}\n")
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
            cmd.set_defaults(_run=module.run)
    return parser


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
        return int(args._run(args) or 0)
    except DepositError as exc:
        sys.stderr.write(exc.render() + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: no partial output was left in place\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
