# Sourced by bin/trixie and bin/test-platform-gem: Debian roots built once with debootstrap into
# the cache outside the clone, and entered in a private mount namespace (unshare + bind mounts +
# chroot), so that nothing stays mounted after. Building and entering them needs root.

# build_root ROOT SUITE PACKAGE...: debootstraps ROOT (minbase) unless it has apt already, then
# installs PACKAGEs without recommends. Callers keep a stamp so that this runs once.
build_root() {
  local root=$1 suite=$2
  shift 2
  [ "$(id -u)" -eq 0 ] || { echo "building $root needs root (debootstrap, chroot)" >&2; return 1; }
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    echo "building a Debian $suite root in $root (once, a few minutes)" >&2
    rm -rf "$root.tmp"
    mkdir -p "$(dirname "$root")"
    # A log per root: two roots may be built at once.
    debootstrap --variant=minbase "$suite" "$root.tmp" http://deb.debian.org/debian >"$root.log" 2>&1 \
      || { tail -20 "$root.log" >&2; return 1; }
    mv "$root.tmp" "$root"
  fi
  echo "installing $* in $root (once)" >&2
  (cd / && run_in_root "$root" -- bash -c "apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $* >/dev/null")
}

# run_in_root ROOT [DIR...] -- [VAR=value...] COMMAND [ARG...]: runs COMMAND in ROOT, in the
# current directory's path, with /proc, /dev, /sys, /tmp and each DIR bind-mounted at its own
# path. Only HOME, LANG and a system PATH come from outside; VARs add to or override them.
run_in_root() {
  local root=$1 binds=()
  shift
  while [ "$1" != "--" ]; do binds+=("$1"); shift; done
  shift
  unshare --mount --propagation private -- bash -c '
    set -e
    root=$1; count=$2; shift 2
    for dir in /proc /dev /dev/pts /sys /tmp "${@:1:count}"; do
      [ -d "$dir" ] || continue
      mkdir -p "$root$dir"
      mount --rbind "$dir" "$root$dir"
    done
    shift "$count"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    exec chroot "$root" /usr/bin/env -C "$PWD" HOME="$HOME" LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin "$@"
  ' bash "$root" "${#binds[@]}" "${binds[@]}" "$@"
}
