"""Kính gửi, Nơi nhận and the signature block, derived from issuer, signer and recipients."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model.entities import ROLES, Org, Signer
from docgen.model.spec import NhuTren
from docgen.vn.text import upper


@dataclass(frozen=True)
class Signature:
    """Authority lines (each its own centred line, IN HOA) and the signer's name."""

    lines: tuple[str, ...]
    name: str


def signature(org: Org, signer: Signer, *, for_collective: bool = True) -> Signature:
    """NĐ30 Điều 13: TM. for collectives, KT./Q./TL./TUQ. by the signer's role. A collective's
    head deciding in his own right (a Chủ tịch UBND's quyết định) signs without TM.:
    *for_collective* False."""
    lines: list[str] = []
    if org.collective and for_collective:
        lines.append(f"TM. {upper(org.collective)}")
    prefix = ROLES[signer.role]
    head = upper(org.head_title or signer.title)
    if not prefix:
        lines.append(upper(signer.title) if not org.head_title else head)
    elif prefix == "Q.":
        lines.append(f"Q. {head}")
    else:
        lines += [f"{prefix} {head}", upper(signer.title)]
    return Signature(tuple(lines), signer.name)


@dataclass(frozen=True)
class KinhGui:
    """Either one recipient on the Kính gửi line, or a list of "- name;" lines."""

    single: str
    items: tuple[str, ...]


def kinh_gui(names: list[str]) -> KinhGui | None:
    """The Kính gửi block for these recipients (None when there are none)."""
    if not names:
        return None
    if len(names) == 1:
        return KinhGui(single=_end(names[0], "."), items=())
    items = [f"- {_end(n, ';')}" for n in names[:-1]] + [f"- {_end(names[-1], '.')}"]
    return KinhGui(single="", items=tuple(items))


def noi_nhan(
    has_kinh_gui: bool,
    others: list[tuple[str, str]],
    luu: list[str],
    nhu_tren: NhuTren | str = "",
) -> tuple[str, ...]:
    """Nơi nhận lines: "- Như trên;" (with Kính gửi), others with purposes, "- Lưu: VT, …."

    *nhu_tren* says the first line: "Như trên" or "Như kính gửi" stand for the recipients of
    the Kính gửi (none without one); ``NhuTren(line="")`` writes none. A text is the
    purpose of "Như trên"."""
    nhu = NhuTren(purpose=nhu_tren) if isinstance(nhu_tren, str) else nhu_tren
    lines: list[str] = []
    if nhu.line and has_kinh_gui:
        lines.append(f"- Như {nhu.line}{_purpose(nhu.purpose)};")
    lines += [f"- {_end(text, '')}{_purpose(purpose)};" for text, purpose in others]
    keep = ", ".join(["VT", *[u for u in luu if u and u != "VT"]])
    lines.append(f"- Lưu: {keep}.")
    return tuple(lines)


def _purpose(text: str) -> str:
    text = text.strip().strip("()")
    return f" ({text})" if text else ""


def _end(text: str, mark: str) -> str:
    """Replace the final punctuation of a list line by *mark*."""
    return text.strip().rstrip(".;,") + mark
