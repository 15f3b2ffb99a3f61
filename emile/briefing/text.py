"""How briefing figures are written, shared by the page and the PDF so that both print exactly the same text."""

from __future__ import annotations

import re

from emile.briefing.model import Briefing, KeyFigure, Occupation, PlacementFacts, ScoreSummary
from emile.formatting import HIDDEN, NBSP, french_punctuation, indicator_value, number, percent, unit_decimals
from emile.medians import CELL_NOTE, median_cell, median_text
from emile.scoring.explain import ordinal

_MARK_WITHOUT_SPACE = re.compile(r"(?<=\S)([;:!?])(?=\s|$)")


def value_text(value: float | None, unit: str, signed: bool = False) -> str:
    """``value`` as the sheet's tables write it (unit shortened or left to the header, see
    ``emile.formatting.indicator_value``); a missing value is written out, never as 0."""
    return indicator_value(value, unit, signed=signed, short=True)


def is_change(indicator_id: str) -> bool:
    return "evolution" in indicator_id


def french(text: str) -> str:
    """French typography for running text: a narrow no-break space before ; : ! ? (added where the source text has
    none, except inside addresses such as ``https://``)."""
    return french_punctuation(_MARK_WITHOUT_SPACE.sub(r" \1", text))


FIGURE_COLUMNS = ("Indicateur", "Département", "Médiane France", "Médiane région", "Millésime")
SECRET_MARK = " *"
SECRET_NOTE = (
    "* Somme des seules cellules publiées : des cellules couvertes par le secret statistique sont exclues, "
    "la valeur est un minorant. Entre parenthèses : la fourchette que le secret laisse autour d'une part."
)


def figures_note(briefing: Briefing) -> str:
    """The note under the key figures, the same on screen, in the PDF and in the DOCX."""
    return (
        f"{SECRET_NOTE} Médianes des départements de France et de ceux de la région {briefing.region_name}. {CELL_NOTE}"
    )


def bounds_text(low: float, high: float, unit: str) -> str:
    """The range secrecy leaves around a share, short enough for a table cell: « 54,6-70,7 »."""
    decimals = unit_decimals(unit)
    return f"{number(low, decimals)}-{number(high, decimals)}"


def figure_cells(figure: KeyFigure) -> list[str]:
    """A key-figure row: label, value (starred when secret cells are left out), medians, vintage."""
    signed = is_change(figure.indicator_id)
    value = value_text(figure.value, figure.unit, signed)
    if figure.value is not None and figure.low is not None and figure.high is not None:
        value += f" ({bounds_text(figure.low, figure.high, figure.unit)})"
    elif figure.secret_cells and figure.value is not None:
        value += SECRET_MARK
    return [
        figure.label,
        value,
        median_cell(figure.national_median, figure.unit, signed=signed),
        median_cell(figure.regional_median, figure.unit, signed=signed),
        figure.vintage,
    ]


def occupation_columns(year: int, previous_year: int | None, nomenclature: str) -> list[str]:
    change = f"Évolution {previous_year}-{year}" if previous_year else "Évolution"
    return [f"Métier ({nomenclature})", f"Projets {year}", "Jugés difficiles", change]


def occupation_cells(occupation: Occupation) -> list[str]:
    projects = number(occupation.projects) + (SECRET_MARK if occupation.secret_cells else "")
    return [
        occupation.label,
        projects,
        percent(occupation.difficult_share, 0),
        value_text(occupation.change_percent, "%", signed=True),
    ]


def population_text(briefing: Briefing) -> str:
    population, trend = briefing.population, briefing.population_trend
    return (
        f"{value_text(population.value, population.unit)} ({population.vintage}) ; évolution "
        f"{value_text(trend.value, trend.unit)} ({trend.vintage}) — médiane des départements : "
        f"{median_text(trend.national_median, trend.unit, short=True)}."
    )


def score_headline(score: ScoreSummary) -> str:
    if score.rank is None:
        return f"Non classé ({score.ranked_count} départements classés)"
    score_text = f"score{NBSP}{number(score.score, 2)}{NBSP}sur{NBSP}1"
    return f"{ordinal(score.rank)} sur {score.ranked_count} départements classés ({score_text})"


def score_method(score: ScoreSummary) -> str:
    return (
        f"Préréglage « {score.preset_label} », {score.method_label.lower()} ; part du score apportée par chaque "
        "thème, sur son poids :"
    )


def theme_share(contribution: float | None, weight: float) -> str:
    return f"{number(contribution, 2)} / {number(weight, 2)}"


FICTITIOUS = "DONNÉES FICTIVES — cohorte de démonstration, ne décrit aucun ménage réel."


def placement_text(facts: PlacementFacts) -> str:
    """One line on the sheet (two with the release date, which only real figures have)."""
    if facts.unavailable:
        return "Base des placements indisponible pour le moment."
    if not facts.recorded:
        return "Aucun chiffre de placement publié pour l'instant."
    if facts.households is None:  # the people are then hidden too
        figures = f"Ménages installés : {HIDDEN} (moins de {facts.threshold} ou par différence)"
    else:
        people = HIDDEN if facts.people is None else number(facts.people)
        figures = f"Ménages installés : {number(facts.households)} ; personnes : {people}"
    dated = f" — chiffres publiés le {facts.published_on:%d/%m/%Y}" if facts.published_on else ""
    return f"{figures}{dated}."


def sources_text(briefing: Briefing) -> str:
    """Every source with its vintage, grouped by publisher; titles of one series and vintage (« Base permanente des
    équipements : commerces… », « … : enseignement… ») are written once with their parts, so that the sources fit
    the page in a legible size."""
    by_publisher: dict[str, dict[tuple[str, str], list[str]]] = {}
    for source in briefing.sources:
        series, separator, part = source.title.partition(" : ")
        key = (series, source.vintage) if separator else (source.title, source.vintage)
        by_publisher.setdefault(source.publisher, {}).setdefault(key, []).append(part)
    lines = []
    for publisher, series in by_publisher.items():
        titles = [
            f"{name} : {', '.join(parts)} ({vintage})" if all(parts) else f"{name} ({vintage})"
            for (name, vintage), parts in series.items()
        ]
        lines.append(f"{publisher} : {', '.join(titles)}")
    return " ; ".join(lines) + "."
