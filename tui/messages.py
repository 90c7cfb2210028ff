"""Typed messages that workers send back to the screen (never touching widgets themselves)."""

from __future__ import annotations

from textual.message import Message

from store import Catalog, FilterResult


class CatalogLoaded(Message):
    def __init__(self, catalog: Catalog, result: FilterResult) -> None:
        self.catalog = catalog
        self.result = result
        super().__init__()


class CatalogFailed(Message):
    """The database could not be opened; `error` is a one-line message naming the file."""

    def __init__(self, error: str) -> None:
        self.error = error
        super().__init__()


class SearchDone(Message):
    def __init__(self, result: FilterResult) -> None:
        self.result = result
        super().__init__()
