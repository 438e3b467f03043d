"""`docgen sign` and `docgen verify` on a rendered PDF, with a certificate authority made
in the test: the agency's and the signer's signatures placed as NĐ30 places them, both
verified, a changed byte caught, bad input reported in words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from certs import ThrowawayCA
from click.testing import CliRunner, Result
from conftest import EXAMPLES

from docgen.cli import main

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed"),
]


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayCA:
    return ThrowawayCA(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def agency_p12(ca: ThrowawayCA) -> Path:
    return ca.issue("UBND xã Sa Thầy", "Ủy ban nhân dân xã Sa Thầy", b"s3cret", "agency.p12")


@pytest.fixture(scope="module")
def signer_p12(ca: ThrowawayCA) -> Path:
    return ca.issue("Võ Thị Kim Dung", "Ủy ban nhân dân xã Sa Thầy", None, "signer.p12")


@pytest.fixture(scope="module")
def password_file(ca: ThrowawayCA) -> Path:
    path = ca.folder / "password.txt"
    path.write_bytes(b"s3cret\n")
    return path


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rendered")
    result = CliRunner().invoke(
        main, ["render", str(EXAMPLES / "sa-thay-2025.yaml"), "-o", str(out), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    return out / "sa-thay-2025.pdf"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def signed(
    tmp_path_factory: pytest.TempPathFactory,
    pdf: Path,
    agency_p12: Path,
    signer_p12: Path,
    password_file: Path,
) -> Path:
    """The rendered PDF signed by the agency, then by the signer."""
    folder = tmp_path_factory.mktemp("signed")
    first = run(
        "sign",
        pdf,
        "--cert",
        agency_p12,
        "--password-file",
        password_file,
        "--as",
        "agency",
        "-o",
        folder / "agency.pdf",
    )
    assert first.exit_code == 0, first.output
    assert "signed by UBND xã Sa Thầy as agency" in first.output
    second = run("sign", folder / "agency.pdf", "--cert", signer_p12, "-o", folder / "both.pdf")
    assert second.exit_code == 0, second.output
    return folder / "both.pdf"


def widgets(path: Path) -> dict[str, tuple[int, list[float]]]:
    """Each signature widget's field name → (page index, rect in pdfplumber's top-down y)."""
    found: dict[str, tuple[int, list[float]]] = {}
    with pdfplumber.open(path) as doc:
        for index, page in enumerate(doc.pages):
            for annot in page.annots:
                name = annot["data"].get("T")
                if name is not None:
                    found[name.decode() if isinstance(name, bytes) else str(name)] = (
                        index,
                        [annot["x0"], annot["top"], annot["x1"], annot["bottom"]],
                    )
    return found


def test_both_signatures_verify_and_are_trusted(signed: Path, ca: ThrowawayCA) -> None:
    result = run("verify", signed, "--trust", ca.root_pem)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert "agency-1: signed by UBND xã Sa Thầy (Ủy ban nhân dân xã Sa Thầy)" in lines[0]
    assert "only signatures since" in lines[0]
    assert "signer-1: signed by Võ Thị Kim Dung (Ủy ban nhân dân xã Sa Thầy)" in lines[1]
    assert "nothing since" in lines[1]
    for line in lines:
        assert "intact, valid, trusted;" in line
        assert re.search(r" at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line)


def test_without_a_trust_root_trust_is_not_claimed(signed: Path) -> None:
    result = run("verify", signed)
    assert result.exit_code == 0, result.output
    assert result.output.count("trust not checked (no --trust)") == 2


def test_another_root_is_not_trusted(signed: Path, tmp_path: Path) -> None:
    other = ThrowawayCA(tmp_path, "Other Root CA")
    result = run("verify", signed, "--trust", other.root_pem)
    assert result.exit_code == 1
    assert result.output.count("NOT trusted") == 2


def test_the_stamps_sit_where_nd30_puts_them(signed: Path) -> None:
    found = widgets(signed)
    assert set(found) == {"agency-1", "signer-1"}
    with pdfplumber.open(signed) as doc:
        last = len(doc.pages) - 1
        page = doc.pages[found["signer-1"][0]]
        lines = {ln["text"]: ln for ln in page.extract_text_lines()}
        first = doc.pages[0]
        quoc_hieu = first.search("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")[0]
        width = float(first.width)
    # the signer's: on the signature page, between the title and the name, right half
    assert found["signer-1"][0] == last
    x0, top, x1, bottom = found["signer-1"][1]
    title, name = lines["PHÓ CHỦ TỊCH"], lines["Võ Thị Kim Dung"]
    assert title["bottom"] <= top < bottom <= name["top"]
    assert x0 < name["x0"] and name["x1"] < x1 and x0 > width / 2 - 10
    # the agency's: page 1, top right, above the Quốc hiệu
    page_no, (x0, top, x1, bottom) = found["agency-1"]
    assert page_no == 0
    assert bottom <= quoc_hieu["top"] and x0 > width / 2 - 10
    assert abs(x1 - quoc_hieu["x1"]) < 2


def test_a_changed_byte_is_caught(signed: Path, tmp_path: Path, ca: ThrowawayCA) -> None:
    data = bytearray(signed.read_bytes())
    # a byte inside a stream (page content) of the first signed range
    at = data.index(b">>\nstream\n", len(data) // 10) + len(b">>\nstream\n") + 20
    data[at] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    result = run("verify", changed, "--trust", ca.root_pem)
    assert result.exit_code != 0
    assert "CHANGED" in result.output


def test_an_edit_appended_after_signing_is_caught(signed: Path, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    edited = tmp_path / "edited.pdf"
    with signed.open("rb") as inp, edited.open("wb") as out:
        writer = IncrementalPdfFileWriter(inp)
        writer.root["/Lang"] = generic.TextStringObject("en")
        writer.update_root()
        writer.write(out)
    result = run("verify", edited)
    assert result.exit_code != 0
    assert "THE FILE WAS CHANGED AFTER IT WAS SIGNED" in result.output


def test_an_unsigned_pdf(pdf: Path) -> None:
    result = run("verify", pdf)
    assert result.exit_code == 1 and "no digital signature" in result.output


def test_wrong_password(pdf: Path, agency_p12: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "pw"
    wrong.write_text("nope\n")
    result = run(
        "sign", pdf, "--cert", agency_p12, "--password-file", wrong, "-o", tmp_path / "x.pdf"
    )
    assert result.exit_code != 0
    assert "agency.p12: cannot open this PKCS#12 file: wrong password" in result.output
    missing = run("sign", pdf, "--cert", agency_p12, "-o", tmp_path / "x.pdf")
    assert missing.exit_code != 0 and "--password-file" in missing.output
    assert not (tmp_path / "x.pdf").exists()


def test_not_a_pdf(tmp_path: Path, signer_p12: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello")
    result = run("sign", fake, "--cert", signer_p12, "-o", tmp_path / "out.pdf")
    assert result.exit_code != 0 and "fake.pdf: not a PDF file" in result.output
    result = run("verify", fake)
    assert result.exit_code != 0 and "fake.pdf: not a PDF file" in result.output
    assert not (tmp_path / "out.pdf").exists()


def test_a_certificate_without_a_key(tmp_path: Path, pdf: Path, ca: ThrowawayCA) -> None:
    only = ca.cert_only("root-only.p12")
    result = run("sign", pdf, "--cert", only, "-o", tmp_path / "out.pdf")
    assert result.exit_code != 0
    assert "root-only.p12" in result.output and "no private key" in result.output


def test_an_existing_output_is_kept(pdf: Path, signer_p12: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"mine")
    result = run("sign", pdf, "--cert", signer_p12, "-o", target)
    assert result.exit_code != 0 and "already exists" in result.output
    assert target.read_bytes() == b"mine"
