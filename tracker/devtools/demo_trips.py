"""The large demo's trips: flights between time zones, the trips with their members,
destinations, itineraries and the meetings on the way."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tracker.devtools.demo_basics import SEOUL, TODAY, _add_minutes, _days, _stamp, _Weighted, _zone
from tracker.devtools.demo_generator import _GenBase
from tracker.devtools.demo_names import R
from tracker.devtools.demo_places import KOREA_CITIES, PARTNERS
from tracker.devtools.demo_texts import AIRLINES, DUTIES, MEMBER_ROLES, PURPOSES
from tracker.domain.enums import Classification, ItineraryKind, MeetingKind


class _Trips(_GenBase):
    """Trips (a part of the generator)."""

    # -- trips -------------------------------------------------------------------------------

    def flight(self, day: date, dep: time, from_tz: str, to_tz: str, hours: float) -> tuple[time, int, date]:
        """Arrival wall-clock time, day offset and arrival date of a flight."""
        start = datetime.combine(day, dep, _zone(from_tz)).astimezone(UTC)
        arr = (start + timedelta(minutes=int(hours * 60))).astimezone(_zone(to_tz))
        return arr.time().replace(second=0, microsecond=0), (arr.date() - day).days, arr.date()

    def gen_trips(self) -> None:
        rng = self.rng
        n_trips = self.n["trips"]
        n_meet = self.n["meetings"]
        avg = max(1, round(n_meet * 0.5 / n_trips))
        year_weight = {
            2016: 1,
            2017: 1,
            2018: 1.05,
            2019: 1.1,
            2020: 0.25,
            2021: 0.35,
            2022: 0.8,
            2023: 1.15,
            2024: 1.2,
            2025: 1.2,
            2026: 0.45,
        }
        year_pick = _Weighted(year_weight.items())
        foreign_events = [i for i, e in enumerate(self.events) if e["country_code"] != "KR"]
        rng.shuffle(foreign_events)
        foreign_events = foreign_events[: round(n_trips * 0.15)]
        plans: list[tuple[date, int | None]] = []
        for i in range(n_trips):
            if i < len(foreign_events):
                ev = self.events[foreign_events[i]]
                plans.append((ev["start_date"], foreign_events[i]))
            else:
                y = year_pick.draw(rng)
                last = date(2026, 6, 30) if y == 2026 else date(y, 12, 20)
                plans.append((self.random_day(date(y, 1, 5), last), None))
        plans.sort(key=lambda p: p[0])
        for anchor, ev_idx in plans:
            self.one_trip(anchor, ev_idx, avg)

    def one_trip(self, anchor: date, ev_idx: int | None, avg: int) -> None:
        rng, out = self.rng, self.out
        event = self.events[ev_idx] if ev_idx is not None else None
        # destinations
        if event is not None:
            codes = [event["country_code"]]
            cities = [
                next(
                    (
                        c
                        for c in PARTNERS.get(codes[0], (0, "", [KOREA_CITIES[0]]))[2]
                        if c[0] == event["city"]
                    ),
                    self.city(codes[0]),
                )
            ]
        else:
            codes = [self.dest_pick.draw(rng)]
            cities = [self.city(codes[0])]
        n_dest = 1 if rng.random() < 0.72 else (2 if rng.random() < 0.85 else 3)
        while len(codes) < n_dest:
            c = self.dest_pick.draw(rng)
            if c not in codes:
                codes.append(c)
                cities.append(self.city(c))
            elif rng.random() < 0.3:
                break
        work_per = [rng.randint(2, 4)] if len(codes) == 1 else [rng.randint(1, 3) for _ in codes]
        # outbound
        dep_time = time(rng.choice((9, 10, 11, 13, 14, 17, 19, 21)), rng.choice((0, 5, 25, 35, 45, 55)))
        start = anchor - timedelta(days=1) if event is not None else anchor
        while True:
            arr_time, off, arr_day = self.flight(start, dep_time, SEOUL, cities[0][2], cities[0][3])
            if off >= 0 and (event is None or arr_day < event["start_date"]):
                break
            if off < 0:
                dep_time = time(min(dep_time.hour + 3, 23), dep_time.minute)
            else:
                start -= timedelta(days=1)
        trip_id = rng.uid()
        head = self.staff_on(start, senior=rng.random() < 0.15, lead=True)
        lines: list[dict[str, Any]] = []
        flights = rng.pick(("KE", "OZ"))
        ref = f"{flights}{rng.randint(1, 999):03d}"
        if cities[0][3] > 12 and rng.random() < 0.4:
            ref += f" {flights}{rng.randint(3000, 9999)}"
        lines.append(
            dict(
                date=start,
                start_time=dep_time,
                end_time=arr_time,
                end_day_offset=off,
                timezone=SEOUL,
                end_timezone=cities[0][2],
                kind=ItineraryKind.FLIGHT,
                description="출국 및 현지도착",
                detail=f"인천 → {cities[0][0]}",
                reference=ref,
            )
        )
        # working days per destination, meetings in slots
        days: list[tuple[date, int]] = []
        day = arr_day + timedelta(days=1) if arr_time >= time(15, 0) or event is not None else arr_day
        if event is not None:  # stay until the event ends
            work_per[0] = max(work_per[0], _days(day, event["end_date"]) + 1)
        for di, n in enumerate(work_per):
            if di > 0:
                dep = time(rng.choice((7, 8, 9)), rng.choice((0, 30)))
                hours = rng.choice((1.5, 2, 3, 4.5))
                a_t, a_off, a_day = self.flight(day, dep, cities[di - 1][2], cities[di][2], hours)
                if a_off < 0:
                    a_t, a_off, a_day = time(dep.hour + 1, 0), 0, day
                al = rng.pick(AIRLINES)
                lines.append(
                    dict(
                        date=day,
                        start_time=dep,
                        end_time=a_t,
                        end_day_offset=a_off,
                        timezone=cities[di - 1][2],
                        end_timezone=cities[di][2],
                        kind=ItineraryKind.FLIGHT,
                        description=f"{cities[di][0]} 이동",
                        detail=f"{cities[di - 1][0]} → {cities[di][0]}",
                        reference=f"{al}{rng.randint(10, 9999)}",
                    )
                )
                day = a_day
            for _ in range(n):
                days.append((day, di))
                day += timedelta(days=1)
        ret_day = day
        # return flight
        rdep = time(rng.choice((9, 11, 13, 15, 18, 21, 23)), rng.choice((0, 10, 30, 50)))
        rarr, roff, end = self.flight(ret_day, rdep, cities[-1][2], SEOUL, cities[-1][3])
        if roff < 0:
            rarr, roff, end = time(23, 0), 0, ret_day
        lines.append(
            dict(
                date=ret_day,
                start_time=rdep,
                end_time=rarr,
                end_day_offset=roff,
                timezone=cities[-1][2],
                end_timezone=SEOUL,
                kind=ItineraryKind.FLIGHT,
                description="현지출발 및 귀국",
                detail=f"{cities[-1][0]} → 인천",
                reference=f"{flights}{rng.randint(1, 999):03d}",
            )
        )
        year = start.year
        tk, tk2 = self.topic_names[self.topic()][0], self.topic_names[self.topic()][0]
        dest_text = ", ".join(f"{self.cname(c)}({ci[0]})" for c, ci in zip(codes, cities, strict=True))
        names = "·".join(self.cname(c) for c in codes)
        if event is not None:
            title = rng.pick(
                (
                    f"{year}년 {event['name_ko']} 참석 출장",
                    f"{year}년 {names} {tk} 협력 및 {event['name_ko']} 참석 출장",
                )
            )
        else:
            title = rng.pick(
                (
                    f"{year}년 {names} {tk} 협력 출장",
                    f"{names} 고위급 디지털 협력 면담 출장",
                    f"{year}년 {names} {tk}·{tk2} 협력 방안 협의 출장",
                )
            )
        purposes = rng.sample(PURPOSES, rng.randint(2, 3))
        purpose = "\n".join(
            p.format(t=tk, t2=tk2, c=self.cname(codes[0]), s=self.short(codes[0])) for p in purposes
        )
        if event is not None:
            purpose = (
                f"o {event['name_ko']}에 참석하여 우리 관심의제({tk}) 논의 주도 및 정책 홍보\n" + purpose
            )
        notes = None
        if rng.random() < 0.3:
            notes = f"* {', '.join(self.cname(c) for c in codes)} 등과 고위급 양자면담 추진"
        report = end + timedelta(days=rng.randint(3, 14))
        created = _stamp(start - timedelta(days=rng.randint(10, 40)), len(self.meetings))
        trip = out.add(
            "trips",
            id=trip_id,
            title=title,
            destination=dest_text,
            purpose=purpose,
            purpose_notes=notes,
            start_date=start,
            end_date=end,
            report_date=report if report <= TODAY else None,
            classification=Classification.RESTRICTED if rng.random() < 0.05 else Classification.NONE,
            notes=None,
            created_at=created,
            updated_at=max(created, _stamp(min(report, TODAY), 11)),
        )
        for s, (c, ci) in enumerate(zip(codes, cities, strict=True)):
            out.add(
                "trip_destinations",
                id=rng.uid(),
                trip_id=trip_id,
                seq=s + 1,
                country_code=c,
                city=ci[0],
                timezone=ci[2],
                created_at=created,
                updated_at=created,
            )
        if event is not None:
            out.link("trip_events", trip_id, event["id"])
        # members
        n_mem = rng.choices((1, 2, 3, 4, 5), (20, 35, 25, 12, 8))[0]
        members = [head]
        for _ in range(n_mem * 2):
            if len(members) >= n_mem:
                break
            p = self.staff_on(start)
            if p not in members:
                members.append(p)
        member_ids = []
        total_days = _days(start, end)
        for s, p in enumerate(members):
            pos = self.held(p, start)
            m_start, m_end, note = start, end, None
            if s > 0 and total_days >= 3 and rng.random() < 0.25:
                if rng.random() < 0.5:
                    m_start = start + timedelta(days=rng.randint(1, total_days // 2))
                    note = f"※ {m_start.month}.{m_start.day}. 현지 합류"
                else:
                    m_end = end - timedelta(days=rng.randint(1, total_days // 2))
                    note = f"※ {m_end.month}.{m_end.day}. 조기 귀국"
            mem_id = rng.uid()
            member_ids.append(mem_id)
            role = (
                ("수석대표" if pos[5].precedence <= R.DIRECTOR_GENERAL.precedence else "총괄")
                if s == 0
                else rng.pick(MEMBER_ROLES)
            )
            duty = DUTIES[0] if s == 0 else rng.pick(DUTIES[1:])
            out.add(
                "trip_members",
                id=mem_id,
                trip_id=trip_id,
                person_id=self.persons[p]["id"],
                seq=s + 1,
                title=pos[2],
                role=role,
                start_date=m_start,
                end_date=m_end,
                destination=dest_text
                if m_start == start and m_end == end
                else f"{self.cname(codes[0])}({cities[0][0]})",
                duties=duty.format(t=tk),
                note=note,
                created_at=created,
                updated_at=created,
            )
        # meetings in the working days
        slots = [
            (d, di, t)
            for d, di in days
            for t in (time(9, 30), time(11, 0), time(14, 0), time(15, 30), time(17, 0))
        ]
        k = min(len(slots), rng.randint(max(1, avg - 3), avg + 3))
        chosen = sorted(rng.sample(slots, k))
        meeting_lines = []
        for seq, (d, di, t) in enumerate(chosen, start=1):
            code = codes[di]
            at_event = event is not None and di == 0 and event["start_date"] <= d <= event["end_date"]
            kind = MeetingKind.SITE_VISIT if rng.random() < 0.15 and not at_event else MeetingKind.BILATERAL
            meet_code = code
            if at_event and rng.random() < 0.7:
                meet_code = self.meet_pick.draw(rng)  # sideline meetings with other delegations
            location = (event["venue"] or event["city"]) if at_event else f"{cities[di][0]} 소재 상대 기관"
            mrow = self.add_meeting(
                kind=kind,
                code=meet_code,
                day=d,
                start=t,
                tz=cities[di][2],
                location=location,
                trip=trip,
                event=event if at_event else None,
                seq=seq,
                senior=self.careers[head][-1][5].precedence <= R.DIRECTOR_GENERAL.precedence,
            )
            if mrow is not None:
                if not at_event:
                    o = self.orgs[self.meeting_info[-1][0]]
                    mrow["location"] = f"{o['name_ko']} ({cities[di][0]})"
                meeting_lines.append(
                    dict(
                        date=d,
                        start_time=t,
                        end_time=mrow["end_time"],
                        timezone=cities[di][2],
                        kind=ItineraryKind.SITE_VISIT
                        if kind is MeetingKind.SITE_VISIT
                        else ItineraryKind.MEETING,
                        description=mrow["title"],
                        detail=mrow["location"],
                        meeting_id=mrow["id"],
                    )
                )
        extras = []
        if event is not None:
            for srow in self.sessions_by_event.get(ev_idx, []):
                extras.append(
                    dict(
                        date=srow["date"],
                        start_time=srow["start_time"],
                        end_time=srow["end_time"],
                        timezone=event["timezone"],
                        kind=ItineraryKind.SESSION,
                        description=f"{event['name_ko']} {srow['title_ko']}",
                        event_id=event["id"],
                    )
                )
        for d, di in days:
            if rng.random() < 0.5:
                extras.append(
                    dict(
                        date=d,
                        start_time=time(12, 0),
                        end_time=time(13, 30),
                        timezone=cities[di][2],
                        kind=ItineraryKind.MEAL,
                        description=rng.pick(
                            (
                                "오찬 간담회",
                                f"주{self.cname(codes[di])} 대사관 오찬",
                                "현지 진출 기업 오찬 간담회",
                            )
                        ),
                    )
                )
        extras.append(
            dict(
                date=days[0][0],
                start_time=time(8, 0),
                end_time=time(9, 0),
                timezone=cities[0][2],
                kind=ItineraryKind.PREPARATION,
                description="대표단 사전 점검회의",
            )
        )
        extras.append(
            dict(
                date=days[-1][0],
                start_time=time(18, 30),
                end_time=time(20, 30),
                timezone=cities[-1][2],
                kind=ItineraryKind.RECEPTION,
                description=f"{cities[-1][0]} 한인 과학기술인 간담회",
            )
        )
        extras.append(
            dict(
                date=ret_day,
                start_time=_add_minutes(rdep, -150) if rdep.hour >= 3 else time(0, 30),
                end_time=_add_minutes(rdep, -60) if rdep.hour >= 3 else time(1, 0),
                timezone=cities[-1][2],
                kind=ItineraryKind.TRANSFER,
                description="공항 이동",
            )
        )
        rng.shuffle(extras)
        budget = rng.randint(6, 15)
        keep = lines + meeting_lines[: max(0, min(len(meeting_lines), 15 - len(lines)))]
        keep += extras[: max(0, budget - len(keep))]
        for mi, mem_id in enumerate(member_ids[1:], start=1):
            mrow = out.rows["trip_members"][-len(member_ids) + mi]
            if mrow["start_date"] != start and len(keep) < 15:
                keep.append(
                    dict(
                        date=mrow["start_date"],
                        start_time=time(10, 0),
                        end_time=time(11, 0),
                        timezone=cities[0][2],
                        kind=ItineraryKind.TRANSFER,
                        description="현지 합류",
                        member_id=mem_id,
                    )
                )
        keep.sort(key=lambda r: (r["date"], r["start_time"]))
        last_day, s = None, 0
        for line in keep:
            s = s + 1 if line["date"] == last_day else 1
            last_day = line["date"]
            out.add(
                "itinerary_items",
                id=rng.uid(),
                trip_id=trip_id,
                seq=s,
                created_at=created,
                updated_at=created,
                **line,
            )
