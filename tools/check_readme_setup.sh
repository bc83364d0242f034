#!/usr/bin/env bash
# Run the README's two set-up commands exactly as written, in a fresh clone of this repository:
# the first must install wikilint and lint the seed (exit 1: the seed has findings), the second
# must install the test extra and pass the tests. CI runs this so the README stays true.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
chmod 755 "$work"  # the tests run wikilint as an unprivileged user too: they must be able to enter
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/wikilint"
# The set-up section's ```sh blocks, in order.
mapfile -t commands < <(awk '/^## Set-up/{on=1; next} /^## /{on=0} on && /^```sh/{block=1; next} on && /^```/{block=0; next} on && block' "$repo/README.md")
if [ "${#commands[@]}" -ne 2 ]; then
  echo "README set-up: expected two commands, found ${#commands[@]}" >&2
  exit 1
fi
cd "$work/wikilint"
echo "\$ ${commands[0]}"
set +e
bash -c "${commands[0]}" > "$work/first.txt" 2>&1
status=$?
set -e
tail -n 1 "$work/first.txt"
if [ "$status" -ne 1 ] || ! grep -q "^Found .* findings" "$work/first.txt"; then
  echo "README set-up: the first command exited $status, expected 1 with the seed's findings" >&2
  exit 1
fi
echo "\$ ${commands[1]}"
# The second runs in the same shell state as the README says ("in the same shell"): the venv.
bash -c ". .venv/bin/activate && ${commands[1]}" > "$work/second.txt" 2>&1 || {
  tail -n 30 "$work/second.txt" >&2
  echo "README set-up: the second command failed" >&2
  exit 1
}
tail -n 1 "$work/second.txt"
