"""The page a long import shows while it runs: its phase and count, polled with htmx."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from monotown.accounts.roles import Permission
from monotown.web.context import PrincipalDep, SessionDep
from monotown.web.import_jobs import find_job, job_state
from monotown.web.pages.common import pages
from monotown.web.pages.data import finished_import
from monotown.web.rendering import N_

router = APIRouter(include_in_schema=False)
PHASES = {
    "starting": N_("starting"),
    "reading": N_("reading the file"),
    "checking": N_("checking every row"),
    "written": N_("writing"),
}


@router.get("/data/uploads/{token}/progress", response_class=HTMLResponse)
def progress(
    token: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """The whole page, or (for htmx's poll) its progress panel; once the import has ended, the
    page it leads to (htmx follows an HX-Redirect)."""
    principal.require(Permission.edit_data)
    job = find_job(request.app.state.import_board, token, principal.username)
    polled = request.headers.get("hx-request") == "true"
    if job is not None and job.done:
        answer = finished_import(request, session, principal, token, job)
        location = answer.headers.get("location")
        if polled and location:
            return Response(status_code=204, headers={"HX-Redirect": location})
        if polled:
            return Response(status_code=204, headers={"HX-Refresh": "true"})
        return answer
    state = job_state(job) if job else None
    if state is not None:
        state["label"] = PHASES.get(str(state["phase"]), str(state["phase"]))
    context = {"token": token, "job": state}
    template = "data/_progress.html" if polled else "data/progress.html"
    return pages(request).render(request, template, context)
