"""What a cascade wrote: a manifest (CSV and JSON) and its deadlines as an iCalendar file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from docgen.compose.deadlines import Deadline
from docgen.workflows.cascade import MANIFEST_FILES, CascadePlan, Planned
from docgen.workflows.files import output_path, starts_with, write_text

CSV_COLUMNS = ("org", "name", "level", "kind", "file", "parent", "deadlines")
GENERATOR = "docgen cascade"
PRODID = "-//docgen//cascade//VI"


def manifest_csv(plan: CascadePlan) -> Iterator[str]:
    """One row per document; deadlines as ``milestone YYYY-MM-DD`` joined by "; " (the text
    in pieces, a row at a time)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for doc in plan.docs:
        deadlines = "; ".join(f"{d.milestone} {d.day.isoformat()}" for d in doc.deadlines)
        writer.writerow(
            (
                doc.org.id,
                doc.org.name,
                doc.org.level,
                doc.kind,
                doc.file.as_posix(),
                doc.parent or "",
                deadlines,
            )
        )
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def manifest_json(plan: CascadePlan) -> Iterator[str]:
    """The manifest as JSON: the cascade, then every document with its deadlines — what
    ``json.dumps(…, indent=2)`` writes, in pieces, a document at a time (a national cascade
    lists 48,000 of them)."""
    head = {
        "generator": GENERATOR,
        "root": plan.root,
        "down_to": plan.down_to,
        "school_year": str(plan.school_year) if plan.school_year else None,
    }
    yield "{\n"
    for key, value in head.items():
        yield f"  {_json(key)}: {_json(value)},\n"
    yield '  "documents": ['
    for i, doc in enumerate(plan.docs):
        yield ("," if i else "") + "\n    " + _json(_doc(doc, plan)).replace("\n", "\n    ")
    yield "\n  ],\n" if plan.docs else "],\n"
    yield '  "notes": ' + _json(plan.notes).replace("\n", "\n  ") + "\n}\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _doc(doc: Planned, plan: CascadePlan) -> dict[str, Any]:
    return {
        "org": doc.org.id,
        "name": doc.org.name,
        "level": doc.org.level,
        "kind": doc.kind,
        "file": doc.file.as_posix(),
        "parent": doc.parent,
        "deadlines": [
            {
                "milestone": d.milestone,
                "title": plan.milestones.get(d.milestone, d.milestone),
                "date": d.day.isoformat(),
                "derived": d.derived,
                "note": d.note,
            }
            for d in doc.deadlines
        ],
    }


def deadlines_ics(plan: CascadePlan, stamp: datetime | None = None) -> Iterator[str]:
    """One all-day event per deadline per organisation (the calendar in pieces, an event at
    a time)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Hạn báo cáo năm học {plan.school_year or ''}".strip())
    head, end = cal.to_ical().decode("utf-8").split("END:VCALENDAR")
    yield head
    stamp = stamp or datetime.now(timezone.utc)
    names = {doc.org.id: doc.org.name for doc in plan.docs}
    for doc in plan.docs:
        for d in doc.deadlines:
            yield _event(plan, doc, d, names, stamp).to_ical().decode("utf-8")
    yield "END:VCALENDAR" + end


def _event(
    plan: CascadePlan, doc: Planned, d: Deadline, names: dict[str, str], stamp: datetime
) -> Event:
    title = plan.milestones.get(d.milestone, d.milestone)
    event = Event()
    event.add("uid", f"{d.milestone}-{plan.school_year}-{doc.org.id}@docgen")
    event.add("dtstamp", stamp)
    event.add("dtstart", d.day)
    event.add("dtend", d.day + timedelta(days=1))
    event.add("summary", f"{title} — {doc.org.short or doc.org.name}")
    text = f"{doc.org.name}: hạn {title[:1].lower()}{title[1:]} ({d.milestone})"
    if doc.parent:
        text += f", gửi về {names.get(doc.parent, doc.parent)}"
    if d.note:
        text += f". {d.note}"
    event.add("description", text)
    event.add("categories", [doc.org.level])
    return event


def write_manifest(plan: CascadePlan, out_dir: Path, force: bool = False) -> list[Path]:
    """manifest.csv and manifest.json in *out_dir* (replacing the ones docgen wrote)."""
    csv_name, json_name = MANIFEST_FILES
    header = ",".join(CSV_COLUMNS)
    return [
        write_text(
            output_path(out_dir, csv_name),
            manifest_csv(plan),
            force=force,
            ours=starts_with(header),
        ),
        write_text(
            output_path(out_dir, json_name),
            manifest_json(plan),
            force=force,
            ours=starts_with(f'"generator": "{GENERATOR}"'),
        ),
    ]


def write_ics(plan: CascadePlan, path: Path, force: bool = False) -> Path:
    """The deadlines as an iCalendar file (replacing one docgen wrote)."""
    path = output_path(path.parent, path.name)
    return write_text(path, deadlines_ics(plan), force=force, ours=starts_with(PRODID))
