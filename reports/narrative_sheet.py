"""The written evaluation in the exports (issue 17): section V of the PDF and the XLSX sheets
"Đánh giá" and "Biện pháp khắc phục". Drawn from report data only (an approved report's data
carries "narrative" and "corrective_actions"); nothing when the data has no narrative."""

from openpyxl.styles import Alignment

from reports.narrative import SECTIONS, vn_date

CAUSE_HEADERS = [
    "Nguyên nhân trễ hạn",
    "Đơn vị chịu trách nhiệm",
    "Số phiếu xin lỗi",
    "Biện pháp khắc phục",
    "Người, bộ phận thực hiện",
    "Hạn hoàn thành",
    "Tình trạng",
]


def action_state(a: dict) -> str:
    if a["done_on"]:
        return f"Đã hoàn thành {vn_date(a['done_on'])}"
    return "Quá hạn, chưa hoàn thành" if a["overdue"] else "Đang thực hiện"


def cause_rows(data: dict) -> list[list]:
    """One row per cause of the period and each of its actions; then the unfinished actions of
    earlier causes (not among this period's letters)."""
    reasons = (data.get("practices") or {}).get("apologies", {}).get("reasons", [])
    actions = data.get("corrective_actions") or []
    rows, used = [], set()
    for r in reasons:
        key = (r["reason"], r["responsible_unit"])
        mine = [a for a in actions if (a["reason"], a["responsible_unit"]) == key]
        used.add(key)
        if not mine:
            rows.append([r["reason"], r["responsible_unit"], r["count"], "Chưa có", "", "", ""])
        for i, a in enumerate(mine):
            rows.append(
                [
                    r["reason"] if i == 0 else "",
                    r["responsible_unit"] if i == 0 else "",
                    r["count"] if i == 0 else "",
                    a["what"],
                    a["who"],
                    vn_date(a["due_on"]),
                    action_state(a),
                ]
            )
    for a in actions:
        if (a["reason"], a["responsible_unit"]) not in used:
            rows.append(
                [
                    a["reason"],
                    a["responsible_unit"],
                    "—",
                    a["what"],
                    a["who"],
                    vn_date(a["due_on"]),
                    action_state(a),
                ]
            )
    return rows


def evaluation(data: dict) -> dict | None:
    """What section V of the PDF shows: the four sections as paragraphs, and the causes table."""
    narrative = data.get("narrative")
    if not narrative:
        return None
    return {
        "sections": [
            (title, [line for line in (narrative.get(key) or "").splitlines() if line.strip()])
            for key, title in SECTIONS
        ],
        "headers": CAUSE_HEADERS,
        "rows": cause_rows(data),
        "approved_by": narrative.get("approved_by", ""),
    }


def write(wb, data: dict, *, fonts, border, fill) -> None:
    bold, plain, _italic = fonts
    narrative = data.get("narrative")
    if not narrative:
        return
    wrap = Alignment(wrap_text=True, vertical="top")
    ws = wb.create_sheet("Đánh giá")
    ws["A1"] = f"ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN {data['period']['label'].upper()}"
    ws["A1"].font = bold
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 110
    row = 3
    for key, title in SECTIONS:
        ws.cell(row=row, column=1, value=title).font = bold
        cell = ws.cell(row=row, column=2, value=narrative.get(key) or "")
        cell.font, cell.alignment = plain, wrap
        ws.cell(row=row, column=1).alignment = wrap
        row += 1
    if narrative.get("approved_by"):
        ws.cell(row=row + 1, column=1, value="Lãnh đạo phê duyệt").font = bold
        ws.cell(row=row + 1, column=2, value=narrative["approved_by"]).font = plain

    sheet = wb.create_sheet("Biện pháp khắc phục")
    sheet["A1"] = "Nguyên nhân trễ hạn và biện pháp khắc phục"
    sheet["A1"].font = bold
    for col, head in enumerate(CAUSE_HEADERS, 1):
        cell = sheet.cell(row=3, column=col, value=head)
        cell.font, cell.border, cell.fill, cell.alignment = bold, border, fill, wrap
        sheet.column_dimensions[chr(64 + col)].width = 30 if col in (1, 4) else 16
    for r, values in enumerate(cause_rows(data), 4):
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row=r, column=col, value=value)
            cell.font, cell.border, cell.alignment = plain, border, wrap
