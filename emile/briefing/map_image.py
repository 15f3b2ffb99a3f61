"""The briefing map as a PNG picture, for documents that cannot draw polygons themselves (the editable DOCX): the
same communes, classes, colours and neighbours as the PDF map, drawn with matplotlib (no tiles, nothing fetched)."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from emile.briefing.model import BriefingMap

NEIGHBOUR_IN_PROGRAMME, NEIGHBOUR_OTHER = (0.87, 0.87, 0.87), (0.965, 0.965, 0.965)
# About the cosine of metropolitan France's latitudes: a degree of longitude is that much shorter than one of
# latitude, so shapes keep the look they have on the PDF and on screen.
LONGITUDE_SHRINK = 0.72


def _rgb(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    return (colour[0] / 255, colour[1] / 255, colour[2] / 255)


def map_png(territory: BriefingMap, width_in: float = 4.2, dpi: int = 200) -> bytes:
    west, south, east, north = territory.bounds
    height_in = min(max(width_in * (north - south) / max((east - west) * LONGITUDE_SHRINK, 1e-6), 2.5), 6.0)
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(1 / LONGITUDE_SHRINK)
    around = territory.surroundings
    around.plot(
        ax=axes,
        color=[NEIGHBOUR_IN_PROGRAMME if s != "autre" else NEIGHBOUR_OTHER for s in around["status"]],
        edgecolor=(0.6, 0.6, 0.6),
        linewidth=0.4,
    )
    classification = territory.classification
    drawn = territory.communes[territory.communes.geometry.notna()]
    drawn.plot(
        ax=axes,
        color=[
            _rgb(classification.entries[c].colour if c >= 0 else classification.missing_colour) for c in drawn["classe"]
        ],
        edgecolor="white",
        linewidth=0.15,
    )
    for polygon in getattr(territory.outline, "geoms", [territory.outline]):
        axes.plot(*polygon.exterior.xy, color="black", linewidth=1.0)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.02)
    return buffer.getvalue()
