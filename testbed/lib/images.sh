# shellcheck shell=bash disable=SC2034  # MLAB_LAST_BUILD is read by callers
# Image building for the test bed, each image rebuilt only when its content hash
# changed. The hash is stored on the image as the label $MLAB_HASH_LABEL, so the
# engine's own data-root is the cache and there is no marker file to go stale.
#
# Reusable: other test-bed scripts (e.g. lib/elasticsearch-image.sh) can
#   source "$(dirname "${BASH_SOURCE[0]}")/images.sh"
#   build_image docker.elastic.co/elasticsearch/elasticsearch:9.5.3 "$dir" "$MLAB_IMAGE_BASE"
# DOCKER_HOST then points at the bed's engine (bed.sh up exports it anyway).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# image_label TAG LABEL: prints the label's value, empty if the image or label is missing.
image_label() {
  docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null | sed 's/^<no value>$//'
}

image_hash() { image_label "$1" "$MLAB_HASH_LABEL"; }

# hash_dir DIR: a stable hash of the files under DIR (relative paths + contents,
# sorted), independent of mtimes, owners and the checkout location.
hash_dir() {
  local dir="$1"
  (
    cd "$dir" || exit 1
    find . \( -type f -o -type l \) -print0 | LC_ALL=C sort -z |
      while IFS= read -r -d '' f; do
        if [[ -L "$f" ]]; then
          printf '%s -> %s\n' "$f" "$(readlink "$f")"
        else
          printf '%s %s\n' "$f" "$(sha256sum <"$f" | cut -d' ' -f1)"
        fi
      done
  ) | sha256sum | cut -d' ' -f1
}

# safe_name TAG: a file-name-safe form of an image reference, for log names.
safe_name() { printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_'; }

# MLAB_LAST_BUILD is set by build_image to "built" or "cached", so callers
# (e.g. the registry push) can tell whether anything changed.
MLAB_LAST_BUILD=""

# build_image TAG CONTEXT_DIR [PARENT_TAG]
# Builds CONTEXT_DIR/Dockerfile as TAG with the legacy builder and host
# networking (apt inside the build must reach the host's mirror), unless TAG
# already carries the hash of (context files + parent's hash).
# If CONTEXT_DIR has a `prepare.sh`, it runs first as
# `bash prepare.sh STAGING_DIR` on a copy of the context: it can add generated
# or host-specific files (e.g. the host's CA bundle) without writing to the
# repo, and those files count in the hash.
build_image() {
  local tag="$1" context="$2" parent="${3:-}"
  [[ -f "$context/Dockerfile" ]] || die "build_image $tag: no Dockerfile in $context"
  local parent_hash=""
  if [[ -n "$parent" ]]; then
    parent_hash="$(image_hash "$parent")"
    [[ -n "$parent_hash" ]] || die "build_image $tag: parent image $parent is missing or has no $MLAB_HASH_LABEL label; build it first"
  fi

  local stage hash
  stage="$(mktemp -d "${TMPDIR:-/tmp}/mlab-build.XXXXXX")"
  cp -a "$context/." "$stage/"
  if [[ -f "$stage/prepare.sh" ]] && ! bash "$stage/prepare.sh" "$stage"; then
    rm -rf "$stage"
    die "build_image $tag: $context/prepare.sh failed"
  fi
  hash="$(printf 'tag=%s\nparent=%s\nfiles=%s\n' "$tag" "$parent_hash" "$(hash_dir "$stage")" |
    sha256sum | cut -d' ' -f1)"
  if [[ "$(image_hash "$tag")" == "$hash" ]]; then
    rm -rf "$stage"
    log "image $tag up to date (${hash:0:12})"
    MLAB_LAST_BUILD=cached
    return 0
  fi

  local build_log t0
  build_log="$MLAB_LOG_DIR/build-$(safe_name "$tag").log"
  mkdir -p "$MLAB_LOG_DIR"
  log "building $tag from $context (hash ${hash:0:12}; log $build_log)"
  t0="$(now)"
  if ! DOCKER_BUILDKIT=0 docker build --network host --force-rm \
    --label "$MLAB_HASH_LABEL=$hash" \
    --label "org.monitoring-lab.testbed.parent=$parent" \
    --label "org.monitoring-lab.testbed.stand-in=true" \
    -t "$tag" "$stage" >"$build_log" 2>&1; then
    rm -rf "$stage"
    tail -n 30 "$build_log" >&2
    die "docker build of $tag failed; see $build_log"
  fi
  rm -rf "$stage"
  log "built $tag in $(elapsed "$t0") s, $(image_size "$tag")"
  MLAB_LAST_BUILD=built
  # The previous build of this tag is now dangling; drop it so the cache stays small.
  prune_dangling
}

# image_size TAG: human-readable size of the image.
image_size() {
  docker image inspect --format '{{.Size}}' "$1" 2>/dev/null |
    awk '{ printf "%.0f MB", $1 / 1000000 }'
}

prune_dangling() {
  docker image prune -f --filter "label=$MLAB_HASH_LABEL" >/dev/null 2>&1 || true
}

# ---- base image: debootstrap -> trimmed rootfs tarball -> docker import ----

# debian_mirror: the Debian mirror the host's own apt sources use (the one that is
# known to be reachable here). Override with MLAB_DEBIAN_MIRROR.
debian_mirror() {
  if [[ -n "${MLAB_DEBIAN_MIRROR:-}" ]]; then
    printf '%s\n' "${MLAB_DEBIAN_MIRROR%/}"
    return 0
  fi
  local m=""
  m="$(debian_mirror_for_suite bookworm)"
  [[ -n "$m" ]] || m="http://deb.debian.org/debian"
  printf '%s\n' "${m%/}"
}

# debian_mirror_for_suite SUITE: first URI of an enabled deb entry for SUITE in
# the host's apt sources (deb822 *.sources first, then one-line *.list files).
debian_mirror_for_suite() {
  local suite="$1" f found=""
  local sources=(/etc/apt/sources.list.d/*.sources) lists=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
  for f in "${sources[@]}"; do
    [[ -f "$f" ]] || continue
    # deb822 stanzas are separated by blank lines; RS="" reads one per record.
    found="$(awk -v suite="$suite" 'BEGIN { RS = "" }
      {
        types = uris = suites = ""; enabled = 1
        n = split($0, lines, "\n")
        for (i = 1; i <= n; i++) {
          line = lines[i]
          if (line ~ /^[ \t]*#/) continue
          if (line ~ /^Types:/)   { sub(/^Types:[ \t]*/, "", line);   types = line }
          if (line ~ /^URIs:/)    { sub(/^URIs:[ \t]*/, "", line);    uris = line }
          if (line ~ /^Suites:/)  { sub(/^Suites:[ \t]*/, "", line);  suites = " " line " " }
          if (line ~ /^Enabled:[ \t]*no/) enabled = 0
        }
        if (enabled && types ~ /(^| )deb( |$)/ && index(suites, " " suite " ")) {
          split(uris, u, /[ \t]+/); print u[1]; exit
        }
      }' "$f")"
    [[ -n "$found" ]] && { printf '%s\n' "$found"; return 0; }
  done
  for f in "${lists[@]}"; do
    [[ -f "$f" ]] || continue
    # deb [options] URI SUITE COMPONENTS...
    found="$(sed -E 's/\[[^]]*\]//' "$f" | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }')"
    [[ -n "$found" ]] && { printf '%s\n' "$found"; return 0; }
  done
  return 0
}

# The base recipe: everything that decides the rootfs content goes into its hash.
MLAB_BASE_DIR="$MLAB_TESTBED_DIR/images/base"

base_hash() {
  printf 'suite=bookworm\nvariant=minbase\nmirror=%s\nsecurity=%s\nrecipe=%s\n' \
    "$(debian_mirror)" "$(debian_mirror_for_suite bookworm-security)" "$(hash_dir "$MLAB_BASE_DIR")" |
    sha256sum | cut -d' ' -f1
}

# build_base_image: the root of every stand-in. The rootfs tarball is cached in
# $MLAB_CACHE/rootfs (made once); the image is re-imported only if its hash changed.
build_base_image() {
  local tag="$MLAB_IMAGE_BASE" hash
  hash="$(base_hash)"
  MLAB_LAST_BUILD=cached
  if [[ "$(image_hash "$tag")" == "$hash" ]]; then
    log "image $tag up to date (${hash:0:12})"
    return 0
  fi
  local tarball="$MLAB_CACHE/rootfs/debian-bookworm-minbase-${hash:0:16}.tar"
  [[ -s "$tarball" ]] || make_base_rootfs "$tarball"
  log "importing $tarball as $tag"
  # docker import makes an image without config; give it what a Debian image has.
  docker import \
    --change "LABEL $MLAB_HASH_LABEL=$hash" \
    --change "LABEL org.monitoring-lab.testbed.stand-in=true" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    - "$tag" <"$tarball" >/dev/null || die "docker import of $tarball as $tag failed"
  log "imported $tag, $(image_size "$tag")"
  MLAB_LAST_BUILD=built
  prune_dangling
}

# make_base_rootfs TARBALL: debootstrap + trim, written atomically to TARBALL.
make_base_rootfs() {
  local tarball="$1" mirror security work rootfs t0
  mirror="$(debian_mirror)"
  security="$(debian_mirror_for_suite bookworm-security)"
  command -v debootstrap >/dev/null || die "debootstrap not found (package debootstrap missing?)"
  mkdir -p "$(dirname "$tarball")" "$MLAB_LOG_DIR"
  # Build on the cache's file system, not /tmp: it may be a small or noexec tmpfs.
  work="$(mktemp -d "$MLAB_CACHE/rootfs/work.XXXXXX")"
  rootfs="$work/rootfs"
  local dlog="$MLAB_LOG_DIR/debootstrap.log"
  log "debootstrap --variant=minbase bookworm from $mirror (log $dlog)"
  t0="$(now)"
  if ! debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$dlog" 2>&1; then
    tail -n 20 "$dlog" >&2
    rm -rf "$work"
    die "debootstrap bookworm from $mirror failed; see $dlog"
  fi
  log "debootstrap done in $(elapsed "$t0") s"
  bash "$MLAB_BASE_DIR/trim-rootfs.sh" "$rootfs" "$mirror" "$security" ||
    { rm -rf "$work"; die "$MLAB_BASE_DIR/trim-rootfs.sh failed on $rootfs"; }
  # --numeric-owner: the image's uids must be the rootfs's, not the host's names.
  tar --numeric-owner --xattrs -C "$rootfs" -cf "$tarball.part" . ||
    { rm -rf "$work" "$tarball.part"; die "could not write $tarball"; }
  mv "$tarball.part" "$tarball"
  rm -rf "$work"
  # Older tarballs (other mirror or recipe) are of no further use.
  find "$(dirname "$tarball")" -maxdepth 1 -name 'debian-bookworm-minbase-*.tar' ! -path "$tarball" -delete
  log "rootfs tarball $tarball ($(du -m "$tarball" | cut -f1) MB)"
}
