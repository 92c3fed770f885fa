# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Timing helpers shared by the benchmarks (sourced by mips.sh, user.sh,
# tiers.sh).

# time_run OUT EXPECT CMD...: runs CMD once with stdout in OUT and stderr
# in OUT.err, stdin from /dev/null; prints the wall-clock seconds and the
# CPU seconds (user + system) of the run. Ends the script (die) when CMD
# exits with another status than EXPECT.
time_run() {
    local out=$1 expect=$2 rc=0 TIMEFORMAT='%3R %3U %3S'
    shift 2
    { time "$@" >"$out" 2>"$out.err" </dev/null || rc=$?; } 2>"$out.time"
    if [ "$rc" -ne "$expect" ]; then
        cat "$out" "$out.err" >&2
        die "$* exited with $rc, expected $expect"
    fi
    awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$out.time"
}

# keep_best KEY WALL CPU: keeps the smallest wall-clock time per KEY in the
# associative array best, the smallest CPU time in best_cpu (both declared
# by the caller with declare -A).
keep_best() {
    local key=$1 wall=$2 cpu=$3
    if [ -z "${best[$key]:-}" ] || awk -v t="$wall" -v b="${best[$key]}" 'BEGIN { exit !(t < b) }'; then
        best[$key]=$wall
    fi
    if [ -z "${best_cpu[$key]:-}" ] || awk -v t="$cpu" -v b="${best_cpu[$key]}" 'BEGIN { exit !(t < b) }'; then
        best_cpu[$key]=$cpu
    fi
}

# instret_of FILE: the count of the "instret N" line a benchmark program
# printed (tests/programs/bench.c, tests/bench/tlbmiss.c).
instret_of() {
    awk '$1 == "instret" { print $2 }' "$1"
}

# guest_instructions RVMMU PROG OUT: runs `RVMMU run --stats PROG` once
# (untimed; stdout to /dev/null, the statistics in OUT) and prints the
# instructions the hart retired (hart.instructions: the whole run, the
# firmware included). Ends the script (die) when the run fails.
guest_instructions() {
    "$1" run --stats "$2" >/dev/null 2>"$3" </dev/null || die "$1 run --stats $2 failed"
    awk '$1 == "hart.instructions" { print $2 }' "$3"
}

# max_rss_mib CMD...: runs CMD once (output discarded, any exit status)
# under /usr/bin/time and prints its maximum resident set size in MiB
# (getrusage of the child: ru_maxrss).
max_rss_mib() {
    local kib report
    report=$(mktemp)
    /usr/bin/time -f '%M' -o "$report" "$@" >/dev/null 2>&1 </dev/null || true
    kib=$(tail -n 1 "$report")
    rm -f "$report"
    case $kib in
    '' | *[!0-9]*) die "no resident size for $*: $kib" ;;
    esac
    awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }'
}
