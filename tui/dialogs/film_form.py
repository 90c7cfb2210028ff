"""Add or edit a film: a form checked as the exchange schema checks a record, plus the years a
new film can have (1888 to next year + 5). Ctrl+S saves, Escape leaves without saving."""

from __future__ import annotations

import datetime
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from store import DISCIPLINES, Film, Source, ValidationError, slugify
from store.model import FIRST_FILM_YEAR
from tui.dialogs.save_or_cancel import SaveOrCancel
from tui.safe import one_line
from tui.widgets.key_footer import KeyFooter

# (field, label, placeholder); list fields are typed separated by ';'.
FIELDS = (
    ("title", "Title", "required"),
    ("year", "Year", f"{FIRST_FILM_YEAR} to next year + 5"),
    ("aka", "Also known as", "other titles; separated by ;"),
    ("countries", "Countries", "codes, names or aliases: US; Soviet Union; USSR"),
    ("languages", "Languages", "ISO 639-1 codes: en; ru"),
    ("directors", "Directed by", "names; separated by ;"),
    ("writers", "Written by", "names; separated by ;"),
    ("runtime_min", "Runtime (min)", "minutes"),
    ("disciplines", "Disciplines", "; ".join(DISCIPLINES[:4]) + "; …"),
)
LIST_FIELDS = ("aka", "countries", "languages", "directors", "writers", "disciplines")


def latest_year() -> int:
    return datetime.date.today().year + 6 - 1  # next year + 5


def film_from_form(values: dict[str, str], synopsis: str, editing: Film | None) -> Film:
    """The film the form describes; ValidationError names the field at fault."""
    where = "the form"
    year_text = values["year"].strip()
    try:
        year = int(year_text)
    except ValueError:
        raise ValidationError(where, "year", f"must be a whole number, got {year_text!r}") from None
    if not FIRST_FILM_YEAR <= year <= latest_year():
        raise ValidationError(where, "year", f"must be between {FIRST_FILM_YEAR} and {latest_year()}, got {year}")
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
    """Dismisses with the checked film (its id set for an edit), or None when cancelled."""

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

    def compose(self) -> ComposeResult:
        film = self.editing
        heading = f"Edit {one_line(film.title)} ({film.year})" if film else "Add a film"
        with Vertical(id="dialog"):
            yield Static(Text(heading, style="bold"))
            with VerticalScroll(id="fields"):
                for name, label, placeholder in FIELDS:
                    yield Label(label)
                    yield Input(self._initial(name), placeholder=placeholder, id=f"field-{name}", compact=True)
                yield Label("Synopsis")
                yield TextArea(film.synopsis if film else "", soft_wrap=True, id="synopsis")
            yield Static("", id="problem")
            yield Static(Text("Tab next field · Ctrl+S save · Escape cancel", style="dim"))
        yield KeyFooter()

    def _initial(self, name: str) -> str:
        if self.editing is None:
            return ""
        value = getattr(self.editing, name)
        if name in LIST_FIELDS:
            return "; ".join(value)
        return "" if value is None else str(value)

    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()

    def action_save(self) -> None:
        values = {name: self.query_one(f"#field-{name}", Input).value for name, _, _ in FIELDS}
        for field in self.query(Input):
            field.remove_class("-invalid")
        try:
            film = film_from_form(values, self.query_one("#synopsis", TextArea).text, self.editing)
        except ValidationError as error:
            name = error.field.split("[")[0]
            label = dict((field, label) for field, label, _ in FIELDS).get(name, name)
            self.query_one("#problem", Static).update(Text(one_line(f"{label}: {error.problem}")))
            if name in values:
                field = self.query_one(f"#field-{name}", Input)
                field.add_class("-invalid")
                field.focus()
            return
        self.dismiss(film)
