"""running-films.json: what letterboxd_zip adds beside Letterboxd's files (ids, lists' order and
`ranked`, a rating taken back), read back by store.formats.letterboxd_sidecar and joined."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from store.diary import Diary, Viewing
from store.diary_import import join_exports
from store.formats import export_format, letterboxd_sidecar, read_import_file
from store.formats.letterboxd_out import letterboxd_zip
from store.held import HeldFilm, held_key
from store.lists import FilmList, ListEntry
from store.logged import FilmRef, ForeignExport
from store.model import Film

DAY = datetime.date
SIDECAR = "running-films.json"


def film(film_id: str, title: str, year: int | None, **fields: object) -> Film:
    return Film.from_dict({"id": film_id, "title": title, **({"year": year} if year else {}), **fields}, where=film_id)


# Two catalog films of one title and year, told apart by their IMDb ids only.
TWIN_A = film("home-straight-2019", "Home Straight", 2019, ids={"imdb": "tt0000001", "tmdb": "11"})
TWIN_B = film("home-straight-2019-2", "Home Straight", 2019, ids={"imdb": "tt0000002"})
RUNNING = film("running-1979", "Running", 1979)  # no id at all
FILMS = [TWIN_A, TWIN_B, RUNNING]
DIARIES = {
    TWIN_A.id: Diary(
        watched=True,
        marked_on=DAY(2024, 1, 1),
        rating=2.0,
        rated_on=DAY(2024, 1, 1),
        viewings=(Viewing(DAY(2024, 1, 1), DAY(2024, 1, 1), 2.0),),
    ),
    TWIN_B.id: Diary(
        watched=True,
        marked_on=DAY(2023, 1, 1),
        rating=5.0,
        rated_on=DAY(2023, 1, 1),
        liked=True,
        liked_on=DAY(2023, 1, 2),
        ids=(("boxd", "tw2"),),
        viewings=(Viewing(DAY(2023, 1, 1), DAY(2023, 1, 1), 4.5, tags=("cinema",)),),
    ),
    # The rating taken back (`mark running --no-rating`): the viewing keeps its own.
    RUNNING.id: Diary(
        watched=True, marked_on=DAY(2024, 5, 1), viewings=(Viewing(DAY(2024, 5, 1), DAY(2024, 5, 1), 4.0),)
    ),
}
# Two films held from an IMDb export, of one title and year (a feature and a short).
SPRINT = FilmRef("Sprint", 2001, (("imdb", "tt0000011"),), ("A. Director",))
SPRINT_SHORT = FilmRef("Sprint", 2001, (("imdb", "tt0000012"),), ("B. Director",))
# A held film whose title has a line break: the rows after it start a line further down.
BROKEN = FilmRef("Two\nLines", 1999, (("boxd", "br1"), ("imdb", "tt0000013")))
HELD = [
    HeldFilm(
        held_key(BROKEN), BROKEN, Diary(watched=True, marked_on=DAY(2020, 1, 1), rating=3.0, rated_on=DAY(2020, 1, 1))
    ),
    HeldFilm(
        held_key(SPRINT),
        SPRINT,
        Diary(
            watched=True,
            marked_on=DAY(2024, 1, 2),
            rating=4.0,
            rated_on=DAY(2024, 1, 1),
            viewings=(Viewing(DAY(2024, 1, 1), DAY(2024, 1, 2), 4.0),),
        ),
    ),
    HeldFilm(
        held_key(SPRINT_SHORT),
        SPRINT_SHORT,
        Diary(
            watched=True,
            marked_on=DAY(2024, 1, 3),
            rating=1.0,
            rated_on=DAY(2024, 1, 3),
            viewings=(Viewing(DAY(2024, 1, 3), DAY(2024, 1, 3), 1.0, review="Short."),),
            watchlist=True,
            watchlist_since=DAY(2020, 2, 2),
        ),
    ),
]
LISTS = [
    FilmList(
        "Zatopek's",
        ranked=True,
        entries=(ListEntry(held_key(SPRINT_SHORT), "the short"), ListEntry(TWIN_B.id), ListEntry(held_key(SPRINT))),
    ),
    FilmList("Allez", entries=(ListEntry(TWIN_A.id), ListEntry(RUNNING.id))),
    FilmList("Middle", ranked=True),
]


def payload() -> bytes:
    return letterboxd_zip(FILMS, DIARIES, LISTS, HELD)


def read(tmp_path: Path, data: bytes, name: str = "export.zip") -> ForeignExport:
    path = tmp_path / name
    path.write_bytes(data)
    (export,) = read_import_file(path).foreign
    assert export.bad_rows == []
    return export


def join(export: ForeignExport, films: list[Film]):  # type: ignore[no-untyped-def]
    changes, _, _ = join_exports([export], {item.id: item for item in films}, {}, {}, {}, add_missing=False)
    return changes


def with_sidecar(data: bytes, sidecar: bytes | None) -> bytes:
    """The ZIP with running-films.json replaced by `sidecar` (left out if None)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name != SIDECAR:
                target.writestr(name, source.read(name))
        if sidecar is not None:
            target.writestr(SIDECAR, sidecar)
    return buffer.getvalue()


def sidecar_of(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read(SIDECAR))


# --- written -----------------------------------------------------------------------------------


def test_the_zip_holds_running_films_json_beside_letterboxds_files() -> None:
    data = payload()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[-1] == SIDECAR
    document = sidecar_of(data)
    assert (document["format"], document["version"]) == ("running-films letterboxd-zip", 1)
    assert document["lists"] == [
        {"file": "lists/zatopek-s.csv", "ranked": True},
        {"file": "lists/allez.csv", "ranked": False},
        {"file": "lists/middle.csv", "ranked": True},
    ]
    films = {(record["title"], json.dumps(record["ids"], sort_keys=True)): record for record in document["films"]}
    running = films[("Running", "{}")]
    assert running["no_rating"] is True and "directors" not in running
    sprint = films[("Sprint", '{"imdb": "tt0000011"}')]
    assert sprint["directors"] == ["A. Director"] and "no_rating" not in sprint
    assert set(sprint["rows"]) == {"watched.csv", "diary.csv", "ratings.csv", "lists/zatopek-s.csv"}
    assert letterboxd_zip(FILMS, DIARIES, LISTS, HELD) == data  # the same ZIP each time
    # Films in the order of their rows, not of the database (held films come back in another order).
    assert sidecar_of(letterboxd_zip(FILMS[::-1], DIARIES, LISTS, HELD[::-1])) == document


# --- read back and joined ----------------------------------------------------------------------


def test_ids_of_catalog_and_held_films_come_back_and_twins_stay_two(tmp_path: Path) -> None:
    export = read(tmp_path, payload())
    # Every row names its film by its ids, a diary.csv row (whose URI is the entry's) included.
    sprint_rows = [row for row in export.rows if row.film.title == "Sprint"]
    assert {row.film for row in sprint_rows} == {SPRINT, SPRINT_SHORT}
    assert all(row.film.ids for row in export.rows if row.film.title != "Running")  # lines counted as read
    (taken_back,) = [row for row in export.rows if row.where.startswith(SIDECAR)]
    assert (taken_back.kind, taken_back.film, taken_back.rating) == ("rating", FilmRef("Running", 1979), None)
    changes = join(export, FILMS)
    assert changes.diaries == DIARIES  # the twins keep their own diaries; the rating taken back stays so
    assert {key: item for key, item in changes.held.items() if item} == {item.key: item for item in HELD}


def test_into_a_catalog_without_the_films_they_are_held_by_their_ids(tmp_path: Path) -> None:
    changes = join(read(tmp_path, payload()), [RUNNING])
    held = {key: item for key, item in changes.held.items() if item}
    assert {item.film.ids for item in held.values()} == {
        (("imdb", "tt0000001"), ("tmdb", "11")),
        (("boxd", "tw2"), ("imdb", "tt0000002")),
        SPRINT.ids,
        SPRINT_SHORT.ids,
        BROKEN.ids,
    }
    assert sorted(item.diary.rating for item in held.values() if item.film.title == "Home Straight") == [2.0, 5.0]
    assert changes.diaries[RUNNING.id].rating is None


def test_lists_come_back_in_the_order_given_with_ranked(tmp_path: Path) -> None:
    export = read(tmp_path, payload())
    assert [(info.name, info.ranked) for info in export.lists] == [
        ("Zatopek's", True),
        ("Allez", False),
        ("Middle", True),
    ]
    changes = join(export, FILMS)
    assert [changes.lists[key] for key in sorted(changes.lists, key=int)] == LISTS


def test_an_export_folder_and_a_zip_with_a_top_folder_use_it_too(tmp_path: Path) -> None:
    data = payload()
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    (from_folder,) = read_import_file(folder).foreign
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            target.writestr(f"letterboxd-me-2024/{name}", source.read(name))
    from_zip = read(tmp_path, data)
    rezipped = read(tmp_path, buffer.getvalue(), "rezipped.zip")
    assert from_folder.rows == from_zip.rows == rezipped.rows
    assert from_folder.lists == from_zip.lists == rezipped.lists


# --- it only adds: anything wrong with it and it is ignored -------------------------------------

DAMAGED = {
    "not JSON": b"{not json",
    "not UTF-8": b'{"format": "\xff"}',
    "another version": json.dumps(
        {
            "format": "running-films letterboxd-zip",
            "version": 2,
            "films": [],
            "lists": [{"file": "lists/middle.csv", "ranked": False}],
        }
    ).encode(),
    "no format": json.dumps({"version": 1}).encode(),
    "a list": b"[1, 2, 3]",
    "films not a list": json.dumps(
        {"format": "running-films letterboxd-zip", "version": 1, "films": {"a": 1}, "lists": []}
    ).encode(),
    "deep": b"[" * 200_000 + b"]" * 200_000,
    "a huge number": b'{"version": 1' + b"9" * 100_000 + b"}",
    "a lone surrogate": b'{"format": "running-films letterboxd-zip", "version": 1, "films": [], '
    b'"lists": [{"file": "\\ud800", "ranked": true}]}',
    "empty": b"",
}


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_a_damaged_sidecar_is_ignored_and_nothing_is_lost(tmp_path: Path, damage: str) -> None:
    data = payload()
    without = read(tmp_path, with_sidecar(data, None), "without.zip")
    damaged = read(tmp_path, with_sidecar(data, DAMAGED[damage]), "damaged.zip")
    assert damaged.rows == without.rows and damaged.lists == without.lists
    assert damaged.not_imported == without.not_imported == []


def test_entries_not_as_written_are_left_out_and_the_rest_is_used(tmp_path: Path) -> None:
    data = payload()
    document = sidecar_of(data)
    sprint = next(record for record in document["films"] if record["ids"] == {"imdb": "tt0000011"})
    short = next(record for record in document["films"] if record["ids"] == {"imdb": "tt0000012"})
    running = next(record for record in document["films"] if record["title"] == "Running")
    twin = next(record for record in document["films"] if record["ids"].get("imdb") == "tt0000001")
    sprint["ids"] = {"imdb": "not an id", "evil": "tt0000011", "tmdb": 12}  # kinds and values refused
    short["rows"] = {"ratings.csv": ["2"]}  # the whole record is left out
    running["rows"] = twin["rows"]  # another film's rows: their title differs
    document["films"].remove(twin)
    document["films"] += [None, "x", {"title": ["x"]}, {"title": "Sprint", "year": True, "rows": {}}]
    document["lists"] = [{"file": "lists/middle.csv", "ranked": "yes"}, 7, {"file": "lists/nowhere.csv"}]
    export = read(tmp_path, with_sidecar(data, json.dumps(document).encode()))
    assert {row.film.ids for row in export.rows if row.film.title == "Sprint"} == {()}
    assert not any(row.film.ids for row in export.rows if row.film.title == "Running")
    assert not any(row.where.startswith(SIDECAR) for row in export.rows)  # Running's was not found
    assert [(info.name, info.ranked) for info in export.lists] == [
        ("Middle", False),
        ("Allez", False),
        ("Zatopek's", False),
    ]
    twins = {row.film.ids for row in export.rows if row.film.title == "Home Straight"}
    assert twins == {(), (("boxd", "tw2"), ("imdb", "tt0000002"))}


def test_a_film_naming_many_lines_costs_no_more_than_the_rows_there(tmp_path: Path) -> None:
    data = payload()
    document = sidecar_of(data)
    running = next(record for record in document["films"] if record["title"] == "Running")
    running["rows"] = {
        **running["rows"],
        "diary.csv": [*running["rows"]["diary.csv"], *range(1, 1_000_000)],
        **{f"lists/{number}.csv": [1] for number in range(1000)},
    }
    export = read(tmp_path, with_sidecar(data, json.dumps(document).encode()))
    assert any(row.where.startswith(SIDECAR) for row in export.rows)  # its own rows are still its


def test_a_row_edited_by_hand_keeps_its_ids_only_by_its_letterboxd_uri(tmp_path: Path) -> None:
    """A row taken out of watched.csv moves the rows after it up: each is checked by its title and
    year, and found again by its Letterboxd URI where it has one."""
    data = payload()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            text = source.read(name)
            if name == "watched.csv":
                lines = text.split(b"\r\n")
                text = b"\r\n".join([lines[0], *lines[2:]])  # the first film's row taken out
            target.writestr(name, text)
    export = read(tmp_path, buffer.getvalue())
    watched = {row.film for row in export.rows if row.where.startswith("watched.csv")}
    assert FilmRef("Home Straight", 2019, (("boxd", "tw2"), ("imdb", "tt0000002"))) in watched  # by its URI
    assert FilmRef("Sprint", 2001) in watched  # no URI, its line moved: as Letterboxd's own export names it


def test_a_sidecar_larger_than_the_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = payload()
    monkeypatch.setattr(letterboxd_sidecar, "SIDECAR_LIMIT", 100)
    export = read(tmp_path, data)
    assert export.rows == read(tmp_path, with_sidecar(data, None), "without.zip").rows
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    (from_folder,) = read_import_file(folder).foreign
    assert from_folder.rows == export.rows
    shutil.rmtree(folder)


# --- the format an export's extension names ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "given", "expected"),
    [
        ("diary.zip", None, "letterboxd-zip"),
        ("DIARY.ZIP", None, "letterboxd-zip"),
        ("diary.csv", None, "csv"),
        ("diary.json", None, "json"),
        ("diary", None, "json"),
        ("diary.zip", "json", "json"),
    ],
)
def test_the_export_format_follows_the_extension(name: str, given: str | None, expected: str) -> None:
    assert export_format(Path(name), given) == expected
