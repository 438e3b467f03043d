"""What a kind changes in a document's frame: the trích yếu ("Về việc …" of a tờ trình),
who is addressed where (Kính gửi, the invitation's list, Nơi nhận), and the blocks a kind
adds around the spec's body (a tờ trình's "… kính trình … xem xét, quyết định./.", a giấy
mời's meeting). Pure: composed names in, the frame out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docgen.compose.inline import spans
from docgen.compose.invitation import close, invitation
from docgen.compose.outline import Block
from docgen.errors import CatalogError, Location
from docgen.i18n import _
from docgen.model.entities import Org
from docgen.model.kinds import Submission
from docgen.model.spec import DocumentSpec

Compose = Callable[[str, Location], str]
#: kinds whose trích yếu reads "Về việc …"
ABOUT_KINDS = ("to_trinh",)
#: kinds with no Kính gửi: their recipients are listed under Nơi nhận
UNADDRESSED_KINDS = ("thong_bao", "giay_moi")
#: the first Nơi nhận line of a giấy mời (its guests are named in the body)
AS_INVITED = "Như thành phần mời"


@dataclass(frozen=True)
class Frame:
    """Kính gửi names, blocks before and after the spec's body, Nơi nhận lines before the
    ``cc:`` ones (as ``(text, purpose)``)."""

    kinh_gui: list[str]
    before: list[Block] = field(default_factory=list)
    after: list[Block] = field(default_factory=list)
    noi_nhan: list[tuple[str, str]] = field(default_factory=list)

    #: False: the issuer's head signs in his own right (no "TM. <collective>" line)
    for_collective: bool = True

    def body(self, blocks: list[Block]) -> list[Block]:
        """The whole body: the kind's blocks around the spec's."""
        whole = [*self.before, *blocks, *self.after]
        return close(whole) if self.before and not blocks and not self.after else whole


def trich_yeu(kind: str, subject: str) -> str:
    """The trích yếu under the tên loại: a tờ trình's reads "Về việc …"."""
    if kind in ABOUT_KINDS and not subject.lower().startswith("về "):
        return f"Về việc {subject}"
    return subject


def frame(
    spec: DocumentSpec,
    org: Org,
    recipients: list[str],
    short: list[str],
    compose: Compose,
) -> Frame:
    """The frame of *spec*'s kind; *recipients* are the spec's recipients by their names,
    *short* the same by their short names (for Nơi nhận)."""
    own = spec.for_collective
    if spec.kind == "to_trinh":
        if not recipients:
            raise CatalogError(
                _("a tờ trình names no recipient"),
                where=spec.where,
                hint=_(
                    "add 'recipients:' with the level above it submits to, e.g. Chủ tịch Ủy ban "
                    "nhân dân tỉnh"
                ),
            )
        closing = _submission(spec, org, recipients, compose)
        return Frame(recipients, after=[closing], for_collective=own)
    if spec.kind == "thong_bao":
        return Frame([], noi_nhan=[(name, "") for name in short], for_collective=own)
    if spec.kind == "giay_moi":
        if spec.meeting is None:
            raise CatalogError(
                _("a giấy mời names no meeting"),
                where=spec.where,
                hint=_("add 'meeting:' with date:, time: (HH:MM) and place:"),
            )
        blocks = invitation(spec.meeting, org.mention, recipients, compose, spec.loc("recipients"))
        return Frame(
            [], before=blocks, noi_nhan=[(AS_INVITED, spec.nhu_tren.purpose)], for_collective=own
        )
    return Frame(recipients)


def _submission(spec: DocumentSpec, org: Org, recipients: list[str], compose: Compose) -> Block:
    """ "<issuer> kính trình <to> <asks>./."."""
    sub = spec.submission or Submission(where=spec.where)
    to = compose(sub.to, sub.loc("to")) if sub.to else ""
    if not to:
        if len(recipients) != 1:
            raise CatalogError(
                _("a tờ trình is submitted to one recipient, and this one has {count}").format(
                    count=len(recipients)
                ),
                where=spec.loc("recipients"),
                hint=_(
                    "give one 'recipients:' (the level above), or say whom the closing names with "
                    "'kinh_trinh: {to: …}'"
                ),
            )
        to = recipients[0]
    asks = compose(sub.asks, sub.loc("asks")) if sub.asks else ""
    text = f"{org.mention} kính trình {to.strip().rstrip('.;,')}"
    if asks:
        text += f" {asks.strip().rstrip('.;,')}"
    return Block("para", spans(text + "./."))
