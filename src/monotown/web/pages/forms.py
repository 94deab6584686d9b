"""Turning domain errors into messages beside form fields, in the reader's language.

Reasons the registry gives for a rejected field are fixed phrases; those listed here are in the
message catalogue, so a form shows them translated (anything else appears as the domain wrote it).
"""

from __future__ import annotations

from collections.abc import Callable

from monotown.errors import InputError, MonotownError
from monotown.web.rendering import N_

KNOWN_REASONS = (
    N_("is required"),
    N_("must not be empty"),
    N_("must not contain NUL characters"),
    N_("use lower-case letters, digits and '-'"),
    N_("give both latitude and longitude, or neither"),
    N_("is not a number"),
    N_("is empty"),
    N_("a settlement cannot be its own parent"),
    N_("use an ISO 3166-2 code such as KZ-35"),
    N_("a regional editor needs at least one region"),
    N_("a password needs at least 10 characters"),
    N_("a password needs at least 4 different characters"),
    N_("give the token a name of 1-120 characters"),
)


def form_errors(error: MonotownError, gettext: Callable[[str], str]) -> dict[str, str]:
    """{field: message} for an InputError naming a field, else {'_': message}."""
    if isinstance(error, InputError) and error.field:
        return {error.field: gettext(error.reason)}
    return {"_": gettext(error.message)}


# Early-warning titles and severities of the bundled rules (resources/assess/warnings.yaml).
WARNING_WORDS = (
    N_("Industrial output down 10% or more on the previous year"),
    N_("Population declining"),
    N_("Unemployment rate up on the previous year"),
    N_("Average wage below the regional average"),
    N_("Town-forming enterprises' share of employment above 50% and rising"),
    N_("high"),
    N_("medium"),
    N_("low"),
)
