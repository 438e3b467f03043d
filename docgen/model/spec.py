"""A document spec: what one document says beyond what the catalogs know."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docgen.errors import Location
from docgen.model.appendix import AppendixSpec
from docgen.model.decision import DecisionSpec
from docgen.model.entities import NOWHERE, TaskNode
from docgen.model.kinds import Meeting, Submission
from docgen.vn.schoolyear import SchoolYear

KINDS: tuple[str, ...] = (
    "cong_van",
    "ke_hoach",
    "bao_cao",
    "quyet_dinh",
    "to_trinh",
    "thong_bao",
    "giay_moi",
)
#: the parts of a report's theme (spec key → heading), in the order a báo cáo writes them
THEME_PARTS: tuple[tuple[str, str], ...] = (
    ("ket_qua", "Kết quả đạt được:"),
    ("kho_khan", "Khó khăn:"),
    ("nguyen_nhan", "Nguyên nhân:"),
    ("kho_khan_nguyen_nhan", "Khó khăn và nguyên nhân:"),
    ("giai_phap", "Giải pháp:"),
)


@dataclass(frozen=True)
class SignerRef:
    """Who signs: a catalog signer id, or a one-off person written in the spec."""

    id: str | None = None
    name: str = ""
    title: str = ""
    role: str = "head"
    where: Location = NOWHERE


@dataclass(frozen=True)
class NhuTren:
    """The first Nơi nhận line, for the recipients of the Kính gửi (NĐ30 ô 9b): "- Như
    trên;" (the default) or "- Như kính gửi;", with an optional purpose "(thực hiện)".
    ``line`` is what follows "Như"; "" writes no such line. (A quyết định's "- Như Điều
    N;" is made from its executors, not from this.)"""

    line: str = "trên"
    purpose: str = ""


@dataclass(frozen=True)
class CcEntry:
    """One Nơi nhận line: an org id or free text, with an optional purpose "(để b/c)"."""

    text: str
    purpose: str = ""
    where: Location = NOWHERE


@dataclass(frozen=True)
class BodyBlock:
    """One block of the body, in order.

    ``kind`` is ``text`` (a paragraph; ``style`` para/heading/basis), ``section`` (a numbered
    section written in the spec, ``node``; a report's ``themes:`` become one), ``tasks``
    (sections of a catalog task list, less the items named in ``exclude``) or ``table`` (a
    report table of the catalog, ``table``, under the heading ``text`` or the table's own
    title).
    """

    kind: str
    text: str = ""
    style: str = "para"
    node: TaskNode | None = None
    task_list: str = ""
    sections: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    where: Location = NOWHERE
    table: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    """Everything one document needs besides the catalogs."""

    name: str
    kind: str
    issuer: str
    signer: SignerRef
    subject: str
    year: int
    school_year: SchoolYear | None = None
    number: int | None = None
    date: date | None = None
    unit: str = ""
    report_unit: str = ""
    recipients: tuple[str, ...] = ()
    nhu_tren: NhuTren = NhuTren()
    cc: tuple[CcEntry, ...] = ()
    luu: tuple[str, ...] = ()
    body: tuple[BodyBlock, ...] = ()
    template: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    where: Location = NOWHERE
    at: dict[str, Location] = field(default_factory=dict)
    data: str = ""
    assessments: dict[str, str] = field(default_factory=dict)
    appendices: tuple[AppendixSpec, ...] = ()
    #: reference id → id cited in its place (``cite_instead:``, written by docgen rollover
    #: when a task item of the catalog cites a superseded reference)
    cite_instead: dict[str, str] = field(default_factory=dict)
    #: a quyết định's authority, Căn cứ, articles and executors (None for other kinds)
    decision: DecisionSpec | None = None
    #: a tờ trình's closing (``kinh_trinh:``) and a giấy mời's meeting (``meeting:``)
    submission: Submission | None = None
    meeting: Meeting | None = None
    #: False: the issuer's head signs in his own right, without "TM. <collective>"
    for_collective: bool = True

    @property
    def schedules(self) -> tuple[str, ...]:
        """The catalog schedules the spec's appendices show, in order."""
        return tuple(s for appendix in self.appendices for s in appendix.schedules())

    def loc(self, key: str) -> Location:
        """Where the value of *key* was written (the spec itself when unknown)."""
        return self.at.get(key, self.where)
