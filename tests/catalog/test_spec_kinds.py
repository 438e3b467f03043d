"""The spec keys of a tờ trình, thông báo and giấy mời: read, and refused at their file:line
with what to do."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from docgen.catalog.specfile import load_spec
from docgen.errors import CatalogError
from docgen.model.kinds import DEFAULT_ASKS

HEAD = "issuer: snv-lam-dong\nsigner: le-thi-theu\nyear: 2025\nsubject: x\n"


def spec_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(CatalogError) as caught:
        load_spec(spec_file(tmp_path, text))
    message = str(caught.value)
    assert "Traceback" not in message and "object" not in message
    return message


def test_a_to_trinh_closes_with_xem_xet_quyet_dinh_unless_it_says_otherwise(
    tmp_path: Path,
) -> None:
    plain = load_spec(spec_file(tmp_path, "kind: to_trinh\n" + HEAD))
    assert plain.submission is not None
    assert (plain.submission.to, plain.submission.asks) == ("", DEFAULT_ASKS)
    own = load_spec(
        spec_file(tmp_path, "kind: to_trinh\n" + HEAD + 'kinh_trinh:\n  to: Chủ tịch\n  asks: ""\n')
    )
    assert own.submission is not None
    assert (own.submission.to, own.submission.asks) == ("Chủ tịch", "")
    assert plain.for_collective and plain.meeting is None


def test_a_giay_moi_reads_its_meeting(tmp_path: Path) -> None:
    spec = load_spec(
        spec_file(
            tmp_path,
            "kind: giay_moi\n"
            + HEAD
            + "meeting:\n  date: 2026-01-15\n  time: '8:00'\n  end: 11h30\n  place: Hội trường\n"
            "  content: [Một, Hai]\n  chair: Đồng chí A\n",
        )
    )
    m = spec.meeting
    assert m is not None
    assert (m.day, m.start, m.end) == (date(2026, 1, 15), time(8, 0), time(11, 30))
    assert (m.place, m.content, m.chair, m.members, m.prepare) == (
        "Hội trường",
        ("Một", "Hai"),
        "Đồng chí A",
        (),
        (),
    )


def test_authority_head_signs_without_tm(tmp_path: Path) -> None:
    spec = load_spec(spec_file(tmp_path, "kind: thong_bao\n" + HEAD + "authority: head\n"))
    assert spec.for_collective is False


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        (
            "kind: cong_van\n" + HEAD + "meeting:\n  date: 2026-01-15\n",
            ":6:1:",
            "'meeting' is a key of a spec of kind giay_moi, not of cong_van — remove "
            "'meeting:', or set 'kind: giay_moi'",
        ),
        (
            "kind: thong_bao\n" + HEAD + "kinh_trinh:\n  to: A\n",
            ":6:1:",
            "'kinh_trinh' is a key of a spec of kind to_trinh, not of thong_bao",
        ),
        (
            "kind: ke_hoach\n" + HEAD + "authority: head\n",
            ":6:1:",
            "'authority' belongs to a quyết định, tờ trình, thông báo or giấy mời, and this "
            "spec is a ke_hoach",
        ),
        (
            "kind: thong_bao\n" + HEAD + "authority: chairman\n",
            ":6:12:",
            "'authority' cannot be 'chairman' — use one of: collective, head",
        ),
        ("kind: giay_moi\n" + HEAD, ":1:1:", "a giấy mời names no meeting — add 'meeting:'"),
        (
            "kind: giay_moi\n" + HEAD + "meeting:\n  date: 2026-01-15\n  place: P\n",
            ":7:3:",
            "meeting has no 'time' — add 'time: …'",
        ),
        (
            "kind: giay_moi\n" + HEAD + "meeting:\n  date: 2026-01-15\n  time: 25:00\n  place: P\n",
            ":8:9:",
            "not a time of day: '25:00' — write the time as HH:MM",
        ),
        (
            "kind: giay_moi\n"
            + HEAD
            + "meeting:\n  date: 2026-01-15\n  time: '14:00'\n  end: '08:00'\n  place: P\n",
            ":9:8:",
            "the meeting ends at 08:00, not after it starts (14:00)",
        ),
        (
            "kind: giay_moi\n" + HEAD + "meeting:\n  date: 2026-01-15\n  time: '8:00'\n"
            "  place: P\n  room: 3\n",
            ":10:3:",
            "unknown key 'room' in meeting",
        ),
        (
            "kind: to_trinh\n" + HEAD + "kinh_trinh:\n  to: A\n  ask: B\n",
            ":8:3:",
            "unknown key 'ask' in kinh_trinh — did you mean 'asks'?",
        ),
        (
            "kind: to_trinh\n" + HEAD + "kinh_trinh:\n  asks: [a, b]\n",
            ":7:9:",
            "'asks' must be text",
        ),
    ],
)
def test_wrong_kind_keys_are_refused_at_their_line(
    tmp_path: Path, text: str, where: str, says: str
) -> None:
    message = refused(tmp_path, text)
    assert f"s.yaml{where}" in message, message
    assert says in message, message
