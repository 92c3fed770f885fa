#!/usr/bin/env bash
# Thrashing made visible: tests/user/out/wset sweeps its working set from
# 0.5x to 4x the firmware's frame limit under each replacement policy, with
# a swap disk in memory, and prints page faults, swap traffic and guest
# instructions per fault.
#
#   bash tests/bench/thrash.sh            # frames=64, A/D policy svadu
#   FRAMES=32 AD=svade bash tests/bench/thrash.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
FRAMES=${FRAMES:-64}
AD=${AD:-svadu}
RVMMU=${RVMMU:-target/release/rvmmu}
[ -n "${NO_BUILD:-}" ] || cargo build --release -q -p emulator
[ -x tests/user/out/wset ] || make -s -C tests/user
printf "frames=%s ad=%s\n" "$FRAMES" "$AD"
printf "%-6s %-5s %6s %9s %11s %11s %14s %12s\n" policy x pages faults swap-writes swap-reads instructions insns/fault
for policy in fifo clock lru; do
    for x in 0.5 1 1.5 2 3 4; do
        pages=$(awk -v f="$FRAMES" -v x="$x" 'BEGIN { printf "%d", f * x }')
        out=$("$RVMMU" run --stats --ad "$AD" --swap mem:256M --frames "$FRAMES" --policy "$policy" \
            tests/user/out/wset -- "$pages" 2>&1)
        get() { sed -n "s/^$1 *\([0-9]*\).*/\1/p" <<<"$out" | head -n 1; }
        faults=$(sed -n 's/^wset: .*: \([0-9]*\) page faults$/\1/p' <<<"$out")
        insns=$(get hart.instructions)
        per=$(awk -v i="$insns" -v f="$faults" 'BEGIN { if (f > 0) printf "%d", i / f; else print "-" }')
        printf "%-6s %-5s %6s %9s %11s %11s %14s %12s\n" "$policy" "${x}x" "$pages" "$faults" \
            "$(get firmware.swap.writes)" "$(get firmware.swap.reads)" "$insns" "$per"
    done
done
