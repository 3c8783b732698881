"""Text folding for search: the same on SQLite and PostgreSQL, computed in Python."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics: 'Cấp Giấy xác nhận' -> 'cap giay xac nhan'."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())
