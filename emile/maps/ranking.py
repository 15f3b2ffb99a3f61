"""The ranking itself on a map: each ranked territory coloured by its score (quantile classes), its rank in the
tooltip, territories left out in the « no value » grey."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from emile.formatting import number
from emile.maps import deck
from emile.maps.classes import Classification, classify
from emile.scoring.explain import ordinal
from emile.scoring.ranking import Ranking

LAYER_ID = "classement"
TOOLTIP = "<b>{nom}</b> ({code})<br/>{detail}"


def ranking_layer(territories: gpd.GeoDataFrame, ranking: Ranking) -> tuple[pdk.Layer, Classification]:
    """``territories`` (code, nom, geometry, drawn shapes) coloured by their score in ``ranking``."""
    scores = ranking.table["score"].reindex(territories["code"]).set_axis(territories.index)
    ranks = ranking.table["rang"].reindex(territories["code"]).set_axis(territories.index)
    reasons = ranking.excluded["motif"].reindex(territories["code"]).set_axis(territories.index)
    classification = classify(scores, "quantiles", "programme", "")
    total = len(ranking.table)
    detail = [
        f"{ordinal(rank)} sur {total} (score {number(score, 3)})"
        if pd.notna(rank)
        else f"non classé : {reason}"
        if pd.notna(reason)
        else "hors du périmètre"
        for rank, score, reason in zip(ranks, scores, reasons)
    ]
    frame = territories.assign(fill=classification.colours, detail=detail)
    return deck.polygon_layer(LAYER_ID, frame, ["code", "nom", "detail"]), classification
