"""Public tracking: code + secret, the same answer for any wrong pair, rate-limited, rating once after return."""

import datetime as dt

import pytest
from django.urls import reverse

from dossiers import papers, tracking, workflow
from dossiers.models import Rating, Status
from mocua.models import Office
from tests.conftest import screenshot
from tests.dossier_helpers import marriage_status_procedure, received_dossier, staff

pytestmark = pytest.mark.django_db
URL = "/tra-cuu/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dossier(demo):
    office = Office.objects.get(slug="duc-thanh")
    return received_dossier(office, marriage_status_procedure(office))


def alert(response) -> str:
    return response.content.decode().split('role="alert">')[1].split("</div>")[0]


def returned(d):
    clerk, specialist, leader = (staff(f"duc-thanh.{r}") for r in ("clerk", "specialist", "leader"))
    d = workflow.assign(clerk, d, specialist)
    d = workflow.start(specialist, d)
    d = workflow.submit(specialist, d)
    d = workflow.approve(leader, d)
    d = workflow.ready(specialist, d)
    return workflow.return_result(clerk, d, "Nguyễn Thị Hồng Nhung")


def test_tracking_shows_status_and_masked_name_only(client, dossier):
    assert reverse("dossiers:track") == URL
    page = client.get(URL, {"code": dossier.code, "secret": dossier.secret.lower()})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nguyễn T. H. N." in html and "Mới tiếp nhận" in html and dossier.code in html
    for private in (dossier.id_number, dossier.phone, dossier.address, "Nguyễn Thị Hồng Nhung"):
        assert private not in html
    assert "Đánh giá" not in html  # not returned yet


def test_wrong_code_and_wrong_secret_get_the_same_answer(client, dossier):
    wrong_secret = client.get(URL, {"code": dossier.code, "secret": "AAAAAA"})
    wrong_code = client.get(URL, {"code": dossier.code[:-1] + "9", "secret": dossier.secret})
    assert wrong_secret.status_code == wrong_code.status_code == 404
    assert alert(wrong_secret) == alert(wrong_code) == tracking.NOT_FOUND
    assert tracking.NOT_FOUND in wrong_code.content.decode()
    assert client.get(URL, {"code": "", "secret": dossier.secret}).status_code == 404


def test_failed_lookups_are_rate_limited_per_address(client, dossier):
    for i in range(tracking.MAX_FAILURES_PER_CLIENT_CODE):
        assert client.get(URL, {"code": dossier.code, "secret": f"WRONG{i}"}).status_code == 404
    blocked = client.get(URL, {"code": dossier.code, "secret": dossier.secret})
    assert blocked.status_code == 429 and tracking.TOO_MANY in blocked.content.decode()
    # The guesser is blocked; the citizen, from another address, is not.
    other = client.get(URL, {"code": dossier.code, "secret": dossier.secret}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_a_stranger_cannot_lock_the_citizen_out(client, dossier):
    """Issue 15: 20 wrong secrets for one code from two addresses, then the citizen with the secret."""
    for i in range(20):
        client.get(URL, {"code": dossier.code, "secret": f"SAI{i}"}, REMOTE_ADDR=f"10.0.0.{i % 2 + 1}")
    assert client.get(URL, {"code": dossier.code, "secret": dossier.secret}).status_code == 200


def test_an_address_guessing_many_codes_is_blocked(client, dossier):
    for i in range(tracking.MAX_FAILURES_PER_CLIENT):
        code = dossier.code[:-4] + f"{9000 + i}"
        assert client.get(URL, {"code": code, "secret": "AAAAAA"}).status_code == 404
    assert client.get(URL, {"code": dossier.code, "secret": dossier.secret}).status_code == 429


def test_tracking_answers_when_the_cache_is_down(client, dossier, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6390/0",  # nothing listens here
        }
    }
    assert client.get(URL, {"code": dossier.code, "secret": "AAAAAA"}).status_code == 404
    assert client.get(URL, {"code": dossier.code, "secret": dossier.secret}).status_code == 200


def test_rating_once_after_return(client, dossier):
    data = {"code": dossier.code, "secret": dossier.secret, "score": "5", "comment": "Nhanh, chu đáo."}
    early = client.post(URL, data)
    assert early.status_code == 400 and "sau khi đã nhận kết quả" in early.content.decode()
    assert not Rating.objects.exists()
    d = returned(dossier)
    assert (
        "Đánh giá mức độ hài lòng" in client.get(URL, {"code": d.code, "secret": d.secret}).content.decode()
    )
    assert client.post(URL, {**data, "score": "6"}).status_code == 400
    done = client.post(URL, data, follow=True)
    assert "Cảm ơn ông/bà đã đánh giá" in done.content.decode()
    assert Rating.objects.get(dossier=d).score == 5
    again = client.post(URL, {**data, "score": "1"})
    assert again.status_code == 400 and "chỉ đánh giá một lần" in again.content.decode()
    assert Rating.objects.get(dossier=d).score == 5


def test_signed_apology_letter_is_shown_and_downloadable(client, dossier):
    letter = workflow.apologise(
        staff("duc-thanh.clerk"),
        dossier,
        reason="Phải xác minh thêm.",
        responsible_unit="Công chức Tư pháp - Hộ tịch",
        new_due_at=dossier.due_at + dt.timedelta(days=2),
    )
    workflow.sign_apology(staff("duc-thanh.leader"), letter)
    papers.issue_paper(dossier, papers.K.APOLOGY)
    page = client.get(URL, {"code": dossier.code, "secret": dossier.secret}).content.decode()
    assert "Thư xin lỗi số 1/PXL" in page and "Phải xác minh thêm." in page
    pdf = client.get(reverse("dossiers:track_apology"), {"code": dossier.code, "secret": dossier.secret})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("dossiers:track_apology"), {"code": dossier.code, "secret": "X"}).status_code
        == 404
    )


def test_citizen_rates_on_a_phone_without_javascript(browser, live_server, dossier):
    d = returned(dossier)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, locale="vi-VN"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{URL}?code={d.code}&secret={d.secret}")
    assert page.locator(".status").inner_text() == "Đã trả kết quả"
    screenshot(page, "track-phone-returned")
    page.check("input[name=score][value='4']")
    page.fill("#comment", "Cán bộ hướng dẫn tận tình.")
    page.click("text=Gửi đánh giá")
    assert "Cảm ơn ông/bà đã đánh giá" in page.content()
    screenshot(page, "track-phone-rated")
    context.close()
    assert Rating.objects.get(dossier=d).score == 4 and d.status == Status.RETURNED
