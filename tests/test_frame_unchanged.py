"""Unit tests of workbook.checks.generic's check_frame_unchanged (fast, no notebook run): a DataFrame that
comes back from a call exactly as it was sent passes; each way an answer can change its input in place fails,
with a message that names the change, and a hidden message that shows no row label and no value."""
from __future__ import annotations

import pandas as pd
import pytest

from workbook.checks import CheckFailed, wire
from workbook.checks.generic import check_frame_unchanged
from workbook.messages import render


def toy() -> pd.DataFrame:
    return pd.DataFrame({"score": [0.9, 0.4, 0.7, 0.7, 0.2, 0.7], "churned": [1, 0, 1, 1, 0, 0],
                         "marketing_opt_in": [False, True, True, False, True, True]},
                        index=pd.Index([104, 101, 107, 103, 102, 105], name="customer_id"))


def changed(change) -> pd.DataFrame:
    """toy() after the wire and ``change`` (what the student's function did to it in place)"""
    frame = wire.roundtrip(toy())
    change(frame)
    return frame


def failure(after) -> CheckFailed:
    with pytest.raises(CheckFailed) as e:
        check_frame_unchanged(after, toy(), call="campaign_list(toy_consent, 2)", name="customers")
    return e.value


def test_a_frame_that_comes_back_as_it_was_sent_passes():
    check_frame_unchanged(changed(lambda d: None), toy(), call="campaign_list(toy_consent, 2)", name="customers")


def _set(frame, key, value):
    frame[key] = value


def _loc(frame, key, value):
    frame.loc[key] = value


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")
@pytest.mark.parametrize("change, shown, hidden", [
    (lambda d: d.sort_values("score", ascending=False, kind="stable", inplace=True),
     "changed the order of the rows: they start 104, 107, 103, ... instead of 104, 101, 107, ...",
     "changed the order of the rows"),
    (lambda d: _set(d, "rank", range(len(d))), "added the column 'rank'", "added the column 'rank'"),
    (lambda d: d.drop(d.index[~d["marketing_opt_in"]], inplace=True), "dropped 2 rows (104, 103)", "dropped rows"),
    (lambda d: _loc(d, (104, "score"), 0.0), "changed 1 value in column 'score' (row 104: 0.0 instead of 0.9)",
     "changed values in column 'score'"),
    (lambda d: d.pop("churned"), "dropped the column 'churned'", "dropped the column 'churned'"),
    (lambda d: d.reset_index(drop=True, inplace=True),
     "replaced the index: it starts 0, 1, 2, ... instead of 104, 101, 107, ...",
     "replaced the index (the rows' labels)"),
    (lambda d: _set(d, "churned", d["churned"].astype(float)),
     "changed the dtype of column 'churned' from int64 to float64",
     "changed the dtype of column 'churned' from int64 to float64"),
    (lambda d: _loc(d, 999, [0.1, 0, True]), "added 1 row (999)", "added rows"),
])
def test_each_change_in_place_fails_with_a_message_that_names_it(change, shown, hidden):
    e = failure(changed(change))
    assert render(e.message).startswith("campaign_list(toy_consent, 2) changed customers, the DataFrame it was given: ")
    assert shown in render(e.message)
    assert render(e.hidden_message).endswith(hidden)
    assert "0.9" not in render(e.hidden_message) and "104" not in render(e.hidden_message)


def test_a_change_pandas_sees_and_no_diagnosis_names_still_fails():
    after = changed(lambda d: setattr(d.columns, "name", "fields"))
    assert "changed it" in render(failure(after).message)
