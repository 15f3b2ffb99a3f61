"""Small hand-made criteria and territories shared by the scoring tests."""

from __future__ import annotations

import pandas as pd

from emile.indicators import Indicator


def indicator(indicator_id: str, theme: str = "emploi", higher_is_better: bool | None = True) -> Indicator:
    return Indicator(
        id=indicator_id,
        label=f"Libellé {indicator_id}",
        definition="Indicateur de test.",
        unit="%",
        theme=theme,
        higher_is_better=higher_is_better,
        source_id="test",
        vintage="2024",
        levels=("departement", "commune", "bassin"),
    )


X = indicator("x", "emploi", True)
Y = indicator("y", "logement", False)


def three_territories() -> pd.DataFrame:
    """A: x=10, y=5; B: x=20, y=1; C: x=30, y=3 (x: higher is better, y: lower is better)."""
    return pd.DataFrame(
        {"nom": ["A", "B", "C"], "x": [10.0, 20.0, 30.0], "y": [5.0, 1.0, 3.0]},
        index=pd.Index(["01", "02", "03"], name="code"),
    )
