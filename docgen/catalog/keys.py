"""The keys of every YAML record docgen reads, declared once.

Each kind of record (a spec, an organisation, a body block…) is a :class:`Record`: its keys,
each with its :class:`Type`, a one-line description and an example. The same table is

- the parser's key check: a parser passes the record to :class:`~docgen.catalog.fields.Fields`
  as its allowed keys, which refuses unknown keys and checks every key present against its
  type (text, list, block, one of a set of words, date, number…) at its ``file:line``;
- the JSON Schemas in ``schema/`` (:mod:`docgen.catalog.schema`), which editors use to check
  and complete spec and catalog files;
- the key tables of ``docs/spec.md`` (:mod:`docgen.workflows.specdoc`).

To add a key: add a :class:`Key` to its record here, read it in the parser, and run
``make schema``; the schema and the documentation follow (a test fails until they do).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from docgen.catalog.yamlio import is_bool
from docgen.errors import CatalogError
from docgen.model.appendix import ALIGNS
from docgen.model.decision import AUTHORITIES, EXECUTORS_ARTICLE
from docgen.model.entities import LEVELS, ROLES, SCHOOL_TYPES
from docgen.model.report import FIGURE_SHOWS, TABLE_KINDS, TIME_FORMS
from docgen.model.spec import KINDS, THEME_PARTS

if TYPE_CHECKING:  # the key check receives a Fields; fields.py does not import this module
    from docgen.catalog.fields import Fields

JSON = dict[str, Any]


# -- types -----------------------------------------------------------------------------------
class Type:
    """What a key's value may be: a JSON Schema, a few words for the docs, and the check of
    a loaded value (every scalar a string, as docgen reads YAML)."""

    def words(self) -> str:
        """A few words for the docs: "text", "a list of texts"."""
        return "a value"

    def schema(self) -> JSON:
        return {}

    def check(self, f: Fields, key: str) -> None:
        """Raise a CatalogError at the value when it is not of this type."""

    def records(self) -> tuple[Record, ...]:
        """The records this type refers to (for the schema's definitions)."""
        return ()


@dataclass(frozen=True)
class Text(Type):
    """One text (a number written bare counts as text: docgen reads every value as text)."""

    def words(self) -> str:
        return "text"

    def schema(self) -> JSON:
        return {"type": ["string", "number"]}

    def check(self, f: Fields, key: str) -> None:
        f.text(key, "")


@dataclass(frozen=True)
class Parsed(Type):
    """*inner*'s schema and words, checked by the parser alone (its messages say more)."""

    inner: Type = field(default_factory=Text)

    def words(self) -> str:
        return self.inner.words()

    def schema(self) -> JSON:
        return self.inner.schema()

    def records(self) -> tuple[Record, ...]:
        return self.inner.records()


@dataclass(frozen=True)
class TextOrFlag(Text):
    """A text, or true/false (a plain YAML ``true`` or ``false``)."""

    def words(self) -> str:
        return "text, or true/false"

    def schema(self) -> JSON:
        return {"type": ["string", "number", "boolean"]}

    def check(self, f: Fields, key: str) -> None:
        if not is_bool(f.raw(key)):
            f.text(key, "")


@dataclass(frozen=True)
class Pattern(Text):
    """A text of a fixed shape (a date, a school year…), *regex* written for JSON Schema."""

    regex: str = ""
    what: str = "text"
    read: str = ""  # the Fields method that reads it: day, school_year (else text)

    def words(self) -> str:
        return self.what

    def schema(self) -> JSON:
        # patternErrorMessage: what editors (the YAML and JSON language servers) say instead
        # of the regular expression
        return {
            "type": ["string", "number"],
            "pattern": self.regex,
            "patternErrorMessage": f"write {self.what}",
        }

    def check(self, f: Fields, key: str) -> None:
        if self.read:
            getattr(f, self.read)(key)
        else:
            f.text(key, "")


DAY = Pattern(
    regex=r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})\s*$",
    what="a date, YYYY-MM-DD (or D/M/YYYY)",
    read="day",
)
SCHOOL_YEAR = Pattern(
    regex=r"^\s*[0-9]{4}\s*[-–—]\s*[0-9]{4}\s*$",
    what="a school year, 2025-2026",
    read="school_year",
)
YEARS = Pattern(
    regex=r"^\s*([0-9]{4}\s*[-–—]\s*[0-9]{4})?\s*(\.\.\s*([0-9]{4}\s*[-–—]\s*[0-9]{4})?\s*)?$",
    what="school years: 2025-2026, 2022-2023..2024-2025, 2025-2026.. or ..2024-2025",
)
PERCENT = Pattern(regex=r"^\s*[0-9]+([.,][0-9]+)?\s*%?\s*$", what="a percentage, 50%")
#: the drafting unit of a ký hiệu (docgen.vn.kyhieu.check_unit says more of what is wrong)
UNIT = Pattern(regex=r"^\s*\S+\s*$", what="a unit's code, without spaces: VHXH")
#: a data column of schools' figure files
COLUMN = Pattern(regex=r"^[a-z][a-z0-9_]*$", what="a column name (a-z, 0-9, _)")


@dataclass(frozen=True)
class Number(Type):
    """A whole number written with the digits 0-9, within *low*..*high*."""

    low: int = 0
    high: int = 0
    hint: str = ""
    #: the bounds the key check applies, when the parser reads wider ones and says itself
    #: why a number outside (low, high) is wrong ("the document number must be 1 or more")
    read: tuple[int, int] | None = None

    def words(self) -> str:
        return f"a whole number, {self.low} to {self.high}"

    def schema(self) -> JSON:
        return {
            "type": ["integer", "string"],
            "pattern": r"^\s*-?[0-9]+\s*$",
            "patternErrorMessage": "write a whole number with the digits 0-9",
            "minimum": self.low,
            "maximum": self.high,
        }

    def check(self, f: Fields, key: str) -> None:
        f.number(key, 0, between=self.read or (self.low, self.high), hint=self.hint)


@dataclass(frozen=True)
class Flag(Type):
    """yes or no."""

    def words(self) -> str:
        return "yes or no"

    def schema(self) -> JSON:
        return {"enum": [True, False, "yes", "no", "true", "false", "có", "không"]}

    def check(self, f: Fields, key: str) -> None:
        f.flag(key)


@dataclass(frozen=True)
class Choice(Type):
    """One of a fixed set of words (*noun*: what one is called in messages, "level")."""

    values: tuple[str, ...] = ()
    noun: str = ""

    def words(self) -> str:
        return "one of " + ", ".join(f"`{v}`" for v in self.values)

    def schema(self) -> JSON:
        return {"enum": list(self.values)}

    def check(self, f: Fields, key: str) -> None:
        f.choice(key, self.values)


@dataclass(frozen=True)
class Choices(Choice):
    """A list of words of a fixed set (a single word counts as a list of one)."""

    def words(self) -> str:
        return "a list of " + ", ".join(f"`{v}`" for v in self.values)

    def schema(self) -> JSON:
        one = {"enum": list(self.values)}
        return {"anyOf": [one, {"type": "array", "items": one}]}

    def check(self, f: Fields, key: str) -> None:
        for value in f.texts(key):
            if value not in self.values:
                raise CatalogError(
                    f"unknown {self.noun or key} '{value}'",
                    where=f.at(key),
                    hint=f"use {', '.join(self.values)}",
                )


@dataclass(frozen=True)
class Texts(Type):
    """A list of texts (a single text counts as a list of one)."""

    def words(self) -> str:
        return "a list of texts (or one text)"

    def schema(self) -> JSON:
        return {"type": ["string", "number", "array"], "items": {"type": ["string", "number"]}}

    def check(self, f: Fields, key: str) -> None:
        f.texts(key)


@dataclass(frozen=True)
class TextsOrFlag(Texts):
    """A list of texts, or yes/true (the parser says what yes stands for)."""

    def words(self) -> str:
        return "a list of texts, or yes"

    def schema(self) -> JSON:
        return {
            "type": ["string", "number", "boolean", "array"],
            "items": {"type": ["string", "number"]},
        }

    def check(self, f: Fields, key: str) -> None:
        if not is_bool(f.raw(key)):
            f.texts(key)


@dataclass(frozen=True)
class Block(Type):
    """A block of keys: one *record*."""

    record: Record | None = None

    def words(self) -> str:
        assert self.record is not None
        return f"a block: {self.record.title}"

    def schema(self) -> JSON:
        assert self.record is not None
        return {"$ref": f"#/definitions/{self.record.name}"}

    def check(self, f: Fields, key: str) -> None:
        f.mapping(key)

    def records(self) -> tuple[Record, ...]:
        assert self.record is not None
        return (self.record,)


@dataclass(frozen=True)
class TextOr(Type):
    """A text (of type *text*: any text, a date…), or a block of keys (*record*) that says
    more."""

    record: Record | None = None
    text: Type = field(default_factory=Text)

    def words(self) -> str:
        assert self.record is not None
        return f"{self.text.words()}, or a block: {self.record.title}"

    def schema(self) -> JSON:
        assert self.record is not None
        return {"anyOf": [self.text.schema(), {"$ref": f"#/definitions/{self.record.name}"}]}

    def check(self, f: Fields, key: str) -> None:
        value = f.raw(key)
        if isinstance(value, str):
            self.text.check(f, key)
        elif not isinstance(value, dict):
            assert self.record is not None
            raise CatalogError(
                f"'{key}' must be text or a block of keys ({self.record.title}), found a list",
                where=f.at(key),
            )

    def records(self) -> tuple[Record, ...]:
        assert self.record is not None
        return (self.record,)


@dataclass(frozen=True)
class ListOf(Type):
    """A list (lines starting with ``- ``) of *item*."""

    item: Type = field(default_factory=Text)

    def words(self) -> str:
        return f"a list, each {self.item.words()}"

    def schema(self) -> JSON:
        return {"type": "array", "items": self.item.schema()}

    def check(self, f: Fields, key: str) -> None:
        f.blocks(key)

    def records(self) -> tuple[Record, ...]:
        return self.item.records()


@dataclass(frozen=True)
class MapOf(Type):
    """A block of ``key: value`` lines: any keys (*keys* empty) or some of *keys*."""

    value: Type = field(default_factory=Text)
    keys: tuple[str, ...] = ()
    what: str = "key"  # what the keys are, for the docs ("unit code", "reference id")

    def words(self) -> str:
        if self.keys:
            return f"a block of {', '.join(f'`{k}`' for k in self.keys)}: {self.value.words()}"
        return f"a block of `{self.what}: {self.value.words()}` lines"

    def schema(self) -> JSON:
        if self.keys:  # named, so that an editor completes them
            return {
                "type": "object",
                "properties": {key: self.value.schema() for key in self.keys},
                "additionalProperties": False,
            }
        return {"type": "object", "additionalProperties": self.value.schema()}

    def check(self, f: Fields, key: str) -> None:
        f.mapping(key)

    def records(self) -> tuple[Record, ...]:
        return self.value.records()


# -- keys and records ------------------------------------------------------------------------
@dataclass(frozen=True)
class Key:
    """One key of a record: its type, what it says (one line) and an example value."""

    name: str
    type: Type
    doc: str
    example: Any = None
    required: bool = False
    #: what an absent key means, in words ("cong_van", "the file's name")
    default: str = ""
    #: in a spec, the kinds of document that have this key (empty: every kind)…
    kinds: tuple[str, ...] = ()
    #: …and those that do not
    not_kinds: tuple[str, ...] = ()


@dataclass(eq=False)
class Record:
    """A kind of YAML block: its keys. Iterating it gives the key names, so a record is the
    *allowed* argument of :class:`~docgen.catalog.fields.Fields`."""

    name: str  # the schema's definition name: lower case, _
    title: str  # a few words: "organisation"
    doc: str  # one or two sentences
    keys: tuple[Key, ...]

    def __iter__(self) -> Iterator[str]:
        return (key.name for key in self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, name: str) -> Key:
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(name)

    def check(self, f: Fields) -> None:
        """Check every key present in *f* against its type (the first problem is raised,
        as :class:`Fields` raises the first unknown key)."""
        types = {key.name: key.type for key in self.keys}
        for name in f.data:
            if f.has(name):
                types[name].check(f, name)

    def with_keys(self, *keys: Key, name: str = "", title: str = "", doc: str = "") -> Record:
        """A record of these keys with this one's name, title and doc unless given."""
        return Record(name or self.name, title or self.title, doc or self.doc, keys)


def _optional(keys: Mapping[str, Key], *names: str) -> tuple[Key, ...]:
    """The keys *names* of another record, neither required nor with its defaults."""
    return tuple(replace(keys[n], required=False, default="") for n in names)


def _by_name(*keys: Key) -> dict[str, Key]:
    return {key.name: key for key in keys}


#: the choices that the parsers share with these tables
STATUSES: tuple[str, ...] = ("in_force", "superseded", "expired")
STYLES: tuple[str, ...] = ("para", "heading", "basis")
BULLETS: tuple[str, ...] = ("auto", "dash")
#: what a schedule group may name as its actor besides a level id
ACTORS: tuple[str, ...] = ("issuer", "below")


# -- task outlines (catalog task lists, and a spec's own sections) ---------------------------
#: a task item: built first as a forward reference for its own ``items``
TASK_ITEM = Record(
    "task_item",
    "task item",
    "A section, item or point of a task outline; a bare text is an item with that text.",
    (),
)
_ITEM_KEYS = (
    Key(
        "id",
        Text(),
        "the item's id, unique in its list (what `exclude:` and `sections:` name)",
        "nq57",
    ),
    Key("title", Text(), "a bold numbered heading", "Nhiệm vụ chung"),
    Key(
        "text",
        Text(),
        "the paragraph (numbered when the item has no title)",
        'Tham mưu, triển khai {{ cite("57-NQ/TW", "long") }}.',
    ),
    Key("intro", Texts(), "unnumbered paragraphs before the items", ["Cụ thể như sau:"]),
    Key("outro", Texts(), "unnumbered paragraphs after the items", ["Thời gian: cả năm học."]),
    Key(
        "items",
        ListOf(TextOr(TASK_ITEM)),
        "the items below this one (texts or task items)",
        ["Rà soát hạ tầng mạng."],
    ),
    Key(
        "bullets",
        Choice(BULLETS),
        "how the items below are marked: numbered (`auto`: 1., a), -) or all with dashes (`dash`)",
        "dash",
        default="auto",
    ),
    Key(
        "levels",
        Choices(LEVELS, "level"),
        "only issuers of these levels write the item",
        ["xa", "truong"],
    ),
    Key(
        "school_types",
        Choices(SCHOOL_TYPES, "school type"),
        "only issuers with one of these school types write the item",
        ["thcs", "thpt"],
    ),
    Key("years", YEARS, "the school years the item is for", "2025-2026.."),
    Key("refs", Texts(), "references the item cites (checked to exist)", ["131/QĐ-TTg"]),
)
TASK_ITEM.keys = _ITEM_KEYS

OWNER = Key(
    "owner",
    Text(),
    "the organisation that owns it: documents of that organisation and those below it see "
    "it (over the file's `owner:`; neither: every document)",
    "sgddt-quang-ngai",
)

TASK_LIST = Record(
    "task_list",
    "task list",
    "A named outline of sections → items → points; files with the same id append sections.",
    (
        Key(
            "id", Text(), "the list's id, as a spec's `tasks:` names it", "cntt-cds", required=True
        ),
        OWNER,
        Key("title", Text(), "the list's title", "Nhiệm vụ ứng dụng CNTT, chuyển đổi số"),
        Key(
            "sections",
            ListOf(TextOr(TASK_ITEM)),
            "the sections (task items)",
            [{"id": "nv-chung-2025", "title": "Nhiệm vụ chung", "items": ["Rà soát hạ tầng."]}],
        ),
    ),
)

# -- organisations -------------------------------------------------------------------------
ORG_SIGNER = Record(
    "org_signer",
    "signer",
    "A person who signs for the organisation.",
    (
        Key(
            "id",
            Text(),
            "the signer's id, as a spec's `signer:` names it",
            "pgd-sgddt-qngai",
            required=True,
        ),
        Key("name", Text(), "full name, under the signature", "Nguyễn Văn Ngọc", required=True),
        Key("title", Text(), "title above the signature", "Phó Giám đốc", required=True),
        Key(
            "role",
            Choice(tuple(ROLES), "role"),
            "how the signer signs: `head` in own right, "
            "`deputy` KT., `acting` Q., `by_order` TL., `authorised` TUQ.",
            "deputy",
            default="head",
        ),
    ),
)

ORG = Record(
    "org",
    "organisation",
    "An organisation of the hierarchy: a Bộ, Sở, UBND, Phòng or school.",
    (
        Key(
            "id",
            Text(),
            "its id (letters, digits, -, _; it becomes a file name)",
            "sgddt-quang-ngai",
            required=True,
        ),
        Key("name", Text(), "full name", "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi", required=True),
        Key("short", Text(), "short name, used where documents use one", "Sở GDĐT"),
        Key("level", Choice(LEVELS, "level"), "its level of the hierarchy", "so", required=True),
        Key(
            "abbr", Text(), "its abbreviation in a ký hiệu (Số: 12/SGDĐT-…)", "SGDĐT", required=True
        ),
        Key(
            "place",
            Text(),
            "the place of the date line (Quảng Ngãi, ngày …)",
            "Quảng Ngãi",
            required=True,
        ),
        Key("parent", Text(), "the id of the organisation above it", "bo-gddt"),
        Key(
            "chu_quan",
            Texts(),
            "the line(s) of the governing body above the agency name",
            ["UBND TỈNH QUẢNG NGÃI"],
        ),
        Key(
            "header",
            Texts(),
            "the agency name as the header writes it, line by line",
            ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
            default="the name",
        ),
        Key("collective", Text(), "a collective body signs as TM. of this name", "Ủy ban nhân dân"),
        Key("head_title", Text(), "the head's title", "Giám đốc"),
        Key(
            "self_name",
            Text(),
            "how it names itself in its own text",
            "Sở Giáo dục và Đào tạo",
            default="short, else name",
        ),
        Key(
            "units",
            MapOf(Text(), what="code"),
            "its units: code → name (a spec's `unit:`)",
            {"VP": "Văn phòng"},
        ),
        Key(
            "signers",
            ListOf(Block(ORG_SIGNER)),
            "the people who sign for it",
            [{"id": "gd-sgddt", "name": "Nguyễn Văn A", "title": "Giám đốc"}],
        ),
        Key(
            "school_types", Choices(SCHOOL_TYPES, "school type"), "a school's types", ["th", "thcs"]
        ),
        Key("valid_from", DAY, "the first day it exists", "2025-07-01"),
        Key("valid_to", DAY, "the last day it exists", "2025-06-30"),
        Key(
            "successor",
            Text(),
            "the id of the organisation that took over its duties",
            "ubnd-xa-sa-thay",
        ),
        Key("successor_unit", Text(), "the unit of the successor that took them over", "VHXH"),
        Key("type", Text(), "its type of organisation (a `types:` id of its level)", "phuong"),
    ),
)

ORG_TYPE = Record(
    "org_type",
    "organisation type",
    "A type of organisation of a level (a phường, a đặc khu beside the xã): its cascade "
    "profile (`cascade:` with `type:`) and its organisations' `type:` name it.",
    (
        Key("id", Text(), "its id (letters, digits, -, _)", "phuong", required=True),
        Key("name", Text(), "its name, as texts write it", "phường", required=True),
    ),
)

LEVEL = Record(
    "level",
    "level",
    "A level of the hierarchy, the lead time of its deadlines and its types of organisation.",
    (
        Key("id", Choice(LEVELS, "level"), "the level", "xa", required=True),
        Key("name", Text(), "its name", "UBND xã, phường"),
        Key(
            "lead_working_days",
            Number(0, 120, "the working days a level's deadline comes before its parent's, e.g. 3"),
            "working days its deadlines come before its parent's",
            5,
            default="0",
        ),
        Key(
            "types",
            ListOf(Block(ORG_TYPE)),
            "the types of organisation of the level",
            [{"id": "phuong", "name": "phường"}],
        ),
    ),
)

# -- references, milestones, targets ---------------------------------------------------------
REFERENCE = Record(
    "reference",
    "reference",
    "A legal or administrative document that texts cite.",
    (
        Key(
            "id",
            Text(),
            "its id in `cite()`, when two issuers use the same number",
            "21/KH-UBND-QNg",
            default="the number",
        ),
        Key("type", Text(), "its kind, as a citation writes it", "Quyết định", required=True),
        Key("number", Text(), "its số và ký hiệu", "131/QĐ-TTg"),
        Key("date", DAY, "the day it was signed", "2022-01-25"),
        Key("issuer", Text(), "who issued it", "Thủ tướng Chính phủ"),
        Key(
            "issuer_short",
            Text(),
            'its issuer\'s short name, for `cite(…, issuer="short")`',
            "Thủ tướng",
        ),
        Key(
            "subject",
            Text(),
            "its trích yếu, as it follows the issuer in a citation",
            "về công tác văn thư",
        ),
        Key(
            "status",
            Choice(STATUSES, "status"),
            "whether it is in force",
            "superseded",
            default="in_force",
        ),
        Key("superseded_by", Text(), "the id of the reference that replaces it", "30/2020/NĐ-CP"),
        Key("tags", Texts(), "words to find it by", ["cds"]),
    ),
)

DEADLINE_CASE = Record(
    "deadline_case",
    "deadline case",
    "A level's deadline for some of its units: those of `school_types` and/or reporting to "
    "an organisation of level `report_to`; the first case that matches a unit wins.",
    (
        Key(
            "school_types",
            Choices(SCHOOL_TYPES, "school type"),
            "units with one of these school types",
            ["thpt"],
        ),
        Key("report_to", Choice(LEVELS, "level"), "units reporting to this level", "so"),
        Key("date", DAY, "their deadline", "2026-01-15"),
        Key(
            "lead_working_days",
            Number(0, 120, "the working days this deadline comes before the one it reports to"),
            "or their lead time before the deadline they report to",
            3,
        ),
    ),
)

LEVEL_DEADLINE = Record(
    "level_deadline",
    "level's deadline",
    "A level's deadline written as a block: its date and/or lead time, and cases.",
    (
        Key("date", DAY, "the level's deadline", "2026-01-10"),
        Key(
            "lead_working_days",
            Number(0, 120, "the working days this deadline comes before the one it reports to"),
            "this milestone's lead time for the level (over levels.yaml's)",
            3,
        ),
        Key(
            "cases",
            ListOf(Block(DEADLINE_CASE)),
            "deadlines of some of its units",
            [{"school_types": ["thpt"], "report_to": "so", "date": "2026-01-15"}],
        ),
    ),
)

MILESTONE = Record(
    "milestone",
    "milestone",
    "A reporting milestone of one school year, with one deadline per level.",
    (
        Key(
            "id",
            Text(),
            "its id, as `deadline()` and schedules name it",
            "so-ket-hk1",
            required=True,
        ),
        OWNER,
        Key("title", Text(), "what is due", "Sơ kết học kỳ I", required=True),
        Key("school_year", SCHOOL_YEAR, "its school year", "2025-2026", required=True),
        Key(
            "deadlines",
            MapOf(TextOr(LEVEL_DEADLINE, DAY), LEVELS),
            "the deadline of each level: a date, or a block",
            {"xa": "2026-01-20", "truong": "2026-01-10"},
        ),
    ),
)

MEASURE = Record(
    "measure",
    "measure",
    "A figure a target is measured by, and the share it must reach.",
    (
        Key("figure", Text(), "the figure's id", "gv-may-tinh", required=True),
        Key("threshold", PERCENT, "the share to reach (≥)", "100%", required=True),
    ),
)

TARGET = Record(
    "target",
    "target",
    "A quantitative target; without a figure, the report's author assesses it.",
    (
        Key(
            "id",
            Text(),
            "its id, as report tables and `assessments:` name it",
            "qd131-tiep-can",
            required=True,
        ),
        OWNER,
        Key("text", Text(), "what is to be reached", "100% giáo viên có máy tính", required=True),
        Key("threshold", PERCENT, "the share to reach (with `figure:`, or alone)", "50%"),
        Key("ref", Text(), "the reference that sets it", "131/QĐ-TTg"),
        Key("figure", Text(), "the figure it is measured by (with `threshold:`)", "gv-may-tinh"),
        Key(
            "measures",
            ListOf(Block(MEASURE)),
            "several figures it is measured by",
            [{"figure": "gv-may-tinh", "threshold": "100%"}],
        ),
        Key("lines", Texts(), "further lines of its text", ["- 100% người học …"]),
    ),
)

FIGURE = Record(
    "figure",
    "figure",
    "How one number of a report is made from the schools' figure files: exactly one of "
    "`count:` (with `of:`), `schools:` or `distinct:`.",
    (
        Key(
            "id",
            Text(),
            "its id, as `figure()` and report tables name it",
            "gv-may-tinh",
            required=True,
        ),
        Key("text", Text(), "what it counts", "Giáo viên có máy tính"),
        Key("count", COLUMN, "the column added up (over `of:`)", "gv_may_tinh"),
        Key("of", COLUMN, "the column of the total", "gv"),
        Key("schools", COLUMN, "a yes/no column: the schools answering yes", "quan_tri"),
        Key("distinct", COLUMN, "a column of names: the distinct names listed", "nen_tang"),
        Key("unit", Text(), "the word after a count of schools", "trường"),
        Key(
            "school_types",
            Choices(SCHOOL_TYPES, "school type"),
            "only schools of these types supply and count",
            ["th", "thcs"],
        ),
        Key(
            "show",
            Choice(FIGURE_SHOWS),
            "how it is written",
            "percent",
            default="ratio (count:), count (schools:), list (distinct:)",
        ),
    ),
)

TABLE_ROW = Record(
    "table_row",
    "table row",
    "A row of a report table: its text and either figure lines or targets.",
    (
        Key("text", Text(), "the row's text", "Giáo viên", required=True),
        Key("lines", Texts(), "figure lines (statistics tables)", ['{{ figure("gv-may-tinh") }}']),
        Key("targets", Texts(), "target ids (targets tables)", ["qd131-tiep-can"]),
    ),
)

TABLE_GROUP = Record(
    "table_group",
    "table group",
    "A numbered group of rows.",
    (
        Key("title", Text(), "the group's heading", "Tiếp cận giáo dục trực tuyến", required=True),
        Key("rows", ListOf(Block(TABLE_ROW)), "its rows", [{"text": "Giáo viên", "lines": ["…"]}]),
    ),
)

REPORT_TABLE = Record(
    "report_table",
    "report table",
    "A table of a report form: `statistics` (figures) or `targets` (Đạt / Không đạt).",
    (
        Key("id", Text(), "its id, as a body block's `table:` names it", "thong-ke", required=True),
        Key("kind", Choice(TABLE_KINDS), "what it shows", "statistics", required=True),
        Key("title", Text(), "its heading", "Số liệu thống kê"),
        Key(
            "columns",
            Texts(),
            "column headings (3 for statistics, 4 for targets)",
            ["STT", "Nội dung", "Số liệu"],
        ),
        Key(
            "groups",
            ListOf(Block(TABLE_GROUP)),
            "its groups of rows",
            [{"title": "Giáo viên", "rows": [{"text": "Có máy tính", "lines": ["…"]}]}],
        ),
    ),
)

SCHEDULE_ROW = Record(
    "schedule_row",
    "schedule row",
    "One task of a plan's schedule.",
    (
        Key("text", Text(), "the task", "Xây dựng kế hoạch năm học {{ year }}", required=True),
        Key(
            "milestone",
            Text(),
            "the milestone whose deadline it has",
            "ke-hoach-nam-hoc",
            required=True,
        ),
        Key(
            "form",
            Choice(TIME_FORMS),
            "how the deadline is written: `by` Chậm nhất …, "
            "`before` Trước ngày …, `month` Trong tháng …",
            "month",
            default="by",
        ),
        Key("product", Text(), "what it produces", "Kế hoạch"),
        Key(
            "levels", Choices(LEVELS, "level"), "only issuers of these levels have the row", ["xa"]
        ),
    ),
)

SCHEDULE_GROUP = Record(
    "schedule_group",
    "schedule group",
    "The tasks of one actor.",
    (
        Key(
            "level",
            Choice((*ACTORS, *LEVELS)),
            "whose tasks: `issuer`, `below` or a level",
            "issuer",
            required=True,
        ),
        Key(
            "title",
            Text(),
            "the actor as the table writes it",
            "{{ issuer.mention }}",
            required=True,
        ),
        Key(
            "rows",
            ListOf(Block(SCHEDULE_ROW)),
            "the tasks",
            [{"text": "…", "milestone": "kien-toan"}],
        ),
    ),
)

SCHEDULE = Record(
    "schedule",
    "schedule",
    "The task table of a plan, written as its Phụ lục (a spec's `appendices:` names it).",
    (
        Key("id", Text(), "its id", "cntt-cds-2024-2025", required=True),
        Key("title", Text(), "its title", "Triển khai nhiệm vụ năm học {{ year }}", required=True),
        Key(
            "columns",
            Texts(),
            "its 4 column headings",
            ["TT", "Nội dung thực hiện", "Thời gian thực hiện", "Sản phẩm"],
            default="TT, Nội dung thực hiện, Thời gian thực hiện, Sản phẩm",
        ),
        Key(
            "groups",
            ListOf(Block(SCHEDULE_GROUP)),
            "its groups of rows, by actor",
            [{"level": "issuer", "title": "…", "rows": [{"text": "…", "milestone": "kien-toan"}]}],
        ),
    ),
)

# -- document specs ----------------------------------------------------------------------------
#: what may follow "Như" on the first Nơi nhận line of a spec ("Như Điều N" is a quyết
#: định's, made from its executors)
NHU_LINES: tuple[str, ...] = ("trên", "kính gửi")

NHU_TREN = Record(
    "nhu_tren",
    "Như trên line",
    "The first Nơi nhận line, named: “- Như trên;” or “- Như kính gửi;”, with a purpose.",
    (
        Key("as", Parsed(Choice(NHU_LINES)), "what follows “Như”", "kính gửi", default="trên"),
        Key("purpose", Text(), "written after it in brackets", "để thực hiện"),
    ),
)

SPEC_SIGNER = Record(
    "spec_signer",
    "one-off signer",
    "A signer written in the spec instead of a catalog signer id.",
    (
        Key("name", Text(), "full name", "Nguyễn Văn A", required=True),
        Key("title", Text(), "title", "Chủ tịch", required=True),
        Key("role", Choice(tuple(ROLES), "role"), "how the signer signs", "deputy", default="head"),
    ),
)

CC = Record(
    "cc_entry",
    "Nơi nhận entry",
    "One Nơi nhận line: an organisation id or a text, and why it is sent.",
    (
        Key("to", Text(), "an organisation id or a text", "sgddt-quang-ngai", required=True),
        Key("purpose", Text(), "written after it in brackets", "để b/c"),
    ),
)

THEME = Record(
    "theme",
    "theme",
    "A theme of a report: what it achieved, its difficulties, their causes, the solutions.",
    (
        Key("title", Text(), "the theme's heading", "Hạ tầng, thiết bị", required=True),
        Key("intro", Texts(), "paragraphs before its parts", ["Trong năm học …"]),
        *(
            Key(part, Texts(), f"the paragraphs under “{heading}”", ["…"])
            for part, heading in THEME_PARTS
        ),
    ),
)

THEMES = Record(
    "themes",
    "themes",
    "A report section of themes, each under the standard headings.",
    (
        Key("title", Text(), "the section's heading", "Kết quả thực hiện", required=True),
        Key("intro", Texts(), "paragraphs before the themes", ["…"]),
        Key("items", ListOf(Block(THEME)), "the themes", [{"title": "Hạ tầng", "ket_qua": ["…"]}]),
    ),
)

BODY_BLOCK = Record(
    "body_block",
    "body block",
    "One block of the body: a paragraph (a bare text, or `text:` with `style:`), a task "
    "list (`tasks:`), a section written here (`section:`), a report's themes (`themes:`) or "
    "a report table (`table:`).",
    (
        Key(
            "text",
            Text(),
            "a paragraph (or a table's heading)",
            "{{ issuer.mention }} đề nghị các đơn vị thực hiện./.",
        ),
        Key(
            "style",
            Choice(STYLES),
            "`para`, a `heading`, or a `basis` (Căn cứ) line",
            "heading",
            default="para",
        ),
        Key(
            "tasks",
            Text(),
            "a catalog task list, kept to the issuer's level, school types and year",
            "cntt-cds",
        ),
        Key("sections", Texts(), "with `tasks:`, only these sections", ["muc-dich-2024"]),
        Key("exclude", Texts(), "with `tasks:`, leave these items out", ["nq57"]),
        Key(
            "section",
            TextOr(TASK_ITEM),
            "a numbered section written in the spec",
            {"title": "Tổ chức thực hiện", "items": ["Các trường báo cáo kết quả."]},
        ),
        Key("table", Text(), "a report table of the catalog", "thong-ke"),
        Key(
            "themes",
            Block(THEMES),
            "a report section of themes",
            {"title": "Kết quả", "items": [{"title": "Hạ tầng", "ket_qua": ["…"]}]},
        ),
    ),
)

# -- a spec's Phụ lục (docgen/catalog/spec_appendix.py) -----------------------------------------
#: how a Phụ lục's page is turned
ORIENTATIONS: tuple[str, ...] = ("portrait", "landscape")
#: a text block's styles in a Phụ lục (a body's, and a centred bold `title`)
APPENDIX_STYLES: tuple[str, ...] = (*STYLES, "title")

#: a table column: built first as a forward reference for its own ``columns``
APPENDIX_COLUMN = Record(
    "appendix_column",
    "table column",
    "A column of a Phụ lục table: its heading, its share of the width, the file's column it "
    "reads, its alignment, or the sub-columns of a group; a bare text is its heading.",
    (),
)
APPENDIX_COLUMN.keys = (
    Key("head", Text(), "the column's heading", "Số học sinh", required=True),
    Key(
        "width",
        Number(1, 100, "a share of the table, e.g. 1 to 10"),
        "its share of the table's width",
        3,
        default="1",
    ),
    Key("key", Text(), "with `file:`, the file's column it shows", "so_hs"),
    Key("align", Choice(ALIGNS), "how its cells are aligned", "center", default="text"),
    Key(
        "columns",
        ListOf(TextOr(APPENDIX_COLUMN)),
        "the sub-columns of a group (a heading of two rows)",
        ["Nam", "Nữ"],
    ),
)

APPENDIX_TABLE = Record(
    "appendix_table",
    "Phụ lục table",
    "A table of a Phụ lục: its columns, and its rows from one source (rows written here, a "
    "figure file, references, reference tags, or a catalog schedule).",
    (
        Key(
            "columns",
            ListOf(TextOr(APPENDIX_COLUMN)),
            "the columns (a danh mục văn bản has its own when none are given)",
            ["TT", "Nội dung", {"head": "Số lượng", "align": "center"}],
        ),
        Key(
            "rows",
            Parsed(ListOf(Texts())),
            "the rows written here, each a list of cells",
            [["1", "…"]],
        ),
        Key("file", Text(), "a figure file (.csv, .xlsx) of the spec's folder", "truong.csv"),
        Key("references", Texts(), "references listed (a danh mục văn bản)", ["131/QĐ-TTg"]),
        Key("tags", Texts(), "the references of these tags listed", ["cds"]),
        Key("schedule", Text(), "a catalog schedule (a plan's task table)", "cntt-cds-2024-2025"),
        Key(
            "numbered",
            Flag(),
            "a first TT column numbered by docgen",
            "yes",
            default="yes with references or tags",
        ),
        Key("caption", Text(), "a line under the table", "Ghi chú: …"),
    ),
)

APPENDIX_BLOCK = Record(
    "appendix_block",
    "Phụ lục block",
    "One block of a Phụ lục: a paragraph (a bare text, or `text:` with `style:`), a title, "
    "a heading, a numbered section, a report form's header (`form:`) or a table.",
    (
        Key("text", Text(), "a paragraph, as in the body", "Các đơn vị báo cáo theo mẫu sau:"),
        Key("style", Choice(APPENDIX_STYLES), "the paragraph's style", "basis", default="para"),
        Key("title", Text(), "a centred bold line", "BÁO CÁO KẾT QUẢ"),
        Key("heading", Text(), "a bold heading", "1. Kết quả"),
        Key(
            "section",
            TextOr(TASK_ITEM),
            "a numbered section, as in the body",
            {"title": "Nội dung", "items": ["…"]},
        ),
        Key(
            "form",
            TextsOrFlag(),
            "a report form's two-column header: its lines, or yes (“TÊN ĐƠN VỊ”)",
            ["UBND XÃ ……", "TRƯỜNG ……"],
        ),
        Key("date_line", Text(), "with `form:`, the place and date line", "……, ngày … tháng …"),
        Key(
            "table",
            Parsed(Block(APPENDIX_TABLE)),
            "a table",
            {"columns": ["TT", "Nội dung"], "rows": [["1", "…"]]},
        ),
    ),
)

APPENDIX = Record(
    "appendix",
    "Phụ lục",
    "A Phụ lục of any shape: a title, its page's orientation and its blocks (a bare text is "
    "a catalog schedule, written as a plan's task table).",
    (
        Key("title", Text(), "the Phụ lục's title", "Danh mục văn bản chỉ đạo"),
        Key("orientation", Choice(ORIENTATIONS), "its pages", "landscape", default="portrait"),
        Key(
            "ban_hanh",
            Flag(),
            "in a quyết định, what it issues (a quy chế, a quy định): the line reads “(Ban "
            "hành kèm theo Quyết định số …)”",
            "yes",
            default="no",
        ),
        Key(
            "blocks",
            ListOf(TextOr(APPENDIX_BLOCK)),
            "its blocks",
            [{"title": "BÁO CÁO …"}, {"table": {"references": ["131/QĐ-TTg"]}}],
            required=True,
        ),
    ),
)

# -- the keys of a tờ trình and a giấy mời (docgen/catalog/spec_kinds.py) -------------------
SUBMISSION = Record(
    "kinh_trinh",
    "Kính trình",
    "A tờ trình's closing: “<issuer> kính trình <to> <asks>./.”.",
    (
        Key("to", Text(), "whom it is submitted to", "Ủy ban nhân dân tỉnh"),
        Key(
            "asks",
            Parsed(Text()),
            'what it asks ("" for none)',
            "xem xét, quyết định",
            default="xem xét, quyết định",
        ),
    ),
)

MEETING = Record(
    "meeting",
    "meeting",
    "A giấy mời's meeting: when, where, what, who chairs, who attends, what to prepare.",
    (
        Key("date", DAY, "the day of the meeting", "2025-10-09", required=True),
        Key("time", Text(), "when it starts (HH:MM)", "08:00", required=True),
        Key("end", Text(), "when it ends (HH:MM), after `time:`", "11:00"),
        Key("place", Text(), "where it is held", "Hội trường UBND tỉnh", required=True),
        Key("event", Text(), "the meeting's name", "Hội nghị trực tuyến"),
        Key("content", Texts(), "what it is about", ["Triển khai Chương trình …"]),
        Key("chair", Text(), "who chairs it", "Chủ tịch UBND tỉnh"),
        Key("members", Texts(), "who is invited", ["Giám đốc các Sở"]),
        Key("prepare", Texts(), "what the invited prepare", ["Báo cáo kết quả …"]),
    ),
)

_SPEC_KEYS = _by_name(
    Key(
        "name",
        Text(),
        "the output file's name (letters, digits, -, _, .)",
        "sa-thay-2025",
        default="the spec file's name",
    ),
    Key("kind", Choice(KINDS, "kind"), "the kind of document", "ke_hoach", default="cong_van"),
    Key("issuer", Text(), "the issuing organisation's id", "ubnd-xa-sa-thay", required=True),
    Key(
        "signer",
        TextOr(SPEC_SIGNER),
        "a signer id of the issuer, or a one-off signer",
        "vo-thi-kim-dung",
        required=True,
    ),
    Key(
        "subject",
        Text(),
        "the trích yếu (V/v …, or the title of a plan or report)",
        "hướng dẫn thực hiện nhiệm vụ năm học {{ year_spaced }}",
        required=True,
    ),
    Key(
        "year",
        Number(2000, 2100, "give a year from 2000 to 2100", read=(-(10**9), 10**9)),
        "the year of an unsigned draft (number and day left blank)",
        2025,
        default="the date's year",
    ),
    Key(
        "school_year",
        SCHOOL_YEAR,
        "the school year (for tasks, deadlines, {{ year }})",
        "2025-2026",
    ),
    Key(
        "number",
        Number(
            1,
            999_999,
            "give the number the văn thư assigned, or leave 'number' out",
            read=(-999_999, 999_999),
        ),
        "the number the văn thư assigned (`docgen issue` gives one)",
        7,
    ),
    Key("date", DAY, "the day it is signed", "2025-10-21"),
    Key(
        "unit",
        UNIT,
        "the issuer's drafting unit (a code of its `units:`): ký hiệu …-VHXH and Lưu",
        "VHXH",
    ),
    Key("report_unit", UNIT, "the parent's unit reports go to ({{ report_to }})", "QLCLGDCNTT"),
    Key(
        "recipients",
        Texts(),
        "Kính gửi: organisation ids or texts",
        ["Phòng Văn hóa - Xã hội", "mn-nhu-y"],
    ),
    Key(
        "nhu_tren",
        Parsed(TextOr(NHU_TREN, TextOrFlag())),
        "the first Nơi nhận line: a text is its purpose, “- Như trên (để thực hiện);”; `true` "
        "“- Như trên;”, `false` none; or a block naming it (`as: kính gửi`)",
        "để thực hiện",
        default="“- Như trên;” when there is a Kính gửi",
    ),
    Key(
        "cc",
        ListOf(TextOr(CC)),
        "further Nơi nhận lines",
        ["Chủ tịch, các PCT UBND xã", {"to": "sgddt-quang-ngai", "purpose": "để b/c"}],
    ),
    Key("luu", Texts(), "the units in “- Lưu: VT, …”", ["VHXH"], default="the `unit:`"),
    Key(
        "body",
        ListOf(TextOr(BODY_BLOCK)),
        "the body, block by block",
        ["Căn cứ …;", {"tasks": "cntt-cds"}],
    ),
    Key(
        "template",
        Text(),
        "a .docx template of the spec's folder instead of the stock one",
        "mine.docx",
        default="the stock template of the kind",
    ),
    Key(
        "extra",
        MapOf(Type(), what="name"),
        "further variables of the texts and the template ({{ name }})",
        {"han_nop": "ngày 20 tháng 01 năm 2026"},
    ),
    Key("data", Text(), "a folder of the units' figure files (báo cáo)", "data/ngok-bay"),
    Key(
        "assessments",
        MapOf(Text(), what="target id"),
        "results of the targets no figure measures",
        {"qd131-ai": "Đạt"},
    ),
    Key(
        "appendices",
        Parsed(ListOf(TextOr(APPENDIX))),
        "the Phụ lục: catalog schedule ids, or Phụ lục of any shape",
        [
            "cntt-cds-2024-2025",
            {"title": "Danh mục văn bản", "blocks": [{"table": {"tags": ["cds"]}}]},
        ],
    ),
    Key(
        "cite_instead",
        MapOf(Text(), what="reference id"),
        "texts citing the first reference cite the second (written by `docgen rollover`)",
        {"1491/SGDĐT-QLCLGDCNTT": "1602/SGDĐT-QLCLGDCNTT"},
    ),
)

#: the common keys a quyết định does not have (spec_decision.NOT_IN_DECISION says why)
NOT_IN_DECISION = ("recipients", "nhu_tren", "body", "unit")
#: a quyết định's own keys (docgen/catalog/spec_decision.py reads them)
DECISION_KEYS = (
    Key(
        "authority",
        Choice(AUTHORITIES, "authority"),
        "who decides: the `collective` body (signed TM. …) or its `head` in his own right",
        "head",
        default="the issuer's collective body, if it has one",
    ),
    Key(
        "authority_line",
        Text(),
        "the authority line as written, instead of the one derived from the issuer",
        "GIÁM ĐỐC SỞ NỘI VỤ",
    ),
    Key(
        "can_cu",
        ListOf(Texts()),
        "the Căn cứ lines: a reference id, a list of ids (joined by “và”), or a text “Căn cứ …”",
        ["luat-tccqdp-72-2025", ["65/2006/QH11", "20/2012/QH13"]],
    ),
    Key("de_nghi", Texts(), "the “Theo đề nghị …” lines", ["Theo đề nghị của Giám đốc Sở Nội vụ"]),
    Key(
        "articles",
        ListOf(TextOr(TASK_ITEM)),
        "the articles (Điều 1., Điều 2. …), each a text or a task item with khoản and điểm",
        ["Giải thể Hiệp hội rau quả Đà Lạt."],
    ),
    Key(
        "executors",
        Texts(),
        "who executes it: its last Điều, and “- Như Điều N;” in Nơi nhận",
        ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Nội vụ"],
    ),
    Key(
        "executors_article",
        Choice(EXECUTORS_ARTICLE),
        "the executors in an article of their `own`, or closing the `last` one",
        "last",
        default="own",
    ),
)

#: the kinds besides a quyết định that take its ``authority:`` (whom the document speaks
#: for: the collective body, signed TM. …, the default; or its head in his own right)
AUTHORITY_KINDS: tuple[str, ...] = ("to_trinh", "thong_bao", "giay_moi")
#: the keys of a spec of one kind (docgen/catalog/spec_kinds.py reads them)
KIND_KEYS = (
    Key(
        "kinh_trinh",
        Block(SUBMISSION),
        "the closing “<issuer> kính trình <to> <asks>./.”",
        {"to": "Ủy ban nhân dân tỉnh", "asks": "xem xét, quyết định"},
        kinds=("to_trinh",),
    ),
    Key(
        "meeting",
        Block(MEETING),
        "the meeting the giấy mời invites to (a giấy mời must have one)",
        {"date": "2025-10-09", "time": "08:00", "place": "Hội trường UBND tỉnh"},
        kinds=("giay_moi",),
    ),
)

SPEC = Record(
    "spec",
    "document spec",
    "What one document says beyond what the catalogs know.",
    (
        *(
            replace(key, not_kinds=("quyet_dinh",)) if key.name in NOT_IN_DECISION else key
            for key in _SPEC_KEYS.values()
        ),
        *(
            replace(
                key,
                kinds=("quyet_dinh", *AUTHORITY_KINDS)
                if key.name == "authority"
                else ("quyet_dinh",),
            )
            for key in DECISION_KEYS
        ),
        *KIND_KEYS,
    ),
)

CASCADE_PROFILE = Record(
    "cascade_profile",
    "cascade profile",
    "What the organisations of a level, or one organisation, write when they derive their "
    "document from their parent's (`docgen cascade`); unset keys fall back to the level's "
    "profile (its type's, then its level's), then to the defaults. Texts may use `@parent`, "
    "`@children`, `@unit`.",
    (
        Key("id", Text(), "a level id, or an organisation id", "xa", required=True),
        Key(
            "type",
            Text(),
            "with a level id: the profile of that type of organisation of the level",
            "phuong",
        ),
        *_optional(_SPEC_KEYS, "kind", "subject", "unit", "report_unit"),
        Key("signer", Text(), "a signer id of the organisation", "chu-tich"),
        *_optional(_SPEC_KEYS, "recipients", "nhu_tren", "cc", "luu", "body", "template"),
    ),
)


# -- catalog files -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    """A top-level key of a catalog file: a list of records."""

    name: str
    record: Record
    doc: str


#: keys at the top of a catalog file that are not sections: one value for the whole file
FILE_KEYS: tuple[Key, ...] = (
    Key(
        "owner",
        Text(),
        "the organisation that owns the file's task lists, milestones and targets (an "
        "entry's own `owner:` wins)",
        "sgddt-quang-ngai",
    ),
)

#: the sections a catalog file may have, each a list of one kind of record
CATALOG_SECTIONS: dict[str, Section] = {
    s.name: s
    for s in (
        Section("levels", LEVEL, "the levels of the hierarchy and their lead times"),
        Section("orgs", ORG, "organisations and their signers"),
        Section("references", REFERENCE, "documents that texts cite"),
        Section("task_lists", TASK_LIST, "task outlines that specs take with `tasks:`"),
        Section("milestones", MILESTONE, "deadlines of each school year"),
        Section("targets", TARGET, "quantitative targets that reports assess"),
        Section("figures", FIGURE, "how the numbers of reports are made from figure files"),
        Section("report_tables", REPORT_TABLE, "the tables of report forms"),
        Section("schedules", SCHEDULE, "the task tables of plans (their Phụ lục)"),
        Section("cascade", CASCADE_PROFILE, "how documents are derived level by level"),
    )
}


def reachable(*roots: Record) -> list[Record]:
    """*roots* and every record their keys refer to, each once, depth first."""
    seen: dict[str, Record] = {}

    def visit(record: Record) -> None:
        if record.name in seen:
            # two records of one name would be one definition of the schema
            assert seen[record.name] is record, f"two records are named {record.name}"
            return
        seen[record.name] = record
        for key in record.keys:
            for inner in key.type.records():
                visit(inner)

    for root in roots:
        visit(root)
    return list(seen.values())


#: every record, each once, in the order the documentation gives them
RECORDS: tuple[Record, ...] = tuple(reachable(SPEC, *(s.record for s in CATALOG_SECTIONS.values())))
