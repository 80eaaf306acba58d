#!/usr/bin/env bash
# Prepares this machine to run and test the joint_meeting add-on.
# Idempotent: a second run only checks. Used by `make run` and `make test`.
#   - Debian packages: Odoo's Python dependencies, PostgreSQL, wkhtmltopdf,
#     CJK fonts, Chromium (tours), gettext, poppler-utils
#   - a local PostgreSQL cluster, started, with a superuser role for this user
#   - the Odoo $ODOO_SERIES source tree ($ODOO_SRC, else ~/.cache/joint_meeting/odoo-$ODOO_SERIES)
#   - a virtualenv (system site packages) with pytest-odoo and the linters
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${JM_CACHE:-$HOME/.cache/joint_meeting}
venv=${JM_VENV:-$cache/venv}
series=${ODOO_SERIES:-19.0}
odoo_src=${ODOO_SRC:-$cache/odoo-$series}
odoo_url=${ODOO_URL:-https://nightly.odoo.com/$series/nightly/src/odoo_$series.latest.tar.gz}

say() { printf '[setup] %s\n' "$*" >&2; }
if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi

# Odoo's Python dependencies: the Depends: of Odoo's debian/control for the
# series (19.0 added python3-magic and dropped python3-decorator).
debs=(
  python3-asn1crypto python3-babel python3-cbor2 python3-chardet python3-cryptography
  python3-dateutil python3-docutils python3-freezegun python3-geoip2
  python3-gevent python3-greenlet python3-idna python3-pil python3-jinja2 python3-libsass
  python3-lxml python3-markupsafe python3-num2words python3-ofxparse python3-openpyxl
  python3-passlib python3-polib python3-psutil python3-psycopg2 python3-openssl
  python3-pypdf2 python3-rjsmin python3-qrcode python3-renderpm python3-reportlab
  python3-requests python3-stdnum python3-tz python3-urllib3 python3-vobject
  python3-werkzeug python3-xlsxwriter python3-xlrd python3-zeep
  python3-websocket python3-venv python3-pip python3-fonttools
  postgresql postgresql-client wkhtmltopdf fonts-noto-cjk chromium gettext poppler-utils
  fonts-dejavu-core fonts-inconsolata fonts-font-awesome fonts-roboto-unhinted gsfonts
)
case "$series" in
  16.0|17.0|18.0) debs+=(python3-decorator) ;;
  *) debs+=(python3-magic) ;;
esac

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL: a running cluster and a superuser role named after this user.
if command -v pg_lsclusters >/dev/null; then
  if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
    say "creating PostgreSQL $ver cluster"
    "${SUDO[@]}" pg_createcluster "$ver" main >/dev/null
  fi
  pg_lsclusters -h | while read -r ver name _port status _rest; do
    if [ "$status" != online ]; then
      say "starting PostgreSQL $ver/$name"
      "${SUDO[@]}" pg_ctlcluster "$ver" "$name" start
    fi
  done
fi
me=$(id -un)
for _ in $(seq 1 30); do
  pg_isready -q -h /var/run/postgresql && break
  sleep 1
done
if ! psql -h /var/run/postgresql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  say "creating PostgreSQL role $me"
  if [ "$(id -u)" = 0 ]; then
    su postgres -c "createuser -s '$me'" 2>/dev/null || true
  else
    sudo -u postgres createuser -s "$me" 2>/dev/null || true
  fi
fi

# Odoo $series source.
if [ ! -f "$odoo_src/odoo-bin" ]; then
  say "no Odoo $series source at $odoo_src: downloading Odoo's official $series source"
  mkdir -p "$odoo_src"
  tmp=$(mktemp -d)
  if curl -fsSL --max-time 600 -o "$tmp/odoo.tar.gz" "$odoo_url" 2>/dev/null; then
    tar -xzf "$tmp/odoo.tar.gz" -C "$tmp"
    top=$(find "$tmp" -mindepth 2 -maxdepth 2 -name odoo-bin -printf '%h\n' | head -1)
    cp -a "$top/." "$odoo_src/"
    rm -rf "$tmp"
  else
    rm -rf "$tmp"
    rmdir "$odoo_src" 2>/dev/null || true
    echo "Odoo $series source not found and not downloadable: put an Odoo $series source tree (the folder holding odoo-bin and odoo/) at $odoo_src, or point ODOO_SRC at one." >&2
    exit 1
  fi
fi
# The official tarball keeps add-ons in odoo/addons; a git checkout in addons/.
if [ ! -d "$odoo_src/odoo/addons/mail" ] && [ ! -d "$odoo_src/addons/mail" ]; then
  echo "The Odoo source at $odoo_src has no 'mail' add-on: it is not a complete Odoo $series Community tree." >&2
  exit 1
fi

found=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p" "$odoo_src/odoo/release.py")
if [ "$found" != "$series" ]; then
  echo "The Odoo source at $odoo_src is $found, not $series: point ODOO_SRC at an Odoo $series tree." >&2
  exit 1
fi

# Virtualenv on top of Debian's packages, for pytest-odoo and the linters.
stamp="$venv/.jm-requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements-dev.txt" "$stamp"; then
  say "preparing the virtualenv $venv"
  /usr/bin/python3 -m venv --system-site-packages "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements-dev.txt"
  cp "$here/requirements-dev.txt" "$stamp"
fi
