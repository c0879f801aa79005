"""Pure statistics for kampanye: survey weighting and estimates, crosstabs, poll aggregation
(no Django)."""

from kampanye.stats._crosstab import Crosstab, crosstab
from kampanye.stats._design import (
    ASSUMPTION,
    Difference,
    Estimate,
    design_effect,
    difference_between_groups,
    difference_within_sample,
    effective_n,
    weighted_share,
    wilson_interval,
)
from kampanye.stats._intervals import Interval, percentile_interval, pooled_shares
from kampanye.stats._moe import margin_of_error, worst_case_margin
from kampanye.stats._pollagg import (
    PollAggregate,
    PublishedPoll,
    adjust_for_nonresponse,
    adjust_for_turnout,
    aggregate_polls,
    naive_average,
    vote_shares,
)
from kampanye.stats._raking import Margin, Raker, RakingError, max_margin_error, rake

__all__ = [
    "ASSUMPTION",
    "Crosstab",
    "Difference",
    "Estimate",
    "Interval",
    "Margin",
    "PollAggregate",
    "PublishedPoll",
    "Raker",
    "RakingError",
    "adjust_for_nonresponse",
    "adjust_for_turnout",
    "aggregate_polls",
    "crosstab",
    "design_effect",
    "difference_between_groups",
    "difference_within_sample",
    "effective_n",
    "margin_of_error",
    "max_margin_error",
    "naive_average",
    "percentile_interval",
    "pooled_shares",
    "rake",
    "vote_shares",
    "weighted_share",
    "wilson_interval",
    "worst_case_margin",
]
