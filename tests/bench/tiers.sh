#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# rvmmu's execution tiers against QEMU, side by side in one run (issue 16,
# item 5): the same binaries under each rvmmu variant, qemu-system-riscv64
# (bare-metal programs) and qemu-riscv64 (user programs).
#
#   bash tests/bench/tiers.sh                 # best of 3 runs each
#   RUNS=5 bash tests/bench/tiers.sh
#   RVMMU_TIER_FLAGS='|--jit off|--check-tlb' bash tests/bench/tiers.sh
#   NO_BUILD=1 RVMMU=target/ci/rvmmu bash tests/bench/tiers.sh
#   NO_USER=1 bash tests/bench/tiers.sh       # bare-metal programs only
#
# rvmmu variants: RVMMU_TIER_FLAGS is a '|'-separated list of flag sets
# for `rvmmu run` (an empty set is the default tier). Default: the
# default tier, plus `--jit off` when `rvmmu run --help` lists --jit.
#
# Programs:
#   bench       tests/bin/bench.elf       compute, M-mode, translation off
#   bench_sv39  tests/bin/bench_sv39.elf  the same compute in U-mode, Sv39
#   tlbmiss     tests/bench/tlbmiss.c     U-mode, Sv39: 2048 pages in
#               scattered order, a load and a store each (built here with
#               tests/programs' crt0_sv39.S, vm.c, rt.c and link.ld)
#   exitcode    tests/bin/exitcode.elf    start-up and exit (bare)
#   primes matmul sha256 qsort cxx_sort   tests/linux-user (glibc and
#               libstdc++, static), as in tests/bench/user.sh
#   hello       tests/linux-user/out/hello: start-up time and resident size
# Engines:
#   rvmmu:        RVMMU run FLAGS PROG
#   qemu-system:  qemu-system-riscv64 -machine spike -bios none -nographic -kernel ELF
#   qemu-user:    qemu-riscv64 PROG
#
# Times are the best of RUNS, wall clock (start-up included) and CPU
# (user + system), the runs interleaved (one of each per round) so that a
# change in the machine's load hits every engine alike (best.sh). Guest
# instructions: for the bare programs their own instret line (rvmmu's
# count, used for QEMU too, as in mips.sh); for user programs rvmmu's
# --stats hart.instructions (the firmware's system calls and page faults
# included; QEMU runs none of those, so its MIPS is an estimate). MIPS
# per wall-clock second and per CPU second ("CPU MIPS"). "vs QEMU" is
# QEMU's wall time over the engine's: above 1, the engine is faster; "CPU
# vs" the same with CPU times (steadier on a loaded machine).
# The Sv39 overhead is bench_sv39's CPU time over bench's on the same
# engine. The geometric mean is over the user programs' "vs QEMU" ratios.
# Resident size: maximum RSS of one hello run (/usr/bin/time, getrusage).
#
# Fails when an engine exits with an unexpected status or when the outputs
# (all lines but instret) differ between engines. A benchmark, not a test:
# it prints figures and judges nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
RVMMU=${RVMMU:-target/release/rvmmu}
QEMU_SYSTEM=${QEMU_SYSTEM:-qemu-system-riscv64}
QEMU_USER=${QEMU_USER:-qemu-riscv64}
CROSS=${CROSS:-riscv64-unknown-elf-}
USER_PROGRAMS=(primes matmul sha256 qsort cxx_sort)

die() {
    echo "tiers.sh: $*" >&2
    exit 1
}
say() { echo "== $*" >&2; }

command -v "$QEMU_SYSTEM" >/dev/null || die "$QEMU_SYSTEM not found (Debian: apt-get install qemu-system-misc)"
command -v "${CROSS}gcc" >/dev/null || die "${CROSS}gcc not found (Debian: apt-get install gcc-riscv64-unknown-elf)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian: apt-get install time)"
if [ -z "${NO_USER:-}" ]; then
    command -v "$QEMU_USER" >/dev/null || die "$QEMU_USER not found (Debian: apt-get install qemu-user)"
fi
if [ -z "${NO_BUILD:-}" ]; then
    say "cargo build --release -p emulator"
    cargo build --release -q -p emulator
fi
[ -x "$RVMMU" ] || die "$RVMMU was not built"

# The rvmmu variants: flags (index k) and their labels.
if [ -z "${RVMMU_TIER_FLAGS+set}" ]; then
    RVMMU_TIER_FLAGS=""
    if "$RVMMU" run --help 2>/dev/null | grep -q -- '--jit'; then
        RVMMU_TIER_FLAGS="|--jit off"
    fi
fi
IFS='|' read -r -a variant_flags <<<"$RVMMU_TIER_FLAGS"
[ ${#variant_flags[@]} -gt 0 ] || variant_flags=("")
rvmmu_engines=()
declare -A label_of flags_of
for k in "${!variant_flags[@]}"; do
    flags=$(echo "${variant_flags[$k]}" | xargs) # trimmed
    rvmmu_engines+=("rvmmu$k")
    flags_of[rvmmu$k]=$flags
    label_of[rvmmu$k]="rvmmu${flags:+ $flags}"
done
label_of[qemu]=QEMU
first=${rvmmu_engines[0]}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The TLB-miss program, built like tests/programs' U-mode variants.
say "building tlbmiss.elf"
programs_dir=tests/programs
arch=(-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany)
cflags=("${arch[@]}" -std=c11 -O2 -ffreestanding -nostdlib -nostartfiles -static -Wall -Werror)
"${CROSS}gcc" "${cflags[@]}" -c "$programs_dir/crt0_sv39.S" -o "$work/crt0_sv39.o"
"${CROSS}gcc" "${cflags[@]}" -c "$programs_dir/rt.c" -o "$work/rt.o"
"${CROSS}gcc" "${cflags[@]}" -c "$programs_dir/vm.c" -o "$work/vm.o"
"${CROSS}gcc" "${cflags[@]}" -DRT_USER_MODE -I "$programs_dir" -c tests/bench/tlbmiss.c -o "$work/tlbmiss.o"
"${CROSS}gcc" "${arch[@]}" -nostdlib -nostartfiles -static -T "$programs_dir/link.ld" -Wl,--build-id=none \
    "$work/crt0_sv39.o" "$work/rt.o" "$work/vm.o" "$work/tlbmiss.o" -o "$work/tlbmiss.elf"

bare_programs=(bench bench_sv39 tlbmiss exitcode)
declare -A file_of=([bench]=tests/bin/bench.elf [bench_sv39]=tests/bin/bench_sv39.elf
    [tlbmiss]=$work/tlbmiss.elf [exitcode]=tests/bin/exitcode.elf)
declare -A exit_of=([exitcode]=7 [hello]=3) # their exit statuses
user_programs=()
if [ -z "${NO_USER:-}" ]; then
    say "building the user programs (tests/linux-user/build.sh)"
    bash tests/linux-user/build.sh || die "building the user programs failed"
    user_programs=("${USER_PROGRAMS[@]}" hello)
    for p in "${user_programs[@]}"; do
        file_of[$p]=tests/linux-user/out/$p
    done
fi

# engine_argv ENGINE PROG: sets argv to the command of one run. rvmmuK
# runs variant K; qemu runs the system or the user emulator, whichever
# fits PROG.
engine_argv() {
    case $1 in
    rvmmu*)
        # shellcheck disable=SC2206 # the flags are split on purpose
        argv=("$RVMMU" run ${flags_of[$1]} "$2")
        ;;
    *)
        case $2 in
        *.elf) argv=("$QEMU_SYSTEM" -machine spike -bios none -nographic -kernel "$2") ;;
        *) argv=("$QEMU_USER" "$2") ;;
        esac
        ;;
    esac
}

# shellcheck source=tests/bench/best.sh
. tests/bench/best.sh
declare -A best best_cpu
engines=("${rvmmu_engines[@]}" qemu)
all_programs=("${bare_programs[@]}" "${user_programs[@]}")

for round in $(seq "$RUNS"); do
    say "round $round of $RUNS: ${all_programs[*]} on ${engines[*]}"
    for e in "${engines[@]}"; do
        for p in "${all_programs[@]}"; do
            engine_argv "$e" "${file_of[$p]}"
            times=$(time_run "$work/$e.$p.out" "${exit_of[$p]:-0}" "${argv[@]}")
            # shellcheck disable=SC2086 # two numbers: wall and CPU seconds
            keep_best "$e.$p" $times
            printf . >&2
        done
    done
    echo >&2
done

say "checking that every engine printed the same"
for p in "${all_programs[@]}"; do
    grep -v '^instret' "$work/$first.$p.out" >"$work/$p.expected" || true
    for e in "${engines[@]}"; do
        grep -v '^instret' "$work/$e.$p.out" >"$work/$e.$p.cmp" || true
        diff -u --label "${label_of[$first]}" --label "${label_of[$e]}" "$work/$p.expected" "$work/$e.$p.cmp" >&2 ||
            die "$p: ${label_of[$e]} printed something else than ${label_of[$first]} (diff above)"
    done
done

say "guest instructions (instret lines; rvmmu run --stats for user programs, untimed)"
declare -A insns
for p in bench bench_sv39 tlbmiss; do
    insns[$p]=$(instret_of "$work/$first.$p.out")
    [ -n "${insns[$p]}" ] || die "$p printed no instret line"
done
for p in "${user_programs[@]}"; do
    [ "$p" = hello ] && continue
    insns[$p]=$(guest_instructions "$RVMMU" "${file_of[$p]}" "$work/stats.$p")
done

# row PROGRAM ENGINE: one line of the table.
row() {
    local p=$1 e=$2
    awk -v p="$p" -v name="${label_of[$e]}" -v n="${insns[$p]:-0}" -v t="${best[$e.$p]}" \
        -v c="${best_cpu[$e.$p]}" -v q="${best[qemu.$p]}" -v qc="${best_cpu[qemu.$p]}" 'BEGIN {
        printf "%-11s %-22s %8.3f %8.3f %12s %7.1f %8.1f %8.2f %7.2f\n", p, name, t, c, n, n / t / 1e6,
            (c > 0 ? n / c / 1e6 : 0), q / t, (c > 0 ? qc / c : 0)
    }'
}
header() {
    printf '%-11s %-22s %8s %8s %12s %7s %8s %8s %7s\n' program engine seconds "CPU s" "guest insns" MIPS \
        "CPU MIPS" "vs QEMU" "CPU vs"
}

echo
echo "Bare-metal programs (QEMU: $QEMU_SYSTEM -machine spike -bios none), best of $RUNS:"
header
for p in bench bench_sv39 tlbmiss; do
    for e in "${engines[@]}"; do
        row "$p" "$e"
    done
done
echo
echo "Sv39 overhead over bare compute (bench_sv39 against bench, CPU time):"
for e in "${engines[@]}"; do
    awk -v name="${label_of[$e]}" -v s="${best_cpu[$e.bench_sv39]}" -v b="${best_cpu[$e.bench]}" \
        'BEGIN { printf "  %-22s %+6.1f %%\n", name, (b > 0 ? (s / b - 1) * 100 : 0) }'
done
echo
echo "Start-up and exit, exitcode.elf (wall clock):"
for e in "${engines[@]}"; do
    awk -v name="${label_of[$e]}" -v t="${best[$e.exitcode]}" 'BEGIN { printf "  %-22s %7.1f ms\n", name, t * 1000 }'
done

if [ ${#user_programs[@]} -gt 0 ]; then
    echo
    echo "User programs (QEMU: $QEMU_USER), best of $RUNS:"
    header
    for p in "${USER_PROGRAMS[@]}"; do
        for e in "${engines[@]}"; do
            row "$p" "$e"
        done
    done
    echo
    echo "Geometric mean of 'vs QEMU' over ${USER_PROGRAMS[*]} (above 1: faster than $QEMU_USER):"
    for e in "${engines[@]}"; do
        for p in "${USER_PROGRAMS[@]}"; do
            echo "${best[qemu.$p]} ${best[$e.$p]} ${best_cpu[qemu.$p]} ${best_cpu[$e.$p]}"
        done | awk -v name="${label_of[$e]}" '{ s += log($1 / $2); c += log($3 / $4); n++ }
            END { printf "  %-22s %6.2f wall clock, %6.2f CPU time\n", name, exp(s / n), exp(c / n) }'
    done
    echo
    echo "hello world: start-up to exit (best wall clock) and maximum resident size:"
    for e in "${engines[@]}"; do
        engine_argv "$e" "${file_of[hello]}"
        rss=$(max_rss_mib "${argv[@]}")
        awk -v name="${label_of[$e]}" -v t="${best[$e.hello]}" -v r="$rss" \
            'BEGIN { printf "  %-22s %7.1f ms %8.1f MiB\n", name, t * 1000, r }'
    done
fi
