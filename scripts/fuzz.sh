#!/usr/bin/env bash
# Builds the libFuzzer targets (release, --sanitize=fuzzer, in .build-fuzz/) and runs each.
#   scripts/fuzz.sh                 short run of all three (what `make test` does)
#   RUNS=1000000 scripts/fuzz.sh    a campaign: one million inputs per target
# New inputs that grow coverage go to a scratch corpus under .build-fuzz/, seeded from
# Tests/Fuzz/; a crash writes its input to .build-fuzz/crash-* and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-20000}"
MAX_LEN="${MAX_LEN:-4096}"
scratch=.build-fuzz
targets=(json yaml edxml)
for target in "${targets[@]}"; do
  swift build -c release --scratch-path "$scratch" --sanitize=fuzzer -Xswiftc -DFUZZING --product "motcua-fuzz-$target" >&2
done
bin="$(swift build -c release --scratch-path "$scratch" --sanitize=fuzzer --show-bin-path)"
for target in "${targets[@]}"; do
  work="$scratch/corpus-$target"
  mkdir -p "$work"
  echo "fuzz $target: $RUNS inputs" >&2
  start=$(date +%s)
  # edXML packages are larger than JSON or YAML inputs; the shared samples seed it too (read-only).
  max_len="$MAX_LEN"
  seeds=("Tests/Fuzz/$target")
  if [ "$target" = edxml ]; then
    max_len="${EDXML_MAX_LEN:-16384}"
    samples="${MOTCUA_SAMPLES:-../shared/samples}"
    [ -d "$samples/edxml" ] && seeds+=("$samples/edxml")
  fi
  # Swift's own backtracer would take the crash before libFuzzer could save the input.
  SWIFT_BACKTRACE=enable=no MOTCUA_ROOT="$PWD" "$bin/motcua-fuzz-$target" -runs="$RUNS" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$scratch/" -print_final_stats=1 "$work" "${seeds[@]}" 2>"$scratch/fuzz-$target.log" || {
      tail -40 "$scratch/fuzz-$target.log" >&2
      echo "fuzz $target: FAILED (input saved under $scratch/)" >&2
      exit 1
    }
  grep -E "stat::number_of_executed_units|Done" "$scratch/fuzz-$target.log" >&2 || true
  echo "fuzz $target: $RUNS inputs, no crash, $(( $(date +%s) - start )) s" >&2
done
