"""`python -m tui` is the same as the `running-films` command."""

from tui.cli import main

raise SystemExit(main())
