"""Demo catalog: the starter procedures and the reform models of the five seed plans (idempotent)."""

import datetime as dt
from pathlib import Path

from django.db import transaction

from mocua.models import Office
from models_catalog.models import Procedure, ReformKind, ReformModel, TimeUnit
from models_catalog.transfer import import_catalog

STARTER_CATALOG = Path(__file__).resolve().parent / "data" / "starter_catalog.csv"
DEMO_OFFICES = ["duc-thanh", "thanh-binh-thinh", "luan-thanh", "dong-thanh", "sa-dec-p1"]
MON_FRI = [0, 1, 2, 3, 4]

# Procedures Thanh Bình Thịnh's specialists chose for Tuesday (simple, no verification).
# 1.001776 (monthly social allowance) is in the annex of seed 001 under "Nội dung thực hiện ngày thứ Ba".
TBT_NO_WRITING = ["1.001193", "1.000656", "1.004873", "2.000635", "1.000894", "2.000884", "1.001776"]
TBT_NO_APPOINTMENT = ["1.001193", "1.000656", "1.004873", "2.000635", "2.000815", "2.000884"]

# (office slug, kind, name, fields, procedure codes or None for all procedures)
PLANS = [
    (
        "duc-thanh",
        ReformKind.NO_APPOINTMENT,
        "Ngày không hẹn",
        {
            "weekdays": [2],
            "cutoff": dt.time(15, 0),
            "valid_from": dt.date(2024, 8, 15),
            "same_day_result": True,
            "no_appointment_slip": True,
            "volunteer_at_counter": True,
            "basis": "Kế hoạch của UBND xã Đức Thạnh năm 2024 (theo Quyết định 405/QĐ-UBND ngày 28/12/2023)",
            "description": "Hồ sơ đầy đủ, không phải xác minh được giải quyết và trả kết quả ngay trong ngày, "
            "không viết giấy hẹn. Thành viên Mặt trận, đoàn thể hỗ trợ tại quầy.",
        },
        ["1.004873"],
    ),
    (
        "thanh-binh-thinh",
        ReformKind.NO_WRITING,
        "Thứ Ba “Ngày không viết”",
        {
            "weekdays": [1],
            "valid_from": dt.date(2023, 7, 24),
            "assisted_writing": True,
            "volunteer_at_counter": True,
            "specialists_at_counter": True,
            "basis": "Kế hoạch 36/KH-UBND ngày 24/7/2023 của UBND xã Thanh Bình Thịnh",
            "description": "Công chức viết hộ tờ khai theo yêu cầu, không thu phí; người dân chỉ ký tên "
            "hoặc điểm chỉ (trừ thủ tục pháp luật không cho viết hộ).",
        },
        TBT_NO_WRITING,
    ),
    (
        "thanh-binh-thinh",
        ReformKind.NO_APPOINTMENT,
        "Thứ Ba “Ngày không hẹn”",
        {
            "weekdays": [1],
            "valid_from": dt.date(2023, 7, 24),
            "same_day_result": True,
            "no_appointment_slip": True,
            "basis": "Kế hoạch 36/KH-UBND ngày 24/7/2023 của UBND xã Thanh Bình Thịnh",
            "description": "Thủ tục đơn giản, không phải xác minh, hồ sơ đầy đủ được giải quyết ngay, "
            "không viết giấy tiếp nhận và hẹn trả kết quả.",
        },
        TBT_NO_APPOINTMENT,
    ),
    (
        "thanh-binh-thinh",
        ReformKind.ONLINE_HELP,
        "Hỗ trợ nộp hồ sơ trực tuyến",
        {
            "weekdays": MON_FRI,
            "valid_from": dt.date(2023, 7, 24),
            "online_help": True,
            "volunteer_at_counter": True,
            "basis": "Kế hoạch 36/KH-UBND ngày 24/7/2023 của UBND xã Thanh Bình Thịnh",
            "description": "Kiểm tra hồ sơ, scan, chụp giấy tờ và nộp trên Cổng dịch vụ công giúp người dân.",
        },
        None,
    ),
    (
        "luan-thanh",
        ReformKind.NINTH_HOUR,
        "Giải quyết TTHC giờ thứ 9",
        {
            "weekdays": MON_FRI,
            "window_start": dt.time(16, 30),
            "window_end": dt.time(17, 30),
            "valid_from": dt.date(2026, 2, 23),
            "valid_to": dt.date(2026, 3, 23),
            "extra_hour": True,
            "leader_on_duty": True,
            "basis": "Kế hoạch của Trung tâm Phục vụ hành chính công xã Luận Thành năm 2026",
            "description": "Thêm một giờ làm việc từ 16 giờ 30 đến 17 giờ 30; lãnh đạo trực chỉ đạo, ký duyệt.",
        },
        None,
    ),
    (
        "dong-thanh",
        ReformKind.THREE_NO_THREE_KNOW,
        "3 không, 3 biết",
        {
            "weekdays": MON_FRI,
            "valid_from": dt.date(2024, 2, 1),
            "apology_for_late": True,
            "single_supplement_request": True,
            "basis": "Kế hoạch của UBND phường Đông Thanh tháng 02/2024",
            "description": "Không trễ hẹn, không gây phiền hà, không yêu cầu bổ sung hồ sơ quá một lần; "
            "biết chào hỏi, biết xin lỗi, biết cảm ơn.",
        },
        None,
    ),
    (
        "sa-dec-p1",
        ReformKind.NO_APPOINTMENT,
        "Ngày thứ Năm không hẹn",
        {
            "weekdays": [3],
            "valid_from": dt.date(2024, 1, 1),
            "same_day_result": True,
            "no_appointment_slip": True,
            "basis": "Kế hoạch các mô hình CCHC giai đoạn 2021–2026 của UBND thành phố Sa Đéc (mô hình 14)",
            "description": "Trả kết quả ngay thay vì hẹn từ 01 đến 05 ngày với một số thủ tục.",
        },
        "short",
    ),
    (
        "sa-dec-p1",
        ReformKind.NO_WAIT,
        "Ngày thứ Ba và thứ Sáu không chờ",
        {
            "weekdays": [1, 4],
            "valid_from": dt.date(2024, 1, 1),
            "no_waiting": True,
            "max_wait_minutes": 15,
            "basis": "Kế hoạch các mô hình CCHC giai đoạn 2021–2026 của UBND thành phố Sa Đéc (mô hình 15)",
            "description": "Giảm tối đa thời gian chờ đợi của người dân.",
        },
        None,
    ),
    (
        "sa-dec-p1",
        ReformKind.MARRIAGE_TWO_NO,
        "Đăng ký kết hôn “hai không”",
        {
            "weekdays": [3, 5],
            "valid_from": dt.date(2024, 1, 1),
            "assisted_writing": True,
            "same_day_result": True,
            "no_appointment_slip": True,
            "basis": "Kế hoạch các mô hình CCHC giai đoạn 2021–2026 của UBND thành phố Sa Đéc (mô hình 13)",
            "description": "Không viết: công chức điền tờ khai giúp; không hẹn: trả kết quả ngay.",
        },
        ["1.000894"],
    ),
]


def _short_procedures():
    """Procedures normally given a 1–5 day appointment, or same-day ones."""
    return Procedure.objects.filter(time_unit=TimeUnit.SAME_DAY) | Procedure.objects.filter(
        time_unit=TimeUnit.WORKING_DAYS, processing_time__lte=5, may_need_verification=False
    )


@transaction.atomic
def load(stdout=None):
    import_catalog(STARTER_CATALOG.name, STARTER_CATALOG.read_bytes(), by=None)
    offices = {o.slug: o for o in Office.objects.filter(slug__in=DEMO_OFFICES)}
    for office in offices.values():
        office.procedures.add(*Procedure.objects.all())
    for slug, kind, name, values, codes in PLANS:
        model, _ = ReformModel.objects.update_or_create(
            office=offices[slug], kind=kind, name=name, defaults={**values, "all_procedures": codes is None}
        )
        model.full_clean()
        if codes == "short":
            model.procedures.set(_short_procedures())
        elif codes:
            model.procedures.set(Procedure.objects.filter(code__in=codes))
    if stdout:
        stdout.write(f"Danh mục: {Procedure.objects.count()} thủ tục, {ReformModel.objects.count()} mô hình.")
