"""The large demo's meetings: the counterpart organization, the meeting with its delegations,
key points and topics, and the meetings in Korea outside any trip."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from tracker.devtools.demo_basics import SEOUL, TODAY, _add_minutes, _stamp
from tracker.devtools.demo_generator import _GenBase
from tracker.devtools.demo_names import SENIORITY, TITLE_FAMILY
from tracker.devtools.demo_texts import (
    CALL_PLACES,
    KEY_POINTS_EN,
    KEY_POINTS_KO,
    KOREA_SITES,
    MEETING_OUTCOMES,
    MEETING_SUMMARIES,
    SEOUL_VENUES,
)
from tracker.domain.enums import Classification, MeetingKind, OrgKind, Side


class _Meetings(_GenBase):
    """Meetings (a part of the generator)."""

    # -- meetings ----------------------------------------------------------------------------

    def counterpart_org(self, code: str, site: bool = False, abroad: bool = False) -> int | None:
        """An organization of the country with people in it: an institute or company for a site
        visit, never an embassy in Seoul for a meeting abroad."""
        orgs = (
            (site and self.orgs_sites.get(code))
            or (abroad and self.orgs_abroad.get(code))
            or self.orgs_with_people.get(code)
        )
        return self.rng.pick(orgs) if orgs else None

    def add_meeting(
        self,
        *,
        kind: MeetingKind,
        code: str,
        day: date,
        start: time,
        tz: str,
        location: str,
        trip: dict[str, Any] | None = None,
        event: dict[str, Any] | None = None,
        seq: int = 0,
        senior: bool = False,
        org: int | None = None,
    ) -> dict[str, Any] | None:
        rng = self.rng
        if org is None:
            org = self.counterpart_org(code, site=kind is MeetingKind.SITE_VISIT, abroad=trip is not None)
        if org is None:
            org = self.counterpart_org(self.meet_pick.draw(rng)) if self.meet_pick else None
            if org is None:
                return None
            code = self.orgs[org]["country_code"]
        o = self.orgs[org]
        mid = rng.uid()
        # their side: people of that organization, in order of precedence
        people = self.people_by_org[org]
        fam = TITLE_FAMILY[o["kind"]]
        cand = []
        for p in rng.sample(people, min(len(people), 5)):
            pos = self.held(p, day, org)
            cand.append((SENIORITY.get((fam, pos[2]), 9), p, pos[2], pos[4]))
        cand.sort()
        k = rng.randint(1, 3)
        them_rows = cand[:k] if rng.random() < 0.6 else sorted(rng.sample(cand, min(k, len(cand))))
        # our side: a head who matches theirs, then the working level
        top = them_rows[0][0]
        us_people = [self.staff_on(day, senior=senior or (top <= 1 and rng.random() < 0.7), lead=top <= 3)]
        for _ in range(rng.randint(0, 2)):
            p = self.staff_on(day)
            if p not in us_people:
                us_people.append(p)
        us_rows = []
        for p in us_people:
            pos = self.held(p, day)
            us_rows.append((SENIORITY.get(("staff", pos[2]), 9), p, pos[2], pos[4]))
        us_rows.sort()
        t1 = self.topics(1, 3)
        tko, ten = self.topic_names[t1[0]]
        head_title = them_rows[0][2]
        cko = self.cname(code)
        org_short = o["name_ko"].removeprefix(cko).strip() or o["name_ko"]
        if kind is MeetingKind.SITE_VISIT:
            title = (
                rng.pick((f"{o['name_ko']} 방문", f"{o['name_ko']} 현장방문 및 간담회"))
                if trip
                else f"{o['name_ko']} 대표단 {location} 방문"
            )
        elif kind is MeetingKind.CALL:
            title = rng.pick((f"{o['name_ko']} 화상회의", f"한-{self.short(code)} {tko} 협력 화상회의"))
        elif top <= 1:
            receive = trip is None and us_rows[0][0] <= 2 and rng.random() < 0.6  # a minister receives
            title = f"{o['name_ko']} {head_title} {'접견' if receive else '면담'}"
        elif top >= 4 or o["kind"] is OrgKind.EMBASSY:
            title = rng.pick((f"{o['name_ko']} 실무협의", f"한-{self.short(code)} {tko} 실무협의"))
        elif o["name_ko"].startswith(cko) and rng.random() < 0.5:
            title = f"한-{self.short(code)} {org_short} 양자면담"
        else:
            title = f"{o['name_ko']} {head_title} 면담"
        minutes = rng.choice((30, 40, 60, 60, 90))
        end = _add_minutes(start, minutes)
        planned = day > TODAY
        city = location
        t2 = self.topic_names[rng.pick(t1)][0]
        summary = rng.pick(MEETING_SUMMARIES).format(t=tko, c=cko)
        agenda = f"o {tko} 협력 현황 및 향후 계획\no {t2} 분야 협력 과제 발굴"
        outcome = None
        if not planned and rng.random() < 0.6:
            outcome = rng.pick(MEETING_OUTCOMES).format(
                t=tko, yy=(day.year + 1) % 100, city=city.split(" ")[0]
            )
        created = day - timedelta(days=rng.randint(3, 20))
        updated = min(day + timedelta(days=rng.randint(1, 10)), max(TODAY, created))
        row = self.out.add(
            "meetings",
            id=mid,
            kind=kind,
            title=title,
            trip_id=trip["id"] if trip else None,
            event_id=event["id"] if event else None,
            country_code=code,
            seq=seq,
            date=day,
            start_time=start,
            end_time=end,
            timezone=tz,
            location=location,
            agenda=agenda,
            summary=summary,
            outcome=outcome,
            classification=Classification.RESTRICTED if rng.random() < 0.04 else Classification.NONE,
            notes="※ 순차통역" if rng.random() < 0.05 else None,
            created_at=_stamp(created, len(self.meetings)),
            updated_at=max(_stamp(created, len(self.meetings)), _stamp(max(updated, created), 400)),
        )
        self.out.link("meeting_organizations", mid, o["id"])
        for t in t1:
            self.out.link("meeting_topics", mid, self.topic_ids[t])
        at = row["created_at"]
        for side, rows in ((Side.US, us_rows), (Side.THEM, them_rows)):
            for s, (_prec, p, ptitle, porg) in enumerate(rows):
                self.out.add(
                    "meeting_participants",
                    id=rng.uid(),
                    meeting_id=mid,
                    person_id=self.persons[p]["id"],
                    name=None,
                    side=side,
                    title=ptitle,
                    organization_id=self.orgs[porg]["id"],
                    is_head=s == 0,
                    seq=s + 1,
                    created_at=at,
                    updated_at=at,
                )
        kp_ids = []
        mark = self.countries[code].get("mark") or cko
        for s in range(rng.randint(2, 5)):
            tk, te = self.topic_names[rng.pick(t1)]
            if rng.random() < 0.15:
                text = rng.pick(KEY_POINTS_EN).format(
                    te=te, ce=self.countries[code]["name_en"], year=day.year + 1
                )
            else:
                text = rng.pick(KEY_POINTS_KO).format(
                    t=tk, c=cko, m=mark, yy=(day.year + 1) % 100, city=city.split(" ")[0]
                )
            party = None
            if rng.random() < 0.3:
                party = "한국" if rng.random() < 0.5 else cko
            kid = rng.uid()
            kp_ids.append(kid)
            self.out.add(
                "key_points",
                id=kid,
                meeting_id=mid,
                seq=s + 1,
                text=text,
                party=party,
                classification=Classification.RESTRICTED if rng.random() < 0.02 else Classification.NONE,
                created_at=at,
                updated_at=at,
            )
        self.meetings.append(row)
        self.meeting_info.append((org, [r[1] for r in us_rows], [r[1] for r in them_rows], kp_ids, t1[0]))
        return row

    def gen_other_meetings(self) -> None:
        rng = self.rng
        remaining = self.n["meetings"] - len(self.meetings)
        kr_events = [e for e in self.events if e["country_code"] == "KR"]
        for _ in range(max(0, remaining)):
            if not self.meet_pick:
                return
            day = self.busy_day()
            code = self.meet_pick.draw(rng)
            r = rng.random()
            if day.year in (2020, 2021) and r >= 0.1 and rng.random() < 0.6:
                r = 0.2  # the pandemic years: mostly video calls
            event = None
            if r < 0.1 and kr_events:
                event = rng.pick(kr_events)
                day = self.random_day(event["start_date"], event["end_date"])
                kind, location = MeetingKind.BILATERAL, event["venue"] or event["city"]
            elif r < 0.3:
                kind, location = MeetingKind.CALL, rng.pick(CALL_PLACES)
            elif r < 0.35:
                kind, location = MeetingKind.SITE_VISIT, rng.pick(KOREA_SITES)
            else:
                kind, location = MeetingKind.BILATERAL, rng.pick(SEOUL_VENUES)
            start = time(rng.choice((9, 10, 11, 14, 15, 16, 17)), rng.choice((0, 0, 30)))
            if kind is MeetingKind.SITE_VISIT:
                org = self.counterpart_org(code)
                self.add_meeting(
                    kind=kind, code=code, day=day, start=start, tz=SEOUL, location=location, org=org
                )
            else:
                self.add_meeting(
                    kind=kind, code=code, day=day, start=start, tz=SEOUL, location=location, event=event
                )
