"""A usage error: options that cannot go together, or a value argparse refuses, said in one line."""

from __future__ import annotations

import argparse
from typing import NoReturn


class UsageError(Exception):
    pass


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")
