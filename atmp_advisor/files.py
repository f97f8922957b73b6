"""Stored files that go with their rows: deleted once the deletion or replacement is committed."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def delete_after_commit(storage, name: str) -> None:
    """Deletes ``name`` from ``storage`` when the current transaction commits (at once outside one).

    After the commit, not before: a rolled-back delete or replacement keeps the file its row still
    names. A file that cannot be deleted is logged, never raised: the row is already gone."""
    if not name:
        return

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete the stored file %s", name, exc_info=True)

    transaction.on_commit(delete, robust=True)
