"""The manifest and calendar are written in pieces (a national cascade lists 48,000
documents): the pieces make the same text as writing the whole at once would."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone

import icalendar
from conftest import EXAMPLES

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.workflows.cascade import plan_cascade
from docgen.workflows.manifest import deadlines_ics, manifest_csv, manifest_json


def test_pieces_make_the_whole(catalog: Catalog) -> None:
    plan = plan_cascade(load_spec(EXAMPLES / "so-quang-ngai-1491.yaml"), catalog, "truong")
    for one in (plan, replace(plan, docs=[], notes=[])):
        text = "".join(manifest_json(one))
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
        assert len(json.loads(text)["documents"]) == len(one.docs)
    rows = "".join(manifest_csv(plan)).splitlines()
    assert len(rows) == 1 + len(plan.docs)
    stamp = datetime(2026, 1, 1, tzinfo=timezone.utc)
    calendar = icalendar.Calendar.from_ical("".join(deadlines_ics(plan, stamp)))
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == sum(len(d.deadlines) for d in plan.docs) > 0
