"""Issue 16, a real day at the counter, replayed in Chromium at 1366 and 390 pixels wide: printing in
one key, the intake's consequences before it commits, ticked supplement requests, the leader seeing
what they sign, same-day badges, procedure search ranking, the worklist, counter ratings."""

import datetime as dt

import pytest
import time_machine

from dossiers import workflow
from dossiers.models import Track
from mocua.models import Office
from tests.counter_day_helpers import THURSDAY_0930, WEDNESDAY_1437, login_both, shoot_both, two_pages
from tests.dossier_helpers import marriage_status_procedure, moved, no_appointment_day, received_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["two_pages"]


def test_every_same_day_dossier_has_its_badge(two_pages, live_server, demo):
    """A dossier due at 17:00 the day it was received is "Trong ngày" on the worklist, the leader's
    card and its page, whether a reform model or the procedure's own time makes it so."""
    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)  # statutory time: the same working day
    no_appointment_day(office, proc)  # Wednesdays: the same-day track of a reform model
    by_law = received_dossier(office, proc, received_at=THURSDAY_0930, full_name="Lê Văn Bình")
    by_model = received_dossier(office, proc, received_at=WEDNESDAY_1437, full_name="Trần Thị Cúc")
    three_days = received_dossier(
        office, proc, received_at=THURSDAY_0930, full_name="Phạm Văn Dũng", needs_verification=True
    )
    assert by_law.track == Track.NORMAL and by_model.track == Track.SAME_DAY
    moved(by_law, "assign", "start", "submit", at=THURSDAY_0930)
    moved(three_days, "assign", "start", "submit", at=THURSDAY_0930)
    with time_machine.travel(THURSDAY_0930 + dt.timedelta(minutes=5), tick=True):
        login_both(two_pages, live_server, "duc-thanh.leader")
        for page in two_pages.values():
            page.goto(f"{live_server.url}/ho-so/")
            for d in (by_law, by_model):
                assert page.locator(f"[data-code='{d.code}'] [data-same-day]").inner_text() == "Trong ngày"
            assert not page.locator(f"[data-code='{three_days.code}'] [data-same-day]").count()
        shoot_both(two_pages, "c16-same-day-worklist")
        for page in two_pages.values():
            page.goto(f"{live_server.url}/ho-so/trinh-ky/")
            assert page.locator(f"[data-code='{by_law.code}'] [data-same-day]").count() == 1
            assert not page.locator(f"[data-code='{three_days.code}'] [data-same-day]").count()
        shoot_both(two_pages, "c16-same-day-leader")
        page = two_pages["phone"]
        page.goto(f"{live_server.url}/ho-so/{by_law.code}/")
        assert page.locator("[data-same-day]").count() == 1
        page.goto(f"{live_server.url}/ho-so/{three_days.code}/")
        assert not page.locator("[data-same-day]").count()


def test_worklist_shows_received_and_assignee_and_is_cards_on_a_phone(two_pages, live_server, demo):
    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    dossiers = [
        received_dossier(office, proc, received_at=THURSDAY_0930 + dt.timedelta(minutes=i)) for i in range(8)
    ]
    assigned = moved(dossiers[0], "assign", at=THURSDAY_0930 + dt.timedelta(minutes=20))
    with time_machine.travel(THURSDAY_0930 + dt.timedelta(hours=1), tick=True):
        login_both(two_pages, live_server, "duc-thanh.clerk")
        for page in two_pages.values():
            page.goto(f"{live_server.url}/ho-so/")
            row = page.locator(f"[data-code='{assigned.code}']")
            assert "09:30 26/11/2026" in row.inner_text()  # received
            assert row.locator("[data-assignee]").inner_text() == assigned.specialist.full_name
            other = page.locator(f"[data-code='{dossiers[1].code}'] [data-assignee]").inner_text()
            assert other == "—"
        shoot_both(two_pages, "c16-worklist")
        desktop, phone = two_pages["desktop"], two_pages["phone"]
        assert desktop.locator(".worklist thead").is_visible()
        assert not phone.locator(".worklist thead").is_visible()
        for page, display in ((desktop, "table-row"), (phone, "block")):
            shown = page.locator(".worklist tbody tr").first.evaluate("e => getComputedStyle(e).display")
            assert shown == display
        # On a phone every code stays on one line and a card is a few lines tall.
        for d in dossiers:
            link = phone.locator(f"[data-code='{d.code}'] a").first
            line = float(link.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
            assert link.bounding_box()["height"] < 1.5 * line
            assert phone.locator(f"[data-code='{d.code}']").bounding_box()["height"] < 200


def test_procedure_search_ranks_by_match_everywhere(two_pages, live_server, demo):
    """ "ho kinh doanh" offers "Đăng ký thành lập hộ kinh doanh" before "Cấp lại Giấy chứng nhận…":
    the intake type-ahead (with and without JavaScript), the public list and the API rank alike."""
    from urllib.parse import quote

    from models_catalog import demo as catalog_demo
    from models_catalog.text import rank_procedures

    catalog_demo.load()
    office = Office.objects.get(slug="duc-thanh")
    q = "ho kinh doanh"
    ranked = [p.name for p in rank_procedures(office.procedures.select_related("field"), q)]
    founding, reissue = "Đăng ký thành lập hộ kinh doanh", "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh"
    assert ranked.index(founding) < ranked.index(reissue)
    login_both(two_pages, live_server, "duc-thanh.clerk")
    for page in two_pages.values():
        page.goto(f"{live_server.url}/ho-so/tiep-nhan/")
        page.fill("#procedure-search", q)
        page.wait_for_selector(f"#procedure-results[data-query='{q}'] .active")
        names = result_names(page)
        assert names == ranked[:12]
    shoot_both(two_pages, "c16-search-intake")
    page = two_pages["desktop"]
    page.fill("#procedure-search", "1.001612")  # a code: that procedure first
    page.wait_for_selector("#procedure-results[data-query='1.001612'] .active")
    assert page.inner_text("#procedure-results .active").endswith(founding)
    page.fill("#procedure-search", "thanh lap ho")  # word starts, no diacritics
    page.wait_for_selector("#procedure-results[data-query='thanh lap ho'] .active")
    assert page.inner_text("#procedure-results .active").endswith(founding)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Người nộp")
    assert founding in page.inner_text("h1")
    # Without JavaScript the picker asks the server and gets the same order.
    nojs = page.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 1366, "height": 768}
    )
    plain = nojs.new_page()
    plain.context.add_cookies(page.context.cookies())
    plain.goto(f"{live_server.url}/ho-so/tiep-nhan/?q={quote(q)}")
    names = result_names(plain)
    assert names == ranked[:12]
    nojs.close()
    # The public list and the API.
    for page in two_pages.values():
        page.goto(f"{live_server.url}/thu-tuc/duc-thanh/?q={quote(q)}")
        names = page.locator("main li > a, li > a[href*='/thu-tuc/duc-thanh/']").all_inner_texts()
        assert [n for n in names if n in ranked] == ranked
    shoot_both(two_pages, "c16-search-public")
    api = two_pages["desktop"].request.get(
        f"{live_server.url}/api/v1/offices/duc-thanh/procedures/?q={quote(q)}"
    )
    assert [row["name"] for row in api.json()] == ranked


def result_names(page) -> list[str]:
    """The procedure names the intake picker offers, in order (each link: code, then name)."""
    return page.locator("#procedure-results a").evaluate_all("as => as.map(a => a.lastChild.textContent)")


def test_counter_rating_and_faces_on_the_public_page(two_pages, live_server, demo):
    """A clerk records the rating a citizen gives at the counter through tracking.rate, as the
    public page does; both show faces and words, never a bare 1–5."""
    from dossiers.models import Rating
    from dossiers.views_papers import tracking_link

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    at_counter, online = (
        moved(
            received_dossier(office, proc, received_at=THURSDAY_0930, full_name=name),
            *("assign", "start", "submit", "approve", "ready", "return"),
            at=THURSDAY_0930 + dt.timedelta(hours=1),
        )
        for name in ("Lê Thị Hoa", "Võ Văn Nam")
    )
    with time_machine.travel(THURSDAY_0930 + dt.timedelta(hours=2), tick=True):
        login_both(two_pages, live_server, "duc-thanh.clerk")
        for page in two_pages.values():
            page.goto(f"{live_server.url}/ho-so/{at_counter.code}/#rating")
            labels = page.locator("#rating .face-choice").all_inner_texts()
            assert labels == [
                "Rất hài lòng",
                "Hài lòng",
                "Bình thường",
                "Không hài lòng",
                "Rất không hài lòng",
            ]
            assert page.locator("#rating svg.face").count() == 5
        page = two_pages["phone"]
        page.check("#rating input[name=score][value='4']")
        page.fill("#rating-comment", "Cán bộ hướng dẫn tận tình.")
        shoot_both(two_pages, "c16-rating-counter-form")
        page.click("text=Ghi nhận đánh giá")
        page.wait_for_selector("text=Đã ghi nhận đánh giá của người dân: hài lòng.")
        rating = Rating.objects.get(dossier=at_counter)
        assert rating.score == 4 and rating.recorded_by.user.username == "duc-thanh.clerk"
        assert page.locator("[data-rating='4']").inner_text().startswith("Hài lòng")
        assert "ghi nhận tại quầy" in page.inner_text("#rating")
        two_pages["desktop"].reload()
        shoot_both(two_pages, "c16-rating-counter-recorded")

        # The citizen's own page for the other dossier: faces with words, then the words back.
        for page in two_pages.values():
            page.context.clear_cookies()
            page.goto(f"{live_server.url}{tracking_link(online)}")
            texts = page.locator(".face-choice").all_inner_texts()
            assert texts[0] == "Rất hài lòng" and texts[-1] == "Rất không hài lòng"
            assert not any(t.strip() in "12345" for t in texts)
        shoot_both(two_pages, "c16-rating-public-form")
        page = two_pages["phone"]
        page.check("input[name=score][value='5']")
        page.click("text=Gửi đánh giá")
        page.wait_for_selector("text=Cảm ơn ông/bà đã đánh giá")
        assert "Ông/bà đã đánh giá hồ sơ này: Rất hài lòng." in page.inner_text(".rated")
        assert "/5" not in page.content()
        two_pages["desktop"].reload()
        shoot_both(two_pages, "c16-rating-public-rated")
        online_rating = Rating.objects.get(dossier=online)
        assert online_rating.score == 5 and online_rating.recorded_by is None
        # Once per dossier, whichever door came first.
        page.goto(f"{live_server.url}{tracking_link(at_counter)}")
        assert "Gửi đánh giá" not in page.content() and "Hài lòng" in page.inner_text(".rated")


def test_supplement_request_ticks_the_procedures_own_documents(two_pages, live_server, demo, paper_media):
    """The clerk ticks the procedure's documents (form and quantity shown) and adds a paper in free
    text; the request goes through the workflow door and mẫu 02 lists them with their quantities."""
    from dossiers import papers
    from dossiers.models import PaperKind, Status
    from models_catalog.models import RequiredDocument
    from tests.pdftools import pdf_text, pdf_to_pngs

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    form_doc = proc.documents.order_by("position").first()
    RequiredDocument.objects.filter(pk=form_doc.pk).update(quantity=2)
    d = received_dossier(office, proc, received_at=THURSDAY_0930)
    with time_machine.travel(THURSDAY_0930 + dt.timedelta(minutes=10), tick=True):
        login_both(two_pages, live_server, "duc-thanh.clerk")
        for page in two_pages.values():
            page.goto(f"{live_server.url}/ho-so/{d.code}/")
            page.click("summary:has-text('Yêu cầu bổ sung hồ sơ')")
            boxes = page.locator("#supplement-documents .form-check").all_inner_texts()
            assert boxes[0] == f"{form_doc.name} — bản chính, 2 bản"
            assert "(nếu có)" in boxes[1]
        page = two_pages["desktop"]
        page.check(f"#supp-doc-{form_doc.pk}")
        page.fill("textarea[aria-label='Giấy tờ khác cần bổ sung']", "Bản sao sổ hộ khẩu cũ")
        shoot_both(two_pages, "c16-supplement-form")
        page.click("text=Lập phiếu yêu cầu bổ sung")
        page.wait_for_selector("text=Yêu cầu bổ sung hồ sơ: " + d.code)
        request = d.supplement_requests.get()
        assert request.missing == [form_doc.name, "Bản sao sổ hộ khẩu cũ"]
        d.refresh_from_db()
        assert d.status == Status.AWAITING_SUPPLEMENT
        shoot_both(two_pages, "c16-supplement-done")
    paper = papers.ensure_rendered(d.papers.get(kind=PaperKind.SUPPLEMENT_REQUEST))
    with paper.pdf.open("rb") as f:
        pdf = f.read()
    text = " ".join(pdf_text(pdf, "c16-supplement-mau02").split())
    assert form_doc.name in text and "Bản sao sổ hộ khẩu cũ" in text
    assert "02" in text.split(form_doc.name, 1)[1][:40]  # the quantity from the catalog
    pdf_to_pngs(pdf, "c16-supplement-mau02", dpi=60)


def fill_applicant(page):
    page.fill("input[name=full_name]", "Nguyễn Thị Hồng Nhung")
    page.fill("input[name=id_number]", "051190001234")
    page.fill("input[name=phone]", "0912 345 678")
    page.fill("input[name=address]", "Thôn 1, xã Đức Thạnh")


def test_intake_shows_its_consequences_before_committing(two_pages, live_server, demo):
    """Due date, fee, same-day with the minutes left before the cutoff, a warning at night; the
    preview changes with the documents and verification, and the intake then does what it said."""
    from django.utils import timezone

    from dossiers.models import Dossier

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    no_appointment_day(office, proc)
    proc.fee_amount = 20000
    proc.save()
    doc = proc.documents.order_by("position").first()
    url = f"{live_server.url}/ho-so/tiep-nhan/?thu_tuc={proc.code}"
    with time_machine.travel(WEDNESDAY_1437, tick=True) as traveller:
        login_both(two_pages, live_server, "duc-thanh.clerk")
        for page in two_pages.values():
            page.goto(url)
            text = page.inner_text("#intake-preview")  # rendered by the server with the page
            assert "Trả trong ngày nếu nhận trước 15:00 — còn 23 phút" in text
            assert "Phí, lệ phí: 20.000 đồng." in text and "Ngoài giờ" not in text
        shoot_both(two_pages, "c16-preview-same-day")
        page = two_pages["desktop"]
        page.check("input[name=needs_verification]")
        page.wait_for_selector("#intake-preview[data-same-day='0']")
        promised = page.inner_text("#intake-preview")
        assert "Hẹn trả kết quả: " in promised and "Trả trong ngày" not in promised
        page.select_option(f"select[name=doc_{doc.pk}]", "")
        page.wait_for_selector("#intake-preview >> text=Hồ sơ chưa đầy đủ")
        assert doc.name in page.inner_text("#intake-preview")
        two_pages["phone"].select_option(f"select[name=doc_{doc.pk}]", "")
        two_pages["phone"].wait_for_selector("#intake-preview >> text=Hồ sơ chưa đầy đủ")
        shoot_both(two_pages, "c16-preview-incomplete")
        page.select_option(f"select[name=doc_{doc.pk}]", "original")
        page.wait_for_selector("#intake-preview[data-missing='0']")
        assert page.inner_text("#intake-preview") == promised
        fill_applicant(page)
        page.click("button[value=receive]")
        page.wait_for_selector("text=hẹn trả lúc")
        d = Dossier.objects.get()
        due = timezone.localtime(d.due_at)
        assert f"Hẹn trả kết quả: {due:%H:%M} ngày {due:%d/%m/%Y}." in promised  # what it said

        traveller.move_to(dt.datetime(2026, 11, 26, 1, 28, tzinfo=WEDNESDAY_1437.tzinfo))
        login_both(two_pages, live_server, "duc-thanh.clerk")  # the session ended hours ago
        for page in two_pages.values():
            page.goto(url)
            warning = page.inner_text("#intake-preview [data-closed]")
            assert warning.startswith("Ngoài giờ tiếp nhận hồ sơ") and "26/11/2026" in warning
        shoot_both(two_pages, "c16-preview-night")


def test_print_the_receipt_with_one_key_right_after_intake(two_pages, live_server, demo, paper_media):
    """After intake the clerk lands on the dossier page with the receipt focused: Enter prints it
    (waiting while the paper is still being rendered); every paper has its own print button."""
    from dossiers.models import Dossier

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    # Headless Chromium has no print dialog: count the calls instead, with what was framed.
    for page in two_pages.values():
        page.add_init_script(
            "window.mocuaPrintHook = (w) => { window.printed = (window.printed || []).concat("
            "[document.getElementById('print-frame').getAttribute('src')]); };"
        )
    with time_machine.travel(THURSDAY_0930, tick=True):
        login_both(two_pages, live_server, "duc-thanh.clerk")
        page = two_pages["desktop"]
        page.goto(f"{live_server.url}/ho-so/tiep-nhan/?thu_tuc={proc.code}")
        fill_applicant(page)
        page.click("button[value=receive]")
        page.wait_for_selector("#print-main")
        d = Dossier.objects.get()
        paper = d.papers.get()
        url = f"/ho-so/{d.code}/giay-to/{paper.pk}/"
        focused = page.evaluate("document.activeElement.dataset.printUrl")
        assert focused == url and "In giấy tiếp nhận" in page.inner_text("#print-main button")
        # The worker has not finished: the server says 503 twice, the page waits and then prints.
        answers = {"busy": 2}

        def busy_then_ready(route):
            if answers["busy"]:
                answers["busy"] -= 1
                route.fulfill(status=503, body="", headers={"Retry-After": "1"})
            else:
                route.continue_()

        page.route(f"**{url}", busy_then_ready)
        with page.expect_response(lambda r: url in r.url and r.status == 200) as pdf:
            page.keyboard.press("Enter")  # the one key
            page.wait_for_selector("#print-main [data-print-state=waiting]")
        headers = pdf.value.headers
        assert headers["content-type"] == "application/pdf"
        # The page may frame it (and only the site's own pages may).
        assert headers["x-frame-options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        page.wait_for_selector("#print-main [data-print-state=printed]", timeout=15000)
        assert answers["busy"] == 0 and page.evaluate("window.printed") == [url]
        shoot_both({"desktop": page}, "c16-print-after-intake")

        moved(d, "assign", "start", "submit", "approve", "ready", "return", at=THURSDAY_0930)
        for page in two_pages.values():
            page.goto(f"{live_server.url}/ho-so/{d.code}/")
            rows = page.locator("[data-paper]")
            assert rows.count() == 2 == rows.locator("[data-print-url]").count()
            assert "In phiếu kiểm soát" in page.inner_text("#print-main")
        shoot_both(two_pages, "c16-print-papers")
        page = two_pages["phone"]
        button = page.locator("[data-paper=appointment_slip] [data-print-url]")
        button.click()
        page.wait_for_selector("[data-paper=appointment_slip] [data-print-state=printed]")
        slip = d.papers.get(kind="appointment_slip")
        assert page.evaluate("window.printed") == [f"/ho-so/{d.code}/giay-to/{slip.pk}/"]


def test_leader_sees_what_they_approve_and_sign_on_the_phone(two_pages, live_server, demo, paper_media):
    """The leader's card shows the documents received and the result submitted; an apology letter
    drafted by the system can be read as a PDF and its reason corrected (clerk or leader, through
    the workflow door, audited) before it is signed."""
    from dossiers.models import AuditEvent
    from dossiers.sweeps import END_OF_DAY_REASON
    from tests.pdftools import pdf_text, pdf_to_pngs

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    proc.result_document = "Giấy xác nhận tình trạng hôn nhân"
    proc.save()
    to_approve = received_dossier(office, proc, received_at=THURSDAY_0930, full_name="Lê Văn Bình")
    to_approve = moved(to_approve, "assign", "start", at=THURSDAY_0930)
    workflow.submit(
        to_approve.specialist, to_approve, "Đã đối chiếu sổ hộ tịch, đủ điều kiện", now=THURSDAY_0930
    )
    late = received_dossier(office, proc, received_at=THURSDAY_0930, full_name="Trần Thị Cúc")
    letter = workflow.apologise(
        None,
        late,
        reason=END_OF_DAY_REASON,
        responsible_unit="Công chức Tư pháp - Hộ tịch",
        new_due_at=late.due_at + dt.timedelta(days=1),
        now=late.due_at + dt.timedelta(minutes=1),
    )
    better = "Chờ Công an xã trả lời xác minh nơi cư trú của người yêu cầu"
    with time_machine.travel(late.due_at + dt.timedelta(minutes=30), tick=True):
        login_both(two_pages, live_server, "duc-thanh.leader")
        phone = two_pages["phone"]
        phone.goto(f"{live_server.url}/ho-so/trinh-ky/")
        card = phone.locator(f"[data-code='{to_approve.code}']")
        assert "Giấy xác nhận tình trạng hôn nhân" in card.locator("[data-result]").inner_text()
        assert "Đã đối chiếu sổ hộ tịch" in card.locator("[data-result]").inner_text()
        documents = card.locator("[data-documents]").inner_text()
        assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân — bản chính, 1 bản" in documents
        apology = phone.locator(f"[data-code='{late.code}']")
        assert END_OF_DAY_REASON[:30] in apology.locator("[data-reason]").inner_text()
        two_pages["desktop"].goto(f"{live_server.url}/ho-so/trinh-ky/")
        shoot_both(two_pages, "c16-leader-queue")

        # The letter as it will be printed, read before signing.
        href = apology.locator("[data-preview]").get_attribute("href")
        draft = phone.request.get(f"{live_server.url}{href}")
        assert draft.headers["content-type"] == "application/pdf"
        text = " ".join(pdf_text(draft.body(), "c16-apology-draft").split())
        assert "Dự thảo".upper() in text.upper() and END_OF_DAY_REASON[:30] in text
        pdf_to_pngs(draft.body(), "c16-apology-draft", dpi=60)

        # The leader corrects the generic reason on the phone, then signs.
        apology.locator("summary").click()
        apology.locator("textarea[name=reason]").fill(better)
        apology.locator("text=Lưu lý do").click()
        phone.wait_for_selector(f"[data-code='{late.code}'] [data-reason]:has-text('{better}')")
        letter.refresh_from_db()
        assert letter.reason == better and letter.status == "awaiting_signature"
        event = AuditEvent.objects.get(dossier=late, action="amend_apology")
        assert event.actor.user.username == "duc-thanh.leader" and END_OF_DAY_REASON[:20] in event.note
        text = " ".join(
            pdf_text(phone.request.get(f"{live_server.url}{href}").body(), "c16-apology-fixed").split()
        )
        assert better in text
        shoot_both(two_pages, "c16-leader-amended")
        phone.locator(f"[data-code='{late.code}'] >> text=Ký phiếu xin lỗi").click()
        phone.wait_for_selector("text=Đã ký phiếu xin lỗi số")
        letter.refresh_from_db()
        assert letter.status == "signed" and letter.reason == better
