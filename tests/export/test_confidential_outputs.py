"""대외비 in every output: a restricted meeting whose every word is a unique marker, written to
every output in mask and omit modes, and each file's raw bytes (the XML inside DOCX, HWPX and
XLSX, the PDF's text layer and bytes, the calendar unfolded) searched for every marker.
Include mode must show them, so the search is known to work."""

from __future__ import annotations

import html
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader

from tracker import cli
from tracker.db.models import (
    Action,
    ItineraryItem,
    KeyPoint,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
)
from tracker.db.store import open_database
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import Classification, OrgKind, OwedBy, Side
from tracker.export.demo import load_demo
from tracker.export.icalendar_io import ALL_KINDS, export_ics
from tracker.export.interchange import commit_import, export_json, plan_import
from tracker.export.report import FORMATS, ReportOptions, build_report, write_report
from tracker.export.report.briefing import BriefingOptions, build_meeting_briefing, build_trip_briefing
from tracker.export.report.handover import HandoverOptions, build_handover
from tracker.export.sheets.writer import export_listing
from tracker.services import listing
from tracker.services.attachments import add_attachment
from tracker.services.confidentiality import MASK, Restricted
from tracker.services.trips import dossier, resolve_trip

DEMO_TRIP = "G7 디지털기술 장관회의"
DUE = date(2039, 7, 19)

# Every word of the restricted meeting and what hangs off it. ASCII capitals and digits, so a
# line break or a PDF's text extraction cannot split one into something unsearchable.
MARKERS = {
    "title": "QXTITLE1",
    "org": "QXORG2",
    "person": "QXPERSON3",
    "person_title": "QXPTITLE4",
    "point": "QXPOINT5",
    "summary": "QXSUMMARY6",
    "outcome": "QXOUTCOME7",
    "place": "QXPLACE8",
    "agenda": "QXAGENDA9",
    "followup": "QXFOLLOW10",
    "followup2": "QXFOLLOWB11",
    "owner": "QXOWNER12",
    "line": "QXLINE13",
    "detail": "QXDETAIL14",
    "reference": "QXREF15",
    "photo": "QXPHOTO16",
}
DUE_TEXTS = ("2039-07-19", "20390719", PrecisionDate(DUE).korean_short())


@pytest.fixture(scope="module")
def secret(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo with its Japan meeting made 대외비 and filled with markers. Returns the
    database, the trip, the meeting, our officer at it, and a folder."""
    folder = tmp_path_factory.mktemp("confidential")
    db, _ = open_database(folder / "demo.sqlite3")
    load_demo(db)
    trip = resolve_trip(db, DEMO_TRIP)
    japan = next(m for m in dossier(db, trip.id).meetings if m.title == "한-일 총무성 양자면담")
    with db.transaction() as s:
        m = s.get(Meeting, japan.id)
        m.title, m.location, m.summary = MARKERS["title"], MARKERS["place"], MARKERS["summary"]
        m.outcome, m.agenda, m.classification = (
            MARKERS["outcome"],
            MARKERS["agenda"],
            Classification.RESTRICTED,
        )
        org = Organization(name_ko=MARKERS["org"], kind=OrgKind.GOVERNMENT, country_code="JP")
        person = Person(name_ko=MARKERS["person"], country_code="JP")
        owner = Person(name_ko=MARKERS["owner"], is_staff=True)
        s.add_all([org, person, owner])
        s.flush()
        m.organizations.append(org)
        for p in m.participants:  # the demo's counterparts are known from other records too
            if p.side == Side.THEM:
                s.delete(p)
        s.add(
            MeetingParticipant(
                meeting_id=m.id,
                person_id=person.id,
                side=Side.THEM,
                title=MARKERS["person_title"],
                organization_id=org.id,
                is_head=True,
                seq=1,
            )
        )
        for kp in m.key_points:
            kp.text = MARKERS["point"]
        point = m.key_points[0] if m.key_points else KeyPoint(meeting_id=m.id, seq=1, text=MARKERS["point"])
        s.add(point)
        s.flush()
        for a in list(s.query(Action).filter(Action.meeting_id == m.id)):
            s.delete(a)
        officer = next(p.person for p in m.participants if p.side == Side.US and p.person is not None)
        s.add(
            Action(
                title=MARKERS["followup"],
                owed_by=OwedBy.US,
                owner_id=owner.id,
                meeting_id=m.id,
                key_point_id=point.id,
                counterpart_org_id=org.id,
                counterpart_id=person.id,
                country_code="JP",
                due_date=DUE,
            )
        )
        s.add(
            Action(
                title=MARKERS["followup2"],
                owed_by=OwedBy.THEM,
                owner_id=officer.id,
                meeting_id=m.id,
                counterpart_org_id=org.id,
                due_date=DUE,
            )
        )
        line = next((i for i in s.query(ItineraryItem).filter(ItineraryItem.meeting_id == m.id)), None)
        if line is None:
            line = ItineraryItem(trip_id=trip.id, date=m.date, seq=99, meeting_id=m.id, description="")
            s.add(line)
        line.description, line.detail, line.reference = (
            MARKERS["line"],
            MARKERS["detail"],
            MARKERS["reference"],
        )
        officer_id, meeting_id = officer.id, m.id
    picture = folder / "photo.png"
    Image.new("RGB", (60, 40), (30, 120, 90)).save(picture)
    add_attachment(db, picture, meeting_id=meeting_id, caption=MARKERS["photo"])
    yield db, trip, meeting_id, officer_id, folder
    db.dispose()


# ------------------------------------------------------------------ reading any file back


def _unfold(data: bytes) -> str:
    return re.sub(r"\r?\n[ \t]", "", data.decode("utf-8"))


def raw_text(path: Path) -> str:
    """Everything a reader of the file could find: zipped XML unpacked, a PDF's text layer
    and its bytes, a calendar's folded lines joined. XML character references are resolved:
    the XLSX writer stores every non-ASCII character as one (&#45824;...)."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in (".docx", ".hwpx", ".xlsx"):
        with zipfile.ZipFile(path) as zf:
            return "\n".join(
                html.unescape(zf.read(name).decode("utf-8", "replace")) for name in zf.namelist()
            )
    if suffix == ".pdf":
        text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
        return re.sub(r"\s+", "", text) + "\n" + data.decode("latin-1")
    if suffix == ".ics":
        return _unfold(data)
    if suffix == ".html":
        return html.unescape(data.decode("utf-8"))
    return data.decode("utf-8")


def leaks(path: Path) -> list[str]:
    text = raw_text(path)
    return [m for m in (*MARKERS.values(), *DUE_TEXTS) if m in text]


# ------------------------------------------------------------------ every output


def outputs(db, trip, meeting_id, officer_id, folder: Path, mode: Restricted) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Every output tracker writes, in `mode`; name -> file."""
    out: dict[str, Path] = {}
    where = folder / mode.value
    where.mkdir(exist_ok=True)
    report = build_report(db, trip.id, ReportOptions(restricted=mode))
    for fmt in FORMATS:
        out[f"report.{fmt}"] = write_report(report, where / f"report.{fmt}")
    packs = {
        "trip-briefing": build_trip_briefing(db, trip.id, BriefingOptions(restricted=mode)),
        "handover": build_handover(db, officer_id, HandoverOptions(restricted=mode)),
    }
    if mode is not Restricted.OMIT:  # a meeting's own briefing is masked under omit too
        packs["meeting-briefing"] = build_meeting_briefing(db, meeting_id, BriefingOptions(restricted=mode))
    for name, pack in packs.items():
        for fmt in ("md", "docx", "pdf", "hwpx"):
            out[f"{name}.{fmt}"] = write_report(pack, where / f"{name}.{fmt}")
    out["calendar.ics"] = where / "calendar.ics"
    export_ics(db, out["calendar.ics"], kinds=ALL_KINDS, restricted=mode)
    for name, lst in (("meetings", listing.MEETINGS), ("actions", listing.ACTIONS)):
        for suffix in (".xlsx", ".csv"):
            out[f"{name}{suffix}"] = where / f"{name}{suffix}"
            export_listing(db, lst, out[f"{name}{suffix}"], restricted=mode)
    out["share.json"] = where / "share.json"
    export_json(db, out["share.json"], restricted=mode.value)
    return out


# What each output shows of the meeting when it is included: the proof that the search works.
SHOWN = {
    "report": ("title", "person", "point", "followup", "owner", "line", "detail", "reference"),
    "trip-briefing": ("org", "person", "point", "followup2", "place"),
    "meeting-briefing": ("title", "org", "person", "point", "place"),
    "handover": ("person", "title", "point", "followup2"),
    "calendar": ("title", "point", "place", "followup", "owner", "line", "detail", "reference"),
    "meetings": ("title", "place"),
    "actions": ("followup", "owner", "org"),
    "share": tuple(MARKERS),
}


@pytest.mark.slow
def test_include_shows_every_marker_the_output_carries(secret) -> None:  # type: ignore[no-untyped-def]
    written = outputs(*secret, Restricted.INCLUDE)
    for name, path in written.items():
        text = raw_text(path)
        missing = [key for key in SHOWN[name.split(".")[0]] if MARKERS[key] not in text]
        assert not missing, f"{name} does not show {missing}"
    assert "CLASS:CONFIDENTIAL" in raw_text(written["calendar.ics"])
    assert "2039-07-19" in raw_text(written["share.json"]) and "20390719" in raw_text(written["calendar.ics"])


@pytest.mark.slow
@pytest.mark.parametrize("mode", [Restricted.MASK, Restricted.OMIT])
def test_no_output_leaks_a_restricted_word(secret, mode) -> None:  # type: ignore[no-untyped-def]
    written = outputs(*secret, mode)
    found = {name: leaks(path) for name, path in written.items()}
    assert {name: words for name, words in found.items() if words} == {}
    masked = [name for name, path in written.items() if MASK in raw_text(path)]
    if mode is Restricted.MASK:  # the meeting is still there, as [대외비], wherever it was listed
        for name in (
            "report.html",
            "report.hwpx",
            "trip-briefing.docx",
            "calendar.ics",
            "meetings.csv",
            "actions.xlsx",
            "share.json",
        ):
            assert name in masked
    ics = raw_text(written["calendar.ics"])
    assert (f"SUMMARY:{MASK}" in ics) is (mode is Restricted.MASK)
    for block in re.findall(r"BEGIN:(?:VEVENT|VTODO).*?END:(?:VEVENT|VTODO)", ics, re.S):
        if MASK in block:
            assert "CLASS:CONFIDENTIAL" in block and "X-TRACKER-MASKED:TRUE" in block


def test_masked_rows_keep_when_and_who_owes(secret) -> None:  # type: ignore[no-untyped-def]
    db, trip, meeting_id, officer_id, folder = secret
    path = folder / "masked-actions.csv"
    export_listing(db, listing.ACTIONS, path, restricted=Restricted.MASK)
    rows = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if MASK in line]
    assert len(rows) == 2 and all("우리측" in r or "상대측" in r or "Us" in r or "Them" in r for r in rows)
    meetings = folder / "masked-meetings.csv"
    export_listing(db, listing.MEETINGS, meetings, restricted=Restricted.MASK)
    row = next(line for line in meetings.read_text(encoding="utf-8-sig").splitlines() if MASK in line)
    day = db_meeting_date(db, meeting_id)
    assert day.strftime("%Y.%m.%d") in row or day.isoformat() in row


def db_meeting_date(db, meeting_id) -> date:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.get(Meeting, meeting_id).date


@pytest.mark.parametrize("mode", ["mask", "omit"])
def test_a_shared_json_file_from_the_command_imports_cleanly_and_holds_no_restricted_word(
    secret, mode
) -> None:  # type: ignore[no-untyped-def]
    db, _, _, _, folder = secret
    shared, backup = folder / f"share-{mode}.json", folder / f"backup-{mode}.json"
    for argv, path in ((["--restricted", mode], shared), ([], backup)):
        assert cli.cmd_export(db, cli.build_parser().parse_args(["export", str(path), *argv])) == 0
    assert leaks(shared) == []
    assert MARKERS["title"] in raw_text(backup)  # the default is a full backup
    other, _ = open_database(folder / f"other-{mode}.sqlite3")
    try:
        commit_import(other, plan_import(other, shared))
        with other.read() as s:
            titles = set(s.scalars(sa.select(Meeting.title)))
        assert (MASK in titles) is (mode == "mask") and MARKERS["title"] not in titles
    finally:
        other.dispose()


def test_the_calendar_command_masks_by_default(secret) -> None:  # type: ignore[no-untyped-def]
    db, _, _, _, folder = secret
    path = folder / "default.ics"
    assert cli.cmd_export(db, cli.build_parser().parse_args(["export", str(path)])) == 0
    assert leaks(path) == [] and f"SUMMARY:{MASK}" in raw_text(path)
    assert (
        cli.cmd_export(db, cli.build_parser().parse_args(["export", str(path), "--restricted", "include"]))
        == 0
    )
    assert MARKERS["title"] in raw_text(path)
