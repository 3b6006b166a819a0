"""Alembic migrations of the archive database (run through ``nianbao init``)."""
