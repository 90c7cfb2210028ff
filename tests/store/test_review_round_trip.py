"""Review: random small diaries, lists and held films -> letterboxd_zip -> read back -> join
into the same catalog from empty -> the same diaries, lists and held films.

The generator makes what this program itself can hold (the app, `log`, `mark`, an import):
viewings with or without dates, ratings, rewatch, unicode tags, reviews with paragraphs, line
breaks, links, ampersands, `<`, emoji; likes, the watchlist, lists with notes, films held for
later (named by a Letterboxd short link, or by title and year alone).
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from store.diary import RATINGS, Diary, Viewing, clean_tags
from store.diary_import import join_exports
from store.formats import read_import_file
from store.formats.letterboxd_out import letterboxd_zip
from store.held import HeldFilm, held_key
from store.lists import FilmList, ListEntry
from store.logged import FilmRef
from store.model import Film

DATES = st.dates(datetime.date(2000, 1, 1), datetime.date(2025, 12, 31))
MAYBE_DATE = st.none() | DATES
RATING = st.none() | st.sampled_from(RATINGS)

_WORD_CHARS = st.sampled_from(
    [
        *"abcxyzÉéßøñ日本語",
        "&",
        "<",
        ">",
        "'",
        '"',
        "🏃",
        "🏃\u200d♀️",
        "&amp;",
        "*",
        "[",
        "]",
        "(",
        ")",
        "\\",
        "&#39;",
        "<p>",
        "_",
    ]
)
WORD = st.lists(_WORD_CHARS, min_size=1, max_size=4).map("".join)
# A link's words: the text "[[ a](…)" is a link whose words start with a space, and spaces in a
# link's words are not kept (low; reported apart): link words here have none at either end.
PLAIN_WORD = st.lists(st.sampled_from(list("abcÉé日&<'🏃")), min_size=1, max_size=4).map("".join)
LINK = st.builds(
    lambda words, path: f"[{words}](https://example.org/{path})",
    st.lists(PLAIN_WORD, min_size=1, max_size=2).map(" ".join),
    st.sampled_from(["a", "x?y=1&z=2", "wiki/Run_(film)", "ü"]),
)
LINE = st.lists(WORD | LINK, min_size=1, max_size=5).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=2).map("\n".join)
REVIEW = st.lists(PARAGRAPH, min_size=1, max_size=3).map("\n\n".join)
TAG = st.lists(st.sampled_from(list("abz ÉéøΩ日🏃&<'")), min_size=1, max_size=6).map("".join)
TAGS = st.lists(TAG, max_size=3).map(lambda tags: clean_tags(tags, where="", field=""))
TITLES = [
    "Running",
    "Chariots of Fire",
    "The Runner",
    "Marathon Man",
    "Run Lola Run",
    "Saint Ralph",
    "Without Limits",
    "Prefontaine",
    "McFarland, USA",
    "Spirit of the Marathon",
]

_entry_numbers = iter(range(1, 10**9))


@st.composite
def viewings(draw: st.DrawFn) -> Viewing:
    entry = draw(st.booleans())
    return Viewing(
        watched_on=draw(MAYBE_DATE),
        logged_on=draw(MAYBE_DATE),
        rating=draw(RATING),
        rewatch=draw(st.booleans()),
        tags=draw(TAGS),
        review=draw(st.none() | REVIEW),
        entry=f"https://boxd.it/e{next(_entry_numbers)}" if entry else None,
    )


@st.composite
def diaries(draw: st.DrawFn) -> Diary:
    seen = tuple(draw(st.lists(viewings(), max_size=3)))
    # Known, reported apart (test_review_import.py::test_undated_rewatches_logged_here_all_come_back):
    # viewings without a Letterboxd entry that agree on date, rating, rewatch and tags come back as one.
    plain = [
        (viewing.watched_on, viewing.rating, viewing.rewatch, viewing.tags) for viewing in seen if viewing.entry is None
    ]
    assume(len(plain) == len(set(plain)))
    rating = draw(RATING)
    # Known, reported apart (test_review_import.py::test_a_rating_taken_back_stays_taken_back_after_a_round_trip):
    # a film with rated viewings and no current rating comes back rated.
    assume(rating is not None or all(viewing.rating is None for viewing in seen))
    watched = bool(seen) or rating is not None or draw(st.booleans())
    liked, watchlist = draw(st.booleans()), draw(st.booleans())
    return Diary(
        watched=watched,
        viewings=seen,
        rating=rating,
        rated_on=draw(MAYBE_DATE) if rating is not None else None,
        marked_on=draw(MAYBE_DATE) if watched else None,
        liked=liked,
        liked_on=draw(MAYBE_DATE) if liked else None,
        watchlist=watchlist,
        watchlist_since=draw(MAYBE_DATE) if watchlist else None,
    )


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Film], dict[str, Diary], list[FilmList], list[HeldFilm]]:
    titles = draw(st.lists(st.sampled_from(TITLES[:4]), min_size=1, max_size=6))
    split = draw(st.integers(0, len(titles)))
    films = []
    for number, title in enumerate(titles[:split]):
        year = draw(st.sampled_from([1979, 1981, None]))
        if any(film.title == title and film.year == year for film in films):
            continue  # two films of one title and year: reported apart (test_review_import.py, twins)
        slug = f"film-{number}" if draw(st.booleans()) else None
        films.append(
            Film.from_dict(
                {
                    "id": f"f{number}",
                    "title": title,
                    **({"year": year} if year else {}),
                    **({"ids": {"letterboxd": slug}} if slug else {}),
                },
                where=title,
            )
        )
    held = []
    for number, title in enumerate(titles[split:]):
        ref = FilmRef(title, draw(st.sampled_from([1979, 1981, None])), (("boxd", f"h{number}"),))
        if any((film.title, film.year) == (ref.title, ref.year) for film in films):
            continue  # the catalog has it: it would have been attached already
        if any(item.film.name_key == ref.name_key for item in held):
            continue  # two films of one title and year: reported apart (test_review_import.py, twins)
        held.append(HeldFilm(held_key(ref), ref, draw(diaries())))
    diary_of = {film.id: draw(diaries()) for film in films}
    keys = [film.id for film in films] + [item.key for item in held]
    lists = []
    for number in range(draw(st.integers(0, 2))):
        chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=4))
        lists.append(
            FilmList(
                name=draw(st.sampled_from(["Favourites", "Run, run", "Ωmega <list> & co 🏃", "Dad's"])) + f" {number}",
                description=draw(st.none() | REVIEW),
                tags=draw(TAGS),
                created_on=draw(MAYBE_DATE),
                address=draw(st.none() | st.just(f"https://boxd.it/L{number}")),
                entries=tuple(ListEntry(key, draw(st.none() | REVIEW)) for key in chosen),
            )
        )
    listed = {key for film_list in lists for key in film_list.films}
    held = [item for item in held if not item.diary.is_empty or item.key in listed]
    keys_kept = {film.id for film in films} | {item.key for item in held}
    lists = [
        FilmList(
            f.name,
            f.description,
            f.tags,
            f.ranked,
            f.created_on,
            f.address,
            tuple(entry for entry in f.entries if entry.film in keys_kept),
        )
        for f in lists
    ]
    return films, {key: diary for key, diary in diary_of.items() if not diary.is_empty}, lists, held


def _round_trip(films: list[Film], diary_of: dict[str, Diary], lists: list[FilmList], held: list[HeldFilm]):  # type: ignore[no-untyped-def]
    payload = letterboxd_zip(films, diary_of, lists, held)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        path.write_bytes(payload)
        incoming = read_import_file(path)
    (export,) = incoming.foreign
    assert export.bad_rows == []
    catalog = {film.id: film for film in films}
    changes, _, added = join_exports([export], catalog, {}, {}, {}, add_missing=False)
    assert added == 0
    return changes


def _dicts(diary_of):  # type: ignore[no-untyped-def]
    """Diaries as the exchange schema writes them, every viewing shown (readable diffs). Viewings
    the diary cannot order (no watched or logged date to tell them apart) in one fixed order:
    their order is not kept (reported apart, low)."""

    def fixed(diary):  # type: ignore[no-untyped-def]
        viewings = sorted(diary.viewings, key=lambda viewing: (viewing.order, repr(viewing.to_dict())))
        return replace(diary, watched_on=None, review=None, viewings=tuple(viewings))

    return {
        key: {**fixed(diary).to_dict(), "viewings": [viewing.to_dict() for viewing in fixed(diary).viewings]}
        for key, diary in diary_of.items()
    }


def _as_written(diary_of):  # type: ignore[no-untyped-def]
    """What watched.csv says by design: a watched film's Date is when it was marked watched,
    else its first viewing's logged date (the second export is then the first's)."""
    return {
        key: replace(
            diary,
            watched_on=None,
            review=None,
            marked_on=diary.marked_on
            or min((viewing.logged_on for viewing in diary.viewings if viewing.logged_on), default=None),
        )
        if diary.watched
        else diary
        for key, diary in diary_of.items()
    }


def _difference(got, expected):  # type: ignore[no-untyped-def]
    lines = []
    for key in sorted(set(got) | set(expected)):
        a, b = got.get(key), expected.get(key)
        if a != b:
            if a is None or b is None:
                lines.append(f"{key}: got {a!r}, expected {b!r}")
                continue
            for name in sorted(set(a) | set(b)):
                if a.get(name) != b.get(name):
                    lines.append(f"{key}.{name}: got {a.get(name)!r}\n    expected {b.get(name)!r}")
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_letterboxd_zip_read_back_and_joined_gives_the_same_diaries_lists_and_held_films(world) -> None:  # type: ignore[no-untyped-def]
    films, diary_of, lists, held = world
    changes = _round_trip(films, diary_of, lists, held)
    expected = {**_dicts(_as_written(diary_of)), **_dicts(_as_written({item.key: item.diary for item in held}))}
    got = {**_dicts(changes.diaries), **_dicts({key: item.diary for key, item in changes.held.items() if item})}
    assert got == expected, _difference(got, expected)
    assert {key: item.film for key, item in changes.held.items() if item} == {item.key: item.film for item in held}
    # Lists come back in the order of their files' names (reported apart: the order made is lost).
    assert sorted((film_list for film_list in changes.lists.values() if film_list), key=repr) == sorted(lists, key=repr)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_joining_the_same_letterboxd_zip_twice_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    films, diary_of, lists, held = world
    # Known, reported apart (test_review_import.py::test_importing_our_own_letterboxd_zip_again_adds_no_viewing):
    # a dated viewing with a review and no Letterboxd entry is added again by the second import.
    every = [*diary_of.values(), *(item.diary for item in held)]
    assume(
        not any(
            viewing.watched_on and viewing.review and not viewing.entry for diary in every for viewing in diary.viewings
        )
    )
    # Lists here have names of their own. Known, reported apart
    # (test_review_import.py::test_importing_a_letterboxd_zip_twice_keeps_two_lists_of_one_name_apart):
    # a list without an address is matched by its name, to another list of that name.
    payload = letterboxd_zip(films, diary_of, lists, held)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        path.write_bytes(payload)
        (export,) = read_import_file(path).foreign
    catalog = {film.id: film for film in films}
    first, _, _ = join_exports([export], dict(catalog), {}, {}, {}, add_missing=False)
    stored_diaries = {key: diary for key, diary in first.diaries.items() if not diary.is_empty}
    stored_lists = {key: item for key, item in first.lists.items() if item}
    stored_held = {key: item for key, item in first.held.items() if item}
    again, _, _ = join_exports([export], dict(catalog), stored_diaries, stored_lists, stored_held, add_missing=False)
    assert not again, again
