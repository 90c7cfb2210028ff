"""The catalog that ships with the app, as the browser meets it: a newer one noticed (said once
per release, never blocking), and the status line after taking it in (`update-catalog`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from store import FilmStore

if TYPE_CHECKING:
    from store.catalog_update import CatalogUpdate

# Seconds the notice of a newer bundled catalog stays: long enough to read the command in it.
NEWER_CATALOG_NOTICE_SECONDS = 20


def newer_release(store: FilmStore) -> str | None:
    """The bundled catalog's release stamp if it is newer than the one `store` took in (in a
    worker: it hashes the bundled catalog file)."""
    from store.catalog_update import bundled_release, newer_catalog_available  # off the start-up path

    return bundled_release() if newer_catalog_available(store) else None


def newer_catalog_notice(palette_key: str) -> str:
    """What the notice of a newer bundled catalog says; `palette_key` opens the command palette."""
    return (
        f"A newer film catalog ships with this release: run `running-films update-catalog`, "
        f"or Update catalog in the command palette ({palette_key})."
    )


def catalog_update_status(update: CatalogUpdate) -> str:
    """The status line after taking in the bundled catalog: what it added, changed and left alone."""

    def films(count: int) -> str:
        return f"{count:,} film" if count == 1 else f"{count:,} films"

    parts = []
    if update.added:
        parts.append(f"added {films(len(update.added))} from the new catalog")
    if update.updated:
        parts.append(f"updated {films(len(update.updated))}")
    if not parts:
        parts.append("the catalog is up to date: nothing to add")
    if update.kept_edited:
        parts.append(f"kept {update.kept_edited:,} you edited")
    if update.kept_deleted:
        parts.append(f"left out {update.kept_deleted:,} you deleted")
    if update.skipped_own:  # as the command line says it (tui.cli_writes.describe_update)
        parts.append(f"not added {films(update.skipped_own)} whose id a film of yours has")
    return "; ".join(parts)
