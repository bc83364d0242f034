#!/bin/sh
# Do the findings stay the same? Regenerates the seven `--select ALL` JSON reports the speed
# work is checked against and diffs each with the copy in BEFORE_DIR (made the same way from
# an older commit). Exit 0 when all seven are byte-identical, 1 otherwise.
#
#   tools/same_findings.sh BEFORE_DIR [CORPUS_DIR]
#
# CORPUS_DIR defaults to ../shared/corpus (from the repository root). Reports are made with
# this checkout's code (PYTHONPATH), with the interpreter in $PYTHON (default: python).
set -u
before=$(cd "${1:?usage: tools/same_findings.sh BEFORE_DIR [CORPUS_DIR]}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(cd "${2:-$root/../shared/corpus}" && pwd)
python=${PYTHON:-python}
after=$(mktemp -d "${TMPDIR:-/tmp}/same-findings.XXXXXX")
trap 'rm -rf "$after"' EXIT INT TERM
status=0

report() {  # report NAME FOLDER DIR: lint DIR from FOLDER into $after/NAME.json and diff it
    (cd "$2" && PYTHONPATH="$root" "$python" -m wikilint --select ALL -f json --exit-zero --no-cache "$3" \
        >"$after/$1.json" 2>"$after/$1.err")
    if cmp -s "$before/$1.json" "$after/$1.json"; then
        echo "same       $1"
    else
        echo "DIFFERENT  $1"
        diff "$before/$1.json" "$after/$1.json" | head -20
        status=1
    fi
}

for name in other-md wikitext zhwiki-md zhwiki-md-dev zhwiki-wikitext-dev; do
    report "$name" "$corpus" "$name" &
done
wait
report seeds "$root" seeds
report tests_fixtures_heldout "$root" tests/fixtures/heldout
exit $status
