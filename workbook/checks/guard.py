"""The judge's guard in the student's kernel, sent as source by the judge
(``runtime``) and installed before the first cell of the student's runs.

At install, in a namespace of its own (its builtins a private copy), the
guard records what the process is: the builtins, ``compile``, ``exec``,
``__import__``, the import system (``sys.modules``, ``meta_path``,
``path_hooks``, importlib's own functions), trace and profile hooks, the
modules the runtime encodes with (json, base64...) and IPython's execution
machinery (the shell's run_cell and friends, its input and AST transformers,
its events, ``user_expressions``, the kernel's handlers and session). It
compiles the kernel side (``wire``, ``kernel``) with the captured
``compile``, and becomes the door of the judge's requests: the shell's
``user_expressions`` is replaced by ``_door``, which answers a request under
the key ``WB`` with those captured references only (never a name looked up
in the student's namespace) and hands every other expression to IPython's
own method.

Each request is answered with the facts seen: what differs from the record,
before and after the request. An audit hook, added last and never removable,
notes what no record can show (a tracer or profiler set, another audit hook,
a walk of the garbage collector's objects, a read of the process's memory)
and holds the key the judge gave at install: it signs each reply (HMAC of
the nonce, the request, the facts and the reply), but only when ``_door``
itself asks, with its own code and globals unchanged. After any event it
notes, the key it signs with is replaced by a hash of it (the judge knows
both). A reply the judge cannot verify with either did not come from here.

This makes a forger's work harder, not impossible: the student's process is
theirs. The judge trusts none of what is reported; it only takes points away
when something changed (``exercise``'s ``observes``).
"""

WB = "workbook"   # the user_expressions key of a judge request
ATTEST = "workbook.attest"
# builtins IPython itself sets and removes as cells run (its builtin trap) or that the site module adds
VOLATILE_BUILTINS = ("_", "__", "___", "exit", "quit", "get_ipython", "display", "__IPYTHON__", "copyright",
                     "credits", "license", "help")
SYS_NAMES = ("modules", "meta_path", "path_hooks", "path_importer_cache", "settrace", "setprofile", "gettrace",
             "getprofile", "addaudithook", "audit", "_getframe", "setrecursionlimit")
# the modules the runtime and the import system run with: any entry replaced or removed is a fact
WATCHED_MODULES = ("builtins", "sys", "json", "json.encoder", "json.decoder", "_json", "base64", "binascii",
                   "math", "types", "_frozen_importlib", "_frozen_importlib_external", "importlib", "marshal", "_imp",
                   "_hashlib", "hashlib", "hmac", "io", "_io", "codecs", "datetime", "numpy", "torch", "pandas",
                   "IPython", "ipykernel", "time")
# of those, the modules whose entries are compared one by one (the others: only that sys.modules still has them)
WATCHED_ENTRIES = ("json", "json.encoder", "json.decoder", "_json", "base64", "binascii", "math", "types",
                   "_frozen_importlib", "_frozen_importlib_external", "importlib", "marshal", "_imp", "_hashlib",
                   "hashlib", "hmac", "io", "_io", "codecs", "datetime")
SHELL_METHODS = ("run_cell", "run_cell_async", "_run_cell", "should_run_async", "run_ast_nodes", "run_code",
                 "transform_cell", "transform_ast", "user_expressions", "ev", "ex", "run_line_magic",
                 "run_cell_magic", "showtraceback", "showsyntaxerror", "_showtraceback", "get_ipython",
                 "_format_user_obj", "safe_execfile", "push", "init_user_ns")
SHELL_OBJECTS = ("compile", "input_transformer_manager", "_user_ns", "user_module", "events", "kernel",
                 "builtin_trap", "displayhook", "display_trap", "magics_manager")
SHELL_LISTS = ("input_transformers_post", "ast_transformers")   # input_transformers_cleanup: the manager's
MANAGER_LISTS = ("cleanup_transforms", "line_transforms", "token_transformers")
KERNEL_METHODS = ("do_execute", "execute_request", "dispatch_shell", "process_one", "dispatch_queue",
                  "_publish_execute_input", "send_response", "finish_metadata", "init_metadata")
SESSION_METHODS = ("send", "serialize", "sign", "msg", "msg_header", "feed_identities", "deserialize")
SESSION_OBJECTS = ("pack", "unpack", "auth", "key")
# audit events that let code reach the guard's own state or change the process unseen
WATCHED_EVENTS = ("sys.settrace", "sys.setprofile", "sys.addaudithook", "gc.get_objects", "gc.get_referrers",
                  "gc.get_referents", "sys._current_frames", "sys._settraceallthreads", "sys._setprofileallthreads",
                  "ctypes.string_at", "ctypes.wstring_at", "ctypes.cdata", "open")

# the audit events of a process started from the kernel's (a fork is counted by os.register_at_fork: watch._forks)
SPAWN_EVENTS = ("subprocess.Popen", "os.posix_spawn", "os.spawn", "os.exec", "os.system", "os.forkpty")

# callbacks libraries register on IPython's events when they are imported (not the student's)
LIBRARY_CALLBACKS = (("matplotlib.pyplot", "_draw_all_if_interactive"),
                     ("matplotlib_inline.backend_inline", "flush_figures"),
                     ("mlflow.tracing.display.display_handler", "IPythonTraceDisplayHandler._display_traces_post_run"))

_STATE = {}       # the runtime's state between requests (handles)
# what install captures, before any cell of the student's ran
_sys = _builtins_module = _builtins_dict = _modules = _gettrace = _getprofile = _audit = _threading = None
_shell = _shell_type = _package = _original = _code = _module_type = _exc_text = _record = _hook_state = None
_is = _repeat = None
_user_ns = None
_library_roots = ()


def install(key_hex, sources, package, own_namespace=False):
    """Record the process, compile the runtime and open the door (see the
    module docstring). Runs once, before any cell of the student's.
    ``own_namespace``: the kernel runs in a PID namespace of its own (the
    sandbox's), whose every process /proc lists: those alive now are noted."""
    import builtins
    import sys
    g = globals()
    import_module = __import__("importlib").import_module
    for name in ("json", "json.encoder", "json.decoder", "base64", "binascii", "math", "types", "hashlib", "hmac",
                 "threading", "datetime", "codecs", "io"):
        import_module(name)
    ip = sys.modules["IPython"].get_ipython()
    hashlib_c = sys.modules["_hashlib"]
    g.update(
        _sys=sys, _builtins_module=builtins, _builtins_dict=builtins.__dict__, _modules=sys.modules,
        _gettrace=sys.gettrace, _getprofile=sys.getprofile, _audit=sys.audit, _threading=sys.modules["threading"],
        _shell=ip, _shell_type=type(ip), _package=package, _user_ns=ip.user_ns,
        _original=type(ip).user_expressions.__get__(ip),
        _code=tuple((name, compile(src, "<workbook judge: " + name + ">", "exec")) for name, src in sources),
        _module_type=type(sys), _exc_text=lambda e: type(e).__name__ + ": " + str(e)[:300],
        _is=import_module("operator").is_, _repeat=import_module("itertools").repeat,
        _library_roots=tuple(sorted({p for k in ("stdlib", "platstdlib", "purelib", "platlib")
                                     for p in [import_module("sysconfig").get_paths().get(k)] if p}
                                    | _package_root(import_module))),
    )
    ip.user_expressions = _door
    # threading's profile hook from here on (before the record, which then holds it): every thread a cell
    # starts through threading runs with it, so that the judge's watch of an answer sees a thread started in
    # an earlier cell as it sees the answer's own (watch._watching); the threads it cannot reach are counted
    thread_module = import_module("_thread")
    threads = _STATE["threads"] = {"watch": [None], "torch": [None], "covered": import_module("weakref").WeakSet(),
                                   "count": thread_module._count, "baseline": thread_module._count(),
                                   "started": [], "ended": []}
    hook = _thread_hook(threads["watch"], threads["torch"], threads["covered"], thread_module._local(), _ThreadMark,
                        set(_other_threads(import_module)), thread_module.get_ident, sys.modules,
                        threads["started"], threads["ended"],
                        sys.modules["threading"].Thread._bootstrap_inner.__code__)
    sys.modules["threading"].setprofile(hook)
    # and the threads that run already (IOPub, control, the shell channel, the pipes' watchers): a cell can hand
    # them work too (IOPub's schedule, a loop's callbacks, an output stream's write)
    threads["adopted"] = _profile_other_threads(hook, import_module)
    _STATE["children_at_install"] = _children(import_module)
    if own_namespace:   # a daemon a cell starts (forked twice, its parent gone) is no child of the kernel's
        _STATE["processes_at_install"] = _processes(import_module)
    # the record, read-only: its dicts are reachable only through these proxies (and the garbage collector's
    # walks, which the audit hook notes), so that no code of the student's can make a change match it
    frozen = sys.modules["types"].MappingProxyType
    record = _snapshot()
    record["modules"] = {name: (mod, frozen(entries)) for name, (mod, entries) in record["modules"].items()}
    g["_record"] = frozen({k: frozen(v) if type(v) is dict else v for k, v in record.items()})
    g["_hook_state"] = None
    # the kernel side's own profile function, set while the judge watches what an answer calls (watch._watching):
    # its code object, from the code compiled here, is the one whose sys.setprofile the hook does not note
    watch_code = dict(g["_code"]).get("watch")
    code_type = type(_door.__code__)
    watching = next((c for c in (watch_code.co_consts if watch_code is not None else ())
                     if type(c) is code_type and c.co_name == "_watching"), None)
    # and every thread started through threading since install, which threading's bootstrap gives this
    # module's thread hook
    profile = next((c for c in _thread_hook.__code__.co_consts if type(c) is code_type and c.co_name == "hook"),
                   None)
    threads = sys.modules["threading"]
    sys.addaudithook(_make_hook(
        bytes.fromhex(key_hex), _door.__code__, g, dict(g), g["__builtins__"], dict(g["__builtins__"]),
        sys._getframe, hashlib_c.hmac_digest, hashlib_c.openssl_sha256, str, bytes, list, tuple, len,
        frozenset(WATCHED_EVENTS), type(_door), watching, profile, threads.Thread._bootstrap_inner.__code__,
        threads.__dict__, frozenset(SPAWN_EVENTS), _STATE.setdefault("spawned", [])))
    return "installed"


class _ThreadMark:
    """What a thread under the thread hook holds while it lives (its thread-local data): the set of these
    that are alive counts the threads the judge's watch reaches."""
    __slots__ = ("__weakref__",)


def _thread_hook(watch, torch_watch, covered, local, mark_type, adopted, get_ident, modules, started, ended,
                 bootstrap_code):
    """The profile function of every thread but the main one, from install on: the threads that ran then
    (``adopted``, their idents) and every thread started through threading since. It marks a thread started
    since once (``covered``, a weak set of what ``local`` holds in each; ``started`` one item more) and notes
    the end of its run (``ended`` one item more, as threading's bootstrap returns: a thread whose end the hook
    does not see ran without it, its profile function unset as CPython unsets one that raises); once torch is
    imported, it puts a torch function mode of its own on the thread's stack for the thread's life, which
    hands each torch call to ``torch_watch[0]`` while the judge watches (a thread running C code alone, ``map``
    over a torch function, makes no profile event); and, while the judge watches an answer's calls, it hands
    each event to that watch (``watch[0]``). Otherwise it does nothing."""
    def hook(frame, event, arg):
        try:
            mode = local.mode
        except AttributeError:
            if get_ident() not in adopted:
                local.mark = mark = mark_type()
                covered.add(mark)
                started.append(None)   # list.append: one step under the GIL, whatever the other threads do
            mode = local.mode = None
        if event == "return" and frame.f_code is bootstrap_code and getattr(local, "mark", None) is not None:
            ended.append(None)
        if mode is None and "torch.overrides" in modules:
            local.mode = _torch_mode(modules["torch.overrides"], torch_watch)
        current = watch[0]
        if current is not None:
            current(frame, event, arg)
    return hook


def _torch_mode(overrides, torch_watch):
    """A torch function mode put on the calling thread's stack for good, which passes every call on, to
    ``torch_watch[0]`` while it is set. False when torch has none."""
    base = getattr(overrides, "TorchFunctionMode", None)
    if not isinstance(base, type):
        return False

    class ThreadWatch(base):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            handler = torch_watch[0]
            if handler is None:
                return func(*args, **(kwargs or {}))
            return handler(func, args, kwargs or {})
    mode = ThreadWatch()
    mode.__enter__()
    return mode


def _other_threads(import_module):
    """The idents of the threads that run now, the calling one aside."""
    threading = import_module("threading")
    me = threading.get_ident()
    return [t.ident for t in threading.enumerate() if t.ident is not None and t.ident != me]


def _profile_other_threads(hook, import_module):
    """Python 3.12's ``threading.setprofile_all_threads`` for 3.11: ``hook`` becomes the profile function of
    every thread of the interpreter but the calling one, through the C function sys.setprofile itself calls
    (``_PyEval_SetProfile``) with the trampoline it sets. The trampoline is read from this thread's own state
    after ``sys.setprofile`` of a function of its own: the word that holds that function is the profile object, two words before it the
    profile function, between them the trace function; each is checked against a second reading with no
    profile function set. Returns how many threads it reached, or None where it cannot (then the watch treats
    those threads as out of its reach)."""
    sys = _sys
    setprofile_all = getattr(import_module("threading"), "setprofile_all_threads", None)
    if setprofile_all is not None:   # Python 3.12 and later
        current = sys.getprofile()
        setprofile_all(hook)
        sys.setprofile(current)
        return len(_other_threads(import_module))
    try:
        ctypes = import_module("ctypes")
    except ImportError:
        return None
    api, word = ctypes.pythonapi, ctypes.c_void_p
    api.PyThreadState_Get.restype = word
    api.PyInterpreterState_Get.restype = word
    api.PyInterpreterState_ThreadHead.restype = word
    api.PyInterpreterState_ThreadHead.argtypes = [word]
    api.PyThreadState_Next.restype = word
    api.PyThreadState_Next.argtypes = [word]
    api._PyEval_SetProfile.argtypes = [word, word, ctypes.py_object]
    api._PyEval_SetProfile.restype = ctypes.c_int
    me = api.PyThreadState_Get()
    words = (word * 48).from_address(me)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return None

    def probe(frame, event, arg):   # this thread's, for the reading: the hook marks a thread it runs in
        return None
    sys.setprofile(probe)
    try:
        at = [i for i in range(2, 48) if words[i] == id(probe)]
        trampoline = words[at[0] - 2] if len(at) == 1 else None
        traced = words[at[0] - 1] if len(at) == 1 else 1
    finally:
        sys.setprofile(None)
    if not trampoline or traced or words[at[0]] or words[at[0] - 2]:
        return None
    reached = 0
    state = api.PyInterpreterState_ThreadHead(api.PyInterpreterState_Get())
    while state:
        if state != me:
            if api._PyEval_SetProfile(state, trampoline, hook) != 0:
                return None
            reached += 1
        state = api.PyThreadState_Next(state)
    return reached


def _processes(import_module):
    """The process ids /proc lists now (in the sandbox: every process of the kernel's PID namespace)."""
    try:
        return frozenset(int(n) for n in import_module("os").listdir("/proc") if n.isdigit())
    except OSError:
        return frozenset()


def _children(import_module):
    """The process ids of the kernel's children now (each task's ``children`` file under /proc/self)."""
    os = import_module("os")
    out = set()
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return frozenset()
    for task in tasks:
        try:
            with open("/proc/self/task/" + task + "/children", encoding="ascii") as f:
                out.update(int(pid) for pid in f.read().split())
        except (OSError, ValueError):
            continue
    return frozenset(out)


def _package_root(import_module):
    """The folder of the workbook package the kernel imports (an editable install's too): installed code, as
    the libraries' is (a student's cell cannot write there)."""
    spec = import_module("importlib.util").find_spec("workbook")
    origin = getattr(spec, "origin", None) if spec is not None else None
    if type(origin) is not str:
        return set()
    path = import_module("os.path")
    return {path.dirname(path.abspath(origin)) + path.sep}


def _make_hook(key, door_code, globals_, globals_record, builtins_, builtins_record, getframe, hmac_digest,
               sha256, str_, bytes_, list_, tuple_, len_, watched, function_, watching_code=None, profile_code=None,
               bootstrap_code=None, threading_dict=None, spawn_events=frozenset(), spawned=None):
    """The audit hook: only closure variables and locals, no global or
    builtin name (the guard's globals and builtins can be reached from its
    functions; this closure only through the hook, which nothing holds but
    the interpreter)."""
    state = [key]
    events = []
    join, encode, append, tohex = bytes_.join, str_.encode, list_.append, bytes_.hex

    def unchanged(current, record):
        if len_(current) != len_(record):
            return False
        for k in record:
            if current.get(k, record) is not record[k]:
                return False
        return True

    def ratchet(what):
        if what not in events:
            append(events, what)
        if len_(events) == 1 and state[0] is key:
            state[0] = sha256(b"workbook tampered\0" + key).digest()

    def hook(event, args):
        if type(event) is not str_:
            return
        if event == ATTEST_EVENT:
            f = getframe(1)
            if not (f.f_code is door_code and f.f_globals is globals_ and unchanged(globals_, globals_record)
                    and unchanged(builtins_, builtins_record)):
                # signed still, but with the spoilt key: the judge learns that, and nothing else it can trust
                ratchet("the grader's runtime in the kernel was changed or called by other code")
            if type(args) is not tuple_ or len_(args) != 5:
                return
            nonce, request, facts, reply, out = args
            if type(nonce) is not str_ or type(request) is not str_ or type(facts) is not str_ or \
                    type(reply) is not str_ or type(out) is not list_:
                return
            seen = "\x1e".join(events)
            message = join(b"\0", [encode(nonce), encode(request), encode(facts), encode(reply), encode(seen)])
            append(out, tohex(hmac_digest(state[0], message, "sha256")))
            append(out, seen)
        elif event == "object.__setattr__":
            # the guard's own functions rewritten (their code, defaults): what they compute is no longer theirs
            target = args[0] if type(args) is tuple_ and len_(args) == 3 else None
            if type(target) is function_ and target.__globals__ is globals_:
                ratchet("the grader's runtime in the kernel was changed or called by other code")
        elif event in spawn_events:   # a process started from the kernel: the watch of an answer reports it
            if spawned is not None:
                append(spawned, event)
        elif event in watched:
            if event == "sys.setprofile" and watching_code is not None:
                frame = getframe(1)
                caller = frame.f_code
                if caller is watching_code:
                    return   # the judge's own watch of an answer's calls (watch._watching), set and unset there
                # inside such a watched call, on this thread (CPython unsetting the watch's profile function that
                # raised: the time limit's interrupt, a recursion at the limit; or the answer's own call): that
                # call's matter, whose end puts no profile function back and reports the loss (LOST_WATCH)
                depth = 0
                while depth < 4000:
                    frame = frame.f_back
                    if frame is None:
                        break
                    if frame.f_code is watching_code:
                        return
                    depth += 1
                hook_now = threading_dict.get("_profile_hook") if threading_dict is not None else None
                if caller is bootstrap_code and profile_code is not None and \
                        getattr_code(hook_now) is profile_code:
                    return   # a thread started through threading since install, under the guard's thread hook
            if event == "open":
                path = args[0] if type(args) is tuple_ and len_(args) else None
                if type(path) is bytes_:
                    path = path.decode("utf-8", "replace")
                if type(path) is not str_ or not (path.endswith("/mem") and path.startswith("/proc/")):
                    return
                event = "open of /proc/.../mem"
            ratchet(event)

    def getattr_code(fn):
        return fn.__code__ if type(fn) is function_ else None

    ATTEST_EVENT = ATTEST
    type = getframe.__class__.__class__   # the builtin `type`, without a builtin lookup
    return hook


# ------------------------------------------------------------------ the record
def _machinery():
    """IPython's execution machinery and the kernel's message handling, now:
    name -> identity (or a tuple of identities)."""
    shell = _shell
    out = {}
    cls = type(shell)
    own = _vars(shell)
    traits = own.get("_trait_values") or {}
    out["shell type"] = cls
    for k in SHELL_METHODS:
        out["shell." + k] = own.get(k, cls.__dict__.get(k, getattr(cls, k, None)))
    for k in SHELL_OBJECTS:
        out["shell." + k] = traits.get(k, own.get(k))
    for k in SHELL_LISTS:
        out["shell." + k + "[]"] = tuple(traits.get(k, own.get(k)) or ())
    manager = traits.get("input_transformer_manager", own.get("input_transformer_manager"))
    mine = _vars(manager) if manager is not None else {}
    for k in MANAGER_LISTS:
        out["input_transformer_manager." + k + "[]"] = tuple(mine.get(k) or ())
    events = traits.get("events", own.get("events"))
    for name, callbacks in sorted(((_vars(events).get("callbacks") if events is not None else None) or {}).items()):
        out["events[" + name + "]"] = tuple(c for c in callbacks if not _library_callback(c))
    ns = own.get("_user_ns", traits.get("_user_ns")) or {}
    out["user_ns['__builtins__']"] = ns.get("__builtins__")
    out["user_ns['__import__']"] = ns.get("__import__")
    kernel = traits.get("kernel", own.get("kernel"))
    if kernel is not None:
        kcls, kown = type(kernel), _vars(kernel)
        ktraits = kown.get("_trait_values") or {}
        out["kernel type"] = kcls
        for k in KERNEL_METHODS:
            out["kernel." + k] = kown.get(k, getattr(kcls, k, None))
        handlers = kown.get("shell_handlers", ktraits.get("shell_handlers")) or {}
        for k, h in sorted(handlers.items()):
            out["kernel.shell_handlers[" + str(k) + "]"] = (getattr(h, "__func__", h), getattr(h, "__self__", None))
        session = ktraits.get("session", kown.get("session"))
        scls, sown = type(session), _vars(session) if session is not None else {}
        straits = sown.get("_trait_values") or {}
        out["session type"] = scls
        for k in SESSION_METHODS:
            out["session." + k] = sown.get(k, getattr(scls, k, None))
        for k in SESSION_OBJECTS:
            out["session." + k] = straits.get(k, sown.get(k))
    return out


def _vars(obj):
    try:
        return vars(obj)
    except TypeError:
        return {}


def _library_callback(c):
    """A callback a library registers on IPython's events as it is imported
    (LIBRARY_CALLBACKS): the very function object of its module, or a
    method of its class."""
    func = getattr(c, "__func__", c)
    for module, name in LIBRARY_CALLBACKS:
        mod = _modules.get(module)
        if mod is None:
            continue
        owner, _, attr = name.rpartition(".")
        found = mod.__dict__.get(attr) if not owner else getattr(mod.__dict__.get(owner), "__dict__", {}).get(attr)
        if found is not None and func is found:
            return True
    return False


def _snapshot():
    """The record: copies of what the facts are compared with."""
    sys = _sys
    return {
        "builtins": {k: v for k, v in _builtins_dict.items() if k not in VOLATILE_BUILTINS},
        "sys": {k: sys.__dict__.get(k) for k in SYS_NAMES},
        "meta_path": tuple(sys.meta_path), "path_hooks": tuple(sys.path_hooks),
        "hooks": (_threading.__dict__.get("_trace_hook"), _threading.__dict__.get("_profile_hook")),
        "modules": {name: (_modules[name], dict(_modules[name].__dict__) if name in WATCHED_ENTRIES else {})
                    for name in WATCHED_MODULES if name in _modules},
        "machinery": _machinery(),
    }


def _changed(current: dict, record: dict, prefix: str, out: list) -> None:
    # every entry still the very object recorded: compared in C (two facts per request, a few hundred entries)
    if all(map(_is, map(current.get, record, _repeat(_ABSENT)), record.values())):
        return
    for k, v in record.items():
        now = current.get(k, _ABSENT)
        if now is not v:
            out.append(("removed" if now is _ABSENT else "replaced") + _SEP + prefix + str(k))


def _same(a, b) -> bool:
    if type(a) is tuple and type(b) is tuple:
        return len(a) == len(b) and all(x is y for x, y in zip(a, b))
    return a is b


def _meta_path_kept(now, record) -> bool:
    """Every finder of the record still there, in its order; a finder added only by an installed library's
    code (six, dask, mlflow add one when imported): its class's find_spec is a function of a file under the
    interpreter's own or site-packages folders (a finder the student's cell defines has its cell's name)."""
    at = 0
    for f in now:
        if at < len(record) and f is record[at]:
            at += 1
            continue
        cls = f if isinstance(f, type) else type(f)
        fn = cls.__dict__.get("find_spec") or cls.__dict__.get("find_module") or getattr(cls, "find_spec", None)
        code = getattr(getattr(fn, "__func__", fn), "__code__", None)
        if code is None or type(code.co_filename) is not str or not code.co_filename.startswith(_library_roots):
            return False
    return at == len(record)


class _Absent:
    pass


_SEP = "\x1f"   # between a fact's kind and its subject (checks.facts.SEP)


_ABSENT = _Absent()


def _facts():
    """What differs from the record now, each a kind and its subject (``checks.facts`` on the judge's side
    makes them messages), sorted, each once."""
    sys, record, out = _sys, _record, []
    _changed(_builtins_dict, record["builtins"], "builtins.", out)
    _changed(sys.__dict__, record["sys"], "sys.", out)
    if not _meta_path_kept(tuple(sys.meta_path), record["meta_path"]):
        out.append("meta_path")
    if not _same(tuple(sys.path_hooks), record["path_hooks"]):
        out.append("path_hooks")
    if _gettrace() is not None:
        out.append("trace")
    if _getprofile() is not None:
        out.append("profile")
    if not _same((_threading.__dict__.get("_trace_hook"), _threading.__dict__.get("_profile_hook")),
                 record["hooks"]):
        out.append("thread_hooks")
    for name, (mod, entries) in record["modules"].items():
        if _modules.get(name) is not mod:
            out.append("module" + _SEP + repr(name))
        _changed(mod.__dict__, entries, name + ".", out)
    now = _machinery()
    for k, v in record["machinery"].items():
        if not _same(now.get(k, _ABSENT), v):
            out.append(_describe(k))
    for k in now:
        if k not in record["machinery"] and now[k]:
            out.append(_describe(k))
    return sorted({f.replace("\n", " ") for f in out})


def _describe(key):
    """A change of IPython's machinery, as a kind and its subject."""
    if key == "user_ns['__import__']":
        return "ns_import"
    if key == "user_ns['__builtins__']":
        return "ns_builtins"
    if key.startswith(("shell.input_transformers", "input_transformer_manager")):
        return "input_transformers" + _SEP + key.rstrip("[]")
    if key == "shell.ast_transformers[]":
        return "ast_transformers"
    if key.startswith("events["):
        return "event" + _SEP + key[7:-1]
    return "machinery" + _SEP + key.replace("[]", "")


# ------------------------------------------------------------------ the door
def _serve(request):
    """The kernel side, run afresh from the code compiled at install, into
    new module objects, with the private builtins."""
    sys = _sys
    pkg = _package
    package = _module_type(pkg)
    package.__path__ = []
    names = [pkg] + [pkg + "." + name for name, _ in _code]
    saved = {k: sys.modules.get(k) for k in names}
    sys.modules[pkg] = package
    try:
        for name, c in _code:
            m = _module_type(pkg + "." + name)
            m.__package__ = pkg
            m.__file__ = "<workbook judge: " + name + ">"
            m.__dict__["__builtins__"] = __builtins__
            m.__dict__["__workbook_state__"] = _STATE
            m.__dict__["__workbook_builtins__"] = __builtins__
            m.__dict__["__workbook_roots__"] = _library_roots
            sys.modules[m.__name__] = m
            exec(c, m.__dict__)
            setattr(package, name, m)
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    return package.kernel.serve(request, _user_ns)


def _door(expressions):
    """IPython's user_expressions, for the judge's requests: the request
    under WB is answered here, with the facts and the hook's signature; any
    other expression goes to IPython's own method."""
    if type(expressions) is not dict or WB not in expressions:
        return _original(expressions)
    try:
        nonce, _, request = expressions[WB].partition("\n")
        facts = _facts()
        reply = _serve(request)
        facts = "\x1e".join(sorted(set(facts) | set(_facts())))
        out = []
        _audit(ATTEST, nonce, request, facts, reply, out)
        mac, seen = (out[0], out[1]) if len(out) == 2 else ("", "")
        return {WB: {"status": "ok", "data": {"text/plain": mac + "\n" + seen + "\n" + facts + "\n" + reply},
                     "metadata": {}}}
    except BaseException as e:  # noqa: BLE001 -- an interrupt (the judge's time limit), or worse
        return {WB: {"status": "error", "ename": type(e).__name__, "evalue": _exc_text(e), "traceback": []}}
