"""The READMEs: Vietnamese first (README.md), English beside it (README.en.md), the same
quick start at the top of both, and every docgen command line they show one docgen takes."""

from __future__ import annotations

import re
import shlex
import unicodedata
from pathlib import Path

import click
import pytest

from docgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
VI = ROOT / "README.md"
EN = ROOT / "README.en.md"
READMES = [VI, EN]


def code_blocks(text: str) -> list[list[str]]:
    return [block.splitlines() for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S)]


def command_lines(path: Path) -> list[tuple[int, list[str]]]:
    """Each ``$D …`` line of the README's code blocks (the part before `` #`` and ``&&``),
    split as the shell would, with its line number."""
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("$D "):
            command = line.split(" #", 1)[0].split("&&", 1)[0]
            lines.append((number, shlex.split(command)[1:]))
    return lines


def resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    """The (sub)command *words* name and the words after it."""
    command: click.Command = main
    ctx = click.Context(main)
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        found = command.get_command(ctx, words[0])
        assert found is not None, f"no command {words[0]!r}"
        command, words = found, words[1:]
    return command, words


def test_each_readme_points_to_the_other() -> None:
    assert VI.read_text(encoding="utf-8").splitlines()[0] == "English: [README.en.md](README.en.md)"
    assert EN.read_text(encoding="utf-8").splitlines()[0] == "Tiếng Việt: [README.md](README.md)"


@pytest.mark.parametrize("path", READMES, ids=lambda p: p.name)
def test_the_quick_start_is_the_two_make_commands_at_the_top(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = code_blocks(text)[0]
    assert [line.split("#", 1)[0].strip() for line in first] == ["make demo", "make test"]
    assert all("#" in line for line in first), "each of the two commands says what it does"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_the_vietnamese_readme_is_in_vietnamese() -> None:
    text = VI.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    comments = [line.split(" # ", 1)[1] for line in code_blocks(text)[0]]
    assert comments[0].startswith("tạo .venv") and comments[1].startswith("cài đặt")
    for heading in ("## Bắt đầu nhanh", "## Dùng docgen", "## Ban hành"):
        assert heading in text
    for kind in ("công văn", "kế hoạch", "báo cáo", "quyết định", "tờ trình", "thông báo"):
        assert kind in text
    assert "giấy mời" in text and "Phụ lục" in text


@pytest.mark.parametrize("path", READMES, ids=lambda p: p.name)
def test_every_command_line_shown_is_one_docgen_takes(path: Path) -> None:
    lines = command_lines(path)
    assert len(lines) >= 10
    for number, words in lines:
        where = f"{path.name}:{number}"
        command, rest = resolve(words)
        options = {"-h", "--help"}
        for param in command.params:
            options.update(param.opts, param.secondary_opts)
        for word in rest:
            if word.startswith("-"):
                assert word.split("=", 1)[0] in options, f"{where}: {word} not an option"


def test_the_vietnamese_readme_shows_every_command_the_english_one_does() -> None:
    def commands(path: Path) -> set[str]:
        return {resolve(words)[0].name or "" for _, words in command_lines(path)}

    assert commands(EN) <= commands(VI)


def test_both_readmes_give_the_same_fidelity_figures() -> None:
    def rows(path: Path) -> list[tuple[str, str]]:
        found = re.findall(
            r"^\| (out/\S+\.docx) \|.*\| ([0-9.]+) \|$", path.read_text("utf-8"), re.M
        )
        return [(out, score) for out, score in found]

    assert rows(VI) == rows(EN) and len(rows(VI)) >= 4
