"""The dashboard pages: overview with the map, towns, profiles, forms, languages, admin pages."""

from __future__ import annotations

import json
import re

from tests.web.conftest import Web, csrf_of


def _figure(html: str, element_id: str) -> dict[str, object]:
    found = re.search(
        rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S
    )
    assert found, element_id
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_overview_has_headline_figures_and_an_offline_map(web: Web) -> None:
    page = web.browser("viewer").get("/")
    assert page.status_code == 200
    assert "Single-industry towns of Kazakhstan" in page.text
    figure = _figure(page.text, "map-figure")
    kinds = [trace["type"] for trace in figure["data"]]  # type: ignore[index]
    assert kinds[0] == "choroplethmap" and set(kinds[1:]) == {"scattermap"}
    assert figure["layout"]["map"]["style"] == "white-bg"  # type: ignore[index]
    assert figure["data"][0]["geojson"] == "/static/map/kz_regions.geojson"  # type: ignore[index]
    towns = [text for trace in figure["data"][1:] for text in trace["text"]]  # type: ignore[index]
    assert len(towns) == 27 and any("Temirtau" in text for text in towns)
    assert "Temirtau</b><br>Karaganda Region<br>population 171,890" in " ".join(towns)
    assert "drawn at a default size" in page.text
    assert not re.search(r'(src|href)="https?://', page.text)


def test_overview_in_kazakh_and_russian(web: Web) -> None:
    kazakh = web.browser("viewer", lang="kk").get("/")
    assert "Қазақстанның моноқалалары" in kazakh.text
    assert '<html lang="kk">' in kazakh.text
    towns = " ".join(
        text
        for trace in _figure(kazakh.text, "map-figure")["data"][1:]
        for text in trace["text"]  # type: ignore[index]
    )
    assert "Теміртау" in towns and "Қарағанды облысы" in towns
    russian = web.browser("viewer", lang="ru").get("/towns")
    assert "Темиртау" in russian.text and "Карагандинская область" in russian.text
    assert "Население" in russian.text


def test_the_language_switcher_remembers_the_choice(web: Web) -> None:
    client = web.browser("viewer")
    switched = client.get("/lang/ru", params={"next": "/towns?list=current"})
    assert switched.status_code == 303
    assert switched.headers["location"] == "/towns?list=current"
    assert "monotown_lang=ru" in switched.headers["set-cookie"]
    assert "max-age=31536000" in switched.headers["set-cookie"].lower()
    assert "Города" in client.get("/towns").text
    assert client.get("/lang/xx", params={"next": "//evil"}).headers["location"] == "/"
    assert "Города" in client.get("/towns").text
    browser_language = web.browser("viewer")
    assert "Қалалар" in browser_language.get("/towns", headers={"Accept-Language": "kk-KZ"}).text


def test_numbers_follow_the_language(web: Web) -> None:
    english = web.browser("viewer").get("/towns", params={"q": "rudny"}).text
    russian = web.browser("viewer", lang="ru").get("/towns", params={"q": "rudny"}).text
    assert "112,027" in english
    assert "112\xa0027" in russian


def test_towns_table_filters_sorts_and_swaps_with_htmx(web: Web) -> None:
    client = web.browser("viewer")
    karaganda = client.get("/towns", params={"region": "KZ-35"}).text
    assert (
        "6 settlements match." in karaganda and "Temirtau" in karaganda and "Aksu" not in karaganda
    )
    by_population = client.get("/towns", params={"sort": "-population"}).text
    rows = re.findall(r'<a href="/towns/([a-z0-9-]+)">', by_population)
    assert rows[0] == "temirtau"  # the largest city population
    partial = client.get(
        "/towns", params={"q": "сатп"}, headers={"HX-Request": "true", "HX-Target": "table"}
    )
    assert "<html" not in partial.text and "Satpayev" in partial.text
    assert client.get("/towns", params={"sort": "nonsense"}).status_code == 422


def test_unknown_membership_is_shown_as_unknown_never_as_off_the_list(web: Web) -> None:
    client = web.browser("viewer")
    unknown = client.get("/towns", params={"list": "unknown"}).text
    assert "7 settlements match." in unknown and "Aksu" in unknown and "Temirtau" not in unknown
    table = unknown.split('<table class="data" id="towns">')[1]
    assert "current list: unknown" in table and "not on the current list" not in table
    off = client.get("/towns", params={"list": "left"}).text
    assert "3 settlements match." in off and "Saran" in off and "Aksu" not in off
    aksu = client.get("/towns/aksu").text
    assert "unknown: no source found says" in aksu
    saran = client.get("/towns/saran").text
    assert "2023-11-21" in saran and "No. 248" in saran
    arkalyk = client.get("/towns/arkalyk").text
    assert "Town figures reported by the press" in arkalyk and "9.4 %" in arkalyk
    temirtau = client.get("/towns/temirtau").text
    assert "171,890" in temirtau and "177,628" in temirtau  # city and administration apart
    api = {t["code"]: t for t in web.client("viewer").get("/api/v1/towns").json()}
    assert api["aksu"]["current_list"] == "unknown" and api["saran"]["current_list"] == "no"
    assert api["temirtau"]["population_scope"] == "city"
    home = client.get("/").text
    assert "registry knows 17 towns on the list, 3 off it and 7 unknown" in home


def test_town_profile_shows_registry_facts(web: Web) -> None:
    page = web.browser("viewer").get("/towns/temirtau")
    assert page.status_code == 200
    assert "Qarmet" in page.text and "Monotown status history" in page.text
    assert "/towns/temirtau/edit" not in page.text  # viewers do not see the edit button
    assert web.browser("viewer").get("/towns/atlantis").status_code == 404
    editor = web.browser("karaganda")
    assert "/towns/temirtau/edit" in editor.get("/towns/temirtau").text
    assert "/towns/aksu/edit" not in editor.get("/towns/aksu").text


def test_editing_a_town_through_the_form(web: Web) -> None:
    client = web.browser("karaganda", lang="ru")
    token = csrf_of(client, "/towns/temirtau/edit")
    form = {
        "csrf_token": token,
        "code": "temirtau",
        "kind": "city",
        "name_en": "Temirtau",
        "name_ru": "Темиртау",
        "name_kk": "Теміртау",
        "region": "KZ-35",
        "latitude": "50.05",
        "longitude": "",
        "note": "checked",
    }
    rejected = client.post("/towns/temirtau/edit", data=form)
    assert rejected.status_code == 422
    assert "укажите и широту, и долготу" in rejected.text  # the reason, translated
    saved = client.post("/towns/temirtau/edit", data={**form, "longitude": "72.96"})
    assert saved.status_code == 303
    assert "Населённый пункт сохранён." in client.get("/towns/temirtau").text
    stored = web.client("viewer").get("/api/v1/settlements/temirtau").json()
    assert stored["kind"] == "city" and stored["longitude"] == 72.96
    assert web.audit_count(entity="settlement", origin="web", user="karaganda") == 1
    assert client.get("/towns/aksu/edit").status_code == 403
    outside = client.post("/towns/aksu/edit", data={**form, "code": "aksu", "region": "KZ-55"})
    assert outside.status_code == 403


def test_adding_a_synthetic_settlement_shows_the_mark(web: Web) -> None:
    client = web.browser("admin")
    token = csrf_of(client, "/towns/new")
    created = client.post(
        "/towns/new",
        data={
            "csrf_token": token,
            "code": "demo-town",
            "kind": "town",
            "name_en": "Demo Town",
            "name_ru": "Демо",
            "region": "KZ-35",
            "synthetic": "on",
        },
    )
    assert created.status_code == 303 and created.headers["location"] == "/towns/demo-town"
    listing = client.get("/towns", params={"scope": "all", "q": "demo"}).text
    assert 'class="synthetic-mark"' in listing.split("<tbody>")[1]
    deleted = client.post("/towns/demo-town/delete", data={"csrf_token": token})
    assert deleted.status_code == 303
    assert client.get("/towns/demo-town").status_code == 404


def test_enterprise_pages(web: Web) -> None:
    client = web.browser("karaganda")
    assert "Qarmet JSC" in client.get("/enterprises", params={"q": "темиртау"}).text
    page = client.get("/enterprises/qarmet-steel-works").text
    assert "<fieldset " in page and "disabled" not in page.split("<fieldset")[1][:20]
    foreign = client.get("/enterprises/aksu-ferroalloy-plant").text
    assert "disabled" in foreign.split("<fieldset")[1][:20]
    token = csrf_of(client, "/enterprises/new")
    created = client.post(
        "/enterprises/new",
        data={
            "csrf_token": token,
            "key": "temirtau-bakery",
            "name": "Temirtau Bakery",
            "settlements": "temirtau",
        },
    )
    assert created.status_code == 303
    assert web.client("viewer").get("/api/v1/enterprises/temirtau-bakery").json()["regions"] == [
        "KZ-35"
    ]


def test_regions_page(web: Web) -> None:
    page = web.browser("viewer", lang="kk").get("/regions").text
    assert "Қарағанды облысы" in page and 'href="/towns?region=KZ-35"' in page


def test_admin_pages_manage_users_and_browse_the_audit(web: Web) -> None:
    admin = web.browser("admin")
    token = csrf_of(admin, "/admin/users")
    added = admin.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "username": "akmola",
            "role": "regional_editor",
            "regions": "KZ-11",
            "password": "akmola-secret-1",
        },
    )
    assert added.status_code == 303
    short = admin.post(
        "/admin/users",
        data={"csrf_token": token, "username": "shorty", "role": "viewer", "password": "short"},
    )
    assert short.status_code == 422 and "at least 10 characters" in short.text
    edited = admin.post(
        "/admin/users/akmola",
        data={"csrf_token": token, "role": "viewer", "active": "on", "display_name": "A. User"},
    )
    assert edited.status_code == 303
    users = admin.get("/admin/users").text
    assert "A. User" in users and "akmola" in users
    audit = admin.get("/admin/audit", params={"user": "admin", "entity": "user"}).text
    assert "akmola" in audit and "regional_editor" in audit
    partial = admin.get(
        "/admin/audit",
        params={"action": "create", "since": "bad-date"},
        headers={"HX-Request": "true", "HX-Target": "table"},
    )
    assert partial.status_code == 200 and "<html" not in partial.text
    for user in ("viewer", "analyst", "karaganda"):
        assert web.browser(user).get("/admin/users").status_code == 403
        assert web.browser(user).get("/admin/audit").status_code == 403


def test_account_page_issues_a_token_once(web: Web) -> None:
    client = web.browser("viewer")
    token = csrf_of(client, "/account")
    issued = client.post("/account/tokens", data={"csrf_token": token, "name": "my script"})
    plain = re.search(r'id="new-token">(mt_[^<]+)<', issued.text)
    assert plain
    caller = web.client()
    caller.headers["Authorization"] = f"Bearer {plain.group(1)}"
    assert caller.get("/api/v1/me").json()["username"] == "viewer"
    assert plain.group(1) not in client.get("/account").text


def test_error_pages_are_html_in_the_reader_language(web: Web) -> None:
    page = web.browser("viewer", lang="ru").get("/no/such/page")
    assert page.status_code == 404 and "Не найдено" in page.text
