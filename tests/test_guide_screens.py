"""The user guide's screenshots, taken by browser journeys through the real screens (issue 16, point 13).

Each role walks through the pages its chapter of docs/guide describes, at 1366 and 390 px wide, on
the demo data of a Wednesday morning at xã Đức Thạnh ("Ngày không hẹn"). Each page is checked for
what the guide says of it, so the guide cannot drift from the screens unnoticed.

`make guide` runs this module with MOCUA_GUIDE_IMG=docs/guide/img: the screenshots replace the
guide's (palette PNGs, a few tens of KB each). Otherwise they go to tests/artifacts/guide/.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine

from mocua.models import Office
from schedules.roster import generate_month
from tests.conftest import ARTIFACTS, ROOT, VN, login, screenshot
from tests.dossier_helpers import moved_to, received_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY_0945 = dt.datetime(2026, 11, 25, 9, 45, tzinfo=VN)
WIDTHS = {1366: 800, 390: 844}


def target_dir() -> Path:
    chosen = os.environ.get("MOCUA_GUIDE_IMG")
    folder = (ROOT / chosen) if chosen else ARTIFACTS / "guide"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_small(png: bytes, path: Path) -> None:
    """A palette PNG (256 colours): screenshots of forms and tables lose nothing visible."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


class Walker:
    """Two pages (1366 and 390 wide) logged in as the same user, photographed side by side."""

    def __init__(self, browser, live_server):
        self.browser, self.live_server, self.contexts = browser, live_server, []
        self.pages = {}
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
            self.contexts.append(context)
            self.pages[width] = context.new_page()

    def login(self, username: str) -> "Walker":
        for page in self.pages.values():
            login(page, self.live_server, username)
        return self

    def shoot(self, path: str, name: str, *expect: str, then=None) -> None:
        """Open `path` at both widths, check the texts `expect` show, act (`then(page)`), photograph."""
        for width, page in self.pages.items():
            page.goto(f"{self.live_server.url}{path}")
            if then is not None:
                then(page)
            text = page.inner_text("body")
            for wanted in expect:
                assert wanted in text, (name, width, wanted)
            save_small(page.screenshot(full_page=False), target_dir() / f"{name}-{width}.png")

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def day(catalog):
    """Đức Thạnh on Wednesday 25/11/2026 at 09:45: three dossiers received this morning, one with
    the specialist, one waiting for the leader."""
    office = Office.objects.get(slug="duc-thanh")
    generate_month(office, 2026, 11)
    proc = office.procedures.get(code__startswith="1.004873")
    other = office.procedures.get(code__startswith="2.000815")
    dossiers = []
    for minutes, procedure in ((-90, proc), (-60, other), (-30, proc)):
        with time_machine.travel(WEDNESDAY_0945 + dt.timedelta(minutes=minutes), tick=False):
            dossiers.append(received_dossier(office, procedure))
    with time_machine.travel(WEDNESDAY_0945 - dt.timedelta(minutes=20), tick=False):
        moved_to(dossiers[0], "submitted")
        moved_to(dossiers[1], "processing")
    with time_machine.travel(WEDNESDAY_0945, tick=True):
        yield {"office": office, "dossiers": dossiers}


@pytest.fixture
def walker(browser, live_server):
    walkers = []

    def make(username: str | None = None) -> Walker:
        w = Walker(browser, live_server)
        walkers.append(w)
        return w.login(username) if username else w

    yield make
    for w in walkers:
        w.close()


def pick_procedure(page) -> None:
    page.fill("#procedure-search", "xac nhan tinh trang hon")
    page.wait_for_selector("#procedure-results .active")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Người nộp")
    page.fill("input[name=full_name]", "Nguyễn Thị Hồng Nhung")


def test_clerk_specialist_and_leader_journeys(day, walker):
    first, second, _ = day["dossiers"]
    clerk = walker("duc-thanh.clerk")
    clerk.shoot("/", "can-bo-mot-cua-trang-chinh", "Xin chào")
    clerk.shoot("/ho-so/tiep-nhan/", "can-bo-mot-cua-tiep-nhan", "Ngày không hẹn", then=pick_procedure)
    clerk.shoot("/ho-so/", "can-bo-mot-cua-danh-sach", first.code)
    clerk.shoot(f"/ho-so/{first.code}/", "can-bo-mot-cua-ho-so", first.code, "Giấy tờ")
    clerk.shoot("/ho-so/so-theo-doi/", "can-bo-mot-cua-so-theo-doi", "Sổ")

    specialist = walker("duc-thanh.specialist")
    specialist.shoot(f"/ho-so/{second.code}/", "chuyen-mon-ho-so", second.code, "Trình")

    leader = walker("duc-thanh.leader")
    leader.shoot("/ho-so/trinh-ky/", "lanh-dao-trinh-ky", first.code)
    leader.shoot("/bao-cao/", "lanh-dao-bao-cao", "Báo cáo")


def test_secretary_volunteer_supervisor_and_admin_journeys(day, walker):
    office = day["office"]
    secretary = walker("duc-thanh.secretary")
    secretary.shoot("/quan-ly/thu-tuc/", "van-phong-thu-tuc", "Danh mục thủ tục", "Dùng chung")
    model = office.reform_models.filter(kind="no_appointment").first()
    secretary.shoot(f"/quan-ly/mo-hinh/{model.pk}/sua/", "van-phong-mo-hinh", "Trả kết quả trong ngày")
    secretary.shoot("/lich-lam-viec/", "van-phong-lich-lam-viec", "Lịch làm việc")
    secretary.shoot("/lich-truc/?thang=2026-11", "van-phong-lich-truc", "Lịch trực")
    secretary.shoot("/quan-ly/chi-tieu-truc-tuyen/", "van-phong-chi-tieu", "Chỉ tiêu hồ sơ trực tuyến")

    volunteer = walker("duc-thanh.volunteer")
    volunteer.shoot("/ho-so/tiep-nhan/", "tinh-nguyen-vien-tiep-nhan", "Tiếp nhận", then=pick_procedure)

    supervisor = walker("noi-vu.supervisor")
    supervisor.shoot("/bao-cao/", "noi-vu-bao-cao", "Báo cáo")

    admin = walker("duc-thanh.admin")
    admin.shoot("/admin/", "quan-tri-trang-quan-tri", "Quản trị")
    admin.shoot("/cong-viec-tu-dong/", "quan-tri-cong-viec", "Công việc tự động")


def test_citizen_journey_and_guide_pages(day, walker):
    office = day["office"]
    citizen = walker()
    citizen.shoot(f"/thu-tuc/{office.slug}/", "nguoi-dan-danh-muc", "Ngày không hẹn")
    proc = office.procedures.get(code__startswith="1.004873")
    citizen.shoot(f"/thu-tuc/{office.slug}/{proc.code}/", "nguoi-dan-thu-tuc", "Thành phần hồ sơ")
    citizen.shoot("/tra-cuu/", "nguoi-dan-tra-cuu", "Tra cứu")
    citizen.shoot(f"/thu-tuc/{office.slug}/tai-quay/", "nguoi-dan-man-hinh-quay", "Người trực")
    # The guide itself, served with the site's look: every chapter and every picture it shows.
    from mocua.guide import chapters

    page = citizen.pages[1366]
    page.goto(f"{citizen.live_server.url}/huong-dan/")
    assert "Hướng dẫn sử dụng" in page.inner_text("body")
    for slug, title, _path in chapters():
        page.goto(f"{citizen.live_server.url}/huong-dan/{slug}/")
        assert title in page.inner_text("h1")
        broken = page.evaluate("[...document.images].filter(i => !i.complete || !i.naturalWidth).length")
        assert broken == 0, slug
        assert page.locator("article img").count() >= 1, slug
    screenshot(page, "guide-chapter-1366")
    phone = citizen.pages[390]
    for slug, _title, _path in chapters():
        phone.goto(f"{citizen.live_server.url}/huong-dan/{slug}/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, slug  # no sideways scroll
    screenshot(phone, "guide-chapter-390")
