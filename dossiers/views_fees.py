"""The daily cash book of fees (sổ theo dõi thu phí, lệ phí): a page, a PDF and an XLSX (issue 20)."""

import datetime as dt
from io import BytesIO

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dossiers import fees
from mocua import access
from mocua.models import Role, Staff
from mocua.pdf import render_pdf

BOOK_ROLES = (Role.CLERK, Role.LEADER, Role.SECRETARY, Role.VOLUNTEER)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "Sổ theo dõi thu phí, lệ phí"


def _book(request) -> fees.CashBook:
    office = request.staff.office
    day = timezone.localdate()
    text = (request.GET.get("ngay") or "").strip()
    if text:
        try:
            day = dt.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            messages.error(request, "Ngày không hợp lệ (dd/mm/yyyy); sổ hiển thị ngày hôm nay.")
    clerk = None
    if who := (request.GET.get("can_bo") or "").strip():
        clerk = Staff.objects.filter(office=office, pk=int(who) if who.isdigit() else 0).first()
        if clerk is None:
            messages.error(request, "Không tìm thấy cán bộ thu này trong đơn vị; sổ hiển thị cả đơn vị.")
    return fees.cash_book(office, day, clerk)


def _query(book: fees.CashBook) -> str:
    q = f"ngay={book.day:%d/%m/%Y}"
    return q + (f"&can_bo={book.clerk.pk}" if book.clerk else "")


@access.staff_required(*BOOK_ROLES)
def cash_book_view(request):
    book = _book(request)
    return render(
        request,
        "dossiers/cash_book.html",
        {
            "book": book,
            "query": _query(book),
            "collectors": fees.collectors(request.staff.office),
            "receipts_total": fees.receipts_total(book.office, book.day),
        },
    )


@access.staff_required(*BOOK_ROLES)
def cash_book_export_view(request, kind):
    if kind not in ("pdf", "xlsx"):
        raise Http404
    book = _book(request)
    name = f"so-thu-phi-{book.office.slug}-{book.day:%Y%m%d}"
    if kind == "pdf":
        pdf = render_pdf(
            "papers/cash_book.html",
            {"book": book, "office": book.office, "issued_on": book.day, "title": TITLE},
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    response = HttpResponse(xlsx(book), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


HEAD = [
    "TT",
    "Số biên lai",
    "Thời điểm thu",
    "Mã hồ sơ",
    "Người nộp",
    "Thủ tục",
    "Hình thức",
    "Số tiền (đồng)",
]


def xlsx(book: fees.CashBook) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "So thu phi"
    ws.append([f"{TITLE} — {book.office.name}"])
    ws.append(
        [f"Ngày {book.day:%d/%m/%Y}" + (f" — cán bộ thu: {book.clerk.full_name}" if book.clerk else "")]
    )
    ws.append([])
    ws.append(HEAD)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    for i, p in enumerate(book.payments, 1):
        ws.append(
            [
                i,
                p.receipt.number if p.receipt else "",
                timezone.localtime(p.collected_at).strftime("%H:%M %d/%m/%Y"),
                p.dossier.code,
                p.dossier.full_name,
                p.dossier.procedure.name,
                p.get_method_display() + (f" ({p.reference})" if p.reference else ""),
                p.amount,
            ]
        )
    total_row = ws.max_row + 1
    ws.append(["", "", "", "", "", "", "Cộng số tiền đã thu", book.total])
    ws.cell(total_row, 7).font = ws.cell(total_row, 8).font = Font(bold=True)
    if book.refunds:
        ws.append([])
        ws.append(["", "Hoàn trả", "Thời điểm", "Mã hồ sơ", "Người nhận lại", "Lý do", "", "Số tiền (đồng)"])
        for r in book.refunds:
            ws.append(
                [
                    "",
                    r.payment.receipt.number if r.payment.receipt else "",
                    timezone.localtime(r.refunded_at).strftime("%H:%M %d/%m/%Y"),
                    r.payment.dossier.code,
                    r.payment.dossier.full_name,
                    r.reason,
                    "",
                    -r.amount,
                ]
            )
        ws.append(["", "", "", "", "", "", "Còn lại sau hoàn trả", book.net])
    for col, width in zip("ABCDEFGH", (5, 12, 17, 24, 26, 48, 26, 16), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=5, min_col=8, max_col=8):
        for cell in row:
            cell.number_format = "#,##0"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
