"""Feedback (phản ánh, kiến nghị) in the office report (issue 17): its figures, from the dossiers app's
selector, and the sentences they give the written evaluation. Registered in ReportsConfig through
reports.hooks; an archived report keeps the figures it was archived with."""

from dossiers.feedback_selectors import feedback_figures
from reports.narrative import vn_number, vn_percent
from reports.periods import Period


def figures(office, period: Period) -> dict:
    return feedback_figures(office, period.first, period.last)


def sentences(data: dict, previous: dict | None) -> dict[str, list[str]]:
    f = data.get("feedback")
    if not f or not f.get("received"):
        return {}
    text = f"Tiếp nhận {vn_number(f['received'])} phản ánh, kiến nghị của người dân"
    if f["answered"]:
        text += (
            f"; đã trả lời {vn_number(f['answered'])}, trong đó {vn_number(f['answered_on_time'])} đúng hạn"
        )
        if f.get("on_time_rate") is not None:
            text += f" ({vn_percent(f['on_time_rate'])})"
    out = {"highlights": [text + "."]}
    if f.get("open_late") or f.get("answered_late"):
        late = f.get("open_late", 0) + f.get("answered_late", 0)
        out["limitations"] = [
            f"{vn_number(late)} phản ánh, kiến nghị trả lời trễ hoặc đã quá hạn chưa trả lời."
        ]
    return out
