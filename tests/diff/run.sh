#!/usr/bin/env bash
# Differential tests of rvmmu against qemu-system-riscv64 (tests/diff):
#   bash tests/diff/run.sh [SV39_SCENARIOS] [ALU_PROGRAMS]
# Defaults 300 and 300 (what CI runs, about a minute on 2 cores); for
# thousands, e.g. `SEED=$RANDOM bash tests/diff/run.sh 5000 2000`.
# Environment: SEED (first seed, default 1; case k uses SEED + k), EXTS
# (the ALU programs' extension list, default i,m,zba,zbb,zbc,zbs,zbkb,
# zbkc,zbkx: what QEMU 7.2 also implements; it has no Zicond), JOBS (default:
# all cores), PROFILE (the cargo profile to build with, default release).
# A mismatch prints its seed and the command that re-runs it. The last line
# adds both families up: `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=${SEED:-1}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
profile=${PROFILE:-release}
bin=target/$profile
echo "== building rvmmu and rvmmu-diff (profile $profile)"
cargo build --profile "$profile" -p emulator -p rvmmu-diff
total_p=0
total_f=0
# family NAME ARGS...: one rvmmu-diff run, its "N passed, M failed" added up.
family() {
    local out p=0 f=1
    # Its last line: "rvmmu-diff sv39: N passed, M failed".
    out=$("$bin/rvmmu-diff" "$@" --rvmmu "$bin/rvmmu" | tee /dev/stderr | tail -n1) || true
    if [[ $out =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        p=${BASH_REMATCH[1]}
        f=${BASH_REMATCH[2]}
    fi
    total_p=$((total_p + p))
    total_f=$((total_f + f))
}
echo "== Sv39 scenarios against QEMU (${1:-300}, seeds from $seed)"
family sv39 --count "${1:-300}" --seed "$seed" --jobs "$jobs"
echo "== straight-line ${EXTS:-i,m,zba,zbb,zbc,zbs,zbkb,zbkc,zbkx} programs against QEMU (${2:-300}, seeds from $seed)"
family alu --count "${2:-300}" --seed "$seed" --jobs "$jobs" --ext "${EXTS:-i,m,zba,zbb,zbc,zbs,zbkb,zbkc,zbkx}"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
