"""What the watch of an answer (workbook/checks/watch.py) costs per profile
event, counted as facts, never timed: each read of a frame's ``f_code`` is an
audit event ("object.__getattr__"), which calls the guard's audit hook in a
student's kernel, and that call cost as much as the rest of the event (09's
Question 4, an answer counting supports in a generator: 0.5 s alone, 22 s
watched with a hook like the guard's, 13 s with one read per call event)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent('''
    import sys
    from workbook.checks import watch

    reads = [0]
    counting = [False]

    def hook(event, args):
        if counting[0] and event == "object.__getattr__" and args[1] == "f_code":
            reads[0] += 1

    sys.addaudithook(hook)
    namespace = {}
    exec(compile("def answer(rows):\\n    return sum(r % 3 == 0 for r in rows)\\n", "<cell 1>", "exec"), namespace)
    for library_calls in (False, True):
        watch._watching(namespace["answer"], (range(50),), {}, set(), {}, library_calls)   # kinds decided
        calls, runs = set(), {}
        reads[0] = 0
        counting[0] = True
        value = watch._watching(namespace["answer"], (range(2000),), {}, calls, runs, library_calls)
        counting[0] = False
        print(library_calls, value, reads[0], max(runs.values()))
''')


def test_the_watch_reads_a_frames_code_once_per_call_event_and_never_on_a_return():
    """A generator resumed 2,000 times is 2,001 call events and as many returns (and a c_call and c_return
    of sum): the watch, counting runs only or every library call too, reads f_code once per call event and
    c_call (the old watch read it on every event, twice on a call: 3 hook calls per resumption)."""
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        library_calls, value, reads, most_run = line.split()
        assert value == "667", line
        assert int(most_run) == 2001, line        # each resumption is a run of the generator's code
        assert 2001 <= int(reads) <= 2010, line   # its call events, the answer's own and sum's c_call
    assert len(out.splitlines()) == 2, out
