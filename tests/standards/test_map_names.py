"""The map points' names (both backends): the API gives the stored names (`name_kk` null when a
settlement has no Kazakh name), the map shows each name by the one fallback order."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import select

from monotown.db import session_scope
from monotown.registry.models import Region
from monotown.standards import import_provision, load_catalog
from tests.standards.conftest import add_unit, build_small_tree
from tests.web.conftest import Web

# (key, English, Russian, Kazakh) of two villages: one without a Kazakh name.
NAMED = (
    ("no_kk", "Ushtobe", "Уштобе", None),
    ("with_kk", "Zhanaturmys", "Жанатурмыс", "Жаңатұрмыс"),
)


def _prepare(web: Web, catalog_file: Path, provision_file: Path) -> None:
    with session_scope(web.engine) as session:
        ids = build_small_tree(session)
        region = session.scalars(select(Region).where(Region.code == "KZ-35")).one()
        for key, en, ru, kk in NAMED:
            add_unit(
                session, key, "settlement", region.id, parent_id=ids["district"],
                district_id=ids["district"], settlement_type="village", population=300,
                latitude=49.5, longitude=73.5, name_en=en, name_ru=ru, name_kk=kk,
            )  # fmt: skip
        load_catalog(session, catalog_file)
        import_provision(session, provision_file)


def _shown_names(web: Web, lang: str) -> dict[str, str]:
    """Each settlement's name in the map's hover text on the standards page in `lang`."""
    client = web.client("viewer")
    client.cookies.set("monotown_lang", lang)
    page = client.get("/standards")
    assert page.status_code == 200, page.text
    found = re.search(r'<script type="application/json" id="standards-map">(.*?)</script>',
                      page.text, re.S)  # fmt: skip
    assert found
    markers = [trace for trace in json.loads(found.group(1))["data"] if "customdata" in trace]
    keys = [link[0].rsplit("/", 1)[1] for link in markers[0]["customdata"]]
    names = [re.match(r"<b>(.*?)</b>", text).group(1) for text in markers[0]["text"]]  # type: ignore[union-attr]
    return dict(zip(keys, names, strict=True))


def test_the_api_gives_the_stored_kazakh_name_or_null(
    web: Web, catalog_file: Path, provision_file: Path
) -> None:
    _prepare(web, catalog_file, provision_file)
    points = web.client("viewer").get("/api/v1/standards/map").json()["points"]
    by_key = {
        key: (en, ru, kk)
        for key, en, ru, kk in zip(
            points["key"], points["name_en"], points["name_ru"], points["name_kk"], strict=True
        )
    }
    for key, en, ru, kk in NAMED:
        assert by_key[key] == (en, ru, kk)


def test_the_map_shows_names_by_the_one_fallback_order(
    web: Web, catalog_file: Path, provision_file: Path
) -> None:
    _prepare(web, catalog_file, provision_file)
    kazakh = _shown_names(web, "kk")
    assert (kazakh["no_kk"], kazakh["with_kk"]) == ("Уштобе", "Жаңатұрмыс")
    russian = _shown_names(web, "ru")
    assert (russian["no_kk"], russian["with_kk"]) == ("Уштобе", "Жанатурмыс")
    english = _shown_names(web, "en")
    assert (english["no_kk"], english["with_kk"]) == ("Ushtobe", "Zhanaturmys")
