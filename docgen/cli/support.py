"""Shared pieces of the docgen command line: error reporting and common options.

Nothing of the library is imported here at start-up: each command imports what it needs
when it runs, so that ``docgen --help`` (or ``docgen check``) does not load the catalog,
the render engine or the holiday tables.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from docgen.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from docgen.catalog.catalog import Catalog

F = TypeVar("F", bound=Callable[..., Any])
#: exit code of an unexpected exception (a bug): EX_SOFTWARE of sysexits.h
INTERNAL_ERROR = 70


def default_catalog() -> Path:
    """$DOCGEN_CATALOG, ./catalogs, the catalogs of this checkout, or the installed ones."""
    if os.environ.get("DOCGEN_CATALOG"):
        return Path(os.environ["DOCGEN_CATALOG"])
    here = Path.cwd() / "catalogs"
    if here.is_dir():
        return here
    checkout = Path(__file__).resolve().parents[2] / "catalogs"
    if checkout.is_dir():
        return checkout
    from docgen.render.templates import installed_data

    return installed_data("catalogs")


def default_examples() -> Path | None:
    """./examples, the examples of this checkout, or the installed ones (None when none)."""
    from docgen.render.templates import installed_data

    for folder in (
        Path.cwd() / "examples",
        Path(__file__).resolve().parents[2] / "examples",
        installed_data("examples"),
    ):
        if folder.is_dir():
            return folder
    return None


def load_catalog(folder: Path | None) -> Catalog:
    """The catalog of *folder* (default: :func:`default_catalog`)."""
    from docgen.catalog.catalog import Catalog

    return Catalog.load(folder or default_catalog())


def reports_errors(func: F) -> F:
    """Turn DocgenError into `file:line: message` on stderr and a non-zero exit, no traceback.

    Any other exception is a bug of docgen's: it is reported in one line, without a
    traceback, as an internal error (exit 70, EX_SOFTWARE); DOCGEN_TRACEBACK=1 re-raises it.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from docgen.errors import DocgenError, ErrorList

        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors and exits: click reports them
        except ErrorList as exc:
            for err in exc.errors:
                click.echo(_("error: {message}").format(message=err), err=True)
            if exc.more:
                click.echo(_("error: {message}").format(message=exc.more_line), err=True)
            count = len(exc.errors) + exc.more
            click.echo(
                ngettext(
                    "{count} problem; nothing was written.",
                    "{count} problems; nothing was written.",
                    count,
                ).format(count=count),
                err=True,
            )
            sys.exit(exc.exit_code)
        except DocgenError as exc:
            click.echo(_("error: {message}").format(message=exc), err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            message = os_error_text(exc)
            click.echo(
                _("error: {file}: {message}").format(file=exc.filename or "", message=message),
                err=True,
            )
            sys.exit(1)
        except Exception as exc:
            if os.environ.get("DOCGEN_TRACEBACK"):
                raise
            click.echo(
                _(
                    "error: internal error ({name}: {text}) — please report it with the "
                    "command and its input files"
                ).format(name=type(exc).__name__, text=str(exc)[:500]),
                err=True,
            )
            sys.exit(INTERNAL_ERROR)

    return wrapper  # type: ignore[return-value]


#: errno → the operating system's reason (its English words: the msgids), translated when shown
OS_ERRORS = {
    "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"),
    "ENOENT": N_("No such file or directory"),
    "EEXIST": N_("File exists"),
    "EISDIR": N_("Is a directory"),
    "ENOTDIR": N_("Not a directory"),
    "ENOSPC": N_("No space left on device"),
    "EROFS": N_("Read-only file system"),
    "ENAMETOOLONG": N_("File name too long"),
    "EBUSY": N_("Device or resource busy"),
}


def os_error_text(exc: OSError) -> str:
    """The operating system's reason for *exc*, in the current language when known."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in OS_ERRORS:
        return _(OS_ERRORS[name])
    return str(exc.strerror or exc)


class ChoiceOf(click.Choice):  # type: ignore[type-arg]
    """A :class:`click.Choice` of a tuple the library defines, imported the first time the
    choices are needed (checking a value, or the command's own --help), not at start-up."""

    def __init__(self, module: str, name: str) -> None:
        self._source = (module, name)
        self.case_sensitive = True

    @functools.cached_property
    def choices(self) -> Sequence[str]:  # type: ignore[override]
        module, name = self._source
        return tuple(getattr(importlib.import_module(module), name))


def out_folder_option(help: str) -> Callable[[F], F]:
    """``-o/--out FOLDER`` (default ``out``), the folder a command writes its documents in."""
    return click.option(
        "-o",
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("out"),
        show_default=True,
        help=help,
    )


catalog_option = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path),
    default=None,
    help=N_(
        "Catalog folder (default: $DOCGEN_CATALOG, else ./catalogs, else the catalogs "
        "installed with docgen; `docgen catalog check` says which one it read)."
    ),
)

policy_option = click.option(
    "--policy",
    type=ChoiceOf("docgen.compose.deadlines", "POLICIES"),
    default="previous",
    show_default=True,
    help=N_(
        "A date docgen computes (derived from the level above, or moved on a year) that falls "
        "on a weekend or public holiday moves to the previous working day ('previous') or is "
        "kept ('keep'). Dates the catalog gives are kept as the issuing authority wrote them. "
        "Every such date is reported."
    ),
)


def pdf_options(func: F) -> F:
    """--pdf and --pdfa: also write a PDF of each .docx, beside it (LibreOffice)."""
    func = click.option(
        "--pdfa", is_flag=True, help=N_("Like --pdf, as PDF/A-2b (for archiving).")
    )(func)
    return click.option(
        "--pdf",
        is_flag=True,
        help=N_("Also write a PDF of each .docx beside it (needs LibreOffice)."),
    )(func)
