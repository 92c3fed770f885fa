#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# rvmmu run against qemu-riscv64 on the compute-bound programs of the
# real-program suite (tests/linux-user, issue 15 item 11): static glibc
# and libstdc++ programs, none written for rvmmu.
#
#   bash tests/bench/user.sh            # best of 3 runs each
#   RUNS=5 bash tests/bench/user.sh
#   NO_BUILD=1 RVMMU=path/to/rvmmu bash tests/bench/user.sh
#
# Engines:
#   rvmmu: target/release/rvmmu run PROG (the built-in firmware, U-mode,
#          Sv39, demand paging)
#   QEMU:  qemu-riscv64 PROG (user-mode emulation, TCG)
#
# Wall-clock time, best of RUNS, start-up included; "CPU s" is the best
# user + system time. The runs are interleaved (one of each per round) so
# that a change in the machine's load hits every program alike. "ratio"
# is rvmmu's time over QEMU's (how many times slower rvmmu is); the last
# line is the geometric mean of the ratios, by wall clock and by CPU
# time. Guest instructions come from one extra, untimed `rvmmu run
# --stats` per program (the whole program: libc start-up, the firmware's
# system calls and page faults are S-mode instructions and count too).
#
# Fails when an engine exits non-zero or when the outputs differ.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
RVMMU=${RVMMU:-target/release/rvmmu}
QEMU=${QEMU:-qemu-riscv64}
# The compute-bound programs (tests/linux-user/progs) at their default sizes.
PROGRAMS=(primes matmul sha256 qsort cxx_sort)

die() {
    echo "user.sh: $*" >&2
    exit 1
}

command -v "$QEMU" >/dev/null || die "$QEMU not found (Debian: apt-get install qemu-user)"
if [ -z "${NO_BUILD:-}" ]; then
    echo "== cargo build --release -p emulator" >&2
    cargo build --release -q -p emulator
fi
[ -x "$RVMMU" ] || die "$RVMMU was not built"
bash tests/linux-user/build.sh || die "building the programs failed"
out=tests/linux-user/out

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rvmmu_cmd() { "$RVMMU" run "$1"; }
qemu_cmd() { "$QEMU" "$1"; }

# shellcheck source=tests/bench/best.sh
. tests/bench/best.sh
declare -A best best_cpu

echo "== timing ${PROGRAMS[*]} on rvmmu run and $QEMU, best of $RUNS (interleaved)" >&2
for _ in $(seq "$RUNS"); do
    for engine in rvmmu qemu; do
        for p in "${PROGRAMS[@]}"; do
            times=$(time_run "$work/$engine.$p.out" 0 "${engine}_cmd" "$out/$p")
            # shellcheck disable=SC2086 # two numbers: wall and CPU seconds
            keep_best "$engine.$p" $times
        done
    done
done

for p in "${PROGRAMS[@]}"; do
    diff -u --label "$QEMU" --label rvmmu "$work/qemu.$p.out" "$work/rvmmu.$p.out" >&2 ||
        die "$p: rvmmu's output differs from QEMU's (diff above)"
done

declare -A insns
for p in "${PROGRAMS[@]}"; do
    insns[$p]=$(guest_instructions "$RVMMU" "$out/$p" "$work/stats.$p")
done

printf '%-9s %14s %9s %9s %9s %9s %8s %8s %9s\n' program "guest insns" "rvmmu s" "CPU s" "QEMU s" "CPU s" ratio "CPU" "rvmmu MIPS"
for p in "${PROGRAMS[@]}"; do
    awk -v p="$p" -v n="${insns[$p]:-0}" -v r="${best[rvmmu.$p]}" -v rc="${best_cpu[rvmmu.$p]}" \
        -v q="${best[qemu.$p]}" -v qc="${best_cpu[qemu.$p]}" 'BEGIN {
        printf "%-9s %14s %9.3f %9.3f %9.3f %9.3f %7.2fx %7.2fx %9.1f\n", p, n, r, rc, q, qc,
            r / q, (qc > 0 ? rc / qc : 0), n / r / 1e6
    }'
done | tee "$work/table"
awk '{ lw += log($7 + 0); lc += log($8 + 0); n++ } END {
    printf "geometric mean: rvmmu takes %.2fx QEMU'"'"'s wall-clock time, %.2fx its CPU time (%d programs)\n",
        exp(lw / n), exp(lc / n), n
}' "$work/table"
