"""`docgen serve`: the clerk's desk, a web application in Vietnamese."""

from __future__ import annotations

import os
from pathlib import Path

import click

from docgen.cli.support import catalog_option, default_catalog, reports_errors
from docgen.i18n import N_

workspace_option = click.option(
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=N_("the current folder"),
    help=N_("The desk's folder: drafts (van-ban/), what is made of them, accounts (users.sqlite)."),
)


def workspace_catalog(workspace: Path, catalog_dir: Path | None) -> Path:
    """--catalog, else WORKSPACE/catalogs, else the command line's lookup
    ($DOCGEN_CATALOG, ./catalogs, the checkout's or the installed catalogs)."""
    if catalog_dir is not None:
        return catalog_dir
    own = workspace / "catalogs"
    return own if own.is_dir() else default_catalog()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on."))
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@workspace_option
@click.option(
    "--register",
    "register_target",
    default=None,
    metavar="PATH|URL",
    help=N_(
        "The register: an SQLite file or postgresql://… for a shared office (default: "
        "$DOCGEN_REGISTER, else WORKSPACE/register.sqlite)."
    ),
)
@catalog_option
@reports_errors
def serve(
    host: str, port: int, workspace: Path, register_target: str | None, catalog_dir: Path | None
) -> None:
    """Start the desk at http://HOST:PORT (default http://127.0.0.1:8000).

    \b
    Accounts are made with 'docgen user add'. Stop it with Ctrl+C.
    """
    import uvicorn

    from docgen.web.app import create_app

    register = register_target or os.environ.get("DOCGEN_REGISTER") or None
    app = create_app(workspace, register, workspace_catalog(workspace, catalog_dir))
    click.echo(f"docgen: bàn làm việc ở http://{host}:{port} (thư mục {workspace.resolve()})")
    uvicorn.run(app, host=host, port=port, log_level="warning")
