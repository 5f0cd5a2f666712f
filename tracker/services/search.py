"""Global search across people, organizations, meetings (with their key points), follow-up
actions and trips: Korean and English, any part of a word.

How a query runs:

* The text is put in NFC (stored text is NFC) and split into words; every word must occur in
  the same record (a key point counts as a record of its own that leads to its meeting).
* SQLite: words of three characters or more go to the FTS5 `search_index` (tokenizer
  `trigram`, so '외출장' finds '국외출장'), each quoted as a phrase, so that `"`, `AND` or `*`
  typed by the user are plain text. A two-character word ('회의', '독일', 'AI') has no trigram
  of its own: it is looked up as the trigrams that begin with it ('회의를', '회의 ', '회의\n'),
  read from the index's vocabulary (`search_vocab`, a range of terms), so it too is served
  by the index. Only one-character words are checked with instr() on the rows the index found,
  or, alone, by a scan of the base tables (LIKE). Never LIKE against the FTS5 table itself:
  SQLite 3.40 answers that wrongly for Korean.
* PostgreSQL: ILIKE on the base tables, which the migration's pg_trgm GIN indexes serve.

Counts stop at `COUNT_CAP` (the dialog says "1,000+"): an exact count of 50,000 meetings
holding '협력' costs more than the search and tells the user nothing more. Results are grouped
by kind in `KINDS` order. Within a kind, on the SQLite index: of the newest `CANDIDATES`
matching records, those whose title holds every word come first, then the newest (no bm25
rank: ranking every match of a common word was the slow part, and even a few rows cost a pass
over the statistics of every term); on a scan: title matches first, then the most recent
(names for people and organizations).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.db.engine import Database
from tracker.db.models import Action, KeyPoint, Meeting, Organization, Person, Position, Trip
from tracker.domain.dates import PrecisionDate
from tracker.domain.i18n import pick

KINDS = ("persons", "organizations", "meetings", "actions", "trips")

# The rowid blocks of `search_index`, as the migration 0002 lays them out (key points follow
# meetings, so that one range covers a meeting and its key points).
ROWID_BLOCK = {"persons": 1, "organizations": 2, "meetings": 3, "key_points": 4, "actions": 5, "trips": 6}
BLOCK_SIZE = 1 << 40

MIN_INDEXED = 3  # the trigram tokenizer finds nothing shorter
MIN_BY_VOCABULARY = 2  # a two-character word: the trigrams that begin with it
COUNT_CAP = 1000  # counts stop here: "1,000+"
CANDIDATES = 200  # the newest matches of a kind that are ranked
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


class SearchFailed(Exception):
    """The database could not answer a search (a lost connection, a locked or damaged file);
    the message is the database's own. Screens catch this, not the database library's errors."""


class SearchResults(list[Hit]):
    """The hits, grouped by kind, plus how many records of each kind matched in all
    (`totals`, at most COUNT_CAP + 1), which may be more than the `limit_per_kind` returned."""

    def __init__(self, hits: Sequence[Hit] = (), totals: dict[str, int] | None = None) -> None:
        super().__init__(hits)
        self.totals: dict[str, int] = dict(totals or {})

    def capped(self, kind: str) -> bool:
        """More than COUNT_CAP matched: the total is "1,000+", not exact."""
        return self.totals.get(kind, 0) > COUNT_CAP

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


def scans_everything(text: str | None) -> bool:
    """Whether a search for `text` reads whole tables: only words of one character (no index
    serves them). The dialog waits for a pause in the typing before it runs such a search."""
    words = words_of(text)
    return bool(words) and all(len(w) < MIN_BY_VOCABULARY for w in words)


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query in which every word is a quoted phrase: all must occur, and no character
    the user typed is read as syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ------------------------------------------------------------------ search


def search(db: Database, text: str | None, limit_per_kind: int = 20) -> SearchResults:
    """Records matching every word of `text`, grouped by kind in `KINDS` order, best first.
    Raises SearchFailed when the database cannot answer."""
    found = SearchResults()
    try:
        for kind, hits, total in search_by_kind(db, text, limit_per_kind):
            found.extend(hits)
            if total:
                found.totals[kind] = total
    except sa.exc.SQLAlchemyError as exc:
        raise SearchFailed(str(exc)) from exc
    return found


def search_by_kind(
    db: Database, text: str | None, limit_per_kind: int = 20
) -> Iterator[tuple[str, list[Hit], int]]:
    """The same search one kind at a time, in `KINDS` order, so that a caller can show each
    kind as it comes and stop early: (kind, best hits, total matching up to COUNT_CAP + 1)."""
    words = words_of(text)
    if not words or limit_per_kind <= 0:
        return
    with db.engine.connect() as conn:
        indexed = conn.dialect.name == "sqlite" and any(len(w) >= MIN_BY_VOCABULARY for w in words)
        query = _index_query(conn, words) if indexed else None
        for kind in KINDS:
            if indexed:
                ids, total = _indexed(conn, kind, query, words, limit_per_kind) if query else ([], 0)
            else:
                ids, total = _scanned(conn, kind, words, limit_per_kind)
            yield kind, _describe(conn, kind, ids, words) if ids else [], total


def _block(name: str) -> tuple[int, int]:
    first = ROWID_BLOCK[name] * BLOCK_SIZE
    return first + 1, first + BLOCK_SIZE - 1


def _vocabulary(conn: Connection, word: str) -> list[str]:
    """The index's trigrams that begin with a two-character word (folded as the index folds
    case): every place the word occurs is followed by something, if only a line break."""
    start = word.lower()
    rows = conn.execute(
        sa.text("SELECT term FROM search_vocab WHERE term >= :lo AND term < :hi"),
        {"lo": start, "hi": start + "\U0010ffff"},
    )
    return [r[0] for r in rows]


def _index_query(conn: Connection, words: list[str]) -> str | None:
    """The FTS5 query for the words of two characters or more: every word must occur; a
    two-character word as any of its trigrams. None when a word cannot occur at all."""
    parts = []
    for w in words:
        if len(w) >= MIN_INDEXED:
            parts.append(fts_query([w]))
        elif len(w) == MIN_BY_VOCABULARY:
            terms = _vocabulary(conn, w)
            if not terms:
                return None
            parts.append("(" + " OR ".join(fts_query([t]) for t in terms) + ")")
    return " AND ".join(parts)


def _indexed(
    conn: Connection, kind: str, query: str, words: list[str], limit: int
) -> tuple[list[uuid.UUID], int]:
    """SQLite, one kind through its block of rowids (a meeting's block is followed by its key
    points' block; both lead to meetings through `ref`): a count that stops at COUNT_CAP, and
    the newest CANDIDATES matches ranked, title matches first."""
    params: dict[str, Any] = {"q": query, "cap": COUNT_CAP + 1, "k": CANDIDATES}
    filters = ""
    for i, w in enumerate(words):
        if len(w) < MIN_BY_VOCABULARY:
            params[f"w{i}"] = w
            filters += f" AND instr(lower(body), lower(:w{i})) > 0"
    lo, hi = _block(kind)
    if kind == "meetings":
        hi = _block("key_points")[1]
    params.update(lo=lo, hi=hi)
    where = f"search_index MATCH :q AND rowid BETWEEN :lo AND :hi{filters}"
    counted = "DISTINCT ref" if kind == "meetings" else "1"
    total = conn.execute(
        sa.text(f"SELECT count(*) FROM (SELECT {counted} FROM search_index WHERE {where} LIMIT :cap)"),
        params,
    ).scalar_one()
    if not total:
        return [], 0
    # No bm25 `rank`: it costs a pass over the statistics of every term of the query (4-5 ms
    # a kind for the nine trigrams of '협력'), whatever the number of rows ranked.
    rows = conn.execute(
        sa.text(
            f"SELECT ref, substr(body, 1, instr(body, char(10)) - 1) FROM search_index "
            f"WHERE {where} ORDER BY rowid DESC LIMIT :k"
        ),
        params,
    ).all()
    best: dict[str, tuple[int, int]] = {}  # ref -> (title miss, place among the newest)
    for place, (ref, title_line) in enumerate(rows):
        miss = 0 if _has_all(title_line or "", words) else 1
        if ref not in best or (miss, place) < best[ref]:
            best[ref] = (miss, place)
    ranked = sorted(best, key=best.__getitem__)[:limit]
    return [uuid.UUID(ref) for ref in ranked], total


def _matches(column: Any, word: str, dialect: str) -> sa.ColumnElement[bool]:
    pattern = like_pattern(word)
    if dialect == "sqlite":  # LIKE ignores ASCII case on SQLite; lower() would only cost time
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


def _all_words(columns: Sequence[Any], words: Sequence[str], dialect: str) -> sa.ColumnElement[bool]:
    return sa.and_(*[sa.or_(*[_matches(c, w, dialect) for c in columns]) for w in words])


def _scanned(conn: Connection, kind: str, words: list[str], limit: int) -> tuple[list[uuid.UUID], int]:
    """LIKE/ILIKE on the base tables: PostgreSQL (trigram indexes), and SQLite for queries
    made only of one-character words. The count stops at COUNT_CAP."""
    stmt = scan_statement(kind, words, conn.dialect.name, limit)
    ids = list(conn.execute(stmt).scalars())
    if not ids:
        return [], 0
    if len(ids) < limit:
        return ids, len(ids)
    matching = stmt.with_only_columns(sa.literal(1)).order_by(None).limit(COUNT_CAP + 1).subquery()
    return ids, conn.execute(sa.select(sa.func.count()).select_from(matching)).scalar_one()


def scan_statement(kind: str, words: Sequence[str], dialect: str, limit: int) -> sa.Select[Any]:
    """The ids of the best `limit` records of one kind that hold every word."""
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
    return sa.select(model.id).where(where).order_by(title_miss, *spec.order, model.id).limit(limit)


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
    if kind == "persons":
        name_ko, original, latin = values
        foreign = original or latin
        first, second = pick((name_ko, foreign), (foreign, name_ko))
        first = first or second or ""
        return f"{first} ({second})" if second and second != first else first
    if kind == "organizations":
        name_ko, name_en, _original, acronym = values
        name = pick(name_ko, name_en or name_ko) or ""
        return f"{name} ({acronym})" if acronym and acronym not in name else name
    return values[0] or ""


def _context(conn: Connection, kind: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """What a hit shows when the words are only in its title: a person's current position."""
    if kind != "persons":
        return {}
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
        title = pick(t_ko or t_en, t_en or t_ko)
        org = pick(o_ko or o_en, o_en or o_ko)
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
