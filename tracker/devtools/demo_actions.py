"""The large demo's follow-up actions: owed by whom, due when (with its precision), their
status over the years and their topics."""

from __future__ import annotations

from datetime import timedelta

from tracker.devtools.demo_basics import TODAY, _days, _month_start, _stamp, _Weighted
from tracker.devtools.demo_generator import _GenBase
from tracker.devtools.demo_texts import ACTIONS, DONE_NOTES, DROPPED_NOTES
from tracker.domain.enums import ActionStatus, DatePrecision, Priority


class _Actions(_GenBase):
    """Follow-up actions (a part of the generator)."""

    # -- actions -----------------------------------------------------------------------------

    def gen_actions(self) -> None:
        rng, out = self.rng, self.out
        n_meet = len(self.meetings)
        target = self.n["actions"]
        if not n_meet:
            return
        # spread the target over the meetings: a base share each, the remainder at random
        share, extra = divmod(target, n_meet)
        counts = [share] * n_meet
        for i in rng.sample(range(n_meet), extra):
            counts[i] += 1
        # uneven: move some actions from one meeting to another
        for _ in range(n_meet // 2):
            a, b = int(rng.random() * n_meet), int(rng.random() * n_meet)
            if counts[a] > 0 and counts[b] < 8:
                counts[a] -= 1
                counts[b] += 1
        # by how far the deadline is behind us: long past (mostly closed), just past, still ahead
        status_old = _Weighted(
            (
                (ActionStatus.DONE, 83),
                (ActionStatus.DROPPED, 14),
                (ActionStatus.OPEN, 1.5),
                (ActionStatus.IN_PROGRESS, 1.5),
            )
        )
        status_mid = _Weighted(
            (
                (ActionStatus.DONE, 55),
                (ActionStatus.DROPPED, 7),
                (ActionStatus.OPEN, 15),
                (ActionStatus.IN_PROGRESS, 23),
            )
        )
        status_new = _Weighted(
            (
                (ActionStatus.DONE, 15),
                (ActionStatus.DROPPED, 3),
                (ActionStatus.OPEN, 50),
                (ActionStatus.IN_PROGRESS, 32),
            )
        )
        priority = _Weighted(((Priority.NORMAL, 70), (Priority.HIGH, 20), (Priority.LOW, 10)))
        for mi, mrow in enumerate(self.meetings):
            org, us, them, kps, t0 = self.meeting_info[mi]
            day = mrow["date"]
            code = mrow["country_code"]
            cko = self.cname(code)
            o = self.orgs[org]
            for _ in range(counts[mi]):
                tmpl, owed = rng.pick(ACTIONS)
                ti = t0 if rng.random() < 0.6 else self.topic()
                tk = self.topic_names[ti][0]
                title = tmpl.format(c=cko, t=tk, o=o["name_ko"])
                kp = rng.pick(kps) if rng.random() < 0.5 else None
                description = None
                if rng.random() < 0.5:
                    description = (
                        f"{mrow['title']}({day.year % 100:02d}.{day.month}.{day.day}.) 논의사항 후속조치."
                    )
                due = due_end = None
                precision = DatePrecision.DAY
                r = rng.random()
                if r < 0.95:
                    due = day + timedelta(days=rng.randint(10, 180))
                    if r < 0.2:
                        precision, due = DatePrecision.MONTH, _month_start(due)
                    elif r < 0.25:
                        due_end = due + timedelta(days=rng.randint(1, 5))
                age = _days(day, TODAY)
                if due is None:
                    late = age - 180
                elif precision is DatePrecision.MONTH:
                    late = _days(_month_start(due + timedelta(days=31)) - timedelta(days=1), TODAY)
                else:
                    late = _days(due_end or due, TODAY)
                if day > TODAY:
                    status = ActionStatus.OPEN
                else:
                    status = (status_old if late > 90 else status_mid if late > 0 else status_new).draw(rng)
                completed = note = None
                if status.is_closed:
                    span = max(1, min(age, (due - day).days + 60 if due else 120))
                    completed = min(TODAY, day + timedelta(days=rng.randint(1, span)))
                    if rng.random() < 0.6:
                        note = rng.pick(DONE_NOTES if status is ActionStatus.DONE else DROPPED_NOTES)
                owner = rng.pick(us[1:]) if len(us) > 1 and rng.random() < 0.7 else us[0]
                created = _stamp(day + timedelta(days=1), mi)
                updated = (
                    _stamp(completed, mi + 60)
                    if completed
                    else (
                        _stamp(min(TODAY, day + timedelta(days=rng.randint(1, 30))), mi + 30)
                        if status is ActionStatus.IN_PROGRESS and day <= TODAY
                        else created
                    )
                )
                aid = rng.uid()
                out.add(
                    "actions",
                    id=aid,
                    title=title,
                    description=description,
                    owed_by=owed,
                    owner_id=self.persons[owner]["id"],
                    counterpart_id=self.persons[rng.pick(them)]["id"],
                    counterpart_org_id=o["id"],
                    country_code=code,
                    due_date=due,
                    due_precision=precision,
                    due_end=due_end,
                    status=status,
                    priority=priority.draw(rng),
                    meeting_id=mrow["id"],
                    key_point_id=kp,
                    trip_id=mrow["trip_id"],
                    event_id=mrow["event_id"],
                    completed_on=completed,
                    completion_note=note,
                    notes="※ 국장 보고 필요" if rng.random() < 0.03 else None,
                    created_at=created,
                    updated_at=max(created, updated),
                )
                out.link("action_topics", aid, self.topic_ids[ti])
                if rng.random() < 0.3:
                    t2 = self.topic()
                    if t2 != ti:
                        out.link("action_topics", aid, self.topic_ids[t2])
