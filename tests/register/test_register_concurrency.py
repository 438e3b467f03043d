"""No duplicate and no gap: 20 processes issue 50 numbers each from the same series at once,
through the real database (SQLite file, PostgreSQL server), and the register holds 1,000
distinct consecutive numbers, each issued once."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from datetime import date
from pathlib import Path

import pytest

from docgen.register import Document, Register

PROCESSES = 20
EACH = 50


def _issue_many(url: str, worker: int, start: object, failures: object) -> None:
    try:
        start.wait(60)  # type: ignore[attr-defined]  # all at once: opening migrates too
        with Register.open(url, timeout=120) as reg:
            for i in range(EACH):
                doc = Document(
                    kyhieu="UBND-VHXH",
                    kind="Công văn",
                    subject=f"{worker}/{i}",
                    signer="A",
                    copies=1,
                )
                entry = reg.reserve("xa-a", 2026, doc, f"w{worker}-{i}", date(2026, 1, 5))
                reg.confirm(entry, [f"out/w{worker}-{i}.docx"])
    except BaseException:
        failures.put(traceback.format_exc())  # type: ignore[attr-defined]
        os._exit(1)


@pytest.mark.slow
def test_concurrent_issuing_gives_distinct_consecutive_numbers(register_url: str) -> None:
    mp = multiprocessing.get_context("fork")  # the children have docgen imported already
    start = mp.Barrier(PROCESSES)
    failures = mp.Queue()
    procs = [
        mp.Process(target=_issue_many, args=(register_url, w, start, failures))
        for w in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(600)
    errors = [failures.get() for _ in range(failures.qsize())] if not failures.empty() else []
    assert all(p.exitcode == 0 for p in procs), errors[:1]
    with Register.open(register_url) as reg:
        rows = reg.entries(2026, "xa-a")
    numbers = [r.number for r in rows]
    assert numbers == list(range(1, PROCESSES * EACH + 1))
    assert {r.state for r in rows} == {"issued"}
    assert len({r.subject for r in rows}) == PROCESSES * EACH  # each document once
    assert not Path(register_url).with_suffix(".sqlite-journal").exists()
