"""Add or edit a film: a form checked as the exchange schema checks a record, plus the years a
new film can have (1870 to next year + 5). Ctrl+S saves, Escape leaves without saving."""

from __future__ import annotations

import datetime
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from store import DISCIPLINES, Film, Source, ValidationError, slugify
from store.model import FIRST_FILM_YEAR, title_with_year
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
    ("disciplines", "Disciplines", "; ".join(DISCIPLINES[:4]) + "; …"),
)
LIST_FIELDS = ("aka", "countries", "languages", "directors", "writers", "disciplines")
LABELS = {name: label for name, label, _ in FIELDS} | {"synopsis": "Synopsis"}


def shown_in_form(name: str, text: str) -> str:
    """`text` as field `name` holds and shows it: control characters as one-character stand-ins."""
    return editor_text(text) if name == "synopsis" else field_text(text)


def latest_year() -> int:
    return datetime.date.today().year + 6 - 1  # next year + 5


def film_from_form(values: dict[str, str], synopsis: str, editing: Film | None) -> Film:
    """The film the form describes; ValidationError names the field at fault."""
    where = "the form"
    year_text = values["year"].strip()
    year: int | None = None
    if year_text:  # empty: the year is not known
        try:
            year = int(year_text)
        except ValueError:
            raise ValidationError(where, "year", f"must be a whole number, got {year_text!r}") from None
        if not FIRST_FILM_YEAR <= year <= latest_year():
            raise ValidationError(where, "year",
                                  f"must be between {FIRST_FILM_YEAR} and {latest_year()}, got {year}")
    record: dict[str, object] = {"year": year, "title": values["title"].strip(), "synopsis": synopsis.strip()}
    for name in LIST_FIELDS:
        record[name] = [item.strip() for item in values[name].split(";") if item.strip()]
    runtime = values["runtime_min"].strip()
    if runtime:
        try:
            record["runtime_min"] = int(runtime)
        except ValueError:
            raise ValidationError(where, "runtime_min", f"must be a whole number of minutes, got {runtime!r}") from None
    if not record["title"]:
        raise ValidationError(where, "title", "is required")
    record["disciplines"] = [str(name).lower() for name in record["disciplines"]]  # type: ignore[union-attr]
    record["id"] = editing.id if editing else slugify(str(record["title"]), year)
    checked = Film.from_dict(record, where=where)
    today = datetime.date.today().isoformat()
    if editing is None:
        return replace(checked, sources=(Source("Added by you in Running Films", f"on {today}"),))
    kept = tuple(source for source in editing.sources if source.document != "Edited by you in Running Films")
    return replace(editing, **{name: getattr(checked, name) for name in (*LIST_FIELDS, "title", "year",
                                                                           "runtime_min", "synopsis")},
                   sources=(*kept, Source("Edited by you in Running Films", f"on {today}")))


class FilmForm(SaveOrCancel[Film]):
    """Dismisses with the checked film (its id set for an edit), or None when cancelled.

    The fields show control characters as visible stand-ins (SafeInput). A field left as it
    was saves the film's own text, control characters and all; a changed field saves what it
    shows, and Ctrl+S first says which stand-ins will replace control characters (a second
    Ctrl+S saves): nothing is dropped from the record without a word.
    """

    DEFAULT_CSS = """
    FilmForm {
        align: center middle;
        #dialog { width: 90%; max-width: 90; height: 90%; border: thick $accent; background: $surface;
                  padding: 0 1; }
        #fields { height: 1fr; layout: grid; grid-size: 2; grid-columns: 15 1fr; grid-rows: 1; grid-gutter: 1 1;
                  margin-top: 1; }
        Label { text-style: bold; }
        Input { background: $boost; }
        Input:focus { background: $primary 30%; }
        Input.-invalid { background: $error 40%; }
        #synopsis { height: 6; row-span: 6; }
        #problem { color: $error; text-style: bold; height: auto; }
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
                    yield Label(label)
                    yield SafeInput(self._initial(name), placeholder=placeholder, id=f"field-{name}", compact=True)
                yield Label("Synopsis")
                yield SafeTextArea(self._initial("synopsis"), soft_wrap=True, id="synopsis")
            yield Static(Text(self._control_notice()), id="problem")
            yield Static(Text("Tab next field · Ctrl+S save · Escape cancel", style="dim"))
        yield KeyFooter()

    def _initial(self, name: str) -> str:
        if self.editing is None:
            return ""
        value = getattr(self.editing, name)
        if name in LIST_FIELDS:
            return "; ".join(value)
        return "" if value is None else str(value)

    def _control_notice(self) -> str:
        """Which of the film's fields hold control characters, and what saving does with them."""
        labels = [label for name, label in LABELS.items()
                  if stand_ins_added(original := self._initial(name), shown_in_form(name, original))]
        if not labels:
            return ""
        return f"{', '.join(labels)}: control characters shown as stand-ins; a field left as it is keeps them"

    def _values(self) -> dict[str, str]:
        """The text of every field, synopsis too: the film's own text where a field shows it unchanged."""
        shown = {name: self.query_one(f"#field-{name}", Input).value for name, _, _ in FIELDS}
        shown["synopsis"] = self.query_one("#synopsis", SafeTextArea).text
        return {name: original if text == shown_in_form(name, original := self._initial(name)) else text
                for name, text in shown.items()}

    def _replacements(self, values: dict[str, str]) -> str:
        """What saving `values` puts in place of control characters; "" for nothing."""
        replaced = [f"{LABELS[name]} {stand_ins}" for name, value in values.items()
                    if (stand_ins := stand_ins_added(self._initial(name), value))]
        if not replaced:
            return ""
        return f"{'; '.join(replaced)} will be saved in place of control characters · Ctrl+S again saves"

    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()

    def action_save(self) -> None:
        values = self._values()
        for field in self.query(Input):
            field.remove_class("-invalid")
        if (replacements := self._replacements(values)) and values != self._confirmed:
            self._confirmed = values  # said once: Ctrl+S again, nothing changed meanwhile, saves
            self.query_one("#problem", Static).update(Text(replacements))
            return
        synopsis = values.pop("synopsis")
        try:
            film = film_from_form(values, synopsis, self.editing)
        except ValidationError as error:
            name = error.field.split("[")[0]
            label = LABELS.get(name, name)
            self.query_one("#problem", Static).update(Text(one_line(f"{label}: {error.problem}")))
            if name in values:
                field = self.query_one(f"#field-{name}", Input)
                field.add_class("-invalid")
                field.focus()
            return
        self.dismiss(film)
