"""Alternative correct and plausible wrong answers for 01_shell.

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook.
The wrong answers are the mistakes people really make on a server: `uniq`
without `sort`, a grep that also matches byte counts such as 5023, `mv`
instead of `cp`, `>` instead of `>>`, an unexported variable, an unquoted
"$1", `;` instead of `&&`, `2>&1` before `>`, `cut -d' '` on space-padded columns, and
hard-coded outputs of the visible server."""


def cmd(name: str, command: str) -> str:
    return f"{name} = {command!r}"


ANSWERS = {
    "q1_backup": {
        "alternatives": [
            cmd("q1_backup", "mkdir -p backup; cp data/orders/orders_2026-01.csv data/orders/orders_2026-02.csv "
                             "data/orders/orders_2026-03.csv backup"),
            cmd("q1_backup", "mkdir backup && cd data/orders && cp orders_2026-0[123].csv ../../backup/"),
            cmd("q1_backup", "mkdir backup\nfor m in 01 02 03; do cp \"data/orders/orders_2026-$m.csv\" backup/; done"),
        ],
        "wrong": [
            # moves instead of copying: the originals are gone
            cmd("q1_backup", "mkdir backup && mv data/orders/orders_2026-0[1-3].csv backup/"),
            # a glob that also catches the duplicate download "orders 2026-02 (1).csv"
            cmd("q1_backup", "mkdir backup && cp data/orders/*2026-0[1-3]*.csv backup/"),
            # every month, April included
            cmd("q1_backup", "mkdir backup && cp data/orders/orders_*.csv backup/"),
        ],
    },
    "q2_recent_errors": {
        "alternatives": [
            cmd("q2_recent_errors", "grep -vE '\\[[a-z_]+:notice\\]' logs/error.log | tail -5"),
            cmd("q2_recent_errors", "awk '$6 !~ /:notice\\]$/' logs/error.log | tail -n 5"),
        ],
        "wrong": [
            # also drops the error whose message mentions /notice/spring-sale.html
            cmd("q2_recent_errors", "grep -v notice logs/error.log | tail -n 5"),
            # tail first: the last five lines include notices, and filtering leaves fewer than five
            cmd("q2_recent_errors", "tail -n 5 logs/error.log | grep -v ':notice]'"),
            # only the [error] level: drops the warnings
            cmd("q2_recent_errors", "grep ':error]' logs/error.log | tail -n 5"),
        ],
    },
    "q3_count_5xx": {
        "alternatives": [
            cmd("q3_count_5xx", "awk '$9 ~ /^5[0-9][0-9]$/' logs/access.log | wc -l"),
            cmd("q3_count_5xx", "cut -d' ' -f9 logs/access.log | grep -c '^5'"),
            cmd("q3_count_5xx", "grep -Ec 'HTTP/1\\.1\" 5[0-9][0-9] ' logs/access.log"),
        ],
        "wrong": [
            # also matches a 200 whose byte count starts with 5 (" 5023")
            cmd("q3_count_5xx", "grep -c ' 5[0-9][0-9]' logs/access.log"),
            # only status 500, and every line containing 500 anywhere
            cmd("q3_count_5xx", "grep -c 500 logs/access.log"),
            # the visible answer, hard-coded
            cmd("q3_count_5xx", "echo 54"),
        ],
    },
    "q4_top_ips": {
        "alternatives": [
            cmd("q4_top_ips", "awk '{print $1}' logs/access.log | sort | uniq -c | sort -rn | head -3"),
            cmd("q4_top_ips", "awk '{ n[$1]++ } END { for (ip in n) print n[ip], ip }' logs/access.log "
                              "| sort -k1,1nr | head -n 3"),
        ],
        "wrong": [
            # uniq without sort: counts only runs of adjacent equal lines
            cmd("q4_top_ips", "cut -d' ' -f1 logs/access.log | uniq -c | sort -nr | head -n 3"),
            # ascending: the three quietest clients
            cmd("q4_top_ips", "cut -d' ' -f1 logs/access.log | sort | uniq -c | sort -n | head -n 3"),
            # the visible answer, hard-coded
            cmd("q4_top_ips", "printf '291 59.170.185.49\\n256 110.231.34.237\\n241 222.26.38.31\\n'"),
        ],
    },
    "q5_distinct_products": {
        "alternatives": [
            # sort | uniq is the same as sort -u
            cmd("q5_distinct_products", "grep -oE '/product/[0-9]+' logs/access.log | sort | uniq | wc -l"),
            cmd("q5_distinct_products", "grep -o '/product/[0-9]*' logs/access.log | cut -d/ -f3 | sort -u | wc -l"),
        ],
        "wrong": [
            # uniq without sort: only adjacent duplicates merged
            cmd("q5_distinct_products", "grep -oE '/product/[0-9]+' logs/access.log | uniq | wc -l"),
            # the whole path: /product/1173?from=search counts as another product
            cmd("q5_distinct_products", "cut -d' ' -f7 logs/access.log | grep '^/product/' | sort -u | wc -l"),
            # views, not products
            cmd("q5_distinct_products", "grep -c '/product/' logs/access.log"),
        ],
    },
    "q6_train_logs": {
        "alternatives": [
            cmd("q6_train_logs", "python3 ml/train.py 2>>logs/train_errors.log > logs/train_out.log; "
                                 "cat logs/train_out.log"),
            cmd("q6_train_logs", "python3 ml/train.py 2>> logs/train_errors.log | tee -a logs/train_out.log"),
        ],
        "wrong": [
            # > empties the error log: the earlier runs' errors are lost
            cmd("q6_train_logs", "python3 ml/train.py 2> logs/train_errors.log | tee logs/train_out.log"),
            # both streams into the output log
            cmd("q6_train_logs", "python3 ml/train.py 2>&1 | tee logs/train_out.log"),
            # nothing on the screen
            cmd("q6_train_logs", "python3 ml/train.py 2>> logs/train_errors.log > logs/train_out.log"),
        ],
    },
    "q7_big_checkpoints": {
        "alternatives": [
            cmd("q7_big_checkpoints", 'find . -name "*.pt" -size +100k -type f'),
            cmd("q7_big_checkpoints", "find . -type f -name '*.pt' -size +102400c"),
        ],
        "wrong": [
            # without a unit, -size counts 512-byte blocks: +100 means more than 50 KiB
            cmd("q7_big_checkpoints", "find . -type f -name '*.pt' -size +100"),
            # only models/: misses the checkpoint forgotten in tmp/
            cmd("q7_big_checkpoints", "find ./models -type f -name '*.pt' -size +100k"),
            # every checkpoint, whatever its size
            cmd("q7_big_checkpoints", "find . -type f -name '*.pt'"),
        ],
    },
    "q8_csv_lines": {
        "alternatives": [
            cmd("q8_csv_lines", "find data -type f -name '*.csv' -exec wc -l {} +"),
            cmd("q8_csv_lines", "find data -name \"*.csv\" -print0 | xargs -0 wc -l --"),
        ],
        "wrong": [
            # xargs splits "exports 2025" and "orders 2026-02 (1).csv" at the spaces
            cmd("q8_csv_lines", "find data -name '*.csv' | xargs wc -l"),
            # one wc per file: no total line
            cmd("q8_csv_lines", "find data -name '*.csv' -exec wc -l {} \\;"),
            # misses the folder "exports 2025"
            cmd("q8_csv_lines", "wc -l data/orders/*.csv"),
        ],
    },
    "q9_tsv_to_csv": {
        "alternatives": [
            cmd("q9_tsv_to_csv", "sed 's/\\t/,/g' data/products.tsv > data/products.csv"),
            cmd("q9_tsv_to_csv", "cat data/products.tsv | tr '\\t' , > data/products.csv"),
            cmd("q9_tsv_to_csv", "awk -F'\\t' -v OFS=, '{ $1 = $1; print }' data/products.tsv > data/products.csv"),
        ],
        "wrong": [
            # only the first tab of each line
            cmd("q9_tsv_to_csv", "sed 's/\\t/,/' data/products.tsv > data/products.csv"),
            # edits the original instead of writing a new file
            cmd("q9_tsv_to_csv", "sed -i 's/\\t/,/g' data/products.tsv"),
            # prints the result instead of saving it
            cmd("q9_tsv_to_csv", "tr '\\t' ',' < data/products.tsv"),
        ],
    },
    "q11_bytes_one_day": {
        "alternatives": [
            cmd("q11_bytes_one_day", "grep '\\[12/Mar/2026:' logs/access.log | awk '{ s += $10 } END { print s }'"),
            cmd("q11_bytes_one_day", "grep -F '[12/Mar/2026' logs/access.log | cut -d' ' -f10 "
                                     "| awk '{ total = total + $1 } END { printf \"%d\\n\", total }'"),
        ],
        "wrong": [
            # the whole week
            cmd("q11_bytes_one_day", "awk '{ s += $10 } END { print s }' logs/access.log"),
            # the status column instead of the bytes
            cmd("q11_bytes_one_day", "grep '12/Mar/2026' logs/access.log | awk '{ s += $9 } END { print s }'"),
            # the visible answer, hard-coded
            cmd("q11_bytes_one_day", "echo 4438399"),
        ],
    },
    "q12_epochs_env": {
        "alternatives": [
            cmd("q12_epochs_env", "export DAON_EPOCHS=5; python3 ml/train.py"),
            cmd("q12_epochs_env", "env DAON_EPOCHS=5 python3 ml/train.py"),
        ],
        "wrong": [
            # a shell variable that is not exported: the script still sees no DAON_EPOCHS
            cmd("q12_epochs_env", "DAON_EPOCHS=5; python3 ml/train.py"),
            # the script has no such option: it runs 3 epochs
            cmd("q12_epochs_env", "python3 ml/train.py --epochs 5"),
        ],
    },
    "q13_count_script": {
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
            'q13_count_script = r"""#!/bin/bash\n'
            'if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
            'wc -l $1/*.csv\n'
            '"""',
            # no usage check: wc fails with exit code 1 and its own message
            'q13_count_script = r"""#!/bin/bash\n'
            'wc -l "$1"/*.csv\n'
            '"""',
            # one wc per file: no total line
            'q13_count_script = r"""#!/bin/bash\n'
            'if [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
            'for f in "$1"/*.csv; do wc -l "$f"; done\n'
            '"""',
            # no shebang
            'q13_count_script = r"""if [ ! -d "$1" ]; then echo "usage: count_csv_lines.sh DIR" >&2; exit 2; fi\n'
            'wc -l "$1"/*.csv\n'
            '"""',
        ],
    },
    "q14_and_or": {
        "alternatives": [
            cmd("q14_and_or", '{ mkdir models/run1 && cp config/train.yaml models/run1/train.yaml; } || echo "setup failed"'),
            cmd("q14_and_or", "if mkdir models/run1 && cp config/train.yaml models/run1; then :; "
                              "else echo 'setup failed'; exit 1; fi"),
        ],
        "wrong": [
            # ; instead of &&: copies into the existing folder of an earlier run
            cmd("q14_and_or", "mkdir models/run1; cp config/train.yaml models/run1/ || echo 'setup failed'"),
            # mkdir -p never fails, so an existing run1 is overwritten
            cmd("q14_and_or", "mkdir -p models/run1 && cp config/train.yaml models/run1/ || echo 'setup failed'"),
            # the copy does not depend on mkdir
            cmd("q14_and_or", "mkdir models/run1 || echo 'setup failed'; cp config/train.yaml models/run1/"),
        ],
    },
    "q15_nohup": {
        "alternatives": [
            cmd("q15_nohup", "nohup python3 ml/train.py &> logs/train_nohup.log &"),
            cmd("q15_nohup", "nohup python3 ./ml/train.py >logs/train_nohup.log 2>&1&"),
        ],
        "wrong": [
            # 2>&1 before >: stderr still goes to the terminal, not to the log
            cmd("q15_nohup", "nohup python3 ml/train.py 2>&1 > logs/train_nohup.log &"),
            # no nohup: the job dies with the session
            cmd("q15_nohup", "python3 ml/train.py > logs/train_nohup.log 2>&1 &"),
            # not in the background
            cmd("q15_nohup", "nohup python3 ml/train.py > logs/train_nohup.log 2>&1"),
        ],
    },
    "q16_top_memory": {
        "alternatives": [
            cmd("q16_top_memory", "awk 'NR > 1 && $4 + 0 > max { max = $4 + 0; pid = $2 } END { print pid }' "
                                  "sysinfo/ps_aux.txt"),
            cmd("q16_top_memory", "sed 1d sysinfo/ps_aux.txt | sort -nrk4 | awk 'NR == 1 { print $2 }'"),
        ],
        "wrong": [
            # cut -d' ' on columns padded with several spaces: field 2 is empty
            cmd("q16_top_memory", "tail -n +2 sysinfo/ps_aux.txt | sort -k4,4nr | head -n 1 | cut -d' ' -f2"),
            # %CPU instead of %MEM
            cmd("q16_top_memory", "tail -n +2 sysinfo/ps_aux.txt | sort -k3,3nr | head -n 1 | awk '{ print $2 }'"),
            # the visible answer, hard-coded
            cmd("q16_top_memory", "echo 43948"),
        ],
    },
}
