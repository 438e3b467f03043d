"""Load a document spec (YAML) into a :class:`DocumentSpec`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.catalog import keys
from docgen.catalog.fields import Fields, refuse_bool
from docgen.catalog.parse import parse_nhu_tren, parse_node
from docgen.catalog.spec_appendix import parse_appendices
from docgen.catalog.spec_decision import parse_decision
from docgen.catalog.spec_kinds import kind_keys
from docgen.catalog.yamlio import load_yaml, where_of
from docgen.errors import CatalogError, DocgenError, Location
from docgen.i18n import N_, _
from docgen.model.entities import ROLES, TaskNode
from docgen.model.spec import KINDS, THEME_PARTS, BodyBlock, CcEntry, DocumentSpec, SignerRef
from docgen.vn.kyhieu import check_unit
from docgen.vn.schoolyear import SchoolYear

#: the keys of a spec (and their types): docgen/catalog/keys.py
SPEC_KEYS = keys.SPEC
STYLES = keys.STYLES
#: the years a spec may be of
YEARS = (2000, 2100)


def load_spec(path: str | Path) -> DocumentSpec:
    """Read and validate one spec file."""
    data = load_yaml(path)
    return parse_spec(data, Location(str(path), 1), str(path))


#: a document's number in its issuer's register for the year
MAX_NUMBER = 999_999


def parse_spec(data: Any, where: Location, path: str = "") -> DocumentSpec:
    """Validate an already loaded spec mapping."""
    f = Fields(data, N_("document spec"), where, SPEC_KEYS)
    day = f.day("date")
    school_year = f.school_year("school_year")
    year = f.number("year", 0)
    if year and day and year != day.year:
        raise CatalogError(
            _("'year' is {year} but the date {day} is in {year2}").format(
                year=year, day=day.isoformat(), year2=day.year
            ),
            where=f.at("year"),
            hint=_("make them agree, or leave 'year' out (the date gives it)"),
        )
    year = year or (day.year if day else 0)
    if not year and school_year:
        year = school_year.start
    if not year:
        raise CatalogError(
            _("the spec has neither 'date' nor 'year'"),
            where=f.where,
            hint=_("add 'date: 2025-10-21' or, for an unsigned draft, 'year: 2025'"),
        )
    _check_year(f, year, school_year)
    number = f.number(
        "number",
        0,
        between=(-MAX_NUMBER, MAX_NUMBER),
        hint=_("give the number the văn thư assigned, or leave 'number' out"),
    )
    if f.has("number") and number is not None and number < 1:
        raise CatalogError(
            _("the document number must be 1 or more, found {number}").format(number=number),
            where=f.at("number"),
            hint=_("give the number the văn thư assigned, or leave 'number' out for a draft"),
        )
    name = f.name("name", N_("the spec's name"), Path(path).stem if path else "")
    kind = f.choice("kind", KINDS, "cong_van")
    decision = parse_decision(f, kind)
    return DocumentSpec(
        name=name,
        kind=kind,
        issuer=f.text("issuer"),
        signer=_signer(f),
        subject=f.text("subject"),
        year=year,
        school_year=school_year,
        number=number or None,
        date=day,
        unit=_unit(f, "unit"),
        report_unit=_unit(f, "report_unit"),
        recipients=f.texts("recipients"),
        nhu_tren=parse_nhu_tren(f),
        cc=tuple(f.each("cc", _cc)),
        luu=f.texts("luu"),
        body=tuple(f.each("body", _block)),
        template=f.text("template", ""),
        extra=dict(f.mapping("extra")),
        path=path,
        where=f.where,
        at={key: f.at(key) for key in SPEC_KEYS if f.has(key)},
        data=f.text("data", ""),
        assessments=_assessments(f),
        appendices=parse_appendices(f.raw("appendices"), f.at("appendices")),
        cite_instead=_cite_instead(f),
        decision=decision,
        **kind_keys(f, kind),
    )


def _check_year(f: Fields, year: int, school_year: SchoolYear | None) -> None:
    """The spec's year (from 'year', 'date' or 'school_year') and school year within YEARS."""
    low, high = YEARS
    if not low <= year <= high:
        key = next((k for k in ("year", "date", "school_year") if f.has(k)), "year")
    elif school_year is not None and not low <= school_year.start <= high:
        key, year = "school_year", school_year.start
    else:
        return
    raise CatalogError(
        _("the year {year} is not one a document of docgen can have").format(year=year),
        where=f.at(key),
        hint=_("give a year from {low} to {high}").format(low=low, high=high),
    )


def _cite_instead(f: Fields) -> dict[str, str]:
    """``old-id: new-id`` pairs: texts citing the old reference cite the new one."""
    raw = f.mapping("cite_instead")
    sub = Fields(raw, N_("cite_instead"), f.at("cite_instead"), list(raw))
    return {str(key): sub.text(key) for key in raw}


def _assessments(f: Fields) -> dict[str, str]:
    """Results of targets no figure measures, as the report's author assesses them."""
    raw = f.mapping("assessments")
    sub = Fields(raw, N_("assessments"), f.at("assessments"), list(raw))
    return {str(key): sub.text(key) for key in raw}


def _unit(f: Fields, key: str) -> str:
    """A drafting unit of the ký hiệu ("VHXH"), checked where it is written."""
    text = f.text(key, "")
    if not text:
        return ""
    try:
        return check_unit(text)
    except DocgenError as exc:
        raise CatalogError(exc.message, where=f.at(key), hint=exc.hint) from None


def _signer(f: Fields) -> SignerRef:
    raw = f.raw("signer")
    if isinstance(raw, str):
        return SignerRef(id=f.text("signer"), where=f.at("signer"))
    if raw is None:  # said when composing, with the issuer's signers
        return SignerRef(where=f.where)
    s = Fields(raw, N_("signer"), f.at("signer"), keys.SPEC_SIGNER)
    return SignerRef(
        name=s.text("name"),
        title=s.text("title"),
        role=s.choice("role", ROLES, "head"),
        where=s.where,
    )


def _cc(data: Any, where: Location) -> CcEntry:
    refuse_bool(data, "a Nơi nhận entry", where)
    if isinstance(data, str):
        return CcEntry(text=str(data).strip(), where=where_of(data, where))
    f = Fields(data, N_("Nơi nhận entry"), where, keys.CC)
    return CcEntry(text=f.text("to"), purpose=f.text("purpose", ""), where=f.where)


def parse_cc(data: Any, where: Location) -> CcEntry:
    """One Nơi nhận entry: a text or org id, or ``{to: …, purpose: …}``."""
    return _cc(data, where)


def parse_block(data: Any, where: Location) -> BodyBlock:
    """One body block, as a spec's ``body:`` writes it."""
    return _block(data, where)


def _block(data: Any, where: Location) -> BodyBlock:
    refuse_bool(data, "a body paragraph", where)
    if isinstance(data, str):
        return BodyBlock(kind="text", text=str(data).strip(), where=where_of(data, where))
    f = Fields(data, N_("body block"), where, keys.BODY_BLOCK)
    if f.has("table"):
        return BodyBlock(
            kind="table", table=f.text("table"), text=f.text("text", ""), where=f.where
        )
    if f.has("themes"):
        node = _themes(f.raw("themes"), f.at("themes"))
        return BodyBlock(kind="section", node=node, where=f.where)
    if f.has("tasks"):
        return BodyBlock(
            kind="tasks",
            task_list=f.text("tasks"),
            sections=f.texts("sections"),
            exclude=f.texts("exclude"),
            where=f.where,
        )
    if f.has("section"):
        node = parse_node(f.raw("section"), f.at("section"), "section")
        return BodyBlock(kind="section", node=node, where=f.where)
    return BodyBlock(
        kind="text", text=f.text("text"), style=f.choice("style", STYLES, "para"), where=f.where
    )


def _themes(data: Any, where: Location) -> TaskNode:
    """A report section of themes, each with its kết quả / khó khăn / nguyên nhân / giải pháp
    written under the standard headings (a), b), c) …)."""
    f = Fields(data, N_("themes"), where, keys.THEMES)
    themes = tuple(_theme(item, where_of(item, f.at("items"))) for item in f.blocks("items"))
    return TaskNode(
        id="themes", title=f.text("title"), intro=f.texts("intro"), children=themes, where=f.where
    )


def _theme(data: Any, where: Location) -> TaskNode:
    f = Fields(data, N_("theme"), where, keys.THEME)
    parts = tuple(
        TaskNode(id=key, title=heading, intro=f.texts(key), where=f.at(key))
        for key, heading in THEME_PARTS
        if f.has(key)
    )
    if not parts:
        raise CatalogError(
            _("a theme says nothing"),
            where=f.where,
            hint=_("add ket_qua:, kho_khan:, nguyen_nhan: (or kho_khan_nguyen_nhan:), giai_phap:"),
        )
    return TaskNode(
        id="theme", title=f.text("title"), intro=f.texts("intro"), children=parts, where=f.where
    )
