from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.stats import Margin, RakingError, design_effect, effective_n, rake


def test_post_stratification_by_hand() -> None:
    # given 4 men and 6 women where the population is half and half
    sex = Margin.of("sex", [0] * 4 + [1] * 6, [0.5, 0.5])
    # when raked on the one margin (post-stratification)
    raker = rake([sex])
    # then each man weighs 10/(2·4) = 1.25 and each woman 10/(2·6) = 0.8333…
    assert raker.weights_[:4] == pytest.approx([1.25] * 4)
    assert raker.weights_[4:] == pytest.approx([5 / 6] * 6)
    assert raker.converged_ and raker.n_iter_ == 2 and raker.max_error_ < 1e-12


def test_two_margins_equal_ipfn_to_1e9() -> None:
    ipfn = pytest.importorskip("ipfn")
    pd = pytest.importorskip("pandas")
    # given a random sample and two margins that disagree with it
    rng = np.random.default_rng(7)
    sex, age = rng.integers(0, 2, 500), rng.integers(0, 4, 500)
    targets_sex, targets_age = np.array([0.49, 0.51]), np.array([0.3, 0.3, 0.25, 0.15])
    # when we rake and ipfn fits the same (respondent-level) problem
    ours = rake([Margin.of("sex", sex, targets_sex), Margin.of("age", age, targets_age)], tol=1e-14)
    frame = pd.DataFrame({"sex": sex, "age": age, "id": np.arange(500), "total": 1.0})
    fitted = ipfn.ipfn.ipfn(
        frame,
        [pd.Series(targets_sex * 500, index=[0, 1]), pd.Series(targets_age * 500, index=range(4))],
        [["sex"], ["age"]],
        convergence_rate=1e-14,
        max_iteration=10_000,
    ).iteration()
    # then the weights agree to 1e-9
    theirs = fitted.sort_values("id")["total"].to_numpy()
    assert np.max(np.abs(ours.weights_ - theirs)) < 1e-9


def test_a_level_nobody_answered_cannot_be_reached() -> None:
    with pytest.raises(RakingError, match="age: no respondent in level"):
        rake([Margin.of("age", [0, 0, 1], [0.4, 0.4, 0.2])])


def test_kish_design_effect_by_hand() -> None:
    # weights 1, 1, 2, 4: n Σw²/(Σw)² = 4·22/64 = 1.375; effective n = 64/22
    assert design_effect([1, 1, 2, 4]) == pytest.approx(1.375)
    assert effective_n([1, 1, 2, 4]) == pytest.approx(64 / 22)


samples = st.integers(2, 4).flatmap(
    lambda k: st.tuples(
        st.lists(st.integers(0, k - 1), min_size=k * 3, max_size=200).filter(
            lambda xs: len(set(xs)) == k
        ),
        st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k),
        st.lists(st.integers(0, 1), min_size=200, max_size=200),
    )
)


@settings(max_examples=60)
@given(samples)
def test_raked_weights_reproduce_every_margin(sample) -> None:
    # every level of a meets both levels of b, so some positive weights reach both margins
    codes, targets, _ = sample
    n = 2 * len(codes)
    other = np.repeat([0, 1], len(codes))
    codes = codes + codes
    raker = rake([Margin.of("a", codes, targets), Margin.of("b", other, [0.5, 0.5])])
    share = np.bincount(codes, weights=raker.weights_, minlength=len(targets)) / n
    assert raker.converged_
    assert share == pytest.approx(np.array(targets) / sum(targets), abs=1e-8)
    assert raker.weights_.mean() == pytest.approx(1.0)


@settings(max_examples=60)
@given(samples, st.floats(0.3, 0.9), st.floats(1.2, 5.0))
def test_trimmed_weights_stay_within_their_bounds(sample, lower, upper) -> None:
    codes, targets, _ = sample
    raker = rake([Margin.of("a", codes, targets)], trim=(lower, upper))
    w = raker.weights_
    assert w.min() >= lower * w.mean() * (1 - 1e-9)
    assert w.max() <= upper * w.mean() * (1 + 1e-9)


@given(st.lists(st.integers(0, 2), min_size=3, max_size=100).filter(lambda xs: len(set(xs)) == 3))
def test_a_sample_that_already_matches_keeps_weights_one(codes) -> None:
    counts = np.bincount(codes, minlength=3)
    raker = rake([Margin.of("a", codes, counts / counts.sum())])
    assert raker.weights_ == pytest.approx(np.ones(len(codes)))
