"""Catalog entities: organisations, signers, legal references, task outlines, milestones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from docgen.errors import Location
from docgen.vn.schoolyear import SchoolYear

NOWHERE = Location("<built-in>")

#: Administrative levels from the top down. ``phong`` (district Phòng GDĐT, dissolved 2025)
#: and ``xa`` (UBND xã, its successor for schools) sit at the same depth.
LEVELS: tuple[str, ...] = ("bo", "so", "phong", "xa", "truong")
DEPTH: dict[str, int] = {"bo": 0, "so": 1, "phong": 2, "xa": 2, "truong": 3}

#: Signer roles → authority prefix (NĐ30 Điều 13): head signs in own right, deputy KT.,
#: acting head Q., by order TL., by authorisation TUQ.
ROLES: dict[str, str] = {
    "head": "",
    "deputy": "KT.",
    "acting": "Q.",
    "by_order": "TL.",
    "authorised": "TUQ.",
}

SCHOOL_TYPES: tuple[str, ...] = (
    "mn",
    "th",
    "thcs",
    "thpt",
    "th-thcs",
    "thcs-thpt",
    "gdtx",
    "gdnn-gdtx",
)


@dataclass(frozen=True)
class OrgType:
    """A kind of organisation within a level (a xã, a phường, a đặc khu): cascade profiles
    may word a document differently for each (``cascade: - {id: xa, type: phuong, …}``)."""

    id: str
    name: str
    where: Location = NOWHERE


@dataclass(frozen=True)
class Level:
    """A level of the hierarchy, the lead time its deadlines get below its parent's and the
    types of organisation it has (the first is the default)."""

    id: str
    name: str
    lead_working_days: int = 0
    where: Location = NOWHERE
    types: tuple[OrgType, ...] = ()


@dataclass(frozen=True)
class YearRange:
    """School years an item is valid for; open ends are ``None``."""

    first: SchoolYear | None = None
    last: SchoolYear | None = None

    def contains(self, year: SchoolYear) -> bool:
        """True when *year* lies in the range."""
        if self.first is not None and year < self.first:
            return False
        return not (self.last is not None and year > self.last)


@dataclass(frozen=True)
class Signer:
    """A person who signs for an organisation."""

    id: str
    name: str
    title: str
    role: str = "head"
    where: Location = NOWHERE


@dataclass(frozen=True)
class Org:
    """An organisation of the hierarchy (Bộ, Sở, UBND xã, Phòng, trường)."""

    id: str
    name: str
    level: str
    abbr: str
    place: str
    parent: str | None = None
    short: str = ""
    chu_quan: tuple[str, ...] = ()
    header_lines: tuple[str, ...] = ()
    collective: str | None = None
    head_title: str = ""
    self_name: str = ""
    units: dict[str, str] = field(default_factory=dict)
    signers: tuple[Signer, ...] = ()
    school_types: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    #: the unit of the successor that took over the duties (a dissolved Phòng GDĐT's went
    #: to the Phòng Văn hóa - Xã hội, ``VHXH``, of a UBND xã)
    successor_unit: str | None = None
    where: Location = NOWHERE
    #: its type within its level (``phuong``); "" — said by its name, else the level's first
    type: str = ""

    @property
    def depth(self) -> int:
        """Depth of the level in the hierarchy (Bộ = 0)."""
        return DEPTH[self.level]

    @property
    def mention(self) -> str:
        """How the organisation names itself in its own text ("Ủy ban nhân dân xã")."""
        return self.self_name or self.short or self.name

    def signer(self, signer_id: str) -> Signer | None:
        """The signer with this id, if the organisation has one."""
        return next((s for s in self.signers if s.id == signer_id), None)

    def exists_on(self, day: date) -> bool:
        """True when the organisation exists on *day*."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)

    def exists_during(self, first: date, last: date) -> bool:
        """True when the organisation exists on some day from *first* to *last*."""
        if self.valid_from is not None and last < self.valid_from:
            return False
        return not (self.valid_to is not None and first > self.valid_to)


@dataclass(frozen=True)
class Reference:
    """A legal or administrative document that others cite."""

    id: str
    type: str
    number: str
    issuer: str
    date: date | None = None
    #: the issuer as a citation writes it with ``issuer="short"`` ("UBND tỉnh Kon Tum"),
    #: when no organisation of the catalog has the issuer's name and a ``short``
    issuer_short: str = ""
    subject: str = ""
    status: str = "in_force"
    superseded_by: str | None = None
    tags: tuple[str, ...] = ()
    where: Location = NOWHERE


@dataclass(frozen=True)
class TaskNode:
    """One node of a task outline: a section, an item or a point.

    ``title`` is a bold numbered heading, ``text`` the (numbered when untitled) paragraph,
    ``intro``/``outro`` unnumbered paragraphs around the children; ``bullets`` says whether
    children are numbered (``auto``) or written as dashes (``dash``).
    """

    id: str
    title: str = ""
    text: str = ""
    intro: tuple[str, ...] = ()
    outro: tuple[str, ...] = ()
    children: tuple[TaskNode, ...] = ()
    bullets: str = "auto"
    levels: tuple[str, ...] = ()
    school_types: tuple[str, ...] = ()
    years: YearRange = YearRange()
    refs: tuple[str, ...] = ()
    where: Location = NOWHERE

    def applies(self, level: str, year: SchoolYear, school_types: tuple[str, ...] = ()) -> bool:
        """True when the node is meant for this level, year and school types."""
        if self.levels and level not in self.levels:
            return False
        if not self.years.contains(year):
            return False
        if self.school_types and school_types:
            return bool(set(self.school_types) & set(school_types))
        return True


@dataclass(frozen=True)
class TaskList:
    """A named outline of sections → items → points."""

    id: str
    title: str
    sections: tuple[TaskNode, ...]
    where: Location = NOWHERE
    #: the organisation it belongs to ("": shared by every document)
    owner: str = ""

    def walk(self) -> list[TaskNode]:
        """Every node, depth first."""
        out: list[TaskNode] = []
        stack = list(reversed(self.sections))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out


@dataclass(frozen=True)
class DeadlineCase:
    """A milestone's deadline for the units of a level that have one of ``school_types``
    and/or report to an organisation of level ``report_to``: a date of their own, or a lead
    time (working days) before the deadline of the level they report to."""

    level: str
    school_types: tuple[str, ...] = ()
    report_to: str = ""
    day: date | None = None
    lead_working_days: int | None = None
    where: Location = NOWHERE

    def matches(self, level: str, school_types: tuple[str, ...], report_to: str) -> bool:
        """True when the case is meant for a unit of *level* with these school types,
        reporting to an organisation of level *report_to*."""
        if level != self.level:
            return False
        if self.school_types and not set(self.school_types) & set(school_types):
            return False
        return not (self.report_to and self.report_to != report_to)


@dataclass(frozen=True)
class Milestone:
    """A reporting milestone of one school year with a deadline per level; ``leads``
    overrides a level's lead time for this milestone, ``cases`` give some units of a level
    a deadline of their own (the first that matches wins)."""

    id: str
    title: str
    school_year: SchoolYear
    deadlines: dict[str, date]
    where: Location = NOWHERE
    #: the organisation it belongs to ("": shared by every document)
    owner: str = ""
    leads: dict[str, int] = field(default_factory=dict)
    cases: tuple[DeadlineCase, ...] = ()


@dataclass(frozen=True)
class Measure:
    """A target is met on this figure when its share reaches ``threshold`` (≥, exactly)."""

    figure: str
    threshold: Fraction
    where: Location = NOWHERE


@dataclass(frozen=True)
class Target:
    """A quantitative target (e.g. of Quyết định 131/QĐ-TTg): a share to reach.

    ``measures`` (figure id, threshold) say how a report computes whether it is met; a
    target without measures cannot be computed and is assessed by the report's author.
    ``lines`` are further lines of its text ("- 100% người học …").
    """

    id: str
    text: str
    threshold: float
    ref: str | None = None
    where: Location = NOWHERE
    measures: tuple[Measure, ...] = ()
    lines: tuple[str, ...] = ()
    #: the organisation it belongs to ("": shared by every document)
    owner: str = ""

    @property
    def computed(self) -> bool:
        """True when the result follows from figures."""
        return bool(self.measures)
