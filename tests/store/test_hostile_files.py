"""Hostile import and export files (issue 11): formula cells, ZIP bombs, JSON built to break the parser.

Every hostile file is built here, small, in tmp_path; each must end in one ExchangeFileError line.
"""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store import formats
from store.diary import Diary
from store.exchange import ExchangeFileError, read_exchange_file
from store.formats import export_bytes, read_import_file
from store.model import Film

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Any text a UTF-8 file can hold: lone surrogates cannot be written to one.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
TITLES = ANY_TEXT.filter(lambda text: bool(text) and text == text.strip())  # the CSV import strips titles


def _film(title: str = "A Film", **fields: object) -> Film:
    return Film.from_dict({"id": "a-film-2000", "title": title, "year": 2000, **fields}, where="test")


def _cells(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode(), newline="")))


def _reimport(tmp_path: Path, payload: bytes) -> formats.Incoming:
    path = tmp_path / "again.csv"
    path.write_bytes(payload)
    return read_import_file(path)


def _message(path: Path) -> str:
    with pytest.raises(ExchangeFileError) as error:
        read_import_file(path)
    message = str(error.value)
    assert str(path) in message and "\n" not in message and len(message) < 400, message
    return message


# --- 2. spreadsheet formulas in exported CSV ------------------------------------------------


@pytest.mark.parametrize("format_name", ["csv", "letterboxd"])
def test_formula_cells_get_a_quote_in_front(format_name: str) -> None:
    film = _film('=HYPERLINK("http://evil.example","click")', directors=["@SUM(1+1)"], synopsis="-2+3")
    diary = {film.id: Diary(watched=True, review="+cmd|' /C calc'!A0")}
    row = _cells(export_bytes([film], diary, format_name))[1]
    assert '\'=HYPERLINK("http://evil.example","click")' in row
    assert "'@SUM(1+1)" in row
    assert not any(cell.startswith(TRIGGERS) for cell in row)


def test_neutralising_is_undone_exactly_by_the_import(tmp_path: Path) -> None:
    cases = {  # title: its cell in the export
        "=1+1": "'=1+1",
        "'Round Midnight": "'Round Midnight",  # a quote before no trigger is left alone
        "'=1+1": "''=1+1",  # a quote already in front gets one more: the import takes exactly one off
        "''-1": "'''-1",
        "Run\tLola": "Run\tLola",  # only the first character makes a formula
    }
    films = [_film(title, id=f"film-{n}-2000") for n, title in enumerate(cases)]
    payload = export_bytes(films, {}, "csv")
    assert [row[1] for row in _cells(payload)[1:]] == list(cases.values())
    assert [film.title for film in _reimport(tmp_path, payload).films] == list(cases)


def test_a_title_with_a_carriage_return_is_quoted_and_read_back(tmp_path: Path) -> None:
    payload = export_bytes([_film("Run\rLola\r"), _film("Two", id="two-2000")], {}, "csv")
    films = _reimport(tmp_path, payload).films
    assert [film.title for film in films] == ["Run\rLola\r", "Two"]  # the title exactly as it was


def test_letterboxd_rows_read_back_their_neutralised_titles(tmp_path: Path) -> None:
    film = _film("-1 Mile\rRace")
    path = tmp_path / "letterboxd.csv"
    path.write_bytes(export_bytes([film], {film.id: Diary(watched=True, rating=4)}, "letterboxd"))
    rows = read_import_file(path).foreign[0].rows
    assert {(row.film.title, row.film.year) for row in rows} == {("-1 Mile\rRace", 2000)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TITLES, text=ANY_TEXT, review=ANY_TEXT.filter(bool))
@example(title="=Run\rLola", text="\r-", review="@\r\n")
def test_any_text_survives_csv_export_then_import(tmp_path: Path, title: str, text: str, review: str) -> None:
    film = _film(title, synopsis=text)
    payload = export_bytes([film], {film.id: Diary(review=review)}, "csv")
    incoming = _reimport(tmp_path, payload)
    assert incoming.films[0].title == title
    assert incoming.films[0].synopsis == text
    assert incoming.diaries[film.id].review == review


@settings(max_examples=150, deadline=None)
@given(title=TITLES, text=ANY_TEXT, format_name=st.sampled_from(["csv", "letterboxd"]))
@example(title="=1", text="", format_name="letterboxd")
def test_no_exported_cell_starts_with_a_formula_character(title: str, text: str, format_name: str) -> None:
    film = _film(title, synopsis=text, directors=[text] if text.strip() else [])
    rows = _cells(export_bytes([film], {film.id: Diary(watched=True, review=text or None)}, format_name))
    assert len(rows) == 2
    assert not any(cell.startswith(TRIGGERS) for cell in rows[1])


@settings(max_examples=300)
@given(cell=st.text(st.sampled_from("'=+-@\t\r\nax ;\"")) | ANY_TEXT)
def test_neutralising_a_cell_is_safe_and_reversible(cell: str) -> None:
    written = formats.neutralise_cell(cell)
    assert not written.startswith(TRIGGERS)
    assert formats.restore_cell(written) == cell


# --- 3. ZIP bombs -------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes | int], method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A ZIP of `members`; an int is that many MiB of zeros after a header, written in streaming chunks."""
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, content in members.items():
            with archive.open(name, "w", force_zip64=True) as member:
                member.write(b"Date,Name,Year,Letterboxd URI\n")
                if isinstance(content, int):
                    zeros = bytes(1 << 20)
                    for _ in range(content):
                        member.write(zeros)
                else:
                    member.write(content)
    return path


def _rows(count: int) -> bytes:
    return b"".join(
        b"2024-01-%02d,Film %d,%d,https://boxd.it/%x\n" % (n % 28 + 1, n, 1950 + n % 70, n * 7919) for n in range(count)
    )


@pytest.mark.parametrize(
    ("mib", "fragment"),
    [
        (50, "would unpack to 50 MiB, more than 200 times as much"),  # by the declared ratio
        (300, "unpacks to more than 64 MiB"),  # by the declared size
    ],
)
def test_a_zip_bomb_is_refused_before_it_costs_memory(tmp_path: Path, mib: int, fragment: str) -> None:
    path = _zip(tmp_path / "bomb.zip", {"watched.csv": mib})  # that many MiB of zeros, in 1/1000 of it
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        message = _message(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"{path}:watched.csv" in message and "ZIP bomb" in message and fragment in message
    assert peak < 16 * 1024 * 1024


def test_a_member_bigger_than_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "ZIP_MEMBER_LIMIT", 64 * 1024)
    path = _zip(tmp_path / "big.zip", {"diary.csv": _rows(3000)})  # ~150 KB of ordinary rows
    message = _message(path)
    assert f"{path}:diary.csv" in message and "64 KiB" in message


def test_the_bytes_unpacked_are_counted_across_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "ZIP_TOTAL_LIMIT", 150 * 1024)
    one = _zip(tmp_path / "one.zip", {"watched.csv": _rows(2000), "watchlist.csv": _rows(10)})  # ~100 KB
    assert len(read_import_file(one).foreign[0].rows) == 2010  # an ordinary export reads as before
    path = _zip(tmp_path / "two.zip", {"watched.csv": _rows(2000), "ratings.csv": _rows(2000)})
    message = _message(path)
    assert f"{path}:ratings.csv" in message and "150 KiB" in message


def test_a_member_compressed_other_than_deflate_is_refused(tmp_path: Path) -> None:
    # zipfile's bzip2 and LZMA readers unpack a whole compressed chunk at once: not bounded.
    path = _zip(tmp_path / "bz.zip", {"watched.csv": _rows(10)}, method=zipfile.ZIP_BZIP2)
    assert f"{path}:watched.csv: refused: compressed with bzip2" in _message(path)


# --- 4. JSON built to break the parser ---------------------------------------------------


def _json_file(tmp_path: Path, text: str, name: str = "hostile.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = '{"title": "\\ud83c\\udfc3 Good", "year": 2001}'  # a surrogate pair: one character, no error


def test_deep_nesting_is_one_error(tmp_path: Path) -> None:
    path = _json_file(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert "nested" in _message(path)


def test_deep_nesting_inside_a_field_names_the_record(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = _json_file(tmp_path, f'[{GOOD}, {{"title": "Bad", "year": 2002, "cast": {deep}}}]')
    message = _message(path)
    assert "record 2" in message and "'cast'" in message and "nested" in message


def test_deep_nesting_in_the_exchange_reader_is_one_error(tmp_path: Path) -> None:
    path = _json_file(tmp_path, "[" + '{"a": [' * 50_000 + "]}" * 50_000 + "]")
    with pytest.raises(ExchangeFileError, match="nested"):
        read_exchange_file(path)


@pytest.mark.parametrize("digits", [5000, 4000])
def test_a_year_of_many_digits_is_one_short_error(tmp_path: Path, digits: int) -> None:
    path = _json_file(tmp_path, f'[{GOOD}, {{"title": "Long", "year": {"9" * digits}}}]')
    message = _message(path)
    assert "record 2" in message and "year" in message


@pytest.mark.parametrize("name", ["long.csv", "letterboxd.csv"])
def test_a_csv_year_of_many_digits_is_one_short_error(tmp_path: Path, name: str) -> None:
    header = "title,year" if name == "long.csv" else "Date,Name,Year,Letterboxd URI"
    row = f"Long,{'9' * 5000}" if name == "long.csv" else f"2024-01-01,Long,{'9' * 5000},u"
    path = tmp_path / name
    path.write_text(f"{header}\n{row}\n")
    assert "line 2" in _message(path)


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ('{"title": "\\ud800", "year": 2000}', "'title'"),
        ('{"title": "A", "year": 2000, "cast": [{"actor": "x\\udfff"}]}', "'cast[0].actor'"),
        ('{"title": "A", "year": 2000, "diary": {"review": "\\udbff!"}}', "'diary.review'"),
        ('{"title": "A", "year": 2000, "\\ud800": 1}', "field name"),
    ],
)
def test_a_lone_surrogate_is_one_error_naming_the_field(tmp_path: Path, record: str, field: str) -> None:
    message = _message(_json_file(tmp_path, f"[{GOOD}, {record}]"))
    assert "record 2" in message and field in message
    message.encode()  # printable: the surrogate itself is escaped


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"id": "x-2000\n", "title": "X", "year": 2000}, "'id'"),
        ({"title": "X", "year": 2000, "languages": ["en\n"]}, "'languages[0]'"),
    ],
)
def test_a_trailing_newline_does_not_pass_a_pattern(tmp_path: Path, record: dict[str, object], field: str) -> None:
    message = _message(_json_file(tmp_path, json.dumps([record])))
    assert field in message
