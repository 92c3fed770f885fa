# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Shared by the Linux boot scripts (tests/linux/*.sh, tests/bench/boot.sh):
# sourced, not run. Defines where the kernel comes from and the one
# command line of each engine, so the test and the benchmark boot alike.

# Debian's OpenSBI (package opensbi): fw_jump.bin expects the kernel at
# 0x8020_0000 and the device tree in a1.
FW_JUMP=${FW_JUMP:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
QEMU=${QEMU:-qemu-system-riscv64}
# The rvmmu binary; RVMMU=path overrides it.
RVMMU=${RVMMU:-target/release/rvmmu}

# linux_fetch: fetches (cached) Debian's riscv64 kernel and sets
# LINUX_IMAGE (the uncompressed Image, /boot/vmlinux-* in the package) and
# LINUX_RELEASE (its uname -r). Says why and returns 1 if it cannot.
linux_fetch() {
    local root here
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    root=$(bash "$here/../debian/fetch.sh" linux-image-riscv64) || {
        echo "linux: could not fetch Debian's linux-image-riscv64 (see above)" >&2
        return 1
    }
    LINUX_IMAGE=$(ls "$root"/boot/vmlinux-* 2>/dev/null | head -n1)
    if [ ! -f "$LINUX_IMAGE" ]; then
        echo "linux: no boot/vmlinux-* in $root" >&2
        return 1
    fi
    LINUX_RELEASE=${LINUX_IMAGE##*/vmlinux-}
}

# linux_append END: the kernel command line of every boot. panic=-1
# restarts at once on a panic; nokaslr keeps kernel addresses where the
# symbol file (captured once with rvmmu.end=kallsyms) says they are.
linux_append() {
    echo "console=ttyS0 earlycon=sbi panic=-1 nokaslr rvmmu.end=$1"
}

# qemu_boot_cmd IMAGE INITRD APPEND [DISK]: sets the array CMD to QEMU's
# command line. -no-reboot: a guest reboot ends QEMU instead of booting
# again.
qemu_boot_cmd() {
    CMD=("$QEMU" -machine virt -cpu rv64 -smp 1 -m 256M -nographic -no-reboot
        -bios "$FW_JUMP" -kernel "$1" -initrd "$2" -append "$3")
    if [ -n "${4:-}" ]; then
        CMD+=(-drive "file=$4,if=none,format=raw,id=vd" -device virtio-blk-device,drive=vd)
    fi
}

# make_disk FILE: a 1 MiB raw disk image that starts with a known line
# (the workload reads it and writes "written-by-linux" at byte 512).
make_disk() {
    printf 'rvmmu-linux-test-disk-01\n' >"$1"
    truncate -s 1M "$1"
}

# workload_lines FILE: the marker and the workload lines of a console log
# (carriage returns removed), the part that must match between engines.
workload_lines() {
    tr -d '\r' <"$1" | grep -E '^(RVMMU-LINUX-OK|RVMMU-LINUX-END|W: )'
}

# linux_system_map: sets LINUX_MAP to a System.map of LINUX_IMAGE
# (linux_fetch first). Debian's package ships a stub System.map (the real
# one is in the -dbg package, about a gigabyte), so the map is the
# kernel's own /proc/kallsyms, printed once by a QEMU boot with
# rvmmu.end=kallsyms (nokaslr: the addresses hold for every boot) and
# cached beside the initramfs. Returns 1 if the capture fails.
linux_system_map() {
    local here dir log
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    dir=${RVMMU_CACHE:-$HOME/.cache/rvmmu}/linux
    LINUX_MAP=$dir/System.map-$LINUX_RELEASE
    [ -s "$LINUX_MAP" ] && return 0
    mkdir -p "$dir"
    log=$(mktemp -t rvmmu-kallsyms.XXXXXX)
    echo "linux: capturing the kernel's symbols with QEMU (once; about a minute)" >&2
    if ! END=kallsyms LOG=$log bash "$here/qemu-boot.sh" >/dev/null; then
        echo "linux: the QEMU boot that prints /proc/kallsyms failed" >&2
        rm -f "$log"
        return 1
    fi
    # Only well-formed lines: kernel messages may interleave.
    tr -d '\r' <"$log" | sed -n '/^RVMMU-KALLSYMS-BEGIN$/,/^RVMMU-KALLSYMS-END$/p' |
        grep -E '^[0-9a-f]{16} [A-Za-z] [^ ]+([[:space:]]\[[^ ]+\])?$' >"$LINUX_MAP.tmp"
    rm -f "$log"
    if [ "$(grep -c ' [tT] ' "$LINUX_MAP.tmp")" -lt 1000 ]; then
        echo "linux: the captured /proc/kallsyms has too few text symbols" >&2
        rm -f "$LINUX_MAP.tmp"
        return 1
    fi
    mv "$LINUX_MAP.tmp" "$LINUX_MAP"
}
