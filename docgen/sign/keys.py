"""A signing key and its certificate, from a PKCS#12 (.p12 / .pfx) file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from docgen.errors import DocgenError, UnreadableFileError
from docgen.i18n import _


@dataclass(frozen=True)
class Identity:
    """Who a certificate names: its subject's common name and organisation."""

    common_name: str
    organisation: str

    @classmethod
    def of(cls, name: x509.Name) -> Identity:
        def first(oid: x509.ObjectIdentifier) -> str:
            found = name.get_attributes_for_oid(oid)
            value = found[0].value if found else ""
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else value

        return cls(first(NameOID.COMMON_NAME), first(NameOID.ORGANIZATION_NAME))


@dataclass(frozen=True)
class Key:
    """A loaded PKCS#12: pyHanko's signer and who its certificate names."""

    signer: SimpleSigner
    who: Identity


def read_password(path: Path) -> bytes:
    """The password in *path*: its first line, without the line end."""
    try:
        text = path.read_bytes()
    except OSError as err:
        raise UnreadableFileError(
            _("cannot read the password file ({strerror})").format(strerror=err.strerror), file=path
        ) from None
    lines = text.splitlines()
    return lines[0] if lines else b""


def load_key(path: Path, password: bytes | None) -> Key:
    """The key and certificate of the PKCS#12 file *path*, opened with *password*."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableFileError(
            _("cannot read the certificate ({strerror})").format(strerror=err.strerror), file=path
        ) from None
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, password or None)
    except ValueError:
        if _opens_without_password(data):
            raise DocgenError(
                _("this PKCS#12 file has no password, and one was given"),
                file=path,
                hint=_("leave out --password-file"),
            ) from None
        raise DocgenError(
            _("cannot open this PKCS#12 file: wrong password, or not a PKCS#12 (.p12/.pfx) file"),
            file=path,
            hint=_("give its password with --password-file")
            if password is None
            else _("check the password in the --password-file"),
        ) from None
    if key is None or cert is None:
        what = "a certificate" if cert is not None or others else "nothing"
        raise DocgenError(
            _("this PKCS#12 file holds {what} but no private key to sign with").format(what=what),
            file=path,
            hint=_("export the certificate together with its private key"),
        )
    try:
        asn1_key = translate_pyca_cryptography_key_to_asn1(key)
    except (ValueError, TypeError, NotImplementedError):
        raise DocgenError(
            _("this kind of private key cannot sign PDFs"),
            file=path,
            hint=_("use an RSA or EC key"),
        ) from None
    store = SimpleCertificateStore()
    store.register_multiple(translate_pyca_cryptography_cert_to_asn1(c) for c in others)
    signer = SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        signing_key=asn1_key,
        cert_registry=store,
    )
    return Key(signer, Identity.of(cert.subject))


def _opens_without_password(data: bytes) -> bool:
    try:
        pkcs12.load_key_and_certificates(data, None)
    except ValueError:
        return False
    return True


def load_roots(paths: list[Path]) -> list[object]:
    """The certificates (PEM or DER) in *paths*, as trust roots for verification."""
    roots: list[object] = []
    for path in paths:
        try:
            roots += list(load_certs_from_pemder([str(path)]))
        except (OSError, ValueError):
            raise UnreadableFileError(
                _("not a certificate (PEM or DER) file"),
                file=path,
                hint=_("give the root certificate of the issuer"),
            ) from None
    return roots
