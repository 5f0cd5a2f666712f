"""The key of a row as an editor hands it over: an id arrives as a UUID or as its text; anything
else is an opaque key of a row not saved yet, kept as it is."""

from __future__ import annotations

import uuid
from typing import Any


def row_key(value: Any) -> Any:
    """A UUID for an id (given as a UUID or its text); any other value unchanged."""
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            return value
    return value
