"""The exercises of 01_shell, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook.
The wrong answers are the mistakes people really make on a server: `uniq`
without `sort`, a grep that also matches byte counts such as 5023, `mv`
instead of `cp`, `>` instead of `>>`, an unexported variable, an unquoted
"$1", `;` instead of `&&`, `2>&1` before `>`, `cut -d' '` on space-padded columns, a
stray `&`, a quote or a `fi` left out (bash's syntax error), and hard-coded outputs
of the visible server. A wrong answer made with ``bad(requirement, ...)`` breaks
exactly that requirement of its question (the ``requirements=`` of its
@exercise); the others are plain strings."""


def cmd(name: str, command: str) -> str:
    return f"{name} = {command!r}"


def bad(violates: str, name: str, command: str) -> dict:
    """A wrong answer that breaks the requirement ``violates`` of its question."""
    return {"violates": violates, "code": cmd(name, command)}


def bad_script(violates: str, script: str) -> dict:
    return {"violates": violates, "code": f"q13_count_script = r{script!r}"}



NIGHTLY_PIPE = "jq -r 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -nr"


def nightly(sets: str = "set -euo pipefail", trap: str = "trap 'rm -rf \"$work\"' EXIT",
            build: str = 'gzip -dc "$1" | ' + NIGHTLY_PIPE + ' > "$work/report.txt"',
            move: str = 'mv "$work/report.txt" "logs/predict-status-$REPORT_DATE.txt"', end: str = "",
            make: str = "work=$(mktemp -d)") -> str:
    """A nightly_report.sh like the solution's, one part changed."""
    return "q23_nightly_script = " + repr("\n".join(["#!/bin/bash", sets, make, trap, build, move, end]) + "\n")


def ssh_setup(keygen: str = "ssh-keygen -q -t ed25519 -N '' -C 'minji@daon-laptop' -f laptop/.ssh/id_gpu",
              folder: str = "mkdir -p laptop/.ssh && chmod 700 laptop/.ssh",
              clear: str = "rm -f laptop/.ssh/id_gpu laptop/.ssh/id_gpu.pub",
              config: str = "Host gpu\n    HostName gpu-01.daon.internal\n    User minji\n    Port 2222\n"
                            "    IdentityFile ~/.ssh/id_gpu\n    LocalForward 6006 localhost:6006\n\nHost *\n"
                            "    User deploy\n    Port 22\n    ServerAliveInterval 60\n", after: str = "") -> str:
    """A q24 answer like the solution's, one part changed."""
    text = f"{folder}\n" + (f"{clear}\n" if clear else "") + f"{keygen}\ncat > laptop/.ssh/config <<'EOF'\n{config}EOF" + (f"\n{after}" if after else "")
    return cmd("q24_ssh_setup", text)


def bad_code(violates: str, code: str) -> dict:
    return {"violates": violates, "code": code}


EXERCISES = {
    "q1_backup": {
        "domain": {'inputs': 'the server folder: monthly exports January to April and a duplicate download with a '
                   'space',
         'data': {'stated': 'server-files', 'cases': ['csv-traps']}},
        "hints": [
            "Two steps: make the folder, then copy into it. Run `ls data/orders` in a %%bash cell to see every "
            "file name exactly.",
            "A glob with a character set such as `[1-3]` matches exactly one of those characters; test your "
            "glob with `ls` first and check that it lists three files.",
            "Use `cp`, not `mv` (the originals must stay), and make sure the second download `orders 2026-02 "
            "(1).csv` (a space, not an underscore) does not match your glob.",
        ],
        "alternatives": [
            cmd("q1_backup", "mkdir -p backup; cp data/orders/orders_2026-01.csv data/orders/orders_2026-02.csv "
                             "data/orders/orders_2026-03.csv backup"),
            cmd("q1_backup", "mkdir backup && cd data/orders && cp orders_2026-0[123].csv ../../backup/"),
            cmd("q1_backup", "mkdir backup\nfor m in 01 02 03; do cp \"data/orders/orders_2026-$m.csv\" backup/; done"),
        ],
        "wrong": [
            # moves instead of copying: the originals are gone
            bad("copy-not-move", "q1_backup", "mkdir backup && mv data/orders/orders_2026-0[1-3].csv backup/"),
            # a glob that also catches the duplicate download "orders 2026-02 (1).csv"
            bad("not-duplicate", "q1_backup", "mkdir backup && cp data/orders/*2026-0[1-3]*.csv backup/"),
            # every month, April included
            bad("not-april", "q1_backup", "mkdir backup && cp data/orders/orders_*.csv backup/"),
            # only January and February
            bad("three-months", "q1_backup", "mkdir backup && cp data/orders/orders_2026-0[12].csv backup/"),
            # the copies renamed after their month
            bad("keep-names", "q1_backup",
                "mkdir backup && for m in 01 02 03; do cp data/orders/orders_2026-$m.csv backup/$m.csv; done"),
            # cp -v tells what it copies: the command prints
            bad("prints-nothing", "q1_backup", "mkdir backup && cp -v data/orders/orders_2026-0[1-3].csv backup/"),
            # the folder inside data/, not at the top
            bad("new-folder", "q1_backup", "mkdir data/backup && cp data/orders/orders_2026-0[1-3].csv data/backup/"),
        ],
        "equivalent": [
            {
                "diff": "- q1_backup = r\"mkdir backup && cp data/orders/orders_2026-0[1-3].csv backup/\"\n"
                        "+ q1_backup = r\"mkdir -p backup && cp data/orders/orders_2026-0[1-3].csv backup/\"",
                "reason": "the question says backup does not exist yet: mkdir and mkdir -p then both just "
                          "create it",
            },
        ],
    },
    "q2_recent_errors": {
        "equivalent": [
            {"diff": "- q2_recent_errors = r\"grep -vE '^\\[[^]]*\\] \\[[a-z_]+:notice\\]' logs/error.log | tail -n 5\"\n"
                     "+ q2_recent_errors = r\"grep -i -vE '^\\[[^]]*\\] \\[[a-z_]+:notice\\]' logs/error.log | tail -n 5\"",
             "reason": "Apache writes the level in lowercase: anchored to the level field, the pattern never meets a "
                       "capital letter there, so ignoring case changes nothing (a message's [core:NOTICE] is not at "
                       "the start of the line)"},
        ],
        "domain": {'inputs': 'the error log, and the same log with an error echoing [core:NOTICE], one echoing '
                   '[core:notice] and a restart appended',
         'data': {'stated': 'server',
                  'cases': ['error-notice-in-message',
                            'error-warning-in-last-five',
                            'error-ends-with-notices',
                            'error-notice-modules']}},
        "hints": [
            "Two steps joined by a pipe: remove the notice lines, then keep the last five of what remains.",
            "`grep -v PATTERN` keeps the lines that do not match. Which pattern identifies a notice-level line "
            "and nothing else? Look at the second bracket, e.g. `[core:notice]`.",
            "One error message contains the path /notice/spring-sale.html, so the bare word notice is too "
            "broad, and a message may even quote a bracket such as `[core:notice]`: anchor the pattern to the "
            "level field, `^` then the date bracket `\\[[^]]*\\]`, a space, then `\\[[a-z_]+:notice\\]` (with "
            "`grep -E`). Filter before `tail -n 5`, not after.",
        ],
        "alternatives": [
            cmd("q2_recent_errors", "grep -v '^\\[[^]]*\\] \\[[a-z_]*:notice\\]' logs/error.log | tail -5"),
            cmd("q2_recent_errors", "awk '$6 !~ /:notice\\]$/' logs/error.log | tail -n 5"),
        ],
        "wrong": [
            # ":notice]" anywhere in the line: drops an error whose message quotes "[core:notice]"
            bad("notice-in-message", "q2_recent_errors", "grep -v ':notice\\]' logs/error.log | tail -n 5"),
            # the level bracket, but not anchored to the level field: the same mistake
            bad("notice-in-message", "q2_recent_errors", "grep -vE '\\[[a-z_]+:notice\\]' logs/error.log | tail -5"),
            # the date bracket in the pattern but no ^: a message quoting "[pid 1] [core:notice]" still matches
            bad("notice-in-message", "q2_recent_errors", "grep -vE '\\[[^]]*\\] \\[[a-z_]+:notice\\]' logs/error.log | tail -n 5"),
            # also drops the error whose message mentions /notice/spring-sale.html
            bad("notice-in-message", "q2_recent_errors", "grep -v notice logs/error.log | tail -n 5"),
            # the level matched without regard to case: drops an error whose message holds ":NOTICE]"
            bad("notice-in-message", "q2_recent_errors", "grep -vi ':notice]' logs/error.log | tail -n 5"),
            # tail first: the last five lines include notices, and filtering leaves fewer than five
            bad("filter-then-last", "q2_recent_errors", "tail -n 5 logs/error.log | grep -v '^\\[[^]]*\\] \\[[a-z_]*:notice\\]'"),
            # only the [error] level: drops the warnings
            bad("every-other-level", "q2_recent_errors", "grep ':error]' logs/error.log | tail -n 5"),
            # no filter at all: the notice lines at the end of the log
            bad("not-notice-level", "q2_recent_errors", "tail -n 5 logs/error.log"),
            # only the notices of one module left out: [core:notice] lines stay (issue 56)
            bad("not-notice-level", "q2_recent_errors", "grep -v 'mpm_event:notice' logs/error.log | tail -n 5"),
            # one line too many
            bad("last-five", "q2_recent_errors", "grep -v '^\\[[^]]*\\] \\[[a-z_]*:notice\\]' logs/error.log | tail -n 6"),
        ],
    },
    "q3_count_5xx": {
        "domain": {'inputs': 'the access log; with statuses 500 and 599 appended; without any 5xx',
         'data': {'stated': 'server', 'cases': ['access-5xx', 'access-bytes-start-with-5']}},
        "hints": [
            "`grep -c` counts the matching lines. The hard part is the pattern.",
            "Print a few lines with `head` and look at what surrounds the status code: the request line ends "
            "with a double quote, then a space, the three-digit status, another space.",
            "With `grep -E` you can write `5[0-9]{2}` for three digits starting with 5; put the closing quote "
            "and the spaces around it, and use r\"\"\"...\"\"\" in Python because the pattern contains a "
            "double quote.",
        ],
        "alternatives": [
            cmd("q3_count_5xx", "awk '$9 ~ /^5[0-9][0-9]$/' logs/access.log | wc -l"),
            cmd("q3_count_5xx", "cut -d' ' -f9 logs/access.log | grep -c '^5'"),
            cmd("q3_count_5xx", "grep -Ec 'HTTP/1\\.1\" 5[0-9][0-9] ' logs/access.log"),
        ],
        "wrong": [
            # also matches a 200 whose byte count starts with 5 (" 5023")
            bad("status-field", "q3_count_5xx", "grep -c ' 5[0-9][0-9]' logs/access.log"),
            # 500 itself left out
            bad("from-500", "q3_count_5xx", "awk '$9 > 500 && $9 <= 599' logs/access.log | wc -l"),
            # 599 itself left out
            bad("to-599", "q3_count_5xx", "awk '$9 >= 500 && $9 < 599' logs/access.log | wc -l"),
            # only the status codes that occur in the visible log
            bad("to-599", "q3_count_5xx", "grep -cE '\" 50[0-4] ' logs/access.log"),
            # a label before the number
            bad("just-the-number", "q3_count_5xx", "echo \"5xx: $(grep -cE '\" 5[0-9]{2} ' logs/access.log)\""),
            # a counter never set prints as an empty line when nothing matches (issue 56)
            bad("zero-printed", "q3_count_5xx", "awk -F'\"' '$3 ~ /^ 5[0-9][0-9] / { n++ } END { print n }' logs/access.log"),
            # only status 500, and every line containing 500 anywhere
            cmd("q3_count_5xx", "grep -c 500 logs/access.log"),
            # the visible answer, hard-coded
            cmd("q3_count_5xx", "echo 54"),
            # the closing quote of the pattern is missing: bash cannot read the command
            cmd("q3_count_5xx", "grep -cE '\" 5[0-9]{2} logs/access.log"),
        ],
        "equivalent": [
            {
                "diff": "- q3_count_5xx = r\"\"\"grep -cE '\" 5[0-9]{2} ' logs/access.log\"\"\"\n"
                        "+ q3_count_5xx = r\"\"\"grep -i -cE '\" 5[0-9]{2} ' logs/access.log\"\"\"",
                "reason": "the pattern holds no letter, so ignoring case changes nothing",
            },
        ],
    },
    "q4_top_ips": {
        "domain": {'inputs': 'the access log', 'data': {'stated': 'server', 'cases': ['top-clients-distinct']}},
        "hints": [
            "Follow the status-code example of this section: the same pipeline, with another field.",
            "The client IP is field 1 when splitting on spaces. `uniq -c` only merges adjacent equal lines, so "
            "sort before it.",
            "After `uniq -c`, sort the counts numerically and largest first (`sort -nr`), then keep three "
            "lines with `head -n 3`.",
        ],
        "alternatives": [
            cmd("q4_top_ips", "awk '{print $1}' logs/access.log | sort | uniq -c | sort -rn | head -3"),
            cmd("q4_top_ips", "awk '{ n[$1]++ } END { for (ip in n) print n[ip], ip }' logs/access.log "
                              "| sort -k1,1nr | head -n 3"),
        ],
        "wrong": [
            # uniq without sort: counts only runs of adjacent equal lines
            bad("count-all", "q4_top_ips", "cut -d' ' -f1 logs/access.log | uniq -c | sort -nr | head -n 3"),
            # ascending: the three quietest clients
            bad("most-requests", "q4_top_ips", "cut -d' ' -f1 logs/access.log | sort | uniq -c | sort -n | head -n 3"),
            # the right three, but the busiest last
            bad("most-first", "q4_top_ips", "cut -d' ' -f1 logs/access.log | sort | uniq -c | sort -n | tail -n 3"),
            # head without -n: ten lines
            bad("three", "q4_top_ips", "cut -d' ' -f1 logs/access.log | sort | uniq -c | sort -nr | head"),
            # the IP first, then the count
            bad("count-then-ip", "q4_top_ips",
                "cut -d' ' -f1 logs/access.log | sort | uniq -c | sort -nr | head -n 3 | awk '{ print $2, $1 }'"),
            # the visible answer, hard-coded
            cmd("q4_top_ips", "printf '291 59.170.185.49\\n256 110.231.34.237\\n241 222.26.38.31\\n'"),
        ],
        "equivalent": [
            {
                "diff": "- q4_top_ips = r\"cut -d' ' -f1 logs/access.log | sort | uniq -c | sort -nr | head -n "
                        "3\"\n"
                        "+ q4_top_ips = r\"cut -d' ' -f1 logs/access.log | sort | uniq -c | sort -r | head -n "
                        "3\"",
                "reason": "uniq -c right-aligns every count in 7 columns, so a reverse text sort orders the "
                          "lines like sort -nr (ties too) as long as no IP has 10 million requests or more",
            },
        ],
    },
    "q5_distinct_products": {
        "domain": {'inputs': 'the access log (product pages with and without a query string)',
         'data': {'stated': 'server', 'cases': ['access-one-week']}},
        "hints": [
            "Three steps: extract every product id, keep one of each, count them.",
            "`grep -oE '/product/[0-9]+'` prints only the matching part, without any `?from=...` suffix; try "
            "it with `| head`.",
            "Make the list unique with `sort -u` (or `sort | uniq`; `uniq` alone only merges adjacent lines), "
            "then count the lines with `wc -l`.",
        ],
        "alternatives": [
            # sort | uniq is the same as sort -u
            cmd("q5_distinct_products", "grep -oE '/product/[0-9]+' logs/access.log | sort | uniq | wc -l"),
            cmd("q5_distinct_products", "grep -o '/product/[0-9]*' logs/access.log | cut -d/ -f3 | sort -u | wc -l"),
        ],
        "wrong": [
            # uniq without sort: only adjacent duplicates merged
            bad("distinct", "q5_distinct_products", "grep -oE '/product/[0-9]+' logs/access.log | uniq | wc -l"),
            # the whole path: /product/1173?from=search counts as another product
            bad("query-same", "q5_distinct_products",
                "cut -d' ' -f7 logs/access.log | grep '^/product/' | sort -u | wc -l"),
            # views, not products
            bad("distinct", "q5_distinct_products", "grep -c '/product/' logs/access.log"),
            # the ids of the API's /api/v1/products/<id> too
            bad("product-page", "q5_distinct_products",
                "grep -oE 'products?/[0-9]+' logs/access.log | grep -oE '[0-9]+' | sort -u | wc -l"),
            # case ignored: /Product/1450 is not a product page
            bad("product-page", "q5_distinct_products", "grep -ioE '/product/[0-9]+' logs/access.log | sort -u | wc -l"),
            # the list of products, not their number
            bad("just-the-number", "q5_distinct_products", "grep -oE '/product/[0-9]+' logs/access.log | sort -u"),
            # the visible answer, hard-coded
            cmd("q5_distinct_products", "echo 268"),
        ],
    },
    "q6_train_logs": {
        "domain": {'inputs': 'the server folder with an existing logs/train_errors.log'},
        "hints": [
            "Two streams, two destinations: stderr goes to one file, stdout to both a file and the screen.",
            "Appending stderr is `2>>`; showing and saving stdout at the same time is the job of `tee`.",
            "Put the stderr redirection on the python command, then pipe its stdout into `tee "
            "logs/train_out.log`. A single `>` on the error log would empty it first.",
        ],
        "alternatives": [
            cmd("q6_train_logs", "python3 ml/train.py 2>>logs/train_errors.log > logs/train_out.log; "
                                 "cat logs/train_out.log"),
            cmd("q6_train_logs", "python3 ml/train.py 2>> logs/train_errors.log | tee -a logs/train_out.log"),
        ],
        "wrong": [
            # > empties the error log: the earlier runs' errors are lost
            bad("errors-appended", "q6_train_logs", "python3 ml/train.py 2> logs/train_errors.log | tee logs/train_out.log"),
            # both streams into the output log
            cmd("q6_train_logs", "python3 ml/train.py 2>&1 | tee logs/train_out.log"),
            # the errors in the output log as well as in the error log
            bad("errors-not-in-out", "q6_train_logs",
                "python3 ml/train.py 2>> logs/train_errors.log | tee logs/train_out.log; "
                "tail -n 2 logs/train_errors.log >> logs/train_out.log"),
            # nothing on the screen
            bad("stdout-on-screen", "q6_train_logs", "python3 ml/train.py 2>> logs/train_errors.log > logs/train_out.log"),
            # the screen only: no output log
            bad("stdout-in-file", "q6_train_logs", "python3 ml/train.py 2>> logs/train_errors.log"),
            # the errors appended and also shown on the screen (tee on stderr)
            bad("errors-not-on-screen", "q6_train_logs",
                "{ python3 ml/train.py 2>&1 1>&3 | tee -a logs/train_errors.log >&2; } 3>&1 | tee logs/train_out.log"),
            # a stray & at the end: the pipeline runs in the background and stops with the command
            cmd("q6_train_logs", "python3 ml/train.py 2>> logs/train_errors.log | tee logs/train_out.log &"),
        ],
    },
    "q7_big_checkpoints": {
        "domain": {'inputs': 'checkpoints above, below and at 100 KiB (and a byte more), in nested folders',
         'data': {'stated': 'server-files', 'cases': ['checkpoint-sizes']}},
        "hints": [
            "`find .` followed by tests: one for the type, one for the name, one for the size. All must hold "
            "at once.",
            "Quote the name pattern (`-name '*.pt'`) so that the shell does not expand it, and use `-type f` "
            "for regular files.",
            "`-size +100` without a unit counts 512-byte blocks (more than 50 KiB). Add the unit `k` for KiB. "
            "And search from `.`: one big checkpoint was forgotten outside models/.",
        ],
        "alternatives": [
            cmd("q7_big_checkpoints", 'find . -name "*.pt" -size +100k -type f'),
            cmd("q7_big_checkpoints", "find . -type f -name '*.pt' -size +102400c"),
        ],
        "wrong": [
            # without a unit, -size counts 512-byte blocks: +100 means more than 50 KiB
            bad("kib", "q7_big_checkpoints", "find . -type f -name '*.pt' -size +100"),
            # only models/: misses the checkpoint forgotten in tmp/
            bad("everywhere", "q7_big_checkpoints", "find ./models -type f -name '*.pt' -size +100k"),
            # folders too: a sharded checkpoint folder named *.pt
            bad("regular-files", "q7_big_checkpoints", "find . -name '*.pt' -size +100k"),
            # names that contain .pt: the backup copy debug_batch.pt.bak
            bad("ends-in-pt", "q7_big_checkpoints", "find . -type f -name '*.pt*' -size +100k"),
            # 100 KiB or more: a file of exactly 100 KiB is listed
            bad("bigger-than", "q7_big_checkpoints", "find . -type f -name '*.pt' -size +99k"),
            # paths without ./
            bad("dot-paths", "q7_big_checkpoints", "find * -type f -name '*.pt' -size +100k"),
            # every checkpoint, whatever its size
            cmd("q7_big_checkpoints", "find . -type f -name '*.pt'"),
        ],
    },
    "q8_csv_lines": {
        "domain": {'inputs': 'CSVs under data/, one with a space in its name, another kind of file there',
         'data': {'stated': 'server-files', 'cases': ['csv-traps']}},
        "hints": [
            "Look at the worked example of this section: it shows what xargs does to names with spaces, and "
            "the fix.",
            "`find data -name '*.csv'` lists the files; `xargs wc -l` would call wc with them as arguments, "
            "but splits the names at spaces.",
            "Separate the names with NUL bytes on both sides: `-print0` for find, `-0` for xargs. (Or let find "
            "call wc itself with `-exec wc -l {} +`: the `+` passes all names to one wc, which prints the "
            "total.)",
        ],
        "alternatives": [
            cmd("q8_csv_lines", "find data -type f -name '*.csv' -exec wc -l {} +"),
            cmd("q8_csv_lines", "find data -name \"*.csv\" -print0 | xargs -0 wc -l --"),
        ],
        "wrong": [
            # xargs splits "exports 2025" and "orders 2026-02 (1).csv" at the spaces
            bad("names-with-spaces", "q8_csv_lines", "find data -name '*.csv' | xargs wc -l"),
            # one wc per file: no total line
            bad("total-line", "q8_csv_lines", "find data -name '*.csv' -exec wc -l {} \\;"),
            # misses the folder "exports 2025"
            bad("everywhere-under-data", "q8_csv_lines", "wc -l data/orders/*.csv"),
            # every file, the product list too
            bad("csv-only", "q8_csv_lines", "find data -type f -print0 | xargs -0 wc -l"),
            # only the total
            bad("per-file-lines", "q8_csv_lines", "find data -name '*.csv' -exec cat {} + | wc -l"),
        ],
    },
    "q9_tsv_to_csv": {
        "domain": {'inputs': 'products.tsv with several tabs per line',
         'data': {'stated': 'server-files', 'cases': ['csv-traps']}},
        "hints": [
            "A one-character replacement over the whole file, written to a new file.",
            "`tr` translates characters: `tr 'x' 'y' < input > output`. In the shell, a tab can be written as "
            "'\\t' for tr (and for GNU sed).",
            "With sed, remember the `g` flag: without it only the first tab of each line is replaced. Do not "
            "use `-i` here: the original must stay unchanged.",
        ],
        "alternatives": [
            cmd("q9_tsv_to_csv", "sed 's/\\t/,/g' data/products.tsv > data/products.csv"),
            cmd("q9_tsv_to_csv", "cat data/products.tsv | tr '\\t' , > data/products.csv"),
            cmd("q9_tsv_to_csv", "awk -F'\\t' -v OFS=, '{ $1 = $1; print }' data/products.tsv > data/products.csv"),
        ],
        "wrong": [
            # only the first tab of each line
            bad("every-tab", "q9_tsv_to_csv", "sed 's/\\t/,/' data/products.tsv > data/products.csv"),
            # edits the original instead of writing a new file
            cmd("q9_tsv_to_csv", "sed -i 's/\\t/,/g' data/products.tsv"),
            # prints the result instead of saving it
            cmd("q9_tsv_to_csv", "tr '\\t' ',' < data/products.tsv"),
            # another file name
            bad("new-file", "q9_tsv_to_csv", "tr '\\t' ',' < data/products.tsv > data/products_comma.csv"),
            # the header line dropped
            bad("whole-content", "q9_tsv_to_csv", "tail -n +2 data/products.tsv | tr '\\t' ',' > data/products.csv"),
            # converts the original in place, then copies it
            bad("tsv-unchanged", "q9_tsv_to_csv",
                "sed -i 's/\\t/,/g' data/products.tsv && cp data/products.tsv data/products.csv"),
            # tee writes the file and the screen
            bad("prints-nothing", "q9_tsv_to_csv", "tr '\\t' ',' < data/products.tsv | tee data/products.csv"),
        ],
        "equivalent": [
            {
                "diff": "- q9_tsv_to_csv = r\"tr '\\t' ',' < data/products.tsv > data/products.csv\"\n"
                        "+ q9_tsv_to_csv = r\"tr '\\t' ',' < data/products.tsv >> data/products.csv\"",
                "reason": "data/products.csv does not exist before (the command creates it): appending to it "
                          "and writing it give the same file",
            },
        ],
    },
    "q10_sed_redirect": {
        "hints": [
            "Think about the order of events: when does the shell handle `> file`, and when does sed start "
            "reading?",
            "What does opening a file with `>` do to its content, immediately?",
            "For the safe ways: where could the result go instead, and how does it get back under the original "
            "name? Also look at sed's options for editing a file.",
        ],
    },
    "q11_bytes_one_day": {
        "domain": {'inputs': 'the access log of 9-15 March; with requests of 2, 22 March, 12 March 2025 and a 13 March '
                   'path holding the date appended',
         'data': {'stated': 'server', 'cases': ['access-one-week']}},
        "hints": [
            "awk can select the lines of one day and add up a column at the same time: `condition { action } "
            "END { ... }`.",
            "The day is in field 4 (`[12/Mar/2026:10:11:12`), the bytes in field 10. A regular expression "
            "condition looks like `$4 ~ /pattern/` (escape `[` and `/` inside it), or filter the day with grep "
            "first.",
            "Add to a variable for each selected line (`s += $10`) and print it once in the `END { print s }` "
            "block, so that the output is a single number.",
        ],
        "alternatives": [
            cmd("q11_bytes_one_day", "grep '\\[12/Mar/2026:' logs/access.log | awk '{ s += $10 } END { print s }'"),
            cmd("q11_bytes_one_day", "grep -F '[12/Mar/2026' logs/access.log | cut -d' ' -f10 "
                                     "| awk '{ total = total + $1 } END { printf \"%d\\n\", total }'"),
        ],
        "wrong": [
            # the whole week
            bad("that-day", "q11_bytes_one_day", "awk '{ s += $10 } END { print s }' logs/access.log"),
            # 2 and 22 March match too (issue 56: the generated week had neither)
            bad("that-day", "q11_bytes_one_day", "grep '2/Mar/2026:' logs/access.log | awk '{ s += $10 } END { print s }'"),
            # an independent examiner's: the 12th of any month of 2026, and the date anywhere on the line
            bad("that-day", "q11_bytes_one_day", "grep -E '\\[12/.../2026:' logs/access.log | awk '{ total += $10 } END { print total }'"),
            bad("that-day", "q11_bytes_one_day", "grep -F '12/Mar/2026' logs/access.log | awk '{ s += $10 } END { print s }'"),
            # the status column instead of the bytes
            bad("bytes-field", "q11_bytes_one_day", "grep '12/Mar/2026' logs/access.log | awk '{ s += $9 } END { print s }'"),
            # the running total printed on every line
            bad("single-number", "q11_bytes_one_day",
                "awk '$4 ~ /^\\[12\\/Mar\\/2026:/ { s += $10; print s }' logs/access.log"),
            # the visible answer, hard-coded
            cmd("q11_bytes_one_day", "echo 4438399"),
        ],
        "equivalent": [
            {
                "diff": "- q11_bytes_one_day = r\"awk '$4 ~ /^\\[12\\/Mar\\/2026:/ { sum += $10 } END { print "
                        "sum }' logs/access.log\"\n"
                        "+ q11_bytes_one_day = r\"awk '$4 ~ /\\[12\\/Mar\\/2026:/ { sum += $10 } END { print "
                        "sum }' logs/access.log\"",
                "reason": "field 4 of every log line starts with '[': the unanchored pattern matches exactly "
                          "the same fields",
            },
        ],
    },
    "q12_release_run": {
        "domain": {'inputs': 'a training run that succeeds, and one that fails'},
        "hints": [
            "Three parts on one line: the training run with its variable, where its stdout goes, and a second "
            "command that depends on how the first one ended. Try each part alone in a %%bash cell first.",
            "`NAME=value` written right before a command, on the same command, puts NAME in that command's "
            "environment only; `export NAME=value` changes the shell itself, for every later command. `>` "
            "redirects only stdout (file descriptor 1).",
            "`a && b` runs b only when a exits with 0; `a; b` runs b in any case. A pipe (`a | tee f`) "
            "reports the exit code of its last command, not of a.",
        ],
        "alternatives": [
            cmd("q12_release_run", "env DAON_EPOCHS=5 python3 ml/train.py 1> logs/train_5ep.log && "
                                   "cp models/churn-best.pt models/churn-prod.pt"),
            cmd("q12_release_run", "(export DAON_EPOCHS=5; python3 ml/train.py > logs/train_5ep.log) && "
                                   "cp models/churn-best.pt models/churn-prod.pt"),
            cmd("q12_release_run", "if DAON_EPOCHS=5 python3 ml/train.py > logs/train_5ep.log; then "
                                   "cp models/churn-best.pt models/churn-prod.pt; fi"),
            cmd("q12_release_run", "DAON_EPOCHS=5 python3 ./ml/train.py >logs/train_5ep.log && "
                                   "cp -- models/churn-best.pt models/churn-prod.pt"),
        ],
        "wrong": [
            # four epochs
            bad("five-epochs", "q12_release_run",
                "DAON_EPOCHS=4 python3 ml/train.py > logs/train_5ep.log && cp models/churn-best.pt models/churn-prod.pt"),
            # export: the variable stays in the shell after the command
            bad("one-command-only", "q12_release_run",
                "export DAON_EPOCHS=5; python3 ml/train.py > logs/train_5ep.log && "
                "cp models/churn-best.pt models/churn-prod.pt"),
            # unset afterwards: a DAON_EPOCHS that was exported before is lost
            bad("one-command-only", "q12_release_run",
                "export DAON_EPOCHS=5; python3 ml/train.py > logs/train_5ep.log && "
                "cp models/churn-best.pt models/churn-prod.pt; unset DAON_EPOCHS"),
            # the redirection on the copy: the training prints on the screen, the log stays empty
            bad("stdout-in-log", "q12_release_run",
                "DAON_EPOCHS=5 python3 ml/train.py && cp models/churn-best.pt models/churn-prod.pt > logs/train_5ep.log"),
            # &> sends the warnings into the log too
            bad("stderr-on-screen", "q12_release_run",
                "DAON_EPOCHS=5 python3 ml/train.py &> logs/train_5ep.log && cp models/churn-best.pt models/churn-prod.pt"),
            # mv: the best checkpoint is gone
            bad("copy-on-success", "q12_release_run",
                "DAON_EPOCHS=5 python3 ml/train.py > logs/train_5ep.log && mv models/churn-best.pt models/churn-prod.pt"),
            # ; copies after a failed run too
            bad("nothing-on-failure", "q12_release_run",
                "DAON_EPOCHS=5 python3 ml/train.py > logs/train_5ep.log; cp models/churn-best.pt models/churn-prod.pt"),
            # a shell variable that is not exported: the script runs 3 epochs (and the shell keeps the 5)
            cmd("q12_release_run",
                "DAON_EPOCHS=5; python3 ml/train.py > logs/train_5ep.log && cp models/churn-best.pt models/churn-prod.pt"),
            # tee: stdout also on the screen, and the pipe's exit code is tee's, so a failed run is copied
            cmd("q12_release_run",
                "DAON_EPOCHS=5 python3 ml/train.py | tee logs/train_5ep.log && cp models/churn-best.pt models/churn-prod.pt"),
        ],
        "equivalent": [
            {
                "diff": "- q12_release_run = r\"DAON_EPOCHS=5 python3 ml/train.py > logs/train_5ep.log && cp "
                        "models/churn-best.pt models/churn-prod.pt\"\n"
                        "+ q12_release_run = r\"DAON_EPOCHS=5 python3 ml/train.py >> logs/train_5ep.log && cp "
                        "models/churn-best.pt models/churn-prod.pt\"",
                "reason": "logs/train_5ep.log is a new file (it does not exist before): appending to it and "
                          "writing it give the same file",
            },
        ],
    },
    "q13_count_script": {
        "domain": {'inputs': 'a folder argument with and without a trailing slash, names with spaces, no argument, a '
                   'file instead of a folder',
         'data': {'stated': 'server-files', 'cases': ['csv-traps']}},
        "hints": [
            "Start from the greet.sh example: shebang, an argument check with a usage message on stderr and "
            "`exit 2`, then the work.",
            "`[ -d \"$1\" ]` is true for an existing directory; `$#` is the number of arguments. The work "
            "itself is one `wc -l` over a glob of the CSV files in \"$1\".",
            "Quote \"$1\" everywhere (the hidden test uses a directory with a space in its name), put the "
            "`*.csv` glob outside the quotes, and make sure the very first line of the string is the shebang.",
        ],
        "alternatives": [
            'q13_count_script = r"""#!/usr/bin/env bash\n'
            'dir="$1"\n'
            '[[ -d $dir ]] || { echo "usage: $0 DIRECTORY" >&2; exit 2; }\n'
            'find "$dir" -maxdepth 1 -type f -name \'*.csv\' -exec wc -l {} +\n'
            '"""',
            'q13_count_script = """#!/bin/sh\n'
            'if test "$#" -ne 1 || test ! -d "$1"; then\n'
            '    echo "usage: count_csv_lines.sh DIR" 1>&2\n'
            '    exit 2\n'
            'fi\n'
            'cd "$1" && wc -l *.csv | sed "s|\\\\([0-9]\\\\) \\\\([^ ].*\\\\.csv\\\\)$|\\\\1 $1/\\\\2|"\n'
            '"""',
        ],
        "wrong": [
            # "$1" not quoted: breaks on "data/exports 2025"
            {"violates": "space-in-name", "code":
             'q13_count_script = r"""#!/bin/bash\n'
             'if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
             'wc -l $1/*.csv\n'
             '"""'},
            # no usage check: wc fails with exit code 1 and its own message
            'q13_count_script = r"""#!/bin/bash\n'
            'wc -l "$1"/*.csv\n'
            '"""',
            # one wc per file: no total line
            {"violates": "total-line", "code":
             'q13_count_script = r"""#!/bin/bash\n'
             'if [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
             'for f in "$1"/*.csv; do wc -l "$f"; done\n'
             '"""'},
            # the closing fi is missing: bash cannot read the script
            'q13_count_script = r"""#!/bin/bash\n'
            'if [ $# -ne 1 ] || [ ! -d "$1" ]; then\n'
            '    echo "usage: count_csv_lines.sh DIRECTORY" >&2\n'
            '    exit 2\n'
            'wc -l "$1"/*.csv\n'
            '"""',
            # no shebang
            {"violates": "shebang", "code":
             'q13_count_script = r"""if [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
             'wc -l "$1"/*.csv\n'
             '"""'},
            # every file with a dot in its name: a README too
            bad_script("csv-only", '#!/bin/bash\n'
                       'if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
                       'wc -l "$1"/*.*\n'),
            # find without -maxdepth 1: the CSV files of subfolders too
            bad_script("directly-in", '#!/bin/bash\n'
                       'if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
                       'find "$1" -type f -name \'*.csv\' -exec wc -l {} +\n'),
            # cd into the directory: the names lose their DIRECTORY/ part
            bad_script("dir-slash-name", '#!/bin/bash\n'
                       'if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
                       'cd "$1" && wc -l *.csv\n'),
            # no argument: the current folder instead of a usage message
            bad_script("usage-if-missing", '#!/bin/bash\n'
                       'dir="${1:-.}"\n'
                       'if [ ! -d "$dir" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
                       'wc -l "$dir"/*.csv\n'),
            # only the number of arguments is checked
            bad_script("usage-if-not-dir", '#!/bin/bash\n'
                       'if [ $# -ne 1 ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
                       'wc -l "$1"/*.csv\n'),
            # the usage message on stdout
            bad_script("usage-on-stderr", '#!/bin/bash\n'
                       'if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR"; exit 2; fi\n'
                       'wc -l "$1"/*.csv\n'),
            # "Usage:", not "usage:"
            bad_script("usage-prefix", '#!/bin/bash\n'
                       'if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "Usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
                       'wc -l "$1"/*.csv\n'),
            # exit code 1
            bad_script("exit-2", '#!/bin/bash\n'
                       'if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 1; fi\n'
                       'wc -l "$1"/*.csv\n'),
        ],
    },
    "q14_and_or": {
        "domain": {'inputs': 'a new folder, an existing one, a copy that fails'},
        "hints": [
            "`a && b` runs b only if a succeeded; `x || y` runs y only if x failed.",
            "Which form of mkdir fails when the folder already exists, and which does not fail then?",
            "Chain the two steps with `&&`, then add `|| echo 'setup failed'` at the end, so that a failure of "
            "either step prints the message. A `;` between the steps would copy even when mkdir failed.",
        ],
        "alternatives": [
            cmd("q14_and_or", '{ mkdir models/run1 && cp config/train.yaml models/run1/train.yaml; } || echo "setup failed"'),
            cmd("q14_and_or", "if mkdir models/run1 && cp config/train.yaml models/run1; then :; "
                              "else echo 'setup failed'; exit 1; fi"),
        ],
        "wrong": [
            # ; instead of &&: copies into the existing folder of an earlier run
            bad("copy-after-mkdir", "q14_and_or", "mkdir models/run1; cp config/train.yaml models/run1/ || echo 'setup failed'"),
            # mkdir -p does not fail when the folder exists, so an existing run1 is overwritten
            bad("existing-fails", "q14_and_or",
                "mkdir -p models/run1 && cp config/train.yaml models/run1/ || echo 'setup failed'"),
            # the copy does not depend on mkdir
            bad("copy-after-mkdir", "q14_and_or", "mkdir models/run1 || echo 'setup failed'; cp config/train.yaml models/run1/"),
            # the folder at the top, not in models/
            bad("new-folder", "q14_and_or", "mkdir run1 && cp config/train.yaml run1/ || echo 'setup failed'"),
            # the copy under another name
            bad("copy-into-it", "q14_and_or",
                "mkdir models/run1 && cp config/train.yaml models/run1/config.yaml || echo 'setup failed'"),
            # only a failing mkdir is reported
            bad("copy-failure-reported", "q14_and_or",
                "if mkdir models/run1; then cp config/train.yaml models/run1/; else echo 'setup failed'; fi"),
            # mkdir -v says what it created
            bad("silent-success", "q14_and_or",
                "mkdir -v models/run1 && cp config/train.yaml models/run1/ || echo 'setup failed'"),
            # mkdir's error message sent to stdout too
            bad("only-the-message", "q14_and_or",
                "mkdir models/run1 2>&1 && cp config/train.yaml models/run1/ || echo 'setup failed'"),
        ],
    },
    "q15_nohup": {
        "domain": {'inputs': 'a training script writing to stdout and stderr'},
        "hints": [
            "Three ingredients: something that ignores the hangup signal, redirections for both streams, and "
            "something that puts the job in the background.",
            "`nohup COMMAND` ignores hangups; a final `&` runs the whole line in the background.",
            "Redirect stdout to the log first and then stderr to where stdout goes: `> file 2>&1`. The other "
            "order sends stderr to the terminal.",
        ],
        "alternatives": [
            cmd("q15_nohup", "nohup python3 ml/train.py &> logs/train_nohup.log &"),
            cmd("q15_nohup", "nohup python3 ./ml/train.py >logs/train_nohup.log 2>&1&"),
        ],
        "wrong": [
            # 2>&1 before >: stderr still goes to the terminal, not to the log
            bad("both-streams", "q15_nohup", "nohup python3 ml/train.py 2>&1 > logs/train_nohup.log &"),
            # no nohup: the job dies with the session
            bad("nohup", "q15_nohup", "python3 ml/train.py > logs/train_nohup.log 2>&1 &"),
            # not in the background
            bad("background", "q15_nohup", "nohup python3 ml/train.py > logs/train_nohup.log 2>&1"),
            # tee also shows everything on the screen
            bad("nothing-on-screen", "q15_nohup", "nohup python3 ml/train.py 2>&1 | tee logs/train_nohup.log &"),
            # the log at the top of the folder, not in logs/
            bad("log-file", "q15_nohup", "nohup python3 ml/train.py > train_nohup.log 2>&1 &"),
        ],
        "equivalent": [
            {
                "diff": "- q15_nohup = r\"nohup python3 ml/train.py > logs/train_nohup.log 2>&1 &\"\n"
                        "+ q15_nohup = r\"nohup python3 ml/train.py >> logs/train_nohup.log 2>&1 &\"",
                "reason": "logs/train_nohup.log is a new file (it does not exist before): appending to it and "
                          "writing it give the same file",
            },
        ],
    },
    "q16_memory_by_user": {
        "domain": {'inputs': 'ps aux output with several users and RSS values of different widths'},
        "hints": [
            "Look at the header of sysinfo/ps_aux.txt: which field is the user, which one is RSS? You need one "
            "running total per user, so think of an awk array indexed by the user name.",
            "In awk, `total[$1] += $6` adds this line's RSS to its user's total; skip the header line with a "
            "condition on NR. The `END` block can loop over the array with `for (u in total)`.",
            "`for (u in ...)` visits the users in no particular order: pipe the lines into `sort` on the second "
            "field, as numbers (`n`), in reverse (`r`). A text sort puts 98112 above 105788.",
        ],
        "alternatives": [
            cmd("q16_memory_by_user", "tail -n +2 sysinfo/ps_aux.txt | awk '{ s[$1] += $6 } END { for (u in s) "
                                      "printf \"%s %d\\n\", u, s[u] }' | sort -rn -k2"),
            cmd("q16_memory_by_user", "awk 'NR > 1 { t[$1] += $6 } END { for (u in t) print t[u], u }' "
                                      "sysinfo/ps_aux.txt | sort -nr | awk '{ print $2, $1 }'"),
            cmd("q16_memory_by_user", "sed 1d sysinfo/ps_aux.txt | awk '{ m[$1] += $6 } END { for (u in m) "
                                      "printf \"%-10s %9d\\n\", u, m[u] }' | sort -k2,2nr"),
        ],
        "wrong": [
            # VSZ (column 5) instead of RSS
            bad("rss-column", "q16_memory_by_user",
                "awk 'NR > 1 { kib[$1] += $5 } END { for (u in kib) print u, kib[u] }' sysinfo/ps_aux.txt | sort -k2,2nr"),
            # the biggest process of each user, not the sum of all of them
            bad("every-process", "q16_memory_by_user",
                "tail -n +2 sysinfo/ps_aux.txt | sort -k6,6nr | awk '!seen[$1]++ { print $1, $6 }'"),
            # only the top 3
            bad("every-user", "q16_memory_by_user",
                "awk 'NR > 1 { kib[$1] += $6 } END { for (u in kib) print u, kib[u] }' sysinfo/ps_aux.txt "
                "| sort -k2,2nr | head -n 3"),
            # the header counted as a user: a line "USER 0"
            bad("no-header", "q16_memory_by_user",
                "awk '{ kib[$1] += $6 } END { for (u in kib) print u, kib[u] }' sysinfo/ps_aux.txt | sort -k2,2nr"),
            # a text sort: 98112 comes first
            bad("numeric", "q16_memory_by_user",
                "awk 'NR > 1 { kib[$1] += $6 } END { for (u in kib) print u, kib[u] }' sysinfo/ps_aux.txt | sort -k2,2r"),
            # the smallest first
            bad("largest-first", "q16_memory_by_user",
                "awk 'NR > 1 { kib[$1] += $6 } END { for (u in kib) print u, kib[u] }' sysinfo/ps_aux.txt | sort -k2,2n"),
            # the total before the user
            bad("user-then-total", "q16_memory_by_user",
                "awk 'NR > 1 { kib[$1] += $6 } END { for (u in kib) print kib[u], u }' sysinfo/ps_aux.txt | sort -nr"),
            # the visible answer, hard-coded
            cmd("q16_memory_by_user", "printf 'minji 4788886\\ndaon 2877833\\njisoo 1549546\\npostgres 198220\\n"
                                      "www-data 140884\\nroot 105788\\nprometheus 98112\\n'"),
        ],
    },
    "q16b_disk_usage": {
        "domain": {'inputs': 'a runs/ folder with sizes in M of two digits and of one digit and a decimal, and in K; '
                             'the biggest run holding most of its bytes in a subfolder; a name with a space',
                   'data': {'stated': 'runs', 'cases': ['sizes-distinct', 'sort-traps', 'subfolder-trap',
                                                        'space-in-name']}},
        "hints": [
            "`du -s FOLDER` prints one total for a whole folder, and `-h` writes it human-readable (12M, 860K). A "
            "glob gives du every folder of runs/ at once.",
            "To order the lines by size, sort must read the units: `sort -h` compares human-readable sizes, and "
            "`-r` puts the largest first. A plain `sort` compares text (7.3M above 12M), `sort -n` only the number "
            "(860K above 12M).",
            "`head -n 3` keeps the first three lines. Without `-s`, du also prints every subfolder of a run; "
            "`du -h -d 1 runs` prints the total of runs itself too, which sort then puts first.",
        ],
        "alternatives": [
            cmd("q16b_disk_usage", "du -sh runs/* | sort -h -r | head -3"),
            cmd("q16b_disk_usage", "du -h --max-depth=1 runs | sort -rh | sed -n '2,4p'"),
            cmd("q16b_disk_usage", "du -h -d 1 runs/ | sort -hr | tail -n +2 | head -n 3"),
            cmd("q16b_disk_usage", "find runs -mindepth 1 -maxdepth 1 -type d -exec du -sh {} + | sort -rh "
                                   "| awk 'NR <= 3'"),
        ],
        "wrong": [
            # a text sort: 7.3M and 3.1M come before 12M, and 860K before 3.1M
            bad("human-order", "q16b_disk_usage", "du -sh runs/* | sort -r | head -n 3"),
            # a numeric sort reads 860 of 860K as bigger than 12 of 12M
            bad("human-order", "q16b_disk_usage", "du -sh runs/* | sort -rn | head -n 3"),
            # sizes in KiB: the right order, but not human-readable
            bad("human-sizes", "q16b_disk_usage", "du -s runs/* | sort -rn | head -n 3"),
            # without -s: every subfolder gets a line, the biggest run's checkpoints/ among the three
            bad("run-folders", "q16b_disk_usage", "du -h runs/* | sort -rh | head -n 3"),
            # -d 1 prints the total of runs itself, which comes first
            bad("run-folders", "q16b_disk_usage", "du -h -d 1 runs | sort -rh | head -n 3"),
            # -S leaves the subfolders out of a folder's size: the biggest run looks small
            bad("whole-folder", "q16b_disk_usage", "du -sSh runs/* | sort -rh | head -n 3"),
            # the biggest files, not the biggest folders
            bad("folders-not-files", "q16b_disk_usage", "find runs -type f -exec du -h {} + | sort -rh | head -n 3"),
            # the smallest of the three first
            bad("largest-first", "q16b_disk_usage", "du -sh runs/* | sort -h | tail -n 3"),
            # four lines
            bad("three", "q16b_disk_usage", "du -sh runs/* | sort -rh | head -n 4"),
            # names without runs/
            bad("path-form", "q16b_disk_usage", "cd runs && du -sh * | sort -rh | head -n 3"),
            # a slash after each name
            bad("path-form", "q16b_disk_usage", "du -sh runs/*/ | sort -rh | head -n 3"),
            # awk cuts "runs/2026-03-02 baseline" at its space
            bad("path-form", "q16b_disk_usage", "du -sh runs/* | sort -rh | head -n 3 | awk '{ print $1, $2 }'"),
            # the visible answer, hard-coded
            cmd("q16b_disk_usage", "printf '12M runs/2026-03-09-lr1e-3\\n7.3M runs/2026-03-02 baseline\\n"
                                   "3.1M runs/2026-03-14-wide\\n'"),
        ],
    },
    "q16c_archive_run": {
        "domain": {'inputs': 'the run 2026-03-14-wide with checkpoints at its top and in checkpoints/, a hidden '
                             '.hydra/, a file in checkpoints/ that is not a checkpoint, a name holding pt, other '
                             'runs beside it',
                   'data': {'stated': 'runs', 'cases': ['archive-run']}},
        "hints": [
            "`tar -czf NAME FOLDER`: c creates, z compresses with gzip, f is followed by the archive's name. The "
            "paths inside are the ones you give: run it from the top folder and name the folder "
            "runs/2026-03-14-wide.",
            "`--exclude='*.pt'` leaves out every file whose name ends in .pt, at any depth. Quote it, and write "
            "it before the folder: GNU tar ignores an --exclude that comes after the folders.",
            "Check with `tar -tzf run-2026-03-14-wide.tar.gz`: every path starts with runs/2026-03-14-wide/, "
            ".hydra/ is there, no .pt file is. A glob such as runs/2026-03-14-wide/* would miss the hidden folder.",
        ],
        "alternatives": [
            cmd("q16c_archive_run", "tar --exclude='*.pt' -czf run-2026-03-14-wide.tar.gz runs/2026-03-14-wide/"),
            cmd("q16c_archive_run", "tar -czvf run-2026-03-14-wide.tar.gz --exclude '*.pt' ./runs/2026-03-14-wide"),
            cmd("q16c_archive_run", "find runs/2026-03-14-wide -type f ! -name '*.pt' -print0 "
                                    "| tar -czf run-2026-03-14-wide.tar.gz --null -T -"),
            cmd("q16c_archive_run", "tar -cf - --exclude='*.pt' runs/2026-03-14-wide | gzip > run-2026-03-14-wide.tar.gz"),
        ],
        "wrong": [
            # no -z: a plain tar archive under a .gz name
            bad("gzip", "q16c_archive_run", "tar -cf run-2026-03-14-wide.tar.gz --exclude='*.pt' runs/2026-03-14-wide"),
            # the archive inside runs/, not in the top folder
            bad("archive-name", "q16c_archive_run",
                "tar -czf runs/run-2026-03-14-wide.tar.gz --exclude='*.pt' runs/2026-03-14-wide"),
            # a glob misses the hidden folder .hydra/
            bad("whole-run", "q16c_archive_run",
                "tar -czf run-2026-03-14-wide.tar.gz --exclude='*.pt' runs/2026-03-14-wide/*"),
            # only the checkpoints of checkpoints/: last.pt stays in
            bad("no-checkpoints", "q16c_archive_run",
                "tar -czf run-2026-03-14-wide.tar.gz --exclude='checkpoints/*.pt' runs/2026-03-14-wide"),
            # nothing excluded
            bad("no-checkpoints", "q16c_archive_run", "tar -czf run-2026-03-14-wide.tar.gz runs/2026-03-14-wide"),
            # the whole checkpoints/ folder left out: best.json too
            bad("no-checkpoints", "q16c_archive_run",
                "tar -czf run-2026-03-14-wide.tar.gz --exclude='*.pt' --exclude=checkpoints runs/2026-03-14-wide"),
            # the wrong level: paths start with 2026-03-14-wide/
            bad("relative-paths", "q16c_archive_run",
                "tar -czf run-2026-03-14-wide.tar.gz --exclude='*.pt' -C runs 2026-03-14-wide"),
            # an absolute path: tar drops the first / and keeps the rest of the server's path
            bad("relative-paths", "q16c_archive_run",
                "tar -czf run-2026-03-14-wide.tar.gz --exclude='*.pt' \"$SERVER/runs/2026-03-14-wide\""),
            # every run
            bad("only-this-run", "q16c_archive_run", "tar -czf run-2026-03-14-wide.tar.gz --exclude='*.pt' runs"),
            # the checkpoints deleted once archived without them
            bad("keep-the-run", "q16c_archive_run",
                "tar -czf run-2026-03-14-wide.tar.gz --exclude='*.pt' runs/2026-03-14-wide "
                "&& find runs/2026-03-14-wide -name '*.pt' -delete"),
            # --remove-files deletes what it archived (and fails on the folders the checkpoints keep)
            cmd("q16c_archive_run",
                "tar -czf run-2026-03-14-wide.tar.gz --exclude='*.pt' --remove-files runs/2026-03-14-wide"),
            # --exclude after the folder: GNU tar ignores it, warns and fails
            cmd("q16c_archive_run", "tar -czf run-2026-03-14-wide.tar.gz runs/2026-03-14-wide --exclude='*.pt'"),
        ],
    },
    "q17_sync": {
        "domain": {"inputs": "the inputs the question states: the contents of hosts/web-01/app go into hosts/web-02/app (not into hosts/web-02/app/app); every file of every subfolder is copied, with web-01's content; each copied file keeps its permissions and its modification time; no file whose name ends in .log is copied, wherever it is (debug.log too); no __pycache__ folder is copied, nor anything in it; no file whose name ends in .env is copied (config/NAME.env too): web-02's secrets stay as they are; what only web-02 has stays: nothing is deleted there"},
        "hints": [
            "Try it with `-n` first (a dry run): `rsync -avn SOURCE/ DEST/` lists what it would send, and nothing "
            "is copied. Check that the paths it lists are `app.py`, `bin/start.sh`..., not `app/app.py`.",
            "`-a` recurses and keeps permissions and times. Each kind of file to leave out is one "
            "`--exclude='PATTERN'`; a pattern without a slash matches a name at any depth, so `'*.log'` also "
            "catches `debug.log` at the top.",
            "The secrets are every name ending in `.env`, not only `.env`: `--exclude='*.env'` (the `*` may match "
            "nothing). Do not add `--delete`: web-02's own files must stay.",
        ],
        "alternatives": [
            cmd("q17_sync", "rsync -a --exclude='*.log' --exclude=__pycache__ --exclude='*.env' "
                            "hosts/web-01/app/ hosts/web-02/app"),
            cmd("q17_sync", "rsync -av --exclude={'*.log','__pycache__','*.env'} hosts/web-01/app/ hosts/web-02/app/"),
            cmd("q17_sync", "rsync -rlpt -f '- *.log' -f '- __pycache__/' -f '- *.env' hosts/web-01/app/ "
                            "hosts/web-02/app/"),
            # tar keeps permissions and times too
            cmd("q17_sync", "cd hosts/web-01/app && tar --exclude='*.log' --exclude='__pycache__' --exclude='*.env' "
                            "-cf - . | tar -xpf - -C ../../web-02/app"),
        ],
        "wrong": [
            # no trailing slash: the folder itself is copied, into hosts/web-02/app/app
            bad("contents-into-app", "q17_sync",
                "rsync -av --exclude='*.log' --exclude='__pycache__/' --exclude='*.env' hosts/web-01/app hosts/web-02/app/"),
            # no -a and no -r: rsync skips every folder ("skipping directory .")
            bad("every-subfolder", "q17_sync",
                "rsync -lptv --exclude='*.log' --exclude='__pycache__/' --exclude='*.env' hosts/web-01/app/ hosts/web-02/app/"),
            # -r alone: the copies get new permissions and the time of the copy
            bad("keep-modes-times", "q17_sync",
                "rsync -rv --exclude='*.log' --exclude='__pycache__/' --exclude='*.env' hosts/web-01/app/ hosts/web-02/app/"),
            # only the logs folder left out: debug.log at the top is copied
            bad("no-logs", "q17_sync",
                "rsync -av --exclude='logs/' --exclude='__pycache__/' --exclude='*.env' hosts/web-01/app/ hosts/web-02/app/"),
            # the .pyc files left out, but the __pycache__ folders are still made
            bad("no-pycache", "q17_sync",
                "rsync -av --exclude='*.log' --exclude='*.pyc' --exclude='*.env' hosts/web-01/app/ hosts/web-02/app/"),
            # only the file named .env: config/NAME.env overwrites web-02's secrets
            bad("no-env", "q17_sync",
                "rsync -av --exclude='*.log' --exclude='__pycache__/' --exclude='.env' hosts/web-01/app/ hosts/web-02/app/"),
            # --delete removes local.conf and the old model of web-02
            bad("keep-web02-only", "q17_sync",
                "rsync -av --delete --exclude='*.log' --exclude='__pycache__/' --exclude='*.env' hosts/web-01/app/ "
                "hosts/web-02/app/"),
            # cp -r copies everything, secrets and logs included
            cmd("q17_sync", "cp -r hosts/web-01/app/. hosts/web-02/app/"),
            # the visible server's files, copied one by one
            cmd("q17_sync", "cd hosts/web-01/app && cp -p --parents app.py requirements.txt .env.example bin/start.sh "
                            "bin/reindex.sh bin/warmup.sh config/settings.toml templates/index.html templates/cart.html "
                            "templates/search.html templates/emails/welcome.html templates/emails/password-reset.html "
                            "static/css/main.4574f1.css model/churn-2026.03.3.onnx ../../web-02/app/"),
        ],
    },
    "q18_crontab": {
        "domain": {"inputs": "the inputs the question states: the lines already in config/crontab stay as they are; the job is one line, added at the end of the file; the minute field is 30 and the hour field is 2 (02:30); the job runs Monday to Friday, not at the weekend; the job runs all year: every month, on every day of the month that is a weekday; the command part is the one given, with absolute paths; the file still ends with a newline; the command prints nothing and changes no other file"},
        "hints": [
            "Look at `config/crontab`: each job is five time fields and a command. Write your line the same way: "
            "minute first, then hour.",
            "Monday to Friday is `1-5` in the day-of-week field (0 is Sunday); the day of month and the month stay "
            "`*`. 02:30 is minute `30`, hour `2`.",
            "Put the whole line in single quotes after `echo`, so that the shell neither expands `*` nor reads "
            "the `>>` inside it, and append it to the file with `>>` (a single `>` would replace the whole crontab).",
        ],
        "alternatives": [
            cmd("q18_crontab", "echo '30 2 * * mon-fri /srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' "
                               ">> config/crontab"),
            cmd("q18_crontab", "printf '%s\\n' '# nightly sync of the standby' '30  2  *  *  1,2,3,4,5  "
                               "/srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' >> config/crontab"),
            cmd("q18_crontab", "cat >> config/crontab <<'EOF'\n30 2 * * 1-5 /srv/daon/bin/sync-standby.sh >> "
                               "/srv/daon/logs/sync.log 2>&1\nEOF"),
        ],
        "wrong": [
            # > instead of >>: the other jobs are gone
            bad("keep-old-lines", "q18_crontab",
                "echo '30 2 * * 1-5 /srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' > config/crontab"),
            # the line split in two: the schedule on one line, the command on the next
            bad("one-line-at-end", "q18_crontab",
                "printf '30 2 * * 1-5\\n/srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1\\n' >> config/crontab"),
            # hour and minute swapped
            bad("minute-hour", "q18_crontab",
                "echo '2 30 * * 1-5 /srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' >> config/crontab"),
            # 0-4 is Sunday to Thursday
            bad("monday-to-friday", "q18_crontab",
                "echo '30 2 * * 0-4 /srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' >> config/crontab"),
            # this month only (cron has no year: every March)
            bad("all-year", "q18_crontab",
                "echo '30 2 * 3 1-5 /srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' >> config/crontab"),
            # a relative path: cron starts in the home folder
            bad("job-command", "q18_crontab",
                "echo '30 2 * * 1-5 bin/sync-standby.sh >> logs/sync.log 2>&1' >> config/crontab"),
            # printf without \n: the file ends without a newline
            bad("newline-at-end", "q18_crontab",
                "printf '%s' '30 2 * * 1-5 /srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' >> config/crontab"),
            # tee also prints the line
            bad("prints-nothing", "q18_crontab",
                "echo '30 2 * * 1-5 /srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' | tee -a config/crontab"),
            # unquoted: the shell expands * and runs >> itself
            cmd("q18_crontab", "echo 30 2 * * 1-5 /srv/daon/bin/sync-standby.sh >> config/crontab"),
            # the visible server's whole crontab written out
            cmd("q18_crontab", "printf '%s\\n' '# crontab of this server, kept in git: `crontab config/crontab` installs it' "
                               "'SHELL=/bin/bash' 'MAILTO=ml-team@daonmarket.kr' '' '# m  h  dom mon dow  command' "
                               "'59 13 * * 0 /srv/daon/bin/rotate-logs.sh >> /srv/daon/logs/rotate.log 2>&1' "
                               "'*/15 * * * * /srv/daon/bin/healthcheck.sh > /dev/null 2>&1' "
                               "'2 3 * * * /srv/daon/venv/bin/python /srv/daon/ml/retrain.py --config /srv/daon/config/train.yaml' "
                               "'30 2 * * 1-5 /srv/daon/bin/sync-standby.sh >> /srv/daon/logs/sync.log 2>&1' > config/crontab"),
        ],
    },
    "q19_permissions": {
        "domain": {"inputs": "the inputs the question states: every .env file of web-02 gets mode 600; the .env files in config/ too; every script in bin/ gets mode 750; .env.example keeps its mode; the folders keep their modes (bin/ stays 755); nothing changes on web-01; stat prints the new mode and the path of each changed file, one line each"},
        "hints": [
            "`ls -la hosts/web-02/app hosts/web-02/app/config hosts/web-02/app/bin` shows what to change. "
            "`chmod` takes several files at once, and globs such as `config/*.env` work.",
            "600 is read and write for the owner only; 750 adds execute for the owner and read and execute for the "
            "group. Give chmod the files, not the folders (`chmod -R` would change `bin/` too).",
            "Run `stat -c '%a %n'` after the chmods, on the same files and written from the server folder: "
            "it then prints the new modes with the paths asked.",
        ],
        "alternatives": [
            cmd("q19_permissions", "find hosts/web-02/app -type f -name '*.env' -exec chmod 600 {} + && "
                                   "chmod 750 hosts/web-02/app/bin/*.sh && find hosts/web-02/app -type f "
                                   "\\( -name '*.env' -o -path '*/bin/*.sh' \\) -exec stat -c '%a %n' {} +"),
            cmd("q19_permissions", "a=hosts/web-02/app; chmod u=rw,go= \"$a\"/.env \"$a\"/config/*.env && "
                                   "chmod u=rwx,g=rx,o= \"$a\"/bin/*.sh && stat -c '%a %n' \"$a\"/.env \"$a\"/config/*.env "
                                   "\"$a\"/bin/*.sh"),
        ],
        "wrong": [
            # 640: the group can still read the secrets
            bad("env-600", "q19_permissions",
                "chmod 640 hosts/web-02/app/.env hosts/web-02/app/config/*.env && chmod 750 hosts/web-02/app/bin/*.sh "
                "&& stat -c '%a %n' hosts/web-02/app/.env hosts/web-02/app/config/*.env hosts/web-02/app/bin/*.sh"),
            # only the .env at the top
            bad("env-in-config", "q19_permissions",
                "chmod 600 hosts/web-02/app/.env && chmod 750 hosts/web-02/app/bin/*.sh "
                "&& stat -c '%a %n' hosts/web-02/app/.env hosts/web-02/app/bin/*.sh"),
            # +x: 755, others may still run (and read) the scripts
            bad("scripts-750", "q19_permissions",
                "chmod 600 hosts/web-02/app/.env hosts/web-02/app/config/*.env && chmod +x hosts/web-02/app/bin/*.sh "
                "&& stat -c '%a %n' hosts/web-02/app/.env hosts/web-02/app/config/*.env hosts/web-02/app/bin/*.sh"),
            # *env* also matches .env.example
            bad("not-example", "q19_permissions",
                "find hosts/web-02/app -type f -name '*env*' -exec chmod 600 {} + && chmod 750 hosts/web-02/app/bin/*.sh "
                "&& stat -c '%a %n' hosts/web-02/app/.env hosts/web-02/app/config/*.env hosts/web-02/app/bin/*.sh"),
            # -R on the folder: bin/ itself becomes 750
            bad("folders-unchanged", "q19_permissions",
                "chmod 600 hosts/web-02/app/.env hosts/web-02/app/config/*.env && chmod -R 750 hosts/web-02/app/bin "
                "&& stat -c '%a %n' hosts/web-02/app/.env hosts/web-02/app/config/*.env hosts/web-02/app/bin/*.sh"),
            # every host's scripts: web-01's go from 755 to 750
            bad("web02-only", "q19_permissions",
                "chmod 600 hosts/web-02/app/.env hosts/web-02/app/config/*.env && chmod 750 hosts/*/app/bin/*.sh "
                "&& stat -c '%a %n' hosts/web-02/app/.env hosts/web-02/app/config/*.env hosts/web-02/app/bin/*.sh"),
            # stat before the chmods: it prints the old modes
            bad("stat-after", "q19_permissions",
                "stat -c '%a %n' hosts/web-02/app/.env hosts/web-02/app/config/*.env hosts/web-02/app/bin/*.sh; "
                "chmod 600 hosts/web-02/app/.env hosts/web-02/app/config/*.env && chmod 750 hosts/web-02/app/bin/*.sh"),
            # the visible server's files by name
            cmd("q19_permissions", "cd hosts/web-02/app && chmod 600 .env config/kakao.env config/payment.env && "
                                   "chmod 750 bin/start.sh bin/reindex.sh && printf '%s\\n' '600 hosts/web-02/app/.env' "
                                   "'600 hosts/web-02/app/config/kakao.env' '600 hosts/web-02/app/config/payment.env' "
                                   "'750 hosts/web-02/app/bin/reindex.sh' '750 hosts/web-02/app/bin/start.sh'"),
        ],
    },
    "q20_predict": {
        "domain": {"inputs": "the inputs the question states: the request is a POST (the API refuses GET on /v1/predict); the body is sent with the header Content-Type: application/json; the body is the JSON {\"customer_id\": 1042}, the id as a number; the address comes from DAON_API (the API's port changes); one line: the risk band, a space, the score, without quotes"},
        "hints": [
            "Look at the API's answers first: `curl -s -i` shows the status line. 405 means the method is wrong, "
            "415 the content type, 422 the body.",
            "`-X POST`, `-H 'Content-Type: application/json'` and `-d '{\"customer_id\": 1042}'` (single quotes "
            "around the JSON, double quotes inside it). The address is `\"$DAON_API/v1/predict\"`.",
            "Pipe the answer into `jq -r`; `'\"\\(.risk) \\(.churn_score)\"'` builds one line from two fields.",
        ],
        "alternatives": [
            cmd("q20_predict", "curl -s \"$DAON_API/v1/predict\" -H 'content-type: application/json' "
                               "--data '{\"customer_id\":1042}' | jq -r '[.risk, .churn_score] | join(\" \")'"),
            cmd("q20_predict", "curl -sS -X POST \"$DAON_API/v1/predict\" -H 'Content-Type: application/json' "
                               "-d '{\"customer_id\": 1042}' | jq -j '.risk, \" \", .churn_score, \"\\n\"'"),
            cmd("q20_predict", "body=$(curl -s -H 'Content-Type: application/json' -d '{\"customer_id\": 1042}' "
                               "\"$DAON_API/v1/predict\"); echo \"$(jq -r .risk <<< \"$body\") $(jq .churn_score <<< \"$body\")\""),
        ],
        "wrong": [
            # GET: the API answers 405
            bad("post", "q20_predict",
                "curl -s -X GET -H 'Content-Type: application/json' -d '{\"customer_id\": 1042}' "
                "\"$DAON_API/v1/predict\" | jq -r '\"\\(.risk) \\(.churn_score)\"'"),
            # -d alone sends a form: the API answers 415
            bad("json-header", "q20_predict",
                "curl -s -X POST -d '{\"customer_id\": 1042}' \"$DAON_API/v1/predict\" | jq -r '\"\\(.risk) \\(.churn_score)\"'"),
            # the id as a string: 422
            bad("customer-number", "q20_predict",
                "curl -s -X POST -H 'Content-Type: application/json' -d '{\"customer_id\": \"1042\"}' "
                "\"$DAON_API/v1/predict\" | jq -r '\"\\(.risk) \\(.churn_score)\"'"),
            # the usual port written out: nothing listens there
            bad("daon-api", "q20_predict",
                "curl -s -X POST -H 'Content-Type: application/json' -d '{\"customer_id\": 1042}' "
                "http://127.0.0.1:8000/v1/predict | jq -r '\"\\(.risk) \\(.churn_score)\"'"),
            # two lines, the risk in quotes
            bad("risk-space-score", "q20_predict",
                "curl -s -X POST -H 'Content-Type: application/json' -d '{\"customer_id\": 1042}' "
                "\"$DAON_API/v1/predict\" | jq '.risk, .churn_score'"),
            # the visible answer, hard-coded
            cmd("q20_predict", "echo high 0.8908"),
        ],
    },
    "q21_slow_requests": {
        "domain": {"inputs": "the inputs the question states: only requests to /v1/predict (not /health, not /v1/predict/batch); latency_ms more than 800: 800 is not listed, 800.4 is; failed requests are listed too; the request ids, without quotes; in the order of the log"},
        "hints": [
            "`head -n 3 logs/api.jsonl | jq .` shows the fields. `jq 'select(CONDITION)'` keeps the objects "
            "for which the condition is true; `| .request_id` then takes one field.",
            "Two conditions joined with `and`: the path equal to `\"/v1/predict\"` (== compares the whole string, "
            "so /v1/predict/batch does not pass) and `.latency_ms > 800` (more than: 800 itself does not pass).",
            "`jq -r` prints the ids without quotes. Keep the log's order: no `sort`.",
        ],
        "alternatives": [
            cmd("q21_slow_requests", "jq -r 'select(.path == \"/v1/predict\") | select(.latency_ms > 800) | "
                                     ".request_id' logs/api.jsonl"),
            cmd("q21_slow_requests", "jq -rs '.[] | select(.latency_ms > 800 and .path == \"/v1/predict\") | "
                                     ".request_id' logs/api.jsonl"),
            cmd("q21_slow_requests", "jq -r 'if .path == \"/v1/predict\" and .latency_ms > 800 then .request_id "
                                     "else empty end' < logs/api.jsonl"),
        ],
        "wrong": [
            # startswith: /v1/predict/batch passes too
            bad("predict-only", "q21_slow_requests",
                "jq -r 'select((.path | startswith(\"/v1/predict\")) and .latency_ms > 800) | .request_id' logs/api.jsonl"),
            # >= : a request of exactly 800 ms is listed
            bad("more-than-800", "q21_slow_requests",
                "jq -r 'select(.path == \"/v1/predict\" and .latency_ms >= 800) | .request_id' logs/api.jsonl"),
            # only the successful ones
            bad("failed-too", "q21_slow_requests",
                "jq -r 'select(.path == \"/v1/predict\" and .latency_ms > 800 and .status == 200) | .request_id' "
                "logs/api.jsonl"),
            # without -r: the ids in quotes
            bad("raw-ids", "q21_slow_requests",
                "jq 'select(.path == \"/v1/predict\" and .latency_ms > 800) | .request_id' logs/api.jsonl"),
            # sorted
            bad("log-order", "q21_slow_requests",
                "jq -r 'select(.path == \"/v1/predict\" and .latency_ms > 800) | .request_id' logs/api.jsonl | sort"),
            # the visible ids, hard-coded
            cmd("q21_slow_requests", "printf '%s\\n' req-fa2a5a05 req-9c37d313 req-3b3c022e req-bc1da66e "
                                     "req-b76f56b4 req-67da009b req-4c1d7c55 req-ead143d8"),
        ],
    },
    "q22_iconv": {
        "domain": {"inputs": "the inputs the question states: the result is the new file inbox/stores.csv; an inbox/stores.csv left by an earlier run is replaced, not added to; the file is read as CP949 (its names use syllables EUC-KR lacks); the new file is UTF-8, without a byte order mark; the new file ends its lines with LF, without carriage returns; inbox/stores_cp949.csv is left as it is; the command prints nothing"},
        "hints": [
            "`iconv -f CP949 -t UTF-8 FILE` prints the converted text: look at it before you write anything.",
            "`od -c` shows the `\\r` before each `\\n`; `tr -d '\\r'` removes them. Chain the two with a pipe and "
            "write the result with `>` into the new file.",
            "Name CP949, not EUC-KR: EUC-KR lacks some of the syllables in the store names. With `-f EUC-KR`, "
            "glibc's iconv garbles some of them silently and stops halfway with an error "
            "(`illegal input sequence`) at others; either way, name CP949.",
        ],
        "alternatives": [
            cmd("q22_iconv", "iconv -f cp949 -t utf-8 < inbox/stores_cp949.csv | sed 's/\\r$//' > inbox/stores.csv"),
            cmd("q22_iconv", "tr -d '\\r' < inbox/stores_cp949.csv | iconv -f UHC -t UTF-8 -o inbox/stores.csv"),
            cmd("q22_iconv", "python3 -c \"import sys; open('inbox/stores.csv', 'w', encoding='utf-8', newline='\\n')"
                             ".write(open('inbox/stores_cp949.csv', encoding='cp949').read())\""),
        ],
        "wrong": [
            # converted to the screen, no file
            bad("new-file", "q22_iconv", "iconv -f CP949 -t UTF-8 inbox/stores_cp949.csv | tr -d '\\r' > /dev/null"),
            # >> adds the conversion after an earlier one
            bad("replace-earlier", "q22_iconv", "iconv -f CP949 -t UTF-8 inbox/stores_cp949.csv | tr -d '\\r' >> inbox/stores.csv"),
            # EUC-KR: CP949-only syllables come out as junk or stop iconv with an error
            bad("from-cp949", "q22_iconv", "iconv -f EUC-KR -t UTF-8 inbox/stores_cp949.csv | tr -d '\\r' > inbox/stores.csv"),
            # a byte order mark first, as Excel likes it
            bad("utf8-no-bom", "q22_iconv",
                "{ printf '\\xef\\xbb\\xbf'; iconv -f CP949 -t UTF-8 inbox/stores_cp949.csv | tr -d '\\r'; } > inbox/stores.csv"),
            # the carriage returns kept
            bad("lf-endings", "q22_iconv", "iconv -f CP949 -t UTF-8 inbox/stores_cp949.csv > inbox/stores.csv"),
            # the original removed afterwards
            bad("original-kept", "q22_iconv",
                "iconv -f CP949 -t UTF-8 inbox/stores_cp949.csv | tr -d '\\r' > inbox/stores.csv && rm inbox/stores_cp949.csv"),
            # tee also prints the file
            bad("prints-nothing", "q22_iconv", "iconv -f CP949 -t UTF-8 inbox/stores_cp949.csv | tr -d '\\r' | tee inbox/stores.csv"),
            # the visible file's first lines written out
            cmd("q22_iconv", "printf 'store_id,name,district,phone,opened\\nS1004,다온 서초 반찬가게,서초,02-499-7499,2025-07-01\\n' "
                             "> inbox/stores.csv"),
        ],
    },
    "q23_nightly_script": {
        "equivalent": [
            {"diff": "- gzip -dc \"$1\" | jq -r 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -nr > \"$work/report.txt\"\n+ gzip -dc \"$1\" | jq -r 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -r > \"$work/report.txt\"",
             "reason": "uniq -c pads every count to the same width, so the counts sorted as text in reverse are in the same order as sorted as numbers; equal counts fall back to the whole line either way"},
            {"diff": "- gzip -dc \"$1\" | jq -r 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -nr > \"$work/report.txt\"\n+ gzip -dc \"$1\" | jq -r 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -nr >> \"$work/report.txt\"",
             "reason": "report.txt is written once, in a folder mktemp has just made: appending to a file that does not exist yet makes the same file"},
            {"diff": "- trap 'rm -rf \"$work\"' EXIT\n+ trap 'rm -rf $work' EXIT",
             "reason": "mktemp's folder name has no spaces or glob characters: unquoted, it is the same single word"},
            {"diff": "- gzip -dc \"$1\" | jq -r 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -nr > \"$work/report.txt\"\n+ gzip -dc $1 | jq -r 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -nr > \"$work/report.txt\"",
             "reason": "the checks pass log paths without spaces or glob characters: unquoted, it is the same single word"},
            {"diff": "- gzip -dc \"$1\" | jq -r 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -nr > \"$work/report.txt\"\n+ gzip -dc \"$1\" | jq 'select(.path == \"/v1/predict\") | .status' | sort | uniq -c | sort -nr > \"$work/report.txt\"",
             "reason": "status is a number: jq prints a number the same with or without -r (raw output changes strings only)"},
        ],
        "domain": {"inputs": "the inputs the question states: a good gzipped API log and REPORT_DATE set; a log that does "
                             "not exist; a log with a line cut short in the middle; REPORT_DATE unset; TMPDIR set to a "
                             "folder of the server copy, and a mktemp that makes nothing outside it"},
        "hints": [
            "Start from the example of section 16: the shebang, `set -euo pipefail`, a temporary folder from `mktemp -d` "
            "kept in a variable, then the trap.",
            "An EXIT trap runs on every exit, success too; an ERR trap does not. Let the trap remove the folder whose "
            "path you kept, and write the pipeline's output into that folder, never straight into logs/.",
            "The last step moves the finished report from the temporary folder to its place in logs/, with one `mv`. "
            "With set -u, an unset REPORT_DATE stops the script before it, and the trap still runs.",
        ],
        "alternatives": [
            nightly(sets="set -o errexit -o nounset -o pipefail",
                    trap='cleanup() { rm -rf -- "$work"; }\ntrap cleanup EXIT'),
            "q23_nightly_script = " + repr("#!/usr/bin/env bash\nset -Eeuo pipefail\n: \"${REPORT_DATE:?REPORT_DATE is not set}\"\n"
                                            "log=$1\nout=logs/predict-status-${REPORT_DATE}.txt\ntmp=\"$(mktemp -d -t nightly.XXXXXX)\"\n"
                                            "trap \"rm -rf '$tmp'\" EXIT\nzcat \"$log\" | " + NIGHTLY_PIPE + " > \"$tmp/out\"\n"
                                            "mv -f \"$tmp/out\" \"$out\"\n"),
            nightly(build='gzip -dc "$1" > "$work/log.jsonl"\n' + 'jq -r \'select(.path == "/v1/predict") | .status\' '
                    '"$work/log.jsonl" | sort | uniq -c | sort -nr > "$work/report.txt"', end="exit 0"),
            # the temporary file next to the report: mv is a rename even when $TMPDIR is another file system
            nightly(make="work=$(mktemp logs/.predict-status.XXXXXX)", trap="trap 'rm -f \"$work\"' EXIT",
                    build='gzip -dc "$1" | ' + NIGHTLY_PIPE + ' > "$work"',
                    move='mv "$work" "logs/predict-status-$REPORT_DATE.txt"'),
        ],
        "wrong": [
            # no pipefail: a missing log makes gzip fail, sort succeed, and an empty report is moved into place
            bad_code("pipefail", nightly(sets="set -eu")),
            # no -e: the failed pipeline is noticed by nobody; mv moves what it wrote
            bad_code("stop-on-error", nightly(sets="set -uo pipefail")),
            # no -u: without REPORT_DATE the report becomes logs/predict-status-.txt
            bad_code("unset-variable", nightly(sets="set -eo pipefail")),
            # a folder of its own in /tmp, outside $TMPDIR, and no trap: a failed run leaves it where nobody looks
            bad_code("temp-removed", nightly(make="work=$(mktemp -d /tmp/nightly.XXXXXX)", trap="", end='rm -rf "$work"')),
            # an ERR trap only: on success the temporary folder stays behind
            bad_code("temp-removed", nightly(trap="trap 'rm -rf \"$work\"' ERR")),
            # no trap, rm at the end: a failed run leaves its temporary folder
            bad_code("temp-removed", nightly(trap="", end='rm -rf "$work"')),
            # the temporary file in logs/, but no trap: a failed run leaves logs/.predict-status.XXXXXX behind
            bad_code("temp-removed", nightly(make="work=$(mktemp logs/.predict-status.XXXXXX)", trap="",
                                             build='gzip -dc "$1" | ' + NIGHTLY_PIPE + ' > "$work"',
                                             move='mv "$work" "logs/predict-status-$REPORT_DATE.txt"')),
            # the temporary file in a folder of its own choosing (data/): the checks' mktemp refuses it
            bad_code("temp-removed", nightly(make="work=$(mktemp data/.predict-status.XXXXXX)",
                                             trap="trap 'rm -f \"$work\"' EXIT",
                                             build='gzip -dc "$1" | ' + NIGHTLY_PIPE + ' > "$work"',
                                             move='mv "$work" "logs/predict-status-$REPORT_DATE.txt"')),
            # the report written in place: a failed run leaves an empty or half-written report
            bad_code("no-partial-report", nightly(build='gzip -dc "$1" | ' + NIGHTLY_PIPE
                                                 + ' > "logs/predict-status-$REPORT_DATE.txt"', move="")),
            # every request, not only the predictions
            bad_code("report", nightly(build='gzip -dc "$1" | jq -r .status | sort | uniq -c | sort -nr > "$work/report.txt"')),
            # the visible report, hard-coded
            nightly(build="printf '    224 200\\n      3 503\\n      2 500\\n      2 422\\n' > \"$work/report.txt\"\n"
                          'test -f "$1"'),
        ],
    },
    "q24_ssh_setup": {
        "equivalent": [
            {"diff": "- cat > laptop/.ssh/config <<'EOF'\n+ cat >> laptop/.ssh/config <<'EOF'",
             "reason": "the second run appends a second copy of the same blocks after the first: ssh keeps the first value it finds for each option, so every option ssh -G reports is the same"},
        ],
        "domain": {"inputs": "the inputs the question states: a fresh server folder without laptop/; ssh -G asked for gpu "
                             "and for other host names; the commands run a second time in the same folder"},
        "hints": [
            "Three steps: the folder (`mkdir -p`, then `chmod 700`), the key pair (`ssh-keygen`), the config (a here-doc "
            "into the config's path: `cat > FILE <<'EOF'` ... `EOF`).",
            "`ssh-keygen -t ed25519 -N '' -C COMMENT -f PATH` makes both files; add `-q` to keep it quiet. It writes the "
            "private key with mode 600 already, and asks before it overwrites a key that is there.",
            "In the config, `Host gpu` with its five options (the `LocalForward` too) comes first, `Host *` with the "
            "defaults last: ssh keeps the first value it finds. Check with "
            "`ssh -G -F laptop/.ssh/config gpu | grep -E '^(hostname|user|port|localforward) '`.",
        ],
        "alternatives": [
            # answers y when a key is there already
            ssh_setup(folder="install -d -m 700 laptop/.ssh", clear="",
                      keygen="yes y | ssh-keygen -t ed25519 -f laptop/.ssh/id_gpu -N \"\" -C minji@daon-laptop > /dev/null",
                      config="Host gpu\n  hostname gpu-01.daon.internal\n  user minji\n  port 2222\n  identityfile ~/.ssh/id_gpu\n"
                             "  ServerAliveInterval 60\n  localforward 127.0.0.1:6006 127.0.0.1:6006\nHost *\n  User deploy\n"
                             "  Port 22\n  ServerAliveInterval 60\n"),
            cmd("q24_ssh_setup", "mkdir -m 700 -p laptop/.ssh\nrm -f laptop/.ssh/id_gpu*\nssh-keygen -q -t ed25519 -N '' -C minji@daon-laptop -f laptop/.ssh/id_gpu\n"
                                 "printf '%s\\n' 'Host gpu' ' HostName gpu-01.daon.internal' ' User minji' ' Port 2222' "
                                 "' IdentityFile ~/.ssh/id_gpu' ' LocalForward=6006 localhost:6006' 'Host *' ' User deploy' ' Port 22' "
                                 "' ServerAliveInterval 60' "
                                 "> laptop/.ssh/config\nchmod 600 laptop/.ssh/id_gpu"),
        ],
        "wrong": [
            # Host * first: its User and Port win for gpu too
            bad_code("gpu-block", ssh_setup(config="Host *\n    User deploy\n    Port 22\n    ServerAliveInterval 60\n\n"
                                                    "Host gpu\n    HostName gpu-01.daon.internal\n    User minji\n"
                                                    "    Port 2222\n    IdentityFile ~/.ssh/id_gpu\n"
                                                    "    LocalForward 6006 localhost:6006\n")),
            # the old pair left in place: run again, ssh-keygen asks "Overwrite (y/n)?", reads no answer, keeps it
            bad_code("key-pair", ssh_setup(clear="")),
            # RSA, the old default
            bad_code("ed25519", ssh_setup(keygen="ssh-keygen -q -t rsa -b 4096 -N '' -C 'minji@daon-laptop' -f laptop/.ssh/id_gpu")),
            # a passphrase set
            bad_code("no-passphrase", ssh_setup(keygen="ssh-keygen -q -t ed25519 -N 'daon2026!' -C 'minji@daon-laptop' "
                                                       "-f laptop/.ssh/id_gpu")),
            # no comment: ssh-keygen's default user@host
            bad_code("comment", ssh_setup(keygen="ssh-keygen -q -t ed25519 -N '' -f laptop/.ssh/id_gpu")),
            # the whole folder made readable: the key too
            bad_code("key-600", ssh_setup(after="chmod 644 laptop/.ssh/id_gpu laptop/.ssh/id_gpu.pub")),
            # mkdir alone: the folder stays 755
            bad_code("folder-700", ssh_setup(folder="mkdir -p laptop/.ssh")),
            # no defaults block
            bad_code("defaults", ssh_setup(config="Host gpu\n    HostName gpu-01.daon.internal\n    User minji\n"
                                                  "    Port 2222\n    IdentityFile ~/.ssh/id_gpu\n    ServerAliveInterval 60\n"
                                                  "    LocalForward 6006 localhost:6006\n")),
            # no tunnel: TensorBoard on the server cannot be reached from the laptop's browser
            bad_code("tunnel", ssh_setup(config="Host gpu\n    HostName gpu-01.daon.internal\n    User minji\n"
                                                "    Port 2222\n    IdentityFile ~/.ssh/id_gpu\n\nHost *\n    User deploy\n"
                                                "    Port 22\n    ServerAliveInterval 60\n")),
            # RemoteForward (ssh -R) for LocalForward (ssh -L): the server's port 6006 would come to the laptop
            bad_code("tunnel", ssh_setup(config="Host gpu\n    HostName gpu-01.daon.internal\n    User minji\n"
                                                "    Port 2222\n    IdentityFile ~/.ssh/id_gpu\n    RemoteForward 6006 localhost:6006\n"
                                                "\nHost *\n    User deploy\n    Port 22\n    ServerAliveInterval 60\n")),
            # the tunnel in Host *: every ssh to any host tries to take the laptop's port 6006
            bad_code("tunnel", ssh_setup(config="Host gpu\n    HostName gpu-01.daon.internal\n    User minji\n"
                                                "    Port 2222\n    IdentityFile ~/.ssh/id_gpu\n\nHost *\n    User deploy\n"
                                                "    Port 22\n    ServerAliveInterval 60\n    LocalForward 6006 localhost:6006\n")),
            # a key saved earlier, written out: the same key on every run
            cmd("q24_ssh_setup", "mkdir -p laptop/.ssh && chmod 700 laptop/.ssh\ncat > laptop/.ssh/id_gpu <<'EOF'\n"
                                 + '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBQFcYe1GyFEE3uPykTnckX6PS3hsXgdiK0p8ohIcHjKwAAAJivYRONr2ET\njQAAAAtzc2gtZWQyNTUxOQAAACBQFcYe1GyFEE3uPykTnckX6PS3hsXgdiK0p8ohIcHjKw\nAAAEB95PLVZMgoGRoi211n+Y8iOQoIizEgnz5elHWQfJEq4FAVxh7UbIUQTe4/KROdyRfo\n9LeGxeB2IrSnyiEhweMrAAAAEW1pbmppQGRhb24tbGFwdG9wAQIDBA==\n-----END OPENSSH PRIVATE KEY-----' + "\nEOF\nchmod 600 laptop/.ssh/id_gpu\necho '" + 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAVxh7UbIUQTe4/KROdyRfo9LeGxeB2IrSnyiEhweMr minji@daon-laptop'
                                 + "' > laptop/.ssh/id_gpu.pub\ncat > laptop/.ssh/config <<'EOF'\nHost gpu\n    HostName "
                                 "gpu-01.daon.internal\n    User minji\n    Port 2222\n    IdentityFile ~/.ssh/id_gpu\n"
                                 "    LocalForward 6006 localhost:6006\n\nHost *\n"
                                 "    User deploy\n    Port 22\n    ServerAliveInterval 60\nEOF"),
        ],
    },
}
