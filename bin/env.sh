# Sourced by bin/test, bin/demo and bin/bench: where build caches live, outside the clone so
# that fresh clones rebuild only the project's own crates.
export IMAGE_FORGE_CACHE="${IMAGE_FORGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/image_forge}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$IMAGE_FORGE_CACHE/target}"
mkdir -p "$CARGO_TARGET_DIR"
export RUBY="${RUBY:-$(ruby -e "print RbConfig.ruby")}"

# Installs crate $1 (whose binary has its name) at version $2, with more `cargo install`
# arguments after, into the cache outside the clone, once; prints its binaries' directory.
cache_tool() {
  local crate=$1 version=$2 root="$IMAGE_FORGE_CACHE/tools/$1-$2"
  shift 2
  if [ ! -x "$root/bin/$crate" ]; then
    echo "installing $crate $version into $root (once, a few minutes)" >&2
    CARGO_TARGET_DIR="$IMAGE_FORGE_CACHE/tools-target" \
      cargo install "$crate" --version "$version" --locked --root "$root" "$@" >&2 || return 1
  fi
  echo "$root/bin"
}
