"""workbook.shellcheck: running shell answers in a scratch server folder and
checking stdout, exit code and the files left behind, with messages that
help and never reveal the reference command."""
from __future__ import annotations

import pytest

from workbook import shellcheck as sc
from workbook.checks import CheckFailed

TOP3 = r"cut -d' ' -f1 logs/access.log | sort | uniq -c | sort -nr | head -n 3"
COUNT_5XX = r"""grep -cE '" 5[0-9]{2} ' logs/access.log"""


def failure(capsys=None, **kw) -> str:
    with pytest.raises(CheckFailed) as e:
        sc.check_command(**kw)
    if capsys is not None:
        assert capsys.readouterr().err == "", "checks must never print to stderr"
    return str(e.value)


# ------------------------------------------------------------------ run()

def test_each_run_gets_a_fresh_copy():
    first = sc.run("rm -r logs && echo gone", 0)
    assert first.stdout == "gone\n" and "logs/access.log" not in first.files
    second = sc.run("wc -l < logs/access.log", 0)
    assert int(second.stdout) > 1000


def test_environment_is_clean_and_c_locale(monkeypatch):
    monkeypatch.setenv("DAON_EPOCHS", "9")
    res = sc.run('echo "$LC_ALL|$DAON_EPOCHS|$(basename "$PWD")"; test "$SERVER" = "$PWD" && echo same', 0)
    assert res.stdout == "C||server\nsame\n"
    assert sc.run("echo $DAON_EPOCHS", 0, env={"DAON_EPOCHS": "4"}).stdout == "4\n"


def test_stdin_is_empty_and_timeout_kills():
    assert sc.run("grep -c x", 0).stdout == "0\n"  # reads an empty stdin, does not hang
    res = sc.run("sleep 30", 0, timeout=1)
    assert res.timed_out and res.code is None


def test_runaway_output_and_files_are_capped():
    res = sc.run("yes daon", 0, timeout=2)
    assert res.timed_out and len(res.stdout) <= sc.MAX_OUTPUT + 100 and res.stdout.endswith("[... output cut ...]")
    res = sc.run("head -c 9000000 /dev/zero > tmp/big.bin", 0)
    assert res.files["tmp/big.bin"].startswith(b"<a big file: 9000000 bytes")


def test_a_forgotten_background_job_holding_the_output_is_stopped():
    res = sc.run("echo start; sleep 30 &", 0, timeout=1)
    assert res.timed_out and res.stdout == "start\n"


def test_background_jobs_are_waited_for():
    res = sc.run("(sleep 0.3; echo late > tmp/late.txt) &", 0, background=True)
    assert res.files["tmp/late.txt"] == b"late\n"


def test_setup_runs_first_and_its_output_is_discarded():
    res = sc.run("ls models/run1", 0, setup="echo noise; mkdir models/run1 && touch models/run1/x")
    assert res.stdout == "x\n"


def test_normalise():
    assert sc.normalise("a  \nb\t\n\n\n") == ["a", "b"]
    assert sc.normalise("  12 x\n 3   y\n", spaces=True) == ["12 x", "3 y"]
    assert sc.normalise("b\na\n", unordered=True) == ["a", "b"]
    assert sc.normalise("a\r\nb\r\n") == ["a", "b"]


# -------------------------------------------------------- check_command()

def test_correct_answers_pass_visible_and_reference_modes():
    expected = sc.run(TOP3, 0).stdout
    sc.check_command("q4", "awk '{print $1}' logs/access.log | sort | uniq -c | sort -rn | head -3",
                     stdout=expected, spaces=True)
    sc.check_command("q4", "awk '{print $1}' logs/access.log | sort | uniq -c | sort -rn | head -3",
                     seed=3, spaces=True, reference=TOP3)


def test_wrong_output_shows_command_output_and_expected_but_not_reference(capsys):
    wrong = "grep -c ' 5[0-9][0-9]' logs/access.log"
    msg = failure(capsys, question="q3", command=wrong, seed=3, reference=COUNT_5XX)
    assert msg.startswith("q3: ")
    assert wrong in msg
    expected = sc.run(COUNT_5XX, 3).stdout.strip()
    got = sc.run(wrong, 3).stdout.strip()
    assert f"expected:\n        {expected}" in msg and got in msg
    assert COUNT_5XX not in msg and "5[0-9]{2}" not in msg


def test_long_outputs_are_shown_as_a_diff():
    ref = "head -n 30 logs/access.log"
    msg = failure(question="q", command="sed -n '1,4p;6,30p' logs/access.log", reference=ref)
    assert "difference (- expected, + yours)" in msg and "more lines" in msg
    assert ref not in msg


def test_order_and_spacing_only_ignored_when_asked():
    expected = "b\na\n"
    sc.check_command("q", "printf 'a\\nb\\n'", stdout=expected, unordered=True)
    msg = failure(question="q", command="printf 'a\\nb\\n'", stdout=expected)
    assert "in the wrong order" in msg
    msg = failure(question="q", command="printf '  1 a\\n'", stdout="1 a")
    sc.check_command("q", "printf '  1   a\\n'", stdout="1 a", spaces=True)


def test_files_left_behind_are_compared():
    # mv instead of cp: originals missing, reported by name
    msg = failure(question="q1", command="mkdir backup && mv data/orders/orders_2026-01.csv backup/",
                  reference="mkdir backup && cp data/orders/orders_2026-01.csv backup/")
    assert "missing file `data/orders/orders_2026-01.csv`" in msg
    # a stray file
    msg = failure(question="q", command="grep -c x logs/error.log > count.txt; cat count.txt",
                  reference="grep -c x logs/error.log")
    assert "created file `count.txt`" in msg
    # a file emptied by `sed ... f > f`
    msg = failure(question="q", command="sed 's/a/b/' config/app.conf > config/app.conf", stdout="")
    assert "`config/app.conf` does not have the expected content (it is empty" in msg


def test_expected_files_in_visible_mode():
    content = sc.server_file("config/train.yaml")
    sc.check_command("q14", "mkdir models/run1 && cp config/train.yaml models/run1/",
                     files={"models/run1/train.yaml": content})
    msg = failure(question="q14", command="mkdir models/run1", files={"models/run1/train.yaml": content})
    assert "missing file `models/run1/train.yaml`" in msg
    # with a setup, the expected folder is the one after the setup
    sc.check_command("q14", "mkdir models/run1 || echo 'setup failed'", code=None, stdout="setup failed",
                     setup="mkdir -p models/run1")


def test_appended_lines_are_described():
    msg = failure(question="q", command="echo extra >> config/app.conf", stdout="")
    assert "extra lines at the end" in msg


def test_exit_code_and_stderr_are_reported():
    msg = failure(question="q", command="ls no-such-file", stdout="")
    assert "exit code 2, expected 0" in msg and "No such file" in msg


def test_timeout_message(capsys):
    msg = failure(capsys, question="q", command="sleep 20", stdout="", timeout=1)
    assert "did not finish within 1 s" in msg


def test_not_a_string_or_empty():
    with pytest.raises(CheckFailed, match="should be a string"):
        sc.check_command("q", ["ls"], stdout="")
    with pytest.raises(CheckFailed, match="empty string"):
        sc.check_command("q", "   ", stdout="")


def test_require_patterns_for_conceptual_questions():
    reqs = [(r"\bnohup\b", "use nohup"), (r"(?<![&|])&\s*$", "end with a single &")]
    ok = "nohup python3 ml/train.py > logs/n.log 2>&1 &"
    assert sc.check_command("q15", ok, require=reqs, background=True, reference=ok) is None
    assert "epoch 3/3" in sc.run(ok, background=True).files["logs/n.log"].decode()
    for bad, why in [("python3 ml/train.py > logs/n.log 2>&1 &", "use nohup"),
                     ("nohup python3 ml/train.py > logs/n.log 2>&1", "end with a single &"),
                     ("nohup true && true &&", "end with a single &")]:
        with pytest.raises(CheckFailed, match=why):
            sc.check_command("q15", bad, require=reqs, background=True, reference=ok)
    # 2>&1 before >: the warnings do not reach the log
    msg = failure(question="q15", command="nohup python3 ml/train.py 2>&1 > logs/n.log &", require=reqs,
                  background=True, reference=ok)
    assert "`logs/n.log` does not have the expected content" in msg and ok not in msg


# ---------------------------------------------------------- check_script()

SCRIPT = """#!/bin/bash
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: count_csv_lines.sh DIRECTORY" >&2
    exit 2
fi
wc -l "$1"/*.csv
"""


def test_script_is_made_executable_and_run_with_arguments():
    assert sc.check_script("q13", SCRIPT, ["data/exports 2025"], seed=3, reference=SCRIPT, unordered=True,
                           spaces=True) is None
    sc.check_script("q13", SCRIPT, [], code=2, stdout="", stderr_pattern=r"(?m)^usage:")


def test_script_failures(capsys):
    unquoted = SCRIPT.replace('wc -l "$1"/*.csv', "wc -l $1/*.csv")
    with pytest.raises(CheckFailed) as e:
        sc.check_script("q13", unquoted, ["data/exports 2025"], seed=3, reference=SCRIPT, unordered=True, spaces=True)
    msg = str(e.value)
    assert "./count_csv_lines.sh 'data/exports 2025'" in msg and 'wc -l "$1"' not in msg
    assert capsys.readouterr().err == ""
    with pytest.raises(CheckFailed, match="shebang"):
        sc.check_script("q13", SCRIPT.split("\n", 1)[1], ["data/orders"], reference=SCRIPT)
    with pytest.raises(CheckFailed, match="very first line"):
        sc.check_script("q13", "\n" + SCRIPT, ["data/orders"], reference=SCRIPT)
    with pytest.raises(CheckFailed, match="could not start your script"):
        sc.check_script("q13", "#!/bin/no-such-shell\necho hi\n", ["data/orders"], reference=SCRIPT)
    no_usage = "#!/bin/bash\nwc -l \"$1\"/*.csv\n"
    with pytest.raises(CheckFailed, match="exit code 1, expected 2"):
        sc.check_script("q13", no_usage, [], code=2, stdout="", stderr_pattern=r"(?m)^usage:")
    quiet = "#!/bin/bash\n[ -d \"$1\" ] || exit 2\nwc -l \"$1\"/*.csv\n"
    with pytest.raises(CheckFailed, match="message on stderr"):
        sc.check_script("q13", quiet, [], code=2, stdout="", stderr_pattern=r"(?m)^usage:")


# --------------------------------------------------------------- preview()

def test_preview_prints_output_and_changes(capsys):
    sc.preview("echo hi; touch tmp/new.txt; rm README.txt")
    out = capsys.readouterr()
    assert "hi" in out.out and "created file `tmp/new.txt`" in out.out and "removed file `README.txt`" in out.out
    assert out.err == ""
    sc.preview(42)
    assert "needs a string" in capsys.readouterr().out
