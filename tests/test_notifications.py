"""Notifications to citizens (issue 17, item 1): the doors queue, a task sends once, the sweep sends
what is due, a failing channel never blocks a door, phone numbers stay out of logs."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from dossiers import outbox, workflow
from dossiers.models import Dossier
from dossiers.models_citizen import MessageEvent, MessageState, NotifyConsent, OutboundMessage
from dossiers.validators import MOBILE_MESSAGE
from mocua import channels
from tests.conftest import at, frozen
from tests.dossier_helpers import api, api_body, moved, received_dossier, staff
from tests.notify_helpers import StubGateway, file_messages

pytestmark = pytest.mark.django_db
THURSDAY = dt.date(2026, 11, 26)
PHONE = "0912345678"
CONSENT = {"notify_consent": True, "notify_channels": ["sms", "email"], "email": "nhung@example.vn"}


@pytest.fixture(autouse=True)
def outbox_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOCUA_NOTIFY_FILE_DIR = str(tmp_path / "outbox")
    settings.SITE_URL = "https://motcua.example.vn"
    settings.MOCUA_NOTIFY_BACKENDS = {
        "sms": {"backend": "file"},
        "zalo": {"backend": "file"},
        "email": {"backend": "email"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path / "outbox"


def rows(d, event=None):
    qs = OutboundMessage.objects.filter(dossier=d).order_by("id")
    return list(qs.filter(event=event) if event else qs)


def test_intake_with_consent_queues_the_received_message_on_each_channel(office, proc, outbox_dir):
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, **CONSENT)
    sms, email = rows(d, MessageEvent.RECEIVED)
    assert (sms.channel, email.channel) == ("sms", "email")
    assert sms.recipient == PHONE and email.recipient == "nhung@example.vn"
    due = f"{d.due_at.astimezone(at(THURSDAY).tzinfo):%H:%M ngày %d/%m/%Y}"
    link = f"https://motcua.example.vn/tra-cuu/?code={d.code}&secret={d.secret}"
    assert d.code in email.body and due in email.body and link in email.body and "tiếp nhận" in email.body
    assert sms.body.isascii() and "da tiep nhan ho so" in sms.body and link in sms.body
    assert sms.segments == channels.sms_segments(sms.body) in (1, 2)
    assert {sms.state, email.state} == {MessageState.PENDING}
    # Sent once: the task twice, then the sweep twice, deliver nothing more.
    for m in (sms, email):
        assert outbox.deliver(m.pk, now=at(THURSDAY, 9, 1)) == MessageState.SENT
        assert outbox.deliver(m.pk, now=at(THURSDAY, 9, 2)) == MessageState.SENT
    assert outbox.sweep(at(THURSDAY, 9, 5))["sent"] == 0
    assert outbox.sweep(at(THURSDAY, 10))["sent"] == 0
    assert len(file_messages(outbox_dir, "sms")) == 1 and len(mail.outbox) == 1
    assert PHONE not in file_messages(outbox_dir, "sms")[0]  # the dev file masks the number
    assert mail.outbox[0].to == ["nhung@example.vn"] and d.code in mail.outbox[0].subject


def test_the_sweep_sends_what_the_task_never_sent_and_only_once(office, proc, outbox_dir):
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, **CONSENT)
    first = outbox.sweep(at(THURSDAY, 9, 5))
    again = outbox.sweep(at(THURSDAY, 9, 6))
    assert first["sent"] == 2 and again["sent"] == 0
    assert [m.state for m in rows(d)] == [MessageState.SENT, MessageState.SENT]
    assert len(file_messages(outbox_dir, "sms")) == 1 and len(mail.outbox) == 1


def test_the_same_door_consequence_is_queued_once(office, proc):
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, **CONSENT)
        outbox.queue_for_door(d, "receive", now=at(THURSDAY, 9))
    assert len(rows(d)) == 2


def test_no_consent_no_message(office, proc):
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc)
        moved(d, "assign", "start", "submit", "approve", "ready")
    assert rows(d) == [] and not NotifyConsent.objects.filter(dossier=d).exists()


def test_each_door_tells_the_citizen(office, proc, people):
    with frozen(THURSDAY, 9):
        incomplete = received_dossier(
            office,
            proc,
            documents=[],
            missing=["Bản sao Giấy khai sinh"],
            notify_consent=True,
            notify_channels=["zalo"],
        )
        (ask,) = rows(incomplete)
        assert ask.event == MessageEvent.SUPPLEMENT and "1. Tờ khai cấp Giấy xác nhận" in ask.body
        assert "Bản sao Giấy khai sinh" in ask.body and ask.channel == "zalo" and ask.segments == 0
        workflow.supplement(people["clerk"], incomplete)
        assert [m.event for m in rows(incomplete)] == [MessageEvent.SUPPLEMENT, MessageEvent.RECEIVED]

        d = received_dossier(office, proc, **CONSENT)
        moved(d, "assign", "start", "submit", "approve", "ready")
        ready = rows(d, MessageEvent.READY)
        assert len(ready) == 2 and "đã có kết quả" in ready[1].body

        refused = received_dossier(office, proc, **CONSENT)
        workflow.refuse(people["clerk"], refused, "Không thuộc thẩm quyền giải quyết của xã")
        (sms, _email) = rows(refused, MessageEvent.REFUSED)
        assert "Ly do: Khong thuoc tham quyen" in sms.body

        stopped = received_dossier(office, proc, **CONSENT)
        workflow.stop(people["clerk"], stopped, "Người nộp xin rút hồ sơ")
        assert "Người nộp xin rút hồ sơ" in rows(stopped, MessageEvent.STOPPED)[1].body


def test_the_signed_apology_letter_is_sent_with_the_new_date(office, proc, people):
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, **CONSENT)
        moved(d, "assign", "start")
        due = workflow.current_due_at(d)
        new_due = due + dt.timedelta(days=2)
        letter = workflow.apologise(
            people["specialist"],
            d,
            reason="Chờ xác minh của Công an xã",
            responsible_unit="Tư pháp - Hộ tịch",
            new_due_at=new_due,
        )
        assert rows(d, MessageEvent.LATE) == []  # told when the leader has signed it
        letter = workflow.sign_apology(people["leader"], letter)
    sms, email = rows(d, MessageEvent.LATE)
    assert letter.number in email.body and "Chờ xác minh của Công an xã" in email.body
    assert f"{new_due.astimezone(at(THURSDAY).tzinfo):%H:%M ngày %d/%m/%Y}" in email.body
    assert "xin loi" in sms.body and sms.segments <= 2


def test_a_failing_gateway_never_blocks_the_door_and_is_retried(settings, office, proc, caplog):
    with StubGateway(status=500) as gateway:
        settings.MOCUA_NOTIFY_BACKENDS = {"sms": {"backend": "http", "url": gateway.url, "token": "bi-mat"}}
        with frozen(THURSDAY, 9):
            d = received_dossier(office, proc, notify_consent=True, notify_channels=["sms"])
        (m,) = rows(d)
        assert d.status == "received"
        with caplog.at_level(logging.DEBUG):
            assert outbox.deliver(m.pk, now=at(THURSDAY, 9, 1)) == MessageState.RETRYING
        m.refresh_from_db()
        assert m.attempts == 1 and "HTTP 500" in m.last_error and m.next_attempt_at == at(THURSDAY, 9, 2)
        assert PHONE not in caplog.text and PHONE not in m.last_error
        assert outbox.sweep(at(THURSDAY, 9, 1, 30))["sent"] == 0  # not due yet
        gateway.status = 200
        assert outbox.sweep(at(THURSDAY, 9, 3))["sent"] == 1
        assert outbox.sweep(at(THURSDAY, 9, 30))["sent"] == 0
    assert len(gateway.requests) == 2  # one failure, one success, nothing after
    request = gateway.requests[-1]
    assert request["auth"] == "Bearer bi-mat" and request["json"]["to"] == PHONE
    assert request["json"]["text"] == m.body
    m.refresh_from_db()
    assert m.state == MessageState.SENT and m.provider_ref == "msg-2"


def test_a_message_is_failed_after_the_last_attempt(settings, office, proc):
    settings.MOCUA_NOTIFY_MAX_ATTEMPTS = 2
    settings.MOCUA_NOTIFY_BACKENDS = {"sms": {"backend": "http", "url": "http://127.0.0.1:9/closed"}}
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, notify_consent=True, notify_channels=["sms"])
    (m,) = rows(d)
    assert outbox.deliver(m.pk, now=at(THURSDAY, 9, 1)) == MessageState.RETRYING
    assert outbox.deliver(m.pk, now=at(THURSDAY, 9, 5)) == MessageState.FAILED
    assert outbox.sweep(at(THURSDAY, 12))["sent"] == 0
    m.refresh_from_db()
    assert m.state == MessageState.FAILED and "Không kết nối được" in m.last_error


def test_a_claim_left_by_a_dead_worker_is_taken_back(office, proc):
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, notify_consent=True, notify_channels=["sms"])
    (m,) = rows(d)
    OutboundMessage.objects.filter(pk=m.pk).update(state=MessageState.SENDING, claimed_at=at(THURSDAY, 9))
    assert outbox.sweep(at(THURSDAY, 9, 5))["sent"] == 0  # another worker may still be sending it
    counts = outbox.sweep(at(THURSDAY, 9, 11))
    assert counts["taken_back"] == 1 and counts["sent"] == 1


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"phone": "02763 822 111", "notify_channels": ["sms"]}, "phone", MOBILE_MESSAGE),
        ({"phone": "0412345678", "notify_channels": ["zalo"]}, "phone", None),
        ({"notify_channels": ["email"], "email": ""}, "email", "Cần nhập thư điện tử"),
        ({"notify_consent": False, "notify_channels": ["sms"]}, "notify_consent", "phải đồng ý"),
        ({"notify_channels": []}, "notify_channels", "ít nhất một kênh"),
        ({"notify_channels": ["fax"]}, "notify_channels", "không hợp lệ"),
    ],
)
def test_bad_notification_input_saves_nothing(office, proc, over, field, message):
    before = Dossier.objects.count()
    with frozen(THURSDAY, 9), pytest.raises(ValidationError) as error:
        received_dossier(office, proc, **{"notify_consent": True, **over})
    assert field in error.value.message_dict
    if message:
        assert message in error.value.message_dict[field][0]
    assert Dossier.objects.count() == before and not OutboundMessage.objects.exists()


def test_intake_screen_and_api_take_consent_and_refuse_a_landline(staff_client, office, proc):
    c = staff_client("duc-thanh.clerk")
    page = c.get("/ho-so/tiep-nhan/", {"thu_tuc": proc.code})
    assert "Nhận thông báo qua" in page.content.decode()
    required = proc.documents.filter(is_optional=False).first()
    form = {
        "procedure": proc.code,
        "intake_key": "k-notify-1",
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "051190001234",
        "phone": "0276 3822 111",
        "address": "Thôn 1, xã Đức Thạnh",
        "channel": "counter",
        f"doc_{required.pk}": "original",
        f"doc_{required.pk}_count": "1",
        "notify_consent": "on",
        "notify_channels": ["sms"],
        "decision": "receive",
    }
    with frozen(THURSDAY, 9):
        bad = c.post("/ho-so/tiep-nhan/", form)
        assert bad.status_code == 200 and MOBILE_MESSAGE in bad.content.decode()
        assert not Dossier.objects.filter(intake_key="k-notify-1").exists()
        good = c.post("/ho-so/tiep-nhan/", {**form, "phone": "0912 345 678"})
        assert good.status_code == 302
        d = Dossier.objects.get(intake_key="k-notify-1")
        page = c.get(f"/ho-so/{d.code}/").content.decode()
    assert d.notify_consent.channels == ["sms"] and rows(d)[0].recipient == PHONE
    assert PHONE not in good["Location"]
    assert "Thông báo cho người dân" in page and "Đã tiếp nhận hồ sơ" in page and "Chờ gửi" in page

    client = api("duc-thanh.clerk")
    with frozen(THURSDAY, 10):
        refused = client.post(
            "/api/v1/dossiers/",
            api_body(proc, phone="02763822111", notify_consent=True, notify_channels=["zalo"]),
            format="json",
        )
        assert refused.status_code == 400 and MOBILE_MESSAGE in refused.json()["errors"]["phone"]
        made = client.post(
            "/api/v1/dossiers/", api_body(proc, notify_consent=True, notify_channels=["zalo"]), format="json"
        )
    assert made.status_code == 201
    assert rows(Dossier.objects.get(code=made.json()["code"]))[0].channel == "zalo"


def test_staff_of_another_office_see_no_message(staff_client, office, proc):
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, **CONSENT)
    assert staff_client("luan-thanh.clerk").get(f"/ho-so/{d.code}/").status_code == 404
    assert staff("duc-thanh.clerk").office == d.office


# --- SMS length --------------------------------------------------------------------------------


def test_sms_segments_follow_gsm7():
    assert channels.sms_segments("a" * 160) == 1
    assert channels.sms_segments("a" * 161) == 2
    assert channels.sms_segments("a" * 306) == 2
    assert channels.sms_segments("a" * 307) == 3
    assert channels.sms_length("[x]") == 5  # brackets are extension characters: two septets each
    assert channels.without_diacritics("Đức Thạnh – hồ sơ “đã nhận”") == 'Duc Thanh - ho so "da nhan"'
    long = channels.sms_text("Hồ sơ " * 100)
    assert long.isascii() and channels.sms_segments(long) == 2 and long.endswith("...")


def test_a_long_supplement_list_still_fits_two_segments_with_the_link(office, proc):
    missing = [f"Giấy tờ số {i} có tên rất dài về nhân thân và cư trú" for i in range(12)]
    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, documents=[], missing=missing, **CONSENT)
    (sms,) = rows(d, MessageEvent.SUPPLEMENT)[:1]
    assert sms.channel == "sms" and sms.segments == 2 and channels.sms_length(sms.body) <= 306
    assert sms.body.endswith(f"secret={d.secret}") and "..." in sms.body


def test_retention_erases_the_contact_and_the_texts(office, proc, people):
    from dossiers import retention

    with frozen(THURSDAY, 9):
        d = received_dossier(office, proc, **CONSENT)
        workflow.refuse(people["clerk"], d, "Không thuộc thẩm quyền")
    with frozen(THURSDAY.replace(year=2040), 9):
        assert retention.anonymise_due()["anonymised"] >= 1
    consent = NotifyConsent.objects.get(dossier=d)
    assert consent.phone == consent.email == ""
    assert {(m.recipient, m.body) for m in rows(d)} == {("", retention.REDACTED)}


def test_the_zalo_gateway_gets_its_own_payload_and_the_task_sends_once(settings, office, proc):
    from dossiers.tasks import send_message_task

    with StubGateway() as gateway:
        settings.MOCUA_NOTIFY_BACKENDS = {
            "zalo": {"backend": "http", "url": gateway.url, "token": "t", "sender": "oa-123"}
        }
        with frozen(THURSDAY, 9):
            d = received_dossier(office, proc, notify_consent=True, notify_channels=["zalo"])
            (m,) = rows(d)
            assert send_message_task.apply(args=[m.pk]).get() == MessageState.SENT
            assert send_message_task.apply(args=[m.pk]).get() == MessageState.SENT
    (request,) = gateway.requests
    assert request["json"] == {"phone": PHONE, "text": m.body, "oa_id": "oa-123"}
    assert "Hẹn trả kết quả" in request["json"]["text"]  # Zalo keeps the diacritics
