"""The Sổ đăng ký văn bản đi in a database: SQLite (one file, WAL) or PostgreSQL.

One data layer (SQLAlchemy Core) for both; the schema is made and moved on by the Alembic
migrations shipped in ``docgen/register/migrations``, applied when a register is opened. A
register written by a newer docgen (a revision this one does not know) is refused.

Numbers are given in one transaction per number, which holds the (issuer, series, year)
counter: SQLite's ``BEGIN IMMEDIATE`` (every write transaction here starts so), PostgreSQL's
``SELECT … FOR UPDATE`` on the counter row. In it the entry is looked up by the document's
content fingerprint (the same document gets its number back), else the counter moves on by
one and the entry is written ``reserved``. :meth:`Register.confirm` makes it ``issued`` once
its files are in place; :meth:`Register.release` takes back a number whose files could not
be made (deleted if it is still the last of its series, else made ``void``), and
:meth:`Register.void` records a withdrawal. No number is ever given twice, and numbers have
no gaps: every number up to the counter has its entry, whatever its state.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, Connection, Row, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.register.schema import counters, entries

#: the register of the current folder, when neither --register nor $DOCGEN_REGISTER says
DEFAULT_FILE = "register.sqlite"
ENV = "DOCGEN_REGISTER"
#: the series of ordinary documents (văn bản quy phạm pháp luật and secret ones have theirs)
COMMON = ""
#: seconds to wait for a register another docgen holds (SQLite) or for a lock (PostgreSQL)
TIMEOUT = 10.0
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: the key of the advisory lock PostgreSQL migrations are applied under
_MIGRATION_LOCK = 0x646F6367  # "docg"


class RegisterError(DocgenError):
    """The register cannot be opened, is busy, or refuses what was asked."""


@dataclass(frozen=True)
class Document:
    """What the register records of a document besides its number, day and state."""

    kyhieu: str  # the ký hiệu after the number: "UBND-VHXH", "KH-UBND"
    kind: str  # tên loại: "Công văn", "Kế hoạch"
    subject: str  # trích yếu nội dung
    signer: str
    recipients: tuple[str, ...] = ()  # nơi nhận văn bản
    luu: tuple[str, ...] = ()  # đơn vị, người nhận bản lưu
    copies: int = 1  # số lượng bản
    source: str = ""  # the spec it was issued from


@dataclass(frozen=True)
class Entry:
    """One line of the register."""

    id: int
    issuer: str
    series: str
    year: int
    number: int
    kyhieu: str
    issued_on: date
    kind: str
    subject: str
    signer: str
    recipients: tuple[str, ...]
    luu: tuple[str, ...]
    copies: int
    fingerprint: str
    state: str
    note: str
    files: tuple[str, ...]
    source: str
    #: True when :meth:`Register.reserve` gave back the entry the document already had
    reused: bool = False

    @property
    def symbol(self) -> str:
        """Số và ký hiệu: "07/UBND-VHXH" (NĐ30: a leading 0 below 10)."""
        return f"{self.number:02d}/{self.kyhieu}"


def register_url(target: str | Path | None = None) -> URL:
    """The database of *target*: a file path (SQLite) or a ``postgresql://`` URL; by default
    ``$DOCGEN_REGISTER``, else ``./register.sqlite``."""
    text = str(target) if target else os.environ.get(ENV) or DEFAULT_FILE
    if "://" not in text:
        return URL.create("sqlite", database=text)
    try:
        url = make_url(text)
    except ArgumentError:
        raise RegisterError(
            _("'{text}' is not a database address").format(text=text),
            hint=_("give a file path (register.sqlite) or postgresql://user@host/dbname"),
        ) from None
    if url.get_backend_name() == "postgresql" and url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise RegisterError(
            _("'{render_as_string}': a register is SQLite or PostgreSQL").format(
                render_as_string=url.render_as_string(hide_password=True)
            ),
            hint=_("give a file path (register.sqlite) or postgresql://user@host/dbname"),
        )
    return url


def shown(url: URL) -> str:
    """The register as messages name it (a file's path; a server's URL, password hidden)."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def exists(url: URL) -> bool:
    """False for an SQLite register whose file is not there yet (a server's always is)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return True
    return Path(url.database).exists()


class Register:
    """An open register. Use :meth:`open` (which migrates), and close it (or ``with``)."""

    def __init__(self, url: URL, engine: Engine, timeout: float) -> None:
        self.url = url
        self.engine = engine
        self.timeout = timeout
        self.postgres = url.get_backend_name() == "postgresql"
        self.migrated = False

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        target: str | Path | URL | None = None,
        *,
        timeout: float = TIMEOUT,
        migrate: bool = True,
    ) -> Register:
        """Open (and, with *migrate*, create or bring up to date) the register of *target*.

        Without *migrate* nothing is written: a register not made yet reads as empty."""
        url = target if isinstance(target, URL) else register_url(target)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            folder = Path(url.database).parent
            if migrate:
                folder.mkdir(parents=True, exist_ok=True)
        reg = cls(url, _engine(url, timeout, writes=migrate), timeout)
        if not migrate and not exists(url):
            return reg  # nothing to read, and connecting would create the file
        try:
            reg._check_revision(migrate)
        except BaseException:
            reg.close()
            raise
        return reg

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def _check_revision(self, migrate: bool) -> None:
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory
        from alembic.script.revision import RevisionError
        from alembic.util import CommandError

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        script = ScriptDirectory.from_config(config)
        head = script.get_current_head()

        def current(conn: Connection) -> tuple[str, ...]:
            heads = tuple(MigrationContext.configure(conn).get_current_heads())
            for revision in heads:
                try:
                    script.get_revision(revision)
                except (CommandError, RevisionError):
                    raise RegisterError(
                        _(
                            "{shown}: the register was written by a newer docgen (schema revision "
                            "{revision}, this docgen knows up to {head})"
                        ).format(shown=shown(self.url), revision=revision, head=head),
                        hint=_("upgrade docgen to use this register; nothing was changed"),
                    ) from None
            return heads

        with self._transaction(read=True) as conn:  # (no write lock for a register up to date)
            self.migrated = current(conn) == (head,)
        if self.migrated or not migrate:
            return
        with self._transaction() as conn:
            if self.postgres:  # one docgen at a time migrates
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            if current(conn) != (head,):
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        self.migrated = True

    # -- transactions ----------------------------------------------------------------

    @contextmanager
    def _transaction(self, read: bool = False) -> Iterator[Connection]:
        """One transaction (SQLite: BEGIN IMMEDIATE unless *read*); a database that is busy
        or out of reach becomes a :class:`RegisterError`."""
        try:
            with self.engine.connect() as conn:
                if read:
                    conn = conn.execution_options(docgen_read=True)
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            raise self._unavailable(exc) from None

    def _unavailable(self, exc: DBAPIError) -> RegisterError:
        orig = exc.orig
        detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        where = shown(self.url)
        if isinstance(orig, sqlite3.OperationalError) and "locked" in detail:
            return RegisterError(
                _(
                    "{where}: the register is busy (another docgen has held it for more than "
                    "{timeout:g} s)"
                ).format(where=where, timeout=self.timeout),
                hint=_("try again in a moment; nothing was issued"),
            )
        if "lock timeout" in detail:
            return RegisterError(
                _(
                    "{where}: the register is busy (a number of this series has been locked "
                    "for more than {timeout:g} s)"
                ).format(where=where, timeout=self.timeout),
                hint=_("try again in a moment; nothing was issued"),
            )
        if isinstance(orig, sqlite3.Error):
            return RegisterError(
                _("{where}: the register cannot be used ({detail})").format(
                    where=where, detail=detail
                ),
                hint=_("check that the file is a docgen register and its folder is writable"),
            )
        return RegisterError(
            _("{where}: cannot reach the register server ({detail})").format(
                where=where, detail=detail
            ),
            hint=_("check the address and that the server is running; nothing was issued"),
        )

    def _counter(self, conn: Connection, issuer: str, series: str, year: int) -> int:
        """The last number of the series, its counter row held until the transaction ends."""
        make = pg_insert if self.postgres else sqlite_insert
        conn.execute(
            make(counters)
            .values(issuer=issuer, series=series, year=year, last_number=0)
            .on_conflict_do_nothing()
        )
        last: int = conn.execute(
            select(counters.c.last_number)
            .where(_series(counters, issuer, series, year))
            .with_for_update()
        ).scalar_one()
        return last

    # -- numbers ---------------------------------------------------------------------

    def reserve(
        self,
        issuer: str,
        year: int,
        doc: Document,
        fingerprint: str,
        on: date,
        series: str = COMMON,
    ) -> Entry:
        """The entry of the document of *fingerprint* in the series: the one it has (issued or
        still reserved; ``reused`` set), or a new one, ``reserved``, with the next number."""
        now = datetime.now()
        with self._transaction() as conn:
            last = self._counter(conn, issuer, series, year)
            found = _of_document(conn, issuer, series, year, fingerprint)
            if found is not None:
                return _entry(found, reused=True)
            number = last + 1
            conn.execute(
                update(counters)
                .where(_series(counters, issuer, series, year))
                .values(last_number=number)
            )
            values: dict[str, Any] = {
                "issuer": issuer,
                "series": series,
                "year": year,
                "number": number,
                "kyhieu": doc.kyhieu,
                "issued_on": on,
                "kind": doc.kind,
                "subject": doc.subject,
                "signer": doc.signer,
                "recipients": "\n".join(doc.recipients),
                "luu": "\n".join(doc.luu),
                "copies": doc.copies,
                "fingerprint": fingerprint,
                "state": "reserved",
                "note": "",
                "files": "",
                "source": doc.source,
                "created_at": now,
                "updated_at": now,
            }
            key = conn.execute(insert(entries).values(**values)).inserted_primary_key
            assert key is not None
            values.pop("created_at")
            values.pop("updated_at")
            return _entry({"id": key[0], **values})

    def peek(
        self, issuer: str, year: int, fingerprint: str, series: str = COMMON
    ) -> tuple[int, Entry | None]:
        """What :meth:`reserve` would give, writing nothing: (number, the entry if the
        document has one already)."""
        if not self.migrated:
            return 1, None
        with self._transaction(read=True) as conn:
            found = _of_document(conn, issuer, series, year, fingerprint)
            if found is not None:
                entry = _entry(found, reused=True)
                return entry.number, entry
            last = conn.execute(
                select(counters.c.last_number).where(_series(counters, issuer, series, year))
            ).scalar()
            return (last or 0) + 1, None

    def confirm(self, entry: Entry, files: Sequence[Path | str]) -> Entry:
        """Record *entry* as issued, its *files* in place."""
        listed = "\n".join(str(f) for f in files)
        with self._transaction() as conn:
            done = conn.execute(
                update(entries)
                .where(entries.c.id == entry.id, entries.c.state.in_(("reserved", "issued")))
                .values(state="issued", files=listed, updated_at=datetime.now())
            )
            if done.rowcount != 1:
                raise RegisterError(
                    _("{shown}: {symbol} of {year} was withdrawn while it was being issued").format(
                        shown=shown(self.url), symbol=entry.symbol, year=entry.year
                    ),
                    hint=_("its files are written but not issued; issue the document again"),
                )
        return _replaced(entry, state="issued", files=tuple(str(f) for f in files))

    def release(self, entry: Entry, reason: str) -> None:
        """Take back a reserved number whose files could not be made: gone if it is still the
        last of its series (the next document gets it), else recorded ``void``."""
        with self._transaction() as conn:
            last = self._counter(conn, entry.issuer, entry.series, entry.year)
            row = conn.execute(select(entries).where(entries.c.id == entry.id)).first()
            if row is None or row.state != "reserved":
                return
            if row.number == last:
                conn.execute(delete(entries).where(entries.c.id == entry.id))
                conn.execute(
                    update(counters)
                    .where(_series(counters, entry.issuer, entry.series, entry.year))
                    .values(last_number=last - 1)
                )
            else:
                conn.execute(
                    update(entries)
                    .where(entries.c.id == entry.id)
                    .values(
                        state="void", note=f"Không ban hành: {reason}", updated_at=datetime.now()
                    )
                )

    def void(self, issuer: str, year: int, number: int, reason: str, series: str = COMMON) -> Entry:
        """Record that number *number* of the series is withdrawn; it is never given again."""
        if not reason.strip():
            raise RegisterError(_("a withdrawal needs its reason"), hint=_("give --reason '…'"))
        with self._transaction() as conn:
            self._counter(conn, issuer, series, year)
            row = conn.execute(
                select(entries)
                .where(_series(entries, issuer, series, year))
                .where(entries.c.number == number)
            ).first()
            if row is None:
                raise RegisterError(
                    _("{shown}: {issuer} has no number {number:02d} in {year}").format(
                        shown=shown(self.url), issuer=issuer, number=number, year=year
                    ),
                    hint=_("see docgen register list --year {year} --issuer {issuer}").format(
                        year=year, issuer=issuer
                    ),
                )
            if row.state == "void":
                raise RegisterError(
                    _("{shown}: {number:02d}/{kyhieu} of {year} is void already ({note})").format(
                        shown=shown(self.url),
                        number=row.number,
                        kyhieu=row.kyhieu,
                        year=year,
                        note=row.note,
                    ),
                )
            note = f"Thu hồi: {reason.strip()}"
            conn.execute(
                update(entries)
                .where(entries.c.id == row.id)
                .values(state="void", note=note, updated_at=datetime.now())
            )
            return _replaced(_entry(row), state="void", note=note)

    def entries(self, year: int, issuer: str | None = None) -> list[Entry]:
        """The register of *year* (of one issuer, or all), by issuer, series and number."""
        if not self.migrated:
            return []
        query = select(entries).where(entries.c.year == year)
        if issuer:
            query = query.where(entries.c.issuer == issuer)
        query = query.order_by(entries.c.issuer, entries.c.series, entries.c.number)
        with self._transaction(read=True) as conn:
            return [_entry(row) for row in conn.execute(query)]


def _series(table: Any, issuer: str, series: str, year: int) -> Any:
    return (table.c.issuer == issuer) & (table.c.series == series) & (table.c.year == year)


def _of_document(
    conn: Connection, issuer: str, series: str, year: int, fingerprint: str
) -> Row[Any] | None:
    """The entry (issued, or reserved) of the document of *fingerprint* in the series."""
    return conn.execute(
        select(entries)
        .where(_series(entries, issuer, series, year))
        .where(entries.c.fingerprint == fingerprint)
        .where(entries.c.state.in_(("issued", "reserved")))
        .order_by(entries.c.number)
    ).first()


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.split("\n") if line)


def _entry(row: Row[Any] | dict[str, Any], reused: bool = False) -> Entry:
    data = dict(row._mapping) if isinstance(row, Row) else dict(row)
    return Entry(
        id=data["id"],
        issuer=data["issuer"],
        series=data["series"],
        year=data["year"],
        number=data["number"],
        kyhieu=data["kyhieu"],
        issued_on=data["issued_on"],
        kind=data["kind"],
        subject=data["subject"],
        signer=data["signer"],
        recipients=_lines(data["recipients"]),
        luu=_lines(data["luu"]),
        copies=data["copies"],
        fingerprint=data["fingerprint"],
        state=data["state"],
        note=data["note"],
        files=_lines(data["files"]),
        source=data["source"],
        reused=reused,
    )


def _replaced(entry: Entry, **changes: Any) -> Entry:
    from dataclasses import replace

    return replace(entry, **changes)


def _engine(url: URL, timeout: float, writes: bool) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": timeout})
            _sqlite_transactions(engine, timeout, wal=writes)
            return engine
        engine = create_engine(
            url, connect_args={"connect_timeout": max(1, round(timeout))}, pool_pre_ping=False
        )
        _postgres_timeouts(engine, timeout)
        return engine
    except (NoSuchModuleError, ImportError):
        raise RegisterError(
            _("{shown}: no database driver for this register").format(shown=shown(url)),
            hint=_("install docgen with its dependencies (pip install -e .), which bring psycopg"),
        ) from None


def _sqlite_transactions(engine: Engine, timeout: float, wal: bool) -> None:
    """SQLite as a register needs: docgen's own BEGIN (IMMEDIATE for writes: the write lock
    is taken before anything is read, so two docgens never both read the same last number),
    a busy timeout, WAL journal."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN from the driver
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        read = conn.get_execution_options().get("docgen_read", False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


def _postgres_timeouts(engine: Engine, timeout: float) -> None:
    """A lock held longer than *timeout* is an error, not a wait without end."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(timeout * 1000)}")
        dbapi_connection.commit()
