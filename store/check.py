"""`running-films check`: what a catalog file or a database holds that a catalog must not.

Like calibre's check_library, it reads everything and reports every problem (it changes nothing):
records that do not parse, facts without sources, "verified" films that only one site confirms,
duplicates, codes that mean nothing, missing synopses. Each problem names the record; a record
that does not parse is one problem and the others are still checked.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from store.catalog_update import NOT_FOUND_IDS, RELEASE_0_1_0_IDS
from store.diary import Diary
from store.errors import ValidationError
from store.exchange import ExchangeFileError, parse_json
from store.folding import fold
from store.model import Film, Source


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: where it is (`FILE: record N (id)`) and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


# --- sites ---------------------------------------------------------------------------------------
# "Verified" means two *independent* sites agree. Copies of one database are one site, however many
# domains serve them: every Wikipedia (any language, mobile or not) and its mirrors are "wikipedia";
# every site built from IMDb or TMDB data (the databases themselves, Letterboxd, the "where to
# watch" guides and the clone sites generated from their APIs) is "imdb/tmdb". A site is named by
# its domain (a suffix match), or by the source's own note when it says it is such a copy
# ("Wikipedia mirror", "TMDB-based page"): the catalog's notes name the clones no list could.
SITE_GROUPS: dict[str, tuple[str, ...]] = {
    "wikipedia": (
        "wikipedia.org",
        "wikimedia.org",
        "wikidata.org",
        "wikiwand.com",
        "wikizero.com",
        "wikizero.net",
        "wikimili.com",
        "piglix.com",
        "infogalactic.com",
        "wiki2.org",
        "wikiclassic.com",
        "alchetron.com",
        "the-uncensored-wiki.com",
        "wiki.x.io",
        "dbpedia.org",
        "jmediawiki.org",
        "hmong.in.th",
    ),
    "imdb/tmdb": (
        "imdb.com",
        "imdb.de",
        "imdb.fr",
        "imdb.it",
        "imdb.es",
        "imdb.to",
        "themoviedb.org",
        "tmdb.org",
        "letterboxd.com",
        "boxd.it",
        "justwatch.com",
        "just-watch-it.com",
        "trakt.tv",
        "simkl.com",
        "reelgood.com",
        "moviefone.com",
        "mapple.tv",
        "rotornot.com",
        "tokou.net",
        "azmovies.net",
        "azmovies.web.id",
    ),
}
_COPY_NOTES = {
    "wikipedia": re.compile(
        r"wikipedia\W*(mirror|cop(y|ies)|derived|based|summary|translat)"
        r"|(mirror|copy|translation|translated|derived)\W+(of\W+)?(the\W+)?(\w+\W+)?wikipedia",
        re.IGNORECASE,
    ),
    "imdb/tmdb": re.compile(r"\b(tmdb|imdb)\W*(based|derived|style|data)|\bfrom\W+(tmdb|imdb)\b", re.IGNORECASE),
}
# Country domains whose second level is a public category (bbc.co.uk): the site is one level down.
_SECOND_LEVELS = frozenset(("co", "com", "org", "net", "ac", "gov", "go", "or", "ne", "edu", "gc", "in", "mil"))
# Hosting platforms: each user's subdomain is its own site (someone.blogspot.com).
_PLATFORMS = frozenset(
    (
        "blogspot",
        "wordpress.com",
        "vercel.app",
        "netlify.app",
        "github.io",
        "pages.dev",
        "fc2web.com",
        "libsyn.com",
        "hypotheses.org",
        "ss-blog.jp",
        "pixnet.net",
        "tumblr.com",
    )
)


# Pages no fact may rest on: search-engine caches (they vanish, and copy another site) and the
# streaming clones that copy TMDB's data under other names. The catalog README lists listicle sites
# that invent facts; they are here too.
UNRELIABLE_HOSTS = (
    "bingj.com",
    "webcache.googleusercontent.com",
    "azmovies",
    "123fullmovie",
    "stream-kinox",
    "theflixbay",
    "tanggo.cam",
    "racetory.com",
    "filmsnest",
    "fixquotes",
    "eigamori.com",
    "cinepicker.com",
    "cinemaroo.com",
    "kinonavigator.de",
)


def unreliable(document: str) -> bool:
    host = (urlsplit(document.strip()).hostname or "") if is_address(document) else ""
    return any(name in host for name in UNRELIABLE_HOSTS)


def is_address(document: str) -> bool:
    """A full http(s) address: scheme and a host name with a dot (or an IP address)."""
    try:
        parts = urlsplit(document.strip())
        host = parts.hostname
    except ValueError:  # a bad port or bracket: not an address
        return False
    return parts.scheme in ("http", "https") and host is not None and ("." in host or _is_ip(host))


def site_of(source: Source) -> str:
    """The site an address source is on, copies of one database counted as one site (see SITE_GROUPS)."""
    host = (urlsplit(source.document.strip()).hostname or "").rstrip(".")
    for group, domains in SITE_GROUPS.items():
        if any(host == domain or host.endswith("." + domain) for domain in domains):
            return group
    for group, pattern in _COPY_NOTES.items():
        if source.note and pattern.search(source.note):
            return group
    return _registrable(host)


def _registrable(host: str) -> str:
    if _is_ip(host):
        return host
    labels = host.split(".")
    keep = 2
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVELS:
        keep = 3
    if len(labels) >= 3 and (labels[-2] in _PLATFORMS or ".".join(labels[-2:]) in _PLATFORMS):
        keep = 3
    return ".".join(labels[-keep:])


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# --- the checks ----------------------------------------------------------------------------------

# Release 0.1.0's twelve films keep the sources it gave them, named in words rather than addresses:
# the seed documents ("000_….txt"), "Wikipedia: …" and "mirrors of the original review site".
_SEED_DOCUMENT_FILMS = frozenset(RELEASE_0_1_0_IDS)
_USERS_OWN = ("yours", "import")  # the user's films: theirs, not claims the catalog must source


def check_file(path: Path) -> tuple[int, list[Problem]]:
    """The number of records in an exchange-schema file and its problems. A file that cannot be
    read as a JSON array raises ExchangeFileError (one line)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExchangeFileError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeFileError(f"{path}: is not UTF-8 text") from None
    records = parse_json(text, source=str(path))
    if not isinstance(records, list):
        raise ExchangeFileError(f"{path}: expected a JSON array of film records")
    return len(records), check_records(records, source=str(path))


def check_records(records: Sequence[Any], *, source: str) -> list[Problem]:
    """The problems of decoded exchange-schema records (a `diary` on a record is checked too)."""
    problems: list[Problem] = []
    films: list[tuple[str, Film]] = []
    number_of: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        raw_id = record.get("id") if isinstance(record, Mapping) else None
        label = f"{source}: record {number}" + (f" ({raw_id})" if isinstance(raw_id, str) and raw_id else "")
        try:
            if isinstance(record, Mapping) and "diary" in record:
                record = dict(record)
                Diary.from_dict(record.pop("diary"), where=label)
            film = Film.from_dict(record, where=label)
        except ValidationError as error:
            problems.append(Problem(label, f"does not parse: field '{error.field}' {error.problem}"))
            number_of[label] = number
            continue
        label = f"{source}: record {number} ({film.id})"
        number_of[label] = number
        films.append((label, film))
    return sorted(problems + check_films(films), key=lambda problem: number_of[problem.where])  # in file order


def check_films(films: Iterable[tuple[str, Film]]) -> list[Problem]:
    """The problems of parsed films, each given with the label its problems are reported under."""
    problems: list[Problem] = []
    first_by_id: dict[str, str] = {}
    first_by_key: dict[tuple[str, int], tuple[str, Film]] = {}
    first_by_external: dict[tuple[str, str], str] = {}
    for label, film in films:
        problems += [Problem(label, message) for message in film_problems(film)]
        if film.id in first_by_id:
            first = _record_of(first_by_id[film.id])
            problems.append(Problem(label, f"id {film.id!r} is used again (first by {first})"))
        else:
            first_by_id[film.id] = label
        for kind, value in film.ids:
            named_by = first_by_external.setdefault((kind, value), label)
            if named_by != label:
                problems.append(Problem(label, f"has the {kind} id {value} of {_record_of(named_by)} too"))
        if film.year is None:
            continue  # one title, no year: nothing says they are one film (their ids tell them apart)
        key = (" ".join(fold(film.title).split()), film.year)
        if key in first_by_key:
            other_label, other = first_by_key[key]
            if not _ids_tell_apart(film, other):
                problems.append(
                    Problem(
                        label,
                        f"has the title and year of {_record_of(other_label)} and no id "
                        "(imdb, wikidata, ...) that tells them apart",
                    )
                )
        else:
            first_by_key[key] = (label, film)
    return problems


def film_problems(film: Film) -> list[str]:
    """What is wrong with one film, on its own."""
    problems = []
    users_own = film.origin in _USERS_OWN
    if not users_own:
        if not film.edited:  # a bundled film the user edited holds their words: not the catalog's claims
            problems += _source_problems(film)
        if film.verification is not None and film.verified != (film.verification == "verified"):
            problems.append(f"verification is {film.verification!r} but verified is {str(film.verified).lower()}")
        if film.origin == "catalog" and film.verification is None:
            problems.append("has no verification (verified, unconfirmed or not-found)")
        if not film.verified and not (film.verification_note or "").strip():
            problems.append("is not verified and has no verification_note saying why")
        if not film.synopsis.strip():
            problems.append("has no synopsis")
    if film.origin == "catalog" and film.id not in NOT_FOUND_IDS:
        if film.running is None:
            problems.append("has no 'running' (core or major)")
        if film.documentary is None:
            problems.append("has no 'documentary' (true or false)")
    for index, code in enumerate(film.languages):
        # Parsing checks the shape (two letters); only the standard says whether the code exists.
        if _language(code) is None:
            problems.append(f"languages[{index}] {code!r} is not an ISO 639-1 language code")
    return problems


def _source_problems(film: Film) -> list[str]:
    if not film.sources:
        return ["has no sources"]
    problems = []
    if film.origin == "catalog":
        for number, source in enumerate(film.sources, start=1):
            if film.id in _SEED_DOCUMENT_FILMS and not is_address(source.document):
                continue  # a seed document, named as release 0.1.0 named it
            shown = source.document if len(source.document) <= 60 else source.document[:57] + "..."
            if not is_address(source.document):
                problems.append(f"source {number} ({shown!r}) is not a full http(s) address")
            elif unreliable(source.document):
                problems.append(
                    f"source {number} ({shown}) is a cache, a streaming clone or a site known to "
                    "invent facts: cite the original page"
                )
            elif not (source.note or "").strip():
                problems.append(f"source {number} ({shown}) has no note saying what it supports")
    named_documents = film.id in _SEED_DOCUMENT_FILMS and not any(is_address(s.document) for s in film.sources)
    if film.verified and not named_documents:  # release 0.1.0 verified its two films from named documents
        sites = sorted({site_of(source) for source in film.sources if is_address(source.document)})
        if len(sites) < 2:
            on = f"only on {sites[0]}" if sites else "on no site (no source is an address)"
            problems.append(
                f"is verified, but its sources are {on}: verified needs two independent sites "
                "(Wikipedia and its mirrors count as one, as do sites built from IMDb/TMDB data)"
            )
    return problems


def _ids_tell_apart(film: Film, other: Film) -> bool:
    """Two films of one title and year are two films when an id of the same kind differs."""
    theirs = dict(other.ids)
    return any(kind in theirs and theirs[kind] != value for kind, value in film.ids)


def _record_of(label: str) -> str:
    """`record 3 (x)` out of `FILE: record 3 (x)`: the file is the same, said once."""
    return label.rsplit(": ", 1)[-1]


def _language(code: str) -> object | None:
    import pycountry  # here, not at import: it costs start-up time the other commands need not pay

    return pycountry.languages.get(alpha_2=code)
