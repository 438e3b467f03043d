"""Roll a spec over to a later school year: move its years and dates, check what it cites and
names against the catalog, and say what changed and what needs a person.

The rollover is decided first (:func:`decide`: the spec, its file's outline, the catalog and
the year → edits and changes, plain data, no YAML text); the edits are then made in the old
text where the loader's marks say each value is (:mod:`docgen.workflows.yamledit`), so
comments and key order stay as the author wrote them. What can be decided from the catalog
is done: school years and dates move on (same day and month, then the working-day policy),
superseded references give way to their successors, organisations that no longer exist to
theirs (a dissolved Phòng GDĐT's to the unit of the UBND xã that took over its duties, its
``successor_unit``), and levels that no longer exist get no proposed dates. What cannot —
last year's guidance cited, an expired reference, an organisation without successor, a
signer who does not sign for the successor, deadlines the catalog does not have yet — is
listed for a person, and the new spec still renders wherever it can.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docgen.catalog.catalog import Catalog, document_day
from docgen.catalog.parse import successor_unit_error
from docgen.catalog.specfile import load_spec, parse_spec
from docgen.catalog.textrefs import cited_ids, deadline_calls
from docgen.catalog.yamlio import load_yaml_text, read_text
from docgen.compose.context import level_below
from docgen.compose.deadlines import check_policy, day_off, deadline
from docgen.errors import CatalogError, DocgenError, Location
from docgen.i18n import N_, _, ngettext
from docgen.model.entities import Milestone, Org, Reference, TaskNode
from docgen.model.spec import DocumentSpec
from docgen.vn.kyhieu import type_code
from docgen.vn.schoolyear import SchoolYear
from docgen.vn.text import nfc
from docgen.vn.workdays import previous_working_day
from docgen.workflows.yamledit import (
    AddEntries,
    AddKey,
    AnyEdit,
    DropKey,
    Edit,
    Outline,
    Value,
    apply_edits,
    outline,
)

#: top-level keys whose values are ids or settings, not text
_SETTINGS = (
    "name",
    "kind",
    "issuer",
    "signer",
    "year",
    "school_year",
    "number",
    "date",
    "unit",
    "report_unit",
    "template",
    "data",
    "appendices",
    "cite_instead",
)
#: keys inside the body whose values are ids or settings
_BODY_SETTINGS = (
    "tasks",
    "sections",
    "style",
    "table",
    "bullets",
    "levels",
    "school_types",
    "years",
    "refs",
    "id",
)
_SCHOOL_YEAR = re.compile(r"(?<!\d)(\d{4})(\s*[-–]\s*)(\d{4})(?!\d)")
_DATE_IN_TEXT = re.compile(
    r"(?<!\d)\d{1,2}/\d{1,2}/\d{4}(?!\d)|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
)
YEARLY_TAG = "huong-dan-nam-hoc"


@dataclass(frozen=True)
class Change:
    """One thing the rollover did, or one a person must decide (``human``)."""

    topic: str
    text: str
    where: Location | None = None
    human: bool = False


@dataclass
class Rollover:
    """The result: the new spec's text, what changed, and milestones it proposes."""

    source: str
    old: SchoolYear
    new: SchoolYear
    text: str = ""
    changes: list[Change] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    policy: str = "previous"
    #: levels whose dates were not proposed, with why (no organisation of them in ``new``)
    skipped_levels: dict[str, str] = field(default_factory=dict)
    #: what was decided to change in the old spec's text (made in :attr:`text`)
    edits: list[AnyEdit] = field(default_factory=list)

    @property
    def human(self) -> list[Change]:
        """What needs a person's decision."""
        return [c for c in self.changes if c.human]

    @property
    def done(self) -> list[Change]:
        """What was changed or noted without needing anyone."""
        return [c for c in self.changes if not c.human]

    def milestones_yaml(self) -> str:
        """The proposed milestones as a catalog file ("" when none are needed)."""
        return milestones_yaml(self.milestones, self.old, self.policy, self.skipped_levels)


def rollover(
    spec_path: Path,
    to: SchoolYear,
    catalog: Catalog,
    policy: str = "previous",
    out_path: Path | None = None,
) -> Rollover:
    """Roll the spec at *spec_path* over to school year *to* (nothing is written); paths in
    the spec (data, template) are made relative to *out_path*, where it will be written."""
    check_policy(policy)
    spec = load_spec(spec_path)
    old = spec_year(spec)
    if to <= old:
        raise DocgenError(
            _("{to} is not after the spec's school year {old}").format(to=to, old=old),
            where=spec.loc("school_year"),
            hint=_("roll over to a later year, e.g. --to {next}").format(next=old.next()),
        )
    text = nfc(read_text(spec_path))
    result = decide(
        spec, outline(text, str(spec_path)), catalog, to, policy, (out_path or spec_path).parent
    )
    result.text = apply_edits(text, str(spec_path), result.edits)
    _validate(result.text, str(spec_path))
    return result


def decide(
    spec: DocumentSpec,
    source: Outline,
    catalog: Catalog,
    to: SchoolYear,
    policy: str = "previous",
    out_dir: Path = Path(),
) -> Rollover:
    """What rolling *spec* (whose file is outlined by *source*) over to *to* changes: the
    edits of its text, the changes and what needs a person, the milestones to propose
    (the result's ``text`` is left empty). Reads nothing, writes nothing."""
    result = Rollover(source.name, spec_year(spec), to, policy=policy)
    _Work(spec, source, catalog, result, out_dir=out_dir).run()
    return result


def spec_year(spec: DocumentSpec) -> SchoolYear:
    """The spec's school year; without one, that of its date, else the one starting in its
    year."""
    if spec.school_year is not None:
        return spec.school_year
    if spec.date is not None:
        return SchoolYear.of(spec.date)
    return SchoolYear(spec.year)


def move_date(day: date, years: int, policy: str) -> tuple[date, str]:
    """*day* *years* later (same day and month; 29/02 → 28/02), then the policy; and why it
    moved further, if it did."""
    try:
        moved = day.replace(year=day.year + years)
    except ValueError:
        moved = date(day.year + years, 2, 28)
    off = day_off(moved)
    if not off:
        return moved, ""
    off = _("a weekend") if off == "weekend" else off
    if policy == "previous":
        return previous_working_day(moved), _("{day} falls on {off}: previous working day").format(
            day=moved, off=off
        )
    return moved, _("{day} falls on {off}: kept").format(day=moved, off=off)


def _validate(text: str, name: str) -> None:
    try:
        parse_spec(load_yaml_text(text, name), Location(name, 1), name)
    except DocgenError as exc:  # pragma: no cover - a bug of the rewrite, not of the user
        raise DocgenError(
            _("the rolled-over spec does not read back: {exc}").format(exc=exc),
            hint=_("please report this; the original spec is unchanged"),
        ) from None


# -- the work ------------------------------------------------------------------------------


@dataclass
class _Work:
    spec: DocumentSpec
    src: Outline
    catalog: Catalog
    out: Rollover
    out_dir: Path = Path()
    cite_instead: dict[str, str] = field(default_factory=dict)
    #: the catalog as the old document saw it (its issuer's owners': last year's task list)
    before: Catalog | None = None

    @property
    def shift(self) -> int:
        return self.out.new.start - self.out.old.start

    def note(
        self, topic: str, text: str, where: Location | None = None, human: bool = False
    ) -> None:
        change = Change(topic, text, where, human)
        if change not in self.out.changes:
            self.out.changes.append(change)

    def set(self, value: Value, new: str, reason: str) -> None:
        """The scalar *value* becomes *new*."""
        self.out.edits.append(Edit(value.where, value.text or "", new, reason))

    def replace(self, value: Value, old: str, new: str, reason: str) -> None:
        """Each *old* in the text of the scalar *value* becomes *new*."""
        self.out.edits.append(Edit(value.where, old, new, reason, part=True))

    def run(self) -> None:
        self.years_and_dates()
        issuer = self.organisations()
        self.before = self.catalog.seen_by(self.spec.issuer)
        self.catalog = self.catalog.seen_by(issuer.id)  # as the new document sees it
        self.texts()
        self.task_items(issuer)
        self.milestones(issuer)
        self.data_and_appendices()
        self.rebase_paths()
        self.write_cite_instead()

    # school year, year, date, number, name -----------------------------------------------
    def years_and_dates(self) -> None:
        old, new = self.out.old, self.out.new
        node = self.src.top.get("school_year")
        if node is not None:
            self.set(node, new.label(), "school year")
            self.note(N_("school year"), _("{old} → {new}").format(old=old, new=new), node.where)
        else:
            self.note(
                N_("school year"),
                _(
                    "the spec names no school year; taken as {old} from its {value}, rolled "
                    "to {new}"
                ).format(old=old, value="date" if self.spec.date else "year", new=new),
            )
        new_day = self.new_date()
        self.set_year(new_day)
        if self.spec.number is not None:
            self.out.edits.append(DropKey("number", "number"))
            self.note(
                N_("number"),
                _("number {number} removed: the new document is numbered when it is issued").format(
                    number=self.spec.number
                ),
                self.spec.loc("number"),
            )
        self.rename()

    def new_date(self) -> date | None:
        node = self.src.top.get("date")
        if node is None or self.spec.date is None:
            return None
        day, why = move_date(self.spec.date, self.shift, self.out.policy)
        self.set(node, day.isoformat(), "date")
        self.note(
            N_("date"), f"{self.spec.date} → {day}" + (f" ({why})" if why else ""), node.where
        )
        return day

    def set_year(self, new_day: date | None) -> None:
        node = self.src.top.get("year")
        if node is None:
            return
        year = new_day.year if new_day else self.spec.year + self.shift
        self.set(node, str(year), "year")
        self.note(
            N_("year"), _("{year} → {year2}").format(year=self.spec.year, year2=year), node.where
        )

    def rename(self) -> None:
        node = self.src.top.get("name")
        if node is None or node.text is None:
            return
        old, new = self.out.old, self.out.new
        name = node.text
        renamed = name.replace(old.label(), new.label())
        renamed = re.sub(rf"(?<!\d){old.start}(?!\d)", str(new.start), renamed)
        if self.spec.number is not None:  # named after its number, which it no longer has
            renamed = re.sub(rf"(?<!\d){self.spec.number}(?!\d)", str(new.start), renamed)
        if renamed != name:
            self.set(node, renamed, "name")
            self.note(
                N_("name"), _("{name} → {renamed}").format(name=name, renamed=renamed), node.where
            )

    def reference_day(self) -> date:
        """The day the new document's organisations must exist on."""
        moved = (
            move_date(self.spec.date, self.shift, self.out.policy)[0] if self.spec.date else None
        )
        return document_day(moved, self.out.new, self.out.new.start)

    # organisations -----------------------------------------------------------------------
    def organisations(self) -> Org:
        """Issuer, recipients and cc that no longer exist → successor; returns the issuer."""
        node = self.src.top["issuer"]
        issuer = self.catalog.org(self.spec.issuer, node.where)
        successor = self.check_org(node, issuer, is_issuer=True)
        if successor is not None:
            unit = self.spec.unit
            if issuer.successor_unit:
                unit = self.set_unit(node, issuer.successor_unit, issuer, successor)
            self.check_signer(successor, unit)
            issuer = successor
        for key in ("recipients", "cc"):
            for scalar in self.src.scalars.get(key, ()):
                text = scalar.text or ""
                if scalar.key in (key, "to") and " " not in text and text.islower():
                    self.check_org(scalar, self.catalog.org(text, scalar.where))
        return issuer

    def check_org(self, node: Value, org: Org, is_issuer: bool = False) -> Org | None:
        day = self.reference_day()
        existing = self.catalog.existing_on(org, day)
        if existing is org:
            if org.valid_to is not None and org.valid_to < date(self.out.new.end, 7, 31):
                self.note(
                    N_("organisation"),
                    _("{id} ends on {valid_to}, during {new}").format(
                        id=org.id, valid_to=org.valid_to, new=self.out.new
                    ),
                    node.where,
                    human=True,
                )
            return None
        successor = existing
        if successor is None:
            self.note(N_("organisation"), self._no_successor(org, day), node.where, human=True)
            return None
        self.set(node, successor.id, "organisation")
        if not org.successor_unit:
            self.note(
                N_("organisation"),
                _(
                    "{id} ({name}) ended on {valid_to}: replaced by its successor {id2} ({name2})"
                ).format(
                    id=org.id,
                    name=org.name,
                    valid_to=org.valid_to,
                    id2=successor.id,
                    name2=successor.name,
                ),
                node.where,
            )
            return successor
        # the duties went to a unit of the successor (which must have it)
        error = successor_unit_error(org, successor)
        if error is not None:
            raise error
        unit = org.successor_unit
        done = (
            f"issuer → {successor.id}, drafting unit {unit}"
            if is_issuer
            else f"replaced by {successor.id}"
        )
        self.note(
            N_("organisation"),
            _(
                "{value} ({id}) was dissolved on {valid_to}; its successor is {value2} "
                "({units}, unit {unit}): {done}"
            ).format(
                value=org.short or org.name,
                id=org.id,
                valid_to=org.valid_to,
                value2=successor.short or successor.name,
                units=successor.units[unit],
                unit=unit,
                done=done,
            ),
            node.where,
        )
        return successor

    def _no_successor(self, org: Org, day: date) -> str:
        """What a person must decide for an organisation that ended without successor: who
        took over (at the level the catalog's other successions of its level went to) and
        where to say so in the catalog."""
        peers = [
            (o, self.catalog.orgs[o.successor])
            for o in self.catalog.orgs.values()
            if o.level == org.level and o.successor in self.catalog.orgs
        ]
        levels = {s.level for _, s in peers}
        who = _("organisation")
        if len(levels) == 1 and (level := levels.pop()) != org.level:
            known = self.catalog.levels.get(level)
            who = (
                known.name
                if known and known.name
                else _("organisation of level '{level}'").format(level=level)
            )
        add = "'successor: <its id>'"
        units = {
            (o.successor_unit, s.units.get(o.successor_unit, ""))
            for o, s in peers
            if o.successor_unit
        }
        if len(units) == 1:
            unit, unit_name = units.pop()
            add += f" and 'successor_unit: {unit}'" + (f" (its {unit_name})" if unit_name else "")
        return _(
            "{id} ({name}) does not exist on {day} (valid {value} to {value2}) and "
            "the catalog names no successor: decide which {who} took over its duties "
            "(and writes or receives this now), then add {add} to its catalog entry "
            "({where}) and roll over again"
        ).format(
            id=org.id,
            name=org.name,
            day=day,
            value=org.valid_from or "…",
            value2=org.valid_to or "…",
            who=who,
            add=add,
            where=org.where,
        )

    def set_unit(self, issuer_node: Value, unit: str, old: Org, successor: Org) -> str:
        """The successor's unit that took over *old*'s duties drafts the new document: the
        ``unit:`` of a công văn, the ``luu:`` of a typed document (whose ký hiệu has no unit
        group, as in a cascade); returns the new spec's ``unit:``."""
        why = f"{successor.units[unit]} of {successor.id}, which took over from {old.id}"
        cong_van = type_code(self.spec.kind) is None
        key, value = ("unit", unit) if cong_van else ("luu", f"[{unit}]")
        node = self.src.top.get(key)
        if cong_van and node is not None and node.text is not None:
            if self.spec.unit != unit:
                self.set(node, unit, "unit")
                self.note(
                    N_("unit"),
                    _("{value} → {unit} ({why})").format(
                        value=self.spec.unit or "(none)", unit=unit, why=why
                    ),
                    node.where,
                )
            return unit
        if not cong_van and unit in self.spec.luu:
            return ""
        if node is not None or self.src.flow:
            self.note(
                N_("unit"),
                _("put {unit} in '{key}:' ({why})").format(unit=unit, key=key, why=why),
                (node or issuer_node).where,
                human=True,
            )
            return self.spec.unit if cong_van else ""
        self.out.edits.append(AddKey(key, value, "issuer", why))
        self.note(
            N_("unit"),
            _("{key}: {value} added ({why})").format(key=key, value=value, why=why),
            issuer_node.where,
        )
        return unit if cong_van else ""

    def check_signer(self, issuer: Org, unit: str) -> None:
        """The signer (and *unit*, the new spec's) must belong to the successor: one of the
        same role is put in their place when there is one, for a person to confirm."""
        ref = self.spec.signer
        node = self.src.top.get("signer")
        if ref.id is not None and issuer.signer(ref.id) is None:
            known = ", ".join(s.id for s in issuer.signers) or _("none in the catalog")
            old = self.catalog.org(self.spec.issuer).signer(ref.id)
            same = [s for s in issuer.signers if old is not None and s.role == old.role]
            if same and node is not None and node.text is not None:
                self.set(node, same[0].id, "signer")
                self.note(
                    N_("signer"),
                    _(
                        "'{id}' does not sign for {id2}: put '{id3}' ({name}, {title}) in their "
                        "place — check it (signers: {known})"
                    ).format(
                        id=ref.id,
                        id2=issuer.id,
                        id3=same[0].id,
                        name=same[0].name,
                        title=same[0].title,
                        known=known,
                    ),
                    ref.where,
                    human=True,
                )
            else:
                self.note(
                    N_("signer"),
                    _("'{id}' does not sign for {id2}: choose its signer ({known})").format(
                        id=ref.id, id2=issuer.id, known=known
                    ),
                    ref.where,
                    human=True,
                )
        elif ref.id is None and ref.name:
            known = ", ".join(s.id for s in issuer.signers) or _("none in the catalog")
            self.note(
                N_("signer"),
                _(
                    "{name} ({title}) signed for {issuer}: check that they sign for {id} "
                    "(signers: {known})"
                ).format(
                    name=ref.name,
                    title=ref.title,
                    issuer=self.spec.issuer,
                    id=issuer.id,
                    known=known,
                ),
                ref.where,
                human=True,
            )
        if unit and unit not in issuer.units:
            self.note(
                N_("unit"),
                _("{id} has no unit '{unit}' (units: {value}): choose the drafting unit").format(
                    id=issuer.id, unit=unit, value=", ".join(issuer.units) or "none"
                ),
                self.spec.loc("unit"),
                human=True,
            )

    # the spec's own texts ----------------------------------------------------------------
    def text_nodes(self) -> Iterator[Value]:
        for key, scalars in self.src.scalars.items():
            if key in _SETTINGS:
                continue
            yield from (scalar for scalar in scalars if scalar.key not in _BODY_SETTINGS)

    def texts(self) -> None:
        for node in self.text_nodes():
            self.school_years_in(node)
            where = node.where
            for found in _DATE_IN_TEXT.findall(node.text or ""):
                self.note(
                    N_("text"),
                    _("mentions the date '{found}': check it for {new}").format(
                        found=found, new=self.out.new
                    ),
                    where,
                    human=True,
                )
            for ref_id in cited_ids(node.text or "", where):
                self.own_reference(node, ref_id, where)
            if node.key == "can_cu":
                self.basis_reference(node)

    def basis_reference(self, node: Value) -> None:
        """A quyết định's Căn cứ written as a reference id (``can_cu: [126/2024/NĐ-CP]``):
        a superseded one becomes its successor, as a cited one does."""
        text = (node.text or "").strip()
        if not text or text not in self.catalog.references:
            return
        ref = self.catalog.references[text]
        successor = self.successor(ref)
        if successor is not None:
            self.replace(node, text, successor.id, "reference")
            self.note(
                N_("reference"),
                _("{name} is superseded: the Căn cứ now cites {name2}").format(
                    name=_name(ref), name2=_name(successor)
                ),
                node.where,
            )
            ref = successor
        self.check_reference(ref, node.where)

    def school_years_in(self, node: Value) -> None:
        old, shift = self.out.old, self.shift
        moved: dict[str, str] = {}
        for match in _SCHOOL_YEAR.finditer(node.text or ""):
            first, last = int(match[1]), int(match[3])
            if last == first + 1 and first != old.start:
                self.note(
                    N_("text"),
                    _(
                        "mentions the school year {first}-{last}, not the spec's: check whether "
                        "it should move"
                    ).format(first=first, last=last),
                    node.where,
                    human=True,
                )
            if first == old.start and last == old.end:
                moved[match[0]] = f"{first + shift}{match[2]}{last + shift}"
        for before, after in moved.items():
            self.replace(node, before, after, "school year")
        if moved:
            self.note(
                N_("school year"),
                _("text: {old} → {new}").format(old=old, new=self.out.new),
                node.where,
            )

    def own_reference(self, node: Value, ref_id: str, where: Location) -> None:
        ref = self.catalog.ref(ref_id, where)
        successor = self.successor(ref)
        if successor is not None:
            quoted = re.compile(rf"""(["']){re.escape(ref_id)}\1""")
            for cited in dict.fromkeys(m[0] for m in quoted.finditer(node.text or "")):
                self.replace(node, cited, f'"{successor.id}"', "reference")
            self.note(
                N_("reference"),
                _("{name} is superseded: the text now cites {name2}").format(
                    name=_name(ref), name2=_name(successor)
                ),
                where,
            )
            ref = successor
        self.check_reference(ref, where)

    def successor(self, ref: Reference) -> Reference | None:
        """The reference in force that replaces a superseded one (None if not superseded)."""
        current = self.catalog.in_force(ref)
        return current if current.id != ref.id else None

    def check_reference(self, ref: Reference, where: Location | None) -> None:
        old = self.out.old
        yearly = YEARLY_TAG in ref.tags or any(
            label in ref.subject for label in (old.label(), old.label(spaced=True))
        )
        if yearly:
            self.note(
                N_("reference"),
                _(
                    "cites {name}, the guidance of {old}: cite the guidance of {new} once it "
                    "is issued (add it to the catalog)"
                ).format(name=_name(ref), old=old, new=self.out.new),
                where,
                human=True,
            )
        elif ref.status == "expired":
            self.note(
                N_("reference"),
                _("cites {name}, which has expired: remove or replace the citation").format(
                    name=_name(ref)
                ),
                where,
                human=True,
            )

    # task items --------------------------------------------------------------------------
    def task_items(self, issuer: Org) -> None:
        old, new = self.out.old, self.out.new
        for block in (b for b in self.spec.body if b.kind == "tasks"):
            last_year = (self.before or self.catalog).task_list(block.task_list, block.where)
            task_list = self.catalog.task_list(block.task_list, block.where)
            before = _applying(last_year.sections, block.sections, issuer, old)
            after = _applying(task_list.sections, block.sections, issuer, new)
            for node in _tops(before, after):
                self.note(
                    N_("task items"),
                    _("dropped {label} (years {years})").format(
                        label=_label(node), years=_years(node)
                    ),
                    node.where,
                )
            for node in _tops(after, before):
                self.note(
                    N_("task items"),
                    _("added {label} (years {years})").format(
                        label=_label(node), years=_years(node)
                    ),
                    node.where,
                )
            if before.keys() == after.keys():
                self.note(
                    N_("task items"),
                    _("{id}: the same {count} items apply in {new}").format(
                        id=task_list.id, count=len(after), new=new
                    ),
                    block.where,
                )
            self.listed_sections(block.sections, task_list.sections, issuer, block.where)
            for node in after.values():
                for ref_id in _node_refs(node):
                    self.item_reference(node, ref_id)

    def listed_sections(
        self,
        wanted: tuple[str, ...],
        sections: tuple[TaskNode, ...],
        issuer: Org,
        where: Location,
    ) -> None:
        if not wanted:
            return
        new = self.out.new
        gone = [s.id for s in sections if s.id in wanted and not _keeps(s, issuer, new)]
        fresh = [s.id for s in sections if s.id not in wanted and _keeps(s, issuer, new)]
        if gone:
            self.note(
                N_("task items"),
                _(
                    "the body lists sections {gone}, which do not apply in {new}: list "
                    "{new}'s ({value}) or drop 'sections:' to take them all"
                ).format(gone=", ".join(gone), new=new, value=", ".join(fresh) or "none yet"),
                where,
                human=True,
            )

    def item_reference(self, node: TaskNode, ref_id: str) -> None:
        ref = self.catalog.ref(ref_id, node.where)
        successor = self.successor(ref)
        if successor is not None:
            self.cite_instead[ref.id] = successor.id
            self.note(
                N_("reference"),
                _(
                    "task item {id} cites {name}, superseded: the new spec cites {name2} "
                    "instead (cite_instead)"
                ).format(id=node.id, name=_name(ref), name2=_name(successor)),
                node.where,
            )
            ref = successor
        if ref.status == "expired":
            self.note(
                N_("reference"),
                _("task item {id} cites {name}, which has expired: update the task list").format(
                    id=node.id, name=_name(ref)
                ),
                node.where,
                human=True,
            )

    def write_cite_instead(self) -> None:
        pairs = {k: v for k, v in self.cite_instead.items() if self.spec.cite_instead.get(k) != v}
        if not pairs:
            return
        node = self.src.top.get("cite_instead")
        if node is not None and not node.block:
            self.note(
                N_("reference"),
                "cite_instead is written inline: add "
                + ", ".join(f"{k} → {v}" for k, v in pairs.items()),
                node.where,
                human=True,
            )
            return
        self.out.edits.append(
            AddEntries(
                "cite_instead",
                tuple(pairs.items()),
                (
                    "task items of the catalog cite superseded references; cite",
                    "their successors instead",
                ),
            )
        )

    # milestones --------------------------------------------------------------------------
    def milestones(self, issuer: Org) -> None:
        calls = list(dict.fromkeys(self.deadline_calls(issuer)))
        needed = list(dict.fromkeys(ms for ms, _level in calls))
        missing = [m for m in needed if f"{m}@{self.out.new}" not in self.catalog.milestones]
        for ms_id in missing:
            self.propose(ms_id)
        levels = {"issuer": issuer.level, "below": level_below(self.catalog, issuer)}
        for ms_id, level in calls:
            if ms_id not in missing and levels.get(level, level):
                self.level_dated(
                    self.catalog.milestone(ms_id, self.out.new), levels.get(level, level)
                )
        if self.out.milestones:
            ids = ", ".join(m.id for m in self.out.milestones)
            gone = list(self.out.skipped_levels)
            left_out = ngettext(
                "{levels} (no longer exists)", "{levels} (no longer exist)", len(gone)
            ).format(levels=", ".join(gone))
            none_for = _("; none for {levels}").format(levels=left_out) if gone else ""
            self.note(
                N_("milestone"),
                _(
                    "the catalog has no dates for {new} of {ids}; proposed (each level's latest "
                    "dates, moved on{none_for}) in the .milestones.yaml file next to the new "
                    "spec: check them against the new guidance, then copy it into "
                    "catalogs/milestones/"
                ).format(new=self.out.new, ids=ids, none_for=none_for),
                human=True,
            )

    def deadline_calls(self, issuer: Org) -> Iterator[tuple[str, str]]:
        """(milestone, level) the new document's deadlines are read for."""
        for node in self.text_nodes():
            yield from deadline_calls(node.text or "", node.where)
        for block in (b for b in self.spec.body if b.kind == "tasks"):
            task_list = self.catalog.task_list(block.task_list, block.where)
            for task in _applying(
                task_list.sections, block.sections, issuer, self.out.new
            ).values():
                for text in _texts(task):
                    yield from deadline_calls(text, task.where)
        for schedule_id in self.spec.schedules:
            schedule = self.catalog.schedules.get(schedule_id)
            for group in schedule.groups if schedule else ():
                yield from ((row.milestone, group.level) for row in group.rows)

    def level_dated(self, ms: Milestone, level: str) -> None:
        """The new year's milestone must date (or let derive) the level the text asks for."""
        try:
            deadline(self.catalog, ms, level, self.out.policy)
        except CatalogError:
            self.note(
                N_("milestone"),
                _(
                    "milestone '{id}' of {new} has no date for '{level}' or above: add one "
                    "to the catalog"
                ).format(id=ms.id, new=self.out.new, level=level),
                ms.where,
                human=True,
            )

    def propose(self, ms_id: str) -> None:
        """Dates for the new year: each level's latest known date, moved on by as many years
        as it is old."""
        earlier = sorted(
            (
                m
                for m in {
                    **(self.before or self.catalog).milestones,
                    **self.catalog.milestones,
                }.values()
                if m.id == ms_id and m.school_year < self.out.new
            ),
            key=lambda m: m.school_year,
        )
        if not earlier:
            self.note(
                N_("milestone"),
                _(
                    "milestone '{ms_id}' has no dates in any year before {new}: add them to "
                    "the catalog"
                ).format(ms_id=ms_id, new=self.out.new),
                human=True,
            )
            return
        last = earlier[-1]
        deadlines: dict[str, date] = {}
        skipped: list[str] = []
        for ms in reversed(earlier):
            years = self.out.new.start - ms.school_year.start
            for level, day in ms.deadlines.items():
                if level in deadlines or level in skipped:
                    continue
                gone = self.level_gone(level)
                if gone:
                    skipped.append(level)
                    self.out.skipped_levels[level] = gone
                    self.note(
                        N_("milestone"),
                        _("{ms_id} ({level}): {day} not rolled over: {gone}").format(
                            ms_id=ms_id, level=level, day=day, gone=gone
                        ),
                        ms.where,
                    )
                    continue
                deadlines[level], why = move_date(day, years, self.out.policy)
                self.note(
                    N_("milestone"),
                    f"{ms_id} ({level}): {day} → {deadlines[level]}" + (f" ({why})" if why else ""),
                    ms.where,
                )
        if not deadlines:
            self.note(
                N_("milestone"),
                _(
                    "milestone '{ms_id}' has dates only for levels that no longer exist "
                    "({skipped}): add its {new} dates to the catalog"
                ).format(ms_id=ms_id, skipped=", ".join(skipped), new=self.out.new),
                last.where,
                human=True,
            )
            return
        # it belongs to the same owner, when the new document still sees that one
        chain = self.catalog.owners(self.catalog.viewer) if self.catalog.viewer else []
        owner = last.owner if not last.owner or last.owner in chain else self.catalog.viewer
        self.out.milestones.append(
            Milestone(ms_id, last.title, self.out.new, deadlines, where=last.where, owner=owner)
        )

    def level_gone(self, level: str) -> str:
        """Why *level* has no place in the new school year ("" when it has): the catalog
        has organisations of it, and none of them exists on any day of the year. (A level
        without any organisation in the catalog is not taken as gone.)"""
        orgs = [o for o in self.catalog.orgs.values() if o.level == level]
        year = self.out.new
        first, last = date(year.start, 8, 1), date(year.end, 7, 31)
        if not orgs or any(o.exists_during(first, last) for o in orgs):
            return ""
        known = self.catalog.levels.get(level)
        name = f" ({known.name})" if known and known.name else ""
        ended = [o.valid_to for o in orgs if o.valid_to is not None]
        since = _(" (the last ended on {day})").format(day=max(ended)) if ended else ""
        return _("the level '{level}'{name} has no organisation in {year}{since}").format(
            level=level, name=name, year=year, since=since
        )

    # report data and appendices ----------------------------------------------------------
    def data_and_appendices(self) -> None:
        if self.spec.data:
            self.note(
                N_("data"),
                _("'data: {data}' holds the figures of {old}: point it at {new}'s").format(
                    data=self.spec.data, old=self.out.old, new=self.out.new
                ),
                self.spec.loc("data"),
                human=True,
            )
        old = self.out.old
        for schedule_id in self.spec.schedules:
            if old.label() in schedule_id or str(old.start) in schedule_id:
                self.note(
                    N_("appendix"),
                    _("Phụ lục '{schedule_id}' is the schedule of {old}: name {new}'s").format(
                        schedule_id=schedule_id, old=old, new=self.out.new
                    ),
                    self.spec.loc("appendices"),
                    human=True,
                )

    def rebase_paths(self) -> None:
        """``data:`` and ``template:`` are relative to the spec: keep them pointing at the
        same place from where the new spec is written."""
        here = Path(self.src.name).parent
        for key in ("data", "template"):
            node = self.src.top.get(key)
            if node is None or not node.text:
                continue
            value = Path(node.text)
            if value.is_absolute():
                continue
            target = (here / value).resolve()
            out_dir = self.out_dir.resolve()
            shared = Path(os.path.commonpath([target, out_dir]))
            rebased = (
                target.as_posix()
                if shared == Path(shared.anchor)
                else Path(os.path.relpath(target, out_dir)).as_posix()
            )
            if rebased != value.as_posix():
                self.set(node, rebased, "path")
                self.note(
                    N_("path"),
                    _("{key}: {value} → {rebased} (relative to the new spec)").format(
                        key=key, value=value.as_posix(), rebased=rebased
                    ),
                    node.where,
                )


# -- task outline helpers ------------------------------------------------------------------


def _keeps(node: TaskNode, org: Org, year: SchoolYear) -> bool:
    return node.applies(org.level, year, org.school_types)


def _applying(
    sections: Iterable[TaskNode], wanted: tuple[str, ...], org: Org, year: SchoolYear
) -> dict[str, TaskNode]:
    """The nodes a document of *org* in *year* writes, by id, depth first."""
    out: dict[str, TaskNode] = {}

    def walk(node: TaskNode) -> None:
        if _keeps(node, org, year):
            out[node.id] = node
            for child in node.children:
                walk(child)

    for section in sections:
        if not wanted or section.id in wanted:
            walk(section)
    return out


def _tops(these: dict[str, TaskNode], others: dict[str, TaskNode]) -> list[TaskNode]:
    """Nodes of *these* not in *others*, leaving out those whose parent is left out too."""
    gone = {k for k in these if k not in others}
    inner = {c.id for k in gone for c in these[k].children}
    return [these[k] for k in these if k in gone and k not in inner]


def _texts(node: TaskNode) -> list[str]:
    return [t for t in (node.title, node.text, *node.intro, *node.outro) if t]


def _node_refs(node: TaskNode) -> list[str]:
    return list(dict.fromkeys(i for t in _texts(node) for i in cited_ids(t, node.where)))


def _label(node: TaskNode) -> str:
    text = " ".join((node.title or node.text or (node.intro or ("",))[0]).split())
    short = text if len(text) <= 70 else text[:67].rstrip() + "…"
    return f"{node.id} “{short}”"


def _years(node: TaskNode) -> str:
    first, last = node.years.first, node.years.last
    if first is None and last is None:
        return "all"
    return f"{first or ''}..{last or ''}" if first != last else str(first)


def _name(ref: Reference) -> str:
    return f"{ref.type} {ref.number or ref.id}".strip()


# -- the proposed milestones ---------------------------------------------------------------


def milestones_yaml(
    milestones: list[Milestone],
    old: SchoolYear,
    policy: str,
    skipped: dict[str, str] | None = None,
) -> str:
    """A catalog file of *milestones*, with a comment on how they were made (and which
    levels' dates were *skipped*, and why)."""
    if not milestones:
        return ""
    rule = (
        "then the previous working day when that is a day off"
        if policy == "previous"
        else "kept even on a day off"
    )
    lines = [
        f"# Proposed by docgen rollover from the {old} milestones: same day and month,",
        f"# {rule}. Check them against the new year's guidance,",
        "# then copy this file into catalogs/milestones/.",
    ]
    for level, why in (skipped or {}).items():
        lines.append(f"# No dates for '{level}': {why}.")
    lines.append("milestones:")
    for ms in milestones:
        lines += [
            f"  - id: {ms.id}",
            *([f"    owner: {ms.owner}"] if ms.owner else []),
            f"    title: {json.dumps(ms.title, ensure_ascii=False)}",
            f"    school_year: {ms.school_year}",
            "    deadlines:",
            *(f"      {level}: {day.isoformat()}" for level, day in ms.deadlines.items()),
        ]
    return "\n".join(lines) + "\n"
