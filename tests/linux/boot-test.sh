#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# The Linux boot test (issue 12, items 5 and 6): Debian's riscv64 kernel
# and busybox initramfs (tests/linux/initramfs.sh) boot on rvmmu to user
# space, run the workload of tests/linux/init.sh and end the machine.
#
#   bash tests/linux/boot-test.sh
#   RVMMU=target/release/rvmmu bash tests/linux/boot-test.sh
#   KEEP=1 bash tests/linux/boot-test.sh   # keep the logs (path printed)
#
# What it checks, each a line `ok ...` or `FAIL ...`, then the summary
# `N passed, M failed` (exit 1 if anything failed):
#   qemu       the reference: QEMU (tests/linux/qemu-boot.sh's command)
#              boots the same kernel and initramfs to the marker
#   sbi-*      `rvmmu boot --bios default` (the built-in SBI):
#              poweroff exits 0, reboot and panic (panic=-1) exit with the
#              statuses `rvmmu --help` documents for them; each shows the
#              marker and the workload lines (W: ...) QEMU printed
#   fwjump     the same boot to poweroff with Debian's OpenSBI fw_jump.bin
#              (its banner on the console; none on the built-in SBI's)
#   disk       --disk: Linux (virtio-mmio + virtio-blk modules loaded by
#              /init) reads the image and its write reaches the host file
#   stats      --stats prints the MMU's walk and page-fault counters
#   explain    --explain-faults with --symbols System.map names a kernel
#              function in at least one explanation
#   check-tlb  --check-tlb over the first CHECK_TLB_INSNS instructions
#              (default 600 million: past the kernel's switch to its final
#              page tables; --check-tlb makes rvmmu about 60x slower, a
#              whole boot would take many minutes): no stale-TLB warning
#              (Linux fences what it relies on: a warning is a checker
#              false positive or a TLB bug)
#   gdb        gdb-multiarch interrupts the running kernel and `monitor pt`
#              dumps the page tables of the current satp (kernel half)
#
# Nothing fetched is committed: the kernel and busybox come from
# tests/debian/fetch.sh (cached under ~/.cache/rvmmu). If they cannot be
# fetched the test says so and fails. The kernel's symbols are its own
# /proc/kallsyms, captured once with QEMU (common.sh: linux_system_map).
# Boots run JOBS at a time (default 2), each limited by TIMEOUT seconds
# (default 600) and by rvmmu's --timeout; deterministic time
# (--time icount) when rvmmu boot offers it.
set -uo pipefail
cd "$(dirname "$0")/../.."
RVMMU=${RVMMU:-target/ci/rvmmu}
. tests/linux/common.sh

# The rvmmu command every boot starts with (word-split on purpose).
RVMMU_BOOT=${RVMMU_BOOT:-"$RVMMU boot"}
TIMEOUT=${TIMEOUT:-600}
JOBS=${JOBS:-2}
CHECK_TLB_INSNS=${CHECK_TLB_INSNS:-600000000}

start=$SECONDS
passed=0
failed=0
say() { echo "linux: [$((SECONDS - start))s] $*"; }
pass() {
    passed=$((passed + 1))
    echo "ok   $*"
}
fail() {
    failed=$((failed + 1))
    echo "FAIL $*"
}
finish() {
    say "done"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

work=$(mktemp -d -t rvmmu-linux.XXXXXX)
if [ -n "${KEEP:-}" ]; then
    echo "linux: logs in $work"
else
    trap 'rm -rf "$work"' EXIT
fi

say "fetching Debian's kernel and busybox, building the initramfs"
if ! linux_fetch; then
    fail "fetch: Debian's linux-image-riscv64 could not be fetched"
    finish
fi
if ! initrd=$(bash tests/linux/initramfs.sh); then
    fail "initramfs: could not be built (busybox-static not fetched?)"
    finish
fi
pass "fetch: $LINUX_IMAGE, $initrd"
if ! linux_system_map; then
    fail "symbols: could not capture the kernel's /proc/kallsyms with QEMU"
    finish
fi

# job NAME COMMAND...: runs COMMAND in the background, at most JOBS at a
# time, console in NAME.out, stderr in NAME.err, status in NAME.status.
job() {
    local name=$1
    shift
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    say "started $name"
    (
        t0=$SECONDS
        "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null
        st=$?
        echo "$st" >"$work/$name.status"
        say "finished $name: exit status $st after $((SECONDS - t0))s"
    ) &
}

# The reference run.
make_disk "$work/qemu.img"
qemu_boot_cmd "$LINUX_IMAGE" "$initrd" "$(linux_append poweroff)" "$work/qemu.img"
job qemu timeout "$TIMEOUT" "${CMD[@]}"

# rvmmu: does it have a boot command, and which options?
have_boot=1
if ! boot_help=$($RVMMU_BOOT --help 2>&1); then
    have_boot=0
    fail "rvmmu boot: \`$RVMMU_BOOT --help\` fails: this rvmmu cannot boot Linux yet ($(head -n1 <<<"$boot_help"))"
fi
time_opts=()
if grep -q -- '--time ' <<<"$boot_help"; then
    time_opts=(--time icount)
elif [ "$have_boot" = 1 ]; then
    say "rvmmu boot has no --time option: the boots run on host time"
fi

# boot NAME BIOS END [OPTIONS...]: one rvmmu boot as a job.
boot() {
    local name=$1 bios=$2 end=$3
    shift 3
    make_disk "$work/$name.img"
    # shellcheck disable=SC2086
    job "$name" timeout "$TIMEOUT" $RVMMU_BOOT --kernel "$LINUX_IMAGE" --initrd "$initrd" \
        --append "$(linux_append "$end")" --bios "$bios" --timeout "$TIMEOUT" \
        --disk "$work/$name.img" "${time_opts[@]}" "$@"
}

# gdb_attempt AFTER: boots under --gdb 0, lets the kernel run AFTER seconds
# (GDB_AFTER, default 3, at first: the kernel turns its MMU on within its first 20 million
# instructions, and powers off after about 2 billion), interrupts it as
# Ctrl-C in gdb would and dumps the page tables of the current satp with
# `monitor pt`. (A breakpoint would do instead of the interrupt, but it
# makes rvmmu single-step: a kernel's do_page_fault is 2 billion
# instructions away, minutes of single-stepping.)
gdb_attempt() {
    local after=$1
    # shellcheck disable=SC2086
    $RVMMU_BOOT --kernel "$LINUX_IMAGE" --initrd "$initrd" --append "$(linux_append poweroff)" \
        --bios default --timeout "$TIMEOUT" "${time_opts[@]}" --gdb 0 \
        >"$work/gdb.console" 2>"$work/gdb.rvmmu" </dev/null &
    local pid=$! port="" i gdb_pid
    for i in $(seq 300); do
        port=$(sed -n 's/^rvmmu: waiting for gdb on 127.0.0.1://p' "$work/gdb.rvmmu")
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "rvmmu announced no gdb port:"
        cat "$work/gdb.rvmmu"
        kill "$pid" 2>/dev/null
        wait "$pid"
        return
    fi
    timeout "$TIMEOUT" gdb-multiarch -nx -batch -ex 'set pagination off' -ex 'set confirm off' \
        -ex 'set architecture riscv:rv64' -ex "target remote 127.0.0.1:$port" \
        -ex continue -ex 'info registers pc' -ex 'monitor pt' -ex kill </dev/null 2>&1 &
    gdb_pid=$!
    sleep "$after"
    kill -INT "$gdb_pid"
    wait "$gdb_pid"
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$pid" 2>/dev/null
    wait "$pid"
}

# gdb_boot: gdb_attempt until monitor pt printed a dump, at most three
# times (gdb sometimes disconnects instead of interrupting when its
# Ctrl-C arrives while it is still resuming the target). gdb's status
# says little (its kill closes the connection); the check reads the
# output.
gdb_boot() {
    local after
    for after in "${GDB_AFTER:-3}" 5 8; do
        echo "gdb: interrupting after ${after}s"
        gdb_attempt "$after" >"$work/gdb.try"
        cat "$work/gdb.try"
        grep -qE '^satp: ' "$work/gdb.try" && return 0
    done
    return 1
}

if [ "$have_boot" = 1 ]; then
    boot sbi-poweroff default poweroff --stats
    boot fwjump "$FW_JUMP" poweroff
    boot sbi-reboot default reboot
    boot sbi-panic default panic
    boot explain default poweroff --explain-faults --symbols "$LINUX_MAP"
    boot check-tlb default poweroff --check-tlb --max-insns "$CHECK_TLB_INSNS"
    if command -v gdb-multiarch >/dev/null; then
        job gdb gdb_boot
    else
        fail "gdb: gdb-multiarch missing (apt-get install gdb-multiarch)"
    fi
fi
wait
say "all boots ended; checking"

status_of() { cat "$work/$1.status" 2>/dev/null || echo none; }

# The reference.
if [ "$(status_of qemu)" = 0 ] && grep -q '^RVMMU-LINUX-OK ' <(tr -d '\r' <"$work/qemu.out"); then
    workload_lines "$work/qemu.out" >"$work/want"
    pass "qemu: marker and exit status 0 ($(grep -c '^W: ' "$work/want") workload lines)"
else
    fail "qemu: status $(status_of qemu), marker $(grep -c RVMMU-LINUX-OK "$work/qemu.out")"
    tail -n 20 "$work/qemu.out"
    : >"$work/want"
fi
[ "$have_boot" = 1 ] || finish

# The exit statuses rvmmu documents (its --help table) for a guest reboot
# and a guest panic (the kernel's panic=-1 restarts the machine).
help=$($RVMMU --help 2>&1)
# status_for WORD: the status whose entry (its line and the indented
# lines that continue it) mentions WORD first.
status_for() {
    awk -v w="$1" '/^[0-9]+ / {st = $1} /^[0-9]+ |^ / {if (st != "" && tolower($0) ~ w) {print st; exit}} /^[^0-9 ]/ {st = ""}' <<<"$help"
}
exit_reboot=$(status_for reboot)
exit_panic=$(status_for panic)
exit_panic=${exit_panic:-$exit_reboot}

# check_boot NAME WANT_STATUS: status, marker, workload against QEMU's.
check_boot() {
    local name=$1 want=$2 got
    got=$(status_of "$name")
    if [ -z "$want" ]; then
        fail "$name: \`rvmmu --help\` documents no exit status for this end (status was $got)"
    elif [ "$got" != "$want" ]; then
        fail "$name: exit status $got, want $want; last lines:"
        tail -n 8 "$work/$name.out" "$work/$name.err"
        return
    fi
    if ! grep -q '^RVMMU-LINUX-OK ' <(tr -d '\r' <"$work/$name.out"); then
        fail "$name: no marker line RVMMU-LINUX-OK; last lines:"
        tail -n 8 "$work/$name.out" "$work/$name.err"
        return
    fi
    workload_lines "$work/$name.out" >"$work/$name.got"
    if [ -s "$work/want" ] && [ "$name" != sbi-poweroff ] && [ "$name" != fwjump ]; then
        # Other ends: the workload lines up to the end line.
        grep -v '^RVMMU-LINUX-END' "$work/want" >"$work/want.noend"
        if ! diff <(grep -v '^RVMMU-LINUX-END' "$work/$name.got") "$work/want.noend" >"$work/$name.diff"; then
            fail "$name: workload output differs from QEMU's (< rvmmu, > QEMU):"
            head -n 20 "$work/$name.diff"
            return
        fi
    elif ! diff "$work/$name.got" "$work/want" >"$work/$name.diff"; then
        fail "$name: workload output differs from QEMU's (< rvmmu, > QEMU):"
        head -n 20 "$work/$name.diff"
        return
    fi
    [ "$got" = "$want" ] && pass "$name: exit status $got, marker, workload as QEMU's"
}

check_boot sbi-poweroff 0
check_boot fwjump 0
# Which firmware ran: OpenSBI prints its banner, the built-in SBI does not.
if grep -q '^OpenSBI v' <(tr -d '\r' <"$work/fwjump.out"); then
    pass "fwjump: OpenSBI's banner on the console ($(tr -d '\r' <"$work/fwjump.out" | grep -m1 '^OpenSBI v'))"
else
    fail "fwjump: no OpenSBI banner on the console: did --bios $FW_JUMP run?"
fi
if grep -q '^OpenSBI v' <(tr -d '\r' <"$work/sbi-poweroff.out"); then
    fail "sbi-poweroff: OpenSBI's banner on the console, not the built-in SBI's boot"
fi
# --disk: Linux's virtio-blk driver read the image (the workload lines,
# compared above) and its write reached the host file.
for name in sbi-poweroff fwjump; do
    if ! grep -q 'W: 2048$' <(tr -d '\r' <"$work/$name.out"); then
        fail "$name: Linux saw no 1 MiB virtio disk (/sys/block/vda/size)"
    elif [ "$(dd if="$work/$name.img" bs=512 skip=1 count=1 2>/dev/null | head -n 1)" = written-by-linux ]; then
        pass "$name: --disk: Linux read the image and its write reached the host file"
    else
        fail "$name: --disk: the guest's write is not in $work/$name.img"
    fi
done
check_boot sbi-reboot "$exit_reboot"
check_boot sbi-panic "$exit_panic"
if grep -q 'Kernel panic' <(tr -d '\r' <"$work/sbi-panic.out"); then
    pass "sbi-panic: the console shows the kernel panic"
else
    fail "sbi-panic: no 'Kernel panic' on the console"
fi

# --stats: the MMU's counters after a kernel boot.
if grep -qE '^mmu\.walks +[1-9]' "$work/sbi-poweroff.err" &&
    grep -qE '^mmu\.page_faults +[1-9]' "$work/sbi-poweroff.err"; then
    pass "stats: $(grep -E '^mmu\.walks' "$work/sbi-poweroff.err" | tr -s ' '); $(grep -E '^mmu\.page_faults' "$work/sbi-poweroff.err" | cut -c1-40 | tr -s ' ')"
else
    fail "stats: no mmu.walks / mmu.page_faults counters in --stats:"
    tail -n 30 "$work/sbi-poweroff.err"
fi

# --explain-faults --symbols: a kernel pc named.
check_boot explain 0
named=$(grep -cE 'fault \(cause [0-9]+\) at pc 0xffffffff[0-9a-f]+ <[A-Za-z_]' "$work/explain.err")
if [ "$named" -gt 0 ]; then
    pass "explain: $named explanations name a kernel function, e.g.: $(grep -m1 -oE 'fault \(cause [0-9]+\) at pc 0xffffffff[0-9a-f]+ <[^>]+>' "$work/explain.err")"
else
    fail "explain: no fault explanation names a kernel function ($(grep -c 'fault (cause' "$work/explain.err") explanations)"
fi

# --check-tlb: ended by its instruction budget (124) or by poweroff (0).
stale=$(grep -c 'mmu::stale' "$work/check-tlb.err")
case $(status_of check-tlb) in
0 | 124)
    if [ "$stale" -eq 0 ]; then
        pass "check-tlb: no stale TLB entry used"
    else
        # Linux fences every PTE change it relies on: a warning here is a
        # false positive of the checker or a TLB bug.
        fail "check-tlb: $stale stale-TLB warnings, first: $(grep -m1 'mmu::stale' "$work/check-tlb.err")"
    fi
    ;;
*)
    fail "check-tlb: exit status $(status_of check-tlb); last lines:"
    tail -n 8 "$work/check-tlb.err"
    ;;
esac

# gdb: monitor pt in the running kernel (gdb prints the monitor's
# output on its stderr).
cat "$work/gdb.out" "$work/gdb.err" >"$work/gdb.all" 2>/dev/null
if grep -qE '^satp: Sv[0-9]+ asid' "$work/gdb.all" && grep -qE '^0xf{4}[0-9a-f]{12}-' "$work/gdb.all"; then
    pass "gdb: interrupted at $(grep -m1 -oE '^pc +0x[0-9a-f]+' "$work/gdb.all" | tr -s ' '), monitor pt: $(grep -m1 -E '^satp: ' "$work/gdb.all")"
else
    fail "gdb: no kernel page-table dump from monitor pt (status $(status_of gdb)):"
    tail -n 20 "$work/gdb.out" "$work/gdb.err"
fi
finish
