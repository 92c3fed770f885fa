#!/bin/sh
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Runs every user program under QEMU and checks its exit status: 0 for
# the programs that pass, 139 (SIGSEGV) for those that must fault.
# After `make`:
#
#   ./check-qemu.sh                     QEMU user mode (qemu-riscv64)
#   ./check-qemu.sh FIRMWARE [OPTIONS]  qemu-system-riscv64 -machine virt
#                                       booting the firmware ELF with the
#                                       program as initrd and bootargs
#                                       "stats OPTIONS -- program args"
#
# Under the firmware it also checks that `sparse` took 1024 demand-zero
# faults plus at most 2 for the stack. Prints one line per run and exits
# 1 if anything differs.

cd "$(dirname "$0")" || exit 1
FIRMWARE=$1
[ $# -gt 0 ] && shift
OPTIONS=$*

status=0
LOG=$(mktemp) || exit 1
trap 'rm -f "$LOG"' EXIT

# run WANT PROGRAM ARGS...  (arguments must not contain spaces)
run() {
	want=$1
	shift
	if [ -z "$FIRMWARE" ]; then
		prog=$1
		shift
		qemu-riscv64 "out/$prog" "$@" >"$LOG" 2>&1
		got=$?
		set -- "$prog" "$@"
	else
		timeout 300 qemu-system-riscv64 -machine virt -bios none -m 128M \
			-nographic -kernel "$FIRMWARE" -initrd "out/$1" \
			-append "stats $OPTIONS -- $*" >"$LOG" 2>&1
		got=$?
	fi
	if [ "$got" -eq "$want" ]; then
		echo "ok    exit $got  $*"
	else
		echo "FAIL  exit $got (want $want)  $*"
		status=1
	fi
}

run 0   hello a b
run 0   sparse
if [ -n "$FIRMWARE" ]; then
	zero=$(sed -n 's/^firmware\.page_faults\.zero \([0-9]*\).*/\1/p' "$LOG")
	if [ -n "$zero" ] && [ "$zero" -ge 1024 ] && [ "$zero" -le 1026 ]; then
		echo "ok    sparse: $zero demand-zero faults for 1024 pages touched"
	else
		echo "FAIL  sparse: ${zero:-no} demand-zero faults for 1024 pages touched"
		status=1
	fi
fi
run 139 segv
run 139 segv heap
run 139 rodata
run 139 execstack
run 0   execstack mprotect
run 0   malloc
run 0   recurse
run 0   args x y
run 0   fpdouble
exit $status
