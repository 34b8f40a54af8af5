#!/usr/bin/env bash
# Installs what the test tiers need beyond `npm ci`, and says which tiers can run. `npm test`
# (tests/run-all.sh) and CI (.ci/run) both call it, so a fresh machine and CI install the same way.
#
#   bash scripts/install-test-deps.sh          install what is missing (apt-get, only as root), then report
#   bash scripts/install-test-deps.sh --plan   report what it would do; installs nothing
#
# What each tier needs:
#   unit, integration   nothing more (SQLite comes with npm ci)
#   browser             Debian's chromium-headless-shell at /usr/bin/chromium-headless-shell: Playwright
#                       launches that, never a download
#   postgres            Debian's postgresql (pg_ctl, initdb), to start a private cluster (tests/pg/start-postgres.sh)
#
# stdout is one line per tier that needs something, read by tests/run-all.sh:
#   "TIER ready" | "TIER install PACKAGE" (--plan only) | "TIER skipped: PACKAGE missing"
# What is being installed and why, or what is missing and how to get it, goes to stderr.
# Exit status: 0 when every tier can run (or, with --plan, will after the install), 1 otherwise.
#
# The probes use bash builtins only, so tests can steer them (tests/unit/install-test-deps.test.ts):
# RISKLEDGER_PROBE_ROOT prefixes every probed file path, RISKLEDGER_PROBE_UID stands in for the
# user id, and PATH decides whether pg_ctl and apt-get are found.
set -u

plan_only=false
case "${1:-}" in
  --plan) plan_only=true ;;
  "") ;;
  *) echo "usage: bash scripts/install-test-deps.sh [--plan]" >&2; exit 2 ;;
esac

probe_root="${RISKLEDGER_PROBE_ROOT:-}"
uid="${RISKLEDGER_PROBE_UID:-$EUID}"

chromium_present() { [ -x "$probe_root/usr/bin/chromium-headless-shell" ]; }

# The same search as tests/pg/start-postgres.sh: pg_ctl on PATH, or Debian's versioned folder.
postgresql_present() {
  command -v pg_ctl >/dev/null 2>&1 && return 0
  local candidate
  for candidate in "$probe_root"/usr/lib/postgresql/*/bin/pg_ctl; do
    [ -x "$candidate" ] && return 0
  done
  return 1
}

present() {
  case "$1" in
    chromium-headless-shell) chromium_present ;;
    postgresql) postgresql_present ;;
  esac
}

# tier:package pairs, in the order the tiers run.
needs=("postgres:postgresql" "browser:chromium-headless-shell")

missing=()
for need in "${needs[@]}"; do
  present "${need#*:}" || missing+=("${need#*:}")
done

can_install=false
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$uid" != 0 ]; then
    echo "install-test-deps: missing ${missing[*]}, and not root, so nothing is installed." >&2
    echo "  Get them with:  sudo apt-get install -y ${missing[*]}   (or run: sudo bash scripts/install-test-deps.sh)" >&2
  elif ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: missing ${missing[*]}, and no apt-get on this machine, so nothing is installed." >&2
    echo "  Install Chromium's headless shell so that /usr/bin/chromium-headless-shell runs it (browser tests)," >&2
    echo "  and PostgreSQL so that pg_ctl is on PATH or under /usr/lib/postgresql/*/bin/ (PostgreSQL tests)." >&2
  else
    can_install=true
  fi
fi

if $can_install && $plan_only; then
  echo "install-test-deps: would install ${missing[*]} from the Debian archive (apt-get)" >&2
elif $can_install; then
  echo "install-test-deps: installing ${missing[*]} from the Debian archive (apt-get):" >&2
  for package in "${missing[@]}"; do
    case "$package" in
      chromium-headless-shell) echo "  chromium-headless-shell: the browser tests run the app in Debian's headless chromium at /usr/bin/chromium-headless-shell" >&2 ;;
      postgresql) echo "  postgresql: the PostgreSQL tests start a private cluster with its pg_ctl and initdb" >&2 ;;
    esac
  done
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >&2 ||
    echo "install-test-deps: apt-get failed (output above); the tiers that need ${missing[*]} are skipped" >&2
fi

all_ready=true
for need in "${needs[@]}"; do
  tier="${need%%:*}"
  package="${need#*:}"
  if present "$package"; then
    echo "$tier ready"
  elif $plan_only && $can_install; then
    echo "$tier install $package"
  else
    echo "$tier skipped: $package missing"
    all_ready=false
  fi
done
$all_ready
