"""Report exports: the PDF in the official layout (NĐ 30/2020) and the XLSX workbook.

Both are drawn from report data only, so an archived report renders exactly as it was.
"""

import datetime as dt
from io import BytesIO
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from mocua.models import LeaderTitle, Office, Role, Staff
from mocua.pdf import html_to_pdf
from reports import narrative_sheet, tables, trends

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_CLASS = {"good": "level-good", "fair": "level-fair", "poor": "level-poor", "none": ""}


def _header(office: Office) -> SimpleNamespace:
    """The left header lines: parent body and the issuing People's Committee (or supervisor)."""
    if office.is_supervisor:
        parent, issuer = f"Ủy ban nhân dân tỉnh {office.province}", office.short_name
    else:
        parent = ""
        kind = office.get_kind_display().lower()
        # "Phường 1" already names its kind; "Đức Thạnh" needs "xã" in front.
        place = (
            office.short_name if office.short_name.lower().startswith(kind) else f"{kind} {office.short_name}"
        )
        issuer = f"Ủy ban nhân dân {place}"
    return SimpleNamespace(
        parent_body=parent.upper(),
        counter_name=issuer.upper(),
        place_name=office.province if office.is_supervisor else office.place_name,
        issuer_text=issuer,
    )


def _signer(office: Office):
    """The office's head signs: the Chairman, else a Vice-Chairman (KT.), else a blank block."""
    leaders = Staff.objects.filter(office=office, is_active=True)
    if office.is_supervisor:
        person = leaders.filter(roles__role=Role.SUPERVISOR).order_by("pk").first()
        return {
            "heading": ["GIÁM ĐỐC" if "Sở" in office.name else "TRƯỞNG PHÒNG"],
            "name": person.full_name if person else "",
        }
    for title in (LeaderTitle.CHAIRMAN, LeaderTitle.VICE_CHAIRMAN):
        person = leaders.filter(leader_title=title).order_by("pk").first()
        if person:
            return {"heading": person.signature_heading, "name": person.full_name}
    return {"heading": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "name": ""}


def _recipients(office: Office) -> list[str]:
    if office.is_supervisor:
        return ["Ủy ban nhân dân tỉnh;", "Bộ Nội vụ;", "Lưu: VT."]
    out = []
    if office.supervisor:
        out.append(f"{office.supervisor.short_name};")
    out += ["Thường trực Đảng ủy, HĐND xã;", "Chủ tịch, các Phó Chủ tịch UBND xã;", "Lưu: VT, VP-TK."]
    return out


def pdf(data: dict, *, issued_on: dt.date | None = None, signer: Staff | None = None) -> bytes:
    """The report as PDF. An approved report (issue 17) passes its approval day and the approving
    leader, who signs; its data then carries the narrative and the corrective actions."""
    return html_to_pdf(paper_html(data, issued_on=issued_on, signer=signer))


def paper_html(data: dict, *, issued_on: dt.date | None = None, signer: Staff | None = None) -> str:
    """The report's PDF as HTML (also signed by reports.signing, issue 20)."""
    office = Office.objects.select_related("supervisor").get(slug=data["office"]["slug"])
    charts = trends.area_charts(data) if data["scope"] == "area" else trends.office_charts(data)
    all_tables = tables.all_tables(data)
    context = {
        "office": _header(office),
        "issued_on": issued_on or timezone.localdate(),
        "number": "\u00a0" * 8 + "/BC-" + ("SNV" if office.is_supervisor else "UBND"),
        "data": data,
        "place": office.short_name,
        "tables": {t.key: t for t in all_tables},
        "charts": charts,
        "levels": LEVEL_CLASS,
        "signer": (
            {"heading": signer.signature_heading, "name": signer.full_name}
            if signer is not None and signer.signature_heading
            else _signer(office)
        ),
        "evaluation": narrative_sheet.evaluation(data),
        "recipients": _recipients(office),
        "generated": dt.datetime.fromisoformat(data["computed_at"]),
    }
    return render_to_string("reports/paper.html", context)


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
ITALIC = Font(name="Times New Roman", italic=True, size=11)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")

# The column groups of Biểu II.06a above the column headings (first, last column of each).
BIEU_GROUPS = [
    ("Số hồ sơ tiếp nhận", 2, 5),
    ("Số hồ sơ đã giải quyết", 6, 9),
    ("Số hồ sơ đang giải quyết", 10, 12),
]


def _sheet_title(title: str) -> str:
    bad = "[]:*?/\\"
    clean = "".join(c for c in title if c not in bad)
    return clean[:31]


def _write_table(ws, table: tables.Table, top: int, header_rows: int = 1, numbered: bool = False) -> None:
    """Headings on the last of `header_rows` rows from `top`; with `numbered`, a row (1), (2) … under them."""
    for col, head in enumerate(table.headers, 1):
        cell = ws.cell(row=top + header_rows - 1, column=col, value=head)
        cell.font, cell.border, cell.alignment, cell.fill = BOLD, BOX, WRAP, HEAD_FILL
    if numbered:
        for col in range(1, len(table.headers) + 1):
            cell = ws.cell(row=top + header_rows, column=col, value=f"({col})")
            cell.font, cell.border, cell.alignment = ITALIC, BOX, WRAP
        header_rows += 1
    for r, row in enumerate(table.rows, top + header_rows):
        for col, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.font, cell.border = PLAIN, BOX
            if row and row[0] == "Tổng cộng":
                cell.font = BOLD
    for col in range(1, len(table.headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 34 if col == 1 else 14
    if table.note:
        ws.cell(row=top + header_rows + len(table.rows) + 1, column=1, value=table.note).font = Font(
            name="Times New Roman", italic=True, size=11
        )


def xlsx(data: dict) -> bytes:
    """One sheet per table; the first laid out like Biểu II.06a (grouped headings, column numbers, total row)."""
    wb = Workbook()
    first, *rest = tables.all_tables(data)
    ws = wb.active
    ws.title = "Biểu II.06a"
    ws["A1"] = "Biểu số II.06a/VPCP/KSTT"
    ws["A1"].font = BOLD
    ws["A2"] = f"TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH — {data['office']['name'].upper()}"
    ws["A3"] = (
        f"Kỳ báo cáo: {data['period']['label']} (từ ngày {_d(data['period']['first'])} đến ngày {_d(data['period']['last'])})"
    )
    ws["A2"].font, ws["A3"].font = BOLD, PLAIN
    _write_table(ws, first, 5, header_rows=2, numbered=True)
    for title, c1, c2 in BIEU_GROUPS:
        ws.cell(row=5, column=c1, value=title)
        ws.merge_cells(start_row=5, start_column=c1, end_row=5, end_column=c2)
    for c in [1, *range(13, len(first.headers) + 1)]:
        ws.cell(row=5, column=c, value=first.headers[c - 1])
        ws.cell(row=6, column=c, value=None)
        ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    for c in range(1, len(first.headers) + 1):
        cell = ws.cell(row=5, column=c)
        cell.font, cell.border, cell.alignment, cell.fill = BOLD, BOX, WRAP, HEAD_FILL
    ws.row_dimensions[6].height = 48
    ws.freeze_panes = "B8"
    for table in rest:
        sheet = wb.create_sheet(_sheet_title(table.title))
        sheet["A1"] = table.title
        sheet["A1"].font = BOLD
        _write_table(sheet, table, 3)
    narrative_sheet.write(wb, data, fonts=(BOLD, PLAIN, ITALIC), border=BOX, fill=HEAD_FILL)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _d(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
