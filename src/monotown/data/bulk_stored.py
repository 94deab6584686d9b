"""The SQL of an import's checks and writes against the stored values, over its staged rows.

Used when a stored value may share a key with the file (see `staging.Stage.check`): the good rows
then sit in the temporary table `mt_stage` and each check is one statement joining it with the
values table; every problem goes into the temporary table `mt_issue`.
"""

from __future__ import annotations

STAGE = "mt_stage"
ISSUES = "mt_issue"
STAGE_COLUMNS = (
    "row_no",
    "col",
    "settlement_id",
    "indicator_id",
    "period",
    "value",
    "note",
    "flag",
    "source",
)
# The canonical period text tells its type and year; deriving them in SQL keeps staging narrow.
PERIOD_TYPE_SQL = "CASE LENGTH(s.period) WHEN 4 THEN 'year' WHEN 6 THEN 'quarter' ELSE 'month' END"
YEAR_SQL = "CAST(SUBSTR(s.period, 1, 4) AS INTEGER)"
KEY_MATCH = (
    "v.settlement_id = s.settlement_id AND v.indicator_id = s.indicator_id AND v.period = s.period"
)
# A stored value differs from a staged one when the number, an explicitly given note or flag, or
# (for files that give no flag) the stored 'synthetic' flag differs. Sources are provenance only.
DIFFERS = (
    "(ABS(v.value - s.value) > 1e-12 * (CASE WHEN ABS(v.value) > 1 THEN ABS(v.value) ELSE 1 END)"
    " OR (s.note IS NOT NULL AND (v.note IS NULL OR v.note <> s.note))"
    " OR (s.flag IS NOT NULL AND s.flag <> v.flag)"
    " OR (s.flag IS NULL AND v.flag = 'synthetic' AND :default_flag <> 'synthetic'))"
)


CONFLICT_SQL = (
    f"INSERT INTO {ISSUES} (row_no, col, num, code, arg, ref_num, ref_int) "
    "SELECT s.row_no, s.col, s.value, 'conflict', v.flag, v.value, v.batch_id "
    f"FROM {STAGE} s JOIN indicator_value v ON {KEY_MATCH} "
    f"WHERE v.flag <> 'synthetic' AND {DIFFERS}"
)
KEEP_STORED_SQL = (
    f"UPDATE {STAGE} AS s SET bad = 2 WHERE EXISTS (SELECT 1 FROM indicator_value v "
    f"WHERE {KEY_MATCH} AND v.flag <> 'synthetic' AND {DIFFERS})"
)
MARK_BAD_SQL = (
    f"UPDATE {STAGE} AS s SET bad = 1 WHERE EXISTS "
    f"(SELECT 1 FROM {ISSUES} i WHERE i.row_no = s.row_no AND i.col = s.col)"
)
