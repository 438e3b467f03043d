"""Who signed a PDF, when, and whether it changed since: pyHanko's validation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from docgen.errors import UnreadableFileError
from docgen.i18n import N_, _
from docgen.sign.keys import Identity


@dataclass(frozen=True)
class Signature:
    """One signature of a PDF, as verified."""

    field: str
    who: Identity
    when: datetime | None
    #: the bytes it signed are the bytes in the file
    intact: bool
    #: intact, and the signature over them checks out with its certificate
    valid: bool
    #: the certificate chains to a given trust root (None: no root given)
    trusted: bool | None
    #: nothing but later signatures (or nothing at all) was added after it
    unchanged: bool
    #: in words, what was added after it
    after: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.unchanged and self.trusted is not False


def verify_pdf(path: Path, roots: list[object] | None = None) -> list[Signature]:
    """Every signature of *path*, in the order they were added; trusted is checked against
    *roots* when given."""
    try:
        with path.open("rb") as handle:
            reader = PdfFileReader(handle, strict=False)
            found = reader.embedded_signatures
            return [_check(sig, roots) for sig in found]
    except OSError as err:
        raise UnreadableFileError(
            _("cannot read it ({strerror})").format(strerror=err.strerror), file=path
        ) from None
    except (PdfError, SignatureValidationError, ValueError, KeyError):
        raise UnreadableFileError(
            _("not a PDF file, or a damaged one"), file=path, hint=_("give a signed PDF")
        ) from None


def _check(sig: object, roots: list[object] | None) -> Signature:
    context = ValidationContext(
        trust_roots=list(roots or []), allow_fetching=False, revocation_mode="soft-fail"
    )
    status = validate_pdf_signature(sig, context)  # type: ignore[arg-type]
    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    unchanged = whole or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and bool(status.docmdp_ok)
        and level is not None
        and level <= ModificationLevel.FORM_FILLING
    )
    if whole:
        after = N_("nothing since")
    elif unchanged:
        after = N_("only signatures since")
    else:
        after = N_("the file was changed after it was signed")
    return Signature(
        field=str(getattr(sig, "field_name", "")),
        who=Identity.of(cert.subject),
        when=status.signer_reported_dt,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted) if roots else None,
        unchanged=unchanged,
        after=after,
    )
