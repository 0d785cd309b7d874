"""The web console in a real browser: Debian's chromium driven by chromium-driver through
selenium (both paths given, nothing downloaded), against the real server on 127.0.0.1.

One dossier goes the whole way as its officers would take it: the desk logs it through the
intake form and checks the receipt (its QR code, read back from the screenshot with
zxing-cpp, must give the dossier code); the department head assigns it, the specialist asks
for a supplement, the desk records it, the specialist, head, director and clerk forward it to
`result_ready`; the desk hands the result back; the public lookup shows it returned. Every
step checks the Vietnamese state label and the appointment against the API.

Then security through the browser: hostile applicant names stay text on every page that
shows them, a forged form token and another department's officer are refused with nothing
written, the session cookie is HttpOnly and SameSite=Lax, the sixth wrong password is
throttled, the lookup shows no personal data. axe-core (bundled by axe-selenium-python)
must find no serious or critical violation on the sign-in, desk form, inbox, dossier page,
dashboard and lookup pages. Screenshots go to .build/screenshots (git-ignored); with
--docs they are also written to docs/screenshots for the README. Prints "N passed, N failed".
"""
import io
import os
import pathlib
import shutil
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from harness import ROOT, Tally, free_port, request, seed, start, stop  # noqa: E402

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SHOTS = ROOT / ".build" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>"

t = Tally()
check = t.check

try:
    from axe_selenium_python import Axe
    from PIL import Image
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
    import zxingcpp
except ImportError as e:  # the venv is made by `make test`; CI must have it
    print(f"browser test needs the test venv ({e}); run `make test`")
    sys.exit(1 if os.environ.get("CI") == "true" else 0)

if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    print("browser test needs Debian's chromium and chromium-driver (scripts/install-deps.sh --test installs them)")
    sys.exit(1 if os.environ.get("CI") == "true" else 0)


class Console:
    """The browser, signed in as one officer at a time."""

    def __init__(self, port, passwords):
        os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not fetch anything
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1366,900",
                    "--lang=vi-VN", "--no-first-run", "--disable-extensions"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service(DRIVER), options=options)
        self.driver.set_page_load_timeout(30)
        self.base = f"http://127.0.0.1:{port}"
        self.passwords = passwords

    def get(self, path):
        self.driver.get(self.base + path)
        self.no_alert(path)

    def no_alert(self, where):
        try:
            alert = self.driver.switch_to.alert
            text = alert.text
            alert.dismiss()
            check(f"no script ran on {where}", False, f"an alert said {text!r}")
        except NoAlertPresentException:
            pass

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self, css):
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        return found[0].text.strip() if found else None

    def submit(self, button, where):
        """Clicks a submit button and waits for the next page to replace this one."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        button.click()

        def replaced(driver):
            # The old page's root is gone once any call on it fails: chromium says "stale
            # element" or, mid-navigation, "node does not belong to the document".
            try:
                page.tag_name
                return False
            except WebDriverException:
                return driver.execute_script("return document.readyState") == "complete"

        WebDriverWait(self.driver, 20, ignored_exceptions=(WebDriverException,)).until(replaced)
        self.no_alert(where)

    def sign_in(self, username, password=None):
        self.driver.delete_all_cookies()
        self.get("/sign-in")
        self.find("#username").send_keys(username)
        self.find("#password").send_keys(password or self.passwords[username])
        self.submit(self.find("form button[type=submit]"), "sign-in")
        return self.driver.current_url

    def act(self, label, fields=None, select=None):
        """Submits the dossier page's action form whose button says `label`."""
        for form in self.driver.find_elements(By.CSS_SELECTOR, "form.action"):
            button = form.find_element(By.CSS_SELECTOR, "button")
            if button.text.strip() == label:
                for name, value in (fields or {}).items():
                    form.find_element(By.NAME, name).send_keys(value)
                if select:
                    Select(form.find_element(By.NAME, "assignee")).select_by_visible_text(select)
                self.submit(button, f"after {label}")
                return True
        check(f"the form '{label}' is offered", False, f"forms: {self.action_labels()}")
        return False

    def action_labels(self):
        return [b.text.strip() for b in self.driver.find_elements(By.CSS_SELECTOR, "form.action button")]

    def shot(self, name, docs=False):
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        # The whole page, not the viewport: a device as tall as the page (at most 2,400 px).
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": 1366, "height": min(max(768, height), 2400), "deviceScaleFactor": 1, "mobile": False})
        self.driver.execute_script("window.scrollTo(0, 0)")
        self.driver.save_screenshot(str(path))
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        if docs:
            DOCS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, DOCS / f"{name}.png")

    def page_basics(self, where):
        lang = self.driver.execute_script("return document.documentElement.lang")
        check(f"{where}: lang=vi", lang == "vi", lang)
        check(f"{where}: has a title", bool(self.driver.title.strip()), self.driver.title)

    def axe(self, where):
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        check(f"axe: no serious or critical violation on {where}", not bad,
              "; ".join(f"{v['id']} ({v['impact']}): {v['help']} ×{len(v['nodes'])}" for v in bad))


def qr_text(console):
    """The receipt's QR code, decoded from a screenshot of it."""
    png = console.find(".qr svg").screenshot_as_png
    image = Image.open(io.BytesIO(png)).convert("L")
    # A quiet zone around it, as on paper.
    framed = Image.new("L", (image.width + 80, image.height + 80), 255)
    framed.paste(image, (40, 40))
    found = zxingcpp.read_barcodes(framed)
    return found[0].text if found else None


def main():
    docs = "--docs" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        database = str(pathlib.Path(tmp) / "motcua.sqlite")
        tokens, users = seed(database, tmp)
        passwords = {u["username"]: u["password"] for u in users}
        names = {u["username"]: u["name"] for u in users}
        port = free_port()
        log = open(pathlib.Path(tmp) / "server.log", "w")
        server = start(database, port, log=log)
        console = Console(port, passwords)
        try:
            lifecycle(console, port, tokens, names, docs)
            documents(console, port, tokens, pathlib.Path(tmp))
            security(console, port, tokens)
        finally:
            console.driver.quit()
            stop(server)
            log.close()
            if t.failed:
                print(pathlib.Path(log.name).read_text(errors="replace")[-3000:])
    return t.finish()


def documents(console, port, tokens, tmp):
    """The clerk registers a paper document with its scan chosen in the browser's file input;
    the specialist opens the drafting form. Both forms pass axe."""
    scan = tmp / "Công văn 125-UBND.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) + "Công văn đề nghị hỗ trợ\n".encode())
    console.sign_in("van.thu")
    console.get("/documents/paper")
    console.page_basics("paper document form")
    console.axe("paper document form")
    for name, value in [("organName", "UBND huyện Đại Từ"), ("number", "125"), ("notation", "UBND-VP"), ("typeName", "Công văn"),
                        ("subject", "Về việc đề nghị hỗ trợ kinh phí ứng dụng tiến bộ khoa học")]:
        console.find(f"#{name}").send_keys(value)
    console.driver.execute_script("arguments[0].value = '2027-02-25'", console.find("#date"))
    Select(console.find("#priority")).select_by_visible_text("Khẩn")
    console.find("#scan").send_keys(str(scan))
    console.submit(console.find("form.intake button[type=submit]"), "paper document registered")
    code = console.driver.current_url.rstrip("/").rsplit("/", 1)[-1]
    check("the paper document's page follows", "/dossiers/" in console.driver.current_url, console.driver.current_url)
    page = console.driver.page_source
    check("it is registered at once", "Đã vào sổ, chờ Lãnh đạo chỉ đạo" in page and "Số đến 01" in page, page[-1500:])
    check("its scan is listed under the file's own name", "Công văn 125-UBND.pdf" in page)
    status, body = request(port, "GET", f"/api/v1/dossiers/{code}", token=tokens["van.thu"])
    attachment = (body.get("document") or {}).get("attachments") or [{}]
    check("the API shows the scan with its size", status == 200 and attachment[0].get("size") == scan.stat().st_size, str(attachment))
    console.sign_in("chuyen.vien.qlkh")
    console.get("/documents/new")
    console.page_basics("drafting form")
    console.axe("drafting form")
    check("the drafting form says where recipients come from", "Chưa có danh bạ cơ quan" in console.driver.page_source)


def api_dossier(port, tokens, code):
    status, body = request(port, "GET", f"/api/v1/dossiers/{code}", token=tokens["giam.doc"])
    return body if status == 200 else {}


def local(iso):
    """`2027-03-15T07:30:00+07:00` as the pages print it: `15/03/2027 07:30`."""
    date, time = iso.split("T")
    y, m, d = date.split("-")
    return f"{d}/{m}/{y} {time[:5]}"


def expect_state(console, port, tokens, code, label, who):
    console.get(f"/dossiers/{code}")
    check(f"{who}: the dossier page says '{label}'", console.text(".state") == label, console.text(".state"))
    dossier = api_dossier(port, tokens, code)
    check(f"{who}: the API agrees on the state", dossier.get("stateLabel") == label, dossier.get("stateLabel"))
    shown = (console.text("dd.appointment") or "").split(" Vì sao")[0]
    check(f"{who}: the appointment is the API's", dossier.get("dueAt") and shown == local(dossier["dueAt"]), f"{shown} vs {dossier.get('dueAt')}")


def lifecycle(console, port, tokens, names, docs):
    # Sign-in page, then the desk.
    console.get("/")
    check("/ leads to the sign-in page", console.driver.current_url.endswith("/sign-in"), console.driver.current_url)
    console.page_basics("sign-in")
    console.axe("sign-in")
    console.shot("sign-in", docs)
    landed = console.sign_in("motcua.desk")
    check("the desk is signed in", not landed.endswith("/sign-in") and names["motcua.desk"] in console.driver.page_source, landed)
    cookie = console.driver.get_cookie("motcua_session") or {}
    check("session cookie is HttpOnly", cookie.get("httpOnly") is True, cookie)
    check("session cookie is SameSite=Lax", cookie.get("sameSite") == "Lax", cookie)

    console.get("/desk")
    console.submit(console.find("a[href='/desk/new?procedure=1.000173']"), "desk")
    console.page_basics("desk form")
    console.find("#applicant-name").send_keys("Nguyễn Thị Hoa")
    console.find("#applicant-id").send_keys("048190001234")
    console.find("#applicant-phone").send_keys("0905123456")
    console.find("#applicant-email").send_keys("hoa@example.vn")
    console.find("#applicant-address").send_keys("12 Trần Phú, Hải Châu, Đà Nẵng")
    console.find("#summary").send_keys("Cấp chứng chỉ nhân viên bức xạ cho người phụ trách an toàn")
    for box in console.driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name^='doc.']"):
        if not box.is_selected():
            box.click()
    console.axe("desk form")
    console.shot("desk-form", docs)
    console.submit(console.find("form.intake button[type=submit]"), "intake")

    # The receipt.
    check("the receipt opens after logging", "/receipt" in console.driver.current_url, console.driver.current_url)
    code = console.text("strong.code")
    check("the receipt has its title", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in console.driver.page_source)
    dossier = api_dossier(port, tokens, code)
    check("the receipt's code is a dossier", dossier.get("code") == code, code)
    check("the receipt's appointment is the API's", console.text("dd.appointment") == local(dossier.get("dueAt", "T")), console.text("dd.appointment"))
    check("the receipt's QR code reads as the dossier code", qr_text(console) == code, qr_text(console))
    console.shot("receipt", docs)

    expect_state(console, port, tokens, code, "Đã tiếp nhận", "desk")
    console.act("Chuyển xử lý")
    expect_state(console, port, tokens, code, "Trưởng phòng phân công thụ lý", "desk → head")

    # The department head assigns the specialist.
    console.sign_in("truong.phong.qlcn")
    console.get("/inbox")
    console.page_basics("inbox")
    check("the head's inbox lists it", code in console.driver.page_source)
    console.axe("inbox")
    console.shot("inbox", docs)
    console.submit(console.find(f"a[href='/dossiers/{code}']"), "inbox")
    console.act("Chuyển xử lý", select=names["chuyen.vien.qlcn"])
    expect_state(console, port, tokens, code, "Thẩm định hồ sơ", "head → specialist")

    # The specialist asks for a supplement; the desk records it.
    console.sign_in("chuyen.vien.qlcn")
    console.get(f"/dossiers/{code}")
    console.act("Yêu cầu bổ sung hồ sơ", {"reason": "Phiếu khám sức khỏe quá 6 tháng", "items": "Phiếu khám sức khỏe mới"})
    expect_state(console, port, tokens, code, "Yêu cầu bổ sung", "specialist: supplement")
    console.sign_in("motcua.desk")
    console.get(f"/dossiers/{code}")
    console.act("Nhận hồ sơ bổ sung")
    expect_state(console, port, tokens, code, "Thẩm định hồ sơ", "desk: supplement received")
    check("the explanation shows the supplement round", "(lần 1)" in console.driver.page_source)

    # Specialist, head, director, clerk forward it to the result.
    for who, after in [("chuyen.vien.qlcn", "Trưởng phòng xem xét, trình ký"), ("truong.phong.qlcn", "Lãnh đạo Sở phê duyệt, ký"),
                       ("giam.doc", "Văn thư vào sổ, đóng dấu, phát hành"), ("van.thu", "Đã có kết quả")]:
        console.sign_in(who)
        console.get(f"/dossiers/{code}")
        if who == "giam.doc":
            console.page_basics("dossier page")
            console.axe("dossier page")
            console.driver.execute_script("document.querySelector('#why details').open = true")
            console.shot("dossier", docs)
        console.act("Chuyển xử lý")
        expect_state(console, port, tokens, code, after, who)
        if who == "giam.doc":
            console.get("/reports")
            console.page_basics("dashboard")
            check("the dashboard counts the dossier", console.text("dd.received") not in (None, "0"), console.text("dd.received"))
            check("the dashboard draws its chart", len(console.driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.received")) > 0)
            console.axe("dashboard")
            console.shot("dashboard", docs)

    # The desk hands the result back from its list.
    console.sign_in("motcua.desk")
    console.get("/desk")
    row = [r for r in console.driver.find_elements(By.CSS_SELECTOR, "#ready tr") if code in r.text]
    check("the result waits in the desk's list", len(row) == 1)
    if row:
        console.submit(row[0].find_element(By.CSS_SELECTOR, "button"), "return")
    expect_state(console, port, tokens, code, "Đã trả kết quả", "desk: returned")

    # The public page.
    console.driver.delete_all_cookies()
    console.get(f"/lookup?code={code}")
    console.page_basics("lookup")
    check("the lookup shows the returned state", console.text("dd.state") == "Đã trả kết quả", console.text("dd.state"))
    source = console.driver.page_source
    check("the lookup shows no personal data", all(x not in source for x in ("0905123456", "hoa@example.vn", "048190001234", "Trần Phú", "Nguyễn Thị Hoa")))
    console.axe("lookup")
    console.shot("lookup", docs)


def security(console, port, tokens):
    # A hostile applicant name, logged through the form, shown as text everywhere.
    console.sign_in("motcua.desk")
    console.get("/desk/new?procedure=1.000173")
    console.find("#applicant-name").send_keys(HOSTILE)
    console.find("#applicant-address").send_keys(HOSTILE)
    console.submit(console.find("form.intake button[type=submit]"), "hostile intake")
    code = console.text("strong.code")
    check("a hostile name is logged", bool(code), console.driver.current_url)
    pages = [f"/dossiers/{code}/receipt", f"/dossiers/{code}", "/inbox", "/log-book", f"/dossiers/{code}/forms/slip"]
    for path in pages:
        console.get(path)
        injected = console.driver.find_elements(By.CSS_SELECTOR, "img[src='x'], img[onerror]")
        scripts = [s for s in console.driver.find_elements(By.TAG_NAME, "script") if "alert" in (s.get_attribute("innerHTML") or "")]
        check(f"{path}: no injected element", not injected and not scripts)
        check(f"{path}: the name shows as text", "<script>alert(1)</script>" in console.driver.find_element(By.TAG_NAME, "body").text)

    # A forged form token: refused, nothing written.
    version = api_dossier(port, tokens, code).get("version")
    console.get(f"/dossiers/{code}")
    console.driver.execute_script("document.querySelectorAll('input[name=csrf]').forEach(i => i.value = 'forged')")
    console.act("Chuyển xử lý")
    check("a forged token is refused", "Phiên biểu mẫu không hợp lệ" in console.driver.page_source)
    check("a forged token writes nothing", api_dossier(port, tokens, code).get("version") == version)

    # Another department's specialist: no page, and an action is refused.
    console.sign_in("chuyen.vien.qlkh")
    console.get(f"/dossiers/{code}")
    check("another department's officer does not see the dossier", "Không tìm thấy hồ sơ" in console.driver.page_source)
    csrf = console.driver.execute_script("const i = document.querySelector('input[name=csrf]'); return i && i.value")
    console.driver.execute_script("""
        const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];
        for (const [k, v] of Object.entries({csrf: arguments[1], action: 'forward', version: String(arguments[2])})) {
          const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }
        document.body.appendChild(f); f.submit();""", f"/dossiers/{code}/actions", csrf, version)
    WebDriverWait(console.driver, 20).until(lambda d: d.execute_script("return document.forms.length") >= 0 and "/actions" in d.current_url)
    check("another department's action is refused", "Không tìm thấy hồ sơ" in console.driver.page_source
          or "Không có quyền" in console.driver.page_source, console.driver.title)
    check("another department's action writes nothing", api_dossier(port, tokens, code).get("version") == version)

    # The sixth wrong password is throttled.
    for attempt in range(1, 7):
        console.sign_in("chuyen.vien.vp", "sai-mat-khau")
    check("the sixth wrong password is throttled", "Đăng nhập sai quá nhiều lần" in console.driver.page_source)
    status, _ = request(port, "GET", "/healthz")
    check("the server is still healthy", status == 200)


if __name__ == "__main__":
    sys.exit(main())
