"""The kind of document: one NĐ30 does not govern is named once and not judged."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context
from docgen.check.text import excerpt
from docgen.i18n import _


@rule("ND30-KIND")
def kind(ctx: Context) -> Iterator[Finding]:
    heading = ctx.layout.not_governed
    if heading is not None:
        yield ctx.hit(
            _("page 1"),
            _("a văn bản hành chính (công văn, quyết định, tờ trình, báo cáo…)"),
            excerpt(heading, 40),
            _(
                "this document is not one NĐ30 governs, so its format was not checked — "
                "nothing to fix for NĐ30"
            ),
        )
