#!/usr/bin/env bash
# The one command that runs every rvmmu test on a fresh machine:
#   bash tests/run-all.sh
# It installs the RISC-V cross compiler and QEMU through apt-get when they
# are missing, builds the guest programs and the ISA tests, checks that the
# committed example ELFs rebuild to the same bytes, runs the Rust unit and
# end-to-end tests, and runs our riscv-tests on rvmmu under both A/D
# policies.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/install-deps.sh test

jobs=$(nproc 2>/dev/null || echo 2)

echo "== building guest programs and checking the committed example ELFs"
make -s -C tests/programs -j"$jobs" check-committed

echo "== building the firmware and checking the committed image"
make -s -C firmware -j"$jobs" check-committed

echo "== building the user programs"
make -s -C tests/user -j"$jobs"

echo "== building the ISA tests"
make -s -C riscv-tests -j"$jobs"

echo "== cargo test"
cargo build --release -p emulator
# The end-to-end tests of user programs must not skip here: they compare
# rvmmu with QEMU.
RVMMU_E2E=require cargo test --workspace --release

echo "== riscv-tests on rvmmu, A/D policy Svadu (hardware update)"
target/release/rvmmu test --ad svadu riscv-tests/out

echo "== riscv-tests on rvmmu, A/D policy Svade (page faults; the default)"
target/release/rvmmu test --ad svade riscv-tests/out
bash tests/diff/run.sh
bash tests/fuzz/run.sh 20
