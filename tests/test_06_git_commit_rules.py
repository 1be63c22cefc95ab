"""06 Question 4 (a commit message that follows the team's rules): the
imperative rule and the Conventional Commits prefix, decided by the test
cell itself, run in-process on one answer (tests/test_course.py walks every
answer of exercises.py through the real grader; here each rule's edge is
tested fast). Before the reviewer's report, "Always return ..." failed (its
first word ends in one s) and every Conventional Commits subject failed
(lower-case after `fix:`)."""
from __future__ import annotations

import pytest

import cell_runner

BODY = ("recall() divided by zero when a week had no churners, so the weekly\n"
        "report crashed. Return 0.0 when there are no positives, as precision\n"
        "does, and test that case.")


def run(subject: str, code: str = "en", body: str = BODY) -> str | None:
    """None when q4's cell passes a commit with this subject, else its failure."""
    answer = f'git commit -q -m "{subject}" -m "{body}" -m "Closes #37"'
    return cell_runner.run("06_git", "test_q4_commit", {"q4_commit": answer}, code)


@pytest.mark.parametrize("subject", [
    "Always return 0.0 from recall without churners",   # an adverb ending in one s, then the verb
    "Never divide by zero in recall",
    "fix: handle weeks without churners in recall",      # Conventional Commits, lower case after the prefix
    "feat(metrics): Return 0.0 from recall",
    "fix(metrics)!: return 0.0 from recall",
    "Fix division by zero in recall",
    "Pass the week's labels to recall",
])
def test_imperative_subjects_pass(subject):
    assert run(subject) is None


@pytest.mark.parametrize("subject, failure", [
    ("Always returns 0.0 from recall", "not in the imperative"),
    ("Fixes division by zero in recall", "not in the imperative"),
    ("fix: fixed division by zero in recall", "not in the imperative"),
    ("fix: handle weeks without churners.", "start with a capital letter"),
    ("fix:handle weeks without churners", "start with a capital letter"),
    ("Fix: handle weeks without churners", None),        # not a prefix (capital type): the first word is Fix
    ("handle weeks without churners in recall", "start with a capital letter"),
    # Korean anywhere in the subject: rule 8 (English), whatever comes first (a fresh tester's answers)
    ("fix: 로그인 오류 수정", "should be in English"),
    ("로그인 오류 수정", "should be in English"),
    ("recall: 분모가 0인 주를 처리", "should be in English"),
    ("Fix recall() 0으로 나누는 버그", "should be in English"),
    ("[Fix] 이탈 고객이 없는 주의 recall 오류 해결", "should be in English"),
    ("recall 나눗셈 오류를 수정했습니다.", "should be in English"),
    ("fix(metrics): 이탈자 없을 때 recall이 0.0 반환", "should be in English"),
])
def test_other_subjects(subject, failure):
    got = run(subject)
    if failure is None:
        assert got is None
    else:
        assert got is not None and failure in got, got


def test_a_korean_subject_is_told_to_be_in_english_in_both_editions():
    """A Korean subject used to fail with "should start with a capital
    letter", which a Korean student cannot act on: the rule it breaks is
    "a message in English"."""
    en, ko = run("fix: 로그인 오류 수정"), run("fix: 로그인 오류 수정", "ko")
    assert "should be in English" in en and "capital" not in en and "words not in English: 로그인, 오류, 수정" in en
    assert "영어" in ko and "대문자" not in ko and "영어가 아닌 단어: 로그인, 오류, 수정" in ko, ko


@pytest.mark.parametrize("subject", [
    "Don\u02bct divide by zero in recall",            # a modifier letter apostrophe: a letter without case, but English
    "Return 0.0 from recall \u2014 2\u00d7 faster",   # an em dash and a multiplication sign
    "Credit Jos\u00e9 for the recall fix",             # an accented Latin letter has a case
])
def test_english_with_other_characters_passes_rule_8(subject):
    assert run(subject) is None


def test_a_korean_body_under_an_english_subject_fails_rule_8():
    body = "이탈자가 없는 주에는 recall()이 0으로 나누어 주간 리포트가 멈췄습니다. 이제 0.0을 돌려줍니다."
    assert "should be in English" in run("Fix division by zero in recall", body=body)
