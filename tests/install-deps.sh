#!/usr/bin/env bash
# Installs, through apt-get and only when missing, what rvmmu needs:
#   bash tests/install-deps.sh build   # to build rvmmu: a C compiler and
#                                      # cmake (Berkeley SoftFloat, for F/D,
#                                      # is C built by softfloat-sys/c99)
#   bash tests/install-deps.sh test    # build + the RISC-V cross compiler,
#                                      # QEMU and gdb-multiarch for the tests
set -euo pipefail
what=${1:-test}
need=()
command -v cc >/dev/null || need+=(gcc)
command -v make >/dev/null || need+=(make)
command -v cmake >/dev/null || need+=(cmake)
if [ "$what" = test ]; then
    command -v riscv64-unknown-elf-gcc >/dev/null || need+=(gcc-riscv64-unknown-elf)
    command -v qemu-system-riscv64 >/dev/null || need+=(qemu-system-misc)
    command -v gdb-multiarch >/dev/null || need+=(gdb-multiarch)
fi
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing ${need[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
