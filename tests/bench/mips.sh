#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Guest MIPS of rvmmu against QEMU TCG on the same bare-metal benchmark,
# and the cost of Sv39 translation: the same benchmark in U-mode under
# Sv39 against bare M-mode.
#
#   bash tests/bench/mips.sh            # best of 3 runs each
#   RUNS=5 bash tests/bench/mips.sh
#   BENCH_ELF=tests/programs/out/bench.elf bash tests/bench/mips.sh
#   NO_BUILD=1 RVMMU=path/to/rvmmu bash tests/bench/mips.sh
#   NO_SV39=1 bash tests/bench/mips.sh  # bare bench.elf only
#   RVMMU_ARGS="--jit off" bash tests/bench/mips.sh  # the interpreter alone
#
# Programs (tests/programs/README.md), all HTIF console and exit:
#   bench       tests/bin/bench.elf       M-mode, translation off
#   bench_sv39  tests/bin/bench_sv39.elf  U-mode, Sv39, 4 KiB pages
#   bench_mega  tests/bin/bench_mega.elf  U-mode, Sv39, 2 MiB megapages
# Engines:
#   rvmmu: target/release/rvmmu run ELF
#   QEMU:  qemu-system-riscv64 -machine spike -bios none -nographic -kernel ELF
#
# Guest instructions: the programs print the instret delta of their
# kernels. rvmmu's counter counts retired instructions. QEMU TCG returns
# host ticks unless icount is on, so QEMU's own count comes from one extra,
# untimed run with `-icount shift=0`; the two counts are shown side by side.
# The programs are deterministic, so rvmmu's count is used for all rates.
#
# Wall-clock time, best of RUNS, includes each engine's start-up; the
# "net" column subtracts the best time of the same engine running
# tests/bin/exitcode.elf (start-up and an immediate exit). "CPU s" is the
# best user + system time (all of QEMU's threads). The runs are
# interleaved (one of each per round) so that a change in the machine's
# load hits every program alike. The speed target of issue 2 is at least
# 20 % of QEMU's speed on bench, by wall clock and net of start-up both;
# the ratio line says whether it is met. The Sv39 overhead is the extra time of
# a variant against bench on the same engine, in percent; the target of
# issue 3 is at most 10 % for bench_sv39 on rvmmu, judged on CPU time,
# which other work on the machine disturbs less than wall-clock time.
#
# When `rvmmu run` has a --stats option, one extra untimed run of
# bench_sv39 prints rvmmu's statistics (TLB hits and misses).
#
# Fails when an engine exits non-zero or when outputs (all lines but
# instret) differ: between the engines, and between each Sv39 variant and
# bench.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
BENCH_ELF=${BENCH_ELF:-tests/bin/bench.elf}
SV39_ELF=${SV39_ELF:-tests/bin/bench_sv39.elf}
MEGA_ELF=${MEGA_ELF:-tests/bin/bench_mega.elf}
EMPTY_ELF=${EMPTY_ELF:-tests/bin/exitcode.elf}
EMPTY_EXIT=7 # exitcode.elf exits with 7
RVMMU=${RVMMU:-target/release/rvmmu}
QEMU=${QEMU:-qemu-system-riscv64}
TARGET_PERCENT=10
# Issue 2's target: rvmmu at least this fraction of QEMU's speed on bench.
SPEED_TARGET_PERCENT=20

die() {
    echo "mips.sh: $*" >&2
    exit 1
}

command -v "$QEMU" >/dev/null || die "$QEMU not found (Debian: apt-get install qemu-system-misc)"
[ -f "$BENCH_ELF" ] || die "$BENCH_ELF not found"
[ -f "$EMPTY_ELF" ] || die "$EMPTY_ELF not found"

# Program names (a row each) and their ELFs; "bench" comes first.
programs=(bench)
declare -A elf_of=([bench]=$BENCH_ELF)
if [ -z "${NO_SV39:-}" ]; then
    [ -f "$SV39_ELF" ] || die "$SV39_ELF not found (make -C tests/programs)"
    [ -f "$MEGA_ELF" ] || die "$MEGA_ELF not found (make -C tests/programs)"
    programs+=(bench_sv39 bench_mega)
    elf_of[bench_sv39]=$SV39_ELF
    elf_of[bench_mega]=$MEGA_ELF
fi

if [ -z "${NO_BUILD:-}" ]; then
    echo "== cargo build --release -p emulator" >&2
    cargo build --release -q -p emulator
fi
[ -x "$RVMMU" ] || die "$RVMMU was not built"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# RVMMU_ARGS: extra `rvmmu run` options, e.g. "--jit off" for the
# interpreter alone (the compiling tier is on by default).
rvmmu_cmd() { "$RVMMU" run ${RVMMU_ARGS:-} "$1"; }
qemu_cmd() { "$QEMU" -machine spike -bios none -nographic -kernel "$1" </dev/null; }
qemu_icount_cmd() { "$QEMU" -machine spike -bios none -nographic -icount shift=0 -kernel "$1" </dev/null; }

# shellcheck source=tests/bench/best.sh
. tests/bench/best.sh

# time_once ENGINE ELF EXPECTED_EXIT OUT: runs "ENGINE_cmd ELF" once, keeps
# its stdout in OUT, prints the wall-clock seconds and the CPU seconds
# (user + system) of the run.
time_once() { time_run "$4" "$3" "${1}_cmd" "$2"; }

# Best wall-clock time per "engine.program" in best, best CPU time in
# best_cpu; the program "empty" is exitcode.elf.
declare -A best best_cpu

echo "== timing ${programs[*]} and exitcode on rvmmu and QEMU, best of $RUNS (interleaved)" >&2
for _ in $(seq "$RUNS"); do
    for engine in rvmmu qemu; do
        for p in "${programs[@]}"; do
            # Assigned first, so that set -e sees a failed run.
            times=$(time_once "$engine" "${elf_of[$p]}" 0 "$work/$engine.$p.out")
            # shellcheck disable=SC2086 # two numbers: wall and CPU seconds
            keep_best "$engine.$p" $times
        done
        times=$(time_once "$engine" "$EMPTY_ELF" "$EMPTY_EXIT" "$work/$engine.empty")
        # shellcheck disable=SC2086
        keep_best "$engine.empty" $times
    done
done

echo "== QEMU instruction count (-icount shift=0, untimed)" >&2
for p in "${programs[@]}"; do
    qemu_icount_cmd "${elf_of[$p]}" >"$work/qemu.$p.icount" || die "QEMU -icount run of ${elf_of[$p]} failed"
done

# Same results everywhere: every line but the instret count.
for engine in rvmmu qemu; do
    for p in "${programs[@]}"; do
        grep -v '^instret' "$work/$engine.$p.out" >"$work/$engine.$p.cmp" || true
    done
done
if ! grep -q '^checksum ' "$work/rvmmu.bench.cmp"; then
    cat "$work/rvmmu.bench.out" >&2
    die "rvmmu printed no checksum line"
fi
if ! diff -u "$work/qemu.bench.cmp" "$work/rvmmu.bench.cmp" >&2; then
    die "rvmmu's output differs from QEMU's (diff above: - QEMU, + rvmmu)"
fi
for engine in rvmmu qemu; do
    for p in "${programs[@]}"; do
        [ "$p" = bench ] && continue
        if ! diff -u "$work/$engine.bench.cmp" "$work/$engine.$p.cmp" >&2; then
            die "$p's output on $engine differs from bench's (diff above: - bench, + $p)"
        fi
    done
done

declare -A rvmmu_count qemu_count
for p in "${programs[@]}"; do
    rvmmu_count[$p]=$(instret_of "$work/rvmmu.$p.out")
    qemu_count[$p]=$(instret_of "$work/qemu.$p.icount")
    [ -n "${rvmmu_count[$p]}" ] || die "rvmmu printed no instret line for $p"
done

cat "$work/rvmmu.bench.cmp"
echo
printf '%-7s %-11s %14s %10s %10s %10s %10s %12s\n' engine program instret seconds "CPU s" "start-up" "MIPS" "net MIPS"
row() {
    awk -v name="$1" -v prog="$2" -v n="$3" -v shown="$4" -v t="$5" -v t0="$6" -v c="$7" 'BEGIN {
        net = t - t0
        printf "%-7s %-11s %14s %10.3f %10.3f %10.3f %10.1f %12s\n", name, prog, shown, t, c, t0,
            n / t / 1e6, (net > 0 ? sprintf("%.1f", n / net / 1e6) : "n/a")
    }'
}
for engine in rvmmu qemu; do
    for p in "${programs[@]}"; do
        if [ "$engine" = rvmmu ]; then shown=${rvmmu_count[$p]}; else shown=${qemu_count[$p]:-?}; fi
        row "$engine" "$p" "${rvmmu_count[$p]}" "$shown" "${best[$engine.$p]}" "${best[$engine.empty]}" \
            "${best_cpu[$engine.$p]}"
    done
done
echo
awk -v r="${best[rvmmu.bench]}" -v q="${best[qemu.bench]}" -v r0="${best[rvmmu.empty]}" -v q0="${best[qemu.empty]}" \
    -v target="$SPEED_TARGET_PERCENT" 'BEGIN {
    wall = q / r * 100
    printf "rvmmu/QEMU speed: %.1f %% (wall clock)", wall
    low = wall
    if (r - r0 > 0 && q - q0 > 0) {
        net = (q - q0) / (r - r0) * 100
        printf ", %.1f %% (net of start-up)", net
        if (net < low) low = net
    }
    printf "  [target at least %d %%, on both: %s]\n", target, (low >= target ? "met" : "NOT met")
}'

# overhead ENGINE PROGRAM: extra time of PROGRAM against bench, in
# percent: wall clock, wall clock net of start-up, and CPU time. On a
# loaded machine the CPU time is the steadier of them; the target is
# judged on it.
overhead() {
    awk -v engine="$1" -v prog="$2" -v t="${best[$1.$2]}" -v b="${best[$1.bench]}" \
        -v t0="${best[$1.empty]}" -v c="${best_cpu[$1.$2]}" -v cb="${best_cpu[$1.bench]}" \
        -v target="$TARGET_PERCENT" 'BEGIN {
        printf "%-7s %-11s %+6.1f %% wall clock", engine, prog, (t / b - 1) * 100
        if (t - t0 > 0 && b - t0 > 0)
            printf ", %+6.1f %% net of start-up", ((t - t0) / (b - t0) - 1) * 100
        cpu = cb > 0 ? (c / cb - 1) * 100 : 0
        printf ", %+6.1f %% CPU time", cpu
        if (engine == "rvmmu" && prog == "bench_sv39")
            printf "  [target at most +%d %%: %s]", target, (cpu <= target ? "met" : "NOT met")
        printf "\n"
    }'
}
if [ ${#programs[@]} -gt 1 ]; then
    echo
    echo "Sv39 overhead (U-mode under Sv39 against bench in M-mode, same engine):"
    for engine in rvmmu qemu; do
        for p in "${programs[@]}"; do
            [ "$p" = bench ] || overhead "$engine" "$p"
        done
    done
fi

for p in "${programs[@]}"; do
    if [ -n "${qemu_count[$p]}" ] && [ "${qemu_count[$p]}" != "${rvmmu_count[$p]}" ]; then
        echo "note: $p instret differs: rvmmu ${rvmmu_count[$p]}, QEMU -icount ${qemu_count[$p]}" >&2
    fi
    if [ "${rvmmu_count[$p]}" != "${rvmmu_count[bench]}" ]; then
        echo "note: $p retired ${rvmmu_count[$p]} instructions in its kernels, bench ${rvmmu_count[bench]}" >&2
    fi
done

if [ -n "${elf_of[bench_sv39]:-}" ] && "$RVMMU" run --help 2>/dev/null | grep -q -- '--stats'; then
    echo
    echo "rvmmu run --stats ${elf_of[bench_sv39]} (untimed):"
    "$RVMMU" run --stats "${elf_of[bench_sv39]}" >"$work/stats.out" 2>"$work/stats.err" ||
        die "rvmmu run --stats on ${elf_of[bench_sv39]} failed"
    grep -h -v -x -F -f "$work/rvmmu.bench_sv39.out" "$work/stats.out" "$work/stats.err" || true
fi
