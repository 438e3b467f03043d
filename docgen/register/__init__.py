"""The register of documents issued (Sổ đăng ký văn bản đi, NĐ30 Phụ lục IV): numbers given
per issuing body and year, in SQLite or PostgreSQL (:mod:`docgen.register.store`), and its
export as the Phụ lục IV table (:mod:`docgen.register.export`)."""

from docgen.register.store import (
    COMMON,
    DEFAULT_FILE,
    ENV,
    Document,
    Entry,
    Register,
    RegisterError,
    register_url,
)

__all__ = [
    "COMMON",
    "DEFAULT_FILE",
    "ENV",
    "Document",
    "Entry",
    "Register",
    "RegisterError",
    "register_url",
]
