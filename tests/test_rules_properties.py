"""Hypothesis properties of the rules: what holds for every input, not just the table."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from entrytui.char_rules import CharRule
from entrytui.codes import ALPHABET, new_entry_code
from entrytui.passwords import generate_password
from entrytui.rules import (
    ARTICLE_REFUSED,
    USERNAME_ALLOWED,
    check_password,
    check_username,
    describe_char,
    is_unsafe_char,
)

allowed_text = st.text(alphabet=sorted(USERNAME_ALLOWED), min_size=1, max_size=500)
refused_char = st.one_of(
    st.sampled_from(ARTICLE_REFUSED + " ×÷\t\x00\x1b\u200b\u202e\u2028"),
    st.characters(exclude_categories=["Mn", "Mc", "Me"]).filter(
        lambda c: c not in USERNAME_ALLOWED and unicodedata.normalize("NFC", c) == c
    ),
)


@given(allowed_text)
def test_valid_usernames_survive_nfc_unchanged(name):
    assert unicodedata.normalize("NFC", name) == name
    assert check_username(name) == (name, [])


@given(allowed_text, refused_char, st.data())
def test_a_refused_character_anywhere_makes_the_username_invalid(name, bad, data):
    """Anywhere inside: white space at either end is trimmed, as the rule says."""
    at = data.draw(st.integers(min_value=0, max_value=len(name)))
    value, problems = check_username("a" + name[:at] + bad + name[at:] + "z")
    assert problems, value
    shown = describe_char(bad)
    named = [p.message for p in problems if p.message.startswith(f"{shown} at position")]
    assert len(named) == 1
    positions = re.findall(r"\d+", named[0][len(shown) :].split(" and ")[0])
    assert str(at + 2) in positions or " and " in named[0]


@given(st.text(max_size=600))
def test_a_username_is_valid_exactly_when_its_nfc_form_has_only_allowed_characters(raw):
    value, problems = check_username(raw)
    assert value == unicodedata.normalize("NFC", raw.strip())
    expected_ok = 1 <= len(value) <= 500 and set(value) <= USERNAME_ALLOWED
    assert (problems == []) is expected_ok


@given(allowed_text)
def test_nfd_and_nfc_spellings_are_the_same_username(name):
    assert check_username(unicodedata.normalize("NFD", name)) == check_username(name)


@given(st.text(max_size=300))
def test_password_rule_is_exactly_length_upper_and_digit(raw):
    value, problems = check_password(raw)
    expected_ok = (
        8 <= len(value) <= 256
        and any(c.isupper() for c in value)
        and any(c in "0123456789" for c in value)
        and not any(is_unsafe_char(c) for c in value)
    )
    assert (problems == []) is expected_ok


@given(st.integers(min_value=0, max_value=50))
def test_generated_passwords_always_pass_the_rule(_):
    assert check_password(generate_password())[1] == []


@given(st.integers(min_value=0, max_value=50))
def test_entry_codes_use_only_the_unambiguous_alphabet(_):
    code = new_entry_code(set())
    assert len(code) == 8 and set(code) <= set(ALPHABET)
    assert not set(code) & set("ILOU")


@given(st.characters())
def test_describing_a_character_never_emits_one_a_terminal_would_interpret(ch):
    assert not any(is_unsafe_char(c) for c in describe_char(ch))


@given(st.lists(st.text(max_size=12), max_size=30))
def test_a_char_rule_that_remembers_says_what_asking_each_character_says(texts):
    rule = CharRule(is_unsafe_char)
    rule.REMEMBERED = 8  # small, so some runs stop remembering part way
    for text in texts:
        assert rule.refused_in(text) == {ch for ch in text if is_unsafe_char(ch)}
    assert len(rule.passed) <= 8 + 12  # bounded: it stops adding once it holds REMEMBERED
    assert not any(is_unsafe_char(ch) for ch in rule.passed)
