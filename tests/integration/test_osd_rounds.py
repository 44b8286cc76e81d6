"""Reverse-auction rounds through the `procurement osd` commands, on the open-contracts sample with insulina and
omeprazol under auction: each bidder's feedback holds only its own rows, a round closes with the lowered prices,
revisions that break the auction's rules are refused at their rows, and the rounds compare side by side. The
figures are worked out by hand in the comments."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from procurement.cli import EXIT_INVALID, EXIT_OK
from tests.conftest import SCENARIOS
from tests.integration.test_cli_invalid import CONSOLE_SCRIPT, run

INSULINA, OMEPRAZOL, SALBUTAMOL = "010.000.1050.00", "010.000.5186.00", "010.000.0429.00"
IDS = {"product_id": str, "supplier_id": str}


def osd(*arguments: str | Path) -> tuple[int, str, str]:
    done = run([CONSOLE_SCRIPT, "osd"], *arguments)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample with insulina and omeprazol under auction, and its solved round 1."""
    folder = tmp_path_factory.mktemp("osd")
    package = folder / "round1"
    shutil.copytree(SCENARIOS / "open-contracts", package)
    products = pd.read_csv(package / "products.csv", dtype=str, keep_default_na=False)
    products["osd"] = products["product_id"].isin([INSULINA, OMEPRAZOL]).map({True: "true", False: ""})
    products.to_csv(package / "products.csv", index=False)
    solved = run([CONSOLE_SCRIPT, "solve"], package, "--out", folder / "run1", "--quiet")
    assert solved.returncode == EXIT_OK, solved.stderr
    return package, folder / "run1"


def test_each_bidder_gets_only_its_own_rank_and_price_to_win(first: tuple[Path, Path], tmp_path: Path) -> None:
    package, run1 = first
    code, out, _ = osd("feedback", package, run1, "--out", tmp_path, "--lang", "en")
    assert code == EXIT_OK
    assert "4 bidder(s) of 2 OSD clave(s)" in out
    sierra = pd.read_csv(tmp_path / "SIERRA.csv", dtype=IDS)
    # SIERRA bid for insulina only (salbutamol is not auctioned): second of 2, 2,800 units for the minimum of
    # suppliers; it would lose everything only above the acceptable limit 137.50.
    assert sierra[["product_id", "rank", "bidders", "outcome", "reason", "awarded_quantity"]].values.tolist() == [
        [INSULINA, 2, 2, "won", "min_suppliers", 2800]
    ]
    assert sierra["price_to_lose"].tolist() == [137.51]
    for file in tmp_path.glob("*.csv"):
        assert set(pd.read_csv(file, dtype=IDS)["supplier_id"]) == {file.stem}


def test_a_round_closes_with_the_lowered_prices_and_compares_side_by_side(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    package, run1 = first
    revisions = tmp_path / "ofertas.csv"
    revisions.write_text(
        f"supplier_id,product_id,unit_price\nSIERRA,{INSULINA},119.50\nPACIF,{OMEPRAZOL},2.80\nLERMA,{OMEPRAZOL},2.85\n"
    )
    code, out, err = osd("close", package, "--revisions", revisions, "--out", tmp_path / "round2", "--lang", "en")
    assert code == EXIT_OK, err
    assert "3 price(s) revised" in out
    solved = run([CONSOLE_SCRIPT, "solve"], tmp_path / "round2", "--out", tmp_path / "run2", "--quiet")
    assert solved.returncode == EXIT_OK, solved.stderr
    code, _, _ = osd("compare", package, run1, tmp_path / "run2", "--out", tmp_path / "rounds.csv")
    assert code == EXIT_OK
    rounds = pd.read_csv(tmp_path / "rounds.csv", dtype=IDS).set_index(["product_id", "round"])
    # Insulina: SIERRA at 119.50 now undercuts LERMA's 120 but delivers at most 1,400 a year: it takes 2,800 of
    # IMSS's (its delivery to ISSSTE costs 2 more) and LERMA the other 11,200: 334,600 + 1,344,000 = 1,678,600,
    # 18,200 less than round 1's 1,696,800.
    assert rounds.loc[(INSULINA, 2), ["paid", "change"]].tolist() == [1678600, -18200]
    # Omeprazol: PACIF's 2.80 counts 3.22 with its record, so LERMA at 2.85 takes all but the 3,500 SEMAR keeps
    # with PACIF: 71,500 x 2.85 + 3,500 x 2.80 = 213,575, 18,225 less than 231,800.
    assert rounds.loc[(OMEPRAZOL, 2), ["paid", "change"]].tolist() == [213575, -18225]


def test_revisions_that_break_the_auction_are_refused_at_their_rows(first: tuple[Path, Path], tmp_path: Path) -> None:
    package, _ = first
    revisions = tmp_path / "ofertas.csv"
    revisions.write_text(
        "supplier_id,product_id,unit_price\n"
        f"PACIF,{OMEPRAZOL},3.00\n"  # raises 2.90
        f"ATLAS,{SALBUTAMOL},90\n"  # not auctioned
        f"PACIF,{INSULINA},100\n"  # PACIF did not bid for insulina
        f"LERMA,{OMEPRAZOL},cero\n"  # not a price
        f"LERMA,{INSULINA},110\nLERMA,{INSULINA},105\n"  # twice
    )
    code, _, err = osd("close", package, "--revisions", revisions, "--out", tmp_path / "round2", "--lang", "en")
    assert code == EXIT_INVALID
    assert not (tmp_path / "round2").exists()
    lines = err.splitlines()
    assert lines[:5] == [
        "ofertas.csv row 2 column unit_price: 3.00 raises PACIF's price for 010.000.5186.00 (it was 2.9): in a "
        "reverse auction it may only go down",
        "ofertas.csv row 3 column product_id: 010.000.0429.00 is not under reverse auction (mark osd in products.csv)",
        "ofertas.csv row 4 column supplier_id: PACIF did not bid for 010.000.1050.00 in this round (at that "
        "from_quantity): it may only revise its own bids",
        'ofertas.csv row 5 column unit_price: "cero" is not a price above 0',
        "ofertas.csv row 7 column supplier_id: LERMA revises 010.000.1050.00 more than once in this file",
    ]
    assert lines[5] == "5 error(s) in the revisions: the round was not closed and nothing was written"


def test_a_run_folder_that_is_not_a_run_is_one_line_and_exit_code_2(first: tuple[Path, Path], tmp_path: Path) -> None:
    package, _ = first
    code, _, err = osd("feedback", package, tmp_path, "--out", tmp_path / "fb", "--lang", "en")
    assert (code, len(err.splitlines())) == (EXIT_INVALID, 1)
    assert err.strip().endswith("is not a run written by `procurement solve`: explanation.csv is missing")
