"""Global search across people, organizations, meetings (with their key points), follow-up
actions and trips: Korean and English, any part of a word.

How a query runs:

* The text is put in NFC (stored text is NFC) and split into words; every word must occur in
  the same record (a key point counts as a record of its own that leads to its meeting).
* SQLite: words of three characters or more go to the FTS5 `search_index` (tokenizer
  `trigram`, so '외출장' finds '국외출장'), each quoted as a phrase, so that `"`, `AND` or `*`
  typed by the user are plain text. The trigram index cannot look up shorter words ('독일',
  'AI', '日'): alone they are found by a scan of the base tables (LIKE); beside a longer word
  they filter the rows the index found, with instr(). Never LIKE against the FTS5 table itself:
  SQLite 3.40 answers that wrongly for Korean.
* PostgreSQL: ILIKE on the base tables, which the migration's pg_trgm GIN indexes serve.

Results are grouped by kind in `KINDS` order. Within a kind, on the SQLite index: the best
bm25 ranks, of which (among the best 3 x limit, at least 50) those whose title holds every
word come first; on a scan: title matches first, then the most recent (names for people and
organizations). `SearchResults.totals` counts every match, also beyond `limit_per_kind`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.db.engine import Database
from tracker.db.models import Action, KeyPoint, Meeting, Organization, Person, Position, Trip
from tracker.domain.dates import PrecisionDate
from tracker.domain.i18n import language

KINDS = ("persons", "organizations", "meetings", "actions", "trips")

# The rowid blocks of `search_index`, as the migration 0002 lays them out (key points follow
# meetings, so that one range covers a meeting and its key points).
ROWID_BLOCK = {"persons": 1, "organizations": 2, "meetings": 3, "key_points": 4, "actions": 5, "trips": 6}
BLOCK_SIZE = 1 << 40

MIN_INDEXED = 3  # the trigram tokenizer finds nothing shorter
MAX_WORDS = 12
MAX_WORD_LENGTH = 100
SNIPPET_LENGTH = 90


@dataclass(frozen=True)
class Hit:
    kind: str  # one of KINDS, also the table name that `open_record` expects
    id: uuid.UUID
    title: str
    snippet: str
    date: date | None = None
    due: PrecisionDate | None = None  # a follow-up's due date with its precision ('26.10월)


class SearchResults(list[Hit]):
    """The hits, grouped by kind, plus how many records of each kind matched in all
    (`totals`), which may be more than the `limit_per_kind` returned."""

    def __init__(self, hits: Sequence[Hit] = (), totals: dict[str, int] | None = None) -> None:
        super().__init__(hits)
        self.totals: dict[str, int] = dict(totals or {})

    def of_kind(self, kind: str) -> list[Hit]:
        return [h for h in self if h.kind == kind]


@dataclass(frozen=True)
class _Kind:
    model: Any
    title: tuple[Any, ...]  # the columns that make the record's title
    other: tuple[Any, ...]  # the other text searched
    date: Any = None
    order: tuple[Any, ...] = field(default_factory=tuple)  # after title matches, for scans


# Keep in step with SOURCES in migrations/versions/20261122_0002_search_index.py (the index
# body is the title columns on the first line, then the other columns).
SPECS: dict[str, _Kind] = {
    "persons": _Kind(
        Person,
        (Person.name_ko, Person.name_original, Person.name_latin),
        (Person.email, Person.notes),
        order=(Person.name_ko, Person.name_original),
    ),
    "organizations": _Kind(
        Organization,
        (Organization.name_ko, Organization.name_en, Organization.name_original, Organization.acronym),
        (Organization.notes,),
        order=(Organization.name_ko,),
    ),
    "meetings": _Kind(
        Meeting,
        (Meeting.title,),
        (Meeting.summary, Meeting.agenda, Meeting.outcome, Meeting.location, Meeting.notes),
        date=Meeting.date,
        order=(Meeting.date.desc().nulls_last(), Meeting.start_time.desc().nulls_last()),
    ),
    "actions": _Kind(
        Action,
        (Action.title,),
        (Action.description, Action.completion_note, Action.notes),
        date=Action.due_date,
        order=(Action.due_date.desc().nulls_last(),),
    ),
    "trips": _Kind(
        Trip,
        (Trip.title,),
        (Trip.destination, Trip.purpose, Trip.purpose_notes, Trip.notes),
        date=Trip.start_date,
        order=(Trip.start_date.desc().nulls_last(),),
    ),
}
KEY_POINT_COLUMNS = (KeyPoint.text, KeyPoint.party)


# ------------------------------------------------------------------ the query text


def words_of(text: str | None) -> list[str]:
    """The words of a query: NFC, without control characters, without repeats (ignoring case)
    and without short words contained in another word of the query."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    words: list[str] = []
    seen: set[str] = set()
    for word in text.split():
        word = word[:MAX_WORD_LENGTH]
        if word.casefold() not in seen:
            seen.add(word.casefold())
            words.append(word)
    words = [
        w
        for w in words
        if len(w) >= MIN_INDEXED or not any(w.casefold() in o.casefold() for o in words if o is not w)
    ]
    return words[:MAX_WORDS]


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query in which every word is a quoted phrase: all must occur, and no character
    the user typed is read as syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ------------------------------------------------------------------ search


def search(db: Database, text: str | None, limit_per_kind: int = 20) -> SearchResults:
    """Records matching every word of `text`, grouped by kind in `KINDS` order, best first."""
    words = words_of(text)
    if not words or limit_per_kind <= 0:
        return SearchResults()
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite" and any(len(w) >= MIN_INDEXED for w in words):
            found = _indexed(conn, words, limit_per_kind)
        else:
            found = _scanned(conn, words, limit_per_kind)
        hits: list[Hit] = []
        for kind in KINDS:
            ids, _total = found.get(kind, ([], 0))
            if ids:
                hits.extend(_describe(conn, kind, ids, words))
    return SearchResults(hits, {k: total for k, (_ids, total) in found.items() if total})


def _block(name: str) -> tuple[int, int]:
    first = ROWID_BLOCK[name] * BLOCK_SIZE
    return first + 1, first + BLOCK_SIZE - 1


def _indexed(conn: Connection, words: list[str], limit: int) -> dict[str, tuple[list[uuid.UUID], int]]:
    """SQLite: the FTS5 trigram index for words of 3+ characters, instr() for shorter ones.

    One kind at a time, through its block of rowids: counting is cheap, ranking costs one
    bm25 per matching row, and only the best rows are read. A meeting's block is followed by
    its key points' block; both lead to meetings (`ref`)."""
    long = [w for w in words if len(w) >= MIN_INDEXED]
    params: dict[str, Any] = {"q": fts_query(long)}
    filters = ""
    for i, w in enumerate(words):
        if len(w) < MIN_INDEXED:
            params[f"w{i}"] = w
            filters += f" AND instr(lower(body), lower(:w{i})) > 0"
    where = f"search_index MATCH :q AND rowid BETWEEN :lo AND :hi{filters}"
    count_sql = sa.text(f"SELECT count(*) FROM search_index WHERE {where}")
    distinct_sql = sa.text(f"SELECT count(DISTINCT ref) FROM search_index WHERE {where}")
    top_sql = sa.text(
        f"WITH top AS MATERIALIZED (SELECT rowid AS rid, rank FROM search_index WHERE {where} "
        f"ORDER BY rank LIMIT :k) "
        f"SELECT s.ref, substr(s.body, 1, instr(s.body, char(10)) - 1), top.rank "
        f"FROM top JOIN search_index AS s ON s.rowid = top.rid ORDER BY top.rank"
    )
    found: dict[str, tuple[list[uuid.UUID], int]] = {}
    for kind in KINDS:
        lo, hi = _block(kind)
        if kind == "meetings":
            points_lo, hi = _block("key_points")
            if conn.execute(count_sql, {**params, "lo": points_lo, "hi": hi}).scalar_one():
                total = conn.execute(distinct_sql, {**params, "lo": lo, "hi": hi}).scalar_one()
            else:
                total = conn.execute(count_sql, {**params, "lo": lo, "hi": points_lo - 1}).scalar_one()
        else:
            total = conn.execute(count_sql, {**params, "lo": lo, "hi": hi}).scalar_one()
        if not total:
            continue
        k = max(3 * limit, 50)
        while True:
            rows = conn.execute(top_sql, {**params, "lo": lo, "hi": hi, "k": k}).all()
            best: dict[str, tuple[int, float]] = {}  # ref -> (title miss, rank)
            for ref, title_line, rank in rows:
                miss = 0 if _has_all(title_line or "", words) else 1
                if ref not in best or (miss, rank) < best[ref]:
                    best[ref] = (miss, rank)
            if len(best) >= limit or len(rows) < k:
                break
            k *= 4  # key points of the same meetings filled the window: look further
        ranked = sorted(best, key=lambda ref: best[ref])[:limit]
        found[kind] = ([uuid.UUID(ref) for ref in ranked], total)
    return found


def _matches(column: Any, word: str, dialect: str) -> sa.ColumnElement[bool]:
    pattern = like_pattern(word)
    if dialect == "sqlite":  # LIKE ignores ASCII case on SQLite; lower() would only cost time
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


def _all_words(columns: Sequence[Any], words: Sequence[str], dialect: str) -> sa.ColumnElement[bool]:
    return sa.and_(*[sa.or_(*[_matches(c, w, dialect) for c in columns]) for w in words])


def _scanned(conn: Connection, words: list[str], limit: int) -> dict[str, tuple[list[uuid.UUID], int]]:
    """LIKE/ILIKE on the base tables: PostgreSQL (trigram indexes), and SQLite for queries
    made only of words too short for the trigram index."""
    found: dict[str, tuple[list[uuid.UUID], int]] = {}
    for kind in KINDS:
        rows = conn.execute(scan_statement(kind, words, conn.dialect.name, limit)).all()
        if rows:
            found[kind] = ([r[0] for r in rows], rows[0][1])
    return found


def scan_statement(kind: str, words: Sequence[str], dialect: str, limit: int) -> sa.Select[Any]:
    """(id, total matching) of the best `limit` records of one kind that hold every word."""
    spec = SPECS[kind]
    model = spec.model
    where = _all_words((*spec.title, *spec.other), words, dialect)
    if model is Meeting:
        in_points = _all_words(KEY_POINT_COLUMNS, words, dialect)
        if any(len(w) >= MIN_INDEXED for w in words):
            # Trigram indexes can serve both halves (an OR with a subquery would scan).
            where = Meeting.id.in_(
                sa.union(sa.select(Meeting.id).where(where), sa.select(KeyPoint.meeting_id).where(in_points))
            )
        else:  # scans either way: one pass over the key points, then a set membership test
            where = sa.or_(where, Meeting.id.in_(sa.select(KeyPoint.meeting_id).where(in_points)))
    title_miss = sa.case((_all_words(spec.title, words, dialect), 0), else_=1)
    return (
        sa.select(model.id, sa.func.count().over().label("total"))
        .where(where)
        .order_by(title_miss, *spec.order, model.id)
        .limit(limit)
    )


# ------------------------------------------------------------------ what a hit shows


def _describe(conn: Connection, kind: str, ids: list[uuid.UUID], words: list[str]) -> list[Hit]:
    spec = SPECS[kind]
    model = spec.model
    cols = [model.id, *spec.title, *spec.other] + ([spec.date] if spec.date is not None else [])
    if kind == "actions":
        cols += [Action.due_precision, Action.due_end]
    rows = {r[0]: r for r in conn.execute(sa.select(*cols).where(model.id.in_(ids)))}
    n_title, n_other = len(spec.title), len(spec.other)
    context = _context(conn, kind, ids)
    points = _key_points(conn, ids, words) if kind == "meetings" else {}
    hits = []
    for rid in ids:  # in rank order
        row = rows.get(rid)
        if row is None:  # deleted since the index was read
            continue
        title_values = list(row[1 : 1 + n_title])
        other_values = list(row[1 + n_title : 1 + n_title + n_other])
        when = row[1 + n_title + n_other] if spec.date is not None else None
        own_text = " ".join(v for v in title_values + other_values if v)
        text = _joined(other_values)
        if kind == "meetings" and rid in points and not _has_all(own_text, words):
            text = points[rid]
        title = _title(kind, title_values)
        if kind == "organizations":  # the name in the other language
            context[rid] = next((n for n in title_values[:3] if n and n not in title), "")
        snippet = _snippet(text, words) or context.get(rid) or _clip(text)
        due = PrecisionDate(when, row[-2], row[-1]) if kind == "actions" and when is not None else None
        hits.append(Hit(kind, rid, title, snippet, when, due))
    return hits


def _title(kind: str, values: list[str | None]) -> str:
    ko = language() == "ko"
    if kind == "persons":
        name_ko, original, latin = values
        foreign = original or latin
        first, second = (name_ko, foreign) if ko else (foreign, name_ko)
        first = first or second or ""
        return f"{first} ({second})" if second and second != first else first
    if kind == "organizations":
        name_ko, name_en, _original, acronym = values
        name = name_ko if ko or not name_en else name_en
        name = name or ""
        return f"{name} ({acronym})" if acronym and acronym not in name else name
    return values[0] or ""


def _context(conn: Connection, kind: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """What a hit shows when the words are only in its title: a person's current position."""
    if kind != "persons":
        return {}
    ko = language() == "ko"
    today = date.today()
    stmt = (
        sa.select(
            Position.person_id,
            Position.title_ko,
            Position.title_en,
            Organization.name_ko,
            Organization.name_en,
        )
        .outerjoin(Organization, Position.organization_id == Organization.id)
        .where(
            Position.person_id.in_(ids),
            sa.or_(Position.start_date.is_(None), Position.start_date <= today),
            sa.or_(Position.end_date.is_(None), Position.end_date >= today),
        )
        .order_by(Position.start_date.desc().nulls_last())
    )
    out: dict[uuid.UUID, str] = {}
    for pid, t_ko, t_en, o_ko, o_en in conn.execute(stmt):
        if pid in out:
            continue
        title = (t_ko or t_en) if ko else (t_en or t_ko)
        org = (o_ko or o_en) if ko else (o_en or o_ko)
        out[pid] = ", ".join(x for x in (title, org) if x)
    return out


def _key_points(conn: Connection, meeting_ids: list[uuid.UUID], words: list[str]) -> dict[uuid.UUID, str]:
    """The first key point of each meeting that holds every word."""
    stmt = (
        sa.select(KeyPoint.meeting_id, KeyPoint.text, KeyPoint.party)
        .where(KeyPoint.meeting_id.in_(meeting_ids))
        .order_by(KeyPoint.meeting_id, KeyPoint.seq)
    )
    out: dict[uuid.UUID, str] = {}
    for mid, text, party in conn.execute(stmt):
        if mid not in out and _has_all(f"{text or ''} {party or ''}", words):
            out[mid] = f"{party}: {text}" if party else (text or "")
    return out


def _has_all(text: str, words: Sequence[str]) -> bool:
    folded = text.casefold()
    return all(w.casefold() in folded for w in words)


def _joined(values: Sequence[str | None]) -> str:
    return " · ".join(" ".join(v.split()) for v in values if v and v.strip())


def _clip(text: str, length: int = SNIPPET_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _snippet(text: str, words: Sequence[str], length: int = SNIPPET_LENGTH) -> str:
    """The part of `text` around the first word found, or '' when no word is in it."""
    if not text:
        return ""
    found = re.search("|".join(re.escape(w) for w in words), text, re.IGNORECASE)
    if found is None:
        return ""
    start = max(0, found.start() - length // 3)
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    if start > 0:  # begin at a word, if one begins shortly before the match
        space = text.find(" ", start, found.start())
        if 0 <= space - start <= 12:
            start = space + 1
    piece = text[start:end].strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
