#!/usr/bin/env bash
# Fuzzes rvmmu with libFuzzer through cargo-fuzz, on stable Rust:
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]
# Targets (tests/fuzz/src/*.rs): elf_loader, decoder, sv39_walk, hart; all
# by default, each for SECONDS (default 25). Installs cargo-fuzz when
# missing (cached in ~/.cache/rvmmu/cargo-fuzz), builds the targets with
# `--sanitizer none` (the address sanitizer needs nightly; Rust itself
# checks bounds, and debug assertions are on), starts each target from its
# committed seeds (tests/fuzz/corpus/TARGET, plus regressions/TARGET when
# present; libFuzzer runs every seed first) and keeps what it finds in
# tests/fuzz/target/corpus/TARGET. A crash stops the script with exit 1;
# the input is in tests/fuzz/artifacts/TARGET/. Reproduce it with
#   cd tests/fuzz && cargo fuzz run --sanitizer none TARGET FILE
# and, once fixed, commit it under tests/fuzz/regressions/TARGET/: `cargo
# test` in tests/fuzz replays every committed input on stable Rust.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-25}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(elf_loader decoder sv39_walk hart)

root=$HOME/.cache/rvmmu/cargo-fuzz
if ! [ -x "$root/bin/cargo-fuzz" ]; then
    echo "== installing cargo-fuzz 0.13.2 into $root"
    cargo install --locked --root "$root" --version 0.13.2 cargo-fuzz
fi
export PATH=$root/bin:$PATH

echo "== building the fuzz targets (cargo fuzz build --sanitizer none)"
nice cargo fuzz build --sanitizer none

for t in "${targets[@]}"; do
    echo "== fuzzing $t for ${secs}s"
    mkdir -p "target/corpus/$t"
    seeds=("corpus/$t")
    [ -d "regressions/$t" ] && seeds+=("regressions/$t")
    if ! cargo fuzz run --sanitizer none "$t" "target/corpus/$t" "${seeds[@]}" -- \
        -max_total_time="$secs" -print_final_stats=1 >"target/fuzz-$t.log" 2>&1; then
        tail -n 40 "target/fuzz-$t.log"
        echo "rvmmu fuzz: $t crashed; input in tests/fuzz/artifacts/$t/" >&2
        exit 1
    fi
    grep -E "^stat::number_of_executed_units|^Done" "target/fuzz-$t.log" | tail -n 1
done
echo "== fuzzing: ${#targets[@]} targets, no crash"
