"""The footer: the keys that work here, with what they do, drawn by one widget as one line.

Textual's Footer builds a widget for every key and rebuilds them all whenever the focus moves:
two dozen widgets restyled on each change, a visible share of the start-up and of every focus
change. This draws the same line as text. A group of bindings (`Binding.Group`) shows its keys
side by side under one label ("dctv Filter"); a disabled key is dim; the command palette's key
sits at the right edge, Help beside it. When the keys do not fit, the groups' labels go first, then
the last groups (the keys are declared most useful first). Clicking a key presses it; hovering over
one shows its tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widget import Widget

KEY_GAP = " "
GROUP_GAP = "  "
PALETTE_EDGE = "▏"
DIM = Style(dim=True)  # a disabled key, and the palette key's edge
HELP_ACTIONS = frozenset({"help", "app.help"})  # kept in sight at any width, beside the palette's key
PALETTE_ACTIONS = frozenset({"command_palette", "app.command_palette"})

Entry = tuple[Binding, bool, str]  # a binding, whether it is enabled, its tooltip
Unit = tuple[Binding.Group | None, list[Entry]]  # a group of keys under one label, or single keys


def _units(shown: list[Entry]) -> list[Unit]:
    """The footer's pieces in order: a group of several keys is one; a key of its own is one."""
    units: list[Unit] = []
    for group, members in groupby(shown, lambda entry: entry[0].group):
        bindings = list(members)
        if group is not None and len(bindings) > 1:
            units.append((group, bindings))
        else:
            units += [(None, [entry]) for entry in bindings]
    return units


@dataclass(frozen=True)
class KeySpan:
    """Where a key sits on the line, and what pressing it does."""

    start: int
    end: int
    key: str
    tooltip: str


class KeyFooter(Widget):
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--hover"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[KeySpan] = []
        self._hovered: KeySpan | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    @staticmethod
    def _entry(active: ActiveBinding) -> tuple[Binding, bool, str]:
        """The binding, whether it is enabled, and the tooltip it shows on hover."""
        binding = active.binding
        return binding, active.enabled, active.tooltip or binding.tooltip or binding.description

    @classmethod
    def _shown_bindings(cls, bindings: Mapping[str, ActiveBinding]) -> list[tuple[Binding, bool, str]]:
        """The bindings to show, in order, each action once (a binding of two keys shows its first)."""
        seen: set[str] = set()
        shown = []
        for active in bindings.values():
            if active.binding.show and active.binding.action not in seen:
                seen.add(active.binding.action)
                shown.append(cls._entry(active))
        return shown

    def render(self) -> Text:
        active_bindings = self.screen.active_bindings  # worked out anew on each call: once per render
        shown = self._shown_bindings(active_bindings)
        pinned = [entry for entry in shown if entry[0].action in HELP_ACTIONS]
        units = _units([entry for entry in shown if entry not in pinned])
        tail: list[Unit] = [(None, pinned)] if pinned else []
        palette = self._palette_binding(active_bindings)
        room = self.size.width - (self._palette_width(palette[0]) if palette else 0)
        # What fits: every key with its labels; else every key with the groups' labels left out;
        # else the first groups in their order (the most useful first); Help is then kept, at the end.
        candidates = [(_units(shown), True), (units + tail, False)]
        candidates += [(units[:keep] + tail, True) for keep in range(len(units) - 1, -1, -1)]
        for chosen, labels in candidates:
            line, spans = self._line(chosen, labels)
            if len(line) <= room:
                break
        if palette is not None:
            # Right-aligned; on a terminal too narrow even for Help, the other keys are cut to keep it in sight.
            binding, enabled, tooltip = palette
            left = max(0, room)
            line.truncate(left, pad=True)
            spans = [span for span in spans if span.end <= left]
            line.append(PALETTE_EDGE, DIM)
            self._add(line, spans, binding, enabled, tooltip, binding.description)
        hovered = self._hovered
        if hovered in spans:
            line.stylize(self.get_component_rich_style("key-footer--hover", partial=True), hovered.start, hovered.end)
        self._spans = spans
        return line

    def _palette_width(self, binding: Binding) -> int:
        return len(PALETTE_EDGE) + len(self.app.get_key_display(binding)) + 1 + len(binding.description)

    def _add(
        self, line: Text, spans: list[KeySpan], binding: Binding, enabled: bool, tooltip: str, description: str
    ) -> None:
        """The key, then its description if any; a click anywhere on the two presses the key."""
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        start = len(line)
        line.append(self.app.get_key_display(binding), key_style if enabled else key_style + DIM)
        if description:
            line.append(" ")
            line.append(description, description_style if enabled else description_style + DIM)
        spans.append(KeySpan(start, len(line), binding.key, tooltip))

    def _line(self, units: list[Unit], labels: bool) -> tuple[Text, list[KeySpan]]:
        """The keys of `units` on one line; a group's label only with `labels` (its keys' tooltips stay)."""
        description_style = self.get_component_rich_style("key-footer--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[KeySpan] = []
        after_group = False
        for group, bindings in units:
            if line:  # a group stands apart from its neighbours; single keys sit closer
                line.append(GROUP_GAP if group is not None or after_group else KEY_GAP)
            after_group = group is not None
            if group is not None:
                for binding, enabled, tooltip in bindings:
                    self._add(line, spans, binding, enabled, tooltip, "")
                if labels:
                    line.append(" ")
                    line.append(group.description, description_style)
                continue
            for index, (binding, enabled, tooltip) in enumerate(bindings):
                if index:
                    line.append(KEY_GAP)
                self._add(line, spans, binding, enabled, tooltip, binding.description)
        return line, spans

    def _palette_binding(self, bindings: Mapping[str, ActiveBinding]) -> tuple[Binding, bool, str] | None:
        """The command palette's binding, found by its action: the user's keymap may have moved its key."""
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        active = next((active for active in bindings.values() if active.binding.action in PALETTE_ACTIONS), None)
        return None if active is None else self._entry(active)

    def _span_at(self, x: int) -> KeySpan | None:
        return next((span for span in self._spans if span.start <= x < span.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        span = self._span_at(event.x)
        if span != self._hovered:
            self._hovered = span
            self.tooltip = span.tooltip if span else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        span = self._span_at(event.x)
        if span is not None:
            self.app.simulate_key(span.key)
