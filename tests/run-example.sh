#!/usr/bin/env bash
# Builds rvmmu and runs two committed example programs:
#   bash tests/run-example.sh
# (installs a C compiler, make and cmake through apt-get when missing).
# After the build it takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== checking the build tools"
bash tests/install-deps.sh build
echo "== building rvmmu (about 2 minutes the first time; cargo shows its progress)"
cargo build --release -p emulator
echo
echo "== a bare-metal program (tests/programs/hello.c, prebuilt in tests/bin):"
echo "\$ target/release/rvmmu run tests/bin/hello.elf"
target/release/rvmmu run tests/bin/hello.elf
echo
echo "== the MMU explaining a guest's page faults (tests/programs/mmu_debug.S):"
echo "\$ target/release/rvmmu run tests/bin/mmu_debug.elf --explain-faults"
target/release/rvmmu run tests/bin/mmu_debug.elf --explain-faults
echo
echo "== done: target/release/rvmmu --help lists the commands and exit statuses"
