"""The kernel's stdout and stderr while a notebook is graded: ipykernel's own
``OutStream``, with what it publishes cut into messages of at most
``MAX_CHUNK`` characters.

Set by the grader's sandbox (``--IPKernelApp.outstream_class``, ipykernel's
own setting). An answer that prints 300 MB at once then reaches the grader as
small messages, which the grader drops past the notebook's output budget (or
discards during a judge call), instead of one message the size of the print.
A kernel that sends a larger message by other means meets the grader's
``BoundedKernelClient.max_message``."""
from __future__ import annotations

from ipykernel.iostream import OutStream

MAX_CHUNK = 1 << 20   # characters of one stream message


class BoundedOutStream(OutStream):
    def _flush_buffers(self):
        for parent, data in super()._flush_buffers():
            for i in range(0, len(data), MAX_CHUNK):
                yield parent, data[i:i + MAX_CHUNK]
