# Sourced by bin/test, bin/demo and bin/bench: where build caches live, outside the clone so
# that fresh clones rebuild only the project's own crates.
export IMAGE_FORGE_CACHE="${IMAGE_FORGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/image_forge}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$IMAGE_FORGE_CACHE/target}"
mkdir -p "$CARGO_TARGET_DIR"
export RUBY="${RUBY:-$(ruby -e "print RbConfig.ruby")}"
