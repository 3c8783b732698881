"""The words of each message to a citizen (issue 17): with diacritics for e-mail and Zalo, without
them for SMS (mocua.channels.sms_text), in at most two SMS segments.

`texts(event, dossier, ...)` -> Text(subject, full, sms). The variable part (a list of papers, a
reason, an answer) is what gets shortened when an SMS would be longer than two segments; the
dossier code and the tracking link are always kept.
"""

from dataclasses import dataclass

from django.utils import timezone

from dossiers.models_citizen import MessageEvent as E
from mocua import channels

SMS_SEGMENTS = 2


@dataclass(frozen=True)
class Text:
    subject: str
    full: str
    sms: str


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M ngày %d/%m/%Y}" if moment else "(chưa xác định)"


def _sms(head: str, middle: str, tail: str) -> str:
    """head + middle + tail without diacritics; only `middle` is cut to fit the segments."""
    head, tail = channels.sms_text(head, max_segments=9), channels.sms_text(tail, max_segments=9)
    room = channels.PART * SMS_SEGMENTS - channels.sms_length(head) - channels.sms_length(tail) - 2
    middle = channels.sms_text(middle, max_segments=9)
    if channels.sms_length(middle) > room:
        while middle and channels.sms_length(middle) > room - 3:
            middle = middle[:-1]
        middle = middle.rstrip() + "..."
    return " ".join(part for part in (head, middle, tail) if part)


def for_dossier(event: str, d, *, link: str, note: str = "", item=None) -> Text:
    """The message of `event` about dossier `d`; `note` the door's note (a reason), `item` the
    supplement request or apology letter."""
    office, code, proc = d.office.name, d.code, d.procedure.name
    tail = f"Tra cứu: {link}"
    if event == E.RECEIVED:
        due = _when(d.due_at)
        return Text(
            f"Đã tiếp nhận hồ sơ {code}",
            f"{office} đã tiếp nhận hồ sơ {code} ({proc}) của ông/bà.\n"
            f"Hẹn trả kết quả: {due}.\nTra cứu tình trạng hồ sơ: {link}",
            _sms(f"{office}: da tiep nhan ho so {code}. Hen tra ket qua {due}.", "", tail),
        )
    if event == E.SUPPLEMENT:
        missing = list(getattr(item, "missing", None) or [])
        lines = "\n".join(f"{i}. {m}" for i, m in enumerate(missing, 1))
        return Text(
            f"Hồ sơ {code} cần bổ sung",
            f"Hồ sơ {code} ({proc}) của ông/bà cần bổ sung, hoàn thiện các giấy tờ sau:\n{lines}\n"
            f"Mời ông/bà nộp bổ sung tại Bộ phận Một cửa — {office}.\nTra cứu tình trạng hồ sơ: {link}",
            _sms(f"{office}: ho so {code} can bo sung:", "; ".join(missing) + ".", tail),
        )
    if event == E.READY:
        return Text(
            f"Hồ sơ {code} đã có kết quả",
            f"Hồ sơ {code} ({proc}) của ông/bà đã có kết quả. Mời ông/bà đến nhận kết quả tại "
            f"Bộ phận Một cửa — {office}, mang theo giấy tiếp nhận hồ sơ.\nTra cứu: {link}",
            _sms(f"{office}: ho so {code} da co ket qua. Moi ong/ba den nhan tai Bo phan Mot cua.", "", tail),
        )
    if event == E.LATE:
        number, reason = getattr(item, "number", ""), getattr(item, "reason", "")
        new_due = _when(getattr(item, "new_due_at", None))
        missed = _when(getattr(item, "missed_due_at", None))
        return Text(
            f"Xin lỗi: hồ sơ {code} chậm trả kết quả",
            f"{office} xin lỗi ông/bà: hồ sơ {code} ({proc}) chưa có kết quả đúng hẹn {missed}.\n"
            f"Lý do: {reason}\nHẹn lại ngày trả kết quả: {new_due}.\n"
            f"Phiếu xin lỗi và hẹn lại ngày trả kết quả số {number} xem tại: {link}",
            _sms(f"{office} xin loi: ho so {code} tra cham, hen lai {new_due}. Ly do:", reason, tail),
        )
    if event in (E.REFUSED, E.STOPPED):
        what = "không được tiếp nhận giải quyết" if event == E.REFUSED else "đã dừng giải quyết"
        return Text(
            f"Hồ sơ {code} {what}",
            f"Hồ sơ {code} ({proc}) của ông/bà {what}.\nLý do: {note}\n"
            f"Mọi thắc mắc xin liên hệ Bộ phận Một cửa — {office}.\nTra cứu: {link}",
            _sms(f"{office}: ho so {code} {what}. Ly do:", note, tail),
        )
    raise ValueError(event)


def feedback_answer(feedback, *, link: str = "") -> Text:
    office = feedback.office.name
    tail = f"Xem: {link}" if link else ""
    return Text(
        f"Trả lời phản ánh, kiến nghị số {feedback.number}",
        f"{office} trả lời phản ánh, kiến nghị số {feedback.number} của ông/bà "
        f"(gửi ngày {timezone.localtime(feedback.received_at):%d/%m/%Y}):\n\n{feedback.answer}"
        + (f"\n\n{tail}" if tail else ""),
        _sms(f"{office} tra loi phan anh so {feedback.number}:", feedback.answer, tail),
    )
