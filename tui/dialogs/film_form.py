"""Add or edit a film: a form checked as the exchange schema checks a record, plus the years a
typed film can have (the model's `film_years(typed=True)`: 1870 to next year + 5). Ctrl+S saves
(or says every field's problem at once);
Escape leaves without saving (asking first when something was changed)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from store import DISCIPLINES, Film, Source, ValidationError, slugify
from store.model import FIRST_FILM_YEAR, film_years, title_with_year
from store.words import LIST_FIELDS, join_list, list_field_items, whole_number_problem
from tui.dialogs.save_or_cancel import SaveOrCancel
from tui.safe import editor_text, field_text, one_line, stand_ins_added
from tui.widgets.key_footer import KeyFooter
from tui.widgets.safe_input import SafeInput
from tui.widgets.safe_text_area import SafeTextArea

# (field, label, placeholder); list fields are typed separated by ';'.
FIELDS = (
    ("title", "Title", "required"),
    ("year", "Year", f"{FIRST_FILM_YEAR} to next year + 5; empty if not known"),
    ("aka", "Also known as", "other titles; separated by ;"),
    ("countries", "Countries", "codes, names or aliases: US; Soviet Union; USSR"),
    ("languages", "Languages", "ISO 639-1 codes: en; ru"),
    ("directors", "Directed by", "names; separated by ;"),
    ("writers", "Written by", "names; separated by ;"),
    ("runtime_min", "Runtime (min)", "minutes"),
    ("disciplines", "Disciplines", join_list((*DISCIPLINES[:4], "…"), spaced=True)),
)
LABELS = {name: label for name, label, _ in FIELDS} | {"synopsis": "Synopsis"}


def shown_in_form(name: str, text: str) -> str:
    """`text` as field `name` holds and shows it: control characters as one-character stand-ins."""
    return editor_text(text) if name == "synopsis" else field_text(text)


def field_value(name: str, text: str) -> object:
    """The record's value for field `name` as typed: a list for a list field (`;` between
    items), a number for the year and the runtime (None when empty). ValidationError when the
    title is empty or a number is not a whole number (the year: not one a film can have)."""
    where = "the form"
    text = text.strip()
    if name in LIST_FIELDS:
        return list_field_items(name, text)
    if name == "title" and not text:
        raise ValidationError(where, "title", "is required")
    if name not in ("year", "runtime_min") or not text:
        return text if name in ("title", "synopsis") else None
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(where, name, whole_number_problem(repr(text))) from None
    first_year, last_year = film_years(typed=True)
    if name == "year" and not first_year <= number <= last_year:
        raise ValidationError(where, "year", f"must be between {first_year} and {last_year}, got {number}")
    return number


def form_problems(values: dict[str, str]) -> list[tuple[str, str]]:
    """Every field's problem, in the order of the form: (field, problem); [] when all is well.
    Each field is checked by itself, as the exchange schema checks it in a record."""
    problems = []
    for name in (*(name for name, _, _ in FIELDS), "synopsis"):
        try:
            value = field_value(name, values[name])
            Film.from_dict({"id": "checked", "title": "checked", name: value}, where="the form")
        except ValidationError as error:
            problems.append((name, error.problem))
    return problems


def film_from_form(values: dict[str, str], synopsis: str, editing: Film | None) -> Film:
    """The film the form describes; ValidationError names the (first) field at fault."""
    record = {name: field_value(name, text) for name, text in (*values.items(), ("synopsis", synopsis))}
    year = record["year"]
    record["id"] = editing.id if editing else slugify(str(record["title"]), year if isinstance(year, int) else None)
    checked = Film.from_dict(record, where="the form")
    today = datetime.date.today().isoformat()
    if editing is None:
        return replace(checked, sources=(Source("Added by you in Running Films", f"on {today}"),))
    kept = tuple(source for source in editing.sources if source.document != "Edited by you in Running Films")
    return replace(
        editing,
        **{name: getattr(checked, name) for name in (*LIST_FIELDS, "title", "year", "runtime_min", "synopsis")},
        sources=(*kept, Source("Edited by you in Running Films", f"on {today}")),
    )


class FilmForm(SaveOrCancel[Film]):
    """Dismisses with the checked film (its id set for an edit), or None when cancelled.

    The fields show control characters as visible stand-ins (SafeInput). A field left as it
    was saves the film's own text, control characters and all; a changed field saves what it
    shows, and Ctrl+S first says which stand-ins will replace control characters (a second
    Ctrl+S saves): nothing is dropped from the record without a word.
    """

    # One row a field, the label beside it; the synopsis below takes the rows left (4 at least),
    # and the fields scroll when the screen is shorter than that. 30 rows in all at most.
    DEFAULT_CSS = """
    FilmForm {
        align: center middle;
        #dialog { width: 90%; max-width: 90; height: 100%; max-height: 30; border: thick $accent;
                  background: $surface; padding: 0 1; }
        #fields { height: 1fr; margin-top: 1; scrollbar-size-vertical: 1; }
        .row { height: 1; }
        .row Label { width: 15; margin-right: 1; text-style: bold; }
        .row Input { width: 1fr; background: $boost; }
        #synopsis-row { height: 1fr; min-height: 5; margin-top: 1; }
        #synopsis-row Label { width: 15; margin-right: 1; text-style: bold; }
        #synopsis { width: 1fr; height: 1fr; padding: 0; background: $boost; }
        #synopsis:focus { background: $primary 15%; }
        Input:focus { background: $primary 30%; }
        Input.-invalid, SafeTextArea.-invalid { background: $error 40%; }
        #problem { color: $error; text-style: bold; height: auto; max-height: 50%; }
        #hint { color: $text-muted; }
    }
    """

    def __init__(self, editing: Film | None = None) -> None:
        super().__init__()
        self.editing = editing
        self._confirmed: dict[str, str] | None = None  # the values whose replacements Ctrl+S has shown

    def compose(self) -> ComposeResult:
        film = self.editing
        heading = f"Edit {one_line(title_with_year(film.title, film.year))}" if film else "Add a film"
        with Vertical(id="dialog"):
            yield Static(Text(heading, style="bold"))
            with VerticalScroll(id="fields"):
                for name, label, placeholder in FIELDS:
                    with Horizontal(classes="row"):
                        yield Label(label)
                        yield SafeInput(self._initial(name), placeholder=placeholder, id=f"field-{name}", compact=True)
                with Horizontal(id="synopsis-row"):
                    yield Label("Synopsis")
                    yield SafeTextArea(
                        self._initial("synopsis"),
                        soft_wrap=True,
                        show_line_numbers=False,
                        compact=True,
                        placeholder="what the film is about",
                        id="synopsis",
                    )
            yield Static(Text(self._control_notice()), id="problem")
            yield Static(Text("Tab next field · Ctrl+S save · Esc cancel"), id="hint")
        yield KeyFooter()

    def _initial(self, name: str) -> str:
        if self.editing is None:
            return ""
        value = getattr(self.editing, name)
        if name in LIST_FIELDS:
            return join_list(value, spaced=True)
        return "" if value is None else str(value)

    def _control_notice(self) -> str:
        """Which of the film's fields hold control characters, and what saving does with them."""
        labels = [
            label
            for name, label in LABELS.items()
            if stand_ins_added(original := self._initial(name), shown_in_form(name, original))
        ]
        if not labels:
            return ""
        return f"{', '.join(labels)}: control characters shown as stand-ins; a field left as it is keeps them"

    def _values(self) -> dict[str, str]:
        """The text of every field, synopsis too: the film's own text where a field shows it unchanged."""
        shown = {name: self.query_one(f"#field-{name}", Input).value for name, _, _ in FIELDS}
        shown["synopsis"] = self.query_one("#synopsis", SafeTextArea).text
        return {
            name: original if text == shown_in_form(name, original := self._initial(name)) else text
            for name, text in shown.items()
        }

    def _replacements(self, values: dict[str, str]) -> str:
        """What saving `values` puts in place of control characters; "" for nothing."""
        replaced = [
            f"{LABELS[name]} {stand_ins}"
            for name, value in values.items()
            if (stand_ins := stand_ins_added(self._initial(name), value))
        ]
        if not replaced:
            return ""
        return f"{'; '.join(replaced)} will be saved in place of control characters · Ctrl+S again saves"

    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()

    def has_changes(self) -> bool:
        return self._values() != {name: self._initial(name) for name in LABELS}

    def action_save(self) -> None:
        values = self._values()
        for field in self.query(Input):
            field.remove_class("-invalid")
        if (replacements := self._replacements(values)) and values != self._confirmed:
            self._confirmed = values  # said once: Ctrl+S again, nothing changed meanwhile, saves
            self.query_one("#problem", Static).update(Text(replacements))
            return
        if problems := form_problems(values):
            self._show_problems(problems)
            return
        synopsis = values.pop("synopsis")
        self.dismiss(film_from_form(values, synopsis, self.editing))

    def _show_problems(self, problems: list[tuple[str, str]]) -> None:
        """Every problem, a line each in the order of the form; the fields marked, the first focused."""
        lines = [one_line(f"{LABELS[name]}: {problem}") for name, problem in problems]
        self.query_one("#problem", Static).update(Text("\n".join(lines)))
        fields = [self.query_one(f"#field-{name}" if name != "synopsis" else "#synopsis") for name, _ in problems]
        for field in fields:
            field.add_class("-invalid")
        fields[0].focus()
