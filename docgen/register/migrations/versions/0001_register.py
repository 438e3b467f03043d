"""The Sổ đăng ký văn bản đi: per-series counters and one entry per number.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("issuer", sa.String(100), primary_key=True),
        sa.Column("series", sa.String(40), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("issuer", sa.String(100), nullable=False),
        sa.Column("series", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("kyhieu", sa.String(200), nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("signer", sa.String(200), nullable=False),
        sa.Column("recipients", sa.Text, nullable=False),
        sa.Column("luu", sa.Text, nullable=False),
        sa.Column("copies", sa.Integer, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("issuer", "series", "year", "number", name="uq_entries_number"),
    )
    op.create_index(
        "ix_entries_fingerprint", "entries", ["issuer", "series", "year", "fingerprint"]
    )


def downgrade() -> None:
    op.drop_index("ix_entries_fingerprint", table_name="entries")
    op.drop_table("entries")
    op.drop_table("counters")
