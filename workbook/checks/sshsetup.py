"""What OpenSSH makes of a key pair and a config file that a shell answer left (01's ssh question).

Nothing connects anywhere. The student's command runs as every shell answer does (``shell.run``: a
fresh copy of the server folder, jailed when graded). The grader then reads what it left: the
permission bits of the folder and of the private key (``lstat``, by the grader, never a ``stat`` the
command printed), and, in a second fresh jail that holds only copies of the three files, what OpenSSH
itself says of them: ``ssh -G -F config HOST`` (the options ssh would use for HOST, resolved, without
connecting), ``ssh-keygen -l -f`` on the public key (its type and comment) and ``ssh-keygen -y -P ''``
on the private key (it opens without a passphrase, and gives the public key that sits beside it).
The config is read as data first: ``ssh -G`` runs the command of a ``Match exec`` and reads the files an
``Include`` names (the public key's copy too, found by a glob), so a config with either is refused with
its line (``refused_line``), in the judge as in a notebook's own run, and ssh never reads it.
These are facts for the test cell to compare; this module decides no verdict."""
from __future__ import annotations

import dataclasses
import re
import secrets
import shlex

from ..messages import msg
from .command import decode, jailed, remove_later, scratch, spawn
from .shell import run

OPTIONS = ("hostname", "user", "port", "identityfile", "serveraliveinterval", "localforward")
#: the options a config may give several times: ``ssh_facts`` keeps all their values, in order
REPEATED = ("identityfile", "localforward")


@dataclasses.dataclass(frozen=True)
class Forward:
    """One ``LocalForward`` as ``ssh -G`` prints it: ``[BIND]:PORT`` or ``PORT``, a space, then
    ``[HOST]:HOSTPORT`` (``LocalForward 6006 localhost:6006`` prints ``6006 [localhost]:6006``)."""
    bind: str | None
    port: str
    host: str
    host_port: str

    @classmethod
    def parse(cls, value: str) -> Forward:
        listen, _, target = value.partition(" ")
        bind, _, port = listen.rpartition(":")
        host, _, host_port = target.rpartition(":")
        return cls(bind.strip("[]") or None, port, host.strip("[]"), host_port)


def local_forwards(options: dict) -> list[Forward]:
    """The LocalForwards of one host's ``ssh_facts`` options."""
    return [Forward.parse(value) for value in options.get("localforward", [])]
TIMEOUT = 10.0
# a config word as OpenSSH's readconf splits a line (on spaces, tabs, CR and "="; a NUL ends the line), quotes
# dropped: more than ssh would read as one word is refused, never less
_WORD = re.compile(rb'[^ \t\r\n=]+')


def refused_line(config: bytes):
    """What makes ``ssh -G`` run a program or read another file, as a message naming its line (``line N``,
    ssh's own way), or None: a ``Match`` line with an ``exec`` criterion (negated or not), an ``Include``."""
    for number, line in enumerate(config.split(b"\n"), 1):
        words = [w.replace(b'"', b"").lower() for w in _WORD.findall(line.split(b"\0", 1)[0])]
        words = [w for w in words if w]
        if words[:1] == [b"include"]:
            return msg("line {number}: Include reads another file, which these checks do not read", number=number)
        if words[:1] == [b"match"] and any(w.lstrip(b"!") == b"exec" for w in words[1:]):
            return msg("line {number}: Match exec runs a program, which these checks do not run", number=number)
    return None


def _blob(public: str) -> str:
    """The type and base64 of a public key line, without its comment."""
    return " ".join(public.split()[:2])


def ssh_facts(command: str, folder: str, key: str, hosts: tuple[str, ...], seed: int = 0,
              setup: str | None = None, twice: bool = False) -> dict:
    """Run ``command`` in a fresh server folder and report what it left in ``folder``: its mode and
    the private key's (None when missing), the key's type, comment and whether it opens without a
    passphrase, and the options ``ssh -G`` resolves for each of ``hosts`` from ``folder/config``.
    ``twice=True`` runs the command a second time in the same folder, as a setup command is run
    again (each run a bash of its own, stdin empty: ssh-keygen's "Overwrite (y/n)?" reads no answer
    and keeps the old key); ``first_public`` is then the public key the first run left (its copy
    is kept under a name the command cannot know in advance), the other facts are the second
    run's."""
    folder = folder.rstrip("/")
    first_copy = None
    if twice:
        mark = ".daon-first-" + secrets.token_hex(6)
        pub = shlex.quote(f"{folder}/{key}.pub")
        text = f"bash ./{mark}.sh\nmkdir {mark} && cp -- {pub} {mark}/ 2>/dev/null\nbash ./{mark}.sh"
        res = run(text, seed, setup=setup, script=command, script_name=f"{mark}.sh")
        first_copy = res.files.get(f"{mark}/{key}.pub")
        for name in [n for n in res.files if n.startswith(mark)]:
            res.files.pop(name)
    else:
        res = run(command, seed, setup=setup)
    paths = {"key": f"{folder}/{key}", "pub": f"{folder}/{key}.pub", "config": f"{folder}/config"}
    data = {name: res.files.get(path) for name, path in paths.items()}
    facts: dict = {
        "exit_code": res.code, "stderr": res.stderr.strip()[:300],
        "folder_mode": (res.meta.get(folder + "/") or (None,))[0],
        "key_mode": (res.meta.get(paths["key"]) or (None,))[0],
        "missing": [path for name, path in paths.items() if not isinstance(data[name], bytes)],
        "type": None, "comment": None, "no_passphrase": False, "pair": False, "public": None,
        "options": {}, "config_error": None,
        "first_public": _blob(first_copy.decode("utf-8", "replace")) if isinstance(first_copy, bytes) else None,
    }
    tmp = scratch("daon-ssh-")
    try:
        env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C", "HOME": str(tmp)}

        def ask(*argv: str) -> tuple[str, str, int | None]:
            out, err, code = spawn(jailed(list(argv), writable=[str(tmp)]), tmp, env, TIMEOUT)
            return decode(out), decode(err), code

        for name in ("key", "pub", "config"):
            if isinstance(data[name], bytes):
                (tmp / name).write_bytes(data[name])
                (tmp / name).chmod(0o600)
        if isinstance(data["pub"], bytes):
            out, _, code = ask("ssh-keygen", "-l", "-f", "pub")
            found = re.match(r"\d+ \S+ (.*?) ?\((\w+)\)\s*$", out.strip()) if code == 0 else None
            if found:
                facts["comment"], facts["type"] = found.group(1), found.group(2)
            facts["public"] = _blob(data["pub"].decode("utf-8", "replace"))
        if isinstance(data["key"], bytes):
            out, _, code = ask("ssh-keygen", "-y", "-P", "", "-f", "key")
            facts["no_passphrase"] = code == 0
            facts["pair"] = code == 0 and facts["public"] is not None and _blob(out) == facts["public"]
        refused = refused_line(data["config"]) if isinstance(data["config"], bytes) else None
        if refused is not None:
            facts["config_error"] = refused
        elif isinstance(data["config"], bytes):
            for host in hosts:
                out, err, code = ask("ssh", "-G", "-F", "config", host)
                if code != 0:
                    facts["config_error"] = err.strip().splitlines()[0][:200] if err.strip() else str(code)
                    break
                options: dict[str, list[str]] = {}
                for line in out.splitlines():
                    name, _, value = line.partition(" ")
                    if name in OPTIONS:
                        options.setdefault(name, []).append(value)
                facts["options"][host] = {name: values if name in REPEATED else values[0]
                                          for name, values in options.items()}
    finally:
        remove_later(tmp)
    return facts
