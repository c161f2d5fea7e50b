"""The username rule against every character the portal article lists, and its bounds."""

from __future__ import annotations

import unicodedata

import pytest

from entrytui.rules import ARTICLE_REFUSED, DEFAULT_SYMBOLS, DIACRITICS, check_username

# The article's diacritic list, character by character (its "a,ā" read as "Ā,ā").
ARTICLE_DIACRITICS = "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿĀāĂăĄą"


def messages(raw: str) -> list[str]:
    return [p.message for p in check_username(raw)[1]]


@pytest.mark.parametrize("ch", list(ARTICLE_REFUSED))
def test_every_refused_character_of_the_article_is_named_with_its_position(ch):
    assert messages(f"Cand{ch}01") == [f"'{ch}' at position 5 is not allowed"]


@pytest.mark.parametrize("ch", list(ARTICLE_DIACRITICS))
def test_every_diacritic_of_the_article_is_accepted(ch):
    value, problems = check_username(f"Cand{ch}01")
    assert problems == []
    assert value == f"Cand{ch}01"


def test_the_diacritic_set_is_exactly_the_articles():
    assert frozenset(ARTICLE_DIACRITICS) == DIACRITICS
    assert len(ARTICLE_DIACRITICS) == 62 + 6


@pytest.mark.parametrize("ch", list(DEFAULT_SYMBOLS))
def test_the_four_default_symbols_are_accepted(ch):
    assert check_username(f"a{ch}b")[1] == []


@pytest.mark.parametrize("ch", ["×", "÷"])
def test_the_two_operators_inside_the_latin_1_range_are_refused(ch):
    assert messages(f"x{ch}y") == [f"'{ch}' at position 2 is not allowed"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a b", ["U+0020 space at position 2 is not allowed"]),
        ("a\tb", ["U+0009 control character at position 2 is not allowed"]),
        ("a\u200bb", ["U+200B zero width space at position 2 is not allowed"]),
        ("a\u202eb", ["U+202E right-to-left override at position 2 is not allowed"]),
        ("a\x1b[31mb", ["U+001B control character at position 2 is not allowed", "'[' at position 3 is not allowed"]),
        (
            "Анна",
            [
                "'А' at position 1 is not allowed",
                "'н' at positions 2, 3 is not allowed",
                "'а' at position 4 is not allowed",
            ],
        ),
        ("a😀", ["'😀' at position 2 is not allowed"]),
        ("£a£b£", ["'£' at positions 1, 3, 5 is not allowed"]),
        ("ż", ["'ż' at position 1 is not allowed"]),
    ],
)
def test_other_characters_are_refused_with_each_position(raw, expected):
    assert sorted(messages(raw)) == sorted(expected)


def test_surrounding_spaces_are_trimmed_but_inner_ones_refused():
    assert check_username("  Cand001\t ") == ("Cand001", [])


@pytest.mark.parametrize("length, ok", [(1, True), (500, True), (501, False)])
def test_length_bounds(length, ok):
    value, problems = check_username("a" * length)
    assert (problems == []) is ok
    if not ok:
        assert [p.message for p in problems] == ["is 501 characters long; at most 500 are allowed"]


def test_empty_and_blank_usernames_are_refused():
    assert messages("") == ["is required (1 to 500 characters)"]
    assert messages("   ") == ["is required (1 to 500 characters)"]


def test_nfd_input_is_composed_to_nfc_before_the_check():
    decomposed = unicodedata.normalize("NFD", "José_Müller")
    assert decomposed != "José_Müller"
    assert check_username(decomposed) == ("José_Müller", [])


def test_length_is_counted_after_nfc():
    decomposed = unicodedata.normalize("NFD", "é" * 500)  # 1,000 code points before NFC
    assert len(decomposed) == 1000
    assert check_username(decomposed) == ("é" * 500, [])


def test_a_decomposed_letter_outside_the_list_is_refused_by_its_composed_form():
    assert messages("z\u0307") == ["'ż' at position 1 is not allowed"]


def test_many_positions_are_shortened():
    assert messages("!" * 12) == ["'!' at positions 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more is not allowed"]
