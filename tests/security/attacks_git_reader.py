"""Named attacks on 06_git's repository reader (workbook/checks/gitstate.py),
for the security suite (``test_attacks.py`` grades them with the class).

After every answer the judge reads the repository with git, in a fresh jail.
A student who reads the reader's source leaves a repository whose
configuration names a program for that git to start: a partial clone's
promisor remote (the lazy fetch of a missing object runs the remote's
upload-pack, its ssh command, an ext:: URL), an include that brings in more
settings, a worktree configuration, or a working tree dressed as a bare
repository for git to find when .git is broken. The program, if it ever
ran, would print "DO" "NE" into the reader's own stderr (which a failed read
shows in the student's feedback) and kill the reader. The defence
(gitstate.refused_config, GIT_ENV, GIT_DIR given): the reader reads the
configuration as data first and refuses the repository, with a message
saying why; no git of the reader ever starts the program.

``answers`` maps a grade_id to the command string the judge runs in its jail
(``attacks.git_answers`` turns them into answer cells); ``refused`` maps a
test's grade_id to the message its output must show: the 0 is the
defence's, not a mistake in the attack.
"""
from __future__ import annotations

# the program: finds the reader among the jail's processes, writes into its stderr and kills it
PROGRAM = r"""mkdir -p "$HOME" && cat > "$HOME/reader.sh" <<'EOS'
#!/bin/sh
for p in /proc/[0-9]*; do
  case "$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)" in
    *gitstate.py*) echo "DO""NE: the reader ran the repository's program as $(id -u)" > "$p/fd/2"
                   kill -9 "${p#/proc/}" ;;
  esac
done
exit 1
EOS
chmod +x "$HOME/reader.sh"
"""

MISSING = "git update-index --add --cacheinfo 100644,1111111111111111111111111111111111111111,missing.txt\n"

# the attack: a partial clone whose promisor remote's upload-pack is the program
PROMISOR = PROGRAM + r"""git config core.repositoryformatversion 1
git config extensions.partialclone origin
git config remote.origin.url "$PWD"
git config remote.origin.promisor true
git config remote.origin.uploadpack "$HOME/reader.sh"
""" + MISSING

# the same fetch through ssh (core.sshCommand) and through an ext:: URL a rewrite rule makes
PROMISOR_SSH = PROGRAM + r"""git config core.repositoryformatversion 1
git config extensions.partialclone origin
git config remote.origin.url ssh://example.invalid/daon-churn.git
git config remote.origin.promisor true
git config core.sshCommand "$HOME/reader.sh"
git config url."ext::$HOME/reader.sh %S".insteadOf gh:
git config remote.gh.url gh:daon-churn
git config remote.gh.promisor true
git config protocol.ext.allow always
""" + MISSING

# settings brought in by an include, an includeIf and a worktree configuration the reader's check might miss
INCLUDED = PROGRAM + r"""printf '[core]\n\tfsmonitor = %s\n[remote "origin"]\n\tpromisor = true\n\tuploadpack = %s\n' \
    "$HOME/reader.sh" "$HOME/reader.sh" > "$HOME/more.cfg"
git config include.path "$HOME/more.cfg"
git config "includeIf.gitdir:$PWD/.path" "$HOME/more.cfg"
git config core.repositoryformatversion 1
git config extensions.partialclone origin
git config remote.origin.url "$PWD"
""" + MISSING

WORKTREE_CONFIG = PROGRAM + r"""git config extensions.worktreeConfig true
printf '[core]\n\tfsmonitor = %s\n[extensions]\n\tpartialclone = origin\n[remote "origin"]\n\turl = %s\n\tpromisor = true\n\tuploadpack = %s\n' \
    "$HOME/reader.sh" "$PWD" "$HOME/reader.sh" > .git/config.worktree
git config core.repositoryformatversion 1
""" + MISSING

# .git broken (no HEAD); the working tree dressed as a bare repository with a promisor remote and a ref to an
# object it lacks: git looking for a repository from the working tree takes the working tree itself
BARE_DISGUISE = PROGRAM + r"""git init -q --bare "$HOME/bare"
cp -r "$HOME/bare/HEAD" "$HOME/bare/objects" "$HOME/bare/refs" .
printf '[core]\n\trepositoryformatversion = 1\n\tbare = true\n[extensions]\n\tpartialclone = origin\n[remote "origin"]\n\turl = %s\n\tpromisor = true\n\tuploadpack = %s\n' \
    "$PWD" "$HOME/reader.sh" > config
echo 1111111111111111111111111111111111111111 > refs/heads/main
rm -f .git/HEAD
"""

# the remote (scenario release) is the answer's too: the tag pushed as asked, then the remote's configuration
REMOTE = PROGRAM + r"""git tag -a v1.0.0 -m "Churn model v1.0.0" "$(cat mlruns/1/8c2f6d0e4b7a41f0/tags/mlflow.source.git.commit)"
git push -q origin v1.0.0
r=../github/daon-churn.git
git --git-dir=$r config core.repositoryformatversion 1
git --git-dir=$r config extensions.partialclone origin
git --git-dir=$r config remote.origin.url "$PWD"
git --git-dir=$r config remote.origin.promisor true
git --git-dir=$r config remote.origin.uploadpack "$HOME/reader.sh"
git --git-dir=$r config core.fsmonitor "$HOME/reader.sh"
"""

REFUSED = r"configuration names a program for git to start"
NOT_A_REPOSITORY = r"could not be read|is broken|does not read this folder"

ATTACKS = {
    "06_git": {
        "git_reader_promisor": dict(
            answers={"q2_stage": PROMISOR, "q12_pickaxe": PROMISOR, "q13_origin": PROMISOR_SSH},
            refused={"test_q2_stage": REFUSED, "test_q12_pickaxe": REFUSED, "test_q13_origin": REFUSED},
            doc="A promisor remote (extensions.partialClone, remote.*.promisor) whose upload-pack, ssh command or "
                "ext:: URL is the program, and an object the index names that nobody has: the lazy fetch of the "
                "reader's rev-list/cat-file ran it before. Refused as data (gitstate.refused_config); "
                "GIT_NO_LAZY_FETCH and an empty GIT_ALLOW_PROTOCOL stop the fetch besides."),
        "git_reader_included": dict(
            answers={"q5_merge": INCLUDED, "q14_blame": WORKTREE_CONFIG, "q10_bisect": BARE_DISGUISE},
            refused={"test_q5_merge": REFUSED, "test_q14_blame": REFUSED, "test_q10_bisect": NOT_A_REPOSITORY},
            doc="The settings where a check of .git/config alone would not look: include.path and includeIf "
                "(refused whatever they include), config.worktree (read as data too), and a broken .git with "
                "the working tree dressed as a bare repository (the reader names the git folder: GIT_DIR)."),
        "git_reader_remote": dict(
            answers={"q15_release": REMOTE},
            refused={"test_q15_release": r"the remote's configuration names a program"},
            doc="The bare remote's configuration names the program: its read (refs and HEAD) is refused the "
                "same way, and the check says so (the tag pushed as asked earns nothing then)."),
    },
}
