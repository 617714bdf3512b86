#!/bin/sh
# The tree obeys .clang-format: every C and C++ file git tracks (or, outside a checkout, every
# such file under the source root) formats to itself. Prints the first differing files.
#   test_format.sh SOURCE_ROOT
set -eu
root=${1:?usage: test_format.sh SOURCE_ROOT}
cd "$root"
command -v clang-format >/dev/null || { echo "clang-format is not installed (./gradbooth.sh setup installs it)"; exit 1; }
[ -f .clang-format ] || { echo "no .clang-format at $root"; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files --cached --others --exclude-standard -- '*.c' '*.cpp' '*.h' '*.hpp')
else
  files=$(find . -path ./build -prune -o \( -name '*.c' -o -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) -print)
fi
bad=0
n=0
for f in $files; do
  n=$((n + 1))
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    [ "$bad" -lt 20 ] && echo "not formatted: $f (clang-format -i $f)"
    bad=$((bad + 1))
  fi
done
echo "$n files checked, $bad not formatted"
[ "$bad" -eq 0 ]
