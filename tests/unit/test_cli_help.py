"""`procurement --help` and every subcommand's help speak the chosen language, from the one catalogue."""

from __future__ import annotations

import argparse

import pytest

from procurement.cli import build_parser, main
from procurement.cli_lang import argparse_words

ENGLISH_WORDS = ("usage:", "options:", "positional arguments", "show this help", "the following arguments")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command line that has its own help: the command, each subcommand, each of their actions."""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _commands(child, (*path, name))
    return found


COMMANDS = _commands(build_parser())


def _help(capsys: pytest.CaptureFixture[str], *command: str, lang: tuple[str, ...] = ()) -> str:
    """The help of `command`; `lang` follows --help (`import` and the other groups have no --lang of their own)."""
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help", *lang])
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def no_chosen_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROCUREMENT_LANG", raising=False)


def test_the_command_help_is_spanish_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    words = _help(capsys)
    assert words.startswith("uso: procurement")
    assert "Optimiza una compra consolidada" in words
    assert "muestra esta ayuda y termina" in words
    assert "Códigos de salida" in words


@pytest.mark.parametrize("command", COMMANDS[1:], ids=" ".join)
def test_every_subcommand_help_is_spanish_by_default_and_english_with_lang_en(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    spanish, english = _help(capsys, *command), _help(capsys, *command, lang=("--lang", "en"))
    assert spanish.startswith("uso: ")
    assert "opciones:" in spanish
    assert not [word for word in ENGLISH_WORDS if word in spanish]
    assert english.startswith("usage: ")
    assert "show this help message and exit" in english
    assert spanish != english.replace("usage: ", "uso: ")


def test_the_environment_chooses_english_and_lang_overrides_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROCUREMENT_LANG", "en")
    assert "Check a scenario package (folder or .zip)" in _help(capsys, "validate")
    assert "Revisa un paquete de escenario (carpeta o .zip)" in _help(capsys, "validate", lang=("--lang=es",))


def test_a_wrong_argument_is_refused_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["solve", "pkg", "--out", "out", "--threads", "0"])
    assert "error: argumento --threads: 0 debe ser un número entero de 1 o más" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["solve", "--lang", "en"])
    assert "the following arguments are required: PKG, --out" in capsys.readouterr().err


def test_argparse_keeps_its_own_words_outside_the_command() -> None:
    with argparse_words("es"):
        pass
    assert "usage:" in argparse.ArgumentParser(prog="other").format_help()
