#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Builds the Linux boot test's initramfs: a newc cpio archive with Debian's
# busybox-static (fetched through tests/debian/fetch.sh, cached), links for
# the applets the test uses, and tests/linux/init.sh as /init.
#
#   bash tests/linux/initramfs.sh          # -> ~/.cache/rvmmu/linux/initrd.cpio
#   bash tests/linux/initramfs.sh OUTDIR   # -> OUTDIR/initrd.cpio
#
# Prints the path of the archive. The archive is reproducible: every file
# belongs to root and has the time stamp 2026-01-01 00:00:00 UTC, and the
# entries are sorted by name, so the same busybox gives the same bytes.
# Exits 1 with a message if busybox cannot be fetched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-${RVMMU_CACHE:-$HOME/.cache/rvmmu}/linux}
epoch=1767225600 # 2026-01-01 00:00:00 UTC

die() {
    echo "initramfs.sh: $*" >&2
    exit 1
}
command -v cpio >/dev/null || die "cpio not found (apt-get install cpio)"

root=$(bash "$here/../debian/fetch.sh" busybox-static) ||
    die "could not fetch Debian's busybox-static"
busybox=$root/usr/bin/busybox
[ -x "$busybox" ] || die "$busybox missing from the fetched package"

# The applets init.sh calls, and a few for an interactive shell.
applets=(
    sh ash awk cat date dd echo find grep gunzip gzip head ls md5sum mkdir
    mount poweroff reboot rm sed seq sha256sum sleep sort tail tr true
    umount uname uniq wc dmesg ps free setsid cttyhack vi less top insmod sync
)

mkdir -p "$out"
stage=$(mktemp -d "$out/initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,etc,root}
cp "$busybox" "$stage/bin/busybox"
for a in "${applets[@]}"; do
    ln -s busybox "$stage/bin/$a"
done
install -m 0755 "$here/init.sh" "$stage/init"
# The virtio-mmio transport and virtio-blk are modules in Debian's kernel:
# /init loads them from /lib/modules (decompressed here: busybox insmod
# takes plain ELF) to read and write the disk a boot may attach.
kroot=$(bash "$here/../debian/fetch.sh" linux-image-riscv64) ||
    die "could not fetch Debian's linux-image-riscv64 (for its virtio modules)"
mkdir -p "$stage/lib/modules"
for m in drivers/virtio/virtio_mmio drivers/block/virtio_blk; do
    ko=$(ls "$kroot"/usr/lib/modules/*/kernel/$m.ko.xz 2>/dev/null | head -n1)
    [ -f "$ko" ] || die "no $m.ko.xz in $kroot"
    command -v xz >/dev/null || die "xz not found (apt-get install xz-utils)"
    xz -dc "$ko" >"$stage/lib/modules/${m##*/}.ko"
done
# The kernel opens /dev/console for init's standard streams before
# devtmpfs is mounted; without this node init runs without them.
mknod -m 600 "$stage/dev/console" c 5 1 ||
    die "mknod /dev/console failed (the archive needs a device node: run as root)"
find "$stage" -exec touch -h -d "@$epoch" {} +

tmp=$out/initrd.cpio.tmp
(
    cd "$stage"
    {
        find . -mindepth 1 | LC_ALL=C sort
    } | cpio -o -H newc --reproducible -R 0:0 --quiet >"$tmp"
)
mv "$tmp" "$out/initrd.cpio"
echo "$out/initrd.cpio"
