"""The message catalogue: every entry in both languages, with the same placeholders and no empty text."""

from __future__ import annotations

import pytest

from procurement.messages import DEFAULT_LANGUAGE, LANGUAGES, catalogue, check_language, placeholders, text, texts

ENTRIES = sorted(catalogue().items())


def test_spanish_is_the_default_language() -> None:
    assert DEFAULT_LANGUAGE == "es" == LANGUAGES[0]
    assert text("status.optimal") == "óptima"


@pytest.mark.parametrize(("key", "pair"), ENTRIES, ids=[key for key, _ in ENTRIES])
def test_every_entry_has_a_text_in_each_language(key: str, pair: tuple[str, ...]) -> None:
    assert len(pair) == len(LANGUAGES)
    assert all(isinstance(words, str) and words.strip() for words in pair), key


@pytest.mark.parametrize(("key", "pair"), ENTRIES, ids=[key for key, _ in ENTRIES])
def test_both_languages_have_the_same_placeholders(key: str, pair: tuple[str, ...]) -> None:
    assert placeholders(pair[0]) == placeholders(pair[1]), key


def test_every_key_names_its_area() -> None:
    assert all("." in key for key, _ in ENTRIES)


def test_texts_fill_placeholders_in_the_chosen_language() -> None:
    assert text("report.reason_permission", "en", path="/x") == "no permission to write /x"
    assert text("report.reason_permission", "es", path="/x") == "sin permiso para escribir /x"


def test_an_area_reads_as_one_dictionary_for_templates() -> None:
    assert texts("report", "en")["title"] == "Consolidated purchase savings report"
    assert texts("rule", "es")["capacity"] == "Capacidad"


def test_an_unknown_language_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match='"fr"'):
        check_language("fr")


def test_the_templates_english_notes_and_units_are_the_tables_own() -> None:
    from procurement.tables import TABLES

    for spec in TABLES:
        for column in spec.columns:
            assert catalogue()[f"column_note.{spec.name}.{column.name}"][1] == column.note
            assert column.unit in {pair[1] for key, pair in catalogue().items() if key.startswith("unit.")}
            assert catalogue()[f"column.{column.name}"][1] == column.name  # English headers are the column ids
