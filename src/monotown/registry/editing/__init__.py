"""Changing the registry one record at a time (regions, settlements, enterprises), with audit.

Used by the web app and the API. Each function checks what the database would reject (unknown
region, duplicate code, unpaired coordinates) first, so users get a message naming the field, and
records who changed what with the old and the new values.
"""

from monotown.registry.editing.audited import EditedKind
from monotown.registry.editing.enterprises import (
    ENTERPRISE_FIELDS,
    ENTERPRISES,
    create_enterprise,
    delete_enterprise,
    enterprise_record,
    get_enterprise,
    update_enterprise,
)
from monotown.registry.editing.regions import (
    REGIONS,
    create_region,
    delete_region,
    get_region,
    region_record,
    update_region,
)
from monotown.registry.editing.settlements import (
    SETTLEMENT_FIELDS,
    SETTLEMENTS,
    create_settlement,
    get_settlement,
    remove_settlement,
    require_childless,
    settlement_record,
    update_settlement,
)

__all__ = [
    "ENTERPRISES",
    "ENTERPRISE_FIELDS",
    "REGIONS",
    "SETTLEMENTS",
    "SETTLEMENT_FIELDS",
    "EditedKind",
    "create_enterprise",
    "create_region",
    "create_settlement",
    "delete_enterprise",
    "delete_region",
    "enterprise_record",
    "get_enterprise",
    "get_region",
    "get_settlement",
    "region_record",
    "remove_settlement",
    "require_childless",
    "settlement_record",
    "update_enterprise",
    "update_region",
    "update_settlement",
]
