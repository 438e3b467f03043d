"""Errors written for the person who made the mistake.

Library code raises :class:`DocgenError`; only the CLI prints it and exits.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docgen.i18n import _, ngettext


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file and, when known, a line and column (1-based)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class DocgenError(Exception):
    """A user mistake or an unusable input: `file:line: what is wrong — what to do`."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        where: Location | None = None,
        documents: Iterable[str] = (),
    ) -> None:
        super().__init__(message)
        if where is not None:
            file, line, column = where.file, where.line, where.column
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        #: the documents (by the id of the organisation that issues each) this problem
        #: stopped, when it is not the document of the file it names (a cascade's)
        self.documents: tuple[str, ...] = tuple(documents)

    def about(self, *documents: str) -> DocgenError:
        """This error, saying that it stopped *documents* too (a copy; same class)."""
        err = copy.copy(self)
        err.documents = tuple(dict.fromkeys((*self.documents, *documents)))
        return err

    def __str__(self) -> str:
        prefix = ""
        if self.file:
            prefix = str(Location(self.file, self.line, self.column)) + ": "
        text = prefix + self.message
        if self.documents:
            text += _(" (document of {documents})").format(documents=_some(self.documents, 3))
        if self.hint:
            text += f" — {self.hint}"
        return text


class CatalogError(DocgenError):
    """A catalog or spec file is wrong (bad YAML, unknown id, missing field…)."""


class DataError(DocgenError):
    """A data file (figures of schools) is wrong."""


class TemplateError(DocgenError):
    """A Word template cannot be read or rendered."""


class UnreadableFileError(DocgenError):
    """A file cannot be opened or parsed at all."""

    exit_code = 2


class ErrorList(DocgenError):
    """Several problems found in one pass, reported together."""

    def __init__(self, errors: Iterable[DocgenError], more: int = 0) -> None:
        given = list(errors)
        self.errors = flatten(given)
        #: problems found but not listed (only the first ones of a flood are)
        self.more: int = more + sum(e.more for e in given if isinstance(e, ErrorList))
        count = len(self.errors) + self.more
        super().__init__(
            ngettext("{count} problem found", "{count} problems found", count).format(count=count)
        )

    @property
    def more_line(self) -> str:
        """ "… and N more" when problems were left unlisted, else ""."""
        if not self.more:
            return ""
        return _("… and {count} more — fix the ones above and run again to see the rest").format(
            count=self.more
        )

    def about(self, *documents: str) -> DocgenError:
        return ErrorList((e.about(*documents) for e in self.errors), self.more)

    def __str__(self) -> str:
        return "\n".join([str(e) for e in self.errors] + [self.more_line] * bool(self.more))


def flatten(errors: Iterable[DocgenError]) -> list[DocgenError]:
    """Every single problem of *errors*, the errors of each :class:`ErrorList` in its place."""
    out: list[DocgenError] = []
    for err in errors:
        out += flatten(err.errors) if isinstance(err, ErrorList) else [err]
    return out


def combined(errors: Iterable[DocgenError]) -> DocgenError:
    """One error to raise for *errors* (at least one): the only problem, or all of them."""
    given = list(errors)
    flat = flatten(given)
    if len(flat) == 1 and not any(isinstance(e, ErrorList) and e.more for e in given):
        return flat[0]
    return ErrorList(given)


def _some(items: tuple[str, ...], shown: int) -> str:
    if len(items) == 1:
        return f"'{items[0]}'"
    more = _(" and {count} more").format(count=len(items) - shown) if len(items) > shown else ""
    return ", ".join(items[:shown]) + more
