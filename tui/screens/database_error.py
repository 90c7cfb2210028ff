"""Shown when the database cannot be opened: what is wrong, which file, and that it was left alone."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.errors import StoreError
from store.recovery import has_backup, restore
from tui.messages import BackupRestored, RestoreFailed
from tui.safe import plain
from tui.widgets.key_footer import KeyFooter


class DatabaseErrorScreen(ModalScreen[bool]):
    """Dismissed with True once the last good backup is back in place (the caller reloads)."""

    BINDINGS = [
        Binding(
            "b", "restore", "Restore backup", tooltip="Put the last good backup in place (the damaged file is kept)"
        ),
        Binding("q", "quit", "Quit"),
        Binding("escape", "quit", "Quit", show=False),
    ]

    DEFAULT_CSS = """
    DatabaseErrorScreen {
        align: center middle;
        #dialog {
            width: 80%;
            max-width: 90;
            height: auto;
            border: thick $error;
            background: $surface;
            padding: 1 2;
        }
    }
    """

    def __init__(self, error: str, database: Path | None = None) -> None:
        super().__init__()
        self.error = error
        self.database = database

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.database is not None and has_backup(self.database)
        return True

    def action_restore(self) -> None:
        self.query_one("#message", Static).update(Text("Restoring the last good backup…"))
        self.restore_backup()

    @work(thread=True, exclusive=True)
    def restore_backup(self) -> None:
        """Put the backup in place, then report; the handlers below change the screen."""
        assert self.database is not None
        try:
            restore(self.database)
        except StoreError as error:
            self.post_message(RestoreFailed(str(error)))
            return
        self.post_message(BackupRestored())

    @on(BackupRestored)
    def _restored(self) -> None:
        self.dismiss(True)

    @on(RestoreFailed)
    def _restore_failed(self, message: RestoreFailed) -> None:
        self.error = f"The backup could not be restored: {message.error}"
        self.query_one("#message", Static).update(self._message())

    def action_quit(self) -> None:
        self.app.exit(return_code=1)  # as the CLI: the database could not be used

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._message(), id="message")
        yield KeyFooter()

    def _message(self) -> Text:
        message = Text()
        message.append("Cannot open the film database\n\n", style="bold")
        message.append(plain(self.error) + "\n\n")
        message.append("The file was not changed. ", style="bold")
        message.append("Use --db PATH (or RUNNING_FILMS_DB) to open another file.\n")
        if self.database is not None and has_backup(self.database):
            message.append("Press b to start from the last good backup (the damaged file is kept beside it), ")
            message.append("or q to quit.")
        else:
            message.append("Press q to quit.")
        return message
