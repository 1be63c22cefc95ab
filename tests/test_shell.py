"""workbook.checks.shell: running shell answers in a scratch server folder
and checking stdout, exit code and the files left behind, with messages that
help and never reveal the reference command; in the judge, every student
string runs in a bubblewrap jail."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from workbook.checks import CheckFailed, exercise, hidden_seed
from workbook.checks import shell as sc
from workbook.checks.exercise import JudgeContext, Transport, judging

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


def test_a_trusted_command_runs_once_per_process_and_a_students_every_time(tmp_path):
    """A test's reference (trusted) gives the same result for the same
    arguments: it runs once per process, and each caller gets its own copy of
    the result. A student's command runs every time."""
    log = tmp_path / "runs.log"
    reference = f"echo ran >> {log}; echo > made.txt; echo out"
    first = sc.run(reference, 7, setup="echo set > s.txt", trusted=True)
    first.files.pop("made.txt")
    again = sc.run(reference, 7, setup="echo set > s.txt", trusted=True)
    assert log.read_text().count("ran") == 1 and again.stdout == "out\n" and "made.txt" in again.files
    sc.run(reference, 8, setup="echo set > s.txt", trusted=True)       # another seed: another run
    sc.run(reference, 7, trusted=True)                                  # without the setup: another
    assert log.read_text().count("ran") == 3
    for _ in range(2):
        sc.run(reference, 7, setup="echo set > s.txt")                  # not trusted: every time
    assert log.read_text().count("ran") == 5


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


def test_background_jobs_stop_with_the_command():
    """As in the judge's jail (which ends with its first process): a job
    left running in the background is stopped when the command ends."""
    res = sc.run("echo start; (sleep 5; echo late) &", 0, timeout=3)
    assert not res.timed_out and res.code == 0 and res.stdout == "start\n"


def test_background_jobs_are_waited_for():
    res = sc.run("(sleep 0.3; echo late > tmp/late.txt) &", 0, background=True)
    assert res.files["tmp/late.txt"] == b"late\n"


def test_setup_runs_first_and_its_output_is_discarded():
    res = sc.run("ls models/run1", 0, setup="echo noise; mkdir models/run1 && touch models/run1/x")
    assert res.stdout == "x\n"


def test_links_and_special_files_are_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    outside.chmod(0o700)
    res = sc.run(f"ln -s {outside} link_dir; ln -s /etc/hostname link_file; mkfifo tmp/fifo; "
                 "mkdir locked; chmod 000 locked", 0)
    assert res.files["link_dir"] == f"-> {outside}".encode() and res.files["link_file"] == b"-> /etc/hostname"
    assert res.files["tmp/fifo"] == b"<not a regular file>"
    sc.finish_cleaning()
    assert (outside.stat().st_mode & 0o777) == 0o700, "cleaning must not chmod through a link"


def test_normalise():
    assert sc.normalise("a  \nb\t\n\n\n") == ["a", "b"]
    assert sc.normalise("  12 x\n 3   y\n", spaces=True) == ["12 x", "3 y"]
    assert sc.normalise("b\na\n", unordered=True) == ["a", "b"]
    assert sc.normalise("a\r\nb\r\n") == ["a", "b"]


# -------------------------------------------------------- check_command()

def test_correct_answers_pass_visible_and_reference_modes():
    expected = sc.run(TOP3, 0).stdout
    sc.check_command("awk '{print $1}' logs/access.log | sort | uniq -c | sort -rn | head -3",
                     stdout=expected, spaces=True)
    sc.check_command("awk '{print $1}' logs/access.log | sort | uniq -c | sort -rn | head -3",
                     seed=3, spaces=True, reference=TOP3)


def test_the_exercise_names_the_question(capsys):
    with pytest.raises(CheckFailed) as e:
        @exercise("q3")
        def test(): sc.check_command("echo 1", stdout="54")
    assert str(e.value).startswith("q3: your command printed something else than expected")
    assert capsys.readouterr().err == ""


def test_wrong_output_shows_command_output_and_expected_but_not_reference(capsys):
    wrong = "grep -c ' 5[0-9][0-9]' logs/access.log"
    msg = failure(capsys, command=wrong, seed=3, reference=COUNT_5XX, hint="anchor it")
    expected = sc.run(COUNT_5XX, 3).stdout.strip()
    got = sc.run(wrong, 3).stdout.strip()
    assert msg.splitlines()[1:] == [f"  your command: {wrong}", f"  expected: {expected}", f"  got:      {got}",
                                    "  hint: anchor it"]
    assert COUNT_5XX not in msg and "5[0-9]{2}" not in msg


def test_a_hidden_failure_shows_no_value_and_no_input():
    wrong = "grep -c ' 5[0-9][0-9]' logs/access.log"
    with pytest.raises(CheckFailed) as e:
        @exercise("q3")
        def test():
            sc.check_command(wrong, stdout=sc.run(wrong, 0).stdout)
            ### BEGIN HIDDEN TESTS
            sc.check_command(wrong, seed=hidden_seed(), reference=COUNT_5XX, hint="anchor it")
            ### END HIDDEN TESTS
    lines = e.value.lines()
    assert lines == ["q3: failed a hidden test: on another server (generated with another seed), your command "
                     "printed something else than expected", "  hint: anchor it"]


def test_long_outputs_are_shown_as_a_diff():
    ref = "head -n 30 logs/access.log"
    msg = failure(command="sed -n '1,4p;6,30p' logs/access.log", reference=ref)
    assert "difference (- expected, + yours)" in msg and "more diff lines" not in msg
    assert ref not in msg


def test_order_and_spacing_only_ignored_when_asked():
    expected = "b\na\n"
    sc.check_command("printf 'a\\nb\\n'", stdout=expected, unordered=True)
    msg = failure(command="printf 'a\\nb\\n'", stdout=expected)
    assert "in the wrong order" in msg
    failure(command="printf '  1 a\\n'", stdout="1 a")
    sc.check_command("printf '  1   a\\n'", stdout="1 a", spaces=True)


def test_files_left_behind_are_compared():
    # mv instead of cp: originals missing, reported by name
    msg = failure(command="mkdir backup && mv data/orders/orders_2026-01.csv backup/",
                  reference="mkdir backup && cp data/orders/orders_2026-01.csv backup/")
    assert "missing file `data/orders/orders_2026-01.csv`" in msg
    # a stray file
    msg = failure(command="grep -c x logs/error.log > count.txt; cat count.txt", reference="grep -c x logs/error.log")
    assert "created file `count.txt`" in msg
    # a file emptied by `sed ... f > f`
    msg = failure(command="sed 's/a/b/' config/app.conf > config/app.conf", stdout="")
    assert "`config/app.conf` does not have the expected content (it is empty" in msg


def test_expected_files_in_visible_mode():
    content = sc.server_file("config/train.yaml")
    sc.check_command("mkdir models/run1 && cp config/train.yaml models/run1/",
                     files={"models/run1/train.yaml": content})
    msg = failure(command="mkdir models/run1", files={"models/run1/train.yaml": content})
    assert "missing file `models/run1/train.yaml`" in msg
    # with a setup, the expected folder is the one after the setup, and the message shows the setup
    sc.check_command("mkdir models/run1 || echo 'setup failed'", code=None, stdout="setup failed",
                     setup="mkdir -p models/run1")
    msg = failure(command="mkdir -p models/run1 || echo 'setup failed'", code=None, stdout="setup failed",
                  setup="mkdir -p models/run1")
    assert "run first, by the check: mkdir -p models/run1" in msg


def test_compare_only_what_the_question_says():
    # only stdout: the exit code and the files do not matter
    sc.check_command("echo hi; touch stray.txt; exit 3", stdout="hi", compare=("stdout",))
    sc.check_command("echo hi; touch stray.txt; exit 3", reference="echo hi", compare=["stdout"])
    assert "created file `stray.txt`" in failure(command="echo hi; touch stray.txt", reference="echo hi")


def test_appended_lines_are_described():
    msg = failure(command="echo extra >> config/app.conf", stdout="")
    assert "extra lines at the end" in msg


def test_exit_code_and_stderr_are_reported():
    msg = failure(command="ls no-such-file", stdout="")
    assert "exit code 2, expected 0" in msg and "No such file" in msg


def test_stderr_is_compared_only_when_asked():
    noisy = "python3 ml/train.py 2>&1 >/dev/null | tee -a logs/train_errors.log >&2"
    # not compared by default: a question that does not say what may reach the screen
    sc.check_command("echo hi; echo warning >&2", stdout="hi")
    sc.check_command("echo hi", stdout="hi", stderr="")
    msg = failure(command="echo hi; echo warning >&2", stdout="hi", stderr="")
    assert msg.startswith("check: your command printed something on stderr (the screen), where nothing was "
                          "expected") and "warning" in msg
    assert msg.count("it printed on stderr") == 1
    # with a reference, the given text is expected
    assert "printed something on stderr" in failure(command=noisy, reference="python3 ml/train.py >/dev/null "
                                                    "2>> logs/train_errors.log", stderr="")
    msg = failure(command="echo oops >&2", stdout="", stderr="usage: x")
    assert "printed something else than expected on stderr" in msg and "usage: x" in msg and "oops" in msg


def test_a_hidden_stderr_failure_shows_no_value():
    with pytest.raises(CheckFailed) as e:
        @exercise("q6")
        def test_q6():
            ### BEGIN HIDDEN TESTS
            sc.check_command("echo secret-warning >&2", seed=hidden_seed(), reference="true", stderr="")
            ### END HIDDEN TESTS
    lines = str(e.value).splitlines()
    assert lines == ["q6: failed a hidden test: on another server (generated with another seed), your command "
                     "printed something else than expected on stderr (the screen)"]


def test_a_command_left_in_the_background_is_explained():
    msg = failure(command="python3 ml/train.py | tee logs/out.log &", reference="python3 ml/train.py")
    assert "note: your command ends with &" in msg


def test_timeout_message(capsys):
    msg = failure(capsys, command="sleep 20", stdout="", timeout=1)
    assert "did not finish within 1 s" in msg


def test_syntax_errors_show_bash_and_no_hint():
    for command, error in [("grep -c \"5 logs/access.log", "unexpected EOF while looking for matching"),
                           ("ls |\n| sort", "line 2: syntax error near unexpected token `|'"),
                           ("for f in *.csv; do wc -l $f", "syntax error: unexpected end of file")]:
        with pytest.raises(CheckFailed) as e:
            sc.check_command(command, stdout="", hint="the logic hint")
        msg = str(e.value)
        assert msg.startswith("check: your command has a syntax error, so bash did not run it\n  bash: line ")
        assert error in msg and "hint" not in msg and "your command:" in msg
    assert sc.syntax_error("ls | sort") is None and sc.syntax_error("echo 'a\nb'") is None


def test_not_a_string_or_empty():
    with pytest.raises(CheckFailed, match="should be a string"):
        sc.check_command(["ls"], stdout="")
    with pytest.raises(CheckFailed, match="empty string"):
        sc.check_command("   ", stdout="")


def test_require_patterns_for_conceptual_questions():
    reqs = [(r"\bnohup\b", "use nohup"), (r"(?<![&|])&\s*$", "end with a single &")]
    ok = "nohup python3 ml/train.py > logs/n.log 2>&1 &"
    assert sc.check_command(ok, require=reqs, background=True, reference=ok).code == 0   # what it did, for more checks
    assert "epoch 3/3" in sc.run(ok, background=True).files["logs/n.log"].decode()
    for bad, why in [("python3 ml/train.py > logs/n.log 2>&1 &", "use nohup"),
                     ("nohup python3 ml/train.py > logs/n.log 2>&1", "end with a single &"),
                     ("nohup true && true &&", "end with a single &")]:
        with pytest.raises(CheckFailed, match=why):
            sc.check_command(bad, require=reqs, background=True, reference=ok, hint="logic")
    # 2>&1 before >: the warnings do not reach the log
    msg = failure(command="nohup python3 ml/train.py 2>&1 > logs/n.log &", require=reqs, background=True,
                  reference=ok)
    assert "`logs/n.log` does not have the expected content" in msg and ok not in msg


def test_any_content_asks_for_a_file_and_the_archive_is_read_without_unpacking():
    """01 q16c: ``files={path: ANY_CONTENT}`` wants a file there, whatever it holds; ``tar_listing`` reads the
    archive the command left (gzip or not, its members) from the returned Result."""
    made = "mkdir -p out/a/.h && echo x > out/a/.h/c && tar -czf out.tar.gz out && rm -r out"
    res = sc.check_command(made, files={"out.tar.gz": sc.ANY_CONTENT}, compare=("code", "files"))
    listing = sc.tar_listing(res.files["out.tar.gz"])
    assert listing["gzip"] and listing["error"] is None and not listing["big"]
    assert ["out/a/.h/c", "file"] in listing["members"] and ["out/a", "folder"] in listing["members"]
    plain = sc.run("mkdir -p out && echo x > out/c && tar -cf out.tar.gz out").files["out.tar.gz"]
    assert not sc.tar_listing(plain)["gzip"] and sc.tar_listing(plain)["members"] == [["out", "folder"],
                                                                                     ["out/c", "file"]]
    assert sc.tar_listing(b"not an archive")["error"] and sc.tar_listing(b"<a big file: 9 bytes>")["big"]
    with pytest.raises(CheckFailed, match="missing file `out.tar.gz` \\(expected a file\\)"):
        sc.check_command("true", files={"out.tar.gz": sc.ANY_CONTENT}, compare=("code", "files"))
    with pytest.raises(CheckFailed, match="created folder `out.tar.gz`"):
        sc.check_command("mkdir out.tar.gz", files={"out.tar.gz": sc.ANY_CONTENT}, compare=("code", "files"))


def test_preview_writes_the_runs_for_a_command_that_names_them(capsys):
    """01 q16b and q16c: their checks write runs/ first (``RUNS_SETUP``), and so does ``preview`` for a command
    that names runs/; the files it lists as changed are those the command changed, not the runs."""
    sc.preview("du -sh runs/* | sort -rh | head -n 1")
    out = capsys.readouterr().out
    assert "12M\truns/2026-03-09-lr1e-3" in out and "files: unchanged" in out
    sc.preview("ls runs")
    assert "No such file" not in capsys.readouterr().out
    sc.preview("ls")
    assert "runs" not in capsys.readouterr().out


# ---------------------------------------------------------- check_script()

SCRIPT = """#!/bin/bash
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: count_csv_lines.sh DIRECTORY" >&2
    exit 2
fi
wc -l "$1"/*.csv
"""


def test_script_is_made_executable_and_run_with_arguments():
    assert sc.check_script(SCRIPT, ["data/exports 2025"], seed=3, reference=SCRIPT, unordered=True,
                           spaces=True) is None
    sc.check_script(SCRIPT, [], code=2, stdout="", stderr_pattern=r"(?m)^usage:")


def test_script_failures(capsys):
    unquoted = SCRIPT.replace('wc -l "$1"/*.csv', "wc -l $1/*.csv")
    with pytest.raises(CheckFailed) as e:
        sc.check_script(unquoted, ["data/exports 2025"], seed=3, reference=SCRIPT, unordered=True, spaces=True)
    msg = str(e.value)
    assert "./count_csv_lines.sh 'data/exports 2025'" in msg and 'wc -l "$1"' not in msg
    assert capsys.readouterr().err == ""
    with pytest.raises(CheckFailed, match="shebang"):
        sc.check_script(SCRIPT.split("\n", 1)[1], ["data/orders"], reference=SCRIPT)
    with pytest.raises(CheckFailed, match="very first line"):
        sc.check_script("\n" + SCRIPT, ["data/orders"], reference=SCRIPT)
    with pytest.raises(CheckFailed, match="could not start your script"):
        sc.check_script("#!/bin/no-such-shell\necho hi\n", ["data/orders"], reference=SCRIPT)
    no_usage = "#!/bin/bash\nwc -l \"$1\"/*.csv\n"
    with pytest.raises(CheckFailed, match="exit code 1, expected 2"):
        sc.check_script(no_usage, [], code=2, stdout="", stderr_pattern=r"(?m)^usage:")
    quiet = "#!/bin/bash\n[ -d \"$1\" ] || exit 2\nwc -l \"$1\"/*.csv\n"
    with pytest.raises(CheckFailed, match="message on stderr"):
        sc.check_script(quiet, [], code=2, stdout="", stderr_pattern=r"(?m)^usage:")


def test_script_setup_runs_first_for_the_script_and_the_reference():
    extras = "printf 'notes\\n' > data/orders/README.txt && mkdir data/orders/old && cp data/orders/orders_2026-01.csv data/orders/old/"
    sc.check_script(SCRIPT, ["data/orders"], seed=3, setup=extras, reference=SCRIPT, unordered=True, spaces=True)
    every_file = SCRIPT.replace('wc -l "$1"/*.csv', 'wc -l "$1"/*.*')
    sc.check_script(every_file, ["data/orders"], seed=3, reference=SCRIPT, unordered=True, spaces=True)
    with pytest.raises(CheckFailed) as e:
        sc.check_script(every_file, ["data/orders"], seed=3, setup=extras, reference=SCRIPT, unordered=True,
                        spaces=True)
    assert "README.txt" in str(e.value) and "run first, by the check" in str(e.value)
    recursive = SCRIPT.replace('wc -l "$1"/*.csv', "find \"$1\" -name '*.csv' -exec wc -l {} +")
    with pytest.raises(CheckFailed, match="printed something else"):
        sc.check_script(recursive, ["data/orders"], setup=extras, stdout=sc.run(
            "wc -l data/orders/*.csv", 0).stdout, unordered=True, spaces=True)
    # visible mode: the files the setup made are expected to stay
    sc.check_script(SCRIPT, ["data/orders"], setup=extras, stdout=sc.run("wc -l data/orders/*.csv", 0).stdout,
                    unordered=True, spaces=True)


def test_script_syntax_errors_show_the_shell_and_no_hint():
    for shebang, shell, error in [("#!/bin/bash", "bash", "count_csv_lines.sh: line 4: syntax error"),
                                  ("#!/usr/bin/env bash", "bash", "count_csv_lines.sh: line 4: syntax error"),
                                  ("#!/bin/sh", "sh", "count_csv_lines.sh: 4: Syntax error")]:
        broken = f'{shebang}\nif [ -d "$1" ]; then\n    wc -l "$1"/*.csv\n'
        with pytest.raises(CheckFailed) as e:
            sc.check_script(broken, ["data/orders"], reference=SCRIPT, hint="the logic hint")
        msg = str(e.value)
        assert msg.startswith(f"check: your script has a syntax error, so {shell} did not run it\n  {error}")
        assert "hint" not in msg


# ------------------------------------------------------------- in the judge

class _Jailed(Transport):
    """What the judge gives the checks: no answers to look up, and the jail."""

    local = False

    def request(self, req: dict) -> dict:
        return {"value": None}

    def source(self, name, whole_cell):
        return None

    def wrap_command(self, argv, writable):
        from workbook.grading.jail import Jail
        return Jail().command(argv, writable)


@pytest.fixture
def judged():
    if not shutil.which("bwrap"):
        pytest.fail("bubblewrap (bwrap) is needed to grade shell answers")
    with judging(JudgeContext(_Jailed(), b"k" * 32)):
        yield


def test_in_the_judge_student_strings_run_jailed(judged, tmp_path):
    here = Path(__file__).resolve().parent
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret\n")
    seen = {}

    @exercise("q0")
    def test():
        res = sc.run(f"cat {secret}; ls {here}; touch {tmp_path}/x; echo $HOME; "
                     "python3 ml/train.py | head -n 1; getent hosts example.org || echo no network", 0)
        seen["res"] = res
        ref = sc.run(f"cat {secret}", 0, trusted=True)  # the test's own reference is not jailed
        seen["ref"] = ref
    res = seen["res"]
    assert "s3cret" not in res.stdout and "No such file" in res.stderr  # nothing of the course or the grader
    assert not (tmp_path / "x").exists()
    assert "/home" in res.stdout and "run churn-" in res.stdout and "no network" in res.stdout
    assert seen["ref"].stdout == "s3cret\n"



def test_in_the_judge_a_jail_has_limits(judged):
    """A student's command run by the judge cannot write a file over 64 MiB, more than 256 MiB in all,
    nor take more than 4 GiB of memory."""
    from workbook.grading.jail import Jail
    from workbook.grading.sandbox import parse_size
    jail = Jail()
    JAIL_DATA, JAIL_DISK, JAIL_FILE_SIZE = (parse_size(v) for v in (jail.data, jail.disk, jail.file_size))
    seen = {}

    @exercise("q0")
    def test():
        seen["big"] = sc.run("head -c 100M /dev/zero > big.bin; echo status $?; stat -c %s big.bin", 0)
        seen["mem"] = sc.run("python3 -c 'b = bytearray(5 << 30); print(len(b))' 2>&1 | tail -n 1", 0)
        seen["disk"] = sc.run("for i in 1 2 3 4 5 6 7 8; do head -c 60M /dev/zero > f$i.bin; done; echo done", 0)
    disk = seen["disk"]
    sizes = [int(re.search(rb"(\d+) bytes", v).group(1)) if v.startswith(b"<a big file") else len(v)
             for k, v in disk.files.items() if k.endswith(".bin") and v is not None]
    written = sum(sizes)
    assert "done" not in disk.stdout and f"more than {JAIL_DISK >> 20} MiB" in disk.stderr, disk
    assert JAIL_DISK <= written <= JAIL_DISK + JAIL_FILE_SIZE, written  # stopped within one file of the quota
    out = seen["big"].stdout.split()
    assert out[:2] == ["status", "1"] and int(out[2]) == JAIL_FILE_SIZE  # "File too large": stopped at the cap
    assert JAIL_DATA < 5 << 30 and "MemoryError" in seen["mem"].stdout

def test_in_the_judge_the_checks_give_the_same_verdicts(judged):
    @exercise("q4")
    def test():
        sc.check_command(TOP3, stdout=sc.run(TOP3, 0, trusted=True).stdout, spaces=True)
        sc.check_script(SCRIPT, ["data/exports 2025"], seed=3, reference=SCRIPT, unordered=True, spaces=True)
        sc.check_command("nohup python3 ml/train.py > logs/n.log 2>&1 &", background=True,
                         reference="nohup python3 ml/train.py &> logs/n.log &")
        assert sc.run("echo start; (sleep 5; echo late) &", 0, timeout=3).stdout == "start\n"
        with pytest.raises(CheckFailed, match="syntax error"):
            sc.check_command("echo 'x", stdout="x")
        with pytest.raises(CheckFailed, match="syntax error, so sh did not run it"):
            sc.check_script("#!/bin/sh\nif true; then\n", ["data/orders"], reference=SCRIPT)


# --------------------------------------------------------------- preview()

def test_preview_prints_output_and_changes(capsys):
    sc.preview("echo hi; touch tmp/new.txt; rm README.txt")
    out = capsys.readouterr()
    assert "hi" in out.out and "created file `tmp/new.txt`" in out.out and "removed file `README.txt`" in out.out
    assert out.err == ""
    sc.preview(42)
    assert "needs a string" in capsys.readouterr().out
    sc.preview("echo 'x")
    assert "syntax error" in capsys.readouterr().out



SSH_KEY = ("mkdir -p laptop/.ssh && chmod 700 laptop/.ssh && "
           "ssh-keygen -q -t ed25519 -N '' -C 'minji@daon-laptop' -f laptop/.ssh/id_gpu\n")


@pytest.mark.parametrize("config, extra", [
    ("Match exec true\n    User ran\nHost *\n    User deploy\n", ""),
    ('"match" HOST=gpu !"EXEC" false\n    User ran\nHost *\n    User deploy\n', ""),
    ("Include /*/daon-ssh-*/pub /*/*/daon-ssh-*/pub\nHost *\n    User deploy\n",
     "printf 'Match exec true\\n    User ran\\n' > laptop/.ssh/id_gpu.pub\n"),
])
def test_an_ssh_config_that_would_run_a_program_is_not_read(judged, config, extra):
    """`ssh -G` runs a `Match exec` command of the config it reads (OpenSSH 9.2: `User ran` came out of a jail),
    and `Include` reads another file the command wrote (the public key's copy, found by a glob) with a `Match
    exec` in it: the grader reads the config as data first and refuses both, in the judge as in a notebook's
    own run, and says which line."""
    from workbook.checks.sshsetup import ssh_facts
    seen = {}

    @exercise("q0")
    def test():
        command = SSH_KEY + f"cat > laptop/.ssh/config <<'EOF'\n{config}EOF\n" + extra
        seen["facts"] = ssh_facts(command, "laptop/.ssh", "id_gpu", ("gpu",))
    facts = seen["facts"]
    assert facts["options"] == {} and "ran" not in repr(facts["options"])
    from workbook.messages import render
    error = render(facts["config_error"])   # a message, shown in the notebook's language
    assert "line " in error and ("runs a program" in error or "another file" in error)


def test_the_checks_mktemp_makes_nothing_outside_tmpdir_and_the_folders_allowed_besides():
    """A temporary file next to its destination (mktemp logs/.x.XXXXXX) makes mv a rename even when
    $TMPDIR is another file system: ``tmp_also`` lets a question accept it, and only there."""
    make = 'made=$(mktemp logs/.report.XXXXXX) && echo "made $made"; ls -A logs | grep -c "^.report" || true'
    env = {"TMPDIR": "/nonexistent-tmpdir"}
    refused = sc.run(make, 0, env=env, tmp_guard=True)
    assert "is not in $TMPDIR" in refused.stderr and "made" not in refused.stdout
    assert refused.stdout.strip().endswith("0"), "the guard removes what it refused"
    allowed = sc.run(make, 0, env=env, tmp_guard=True, tmp_also=("logs",))
    assert "made logs/.report." in allowed.stdout and allowed.stdout.strip().endswith("1")
    elsewhere = sc.run("mktemp data/.x.XXXXXX", 0, env=env, tmp_guard=True, tmp_also=("logs",))
    assert elsewhere.code != 0 and "is not in $TMPDIR" in elsewhere.stderr


def test_ssh_g_local_forwards_are_read_as_data():
    """01 Q24's tunnel: `ssh -G` prints `LocalForward 6006 localhost:6006` as `localforward 6006 [localhost]:6006`."""
    from workbook.checks.sshsetup import Forward, local_forwards
    assert local_forwards({"localforward": ["6006 [localhost]:6006", "[127.0.0.1]:8888 [localhost]:8888"]}) == [
        Forward(None, "6006", "localhost", "6006"), Forward("127.0.0.1", "8888", "localhost", "8888")]
    assert local_forwards({"user": "minji"}) == []
