"""Problems found in content: values the user can act on, never tracebacks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, located as precisely as the input allows."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(Exception):
    """Raised once, with every problem found, when content cannot be built."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    """Return the problems one per line, followed by a count."""
    lines = [str(problem) for problem in sorted(problems)]
    noun = "problem" if len(problems) == 1 else "problems"
    lines.append(f"{len(problems)} {noun} found in content/")
    return "\n".join(lines)
