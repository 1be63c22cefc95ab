"""06 Question 20b (a `git pull --rebase` that stops on a conflict in
requirements-dev.txt): what its test cell tells a student about each
mistake, in English and in Korean. The cell runs in-process on one answer
(tests/test_course.py walks every wrong answer of exercises.py; here the
message itself is what is tested): each message states the fact the check
read from the repository (a rebase still in progress, the missing side's
line, a last line without its newline, a message's leftover lines), so the
student's next step is in it."""
from __future__ import annotations


import pytest

import cell_runner

ASSIGNMENT = "06_git"
SOLUTION = r"""git pull --rebase origin main
printf '%s\n' '-e .' pytest ruff hypothesis > requirements-dev.txt
git add requirements-dev.txt
git rebase --continue
git push origin main"""


def swap(old: str, new: str) -> str:
    assert old in SOLUTION
    return SOLUTION.replace(old, new, 1)




def feedback(answer: str) -> dict[str, str]:
    """The failure of q20b's test cell for ``answer``, in each edition."""
    return cell_runner.failures(ASSIGNMENT, "test_q20b_pull_conflict", lambda: {"q20b_pull_conflict": answer})


def test_git_commit_in_place_of_rebase_continue_says_the_rebase_is_unfinished_and_shows_the_push_refusal():
    """`git commit` during the stop commits the resolution, but the rebase
    stays paused, main does not move and the push is refused: the message
    says so (a rebase in progress, HEAD's newest commit changes the file), and
    stderr's shown lines are the push's, not the pull's conflict output."""
    text = feedback(swap("git rebase --continue", "git commit --no-edit"))
    assert "a rebase is still in progress: the resolution was committed (git commit), but the rebase was not " \
           "continued" in text["en"]
    assert "[rejected]" in text["en"] and "hint: Resolve all conflicts manually" not in text["en"]
    assert "git rebase --continue makes that commit" in text["en"]
    assert "리베이스가 아직 진행 중" in text["ko"] and "git commit" in text["ko"] and "git rebase --continue" in text["ko"]


def test_a_pull_chained_with_and_says_the_conflict_is_still_in_the_file():
    text = feedback(SOLUTION.replace("\n", " && "))
    assert "a rebase is still in progress: it stopped on the conflict in requirements-dev.txt, and the file still " \
           "has its conflict markers" in text["en"]
    assert "리베이스가 아직 진행 중" in text["ko"] and "충돌 표시" in text["ko"]


def test_a_resolved_file_without_its_last_newline_is_told_so_in_both_editions():
    """The file's lines are right; its bytes end without "\\n" (a printf
    format with no newline after the last line): the listing alone looks
    right, so the message says what the bytes show."""
    text = feedback(swap("printf '%s\\n' '-e .' pytest ruff hypothesis",
                         "printf -- '-e .\\npytest\\nruff\\nhypothesis'"))
    assert "requirements-dev.txt on origin's main has the right lines, but its last line has no newline at the " \
           "end" in text["en"]
    assert "its last line has no newline at the end" in text["en"].splitlines()[-2]
    assert "마지막 줄 끝에 줄바꿈 문자가 없습니다" in text["ko"].splitlines()[0]
    assert "마지막 줄 끝에 줄바꿈 문자가 없습니다" in text["ko"].splitlines()[-2]


def test_a_replayed_message_that_keeps_the_conflicts_block_shows_the_lines_to_remove():
    """`git commit --no-edit` during the stop keeps git's `# Conflicts:`
    block in the message; the subject alone looks like the original's, so
    the message shows the lines the original does not have."""
    text = feedback(swap("git rebase --continue", "git commit --no-edit\ngit rebase --continue"))
    assert "has lines your commit's message does not have: remove them" in text["en"]
    assert "    # Conflicts:" in text["en"] and "#\trequirements-dev.txt" in text["en"]
    assert "git rebase --continue make the commit" in text["en"]
    assert "지울 줄:" in text["ko"] and "    # Conflicts:" in text["ko"] and "지우세요" in text["ko"]


@pytest.mark.parametrize("side, missing, hint", [
    ("--theirs", "lacks the colleague's new line ruff", "--theirs is your own commit being replayed"),
    ("--ours", "lacks your new line hypothesis", "HEAD and --ours are the colleague's side, not yours"),
])
def test_one_side_checked_out_names_the_line_it_lost_and_what_that_side_is_in_a_rebase(side, missing, hint):
    text = feedback(swap("printf '%s\\n' '-e .' pytest ruff hypothesis > requirements-dev.txt",
                         f"git checkout {side} requirements-dev.txt"))
    assert missing in text["en"] and hint in text["en"]
    assert ("ruff" if side == "--theirs" else "hypothesis") in text["ko"].splitlines()[0]


def test_both_lines_in_the_wrong_order_say_which_comes_first():
    text = feedback(swap("ruff hypothesis", "hypothesis ruff"))
    assert "has both new lines, but yours comes before the colleague's" in text["en"]


@pytest.mark.parametrize("answer, fact", [
    # the file rewritten, never git-added: --continue refuses, the file stays unmerged
    (swap("git add requirements-dev.txt\n", ""), "requirements-dev.txt is edited but not marked resolved"),
    # resolved and staged, never continued: HEAD (the colleague's commits) is pushed
    (swap("git rebase --continue\ngit push origin main", "git push origin HEAD:main"),
     "the resolution is staged, but the rebase was not continued"),
], ids=["not-added", "never-continued"])
def test_a_rebase_left_in_progress_is_told_by_where_it_stopped(answer, fact):
    text = feedback(answer)
    assert f"a rebase is still in progress: {fact}" in text["en"] and "in the middle of the rebase" in text["en"]
    assert "리베이스가 아직 진행 중" in text["ko"] and "리베이스 도중" in text["ko"]
