#!/bin/sh
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# /init of the KVM check's initramfs (tests/linux/kvm-test.sh): loads
# Debian's kvm module, which needs the H extension of the hart, runs
# kvm_guest (a VM of a dozen instructions through /dev/kvm) and powers off.
# Lines: RVMMU-KVM-START, the module's and kvm_guest's output (KVM-GUEST-OK
# or KVM-GUEST-FAIL ...), RVMMU-KVM-END.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "RVMMU-KVM-START $(uname -r)"
insmod /lib/modules/kvm.ko || echo "KVM-GUEST-FAIL insmod kvm.ko"
dmesg | grep -i kvm
ls -l /dev/kvm
/bin/kvm_guest
echo "RVMMU-KVM-END"
poweroff -f
