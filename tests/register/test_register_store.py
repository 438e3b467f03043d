"""The register's data layer on SQLite and PostgreSQL: numbers per issuer and year from 01,
the same document gets its number back, a released or withdrawn number, refusals."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from docgen.register import Document, Register, RegisterError

DOC = Document(
    kyhieu="UBND-VHXH",
    kind="Công văn",
    subject="hướng dẫn",
    signer="Võ Thị Kim Dung",
    recipients=("Phòng Văn hóa - Xã hội", "Các trường"),
    luu=("VT", "VHXH"),
    copies=4,
)
DAY = date(2026, 1, 5)


def test_numbers_run_per_issuer_and_year_from_01(register_url: str) -> None:
    with Register.open(register_url) as reg:
        got = [reg.reserve("xa-a", 2026, DOC, f"a{i}", DAY).symbol for i in range(3)]
        other = reg.reserve("xa-b", 2026, DOC, "b0", DAY)
        next_year = reg.reserve("xa-a", 2027, DOC, "a0", date(2027, 1, 4))
    assert got == ["01/UBND-VHXH", "02/UBND-VHXH", "03/UBND-VHXH"]
    assert (other.number, next_year.number) == (1, 1)


def test_the_same_document_gets_its_number_back(register_url: str) -> None:
    with Register.open(register_url) as reg:
        first = reg.confirm(reg.reserve("xa-a", 2026, DOC, "same", DAY), ["out/a.docx"])
        reg.reserve("xa-a", 2026, DOC, "other", DAY)
        again = reg.reserve("xa-a", 2026, DOC, "same", date(2026, 3, 1))
        assert reg.peek("xa-a", 2026, "same") == (1, again)
        assert reg.peek("xa-a", 2026, "new")[0] == 3
    assert (again.number, again.issued_on, again.reused) == (1, DAY, True)
    assert first.state == "issued" and again.files == ("out/a.docx",)


def test_release_takes_back_the_last_number_else_voids_it(register_url: str) -> None:
    with Register.open(register_url) as reg:
        last = reg.reserve("xa-a", 2026, DOC, "a", DAY)
        reg.release(last, "render failed")
        assert reg.entries(2026) == []
        first = reg.reserve("xa-a", 2026, DOC, "b", DAY)  # gets 01 again: nobody had it
        later = reg.reserve("xa-a", 2026, DOC, "c", DAY)
        reg.release(first, "render failed")
        rows = reg.entries(2026)
    assert (first.number, later.number) == (1, 2)
    assert [(r.number, r.state) for r in rows] == [(1, "void"), (2, "reserved")]
    assert rows[0].note == "Không ban hành: render failed"


def test_a_withdrawn_number_is_never_given_again(register_url: str) -> None:
    with Register.open(register_url) as reg:
        one = reg.confirm(reg.reserve("xa-a", 2026, DOC, "a", DAY), ["a.docx"])
        voided = reg.void("xa-a", 2026, 1, "sai thẩm quyền")
        again = reg.reserve("xa-a", 2026, DOC, "a", DAY)  # the same content: a new number
        with pytest.raises(RegisterError, match="void already"):
            reg.void("xa-a", 2026, 1, "again")
        with pytest.raises(RegisterError, match="has no number 09 in 2026"):
            reg.void("xa-a", 2026, 9, "x")
        with pytest.raises(RegisterError, match="needs its reason"):
            reg.void("xa-a", 2026, 2, " ")
    assert one.number == 1 and voided.state == "void" and voided.note == "Thu hồi: sai thẩm quyền"
    assert again.number == 2 and not again.reused


def test_reopening_keeps_the_register(register_url: str) -> None:
    with Register.open(register_url) as reg:
        reg.reserve("xa-a", 2026, DOC, "a", DAY)
    with Register.open(register_url) as reg:
        assert reg.reserve("xa-a", 2026, DOC, "b", DAY).number == 2
        assert [e.recipients for e in reg.entries(2026)][0] == DOC.recipients


def test_a_register_of_a_newer_docgen_is_refused(register_url: str) -> None:
    Register.open(register_url).close()
    url = register_url if "://" in register_url else f"sqlite:///{register_url}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    for migrate in (True, False):
        with pytest.raises(RegisterError, match="written by a newer docgen.*9999"):
            Register.open(register_url, migrate=migrate)


def test_a_busy_sqlite_register_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    Register.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Register.open(path, timeout=0.2) as reg, pytest.raises(RegisterError) as err:
            reg.reserve("xa-a", 2026, DOC, "a", DAY)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "the register is busy" in str(err.value) and "nothing was issued" in str(err.value)
    with Register.open(path) as reg:
        assert reg.entries(2026) == []


def test_sqlite_register_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    Register.open(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_without_migrating_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "r.sqlite"
    with Register.open(path, migrate=False) as reg:
        assert reg.peek("xa-a", 2026, "a") == (1, None) and reg.entries(2026) == []
    assert not path.parent.exists()


def test_an_unreachable_server_is_a_clear_error() -> None:
    with socket_free_port() as port, pytest.raises(RegisterError) as err:
        Register.open(f"postgresql://docgen:secret@127.0.0.1:{port}/x", timeout=2)
    message = str(err.value)
    assert "cannot reach the register server" in message and "nothing was issued" in message
    assert "secret" not in message


def test_a_bad_address_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="a register is SQLite or PostgreSQL"):
        Register.open("mysql://u@h/db")
    not_sqlite = tmp_path / "x.sqlite"
    not_sqlite.write_bytes(b"this is not a database at all, just some text" * 50)
    with pytest.raises(RegisterError, match="cannot be used"):
        Register.open(not_sqlite)


class socket_free_port:
    """A loopback port nothing listens on (bound while the test runs, never listened on)."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        port: int = self.sock.getsockname()[1]
        return port

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def test_the_register_named_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.register import register_url

    monkeypatch.setenv("DOCGEN_REGISTER", "postgresql://van-thu@db.local/register")
    assert register_url().render_as_string() == "postgresql+psycopg://van-thu@db.local/register"
    assert register_url("so.sqlite").database == "so.sqlite"  # --register wins
    monkeypatch.delenv("DOCGEN_REGISTER")
    assert register_url().database == "register.sqlite"
