"""config.toml: the shipped file is valid, and a planner's mistakes come back in French naming the key."""

import pytest

from emile.config import DEFAULT_CONFIG_PATH, ConfigError, load_config, parse_config

VALID = """
[territoires]
pilotes_2019 = ["15"]
accueil = [{code = "01", annee = 2024}]
[territoires.origines]
departements = ["75"]
"""


def test_shipped_config_lists_the_programme_territories():
    config = load_config()
    assert config.territories.pilots_2019 == ["15", "25", "46", "48", "49", "76"]
    assert {t.code for t in config.territories.hosts} == {"01", "03", "15", "18", "36", "48", "49", "73", "76"}
    assert config.territories.origins.departements == ["75", "77", "78", "91", "92", "93", "94", "95"]
    assert [e.name for e in config.territories.origins.epci] == ["Métropole de Lyon"]


def test_minimal_config_is_accepted():
    assert parse_config(VALID).territories.hosts[0].year == 2024


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID.replace('["15"]', "[15]"), "territoires.pilotes_2019[0]"),
        (VALID.replace('"01"', '"99"'), "« 99 » n'est pas un code de département"),
        (VALID.replace("annee = 2024", "anne = 2024"), "territoires.accueil[0].anne » : clé inconnue"),
        (VALID.replace('departements = ["75"]', ""), "territoires.origines.departements » : clé obligatoire absente"),
        (VALID + "\n[[territoires", "n'est pas un fichier TOML valide"),
    ],
)
def test_mistakes_are_reported_in_french_with_the_key(text, expected):
    with pytest.raises(ConfigError) as error:
        parse_config(text)
    assert expected in str(error.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="introuvable"):
        load_config(tmp_path / "absent.toml")


def test_default_path_is_the_project_file():
    assert DEFAULT_CONFIG_PATH.name == "config.toml" and DEFAULT_CONFIG_PATH.exists()
