#!/usr/bin/env bash
# Installs a new EspWs build beside the running one and switches to it, or back (docs/deploy.md, "Updating").
#   sudo deploy/update.sh /tmp/espws        # a folder made by deploy/publish.sh, copied to the device
# Layout under the prefix (/opt/espws):  releases/<stamp>/  one folder a build
#                                        current -> releases/<stamp>   the build the service runs
# Steps: copy the build to releases/<stamp> (with the running build's app.config.yaml, so edits on the device stay;
# the build's own is kept beside it as app.config.yaml.dist), switch `current` atomically, restart the service, and
# wait up to --timeout seconds for the app to answer (/healthz, or /status on a build without it). When it does not,
# `current` goes back to the previous build, which is restarted; the failed one stays as releases/<stamp>.failed.
# Exit codes: 0 updated; 1 not updated (rolled back, or a first install that does not answer); 2 bad arguments;
# 3 rolled back but the previous build does not answer either.
set -euo pipefail

prefix=/opt/espws
service=espws
url=http://127.0.0.1:9998
timeout=30
keep=3
restart_command=""
check_command=""

usage()
{
  cat >&2 <<'EOF'
usage: deploy/update.sh [options] BUILD_DIR
  --prefix DIR     where the releases and the `current` link live (default /opt/espws)
  --service NAME   the systemd unit to restart (default espws)
  --url URL        where the app answers HTTP (default http://127.0.0.1:9998)
  --timeout SEC    how long a restarted build has to answer (default 30)
  --keep N         how many working releases to keep, the running one included (default 3)
  --restart CMD    the command that restarts the app (default: systemctl restart NAME)
  --check CMD      a command that succeeds once the app answers (default: GET URL/healthz, or URL/status
                   when the build has no /healthz)
EOF
  exit 2
}

say()
{
  echo "update.sh: $*"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix | --service | --url | --timeout | --keep | --restart | --check)
      [ $# -ge 2 ] || usage
      case "$1" in
        --prefix) prefix=$2 ;;
        --service) service=$2 ;;
        --url) url=${2%/} ;;
        --timeout) timeout=$2 ;;
        --keep) keep=$2 ;;
        --restart) restart_command=$2 ;;
        --check) check_command=$2 ;;
      esac
      shift 2
      ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || usage
build=$1
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || { say "--timeout must be a whole number of seconds, at least 1, not '$timeout'"; exit 2; }
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || { say "--keep must be a whole number, at least 1, not '$keep'"; exit 2; }
[ -f "$build/EspWs.App" ] || { say "$build has no EspWs.App: give the folder deploy/publish.sh made"; exit 2; }
[ -f "$build/app.config.yaml" ] || { say "$build has no app.config.yaml: give the folder deploy/publish.sh made"; exit 2; }

mkdir -p "$prefix/releases"
prefix=$(cd "$prefix" && pwd)
# One update at a time: a second one waits for nothing and says so.
exec 9>"$prefix/.update.lock"
flock -n 9 || { say "another update of $prefix is running"; exit 1; }

restart()
{
  if [ -n "$restart_command" ]; then
    bash -c "$restart_command" 9>&-
  else
    systemctl restart "$service" 9>&-
  fi
}

answers()
{
  if [ -n "$check_command" ]; then
    bash -c "$check_command" >/dev/null 2>&1
    return
  fi
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/healthz" 2>/dev/null) || true
  if [ "$code" = 404 ]; then
    # A build from before /healthz: its status page answering is the best sign of life it gives.
    curl -sf -o /dev/null --max-time 2 "$url/status"
    return
  fi
  [ "$code" = 200 ]
}

# Restarts whatever `current` names and waits for it to answer; fails after $timeout seconds.
start_current()
{
  if ! restart; then
    say "the restart failed"
    return 1
  fi
  local deadline=$((SECONDS + timeout))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if answers; then
      return 0
    fi
    sleep 1
  done
  say "no answer from $url within $timeout s"
  return 1
}

switch_to()
{
  # ln -s then rename(2) over the old link: a reader sees the old target or the new one, never no link.
  ln -sfn "$1" "$prefix/current.new.$$"
  mv -T "$prefix/current.new.$$" "$prefix/current"
}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
release=$stamp
n=1
while [ -e "$prefix/releases/$release" ] || [ -e "$prefix/releases/$release.failed" ]; do
  n=$((n + 1))
  release=$stamp-$n
done

previous=""
if [ -L "$prefix/current" ]; then
  previous=$(readlink "$prefix/current")
fi

# The copy is made under a temporary name, so a half-copied build is never a release.
staging="$prefix/releases/.$release.partial"
rm -rf "$staging"
mkdir -p "$staging"
cp -a "$build/." "$staging/"
chmod 755 "$staging/EspWs.App"
if [ -n "$previous" ] && [ -f "$prefix/$previous/app.config.yaml" ]; then
  config_from="$prefix/$previous/app.config.yaml"
elif [ -f "$prefix/app.config.yaml" ]; then
  # An install from before releases: the app and its settings lay directly in the prefix.
  config_from="$prefix/app.config.yaml"
else
  config_from=""
fi
if [ -n "$config_from" ]; then
  mv "$staging/app.config.yaml" "$staging/app.config.yaml.dist"
  cp -p "$config_from" "$staging/app.config.yaml"
  say "kept the settings of $config_from (the build's own are in releases/$release/app.config.yaml.dist)"
fi
mv -T "$staging" "$prefix/releases/$release"

switch_to "releases/$release"
say "switched $prefix/current to releases/$release${previous:+ (was $previous)}; restarting"
if start_current; then
  say "releases/$release answers at $url: updated"
  # Keep the newest working releases; failed ones are left for a look and removed by hand.
  mapfile -t old < <(find "$prefix/releases" -mindepth 1 -maxdepth 1 -type d ! -name '*.failed' ! -name '.*' -printf '%f\n' \
    | sort -r | tail -n +$((keep + 1)))
  for name in "${old[@]}"; do
    # A clock set back would sort the new release first; it is never the one removed.
    [ "$name" != "$release" ] || continue
    rm -rf "${prefix:?}/releases/$name"
  done
  exit 0
fi

mv -T "$prefix/releases/$release" "$prefix/releases/$release.failed"
if [ -z "$previous" ]; then
  rm -f "$prefix/current"
  say "the first install (releases/$release.failed) does not answer; nothing to go back to"
  exit 1
fi
switch_to "$previous"
say "releases/$release does not answer: switched back to $previous; restarting"
if start_current; then
  say "$previous answers again: rolled back, not updated (the failed build is releases/$release.failed)"
  exit 1
fi
say "$previous does not answer either: the app is down; see journalctl -u $service"
exit 3
