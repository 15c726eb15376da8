#!/usr/bin/env bash
# Installs the Debian package made by `cpack -G DEB` on this machine with apt-get (which pulls
# its dependencies), checks that every shared library the programs link comes from a package
# it depends on, runs the installed programs on the installed bundled corpus as a user without
# an index would (an unprivileged user with a new HOME when run as root), checks what they
# print, then purges the package and any dependency its installation pulled in, leaving the
# machine's packages as they were. Run by `./build.sh package` (and so by CI), as root or
# through sudo; a few seconds beyond apt-get's.
#   packaging/test-package.sh build/ctocsearch_0.1.0_amd64.deb
#
# --clean-system: a developer's check, not run by `./build.sh package` nor CI because it
# downloads and unpacks a minimal Debian 12 (about 100 MB, 1-2 minutes): the same run in a
# system made by mmdebstrap (apt-get install mmdebstrap) from this machine's apt sources, with
# nothing installed but what apt needs, then thrown away; it proves the Depends are enough.
#   packaging/test-package.sh --clean-system build/ctocsearch_0.1.0_amd64.deb
set -euo pipefail
here=$(realpath "$0")
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
say() { echo "test-package: $*" >&2; }
fail() { say "$*"; exit 1; }

# The programs as a user runs them, in an empty directory that is their HOME: ctoc-index
# indexes the bundled corpus into the default database, ctoc-search and ctoc-serve read it.
# Run as that user (inside the clean system too: `test-package.sh --run-as-user`).
run_as_user() {
    local corpus=/usr/share/ctocsearch/corpus out
    cd "$HOME"
    out=$(ctoc-index 2>&1) || fail "ctoc-index failed: $out"
    [[ $out == *"5 documents in $HOME/.local/share/ctocsearch/ctoc.db (5 added"* ]] ||
        fail "ctoc-index did not index the 5 documents of the installed corpus: $out"
    out=$(ctoc-search --count "traite des personnes")
    [ "$out" = 4 ] || fail "ctoc-search --count 'traite des personnes' printed '$out', not 4"
    out=$(ctoc-search "traite des personnes")
    [[ $out == "4 documents match; showing 1-4."* && $out == *"$corpus/"* ]] ||
        fail "ctoc-search 'traite des personnes' printed: $out"
    out=$(ctoc-search --cited-by 7/1 --from 2019 --format csv --no-snippets 2>/dev/null | cut -d, -f4)
    [ "$out" = $'date\n2019-06-18\n2021-08-12' ] || fail "ctoc-search --cited-by 7/1 --from 2019 gave dates: $out"
    ctoc-serve --port 0 >serve.log 2>&1 &
    local serve=$! port="" i
    for i in $(seq 50); do
        port=$(sed -n 's|^ctoc-serve: http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' serve.log)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { kill $serve; fail "ctoc-serve did not start: $(cat serve.log)"; }
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET /api/search?q=traite+des+personnes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    out=$(cat <&3)
    exec 3<&-
    kill $serve
    wait $serve || true
    [[ $out == "HTTP/1.1 200 OK"* && $out == *'"total":4'* ]] ||
        fail "ctoc-serve's /api/search answered: ${out:0:300}"
    say "as $(id -un): ctoc-index indexed the installed corpus; ctoc-search and ctoc-serve found its 4 documents on trafficking"
}
if [ "${1:-}" = --run-as-user ]; then
    run_as_user
    exit 0
fi

clean_system=false
if [ "${1:-}" = --clean-system ]; then
    clean_system=true
    shift
fi
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: packaging/test-package.sh [--clean-system] FILE.deb" >&2; exit 2; }
deb=$(realpath "$1")

# Files a package must carry, and the libraries of its programs from the packages it depends on.
check_installed() {
    local depends program soname path owner package
    depends=$(dpkg-query -W -f='${Depends}' ctocsearch | tr ',|' '\n\n' | sed 's/^ *//; s/[ (].*//')
    for path in /usr/bin/ctoc-index /usr/bin/ctoc-search /usr/bin/ctoc-serve \
        /usr/share/man/man1/ctoc-index.1.gz /usr/share/man/man1/ctoc-search.1.gz \
        /usr/share/man/man1/ctoc-serve.1.gz /usr/share/bash-completion/completions/ctoc-search \
        /usr/share/zsh/vendor-completions/_ctoc-search; do
        [ -f "$path" ] || fail "$path is not installed"
    done
    for program in ctoc-index ctoc-search ctoc-serve; do
        for soname in $(objdump -p "/usr/bin/$program" | awk '$1 == "NEEDED" { print $2 }'); do
            path=$(ldd "/usr/bin/$program" | awk -v so="$soname" '$1 == so { print $3 }')
            [ -n "$path" ] || fail "$program: $soname is not found"
            owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(realpath "$path")" 2>/dev/null || true)
            package=${owner%%:*}
            [ -n "$package" ] || fail "$program: no package owns $path"
            echo "$depends" | grep -qxF "$package" ||
                fail "$program needs $soname from $package, which the package does not depend on"
        done
    done
}

if $clean_system; then
    command -v mmdebstrap >/dev/null || fail "mmdebstrap is not installed (apt-get install mmdebstrap)"
    sources=/etc/apt/sources.list.d/debian.sources
    [ -f "$sources" ] || sources=/etc/apt/sources.list
    start=$(date +%s)
    # The programs run as nobody, as on this machine.
    $sudo mmdebstrap --quiet --variant=apt \
        --customize-hook="copy-in $deb $here /tmp" \
        --customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends /tmp/$(basename "$deb") >/dev/null" \
        --customize-hook="chroot \"\$1\" sh -ec 'mkdir /tmp/home && chown nobody: /tmp/home
            setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp/home XDG_DATA_HOME= \
                bash /tmp/$(basename "$here") --run-as-user'" \
        bookworm /dev/null "$sources"
    say "installed and ran on a clean Debian 12 (mmdebstrap --variant=apt) in $(($(date +%s) - start)) s"
    exit 0
fi

if dpkg-query -W -f='${Status}' ctocsearch 2>/dev/null | grep -q "install ok installed"; then
    fail "ctocsearch is already installed here; remove it first (apt-get purge ctocsearch)"
fi
before=$(dpkg-query -W -f='${Package}\n' | sort)
work=$(mktemp -d)
cleanup() {
    # The package, and what installing it pulled in (nothing on a machine that built it).
    local added
    added=$(comm -13 <(echo "$before") <(dpkg-query -W -f='${Package}\n' | sort) | grep -vx ctocsearch || true)
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq ctocsearch $added >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

say "$(dpkg-deb -f "$deb" Package Version Architecture | tr '\n' ' ')($(du -k "$deb" | cut -f1) KB)," \
    "Depends: $(dpkg-deb -f "$deb" Depends)"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
check_installed
# As an unprivileged user when this runs as root (as CI does): the installed files must be
# readable and the programs usable by anyone.
mkdir "$work/home"
if [ "$(id -u)" -eq 0 ]; then
    cp "$here" "$work/test-package.sh"
    chown nobody: "$work/home"
    chmod 755 "$work"
    setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$work/home" XDG_DATA_HOME= \
        bash "$work/test-package.sh" --run-as-user
else
    (HOME="$work/home" XDG_DATA_HOME= run_as_user)
fi
cleanup
trap - EXIT
dpkg-query -W -f='${Status}' ctocsearch 2>/dev/null | grep -q "install ok installed" &&
    fail "ctocsearch is still installed after apt-get purge"
say "installed with apt-get, checked, ran, and purged"
