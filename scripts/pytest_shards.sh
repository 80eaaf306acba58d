#!/usr/bin/env bash
# The whole test suite in two shards at once, each on its own copy of the test
# database (and its filestore) and its own HTTP port: the browser tours, the
# JSON-RPC walker and access matrix in one, every other test module in the other. Every test module of tests/ runs in
# exactly one shard. Fails when a shard fails, when a test is skipped, or when
# a shard collected nothing.
#
#   scripts/pytest_shards.sh TEST_ADDONS TEST_DB DATA_DIR ADDONS_PATH BUILD [pytest args...]
set -uo pipefail

test_addons=$1 test_db=$2 data_dir=$3 addons_path=$4 build=$5
shift 5
venv=${VENV:-$HOME/.cache/joint_meeting/venv}
tests=$test_addons/joint_meeting/tests
# The tours, the other browser test, the JSON-RPC walker and access matrix:
# about half of the suite's time.
browser=(test_tours.py test_texts.py test_write_walker.py test_access_matrix.py)

rest=()
for path in "$tests"/test_*.py; do
    name=$(basename "$path")
    [[ " ${browser[*]} " == *" $name "* ]] || rest+=("joint_meeting/tests/$name")
done

# The second shard's database: a copy of the freshly installed one.
copy=${test_db}_shard
dropdb -h /var/run/postgresql --if-exists "$copy"
createdb -h /var/run/postgresql -T "$test_db" "$copy"
rm -rf "$data_dir/filestore/$copy"
if [ -d "$data_dir/filestore/$test_db" ]; then
    cp -a "$data_dir/filestore/$test_db" "$data_dir/filestore/$copy"
fi

shard() {  # name database files...
    local name=$1 db=$2
    shift 2
    (
        cd "$test_addons" || exit 2
        PYTHONPATH=$ODOO_SRC "$venv/bin/pytest" -p no:cacheprovider \
            --odoo-database="$db" --odoo-addons-path="$addons_path,$test_addons" \
            --odoo-http --odoo-log-level=warn --odoo-extra="data-dir=$data_dir" \
            -r fEsx "${extra[@]}" "$@"
    ) >"$build/pytest-$name.log" 2>&1
    echo $? >"$build/pytest-$name.rc"
}

extra=("$@")
start=$(date +%s)
shard browser "$test_db" "${browser[@]/#/joint_meeting/tests/}" &
shard rest "$copy" "${rest[@]}" &
wait

status=0
for name in browser rest; do
    log=$build/pytest-$name.log
    echo "=== [test] shard: $name ==="
    cat "$log"
    rc=$(cat "$build/pytest-$name.rc")
    last=$(tail -1 "$log")
    if [ "$rc" -ne 0 ]; then
        status=1
    elif [[ "$last" == *skipped* ]]; then
        echo "[test] some tests were skipped: every test must run (tours need chromium and python3-websocket)"
        status=1
    elif [[ "$last" != *passed* ]]; then
        echo "[test] the $name shard ran no test"
        status=1
    fi
done
dropdb -h /var/run/postgresql --if-exists "$copy"
rm -rf "$data_dir/filestore/$copy"
echo "[test] browser: $(tail -1 "$build/pytest-browser.log")"
echo "[test] rest:    $(tail -1 "$build/pytest-rest.log")"
echo "[test] both shards in $(($(date +%s) - start)) s"
exit $status
