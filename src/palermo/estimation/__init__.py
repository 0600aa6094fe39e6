"""Multiple systems estimation: how many victims the lists do not see.

Pure Python on numpy/scipy/statsmodels: no Django import, so ``palermo estimate`` runs without
settings, database or keys, and the app can call ``estimate_population`` directly.
"""

from palermo.estimation.estimate import EstimationError, estimate_population
from palermo.estimation.histories import (
    CaptureTable,
    HistoryFileError,
    parse_histories,
    read_histories,
    table_from_rows,
)

__all__ = [
    "CaptureTable",
    "EstimationError",
    "HistoryFileError",
    "estimate_population",
    "parse_histories",
    "read_histories",
    "table_from_rows",
]
