"""Issue a document: the next number of its issuer's series, the final .docx, the register.

A draft (``docgen render``) leaves "Số:      /UBND-VHXH" and the day blank. Issuing it
(:func:`issue_spec`) takes the next number of the issuer's series for the year of issue
from the register (:mod:`docgen.register`), composes the document with that number and the
day ("Số: 07/UBND-VHXH", "Sa Thầy, ngày 05 tháng 01 năm 2026"), renders it through the same
render path as ``docgen render`` and records it. A document is known by its content
fingerprint (:func:`content_fingerprint`: a hash of its composed draft, without number or
day): issuing the same spec again gives back its number and day, and writes the same file.

Order of the steps, and what a crash (power cut, kill -9) at each leaves behind:

1. **reserve** — one transaction: the number is taken, its entry written ``reserved``
   (with the document's register details) and committed. From here on the number is never
   given to another document.
2. **render** — the document is composed with its number and rendered into a hidden
   staging folder beside the output (``OUT/.issuing-*``); with ``--pdf``, its PDF too.
   *Crash*: an entry ``reserved`` and no file (a hidden staging folder may be left).
3. **move into place** — each staged file is renamed over its target (atomic per file,
   the same filesystem), after the same overwrite check as every docgen output.
   *Crash*: the files are in place, their entry still ``reserved``.
4. **confirm** — one transaction: the entry becomes ``issued``, listing its files.

So a file with a number always has its entry (written at step 1, before any file), and an
entry is ``issued`` only once its files are in place. An entry left ``reserved`` by a crash
shows as such in ``docgen register list``; issuing the same spec again resumes it (same
number, same day: steps 2–4 again), and ``docgen register void`` withdraws it otherwise.

A failure docgen sees (a render error, a full disk, Ctrl-C) before step 4 undoes what was
done: staged and moved files are removed, and the reservation is released — deleted when
its number is still the last of the series (as if nothing happened: no entry, no file, no
gap), recorded ``void`` ("Không ban hành") when another document took a later number
meanwhile, so the series keeps no gap either. A resumed entry is never released (its files
may be in place from before). If the register cannot be reached at step 4, the files stay,
the entry stays ``reserved``, and the error says to issue again.

PDF and digital signature plug in at step 2: :func:`to_pdf` turns the staged .docx files
into PDFs beside them, which are moved and recorded with them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import DocContext, build_context
from docgen.compose.scope import Scope
from docgen.errors import CatalogError, DocgenError, Location
from docgen.figures import spec_totals
from docgen.i18n import _
from docgen.model.spec import DocumentSpec
from docgen.register import Document, Entry, Register, RegisterError
from docgen.render.atomic import check_overwrite
from docgen.render.batch import Job, iter_render
from docgen.render.templates import find_template
from docgen.vn.kyhieu import canonical_type
from docgen.workflows.cascade import CascadePlan, write_cascade
from docgen.workflows.files import write_file, write_text


def to_pdf(docx_paths: Sequence[Path]) -> list[Path]:
    """The PDF of each staged .docx, written beside it (same name, .pdf), by LibreOffice."""
    from docgen.render.pdf import to_pdf as convert

    return convert(docx_paths)


@dataclass(frozen=True)
class Issued:
    """A document issued (or, on a dry run, what issuing it would do)."""

    number: int
    symbol: str  # "07/UBND-VHXH"
    day: date
    issuer: str
    files: tuple[Path, ...]
    #: the document had this number already (issued again: same number, same day)
    reused: bool = False
    dry_run: bool = False
    entry: Entry | None = None


@dataclass(frozen=True)
class _Prepared:
    spec: DocumentSpec
    day: date
    fingerprint: str
    document: Document
    draft_symbol: str  # "/UBND-VHXH"
    template: Path
    target: Path


def content_fingerprint(ctx: DocContext) -> str:
    """A hash of what the document says: its composed context, without where each piece
    came from. Composed as a draft (no number, no day), so the issued document and its
    draft have the same fingerprint."""
    text = json.dumps(_canonical(ctx), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, Location):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "where"
        }
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def register_document(ctx: DocContext, source: str = "") -> Document:
    """What the register records of a composed document (its draft: no number yet)."""
    recipients = (
        [ctx.kinh_gui.single]
        if ctx.kinh_gui and ctx.kinh_gui.single
        else list(ctx.kinh_gui.items)
        if ctx.kinh_gui
        else []
    )
    others: list[str] = []
    luu: list[str] = []
    for line in ctx.noi_nhan:
        text = line.removeprefix("- ").strip()
        if text.startswith("Lưu:"):
            luu = [u.strip() for u in text.removeprefix("Lưu:").rstrip(".").split(",")]
        elif not text.startswith("Như trên"):
            others.append(text)
    names = [r.removeprefix("- ").rstrip(".;").strip() for r in recipients]
    names += [o.rstrip(".;").strip() for o in others]
    return Document(
        kyhieu=ctx.symbol.split("/", 1)[1],
        kind=canonical_type(ctx.kind),
        subject=ctx.subject,
        signer=ctx.signature.name,
        recipients=tuple(n for n in names if n),
        luu=tuple(u for u in luu if u),
        copies=len(names) + len(luu),
        source=source,
    )


def _prepare(
    spec_path: Path, out_dir: Path, catalog: Catalog, on: date | None, force: bool
) -> _Prepared:
    spec = load_spec(spec_path)
    if spec.number is not None:
        raise CatalogError(
            _(
                "the spec already has a number ({number}); an issued document takes the "
                "next number of the register"
            ).format(number=spec.number),
            where=spec.loc("number"),
            hint=_(
                "remove 'number:' to issue it (docgen render writes a document numbered by hand)"
            ),
        )
    day = on or spec.date or date.today()
    draft = replace(spec, number=None, date=None, year=day.year)
    ctx = build_context(draft, catalog, spec_totals(draft, catalog))
    target = out_dir / f"{spec.name}.docx"
    check_overwrite(target, force)
    return _Prepared(
        spec=spec,
        day=day,
        fingerprint=content_fingerprint(ctx),
        document=register_document(ctx, str(spec_path)),
        draft_symbol=ctx.symbol,
        template=find_template(spec.kind, spec.template, spec_path.parent),
        target=target,
    )


def plan_issue(
    spec_path: Path,
    out_dir: Path,
    catalog: Catalog,
    register: Register,
    *,
    on: date | None = None,
    pdf: bool = False,
) -> Issued:
    """What :func:`issue_spec` would do — the number it would take — writing nothing."""
    prep = _prepare(spec_path, out_dir, catalog, on, force=True)
    number, entry = register.peek(prep.spec.issuer, prep.day.year, prep.fingerprint)
    files = [prep.target, *([prep.target.with_suffix(".pdf")] if pdf else [])]
    return Issued(
        number=number,
        symbol=f"{number:02d}{prep.draft_symbol}",
        day=entry.issued_on if entry else prep.day,
        issuer=prep.spec.issuer,
        files=tuple(files),
        reused=entry is not None,
        dry_run=True,
        entry=entry,
    )


def issue_spec(
    spec_path: Path,
    out_dir: Path,
    catalog: Catalog,
    register: Register,
    *,
    on: date | None = None,
    force: bool = False,
    pdf: bool = False,
) -> Issued:
    """Issue the document of *spec_path* dated *on* (default: the spec's date, else today)
    into ``out_dir/<name>.docx``: see the module docstring for the steps."""
    prep = _prepare(spec_path, out_dir, catalog, on, force)
    spec = prep.spec
    out_dir.mkdir(parents=True, exist_ok=True)
    entry = register.reserve(spec.issuer, prep.day.year, prep.document, prep.fingerprint, prep.day)
    issued = replace(spec, number=entry.number, date=entry.issued_on, year=entry.issued_on.year)
    staging: Path | None = None
    moved: list[Path] = []
    try:
        staging = Path(tempfile.mkdtemp(prefix=".issuing-", dir=out_dir))
        staged = _render(issued, catalog, prep.template, staging / prep.target.name)
        if pdf:
            staged += to_pdf(staged)
        for path in staged:
            final = out_dir / path.name
            check_overwrite(final, force)
            os.replace(path, final)
            moved.append(final)
    except BaseException as exc:
        if not entry.reused:
            for path in moved:
                with contextlib.suppress(OSError):
                    path.unlink()
            with contextlib.suppress(DocgenError):
                register.release(entry, _reason(exc))
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    try:
        entry = register.confirm(entry, moved)
    except RegisterError as exc:
        raise RegisterError(
            _(
                "{message}; {symbol} is written ({map}) and reserved in the register, "
                "not yet recorded as issued"
            ).format(message=exc.message, symbol=entry.symbol, map=", ".join(map(str, moved))),
            hint=_("issue the same spec again to record it (same number, same day)"),
        ) from None
    return Issued(
        number=entry.number,
        symbol=entry.symbol,
        day=entry.issued_on,
        issuer=entry.issuer,
        files=tuple(moved),
        reused=entry.reused,
        entry=entry,
    )


class CascadeNumbers:
    """Numbers a cascade's documents as it walks down (the ``prepare`` hook of
    :func:`~docgen.workflows.cascade.plan_cascade`): each the next number of its issuer's
    series, before it is composed, so the documents below cite it with its number.

    Planning (``reserve=False``) only looks numbers up; writing reserves them (the same
    document — same fingerprint — keeps its number). A document numbered already (a root
    its issuer numbered) is kept as it is."""

    def __init__(self, register: Register, on: date | None = None, reserve: bool = False):
        self.register = register
        self.day = on or date.today()
        self.reserving = reserve
        #: issuer id → its entry, reserved by this cascade
        self.entries: dict[str, Entry] = {}
        #: issuer id → "07/UBND-VHXH", in the order of the walk
        self.symbols: dict[str, str] = {}

    def __call__(self, spec: DocumentSpec, scope: Scope) -> DocumentSpec:
        if spec.number is not None:
            return spec
        day = spec.date or self.day
        draft = replace(spec, number=None, date=None, year=day.year)
        ctx = build_context(draft, scope.catalog, spec_totals(draft, scope.catalog), scope=scope)
        fingerprint = content_fingerprint(ctx)
        if self.reserving:
            entry = self.register.reserve(
                spec.issuer, day.year, register_document(ctx, spec.path), fingerprint, day
            )
            self.entries[spec.issuer] = entry
            number, day = entry.number, entry.issued_on
        else:
            number, found = self.register.peek(spec.issuer, day.year, fingerprint)
            day = found.issued_on if found else day
        self.symbols[spec.issuer] = f"{number:02d}{ctx.symbol}"
        return replace(spec, number=number, date=day, year=day.year)


def issue_cascade(
    plan: CascadePlan,
    out_dir: Path,
    register: Register,
    *,
    on: date | None = None,
    force: bool = False,
    jobs: int | None = None,
) -> Iterator[tuple[Path, Entry | None]]:
    """Write the documents of *plan* issued: each reserved its number as it is composed
    again, recorded issued once its file is in place (steps 1, 2–3, 4 of the module
    docstring, a document at a time); yields each file with its entry (None for a document
    numbered already). On a failure, the documents not written give their numbers back."""
    numbers = CascadeNumbers(register, on, reserve=True)
    done: set[str] = set()
    try:
        for path in write_cascade(plan, out_dir, force=force, jobs=jobs, prepare=numbers):
            entry = numbers.entries.get(path.stem)  # a cascade's file is <level>/<org id>.docx
            if entry is not None:
                entry = register.confirm(entry, [path])
                done.add(entry.issuer)
            yield path, entry
    except BaseException as exc:
        for issuer, entry in numbers.entries.items():
            if issuer not in done and not entry.reused:
                with contextlib.suppress(DocgenError):
                    register.release(entry, _reason(exc))
        raise


def _render(spec: DocumentSpec, catalog: Catalog, template: Path, target: Path) -> list[Path]:
    ctx = build_context(spec, catalog, spec_totals(spec, catalog))
    return list(iter_render([Job(ctx, template, target)], jobs=1))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DocgenError):
        return exc.message
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return "dừng giữa chừng" if isinstance(exc, KeyboardInterrupt) else type(exc).__name__


def write_register(entries: Sequence[Entry], out: Path, year: int, force: bool = False) -> Path:
    """Write the Sổ đăng ký văn bản đi of *entries* to *out*: .xlsx (Phụ lục IV layout) or
    .csv; an existing file is replaced only with *force*."""
    from docgen.register.export import csv_text, workbook

    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DocgenError(
            _("{out}: the register is exported as .xlsx or .csv").format(out=out),
            hint=_("name the output so-van-ban-di-2026.xlsx (or .csv)"),
        )
    if suffix == ".csv":
        # the BOM: Excel reads the file as UTF-8
        return write_text(out, "\ufeff" + csv_text(entries), force=force)
    book: Any = workbook(entries, year)
    return write_file(out, book.save, force=force)
