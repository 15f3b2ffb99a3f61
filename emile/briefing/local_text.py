"""How the sheet of a commune or an EPCI is written, shared by the page and the PDF so that both print exactly the
same text (the département sheet's helpers of ``emile.briefing.text`` wherever they apply)."""

from __future__ import annotations

from emile.briefing.local import LocalBriefing, LocalFigure, LocalRank, OfferFacts, SimilarTerritory
from emile.briefing.text import SECRET_MARK, bounds_text, is_change, value_text
from emile.formatting import number
from emile.medians import MIN_VALUES, Median, median_text
from emile.scoring.explain import ordinal

SECRET_NOTE = (
    "* Somme des seules communes publiées : des communes couvertes par le secret statistique sont exclues (leur "
    "nombre entre crochets), la valeur est un minorant. Médianes : entre parenthèses, le nombre de territoires "
    f"ayant une valeur ; n. c. : non calculée, sur moins de {MIN_VALUES} valeurs."
)


def figure_columns(briefing: LocalBriefing) -> list[str]:
    own = "Commune" if briefing.kind == "commune" else "EPCI"
    short = {"département": "dép."}
    return ["Indicateur", own, *(f"Médiane {short.get(m, m)}" for m in briefing.median_labels), "Millésime"]


def medians_note(briefing: LocalBriefing) -> str:
    """« Médianes des communes de l'EPCI, du département et de France. »"""
    places = {"EPCI": "de l'EPCI", "département": "du département", "France": "de France"}
    where = [places[label] for label in briefing.median_labels]
    joined = ", ".join(where[:-1]) + f" et {where[-1]}" if len(where) > 1 else where[0]
    return f"Médianes des {briefing.peers} {joined}."


def median_cell(item: Median, unit: str, signed: bool = False) -> str:
    """A median in a table cell: « 4,1 % (53) », or « n. c. (3) » when too few values (non calculée)."""
    if item.value is None:
        return f"n. c. ({number(item.count)})"
    return median_text(item, unit, short=True, signed=signed)


def figure_value(figure: LocalFigure) -> str:
    """The value, with the range secrecy leaves around a share, or a star and the number of secret communes."""
    value = value_text(figure.value, figure.unit, is_change(figure.indicator_id))
    if figure.value is not None and figure.low is not None and figure.high is not None:
        return f"{value} ({bounds_text(figure.low, figure.high, figure.unit)})"
    if figure.secret_cells and figure.value is not None:
        return f"{value}{SECRET_MARK} [{number(figure.secret_cells)}]"
    return value


def figure_cells(figure: LocalFigure) -> list[str]:
    signed = is_change(figure.indicator_id)
    medians = [median_cell(m, figure.unit, signed) for m in figure.medians]
    return [figure.label, figure_value(figure), *medians, figure.vintage]


def population_text(briefing: LocalBriefing) -> str:
    population, trend = briefing.population, briefing.population_trend
    national = population.medians[-1]
    return (
        f"{value_text(population.value, population.unit)} ({population.vintage}) ; évolution "
        f"{value_text(trend.value, trend.unit, signed=True)} ({trend.vintage}) — médiane des {briefing.peers} de "
        f"France : {median_text(national, population.unit, short=True)}."
    )


def rank_text(rank: LocalRank) -> str:
    """« 8e sur 9 EPCI du département (Cantal) classés (score 0,41 sur 1) », or why it is not ranked."""
    summary = rank.summary
    scope = rank.scope if rank.scope.startswith("EPCI") else rank.scope[0].lower() + rank.scope[1:]
    if summary.rank is None:
        return f"{rank.scope} : {summary.sentence}"
    ranked = "classées" if scope.startswith("communes") else "classés"
    return (
        f"{ordinal(summary.rank)} sur {number(summary.ranked_count)} {scope} {ranked} "
        f"(score {number(summary.score, 2)} sur\u00a01)"
    )


def rank_method(briefing: LocalBriefing) -> str:
    summary = briefing.ranks[0].summary
    return (
        f"Préréglage « {summary.preset_label} », {summary.method_label.lower()}, critères disponibles à ce niveau "
        "pondérés également dans leur thème ; un territoire auquel manque un critère (secret statistique "
        "compris) n'est pas classé, les zones d'origine des volontaires jamais."
    )


def offer_text(facts: OfferFacts) -> str:
    parts = [f"{label} : {'masqué' if value is None else number(value)}" for label, value in facts.counts]
    suffix = " (données de démonstration)" if facts.fictitious else ""
    return f"{facts.area} — offres en cours publiées, {' ; '.join(parts)}{suffix}."


OFFERS_NOTE = (
    "Offres déclarées par les bailleurs, employeurs et communes, comptées par bassin d'emploi et par département "
    "seulement ; un effectif sous le seuil de diffusion, ou qui le laisserait retrouver par différence, est masqué."
)
NO_OFFERS = "Aucune offre publiée n'a pu être lue pour cette fiche."


def similar_cells(other: SimilarTerritory) -> list[str]:
    return [other.name, other.departement, value_text(other.population, "habitants"), other.difference]


SIMILAR_COLUMNS = ("Territoire", "Dép.", "Population", "Ce qui les distingue le plus")
