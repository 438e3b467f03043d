"""A draft as the page's form gives it, and the spec YAML it becomes (and back).

The spec written is an ordinary docgen spec — `docgen render van-ban/ORG/NAME.yaml` renders
it as the page does. The form's choices map onto it so:

- legal basis (references chosen) → a first paragraph ``Căn cứ {{ cite("ID", "long") }}; …``
- task list and the items left unticked → a ``tasks:`` block with ``exclude:``
- free paragraphs (one per blank-line-separated block) → ``text`` blocks after the tasks
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import parse_spec
from docgen.catalog.yamlio import load_yaml_text
from docgen.errors import DocgenError, Location
from docgen.model.entities import Org, Reference, TaskNode
from docgen.model.spec import KINDS, DocumentSpec
from docgen.names import name_problem
from docgen.vn.schoolyear import SchoolYear
from docgen.web.workspace import MARKER

#: kind → its name on the page
KIND_NAMES = {
    "cong_van": "Công văn",
    "ke_hoach": "Kế hoạch",
    "bao_cao": "Báo cáo",
    "quyet_dinh": "Quyết định",
}
#: the group of recipients "the schools under the issuer"
SCHOOLS_GROUP = "Các đơn vị trường học trực thuộc"
_CITE = re.compile(r'cite\("([^"]+)"')
BASIS_START = "Căn cứ "
BASIS_END = "{{ issuer.mention }} triển khai nội dung như sau:"
#: characters of one field of the form, at most
MAX_FIELD = 20_000


@dataclass
class Draft:
    """The fields of the draft form."""

    name: str = ""
    kind: str = "cong_van"
    issuer: str = ""
    unit: str = ""
    signer: str = ""
    year: int = 0
    school_year: str = ""
    subject: str = ""
    recipients: list[str] = field(default_factory=list)
    schools_group: bool = False
    other_recipients: str = ""
    refs: list[str] = field(default_factory=list)
    task_list: str = ""
    excluded: list[str] = field(default_factory=list)
    paragraphs: str = ""
    cc: str = ""
    #: a báo cáo's figure folder (relative to the spec) and its report tables: kept as the
    #: spec has them (the page that drafts a báo cáo from the figures sets them)
    data: str = ""
    tables: list[str] = field(default_factory=list)


def clean(text: str) -> str:
    """Form text as a spec holds it: NFC, line ends \\n, no control characters but \\n."""
    text = unicodedata.normalize("NFC", text[:MAX_FIELD]).replace("\r\n", "\n")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc").strip()


def lines(text: str) -> list[str]:
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def default_name(kind: str, day: date) -> str:
    return f"{kind.replace('_', '-')}-{day.isoformat()}"


def spec_data(draft: Draft) -> dict[str, Any]:
    """The spec mapping of *draft* (not yet checked: :func:`spec_text` checks it)."""
    data: dict[str, Any] = {
        "name": draft.name,
        "kind": draft.kind,
        "issuer": draft.issuer,
    }
    if draft.unit:
        data["unit"] = draft.unit
    if draft.signer:
        data["signer"] = draft.signer
    data["year"] = draft.year
    if draft.school_year:
        data["school_year"] = draft.school_year
    data["subject"] = clean(draft.subject)
    recipients = list(draft.recipients)
    if draft.schools_group:
        recipients.append(SCHOOLS_GROUP)
    recipients += lines(draft.other_recipients)
    if recipients:
        data["recipients"] = recipients
    if draft.data:
        data["data"] = draft.data
    body: list[Any] = []
    if draft.refs:
        cites = "; ".join(f'{{{{ cite("{ref}", "long") }}}}' for ref in draft.refs)
        body.append({"text": f"{BASIS_START}{cites}; {BASIS_END}"})
    if draft.task_list:
        block: dict[str, Any] = {"tasks": draft.task_list}
        if draft.excluded:
            block["exclude"] = list(draft.excluded)
        body.append(block)
    for paragraph in re.split(r"\n\s*\n", clean(draft.paragraphs)):
        if paragraph.strip():
            body.append({"text": " ".join(paragraph.split())})
    body += [{"table": table} for table in draft.tables]
    data["body"] = body
    cc = lines(draft.cc)
    if cc:
        data["cc"] = cc
    return data


def spec_text(draft: Draft, file_name: str) -> tuple[str, DocumentSpec]:
    """The YAML of *draft* (starting with the desk's marker), and the spec it reads as:
    a DocgenError (at *file_name*'s line) for anything the spec format refuses."""
    if draft.kind not in KINDS:
        draft.kind = "cong_van"
    if not 2000 <= draft.year <= 2100:
        raise DocgenError("thiếu năm của văn bản", hint="ghi năm bằng bốn chữ số, ví dụ 2026")
    if not clean(draft.subject):
        raise DocgenError("thiếu trích yếu", hint="ghi nội dung chính của văn bản sau “V/v”")
    problem = name_problem(draft.name)
    if problem is not None:
        raise DocgenError(
            f"tên tệp '{draft.name[:80]}' không dùng được: {problem}",
            hint="dùng chữ, số, '-', '_' (ví dụ 'cong-van-cds-2026')",
        )
    body = yaml.safe_dump(
        spec_data(draft), allow_unicode=True, sort_keys=False, width=90, default_flow_style=False
    )
    text = f"{MARKER} ({date.today().isoformat()}); `docgen render` đọc tệp này\n{body}"
    spec = parse_spec(load_yaml_text(text, file_name), Location(file_name, 1), file_name)
    return text, spec


def from_spec(data: Any) -> Draft:
    """The form's fields of a spec mapping the desk wrote (what it cannot show is left out:
    the page then offers the YAML file itself)."""
    draft = Draft()
    if not isinstance(data, dict):
        return draft
    draft.name = str(data.get("name", ""))
    draft.kind = str(data.get("kind", "cong_van"))
    draft.issuer = str(data.get("issuer", ""))
    draft.unit = str(data.get("unit", "") or "")
    draft.signer = str(data.get("signer", "") or "")
    draft.year = int(data.get("year", 0) or 0)
    draft.school_year = str(data.get("school_year", "") or "")
    draft.subject = str(data.get("subject", ""))
    draft.data = str(data.get("data", "") or "")
    others = []
    for entry in data.get("recipients", None) or []:
        text = str(entry)
        if text == SCHOOLS_GROUP:
            draft.schools_group = True
        elif " " not in text and text.islower():
            draft.recipients.append(text)
        else:
            others.append(text)
    draft.other_recipients = "\n".join(others)
    paragraphs = []
    for block in data.get("body", None) or []:
        if isinstance(block, dict) and "table" in block:
            draft.tables.append(str(block["table"]))
            continue
        if isinstance(block, dict) and "tasks" in block:
            draft.task_list = str(block["tasks"])
            draft.excluded = [str(x) for x in block.get("exclude", None) or []]
            continue
        text = str(block.get("text", "")) if isinstance(block, dict) else str(block)
        if text.startswith(BASIS_START) and text.endswith(BASIS_END) and not draft.refs:
            draft.refs = _CITE.findall(text)
        else:
            paragraphs.append(text)
    draft.paragraphs = "\n\n".join(paragraphs)
    draft.cc = "\n".join(str(x) for x in data.get("cc", None) or [])
    return draft


# -- what the form offers, from the catalog -----------------------------------------------


def current_school_year(day: date, catalog: Catalog | None = None) -> str:
    """The school year of *day*; when the catalog has no deadlines (milestones) for it yet,
    the latest one it has before it (a draft of the new year would stop on them)."""
    year = SchoolYear.of(day)
    if catalog is not None and catalog.milestones:
        known = sorted({m.school_year for m in catalog.milestones.values()})
        if year not in known and known[0] < year:
            year = max(y for y in known if y < year)
    return str(year)


_TAG = re.compile(r"\{\{(.*?)\}\}", re.S)
_FIRST_STRING = re.compile(r"""["']([^"']+)["']""")


def plain(text: str) -> str:
    """A catalog text as a person reads it in a list: ``{{ cite("57-NQ/TW") }}`` as the
    number, other ``{{ … }}`` tags as "…", ``**bold**`` marks dropped."""

    def one(match: re.Match[str]) -> str:
        inner = match[1].strip()
        if inner.startswith(("cite(", "fn(")):
            found = _FIRST_STRING.search(inner)
            return found[1] if found else "…"
        if inner in ("year", "year_spaced"):
            return "năm học"
        return "…"

    return " ".join(_TAG.sub(one, text).replace("**", "").split())


def below(catalog: Catalog, org_id: str, on: date | None = None) -> list[Org]:
    """Every organisation under *org_id* (children, theirs…), depth first."""
    found: list[Org] = []
    stack = list(reversed(catalog.children(org_id, on=on)))
    seen = {org_id}
    while stack:
        org = stack.pop()
        if org.id in seen:
            continue
        seen.add(org.id)
        found.append(org)
        stack.extend(reversed(catalog.children(org.id, on=on)))
    return found


@dataclass(frozen=True)
class RefHit:
    """A reference found by the search, with what replaces it when superseded."""

    ref: Reference
    successor: Reference | None

    @property
    def status(self) -> str:
        return {"in_force": "Còn hiệu lực", "superseded": "Đã bị thay thế"}.get(
            self.ref.status, "Hết hiệu lực"
        )


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def search_references(catalog: Catalog, query: str, limit: int = 20) -> list[RefHit]:
    """References whose number, id, type or subject holds every word of *query*
    (accents and case ignored), newest first."""
    words = _folded(clean(query)).split()
    if not words:
        return []
    hits = []
    for ref in catalog.references.values():
        hay = _folded(f"{ref.id} {ref.number} {ref.type} {ref.issuer} {ref.subject}")
        if all(w in hay for w in words):
            successor = catalog.in_force(ref) if ref.status == "superseded" else None
            hits.append(RefHit(ref, successor if successor is not ref else None))
    hits.sort(key=lambda h: h.ref.date or date.min, reverse=True)
    return hits[:limit]


@dataclass(frozen=True)
class TaskItem:
    """One node of a task list as the form shows it: depth, and whether the issuer's
    level and school types take it."""

    node: TaskNode
    depth: int
    applies: bool


def task_tree(catalog: Catalog, list_id: str, org: Org, year: SchoolYear | None) -> list[TaskItem]:
    """The nodes of task list *list_id*, depth first, each marked for *org* and the school
    *year* as the document will take them (compose keeps the same ones)."""
    if list_id not in catalog.task_lists:
        return []
    items: list[TaskItem] = []

    def walk(node: TaskNode, depth: int, parent_applies: bool) -> None:
        if year is None:
            own = not node.levels or org.level in node.levels
        else:
            own = node.applies(org.level, year, org.school_types)
        applies = parent_applies and own
        items.append(TaskItem(node, depth, applies))
        for child in node.children:
            walk(child, depth + 1, applies)

    for section in catalog.task_lists[list_id].sections:
        walk(section, 0, True)
    return items
