#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Builds the programs of the real-program suite into tests/linux-user/out/
# (only those whose source changed): progs/*.c with riscv64-linux-gnu-gcc
# and progs/*.cpp with riscv64-linux-gnu-g++, static (glibc, libstdc++);
# plus what rvmmu must refuse: hello linked dynamically (hello-dynamic)
# and, when a host gcc exists, for the host (hello-x86). progs/*.go with
# the host's Go toolchain (GOOS=linux GOARCH=riscv64 CGO_ENABLED=0: static
# binaries; Go's build cache in ~/.cache/rvmmu/go-build), when `go` is
# installed (Debian: golang-go); without it they are skipped (run.sh says
# so). Used by run.sh and tests/bench/user.sh.
set -euo pipefail
cd "$(dirname "$0")"

CC=riscv64-linux-gnu-gcc
CXX=riscv64-linux-gnu-g++
die() {
    echo "linux-user/build.sh: $*" >&2
    exit 1
}
command -v "$CC" >/dev/null || die "$CC not found (Debian: apt-get install gcc-riscv64-linux-gnu)"
command -v "$CXX" >/dev/null || die "$CXX not found (Debian: apt-get install g++-riscv64-linux-gnu)"

mkdir -p out
for src in progs/*.c progs/*.cpp; do
    name=$(basename "${src%.*}")
    [ "out/$name" -nt "$src" ] && continue
    case $src in
    *.c) cmd=("$CC" -O2 -Wall -Werror -static -pthread -o "out/$name" "$src") ;;
    *) cmd=("$CXX" -O2 -std=c++17 -Wall -Werror -static -pthread -o "out/$name" "$src") ;;
    esac
    "${cmd[@]}" || die "building $src failed: ${cmd[*]}"
done
[ out/hello-dynamic -nt progs/hello.c ] ||
    "$CC" -O2 -o out/hello-dynamic progs/hello.c || die "building hello-dynamic failed"
if command -v gcc >/dev/null; then
    [ out/hello-x86 -nt progs/hello.c ] ||
        gcc -O2 -o out/hello-x86 progs/hello.c || die "building hello-x86 failed"
fi
if command -v go >/dev/null; then
    for src in progs/*.go; do
        name=$(basename "${src%.go}")
        [ "out/$name" -nt "$src" ] && continue
        GOOS=linux GOARCH=riscv64 CGO_ENABLED=0 GOCACHE=${GOCACHE:-$HOME/.cache/rvmmu/go-build} \
            GO111MODULE=off go build -trimpath -o "out/$name" "$src" || die "building $src failed (go build)"
    done
else
    echo "linux-user/build.sh: no Go toolchain (go): the Go programs are skipped" >&2
fi
