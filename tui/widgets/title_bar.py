"""The top line: the app's name and the query on screen ("Running Films — decade:1980s").

Textual's Header is four widgets that follow the screen's `sub_title`, and setting that
repaints the whole screen; a facet toggle changes the query, so it paid for a full-screen
repaint each time. This one line repaints itself only.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.safe import one_line


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, app_name: str, *, id: str | None = None) -> None:
        super().__init__(app_name, id=id)
        self.app_name = app_name
        self.subtitle: str | None = None

    def show_subtitle(self, subtitle: str) -> None:
        """Show `subtitle` (data, such as the query: always plain text) after the name."""
        subtitle = one_line(subtitle)
        if subtitle == self.subtitle:
            return
        self.subtitle = subtitle
        text = Text(self.app_name)
        if subtitle:
            text.append(" — ", "dim")
            text.append(subtitle, "dim")
        self.update(text, layout=False)  # one line, always: no new layout of the screen
