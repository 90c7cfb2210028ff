"""Rules of the words people type, written once: yes/no words and the "whole number" message.

parse_yes_no(text) -> True, False, or None when `text` is neither
whole_number_problem(got) -> "must be a whole number, got …"
"""

from __future__ import annotations

YES_WORDS = frozenset({"yes", "y", "true", "1"})
NO_WORDS = frozenset({"no", "n", "false", "0"})


def parse_yes_no(text: str) -> bool | None:
    """True for a yes word, False for a no word (any case, spaces around), None for anything else."""
    word = text.strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def whole_number_problem(got: str) -> str:
    """The problem of a value that is not a whole number; `got` is the value as shown ('abc', 1.5 ...)."""
    return f"must be a whole number, got {got}"
