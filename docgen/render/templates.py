"""Where stock templates live, and how a spec's own template is found."""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

from docgen.errors import TemplateError
from docgen.i18n import _

ENV_VAR = "DOCGEN_TEMPLATES"


def installed_data(name: str) -> Path:
    """Where ``pip install`` put docgen's folder *name* (pyproject's data-files)."""
    return Path(sysconfig.get_path("data")) / "share" / "docgen" / name


def stock_dirs() -> list[Path]:
    """Folders searched for stock templates: $DOCGEN_TEMPLATES, the checkout, the installed
    ones, ./templates."""
    dirs = []
    if os.environ.get(ENV_VAR):
        dirs.append(Path(os.environ[ENV_VAR]))
    dirs.append(Path(__file__).resolve().parents[2] / "templates")
    dirs.append(installed_data("templates"))
    dirs.append(Path.cwd() / "templates")
    return dirs


def find_template(kind: str, explicit: str = "", base: Path | None = None) -> Path:
    """The template for a document: the spec's own (relative to the spec), else the stock one."""
    if explicit:
        path = Path(explicit)
        if not path.is_absolute() and base is not None:
            path = base / path
        if not path.is_file():
            raise TemplateError(
                _("template not found"), file=path, hint=_("check the 'template:' path")
            )
        return path
    for folder in stock_dirs():
        candidate = folder / f"{kind}.docx"
        if candidate.is_file():
            return candidate
    raise TemplateError(
        _("no stock template for '{kind}'").format(kind=kind),
        hint=_(
            "set {env_var} to a folder holding {kind}.docx, or give the spec a 'template:'"
        ).format(env_var=ENV_VAR, kind=kind),
    )


def is_stock(path: Path) -> bool:
    """True for a template in one of the stock folders (rendered with docgen's compiler
    whether or not it carries the ``docgen-template`` property)."""
    try:
        folder = path.resolve().parent
        return any(folder == d.resolve() for d in stock_dirs() if d.is_dir())
    except OSError:
        return False
