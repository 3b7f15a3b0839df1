# Sourced after prerequisites.sh: installs PostgreSQL from Debian, makes sure a cluster exists and runs on
# loopback, and creates login roles. Every step checks first, so a second run costs a few psql calls.
# Used by test.sh (the tests' server) and by the deploy scripts (a cluster's shared database).

POSTGRES_VERSION="${POSTGRES_VERSION:-15}"
POSTGRES_CLUSTER="${POSTGRES_CLUSTER:-main}"

# as_postgres cmd...: runs a command as the cluster's owner (peer authentication over the Unix socket).
as_postgres() {
  # From / so psql does not warn that the owner cannot enter the caller's directory.
  if [ "$(id -un)" = postgres ]; then (cd / && "$@")
  elif [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@")
  else (cd / && sudo -u postgres "$@")
  fi
}

# postgres_port: the port the cluster is configured to listen on.
postgres_port() {
  pg_lsclusters -h | awk -v v="$POSTGRES_VERSION" -v c="$POSTGRES_CLUSTER" '$1 == v && $2 == c { print $3 }'
}

# ensure_postgres: installs PostgreSQL if missing, creates the cluster if there is none, starts it if it is
# down, and returns once it accepts connections on 127.0.0.1.
ensure_postgres() {
  ensure_packages postgresql
  if [ -z "$(postgres_port)" ]; then
    # Installing the package normally creates the cluster; a machine can still lack it (createcluster.conf
    # turned off, or the data directory removed).
    echo "==> creating PostgreSQL cluster $POSTGRES_VERSION/$POSTGRES_CLUSTER"
    as_root pg_createcluster "$POSTGRES_VERSION" "$POSTGRES_CLUSTER" >/dev/null
  fi

  # No systemd in containers and CI: pg_ctlcluster starts the server directly (it must not run as root, and
  # pg_ctlcluster switches to the cluster's owner itself). It keeps running after this script ends.
  local status
  status=$(pg_lsclusters -h | awk -v v="$POSTGRES_VERSION" -v c="$POSTGRES_CLUSTER" '$1 == v && $2 == c { print $4 }')
  if [ "$status" != online ]; then
    echo "==> starting PostgreSQL $POSTGRES_VERSION/$POSTGRES_CLUSTER"
    as_root pg_ctlcluster "$POSTGRES_VERSION" "$POSTGRES_CLUSTER" start
  fi

  local port tries=0
  port=$(postgres_port)
  until pg_isready -q -h 127.0.0.1 -p "$port"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then
      echo "PostgreSQL $POSTGRES_VERSION/$POSTGRES_CLUSTER does not accept connections on 127.0.0.1:$port; see /var/log/postgresql/postgresql-$POSTGRES_VERSION-$POSTGRES_CLUSTER.log" >&2
      return 1
    fi
    sleep 0.1
  done
}

# ensure_postgres_role name password attributes...: creates the login role, or brings an existing one to this
# password and these attributes (e.g. CREATEDB), so the caller's connection string always works.
ensure_postgres_role() {
  local name="$1" password="$2"
  shift 2
  local attributes="LOGIN PASSWORD :'password' $*"
  # psql variables quote the values (:'x' as a literal, :"x" as an identifier), so no value can break the SQL.
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$(postgres_port)" -d postgres \
    -v name="$name" -v password="$password" >/dev/null <<SQL
-- Scripts running at once (test runs in parallel worktrees) take turns: concurrent CREATE or ALTER of one role
-- fail with "tuple concurrently updated". A session lock (0x46410002, beside the runtime's migration lock space
-- 0x46410001), released when psql exits.
SELECT pg_advisory_lock(1178664962, 0);
SELECT format('CREATE ROLE %I', :'name') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name')
\gexec
ALTER ROLE :"name" WITH $attributes;
SQL
}

# postgres_secret file: prints the secret stored in file, generating it (readable by its owner only) on first use,
# so passwords are neither committed nor changed under a test run that is already using them.
postgres_secret() {
  local file="$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    local candidate="$file.$$"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$candidate")
    # ln fails if the file appeared meanwhile: of two runs starting at once, both then read the one that won.
    ln "$candidate" "$file" 2>/dev/null || true
    rm -f "$candidate"
  fi
  cat "$file"
}
