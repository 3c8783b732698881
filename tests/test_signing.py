"""Digital signatures (issue 20): a leader's apology letter is signed by the worker after the
render, visibly, in the signature block; it verifies on the public page and the same file with one
byte changed does not; a missing or wrong passphrase leaves it unsigned with a clear message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dossiers import papers, signing
from dossiers.models import PaperSignature, SignatureState
from dossiers.tasks import render_paper_task
from mocua.celery import app
from mocua.signing import verify_pdf
from tests.dossier_helpers import staff
from tests.pdftools import pdf_text, pdf_to_pngs
from tests.signing_helpers import certificates, signed_apology

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("paper_media")]


@pytest.fixture
def certs(settings, tmp_path, demo):
    return certificates(settings, tmp_path, "duc-thanh")


def _signed(paper):
    papers.render(paper.pk)
    return signing.sign_paper(paper.pk)


def test_the_render_prepares_the_signature_in_the_signature_block(certs, django_capture_on_commit_callbacks):
    _, _, paper = signed_apology()
    with django_capture_on_commit_callbacks() as callbacks:
        papers.render(paper.pk)
    sig = PaperSignature.objects.get(paper=paper)
    assert sig.state == SignatureState.PENDING and not sig.is_signed
    box = sig.box
    assert box["page"] == 0 and 0 < box["x1"] < box["x2"] < 595 and 0 < box["y1"] < box["y2"] < 842
    assert box["y2"] - box["y1"] == pytest.approx(28 * 72 / 25.4, abs=1)  # the 28 mm signer space
    assert callbacks, "the sign task is sent after commit"


def test_the_worker_signs_after_commit(certs, django_capture_on_commit_callbacks):
    """Rendered by the task, then signed by the task it sends after commit (Celery eager here)."""
    _, _, paper = signed_apology()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            render_paper_task.delay(paper.pk)
    finally:
        app.conf.task_always_eager = eager
    sig = PaperSignature.objects.get(paper=paper)
    assert sig.is_signed and sig.signer_name == staff("duc-thanh.leader").full_name


def test_a_signed_letter_verifies_and_one_byte_changed_does_not(certs):
    d, letter, paper = signed_apology()
    sig = _signed(paper)
    assert sig.is_signed
    data = sig.signed_pdf.open("rb").read()
    result = verify_pdf(data)
    assert result.ok and result.intact and result.trusted and result.unchanged
    assert result.signer == letter.signed_by.full_name and result.certificate == d.office.name
    text = pdf_text(data, "signed-apology")
    assert "Ký số bởi: " + letter.signed_by.full_name in " ".join(text.split()) or "Ký số bởi" in text
    # One byte of the page content changed (outside the signature value): no longer valid.
    tampered = bytearray(data)
    at = tampered.index(b"/Producer") + 12 if b"/Producer" in tampered else len(tampered) // 4
    tampered[at] = (tampered[at] + 1) % 256
    assert not verify_pdf(bytes(tampered)).ok
    # Anywhere else as well.
    middle = bytearray(data)
    middle[len(middle) // 3] ^= 0x01
    assert not verify_pdf(bytes(middle)).ok


def test_signing_twice_changes_nothing(certs):
    _, _, paper = signed_apology()
    first = _signed(paper)
    again = signing.sign_paper(paper.pk)
    assert again.signed_at == first.signed_at and again.signed_pdf.name == first.signed_pdf.name


@pytest.mark.parametrize(
    ("break_it", "words"),
    [
        (lambda s, f: setattr(s, "MOCUA_SIGNING_PASSPHRASE", "sai-mat-khau"), "Mật khẩu chứng thư số"),
        (lambda s, f: setattr(s, "MOCUA_SIGNING_PASSPHRASE", ""), "Chưa cấu hình mật khẩu"),
        (lambda s, f: (f / "duc-thanh.p12").unlink(), "Không tìm thấy tệp chứng thư số"),
    ],
)
def test_a_wrong_or_missing_passphrase_leaves_the_paper_unsigned_with_a_message(
    certs, settings, staff_client, break_it, words, monkeypatch
):
    break_it(settings, certs)
    d, _, paper = signed_apology()
    sig = _signed(paper)
    assert sig.state == SignatureState.FAILED and not sig.is_signed and words in sig.error
    # The staff download is the unsigned render; the dossier page says it is not signed.
    page = staff_client("duc-thanh.leader").get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert "Chưa ký số" in page and words in page and "Đã ký số" not in page
    health = staff_client("duc-thanh.leader").get(reverse("jobs:health")).content.decode()
    assert 'id="jobs-problems"' in health and words in health and "chưa được ký số" in health
    pdf = b"".join(staff_client("duc-thanh.leader").get(reverse("dossiers:paper", args=[d.code, paper.pk])))
    assert not verify_pdf(pdf).signed
    # Fixed, the sweep signs it.
    settings.MOCUA_SIGNING_PASSPHRASE = "mat-khau-thu-nghiem"
    if not (certs / "duc-thanh.p12").exists():
        certificates(settings, certs.parent, "duc-thanh")
    PaperSignature.objects.filter(pk=sig.pk).update(attempted_at=None)
    monkeypatch.setattr(signing, "enqueue", lambda *args: False)  # no broker: the sweep signs inline
    assert signing.sign_pending(timezone.now()) == {"signatures": 1}
    sig.refresh_from_db()
    assert sig.is_signed and sig.error == ""


def test_the_dossier_page_says_signed_only_when_the_file_exists(certs, staff_client):
    d, _, paper = signed_apology()
    sig = _signed(paper)
    c = staff_client("duc-thanh.clerk")
    assert "Đã ký số" in c.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    served = b"".join(c.get(reverse("dossiers:paper", args=[d.code, paper.pk])))
    assert verify_pdf(served).ok  # staff get the signed copy
    sig.signed_pdf.storage.delete(sig.signed_pdf.name)
    assert "Đã ký số" not in c.get(reverse("dossiers:detail", args=[d.code])).content.decode()


# --- the public verification page ---------------------------------------------------------------


def _upload(client, url, data: bytes, name="van-ban.pdf"):
    return client.post(url, {"tep": SimpleUploadedFile(name, data, content_type="application/pdf")})


def test_the_public_page_verifies_an_upload_and_refuses_bad_files(certs, client, settings):
    _, letter, paper = signed_apology()
    data = _signed(paper).signed_pdf.open("rb").read()
    url = reverse("dossiers:verify")
    assert client.get(url).status_code == 200
    ok = _upload(client, url, data).content.decode()
    assert "Chữ ký số hợp lệ" in ok and letter.signed_by.full_name in ok and 'data-ok="1"' in ok
    changed = bytearray(data)
    changed[len(changed) // 3] ^= 0x01
    bad = _upload(client, url, bytes(changed)).content.decode()
    assert 'data-ok="0"' in bad and "Chữ ký số hợp lệ" not in bad
    not_pdf = _upload(client, url, b"GIF89a not a pdf", "anh.pdf")
    assert not_pdf.status_code == 400 and "không phải là tệp PDF" in not_pdf.content.decode()
    settings.MOCUA_VERIFY_MAX_BYTES = 1024 * 1024
    big = _upload(client, url, b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10))
    assert big.status_code == 400 and "lớn hơn 1 MB" in big.content.decode()
    unsigned = _upload(client, url, papers.Paper.objects.get(pk=paper.pk).pdf.open("rb").read())
    assert "không có chữ ký số" in unsigned.content.decode()


def test_the_qr_link_shows_the_kept_signed_copy(certs, client):
    d, letter, paper = signed_apology()
    url = reverse("dossiers:verify_paper", args=[signing.verify_token(paper)])
    papers.render(paper.pk)
    waiting = client.get(url).content.decode()
    assert "chưa được ký số" in waiting and "Chữ ký số hợp lệ" not in waiting
    data = signing.sign_paper(paper.pk).signed_pdf.open("rb").read()
    page = client.get(url).content.decode()
    assert "Chữ ký số hợp lệ" in page and letter.signed_by.full_name in page and paper.number in page
    assert d.full_name not in page and d.phone not in page  # no personal data on a public page
    same = _upload(client, url, data).content.decode()
    assert "trùng khớp" in same
    assert client.get(reverse("dossiers:verify_paper", args=["sai-ma"])).status_code == 404


def test_the_signed_letter_as_pages(certs):
    _, _, paper = signed_apology()
    data = _signed(paper).signed_pdf.open("rb").read()
    pngs = pdf_to_pngs(data, "signed-apology-letter", dpi=60)
    assert pngs and verify_pdf(io.BytesIO(data).getvalue()).ok


# --- archived reports ----------------------------------------------------------------------------


def _generate(office, callbacks):
    from reports import periods
    from reports.services import generate_report

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with callbacks(execute=True):
            return generate_report(office, periods.parse_period("2026-Q3"), by=staff("duc-thanh.leader"))
    finally:
        app.conf.task_always_eager = eager


def test_an_archived_report_is_signed_after_it_is_generated(
    certs, staff_client, django_capture_on_commit_callbacks
):
    from mocua.models import Office
    from reports.models import ReportSignature

    report = _generate(Office.objects.get(slug="duc-thanh"), django_capture_on_commit_callbacks)
    sig = ReportSignature.objects.get(report=report)
    assert sig.is_signed
    pdf = staff_client("duc-thanh.leader").get(reverse("reports:archived", args=[report.pk, "pdf"])).content
    result = verify_pdf(pdf)
    assert result.ok and result.signer == sig.signer_name and result.certificate == report.office.name
    pdf_to_pngs(pdf, "signed-report", dpi=50)


def test_an_archived_report_with_a_wrong_passphrase_stays_unsigned(
    certs, settings, staff_client, django_capture_on_commit_callbacks
):
    from mocua.models import Office
    from reports.models import ReportSignature

    settings.MOCUA_SIGNING_PASSPHRASE = "sai"
    report = _generate(Office.objects.get(slug="duc-thanh"), django_capture_on_commit_callbacks)
    sig = ReportSignature.objects.get(report=report)
    assert sig.state == "failed" and not sig.is_signed and "Mật khẩu chứng thư số" in sig.error
    pdf = staff_client("duc-thanh.leader").get(reverse("reports:archived", args=[report.pk, "pdf"])).content
    assert pdf.startswith(b"%PDF") and not verify_pdf(pdf).signed
    health = staff_client("duc-thanh.leader").get(reverse("jobs:health")).content.decode()
    assert "báo cáo của" in health and "Mật khẩu chứng thư số" in health
