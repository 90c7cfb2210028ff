"""`python -m tui` is the same as the `running-films` command."""

from tui.launch import main

raise SystemExit(main())
