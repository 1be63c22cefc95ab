"""One local Spark session for a notebook (09_baskets), made to run where the notebook is graded.

``spark_session()`` starts (once per process) a SparkSession in local mode on two cores, bound to the
loopback only: the grader's sandbox has no network but its loopback (``--unshare-net``), and its
``/etc/hosts`` names ``localhost`` and the sandbox's hostname there (``workbook/grading/hosts.txt``).
The JVM's start (a few seconds) counts toward the notebook's time, so a notebook starts one session in
its setup cell and keeps it; ``getOrCreate`` hands the same session back to any later call.

Memory: the driver's heap is ``DRIVER_MEMORY``. The JVM needs about half as much again outside its heap
(metaspace, code cache, threads, Netty's buffers), the kernel itself (pandas, the notebook's frames) a
few hundred MB more; together they stay well below the sandbox's memory
(``SandboxKernelManager.memory`` in nbgrader_config.py; tests/test_baskets.py checks the margin).

A missing Java runtime is an error that names the command installing it, never a silent skip.
"""
from __future__ import annotations

import collections
import os
import shutil
import sys
import threading

DRIVER_MEMORY = "512m"
"""The driver's JVM heap (local mode: the driver runs the tasks too); 09's largest table, 170,000 lines,
needs far less, and the whole JVM then fits next to the kernel in the security suite's 1500M."""

SHUFFLE_PARTITIONS = 4
"""Partitions after a shuffle (groupBy, join). Spark's default, 200, suits a cluster's data: on a few
hundred thousand rows and two cores it makes 200 tiny tasks."""

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
    ``SHUFFLE_PARTITIONS`` shuffle partitions, UTC, quiet logs."""
    require_java()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")        # no "hostname resolves to a loopback" warning
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)     # Python workers (UDFs): this kernel's Python
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder
             .master("local[2]")
             .appName(app_name)
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.memory", DRIVER_MEMORY)
             .config("spark.sql.shuffle.partitions", str(SHUFFLE_PARTITIONS))
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.execution.arrow.pyspark.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    _fork_safe()
    return spark


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
