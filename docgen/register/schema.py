"""The register's tables (SQLAlchemy Core), as the newest migration leaves them.

``counters`` holds, per issuing body, series and year, the last number given; ``entries``
one row per number of the Sổ đăng ký văn bản đi (NĐ30 Phụ lục IV), whatever became of it:
``reserved`` (being issued, or left so by a crash), ``issued`` (its files are in place) or
``void`` (withdrawn, or never issued; the number is never given again).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

counters = Table(
    "counters",
    metadata,
    Column("issuer", String(100), primary_key=True),
    Column("series", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("issuer", String(100), nullable=False),
    Column("series", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("kyhieu", String(200), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("kind", String(100), nullable=False),
    Column("subject", Text, nullable=False),
    Column("signer", String(200), nullable=False),
    Column("recipients", Text, nullable=False),
    Column("luu", Text, nullable=False),
    Column("copies", Integer, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("state", String(10), nullable=False),
    Column("note", Text, nullable=False),
    Column("files", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("issuer", "series", "year", "number", name="uq_entries_number"),
    Index("ix_entries_fingerprint", "issuer", "series", "year", "fingerprint"),
)

STATES = ("reserved", "issued", "void")
