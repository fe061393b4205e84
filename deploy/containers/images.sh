# Sourced by deploy/test-containers (after dockerd.sh): the images deploy/compose.yaml needs.
# The official images are pulled when a registry answers; where none does, stand-ins are built
# from Debian's packages on a base image made with debootstrap (kept in $CACHE, so a rerun
# builds nothing). The project's own image is then built from deploy/docker/Dockerfile unchanged.

CONTAINERS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON_IMAGE="python:3.11-slim-bookworm"
RABBITMQ_OFFICIAL="rabbitmq:3.13"
POSTGRES_OFFICIAL="postgres:15-bookworm"

# The Debian mirror apt uses on this machine (one-line or deb822 sources), else deb.debian.org.
debian_mirror() {
  local mirror
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v '^\s*#' | grep -oE 'https?://[^ ]+' | grep -v -- '-security' | grep -E '/debian/?$' | head -n1 || true)
  echo "${mirror:-http://deb.debian.org/debian}"
}

# The host's extra CA certificates (update-ca-certificates' local ones), as PEM text, or nothing.
extra_ca_certs() {
  local f
  for f in /usr/local/share/ca-certificates/*.crt /usr/local/share/ca-certificates/*/*.crt; do
    [ -f "$f" ] && { cat "$f"; echo; }
  done
  return 0
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

try_pull() {
  # A registry that does not answer fails fast here; one that is slow gets two minutes.
  timeout 120 docker pull -q "$1" >/dev/null 2>&1
}

base_image() {
  image_exists kjcg-base:bookworm && return 0
  local rootfs="$CACHE/rootfs-bookworm"
  if [ ! -f "$rootfs/.complete" ]; then
    say "debootstrap --variant=minbase bookworm ($(debian_mirror))"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$(debian_mirror)" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; return 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    touch "$rootfs/.complete"
  fi
  say "docker import kjcg-base:bookworm"
  tar -C "$rootfs" --exclude=./.complete -c . | docker import - kjcg-base:bookworm >/dev/null
}

standin() {  # standin <directory under standin/> <tag>
  base_image
  say "stand-in $2 from Debian packages (no registry answered)"
  docker build -q --force-rm --network host -t "$2" "$CONTAINERS_DIR/standin/$1" >/dev/null
}

official() {  # an image of that name that is not one of our stand-ins
  image_exists "$1" && [ -z "$(docker image inspect -f '{{index .Config.Labels "org.kjcg.stand-in"}}' "$1")" ]
}

# Makes python:3.11-slim-bookworm exist and sets RABBITMQ_IMAGE and POSTGRES_IMAGE for compose:
# the official images if present or pullable, else stand-ins (rebuilt each run from the layer
# cache: a second or two when nothing changed).
ensure_images() {
  official "$PYTHON_IMAGE" || try_pull "$PYTHON_IMAGE" || standin python "$PYTHON_IMAGE"
  if official "$RABBITMQ_OFFICIAL" || try_pull "$RABBITMQ_OFFICIAL"; then
    export RABBITMQ_IMAGE="$RABBITMQ_OFFICIAL"
  else
    export RABBITMQ_IMAGE="kjcg-standin/rabbitmq:debian"
    standin rabbitmq "$RABBITMQ_IMAGE"
  fi
  if official "$POSTGRES_OFFICIAL" || try_pull "$POSTGRES_OFFICIAL"; then
    export POSTGRES_IMAGE="$POSTGRES_OFFICIAL"
  else
    export POSTGRES_IMAGE="kjcg-standin/postgres:debian"
    standin postgres "$POSTGRES_IMAGE"
  fi
}

# The project's image, from the repository root (.dockerignore keeps the context small).
project_image() {
  say "docker build -f deploy/docker/Dockerfile -t kjcg:${KJCG_TAG:-local} ."
  docker build -q --force-rm --network host -f deploy/docker/Dockerfile -t "kjcg:${KJCG_TAG:-local}" \
    --build-arg EXTRA_CA_CERTS="$(extra_ca_certs)" . >/dev/null
  docker image prune -f >/dev/null  # the layers of earlier builds, in our own data root
}
