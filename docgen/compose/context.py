"""Spec + catalog → the render context of one document (pure data, no Word XML)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from docgen.catalog.catalog import Catalog
from docgen.compose.appendix import Appendix, AppendixComposer, check_mentioned
from docgen.compose.closing import KinhGui, Signature, kinh_gui, noi_nhan, signature
from docgen.compose.deadlines import Deadline
from docgen.compose.decision import Decision, compose_decision
from docgen.compose.inline import Span, plain, spans
from docgen.compose.kinds import frame, trich_yeu
from docgen.compose.outline import Block, Outline
from docgen.compose.report import FigureText, ReportComposer
from docgen.compose.scope import Scope
from docgen.compose.text import TextComposer
from docgen.errors import CatalogError, Location
from docgen.i18n import _
from docgen.model.entities import DEPTH, Org, Signer, TaskNode
from docgen.model.spec import BodyBlock, DocumentSpec
from docgen.model.totals import Totals
from docgen.vn.dates import date_line
from docgen.vn.kyhieu import so_line, symbol, type_code, type_title
from docgen.vn.schoolyear import unbroken_years
from docgen.vn.text import suggest, upper


@dataclass(frozen=True)
class Header:
    """Page-1 header: agency column and Quốc hiệu column."""

    chu_quan: tuple[str, ...]
    agency: tuple[str, ...]
    so: str
    vv: str
    date_line: str


@dataclass
class DocContext:
    """Everything a template needs to render one document."""

    name: str
    kind: str
    header: Header
    title: str
    subject: str
    kinh_gui: KinhGui | None
    body: list[Block]
    footnotes: list[tuple[Span, ...]]
    noi_nhan: tuple[str, ...]
    signature: Signature
    symbol: str
    deadlines: list[Deadline] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    appendices: list[Appendix] = field(default_factory=list)
    #: a quyết định's authority line, Căn cứ and articles (its articles are the body too)
    decision: Decision | None = None


def level_below(catalog: Catalog, org: Org) -> str:
    """The level of the organisations directly under *org* (by catalog, else by depth)."""
    kids = catalog.children(org.id)
    if kids:
        return kids[0].level
    below = [lv for lv, d in DEPTH.items() if d == org.depth + 1 and lv != "phong"]
    return below[0] if below else ""


def build_context(
    spec: DocumentSpec,
    catalog: Catalog,
    totals: Totals | None = None,
    *,
    scope: Scope | None = None,
) -> DocContext:
    """Compose one document: header, Kính gửi, body, footnotes, Nơi nhận, signature.
    *totals* are the figures of a report, read by the workflow
    (:func:`docgen.figures.spec_totals`): composing reads no file. *scope* is the run's
    (references it adds, its deadline policy) over *catalog*; without one, the catalog
    alone and the default policy."""
    org = catalog.org(spec.issuer, spec.loc("issuer"))
    catalog = catalog.seen_by(org.id)  # its owners' task lists, milestones and targets
    scope = replace(scope or Scope(catalog), catalog=catalog).of(spec)
    signer = _signer(spec, org)
    check_issuer_unit(spec.unit, org, spec.loc("unit"), "unit")
    parent_org = catalog.orgs.get(org.parent or "")
    if parent_org is not None:
        check_issuer_unit(spec.report_unit, parent_org, spec.loc("report_unit"), "report_unit")
    variables = _variables(spec, org, catalog)
    if totals is not None:
        variables["figure"] = FigureText(catalog, totals)
    texts = TextComposer(
        catalog=catalog,
        scope=scope,
        school_year=spec.school_year,
        level=org.level,
        level_below=level_below(catalog, org),
        org=org,
        variables=variables,
    )
    reports = ReportComposer(catalog, texts.compose, totals, dict(spec.assessments))
    code = type_code(spec.kind)
    number_symbol = symbol(spec.number, org.abbr, type_abbr=code, unit=spec.unit or None)
    subject = trich_yeu(spec.kind, texts.compose(spec.subject, spec.loc("subject")))
    header = Header(
        chu_quan=tuple(upper(x) for x in org.chu_quan),
        agency=tuple(upper(x) for x in (org.header_lines or (org.name,))),
        so=so_line(spec.number, org.abbr, type_abbr=code, unit=spec.unit or None),
        vv="" if code else f"V/v {unbroken_years(subject)}",
        date_line=date_line(org.place, spec.date, spec.year),
    )
    recipients = [_org_name(catalog, r, spec.loc("recipients")) for r in spec.recipients]
    if not recipients and spec.kind == "bao_cao" and org.parent:
        recipients = [catalog.org(org.parent, spec.where).name]  # a report goes up a level
    decision = None
    if spec.decision is not None:
        decision = compose_decision(
            spec.decision,
            org,
            scope,
            texts.compose,
            texts.cited,
            lambda t, w: _org_name(catalog, t, w),
        )
    where = spec.loc("recipients")
    short = [_org_name(catalog, r, where, short=True) for r in spec.recipients]
    shape = frame(spec, org, recipients, short, texts.compose)
    if decision:
        body = list(decision.articles)
    else:
        body = shape.body(_body(spec, catalog, org, texts, reports))
    reports.check_assessments(spec.loc("assessments"))
    levels = {"issuer": org.level, "below": texts.level_below}
    appendices = AppendixComposer(
        spec,
        catalog,
        org,
        texts.compose,
        levels,
        number_symbol,
        policy=scope.deadline_policy,
        files=totals.tables if totals is not None else None,
        keep=_keeper(spec, org),
    ).build()
    if appendices:
        body_text = " ".join(plain(b.spans) for b in body)
        check_mentioned(body_text, appendices, spec.loc("appendices"))
    others = shape.noi_nhan + [
        (_org_name(catalog, c.text, c.where, short=True), c.purpose) for c in spec.cc
    ]
    luu = list(spec.luu) or ([spec.unit] if spec.unit else [])
    closing = noi_nhan(bool(shape.kinh_gui), others, luu, spec.nhu_tren)
    for_collective = shape.for_collective and (not decision or decision.for_collective)
    return DocContext(
        name=spec.name,
        kind=spec.kind,
        header=header,
        title=type_title(spec.kind),
        subject=subject,
        kinh_gui=kinh_gui(shape.kinh_gui),
        body=body,
        footnotes=[spans(t) for t in texts.footnotes],
        noi_nhan=(decision.nhu_dieu, *closing) if decision else closing,
        signature=signature(org, signer, for_collective=for_collective),
        symbol=number_symbol,
        deadlines=texts.deadlines,
        extra=dict(spec.extra),
        appendices=appendices,
        decision=decision,
    )


def _variables(spec: DocumentSpec, org: Org, catalog: Catalog) -> dict[str, Any]:
    sy = spec.school_year
    unit_name = org.units.get(spec.unit, "")
    parent = catalog.orgs.get(org.parent or "")
    return {
        "year": str(sy) if sy else "",
        "year_spaced": sy.label(spaced=True) if sy else "",
        "issuer": _names(org),
        **({"parent": _names(parent)} if parent else {}),
        "unit_name": unit_name,
        "submit_here": _via(org.mention, unit_name),
        "report_to": _via(parent.mention, parent.units.get(spec.report_unit, "")) if parent else "",
        **{k: v for k, v in spec.extra.items() if isinstance(k, str)},
    }


def _names(org: Org) -> dict[str, str]:
    """How a text names an organisation: ``name`` in full, ``short`` ("UBND tỉnh", "Sở
    GDĐT"; the name when it has none) and ``mention`` (how it names itself)."""
    return {"name": org.name, "short": org.short or org.name, "mention": org.mention}


def _via(name: str, unit: str) -> str:
    """ "Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội)"."""
    return f"{name} (qua {unit})" if unit else name


def check_issuer_unit(unit: str, org: Org, where: Location, key: str) -> None:
    """*unit* (a spec's ``unit:`` or ``report_unit:``), if it is one of *org*'s units."""
    if not unit or unit in org.units:
        return
    guess = suggest(unit, org.units)
    known = ", ".join(f"{k} ({v})" for k, v in org.units.items())
    maybe = f"did you mean '{guess}'? " if guess else ""
    raise CatalogError(
        _("{key} '{unit}' is not a unit of '{id}'").format(key=key, unit=unit, id=org.id),
        where=where,
        hint=_("{maybe}units of {id}: {known}").format(maybe=maybe, id=org.id, known=known)
        if known
        else _(
            "{id} has no units in the catalog: add them under its units:, or leave '{key}' out"
        ).format(id=org.id, key=key),
    )


def _signer(spec: DocumentSpec, org: Org) -> Signer:
    ref = spec.signer
    known = ", ".join(f"{s.id} ({s.title} {s.name})" for s in org.signers) or _("none")
    if ref.id is None and not ref.name and not ref.title:
        raise CatalogError(
            _("the spec names no signer"),
            where=ref.where,
            hint=_("add 'signer: <id>'; signers of {id}: {known}").format(id=org.id, known=known),
        )
    if ref.id is None:
        return Signer(id="", name=ref.name, title=ref.title, role=ref.role, where=ref.where)
    found = org.signer(ref.id)
    if found is None:
        guess = suggest(ref.id, [s.id for s in org.signers])
        maybe = f"did you mean '{guess}'? " if guess else ""
        raise CatalogError(
            _("'{id}' is not a signer of '{id2}'").format(id=ref.id, id2=org.id),
            where=ref.where,
            hint=_("{maybe}signers of {id}: {known}").format(maybe=maybe, id=org.id, known=known),
        )
    return found


def _org_name(catalog: Catalog, text: str, where: Location, short: bool = False) -> str:
    """An org id becomes the org's name (short name in Nơi nhận); other text is literal."""
    if " " in text or not text.islower():
        return text
    org = catalog.org(text, where)
    return (org.short or org.name) if short else org.name


def _body(
    spec: DocumentSpec,
    catalog: Catalog,
    org: Org,
    texts: TextComposer,
    reports: ReportComposer | None = None,
) -> list[Block]:
    outline = Outline(compose=texts.compose, keep=_keeper(spec, org))
    blocks: list[Block] = []
    for block in spec.body:
        if block.kind == "table" and reports is not None:
            blocks += reports.blocks(block, outline)
        else:
            blocks += _block(block, catalog, outline)
    return blocks


def _keeper(spec: DocumentSpec, org: Org) -> Callable[[TaskNode], bool]:
    """Whether a task node applies to the issuer (its level, school types and year)."""
    year = spec.school_year

    def keep(node: TaskNode) -> bool:
        if year is None:
            return not node.levels or org.level in node.levels
        return node.applies(org.level, year, org.school_types)

    return keep


def _block(block: BodyBlock, catalog: Catalog, outline: Outline) -> list[Block]:
    if block.kind == "text":
        return [outline.paragraph(block.text, block.where, block.style)]
    if block.kind == "section" and block.node is not None:
        return outline.section(block.node)
    task_list = catalog.task_list(block.task_list, block.where)
    wanted = block.sections
    known = {s.id for s in task_list.sections}
    for sid in wanted:
        if sid not in known:
            raise CatalogError(
                _("task list '{id}' has no section '{sid}'").format(id=task_list.id, sid=sid),
                where=block.where,
                hint=_("sections: {known}").format(known=", ".join(sorted(known))),
            )
    nodes = {node.id for node in task_list.walk()} if block.exclude else set()
    for item in block.exclude:
        if item not in nodes:
            raise CatalogError(
                _("task list '{id}' has no item '{item}' to exclude").format(
                    id=task_list.id, item=item
                ),
                where=block.where,
                hint=_closest(item, nodes),
            )
    skip = frozenset(block.exclude)
    out: list[Block] = []
    for section in task_list.sections:
        if not wanted or section.id in wanted:
            out += outline.section(section, skip)
    return out


def _closest(item: str, ids: set[str]) -> str:
    guess = suggest(item, ids)
    return (
        _("did you mean '{guess}'?").format(guess=guess)
        if guess
        else _("item ids are the 'id:' of the task list")
    )
