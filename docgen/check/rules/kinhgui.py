"""Kính gửi (ô 9a): the label, and one recipient per line ending ';', the last '.'."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import WARNING, Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style, is_official
from docgen.i18n import N_, _

_LABEL = "Kính gửi:"
#: the type code of a tờ trình, which goes up a level to a named recipient; other typed
#: documents (thông báo, giấy mời, kế hoạch…) need no Kính gửi
_SUBMISSION = "TTr"


def _severity(ctx: Context) -> str | None:
    """Error for a công văn, warning for any other document that has one."""
    return None if ctx.layout.kind == "congvan" else WARNING


@rule("ND30-KINHGUI")
def kinh_gui(ctx: Context) -> Iterator[Finding]:
    layout = ctx.layout
    label = layout.kinh_gui
    if label is None:
        if layout.kind == "congvan" and is_official(layout):
            yield ctx.hit(
                _("page 1"),
                _("Kính gửi: <recipient>"),
                _("no Kính gửi"),
                _("a công văn names its recipients after 'Kính gửi:'"),
            )
        elif layout.title.type_code == _SUBMISSION and is_official(layout):
            yield ctx.hit(
                _("page 1"),
                _("Kính gửi: <the level above>"),
                _("no Kính gửi"),
                _("a tờ trình names whom it submits to after 'Kính gửi:'"),
                WARNING,
            )
        return
    severity = _severity(ctx)
    want = Want(italic=False, sizes=ctx.rule["sizes"])
    for finding in check_style(ctx, label, want, N_("Kính gửi")):
        yield ctx.hit(label, finding.expected, finding.found, finding.message, severity)
    if not label.text.startswith(_LABEL):
        yield ctx.hit(label, _LABEL, label.text[:12], _("write 'Kính gửi:' with a colon"), severity)
    inline = label.text.split(":", 1)[1].strip() if ":" in label.text else ""
    if not inline and not layout.kinh_gui_items:
        yield ctx.hit(
            label,
            _("one or more recipients"),
            _("none"),
            _("Kính gửi names no recipient"),
            severity,
        )
    yield from _items(ctx, severity)


def _items(ctx: Context, severity: str | None) -> Iterator[Finding]:
    items = ctx.layout.kinh_gui_items
    want = Want(italic=False, sizes=ctx.rule["sizes"])
    for index, item in enumerate(items):
        last = index == len(items) - 1
        end = "." if last else ";"
        if not item.text.startswith("- "):
            yield ctx.hit(
                item,
                _("- <recipient>"),
                item.text[:2],
                _("each recipient line starts with '- '"),
                severity,
            )
        if not item.text.endswith(end):
            yield ctx.hit(
                item,
                _("ends with '{end}'").format(end=end),
                _("ends with '{text}'").format(text=item.text[-1:]),
                _("the last recipient ends with '.'")
                if last
                else _("each recipient but the last ends with ';'"),
                severity,
            )
        for finding in check_style(ctx, item, want, N_("the recipient line")):
            yield ctx.hit(item, finding.expected, finding.found, finding.message, severity)
