"""Rules of the words people type, written once: yes/no words, `;` lists, and the messages that
name a value that is not one ("whole number", JSON that does not parse).

parse_yes_no(text) -> True, False, or None when `text` is neither
whole_number_problem(got) -> "must be a whole number, got …"
split_list(text) / join_list(items)  the `;` lists of the CSV and the film form
list_field_items(name, text) -> the items of a film's list field as typed (disciplines lower-cased)
invalid_json_problem(error) -> "invalid JSON at line L, column C (why)"
quoted_value(text) -> a bad value as a message quotes it: 'abc', cut after 60 characters
"""

from __future__ import annotations

import json
from collections.abc import Iterable

YES_WORDS = frozenset({"yes", "y", "true", "1"})
NO_WORDS = frozenset({"no", "n", "false", "0"})

# A film's fields that hold several values, typed (the form) and written (the CSV) as `;` lists.
LIST_FIELDS = ("aka", "countries", "languages", "directors", "writers", "disciplines")
LIST_SEPARATOR = ";"


def parse_yes_no(text: str) -> bool | None:
    """True for a yes word, False for a no word (any case, spaces around), None for anything else."""
    word = text.strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def split_list(text: str) -> list[str]:
    """The items of a `;` list: each stripped, empty ones dropped ("a; b;;" is a and b)."""
    return [item for part in text.split(LIST_SEPARATOR) if (item := part.strip())]


def join_list(items: Iterable[str], *, spaced: bool = False) -> str:
    """Items as a `;` list: "a;b" in a file, "a; b" (`spaced`) for a person to read and edit."""
    return (LIST_SEPARATOR + " " if spaced else LIST_SEPARATOR).join(items)


def list_field_items(name: str, text: str) -> list[str]:
    """A list field's items as typed or read: disciplines are lower-case words ("Marathon" is
    marathon), the other fields' items are kept as written."""
    items = split_list(text)
    return [item.lower() for item in items] if name == "disciplines" else items


QUOTED_LIMIT = 60  # characters of a bad value quoted in a message


def quoted_value(text: str) -> str:
    """A bad value as a message quotes it ('abc'), cut to QUOTED_LIMIT characters and an ellipsis."""
    return repr(text if len(text) <= QUOTED_LIMIT else text[:QUOTED_LIMIT] + "…")


def whole_number_problem(got: str) -> str:
    """The problem of a value that is not a whole number; `got` is the value as shown ('abc', 1.5 ...)."""
    return f"must be a whole number, got {got}"


def invalid_json_problem(error: json.JSONDecodeError) -> str:
    """Where a JSON text stops parsing, and why, as every message about a JSON file says it."""
    return f"invalid JSON at line {error.lineno}, column {error.colno} ({error.msg})"
