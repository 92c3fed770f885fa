#!/usr/bin/env bash
# Differential tests of rvmmu against qemu-system-riscv64 (tests/diff):
#   bash tests/diff/run.sh [SV39_SCENARIOS] [ALU_PROGRAMS]
# Defaults 300 and 100 (what CI runs, about a minute on 2 cores); for
# thousands, e.g. `SEED=$RANDOM bash tests/diff/run.sh 5000 2000`.
# Environment: SEED (first seed, default 1; case k uses SEED + k), EXTS
# (the ALU programs' extension list, default i,m; e.g.
# i,m,zba,zbb,zbc,zbs,zbkb,zbkc,zbkx once rvmmu has them), JOBS (default:
# all cores). A mismatch prints its seed and the command that re-runs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=${SEED:-1}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
echo "== building rvmmu and rvmmu-diff"
cargo build --release -p emulator -p rvmmu-diff
echo "== Sv39 scenarios against QEMU (${1:-300}, seeds from $seed)"
target/release/rvmmu-diff sv39 --count "${1:-300}" --seed "$seed" --jobs "$jobs"
echo "== straight-line ${EXTS:-i,m} programs against QEMU (${2:-100}, seeds from $seed)"
target/release/rvmmu-diff alu --count "${2:-100}" --seed "$seed" --jobs "$jobs" --ext "${EXTS:-i,m}"
