"""What a run composes its documents with: the catalog, the references the run adds to it
and the run's options. Frozen: composing never writes into the catalog or a copy of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from docgen.catalog.catalog import Catalog
from docgen.errors import Location
from docgen.model.entities import Reference
from docgen.model.spec import DocumentSpec

_NONE: Mapping[str, Reference] = MappingProxyType({})


@dataclass(frozen=True)
class Scope:
    """The catalog; references cited over it (a cascade's parent documents, a spec's
    ``cite_instead`` swaps), by id; the policy for a derived deadline on a day off."""

    catalog: Catalog
    references: Mapping[str, Reference] = field(default_factory=lambda: _NONE)
    deadline_policy: str = "previous"

    def ref(self, ref_id: str, where: Location | None = None) -> Reference:
        """The reference cited by *ref_id*: the scope's own, else the catalog's (or a clear
        error naming the closest catalog id)."""
        own = self.references.get(ref_id)
        return own if own is not None else self.catalog.ref(ref_id, where)

    def citing(self, refs: Mapping[str, Reference]) -> Scope:
        """This scope, with *refs* cited by their keys."""
        return replace(self, references=MappingProxyType({**self.references, **refs}))

    def of(self, spec: DocumentSpec) -> Scope:
        """The scope as *spec* sees it: each reference of its ``cite_instead`` is cited as the
        reference named in its place (a superseded Thông tư as its successor)."""
        if not spec.cite_instead:
            return self
        where = spec.loc("cite_instead")
        swaps: dict[str, Reference] = {}
        for old, new in spec.cite_instead.items():
            self.ref(old, where)
            swaps[old] = self.ref(new, where)
        return self.citing(swaps)
