"""The spec keys of one kind of document: a tờ trình's ``kinh_trinh:``, a giấy mời's
``meeting:``, and whom a tờ trình, thông báo or giấy mời speaks for (``authority:``, a key
of a quyết định's too).
:func:`kind_keys` is called by :func:`docgen.catalog.specfile.parse_spec`."""

from __future__ import annotations

from datetime import time
from typing import Any

from docgen.catalog import keys
from docgen.catalog.fields import Fields
from docgen.errors import CatalogError, DocgenError
from docgen.i18n import _
from docgen.model.decision import AUTHORITIES
from docgen.model.kinds import DEFAULT_ASKS, Meeting, Submission
from docgen.vn.clock import parse_time

#: spec key → the kinds whose spec may have it (declared in docgen/catalog/keys.py)
KIND_KEYS: dict[str, tuple[str, ...]] = {key.name: key.kinds for key in keys.KIND_KEYS}
#: the kinds besides a quyết định that take its ``authority:`` (whom the document speaks
#: for: the collective body, signed TM. …, the default; or its head in his own right, "Chủ
#: tịch Ủy ban nhân dân tỉnh thông báo …", signed without TM.)
AUTHORITY_KINDS: tuple[str, ...] = keys.AUTHORITY_KINDS
MEETING_KEYS = tuple(keys.MEETING)
SUBMISSION_KEYS = tuple(keys.SUBMISSION)


def kind_keys(f: Fields, kind: str) -> dict[str, Any]:
    """The DocumentSpec fields of *kind*'s own keys; a key of another kind is an error."""
    for key, owners in KIND_KEYS.items():
        if f.has(key) and kind not in owners:
            raise CatalogError(
                _("'{key}' is a key of a spec of kind {owners}, not of {kind}").format(
                    key=key, owners=" or ".join(owners), kind=kind
                ),
                where=f.key_where(key),
                hint=_("remove '{key}:', or set 'kind: {owners}'").format(
                    key=key, owners=owners[0]
                ),
            )
    fields: dict[str, Any] = {}
    if kind in AUTHORITY_KINDS and f.has("authority"):
        fields["for_collective"] = f.choice("authority", AUTHORITIES) == "collective"
    if kind == "to_trinh":
        fields["submission"] = _submission(f)
    if kind == "giay_moi":
        fields["meeting"] = _meeting(f)
    return fields


def _submission(f: Fields) -> Submission:
    raw = f.raw("kinh_trinh")
    if raw is None or raw == "":
        return Submission(where=f.where)
    s = Fields(raw, "kinh_trinh", f.at("kinh_trinh"), keys.SUBMISSION)
    asks = s.raw("asks")
    if asks is not None and not isinstance(asks, str):
        raise CatalogError(
            _("'asks' must be text, found {type_name}").format(type_name=type(asks).__name__),
            where=s.at("asks"),
            hint=_('write the request, e.g. asks: "xem xét, quyết định", or asks: "" for none'),
        )
    return Submission(
        to=s.text("to", ""),
        asks=DEFAULT_ASKS if asks is None else str(asks).strip(),
        where=s.where,
        at={key: s.at(key) for key in SUBMISSION_KEYS if key in s.data},
    )


def _meeting(f: Fields) -> Meeting:
    if not f.has("meeting"):
        raise CatalogError(
            _("a giấy mời names no meeting"),
            where=f.where,
            hint=_("add 'meeting:' with date:, time: (HH:MM) and place:"),
        )
    m = Fields(f.raw("meeting"), "meeting", f.at("meeting"), keys.MEETING)
    day = m.day("date", required=True)
    assert day is not None  # required
    start = _time(m, "time", required=True)
    assert start is not None
    end = _time(m, "end")
    if end is not None and end <= start:
        raise CatalogError(
            _("the meeting ends at {end:%H:%M}, not after it starts ({start:%H:%M})").format(
                end=end, start=start
            ),
            where=m.at("end"),
            hint=_("give an end time after 'time:', or leave 'end:' out"),
        )
    return Meeting(
        day=day,
        start=start,
        end=end,
        place=m.text("place"),
        event=m.text("event", ""),
        content=m.texts("content"),
        chair=m.text("chair", ""),
        members=m.texts("members"),
        prepare=m.texts("prepare"),
        where=m.where,
        at={key: m.at(key) for key in MEETING_KEYS if m.has(key)},
    )


def _time(m: Fields, key: str, required: bool = False) -> time | None:
    text = m.text(key, None if required else "")
    if not text:
        return None
    try:
        return parse_time(text)
    except DocgenError as exc:
        raise CatalogError(exc.message, where=m.at(key), hint=exc.hint) from None
