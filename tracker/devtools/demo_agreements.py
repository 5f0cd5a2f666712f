"""The large demo's agreements (MOUs, arrangements, treaties): kinds, statuses, parties and
topics."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.devtools.demo_basics import TODAY, _month_start, _stamp, _Weighted
from tracker.devtools.demo_generator import _GenBase
from tracker.domain.enums import AgreementKind, AgreementStatus, DatePrecision, MeetingKind, OrgKind


class _Agreements(_GenBase):
    """Agreements (a part of the generator)."""

    # -- agreements --------------------------------------------------------------------------

    def gen_agreements(self) -> None:
        rng, out = self.rng, self.out
        kinds = _Weighted(
            (
                (AgreementKind.MOU, 60),
                (AgreementKind.JOINT_STATEMENT, 20),
                (AgreementKind.ARRANGEMENT, 10),
                (AgreementKind.AGREEMENT, 5),
                (AgreementKind.DECLARATION, 5),
            )
        )
        our = self.orgs[self.our_ministry]
        past_meetings = [
            i
            for i, mrow in enumerate(self.meetings)
            if mrow["date"] <= TODAY and mrow["kind"] is MeetingKind.BILATERAL
        ]
        for n in range(self.n["agreements"]):
            kind = kinds.draw(rng)
            meeting = event = None
            if past_meetings and rng.random() < 0.4:
                mi = rng.pick(past_meetings)
                meeting = self.meetings[mi]
                org = self.meeting_info[mi][0]
                code = meeting["country_code"]
                signed = meeting["date"]
                place = meeting["location"]
                event = (
                    next((e for e in self.events if e["id"] == meeting["event_id"]), None)
                    if meeting["event_id"]
                    else None
                )
            else:
                code = self.meet_pick.draw(rng)
                org = self.counterpart_org(code, abroad=True)
                if org is None:
                    continue
                signed = self.busy_day(date(2025, 11, 28))
                place = rng.pick(("서울", self.city(code)[0]))
            if self.orgs[org]["kind"] is OrgKind.EMBASSY:  # embassies witness, ministries sign
                org = self.counterpart_org(code, abroad=True) or org
            o = self.orgs[org]
            ti = self.topics(1, 3)
            tk, te = self.topic_names[ti[0]]
            s, cen = self.short(code), self.countries[code]["name_en"]
            if kind is AgreementKind.MOU:
                tko = f"{our['name_ko']}와 {o['name_ko']} 간 {tk} 분야 협력에 관한 양해각서(MOU)"
                ten = f"Memorandum of Understanding between {our['acronym']} and {o['name_en']} on Cooperation in {te}"
            elif kind is AgreementKind.JOINT_STATEMENT:
                tko, ten = f"한-{s} {tk} 협력 공동성명", f"Joint Statement on Korea–{cen} Cooperation in {te}"
            elif kind is AgreementKind.ARRANGEMENT:
                tko, ten = f"한-{s} {tk} 공동연구 약정", f"Implementing Arrangement on Joint Research in {te}"
            elif kind is AgreementKind.AGREEMENT:
                tko = f"대한민국 정부와 {self.cname(code)} 정부 간의 과학기술협력협정"
                ten = f"Agreement on Scientific and Technological Cooperation between Korea and {cen}"
            else:
                tko, ten = f"한-{s} 디지털 협력 선언", f"Korea–{cen} Declaration on Digital Cooperation"
            precision = DatePrecision.DAY
            expires = None
            status = AgreementStatus.SIGNED
            if meeting is None and rng.random() < 0.06:
                signed_date = None
                status = AgreementStatus.NEGOTIATING
            else:
                signed_date = signed
                if meeting is None and rng.random() < 0.1:
                    precision, signed_date = DatePrecision.MONTH, _month_start(signed)
                if kind in (AgreementKind.MOU, AgreementKind.ARRANGEMENT):
                    expires = date(
                        signed_date.year + rng.choice((3, 5)), signed_date.month, min(signed_date.day, 28)
                    ) - timedelta(days=1)
                if kind in (AgreementKind.AGREEMENT, AgreementKind.ARRANGEMENT):
                    status = AgreementStatus.IN_FORCE
                if expires is not None and expires < TODAY:
                    status = AgreementStatus.EXPIRED
                elif rng.random() < 0.02:
                    status = AgreementStatus.TERMINATED
            aid = rng.uid()
            base = signed_date or signed
            created = _stamp(base - timedelta(days=rng.randint(5, 60)), n)
            out.add(
                "agreements",
                id=aid,
                kind=kind,
                title_ko=tko,
                title_en=ten,
                country_code=code,
                signed_date=signed_date,
                signed_precision=precision,
                signed_place=place if signed_date else None,
                expires_on=expires,
                status=status,
                meeting_id=meeting["id"] if meeting else None,
                event_id=event["id"] if event else None,
                summary=f"{tk} 분야 공동연구, 인력교류, 정책 정보 공유 등 협력 추진 근거 마련.",
                notes=None,
                created_at=created,
                updated_at=max(created, _stamp(min(base, TODAY), n)),
            )
            out.link("agreement_parties", aid, our["id"])
            out.link("agreement_parties", aid, o["id"])
            if self.our_agencies and rng.random() < 0.1:
                out.link("agreement_parties", aid, self.orgs[rng.pick(self.our_agencies)]["id"])
            for t in ti:
                out.link("agreement_topics", aid, self.topic_ids[t])
