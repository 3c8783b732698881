"""models_catalog.text.rank_procedures: the one ranking of every procedure search box and the API."""

from types import SimpleNamespace

from models_catalog.text import rank_procedures

FIELD = SimpleNamespace(name="Thành lập và hoạt động của hộ kinh doanh")


def proc(code, name, field=FIELD):
    return SimpleNamespace(code=code, national_code=code.split(".0")[0], name=name, field=field)


ALL = [
    proc("2.000575", "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh"),
    proc("1.001612", "Đăng ký thành lập hộ kinh doanh"),
    proc("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", SimpleNamespace(name="Hộ tịch")),
    proc("1.001193", "Đăng ký khai sinh", SimpleNamespace(name="Hộ tịch")),
]


def names(q):
    return [p.name for p in rank_procedures(ALL, q)]


def test_a_closer_name_comes_before_alphabetical_order():
    found = names("ho kinh doanh")
    assert found == ["Đăng ký thành lập hộ kinh doanh", "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh"]


def test_code_then_whole_words_then_word_starts_then_anywhere():
    assert names("1.004873")[0] == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert names("khai sinh") == ["Đăng ký khai sinh"]
    assert names("kha si") == ["Đăng ký khai sinh"]  # word starts, no diacritics
    # "ho tich" is only the field's name: still found, after nothing better.
    assert set(names("ho tich")) == {"Đăng ký khai sinh", "Cấp Giấy xác nhận tình trạng hôn nhân"}
    assert names("Đăng ký")[:2] == ["Đăng ký khai sinh", "Đăng ký thành lập hộ kinh doanh"]


def test_no_query_is_vietnamese_order_and_nonsense_finds_nothing():
    assert names("") == [
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
        "Đăng ký khai sinh",
        "Đăng ký thành lập hộ kinh doanh",
    ]
    assert names("xyz") == []
