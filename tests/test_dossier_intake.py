"""Intake: the track decided from the clock at intake, completeness, and every bad input."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dossiers import intake, workflow
from dossiers.intake import DocumentIn, IntakeData
from dossiers.models import AssistedWriting, Dossier, Sequence, Status, Track
from mocua.models import Office
from tests.conftest import VN, frozen
from tests.dossier_helpers import intake_data, marriage_status_procedure, other_procedure, staff

WEDNESDAY = dt.date(2026, 11, 25)
pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(demo):
    return staff("duc-thanh.clerk")


def data(proc, **over) -> IntakeData:
    return intake_data(proc, **{"procedure": proc.code, "phone": "0912 345 678", **over})


def test_same_day_before_the_cutoff(clerk, proc):
    from schedules import calendar

    with frozen(WEDNESDAY, 14, 59, 59):
        d = intake.receive(clerk, data(proc))
    assert d.track == Track.SAME_DAY and d.status == Status.RECEIVED
    assert d.due_at == calendar.close_of_day(d.office, WEDNESDAY)
    assert d.reform_model.name == "Ngày không hẹn"
    assert d.code == "000.21.53.H48-261125-0001" and d.phone == "0912345678"
    assert d.events.get().action == "receive"


def test_normal_from_the_cutoff_second(clerk, proc):
    with frozen(WEDNESDAY, 15, 0, 0):
        d = intake.receive(clerk, data(proc))
    assert d.track == Track.NORMAL and d.reform_model is None
    # A same-day procedure received at the cutoff is due at the close of the next working day.
    assert d.due_at == dt.datetime(2026, 11, 26, 17, 0, tzinfo=VN)


def test_normal_on_another_weekday(clerk, proc):
    with frozen(WEDNESDAY + dt.timedelta(days=1), 9, 0):
        assert intake.receive(clerk, data(proc)).track == Track.NORMAL


def test_a_dossier_that_must_be_verified_is_never_same_day(clerk, proc):
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(clerk, data(proc, needs_verification=True))
    assert d.track == Track.NORMAL and d.needs_verification
    # 3 working days with verification: Thursday, Friday, Monday.
    assert d.due_at == dt.datetime(2026, 11, 30, 9, 0, tzinfo=VN)


def test_verification_only_where_the_procedure_has_it(clerk, proc):
    proc.may_need_verification = False
    proc.save()
    with frozen(WEDNESDAY, 9, 0), pytest.raises(ValidationError) as err:
        intake.receive(clerk, data(proc, needs_verification=True))
    assert "không có bước xác minh" in err.value.message_dict["needs_verification"][0]


def test_incomplete_dossier_gets_one_supplement_request_listing_everything(clerk, proc):
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(clerk, data(proc, documents=[], missing=["Ảnh chân dung"]))
    assert d.status == Status.AWAITING_SUPPLEMENT and d.due_at is None and d.track == Track.NORMAL
    req = d.supplement_requests.get()
    assert req.missing == ["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "Ảnh chân dung"]
    assert req.stage == "intake"
    with frozen(WEDNESDAY + dt.timedelta(days=1), 8, 0):
        d = workflow.supplement(clerk, d)
    # The clock starts when the papers are complete: a same-day procedure, due at that day's close.
    assert d.status == Status.RECEIVED and d.due_at == dt.datetime(2026, 11, 26, 17, 0, tzinfo=VN)
    assert [e.action for e in d.events.all()] == ["receive", "request_supplement", "supplement"]


def test_not_acceptable_dossier_is_refused_with_reasons(clerk, proc):
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(clerk, data(proc, refusal_reasons="Không thuộc thẩm quyền của xã"))
    assert d.status == Status.REFUSED and d.events.last().note == "Không thuộc thẩm quyền của xã"


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"id_number": "05119000123"}, "id_number", "12 chữ số"),
        ({"phone": "091234"}, "phone", "Số điện thoại không hợp lệ"),
        ({"full_name": "  "}, "full_name", "Cần nhập họ và tên"),
        ({"channel": "online"}, "channel_ref", "mã hồ sơ trên Cổng"),
        ({"channel": "post"}, "channel_ref", "số hiệu bưu gửi"),
        ({"birth_date": dt.date(2099, 1, 1)}, "birth_date", "Ngày sinh"),
    ],
)
def test_bad_applicant_data_saves_nothing(clerk, proc, over, field, message):
    with frozen(WEDNESDAY, 9, 0), pytest.raises(ValidationError) as err:
        intake.receive(clerk, data(proc, **over))
    assert message in err.value.message_dict[field][0]
    assert Dossier.objects.count() == 0 and Sequence.objects.count() == 0


def test_a_procedure_the_office_does_not_offer(clerk, proc):
    foreign = other_procedure()  # not offered by Đức Thạnh
    with frozen(WEDNESDAY, 9, 0), pytest.raises(ValidationError) as err:
        intake.receive(clerk, data(proc, procedure=foreign.code, documents=[]))
    assert "không giải quyết thủ tục này" in err.value.message_dict["procedure"][0]


def test_documents_of_another_procedure(clerk, proc):
    foreign_doc = other_procedure().documents.first()
    with frozen(WEDNESDAY, 9, 0), pytest.raises(ValidationError) as err:
        intake.receive(clerk, data(proc, documents=[DocumentIn(foreign_doc.pk)]))
    assert "không thuộc thành phần hồ sơ" in err.value.message_dict["documents"][0]
    assert Dossier.objects.count() == 0


def test_assisted_writing_refused_where_the_law_forbids_it(clerk, proc):
    proc.writing_forbidden = True
    proc.save()
    with frozen(WEDNESDAY, 9, 0), pytest.raises(ValidationError) as err:
        intake.receive(clerk, data(proc, assisted_writing=AssistedWriting.STAFF))
    assert "không cho phép viết hộ" in err.value.message_dict["assisted_writing"][0]


def test_volunteer_writing_records_the_organisation(clerk, proc):
    volunteer = staff("duc-thanh.volunteer")
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(
            clerk,
            data(proc, assisted_writing=AssistedWriting.VOLUNTEER, assisted_by=volunteer, online_help=True),
        )
    assert d.assisted_by == volunteer and d.assisted_organisation == volunteer.organisation and d.online_help


def test_the_same_form_twice_makes_one_dossier(clerk, proc):
    with frozen(WEDNESDAY, 9, 0):
        first = intake.receive(clerk, data(proc, intake_key="k-1"))
        second = intake.receive(clerk, data(proc, intake_key="k-1"))
    assert first.pk == second.pk and Dossier.objects.count() == 1


def test_only_counter_staff_receive(proc, demo):
    with frozen(WEDNESDAY, 9, 0), pytest.raises(workflow.WorkflowError, match="Chỉ công chức một cửa"):
        intake.receive(staff("duc-thanh.leader"), data(proc))


def form_post(proc, **over):
    first = proc.documents.order_by("position").first()
    post = {
        "procedure": proc.code,
        "intake_key": "form-key-1",
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "051190001234",
        "phone": "0912345678",
        "address": "Thôn 1, xã Đức Thạnh",
        "birth_date": "05/02/1990",
        "channel": "counter",
        f"doc_{first.pk}": "original",
        f"doc_{first.pk}_count": "1",
        "decision": "receive",
    }
    return {**post, **over}


def test_intake_screen_shows_the_policy_and_receives_once(staff_client, proc):
    client = staff_client("duc-thanh.clerk")
    url = reverse("dossiers:intake")
    with frozen(WEDNESDAY, 14, 18):
        page = client.get(url, {"thu_tuc": proc.code}).content.decode()
        assert "Ngày không hẹn" in page and "42 phút" in page
        r1 = client.post(url, form_post(proc))
        r2 = client.post(url, form_post(proc))
    assert Dossier.objects.count() == 1
    d = Dossier.objects.get()
    assert d.birth_date == dt.date(1990, 2, 5) and d.track == Track.SAME_DAY
    assert r1.url == r2.url == reverse("dossiers:detail", args=[d.code]) + "?in=1"  # the paper focused


def test_intake_screen_bad_input_is_a_message(staff_client, proc):
    client = staff_client("duc-thanh.clerk")
    with frozen(WEDNESDAY, 9, 0):
        r = client.post(reverse("dossiers:intake"), form_post(proc, id_number="abc", phone="12"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "12 chữ số" in page and "Số điện thoại không hợp lệ" in page
    assert Dossier.objects.count() == 0


def test_intake_screen_unknown_procedure(staff_client, proc):
    r = staff_client("duc-thanh.clerk").get(reverse("dossiers:intake"), {"thu_tuc": "9.999999"})
    assert "Đơn vị không giải quyết thủ tục này" in r.content.decode()


def test_procedure_search_source_is_folded(staff_client, proc):
    url = reverse("dossiers:procedures_json")
    rows = (
        staff_client("duc-thanh.clerk").get(url, {"q": "xac nhan tinh trang hon nhan"}).json()["procedures"]
    )
    assert rows[0]["name"] == "Cấp Giấy xác nhận tình trạng hôn nhân"


def test_procedure_picker_is_in_vietnamese_alphabetical_order(staff_client, demo):
    import io

    from django.core.management import call_command

    from models_catalog.text import vi_key

    call_command("load_demo", stdout=io.StringIO())  # the starter catalog
    rows = staff_client("duc-thanh.clerk").get(reverse("dossiers:procedures_json")).json()["procedures"]
    names = [r["name"] for r in rows]
    assert len(names) > 5
    assert names == sorted(names, key=vi_key)  # "Đăng ký …" after every "D…", not after "Z…"


def test_the_same_form_posted_twice_at_once_makes_one_dossier(require_postgres, transactional_db):
    import threading

    from django.db import connection

    from mocua.demo import load

    load()
    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    clerk = staff("duc-thanh.clerk")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def post():
        try:
            barrier.wait()
            results.append(intake.receive(clerk, data(proc, intake_key="same-key")).pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    with frozen(WEDNESDAY, 9, 0):
        threads = [threading.Thread(target=post) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == [] and len(set(results)) == 1
    assert Dossier.objects.count() == 1
    # The numbers taken by the losing posts were rolled back: the next code has no gap.
    with frozen(WEDNESDAY, 9, 5):
        assert intake.receive(clerk, data(proc)).code.endswith("-0002")


def test_papers_brought_back_on_a_model_day_before_the_cutoff_make_it_same_day(clerk, proc):
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(clerk, data(proc, documents=[]))
    with frozen(WEDNESDAY, 10, 30):
        d = workflow.supplement(clerk, d)
    assert d.track == Track.SAME_DAY and d.reform_model.name == "Ngày không hẹn"
    assert d.due_at == dt.datetime(2026, 11, 25, 17, 0, tzinfo=VN)
    assert "Trả trong ngày" in d.events.last().note


def test_a_same_day_dossier_asked_for_papers_later_runs_on_the_statutory_time(clerk, proc):
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(clerk, data(proc))
        workflow.request_supplement(clerk, d, ["Bản sao trích lục ly hôn"])
    with frozen(WEDNESDAY + dt.timedelta(days=2), 9, 0):  # Friday
        d = workflow.supplement(clerk, d)
    assert d.track == Track.NORMAL and d.status == Status.RECEIVED
    assert d.due_at == dt.datetime(2026, 11, 27, 17, 0, tzinfo=VN)
    assert "thời hạn thông thường" in d.events.last().note


def test_received_in_the_ninth_hour_is_marked(demo):
    from models_catalog import demo as catalog_demo

    catalog_demo.load()
    luan_thanh = Office.objects.get(slug="luan-thanh")
    proc = luan_thanh.procedures.first()
    doc = proc.documents.filter(is_optional=False).first()
    with frozen(dt.date(2026, 3, 2), 16, 45):
        d = intake.receive(
            staff("luan-thanh.clerk"),
            data(proc, documents=[DocumentIn(doc.pk)] if doc else [], procedure=proc.code),
        )
    assert d.in_extra_hour


def test_receive_accepts_plain_dicts(clerk, proc):
    first = proc.documents.order_by("position").first()
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(
            clerk,
            {
                "procedure": proc.code,
                "full_name": "Lê Văn Tám",
                "id_number": "212345678",
                "phone": "+84 912 345 678",
                "address": "Thôn 2",
                "channel": "online",
                "channel_ref": "G22.99.1-261125-0001",
                "documents": [{"required_document": first.pk, "form": "copy", "count": 2}],
            },
        )
    assert d.channel == "online" and d.documents.get().count == 2 and d.phone == "0912345678"


def _second_clerk(office):
    from mocua.demo import _person
    from mocua.models import Role

    return _person(office, "duc-thanh.clerk2", "Đinh Văn Quang", "Công chức một cửa", [Role.CLERK])


def test_a_volunteers_incomplete_intake_is_asked_for_papers_by_the_clerk_on_duty(office, proc):
    from schedules.models import Shift

    volunteer = staff("duc-thanh.volunteer")
    on_duty = _second_clerk(office)
    Shift.objects.create(
        office=office,
        date=WEDNESDAY,
        start=dt.datetime.combine(WEDNESDAY, dt.time(7, 30), tzinfo=VN),
        end=dt.datetime.combine(WEDNESDAY, dt.time(11, 30), tzinfo=VN),
        counter_staff=on_duty,
    )
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(volunteer, data(proc, documents=[]))
    request = d.supplement_requests.get()
    # Mẫu 02 is signed by the counter clerk: the one on duty now, not the volunteer nor the first clerk.
    assert request.issued_by == on_duty and d.received_by == volunteer
    receive, ask = d.events.all()
    assert receive.actor == volunteer and "Đinh Văn Quang" in receive.note
    assert ask.actor == on_duty and d.status == Status.AWAITING_SUPPLEMENT


def test_without_a_clerk_on_duty_the_offices_clerk_issues_it(office, proc, clerk):
    volunteer = staff("duc-thanh.volunteer")
    _second_clerk(office)
    with frozen(WEDNESDAY, 13, 0):  # no shift on the roster
        d = intake.receive(volunteer, data(proc, documents=[]))
        refused = intake.receive(volunteer, data(proc, refusal_reasons="Không thuộc thẩm quyền của xã"))
    # The office's oldest clerk account (Trần Thị Mai), not the volunteer.
    assert d.supplement_requests.get().issued_by == clerk
    assert refused.status == Status.REFUSED and refused.events.last().actor == clerk
    assert refused.received_by == volunteer


def test_a_volunteers_complete_intake_stays_the_volunteers(proc):
    volunteer = staff("duc-thanh.volunteer")
    with frozen(WEDNESDAY, 9, 0):
        d = intake.receive(volunteer, data(proc))
    assert (
        d.status == Status.RECEIVED
        and d.events.get().actor == volunteer
        and d.events.get().note.startswith("Trả trong ngày")
    )


def test_no_clerk_in_the_office_means_nothing_is_saved(office, proc, clerk):
    from mocua.models import StaffRole

    StaffRole.objects.filter(staff__office=office, role="clerk").delete()
    with frozen(WEDNESDAY, 9, 0), pytest.raises(workflow.WorkflowError, match="chưa có công chức một cửa"):
        intake.receive(staff("duc-thanh.volunteer"), data(proc, documents=[]))
    assert Dossier.objects.count() == 0 and Sequence.objects.count() == 0
