"""Cascade profiles (catalog section ``cascade:``): how derived documents are written."""

from __future__ import annotations

from typing import Any

from docgen.catalog import keys
from docgen.catalog.fields import Fields
from docgen.catalog.parse import parse_nhu_tren
from docgen.catalog.specfile import parse_block, parse_cc
from docgen.errors import Location
from docgen.i18n import N_
from docgen.model.cascade import CascadeProfile
from docgen.model.spec import KINDS

#: the keys of a profile (and their types): docgen/catalog/keys.py
PROFILE_KEYS = keys.CASCADE_PROFILE


def parse_cascade_profile(data: Any, where: Location) -> CascadeProfile:
    """A profile for a level (``id: xa``), for one type of organisation of a level (``id: xa``
    with ``type: phuong``: over the level's, key by key) or for one organisation
    (``id: ubnd-xa-sa-thay``: over its type's and its level's)."""
    f = Fields(data, N_("cascade profile"), where, PROFILE_KEYS)
    return CascadeProfile(
        id=f.text("id"),
        kind=f.choice("kind", KINDS) if f.has("kind") else None,
        subject=f.text("subject") if f.has("subject") else None,
        unit=f.text("unit", "") if "unit" in f.data else None,
        report_unit=f.text("report_unit", "") if "report_unit" in f.data else None,
        signer=f.text("signer") if f.has("signer") else None,
        recipients=f.texts("recipients") if "recipients" in f.data else None,
        nhu_tren=parse_nhu_tren(f) if "nhu_tren" in f.data else None,
        cc=tuple(f.each("cc", parse_cc)) if "cc" in f.data else None,
        luu=f.texts("luu") if "luu" in f.data else None,
        body=tuple(f.each("body", parse_block)) if f.has("body") else None,
        template=f.text("template") if f.has("template") else None,
        where=f.where,
        type=f.text("type", ""),
    )
