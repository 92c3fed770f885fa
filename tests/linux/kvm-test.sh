#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# The KVM check (issue 14, item 5, optional): Debian's riscv64 kernel boots
# on `rvmmu boot` (H extension on, the default), loads its kvm module and
# runs a KVM guest: tests/linux/kvm/kvm_guest.c, built static here with
# riscv64-linux-gnu-gcc, creates a VM through /dev/kvm and runs a dozen
# guest instructions in VS-mode until an MMIO exit, an SBI exit and an SBI
# shutdown (see its header); QEMU runs the same initramfs and must show the
# same exits. Nothing built or fetched is committed.
#
#   bash tests/linux/kvm-test.sh
#   RVMMU=target/release/rvmmu KEEP=1 bash tests/linux/kvm-test.sh
#
# Prints the console lines of the check, rvmmu's --stats, the time, then
# `ok kvm` or `FAIL kvm: <why>` (exit 1). One boot: about as long as one
# boot of tests/linux/boot-test.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
RVMMU=${RVMMU:-target/ci/rvmmu}
. tests/linux/common.sh
TIMEOUT=${TIMEOUT:-600}

die() {
    echo "FAIL kvm: $*"
    exit 1
}
command -v cpio >/dev/null || die "cpio not found (apt-get install cpio)"
command -v riscv64-linux-gnu-gcc >/dev/null || die "riscv64-linux-gnu-gcc not found"
[ -x "$RVMMU" ] || die "$RVMMU not built"
linux_fetch || die "no kernel"
kroot=$(bash tests/debian/fetch.sh linux-image-riscv64) || die "no kernel package"
broot=$(bash tests/debian/fetch.sh busybox-static) || die "no busybox"

work=$(mktemp -d "${TMPDIR:-/tmp}/rvmmu-kvm.XXXXXX")
if [ -z "${KEEP:-}" ]; then
    trap 'rm -rf "$work"' EXIT
else
    echo "kvm: logs kept in $work"
fi
stage=$work/root
mkdir -p "$stage"/{bin,dev,proc,sys,lib/modules}
cp "$broot/usr/bin/busybox" "$stage/bin/busybox"
for a in sh mount insmod dmesg grep ls echo uname poweroff; do
    ln -s busybox "$stage/bin/$a"
done
ko=$(ls "$kroot"/usr/lib/modules/*/kernel/arch/riscv/kvm/kvm.ko.xz 2>/dev/null | head -n1)
[ -f "$ko" ] || die "no kvm.ko.xz in $kroot"
xz -dc "$ko" >"$stage/lib/modules/kvm.ko" || die "xz -dc $ko"
riscv64-linux-gnu-gcc -static -O2 -Wall -Werror -std=gnu11 \
    -o "$stage/bin/kvm_guest" tests/linux/kvm/kvm_guest.c || die "kvm_guest.c does not build"
install -m 0755 tests/linux/kvm/init.sh "$stage/init"
mknod -m 600 "$stage/dev/console" c 5 1 || die "mknod /dev/console (run as root)"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
    >"$work/initrd.cpio" || die "cpio"

start=$SECONDS
timeout "$TIMEOUT" "$RVMMU" boot --kernel "$LINUX_IMAGE" --initrd "$work/initrd.cpio" \
    --append "console=ttyS0 earlycon=sbi panic=-1 nokaslr" --bios default \
    --time icount --timeout "$TIMEOUT" --stats >"$work/console" 2>"$work/rvmmu" </dev/null
status=$?
secs=$((SECONDS - start))
tr -d '\r' <"$work/console" | grep -E '^(RVMMU-KVM|KVM-GUEST|kvm)|kvm' | head -n 40
grep -E '^(hart\.instructions|mmu\.two_stage|hart\.exception\..*guest|rvmmu: )' "$work/rvmmu" | head -n 20
echo "kvm: rvmmu boot exited $status after ${secs}s"
grep -q '^KVM-GUEST-OK' <(tr -d '\r' <"$work/console") ||
    die "no KVM-GUEST-OK on the console (rvmmu exit status $status)"
# The reference: QEMU (its H) runs the same initramfs; the VM's exits must
# be the same lines.
exits() { tr -d '\r' <"$1" | grep -E '^(kvm: exit|KVM-GUEST)'; }
if command -v "$QEMU" >/dev/null; then
    qemu_boot_cmd "$LINUX_IMAGE" "$work/initrd.cpio" "console=ttyS0 earlycon=sbi panic=-1 nokaslr"
    timeout "$TIMEOUT" "${CMD[@]}" >"$work/qemu" 2>&1 </dev/null
    diff <(exits "$work/qemu") <(exits "$work/console") ||
        die "the VM's exits differ from QEMU's (< QEMU, > rvmmu)"
    echo "kvm: the VM's exits match QEMU's"
else
    echo "kvm: $QEMU not found: no comparison with QEMU"
fi
echo "ok   kvm"
