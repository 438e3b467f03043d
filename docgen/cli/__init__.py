"""The docgen command line: parse arguments, call the library, report. Nothing else.

One module per command (``docgen/cli/<command>.py``), imported when the command is run or
its help is shown; each imports the library it calls inside the command, so starting docgen
costs only what the command run needs.
"""

from __future__ import annotations

import importlib
import inspect

import click

from docgen import __version__, i18n
from docgen.i18n import N_

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


def localize(command: click.Command) -> click.Command:
    """*command* (and its subcommands) with its help and its options' help in the current
    language. The English texts (the msgids) are kept on each object, so a later call in
    another language translates them again."""
    helper = getattr(command, "_help_option", None)  # click's cached -h/--help option
    if helper is not None:
        helper.help = i18n._("Show this message and exit.")
    for obj in (command, *(p for p in command.params if p is not helper)):
        texts = obj.__dict__.setdefault(
            "_docgen_msgids",
            {
                attr: getattr(obj, attr, None)
                for attr in ("help", "short_help", "show_default")
                if isinstance(getattr(obj, attr, None), str)
            },
        )
        for attr, msgid in texts.items():
            setattr(obj, attr, i18n._(inspect.cleandoc(msgid)) if msgid else msgid)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize(sub)
    return command


class Commands(click.Group):
    """The commands of :data:`COMMANDS`, each imported on first use, in the language chosen."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module = importlib.import_module(f"{__name__}.{COMMANDS[cmd_name]}")
        command: click.Command = getattr(module, cmd_name)
        return localize(command)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # the language of the environment, before any option (--help, a usage error) speaks;
        # --lang, eager, then overrides it
        if ctx.parent is None:
            i18n.set_language(None)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        localize(self)
        super().format_help(ctx, formatter)


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--lang (eager: before any command is imported and its help translated)."""
    try:
        i18n.set_language(value)
    except ValueError:
        raise click.BadParameter(
            i18n._("{value!r} is not a language of docgen: give vi or en").format(value=value)
        ) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    metavar="vi|en",
    is_eager=True,
    expose_value=False,
    callback=_choose_language,
    help=N_(
        "Language of messages, help and findings: vi (the default) or en; "
        "else $DOCGEN_LANG, $LANGUAGE, $LC_ALL, $LC_MESSAGES or $LANG."
    ),
)
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


def _speak_click() -> None:
    """click's own texts (Usage:, Options:, its usage errors) through docgen's catalog
    (docgen/cli/click_texts.py lists the ones translated). Done after main is defined, so
    that the help of its --version option is still the English msgid."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
        click.utils,
    ):
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


_speak_click()
