"""Typed problems, collected into one report, and the two exceptions that end a run.

Every stage reports what it found as `Problem` objects (a code, a message, a
location and a hint, like frictionless-py's errors) gathered in a `ProblemReport`.
The command line and the HTML views only render these; they never invent text.

Exit codes (DESIGN.md): 0 ok, 1 checks/validation failed, 2 usage or unreadable input.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

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

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_dict(self) -> dict:
        return asdict(self)

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

    def add(self, code: str, message: str, location: str = "", hint: str = "", severity: str = "error") -> Problem:
        problem = Problem(code, message, location, hint, severity)
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

    def __init__(self, message: str, hint: str = "", location: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        hint = f"\nhint: {self.hint}" if self.hint else ""
        return f"error: {where}{self.message}{hint}"


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
