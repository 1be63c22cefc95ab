"""The kernel side's watch of what an answer does while it runs: every library function and builtin the
student's code calls (by any route: a registry's callback, a thread, a function handed to a library), how
many times each code object of the student's starts, and what the watch could not see or keep (a fork, a
child process, a thread out of its reach, its profile function switched off, more calls than it keeps).

Like ``kernel``, it runs in the student's process, from the code the guard compiled at install, and the
judge trusts none of it: what it reports can make an answer fail, never pass.
"""
from __future__ import annotations

import sys

# the state the guard hands over to every request's fresh run of the kernel side (``kernel`` shares it)
_state = globals().get("__workbook_state__")
if not isinstance(_state, dict):
    _state = {}

MAX_WATCHED = 2000   # distinct library functions reported for one request


def _library_roots() -> tuple[str, ...]:
    """Where the installed libraries' code lives: the guard's record when the judge runs this module, else
    sysconfig's paths now."""
    roots = globals().get("__workbook_roots__")
    if isinstance(roots, tuple) and roots:
        return roots
    import os
    import sysconfig
    paths = sysconfig.get_paths()
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # this package (an editable install too)
    return tuple(sorted({p for k in ("stdlib", "platstdlib", "purelib", "platlib") for p in [paths.get(k)] if p}
                        | {package + os.sep}))


_TYPE_MODULE = type.__dict__["__module__"].__get__       # type's own getters: a metaclass's __getattribute__ of
_TYPE_QUALNAME = type.__dict__["__qualname__"].__get__   # the student's never runs (inside the profile function
_BUILTIN, _MODULE = type(len), type(sys)                  # its code would run unwatched)
_TYPE_MRO = type.__dict__["__mro__"].__get__
_TYPE_DICT = type.__dict__["__dict__"].__get__


class _Bound:
    def method(self):
        pass


_METHOD = type(_Bound().method)


def _class_call(cls):
    """What calling an instance of ``cls`` calls: the first ``__call__`` of its classes' own dicts, read through
    type's descriptors (a metaclass of the student's runs no code here)."""
    for c in _TYPE_MRO(cls):
        d = _TYPE_DICT(c)
        if "__call__" in d:
            return d["__call__"]
    return None


def _items(value, depth: int):
    """``value`` and, ``depth`` levels into tuples, lists and dicts, their first 64 items (a dict's values)."""
    yield value
    if depth:
        t = type(value)
        items = value[:64] if t is tuple or t is list else list(value.values())[:64] if t is dict else ()
        for v in items:
            yield from _items(v, depth - 1)


def _builtin_name(fn) -> tuple[str, str]:
    """(module, qualified name) of a builtin the watch saw called, as ``__module__`` and ``__qualname__`` give
    them, read without running any code of the student's: a builtin bound to an instance or a class of the
    student's would ask that class for its ``__qualname__`` and ``__module__``, through a metaclass the student
    may have written (inside the profile function that code would run unwatched); the class's are read through
    type's own descriptors instead."""
    module = name = None
    if isinstance(fn, _BUILTIN):   # every builtin a profile function is called with (a method descriptor is bound)
        self = fn.__self__
        module = fn.__module__
        if self is None or issubclass(type(self), _MODULE):   # a function of a module, or a C type's static one
            name = fn.__qualname__
        else:
            owner = self if issubclass(type(self), type) else type(self)
            qualname = _TYPE_QUALNAME(owner)
            name = qualname + "." + fn.__name__ if type(qualname) is str else None
            if type(module) is not str:
                module = _TYPE_MODULE(owner)
    else:   # a descriptor of a C type (method_descriptor, wrapper_descriptor) or another C callable
        name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
        module = getattr(fn, "__module__", None)
        owner = getattr(fn, "__objclass__", None)
        if type(module) is not str and owner is not None and issubclass(type(owner), type):
            module = _TYPE_MODULE(owner)
    return (module if type(module) is str else "", name if type(name) is str else "")


def _builtin_module(fn) -> str:
    return _builtin_name(fn)[0]


_STUDENT, _LIBRARY, _OTHER = 0, 1, 2   # whose a code object is, for the watch
FORKED = ("os", "fork", "process")      # what the watch reports when the process forked while an answer ran
# what it reports when a thread it cannot reach ran beside the answer (one not started through threading)
UNSEEN_THREAD = ("_thread", "start_new_thread", "unseen")
# what it reports when its profile function stopped seeing the answer's code: CPython unsets a profile function
# that raises, and the watch's raises RecursionError when the stack is one frame short of the limit
LOST_WATCH = ("sys", "setprofile", "lost")
# what it reports when it saw as many distinct calls as it keeps (MAX_WATCHED): a call after those is not seen
OVERFLOW = ("sys", "setprofile", "overflow")
# what it reports when a process the notebook started (subprocess, os.system, posix_spawn, exec) ran while the
# answer ran, or was started by it: the answer's work can be done there, out of the watch's sight
CHILD_PROCESS = ("subprocess", "Popen", "child")


def _forks() -> list:
    """How many times this process has forked since the watch first ran in it (``os.register_at_fork``, once
    per kernel: its callbacks cannot be taken back)."""
    counter = _state.get("forks")
    if counter is None:
        import os
        counter = _state["forks"] = [0]
        os.register_at_fork(before=lambda: counter.__setitem__(0, counter[0] + 1))
    return counter


def _module_globals(g, known: list) -> bool:
    """Whether ``g`` is a module's own namespace: a library's code runs in its module's, not in a copy made to
    look like it. Most are the module their ``__name__`` names; a module that put an object of its own class
    in its place in sys.modules (torch._VF, torch.backends' modules) defined that class's functions in it;
    the others (``_collections_abc``, named collections.abc) are found among every module sys.modules holds
    and the modules they hold (``known``: ``_scan_modules``', made on the first such frame; the modules
    imported since are added when a frame's globals are not found)."""
    name = g.get("__name__")
    module = sys.modules.get(name) if isinstance(name, str) else None
    if module is not None and getattr(module, "__dict__", None) is g:
        return True
    if module is not None and any(getattr(v, "__globals__", None) is g for v in vars(type(module)).values()):
        return True   # a module that replaced itself in sys.modules by an object of a class it defines (torch._VF)
    if known and id(g) in known[1]:
        return True
    if not known or known[0] != len(sys.modules):   # sys.modules changed: its modules not scanned yet, then all
        if known and _scan_modules(known, only_new=True) and id(g) in known[1]:
            return True
        _scan_modules(known, only_new=False)
    return id(g) in known[1]


def _scan_modules(known: list, only_new: bool) -> bool:
    """``known`` made (again): [the number of modules, the ids of their namespaces and of the modules' they
    hold, those namespaces (held, so that no id in the set is ever a later dict's), the ids of the modules
    scanned (held too)]. ``only_new``: only the modules not scanned before are (a lazy import adds a few to
    the 3,400 of a torch kernel: 20 ms each time scanned whole); False when it found nothing new."""
    module_type = type(sys)
    if not only_new or not known:
        known[:] = [0, set(), [], {}]
    ids, spaces, scanned = known[1], known[2], known[3]
    found = False
    for m in list(sys.modules.values()):
        if id(m) in scanned:
            continue
        scanned[id(m)] = m
        d = getattr(m, "__dict__", None)
        if type(d) is dict:
            new = [d] + [v.__dict__ for v in list(d.values()) if isinstance(v, module_type)]
            spaces += new
            ids.update(id(x) for x in new)
            found = True
    known[0] = len(sys.modules)
    return found


def _watching(fn, args, kwargs, calls: set, runs: dict, library_calls: bool = True):
    """``fn(*args, **kwargs)``, adding to ``calls`` each library function (module, qualified name) that the
    student's code called itself meanwhile, by any route: a function of a library's code called from a frame
    of code that is not a library's (nor this module's), and every builtin such a frame called; and counting
    in ``runs`` how many times each code object of the student's started (a function called once per element
    by a builtin, a protocol or a library's registry is a loop however it is driven). A library's calls of its
    own are not the student's. A thread started through threading, in an earlier cell too, is watched as the
    answer's own while the answer runs (the guard's thread hook, or threading's for the call when no guard
    runs); one started otherwise is reported (UNSEEN_THREAD).

    Whose a code object is (the student's, a library's, or neither: this module, the guard, a probe) is
    decided once per code object and the namespace it runs in, and kept for the kernel's life (``kinds``):
    the profile function runs on every call of the answer, most of them a library calling itself. A library's code is code of a library's file run in
    its module's own namespace; one with a library's file name in any other namespace is the student's.

    ``library_calls`` False (the exercise forbids no call: a line budget, a closure or loops only): only the
    student's code that starts is counted, no library function or builtin is looked at, and no torch mode is
    entered; the profile function then returns at once on every event but a call (a training loop's
    DataLoader: a third of the cost)."""
    library = _library_roots() + ("<frozen ",)
    # not the student's: this module, the guard (its audit hook runs on the student's opens and connects) and probes
    skip = library + (_watching.__code__.co_filename, "<workbook judge", "<workbook guard>", "<probe ")
    add = calls.add
    # code -> (whose, top package, entry when the student calls it, entry when a library does, the globals it was
    # decided for: the same code over other globals is decided again)
    kinds: dict = _state.setdefault("kinds", {})
    # the ids of every module's namespace (_module_globals), kept for the kernel's life: a module imported since
    # is scanned when a frame's globals are not found (scanning the 3,400 modules of a torch kernel: 20 ms)
    namespaces: list = _state.setdefault("namespaces", [])

    def kind(frame):
        code = frame.f_code
        filename = code.co_filename
        g = frame.f_globals
        if not filename.startswith(skip):
            k = (_STUDENT, "", None, None, g)
        elif filename.startswith(library) and _module_globals(g, namespaces):
            name = g["__name__"]
            k = (_LIBRARY, name.partition(".")[0], (name, code.co_qualname), (name, code.co_qualname, "library"), g)
        elif filename.startswith(library):   # a library's file name over globals no module of that name has:
            k = (_STUDENT, "", None, None, g)   # code made to look like a library's (code.replace, FunctionType)
        else:
            k = (_OTHER, "", None, None, g)
        kinds[code] = k
        return k

    student, library_kind, most = _STUDENT, _LIBRARY, MAX_WATCHED   # closure cells: no global lookup per event
    handler = None   # the code of the watch's torch mode's __torch_function__, once the mode is made (below)

    def runs_only(frame, event, arg):   # watch's call branch up to the runs, written out again: a helper both
        if event == "call":              # called would cost a Python call per event, what this one saves
            code = frame.f_code
            k = kinds.get(code)
            if k is None or k[4] is not frame.f_globals:
                k = kind(frame)
            if k[0] == student:
                runs[code] = runs.get(code, 0) + 1

    # every read of a frame's f_code is an audit event ("object.__getattr__"), which calls the guard's audit hook
    # in a student's kernel: a read per event at most (none on a return without torch, nor on a c_return), as the
    # hook's call cost as much as the rest of the event (a generator's resumptions: 2.5 times the watched call)
    def watch(frame, event, arg):
        if event == "call":
            code = frame.f_code
            if code is handler:   # the watch's own torch mode at work: none of its events is the student's
                return
            k = kinds.get(code)
            if k is None or k[4] is not frame.f_globals:
                k = kind(frame)
            if k[0] == student:
                runs[code] = runs.get(code, 0) + 1
            elif k[0] == library_kind and len(calls) < most:
                caller = frame.f_back
                if caller is not None:
                    by = kinds.get(caller.f_code)
                    if by is None or by[4] is not caller.f_globals:
                        by = kind(caller)
                    if by[0] == student:
                        add(k[2])
                        hand(frame)
                        acting[id(frame)] = frame   # what it computes is the student's (below)
                    elif by[0] == library_kind and by[1] != k[1]:   # one library's code calling another's: what the
                        add(k[3])                               # student handed it (functools, weakref, a pipe)
                    elif code in handed_codes:   # a library function the student handed to its own library's code
                        add(k[2])
                    if acting and by[0] != student and acting.get(id(caller)) is caller:
                        acting[id(frame)] = frame
            if pause[0] is not None and (k[0] != student and (k[0] != library_kind or k[1] == "torch")
                                         and acting.get(id(frame)) is not frame) != pause[1]:
                suspend(not pause[1])
        elif event == "return":
            if handler is not None and frame.f_code is handler:
                return
            if acting and acting.get(id(frame)) is frame:
                del acting[id(frame)]
            if pause[0] is not None:   # the frame returned to is one whose torch calls are recorded, or not
                back = frame.f_back
                if back is not None:
                    k = kinds.get(back.f_code)
                    if k is None or k[4] is not back.f_globals:
                        k = kind(back)
                    if (k[0] != student and (k[0] != library_kind or k[1] == "torch")
                            and acting.get(id(back)) is not back) != pause[1]:
                        suspend(not pause[1])
        elif event == "c_call":
            code = frame.f_code
            if code is handler:
                return
            k = kinds.get(code)
            if k is None or k[4] is not frame.f_globals:
                k = kind(frame)
            if k[0] == student and len(calls) < most:
                add(_builtin_name(arg))
            elif handed and id(arg) in handed and len(calls) < most:   # a builtin the student handed to a library
                add(_builtin_name(arg))                                # (torch.no_grad()(F.linear)), called there

    # the builtins and library functions the student's code handed to a library's function as arguments (two levels
    # into tuples, lists and dicts, their first 64 items), through the C-level wrappers that call them
    # (functools.partial, a bound method, a static or class method, an lru_cache, an instance whose class's
    # __call__ is one): called later by that library's code, even the same library's, they are the student's
    # calls. [id -> the builtin], [the library functions' code]. ``acting``: the library frames beneath the
    # student's code (called by it, or by such a frame) [id(frame) -> frame]: the torch mode stays on in them,
    # and every torch function they call is recorded as a library's call of it (its own name: a forbidden
    # function that torch's machinery computes for the answer, from a wrapper, a module's forward, a hook, an
    # iterator, is the answer's); below a probe's or the grader's own frames it is off, as for torch's own calls
    handed: dict = {}
    handed_codes: set = set()
    acting: dict = {}
    builtin_types = (type(len), type([].append))
    function_type = type(_watching)
    functools = sys.modules.get("functools")
    partial_type = getattr(functools, "partial", None)
    lru_type = getattr(functools, "_lru_cache_wrapper", None)
    # each a member of its C type (the exact type: a subclass's attribute could be the student's code)
    unwrap = {partial_type: lambda w: w.func, _METHOD: lambda w: w.__func__, staticmethod: lambda w: w.__func__,
              classmethod: lambda w: w.__func__, lru_type: lambda w: w.__dict__.get("__wrapped__")}

    def target(v) -> None:
        """Notes what calling ``v`` calls when it is a builtin or a library function, through the wrappers above
        (read through the C types' own descriptors, never an attribute lookup of the student's)."""
        for _ in range(16):
            t = type(v)
            if t in builtin_types:
                handed[id(v)] = v
                return
            if t is function_type:
                if v.__code__.co_filename.startswith(library):
                    handed_codes.add(v.__code__)
                return
            f = unwrap.get(t)
            if f is None:
                if not callable(v) or issubclass(t, type):
                    return
                f = _class_call   # an instance: its class's __call__, as type's slot finds it
                v = t
            v = f(v)

    def hand(frame) -> None:
        for value in frame.f_locals.values():
            for v in _items(value, 2):
                target(v)

    threading = sys.modules.get("threading")
    get_ident = getattr(threading, "get_ident", None)
    moded: set = set()
    # the watch's torch function mode, off the stack while the Python code on top is neither the student's nor
    # another library's than torch: what torch calls itself, or this module, the guard or a probe, is not the
    # student's call (``_record_torch`` passes it by), and in a training loop 98 % of the mode's calls came from
    # torch itself. [the mode while the answer runs (None: leave the stack alone), whether this watch took it
    # off, the thread it is on]
    pause: list = [None, False, get_ident() if get_ident is not None else None]
    torch_c = getattr(sys.modules.get("torch"), "_C", None)
    stack_len = getattr(torch_c, "_len_torch_function_stack", None)
    stack_at = getattr(torch_c, "_get_function_stack_at", None)
    stack_pop = getattr(torch_c, "_pop_torch_function_stack", None)
    stack_push = getattr(torch_c, "_push_on_torch_function_stack", None)

    def suspend(off: bool):
        """The mode taken off the stack (``off``: only when it is on top, never another's mode, never while a
        call it handles runs, when torch itself takes it off) or put back (only when this watch took it off),
        on the thread the answer runs on."""
        if get_ident() != pause[2]:
            return
        try:
            if off:
                n = stack_len()
                if n and stack_at(n - 1) is pause[0]:
                    stack_pop()
                    pause[1] = True
            elif pause[1]:
                stack_push(pause[0])
                pause[1] = False
        except Exception:  # noqa: BLE001 - an error here would end the profile function: the mode stays as it is
            pass

    events = watch if library_calls else runs_only

    def profile(frame, event, arg):   # a thread the answer starts: the same watch, its own torch function mode
        if library_calls and get_ident is not None:   # (a mode is per thread)
            ident = get_ident()
            if ident not in moded:
                moded.add(ident)
                thread_mode = _torch_watch(kinds, kind, calls, live, recorded, acting)
                if thread_mode is not None:
                    thread_mode.__enter__()
        return events(frame, event, arg)

    if sys.getprofile() is not None:   # the watch of an outer call (which sees this one), or the student's own
        return fn(*args, **kwargs)     # profile function, which the guard reports (and a static check then fails)
    live = [True]   # the torch modes a thread entered stay on its stack after the call: they then only pass on
    # (torch function, code of the frame that called it) -> that frame's globals, for the torch calls recorded
    # in this call: a torch function called again from the same code is not looked at again (a mode's
    # dispatch costs most in what it calls, each call an event of the profile function)
    recorded: dict = {}
    mode = _torch_watch(kinds, kind, calls, live, recorded, acting) if library_calls else None
    if mode is not None:
        handler = type(mode).__torch_function__.__code__
    # the guard's: threading's profile hook since install hands each event of its threads to watch[0]
    threads = _state.get("threads")
    before = threading.__dict__.get("_profile_hook") if threading is not None else None
    forks = _forks()
    forked = forks[0]
    spawned = _state.get("spawned")
    spawns = len(spawned) if isinstance(spawned, list) else 0
    # the kernel's children the answer may not have beside it: every one since the guard's install in the
    # student's kernel; run in the judge's own process (tests, a self-study check), only those it starts
    children_before = _children_at_install() if "children_at_install" in _state else _children()
    unseen = threads is not None and _threads_unseen(threads)
    sys.setprofile(events)
    if threads is not None:   # every other thread's profile function and torch mode are the guard's, for good
        threads["watch"][0] = events
        if mode is not None:
            getframe = sys._getframe

            def on_torch(func, args, kwargs):   # frames: this one, the thread's mode, the caller
                _record_torch(func, getframe(2), kinds, kind, calls, recorded, acting)
                return func(*args, **kwargs)
            threads["torch"][0] = on_torch
    elif threading is not None:   # a thread the answer starts runs under the same watch (threading's own hook)
        threading.setprofile(profile)
    try:
        if mode is None:
            return fn(*args, **kwargs)
        with mode:
            if None not in (get_ident, stack_len, stack_at, stack_pop, stack_push):
                pause[0] = mode
            try:
                return fn(*args, **kwargs)
            finally:
                pause[0] = None
                if pause[1]:   # on the stack again for the mode's own exit
                    stack_push(mode)
                    pause[1] = False
    finally:
        lost = sys.getprofile() is not events
        sys.setprofile(None)
        live[0] = False
        if lost or (threads is not None and _threads_lost(threads)):
            calls.add(LOST_WATCH)
        if len(calls) >= most:
            calls.add(OVERFLOW)
        if _children() - children_before or _new_processes() or (isinstance(spawned, list)
                                                                  and len(spawned) != spawns):
            calls.add(CHILD_PROCESS)
        if threads is not None:
            threads["watch"][0] = threads["torch"][0] = None
        elif threading is not None:
            threading.setprofile(before)
        if forks[0] != forked:   # a child process ran the student's code out of the watch's sight
            calls.add(FORKED)
        # a thread out of the watch's reach, alive before the call or after it, or started and ended in it
        if unseen or (threads is not None and _threads_unseen(threads)) or UNSEEN_THREAD[:2] in calls:
            calls.add(UNSEEN_THREAD)


def _threads_unseen(threads: dict) -> bool:
    """Whether a thread runs that the guard's thread hook does not reach: the threads of install it could not
    reach, or more threads than the kernel had at install and those the hook marked (``_thread._count``,
    taken at install, counts every thread started through ``_thread``; a thread's mark dies with it)."""
    if threads.get("adopted") is None:
        return True
    return threads["count"]() - threads["baseline"] > len(threads["covered"])


def _children() -> set:
    """The process ids of this process's children, alive or not yet reaped (Linux: each task's ``children``
    file under /proc/self); the empty set where /proc does not say."""
    import os
    out: set = set()
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as f:
                out.update(int(pid) for pid in f.read().split())
        except (OSError, ValueError):
            continue
    return out


def _new_processes() -> set:
    """In the sandbox's PID namespace (``guard.install``): the processes alive now that were not at install,
    this one aside (a daemon an earlier cell started, its parent gone, serving the answer over a pipe)."""
    at = _state.get("processes_at_install")
    if not isinstance(at, frozenset):
        return set()
    import os
    try:
        now = {int(n) for n in os.listdir("/proc") if n.isdigit()}
    except OSError:
        return set()
    return now - at - {os.getpid()}


def _children_at_install() -> set:
    """The children the kernel had when the guard was installed, before any cell of the student's (none in
    the sandbox's kernel; kept so that a kernel started otherwise is judged by what its cells started)."""
    return frozenset(_state.get("children_at_install", ()))


def _threads_lost(threads: dict) -> bool:
    """Whether a thread the guard's thread hook marked ended without the hook seeing its end: its profile
    function was unset as it ran (CPython unsets one that raises). Each unset is also an audit event, which the
    guard's hook notes as a fact of the process."""
    return len(threads.get("started", ())) - len(threads.get("ended", ())) > len(threads["covered"])


def _record_torch(func, by, kinds: dict, kind, calls: set, recorded: dict, acting: dict) -> None:
    """Adds torch function ``func`` to ``calls`` when frame ``by`` (its caller: the top Python frame of the
    thread) is the student's code, or another library's that the student handed a torch function to, or a
    library frame ``acting`` for the student (beneath the student's code: recorded as a library's call); notes in
    ``recorded`` that ``func`` called from ``by``'s code over its globals was looked at, and looks no further
    when it was (the main thread's mode checks that itself first: a call less for most torch calls)."""
    act = bool(acting) and acting.get(id(by)) is by
    try:
        if not act and recorded[func, by.f_code] is by.f_globals:
            return
    except (KeyError, TypeError):
        pass
    k = kinds.get(by.f_code)
    if k is None or k[4] is not by.f_globals:
        k = kind(by)
    if (act or k[0] == _STUDENT or (k[0] == _LIBRARY and k[1] != "torch")) and len(calls) < MAX_WATCHED:
        name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None)
        module = getattr(func, "__module__", None)
        entry = (module if isinstance(module, str) else _builtin_module(func), name if isinstance(name, str) else "")
        calls.add(entry if k[0] == _STUDENT else (*entry, "library"))
    if act:
        return
    try:
        recorded[func, by.f_code] = by.f_globals
    except TypeError:   # a function that cannot be a key: looked at on every call
        pass


def _torch_watch(kinds: dict, kind, calls: set, live: list, recorded: dict, acting: dict):
    """A torch function mode that adds to ``calls`` every torch function the student's code calls itself, the
    builtins a profile function cannot see included: one a builtin calls for it (``map(torch.softmax, ...)``,
    a registry's callback) is still called with the student's frame on top of the stack. None without torch.
    ``kinds``/``kind``: the watch's own record of whose each code object is; ``live[0]``: whether the call it
    watches still runs (a thread's mode stays on that thread's stack after it, and then only passes on)."""
    torch = sys.modules.get("torch")
    overrides = sys.modules.get("torch.overrides")
    if torch is None or overrides is None or not isinstance(getattr(overrides, "TorchFunctionMode", None), type):
        return None
    cls = _state.get("torch_watch")   # made once per kernel (a class costs more to make than most calls take)
    if cls is None or cls.__bases__ != (overrides.TorchFunctionMode,):
        getframe = sys._getframe

        class Watch(overrides.TorchFunctionMode):
            def __init__(self, seen):
                super().__init__()
                self.seen = seen

            def __torch_function__(self, func, types, args=(), kwargs=None):
                kinds, kind, calls, live, recorded, acting = self.seen
                if live[0]:
                    by = getframe(1)
                    try:
                        again = recorded[func, by.f_code] is by.f_globals and not acting
                    except (KeyError, TypeError):
                        again = False
                    if not again:
                        _record_torch(func, by, kinds, kind, calls, recorded, acting)
                return func(*args, **kwargs) if kwargs else func(*args)
        cls = _state["torch_watch"] = Watch
    return cls((kinds, kind, calls, live, recorded, acting))
