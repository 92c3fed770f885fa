#!/usr/bin/env bash
# Installs, through apt-get and only when missing, what rvmmu needs:
#   bash tests/install-deps.sh build   # to build rvmmu: a C compiler,
#                                      # make and cmake (Berkeley SoftFloat,
#                                      # for F/D, is C built by
#                                      # softfloat-sys/c99)
#   bash tests/install-deps.sh test    # build + every tool the tests use:
#                                      # the bare-metal RISC-V cross compiler
#                                      # and picolibc, the RISC-V Linux cross
#                                      # compilers (C and C++), QEMU (system
#                                      # and user mode), gdb-multiarch,
#                                      # OpenSBI and cpio (Linux boot tests)
#                                      # and chromium (renders --report's HTML),
#                                      # golang-go (Go programs of the
#                                      # real-program suite)
# Prints what it checks and what it installs.
set -euo pipefail
what=${1:-test}

# package: the command (or file) that shows it is installed
packages=(
    "gcc:cc"
    "make:make"
    "cmake:cmake"
)
if [ "$what" = test ]; then
    packages+=(
        "gcc-riscv64-unknown-elf:riscv64-unknown-elf-gcc"
        "picolibc-riscv64-unknown-elf:/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs"
        "gcc-riscv64-linux-gnu:riscv64-linux-gnu-gcc"
        "g++-riscv64-linux-gnu:riscv64-linux-gnu-g++"
        "qemu-system-misc:qemu-system-riscv64"
        "qemu-user:qemu-riscv64"
        "gdb-multiarch:gdb-multiarch"
        "opensbi:/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
        "cpio:cpio"
        "chromium:chromium"
        "device-tree-compiler:dtc"
        "golang-go:go"
    )
fi

present() {
    case "$1" in
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null ;;
    esac
}

need=()
for p in "${packages[@]}"; do
    pkg=${p%%:*}
    probe=${p#*:}
    if present "$probe"; then
        echo "install-deps: have $pkg ($probe)"
    else
        echo "install-deps: missing $pkg ($probe)"
        need+=("$pkg")
    fi
done

if [ ${#need[@]} -eq 0 ]; then
    echo "install-deps: nothing to install"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: apt-get update"
$SUDO apt-get update -q
echo "install-deps: apt-get install ${need[*]} (a few minutes)"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
echo "install-deps: installed ${need[*]}"
