"""A quiet start for the notebook's Spark (09_baskets): nothing on stderr before the first result.

Out of the box the driver's JVM writes five lines to stderr before the first result, which a notebook shows in
red and ``workbook progress`` repeats: the JVM's own warning about the incubator module Spark's launcher always
adds (``--add-modules=jdk.incubator.vector``), Spark's "Using Spark's default log4j profile", "Setting default log
level to WARN" and its advice on ``setLogLevel``, and Hadoop's NativeCodeLoader warning.

* Spark's and Hadoop's lines go through log4j: ``log4j2.properties`` (next to this module) is given to the JVM
  before it starts (``-Dlog4j2.configurationFile``, in ``spark.driver.extraJavaOptions``). With a configuration
  of its own Spark loads no default profile; its root level is the one Spark gives a Python shell (WARN), so
  Spark announces no change of level; Hadoop's NativeCodeLoader logs at ERROR only. ``spark_session`` then sets
  ERROR for the session, as before.
* The JVM's warning is printed by the JVM itself before any Java code runs, and no option of the JVM silences
  it. ``quiet_start`` therefore launches the JVM (pyspark's own ``launch_gateway``) with its stderr through a
  pipe, and a thread passes every line on to this process's stderr (fd 2, where the JVM wrote before) except
  that one.
"""
from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

LOG4J2 = Path(__file__).with_name("log4j2.properties")
JAVA_OPTIONS = f"-Dlog4j2.configurationFile={LOG4J2.as_uri()}"
"""The driver JVM's option that gives it the course's log4j configuration (a URI: a path with a space stays one
option)."""

DROPPED = (b"WARNING: Using incubator modules: ",)
"""The start of the JVM's own lines that are not passed on (the incubator module Spark's launcher adds)."""


def quiet_start(builder) -> None:
    """Before ``builder.getOrCreate()``: the driver's JVM gets the course's log4j configuration and, when no JVM
    runs yet, is launched now with its stderr filtered (``DROPPED``). A JVM already running is left alone."""
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    key = "spark.driver.extraJavaOptions"
    options = dict(builder._options)                 # what getOrCreate() gives SparkConf
    if JAVA_OPTIONS not in options.get(key, ""):
        options[key] = f"{options.get(key, '')} {JAVA_OPTIONS}".strip()
        builder.config(key, options[key])
    with SparkContext._lock:
        if SparkContext._gateway is not None:
            return
        conf = SparkConf(loadDefaults=False)
        for k, v in options.items():
            conf.set(k, str(v))
        gateway = launch_gateway(conf, popen_kwargs={"stderr": subprocess.PIPE})
        threading.Thread(target=_forward, args=(gateway.proc.stderr,), name="spark-stderr", daemon=True).start()
        SparkContext._gateway, SparkContext._jvm = gateway, gateway.jvm


def _forward(pipe) -> None:
    """The JVM's stderr, line by line, to fd 2, less the dropped lines; ends when the JVM does."""
    with pipe:
        for line in iter(pipe.readline, b""):
            if not line.startswith(DROPPED):
                try:
                    os.write(2, line)
                except OSError:
                    pass
