"""How fast is the global search on a large database, compared with a plain LIKE scan?

    .venv/bin/python bench/search.py                       # scale 0.5 in a temporary SQLite file
    .venv/bin/python bench/search.py --scale 1 --keep /tmp/large.sqlite3
    .venv/bin/python bench/search.py --db /tmp/large.sqlite3          # reuse a filled file
    .venv/bin/python bench/search.py --url postgresql+psycopg://...   # an empty PostgreSQL database

The database is filled by `tracker.services.large_demo.generate` (scale 1.0: 20,000 people,
50,000 meetings with their key points, 150,000 follow-ups ...), or, where that module is not
available, with synthetic rows written with SQLAlchemy Core.

For every query the script times `search()` (the service, results described and all) and a
plain LIKE scan of the same columns of the same tables (`count(*)` per table, every word
must match, no index: the least a scan-based search has to do), alternately, and reports
medians and the ratio search / scan. On PostgreSQL it also shows that count with the trigram
indexes allowed. Timings on a shared machine wobble; the ratios, measured side by side, much
less.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Python puts this script's folder first on the path, where a neighbour named like a standard
# module (calendar.py) would shadow it: import from the project root only.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from tracker.db.engine import Database  # noqa: E402
from tracker.db.models import Action, KeyPoint, Meeting, Organization, Person, Trip  # noqa: E402
from tracker.db.store import open_database  # noqa: E402
from tracker.services import search as search_service  # noqa: E402

# (label, query): words of two characters go to the scan fallback on SQLite
QUERIES = (
    ("2 chars, common", "양자"),
    ("2 chars, Latin", "AI"),
    ("2 chars, rare", "뮌헨"),
    ("3+ chars, common", "공동연구"),
    ("3+ chars, country", "캐나다"),
    ("3+ chars, city", "몬트리올"),
    ("3+ chars, name", "Müller"),
    ("3+ chars, inside a word", "외교부"),
    ("3+ chars, no match", "없는검색어"),
    ("two words", "공동연구 캐나다"),
    ("mixed 3+ and 2", "공동연구 AI"),
)


def scan_count(db: Database, text: str, use_indexes: bool = False) -> int:
    """The plain LIKE scan: every searchable column of every table, no ranking, and no index
    (PostgreSQL would otherwise use the trigram indexes for it)."""
    words = search_service.words_of(text)
    ilike = db.engine.dialect.name != "sqlite"
    total = 0

    def cond(columns):  # type: ignore[no-untyped-def]
        parts = []
        for w in words:
            pattern = search_service.like_pattern(w)
            parts.append(
                sa.or_(
                    *[
                        (c.ilike(pattern, escape="\\") if ilike else c.like(pattern, escape="\\"))
                        for c in columns
                    ]
                )
            )
        return sa.and_(*parts)

    with db.engine.connect() as conn:
        if ilike and not use_indexes:
            for setting in ("enable_bitmapscan", "enable_indexscan", "enable_indexonlyscan"):
                conn.exec_driver_sql(f"SET LOCAL {setting} = off")
        for kind in search_service.KINDS:
            spec = search_service.SPECS[kind]
            stmt = sa.select(sa.func.count()).select_from(spec.model).where(cond((*spec.title, *spec.other)))
            total += conn.execute(stmt).scalar_one()
        stmt = sa.select(sa.func.count()).select_from(KeyPoint).where(cond(search_service.KEY_POINT_COLUMNS))
        total += conn.execute(stmt).scalar_one()
    return total


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def fill(db: Database, scale: float) -> str:
    try:
        from tracker.services import large_demo
    except ImportError:
        synthetic(db, int(100_000 * scale))
        return "synthetic rows"
    large_demo.generate(db, scale=scale, progress=lambda msg: print("  " + msg, flush=True))
    return f"large_demo.generate(scale={scale})"


def synthetic(db: Database, n: int) -> None:
    """About n rows in all: people, organizations, meetings with key points, actions, trips."""
    rng = random.Random(20261122)
    now = datetime.now(UTC)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    places = [
        "캐나다(몬트리올)",
        "독일(베를린)",
        "일본(도쿄)",
        "미국(워싱턴DC)",
        "영국(런던)",
        "프랑스(파리)",
    ]
    topics = ["양자", "AI", "반도체", "공동연구", "디지털정부", "사이버보안", "통신", "우주"]
    surnames = ["Müller", "Smith", "Tanaka", "Dubois", "Kim", "Rossi"]
    orgs = [
        dict(
            id=uuid.uuid4(),
            name_ko=f"{rng.choice(['과학기술부', '디지털부', '혁신부'])} {i}",
            kind="ministry",
            name_en=f"Ministry {i}",
            **stamp,
        )
        for i in range(n // 50)
    ]
    people = [
        dict(
            id=uuid.uuid4(),
            name_ko=f"김{rng.choice('민수지현영준')}{i}",
            name_original=f"{rng.choice(surnames)} {i}",
            is_staff=False,
            **stamp,
        )
        for i in range(n // 10)
    ]
    trips = []
    meetings = []
    points = []
    actions = []
    for _ in range(n // 50):
        start = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
        trips.append(
            dict(
                id=uuid.uuid4(),
                title=f"{rng.choice(places)} {rng.choice(topics)} 협력 국외출장",
                destination=rng.choice(places),
                start_date=start,
                end_date=start + timedelta(days=5),
                classification="none",
                **stamp,
            )
        )
    for _ in range(n // 4):
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
        t = rng.choice(topics)
        mid = uuid.uuid4()
        meetings.append(
            dict(
                id=mid,
                title=f"한-{rng.choice(places)[:2]} {t} 양자면담",
                kind="bilateral",
                seq=0,
                date=day,
                timezone="Asia/Seoul",
                agenda=f"{t} 협력 현황 및 향후 계획",
                classification="none",
                **stamp,
            )
        )
        for s in range(1, 3):
            points.append(
                dict(
                    id=uuid.uuid4(),
                    meeting_id=mid,
                    seq=s,
                    classification="none",
                    text=f"양국 {rng.choice(topics)} 공동연구 협력 확대 필요성에 공감",
                    **stamp,
                )
            )
        actions.append(
            dict(
                id=uuid.uuid4(),
                title=f"{t} 후속 협의 추진",
                owed_by="us",
                due_precision="day",
                status="open",
                priority="normal",
                meeting_id=mid,
                due_date=day + timedelta(days=30),
                **stamp,
            )
        )
    with db.engine.begin() as conn:
        for model, rows in (
            (Organization, orgs),
            (Person, people),
            (Trip, trips),
            (Meeting, meetings),
            (KeyPoint, points),
            (Action, actions),
        ):
            for i in range(0, len(rows), 5000):
                conn.execute(sa.insert(model.__table__), rows[i : i + 5000])


def trigger_cost(db: Database, n: int = 2000) -> tuple[float, float] | None:
    """Seconds to update n meeting titles with the search triggers, and without them (the
    triggers dropped inside the same transaction, which is then rolled back)."""
    if db.engine.dialect.name != "sqlite":
        return None
    with db.engine.connect() as conn:
        ids = conn.execute(sa.select(Meeting.id).limit(n)).scalars().all()
    results = []
    for drop in (False, True):
        with db.engine.connect() as conn:
            trans = conn.begin()
            if drop:
                for event in ("insert", "update", "delete"):
                    conn.exec_driver_sql(f"DROP TRIGGER search_meetings_{event}")
            stmt = sa.update(Meeting).where(Meeting.id == sa.bindparam("mid")).values(title=sa.bindparam("t"))
            start = time.perf_counter()
            conn.execute(stmt, [{"mid": i, "t": f"수정된 제목 {k}"} for k, i in enumerate(ids)])
            results.append(time.perf_counter() - start)
            trans.rollback()
    return results[0], results[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=0.5, help="size of the generated data (1.0: ~400k records)"
    )
    parser.add_argument("--db", type=Path, help="use this SQLite file (filled already, or filled now)")
    parser.add_argument("--keep", type=Path, help="write the generated SQLite file here and keep it")
    parser.add_argument("--url", help="a SQLAlchemy URL of an empty database instead (PostgreSQL)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query (median reported)")
    args = parser.parse_args(argv)

    tmpdir = None
    if args.url:
        url = args.url
    else:
        path = args.db or args.keep
        if path is None:
            tmpdir = tempfile.mkdtemp(prefix="tracker-bench-")
            path = Path(tmpdir) / "large.sqlite3"
        url = path  # a path, not a hand-made URL: '#' or '?' in a folder name would cut it
    db, _ = open_database(url)
    try:
        with db.engine.connect() as conn:
            counts = {
                kind: conn.execute(
                    sa.select(sa.func.count()).select_from(search_service.SPECS[kind].model)
                ).scalar_one()
                for kind in search_service.KINDS
            }
            counts["key_points"] = conn.execute(sa.select(sa.func.count()).select_from(KeyPoint)).scalar_one()
        if not counts["meetings"]:
            print(f"filling {db.engine.url.render_as_string(hide_password=True)} ...", flush=True)
            start = time.perf_counter()
            how = fill(db, args.scale)
            print(f"filled with {how} in {time.perf_counter() - start:.1f} s (search triggers included)")
            if db.engine.dialect.name == "postgresql":
                # What autovacuum does soon after a bulk load: statistics, GIN pending lists merged.
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("VACUUM ANALYZE")
            with db.engine.connect() as conn:
                for kind in counts:
                    model = KeyPoint if kind == "key_points" else search_service.SPECS[kind].model
                    counts[kind] = conn.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
        print(
            f"database: {db.engine.dialect.name} {db.engine.dialect.server_version_info or ''}; "
            f"rows searched: {sum(counts.values()):,} ({', '.join(f'{k} {v:,}' for k, v in counts.items())})"
        )

        search_service.search(db, "warm up")  # compile statements, load pages
        scan_count(db, "warm up")
        postgres = db.engine.dialect.name == "postgresql"
        header = f"{'query':<28}{'text':<18}{'hits':>8}{'search ms':>11}{'LIKE ms':>9}{'ratio':>7}"
        if postgres:
            header += f"{'LIKE+trgm ms':>14}"
        print(header)
        print("-" * len(header))
        ratios: dict[str, list[float]] = {"short": [], "long": []}
        for label, text in QUERIES:
            search_times, scan_times, indexed_times = [], [], []
            hits = 0
            for _ in range(args.repeat):  # alternate, so that both see the same machine load
                t, result = timed(search_service.search, db, text)
                search_times.append(t)
                hits = sum(result.totals.values())
                t, _n = timed(scan_count, db, text)
                scan_times.append(t)
                if postgres:
                    t, _n = timed(scan_count, db, text, True)
                    indexed_times.append(t)
            s, b = statistics.median(search_times), statistics.median(scan_times)
            group = "short" if all(len(w) < 3 for w in text.split()) else "long"
            ratios[group].append(s / b)
            line = f"{label:<28}{text:<18}{hits:>8,}{s * 1000:>11.1f}{b * 1000:>9.1f}{s / b:>7.2f}"
            if postgres:
                line += f"{statistics.median(indexed_times) * 1000:>14.1f}"
            print(line)
        for group, values in ratios.items():
            if values:
                name = "queries of 2-char words" if group == "short" else "queries with a 3+ char word"
                print(f"median ratio, {name}: {statistics.median(values):.2f}")
        cost = trigger_cost(db)
        if cost is not None:
            with_t, without_t = cost
            print(
                f"updating 2,000 meeting titles: {with_t * 1000:.0f} ms with the search triggers, "
                f"{without_t * 1000:.0f} ms without ({(with_t - without_t) / 2000 * 1e6:.0f} µs per row)"
            )
    finally:
        db.dispose()
        if tmpdir is not None:
            for name in os.listdir(tmpdir):
                os.unlink(os.path.join(tmpdir, name))
            os.rmdir(tmpdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
