"""Shared pieces of the docgen command line: error reporting and common options."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen.errors import DocgenError, ErrorList
from docgen.render.templates import installed_data

F = TypeVar("F", bound=Callable[..., Any])


def default_catalog() -> Path:
    """$DOCGEN_CATALOG, ./catalogs, the catalogs of this checkout, or the installed ones."""
    if os.environ.get("DOCGEN_CATALOG"):
        return Path(os.environ["DOCGEN_CATALOG"])
    here = Path.cwd() / "catalogs"
    if here.is_dir():
        return here
    checkout = Path(__file__).resolve().parents[1] / "catalogs"
    return checkout if checkout.is_dir() else installed_data("catalogs")


def reports_errors(func: F) -> F:
    """Turn DocgenError into `file:line: message` on stderr and a non-zero exit, no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ErrorList as exc:
            for err in exc.errors:
                click.echo(f"error: {err}", err=True)
            if exc.more:
                click.echo(f"error: {exc.more_line}", err=True)
            click.echo(f"{len(exc.errors) + exc.more} problems; nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except DocgenError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            click.echo(f"error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


catalog_option = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Catalog folder (default: $DOCGEN_CATALOG or ./catalogs).",
)
