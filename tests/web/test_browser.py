"""The desk in a real browser: Debian's headless chromium driven by Selenium through
chromedriver, against the desk served by uvicorn on the loopback.

A clerk logs in, drafts a công văn (search of the legal basis, task items, recipients),
renders it, looks at the preview and the check, downloads the .docx and it opens. The
screenshots of the main pages go to out/screenshots/ (looked at by a person)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from docx import Document as WordDocument

from docgen.web import preview
from docgen.web.accounts import Accounts
from docgen.web.app import create_app
from web.webdesk import CATALOGS, PASSWORD, ROOT, SA_THAY, add_users

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = ROOT / "out" / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The desk of a new workspace, served on 127.0.0.1 by uvicorn in a thread."""
    root = tmp_path_factory.mktemp("browser-desk")
    add_users(root)
    accounts = Accounts(root / "users.sqlite")
    accounts.add("mn.kroong", PASSWORD, "truong", ("mn-kroong",))
    accounts.add("th.ngokbay", PASSWORD, "truong", ("th-thcs-ngok-bay",))
    accounts.close()
    app = create_app(root, None, CATALOGS)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the desk did not start in 30 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", root
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[object]:
    """Headless chromium (Debian's package) through chromedriver; phone-sized window."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found — apt-get install chromium chromium-driver "
            "(.ci/run does), or run pytest --no-browser to leave these tests out"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1000")
    options.add_argument("--lang=vi")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(180)
    try:
        yield driver
    finally:
        driver.quit()


def _shot(driver: object, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.execute_script("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    # the whole page: the window as tall as the document
    height = driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    width = driver.get_window_size()["width"]  # type: ignore[attr-defined]
    driver.set_window_size(width, min(max(height + 120, 600), 6000))  # type: ignore[attr-defined]
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    driver.set_window_size(width, 1000)  # type: ignore[attr-defined]
    return path


def _wait_for(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the page did not change in time"
        time.sleep(0.1)


def test_clerk_drafts_previews_checks_and_downloads_a_cong_van(
    server: tuple[str, Path], browser: object, downloads: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select

    driver: WebDriver = browser  # type: ignore[assignment]
    url, root = server
    driver.get(url + "/")
    assert driver.current_url.endswith("/dang-nhap")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Đăng nhập"
    _shot(driver, "01-dang-nhap")
    driver.find_element(By.ID, "ten").send_keys("cv.sathay")
    driver.find_element(By.ID, "mat_khau").send_keys(PASSWORD)
    driver.find_element(By.ID, "dang-nhap").click()
    _wait_for(lambda: driver.current_url.endswith("/van-ban"))
    assert "Ủy ban nhân dân xã Sa Thầy" in driver.page_source
    _shot(driver, "02-van-ban")

    driver.find_element(By.LINK_TEXT, "Soạn văn bản mới").click()
    _wait_for(lambda: "/van-ban/moi" in driver.current_url)
    name = driver.find_element(By.ID, "ten_tep")
    name.clear()
    name.send_keys("cong-van-trinh-duyet")
    Select(driver.find_element(By.ID, "loai")).select_by_visible_text("Công văn")
    for field, value in (("nam", "2025"), ("nam_hoc", "2025-2026")):  # the catalog's year
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)
    subject = driver.find_element(By.ID, "trich_yeu")
    subject.send_keys("triển khai nhiệm vụ chuyển đổi số năm học {{ year_spaced }}")
    Select(driver.find_element(By.ID, "nguoi_ky")).select_by_value("vo-thi-kim-dung")
    driver.find_element(By.NAME, "nhom_truong").click()
    # the legal basis: typed words bring the references, each with its status
    search = driver.find_element(By.ID, "tim_can_cu")
    search.send_keys("1491")
    _wait_for(lambda: "1491/SGDĐT-QLCLGDCNTT" in driver.page_source)
    assert "Còn hiệu lực" in driver.find_element(By.ID, "ket-qua-can-cu").text
    driver.find_element(
        By.CSS_SELECTOR, '#ket-qua-can-cu input[value="1491/SGDĐT-QLCLGDCNTT"]'
    ).click()
    # the task list: its tree appears; a whole section is left out
    Select(driver.find_element(By.ID, "nhiem_vu")).select_by_value("cntt-cds")
    tree = driver.find_element(By.CSS_SELECTOR, 'fieldset.tree[data-list="cntt-cds"]')
    assert tree.is_displayed()
    section = tree.find_element(By.CSS_SELECTOR, 'input[value="nv-trong-tam-2025"]')
    section.click()
    child = tree.find_elements(By.CSS_SELECTOR, 'input[name="giu_muc"]')
    assert not section.is_selected()
    paragraphs = driver.find_element(By.ID, "doan_van")
    paragraphs.send_keys("{{ issuer.mention }} đề nghị các đơn vị triển khai, thực hiện./.")
    assert child
    _shot(driver, "03-soan-thao")
    driver.find_element(By.ID, "luu").click()
    _wait_for(lambda: driver.current_url.endswith(f"/van-ban/{SA_THAY}/cong-van-trinh-duyet"))

    driver.find_element(By.ID, "tao").click()
    _wait_for(lambda: "#xem-truoc" in driver.current_url or 'id="loi"' in driver.page_source, 240)
    assert 'id="loi"' not in driver.page_source, driver.find_element(By.ID, "loi").text
    findings = driver.find_element(By.ID, "kiem-tra").text
    assert "Không có lỗi nào." in findings, findings
    if preview.has_libreoffice():
        image = driver.find_element(By.CSS_SELECTOR, "img.page")
        _wait_for(lambda: driver.execute_script("return arguments[0].naturalWidth", image) > 0)
        assert driver.execute_script("return arguments[0].naturalWidth", image) > 500
    else:
        assert "xem trước dạng văn bản" in driver.page_source
    _shot(driver, "04-xem-truoc-kiem-tra")

    driver.find_element(By.ID, "tai-docx").click()
    target = downloads / "cong-van-trinh-duyet.docx"
    _wait_for(lambda: target.is_file() and not list(downloads.glob("*.crdownload")))
    document = WordDocument(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Căn cứ Công văn số 1491/SGDĐT-QLCLGDCNTT ngày 09/10/2025" in text
    assert "- Các đơn vị trường học trực thuộc" in text or "Các đơn vị trường học" in text
    assert "NHIỆM VỤ TRỌNG TÂM" not in text.upper()  # the section left out
    saved = root / "van-ban" / SA_THAY / "cong-van-trinh-duyet.yaml"
    assert "1491/SGDĐT-QLCLGDCNTT" in saved.read_text(encoding="utf-8")
    # the documents of the schools below, from the page: the table first
    driver.find_element(By.ID, "phan-cap").click()
    Select(driver.find_element(By.ID, "den")).select_by_value("truong")
    driver.find_element(By.ID, "xem-ke-hoach").click()
    _wait_for(lambda: "bang-phan-cap" in driver.page_source, seconds=120)
    rows = driver.find_elements(By.CSS_SELECTOR, "#bang-phan-cap tbody tr")
    assert len(rows) >= 2
    _shot(driver, "08-phan-cap")


def test_phone_width_pages_fit(server: tuple[str, Path], browser: object) -> None:
    """On a phone (390 px wide) the pages need no sideways scrolling."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    driver: WebDriver = browser  # type: ignore[assignment]
    url, _root = server
    driver.set_window_size(390, 844)
    try:
        driver.get(url + "/van-ban")
        if driver.current_url.endswith("/dang-nhap"):
            driver.find_element(By.ID, "ten").send_keys("cv.sathay")
            driver.find_element(By.ID, "mat_khau").send_keys(PASSWORD)
            driver.find_element(By.ID, "dang-nhap").click()
            _wait_for(lambda: driver.current_url.endswith("/van-ban"))
        for path in ("/van-ban", f"/van-ban/moi?don_vi={SA_THAY}"):
            driver.get(url + path)
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} is {overflow} px wider than a phone"
        driver.get(url + f"/van-ban/moi?don_vi={SA_THAY}")
        _shot(driver, "05-soan-thao-dien-thoai")
    finally:
        driver.set_window_size(1280, 1000)


def _log_in(driver: object, url: str, name: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(driver, WebDriver)
    driver.delete_all_cookies()
    driver.get(url + "/dang-nhap")
    driver.find_element(By.ID, "ten").send_keys(name)
    driver.find_element(By.ID, "mat_khau").send_keys(PASSWORD)
    driver.find_element(By.ID, "dang-nhap").click()
    _wait_for(lambda: not driver.current_url.endswith("/dang-nhap"))


def test_school_sends_figures_with_a_bad_row_and_another_school_cannot_see_them(
    server: tuple[str, Path], browser: object, tmp_path: Path
) -> None:
    import openpyxl
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    driver: WebDriver = browser  # type: ignore[assignment]
    url, root = server
    _log_in(driver, url, "mn.kroong")
    _wait_for(lambda: driver.current_url.endswith("/so-lieu"))
    assert "Trường Mầm non Kroong" in driver.page_source
    book = openpyxl.load_workbook(ROOT / "examples" / "data" / "ngok-bay" / "mn-kroong.xlsx")
    sheet = book.active
    assert sheet is not None
    sheet.cell(2, 3).value = "bốn trăm"  # nguoi_hoc, in words: the bad row
    bad = tmp_path / "so-lieu-kroong.xlsx"
    book.save(bad)
    driver.find_element(By.ID, "tep").send_keys(str(bad))
    driver.find_element(By.ID, "gui").click()
    _wait_for(lambda: "loi-so-lieu" in driver.page_source)
    message = driver.find_element(By.ID, "loi-so-lieu").text
    assert "Dòng 2: Ô C2 (cột nguoi_hoc) phải là số nguyên, đang ghi 'bốn trăm'" in message
    _shot(driver, "06-so-lieu-loi")
    sheet.cell(2, 3).value = 401
    good = tmp_path / "so-lieu-kroong-sua.xlsx"
    book.save(good)
    driver.find_element(By.ID, "tep").send_keys(str(good))
    driver.find_element(By.ID, "gui").click()
    _wait_for(lambda: "thong-bao" in driver.page_source)
    assert "Đã nhận số liệu của Trường Mầm non Kroong." in driver.page_source
    assert (root / "so-lieu" / "ubnd-xa-ngok-bay" / "mn-kroong.xlsx").is_file()
    _log_in(driver, url, "th.ngokbay")
    driver.get(url + "/so-lieu/ubnd-xa-ngok-bay/mn-kroong.xlsx")
    assert "Không được phép" in driver.page_source
    _shot(driver, "07-truong-khac-khong-duoc-xem")
