"""Roles on the course's Dask cluster: a grader's certificate submits work,
a worker's only works.

Dask's TLS authenticates every peer against the CA file it is given, and
nothing more: any certificate that CA signed may do anything, so a worker's
key (on every grading machine) also worked as a grader's, which may submit
any function to run on every worker and on the scheduler and read every
result. docs/jupyterhub.md makes two CAs: the *cluster* CA signs the
scheduler's and the workers' certificates, the *grader* CA the graders'.
The workers trust the cluster CA only (a grader's certificate does not reach
them); the scheduler trusts both, and this module, loaded into it, gives
each connection the role of the CA that signed its certificate:

    dask scheduler --preload workbook.grading.dask_roles --grader-ca grader-ca.pem \\
        --tls-ca-file cluster-and-grader-ca.pem ...

* a grader may do what a Dask client does (register as a client, submit,
  gather), never register as a worker;
* any other peer (the cluster CA's) may only call what a worker calls
  (``WORKER_OPS``: register as a worker, heartbeats, its stream of task
  results); a client's operations are refused with a PermissionError that
  names the operation.
"""
from __future__ import annotations

import inspect
import logging
import ssl

import click

log = logging.getLogger("workbook.dask_roles")

#: what a worker (and its nanny) asks of the scheduler outside the batched stream it opens by registering (measured
#: on this Dask: workers and nannies that register, run and gather tasks and close; tests/test_dask_security.py runs
#: the guide's cluster with these roles), and what only they may ask
WORKER_OPS = frozenset({"register-worker", "register_nanny", "heartbeat_worker", "unregister", "identity", "versions",
                        "who_has", "log_event"})
WORKER_ONLY = frozenset({"register-worker", "register_nanny", "heartbeat_worker", "unregister"})


def cert_subject(path: str) -> tuple:
    """The subject of the certificate in ``path`` (PEM), as ``ssl`` gives a peer's issuer."""
    return ssl._ssl._test_decode_cert(path)["subject"]   # the standard library's own reader of PEM files


def role(comm, grader_issuers: list) -> str:
    """"grader" when the peer's certificate was issued by a grader CA, else "cluster"."""
    cert = (getattr(comm, "extra_info", None) or {}).get("peercert") or {}
    return "grader" if cert.get("issuer") in grader_issuers else "cluster"


def allowed(op: str, who: str) -> bool:
    return op not in WORKER_ONLY if who == "grader" else op in WORKER_OPS


def guard(op: str, handler, grader_issuers: list):
    """``handler`` of operation ``op``, called only for a peer whose role allows it."""
    params = list(inspect.signature(handler).parameters.values())
    takes_comm = bool(params) and params[0].name == "comm"

    def guarded(comm, **msg):
        who = role(comm, grader_issuers)
        if not allowed(op, who):
            log.warning("refused %r from %s (a %s certificate)", op, getattr(comm, "peer_address", "?"), who)
            raise PermissionError(f"a {who} certificate may not call {op!r} on this scheduler (workbook's roles: "
                                  "graders submit work, workers work; see docs/jupyterhub.md)")
        return handler(comm, **msg) if takes_comm else handler(**msg)
    rest = params[1:] if takes_comm else params
    guarded.__signature__ = inspect.Signature(
        [inspect.Parameter("comm", inspect.Parameter.POSITIONAL_OR_KEYWORD), *rest])
    guarded.__name__ = getattr(handler, "__name__", op)
    return guarded


@click.command()
@click.option("--grader-ca", "grader_ca", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False),
              help="the CA that signs graders' certificates (the scheduler's --tls-ca-file must also hold it)")
def dask_setup(scheduler, grader_ca):
    """The scheduler preload (``dask scheduler --preload workbook.grading.dask_roles --grader-ca FILE``)."""
    issuers = [cert_subject(p) for p in grader_ca]
    for op, handler in list(scheduler.handlers.items()):
        scheduler.handlers[op] = guard(op, handler, issuers)
    log.info("workbook roles: %d operations guarded; graders are the certificates of %s", len(scheduler.handlers),
             ", ".join(grader_ca))
