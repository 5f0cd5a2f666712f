"""Errors speak the user's language: Korean when the language is Korean, English otherwise."""

from __future__ import annotations

import string
from datetime import date

import pytest

from tracker.domain import i18n
from tracker.domain.dates import PrecisionDate, parse_precision_date
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import MESSAGES, ConflictError, DomainError, NotFoundError, ValidationError


def test_english_by_default_in_tests() -> None:
    err = ValidationError("required", field="name_ko")
    assert str(err) == "name_ko: this field is required."


def test_korean_when_language_is_korean() -> None:
    i18n.set_language("ko")
    err = ValidationError("required", field="name_ko")
    assert str(err) == "name_ko: 필수 항목입니다."
    assert err.message("en") == "name_ko: this field is required."


def test_same_error_follows_a_language_switch() -> None:
    err = ValidationError("bad_email", field="email", value="kim@")
    assert str(err) == "Not an email address: kim@"
    i18n.set_language("ko")
    assert str(err) == "이메일 주소 형식이 아닙니다: kim@"
    i18n.set_language("en")
    assert str(err) == "Not an email address: kim@"


def test_date_errors_in_korean() -> None:
    i18n.set_language("ko")
    with pytest.raises(ValidationError) as err:
        parse_precision_date("다음 주")
    assert str(err.value) == "날짜 형식이 올바르지 않습니다: 다음 주"
    with pytest.raises(ValidationError) as err:
        PrecisionDate(date(2026, 3, 16), DatePrecision.DAY, date(2026, 3, 15))
    assert str(err.value) == "종료(2026-03-15)가 시작(2026-03-16)보다 앞섭니다."


def test_not_found_and_conflict() -> None:
    nf = NotFoundError("trips", "캐나다")
    assert isinstance(nf, DomainError)
    assert nf.code == "unknown_record"
    assert str(nf) == "No trips record found: 캐나다"
    stale = ConflictError("stale")
    assert "Reload" in str(stale)
    i18n.set_language("ko")
    assert "다시 불러온 뒤" in str(stale)
    assert str(nf) == "trips 기록을 찾을 수 없습니다: 캐나다"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_details() -> None:
    """A Korean user is told the same facts (value, field, dates) as an English one."""
    for code, (ko, en) in MESSAGES.items():
        assert ko and en and ko != en, code
        assert _placeholders(ko) == _placeholders(en), code
        names = _placeholders(ko) - {"field"}
        err = DomainError(code, field="f", **{n: f"<{n}>" for n in names})
        for lang in ("ko", "en"):
            text = err.message(lang)
            assert "{" not in text, (code, lang, text)
            assert all(f"<{n}>" in text for n in names), (code, lang, text)


def test_missing_placeholder_does_not_crash() -> None:
    err = ValidationError("bad_date")  # no value given
    assert "Not a valid date" in str(err)


def test_unknown_code_shows_the_code() -> None:
    assert str(DomainError("something_new")) == "something_new"


def test_language_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_LANG", "en")
    i18n.set_language(None)
    assert i18n.language() == "en"
    i18n.set_language("ko")
    assert i18n.pick("예", "yes") == "예"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_system_language_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language(None)
    monkeypatch.setenv("TRACKER_LANG", "ko_KR.UTF-8")
    assert i18n.language() == "ko"
    assert str(ValidationError("bad_timezone", value="Mars/Base")) == "알 수 없는 시간대입니다: Mars/Base"
