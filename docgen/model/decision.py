"""What a quyết định says beyond a document's common parts: its authority, bases, articles."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.errors import Location
from docgen.model.entities import NOWHERE, TaskNode

#: who issues a quyết định: the collective body itself ("ỦY BAN NHÂN DÂN TỈNH …", signed
#: "TM. …"), or its head in his own right ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", no TM.)
AUTHORITIES: tuple[str, ...] = ("collective", "head")
#: where the executors are named: an article of their own after the others ("Điều 3. Chánh
#: Văn phòng … chịu trách nhiệm thi hành …"), or a paragraph closing the last article
EXECUTORS_ARTICLE: tuple[str, ...] = ("own", "last")


@dataclass(frozen=True)
class Basis:
    """One Căn cứ line: catalog references (cited one after the other, joined by "và"), or
    a text of its own (``Căn cứ …``, with the text language's ``cite()``)."""

    refs: tuple[str, ...] = ()
    text: str = ""
    where: Location = NOWHERE


@dataclass(frozen=True)
class DecisionSpec:
    """The parts of a quyết định's spec: ``authority`` (one of AUTHORITIES, "" for the
    default of the issuer), ``authority_line`` (the line as written, instead of the derived
    one), the Căn cứ lines, the "Theo đề nghị …" lines, the articles (each a task node: its
    text, khoản 1. 2. and điểm a) b) below) and who executes it (the last article)."""

    authority: str = ""
    authority_line: str = ""
    bases: tuple[Basis, ...] = ()
    proposals: tuple[str, ...] = ()
    articles: tuple[TaskNode, ...] = ()
    executors: tuple[str, ...] = ()
    executors_article: str = "own"
    where: Location = NOWHERE
    #: where 'authority:' was written (the spec when it was not)
    authority_at: Location = NOWHERE
