#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Guest MIPS of rvmmu against QEMU TCG on the same bare-metal benchmark.
#
#   bash tests/bench/mips.sh            # best of 3 runs each
#   RUNS=5 bash tests/bench/mips.sh
#   BENCH_ELF=tests/programs/out/bench.elf bash tests/bench/mips.sh
#   NO_BUILD=1 RVMMU=path/to/rvmmu bash tests/bench/mips.sh
#
# Both run tests/bin/bench.elf (HTIF console and exit):
#   rvmmu: target/release/rvmmu run ELF
#   QEMU:  qemu-system-riscv64 -machine spike -bios none -nographic -kernel ELF
#
# Guest instructions: bench.elf prints the minstret delta of its kernels.
# rvmmu's minstret counts retired instructions. QEMU TCG returns host ticks
# in minstret unless icount is on, so QEMU's own count comes from one extra,
# untimed run with `-icount shift=0`; the two counts are shown side by side.
# The program is deterministic, so rvmmu's count is used for both rates.
#
# Wall-clock time, best of RUNS, includes each engine's start-up; the
# "net" column subtracts the best time of the same engine running
# tests/bin/exitcode.elf (start-up and an immediate exit).
#
# Fails when either engine exits non-zero or when their outputs (all lines
# but instret) differ.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
BENCH_ELF=${BENCH_ELF:-tests/bin/bench.elf}
EMPTY_ELF=${EMPTY_ELF:-tests/bin/exitcode.elf}
EMPTY_EXIT=7 # exitcode.elf exits with 7
RVMMU=${RVMMU:-target/release/rvmmu}
QEMU=${QEMU:-qemu-system-riscv64}

die() {
    echo "mips.sh: $*" >&2
    exit 1
}

command -v "$QEMU" >/dev/null || die "$QEMU not found (Debian: apt-get install qemu-system-misc)"
[ -f "$BENCH_ELF" ] || die "$BENCH_ELF not found"
[ -f "$EMPTY_ELF" ] || die "$EMPTY_ELF not found"

if [ -z "${NO_BUILD:-}" ]; then
    echo "== cargo build --release -p emulator" >&2
    cargo build --release -q -p emulator
fi
[ -x "$RVMMU" ] || die "$RVMMU was not built"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rvmmu_cmd() { "$RVMMU" run "$1"; }
qemu_cmd() { "$QEMU" -machine spike -bios none -nographic -kernel "$1" </dev/null; }
qemu_icount_cmd() { "$QEMU" -machine spike -bios none -nographic -icount shift=0 -kernel "$1" </dev/null; }

# best_time ENGINE ELF EXPECTED_EXIT OUT: runs "ENGINE_cmd ELF" RUNS times,
# keeps the last stdout in OUT, prints the best wall-clock seconds.
best_time() {
    local engine=$1 elf=$2 expect=$3 out=$4 best="" start end rc t
    for _ in $(seq "$RUNS"); do
        start=$(date +%s.%N)
        set +e
        "${engine}_cmd" "$elf" >"$out" 2>"$out.err"
        rc=$?
        set -e
        end=$(date +%s.%N)
        if [ "$rc" -ne "$expect" ]; then
            cat "$out" "$out.err" >&2
            die "$engine on $elf exited with $rc, expected $expect"
        fi
        t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then
            best=$t
        fi
    done
    echo "$best"
}

instret_of() {
    awk '$1 == "instret" { print $2 }' "$1"
}

echo "== timing $BENCH_ELF, best of $RUNS" >&2
rvmmu_time=$(best_time rvmmu "$BENCH_ELF" 0 "$work/rvmmu.out")
qemu_time=$(best_time qemu "$BENCH_ELF" 0 "$work/qemu.out")
rvmmu_empty=$(best_time rvmmu "$EMPTY_ELF" "$EMPTY_EXIT" "$work/rvmmu.empty")
qemu_empty=$(best_time qemu "$EMPTY_ELF" "$EMPTY_EXIT" "$work/qemu.empty")

echo "== QEMU instruction count (-icount shift=0, untimed)" >&2
qemu_icount_cmd "$BENCH_ELF" >"$work/qemu.icount" || die "QEMU -icount run failed"

# Same results on both engines: every line but the instret count.
grep -v '^instret' "$work/rvmmu.out" >"$work/rvmmu.cmp"
grep -v '^instret' "$work/qemu.out" >"$work/qemu.cmp"
if ! grep -q '^checksum ' "$work/rvmmu.cmp"; then
    cat "$work/rvmmu.out" >&2
    die "rvmmu printed no checksum line"
fi
if ! diff -u "$work/qemu.cmp" "$work/rvmmu.cmp" >&2; then
    die "rvmmu's output differs from QEMU's (diff above: - QEMU, + rvmmu)"
fi

rvmmu_count=$(instret_of "$work/rvmmu.out")
qemu_count=$(instret_of "$work/qemu.icount")
[ -n "$rvmmu_count" ] || die "rvmmu printed no instret line"
count=$rvmmu_count

cat "$work/rvmmu.cmp"
echo
printf '%-7s %14s %10s %10s %10s %12s\n' engine instret seconds "start-up" "MIPS" "net MIPS"
row() {
    awk -v name="$1" -v n="$2" -v shown="$3" -v t="$4" -v t0="$5" 'BEGIN {
        net = t - t0
        printf "%-7s %14s %10.3f %10.3f %10.1f %12s\n", name, shown, t, t0, n / t / 1e6,
            (net > 0 ? sprintf("%.1f", n / net / 1e6) : "n/a")
    }'
}
row rvmmu "$count" "$rvmmu_count" "$rvmmu_time" "$rvmmu_empty"
row qemu "$count" "${qemu_count:-?}" "$qemu_time" "$qemu_empty"
echo
awk -v r="$rvmmu_time" -v q="$qemu_time" -v r0="$rvmmu_empty" -v q0="$qemu_empty" 'BEGIN {
    printf "rvmmu/QEMU speed: %.1f %% (wall clock)", q / r * 100
    if (r - r0 > 0 && q - q0 > 0)
        printf ", %.1f %% (net of start-up)", (q - q0) / (r - r0) * 100
    printf "\n"
}'
if [ -n "$qemu_count" ] && [ "$qemu_count" != "$rvmmu_count" ]; then
    echo "note: instret differs: rvmmu $rvmmu_count, QEMU -icount $qemu_count" >&2
fi
