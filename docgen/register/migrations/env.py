"""Alembic environment of the register: run on the connection (and in the transaction)
:func:`docgen.register.store.migrate` hands over; never from a URL of its own."""

from __future__ import annotations

from alembic import context

from docgen.register.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
