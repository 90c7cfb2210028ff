"""Letterboxd's review HTML as plain text, and back.

Letterboxd exports a review (and a list's description, and a list entry's note) as HTML: `<p>`
paragraphs, `<br />` line breaks, `<i>`/`<em>`, `<b>`/`<strong>`, `<blockquote>`, links, entities
like `&#39;`; and raw line ends are meaningful too (a blank line is a paragraph). The text keeps:

- paragraphs, as a blank line; line breaks, as a newline (spaces within a line collapse to one);
- the words of every tag (emphasis and quotes are dropped, their words kept; a quote is a paragraph);
- links, as Markdown `[words](address)`: in the words a `\\`, `[` or `]` is written with a `\\`
  before it, in the address a `\\` and a parenthesis that is not one of a pair `(…)`.

`text_to_html` writes a text back as Letterboxd writes it (`<p>` per paragraph, `<br />` per line
break, `[w](a)` as `<a href="a">w</a>`, all else escaped), and html -> text -> html -> text gives
the text again.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags that end a paragraph (their words make one of their own).
_BLOCKS = frozenset(
    {
        "p",
        "blockquote",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "pre",
        "hr",
        "table",
        "tr",
        "figure",
        "figcaption",
    }
)
_SKIPPED = frozenset({"script", "style"})  # their content is not words

_WORDS = r"(?:\\[\\\[\]]|[^\\\[\]\n])*"
_ADDRESS = r"(?:\\[\\()]|\([^\\()\n]*\)|[^\\()\n])*"
_LINK = re.compile(rf"\[({_WORDS})\]\(({_ADDRESS})\)")
_WORDS_ESCAPE = re.compile(r"([\\\[\]])")
_UNESCAPE_WORDS = re.compile(r"\\([\\\[\]])")
_UNESCAPE_ADDRESS = re.compile(r"\\([\\()])")
_PAIR_OR_PARENTHESIS = re.compile(r"\([^\\()]*\)|[()]")


class _TextOfHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.link: tuple[str, list[str]] | None = None  # the address and words of the link being read
        self.skipping = 0

    def _put(self, text: str) -> None:
        (self.link[1] if self.link is not None else self.parts).append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self._put(" " if self.link is not None else "\n")
        elif tag in _BLOCKS:
            self._put(" " if self.link is not None else "\n\n")
        elif tag == "a" and self.link is None:
            address = " ".join((dict(attrs).get("href") or "").split())
            if address:
                self.link = (address, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._put(" " if self.link is not None else "\n\n")
        elif tag == "a":
            self._end_link()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._put(data)

    def _end_link(self) -> None:
        if self.link is not None:
            address, words = self.link
            self.link = None
            self.parts.append(link_markdown(" ".join("".join(words).split()), address))

    def close(self) -> None:
        super().close()
        self._end_link()  # an <a> never closed: its words so far


def link_markdown(words: str, address: str) -> str:
    """`[words](address)`, escaped so that `text_to_html` reads it back exactly."""
    address = address.replace("\\", "\\\\")
    address = _PAIR_OR_PARENTHESIS.sub(lambda match: match[0] if len(match[0]) > 1 else "\\" + match[0], address)
    words = _WORDS_ESCAPE.sub(r"\\\1", words)
    return f"[{words}]({address})"


def html_to_text(html: str) -> str:
    """Review HTML as plain text: paragraphs kept, links as [words](address), other tags dropped."""
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    joined = "\n".join(lines)
    while "\n\n\n" in joined:
        joined = joined.replace("\n\n\n", "\n\n")
    return joined.strip()


def text_to_html(text: str) -> str:
    """Plain text as Letterboxd's review HTML: a `<p>` per paragraph, `<br />` per line break,
    `[words](address)` as a link; everything else escaped."""
    paragraphs = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        lines = [_line_html(line) for line in paragraph.strip("\n").split("\n")]
        if any(lines):
            paragraphs.append("<br />".join(lines))
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _line_html(line: str) -> str:
    out = []
    place = start = 0
    while (match := _LINK.search(line, start)) is not None:
        words = _UNESCAPE_WORDS.sub(r"\1", match[1])
        address = _UNESCAPE_ADDRESS.sub(r"\1", match[2])
        if not address.strip() or link_markdown(words, address) != match[0]:
            start = match.start() + 1  # not as html_to_text writes a link: plain text (a link may start inside)
            continue
        out.append(escape(line[place : match.start()]))
        out.append(f'<a href="{escape(address)}">{escape(words)}</a>')
        place = start = match.end()
    out.append(escape(line[place:]))
    return "".join(out)


def escape(text: str) -> str:
    """HTML-escaped as Letterboxd escapes: &amp; &lt; &gt; &quot; &#39;."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )
