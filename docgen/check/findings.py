"""What a check reports: findings per file, and the exit code they add up to."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One violation: which rule, how serious, where, and what was expected and found."""

    rule: str
    severity: str
    location: str
    excerpt: str
    expected: str
    found: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class FileReport:
    """Everything found in one file, or why it could not be read."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None
    internal: str | None = None
    """When `unreadable` is a checker bug: the exception, for tests and bug reports."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def exit_code(self) -> int:
        if self.unreadable is not None:
            return 2
        return 1 if self.errors else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "readable": self.unreadable is None,
            "unreadable": self.unreadable,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.as_dict() for f in self.findings],
        }
