"""What is wrong with the input, in linter form: `path:line: field: message`. No I/O here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, in linter form."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """The data does not validate; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        return "\n".join([*lines, f"check failed: {len(lines)} errors"])


class UnknownIdError(KeyError):
    """A macro or a page asked for an id the data does not define."""

    def __str__(self) -> str:
        return str(self.args[0])
