"""A cascade profile: how an organisation (or every organisation of a level) writes the
document it derives from its parent's (docgen cascade).

Fields left ``None`` are not set by this profile: an organisation's own profile overrides its
level's field by field, and the level's overrides the built-in defaults. Texts and lists may
use the tokens of :data:`TOKENS`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from docgen.errors import Location
from docgen.model.entities import NOWHERE
from docgen.model.spec import BodyBlock, CcEntry, NhuTren

#: ``@parent`` the parent's document (in ``cite("@parent")``, ``tasks: "@parent"``) or the
#: parent organisation (in recipients, cc); ``@children`` every subordinate organisation;
#: ``@unit`` the name of the child's drafting unit.
TOKENS: tuple[str, ...] = ("@parent", "@children", "@unit")


@dataclass(frozen=True)
class CascadeProfile:
    """Per-level or per-organisation settings of derived documents (``id`` names either)."""

    id: str
    kind: str | None = None
    subject: str | None = None
    unit: str | None = None
    report_unit: str | None = None
    signer: str | None = None
    recipients: tuple[str, ...] | None = None
    nhu_tren: NhuTren | None = None
    cc: tuple[CcEntry, ...] | None = None
    luu: tuple[str, ...] | None = None
    body: tuple[BodyBlock, ...] | None = None
    template: str | None = None
    where: Location = NOWHERE
    #: a level profile for one type of organisation of that level (``phuong``), or ""
    type: str = ""

    def over(self, base: CascadeProfile) -> CascadeProfile:
        """This profile's settings, falling back to *base* for those it leaves unset."""
        values = {
            f.name: getattr(self, f.name)
            if getattr(self, f.name) is not None
            else getattr(base, f.name)
            for f in fields(self)
            if f.name not in ("id", "where", "type")
        }
        return CascadeProfile(id=self.id, where=self.where, type=self.type, **values)
