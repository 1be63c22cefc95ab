"""One local Spark session for a notebook (09_baskets), made to run where the notebook is graded.

``spark_session()`` starts (once per process) a SparkSession in local mode on two cores, bound to the
loopback only: the grader's sandbox has no network but its loopback (``--unshare-net``), and its
``/etc/hosts`` names ``localhost`` and the sandbox's hostname there (``workbook/grading/hosts.txt``).
The JVM's start (a few seconds) counts toward the notebook's time, so a notebook starts one session in
its setup cell and keeps it; ``getOrCreate`` hands the same session back to any later call.

Resources (measured on 09's notebook and its grading): the sandbox limits a notebook's memory and its
*processes*, and the pids cgroup counts every thread of every process. Spark's defaults suit a cluster's
driver and start threads by the dozen: pools of 8 and 4 for map outputs and task results, a pool of up
to 16 per adaptive query, and two pools of up to 100 that the context cleaner fills when it removes old
shuffles and broadcasts. Out of the box the JVM reached 231 threads on 09's work, and in the security
suite's sandbox (96 processes) ``pthread_create`` failed with EAGAIN: Java reports it as "OutOfMemoryError:
unable to create native thread", the SparkContext shut down, and both Spark questions scored 0. ``CONF``
keeps the JVM near 45 threads: one thread per small pool, adaptive query execution off (a plan is then
the plan that runs, which is also what Question 15 reads), no context cleaner (a notebook's session is
short; its shuffle files go when it stops). ``JAVA_OPTIONS``: the serial collector (no GC threads, a
compact heap that shrinks back), the C1 compiler only (a notebook's JVM lives minutes: it starts in about
half the time and runs 09's queries faster than with C2). The driver's heap is ``DRIVER_MEMORY``
(Spark's minimum is 450 MiB); the JVM then peaks near 450 MB resident, the whole graded notebook near
0.7 GB (903 MB before; tests/test_baskets.py checks the threads and the margin in the real sandbox).

A session whose context was stopped (``spark.stop()``, or Spark's own shutdown after an error) or whose
JVM is gone (killed, out of memory) is replaced by a fresh one on the next ``spark_session()``: one
failed Spark answer does not take the next question's check down with it.

A missing Java runtime is an error that names the command installing it, never a silent skip.
"""
from __future__ import annotations

import collections
import os
import shutil
import sys
import threading

DRIVER_MEMORY = "512m"
"""The driver's JVM heap (local mode: the driver runs the tasks too): Spark refuses less than 450 MiB, and
09's largest table, 170,000 lines, needs far less."""

SHUFFLE_PARTITIONS = 4
"""Partitions after a shuffle (groupBy, join). Spark's default, 200, suits a cluster's data: on a few
hundred thousand rows and two cores it makes 200 tiny tasks."""

JAVA_OPTIONS = ("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 "
                "-Xms32m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20")
"""The driver JVM's options: one collector thread and one compiler thread, a heap that starts small and
gives back what a collection freed (measured on 09's work: start 9.5 s -> 4 s alone, queries about twice
as fast, peak resident 615 MB -> 480 MB)."""

CONF = {
    "spark.ui.enabled": "false",                          # no web UI (no port, no threads)
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": str(SHUFFLE_PARTITIONS),
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "false",
    "spark.sql.adaptive.enabled": "false",                # the plan explain() shows is the one that runs
    "spark.cleaner.referenceTracking": "false",           # its removals fill two pools of up to 100 threads
    "spark.shuffle.mapOutput.dispatcher.numThreads": "1",
    "spark.resultGetter.threads": "1",
    "spark.sql.shuffleExchange.maxThreadThreshold": "2",
    "spark.sql.broadcastExchange.maxThreadThreshold": "2",
    "spark.sql.subquery.maxThreadThreshold": "2",
    "spark.sql.resultQueryStage.maxThreadThreshold": "2",
}
"""Spark's settings for one notebook on two cores (see the module's docstring)."""

JAVA_PACKAGE = "default-jre-headless"
INSTALL_JAVA = f"sudo apt-get install -y --no-install-recommends {JAVA_PACKAGE}"
NO_JAVA = (f"Spark needs a Java runtime (17 or later) and none is installed here. Run this once, then "
           f"restart the kernel: {INSTALL_JAVA}   (in a clone of the course: scripts/system-packages demo)")


def java_binary() -> str | None:
    """The ``java`` Spark will start: $JAVA_HOME/bin/java, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


def require_java() -> str:
    """The java binary, or RuntimeError with the command that installs one."""
    java = java_binary()
    if not java:
        raise RuntimeError(NO_JAVA)
    return java


def spark_session(app_name: str = "daon-baskets"):
    """The notebook's SparkSession: local[2], loopback only, no web UI, ``DRIVER_MEMORY`` of heap,
    ``JAVA_OPTIONS``, ``CONF`` (``SHUFFLE_PARTITIONS`` shuffle partitions, UTC), quiet logs. The same
    session on every call while it works; a fresh one when it was stopped or its JVM is gone."""
    require_java()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")        # no "hostname resolves to a loopback" warning
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)     # Python workers (UDFs): this kernel's Python
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    _forget_dead_session()
    builder = (SparkSession.builder
               .master("local[2]")
               .appName(app_name)
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.driver.memory", DRIVER_MEMORY)
               .config("spark.driver.extraJavaOptions", JAVA_OPTIONS))
    for key, value in CONF.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    _fork_safe()
    return spark


def session_state() -> str:
    """'none' (no JVM started yet), 'alive', 'stopped' (the JVM runs but the notebook's SparkContext was
    stopped, by ``spark.stop()`` or by Spark after an error) or 'gone' (the JVM does not answer)."""
    from py4j.protocol import Py4JError
    from pyspark import SparkContext

    gateway, sc = SparkContext._gateway, SparkContext._active_spark_context
    if gateway is None:
        return "none"
    try:
        if sc is None or sc._jsc is None:
            gateway.jvm.java.lang.System.nanoTime()     # the JVM answers: only the context is gone
            return "stopped"
        return "stopped" if sc._jsc.sc().isStopped() else "alive"
    except (Py4JError, OSError):
        return "gone"


def _forget_dead_session() -> None:
    """Before a session is made: a stopped context is stopped on Python's side too (the JVM keeps
    running and the next session starts in it); a JVM that is gone is forgotten entirely (its gateway,
    the context and the sessions that pointed at it), so the next session launches a JVM of its own."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession, SQLContext

    state = session_state()
    if state in ("none", "alive"):
        return
    session, sc = SparkSession._instantiatedSession, SparkContext._active_spark_context
    if state == "stopped":
        if session is not None and session._sc._jsc is not None:
            session.stop()
        elif sc is not None:
            sc.stop()
        return
    gateway = SparkContext._gateway
    if sc is not None:                                  # SparkContext.stop() without its call to the JVM
        sc._jsc = None
        if getattr(sc, "_accumulatorServer", None) is not None:
            sc._accumulatorServer.shutdown()
            sc._accumulatorServer = None
    try:
        gateway.shutdown()                              # its sockets and callback server
    except Exception:                                   # noqa: BLE001 - the JVM is gone already
        pass
    proc = getattr(gateway, "proc", None)
    if proc is not None and proc.pid in _own_children():
        proc.kill()
        proc.wait()
    with SparkContext._lock:
        SparkContext._gateway = SparkContext._jvm = SparkContext._active_spark_context = None
    SparkSession._instantiatedSession = SparkSession._activeSession = None
    SQLContext._instantiatedContext = None


def _own_children() -> set[int]:
    """The pids of this process's children (a forked process did not start the JVM: not its to kill)."""
    try:
        return {int(p) for p in open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()}
    except OSError:
        return set()


_KEPT: list = []       # the connections a forked child inherited: kept, never closed (the parent uses them)
_FORK_HOOK = []


def _fork_safe() -> None:
    """A process forked from this one (the course's tests run each variant of an answer in a fork of the
    notebook's process) talks to the same JVM over connections of its own: py4j's client would otherwise
    hand the child the parent's socket, and two children at once would interleave their commands on it."""
    if _FORK_HOOK:
        return
    _FORK_HOOK.append(True)

    def fresh_connections():
        from pyspark import SparkContext
        sc = SparkContext._active_spark_context
        client = getattr(getattr(sc, "_gateway", None), "_gateway_client", None)
        if client is None:
            return
        _KEPT.append((client.deque, getattr(client, "thread_connection", None)))
        client.deque = collections.deque()
        if hasattr(client, "thread_connection"):
            client.thread_connection = threading.local()

    os.register_at_fork(after_in_child=fresh_connections)
