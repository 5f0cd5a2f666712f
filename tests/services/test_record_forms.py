"""The plain record dialog's data: a record's fields as plain values, saved by kind."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.db.base import Base
from tracker.domain.errors import ConflictError, ValidationError
from tracker.services import record_forms


def test_a_record_comes_back_as_plain_values_and_saves_by_kind(db):
    made = record_forms.save_record(
        db, "organizations", None, {"name_ko": "과학기술정보통신부", "acronym": "MSIT"}
    )
    assert not isinstance(made, Base) and made.version == 1
    draft = record_forms.record_draft(db, "organizations", made.key)
    assert draft == made and draft.values["acronym"] == "MSIT"

    changed = record_forms.save_record(db, "organizations", draft.key, {"acronym": "MSICT"}, draft.version)
    assert changed.values["acronym"] == "MSICT" and changed.version == 2
    # a colleague's save from the older copy is refused, not written over
    with pytest.raises(ConflictError):
        record_forms.save_record(db, "organizations", draft.key, {"acronym": "X"}, draft.version)


def test_a_country_is_keyed_by_its_code_and_an_agreement_form_drops_the_range_end(db):
    country = record_forms.save_record(
        db, "countries", None, {"code": "XK", "name_ko": "코소보", "name_en": "Kosovo"}
    )
    assert country.key == "XK" and country.version == 1
    agreement = record_forms.save_record(
        db,
        "agreements",
        None,
        {
            "title_ko": "한-코소보 MOU",
            "signed_date": date(2025, 10, 1),
            "signed_precision": "month",
            "signed_end": None,  # an agreement is signed on one day: the form's range end has no column
        },
    )
    assert agreement.values["signed_date"] == date(2025, 10, 1)


def test_a_form_value_for_no_column_is_refused(db):
    with pytest.raises(ValidationError):
        record_forms.save_record(db, "topics", None, {"name_ko": "양자", "colour": "red"})
    assert "colour" not in record_forms.columns("topics") and "name_ko" in record_forms.columns("topics")
