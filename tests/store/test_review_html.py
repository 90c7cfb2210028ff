"""Letterboxd's review HTML as plain text and back (store.formats.review_html)."""

from __future__ import annotations

import html
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.formats import html_to_text, text_to_html

# Text as a review holds it: letters, the characters the conversion treats specially, emoji, spaces.
CHARACTERS = st.sampled_from([*"ab xyZ.,'\"<>&;#[]()\\*_-/:\n\t\xa0", "🏃\u200d♀️", "✨", "é", "<3", "&#39;"])
WORDS = st.lists(CHARACTERS, max_size=12).map("".join)
ADDRESSES = st.one_of(
    st.sampled_from(
        [
            "https://example.org/x",
            "https://en.wikipedia.org/wiki/Chariots_of_Fire_(film)",
            "http://bit.ly/a?b=1&c=2",
            "https://example.org/(odd",
            "https://example.org/a)b",
        ]
    ),
    WORDS,
)


@st.composite
def review_html(draw: st.DrawFn) -> tuple[str, list[str] | None]:
    """Review HTML as Letterboxd writes it, and the addresses of its links (None if its words
    outside the links have brackets or parentheses, which may make links of their own)."""
    parts: list[str] = []
    addresses: list[str] = []
    markdown_like = False

    def words_outside_links() -> str:
        nonlocal markdown_like
        words = draw(WORDS)
        markdown_like = markdown_like or any(character in words for character in "[]()")
        return words

    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["text", "raw", "p", "br", "inline", "quote", "link", "entity", "newlines"]))
        if kind == "text":
            parts.append(html.escape(words_outside_links()))
        elif kind == "raw":  # Letterboxd leaves some of these unescaped
            parts.append(draw(st.sampled_from(["<3", "a > b", "Q&A", "x &amp y"])))
        elif kind == "p":
            parts.append(f"<p>{html.escape(words_outside_links())}</p>")
        elif kind == "br":
            parts.append(draw(st.sampled_from(["<br />", "<br>", "<br/>"])))
        elif kind == "inline":
            tag = draw(st.sampled_from(["i", "b", "em", "strong"]))
            parts.append(f"<{tag}>{html.escape(words_outside_links())}</{tag}>")
        elif kind == "quote":
            parts.append(f"<blockquote>{html.escape(words_outside_links())}</blockquote>")
        elif kind == "link":
            address = draw(ADDRESSES)
            quote = draw(st.sampled_from(['"', "'"]))
            parts.append(f'<a href={quote}{html.escape(address)}{quote} rel="nofollow">{html.escape(draw(WORDS))}</a>')
            if address.strip():
                addresses.append(" ".join(address.split()))
        elif kind == "entity":
            parts.append(draw(st.sampled_from(["&#39;", "&quot;", "&amp;", "&nbsp;", "&lt;", "&#8217;"])))
        else:
            parts.append(draw(st.sampled_from(["\r\n", "\r\n\r\n", "\n\n\n"])))
    return "".join(parts), None if markdown_like else addresses


@settings(max_examples=400, deadline=None)
@given(review=review_html())
@example(review=('<a href="https://example.org/x">[1]</a> (see <a href="a(b">c</a>)', ["https://example.org/x", "a(b"]))
def test_html_to_text_to_html_to_text_is_the_same_text(review: tuple[str, list[str] | None]) -> None:
    source, addresses = review
    text = html_to_text(source)
    again = text_to_html(text)
    assert html_to_text(again) == text
    if addresses is not None:  # every link comes back as a link to its address
        assert [html.unescape(href) for href in re.findall(r'href="([^"]*)"', again)] == addresses


def test_paragraphs_breaks_entities_emoji_and_links() -> None:
    source = (
        "<p>Saw it on <b>35mm</b>.<br />He&#39;s humming.</p>\r\n<p>Worth it <3 🏃\u200d♀️</p>"
        "<blockquote>Run the bend.</blockquote>Then <a href='https://example.org/y' rel=\"nofollow\">"
        "<i>its</i> page</a>."
    )
    text = html_to_text(source)
    assert text == (
        "Saw it on 35mm.\nHe's humming.\n\nWorth it <3 🏃\u200d♀️\n\nRun the bend.\n\n"
        "Then [its page](https://example.org/y)."
    )
    assert text_to_html(text) == (
        "<p>Saw it on 35mm.<br />He&#39;s humming.</p><p>Worth it &lt;3 🏃\u200d♀️</p>"
        '<p>Run the bend.</p><p>Then <a href="https://example.org/y">its page</a>.</p>'
    )


def test_raw_line_ends_in_letterboxds_html_are_paragraphs_and_breaks() -> None:
    assert html_to_text("One.\r\n\r\n\r\nTwo\r\nthree") == "One.\n\nTwo\nthree"


def test_markdown_in_the_text_becomes_a_link_and_everything_else_is_escaped() -> None:
    assert text_to_html('A [run](https://example.org/?a=1&b="2") & <b>') == (
        '<p>A <a href="https://example.org/?a=1&amp;b=&quot;2&quot;">run</a> &amp; &lt;b&gt;</p>'
    )
    assert text_to_html("[not a link]") == "<p>[not a link]</p>"


def test_parentheses_and_brackets_in_links_are_kept() -> None:
    text = html_to_text('<a href="https://en.wikipedia.org/wiki/X_(film)">[1] notes</a>')
    assert text == r"[\[1\] notes](https://en.wikipedia.org/wiki/X_(film))"
    assert text_to_html(text) == '<p><a href="https://en.wikipedia.org/wiki/X_(film)">[1] notes</a></p>'
