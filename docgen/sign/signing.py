"""Add a PAdES signature with a visible stamp where NĐ30 places it."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import TextStampStyle

from docgen.errors import DocgenError, UnreadableFileError
from docgen.i18n import _
from docgen.sign.font import stamp_font
from docgen.sign.keys import Key
from docgen.sign.place import Place, agency_place, signer_place

Role = Literal["signer", "agency"]
ROLES: tuple[Role, ...] = ("signer", "agency")
#: ISO 8601, as NĐ30 writes the signing time of an electronic document
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
#: the stamps' text (pyHanko fills %(signer)s and %(ts)s); the signer's is blue ink
_TEXT: dict[Role, str] = {
    "signer": "Ký bởi: %(signer)s\n%(org)s\nNgày ký: %(ts)s",
    "agency": "%(signer)s\nThời gian ký: %(ts)s",
}
_COLOUR: dict[Role, tuple[float, float, float]] = {
    "signer": (0.0, 0.2, 0.75),
    "agency": (0.0, 0.0, 0.0),
}


def sign_pdf(
    source: Path,
    target: Path,
    key: Key,
    role: Role = "signer",
    force: bool = False,
    when: datetime | None = None,
) -> Path:
    """Write *target*: *source* signed by *key* as its *role*, as an incremental update
    (earlier signatures stay valid). Written whole or not at all."""
    if role not in ROLES:
        raise DocgenError(
            _("unknown role '{role}'").format(role=role), hint=_("use signer or agency")
        )
    if target.exists() and not force and target.resolve() != source.resolve():
        raise DocgenError(
            _("{target} already exists").format(target=target),
            hint=_("choose another output file, or pass --force to replace it"),
        )
    _check_pdf(source)
    place = agency_place(source) if role == "agency" else signer_place(source)
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with source.open("rb") as inp, tmp.open("wb") as out:
            _sign(inp, out, key, role, place, when)
        os.replace(tmp, target)
    except (PdfError, SigningError, ValueError, KeyError) as err:
        raise DocgenError(
            _("cannot sign it: {err}").format(err=err),
            file=source,
            hint=_("give a PDF docgen rendered"),
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


def _sign(
    inp: object, out: object, key: Key, role: Role, place: Place, when: datetime | None
) -> None:
    writer = IncrementalPdfFileWriter(inp, strict=False)
    taken = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    name = next(f"{role}-{n}" for n in range(1, 1000) if f"{role}-{n}" not in taken)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(sig_field_name=name, on_page=place.page, box=place.box)
    )
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=key.who.common_name or None,
        reason="Ký số văn bản" if role == "signer" else "Ký số của cơ quan, tổ chức",
    )
    style = TextStampStyle(
        stamp_text=_TEXT[role],
        timestamp_format=TIME_FORMAT,
        border_width=1,
        text_box_style=TextBoxStyle(font=stamp_font(), font_size=9, text_color=_COLOUR[role]),
    )
    pdf_signer = signers.PdfSigner(meta, signer=key.signer, stamp_style=style)
    params = {"signer": key.who.common_name or key.who.organisation, "org": key.who.organisation}
    if when is not None:
        params["ts"] = when.strftime(TIME_FORMAT)
    pdf_signer.sign_pdf(writer, output=out, appearance_text_params=params)


def _check_pdf(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as err:
        raise UnreadableFileError(
            _("cannot read it ({strerror})").format(strerror=err.strerror), file=path
        ) from None
    if b"%PDF-" not in head:
        raise UnreadableFileError(
            _("not a PDF file"),
            file=path,
            hint=_("give the PDF docgen rendered (docgen render --pdf)"),
        )
