"""Plain-Python domain layer: enums, value types, errors. No SQLAlchemy, no Qt."""
