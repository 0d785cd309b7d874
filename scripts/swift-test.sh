#!/usr/bin/env bash
# Runs the Swift test suites (`swift test` with the given arguments) and, when they fail,
# repeats what failed at the end: CI keeps only the last lines of a run, and with ~300 tests
# interleaving their output the failures otherwise scroll out of it.
set -uo pipefail
log="${MOTCUA_TEST_LOG:-.build/swift-test.log}"
mkdir -p "$(dirname "$log")"
"$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then
  echo
  echo "motcua: the Swift tests failed (exit $rc); what failed (whole output in $log):"
  grep -E "^✘ Test .*(recorded an issue|failed)|Fatal error" "$log" | grep -v "^✘ Test run with" | tail -n 30
  grep -E "✘ Test run with" "$log" | tail -n 1
fi
exit "$rc"
