"""The checker knows a typed document from a công văn: a thông báo or giấy mời addressed to
nobody after "Kính gửi:", its Nơi nhận without "- Như trên;", its tên loại instead of a V/v,
passes; the same letter written as a công văn does not, and a tờ trình that names nobody
after "Kính gửi:" is warned."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CATALOGS, ROOT

from docgen.catalog.catalog import Catalog
from docgen.check import check_file
from docgen.workflows.render import render_spec

SPEC = """\
kind: {kind}
issuer: ubnd-tinh-lam-dong
signer: dinh-van-tuan
year: 2026
subject: Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp ngày 05/01/2026
{extra}
body:
  - Ngày 05/01/2026, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp và kết luận như sau
  - section:
      title: Nhiệm vụ thời gian tới
      items: [{{text: "Sở Nội vụ chủ trì, tham mưu."}}, {{text: Các sở phối hợp./.}}]
luu: [NC]
"""
MEETING = "meeting: {date: 2026-01-15, time: '08:00', place: Phòng họp số 2}"


def rules_found(tmp_path: Path, kind: str, extra: str) -> dict[str, str]:
    spec = tmp_path / f"{kind}.yaml"
    spec.write_text(SPEC.format(kind=kind, extra=extra), encoding="utf-8")
    out = render_spec(spec, tmp_path / "out", Catalog.load(CATALOGS))
    return {f.rule: f.severity for f in check_file(out).findings}


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("thong_bao", "recipients: [snv-lam-dong]"),
        ("giay_moi", "recipients: [snv-lam-dong]\n" + MEETING),
        ("to_trinh", "recipients: [Chủ tịch Ủy ban nhân dân tỉnh]"),
    ],
)
def test_each_kind_as_docgen_writes_it_passes(tmp_path: Path, kind: str, extra: str) -> None:
    assert rules_found(tmp_path, kind, extra) == {}


def test_the_same_letter_as_a_cong_van_without_kinh_gui_fails(tmp_path: Path) -> None:
    found = rules_found(tmp_path, "cong_van", "unit: NC")
    assert found.get("ND30-KINHGUI") == "error"


def test_a_to_trinh_without_kinh_gui_is_warned_a_thong_bao_is_not(tmp_path: Path) -> None:
    # the thông báo template has no Kính gửi: a tờ trình rendered with it has none either
    template = f"template: {ROOT / 'templates' / 'thong_bao.docx'}"
    extra = "recipients: [Chủ tịch Ủy ban nhân dân tỉnh]\n" + template
    assert rules_found(tmp_path, "to_trinh", extra) == {"ND30-KINHGUI": "warning"}
    assert rules_found(tmp_path, "thong_bao", template) == {}
