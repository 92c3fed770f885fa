#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# The real-program suite (issue 15, item 10): ordinary Linux programs, none
# written for rvmmu, each run under `rvmmu run` and under qemu-riscv64 with
# the same arguments and stdin, comparing stdout and the exit status.
#
#   bash tests/linux-user/run.sh             # every case of tests/linux-user/cases
#   bash tests/linux-user/run.sh hello bb-   # cases whose name starts so
#   NO_BUILD=1 RVMMU=path/to/rvmmu JOBS=2 bash tests/linux-user/run.sh
#
# Programs: tests/linux-user/progs/*.c and *.cpp built here with
# riscv64-linux-gnu-gcc/g++ -static (glibc, libstdc++) into
# tests/linux-user/out/, progs/*.go with Go (skipped, and said so, when no
# Go toolchain is installed), and Debian's busybox-static riscv64 (fetched
# and cached by tests/debian/fetch.sh, never committed).
#
# busybox runs its applets (sh's `tr`, xargs' command) by executing itself
# again through /proc/self/exe. Under qemu-riscv64 that execve goes to the
# host kernel, which cannot run a RISC-V program (no binfmt_misc), and sh
# falls back to $PATH: the reference would run the host's own tools. So
# qemu-riscv64 gets a PATH whose first directory holds one host script per
# applet that runs `qemu-riscv64 busybox APPLET`: both sides run busybox.
#
# Each case has an expected outcome in `cases`: pass, or known-fail with
# the issue item that will fix it. The suite fails when a pass regresses
# and when a known-fail starts passing (then the list is out of date:
# change it to pass). It also checks what rvmmu cannot run: a dynamically
# linked program (127), an x86-64 one (126), each with its one-line reason.
#
# Output: a line per case as it ends, then `N passed, M failed` (what
# tests/run-all.sh counts; a known-fail that still fails counts as passed).
set -uo pipefail
cd "$(dirname "$0")/../.."

here=tests/linux-user
out=$PWD/$here/out
RVMMU=${RVMMU:-target/ci/rvmmu}
QEMU=${QEMU:-qemu-riscv64}
JOBS=${JOBS:-2}
TIMEOUT=${TIMEOUT:-120}

die() {
    echo "linux-user: $*" >&2
    echo "0 passed, 1 failed"
    exit 1
}

command -v "$QEMU" >/dev/null || die "$QEMU not found (Debian: apt-get install qemu-user)"
if [ -z "${NO_BUILD:-}" ]; then
    echo "== cargo build --profile ci -p emulator" >&2
    nice cargo build --profile ci -q -p emulator || die "cargo build failed"
fi
[ -x "$RVMMU" ] || die "$RVMMU was not built"
bash "$here/build.sh" || die "building the programs failed"

bbroot=$(bash tests/debian/fetch.sh busybox-static | tail -n1) || die "cannot fetch busybox-static (tests/debian/fetch.sh)"
busybox=$bbroot/usr/bin/busybox
[ -x "$busybox" ] || die "$busybox missing"

work=$(mktemp -d -t rvmmu-linux-user.XXXXXX)
trap 'rm -rf "$work"' EXIT
applets=$work/applets
mkdir -p "$applets"
qemu_path=$(command -v "$QEMU")
for a in $("$QEMU" "$busybox" --list); do
    printf '#!/bin/sh\nexec %s %s %s "$@"\n' "$qemu_path" "$busybox" "$a" >"$applets/$a"
    chmod +x "$applets/$a"
done
for i in $(seq 200); do echo "word$((i * 7919 % 211)) $i"; done >"$work/input"

# run_case NAME EXPECT STDIN ARGS...: runs both engines, writes one result
# line (and the evidence on a mismatch) to $work/NAME.result.
run_case() {
    local name=$1 expect=$2 stdin=$3
    shift 3
    local args=() a
    for a in "$@"; do
        case $a in
        @busybox) args+=("$busybox") ;;
        @*) args+=("$out/${a#@}") ;;
        *) args+=("$a") ;;
        esac
    done
    if [ ! -e "${args[0]}" ] && [ -e "$here/progs/${1#@}.go" ]; then
        printf '%-16s SKIP (no Go toolchain: apt-get install golang-go)\n' "$name" | tee "$work/$name.result"
        return
    fi
    local in=/dev/null
    [ "$stdin" = @input ] && in=$work/input
    local q=$work/$name.qemu r=$work/$name.rvmmu qs=0 rs=0
    (cd "$work" && timeout "$TIMEOUT" env PATH="$applets:$PATH" "$QEMU" "${args[@]}") <"$in" >"$q" 2>"$q.err" || qs=$?
    timeout $((TIMEOUT + 10)) "$RVMMU" run --timeout "$TIMEOUT" "${args[0]}" -- "${args[@]:1}" \
        <"$in" >"$r" 2>"$r.err" || rs=$?
    local same=1
    [ "$qs" = "$rs" ] && cmp -s "$q" "$r" || same=0
    local verdict
    case $expect:$same in
    pass:1) verdict="PASS" ;;
    pass:0) verdict="FAIL (regression: expected the same as qemu-riscv64)" ;;
    known-fail:*:0) verdict="known-fail (issue 15 items ${expect#known-fail:})" ;;
    known-fail:*:1) verdict="FAIL (now the same as qemu-riscv64: change ${expect} to pass in tests/linux-user/cases)" ;;
    *) verdict="FAIL (bad EXPECT '$expect' in tests/linux-user/cases)" ;;
    esac
    {
        printf '%-16s %s\n' "$name" "$verdict"
        if [ "${verdict#FAIL}" != "$verdict" ] && [ "$same" = 0 ]; then
            echo "  exit status: qemu-riscv64 $qs, rvmmu $rs"
            diff -u --label qemu-riscv64 --label rvmmu "$q" "$r" | head -n 20 | sed 's/^/  /'
            sed -n '1,5s/^/  rvmmu stderr: /p' "$r.err"
        fi
    } >"$work/$name.result"
    cat "$work/$name.result"
}

# refuse NAME STATUS NEEDLE FILE: rvmmu must exit with STATUS and one
# stderr line containing NEEDLE, without booting (nothing on stdout).
refuse() {
    local name=$1 status=$2 needle=$3 file=$4 rs=0
    "$RVMMU" run "$file" >"$work/$name.out" 2>"$work/$name.err" || rs=$?
    if [ "$rs" = "$status" ] && [ "$(wc -l <"$work/$name.err")" = 1 ] &&
        grep -qF -- "$needle" "$work/$name.err" && [ ! -s "$work/$name.out" ]; then
        printf '%-16s PASS (%s)\n' "$name" "$(cat "$work/$name.err")"
        echo PASS >"$work/$name.result"
    else
        printf '%-16s FAIL: expected exit %s and "%s", got exit %s:\n' "$name" "$status" "$needle" "$rs"
        sed 's/^/  /' "$work/$name.err" "$work/$name.out"
        echo FAIL >"$work/$name.result"
    fi
}

echo "== linux-user: exec errors"
refuse dynamic 127 "dynamically linked (interpreter /lib/ld-linux-riscv64-lp64d.so.1); rvmmu runs static executables: link with -static" \
    "$out/hello-dynamic"
if [ -f "$out/hello-x86" ]; then
    refuse x86-64 126 "cannot execute: an ELF64 program for X86_64 (e_machine 62)" "$out/hello-x86"
fi

# expect NAME STATUS STDOUT ARGS...: rvmmu alone (what qemu-riscv64 cannot
# show: it hands execve of a RISC-V program to the host kernel) must exit
# with STATUS and print STDOUT, which follows from Linux's rules (written
# down here from execve(2) and binfmt_script, not copied from rvmmu).
# The program is busybox, or PROG=NAME for out/NAME; OPTS: more options
# for rvmmu run (words).
expect() {
    local name=$1 status=$2 want=$3 rs=0 prog=$busybox
    shift 3
    [ -n "${PROG:-}" ] && prog=$out/$PROG
    if [ ! -e "$prog" ]; then
        printf '%-16s SKIP (no %s: no Go toolchain?)\n' "$name" "$prog" | tee "$work/$name.result"
        return
    fi
    # shellcheck disable=SC2086 # OPTS is words
    "$RVMMU" run --timeout "$TIMEOUT" ${OPTS:-} "$prog" -- "$@" >"$work/$name.out" 2>"$work/$name.err" || rs=$?
    if [ "$rs" = "$status" ] && [ "$(cat "$work/$name.out")" = "$want" ]; then
        printf '%-16s PASS\n' "$name"
        echo PASS >"$work/$name.result"
    else
        printf '%-16s FAIL: expected exit %s and:\n%s\ngot exit %s and:\n' "$name" "$status" "$want" "$rs"
        sed 's/^/  /' "$work/$name.out" "$work/$name.err"
        echo FAIL >"$work/$name.result"
    fi
}

echo "== linux-user: execve under rvmmu alone"
# A "#!" script: the interpreter gets its one optional argument, the
# script's path and the arguments (binfmt_script); /proc/self/exe is the
# interpreter; a script may name a script (up to 4 levels); a file with
# neither "#!" nor ELF magic fails with ENOEXEC and sh runs it itself.
expect exec-script 0 "$(printf '%s\n' "script /tmp/s: 2 args: a b" /bin/busybox "status 5" \
    "script /tmp/s: 2 args: /tmp/u z" "no shebang: x" "sh -e: applet not found" "status 127")" \
    sh -c 'printf "#!/bin/busybox sh\necho \"script \$0: \$# args: \$*\"\nreadlink /proc/\$\$/exe\nexit 5\n" >/tmp/s
    printf "#!/tmp/s\n" >/tmp/u; printf "echo no shebang: \$1\n" >/tmp/t; printf "#!/bin/busybox  sh -e \n" >/tmp/v
    chmod +x /tmp/s /tmp/t /tmp/u /tmp/v; /tmp/s a b; echo "status $?"; /tmp/u z >/dev/null; /tmp/u z | head -n 1
    /tmp/t x; /tmp/v 2>&1; echo "status $?"'
# busybox runs an applet by executing /proc/self/exe (SH_STANDALONE,
# PREFER_APPLETS), which names the program; `busybox --install -s DIR`
# makes the applet links (symlinkat) that absolute paths need.
expect exec-self 0 "$(printf '%s\n' /bin/busybox "lrwxrwxrwx /proc/self/exe" "x 1 2 3" /bin/busybox "linked: yes" "hi")" \
    sh -c 'readlink /proc/self/exe; ls -l /proc/self/exe | cut -d " " -f 1 | tr "\n" " "; echo /proc/self/exe
    seq 3 | xargs echo x; mkdir /tmp/b && busybox --install -s /tmp/b && readlink /tmp/b/ls
    [ -L /tmp/b/sh ] && echo "linked: yes"; /tmp/b/echo hi'

# /proc/self/exe runs the program even when no path reaches it (a --root
# directory without it), as Linux's magic link.
mkdir -p "$work/empty-root"
OPTS="--root $work/empty-root" expect exec-self-root 0 "$(printf '%s\n' b "1 2 3" /bin/busybox)" \
    sh -c 'echo a | tr a b; seq 3 | xargs echo; readlink /proc/self/exe'

# Go's os/exec: the child's output and exit status 4 come back; a missing
# program is ENOENT.
PROG=go_exec expect go-exec 0 "$(printf '%s\n' 'output "child: two words 42", exit status 4' \
    "missing: fork/exec /nonexistent: no such file or directory")"

filter=("$@")
selected() {
    [ ${#filter[@]} -eq 0 ] && return 0
    local f
    for f in "${filter[@]}"; do [ "${1#"$f"}" != "$1" ] && return 0; done
    return 1
}

echo "== linux-user: rvmmu run against $QEMU, $JOBS at a time"
running=0
while read -r name expect stdin rest; do
    case $name in '' | '#'*) continue ;; esac
    selected "$name" || continue
    eval "words=($rest)"
    # shellcheck disable=SC2154 # words is set by eval
    # (stderr: the job's shell reports programs killed by a signal)
    run_case "$name" "$expect" "$stdin" "${words[@]}" 2>/dev/null &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done <"$here/cases"
wait

passed=0 failed=0 known=0
for f in "$work"/*.result; do
    [ -e "$f" ] || continue
    if grep -q '^[^ ]* *FAIL\|^FAIL' "$f"; then
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
        grep -q 'known-fail' "$f" && known=$((known + 1))
    fi
done
echo "linux-user: $((passed - known)) the same as qemu-riscv64 or refused as they must be, $known known-fail as listed, $failed not as listed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
