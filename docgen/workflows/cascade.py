"""Cascade a document down the hierarchy: from one organisation's document, derive the
document of every organisation below it, level by level.

A child's spec is derived from its parent's (:func:`derive_spec`): it keeps the parent's task
lists (the child's level, school types and year pick the items), cites the parent's document
in its basis, and takes what is particular to its level or to itself — kind, drafting unit,
signer, Kính gửi, Nơi nhận, opening and closing texts — from the catalog's cascade profiles
(``cascade:``). Each document is then composed by one function ``(spec, catalog, totals,
scope) → DocContext`` (the totals: a report's figures, read here, never while composing; the
scope: the run's references and deadline policy) and rendered; deadlines per organisation are
computed for the manifest.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Protocol

from docgen.catalog.catalog import Catalog, document_day
from docgen.compose.context import DocContext, build_context
from docgen.compose.deadlines import Deadline, check_policy, deadline, unit_of
from docgen.compose.scope import Scope
from docgen.errors import CatalogError, DocgenError, combined, flatten
from docgen.figures import spec_totals
from docgen.i18n import N_, _, ngettext
from docgen.model.cascade import CascadeProfile
from docgen.model.entities import DEPTH, LEVELS, Milestone, Org, Reference
from docgen.model.spec import BodyBlock, CcEntry, DocumentSpec, NhuTren, SignerRef
from docgen.model.totals import Totals
from docgen.render.batch import Job, iter_render
from docgen.render.templates import find_template
from docgen.vn.dates import BLANK
from docgen.vn.kyhieu import canonical_type
from docgen.vn.schoolyear import SchoolYear
from docgen.workflows.files import Outputs

#: gives a spec its number and day before it is composed (an issuing cascade), or None
Prepare = Callable[[DocumentSpec, Scope], DocumentSpec]


class Compose(Protocol):
    """Composes one document (:func:`~docgen.compose.context.build_context`)."""

    def __call__(
        self,
        spec: DocumentSpec,
        catalog: Catalog,
        totals: Totals | None = None,
        *,
        scope: Scope | None = None,
    ) -> DocContext: ...


#: ``cite("@parent" …)`` in a profile's texts
_PARENT_CALL = re.compile(r"""(["'])@parent\1""")

#: what a level writes when no profile says otherwise
DEFAULT_BODY: tuple[BodyBlock, ...] = (
    BodyBlock(
        kind="text",
        text='Căn cứ {{ cite("@parent", "long") }}; {{ issuer.mention }} triển khai nội dung '
        "như sau:",
    ),
    BodyBlock(kind="tasks", task_list="@parent"),
)


def default_profile(level: str) -> CascadeProfile:
    """Built-in settings under every profile: a school writes a kế hoạch, others a công văn
    to their subordinates, copied to their parent "(để b/c)"."""
    return CascadeProfile(
        id=level,
        kind="ke_hoach" if level == "truong" else "cong_van",
        recipients=("@unit", "@children"),
        cc=(CcEntry("@parent", "để b/c"),),
        body=DEFAULT_BODY,
    )


@dataclass(frozen=True)
class Planned:
    """One document of the cascade as the manifest lists it. Its text is not kept: a cascade
    of any size holds no documents in memory (:func:`write_cascade` composes them again)."""

    org: Org
    kind: str
    parent: str | None
    file: Path
    template: Path
    deadlines: tuple[Deadline, ...] = ()


@dataclass(frozen=True)
class _Composed:
    """One document while the cascade walks down to it: its spec and its context (what its
    children's specs are derived from), and where it goes."""

    org: Org
    spec: DocumentSpec
    context: DocContext
    parent: str | None
    file: Path
    template: Path

    def planned(self) -> Planned:
        return Planned(self.org, self.spec.kind, self.parent, self.file, self.template)


@dataclass
class _Walk:
    """What walking the cascade down needs; the same walk is made to plan and to write."""

    root: DocumentSpec
    scope: Scope  # the catalog and the policy; each document's children add it to theirs
    down_to: str
    compose: Compose
    base: Path
    #: the root's figures, read once for both walks (the documents below name no data)
    root_totals: Totals | None = None
    #: numbers each document before it is composed (``docgen cascade --issue``)
    prepare: Prepare | None = None
    #: the template of each (kind, template, folder), found once
    templates: dict[tuple[str, str, Path], Path] = field(default_factory=dict)

    def template(self, spec: DocumentSpec, base: Path) -> Path:
        key = (spec.kind, spec.template, base)
        if key not in self.templates:
            self.templates[key] = find_template(spec.kind, spec.template, base)
        return self.templates[key]


@dataclass
class CascadePlan:
    """Every document of a cascade in writing order (level by level), and what a person
    should look at: organisations skipped, blank signatures, drafts cited, days off."""

    root: str
    down_to: str
    walk: _Walk = field(repr=False)
    docs: list[Planned] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: organisations whose document has no signer's name (the catalog knows none)
    unsigned: list[str] = field(default_factory=list)
    #: organisations whose draft (no number, no date yet) the documents below cite
    cited_drafts: list[str] = field(default_factory=list)
    #: the milestones the documents mention: id → title
    milestones: dict[str, str] = field(default_factory=dict)
    school_year: SchoolYear | None = None

    def levels(self) -> Counter[str]:
        """Documents per level."""
        return Counter(d.org.level for d in self.docs)

    def report(self) -> list[str]:
        """What a person should look at, one line per kind of case."""
        lines = list(self.notes)
        if self.unsigned:
            count = len(self.unsigned)
            lines.append(
                ngettext(
                    "{count} organisation without a signer in the catalog (the name is left "
                    "blank): {ids}",
                    "{count} organisations without a signer in the catalog (the name is left "
                    "blank): {ids}",
                    count,
                ).format(count=count, ids=_some(self.unsigned))
            )
        if self.cited_drafts:
            count = len(self.cited_drafts)
            lines.append(
                ngettext(
                    "{count} draft cited without number and date by the documents below (fill "
                    "these in once issued): {ids}",
                    "{count} drafts cited without number and date by the documents below (fill "
                    "these in once issued): {ids}",
                    count,
                ).format(count=count, ids=_some(self.cited_drafts))
            )
        return lines


def _some(ids: list[str], shown: int = 5) -> str:
    more = _(" and {count} more").format(count=len(ids) - shown) if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


# -- deriving a child's spec ---------------------------------------------------------------


def derive_spec(
    parent: DocumentSpec,
    parent_ref: str,
    child: Org,
    catalog: Catalog,
    children: Iterable[Org] = (),
) -> DocumentSpec:
    """The spec of *child*'s document, derived from the spec *parent* of its parent's
    document (cited by the reference id *parent_ref*) and the child's cascade profile;
    *children* are the child's own subordinates (its Kính gửi).

    A typed document (kế hoạch) carries no unit in its ký hiệu: its drafting unit, if the
    profile names one, goes to the "Lưu" line.
    """
    profile = catalog.cascade_profile(child).over(default_profile(child.level))
    where = profile.where if profile.where.file != "<built-in>" else parent.where
    kind = profile.kind or "cong_van"
    unit = profile.unit or ""
    if unit and unit not in child.units:
        raise CatalogError(
            _("'{id}' has no unit '{unit}' (its cascade profile names it)").format(
                id=child.id, unit=unit
            ),
            where=profile.where,
            hint=_("add it under the organisation's units ({value})").format(
                value=", ".join(child.units) or "none"
            ),
        )
    if kind == "cong_van" and not unit:
        raise CatalogError(
            _("the công văn of '{id}' needs a drafting unit").format(id=child.id),
            where=child.where,
            hint=_("add 'unit: …' to a cascade profile of '{id}' or of '{level}'").format(
                id=child.id, level=child.level
            ),
        )
    parent_org = catalog.org(child.parent or "", child.where)
    tokens = _Tokens(parent_org, child, unit, tuple(o.id for o in children))
    return DocumentSpec(
        name=child.id,
        kind=kind,
        issuer=child.id,
        signer=_signer(child, profile),
        subject=profile.subject or parent.subject,
        year=parent.date.year if parent.date else parent.year,
        school_year=parent.school_year,
        unit=unit if kind == "cong_van" else "",
        report_unit=parent.unit if profile.report_unit is None else profile.report_unit,
        recipients=tokens.names(profile.recipients or ()),
        nhu_tren=profile.nhu_tren or NhuTren(),
        cc=tokens.cc(profile.cc or ()),
        luu=profile.luu or ((unit,) if unit and kind != "cong_van" else ()),
        body=_body(profile.body or (), parent, parent_ref),
        template=profile.template or "",
        path=where.file,
        where=where,
    )


@dataclass(frozen=True)
class _Tokens:
    parent: Org
    child: Org
    unit: str
    children: tuple[str, ...]

    def names(self, entries: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        for entry in entries:
            if entry == "@children":
                out += self.children
            elif entry == "@unit":
                out += [self.child.units[self.unit]] if self.unit else []
            elif entry == "@parent":
                out.append(self.parent.id)
            else:
                out.append(entry)
        return tuple(out)

    def cc(self, entries: Iterable[CcEntry]) -> tuple[CcEntry, ...]:
        return tuple(
            replace(entry, text=name) for entry in entries for name in self.names([entry.text])
        )


def _signer(child: Org, profile: CascadeProfile) -> SignerRef:
    """The profile's signer, else the organisation's first; none known: a blank name."""
    if profile.signer:
        return SignerRef(id=profile.signer, where=profile.where)
    if child.signers:
        return SignerRef(id=child.signers[0].id, where=child.where)
    return SignerRef(title=child.head_title, where=child.where)


def _body(
    blocks: Iterable[BodyBlock], parent: DocumentSpec, parent_ref: str
) -> tuple[BodyBlock, ...]:
    out: list[BodyBlock] = []
    quoted = '"' + parent_ref.replace('"', "") + '"'
    for block in blocks:
        if block.kind == "tasks" and block.task_list == "@parent":
            out += [b for b in parent.body if b.kind == "tasks"]
        elif block.kind == "text":
            out.append(replace(block, text=_PARENT_CALL.sub(quoted, block.text)))
        else:
            out.append(block)
    return tuple(out)


# -- the parent's document as its children cite it ----------------------------------------


def parent_reference(
    spec: DocumentSpec, ctx: DocContext, org: Org, catalog: Catalog
) -> tuple[Reference, str]:
    """The reference children cite the document by, and a note on it ("" if none).

    An issued document the catalog knows (same number/ký hiệu) is cited as the catalog has
    it; otherwise it is described from the spec — a draft with its number and date blank.
    """
    known = catalog.references.get(ctx.symbol) if spec.number is not None else None
    if known is not None:
        note = ""
        if spec.date is not None and known.date != spec.date:
            note = _(
                "{symbol}: the catalog dates it {date}, the spec {date2}; its children "
                "cite the catalog's date"
            ).format(symbol=ctx.symbol, date=known.date, date2=spec.date)
        return known, note
    subject = ctx.subject[:1].lower() + ctx.subject[1:]
    if spec.number is not None:
        number, ref_id, note = ctx.symbol, ctx.symbol, ""
    else:
        number, ref_id, note = BLANK[1:] + ctx.symbol, f"{ctx.symbol}@{org.id}", ""
    ref = Reference(
        id=ref_id,
        type=canonical_type(spec.kind),
        number=number,
        issuer=org.name,
        date=spec.date,
        subject=f"về việc {subject}",
        where=spec.where,
    )
    return ref, note


# -- planning the whole cascade ------------------------------------------------------------


def plan_cascade(
    root: DocumentSpec,
    catalog: Catalog,
    down_to: str,
    *,
    policy: str = "previous",
    compose: Compose = build_context,
    template_base: Path | None = None,
    on_doc: Callable[[Planned], None] | None = None,
    prepare: Prepare | None = None,
) -> CascadePlan:
    """Compose the root document and the documents of every organisation below its issuer
    down to level *down_to*; every problem is collected and raised together.

    Each document is composed and let go (only what the manifest lists is kept), so memory
    does not grow with the documents' text; :func:`write_cascade` composes them again.
    """
    scope = Scope(catalog, deadline_policy=check_policy(policy))
    root_org = catalog.org(root.issuer, root.loc("issuer"))
    _check_level(down_to, root_org)
    base = template_base or (Path(root.path).parent if root.path else Path.cwd())
    walk = _Walk(root, scope, down_to, compose, base, spec_totals(root, catalog), prepare)
    plan = CascadePlan(root=root_org.id, down_to=down_to, school_year=root.school_year, walk=walk)
    errors: list[DocgenError] = []
    mentioned: dict[str, None] = {}  # milestone ids, in the order the documents name them
    for doc in _documents(walk, plan, errors):
        planned = doc.planned()
        plan.docs.append(planned)
        mentioned.update(dict.fromkeys(d.milestone for d in doc.context.deadlines))
        if not doc.spec.signer.id and not doc.spec.signer.name:
            plan.unsigned.append(doc.org.id)
        if on_doc is not None:
            on_doc(planned)
    if errors:
        raise _grouped(errors)
    plan.docs.sort(key=lambda d: d.org.depth)  # level by level (stable: the walk's order)
    _deadlines(plan, scope, list(mentioned))
    return plan


def _documents(walk: _Walk, plan: CascadePlan, errors: list[DocgenError]) -> Iterator[_Composed]:
    """The root's document, then depth first each child's and those below it. Notes go to
    *plan*, a child whose document cannot be composed to *errors* (the walk goes on)."""
    on_day = document_day(walk.root.date, walk.root.school_year, walk.root.year)
    first = _composed(walk.root, walk, walk.scope, None, walk.base)
    yield first
    yield from _below(first, walk, walk.scope, plan, errors, on_day)


def _below(
    parent: _Composed,
    walk: _Walk,
    scope: Scope,
    plan: CascadePlan,
    errors: list[DocgenError],
    on_day: date,
) -> Iterator[_Composed]:
    work = scope.catalog
    below = [o for o in work.children(parent.org.id) if DEPTH[o.level] <= DEPTH[walk.down_to]]
    if not below:
        return
    ref, note = parent_reference(parent.spec, parent.context, parent.org, work)
    scope = scope.citing({ref.id: ref})
    if note:
        plan.notes.append(note)
    if parent.spec.number is None:
        plan.cited_drafts.append(parent.org.id)
    for child in below:
        if not child.exists_on(on_day):
            plan.notes.append(_gone(child, on_day, work))
            continue
        try:
            grandchildren = work.children(child.id, on_day)
            spec = derive_spec(parent.spec, ref.id, child, work, grandchildren)
            done = _composed(spec, walk, scope, parent.org.id, Path(spec.path).parent)
        except DocgenError as exc:
            errors.append(exc.about(child.id))
            continue
        yield done
        yield from _below(done, walk, scope, plan, errors, on_day)


def _composed(
    spec: DocumentSpec, walk: _Walk, scope: Scope, parent: str | None, base: Path
) -> _Composed:
    org = scope.catalog.org(spec.issuer, spec.loc("issuer"))
    root = spec is walk.root
    if walk.prepare is not None:
        spec = walk.prepare(spec, scope)
    totals = walk.root_totals if root and spec is walk.root else spec_totals(spec, scope.catalog)
    ctx = walk.compose(spec, scope.catalog, totals, scope=scope)
    template = walk.template(spec, base)
    file = Path(org.level) / f"{org.id}.docx"
    return _Composed(org, spec, ctx, parent, file, template)


def _check_level(down_to: str, root: Org) -> None:
    if down_to not in LEVELS:
        raise DocgenError(
            _("unknown level '{down_to}'").format(down_to=down_to),
            hint=_("use one of: {levels}").format(levels=", ".join(LEVELS)),
        )
    if DEPTH[down_to] <= root.depth:
        below = [lv for lv in LEVELS if DEPTH[lv] > root.depth]
        raise DocgenError(
            _("'{down_to}' is not below '{id}' ({level})").format(
                down_to=down_to, id=root.id, level=root.level
            ),
            hint=_("use one of: {below}").format(below=", ".join(below))
            if below
            else _("nothing is below it"),
        )


def _gone(org: Org, day: date, catalog: Catalog) -> str:
    when = (
        _("ended {day}").format(day=org.valid_to)
        if org.valid_to and day > org.valid_to
        else _("starts {day}").format(day=org.valid_from)
    )
    text = _("{id}: skipped, it does not exist on {day} ({when})").format(
        id=org.id, day=day, when=when
    )
    successor = next(catalog.successors(org), None)
    if successor is not None:
        text += _("; its successor is {id}").format(id=successor.id)
    return text


def _grouped(errors: list[DocgenError]) -> DocgenError:
    """One line per distinct problem: the same mistake in 1,000 schools is said once, with
    the documents it stopped."""
    groups: dict[tuple[str, str | None, int | None, str | None], DocgenError] = {}
    for err in flatten(errors):
        key = (err.message, err.file, err.line, err.hint)
        groups[key] = groups[key].about(*err.documents) if key in groups else err
    return combined(groups.values())


# -- deadlines per organisation ------------------------------------------------------------


def _deadlines(plan: CascadePlan, scope: Scope, milestones: list[str]) -> None:
    """Each organisation's deadline for every milestone the documents mention (as its own
    owners date it, for its school types and the level it reports to), and a note for each
    (milestone, level, case) whose date is on a day off or was moved off one."""
    year = plan.school_year
    if year is None or not milestones:
        return
    catalog = scope.catalog
    by_unit: dict[tuple[object, ...], Deadline | None] = {}
    counts: Counter[tuple[object, ...]] = Counter()
    for i, doc in enumerate(plan.docs):
        seen = catalog.seen_by(doc.org.id)
        school_types, report_to = unit_of(catalog, doc.org)
        found: list[Deadline] = []
        for ms_id in milestones:
            ms = _visible(seen, ms_id, year)
            if ms is None:
                continue
            plan.milestones.setdefault(ms_id, ms.title)
            key = (id(ms), doc.org.level, school_types, report_to)
            if key not in by_unit:
                by_unit[key] = _unit_deadline(scope, ms, doc.org)
            unit_deadline = by_unit[key]
            if unit_deadline is not None:
                found.append(unit_deadline)
                counts[_note_key(unit_deadline)] += 1
        plan.docs[i] = replace(doc, deadlines=tuple(found))
    noted: dict[tuple[object, ...], Deadline] = {}
    for dl in by_unit.values():
        if dl is not None and (dl.moved_from or dl.day_off):
            noted.setdefault(_note_key(dl), dl)
    for note_key, dl in noted.items():
        plan.notes.append(_day_off_note(dl, counts[note_key]))


def _note_key(dl: Deadline) -> tuple[object, ...]:
    return (dl.milestone, dl.level, dl.case, dl.day)


def _visible(seen: Catalog, ms_id: str, year: SchoolYear) -> Milestone | None:
    """The milestone as one organisation sees it (None: not one of its owners')."""
    try:
        return seen.milestone(ms_id, year)
    except CatalogError:
        return None


def _unit_deadline(scope: Scope, ms: Milestone, org: Org) -> Deadline | None:
    try:
        return deadline(scope.catalog, ms, org.level, scope.deadline_policy, unit=org)
    except CatalogError:
        return None  # the milestone dates nothing at or above this level


#: the day off of a deadline that is no holiday (docgen.compose.deadlines.day_off)
WEEKEND = N_("weekend")


def _day_off_note(dl: Deadline, count: int) -> str:
    whom = f", {dl.case}" if dl.case else ""
    who = ngettext("{level} ({count} organisation)", "{level} ({count} organisations)", count)
    who = who.format(level=f"{dl.level}{whom}", count=count)
    if dl.moved_from is not None:
        return _(
            "deadline {milestone} for {who}: {moved_from} is a day off, moved to the previous "
            "working day {day}"
        ).format(milestone=dl.milestone, who=who, moved_from=dl.moved_from, day=dl.day)
    source = _("derived; policy 'keep'") if dl.derived else _("as the catalog dates it")
    return _(
        "deadline {milestone} for {who}: {day} is a day off ({day_off}), kept ({source})"
    ).format(milestone=dl.milestone, who=who, day=dl.day, day_off=_(dl.day_off), source=source)


# -- writing -------------------------------------------------------------------------------


#: the manifest files a cascade writes beside its documents (see docgen.workflows.manifest)
MANIFEST_FILES = ("manifest.csv", "manifest.json")


def check_outputs(plan: CascadePlan, out_dir: Path, ics: Path | None = None) -> dict[str, Path]:
    """The file of every organisation's document, each proved to stay inside *out_dir*, none
    written twice, nor over the manifest or the calendar *ics* (inside its own folder); a
    DocgenError before anything is written otherwise."""
    outputs = Outputs()
    files = {
        doc.org.id: outputs.add(
            out_dir, doc.file, _("the document of '{id}'").format(id=doc.org.id), doc.org.where
        )
        for doc in plan.docs
    }
    for name in MANIFEST_FILES:
        outputs.add(out_dir, name, _("the cascade's {name}").format(name=name))
    if ics is not None:
        outputs.add(ics.parent, ics.name, _("the --ics calendar"))
    return files


def write_cascade(
    plan: CascadePlan,
    out_dir: Path,
    *,
    force: bool = False,
    jobs: int | None = None,
    ics: Path | None = None,
    prepare: Prepare | None = None,
) -> Iterator[Path]:
    """Render every planned document under *out_dir*, composing each again as the workers
    are ready for it; yields each file once written. Every output path of the cascade (with
    the calendar *ics*, if one is to be written) is checked first (:func:`check_outputs`).
    *prepare*, if given, numbers each document instead of the plan's own."""
    files = check_outputs(plan, out_dir, ics)
    return _write(plan, out_dir, files, force, jobs, prepare)


def _write(
    plan: CascadePlan,
    out_dir: Path,
    files: dict[str, Path],
    force: bool,
    jobs: int | None,
    prepare: Prepare | None = None,
) -> Iterator[Path]:
    walk = replace(plan.walk, prepare=prepare) if prepare is not None else plan.walk
    scratch = CascadePlan(plan.root, plan.down_to, walk)  # its notes are plan's already
    errors: list[DocgenError] = []

    def target(doc: _Composed) -> Path:
        if doc.org.id in files:
            return files[doc.org.id]
        raise CatalogError(  # the catalog changed since the plan was made
            _("'{id}' was not in the cascade when it was planned").format(id=doc.org.id),
            where=doc.org.where,
            hint=_("run the cascade again"),
        )

    jobs_iter = (
        Job(doc.context, doc.template, target(doc)) for doc in _documents(walk, scratch, errors)
    )
    yield from iter_render(jobs_iter, jobs, force=force)
    if errors:  # the catalog or a template changed since the plan was made
        raise _grouped(errors)


__all__ = [
    "MANIFEST_FILES",
    "CascadePlan",
    "Planned",
    "default_profile",
    "derive_spec",
    "parent_reference",
    "check_outputs",
    "plan_cascade",
    "write_cascade",
]
