"""Typed problems, collected into one report, and the two exceptions that end a run.

Every stage reports what it found as `Problem` objects (a code, a message, a
location and a hint, like frictionless-py's errors) gathered in a `ProblemReport`.
The command line and the HTML views only render these; they never invent text.
Each code is declared once in the problem catalogue (problems.py, problems.yaml), which
words the message from the finding's typed fields: `Problem.of("bagit.checksum",
location=path, path=path, algorithm="sha256", expected=..., found=...)`.

Exit codes (DESIGN.md): 0 ok, 1 checks/validation failed, 2 usage, unreadable input or
a file-system failure (read-only, full, missing), 3 an internal error: a bug of ours, whose
traceback goes to a log file and never to the user's terminal.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

from manifests.problems import render as render_problem

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """One finding. `code` is stable and machine-readable (e.g. "bagit.checksum");
    `location` says exactly where (a file, "file:line", a variable and row, a field path)."""

    code: str
    message: str
    location: str = ""
    hint: str = ""
    severity: str = "error"
    # The typed fields the message was worded from (Problem.of); for programs, not part of
    # the JSON record, which stays the five keys the report schemas allow.
    fields: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    @classmethod
    def of(cls, code: str, *, location: str = "", hint: str | None = None, severity: str | None = None,
           variant: str | None = None, **fields) -> "Problem":
        """A finding worded by the catalogue: the code's message template filled with `fields`,
        its default hint unless `hint` is given, its default severity unless `severity` is.
        `variant` picks one of the code's other shapes (problems.yaml)."""
        message, default_hint, default_severity = render_problem(code, variant, fields)
        return cls(code, message, location, default_hint if hint is None else hint, severity or default_severity,
                   fields)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "location": self.location, "hint": self.hint,
                "severity": self.severity}

    @classmethod
    def from_dict(cls, data: dict) -> "Problem":
        return cls(**{k: data[k] for k in ("code", "message", "location", "hint", "severity") if k in data})

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        hint = f"\n    hint: {self.hint}" if self.hint else ""
        return f"[{self.severity}] {where}{self.message} ({self.code}){hint}"


@dataclass
class ProblemReport:
    """All problems one stage found, in the order found."""

    problems: list[Problem] = field(default_factory=list)

    def add_problem(self, code: str, *, location: str = "", hint: str | None = None, severity: str | None = None,
                    variant: str | None = None, **fields) -> Problem:
        """A finding worded by the catalogue (Problem.of), added to the report."""
        problem = Problem.of(code, location=location, hint=hint, severity=severity, variant=variant, **fields)
        self.problems.append(problem)
        return problem

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def to_list(self) -> list[dict]:
        return [p.to_dict() for p in self.problems]

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)


class DepositError(Exception):
    """Base for errors that end a run with a message instead of a traceback."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, hint: str = "", location: str = "", code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location
        self.code = code

    @classmethod
    def from_problem(cls, problem: Problem):
        """The error a catalogued finding ends the run with (`Problem.of(code, ...)`): its
        words, location and hint, and its code, which `ukds-deposit problems CODE` explains."""
        return cls(problem.message, hint=problem.hint, location=problem.location, code=problem.code)

    def render(self) -> str:
        """One line: what went wrong, where, its code, and what to do (the hint)."""
        where = f"{self.location}: " if self.location else ""
        code = f" ({self.code})" if self.code else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return " ".join(f"error: {where}{self.message}{code}{hint}".split())


class UserError(DepositError):
    """Bad usage or unreadable input (a bad manifest, a corrupt .sav, an unsafe zip). Exit 2."""

    exit_code = EXIT_USAGE


class ChecksFailed(DepositError):
    """The input was read fine but failed checks or validation. Exit 1.

    Carries the report so the caller can print every problem, not just the first."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, report: ProblemReport | None = None, hint: str = "") -> None:
        super().__init__(message, hint)
        self.report = report or ProblemReport()

    def render(self) -> str:
        body = self.report.render()
        return f"{super().render()}\n{body}" if body else super().render()


# What the file system said, in words a data manager can act on: (what failed, what to do).
_OS_ERRORS = {
    errno.EACCES: ("permission denied", "check the folder's permissions, or choose a folder you can write to"),
    errno.EPERM: ("operation not permitted", "check the folder's permissions, or choose a folder you can write to"),
    errno.EROFS: ("the file system is read-only", "choose a --work or --out folder on a writable disk"),
    errno.ENOSPC: ("no space left on the disk", "free some space or choose a folder on another disk, then run again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space or choose a folder on another disk, then run again"),
    errno.EISDIR: ("a folder stands where a file is needed", "give a file name, not a folder"),
    errno.ENOTDIR: ("a file stands where a folder is needed", "give a folder, or remove the file in the way"),
    errno.ENOENT: ("no such file or folder", "check the path"),
    errno.ENAMETOOLONG: ("the name is too long for the file system", "use a shorter path"),
    errno.EMFILE: ("too many open files", "raise the limit (ulimit -n) or process fewer files at once"),
    errno.ELOOP: ("too many symbolic links in the path", "remove the link loop"),
    errno.EEXIST: ("it already exists", "remove it or choose another name"),
}


def os_error(exc: OSError) -> UserError:
    """An OSError as one UserError (exit 2): the path, what failed, and what to do.
    Earlier outputs are untouched: writes are atomic and stages reversible (fileio.py)."""
    what, todo = _OS_ERRORS.get(exc.errno, (exc.strerror or "the file system refused", "check the path and try again"))
    path = str(exc.filename or "")
    name = os.path.basename(path)
    if name.startswith(".") and (name.endswith((".part", ".prev")) or name.startswith(".ukds-")):
        path = os.path.dirname(path) or path     # our temporary name: the folder is what the user chose
    other = f" -> {exc.filename2}" if getattr(exc, "filename2", None) else ""
    return UserError(f"{what}", location=f"{path}{other}", hint=f"{todo}; nothing was left half-written")
