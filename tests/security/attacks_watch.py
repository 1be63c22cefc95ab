"""Attacks on the runtime watch (``kernel._watching``) from a hostile-student round on the code after issue 53's
third round (tests/security/hostile_round.json holds the answers as the student wrote them; ``added``: a code
cell the student adds just above that answer cell). Each earned full marks, unflagged, in the instructor's
sandboxed `workbook autograde` before its defence:

* 03 ``watch_overflow``: about 2,400 distinct harmless builtins called first, so that the watch's set of calls is
  full (2,000), then F.logsigmoid from a logger's handlers: 2 points. Holds: a full set is reported (OVERFLOW)
  and fails the exercise.
* 03 ``child_server``: the answer cell starts a child Python that computes F.logsigmoid, and the answer talks to
  it over pipes: 2 points. Holds: a child process of the kernel's alive while the answer runs is reported
  (CHILD_PROCESS, the kernel's children read from /proc).
* 09 and 11 ``child_process``: apriori, or 11's double loop, run in ``subprocess.run([sys.executable, "-c",
  ...])``: 4 and 2 points. Holds: the guard counts the audit events of every process started from the kernel
  (subprocess.Popen, os.system, posix_spawn, exec, forkpty), and one during the answer is CHILD_PROCESS.
* 09 and 11 ``metaclass_inside_the_watch``: the answer calls a builtin bound to an instance of a class whose
  metaclass defines ``__getattribute__``; the watch asked that class its ``__module__`` inside its profile
  function, where nothing is watched, and the metaclass ran apriori (or the loop) there: 4 and 2 points. Holds:
  the watch reads names through type's own descriptors; the metaclass never runs, and the answer returns what
  it returns without it (0 points).
* 03 ``cross_entropy_softmax`` and ``logcumsumexp``: q4's softmax as exp(-F.cross_entropy(...)) and q7's log
  sigmoid from torch.logcumsumexp, functions the bans did not name though the questions' words cover them: 3
  and 2 points. Holds: both are in the bans and in the questions' lists now.

* 03 ``torch_wrapper``: F.linear and F.logsigmoid from a logger's handlers handed to ``torch.no_grad()(f)``,
  which calls them from torch's own frames, where neither the profile function (a library calling its own
  package) nor the torch mode (off while torch's code is on top) counted a call as the student's: 5 points.
  Holds: what the student's code hands to a library's function (a builtin, a library's function, one level into
  a tuple, list, dict or functools.partial) is noted, and its later calls are the student's, whoever makes them.

Closed since: a forbidden builtin wrapped deeper than that (a partial of a partial, a bound method, a static
method as a class's __call__ or an nn.Module's forward) and handed to torch's own code, which calls it from C
(tests/test_guard.py, ``test_a_builtin_the_answer_hands_to_torch_inside_a_c_level_wrapper_is_the_answers_call``).

* 03 ``daemon_server``: a cell above the answer starts a daemon (``subprocess.run`` of a Python that starts
  another in a new session and exits: the daemon's parent is gone, so it is no child of the kernel's) that
  computes F.logsigmoid, and the answer talks to it through two FIFOs, starting nothing: 2 points unflagged on
  the watch that counted the kernel's children. Holds: in the sandbox the guard notes at install every process
  of the kernel's PID namespace, and one alive while the answer runs that was not there then is
  CHILD_PROCESS.
* 03 ``nested_carriers_a``, ``_b``, ``_c`` (a fourth round, on the watch that unwrapped what the student hands):
  forbidden builtins kept in loggers' handlers and computed for the answer by torch's own machinery, through
  carriers the unwrapping did not follow (a module inside nn.Sequential's ``_modules``, a property as
  ``forward``, a forward past the 64th value of a dict, map and starmap consumed by torch's own loop, a
  DataLoader's collate_fn, torch.vmap, checkpoint, weakref.proxy, pandas' Series.map): 16, 13 and 5 points
  unflagged. Holds: the torch mode stays on in every library frame beneath the student's code, and what torch
  computes there is the answer's (a library's call, by its own name); beneath a probe's or the grader's own
  frames it stays off."""
from __future__ import annotations

import json
from pathlib import Path

ATTACKS: dict[str, dict[str, dict]] = json.loads((Path(__file__).with_name("hostile_round.json")).read_text())
