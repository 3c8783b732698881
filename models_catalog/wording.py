"""How reform models are described to people: one place for the Vietnamese wording."""

import datetime as dt

from mocua.models import Weekday
from models_catalog.models import ReformModel

DAY_NAMES = dict(Weekday.choices)


def hhmm(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def promise_phrases(model: ReformModel, *, writing_forbidden: bool = False) -> list[str]:
    """What the model promises, as short phrases ("trả kết quả trong ngày", …)."""
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
    if model.same_day_result and model.effective_cutoff:
        phrases.append(f"nhận hồ sơ đến {hhmm(model.effective_cutoff)}")
    return phrases


def weekday_names(days: list[int]) -> str:
    days = sorted(days)
    if days == [0, 1, 2, 3, 4]:
        return "Thứ Hai đến Thứ Sáu"
    return ", ".join(DAY_NAMES[d] for d in days)


def model_summary(model: ReformModel, *, writing_forbidden: bool = False) -> str:
    """'Thứ Tư: trả kết quả trong ngày, không viết giấy hẹn, nhận hồ sơ đến 15:00'."""
    phrases = promise_phrases(model, writing_forbidden=writing_forbidden)
    text = f"{weekday_names(model.weekdays)}: {', '.join(phrases) or model.name}"
    if writing_forbidden and model.assisted_writing:
        text += " (thủ tục này pháp luật không cho viết hộ)"
    return text


def date_range(model: ReformModel) -> str:
    if model.valid_to:
        return f"từ {model.valid_from:%d/%m/%Y} đến {model.valid_to:%d/%m/%Y}"
    return f"từ {model.valid_from:%d/%m/%Y}"
