"""Running Films: a terminal browser for films about running.

This package holds the CLI and the Textual app. Importing it does not import Textual:
`running-films list` and `show` run without it; only launching the browser loads it.
"""

__version__ = "0.2.0"
