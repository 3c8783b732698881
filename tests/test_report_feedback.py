"""Feedback (phản ánh, kiến nghị) in the office report (issue 17): the figures come from the public form
and the office's steps (dossiers.feedback), land in the report's data, its table and the evaluation's
pre-filled sentences."""

import datetime as dt

import pytest

from dossiers import feedback
from reports import narrative, selectors, tables
from reports.periods import parse_period
from tests.conftest import frozen

pytestmark = pytest.mark.django_db
THURSDAY_BEFORE_HOLIDAYS = dt.date(2026, 4, 23)  # the 15th working day after it is Tue 19/5


def sent(office, day, client):
    with frozen(day):
        return feedback.submit(
            office,
            feedback.FeedbackIn(about="other", content="Bãi giữ xe trước trụ sở quá chật vào buổi sáng."),
            client=client,
        )


def answered(item, secretary, day, hour):
    with frozen(day, hour):
        feedback.classify(secretary, item, "suggestion")
        feedback.answer(secretary, item, "Đơn vị đã bố trí thêm chỗ để xe phía sau trụ sở.")


def test_feedback_figures_table_and_sentences_of_the_quarter(office, people):
    on_time = sent(office, THURSDAY_BEFORE_HOLIDAYS, "10.1.0.1")
    late = sent(office, THURSDAY_BEFORE_HOLIDAYS, "10.1.0.2")
    sent(office, THURSDAY_BEFORE_HOLIDAYS, "10.1.0.3")  # never answered
    answered(on_time, people["secretary"], dt.date(2026, 5, 19), 16)
    answered(late, people["secretary"], dt.date(2026, 5, 20), 8)

    with frozen(2026, 7, 10):
        data = selectors.report_for(office, parse_period("2026-Q2"))
    f = data["feedback"]
    assert (f["received"], f["answered_on_time"], f["answered_late"], f["open_late"]) == (3, 1, 1, 1)

    table = next(t for t in tables.all_tables(data) if t.key == "feedback")
    assert ["Tiếp nhận trong kỳ", 3] in table.rows and ["— trả lời trễ hạn", 1] in table.rows

    text = narrative.draft(data)
    assert (
        "Tiếp nhận 3 phản ánh, kiến nghị của người dân; đã trả lời 2, trong đó 1 đúng hạn (50,0 %)."
        in (text["highlights"])
    )
    assert "2 phản ánh, kiến nghị trả lời trễ hoặc đã quá hạn chưa trả lời." in text["limitations"]


def test_a_quarter_without_feedback_has_no_table_and_no_sentence(office):
    with frozen(2026, 7, 10):
        data = selectors.report_for(office, parse_period("2026-Q2"))
    assert data["feedback"]["received"] == 0
    assert all(t.key != "feedback" for t in tables.all_tables(data))
    assert "phản ánh" not in narrative.draft(data)["highlights"]
