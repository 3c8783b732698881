"""Pre-filled sentences of a report's written evaluation, drawn from its own figures (issue 17).

`draft(data, previous, actions)` returns the four sections as text: kết quả nổi bật (highlights),
hạn chế (limitations), nguyên nhân (causes), kiến nghị, đề xuất (proposals). `data` is an office
report (reports.selectors.office_report), `previous` the previous period's or None, `actions` the
corrective actions of the causes (dicts, CorrectiveAction.as_data). Numbers are written the
Vietnamese way: 1.234 hồ sơ, 97,8 %. Other apps add sentences through reports.hooks.SENTENCES.
"""

import datetime as dt

from reports import hooks
from reports.sections import THRESHOLDS

SECTIONS = [
    ("highlights", "Kết quả nổi bật"),
    ("limitations", "Hạn chế"),
    ("causes", "Nguyên nhân"),
    ("proposals", "Kiến nghị, đề xuất"),
]
SECTION_KEYS = [k for k, _ in SECTIONS]
BEFORE = {"quarter": "quý trước", "month": "tháng trước", "half": "6 tháng trước", "year": "năm trước"}


def vn_number(value: float | int, digits: int = 1) -> str:
    """1234 -> '1.234'; 97.8 -> '97,8' (digits after the comma for a float)."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(value: float) -> str:
    return f"{vn_number(float(value))} %"


def _limit(value: float) -> str:
    """A threshold: 98 %, 50 % (no decimals when whole)."""
    return f"{vn_number(int(value)) if value == int(value) else vn_number(value)} %"


def vn_date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _indicator(data: dict, code: str) -> float | None:
    for i in data.get("indicators", []):
        if i["code"] == code:
            return i["value"]
    return None


def _change_points(now: float | None, before: float | None, period_kind: str) -> str:
    """', tăng 1,2 điểm so với quý trước' (or giảm, or bằng); '' without a previous value."""
    if now is None or before is None:
        return ""
    diff = round(now - before, 1)
    if diff == 0:
        return f", bằng {BEFORE[period_kind]}"
    word = "tăng" if diff > 0 else "giảm"
    return f", {word} {vn_number(abs(diff))} điểm so với {BEFORE[period_kind]}"


def _change_count(now: int, before: int | None, period_kind: str, unit: str = "hồ sơ") -> str:
    if before is None:
        return ""
    diff = now - before
    if diff == 0:
        return f", bằng {BEFORE[period_kind]}"
    word = "tăng" if diff > 0 else "giảm"
    return f", {word} {vn_number(abs(diff))} {unit} so với {BEFORE[period_kind]}"


def late_count(data: dict) -> int:
    b = data["bieu_ii06a"]
    return b["resolved"]["late"] + b["in_progress"]["overdue"]


def _late_sentence(data: dict) -> str:
    late = late_count(data)
    letters = data.get("late_letters") or {}
    with_letter = letters.get("with_letter")
    text = f"{vn_number(late)} hồ sơ trễ hạn"
    if with_letter is None:
        return text
    if with_letter >= late:
        return text + (", đều đã có văn bản xin lỗi" if late > 1 else ", đã có văn bản xin lỗi")
    if with_letter == 0:
        return text + ", chưa có văn bản xin lỗi"
    return (
        text
        + f", {vn_number(with_letter)} hồ sơ đã có văn bản xin lỗi, {vn_number(late - with_letter)} hồ sơ chưa có"
    )


def _action_text(a: dict) -> str:
    state = (
        f"đã hoàn thành ngày {vn_date(a['done_on'])}"
        if a["done_on"]
        else ("quá hạn, chưa hoàn thành" if a["overdue"] else "đang thực hiện")
    )
    return f"biện pháp khắc phục: {a['what']} ({a['who']} thực hiện, hạn {vn_date(a['due_on'])}; {state})"


def _sentences(data: dict, previous: dict | None, actions: list[dict]) -> dict[str, list[str]]:
    kind = _kind(data)
    b = data["bieu_ii06a"]
    pb = previous["bieu_ii06a"] if previous and previous.get("has_data") else None
    out = {k: [] for k in SECTION_KEYS}
    hi, lim, cau, pro = (out[k] for k in SECTION_KEYS)
    label = data["period"]["label"]

    received = b["received"]["online"] + b["received"]["direct_and_post"]
    before_received = pb["received"]["online"] + pb["received"]["direct_and_post"] if pb else None
    if not data.get("has_data"):
        hi.append(f"Trong {label}, đơn vị không tiếp nhận hồ sơ thủ tục hành chính nào.")
    else:
        hi.append(
            f"Trong {label}, đơn vị tiếp nhận mới {vn_number(received)} hồ sơ"
            f" (trực tuyến {vn_number(b['received']['online'])}, trực tiếp và qua bưu chính công ích "
            f"{vn_number(b['received']['direct_and_post'])})"
            f"{_change_count(received, before_received, kind)}; đã giải quyết {vn_number(b['resolved']['total'])} hồ sơ, "
            f"đang giải quyết {vn_number(b['in_progress']['total'])} hồ sơ."
        )

    on_time = _indicator(data, "2.1")
    before_on_time = _indicator(previous, "2.1") if pb else None
    late = late_count(data)
    if on_time is not None:
        sentence = (
            f"Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn {vn_percent(on_time)}"
            f"{_change_points(on_time, before_on_time, kind)}"
        )
        if late:
            sentence += f"; {_late_sentence(data)}."
            (hi if on_time >= THRESHOLDS["2.1"] else lim).append(sentence)
            if on_time >= THRESHOLDS["2.1"]:
                lim.append(f"Vẫn còn {_late_sentence(data)}.")
        else:
            hi.append(sentence + "; không có hồ sơ trễ hạn.")
        if on_time < THRESHOLDS["2.1"]:
            pro.append(
                "Các bộ phận chuyên môn rà soát quy trình giải quyết, bảo đảm tỷ lệ hồ sơ giải quyết "
                f"trước hạn, đúng hạn đạt từ {_limit(THRESHOLDS['2.1'])} trở lên."
            )

    online = _indicator(data, "3.3")
    before_online = _indicator(previous, "3.3") if pb else None
    if online is not None:
        sentence = (
            f"Tỷ lệ hồ sơ nộp trực tuyến {vn_percent(online)}{_change_points(online, before_online, kind)}"
        )
        if online >= THRESHOLDS["3.3"]:
            hi.append(sentence + f", đạt ngưỡng {_limit(THRESHOLDS['3.3'])} của Quyết định 766/QĐ-TTg.")
        else:
            lim.append(sentence + f", chưa đạt ngưỡng {_limit(THRESHOLDS['3.3'])} của Quyết định 766/QĐ-TTg.")
            pro.append(
                "Tiếp tục tuyên truyền, hướng dẫn người dân nộp hồ sơ trực tuyến; công chức, thành viên "
                "MTTQ, đoàn thể hỗ trợ người dân nộp trực tuyến ngay tại Bộ phận Một cửa."
            )

    for m in data.get("reform_models", []):
        if not m["handled"] and not m["days_held"]:
            continue
        sentence = (
            f"Mô hình “{m['name']}” thực hiện {vn_number(m['days_held'])} ngày, "
            f"giải quyết {vn_number(m['handled'])} hồ sơ"
        )
        if m["same_day_promised"]:
            sentence += (
                f"; hẹn trả trong ngày {vn_number(m['same_day_promised'])} hồ sơ, "
                f"trả đúng hẹn {vn_number(m['same_day_kept'])} hồ sơ"
            )
        hi.append(sentence + ".")
        if m["same_day_broken"]:
            lim.append(
                f"Mô hình “{m['name']}” còn {vn_number(m['same_day_broken'])} hồ sơ hẹn trả trong ngày "
                "nhưng không trả được trong ngày."
            )

    p = data.get("practices") or {}
    if p:
        assisted = p["assisted_by_staff"] + p["assisted_by_volunteers"]
        if assisted or p["online_help"]:
            hi.append(
                f"Công chức viết hộ {vn_number(p['assisted_by_staff'])} hồ sơ, thành viên MTTQ, đoàn thể "
                f"viết hộ {vn_number(p['assisted_by_volunteers'])} hồ sơ; hỗ trợ nộp trực tuyến "
                f"{vn_number(p['online_help'])} hồ sơ."
            )
        s = p["satisfaction"]
        if s["ratings"]:
            sentence = f"Có {vn_number(s['ratings'])} lượt đánh giá của người dân, tỷ lệ hài lòng {vn_percent(s['satisfied_rate'])}"
            if s["dislike"]:
                lim.append(sentence + f"; {vn_number(s['dislike'])} lượt không hài lòng.")
            else:
                hi.append(sentence + ".")
        breaches = p["supplement_requests"]["second_request_breaches"]
        if breaches:
            lim.append(f"Còn {vn_number(breaches)} trường hợp yêu cầu người dân bổ sung hồ sơ lần thứ hai.")
            pro.append("Hướng dẫn đầy đủ thành phần hồ sơ ngay lần đầu, không yêu cầu bổ sung quá một lần.")

        reasons = p["apologies"]["reasons"]
        if reasons:
            cau.append(
                f"Trong kỳ có {vn_number(p['apologies']['count'])} phiếu xin lỗi và hẹn lại ngày trả kết quả, "
                "với các nguyên nhân:"
            )
            for r in reasons:
                line = f"- {r['reason']} ({r['responsible_unit']}): {vn_number(r['count'])} phiếu"
                mine = [
                    a
                    for a in actions
                    if (a["reason"], a["responsible_unit"]) == (r["reason"], r["responsible_unit"])
                ]
                if mine:
                    line += "; " + "; ".join(_action_text(a) for a in mine)
                else:
                    line += "; chưa có biện pháp khắc phục"
                cau.append(line + ".")
        elif late:
            cau.append("Các hồ sơ trễ hạn trong kỳ chưa được lập phiếu xin lỗi ghi rõ nguyên nhân.")
        else:
            cau.append("Trong kỳ không có hồ sơ trễ hạn, không phát sinh phiếu xin lỗi.")
        seen = {(r["reason"], r["responsible_unit"]) for r in reasons}
        others = [a for a in actions if (a["reason"], a["responsible_unit"]) not in seen]
        if others:
            cau.append("Các nguyên nhân trễ hạn khác đang được khắc phục:")
            cau += [f"- {a['reason']} ({a['responsible_unit']}): {_action_text(a)}." for a in others]

    unfinished = [a for a in actions if not a["done_on"]]
    overdue = [a for a in unfinished if a["overdue"]]
    if unfinished:
        pro.append(
            f"Tiếp tục theo dõi {vn_number(len(unfinished))} biện pháp khắc phục chưa hoàn thành"
            + (f", trong đó {vn_number(len(overdue))} biện pháp đã quá hạn." if overdue else ".")
        )
    if not pro:
        pro.append("Duy trì kết quả đạt được; tiếp tục thực hiện các mô hình cải cách hành chính của đơn vị.")
    if not lim:
        lim.append("Không có hạn chế đáng kể trong kỳ.")
    return out


def _kind(data: dict) -> str:
    key = data["period"]["key"]
    if "-Q" in key:
        return "quarter"
    if "-H" in key:
        return "half"
    return "month" if "-" in key else "year"


def draft(data: dict, previous: dict | None = None, actions: list[dict] | None = None) -> dict[str, str]:
    """The four sections, pre-filled from the figures; then every registered provider's sentences."""
    out = _sentences(data, previous, actions or [])
    for provider in hooks.SENTENCES:
        for key, lines in provider(data, previous).items():
            out.setdefault(key, []).extend(lines)
    return {key: "\n".join(out[key]) for key in SECTION_KEYS}
