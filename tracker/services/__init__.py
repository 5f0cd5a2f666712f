"""Use cases over the database. No Qt here: the UI and the command line both call these.

Every public function that writes runs in one transaction (`db.transaction()`) and returns
detached records; bad input raises `tracker.domain.errors.ValidationError`.
"""
