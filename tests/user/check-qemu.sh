#!/bin/sh
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Runs every user program under QEMU user mode (qemu-riscv64, Debian
# package qemu-user) and checks its exit status: 0 for the programs that
# pass, 139 (SIGSEGV) for those that must fault. Usage, after `make`:
#
#   ./check-qemu.sh [QEMU]        default QEMU: qemu-riscv64
#
# Prints one line per run and exits 1 if any status differs.

QEMU=${1:-qemu-riscv64}
cd "$(dirname "$0")" || exit 1

status=0
run() {
	want=$1
	shift
	"$QEMU" "out/$@" >/dev/null 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then
		echo "ok    exit $got  $*"
	else
		echo "FAIL  exit $got (want $want)  $*"
		status=1
	fi
}

run 0   hello a "b c"
run 0   sparse
run 139 segv
run 139 segv heap
run 139 rodata
run 139 execstack
run 0   execstack mprotect
run 0   malloc
run 0   recurse
run 0   args x "y z"
exit $status
