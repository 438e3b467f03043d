"""A quyết định's own parts (NĐ30 Phụ lục I, model of a decision): the issuing authority
line, the Căn cứ and "Theo đề nghị …" lines, the articles "Điều 1." … with their khoản and
điểm, the last article naming who executes it, and the "- Như Điều N;" of its Nơi nhận."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docgen.compose.citations import cite_basis
from docgen.compose.inline import spans
from docgen.compose.outline import Block, Compose, Outline
from docgen.compose.scope import Scope
from docgen.errors import CatalogError, Location
from docgen.i18n import _
from docgen.model.decision import Basis, DecisionSpec
from docgen.model.entities import Org, TaskNode
from docgen.vn.text import upper

#: the punctuation a line may end with, replaced by the one its place asks for
_ENDS = ";.,: "
#: how the executors' article ends (NĐ30's model: the body ends "./.")
EXECUTE = "chịu trách nhiệm thi hành Quyết định này./."


@dataclass(frozen=True)
class Decision:
    """What the template writes of a quyết định besides the common parts: the authority
    line (IN HOA), the basis lines, the articles, the number of the executors' article."""

    authority: str
    basis: tuple[Block, ...]
    articles: tuple[Block, ...]
    executors_article: int
    #: signed "TM. <collective>" (the body decides), or by the head in his own right
    for_collective: bool

    @property
    def nhu_dieu(self) -> str:
        """The Nơi nhận's first line: "- Như Điều 3;"."""
        return f"- Như Điều {self.executors_article};"


def compose_decision(
    decision: DecisionSpec,
    org: Org,
    scope: Scope,
    compose: Compose,
    cited: set[str],
    name_of: Callable[[str, Location], str],
) -> Decision:
    """The quyết định of *org*: its texts composed by *compose* in document order (bases,
    then articles); the references its Căn cứ cite are added to *cited* (cited again later,
    they are short); *name_of* turns an executor that is an organisation id into its name."""
    collective = _collective(decision, org)
    basis = _basis(decision, scope, compose, cited)
    articles = _articles(decision.articles, compose)
    own = decision.executors_article == "own"
    number = len(decision.articles) + (1 if own else 0)
    articles.append(_executors(decision, number if own else 0, compose, name_of))
    return Decision(
        authority=upper(decision.authority_line) or authority_line(org, collective),
        basis=tuple(basis),
        articles=tuple(articles),
        executors_article=number,
        for_collective=collective,
    )


def authority_line(org: Org, collective: bool) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN" (the body) or "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM
    ĐỒNG", "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH …" (its head)."""
    return upper(org.name if collective else f"{org.head_title} {org.name}")


def _collective(decision: DecisionSpec, org: Org) -> bool:
    """Whether the collective body decides (the default for one) or its head."""
    wanted = decision.authority or ("collective" if org.collective else "head")
    if wanted == "collective" and not org.collective:
        raise CatalogError(
            _("'{id}' is not a collective body: its head decides").format(id=org.id),
            where=decision.authority_at,
            hint=_(
                "write 'authority: head', or give the organisation 'collective:' in the catalog"
            ),
        )
    if wanted == "head" and not org.head_title:
        raise CatalogError(
            _("'{id}' has no head_title: the authority line cannot name its head").format(
                id=org.id
            ),
            where=org.where,
            hint=_(
                "add 'head_title: Chủ tịch' (or Giám đốc …) to the organisation, or "
                "write the line under 'authority_line:'"
            ),
        )
    return wanted == "collective"


def _basis(decision: DecisionSpec, scope: Scope, compose: Compose, cited: set[str]) -> list[Block]:
    """The Căn cứ lines and the "Theo đề nghị …" lines: each ends ";", the last "."."""
    lines = [_basis_line(b, scope, compose, cited) for b in decision.bases]
    lines += [compose(text, decision.where) for text in decision.proposals]
    last = len(lines) - 1
    return [
        Block("basis", spans(_end(line, "." if n == last else ";"), italic=True))
        for n, line in enumerate(lines)
    ]


def _basis_line(basis: Basis, scope: Scope, compose: Compose, cited: set[str]) -> str:
    if not basis.refs:
        return compose(basis.text, basis.where)
    refs = [scope.ref(ref_id, basis.where) for ref_id in basis.refs]
    cited.update(ref.id for ref in refs)
    return "Căn cứ " + " và ".join(cite_basis(ref) for ref in refs)


def _articles(nodes: tuple[TaskNode, ...], compose: Compose) -> list[Block]:
    """ "Điều 1. …" with its khoản (1. 2.), điểm (a) b)) and dashes under it."""
    outline = Outline(compose=compose, keep=lambda node: True)
    blocks: list[Block] = []
    for number, node in enumerate(nodes, 1):
        label = f"Điều {number}."
        text = compose(node.text, node.where) if node.text else ""
        if node.title:  # "Điều 1. Title" bold, its text below
            title = compose(node.title, node.where)
            blocks.append(Block("article", spans(f"{label} {title}", bold=True)))
            if text:
                blocks.append(Block("para", spans(text)))
        else:
            blocks.append(Block("article", spans(f"**{label}** {text}".rstrip())))
        blocks += [outline.paragraph(t, node.where) for t in node.intro]
        blocks += outline.children(node, 0)
    return blocks


def _executors(
    decision: DecisionSpec,
    number: int,
    compose: Compose,
    name_of: Callable[[str, Location], str],
) -> Block:
    """ "Điều 3. Chánh Văn phòng …, Giám đốc Sở … và … chịu trách nhiệm thi hành Quyết định
    này./." (an article of its own, *number*), or the same sentence closing the last article
    (*number* 0)."""
    where = decision.where
    names = [_end(compose(name_of(e, where), where), "") for e in decision.executors]
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"
    if not number:
        return Block("para", spans(f"{who} {EXECUTE}"))
    return Block("article", spans(f"**Điều {number}.** {who} {EXECUTE}"))


def _end(text: str, mark: str) -> str:
    """*text* with its final punctuation replaced by *mark*."""
    return text.strip().rstrip(_ENDS) + mark
