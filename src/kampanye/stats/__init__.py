"""Pure statistics for kampanye: margins of error, intervals, poll pooling (no Django)."""

from kampanye.stats._intervals import Interval, percentile_interval, pooled_shares
from kampanye.stats._moe import margin_of_error, worst_case_margin

__all__ = [
    "Interval",
    "margin_of_error",
    "percentile_interval",
    "pooled_shares",
    "worst_case_margin",
]
