"""04 Question 8b (`sample_size_per_arm`, an absolute lift that may be
negative): an answer that fails only where the lift is negative is told
so, in English and in Korean. The hidden cases alternate the lift's sign;
the visible ones are all positive, so a student who never thought of a
negative lift learns it from this message. The cell runs in-process on one
answer, in each edition (the Korean one as the release translates it)."""
from __future__ import annotations

import math

import pytest

import cell_runner

ASSIGNMENT = "04_problem_definition"
SOLUTION = '''def sample_size_per_arm(p_control, lift, alpha=0.05, power=0.8):
    from statistics import NormalDist

    z = NormalDist().inv_cdf
    p_a, p_b = p_control, p_control + lift
    variance = p_a * (1 - p_a) + p_b * (1 - p_b)
    return math.ceil((z(1 - alpha / 2) + z(power)) ** 2 * variance / (p_b - p_a) ** 2)'''




def feedback(answer: str) -> dict[str, str]:
    """The failure of q8b's test cell (visible and hidden parts) for the
    function ``answer`` defines, in each edition."""
    return cell_runner.failures(ASSIGNMENT, "test_q8b_sample_size_per_arm", cell_runner.defined(answer, math=math))


@pytest.mark.parametrize("answer", [
    # p_B above p_control whatever the sign: a wrong n for a negative lift
    SOLUTION.replace("p_control + lift", "p_control + abs(lift)"),
    # a lift assumed positive: ValueError on a negative one
    SOLUTION.replace("    from statistics", "    if lift <= 0:\n        raise ValueError('lift must be positive')\n"
                                              "    from statistics"),
    # the square root of n taken as a log: a math domain error on a negative lift
    SOLUTION.replace("math.ceil((z(1 - alpha / 2) + z(power)) ** 2 * variance / (p_b - p_a) ** 2)",
                     "math.ceil(math.exp(2 * math.log((z(1 - alpha / 2) + z(power)) * math.sqrt(variance) / lift)))"),
], ids=["abs-lift", "refuses-negative", "log-of-lift"])
def test_an_answer_that_fails_only_for_a_negative_lift_is_told_the_lift_was_negative(answer):
    text = feedback(answer)
    assert "failed a hidden test" in text["en"]
    assert "the lift may be negative" in text["en"] and "below p_control" in text["en"]
    assert "음수" in text["ko"]


def test_a_hidden_failure_on_a_positive_lift_gets_no_word_about_the_sign():
    """The sign hint is a fact of the failing input, not a hint given to
    every hidden failure: an answer wrong only for positive lifts other than
    the visible ones (the first hidden case has a positive lift) is told the
    general hint."""
    text = feedback(SOLUTION.replace("    from statistics", "    if lift > 0 and (p_control, lift) not in ((0.67, 0.035), "
                                                              "(0.5, 0.1)):\n        return 1\n    from statistics"))
    assert "failed a hidden test" in text["en"]
    assert "negative" not in text["en"] and "음수" not in text["ko"]
