"""`ukds-deposit demo DIR [--scale small|full] [--seed N]`: write the synthetic demonstration collection."""

from __future__ import annotations

from pathlib import Path

from manifests.errors import EXIT_OK, UserError


def add_arguments(parser) -> None:
    parser.add_argument("dir", help="folder to write the collection into (created if missing)")
    parser.add_argument("--scale", choices=("small", "full"), default="small",
                        help="small: a few short transcripts, about a minute through the pipeline (default); "
                             "full: the study's size, about a million words")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed writes the same bytes (default 1)")


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them)."""
    return [args.dir]


def run(args) -> int:
    from deposit.demo.generate import generate  # heavy imports (pandas, Faker) only when the command runs

    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} exists and is not a folder", hint="choose a folder path for the collection")
    summary = generate(folder, scale=args.scale, seed=args.seed)
    print(summary.line(folder))
    return EXIT_OK
