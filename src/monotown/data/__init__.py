"""Indicator data: the catalog, stored values, imports and exports, provenance and undo.

The public surface other capabilities and notebooks use:

- `catalog_frame(session)`, `load_catalog(session, path=None)`, `get_indicator`, `list_indicators`;
- `values_frame(session, towns=, indicators=, year_from=, year_to=, period_type=,
  include_synthetic=)`: the tidy DataFrame of stored values (also the notebook API);
- `import_file(session_or_engine, path, ...)` / `import_frame(...)` -> `ImportReport`;
- `single_value.write_value(session, town=, indicator=, period=, value=, ...)` -> `ImportReport`
  and `single_value.delete_value(...)` -> batch id: one value with an import's checks and records,
  in a few milliseconds (the web API's single-value writes);
- `export_values(session, path, format=...)` -> `ExportReport`;
- `load_demo_data(session)`: the registry's real figures and the synthetic demo series;
- `list_batches`, `batch_detail`; undo through `provenance.undo_batch` (kind "values").
"""

from monotown.data.batches import BatchDetail, batch_detail, list_batches, undo_values
from monotown.data.catalog import (
    catalog_frame,
    catalog_is_empty,
    get_indicator,
    list_indicators,
    load_catalog,
)
from monotown.data.catalog_files import CatalogReport
from monotown.data.cells import Period, parse_period
from monotown.data.demo import DemoReport, demo_frame, load_demo_data
from monotown.data.dhis2 import load_org_units, org_unit_codes
from monotown.data.export import EXPORT_FORMATS, ExportReport, export_values
from monotown.data.importer import ImportReport, import_file, import_frame
from monotown.data.models import FLAGS, Indicator, IndicatorValue, ReplacedValue, SettlementDhis2
from monotown.data.values import ValueFilter, value_count, values_frame

__all__ = [
    "EXPORT_FORMATS",
    "FLAGS",
    "BatchDetail",
    "CatalogReport",
    "DemoReport",
    "ExportReport",
    "ImportReport",
    "Indicator",
    "IndicatorValue",
    "Period",
    "ReplacedValue",
    "SettlementDhis2",
    "ValueFilter",
    "batch_detail",
    "catalog_frame",
    "catalog_is_empty",
    "demo_frame",
    "export_values",
    "get_indicator",
    "import_file",
    "import_frame",
    "list_batches",
    "list_indicators",
    "load_catalog",
    "load_demo_data",
    "load_org_units",
    "org_unit_codes",
    "parse_period",
    "undo_values",
    "value_count",
    "values_frame",
]
