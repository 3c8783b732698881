"""The tables of a report, from its data: one definition for the page, the PDF and the XLSX."""

from dataclasses import dataclass, field

from reports.figures import COLUMNS, KEYS

NO_MODEL = "Không có mô hình áp dụng trong kỳ"
INDICATOR_LEVELS = {"good": "Đạt", "fair": "Gần đạt", "poor": "Chưa đạt", "none": "Không chấm"}


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


def _flat(nested: dict) -> list[int]:
    out = []
    for key in KEYS:
        head, _, tail = key.partition(".")
        out.append(nested[head][tail] if tail else nested[head])
    return out


def bieu(data: dict) -> Table:
    """Biểu II.06a: one row per office (area report) or per field (office report), then the total."""
    first = "Đơn vị" if data["scope"] == "area" else "Lĩnh vực"
    table = Table(
        "bieu",
        "Tình hình, kết quả giải quyết thủ tục hành chính (Biểu II.06a)",
        [first] + [h for _, h in COLUMNS],
    )
    source = data["offices"] if data["scope"] == "area" else data["by_field"]
    for row in source:
        table.rows.append([row.get("name") or row.get("field") or "—"] + _flat(row))
    table.rows.append(["Tổng cộng"] + _flat(data["bieu_ii06a"]))
    table.note = (
        "Tổng tiếp nhận = đã giải quyết + đang giải quyết + từ chối + dừng giải quyết; "
        "hồ sơ chờ bổ sung thuộc số đang giải quyết, tính trong hạn."
    )
    return table


def procedures(data: dict) -> Table:
    t = Table(
        "procedures",
        "Kết quả theo thủ tục hành chính",
        ["Mã thủ tục", "Tên thủ tục", "Tiếp nhận", "Đã giải quyết", "Quá hạn", "Đang giải quyết"],
    )
    for r in data.get("by_procedure", []):
        late = r["resolved"]["late"] + r["in_progress"]["overdue"]
        t.rows.append(
            [
                r["code"],
                r["name"],
                r["received"]["total"],
                r["resolved"]["total"],
                late,
                r["in_progress"]["total"],
            ]
        )
    return t


def models(sections: list[dict], office_name: str = "") -> Table:
    t = Table(
        "models",
        "Kết quả thực hiện các mô hình cải cách hành chính",
        (["Đơn vị"] if office_name else [])
        + [
            "Mô hình",
            "Số ngày thực hiện",
            "Hồ sơ giải quyết theo mô hình",
            "Hẹn trả trong ngày",
            "Đã trả đúng hẹn",
            "Lỡ hẹn",
            "Viết hộ (công chức)",
            "Viết hộ (MTTQ, đoàn thể)",
            "Hỗ trợ nộp trực tuyến",
            "Giờ thứ 9",
        ],
    )
    for m in sections:
        t.rows.append(
            ([office_name] if office_name else [])
            + [
                m["name"],
                m["days_held"],
                m["handled"],
                m["same_day_promised"],
                m["same_day_kept"],
                m["same_day_broken"],
                m["assisted_by_staff"],
                m["assisted_by_volunteers"],
                m["online_help"],
                m["extra_hour"],
            ]
        )
    return t


def practices(p: dict) -> Table:
    s = p["satisfaction"]
    v = p["volunteers"]
    rows = [
        ["Hồ sơ tiếp nhận trong giờ thứ 9", p["extra_hour"]],
        ["Hồ sơ được viết hộ bởi công chức", p["assisted_by_staff"]],
        ["Hồ sơ được viết hộ bởi thành viên MTTQ, đoàn thể", p["assisted_by_volunteers"]],
        ["Hồ sơ được hỗ trợ nộp trực tuyến", p["online_help"]],
        ["Phiếu xin lỗi đã lập", p["apologies"]["count"]],
        ["Phiếu yêu cầu bổ sung hồ sơ", p["supplement_requests"]["count"]],
        ["Yêu cầu bổ sung lần thứ hai (vi phạm)", p["supplement_requests"]["second_request_breaches"]],
        ["Lượt đánh giá của người dân", s["ratings"]],
        ["Điểm hài lòng trung bình (thang 5)", s["average"] if s["average"] is not None else "—"],
        ["Tỷ lệ hài lòng (%)", s["satisfied_rate"] if s["satisfied_rate"] is not None else "—"],
        ["Lượt trực tại quầy của thành viên MTTQ, đoàn thể (theo lịch trực)", v["shifts"]],
        ["Số người tham gia", v["people"]],
        ["Số tổ chức tham gia", v["organisations"]],
        ["Thư chúc mừng đã gửi", p["family_letters"]["congratulation"]],
        ["Thư chia buồn đã gửi", p["family_letters"]["condolence"]],
    ]
    beyond = p.get("beyond_counter")  # reports archived before issue 18 have none
    if beyond:
        for k in beyond["by_kind"]:
            rows.append(
                [
                    f"Buổi lưu động: {k['label'].lower()} (số buổi / hồ sơ tiếp nhận)",
                    f"{k['sessions']} / {k['dossiers']}",
                ]
            )
        rows.append(["Lễ trao Giấy chứng nhận kết hôn đã tổ chức", beyond["ceremonies"]["held"]])
        rows.append(["Hồ sơ trả kết quả qua bưu chính", beyond["postal_returns"]])
    return Table("practices", "Kết quả thực hiện các nội dung cải cách", ["Nội dung", "Số lượng"], rows)


def organisations(p: dict) -> Table:
    """Assisted writing by each volunteer organisation (MTTQ, đoàn thể)."""
    t = Table(
        "organisations",
        "Viết hộ theo từng tổ chức MTTQ, đoàn thể",
        ["Tổ chức", "Hồ sơ được viết hộ"],
    )
    t.rows = [[r["organisation"], r["count"]] for r in p.get("assisted_by_organisation", [])]
    return t


def online_targets(p: dict) -> Table:
    t = Table(
        "online",
        "Hồ sơ trực tuyến so với chỉ tiêu theo lĩnh vực",
        ["Lĩnh vực", "Hồ sơ tiếp nhận", "Hồ sơ trực tuyến", "Chỉ tiêu", "Tỷ lệ đạt (%)"],
    )
    for r in p["online_targets"]:
        t.rows.append(
            [
                r["field"],
                r["received"],
                r["online"],
                r["target"] if r["target"] is not None else "—",
                r["target_rate"] if r["target_rate"] is not None else "—",
            ]
        )
    return t


def apologies(p: dict) -> Table:
    t = Table(
        "apologies",
        "Phiếu xin lỗi: lý do và đơn vị chịu trách nhiệm",
        ["Lý do", "Đơn vị chịu trách nhiệm", "Số phiếu"],
    )
    for r in p["apologies"]["reasons"]:
        t.rows.append([r["reason"], r["responsible_unit"], r["count"]])
    return t


def fees(p: dict) -> Table:
    """Fees and charges by field (issue 20); reports archived before it have none."""
    t = Table(
        "fees",
        "Thu phí, lệ phí theo lĩnh vực",
        [
            "Lĩnh vực",
            "Hồ sơ ghi nhận thu",
            "Hồ sơ có thu tiền",
            "Hồ sơ miễn, giảm",
            "Số tiền thu (đồng)",
            "Hoàn trả (đồng)",
        ],
    )
    rows = p.get("fees", [])
    for r in rows:
        t.rows.append([r["field"], r["dossiers"], r["paid"], r["exempted"], r["amount"], r["refunded"]])
    if rows:
        t.rows.append(
            ["Tổng cộng"]
            + [sum(r[k] for r in rows) for k in ("dossiers", "paid", "exempted", "amount", "refunded")]
        )
    return t


def indicators(data: dict) -> Table:
    t = Table(
        "indicators",
        "Chỉ số theo Quyết định 766/QĐ-TTg (ước tính nội bộ)",
        ["Chỉ số", "Tên chỉ số", "Giá trị", "Ngưỡng đạt điểm tối đa", "Tỷ lệ điểm (%)", "Đánh giá"],
    )
    for i in data["indicators"]:
        t.rows.append(
            [
                i["code"],
                i["name"],
                "—" if i["value"] is None else i["value"],
                "—" if i["threshold"] is None else f"≥ {i['threshold']:g}%",
                "—" if i["score"] is None else i["score"],
                INDICATOR_LEVELS[i["level"]],
            ]
        )
    t.note = (
        "Ước tính nội bộ từ dữ liệu của đơn vị, không phải điểm chính thức trên Cổng Dịch vụ công quốc gia."
    )
    return t


def people(data: dict) -> Table:
    t = Table(
        "people",
        "Đánh giá kết quả thực hiện của từng cá nhân",
        [
            "Họ và tên",
            "Chức danh",
            "Hồ sơ phụ trách",
            "Đã giải quyết",
            "Trễ hạn",
            "Phiếu xin lỗi",
            "Hỗ trợ trực tuyến",
            "Chỉ tiêu",
            "Tỷ lệ đạt (%)",
        ],
    )
    for p in data.get("people", []):
        t.rows.append(
            [
                p["name"],
                p["position"],
                p["handled"],
                p["resolved"],
                p["late"],
                p["apologies"],
                p["online_help"],
                p["online_target"] or "—",
                p["online_target_rate"] if p["online_target_rate"] is not None else "—",
            ]
        )
    return t


WAIT_HEADERS = [
    "Số đã lấy",
    "Đã gọi",
    "Đã phục vụ xong",
    "Vắng mặt",
    "Chờ trung bình (phút)",
    "Phục vụ trung bình (phút)",
    "Có hứa thời gian chờ",
    "Gọi đúng hẹn",
    "Gọi trễ hẹn",
    "Tỷ lệ đúng hẹn (%)",
]


def _wait_cells(r: dict) -> list:
    dash = lambda v: "—" if v is None else v  # noqa: E731
    return [
        r["taken"],
        r["called"],
        r["served"],
        r["skipped"],
        dash(r["avg_wait_minutes"]),
        dash(r["avg_service_minutes"]),
        r["promised"],
        r["kept"],
        r["broken"],
        dash(r["kept_pct"]),
    ]


def waits(section: dict) -> list[Table]:
    """The ticket queue (issue 18): waiting and service times and the promised wait kept, per day and
    per field; no tables when the office took no ticket in the period."""
    if not section or not section["total"]["taken"]:
        return []
    promise = ", ".join(f"{m} phút" for m in section["promised_minutes"])
    note = (
        f"Chờ: từ lúc lấy số đến lúc được gọi; phục vụ: từ lúc được gọi đến lúc xong. Thời gian chờ đã hứa: "
        f"{promise}. Gọi đúng hẹn khi được gọi không muộn hơn thời gian đã hứa; số chưa được gọi quá hạn "
        "tính trễ hẹn."
        if promise
        else "Chờ: từ lúc lấy số đến lúc được gọi; phục vụ: từ lúc được gọi đến lúc xong."
    )
    by_day = Table("waits_day", "Thời gian chờ theo ngày", ["Ngày", *WAIT_HEADERS], note=note)
    for r in section["by_day"]:
        day = r["day"]
        by_day.rows.append([f"{day[8:10]}/{day[5:7]}/{day[:4]}", *_wait_cells(r)])
    by_day.rows.append(["Tổng cộng", *_wait_cells(section["total"])])
    by_field = Table("waits_field", "Thời gian chờ theo lĩnh vực", ["Lĩnh vực", *WAIT_HEADERS])
    for r in section["by_field"]:
        by_field.rows.append([r["field"], *_wait_cells(r)])
    by_field.rows.append(["Tổng cộng", *_wait_cells(section["total"])])
    return [by_day, by_field]


def outreach(p: dict) -> Table:
    """The dossiers received at each outreach session of the period."""
    t = Table("outreach", "Hồ sơ tiếp nhận tại các buổi lưu động", ["Ngày", "Loại buổi", "Địa điểm", "Hồ sơ"])
    for r in (p.get("beyond_counter") or {}).get("sessions", []):
        day = "/".join(reversed(r["date"].split("-")))
        t.rows.append([day, r["kind_label"], r["place"], r["dossiers"]])
    return t


def feedback(f: dict) -> Table:
    """Feedback (phản ánh, kiến nghị) received in the period and how it was answered (issue 17)."""
    t = Table("feedback", "Tiếp nhận, trả lời phản ánh, kiến nghị", ["Nội dung", "Số lượng"])
    t.rows += [
        ["Tiếp nhận trong kỳ", f["received"]],
        ["Đã trả lời", f["answered"]],
        ["— trả lời đúng hạn", f["answered_on_time"]],
        ["— trả lời trễ hạn", f["answered_late"]],
        ["Chưa trả lời", f["open"]],
        ["— đã quá hạn trả lời", f["open_late"]],
        ["Công khai câu trả lời", f["published"]],
    ]
    labels = f.get("category_labels") or {}
    t.rows += [[f"Loại: {labels.get(k, k)}", n] for k, n in (f.get("by_category") or {}).items() if n]
    t.note = "Thời hạn trả lời tính theo ngày làm việc của lịch làm việc của đơn vị."
    return t


def all_tables(data: dict) -> list[Table]:
    """Every table of the report, in order (the first is Biểu II.06a)."""
    out = [bieu(data), indicators(data)]
    if data["scope"] == "office":
        out += [procedures(data), models(data["reform_models"]), practices(data["practices"])]
        out += [organisations(data["practices"]), online_targets(data["practices"])]
        out += [apologies(data["practices"]), people(data), fees(data["practices"])]
        if data["practices"].get("beyond_counter", {}).get("sessions"):
            out.append(outreach(data["practices"]))
        out += waits(data.get("waiting"))
        if (data.get("feedback") or {}).get("received"):
            out.append(feedback(data["feedback"]))
    else:
        rows = []
        t = models([], "x")
        for o in data.get("office_sections", []):
            rows += models(o["reform_models"], o["short_name"]).rows or [
                [o["short_name"], NO_MODEL] + ["—"] * (len(t.headers) - 2)
            ]
        t.rows = rows
        out.append(t)
    return out
