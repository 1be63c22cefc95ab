"""Small ipywidgets for the notebooks.

They never block: a countdown ticks in a background thread and returns at
once; headless (autograding, nbclient) they render to a plain text/plain
repr and cost nothing."""
from __future__ import annotations

import threading
import time


def _in_live_kernel() -> bool:
    """True in a kernel a person is looking at; False while autograding."""
    import os
    return os.environ.get("NBGRADER_EXECUTION") not in ("autograde", "validate") and \
        os.environ.get("WORKBOOK_HEADLESS") != "1"


def countdown(minutes: float, label="Mock test"):
    """A countdown bar for a timed problem. Starts when the cell runs.
    ``label`` is a message of the notebook ("Problem A · 25 min")."""
    import ipywidgets as w

    from ..messages import as_message, msg, render
    total = int(minutes * 60)
    bar = w.IntProgress(value=total, min=0, max=total, description=render(as_message(label)),
                        layout=w.Layout(width="60%"), style={"description_width": "initial"})

    def left_text(left: int) -> str:
        return render(msg("{time} left", time=f"{left // 60:02d}:{left % 60:02d}") if left
                      else msg("time is up: stop and review"))
    text = w.Label(value=left_text(total))
    box = w.HBox([bar, text])

    def tick():
        end = time.monotonic() + total
        while True:
            left = max(0, int(round(end - time.monotonic())))
            bar.value = left
            text.value = left_text(left)
            if left == 0:
                return
            time.sleep(1)

    if _in_live_kernel():
        threading.Thread(target=tick, daemon=True).start()
    return box
