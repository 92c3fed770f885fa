#!/usr/bin/env bash
# Fetches Debian 13 (trixie) riscv64 binary packages with a private apt
# configuration and unpacks them; prints the unpacked root of each package.
#
#   bash tests/debian/fetch.sh linux-image-riscv64 busybox-static
#     -> ~/.cache/rvmmu/debian-trixie-riscv64/root/linux-image-riscv64 ...
#
# A metapackage (linux-image-riscv64) is followed to the one package it
# depends on whose name starts the same way (linux-image-6.12...), and that
# package is unpacked under the metapackage's name.
#
# Nothing here touches the system's apt configuration: the sources list,
# package lists, archives and status live under $RVMMU_CACHE (default
# ~/.cache/rvmmu)/debian-trixie-riscv64; the mirror host is the one the
# system's own apt sources use (deb.debian.org if none is found). The
# archive is verified with the system's debian-archive-keyring. Downloads
# are cached: a second run with the package lists younger than a day does
# not touch the network.
#
# If anything cannot be fetched, it says which package and why and exits 1.
set -euo pipefail

cache=${RVMMU_CACHE:-$HOME/.cache/rvmmu}/debian-trixie-riscv64
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
say() { echo "debian-fetch: $*" >&2; }
die() { say "$*"; exit 1; }

[ $# -gt 0 ] || die "usage: fetch.sh PACKAGE..."
command -v apt-get >/dev/null || die "apt-get not found"
[ -r "$keyring" ] || die "$keyring missing (package debian-archive-keyring)"

# The mirror: the first http(s) URI of the system's Debian sources.
mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }')
if [ -z "$mirror" ]; then
    mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }' \
        /etc/apt/sources.list 2>/dev/null || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

mkdir -p "$cache"/{etc/preferences.d,etc/trusted.gpg.d,lists/partial,archives/partial,debs,root}
echo "deb [arch=riscv64 signed-by=$keyring] $mirror trixie main" >"$cache/etc/sources.list"
apt_opts=(
    -o "Dir::Etc::SourceList=$cache/etc/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::Etc::Preferences=/dev/null"
    -o "Dir::Etc::PreferencesParts=$cache/etc/preferences.d"
    -o "Dir::Etc::TrustedParts=$cache/etc/trusted.gpg.d"
    -o "Dir::State::Lists=$cache/lists"
    -o "Dir::State::status=/dev/null"
    -o "Dir::Cache=$cache"
    -o "Dir::Cache::archives=$cache/archives"
    -o "APT::Architecture=riscv64"
    -o "APT::Architectures=riscv64"
    -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=root"
    -q
)

lists_fresh() {
    local f
    f=$(find "$cache/lists" -maxdepth 1 -name '*trixie*Packages*' -mmin -1440 2>/dev/null | head -1)
    [ -n "$f" ]
}
if ! lists_fresh; then
    say "apt-get update (trixie riscv64 from $mirror)"
    apt-get "${apt_opts[@]}" update >&2 || die "apt-get update failed for trixie riscv64 at $mirror"
fi

# The package a name stands for: itself, or for a metapackage without
# files of its own the dependency that shares its prefix.
resolve() {
    local name=$1 deps dep prefix=${1%-riscv64}
    deps=$(apt-cache "${apt_opts[@]}" depends "$name" 2>/dev/null |
        awk '/Depends:/ { print $2 }') || true
    for dep in $deps; do
        case "$dep" in "$prefix"-[0-9]*) echo "$dep"; return ;; esac
    done
    echo "$name"
}

for name in "$@"; do
    real=$(resolve "$name")
    version=$(apt-cache "${apt_opts[@]}" policy "$real" 2>/dev/null | awk '/Candidate:/ { print $2 }')
    [ -n "$version" ] && [ "$version" != "(none)" ] || die "$name: no riscv64 package $real in trixie"
    deb=$(ls "$cache/debs/${real}_"*.deb 2>/dev/null | head -1 || true)
    stamp="$cache/root/$name/.version"
    if [ -z "$deb" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$real $version" ]; then
        say "downloading $real $version"
        rm -f "$cache/debs/${real}_"*.deb
        (cd "$cache/debs" && apt-get "${apt_opts[@]}" download "$real=$version" >&2) ||
            die "$name: apt-get download $real=$version failed"
        deb=$(ls "$cache/debs/${real}_"*.deb | head -1)
        rm -rf "$cache/root/$name"
        mkdir -p "$cache/root/$name"
        dpkg-deb -x "$deb" "$cache/root/$name" || die "$name: cannot unpack $deb"
        echo "$real $version" >"$stamp"
    else
        say "cached $real $version"
    fi
    echo "$cache/root/$name"
done
