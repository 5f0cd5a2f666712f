"""The large demo's cooperation channels and the events they hold: series that recur, one-off
events, their sessions and topics."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from tracker.devtools.demo_basics import FIRST_DAY, TODAY, _add_minutes, _stamp, _Weighted
from tracker.devtools.demo_generator import _GenBase
from tracker.devtools.demo_places import INTERNATIONAL, PARTNERS
from tracker.devtools.demo_texts import CHANNEL_EVENT_KIND, CHANNEL_KINDS, SERIES, SESSIONS
from tracker.domain.enums import ChannelKind, EventKind, OrgKind


class _Events(_GenBase):
    """Channels and events (a part of the generator)."""

    # -- channels and events -----------------------------------------------------------------

    def gen_channels(self) -> None:
        rng = self.rng
        pairs = [(c, k) for c in self.partner_pick.items for k in range(len(CHANNEL_KINDS))]
        weights = [PARTNERS[c][0] / (1 + k) for c, k in pairs]
        chosen: list[tuple[str | None, int]] = []
        pool = list(zip(pairs, weights, strict=True))
        target = self.n["channels"]
        n_intl = min(len(INTERNATIONAL), max(0, target // 12))
        while len(chosen) < target - n_intl and pool:
            w = _Weighted((i, pw) for i, (_, pw) in enumerate(pool))
            i = w.draw(rng)
            chosen.append(pool.pop(i)[0])
        for j in range(n_intl):
            chosen.append((None, j))
        our = self.orgs[self.our_ministry]["id"]
        for code, k in chosen:
            est = rng.randint(2000, 2022)
            if code is None:
                acr, iko, ien, _seat = INTERNATIONAL[k]
                org = next((i for i in self.intl_orgs if self.orgs[i]["acronym"] == acr), None)
                kind, nko, nen, rule = (
                    ChannelKind.POLICY_FORUM,
                    f"한-{acr} 정책협의회",
                    f"Korea–{acr} Policy Consultation",
                    "FREQ=YEARLY",
                )
                cc = None
            else:
                kind, nko, nen, rule = CHANNEL_KINDS[k]
                nko, nen = nko.format(s=self.short(code)), nen.format(C=self.countries[code]["name_en"])
                cands = [
                    i for i in self.orgs_by_country.get(code, []) if self.orgs[i]["kind"] is OrgKind.MINISTRY
                ]
                org = cands[0] if cands else None
                cc = code
            at = _stamp(FIRST_DAY + timedelta(days=rng.randint(0, 60)), len(self.channels))
            row = self.out.add(
                "channels",
                id=rng.uid(),
                name_ko=nko,
                name_en=nen,
                kind=kind,
                country_code=cc,
                organization_id=self.orgs[org]["id"] if org is not None else None,
                our_organization_id=our,
                recurrence=rule,
                established_year=est,
                notes=rng.pick((None, None, f"주관: {self.orgs[rng.pick(self.our_units)]['name_ko']}")),
                created_at=at,
                updated_at=at,
            )
            self.channels.append(row)

    def add_event(
        self,
        name_ko: str,
        name_en: str,
        kind: EventKind,
        code: str,
        start: date,
        length: int,
        organizer: int | None,
        channel: dict[str, Any] | None,
        rule: str | None,
    ) -> None:
        rng = self.rng
        cko, cen, tz, _h = self.city(code)
        end = start + timedelta(days=length - 1)
        t1 = self.topics(1, 3)
        tnames = ", ".join(self.topic_names[t][0] for t in t1)
        host = self.cname(code)
        eid = rng.uid()
        at = _stamp(start - timedelta(days=rng.randint(20, 90)), len(self.events))
        row = self.out.add(
            "events",
            id=eid,
            name_ko=name_ko,
            name_en=name_en,
            kind=kind,
            channel_id=channel["id"] if channel else None,
            organizer_id=self.orgs[organizer]["id"] if organizer is not None else None,
            country_code=code,
            city=cko,
            venue=rng.pick((f"{cen} Convention Centre", f"{cen} Marriott Hotel", f"{cko} 국제회의장", None)),
            timezone=tz,
            start_date=start,
            end_date=end,
            recurrence=rule,
            summary=f"{start.year}년 {host} 개최. {tnames} 등 의제 논의.",
            notes=None if rng.random() < 0.8 else "결과보고서 별도 작성",
            created_at=at,
            updated_at=max(at, _stamp(min(end, TODAY), 7)),
        )
        idx = len(self.events)
        self.events.append(row)
        for t in t1:
            self.out.link("event_topics", eid, self.topic_ids[t])
        sessions = []
        n = rng.randint(2, 6)
        tnum = 0
        for s in range(n):
            day = start + timedelta(days=min(length - 1, s * length // n))
            ko, en = (
                SESSIONS[0]
                if s == 0
                else (SESSIONS[-1] if s == n - 1 and n > 2 else rng.pick(SESSIONS[1:-1]))
            )
            if "{n}" in ko:
                tnum += 1
                ti = rng.pick(t1)
                ko, en = (
                    ko.format(n=tnum, t=self.topic_names[ti][0]),
                    en.format(n=tnum, te=self.topic_names[ti][1]),
                )
            st = time(9 + (s * 7) % 9, 0)
            srow = self.out.add(
                "event_sessions",
                id=rng.uid(),
                event_id=eid,
                seq=s + 1,
                title_ko=ko,
                title_en=en,
                date=day,
                start_time=st,
                end_time=_add_minutes(st, rng.choice((60, 90, 120))),
                members_only=kind is EventKind.MINISTERIAL and rng.random() < 0.15,
                notes=None,
                created_at=at,
                updated_at=at,
            )
            sessions.append(srow)
        self.sessions_by_event[idx] = sessions

    def gen_events(self) -> None:
        rng = self.rng
        target = self.n["events"]
        intl_by_acr = {self.orgs[i]["acronym"]: i for i in self.intl_orgs if self.orgs[i]["acronym"]}
        plans: list[
            tuple[str, str, EventKind, str, date, int, int | None, dict[str, Any] | None, str | None]
        ] = []
        for ko, en, kind, org_acr, rule, hosts in SERIES:
            every = 4 if rule and "INTERVAL=4" in rule else 1
            per_year = 2 if rule and "MONTHLY" in rule else 1
            month = int(rule.split("BYMONTH=")[1]) if rule and "BYMONTH" in rule else rng.randint(3, 11)
            for year in range(2016 + rng.randint(0, every - 1), 2027, every):
                for half in range(per_year):
                    code = rng.pick(hosts) if hosts else self.partner_pick.draw(rng)
                    if code not in self.countries:
                        continue
                    mo = (month + 6 * half - 1) % 12 + 1
                    start = date(year, mo, rng.randint(1, 24))
                    length = 4 if kind is EventKind.EXHIBITION else rng.randint(1, 3)
                    nth = f"{year} " if per_year == 1 else f"제{(year - 2016) * 2 + half + 100}차 "
                    plans.append(
                        (
                            f"{nth}{ko}",
                            f"{en} {year}",
                            kind,
                            code,
                            start,
                            length,
                            intl_by_acr.get(org_acr),
                            None,
                            rule,
                        )
                    )
        n_series = min(len(plans), target // 2)
        rng.shuffle(plans)
        plans = plans[:n_series]
        # sessions of the cooperation channels, alternately in Seoul and abroad
        sessions: list[tuple[int, int, date]] = []
        for ci, ch in enumerate(self.channels):
            rule = ch["recurrence"] or "FREQ=YEARLY"
            months = 6 if "MONTHLY" in rule else (24 if "INTERVAL=2" in rule else 12)
            d = date(max(2016, ch["established_year"]), rng.randint(1, 12), 1)
            ordinal = (d.year - ch["established_year"]) * 12 // months + 1
            while d <= date(2026, 11, 1):
                sessions.append((ci, ordinal, d))
                ordinal += 1
                total = d.month - 1 + months
                d = date(d.year + total // 12, total % 12 + 1, 1)
        rng.shuffle(sessions)
        for ci, ordinal, d in sorted(sessions[: target - len(plans)], key=lambda s: (s[0], s[1])):
            ch = self.channels[ci]
            code = ch["country_code"]
            abroad = ordinal % 2 == 0 and code is not None
            host = code if abroad else "KR"
            org = (
                next((i for i, o in enumerate(self.orgs) if o["id"] == ch["organization_id"]), None)
                if abroad
                else self.our_ministry
            )
            start = d + timedelta(days=rng.randint(0, 25))
            plans.append(
                (
                    f"제{ordinal}차 {ch['name_ko']}",
                    f"{ch['name_en']} ({ordinal})",
                    CHANNEL_EVENT_KIND[ch["kind"]],
                    host,
                    start,
                    rng.randint(1, 2),
                    org,
                    ch,
                    None,
                )
            )
        plans.sort(key=lambda p: (p[4], p[0]))
        # Each stored event is one session. Only a series' latest session carries its rule, so
        # the calendar projects the sessions to come without repeating the ones on record.
        latest: dict[str, date] = {}
        for _ko, en, _kind, _code, start, _length, _org, _ch, rule in plans:
            if rule:
                series = en.rsplit(" ", 1)[0]
                latest[series] = max(start, latest.get(series, start))
        for ko, en, kind, code, start, length, org, ch, rule in plans:
            if rule and latest[en.rsplit(" ", 1)[0]] != start:
                rule = None
            self.add_event(ko, en, kind, code, start, length, org, ch, rule)
