"""The Content-Security-Policy in a real browser: the main pages load with no violation, and their
own scripts (intake type-ahead, the report period picker, Bootstrap's menu) still work."""

import pytest

from mocua.models import Office
from tests.conftest import login, screenshot
from tests.dossier_helpers import marriage_status_procedure, received_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts: records each violation the browser reports.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watched:
    """A page whose CSP violations, console errors and script errors are collected."""

    def __init__(self, browser, **context):
        self.context = browser.new_context(locale="vi-VN", **context)
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self.on_console)
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))

    def on_console(self, message):
        # Chromium: "Refused to … because it violates the following Content Security Policy directive"
        if "Content Security Policy" in message.text:
            self.problems.append(f"console: {message.text}")

    def visit(self, url: str):
        response = self.page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        self.page.wait_for_load_state("load")
        return response

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__csp") + self.problems

    def assert_clean(self, where: str):
        found = self.violations()
        assert found == [], f"{where}: {found}"


@pytest.fixture
def watched(browser):
    pages = []

    def make(**context) -> Watched:
        pages.append(Watched(browser, **context))
        return pages[-1]

    yield make
    for w in pages:
        w.context.close()


def test_the_checker_sees_a_violation(watched, live_server, demo):
    """The listener would catch what the policy blocks (so a clean page means something)."""
    w = watched()
    w.visit(f"{live_server.url}/dang-nhap/")
    w.page.evaluate(
        """() => {
        const s = document.createElement("script"); s.textContent = "window.ran = 1"; document.body.append(s);
        document.body.insertAdjacentHTML("beforeend", '<div style="color: red">x</div>');
    }"""
    )
    w.page.wait_for_function("window.__csp.length >= 2")
    assert w.page.evaluate("window.ran") is None  # the inline script did not run
    assert any(v.startswith("script-src") for v in w.violations())


def test_main_pages_pass_the_policy_and_their_scripts_work(watched, live_server, demo):
    from models_catalog import demo as catalog_demo

    catalog_demo.load()
    office = Office.objects.get(slug="duc-thanh")
    dossier = received_dossier(office, marriage_status_procedure(office))
    public_code = office.procedures.order_by("code").first().code
    base = live_server.url

    # Public pages: login, a procedure, tracking, the counter board.
    citizen = watched(viewport={"width": 390, "height": 844})
    for path, shows in (
        ("/dang-nhap/", "Đăng nhập"),
        (f"/thu-tuc/duc-thanh/{public_code}/", public_code),
        (f"/tra-cuu/?code={dossier.code}&secret={dossier.secret}", "Nguyễn T. H. N."),
        ("/thu-tuc/duc-thanh/tai-quay/", "Đức Thạnh"),
    ):
        citizen.visit(base + path)
        assert shows in citizen.page.content(), path
        citizen.assert_clean(path)

    # The clerk: every page of the menu, the intake type-ahead, the dossier page.
    clerk = watched(viewport={"width": 1280, "height": 900})
    login(clerk.page, live_server, "duc-thanh.clerk")
    clerk.assert_clean("home")
    for href in clerk.page.eval_on_selector_all("nav .nav-link", "links => links.map(a => a.href)"):
        clerk.visit(href)
        clerk.assert_clean(href)
    clerk.visit(f"{base}/ho-so/tiep-nhan/")
    clerk.page.fill("#procedure-search", "xac nhan tinh trang hon")  # static/js/procedure-search.js
    clerk.page.wait_for_selector("#procedure-results .active")
    clerk.assert_clean("intake type-ahead")
    clerk.visit(f"{base}/ho-so/{dossier.code}/")
    clerk.visit(f"{base}/ho-so/")
    assert dossier.code in clerk.page.content()
    clerk.assert_clean("dossier and worklist")

    # The leader on a phone: Bootstrap's menu opens; the report period picker submits on change.
    leader = watched(viewport={"width": 390, "height": 844})
    login(leader.page, live_server, "duc-thanh.leader")
    leader.page.click(".navbar-toggler")
    leader.page.wait_for_selector("#nav.show")
    hrefs = leader.page.eval_on_selector_all("nav .nav-link", "links => links.map(a => a.href)")
    for href in hrefs:
        leader.visit(href)
        leader.assert_clean(href)
    leader.visit(f"{base}/bao-cao/duc-thanh/")
    picker = leader.page.locator("select[data-autosubmit]")
    other = picker.locator("option:not([selected])").first.get_attribute("value")
    with leader.page.expect_navigation():
        picker.select_option(other)  # static/js/app.js submits the form
    assert f"ky={other}" in leader.page.url
    leader.assert_clean("report period picker")
    screenshot(leader.page, "csp-leader-report")


def test_office_admin_pages_pass_the_policy(watched, live_server, demo):
    admin = watched(viewport={"width": 1280, "height": 900})
    login(admin.page, live_server, "duc-thanh.admin")
    hrefs = admin.page.eval_on_selector_all("nav .nav-link", "links => links.map(a => a.href)")
    assert any(h.endswith("/admin/") for h in hrefs)
    for href in hrefs:
        admin.visit(href)
        admin.assert_clean(href)
    models = admin.page.eval_on_selector_all("#content-main a", "links => links.map(a => a.href)")
    for href in models[:6]:
        admin.visit(href)
        admin.assert_clean(href)
