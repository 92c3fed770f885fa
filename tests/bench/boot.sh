#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Boot-to-poweroff time of Linux under rvmmu and under QEMU, side by side
# (issue 12 item 7): Debian's riscv64 kernel with the test initramfs
# (tests/linux/initramfs.sh: marker, a small workload, poweroff -f) on
#   qemu             qemu-system-riscv64 -machine virt, Debian's OpenSBI
#                    fw_jump.bin (tests/linux/common.sh: qemu_boot_cmd)
#   rvmmu default    rvmmu boot --bios default (the built-in SBI)
#   rvmmu fw_jump    rvmmu boot --bios fw_jump.bin
# with the same kernel command line. Not a timed test: it prints figures.
#
#   bash tests/bench/boot.sh                 # one run each
#   RUNS=3 bash tests/bench/boot.sh          # best of 3, runs interleaved
#   NO_BUILD=1 RVMMU=path/to/rvmmu bash tests/bench/boot.sh
#
# Wall-clock and CPU (user + system, all threads) seconds, best of RUNS,
# and each rvmmu engine's ratio to QEMU (rvmmu / QEMU: below 1 is faster
# than QEMU; issue 12's target is at most 1). Fails when an engine does
# not print the marker or exits non-zero.
set -uo pipefail
cd "$(dirname "$0")/../.."
RVMMU=${RVMMU:-target/release/rvmmu}
. tests/linux/common.sh

RUNS=${RUNS:-1}
TIMEOUT=${TIMEOUT:-600}

die() {
    echo "boot.sh: $*" >&2
    exit 1
}
command -v "$QEMU" >/dev/null || die "$QEMU not found (Debian: apt-get install qemu-system-misc)"
[ -f "$FW_JUMP" ] || die "$FW_JUMP not found (Debian: apt-get install opensbi)"
if [ -z "${NO_BUILD:-}" ]; then
    nice cargo build --release -q -p emulator || die "cargo build failed"
fi
linux_fetch || die "could not fetch the kernel"
initrd=$(bash tests/linux/initramfs.sh) || die "could not build the initramfs"
append=$(linux_append poweroff)

engines=(qemu)
if "$RVMMU" boot --help >/dev/null 2>&1; then
    engines+=(rvmmu-default rvmmu-fwjump)
else
    echo "boot.sh: $RVMMU has no boot command: QEMU alone" >&2
fi

# engine_cmd ENGINE: sets CMD to the engine's command line.
engine_cmd() {
    case $1 in
    qemu) qemu_boot_cmd "$LINUX_IMAGE" "$initrd" "$append" ;;
    rvmmu-default | rvmmu-fwjump)
        local bios=default
        [ "$1" = rvmmu-fwjump ] && bios=$FW_JUMP
        CMD=("$RVMMU" boot --kernel "$LINUX_IMAGE" --initrd "$initrd" --append "$append"
            --bios "$bios" --timeout "$TIMEOUT")
        ;;
    esac
}

log=$(mktemp -t rvmmu-bench-boot.XXXXXX)
trap 'rm -f "$log"' EXIT
declare -A best_wall best_cpu
failed=0
TIMEFORMAT='%R %U %S'
for round in $(seq "$RUNS"); do
    for e in "${engines[@]}"; do
        engine_cmd "$e"
        times=$({ time timeout "$TIMEOUT" "${CMD[@]}" </dev/null >"$log" 2>&1; } 2>&1)
        status=$?
        read -r wall user sys <<<"$times"
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
        if [ "$status" -ne 0 ] || ! grep -q '^RVMMU-LINUX-OK ' <(tr -d '\r' <"$log"); then
            echo "boot.sh: $e (round $round) failed: exit status $status; last lines:" >&2
            tail -n 5 "$log" >&2
            failed=1
            continue
        fi
        echo "round $round: $e wall ${wall}s user+sys ${cpu}s" >&2
        if [ -z "${best_wall[$e]:-}" ] || awk -v a="$wall" -v b="${best_wall[$e]}" 'BEGIN {exit !(a < b)}'; then
            best_wall[$e]=$wall
        fi
        if [ -z "${best_cpu[$e]:-}" ] || awk -v a="$cpu" -v b="${best_cpu[$e]}" 'BEGIN {exit !(a < b)}'; then
            best_cpu[$e]=$cpu
        fi
    done
done

echo "Linux $LINUX_RELEASE + busybox initramfs, boot to poweroff, best of $RUNS ($(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-15s %9s %12s %12s %12s\n' engine "wall s" "user+sys s" "wall/QEMU" "cpu/QEMU"
for e in "${engines[@]}"; do
    [ -n "${best_wall[$e]:-}" ] || {
        printf '%-15s %9s\n' "$e" failed
        continue
    }
    ratio_wall=- ratio_cpu=-
    if [ -n "${best_wall[qemu]:-}" ]; then
        ratio_wall=$(awk -v a="${best_wall[$e]}" -v b="${best_wall[qemu]}" 'BEGIN {printf "%.2f", a / b}')
        ratio_cpu=$(awk -v a="${best_cpu[$e]}" -v b="${best_cpu[qemu]}" 'BEGIN {printf "%.2f", a / b}')
    fi
    printf '%-15s %9s %12s %12s %12s\n' "$e" "${best_wall[$e]}" "${best_cpu[$e]}" "$ratio_wall" "$ratio_cpu"
done
exit "$failed"
