"""Program pages: projects by status, budget execution, directives board (overdue first),
targets progress, the town profile's program section; demo records marked."""

from __future__ import annotations

import re

from tests.web.conftest import Web


def test_program_pages_render_with_synthetic_marks(demo_web: Web) -> None:
    client = demo_web.browser("viewer")
    for path, marker in (
        ("/program", 'id="overview"'),
        ("/program/projects", 'id="project-summary"'),
        ("/program/budget", 'id="budget-year"'),
        ("/program/targets", 'id="targets"'),
    ):
        page = client.get(path)
        assert page.status_code == 200 and marker in page.text, path
        assert "synthetic-mark" in page.text, path
    operating = client.get("/program/projects", params={"status": "operating"}).text
    statuses = re.findall(r"<td>(operating|idle|planned|under implementation)</td>", operating)
    assert statuses and set(statuses) == {"operating"}


def test_the_directives_board_puts_overdue_first(demo_web: Web) -> None:
    page = demo_web.browser("viewer", lang="ru").get("/program/directives").text
    columns = re.findall(r'data-column="([a-z_]+)"', page)
    assert columns[0] == "overdue" and columns[-1] == "done"
    overdue = page.split('data-column="overdue"')[1].split('data-column="due_soon"')[0]
    assert "просрочено на" in overdue and "Просрочено" in page


def test_town_profile_lists_its_projects_budget_and_directives(demo_web: Web) -> None:
    page = demo_web.browser("viewer").get("/towns/balkhash").text
    for table in ("town-projects", "town-budget", "town-directives"):
        assert f'id="{table}"' in page
    directives = page.split('id="town-directives"')[1]
    assert "Balkhash" in page and "<td" in directives
