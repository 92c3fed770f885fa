#!/usr/bin/env bash
# The one command that runs every rvmmu test on a fresh machine:
#   bash tests/run-all.sh
# It installs what the tests use through apt-get when missing, builds the
# guest programs and the ISA tests, checks that the committed example ELFs
# and the firmware rebuild to the same bytes, runs the Rust unit and
# end-to-end tests, and runs our riscv-tests on rvmmu under both A/D
# policies. Each suite prints a line when it starts and one with its
# counts when it ends; the last line adds them up: `N passed, N failed`
# (cargo test's tests, rvmmu test's programs, one per build check). Exit
# status 0 when nothing failed. About 15 minutes on a 2-core machine, most
# of it building the tests the first time.
set -uo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
log=$(mktemp -t rvmmu-run-all.XXXXXX)
trap 'rm -f "$log"' EXIT
start=$SECONDS

# suite NAME COMMAND...: runs COMMAND with its output shown and kept in
# $log, then counts what it passed and failed: cargo test's "test result:"
# lines, rvmmu test's "N passed, M failed" line, or else 1 passed or 1
# failed by the exit status.
suite() {
    local name=$1
    shift
    echo "== [$((SECONDS - start))s] $name"
    "$@" 2>&1 | tee "$log"
    local status=${PIPESTATUS[0]}
    local p f
    if grep -q '^test result: ' "$log"; then
        # "test result: ok. 15 passed; 0 failed; 0 ignored; ..."
        read -r p f < <(awk '/^test result: / {p += $4; f += $6} END {print p + 0, f + 0}' "$log")
        # A build error or a crash of the harness is a failure too.
        if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    elif grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$log"; then
        read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1 | awk '{print $1, $3}')
        if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    elif [ "$status" -eq 0 ]; then
        p=1 f=0
    else
        p=0 f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    echo "== [$((SECONDS - start))s] $name: $p passed, $f failed"
}

suite "installing the tools the tests use" bash tests/install-deps.sh test
suite "building guest programs, checking the committed example ELFs" \
    make -s -C tests/programs -j"$jobs" check-committed
suite "building the firmware, checking the committed image" \
    make -s -C firmware -j"$jobs" check-committed
suite "building the SBI firmware, checking the committed image" \
    make -s -C firmware/sbi -j"$jobs" check-committed
suite "building the user programs" make -s -C tests/user -j"$jobs"
suite "building the ISA tests" make -s -C riscv-tests -j"$jobs"
# The ci profile: release speed without fat LTO's link time (Cargo.toml).
# The end-to-end tests of user programs must not skip here: they compare
# rvmmu with QEMU.
suite "cargo test (building the tests takes a few minutes the first time)" \
    env RVMMU_E2E=require cargo test --workspace --profile ci --no-fail-fast
suite "real Linux programs, rvmmu run against qemu-riscv64 (tests/linux-user)" \
    env NO_BUILD=1 RVMMU=target/ci/rvmmu bash tests/linux-user/run.sh
suite "riscv-tests on rvmmu, A/D policy Svadu (hardware update)" \
    target/ci/rvmmu test --ad svadu riscv-tests/out
suite "riscv-tests on rvmmu, A/D policy Svade (page faults; the default)" \
    target/ci/rvmmu test --ad svade riscv-tests/out

# Differential tests against qemu-system-riscv64 (tests/diff/run.sh) and
# fuzzing (tests/fuzz/run.sh), each bounded.
suite "differential tests against QEMU (Sv39 scenarios, straight-line programs)" \
    env PROFILE=ci bash tests/diff/run.sh
suite "fuzzing (4 targets, 20 s each)" bash tests/fuzz/run.sh 20
# Linux: Debian's riscv64 kernel and busybox (fetched once, cached under
# ~/.cache/rvmmu) boot on rvmmu and on QEMU (tests/linux/boot-test.sh).
suite "linux: Debian's kernel + busybox initramfs on rvmmu boot and QEMU" \
    env RVMMU=target/ci/rvmmu bash tests/linux/boot-test.sh
# KVM inside that kernel: kvm.ko loads and a VM runs to the exits QEMU shows.
suite "linux: a KVM guest inside Debian's kernel on rvmmu boot (H extension)" \
    env RVMMU=target/ci/rvmmu bash tests/linux/kvm-test.sh

echo "== [$((SECONDS - start))s] all suites done"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
