"""Database layer: SQLAlchemy models, portable types, engine set-up and migrations."""
