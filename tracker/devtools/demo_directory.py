"""The large demo's directory: topics, organizations (ours, foreign and international, with
their units), people with their names, and the positions of their careers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tracker.devtools.demo_basics import FIRST_DAY, LAST_DAY, TODAY, _stamp, _Weighted
from tracker.devtools.demo_generator import _GenBase
from tracker.devtools.demo_names import (
    CN_GIVEN,
    CN_SURNAMES,
    JP_GIVEN,
    JP_SURNAMES,
    KO_GIVEN,
    KO_SURNAMES,
    LATIN_FIRST,
    LATIN_LAST,
    STAFF_HEADS,
    STAFF_TITLES,
    TITLE_FAMILY,
    TITLES,
    R,
)
from tracker.devtools.demo_places import (
    AGENCIES,
    COMPANY_A,
    COMPANY_B,
    INSTITUTES,
    INTERNATIONAL,
    INTL_UNITS,
    MINISTRIES,
    OUR_AGENCIES,
    OUR_MINISTRY,
    OUR_UNITS,
    PARTNERS,
    TOPICS,
    UNITS,
)
from tracker.domain.enums import OrgKind, Rank


class _Directory(_GenBase):
    """Topics, organizations, people and their positions (a part of the generator)."""

    # -- topics ------------------------------------------------------------------------------

    def gen_topics(self) -> None:
        for i, (ko, en) in enumerate(TOPICS):
            tid = self.rng.uid()
            self.topic_ids.append(tid)
            self.topic_names.append((ko, en))
            at = _stamp(FIRST_DAY, i)
            self.out.add("topics", id=tid, name_ko=ko, name_en=en, created_at=at, updated_at=at)

    # -- organizations -----------------------------------------------------------------------

    def add_org(
        self,
        name_ko: str,
        name_en: str | None,
        kind: OrgKind,
        code: str | None,
        parent: int | None = None,
        acronym: str | None = None,
        website: str | None = None,
    ) -> int:
        idx = len(self.orgs)
        at = _stamp(FIRST_DAY + timedelta(days=idx % 90), idx)
        row = self.out.add(
            "organizations",
            id=self.rng.uid(),
            name_ko=name_ko,
            name_en=name_en,
            acronym=acronym,
            kind=kind,
            country_code=code,
            parent_id=self.orgs[parent]["id"] if parent is not None else None,
            website=website,
            created_at=at,
            updated_at=at,
        )
        self.orgs.append(row)
        if code:
            self.orgs_by_country.setdefault(code, []).append(idx)
        return idx

    def gen_organizations(self) -> None:
        rng = self.rng
        target = self.n["organizations"]
        few = max(1, target // 100)  # fixed bodies, fewer in a small database
        ko, en, acr, web = OUR_MINISTRY
        self.our_ministry = self.add_org(ko, en, OrgKind.MINISTRY, "KR", acronym=acr, website=web)
        for uko, uen in OUR_UNITS[:few]:
            self.our_units.append(
                self.add_org(f"{ko} {uko}", f"{uen}, {en}", OrgKind.MINISTRY, "KR", parent=self.our_ministry)
            )
        for ako, aen, aacr, kind in OUR_AGENCIES[:few]:
            self.our_agencies.append(self.add_org(ako, aen, kind, "KR", acronym=aacr))
        for aacr, iko, ien, seat in INTERNATIONAL[: max(1, target // 250)]:
            i = self.add_org(iko, ien, OrgKind.INTERNATIONAL, seat, acronym=aacr)
            self.intl_orgs.append(i)
            for uko, uen in INTL_UNITS[: few // 10]:
                self.intl_orgs.append(
                    self.add_org(f"{aacr} {uko}", f"{ien} {uen}", OrgKind.INTERNATIONAL, seat, parent=i)
                )
        used: set[tuple[str, str]] = set()
        ministries: dict[str, list[int]] = {}

        def make(code: str, kind: OrgKind) -> None:
            cko, cen = self.countries[code]["name_ko"], self.countries[code]["name_en"]
            if kind is OrgKind.MINISTRY:
                mko, men = rng.pick(MINISTRIES)
                if (code, mko) in used and ministries.get(code):
                    parent = rng.pick(ministries[code])
                    uko, uen = rng.pick(UNITS)
                    p = self.orgs[parent]
                    if (code, p["name_ko"] + uko) in used:
                        return
                    used.add((code, p["name_ko"] + uko))
                    self.add_org(
                        f"{p['name_ko']} {uko}",
                        f"{uen}, {p['name_en']}",
                        OrgKind.MINISTRY,
                        code,
                        parent=parent,
                    )
                    return
                used.add((code, mko))
                ministries.setdefault(code, []).append(
                    self.add_org(f"{cko} {mko}", f"{men} ({cen})", kind, code)
                )
                return
            if kind is OrgKind.AGENCY:
                nko, nen = rng.pick(AGENCIES)
                nko, nen = f"{cko} {nko}", f"{nen} ({cen})"
            elif kind is OrgKind.INSTITUTE:
                c_ko, c_en = self.city(code)[:2] if code in PARTNERS else (cko, cen)
                tko, ten = rng.pick(INSTITUTES)
                if "{city}" in tko:
                    nko, nen = tko.format(city=c_ko), ten.format(city=c_en)
                else:
                    nko, nen = f"{cko} {tko}", f"{ten} ({cen})"
            elif kind is OrgKind.COMPANY:
                (ako, aen), (bko, ben) = rng.pick(COMPANY_A), rng.pick(COMPANY_B)
                nko, nen = f"{ako}{bko}", f"{aen} {ben}"
            elif kind is OrgKind.EMBASSY:
                if rng.random() < 0.5:
                    nko, nen = f"주한 {cko} 대사관", f"Embassy of {cen} in Korea"
                else:
                    nko, nen = f"주{cko} 대한민국 대사관", f"Embassy of the Republic of Korea in {cen}"
            elif kind is OrgKind.ASSOCIATION:
                nko, nen = f"{cko} ICT산업협회", f"{cen} ICT Industry Association"
            else:
                nko, nen = f"{cko} 정부", f"Government of {cen}"
            if (code, nko) in used:
                return
            used.add((code, nko))
            self.add_org(nko, nen, kind, code)

        # every partner gets a few ministries, an agency and an embassy first
        for code in self.partner_pick.items:
            for kind in (
                OrgKind.MINISTRY,
                OrgKind.MINISTRY,
                OrgKind.MINISTRY,
                OrgKind.AGENCY,
                OrgKind.EMBASSY,
            ):
                if len(self.orgs) < target:
                    make(code, kind)
        others = [(c, 0.06) for c in self.countries if c not in PARTNERS and c != "KR"]
        country_pick = _Weighted(
            [*((c, w) for c, (w, _, _) in PARTNERS.items() if c in self.countries), *others]
        )
        kind_pick = _Weighted(
            [
                (OrgKind.MINISTRY, 30),
                (OrgKind.AGENCY, 15),
                (OrgKind.INSTITUTE, 20),
                (OrgKind.COMPANY, 22),
                (OrgKind.EMBASSY, 6),
                (OrgKind.ASSOCIATION, 4),
                (OrgKind.GOVERNMENT, 3),
            ]
        )
        guard = 0
        while len(self.orgs) < target and guard < target * 20:
            guard += 1
            make(country_pick.draw(rng), kind_pick.draw(rng))
        del self.orgs[target:]  # small scales: keep the count in proportion
        self.out.rows["organizations"][target:] = []
        for code, lst in self.orgs_by_country.items():
            self.orgs_by_country[code] = [i for i in lst if i < target]
        self.intl_orgs = [i for i in self.intl_orgs if i < target]
        self.our_units = [i for i in self.our_units if i < target] or [self.our_ministry]
        self.our_agencies = [i for i in self.our_agencies if i < target]

    # -- persons and positions ---------------------------------------------------------------

    def person_name(self, code: str | None) -> dict[str, Any]:
        rng = self.rng
        if code == "KR":
            (s, sl), (g1, l1), (g2, l2) = rng.pick(KO_SURNAMES), rng.pick(KO_GIVEN), rng.pick(KO_GIVEN)
            if g2 == g1:
                g2, l2 = rng.pick(KO_GIVEN)
            return {
                "name_ko": s + g1 + g2,
                "name_original": None,
                "name_latin": f"{sl} {l1.capitalize()}{l2}",
            }
        if code == "JP":
            (s, sl, sk), (g, gl, gk) = rng.pick(JP_SURNAMES), rng.pick(JP_GIVEN)
            return {"name_ko": f"{sk} {gk}", "name_original": s + g, "name_latin": f"{gl} {sl}"}
        if code == "CN":
            (s, sl, sk), (g, gl, gk) = rng.pick(CN_SURNAMES), rng.pick(CN_GIVEN)
            if rng.random() < 0.6:  # most given names have two characters
                g2, gl2, gk2 = rng.pick(CN_GIVEN)
                g, gl, gk = g + g2, gl + gl2.lower(), gk + gk2
            return {"name_ko": sk + gk, "name_original": s + g, "name_latin": f"{sl} {gl}"}
        (f, fk), (last, lk) = rng.pick(LATIN_FIRST), rng.pick(LATIN_LAST)
        middle = f" {rng.pick('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
        return {"name_ko": f"{fk} {lk}", "name_original": f"{f}{middle} {last}", "name_latin": None}

    def add_person(self, code: str | None, staff: bool) -> int:
        idx = len(self.persons)
        names = self.person_name("KR" if staff else code)
        email = phone = None
        latin = names["name_latin"] or names["name_original"]
        if staff:
            local = latin.lower().replace(" ", ".")
            email = f"{local}{idx % 97}@msit.example.kr"
            phone = f"044-202-{4000 + idx % 6000:04d}"
        elif self.rng.random() < 0.5:
            local = latin.lower().replace(". ", ".").replace(" ", ".").replace("ü", "ue")
            email = f"{local}@{(code or 'int').lower()}.example.org"
        row = self.out.add(
            "persons", id=self.rng.uid(), is_staff=staff, country_code=code, email=email, phone=phone, **names
        )
        self.persons.append(row)
        self.careers.append([])
        return idx

    def add_position(
        self,
        p: int,
        org: int,
        rank: Rank,
        ko: str,
        en: str,
        start: date,
        end: date | None,
        department: str | None = None,
    ) -> None:
        self.careers[p].append((start, end, ko, en, org, rank))
        lst = self.people_by_org.setdefault(org, [])
        if not lst or lst[-1] != p:
            lst.append(p)
        at = _stamp(max(start, FIRST_DAY), p)
        upd = _stamp(end, p) if end is not None and end >= start and end <= TODAY else at
        upd = max(upd, at)
        self.out.add(
            "positions",
            id=self.rng.uid(),
            person_id=self.persons[p]["id"],
            organization_id=self.orgs[org]["id"],
            title_ko=ko,
            title_en=en,
            department=department,
            rank=rank,
            start_date=start,
            end_date=end,
            created_at=at,
            updated_at=upd,
        )

    def gen_people(self) -> None:
        rng = self.rng
        n_staff = min(self.n["staff"], self.n["persons"])
        # single-holder posts: chains of holders over the whole period
        budget = n_staff // 4 if n_staff >= 4 * len(STAFF_HEADS) else 0  # a tiny database has no chains
        for rank, ko, en, unit in STAFF_HEADS if budget else ():
            chain: list[tuple[date, date, int]] = []
            d = date(2014, 6, 1) + timedelta(days=rng.randint(0, 480))
            while d <= LAST_DAY:
                p = self.add_person("KR", True)
                end = d + timedelta(days=rng.randint(450, 1100))
                if len(self.persons) >= budget * (len(self.head_chains) + 1) / len(STAFF_HEADS):
                    end = LAST_DAY  # the budget is spent: this one stays
                org = self.our_ministry if unit == 0 else self.our_units[0]
                self.add_position(p, org, rank, ko, en, d, end if end < TODAY else None)
                chain.append((d, end, p))
                d = end + timedelta(days=1)
            self.head_chains.append(chain)
            self.staff.extend(c[2] for c in chain)
        weights = _Weighted((t, t[3]) for t in STAFF_TITLES)
        while len(self.staff) < n_staff:
            p = self.add_person("KR", True)
            self.staff.append(p)
            level = STAFF_TITLES.index(weights.draw(rng))
            start = date(2012, 1, 1) + timedelta(days=rng.randint(0, 4700))
            for k in range(rng.randint(1, 4)):
                rank, ko, en, _ = STAFF_TITLES[level]
                end = start + timedelta(days=rng.randint(300, 1300))
                last = k == 3 or end >= TODAY or rng.random() < 0.15
                closed = end if end < TODAY and (not last or rng.random() < 0.3) else None
                unit = rng.pick(self.our_units)
                self.add_position(p, unit, rank, ko, en, start, closed, department=None)
                if closed is None or last:
                    break
                start = end + timedelta(days=1)
                if level > 0 and rng.random() < 0.5:
                    level -= 1
        # counterparts: every organization gets someone, the rest go where the work is
        family_weight = {
            "gov": 3.0,
            "agency": 2.0,
            "intl": 3.0,
            "institute": 1.3,
            "company": 1.0,
            "embassy": 1.5,
        }
        org_pick = _Weighted(
            (i, family_weight[TITLE_FAMILY[o["kind"]]] * (3 if o["country_code"] in PARTNERS else 1))
            for i, o in enumerate(self.orgs)
            if i != self.our_ministry and i not in self.our_units
        )
        title_pick = {fam: _Weighted((t, t[3]) for t in titles) for fam, titles in TITLES.items()}
        n_cp = self.n["persons"] - len(self.persons)
        orgs_in_order = org_pick.items
        for k in range(n_cp):
            org = orgs_in_order[k] if k < len(orgs_in_order) else org_pick.draw(rng)
            o = self.orgs[org]
            code = o["country_code"]
            if o["kind"] is OrgKind.INTERNATIONAL and rng.random() < 0.6:
                code = self.partner_pick.draw(rng)
            elif (
                o["kind"] is OrgKind.EMBASSY and o["name_ko"].startswith("주") and "대한민국" in o["name_ko"]
            ):
                code = "KR"
            p = self.add_person(code, False)
            fam = TITLE_FAMILY[o["kind"]]
            titles = TITLES[fam]
            level = titles.index(title_pick[fam].draw(rng))
            start = date(2010, 1, 1) + timedelta(days=rng.randint(0, 5200))
            siblings = self.orgs_by_country.get(o["country_code"] or "", [org])
            for k2 in range(rng.randint(1, 4)):
                rank, tko, ten, _ = titles[level]
                end = start + timedelta(days=rng.randint(365, 1500))
                last = k2 == 3 or end >= TODAY
                closed = end if end < TODAY and (not last or rng.random() < 0.35) else None
                self.add_position(p, org, rank, tko, ten, start, closed)
                if closed is None or last:
                    break
                start = end + timedelta(days=rng.randint(1, 60))
                if level > 0 and rng.random() < 0.5:
                    level -= 1
                if rng.random() < 0.3:  # rotation to another body of the same family and country
                    cand = rng.pick(siblings)
                    if TITLE_FAMILY[self.orgs[cand]["kind"]] == fam:
                        org = cand
        for p, row in enumerate(self.persons):
            first = self.careers[p][0][0] if self.careers[p] else FIRST_DAY
            row["created_at"] = row["updated_at"] = _stamp(max(first, FIRST_DAY), p)
        self.staff_pick = list(self.staff)
        heads = {p for chain in self.head_chains for _a, _b, p in chain}
        self.staff_by_year: dict[int, list[int]] = {}
        self.leads_by_year: dict[int, list[int]] = {}
        for p in self.staff:
            if p in heads:
                continue
            for start, end, _ko, _en, _org, rank in self.careers[p]:
                for y in range(max(start.year, FIRST_DAY.year), (end or LAST_DAY).year + 1):
                    if not self.staff_by_year.get(y) or self.staff_by_year[y][-1] != p:
                        self.staff_by_year.setdefault(y, []).append(p)
                    if rank is R.DIRECTOR and (
                        not self.leads_by_year.get(y) or self.leads_by_year[y][-1] != p
                    ):
                        self.leads_by_year.setdefault(y, []).append(p)
        self.orgs_with_people: dict[str, list[int]] = {}
        for org in self.people_by_org:
            code = self.orgs[org]["country_code"]
            if code and code != "KR" and "대한민국" not in self.orgs[org]["name_ko"]:
                self.orgs_with_people.setdefault(code, []).append(org)
        for lst in self.orgs_with_people.values():
            lst.sort()
        self.orgs_abroad = {
            c: [o for o in lst if self.orgs[o]["kind"] is not OrgKind.EMBASSY]
            for c, lst in self.orgs_with_people.items()
        }
        self.orgs_sites = {
            c: [o for o in lst if self.orgs[o]["kind"] in (OrgKind.INSTITUTE, OrgKind.COMPANY)]
            for c, lst in self.orgs_with_people.items()
        }
        self.meet_pick = _Weighted((c, w) for c, (w, _, _) in PARTNERS.items() if c in self.orgs_with_people)
        if not self.meet_pick:  # a tiny database: any country with people will do
            self.meet_pick = _Weighted((c, 1.0) for c in sorted(self.orgs_with_people))
        in_partners = self.meet_pick and all(c in PARTNERS for c in self.meet_pick.items)
        self.dest_pick = self.meet_pick if in_partners else self.partner_pick

    def held(self, p: int, on: date, org: int | None = None) -> tuple[date, date | None, str, str, int, Rank]:
        """The position `p` held on a day (at `org` if given), else the nearest one."""
        career = self.careers[p]
        if org is not None:
            at_org = [c for c in career if c[4] == org]
            career = at_org or career
        best = career[0]
        for c in career:
            if c[0] <= on:
                best = c
        return best

    def staff_on(self, on: date, senior: bool = False, lead: bool = False) -> int:
        """A staff member in office on a day: a head post holder if `senior`, a director or
        team leader if `lead`, else anyone of the working level."""
        rng = self.rng
        if senior and self.head_chains:
            chain = rng.pick(self.head_chains)
            for a, b, p in chain:
                if a <= on <= b:
                    return p
        pool = (
            (self.leads_by_year if lead else self.staff_by_year).get(on.year)
            or self.staff_by_year.get(on.year)
            or self.staff_pick
        )
        p = pool[0]
        for _ in range(8):
            p = rng.pick(pool)
            career = self.careers[p]
            if career[0][0] <= on and (career[-1][1] is None or career[-1][1] >= on):
                break
        return p
