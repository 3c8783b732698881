"""The job-health page, the notifications page and the admin's dead-man's switch."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from mocua.jobs import runner
from mocua.jobs.models import JobRun, Notification
from mocua.jobs.registry import sweeps
from mocua.models import Office, OfficeKind
from tests.dossier_helpers import staff

pytestmark = pytest.mark.django_db


def record_all(finished: dt.datetime, skipped=()):
    for s in sweeps():
        JobRun.objects.create(
            name=s.name,
            started_at=finished - dt.timedelta(seconds=2),
            finished_at=finished,
            counts={"letters": 2} if s.name == "overdue" else {},
            skipped_offices=list(skipped),
        )


def test_health_page_shows_late_jobs_and_the_skipped_offices(staff_client):
    Office.objects.create(
        name="UBND xã Chưa Khai Báo",
        short_name="Chưa Khai Báo",
        slug="chua-khai-bao",
        kind=OfficeKind.COMMUNE,
        province="Vùng thử",
        unit_code="000.99.53.H99",
        supervisor=Office.objects.get(slug="noi-vu"),
    )
    record_all(timezone.now() - dt.timedelta(minutes=16), skipped=["chua-khai-bao"])  # 3 × 5 min ago + 1
    page = staff_client("noi-vu.supervisor").get("/cong-viec-tu-dong/").content.decode()
    assert f"Có {len(sweeps())} công việc bị trễ" in page
    assert page.count(">Trễ<") == len(sweeps())
    assert "UBND xã Chưa Khai Báo" in page  # in the supervisor's area

    leader_page = staff_client("duc-thanh.leader").get("/cong-viec-tu-dong/").content.decode()
    assert "UBND xã Chưa Khai Báo" not in leader_page  # another office: behind its wall
    # What a run did is a total over every office (and an error may name a dossier): not shown to
    # an office; the system operator reads it in the admin's JobRun list.
    assert "phiếu / thư đã lập: 2" not in leader_page
    assert "quản trị hệ thống xem trong trang quản trị" in leader_page


def test_health_page_is_green_after_a_run(staff_client):
    runner.run_all()
    page = staff_client("duc-thanh.secretary").get("/cong-viec-tu-dong/").content.decode()
    assert "Mọi công việc tự động đều chạy đúng lịch" in page and ">Trễ<" not in page


def test_a_never_run_job_is_late(staff_client):
    page = staff_client("duc-thanh.admin").get("/cong-viec-tu-dong/").content.decode()
    assert "Chưa chạy lần nào" in page and "công việc bị trễ" in page


@pytest.mark.parametrize("username", ["duc-thanh.clerk", "duc-thanh.volunteer", "duc-thanh.specialist"])
def test_health_page_is_for_leaders_admins_secretaries_supervisors(staff_client, username):
    assert staff_client(username).get("/cong-viec-tu-dong/").status_code == 403


def test_notifications_page_unread_count_and_mark_read(staff_client):
    me, other = staff("duc-thanh.specialist"), staff("luan-thanh.specialist")
    mine = Notification.objects.create(
        recipient=me, office=me.office, text="Hồ sơ X đến hạn", link="/ho-so/", created_at=timezone.now()
    )
    theirs = Notification.objects.create(
        recipient=other, office=other.office, text="Của đơn vị khác", created_at=timezone.now()
    )
    client = staff_client("duc-thanh.specialist")
    page = client.get("/thong-bao/").content.decode()
    assert "Hồ sơ X đến hạn" in page and "Của đơn vị khác" not in page
    assert 'aria-label="1 thông báo chưa đọc"' in page

    client.post("/thong-bao/da-doc/", {"id": [str(theirs.pk)]})  # not theirs to mark
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post("/thong-bao/da-doc/", {"id": ["abc"]}, follow=True)
    assert response.status_code == 200 and "Thông báo không hợp lệ." in response.content.decode()
    client.post("/thong-bao/da-doc/", {"id": [str(mine.pk)]})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "thông báo chưa đọc" not in client.get("/thong-bao/").content.decode()


def test_admin_changelist_warns_about_late_jobs(client, demo):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-123")
    client.force_login(admin)
    record_all(timezone.now() - dt.timedelta(hours=2))
    page = client.get("/admin/mocua/jobrun/", follow=True).content.decode()
    assert "Trễ: “Hồ sơ quá hạn và sắp đến hạn”" in page
    assert re.search(r'field-counts">[^<]*letters[^<]*2', page)  # what each run did, for the operator
