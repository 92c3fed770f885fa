#!/bin/sh
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Memory pressure and processes under the firmware on qemu-system-riscv64
# with a swap disk (virtio-blk over virtio-mmio, version 2). After `make`
# here and in ../../firmware:
#
#   ./check-memory.sh [FIRMWARE]      (default ../../firmware/out/firmware.elf)
#
# Checks: Belady's anomaly under FIFO (refstring: 9 faults with 3 frames,
# 10 with 4); wset at 0.5x..4x of frames=64 under fifo, clock and lru
# (tick=0: aging only at evictions, so the counts are deterministic) gives
# the checksum of a run without a limit, and prints the fault table;
# forkcow (with its fault counts), forkbomb, spawn (execve from a cpio
# initrd); out of swap kills with 137. Exits 1 if anything differs.

cd "$(dirname "$0")" || exit 1
FIRMWARE=${1:-../../firmware/out/firmware.elf}
SWAP=$(mktemp) || exit 1
SMALL=$(mktemp) || exit 1
LOG=$(mktemp) || exit 1
CPIO=$(mktemp) || exit 1
trap 'rm -f "$SWAP" "$SMALL" "$LOG" "$CPIO"' EXIT
truncate -s 64M "$SWAP"
truncate -s 64K "$SMALL"
status=0

# boot IMAGE INITRD BOOTARGS: runs, output in $LOG, exit code in $got.
boot() {
	timeout 300 qemu-system-riscv64 -machine virt -bios none -m 128M -nographic \
		-kernel "$FIRMWARE" -initrd "$2" -append "$3" \
		-global virtio-mmio.force-legacy=false \
		-drive "file=$1,if=none,format=raw,id=swap" -device virtio-blk-device,drive=swap \
		>"$LOG" 2>&1
	got=$?
}

check() { # check WANT-EXIT DESCRIPTION (after boot)
	if [ "$got" -eq "$1" ]; then
		echo "ok    exit $got  $2"
	else
		echo "FAIL  exit $got (want $1)  $2"
		sed 's/^/      /' "$LOG"
		status=1
	fi
}

faults() { sed -n "s/^$1: .*: \([0-9]*\) page faults$/\1/p" "$LOG"; }
counter() { sed -n "s/^firmware\.$1 \([0-9]*\)$/\1/p" "$LOG"; }

for f in 3 4; do
	boot "$SWAP" out/refstring "stats tick=0 frames=$f policy=fifo -- refstring 1 2 3 4 1 2 5 1 2 3 4 5"
	check 0 "refstring fifo frames=$f"
	n=$(faults refstring)
	want=$((f == 3 ? 9 : 10))
	if [ "$n" = "$want" ]; then echo "ok    belady: fifo frames=$f: $n faults"; else
		echo "FAIL  belady: fifo frames=$f: ${n:-no} faults, want $want"; status=1; fi
done

boot "$SWAP" out/wset "stats -- wset 256"
check 0 "wset 256 without a limit"
ref256=$(sed -n 's/^wset: checksum //p' "$LOG")
printf '%-6s %-6s %8s %8s %8s %8s\n' policy N faults evicted swap_w swap_r
for p in fifo clock lru; do
	for n in 32 64 128 256; do
		boot "$SWAP" out/wset "stats tick=0 frames=64 policy=$p -- wset $n"
		sum=$(sed -n 's/^wset: checksum //p' "$LOG")
		if [ "$got" -ne 0 ]; then check 0 "wset $n $p"; fi
		if [ "$n" = 256 ] && [ "$sum" != "$ref256" ]; then
			echo "FAIL  wset 256 $p: checksum $sum, want $ref256"; status=1; fi
		printf '%-6s %-6s %8s %8s %8s %8s\n' "$p" "$n" "$(faults wset)" \
			"$(counter "evictions.$p")" "$(counter swap.writes)" "$(counter swap.reads)"
	done
done

boot "$SWAP" out/forkcow "stats -- forkcow counts"
check 0 "forkcow counts"
boot "$SWAP" out/forkcow "stats tick=1000 frames=8 policy=clock -- forkcow"
check 0 "forkcow (frames=8, tick=1000: shared pages swapped, preemption)"
boot "$SWAP" out/forkbomb "stats -- forkbomb"
check 0 "forkbomb"
grep -q '^forkbomb: 15 children, then EAGAIN$' "$LOG" || { echo "FAIL  forkbomb: not 15 children then EAGAIN"; status=1; }
./mkcpio.py "$CPIO" out/spawn out/hello
boot "$SWAP" "$CPIO" "stats -- spawn hello"
check 0 "spawn hello (execve from a cpio initrd)"
boot "$SMALL" out/wset "stats frames=16 -- wset 128"
check 137 "wset 128 with frames=16 and 16 swap slots: out of swap"
grep -q '^firmware: out of swap, killing pid 1$' "$LOG" || { echo "FAIL  no out-of-swap message"; status=1; }
exit $status
