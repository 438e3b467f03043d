"""A bounded load test of the desk (`docgen serve`): N users draft and preview at once.

Starts `docgen serve` on the loopback (127.0.0.1, a free port) in a new workspace with one
account per user, then each user, in its own thread, loops for --duration seconds: open the
draft form, save a new công văn, render it (.docx, check, and the PDF and page images when
LibreOffice is installed — --text-preview hides it from the server), open the document page
and download the .docx. Every request counts; any status but the expected one is an error.
Prints the count, errors, p50/p95/max page time and documents per second, then stops the
server. Nothing leaves the machine.

    .venv/bin/python benchmarks/bench_web.py                 # 20 users, 60 s
    .venv/bin/python benchmarks/bench_web.py --users 2 --duration 5   # a quick proof
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "mat-khau-tai-1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ORG = "ubnd-xa-sa-thay"
#: seconds one request may take before it counts as an error
TIMEOUT = 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class User:
    """One user's browser: cookies, and the time of each request."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.name = name
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )
        self.times: list[float] = []
        self.errors: list[str] = []
        self.documents = 0
        self.csrf = ""

    def request(self, path: str, form: dict[str, str | list[str]] | None, expect: int) -> str:
        data = None
        if form is not None:
            data = urllib.parse.urlencode({"csrf": self.csrf, **form}, doseq=True).encode()
        start = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=data, timeout=TIMEOUT) as answer:
                status, body = answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:
            status, body = 0, str(exc)
        self.times.append(time.perf_counter() - start)
        if status != expect:
            self.errors.append(f"{self.name}: {path}: {status} {body[:200]!r}")
        found = CSRF.search(body)
        if found:
            self.csrf = found[1]
        return body

    def run(self, until: float) -> None:
        self.request("/dang-nhap", None, 200)
        self.request("/dang-nhap", {"ten": self.name, "mat_khau": PASSWORD}, 303)
        n = 0
        while time.monotonic() < until:
            n += 1
            name = f"tai-{self.name.replace('.', '-')}-{n}"
            self.request(f"/van-ban/moi?don_vi={ORG}", None, 200)
            self.request("/van-ban/moi", _draft(name), 303)
            self.request(f"/van-ban/{ORG}/{name}/tao", {}, 303)
            self.request(f"/van-ban/{ORG}/{name}", None, 200)
            self.request(f"/van-ban/{ORG}/{name}/tep.docx", None, 200)
            self.documents += 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _draft(name: str) -> dict[str, str | list[str]]:
    return {
        "don_vi": ORG,
        "ten_tep": name,
        "loai": "cong_van",
        "nam": "2025",
        "nam_hoc": "2025-2026",
        "trich_yeu": "triển khai nhiệm vụ chuyển đổi số năm học {{ year_spaced }}",
        "nguoi_ky": "vo-thi-kim-dung",
        "bo_phan": "VHXH",
        "nhom_truong": "1",
        "can_cu": ["1491/SGDĐT-QLCLGDCNTT"],
        "nhiem_vu": "cntt-cds",
        "giu_muc": ["nv-chung-2025", "nq57", "cchc"],
        "doan_van": "{{ issuer.mention }} đề nghị các đơn vị triển khai, thực hiện./.",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument(
        "--text-preview", action="store_true", help="the server without LibreOffice"
    )
    args = parser.parse_args()
    if not 1 <= args.users <= 100 or not 1 <= args.duration <= 600:
        parser.error("--users 1..100 and --duration 1..600 seconds")
    workspace = Path(tempfile.mkdtemp(prefix="docgen-bench-web-"))
    docgen = Path(sys.executable).parent / "docgen"
    names = [f"cv.{i:02d}" for i in range(args.users)]
    password = workspace / "pw"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    env = dict(os.environ)
    if args.text_preview:
        env["PATH"] = str(Path(sys.executable).parent)  # soffice is not found
    server = None
    try:
        for name in names:
            subprocess.run(
                [str(docgen), "user", "add", name, "--org", ORG, "--role", "chuyen_vien",
                 "--password-file", str(password), "--workspace", str(workspace),
                 "--catalog", str(ROOT / "catalogs")],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        port = _free_port()
        server = subprocess.Popen(
            [str(docgen), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workspace", str(workspace), "--catalog", str(ROOT / "catalogs")],
            env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/dang-nhap", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the desk did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
        users = [User(base, name) for name in names]
        start = time.monotonic()
        until = start + args.duration
        threads = [threading.Thread(target=u.run, args=(until,)) for u in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workspace, ignore_errors=True)
    times = sorted(t for u in users for t in u.times)
    errors = [e for u in users for e in u.errors]
    documents = sum(u.documents for u in users)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    preview = "text preview" if args.text_preview else "pages via LibreOffice when installed"
    print(
        f"{args.users} users, {elapsed:.1f} s ({preview}): "
        f"{len(times)} requests, {len(errors)} errors; page time p50 "
        f"{statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max "
        f"{times[-1] * 1000:.0f} ms; {documents} documents drafted and rendered, "
        f"{documents / elapsed:.2f} documents/s"
    )
    for error in errors[:10]:
        print("error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
