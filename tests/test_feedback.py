"""Feedback (phản ánh, kiến nghị), issue 17 item 2: the public form and its limits, the office's
steps, the 15-working-day limit across holidays, the leader's card, the report figures."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dossiers import feedback, feedback_selectors, outbox
from dossiers.models_citizen import Feedback, FeedbackState, MessageState, OutboundMessage
from dossiers.validators import MOBILE_MESSAGE
from mocua.jobs.models import Notification
from tests.conftest import at, frozen
from tests.dossier_helpers import marriage_status_procedure, staff
from tests.notify_helpers import file_messages

pytestmark = pytest.mark.django_db
URL = "/gop-y/duc-thanh/"
THURSDAY_BEFORE_HOLIDAYS = dt.date(2026, 4, 23)  # then Giỗ Tổ (26–27/4), 30/4 and 1/5


@pytest.fixture(autouse=True)
def outbox_dir(settings, tmp_path):
    settings.MOCUA_NOTIFY_FILE_DIR = str(tmp_path / "outbox")
    settings.MOCUA_NOTIFY_BACKENDS = {c: {"backend": "file"} for c in ("sms", "zalo", "email")}
    settings.SITE_URL = "https://motcua.example.vn"
    return tmp_path / "outbox"


def sent(office, when, **over) -> Feedback:
    data = {"about": "other", "content": "Bãi giữ xe trước trụ sở quá chật vào buổi sáng.", **over}
    with frozen(when):
        return feedback.submit(office, feedback.FeedbackIn(**data), client=f"10.0.0.{len(over)}")


def form(**over) -> dict:
    return {"about": "other", "content": "Nhà vệ sinh của Bộ phận Một cửa cần được sửa.", **over}


# --- the time limit ----------------------------------------------------------------------------


def test_answered_on_the_15th_working_day_is_on_time_and_on_the_16th_late(office, people):
    from schedules import calendar

    for holiday in (dt.date(2026, 4, 27), dt.date(2026, 4, 30), dt.date(2026, 5, 1)):
        assert not calendar.is_working_day(office, holiday)
    early = sent(office, THURSDAY_BEFORE_HOLIDAYS)
    late = sent(office, THURSDAY_BEFORE_HOLIDAYS, name="Lê Văn Tám")
    # Working days from Fri 24/4, skipping 25–27/4 and 30/4–3/5: the 15th is Tue 19/5.
    assert early.due_on == late.due_on == dt.date(2026, 5, 19)
    sec = people["secretary"]
    for item, day, hour in ((early, dt.date(2026, 5, 19), 16), (late, dt.date(2026, 5, 20), 8)):
        with frozen(day, hour):
            feedback.classify(sec, item, "suggestion")
            feedback.answer(sec, item, "Đơn vị đã bố trí thêm chỗ để xe phía sau trụ sở.")
        item.refresh_from_db()
    assert feedback.on_time(early) is True and feedback.on_time(late) is False
    figures = feedback_selectors.feedback_figures(office, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert figures["received"] == 2 and figures["answered_on_time"] == 1 and figures["answered_late"] == 1
    assert figures["on_time_rate"] == 50.0 and figures["by_category"]["suggestion"] == 2


def test_the_time_limit_is_configurable(settings, office):
    settings.MOCUA_FEEDBACK_ANSWER_DAYS = 2
    assert sent(office, dt.date(2026, 4, 29)).due_on == dt.date(2026, 5, 5)  # 4/5, 5/5 after the holidays


# --- the public form ---------------------------------------------------------------------------


def test_the_form_is_reachable_and_sends_an_item(client, office):
    proc = marriage_status_procedure(office)
    page = client.get(URL, {"thu_tuc": proc.code})
    html = page.content.decode()
    assert page.status_code == 200 and f'value="{proc.code}" selected' in html
    assert 'value="procedure" checked' in html
    with frozen(2026, 11, 26, 9):
        done = client.post(
            URL,
            form(about="procedure", procedure=proc.code, phone="0912 345 678", reply_channel="sms"),
            follow=True,
        )
    item = Feedback.objects.get()
    assert item.procedure == proc and item.phone == "0912345678" and item.number.endswith("/PAKN")
    body = done.content.decode()
    assert f"Đã nhận phản ánh, kiến nghị số {item.number}" in body and "0912345678" not in body
    assert "0912345678" not in done.redirect_chain[0][0]
    catalog_page = client.get(f"/thu-tuc/duc-thanh/{proc.code}/").content.decode()
    assert f"/gop-y/duc-thanh/?thu_tuc={proc.code}" in catalog_page
    poster = client.get("/gop-y/duc-thanh/ap-phich/").content.decode()
    assert "<svg" in poster and "https://motcua.example.vn/gop-y/duc-thanh/" in poster


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"content": "   "}, "content", "Cần ghi nội dung"),
        ({"content": "x" * 2001}, "content", "tối đa 2.000 ký tự"),
        ({"phone": "0276 3822 111"}, "phone", MOBILE_MESSAGE),
        ({"reply_channel": "sms"}, "phone", "Cần số di động"),
        ({"reply_channel": "email", "email": "khong-phai-thu"}, "email", "không hợp lệ"),
        ({"about": "staff"}, "about_staff", "Hãy ghi họ tên"),
        ({"about": "procedure", "procedure": "9.999999"}, "procedure", "không giải quyết"),
        ({"about": "gì đó"}, "about", "Hãy chọn"),
        ({"content": "Có ký tự\x00 lạ"}, "content", "ký tự điều khiển"),
    ],
)
def test_bad_input_is_answered_in_vietnamese_and_saves_nothing(client, office, over, field, message):
    response = client.post(URL, form(**over))
    html = response.content.decode()
    assert response.status_code == 400 and message in html, html[:3000]
    # A control character is stopped by the input guard before the view, with its own page.
    assert "chưa gửi được" in html or field == "content" and "\x00" in over["content"]
    assert not Feedback.objects.exists()
    with pytest.raises(ValidationError) as error:
        feedback.submit(office, feedback.FeedbackIn(**form(**over)), client="10.9.9.9")
    assert field in error.value.message_dict


def test_an_address_that_sent_too_many_is_refused(settings, client, office):
    settings.MOCUA_FEEDBACK_PER_HOUR = 2
    assert client.post(URL, form()).status_code == 302
    assert client.post(URL, form()).status_code == 302
    refused = client.post(URL, form())
    assert refused.status_code == 429 and feedback.TOO_MANY in refused.content.decode()
    assert Feedback.objects.count() == 2
    other = client.post(URL, form(), REMOTE_ADDR="10.1.2.3")  # another address is not blocked
    assert other.status_code == 302 and Feedback.objects.count() == 3


def test_a_supervisor_office_has_no_form(client):
    assert client.get("/gop-y/noi-vu/").status_code == 404


# --- the office's steps ------------------------------------------------------------------------


def test_classify_assign_answer_publish_close(staff_client, office, people, outbox_dir):
    item = sent(
        office,
        dt.date(2026, 11, 26),
        content="Cán bộ hẹn tôi gọi số 0987 654 321 nhưng không ai nghe.",
        about="staff",
        about_staff="Quầy số 2",
        phone="0912345678",
        reply_channel="sms",
    )
    spec = people["specialist"]
    c = staff_client("duc-thanh.secretary")
    base = f"/phan-anh/{item.pk}/"
    with frozen(2026, 11, 27, 9):
        assert c.get("/phan-anh/").status_code == 200
        early = c.post(base + "tra-loi/", {"answer": "Đã nhắc nhở."}, follow=True)
        assert "Cần phân loại" in early.content.decode()
        c.post(base + "phan-loai/", {"category": "conduct"})
        c.post(base + "giao/", {"assignee": spec.pk})
        item.refresh_from_db()
        assert (item.state, item.category, item.assignee) == (FeedbackState.ASSIGNED, "conduct", spec)
        assert Notification.objects.filter(recipient=spec, text__contains=item.number).exists()
        # The specialist it was given to answers; a clerk it was not given to does not even see it.
        assert staff_client("duc-thanh.clerk").get(base).status_code == 404
        s = staff_client("duc-thanh.specialist")
        assert (
            s.post(base + "tra-loi/", {"answer": "   "}, follow=True)
            .content.decode()
            .count("Cần ghi nội dung")
        )
        s.post(base + "tra-loi/", {"answer": "Đơn vị đã nhắc nhở cán bộ quầy số 2. Xin cảm ơn ông/bà."})
    item.refresh_from_db()
    assert item.state == FeedbackState.ANSWERED and item.answered_by == spec
    (msg,) = OutboundMessage.objects.filter(feedback=item)
    assert msg.channel == "sms" and msg.recipient == "0912345678" and msg.body.isascii()
    assert "Don vi da nhac nho" in msg.body and msg.segments in (1, 2)
    assert outbox.sweep(at(2026, 11, 27, 10))["sent"] == 1
    assert outbox.sweep(at(2026, 11, 27, 11))["sent"] == 0
    assert len(file_messages(outbox_dir, "sms")) == 1
    msg.refresh_from_db()
    assert msg.state == MessageState.SENT
    with frozen(2026, 11, 27, 14):
        c = staff_client("duc-thanh.secretary")
        c.post(base + "cong-khai/")
        c.post(base + "ket-thuc/")
        again = c.post(base + "ket-thuc/", follow=True).content.decode()
    assert "Không thể kết thúc" in again
    item.refresh_from_db()
    assert item.state == FeedbackState.CLOSED and item.published_at is not None
    public = staff_client("duc-thanh.secretary").get(URL).content.decode()
    assert "Đơn vị đã nhắc nhở cán bộ quầy số 2" in public
    assert "0987 654 321" not in public and "số điện thoại đã ẩn" in public and "0912345678" not in public


def test_another_office_cannot_touch_the_item(staff_client, office):
    item = sent(office, dt.date(2026, 11, 26))
    c = staff_client("luan-thanh.secretary")
    assert c.get(f"/phan-anh/{item.pk}/").status_code == 404
    assert c.post(f"/phan-anh/{item.pk}/phan-loai/", {"category": "praise"}).status_code == 404
    with pytest.raises(feedback.FeedbackError):
        feedback.classify(staff("luan-thanh.secretary"), item, "praise")
    item.refresh_from_db()
    assert item.category == "" and item.state == FeedbackState.NEW


def test_items_near_or_past_the_limit_are_on_the_leaders_home_page(staff_client, office, people):
    overdue = sent(office, dt.date(2026, 10, 1))
    near = sent(office, dt.date(2026, 11, 5), name="Trần Thị Gần")
    fresh = sent(office, dt.date(2026, 11, 26), name="Ngô Văn Mới")
    with frozen(2026, 11, 23, 9):
        items = {a.item.pk: a.days_left for a in feedback_selectors.attention(office)}
        assert overdue.pk in items and items[overdue.pk] < 0
        assert near.pk in items and 0 <= items[near.pk] <= 3 and fresh.pk not in items
        home = staff_client("duc-thanh.leader").get("/").content.decode()
        assert "Phản ánh, kiến nghị sắp đến hạn hoặc quá hạn trả lời" in home
        listing = staff_client("duc-thanh.leader").get("/phan-anh/", {"loc": "can_chu_y"}).content.decode()
    assert overdue.number in listing and near.number in listing and fresh.number not in listing
    with frozen(2026, 11, 23, 9):
        feedback.classify(people["secretary"], overdue, "regulation")
        feedback.answer(people["secretary"], overdue, "Đã trả lời.")
        assert overdue.pk not in {a.item.pk for a in feedback_selectors.attention(office)}


def test_figures_count_open_and_late_items(office):
    sent(office, dt.date(2026, 10, 1))
    with frozen(2026, 12, 1):
        figures = feedback_selectors.feedback_figures([office], dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert figures["received"] == 1 and figures["open"] == 1 and figures["open_late"] == 1
    assert figures["on_time_rate"] is None and figures["by_category"]["unclassified"] == 1
