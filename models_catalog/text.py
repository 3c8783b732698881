"""Text helpers for the catalog: folding for search and Vietnamese alphabetical order.

Both are computed in Python so they are the same on SQLite and PostgreSQL (whose collations
differ by installation).
"""

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics: 'Cấp Giấy xác nhận' -> 'cap giay xac nhan'."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


# Vietnamese alphabetical order (TCVN 5712 / CLDR "vi"): ă, â, đ, ê, ô, ơ, ư are letters of
# their own, each after its base letter; the five tone marks only break ties, in the order
# ngang, huyền, hỏi, ngã, sắc, nặng; letter case breaks the ties that remain.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: i for i, letter in enumerate(ALPHABET)}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _split(char: str) -> tuple[str, int]:
    """('ơ', 4) for 'ớ': the letter with its own marks, and the tone rank."""
    base, *marks = unicodedata.normalize("NFD", char)
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = max((_TONES.get(m, 0) for m in marks), default=0)
    return letter, tone


def vi_key(text: str) -> tuple:
    """Sort key of `text` in Vietnamese alphabetical order ('Đăng ký' after 'Dịch vụ')."""
    primary, tones = [], []
    for char in unicodedata.normalize("NFC", " ".join((text or "").split())):
        letter, tone = _split(char.lower())
        if letter in _RANK:
            primary.append((2, _RANK[letter]))
        elif letter.isdigit():
            primary.append((1, int(letter)))
        elif letter.isspace():
            primary.append((0, 0))
        else:
            primary.append((3, ord(letter)))
        tones.append(tone)
    return tuple(primary), tuple(tones), text or ""


def sort_procedures(procedures) -> list:
    """Procedures in Vietnamese alphabetical order of their names, then by code.

    The one order of every procedure list: public list, management list, export, API, papers.
    """
    return sorted(procedures, key=lambda p: (vi_key(p.name), p.code))


def _match_tier(procedure, words: list[str], phrase: str) -> tuple[int, int] | None:
    """How well `procedure` matches the folded query (lower is better), or None when some word is
    found nowhere: 0 its code; 1 the words as a phrase of whole words of the name; 2 each word a whole
    word of the name; 3 each word the start of a word of the name; 4 the words found anywhere (inside
    words, or in the field's name). The second number counts the name's words the query left out,
    so the name that is most nearly the query comes first."""
    codes = [fold(c) for c in (procedure.code, getattr(procedure, "national_code", "")) if c]
    name_words = fold(procedure.name).split()
    field = getattr(procedure, "field", None)
    anywhere = " ".join([*codes, *name_words, fold(field.name) if field is not None else ""])
    if not all(w in anywhere for w in words):
        return None
    spare = len([w for w in name_words if w not in words])
    if any(c.startswith(phrase) for c in codes):
        return 0, 0
    name = " ".join(name_words)
    if f" {phrase} " in f" {name} ":
        return 1, spare
    if all(w in name_words for w in words):
        return 2, spare
    if all(any(n.startswith(w) for n in name_words) for w in words):
        return 3, spare
    return 4, spare


def rank_procedures(procedures, q: str) -> list:
    """The procedures matching the search `q` (diacritics and case ignored), best match first
    (see _match_tier: code, whole words, word starts), then in Vietnamese alphabetical order.

    The one ranking of every procedure search box (intake, public list, management list) and the
    API; without a query, simply `sort_procedures`.
    """
    phrase = fold(q)
    words = phrase.split()
    if not words:
        return sort_procedures(procedures)
    scored = [(tier, p) for p in procedures if (tier := _match_tier(p, words, phrase)) is not None]
    scored.sort(key=lambda item: (item[0], vi_key(item[1].name), item[1].code))
    return [p for _, p in scored]
