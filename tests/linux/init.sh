#!/bin/sh
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# /init of the Linux boot test's initramfs (tests/linux/initramfs.sh puts
# it there; busybox sh runs it as PID 1). It mounts the pseudo file
# systems, prints the marker line, runs a small workload and ends the way
# the kernel command line asks:
#
#   rvmmu.end=poweroff   poweroff -f (the default)
#   rvmmu.end=reboot     reboot -f
#   rvmmu.end=panic      a kernel panic through sysrq (with panic=-1 the
#                        kernel then restarts the machine at once)
#   rvmmu.end=shell      an interactive busybox shell; exit powers off
#   rvmmu.end=kallsyms   print /proc/kallsyms (the kernel's symbols, in
#                        System.map format) between two marker lines, then
#                        poweroff -f; Debian's System.map is a stub
#
# Output lines:
#   RVMMU-LINUX-OK <release>  the marker: user space runs
#   W: ...                    workload output; identical on every machine
#                             that runs this kernel and initramfs (the
#                             boot test compares them with QEMU's)
#   I: ...                    information that differs between machines
#                             (ISA string, memory); not compared
#   RVMMU-LINUX-END <how>     the workload is done; <how> follows
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp

end=poweroff
for arg in $(cat /proc/cmdline); do
    case $arg in
    rvmmu.end=*) end=${arg#rvmmu.end=} ;;
    esac
done

echo "RVMMU-LINUX-OK $(uname -r)"

# w COMMAND...: runs COMMAND through the shell, prefixing each line of
# its output (and of the command itself) with "W: ".
w() {
    echo "W: \$ $*"
    eval "$*" 2>&1 | sed 's/^/W: /'
}

echo "I: $(grep -m1 '^isa' /proc/cpuinfo)"
echo "I: $(grep -m1 '^mmu' /proc/cpuinfo)"
echo "I: $(grep -m1 '^MemTotal' /proc/meminfo)"

# The disk, if the machine has one (virtio-blk on virtio-mmio, the boot
# test attaches a 1 MiB image that starts with a known line): read its
# first line, write a line at byte 512, drop the page cache and read it
# back from the device (the test also looks for it in the host file).
insmod /lib/modules/virtio_mmio.ko 2>/dev/null
insmod /lib/modules/virtio_blk.ko 2>/dev/null
if [ -b /dev/vda ]; then
    w 'cat /sys/block/vda/size'
    w 'head -c 24 /dev/vda; echo'
    w 'echo written-by-linux | dd of=/dev/vda bs=512 seek=1 conv=sync,notrunc 2>/dev/null; sync; echo 3 >/proc/sys/vm/drop_caches; dd if=/dev/vda bs=512 skip=1 count=1 2>/dev/null | head -n 1'
fi

# A fixed seed: the same numbers on every machine (one busybox binary).
awk 'BEGIN { srand(42); for (i = 0; i < 5000; i++) print int(rand() * 1000) }' >/tmp/data
w 'uname -s -m'
w 'wc -l /tmp/data'
w 'sort -n /tmp/data | uniq -c | sort -k1,1nr -k2,2n | head -n 5'
w 'sha256sum /tmp/data'
w 'seq 1 10000 | sed "s/0/zero/g" | md5sum'
w 'gzip -9 -c /tmp/data >/tmp/data.gz; wc -c </tmp/data.gz; gunzip -c /tmp/data.gz | sha256sum'
w 'dd if=/dev/zero of=/tmp/zero bs=64k count=16 2>/dev/null; ls -l /tmp/zero | awk "{print \$1, \$5, \$9}"'
w 'tr "\000" "z" </tmp/zero | sha256sum'
w 'ls -l /init /bin/busybox /bin/sh | awk "{print \$1, \$5, \$9, \$10, \$11}"'
w 'find / -xdev | wc -l'
w 'i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i + 1)); done; echo forked $i'
w 'for n in 1 2 3 4; do (echo sub $n) & done; wait' | sort
w 'test -r /proc/self/maps && grep -c " r-xp " /proc/self/maps'

echo "RVMMU-LINUX-END $end"
case $end in
reboot)
    reboot -f
    ;;
panic)
    echo 1 >/proc/sys/kernel/sysrq
    echo c >/proc/sysrq-trigger
    ;;
shell)
    # An interactive shell on the console (job control through
    # cttyhack); leaving it powers the machine off.
    setsid cttyhack sh
    poweroff -f
    ;;
kallsyms)
    echo 0 >/proc/sys/kernel/kptr_restrict
    echo "RVMMU-KALLSYMS-BEGIN"
    cat /proc/kallsyms
    echo "RVMMU-KALLSYMS-END"
    poweroff -f
    ;;
*)
    poweroff -f
    ;;
esac
# Not reached unless the command above failed; PID 1 exiting panics.
echo "RVMMU-LINUX-END $end did not end the machine"
sleep 5
exit 1
