"""The docgen command line: parse arguments, call the library, report. Nothing else.

One module per command (``docgen/cli/<command>.py``), imported when the command is run or
its help is shown; each imports the library it calls inside the command, so starting docgen
costs only what the command run needs.
"""

from __future__ import annotations

import importlib

import click

from docgen import __version__

#: command name → the module of docgen.cli that defines it (a function of the same name)
COMMANDS: dict[str, str] = {
    "render": "render",
    "catalog": "catalog",
    "check": "check",
    "fix": "fix",
    "cascade": "cascade",
    "rollover": "rollover",
    "aggregate": "aggregate",
    "template": "template",
    "issue": "issue",
    "register": "register",
    "sign": "sign",
    "verify": "verify",
    "init": "init",
    "serve": "serve",
    "user": "user",
    "schema": "schema",
}


class Commands(click.Group):
    """The commands of :data:`COMMANDS`, each imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module = importlib.import_module(f"{__name__}.{COMMANDS[cmd_name]}")
        command: click.Command = getattr(module, cmd_name)
        return command


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """docgen writes Vietnamese official documents (công văn, kế hoạch, báo cáo) to the
    format of Nghị định 30/2020/NĐ-CP from YAML catalogs and Word templates.

    \b
    Typical use:
      docgen catalog check                 validate the catalogs
      docgen render examples/*.yaml -o out write one .docx per spec
      docgen check out/*.docx              check any .docx against NĐ30
    """
