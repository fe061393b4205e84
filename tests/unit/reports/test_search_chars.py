"""The words one character to a token (domain/registration_row.search_chars): what SQLite's
FTS5 table finds words of one or two characters in."""
import sqlite3

import pytest

from services.reports.domain.registration_row import SEPARATOR, search_chars


def test_letters_and_digits_are_tokens_and_anything_else_the_separator():
    assert search_chars("6202026y0001 玉米育种-技术") == \
        " ".join(["6", "2", "0", "2", "0", "2", "6", "y", "0", "0", "0", "1", SEPARATOR,
                  "玉", "米", "育", "种", SEPARATOR, "技", "术"])
    assert search_chars("") is None and search_chars(None) is None


@pytest.fixture
def index():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(c, tokenize='unicode61 remove_diacritics 0')")
    return db


@pytest.mark.parametrize("text, word, found", [
    ("兰州 大学", "兰州", True),
    ("兰州 大学", "州大", False),          # across the space: not a substring of the text
    ("兰州-大学", "州大", False),
    ("兰州大学", "州大", True),
    ("café", "fé", True),
    ("cafe", "fé", False),                  # no diacritics folded away
    ("x²", "x²", True),
])
def test_a_phrase_of_a_words_characters_matches_exactly_where_it_is_a_substring(index, text, word, found):
    index.execute("INSERT INTO t(rowid, c) VALUES (1, ?)", (search_chars(text),))
    hits = index.execute("SELECT rowid FROM t WHERE t MATCH ?", ('"' + " ".join(word) + '"',)).fetchall()
    assert bool(hits) is found is (word in text)
