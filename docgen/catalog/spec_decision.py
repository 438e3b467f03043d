"""The keys of a quyết định's spec (``kind: quyet_dinh``): authority, Căn cứ, articles."""

from __future__ import annotations

from typing import Any

from docgen.catalog import keys
from docgen.catalog.fields import Fields
from docgen.catalog.parse import parse_node
from docgen.catalog.spec_kinds import AUTHORITY_KINDS
from docgen.catalog.yamlio import where_of
from docgen.errors import CatalogError, Location
from docgen.i18n import _
from docgen.model.decision import AUTHORITIES, EXECUTORS_ARTICLE, Basis, DecisionSpec

#: the quyết định's own keys (their types and docs: docgen/catalog/keys.py)
DECISION_KEYS = tuple(key.name for key in keys.DECISION_KEYS)
#: the common keys a quyết định does not take, and what it writes instead
NOT_IN_DECISION = {
    "recipients": "a quyết định has no Kính gửi: name who executes it under 'executors:' "
    "and who receives a copy under 'cc:'",
    "nhu_tren": "a quyết định's Nơi nhận opens with '- Như Điều N;' (N: the article of "
    "'executors:'), not 'Như trên'",
    "body": "a quyết định's text is its articles: write them under 'articles:' (and the "
    "Căn cứ lines under 'can_cu:')",
    "unit": "a quyết định's ký hiệu has no drafting unit: put the unit in 'luu:'",
}


def parse_decision(f: Fields, kind: str) -> DecisionSpec | None:
    """The quyết định's parts of the spec read by *f* (None for another kind, which may not
    use these keys)."""
    if kind != "quyet_dinh":
        for key in DECISION_KEYS:
            if key == "authority" and kind in AUTHORITY_KINDS:
                continue  # read by spec_kinds
            if f.has(key):
                shared = key == "authority"  # see AUTHORITY_KINDS
                owner = (
                    _("a quyết định, tờ trình, thông báo or giấy mời")
                    if shared
                    else _("a quyết định")
                )
                raise CatalogError(
                    _("'{key}' belongs to {owner}, and this spec is a {kind}").format(
                        key=key, owner=owner, kind=kind
                    ),
                    where=f.key_where(key),
                    hint=_("write 'kind: quyet_dinh', or remove the key"),
                )
        return None
    for key, hint in NOT_IN_DECISION.items():
        if f.has(key):
            raise CatalogError(
                _("a quyết định does not take '{key}'").format(key=key),
                where=f.key_where(key),
                hint=hint,
            )
    articles = tuple(
        parse_node(item, where_of(item, f.at("articles")), f"dieu-{n}")
        for n, item in enumerate(f.blocks("articles"), 1)
    )
    if not articles:
        raise CatalogError(
            _("the quyết định has no articles"),
            where=f.where,
            hint=_(
                "add 'articles:' with one item per Điều (the executors' Điều comes last, "
                "from 'executors:')"
            ),
        )
    executors = f.texts("executors")
    if not executors:
        raise CatalogError(
            _("the quyết định names no one to execute it"),
            where=f.where,
            hint=_(
                "add 'executors:' (e.g. Chánh Văn phòng …, Thủ trưởng các đơn vị có liên "
                "quan): they make its last Điều and the Nơi nhận's '- Như Điều N;'"
            ),
        )
    return DecisionSpec(
        authority=f.choice("authority", AUTHORITIES, "") if f.has("authority") else "",
        authority_line=f.text("authority_line", ""),
        bases=tuple(f.each("can_cu", _basis)),
        proposals=f.texts("de_nghi"),
        articles=articles,
        executors=executors,
        executors_article=f.choice("executors_article", EXECUTORS_ARTICLE, "own"),
        where=f.where,
        authority_at=f.at("authority") if f.has("authority") else f.where,
    )


def _basis(data: Any, where: Location) -> Basis:
    """A Căn cứ line: a reference id, a list of them, or a text ``Căn cứ …``."""
    where = where_of(data, where)
    if isinstance(data, list):
        if not data or not all(isinstance(item, str) and _is_id(item) for item in data):
            raise CatalogError(
                _("a Căn cứ line written as a list is a list of reference ids"),
                where=where,
                hint=_("e.g. [65/2006/QH11, 20/2012/QH13], or write the line as a text"),
            )
        return Basis(refs=tuple(str(item).strip() for item in data), where=where)
    if not isinstance(data, str):
        raise CatalogError(
            _("a Căn cứ line is a reference id or a text"),
            where=where,
            hint=_("e.g. '- 126/2024/NĐ-CP' or '- Căn cứ {{ cite(\"…\", \"long\") }};'"),
        )
    text = str(data).strip()
    if _is_id(text):
        return Basis(refs=(text,), where=where)
    if not text.startswith("Căn cứ"):
        raise CatalogError(
            _("a Căn cứ line written as a text starts with 'Căn cứ'"),
            where=where,
            hint=_("write 'Căn cứ …', or put a 'Theo đề nghị …' line under 'de_nghi:'"),
        )
    return Basis(text=text, where=where)


def _is_id(text: str) -> bool:
    """A reference id is one word ("126/2024/NĐ-CP", "luat-luat-su")."""
    return bool(text.strip()) and not any(c.isspace() for c in text.strip())
