#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# The QEMU reference of the Linux boot test: boots Debian's riscv64 kernel
# with the test initramfs on qemu-system-riscv64 -machine virt with
# Debian's OpenSBI fw_jump.bin, shows the console, the marker, QEMU's exit
# status and how long it took (wall, user + sys).
#
#   bash tests/linux/qemu-boot.sh                 # rvmmu.end=poweroff
#   END=reboot bash tests/linux/qemu-boot.sh      # or panic, kallsyms
#   LOG=FILE bash tests/linux/qemu-boot.sh        # keep the console in FILE
#   APPEND="quiet" bash tests/linux/qemu-boot.sh  # more kernel arguments
#
# QEMU runs with -no-reboot, so a guest reboot (and a panic with
# panic=-1, which restarts the machine) ends QEMU with status 0, as a
# power-off does; the console's last lines tell them apart. A boot that
# takes longer than TIMEOUT seconds (default 120) is killed: exit 124.
# Exits with QEMU's status, or 1 if the marker line is missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/linux/common.sh
. "$here/common.sh"

END=${END:-poweroff}
TIMEOUT=${TIMEOUT:-120}
log=${LOG:-$(mktemp -t rvmmu-qemu-boot.XXXXXX)}
[ -n "${LOG:-}" ] || trap 'rm -f "$log"' EXIT

linux_fetch || exit 1
initrd=$(bash "$here/initramfs.sh") || exit 1

# qemu_boot_cmd is in common.sh: the same command for the benchmark.
qemu_boot_cmd "$LINUX_IMAGE" "$initrd" "$(linux_append "$END") ${APPEND:-}"
cmd=("${CMD[@]}")
echo "qemu-boot: ${cmd[*]}" >&2
TIMEFORMAT='%R %U %S'
times=$( { time timeout "$TIMEOUT" "${cmd[@]}" </dev/null >"$log" 2>&1; echo "status $?" >&2; } 2>&1 )
status=$(awk '/^status/ {print $2}' <<<"$times")
read -r wall user sys < <(grep -v '^status' <<<"$times")
[ "$END" = kallsyms ] || cat "$log"
echo "qemu-boot: exit status $status; wall ${wall}s, user+sys $(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')s"
if ! grep -q '^RVMMU-LINUX-OK ' "$log"; then
    echo "qemu-boot: the marker line RVMMU-LINUX-OK is missing" >&2
    exit 1
fi
exit "$status"
