#!/usr/bin/env bash
# Builds rvmmu and runs the committed example program:
#   bash tests/run-example.sh
# (installs a C compiler and cmake through apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install-deps.sh build
cargo run --release -q -p emulator -- run tests/bin/hello.elf
