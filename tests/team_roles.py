"""A team database on the test server with colleagues who log in as roles of their own
(tracker_officer, tracker_reader, with or without tracker_confidential), as the README's
"For a team" section tells an administrator to set them up."""

from __future__ import annotations

import uuid

import psycopg
import sqlalchemy as sa

from tracker.db import roles
from tracker.db.engine import Database
from tracker.db.store import open_database


class Team:
    """The administrator's handle (it migrated the database) and the colleagues made so far."""

    def __init__(self, server, url: str) -> None:  # type: ignore[no-untyped-def]
        self.server = server
        self.url = url
        self.admin, _ = open_database(url)
        self.handles: list[Database] = [self.admin]

    def member(self, role: str, *, confidential: bool = False) -> Database:
        """A new login role (roles are server-wide: a fresh name each time) given `role`, and
        the database as that person opens it."""
        user = f"{role.removeprefix('tracker_')}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(
            host=self.server.host, port=self.server.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE ROLE "{user}" LOGIN')
        roles.grant(self.admin, user, role, confidential=confidential)
        db, _ = open_database(sa.make_url(self.url).set(username=user).render_as_string(hide_password=False))
        self.handles.append(db)
        return db

    def close(self) -> None:
        for db in self.handles:
            db.dispose()
