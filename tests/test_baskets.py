"""09_baskets' plumbing: its order lines (the shop database of 02, per seed), the Java runtime Spark
needs (missing: a failure naming the command that installs it, never a skip), the driver's memory
against the sandbox's, and a local Spark session started inside the grader's real sandbox
(bubblewrap, no network but the loopback, a tmpfs /tmp, a read-only system)."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
import shutil

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from conftest import REPO, process_tree
from workbook.checks import hiddenmodule
from workbook.data import baskets, shop
from workbook.grading import sandbox
from workbook.student import spark

# Question 4b's hidden inputs: the assignment's hidden module, which only its hidden test and these tests reach
HIDDEN = hiddenmodule.load(REPO / "source" / "09_baskets" / hiddenmodule.FILE)


def test_order_lines_are_the_shop_databases_order_items():
    lines = baskets.order_lines(seed=0)
    assert tuple(lines.columns) == baskets.COLUMNS
    con = shop.connect(seed=0)
    try:
        n_items = con.execute("SELECT COUNT(*) FROM order_items").fetchone()[0]
        statuses = dict(con.execute("SELECT status, COUNT(*) FROM orders GROUP BY status").fetchall())
    finally:
        con.close()
    assert len(lines) == n_items
    assert list(lines.index) == list(range(len(lines)))
    assert lines[["order_id", "product_id"]].apply(tuple, axis=1).is_monotonic_increasing
    assert set(lines["status"]) == set(statuses) == set(baskets.KEPT_STATUSES) | {"cancelled", "refunded"}
    assert lines.equals(baskets.order_lines(seed=0)), "deterministic for a seed"


@pytest.mark.parametrize("seed", [0, 1, 77, 40213])
def test_every_seed_has_what_question_1_names(seed):
    """Cancelled and refunded orders, orders holding two products of one category, and a category
    pair in at least 1 % of the kept baskets (rules with a real lift to find)."""
    lines = baskets.order_lines(seed)
    assert {"cancelled", "refunded"} <= set(lines["status"])
    per_order = lines.groupby("order_id")["category"]
    assert (per_order.nunique() < per_order.size()).sum() > 100
    kept = lines[lines["status"].isin(baskets.KEPT_STATUSES)]
    onehot = pd.crosstab(kept["order_id"], kept["category"]).gt(0)
    pair_support = max((onehot[a] & onehot[b]).mean() for a in onehot for b in onehot if a < b)
    assert pair_support >= 0.01


@pytest.mark.parametrize("seed", range(40))
def test_rule_inputs_hold_every_case_question_4b_states(seed):
    """Question 4b's hidden itemsets: every stated case on 40 seeds, supports that are counts over a power
    of two (exact floats), every subset of a frequent itemset in the dict, a minimum confidence over a
    power of two too (a product with it is exact), the same inputs for the same seed."""
    import itertools

    inputs = HIDDEN.rule_inputs(seed)
    assert HIDDEN.rule_cases_missing(inputs.frequent, inputs.min_confidence) == []
    n = inputs.baskets
    assert n & (n - 1) == 0 and all((s * n).is_integer() for s in inputs.frequent.values())
    assert all(frozenset(sub) in inputs.frequent for s in inputs.frequent
               for k in range(1, len(s)) for sub in itertools.combinations(s, k))
    assert (inputs.min_confidence * 2 ** 20).is_integer()
    assert inputs == HIDDEN.rule_inputs(seed)


def test_the_rule_cases_check_sees_each_missing_case():
    """rule_cases_missing names a case that the inputs lack (so the test above can fail)."""
    inputs = HIDDEN.rule_inputs(0)
    frequent, minimum = inputs.frequent, inputs.min_confidence
    small = {s: v for s, v in frequent.items() if len(s) < 4}
    assert "four-itemset" in HIDDEN.rule_cases_missing(small, minimum)
    assert "at-minimum" in HIDDEN.rule_cases_missing(frequent, minimum + 2 ** -30)
    assert "below-minimum" in HIDDEN.rule_cases_missing(frequent, 0.0)
    pairs = {s: v for s, v in frequent.items() if len(s) < 3}
    assert "two-item-sides" in HIDDEN.rule_cases_missing(pairs, minimum)
    assert "name-tie" in HIDDEN.rule_cases_missing({frozenset("a"): 0.5, frozenset("b"): 0.25,
                                                    frozenset("ab"): 0.25}, 0.5)



def _rule(x, y, support=0.25, confidence=0.5, lift=1.0):
    return {"antecedent": frozenset(x), "consequent": frozenset(y), "support": support, "confidence": confidence,
            "lift": lift}


RULES = [_rule("ab", "c", confidence=1.0), _rule("c", "ab"), _rule("a", "b")]


@pytest.mark.parametrize("got, says", [
    (RULES[::-1], "not in the stated order"),
    (RULES[:2], "missing"),
    (RULES + [_rule("b", "a")], "should not be there"),
    (RULES + RULES[:1], "more than once"),
    ([RULES[0], RULES[1], _rule("a", "b", lift=2.0)], "the lift of a -> b should be 1.0"),
    ([{**r, "antecedent": tuple(sorted(r["antecedent"]))} for r in RULES], "should be frozensets"),
    ([{k: v for k, v in r.items() if k != "lift"} for r in RULES], "a dict with the keys"),
    (tuple(RULES), "should be a list of dicts"),
])
def test_check_rules_names_the_part_that_differs(got, says):
    """09 q4b's comparison of rule lists: each kind of difference fails with its own message."""
    from workbook.checks import CheckFailed
    from workbook.checks.baskets import check_rules

    check_rules(list(RULES), RULES)          # the same rules pass
    with pytest.raises(CheckFailed) as failed:
        check_rules(got, RULES)
    assert says in str(failed.value)



def test_large_order_lines_are_ten_shops_with_their_own_orders():
    """Question 14's CSV: copy 0 is the shop's lines, every copy has as many lines, its own orders and
    customers, and each order's products keep their categories (permuted within them)."""
    base = baskets.order_lines(0)
    big = pd.read_csv(baskets.write_large_order_lines(0))
    assert list(big.columns) == list(base.columns) and len(big) == 10 * len(base)
    step = int(base["order_id"].max()) + 1
    copy = big["order_id"] // step
    assert big[copy == 0].reset_index(drop=True).equals(base)
    assert (big.groupby(copy).size() == len(base)).all()
    assert big.groupby("order_id")["customer_id"].nunique().max() == 1
    category_of = dict(zip(base["product_id"], base["category"]))
    assert (big["product_id"].map(category_of) == big["category"]).all()
    assert not big[copy == 1]["product_id"].reset_index(drop=True).equals(base["product_id"])

def test_java_is_installed():
    """Spark's JVM: a missing Java fails here with the one command that installs it."""
    if spark.java_binary() is None:
        pytest.fail(spark.NO_JAVA)
    assert "default-jre-headless" in (REPO / "scripts" / "system-packages").read_text()


def test_no_java_names_the_install_command(monkeypatch):
    monkeypatch.setenv("JAVA_HOME", "/nonexistent")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RuntimeError, match="apt-get install -y --no-install-recommends default-jre-headless"):
        spark.spark_session()


def test_driver_memory_fits_in_the_sandbox():
    """The driver's heap, half as much again outside the heap, and 1 GiB for the kernel (pandas, the
    notebook's frames) stay within the memory nbgrader_config.py gives a sandboxed notebook."""
    from traitlets.config import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    limit = sandbox.parse_size(config.SandboxKernelManager.memory)
    heap = sandbox.parse_size(spark.DRIVER_MEMORY)
    assert heap * 3 // 2 + 2**30 <= limit, (spark.DRIVER_MEMORY, config.SandboxKernelManager.memory)


def test_sandbox_sees_the_java_configuration_and_a_loopback_hosts_file():
    names = dict(sandbox.etc_sources())
    assert names["hosts"] == sandbox.HOSTS
    hosts = sandbox.HOSTS.read_text()
    assert "127.0.0.1\tlocalhost sandbox" in hosts
    for etc in sorted(p for p in Path("/etc").glob("java-*-openjdk") if p.is_dir()):
        assert names[etc.name] == etc


@pytest.mark.slow
def test_spark_session_starts_again_after_a_stop_or_a_dead_jvm():
    """A Spark answer that timed out, raised or exhausted the JVM leaves a stopped context (Spark shuts it
    down) or no JVM at all; the next question's check calls spark_session() and gets a working session:
    after spark.stop(), after the JVM stopped the context by itself, and after the JVM was killed."""
    import os
    import signal

    from pyspark import SparkContext

    def works(session):                                             # a job runs (the cheapest there is)
        return session.range(5).count() == 5

    first = spark.spark_session()
    assert spark.session_state() == "alive" and works(first)
    assert spark.spark_session() is first                          # the same session while it works

    first.stop()                                                    # the notebook's own stop
    assert spark.session_state() == "stopped"
    second = spark.spark_session()
    assert second is not first and works(second)

    second.sparkContext._jsc.sc().stop()                            # Spark's shutdown after an error
    assert spark.session_state() == "stopped"
    third = spark.spark_session()
    assert third is not second and works(third)

    jvm = SparkContext._gateway.proc
    os.kill(jvm.pid, signal.SIGKILL)                                # the JVM killed (out of memory...)
    jvm.wait()
    assert spark.session_state() == "gone"
    fourth = spark.spark_session()
    assert SparkContext._gateway.proc.pid != jvm.pid and works(fourth)
    conf = fourth.sparkContext.getConf()                            # the fresh JVM has the course's settings
    arguments = list(fourth.sparkContext._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean()
                     .getInputArguments())
    assert set(spark.JAVA_OPTIONS.split()) <= set(arguments), arguments
    assert {key: conf.get(key) for key in spark.CONF} == spark.CONF
    fourth.stop()


@pytest.mark.slow
def test_local_rows_are_create_dataframes_rows_without_a_python_worker():
    """09's checks build their small frames with local_rows: the same rows, types and columns as
    spark.createDataFrame, but collected with no Python worker process (createDataFrame's local rows go
    through a pyspark daemon and its workers, which the test sees start, so that it can fail)."""
    from pyspark import SparkContext

    session = spark.spark_session()
    jvm = SparkContext._gateway.proc.pid

    def python_workers():                                            # threads and processes come and go
        found = []
        for pid in process_tree(jvm):
            try:
                if "pyspark" in Path(f"/proc/{pid}/cmdline").read_text():
                    found.append(pid)
            except OSError:
                continue
        return found

    schema = "order_id LONG, status STRING, product_id LONG, category STRING"
    rows = [(1, "delivered", 10, "Snacks"), (1, "paid", 20, "Tops"), (2, "shipped", 10, None)]
    local = spark.local_rows(session, rows, schema)
    assert [tuple(r) for r in local.collect()] == rows
    assert local.dtypes == [("order_id", "bigint"), ("status", "string"), ("product_id", "bigint"),
                            ("category", "string")]
    assert local.groupBy("product_id").count().count() == 2          # a shuffle of them too
    assert spark.local_rows(session, [], schema).collect() == []
    assert spark.local_rows(session, [], schema).columns == local.columns
    assert python_workers() == []
    created = session.createDataFrame(rows, schema)
    assert created.collect() == local.collect() and created.dtypes == local.dtypes
    assert python_workers() != []


SPARK_CELL = r'''
import json, os, time
t = time.time()
from pyspark.sql import functions as F
from workbook.data.baskets import order_lines
from workbook.student.spark import spark_session
spark = spark_session()
started = time.time() - t
lines = order_lines(0)
lines[["order_id", "product_id", "category"]].to_csv("/tmp/lines.csv", index=False)
frame = spark.read.csv("/tmp/lines.csv", header=True, inferSchema=True)
counts = {r["category"]: r["n"] for r in frame.groupBy("category").count().withColumnRenamed("count", "n").collect()}
kept = frame.select("order_id", "product_id").distinct()
a, b = kept.alias("a"), kept.alias("b")
pairs = (a.join(b, (F.col("a.order_id") == F.col("b.order_id")) & (F.col("a.product_id") < F.col("b.product_id")))
         .groupBy("a.product_id", "b.product_id").count().count())          # 09's self-join and its shuffles
heap = spark.sparkContext._jvm.java.lang.Runtime.getRuntime().maxMemory()
status = lambda pid: dict(line.split(":", 1) for line in open(f"/proc/{pid}/status").read().splitlines())
jvm = next(p for p in os.listdir("/proc") if p.isdigit() and open(f"/proc/{p}/comm").read().strip() == "java")
print(json.dumps({"counts": counts, "pairs": pairs, "heap": heap, "started": started,
                  "net": os.path.exists("/sys/class/net/eth0"), "conf": spark.conf.get("spark.driver.host"),
                  "hosts": open("/etc/hosts").read(), "threads": int(status(jvm)["Threads"]),
                  "rss": int(status(jvm)["VmHWM"].split()[0]) * 1024 + int(status("self")["VmHWM"].split()[0]) * 1024,
                  "java_etc": sorted(n for n in os.listdir("/etc") if n.startswith("java-")),
                  "mapped": sorted({l.split()[-1] for l in open(f"/proc/{jvm}/maps") if l.strip().endswith(".jsa")}),
                  "archive_writable": os.access(os.environ.get("WORKBOOK_SPARK_CLASSES", "/nonexistent"), os.W_OK)}))
spark.stop()
'''


@pytest.mark.slow
@pytest.mark.sandbox
@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_spark_runs_inside_the_sandbox(tmp_path, warm):
    """local[1] (spark.MASTER) in the grader's bubblewrap sandbox with the security suite's limits (1500M, 96 processes),
    in a kernel forked from the zygote (it enters bubblewrap's mount namespace, so bubblewrap's binds are
    what it sees) and in a cold one: the JVM starts (its /etc configuration and the loopback's names are
    there), binds 127.0.0.1 only, a groupBy's and 09's self-join's results match pandas, and the JVM's
    threads and the memory stay within the limits. The warm kernel's notebook imports pyspark, as 09's does:
    its JVM maps Spark's class archive, bound read-only from the host's data cache; the cold one's does not
    say so, and its JVM loads its classes from the jars."""
    if not shutil.which("bwrap"):
        pytest.fail(sandbox.INSTALL_HINT)
    if warm:
        assert spark.build_class_archive(sandbox.host_cache_dir()), "Spark's class archive could not be built"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SPARK_CELL)])
    client = NotebookClient(nb, timeout=240, kernel_name="python3",
                            kernel_manager_class=sandbox.SandboxKernelManager,
                            resources={"metadata": {"path": str(tmp_path)}})
    km = client.km = client.create_kernel_manager()
    km.warm = warm
    km.memory, km.pids = "1500M", 96            # the security suite's limits (its fork bomb stays small)
    km.notebook_imports = ["pyspark.sql"] if warm else []
    client.execute()
    assert (km._sbx_warm is not None) is warm     # the kernel was forked from the zygote, or started cold
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("name") == "stdout")
    out = json.loads(text.strip().splitlines()[-1])
    expected = baskets.order_lines(0).groupby("category").size().to_dict()
    assert out["counts"] == {k: int(v) for k, v in expected.items()}
    kept = baskets.order_lines(0)[["order_id", "product_id"]].drop_duplicates()
    both = kept.merge(kept, on="order_id")
    pairs = both[both["product_id_x"] < both["product_id_y"]].groupby(["product_id_x", "product_id_y"])
    assert out["pairs"] == len(pairs)
    # threads count as processes in the sandbox: Spark's defaults start 90-230 of them on this work, and
    # at 96 the JVM could not start a thread ("unable to create native thread"); the course's settings
    # keep it near 45. The JVM and the kernel together stay far below the memory.
    assert out["threads"] <= 64, out["threads"]
    assert out["rss"] < 2**30, out["rss"]
    assert out["conf"] == "127.0.0.1" and out["net"] is False
    assert out["heap"] <= sandbox.parse_size(spark.DRIVER_MEMORY)
    assert out["started"] < 60
    assert out["hosts"] == sandbox.HOSTS.read_text()
    assert out["java_etc"] == sorted(p.name for p in Path("/etc").glob("java-*-openjdk") if p.is_dir())
    assert (sandbox.SPARK_CLASSES in out["mapped"]) is warm, out["mapped"]
    assert out["archive_writable"] is False


def test_the_class_archive_is_named_for_its_jvm_and_built_without_the_callers_secrets(monkeypatch, tmp_path):
    """Another pyspark, java binary, JVM option or builder's workload is another archive, and so is a jar of
    Spark's class path written again (a reinstalled pyspark of the same version: a JVM ignores an archive whose
    jars changed, silently); the builder gets the environment that finds Python, Java and the data cache, and nothing
    else of its caller's."""
    name = spark.class_archive_name()
    assert name and name.startswith("spark-classes-") and name.endswith(".jsa")
    for option, value in (("JAVA_OPTIONS", spark.JAVA_OPTIONS + " -XX:+UseParallelGC"),
                          ("ARCHIVE_WORKLOAD", spark.ARCHIVE_WORKLOAD + 1)):   # a builder that loads more classes
        monkeypatch.setattr(spark, option, value)
        spark.class_archive_name.cache_clear()
        try:
            assert spark.class_archive_name() != name, option
        finally:
            monkeypatch.undo()
            spark.class_archive_name.cache_clear()
    jars = tmp_path / "jars"                       # a class path of two jars, one then written again
    jars.mkdir()
    for jar in ("spark-core.jar", "spark-sql.jar"):
        (jars / jar).write_bytes(b"PK")
    monkeypatch.setattr(spark, "spark_jars", lambda: jars)
    names = []
    try:
        for change in (lambda: None, lambda: os.utime(jars / "spark-core.jar", ns=(0, 10**18)),
                       lambda: (jars / "spark-sql.jar").write_bytes(b"PK\x03"), lambda: (jars / "extra.jar").touch()):
            change()
            spark.class_archive_name.cache_clear()
            names.append(spark.class_archive_name())
    finally:
        monkeypatch.undo()
        spark.class_archive_name.cache_clear()
    assert None not in names and len(set(names)) == 4, names
    monkeypatch.setenv("WORKBOOK_SECRET", "the course secret")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "a token")
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path))
    env = spark._build_env()
    assert "WORKBOOK_SECRET" not in env and "JUPYTERHUB_API_TOKEN" not in env
    assert env["WORKBOOK_DATA"] == str(tmp_path) and env["PATH"] == os.environ["PATH"]


def test_the_archive_of_a_stopped_builder_is_removed_and_a_running_ones_kept(tmp_path):
    """A builder killed before it renamed its archive (its time limit, build_class_archive's timeout) left
    the JVM's whole archive under its temporary name: the next builder removes it; the file of a builder
    that still runs is kept, and so are other files."""
    import subprocess
    name = spark.class_archive_name()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    for f in (f"{name}.tmp{gone.pid}", f"{name}.tmp{os.getpid()}", f"{name}.lock", "other.tmp1"):
        (tmp_path / f).write_bytes(b"x")
    spark._sweep_unfinished(tmp_path, name)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{name}.tmp{os.getpid()}", f"{name}.lock",
                                                                 "other.tmp1"])


def test_a_kernel_does_not_wait_for_the_class_archive_nor_start_a_second_build(tmp_path, monkeypatch):
    """A missing archive: class_archive_in says so at once and starts one builder, detached; while a build
    holds the folder's lock it starts none; a kernel in a sandbox without a bound archive never builds one."""
    import fcntl
    import subprocess
    started = []
    monkeypatch.setattr(spark.subprocess, "Popen", lambda args, **kw: started.append((args, kw)))
    assert spark.class_archive_in(tmp_path) is None
    assert len(started) == 1 and started[0][0][-2:] == ["--class-archive", str(tmp_path)]
    assert started[0][1]["start_new_session"] is True
    name = spark.class_archive_name()
    with open(tmp_path / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert spark.class_archive_in(tmp_path) is None
    assert len(started) == 1, "a second builder started while the first held the lock"
    monkeypatch.undo()
    env = {**os.environ, "WORKBOOK_SANDBOXED": "1", "WORKBOOK_DATA": str(tmp_path)}
    env.pop("WORKBOOK_SPARK_CLASSES", None)
    out = subprocess.run([sys.executable, "-c", "from workbook.student import spark; print(spark.class_archive())"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.lock"], "a sandboxed kernel built an archive"


def test_question_15_reads_the_plan_through_public_api_only():
    """The model answer, every alternative and every hint of Question 15 read the plan with what the
    DataFrame API offers (explain's printed text, captured): a private attribute such as ``df._jdf`` is
    not there on Spark Connect."""
    import ast
    import re

    from workbook.course import exercises, nb as nbm

    folder = REPO / "source" / "09_baskets"
    book = nbm.read(folder / "09_baskets.ipynb")
    solution = nbm.solved_sources(book)["q15_count_shuffles"]
    entry = exercises.load(folder)["q15_count_shuffles"]

    def private(code):
        return sorted({n.attr for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Attribute)
                       and n.attr.startswith("_") and not n.attr.endswith("__")})

    for code in (solution, *entry.alternatives):
        assert "explain(" in code and private(code) == [], code
    for text in (*entry.hints, *(c.source for c in book.cells if c.cell_type == "markdown")):
        assert not re.search(r"\._[a-z]\w*", text), text


@pytest.mark.slow
def test_sparks_start_writes_nothing_to_the_notebook_or_the_terminal(tmp_path, capfd):
    """09's Spark cell in a kernel, as the notebook and `workbook progress` run it: no stderr output in the cell
    (the JVM's incubator-module warning, Spark's log4j profile and log-level notices, Hadoop's NativeCodeLoader
    warning were five red lines), nothing on the kernel's own stderr (the terminal of `workbook progress`)."""
    cell = ("import warnings\nwarnings.filterwarnings('ignore', category=FutureWarning, module='pyspark')\n"
            "from workbook.student.spark import spark_session\nspark = spark_session()\nprint(spark.range(3).count())")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    NotebookClient(nb, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[0].outputs
    assert [o.get("text") for o in outputs if o.get("name") == "stdout"] == ["3\n"]
    assert [o.get("text") for o in outputs if o.get("name") == "stderr"] == []
    err = capfd.readouterr().err
    for line in ("incubator", "log4j", "log level", "NativeCodeLoader"):
        assert line not in err, err


def test_the_jvms_stderr_is_passed_on_less_its_start_up_notice(capfd):
    import threading

    from workbook.student import sparklog
    read, write = os.pipe()
    with open(write, "wb") as w:
        w.write(b"WARNING: Using incubator modules: jdk.incubator.vector\n"
                b"Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n")
    thread = threading.Thread(target=sparklog._forward, args=(open(read, "rb"),))
    thread.start()
    thread.join(10)
    err = capfd.readouterr().err
    assert err == "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
