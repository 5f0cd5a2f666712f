"""The agreement editor's data: fields, parties and topics as plain values, saved whole."""

from __future__ import annotations

import dataclasses
from datetime import date

from tracker.db.base import Base
from tracker.db.models import Organization, Topic
from tracker.domain.enums import DatePrecision
from tracker.services import agreement_form, records


def test_a_saved_agreement_comes_back_as_plain_data_with_its_parties_and_topics(db):
    msit = records.create(db, Organization, {"name_ko": "과학기술정보통신부", "acronym": "MSIT"})
    topic = records.create(db, Topic, {"name_ko": "양자", "name_en": "Quantum"})
    draft = agreement_form.save_agreement(
        db,
        None,
        {"title_ko": "한-캐나다 디지털 협력 MOU", "signed": "'25.10월"},
        party_ids=[str(msit.id)],
        topic_ids=[topic.id],
        expected_version=None,
    )
    assert draft.signed_date == date(2025, 10, 1) and draft.signed_precision is DatePrecision.MONTH
    assert [(p.id, p.name_ko, p.acronym) for p in draft.parties] == [(msit.id, "과학기술정보통신부", "MSIT")]
    assert [(t.id, t.name_en) for t in draft.topics] == [(topic.id, "Quantum")]
    assert draft.values["title_ko"] == "한-캐나다 디지털 협력 MOU"
    again = agreement_form.agreement_draft(db, str(draft.id))
    assert again == draft
    for f in dataclasses.fields(again):
        value = getattr(again, f.name)
        assert not isinstance(value, Base) and not any(
            isinstance(v, Base) for v in (value if isinstance(value, list) else [])
        )


def test_an_unknown_party_has_no_label(db):
    assert agreement_form.organization_choice(db, "not-an-id") is None
    assert agreement_form.organization_choice(db, "00000000-0000-0000-0000-000000000000") is None
