"""A giấy mời's body: "<issuer> trân trọng kính mời: <guests>", then the meeting's Thời gian,
Địa điểm, Nội dung, Chủ trì, Thành phần and what to prepare, as NĐ30 and real invitations
lay them out (pure: composed texts in, blocks out)."""

from __future__ import annotations

from collections.abc import Callable

from docgen.compose.inline import Span, spans
from docgen.compose.outline import Block
from docgen.errors import CatalogError, DocgenError, Location
from docgen.i18n import _
from docgen.model.kinds import Meeting
from docgen.vn.clock import moment

Compose = Callable[[str, Location], str]
#: the label of each part of a meeting, in the order an invitation gives them
LABELS = {
    "time": "Thời gian:",
    "place": "Địa điểm:",
    "content": "Nội dung:",
    "chair": "Chủ trì:",
    "members": "Thành phần:",
}


def invitation(
    meeting: Meeting, issuer: str, guests: list[str], compose: Compose, where: Location
) -> list[Block]:
    """The blocks of a giấy mời before the spec's own body."""
    if not guests:
        raise CatalogError(
            _("a giấy mời invites nobody"),
            where=where,
            hint=_("list who is invited under 'recipients:' (org ids or names)"),
        )
    blocks: list[Block] = []
    if len(guests) == 1:
        blocks.append(_para(f"{issuer} trân trọng kính mời: {_end(guests[0], '.')}"))
    else:
        blocks.append(_para(f"{issuer} trân trọng kính mời:"))
        last = len(guests) - 1
        blocks += [_para(f"- {_end(g, '.' if i == last else ';')}") for i, g in enumerate(guests)]
    at = meeting.loc
    if meeting.event:
        blocks.append(_para(_end(compose(meeting.event, at("event")), ".")))
    try:
        when = moment(meeting.day, meeting.start, meeting.end)
    except DocgenError as exc:
        raise CatalogError(exc.message, where=meeting.where, hint=exc.hint) from None
    blocks.append(_labelled("time", when))
    blocks.append(_labelled("place", compose(meeting.place, at("place"))))
    blocks += _listed("content", [compose(t, at("content")) for t in meeting.content])
    if meeting.chair:
        blocks.append(_labelled("chair", compose(meeting.chair, at("chair"))))
    blocks += _listed("members", [compose(t, at("members")) for t in meeting.members])
    blocks += [_para(_end(compose(t, at("prepare")), ".")) for t in meeting.prepare]
    return blocks


def close(blocks: list[Block]) -> list[Block]:
    """The invitation's last line ends with "./." (when the spec adds no closing text)."""
    if not blocks or not blocks[-1].spans:
        return blocks
    last = blocks[-1]
    tail = last.spans[-1]
    if tail.footnote or tail.text.endswith("./."):
        return blocks
    text = tail.text.rstrip(".;,") + "./."
    ended = Span(text, bold=tail.bold, italic=tail.italic)
    return [*blocks[:-1], Block(last.style, (*last.spans[:-1], ended))]


def _labelled(part: str, value: str) -> Block:
    """ "Thời gian: <value>." with the label in bold."""
    return Block("para", (Span(f"{LABELS[part]} ", bold=True), *spans(_end(value, "."))))


def _listed(part: str, items: list[str]) -> list[Block]:
    """One item on the label's line; several as "- item;" lines under it."""
    if not items:
        return []
    if len(items) == 1:
        return [_labelled(part, items[0])]
    last = len(items) - 1
    head = Block("para", (Span(LABELS[part], bold=True),))
    return [head, *(_para(f"- {_end(t, '.' if i == last else ';')}") for i, t in enumerate(items))]


def _para(text: str) -> Block:
    return Block("para", spans(text))


def _end(text: str, mark: str) -> str:
    """The text with its final punctuation replaced by *mark*."""
    return text.strip().rstrip(".;,:") + mark
