"""Signature block (ô 7a, 7b): authority prefix, the chain of lines, style, the name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style, is_official
from docgen.check.text import Slot, fold, is_upper
from docgen.i18n import N_, _

_LOOSE = re.compile(
    r"^(T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|TUQ|TM|KT|TL|Q)(\s*[.:]\s*|\s+)(?=\S)", re.IGNORECASE
)
_STRICT = re.compile(r"^(TM|KT|Q|TL|TUQ)\. (?=\S)")


def prefix_of(text: str) -> tuple[str, bool]:
    """(canonical prefix such as 'KT.' or '' for a bare title, whether it is written right)."""
    loose = _LOOSE.match(text)
    if loose is None:
        return "", True
    canonical = re.sub(r"[\s/]", "", loose.group(1)).upper() + "."
    return canonical, bool(_STRICT.match(text))


@rule("ND30-SIG-PREFIX")
def sig_prefix(ctx: Context) -> Iterator[Finding]:
    authority = ctx.layout.closing.authority
    if not authority:
        if is_official(ctx.layout):
            yield ctx.hit(
                _("closing block"),
                _("the signer's authority and title"),
                _("no signature"),
                _("no signature block was found"),
            )
        return
    for slot in authority:
        canonical, right = prefix_of(slot.text)
        if not right:
            yield ctx.hit(
                slot,
                _("{canonical} <TITLE>").format(canonical=canonical),
                slot.text.split()[0],
                _("the authority prefix is written '{canonical} ' (letters, period, space)").format(
                    canonical=canonical
                ),
            )


@rule("ND30-SIG-CHAIN")
def sig_chain(ctx: Context) -> Iterator[Finding]:
    authority = ctx.layout.closing.authority
    prefixes = [prefix_of(s.text)[0] for s in authority]
    follow: dict[str, list[str]] = {k: list(v) for k, v in ctx.rule["next"].items()}
    closing = list(ctx.rule["closing"])
    for index, (slot, prefix) in enumerate(zip(authority, prefixes, strict=True)):
        if index == len(prefixes) - 1:
            if prefix not in closing:
                yield ctx.hit(
                    slot,
                    _("the signer's own title after {prefix}").format(prefix=prefix),
                    _("nothing"),
                    _("{prefix} is followed by the signer's own title").format(prefix=prefix),
                )
            continue
        nxt = prefixes[index + 1]
        if nxt not in follow.get(prefix, [""]):
            yield ctx.hit(
                authority[index + 1],
                _allowed(follow.get(prefix, [""]), prefix),
                nxt or _("a bare title"),
                _why(prefix, nxt),
            )

    yield from _authority(ctx, authority, prefixes)


def _authority(ctx: Context, authority: list[Slot], prefixes: list[str]) -> Iterator[Finding]:
    """Who may sign how: TM. only for a collective body; a deputy signing for it needs
    KT. and the head's title; a head issuing in his own name signs with no prefix."""
    if not authority or prefixes[0] != "TM.":
        return
    first = authority[0]
    body = fold(_LOOSE.sub("", first.text))
    if not body.startswith(tuple(ctx.rule["collectives"])):
        yield ctx.hit(
            first,
            _("TM. <COLLECTIVE BODY> (e.g. TM. ỦY BAN NHÂN DÂN)"),
            first.text,
            _(
                "TM. is for signing on behalf of a collective body; a head signing in "
                "his own name writes his title alone (e.g. CHỦ TỊCH), a deputy 'KT. "
                "<HEAD'S TITLE>'"
            ),
        )
        return
    issuer = _issuer_is_head(ctx)
    if issuer is not None:
        yield ctx.hit(
            first,
            _("no TM. line: the signer's title alone, or KT. <head's title>"),
            first.text,
            _(
                "the document is issued by '{issuer}' in person, not by the collective — "
                "drop the TM. line"
            ).format(issuer=issuer),
        )
    if len(authority) > 1 and prefixes[1] == "" and fold(authority[1].text).startswith("pho "):
        head = authority[1].text.split(" ", 1)[1] if " " in authority[1].text else ""
        yield ctx.hit(
            authority[1],
            _("KT. {head} then {text}").format(head=head, text=authority[1].text),
            authority[1].text,
            _("a deputy signing for a collective signs 'KT.' and the head's title above his own"),
        )


def _issuer_is_head(ctx: Context) -> str | None:
    """The issuing-authority line of a decision ('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …') when it
    names a head, not the collective: the centred IN HOA line before the căn cứ."""
    heads = tuple(ctx.rule["heads"])
    for para in ctx.layout.body[:3]:
        text = fold(para.text)
        if text.startswith("can cu"):
            return None
        if is_upper(para.text) and text.startswith(heads):
            return para.text
    return None


def _allowed(options: list[str], prefix: str) -> str:
    words = ["a title" if o == "" else f"a {o} line" for o in options]
    return f"after {prefix or 'a title'}: " + " or ".join(words)


def _why(prefix: str, nxt: str) -> str:
    if prefix == "TUQ." and nxt == "KT.":
        return _("authority given by TUQ. cannot be passed on with KT.")
    if prefix == "":
        return _("a {nxt} line cannot follow the signer's title").format(nxt=nxt)
    return _("{prefix} is followed by the signer's own title").format(prefix=prefix)


@rule("ND30-SIG-STYLE")
def sig_style(ctx: Context) -> Iterator[Finding]:
    closing, sizes = ctx.layout.closing, ctx.rule["sizes"]
    for slot in closing.authority:
        if not is_upper(slot.text):
            yield ctx.hit(
                slot, slot.text.upper(), slot.text, _("authority and title lines are IN HOA")
            )
        yield from check_style(ctx, slot, Want(True, False, sizes, True), N_("the signature line"))
    if closing.name is not None:
        yield from _name_style(ctx, closing.name)


def _name_style(ctx: Context, name: Slot) -> Iterator[Finding]:
    if is_upper(name.text):
        yield ctx.hit(
            name,
            name.text.title(),
            name.text,
            _("the signer's name is written in lower case with capitals, not IN HOA"),
        )
    yield from check_style(
        ctx, name, Want(True, False, ctx.rule["sizes"], True), N_("the signer's name")
    )


@rule("ND30-SIG-NAME")
def sig_name(ctx: Context) -> Iterator[Finding]:
    closing = ctx.layout.closing
    if not closing.authority:
        return
    if closing.name is None:
        yield ctx.hit(
            closing.authority[-1],
            _("the signer's full name under the signature space"),
            _("no name"),
            _("the signature block ends with the signer's name"),
        )
        return
    first = closing.name.text.split()[0] if closing.name.text.split() else ""
    if any(first.startswith(t) for t in ctx.rule["titles"]):
        yield ctx.hit(
            closing.name,
            _("the name alone"),
            first,
            _("no academic title before the signer's name"),
        )
