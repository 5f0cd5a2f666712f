"""The one error type services raise for bad input, with a message in the user's language."""

from __future__ import annotations

from tracker.domain.i18n import language, pick

# code -> (Korean, English); {placeholders} are filled from the error's params.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("{field}: 필수 항목입니다.", "{field}: this field is required."),
    "end_before_start": (
        "종료({end})가 시작({start})보다 앞섭니다.",
        "The end ({end}) is before the start ({start}).",
    ),
    "unknown_country": ("알 수 없는 국가 코드입니다: {value}", "Unknown country code: {value}"),
    "bad_country_code": (
        "국가 코드는 ISO 3166 두 글자(예: KR, CA)여야 합니다: {value}",
        "A country code must be two ISO 3166 letters (e.g. KR, CA): {value}",
    ),
    "unknown_record": (
        "{kind} 기록을 찾을 수 없습니다: {value}",
        "No {kind} record found: {value}",
    ),
    "month_precision_day": (
        "월 단위 날짜에는 일자를 지정할 수 없습니다: {value}",
        "A month-precision date cannot name a day: {value}",
    ),
    "year_precision_day": (
        "연 단위 날짜에는 월·일을 지정할 수 없습니다: {value}",
        "A year-precision date cannot name a month or day: {value}",
    ),
    "range_needs_day": (
        "기간 종료일은 일 단위 날짜에만 쓸 수 있습니다.",
        "A range end can only follow a day-precision date.",
    ),
    "bad_date": ("날짜 형식이 올바르지 않습니다: {value}", "Not a valid date: {value}"),
    "bad_time": ("시간 형식이 올바르지 않습니다: {value}", "Not a valid time: {value}"),
    "bad_timezone": ("알 수 없는 시간대입니다: {value}", "Unknown time zone: {value}"),
    "bad_choice": (
        "{field}: 허용되지 않는 값입니다: {value} (가능한 값: {choices})",
        "{field}: not an allowed value: {value} (allowed: {choices})",
    ),
    "bad_value": ("{field}: 올바르지 않은 값입니다: {value}", "{field}: not a valid value: {value}"),
    "bad_recurrence": (
        "반복 규칙(RRULE)이 올바르지 않습니다: {value}",
        "Not a valid recurrence rule (RRULE): {value}",
    ),
    "bad_email": ("이메일 주소 형식이 아닙니다: {value}", "Not an email address: {value}"),
    "bad_text": (
        "{field}: {position}번째 글자가 깨진 문자({code_point}, 짝 없는 서로게이트)입니다.",
        "{field}: character {position} is broken ({code_point}, an unpaired surrogate).",
    ),
    "done_needs_date": (
        "완료된 후속조치는 완료일이 있어야 합니다.",
        "A follow-up marked done needs a completion date.",
    ),
    "completed_not_done": (
        "완료일은 완료·중단된 후속조치에만 지정합니다.",
        "A completion date is only for follow-ups that are done or dropped.",
    ),
    "own_parent": (
        "기관이 자기 자신의 상위기관이 될 수 없습니다.",
        "An organization cannot be its own parent.",
    ),
    "parent_cycle": (
        "상위기관 관계가 순환합니다.",
        "The parent organizations form a cycle.",
    ),
    "stale": (
        "다른 사용자가 먼저 이 기록을 고쳤습니다. 다시 불러온 뒤 수정하세요.",
        "Someone else changed this record first. Reload it and edit again.",
    ),
    "busy": (
        "다른 창이나 작업(가져오기 등)이 데이터베이스를 {seconds}초 넘게 쓰고 있어 반영하지 못했습니다. "
        "아무것도 바뀌지 않았으니 잠시 후 다시 시도하세요.",
        "Another window or task (an import, say) kept the database busy for over {seconds} s, so "
        "nothing was changed. Try again in a moment.",
    ),
    "in_use": (
        "다른 기록({value})에서 쓰이고 있어 삭제할 수 없습니다.",
        "Still used by other records ({value}); it cannot be deleted.",
    ),
    "duplicate": ("이미 있는 기록입니다: {value}", "This record already exists: {value}"),
    "attachment_owner": (
        "첨부파일은 면담 또는 출장 중 하나에 속해야 합니다.",
        "An attachment belongs to exactly one meeting or trip.",
    ),
    "one_head_per_side": (
        "수석대표는 {side_label}에 한 명만 지정할 수 있습니다.",
        "Only one head of delegation can be marked on {side_label}.",
    ),
    "outside_trip": (
        "출장기간({start}~{end}) 밖의 날짜입니다: {value}",
        "The date {value} is outside the trip period ({start} to {end}).",
    ),
    "import_malformed": (
        "가져올 파일을 읽을 수 없습니다 ({where}): {reason}",
        "The import file cannot be read ({where}): {reason}",
    ),
    "import_record": (
        "가져오기 실패 — {where}: {reason}",
        "Import rejected — {where}: {reason}",
    ),
    "unsupported_format": (
        "지원하지 않는 파일 형식입니다: {value}",
        "Unsupported file format: {value}",
    ),
}


class DomainError(Exception):
    """Bad input or a rule broken. `code` selects the message; `field` names the input."""

    def __init__(self, code: str, *, field: str | None = None, **params: object) -> None:
        self.code = code
        self.field = field
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        ko, en = MESSAGES.get(self.code, ("{code}", "{code}"))
        template = pick(ko, en, lang)
        values = {"field": self.field or "", "code": self.code, **self.params}
        try:
            return template.format(**values)
        except (KeyError, IndexError):
            return template

    def __str__(self) -> str:
        return self.message()


class ValidationError(DomainError):
    """Input that breaks a rule of the domain."""


class NotFoundError(DomainError):
    def __init__(self, kind: str, value: object) -> None:
        super().__init__("unknown_record", kind=kind, value=value)


class ConflictError(DomainError):
    """A concurrent edit won, or a delete is blocked by references."""


class BusyError(DomainError):
    """Another writer held the database longer than we wait; nothing was written."""

    def __init__(self, seconds: float) -> None:
        super().__init__("busy", seconds=seconds)


class RowError(ValidationError):
    """A problem in one row of a table that is saved with its record (a trip's members, an
    event's sessions, a person's positions): 'Session 2: <the problem>'. `row` counts from 0;
    `cause` is the problem itself, whose message does not name the row."""

    def __init__(self, label: tuple[str, str], section: str, row: int, cause: DomainError) -> None:
        self.label, self.section, self.row, self.cause = label, section, row, cause
        params = {k: v for k, v in cause.params.items() if k not in ("section", "row")}
        super().__init__(cause.code, field=cause.field, section=section, row=row, **params)

    def where(self, lang: str | None = None) -> str:
        ko, en = self.label
        return f"{ko if (lang or language()) == 'ko' else en} {self.row + 1}"

    def message(self, lang: str | None = None) -> str:
        return f"{self.where(lang)}: {self.cause.message(lang)}"
