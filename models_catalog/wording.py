"""How reform models are described to people: one place for the Vietnamese wording."""

import datetime as dt

from mocua.models import Weekday
from models_catalog.models import ReformModel, TimeUnit
from schedules import calendar

DAY_NAMES = dict(Weekday.choices)


def hhmm(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def promise_phrases(
    model: ReformModel, *, writing_forbidden: bool = False, cutoff: dt.time | None = None
) -> list[str]:
    """What the model promises, as short phrases ("trả kết quả trong ngày", …).

    `cutoff` is the same-day cutoff of the day described (default: the model's own).
    """
    phrases = []
    for name in ReformModel.PROMISES:
        if not getattr(model, name):
            continue
        if name == "assisted_writing" and writing_forbidden:
            continue
        if name == "extra_hour":
            phrases.append(f"làm việc thêm {hhmm(model.window_start)}–{hhmm(model.window_end)}")
            continue
        phrases.append(str(ReformModel._meta.get_field(name).verbose_name))
    if model.max_wait_minutes:
        phrases.append(f"chờ không quá {model.max_wait_minutes} phút từ lúc lấy số")
    cutoff = cutoff or model.effective_cutoff
    if model.same_day_result and cutoff:
        phrases.append(f"nhận hồ sơ đến {hhmm(cutoff)}")
    return phrases


def _days_by_cutoff(model: ReformModel) -> list[tuple[list[int], dt.time | None]]:
    """The model's weekdays grouped by their same-day cutoff (a Saturday morning closes earlier)."""
    if not (model.same_day_result and model.effective_cutoff):
        return [(sorted(model.weekdays), None)]
    groups: dict[dt.time, list[int]] = {}
    for day in sorted(model.weekdays):
        cutoff = calendar.weekday_same_day_cutoff(model.office, day, model.effective_cutoff)
        groups.setdefault(cutoff, []).append(day)
    return sorted(((days, cutoff) for cutoff, days in groups.items()), key=lambda g: g[0])


def weekday_names(days: list[int]) -> str:
    days = sorted(days)
    if days == [0, 1, 2, 3, 4]:
        return "Thứ Hai đến Thứ Sáu"
    return ", ".join(DAY_NAMES[d] for d in days)


def model_day_lines(model: ReformModel, *, writing_forbidden: bool = False) -> list[str]:
    """One line per group of days with the same promises: ['Thứ Năm: …, nhận hồ sơ đến 15:00',
    'Thứ Bảy: …, nhận hồ sơ đến 11:00']."""
    lines = []
    for days, cutoff in _days_by_cutoff(model):
        phrases = promise_phrases(model, writing_forbidden=writing_forbidden, cutoff=cutoff)
        lines.append(f"{weekday_names(days)}: {', '.join(phrases) or model.name}")
    return lines


def model_summary(model: ReformModel, *, writing_forbidden: bool = False) -> str:
    """'Thứ Tư: trả kết quả trong ngày, không viết giấy hẹn, nhận hồ sơ đến 15:00'.

    Days with another cutoff get their own part: '…; Thứ Bảy: …, nhận hồ sơ đến 11:00'.
    """
    text = "; ".join(model_day_lines(model, writing_forbidden=writing_forbidden))
    if writing_forbidden and model.assisted_writing:
        text += " (thủ tục này pháp luật không cho viết hộ)"
    return text


def date_range(model: ReformModel) -> str:
    if model.valid_to:
        return f"từ {model.valid_from:%d/%m/%Y} đến {model.valid_to:%d/%m/%Y}"
    return f"từ {model.valid_from:%d/%m/%Y}"


def procedure_time(procedure, office) -> str:
    """'3 ngày làm việc; tối đa 8 ngày làm việc nếu phải xác minh', or the same-day rule."""
    if procedure.time_unit == TimeUnit.SAME_DAY:
        cutoff = hhmm(office.same_day_cutoff)
        text = (
            f"Trong ngày (nhận hồ sơ trước {cutoff}; nhận sau {cutoff} thì trả trong ngày làm việc tiếp theo)"
        )
    else:
        text = f"{procedure.processing_time} {procedure.get_time_unit_display()}"
    if procedure.verification_time:
        text += f"; tối đa {procedure.verification_time} ngày làm việc nếu phải xác minh"
    return text


def procedure_fee(procedure) -> str:
    if procedure.fee_text:
        return procedure.fee_text
    if procedure.fee_amount:
        return f"{procedure.fee_amount:,} đồng".replace(",", ".")
    return "Không thu phí, lệ phí"
