"""One small function per NĐ30 rule, registered under the rule's id."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from docgen.check.findings import Finding
from docgen.check.rules.common import Context

Check = Callable[[Context], Iterable[Finding]]
REGISTRY: dict[str, Check] = {}


def rule(*rule_ids: str) -> Callable[[Check], Check]:
    """Register a check function under one or more rule ids."""

    def register(check: Check) -> Check:
        for rule_id in rule_ids:
            REGISTRY[rule_id] = check
        return check

    return register


def load_all() -> dict[str, Check]:
    """Import every rule module (registration happens on import) and return the registry."""
    from docgen.check.rules import (  # noqa: F401
        appendix,
        body,
        cancu,
        caps,
        date,
        fonts,
        header,
        kind,
        kinhgui,
        marks,
        number,
        page,
        pagenum,
        recipients,
        signature,
        title,
    )

    return REGISTRY
