"""Global search: Korean and English, parts of words, short words, any character typed, the
index kept current by triggers, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import hashlib
import importlib.util
import unicodedata
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command

from tracker import config as app_config
from tracker.db.migrate import alembic_config
from tracker.db.models import Action, KeyPoint, Meeting, Organization, Person, Trip
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.services import meetings, records, trips
from tracker.services.directory import create_person
from tracker.services.search import (
    BLOCK_SIZE,
    KEY_POINT_COLUMNS,
    KINDS,
    ROWID_BLOCK,
    SPECS,
    Hit,
    SearchFailed,
    fts_query,
    scan_statement,
    search,
    words_of,
)

INDEXED_TABLES = ("persons", "organizations", "meetings", "key_points", "actions", "trips")


@pytest.fixture
def demo(db):
    load_demo(db)
    return db


def ids(hits: list[Hit], kind: str) -> set[object]:
    return {h.id for h in hits if h.kind == kind}


def one(db, model, **where):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalars(sa.select(model).filter_by(**where)).one()


def record_text(db, hit: Hit) -> str:  # type: ignore[no-untyped-def]
    """Every searched field of the record a hit leads to (with a meeting's key points)."""
    spec = SPECS[hit.kind]
    with db.engine.connect() as conn:
        row = conn.execute(sa.select(*spec.title, *spec.other).where(spec.model.id == hit.id)).one()
        parts = [v for v in row if v]
        if hit.kind == "meetings":
            for text, party in conn.execute(
                sa.select(KeyPoint.text, KeyPoint.party).where(KeyPoint.meeting_id == hit.id)
            ):
                parts += [text or "", party or ""]
    return "\n".join(parts)


def index_rows(db) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM search_index").scalar_one()


def source_rows(db) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return sum(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one() for t in INDEXED_TABLES)


# --- the query text ---------------------------------------------------------------------------


def test_query_words_are_nfc_and_quoted_as_phrases():
    decomposed = unicodedata.normalize("NFD", "국외출장")
    assert decomposed != "국외출장" and words_of(decomposed) == ["국외출장"]
    assert words_of("  AI   ai 협력  ") == ["AI", "협력"]  # repeats ignoring case dropped
    assert words_of("AI AI정책") == ["AI정책"]  # a short word inside a longer one adds nothing
    assert words_of("a\x00b\tc") == ["a", "b", "c"]
    assert words_of(None) == [] and words_of("   ") == []
    assert fts_query(['say "hi"', "AND", "*"]) == '"say ""hi""" "AND" "*"'


def test_the_service_reads_the_index_as_the_migration_writes_it():
    path = app_config.MIGRATIONS_DIR / "versions" / "20261122_0002_search_index.py"
    spec = importlib.util.spec_from_file_location("search_index_migration", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    written = {
        kind: (tuple(c.key for c in SPECS[kind].title), tuple(c.key for c in SPECS[kind].other))
        for kind in KINDS
    }
    written["key_points"] = ((), tuple(c.key for c in KEY_POINT_COLUMNS))
    assert written == migration.SOURCES
    assert (ROWID_BLOCK, BLOCK_SIZE) == (migration.ROWID_BLOCK, migration.BLOCK_SIZE)


# --- finding things ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Kimmitt", "kimmitt", "KIMMITT", "Kimm", "immit"])
def test_finds_a_person_by_a_latin_name_in_any_case_and_part(demo, text):
    kimmitt = one(demo, Person, name_original="William Kimmitt")
    hits = search(demo, text)
    assert kimmitt.id in ids(hits, "persons")
    hit = next(h for h in hits if h.id == kimmitt.id)
    assert "Kimmitt" in hit.title and hit.date is None


def test_finds_a_person_by_the_korean_name(demo):
    hits = search(demo, "크라치오스")
    (hit,) = [h for h in hits if h.kind == "persons"]
    assert "Kratsios" in hit.title and "크라치오스" in hit.title


def test_a_part_of_a_korean_word_is_found(demo):
    trip = trips.create_trip(
        demo,
        {
            "title": "2026년 상반기 국외출장 계획",
            "start_date": date(2026, 3, 2),
            "end_date": date(2026, 3, 6),
        },
    )
    hits = search(demo, "외출장")
    assert ids(hits, "trips") == {trip.id}
    assert search(demo, "국외출장")[0].id == trip.id


def test_words_of_a_key_point_find_its_meeting(demo):
    point = one(demo, KeyPoint, text="韓 테크기업들의 미국 투자 유치 및 향후 협력 논의")
    meeting = one(demo, Meeting, id=point.meeting_id)
    assert "테크기업" not in " ".join(str(v) for v in (meeting.title, meeting.agenda, meeting.outcome))

    hits = search(demo, "테크기업들의 투자 유치")
    assert ids(hits, "meetings") == {meeting.id}
    hit = next(h for h in hits if h.kind == "meetings")
    assert hit.title == meeting.title and hit.date == meeting.date
    assert "테크기업들의" in hit.snippet  # the snippet shows the key point that matched


def test_every_word_must_match_in_the_same_record(demo):
    both = search(demo, "캐나다 양자면담")
    assert both.totals["meetings"] < search(demo, "양자면담").totals["meetings"]
    for hit in both:
        text = record_text(demo, hit)
        assert "캐나다" in text and "양자면담" in text
    assert search(demo, "Kimmitt 크라치오스") == []


@pytest.mark.parametrize(
    "text, kind, where",
    [
        ("독일", "organizations", {"name_ko": "독일 연방경제에너지부"}),
        ("양자", "meetings", {"title": "한-독 양자면담"}),
        ("AI", "organizations", {"name_ko": "과학기술AI확산팀"}),
        ("ai", "organizations", {"name_ko": "과학기술AI확산팀"}),
    ],
)
def test_two_character_words_are_found_by_the_fallback(demo, text, kind, where):
    """The trigram index finds nothing under three characters: these go to LIKE scans."""
    hits = search(demo, text)
    model = SPECS[kind].model
    assert one(demo, model, **where).id in ids(hits, kind)
    for hit in hits:
        assert text.casefold() in record_text(demo, hit).casefold()


def test_a_one_character_word_and_a_mix_of_short_and_long_words(demo):
    org = records.create(demo, Organization, {"name_ko": "日 총무성 국제전략국", "kind": "ministry"})
    assert ids(search(demo, "日"), "organizations") == {org.id}
    mixed = search(demo, "AI 양자면담")  # 2 + 4 characters: the index, then instr()
    assert mixed and all(
        "ai" in record_text(demo, h).casefold() and "양자면담" in record_text(demo, h) for h in mixed
    )
    assert ids(mixed, "meetings") < ids(search(demo, "양자면담"), "meetings")


def test_a_query_in_nfd_finds_nfc_text(demo):
    nfd = unicodedata.normalize("NFD", "캐나다")
    assert nfd != "캐나다"
    assert [h.id for h in search(demo, nfd)] == [h.id for h in search(demo, "캐나다")]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        '"캐나다',
        'a"b',
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(a b)",
        "*",
        "a*",
        "^캐나다",
        "(",
        ")",
        "title:캐나다",
        "body:x",
        "-",
        "+",
        "'",
        "\\",
        "%",
        "_",
        "%%",
        "a_b",
        "[",
        "{}",
        ";--",
        "\x00",
        "💡",
        "캐나다 AND",
        "OR 캐나다",
        "x" * 500,
        "a " * 100,
    ],
)
def test_any_text_the_user_types_is_searched_as_text(demo, text):
    hits = search(demo, text)
    assert isinstance(hits, list)
    for hit in hits:  # found because the record holds every word, never through syntax
        record = record_text(demo, hit).casefold()
        assert all(w.casefold() in record for w in words_of(text)), (text, hit)


def test_like_wildcards_are_literal(demo):
    assert search(demo, "%") == [] and search(demo, "_") == []  # no record holds them
    org = records.create(demo, Organization, {"name_ko": "협력률 100% 달성 기관_A", "kind": "other"})
    assert ids(search(demo, "%"), "organizations") == {org.id}
    assert ids(search(demo, "_"), "organizations") == {org.id}
    assert ids(search(demo, "0% 달"), "organizations") == {org.id}


# --- the shape of the results -----------------------------------------------------------------


def test_results_are_grouped_by_kind_in_order(demo):
    hits = search(demo, "캐나다")
    kinds = [h.kind for h in hits]
    assert set(kinds) >= {"organizations", "meetings", "actions", "trips"}
    order = [k for k in KINDS if k in kinds]
    assert kinds == sorted(kinds, key=order.index)  # grouped, in KINDS order
    assert all(h.title for h in hits)
    assert hits.totals == {k: kinds.count(k) for k in order}  # all fit under the limit
    trip = next(h for h in hits if h.kind == "trips")
    assert trip.date == date(2025, 12, 6) and "캐나다" in trip.title


def test_limit_per_kind_and_totals(demo):
    everything = search(demo, "양자")
    assert everything.totals["meetings"] > 2
    limited = search(demo, "양자", limit_per_kind=2)
    for kind in KINDS:
        assert len(limited.of_kind(kind)) == min(2, everything.totals.get(kind, 0))
    assert limited.totals == everything.totals
    assert [h.id for h in limited.of_kind("meetings")] == [h.id for h in everything.of_kind("meetings")][:2]
    assert search(demo, "양자", limit_per_kind=0) == []


@pytest.mark.parametrize("text", ["국제협력 회의", "AI"])  # the index, and the fallback
def test_title_matches_come_first(db, text):
    base = {"date": date(2025, 5, 1), "timezone": "Asia/Seoul"}
    inside = meetings.create_meeting(db, {**base, "title": "정책 협의", "agenda": f"{text} 안건 정리"})
    titled = meetings.create_meeting(db, {**base, "title": f"{text} 준비", "date": date(2020, 1, 1)})
    pointed = meetings.create_meeting(db, {**base, "title": "실무 면담"}, key_points=[f"{text} 논의"])
    hits = search(db, text)
    assert [h.id for h in hits][0] == titled.id
    assert {h.id for h in hits} == {inside.id, titled.id, pointed.id}


def test_a_person_whose_name_matches_shows_the_current_position(demo):
    hit = next(h for h in search(demo, "Kimmitt") if h.kind == "persons")
    assert hit.snippet  # the note, or the title held now


# --- the index follows the data (SQLite triggers) ---------------------------------------------


def test_the_index_holds_one_row_per_record(demo):
    assert index_rows(demo) == source_rows(demo) > 0


def test_created_updated_and_deleted_records_are_reflected(demo):
    person = create_person(demo, {"name_ko": "홍길동", "name_original": "Gildong Hong"})
    assert ids(search(demo, "홍길동"), "persons") == {person.id}

    records.update(demo, Person, person.id, {"name_ko": "홍길순"})
    assert search(demo, "홍길동") == []
    assert ids(search(demo, "홍길순"), "persons") == {person.id}
    assert ids(search(demo, "Gildong"), "persons") == {person.id}

    records.delete(demo, Person, person.id)
    assert search(demo, "홍길순") == [] and search(demo, "Gildong") == []
    assert index_rows(demo) == source_rows(demo)


def test_key_point_changes_and_meeting_deletion_are_reflected(demo):
    meeting = meetings.create_meeting(
        demo,
        {"title": "한-핀란드 디지털 협의", "date": date(2026, 2, 3), "timezone": "Europe/Helsinki"},
        key_points=["노키아 연구소 방문 일정 조율", "6G 공동연구 제안"],
    )
    assert ids(search(demo, "노키아"), "meetings") == {meeting.id}

    meetings.replace_key_points(demo, meeting.id, ["헬싱키 스타트업 행사 참가"])
    assert search(demo, "노키아") == []
    assert ids(search(demo, "스타트업 행사"), "meetings") == {meeting.id}

    point = one(demo, KeyPoint, meeting_id=meeting.id)
    records.update(demo, KeyPoint, point.id, {"text": "알토대학 방문"})
    assert search(demo, "스타트업 행사") == [] and ids(search(demo, "알토대학"), "meetings") == {meeting.id}

    records.delete(demo, Meeting, meeting.id)  # its key points go with it
    assert search(demo, "알토대학") == [] and search(demo, "핀란드 디지털") == []
    assert index_rows(demo) == source_rows(demo)


def test_actions_and_trips_are_reflected(demo):
    action = records.create(
        demo, Action, {"title": "벨기에 측에 회신 발송", "description": "브뤼셀 회의 자료"}
    )
    assert ids(search(demo, "브뤼셀"), "actions") == {action.id}
    records.update(demo, Action, action.id, {"description": "헤이그 회의 자료"})
    assert search(demo, "브뤼셀") == [] and ids(search(demo, "헤이그"), "actions") == {action.id}

    trip = one(demo, Trip, destination="캐나다(몬트리올)")
    records.update(demo, Trip, trip.id, {"destination": "캐나다(퀘벡시티)"})
    assert trip.id in ids(search(demo, "퀘벡시티"), "trips")
    assert index_rows(demo) == source_rows(demo)


def test_a_write_that_changes_no_searched_column_leaves_the_index_alone(demo):
    person = one(demo, Person, name_original="William Kimmitt")
    with demo.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT max(rowid) FROM search_index").scalar_one()
    records.update(demo, Person, person.id, {"phone": "+1 202 000 0000"})
    with demo.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT max(rowid) FROM search_index").scalar_one() == before
    assert person.id in ids(search(demo, "Kimmitt"), "persons")


def test_every_search_trigger_exists_at_head(db):
    """A later migration that rebuilds one of these tables in batch mode drops its triggers
    with it: this notices."""
    with db.engine.connect() as conn:
        names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
    assert {f"search_{t}_{e}" for t in INDEXED_TABLES for e in ("insert", "update", "delete")} <= names


def test_the_migration_indexes_existing_rows_and_downgrade_removes_the_index(demo):
    expected = [(h.kind, h.id) for h in search(demo, "캐나다")]
    cfg = alembic_config()
    with demo.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    with demo.engine.connect() as conn:
        left = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'search%' AND type IN ('table', 'trigger', 'index')"
        ).all()
    assert left == []
    with demo.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert index_rows(demo) == source_rows(demo)
    assert [(h.kind, h.id) for h in search(demo, "캐나다")] == expected


def test_a_reopened_file_searches_the_same(demo):
    expected = search(demo, "양자면담")
    again, result = open_database(demo.url)
    try:
        assert not result.changed
        assert [h.id for h in search(again, "양자면담")] == [h.id for h in expected]
    finally:
        again.dispose()


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.mark.postgres
def test_the_same_queries_on_postgresql(postgres_server):
    pg, _ = open_database(postgres_server.new_database())
    try:
        load_demo(pg)
        with pg.engine.connect() as conn:
            indexes = set(
                conn.execute(
                    sa.text(
                        "SELECT indexname FROM pg_indexes WHERE starts_with(indexname, 'search_') "
                        "AND strpos(indexdef, 'gin_trgm_ops') > 0"
                    )
                ).scalars()
            )
            assert indexes == {f"search_{t}_trgm" for t in INDEXED_TABLES}

        kimmitt = one(pg, Person, name_original="William Kimmitt")
        for text in ("Kimmitt", "kimmitt", "KIMMITT", "immit"):
            assert kimmitt.id in ids(search(pg, text), "persons")
        assert any("Kratsios" in h.title for h in search(pg, "크라치오스") if h.kind == "persons")

        point = one(pg, KeyPoint, text="韓 테크기업들의 미국 투자 유치 및 향후 협력 논의")
        assert ids(search(pg, "테크기업들의 투자 유치"), "meetings") == {point.meeting_id}

        assert one(pg, Organization, name_ko="독일 연방경제에너지부").id in ids(
            search(pg, "독일"), "organizations"
        )
        assert one(pg, Meeting, title="한-독 양자면담").id in ids(search(pg, "양자"), "meetings")
        assert one(pg, Organization, name_ko="과학기술AI확산팀").id in ids(search(pg, "ai"), "organizations")

        for text in ('"', "AND", "*", "%", "_", "\\", "a_b", "(", "'", "NEAR(a b)"):
            for hit in search(pg, text):
                assert all(w.casefold() in record_text(pg, hit).casefold() for w in words_of(text))
        assert search(pg, "%") == [] and search(pg, "_") == []

        trip = trips.create_trip(
            pg,
            {
                "title": "2026년 상반기 국외출장 계획",
                "start_date": date(2026, 3, 2),
                "end_date": date(2026, 3, 6),
            },
        )
        assert ids(search(pg, "외출장"), "trips") == {trip.id}

        hits = search(pg, "캐나다")
        kinds = [h.kind for h in hits]
        assert kinds == sorted(kinds, key=KINDS.index) and {"organizations", "meetings", "trips"} <= set(
            kinds
        )
        assert len({(h.kind, h.id) for h in hits}) == len(hits) == sum(hits.totals.values())
    finally:
        pg.dispose()


@pytest.mark.postgres
def test_postgresql_uses_the_trigram_index(postgres_server):
    pg, _ = open_database(postgres_server.new_database())
    try:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO organizations (id, name_ko, kind, created_at, updated_at, version) "
                "SELECT gen_random_uuid(), '기관 ' || n || ' 디지털정부 ' || md5(n::text), 'other', now(), now(), 1 "
                "FROM generate_series(1, 50000) AS n"
            )
            # What autovacuum does in time: move the rows from the GIN pending list into the index.
            conn.exec_driver_sql("SELECT gin_clean_pending_list('search_organizations_trgm')")
            conn.exec_driver_sql("ANALYZE organizations")
            tag = hashlib.md5(b"777").hexdigest()[:8]  # in the name of organization 777 only
            for words in ([tag], ["정부", tag], [f"디지털정부 {tag}"]):
                stmt = scan_statement("organizations", words, "postgresql", 20)
                compiled = stmt.compile(dialect=conn.dialect)
                plan = "\n".join(conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params).scalars())
                assert "search_organizations_trgm" in plan, plan
        (hit,) = search(pg, f"{tag} 디지털정부")
        assert hit.title.startswith("기관 777 ")
    finally:
        pg.dispose()


# ------------------------------------------------------------------ speed by structure


def _statements(db, run) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    listen = lambda *a: seen.append(a[2])  # noqa: E731
    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        run()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
    return seen


@pytest.mark.parametrize("text", ["회의", "독일", "ai", "양자 회의"])
def test_two_character_words_are_read_from_the_index_not_by_a_scan(demo, text):
    found: list[Hit] = []
    sql = _statements(demo, lambda: found.extend(search(demo, text)))
    assert found
    assert not [s for s in sql if " LIKE " in s.upper()], "a table scan"
    assert any("search_vocab" in s for s in sql) and any("MATCH" in s for s in sql)
    for hit in found:  # and every hit holds every word
        assert all(w.casefold() in record_text(demo, hit).casefold() for w in words_of(text))


def test_a_word_at_the_very_end_of_a_record_is_found(demo):
    """The last field's last two characters have no character after them: the index row ends
    with a line break so that they still make a trigram."""
    trip = one(demo, Trip, destination="캐나다(몬트리올)")
    records.update(demo, Trip, trip.id, {"notes": "다음 출장은 오슬로"})
    assert trip.id in ids(search(demo, "슬로"), "trips")
    person = create_person(demo, {"name_ko": "테스트 인물", "notes": "관심 분야: 양자"})
    assert person.id in ids(search(demo, "양자"), "persons")


def test_what_was_just_edited_is_found_at_once(demo):
    meeting = one(demo, Meeting, title="한-독 양자면담")
    records.update(demo, Meeting, meeting.id, {"title": "한-독 조찬면담"})
    assert meeting.id in ids(search(demo, "조찬"), "meetings")
    assert meeting.id not in ids(search(demo, "양자면담"), "meetings")


def test_counts_stop_at_the_cap(demo, monkeypatch):
    from tracker.services import search as search_service

    everything = search(demo, "회의", limit_per_kind=2)
    kind = max(everything.totals, key=everything.totals.get)
    assert everything.totals[kind] >= 4 and not everything.capped(kind)
    monkeypatch.setattr(search_service, "COUNT_CAP", 2)
    capped = search(demo, "회의", limit_per_kind=2)
    assert capped.totals[kind] == 3 and capped.capped(kind)  # "2+": counting stopped there
    assert capped.of_kind(kind) and len(capped.of_kind(kind)) == 2


def test_a_database_that_cannot_answer_raises_search_failed(demo):
    """The screens catch the service's own error, with the database's message in it."""
    with demo.transaction() as s:
        s.execute(sa.text("DROP TABLE search_index"))
    with pytest.raises(SearchFailed, match="search_index"):
        search(demo, "캐나다")
