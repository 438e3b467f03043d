"""The desk's accounts: who may log in, to which organisations they belong, in which role.

Accounts live in their own SQLite file in the workspace (``users.sqlite``), apart from the
register: a register may be a PostgreSQL server shared by several offices, while the people
of one desk are the workspace's. Passwords are kept as argon2id hashes (argon2-cffi's
defaults), never in clear; a hash made with weaker parameters is re-made at the next login.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from docgen.errors import DocgenError
from docgen.i18n import _

#: role → what it is called on the pages
ROLES: dict[str, str] = {
    "chuyen_vien": "Chuyên viên",
    "van_thu": "Văn thư",
    "lanh_dao": "Lãnh đạo",
    "truong": "Trường",
}
#: the file of the accounts, in the workspace
USERS_FILE = "users.sqlite"
MIN_PASSWORD = 8
MAX_PASSWORD = 1024

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(200), nullable=False),
)
memberships = Table(
    "memberships",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("org", String(80), primary_key=True),
)

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    """A person of the desk: a login name, a role and the organisations they belong to."""

    name: str
    role: str
    orgs: tuple[str, ...]

    @property
    def role_name(self) -> str:
        return ROLES[self.role]


class AccountError(DocgenError):
    """An account that cannot be made as asked."""


def login_name(text: str) -> str:
    """A login name: NFC, trimmed, lower case; letters, digits, '.', '-', '_' only."""
    name = unicodedata.normalize("NFC", text.strip()).lower()
    if not name or len(name) > 80 or not all(c.isalnum() or c in "._-" for c in name):
        raise AccountError(
            _("'{text}' is not a login name").format(text=text),
            hint=_("use letters, digits, '.', '-' or '_' (at most 80), e.g. 'vanthu.sathay'"),
        )
    return name


class Accounts:
    """The accounts of one workspace."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(f"sqlite:///{path}")
        event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def add(self, name: str, password: str, role: str, orgs: tuple[str, ...]) -> User:
        """Create the account *name*; an AccountError if it exists or a value is wrong."""
        name = login_name(name)
        if role not in ROLES:
            raise AccountError(
                _("'{role}' is not a role").format(role=role),
                hint=_("choose one of {roles}").format(roles=", ".join(ROLES)),
            )
        if not orgs:
            raise AccountError(_("an account needs an organisation"), hint=_("give --org ORG"))
        check_password(password)
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.id).where(users.c.name == name)).first():
                raise AccountError(
                    _("the account '{name}' already exists").format(name=name),
                    hint=_("choose another name"),
                )
            key = conn.execute(
                insert(users).values(name=name, role=role, password_hash=_hasher.hash(password))
            ).inserted_primary_key
            assert key is not None
            user_id = key[0]
            conn.execute(insert(memberships), [{"user_id": user_id, "org": o} for o in orgs])
        return User(name, role, tuple(orgs))

    def all(self) -> list[User]:
        """Every account, by name."""
        with self.engine.connect() as conn:
            names = list(conn.execute(select(users.c.name).order_by(users.c.name)).scalars())
        return [u for u in map(self.get, names) if u is not None]

    def get(self, name: str) -> User | None:
        """The account *name*, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
            if row is None:
                return None
            orgs = conn.execute(
                select(memberships.c.org)
                .where(memberships.c.user_id == row.id)
                .order_by(memberships.c.org)
            ).scalars()
            return User(row.name, row.role, tuple(orgs))

    def authenticate(self, name: str, password: str) -> User | None:
        """The account if *password* is its password, else None (the same for an unknown
        name, after the same work, so that a login does not tell which names exist)."""
        try:
            name = login_name(name)
        except AccountError:
            name = ""
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        stored = row.password_hash if row is not None else _DUMMY_HASH
        try:
            _hasher.verify(stored, password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(stored):
            with self.engine.begin() as conn:
                conn.execute(
                    update(users)
                    .where(users.c.id == row.id)
                    .values(password_hash=_hasher.hash(password))
                )
        return self.get(row.name)


def check_password(password: str) -> None:
    """An AccountError if *password* is too short or too long."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            _("the password has {count} characters; at least {least}").format(
                count=len(password), least=MIN_PASSWORD
            ),
            hint=_("choose a longer password"),
        )
    if len(password) > MAX_PASSWORD:
        raise AccountError(
            _("the password is longer than {most} characters").format(most=MAX_PASSWORD),
            hint=_("choose a shorter one"),
        )


_DUMMY_HASH = _hasher.hash("not a password of anyone's")


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
