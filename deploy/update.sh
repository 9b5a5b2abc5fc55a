#!/usr/bin/env bash
# Installs a new EspWs build beside the running one and switches to it, or back (docs/deploy.md, "Updating").
#   sudo deploy/update.sh /tmp/espws        # a folder made by deploy/publish.sh, copied to the device
# Layout under the prefix (/opt/espws):  releases/<stamp>/  one folder a build
#                                        current -> releases/<stamp>   the build the service runs
# Steps: copy the build to releases/<stamp> (with the running build's app.config.yaml, so edits on the device stay;
# the build's own is kept beside it as app.config.yaml.dist), switch `current` atomically, restart the service, and
# wait up to --timeout seconds for the app to answer (/healthz, or /status on a build without it) the way its clients
# reach it: https, trusting only the device's own certificate, when its settings have Tls:CertificatePath. When it
# does not answer, or exits before it does, `current` goes back to the previous build, which is restarted; the
# failed one stays as releases/<stamp>.failed.
# Exit codes: 0 updated; 1 not updated (rolled back, or a first install that does not answer); 2 bad arguments;
# 3 rolled back but the previous build does not answer either.
set -euo pipefail

prefix=/opt/espws
service=espws
url=""
env_file=/etc/espws/env
timeout=30
keep=3
restart_command=""
check_command=""
pid_command=""

usage()
{
  cat >&2 <<'EOF'
usage: deploy/update.sh [options] BUILD_DIR
  --prefix DIR     where the releases and the `current` link live (default /opt/espws)
  --service NAME   the systemd unit to restart (default espws)
  --url URL        where the app answers (default: from its settings, Server:Port and Server:BindAddress, https
                   when Tls:CertificatePath is set, e.g. http://127.0.0.1:9998)
  --env-file FILE  the unit's EnvironmentFile, whose ESPWS_ settings override app.config.yaml (default /etc/espws/env)
  --timeout SEC    how long a restarted build has to answer (default 30)
  --keep N         how many working releases to keep, the running one included (default 3)
  --restart CMD    the command that restarts the app (default: systemctl restart NAME)
  --check CMD      a command that succeeds once the app answers (default: GET URL/healthz, or URL/status
                   when the build has no /healthz)
  --main-pid CMD   a command that prints the app's process id, so an exit is seen at once (default:
                   systemctl show --property=MainPID --value NAME)
EOF
  exit 2
}

say()
{
  echo "update.sh: $*"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix | --service | --url | --env-file | --timeout | --keep | --restart | --check | --main-pid)
      [ $# -ge 2 ] || usage
      case "$1" in
        --prefix) prefix=$2 ;;
        --service) service=$2 ;;
        --url) url=${2%/} ;;
        --env-file) env_file=$2 ;;
        --main-pid) pid_command=$2 ;;
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

# The value of SECTION:KEY in the settings the service starts with: an ESPWS_SECTION__KEY line of the unit's
# environment file, else the key under its section in current/app.config.yaml (names in any case, as the app reads
# them); empty when neither sets it. Enough for the few keys that say where the app answers.
setting()
{
  local section=$1 key=$2 value=""
  if [ -r "$env_file" ]; then
    value=$(grep -i -m1 "^ESPWS_${section}__${key}=" "$env_file" | cut -d= -f2-) || true
  fi
  if [ -z "$value" ] && [ -f "$prefix/current/app.config.yaml" ]; then
    value=$(awk -v section="$section" -v key="$key" '
      /^[^ \t#]/ { inside = (tolower($0) ~ "^" tolower(section) ":[ \t]*(#.*)?$") ; next }
      inside && tolower($0) ~ "^[ \t]+" tolower(key) ":" { sub(/^[^:]*:[ \t]*/, ""); sub(/[ \t]+#.*$/, ""); print; exit }
    ' "$prefix/current/app.config.yaml")
  fi
  value=${value%$'\r'}
  value=${value#[\"\']}
  echo "${value%[\"\']}"
}

# Sets the curl arguments that reach the app as its clients do: the URL from its settings (unless --url gave one),
# and with Tls:CertificatePath set, https trusting only that certificate, its name checked as a client checks it.
reach()
{
  local port host certificate name
  port=$(setting Server Port)
  host=$(setting Server BindAddress)
  case "$host" in
    "" | 0.0.0.0 | "*") host=127.0.0.1 ;;
    :: | "[::]") host="[::1]" ;;
    *:*) host="[$host]" ;;
  esac
  certificate=$(setting Tls CertificatePath)
  curl_tls=()
  if [ -z "$certificate" ]; then
    target=${url:-http://$host:${port:-9998}}
    return
  fi
  case "$certificate" in /*) ;; *) certificate="$prefix/current/$certificate" ;; esac
  pinned="$prefix/.update.pinned.pem"
  case "$certificate" in
    *.pfx | *.p12)
      CERTIFICATE_PASSWORD=$(setting Tls CertificatePassword) openssl pkcs12 -in "$certificate" -nokeys -clcerts \
        -passin env:CERTIFICATE_PASSWORD -out "$pinned" 2>/dev/null || true ;;
    *) openssl x509 -in "$certificate" -out "$pinned" 2>/dev/null || cp "$certificate" "$pinned" 2>/dev/null || true ;;
  esac
  # The certificate (the first of a chain file) is the only trust anchor: curl accepts it alone, so nothing else
  # the device's CA may have signed passes. Its name is checked too: the first DNS name it carries, reached at the
  # app's address, or the address itself when the certificate names it.
  name=$(openssl x509 -in "$pinned" -noout -ext subjectAltName 2>/dev/null | tr ',' '\n' | sed -n 's/^ *DNS://p' | head -n1) || true
  if openssl x509 -in "$pinned" -noout -ext subjectAltName 2>/dev/null | grep -q "IP Address:${host//[\[\]]/}\(,\|$\)"; then
    name=$host
  fi
  name=${name:-localhost}
  target=${url:-https://$name:${port:-9998}}
  curl_tls=(--cacert "$pinned")
  if [ -z "$url" ] && [ "$name" != "$host" ]; then
    curl_tls+=(--connect-to "$name:${port:-9998}:$host:${port:-9998}")
  fi
}

answers()
{
  if [ -n "$check_command" ]; then
    bash -c "$check_command" >/dev/null 2>&1
    return
  fi
  local code
  code=$(curl -s "${curl_tls[@]}" -o /dev/null -w '%{http_code}' --max-time 2 "$target/healthz" 2>/dev/null) || true
  if [ "$code" = 404 ]; then
    # A build from before /healthz: its status page answering is the best sign of life it gives.
    curl -sf "${curl_tls[@]}" -o /dev/null --max-time 2 "$target/status"
    return
  fi
  [ "$code" = 200 ]
}

main_pid()
{
  if [ -n "$pid_command" ]; then
    bash -c "$pid_command" 2>/dev/null
  else
    systemctl show --property=MainPID --value "$service" 2>/dev/null
  fi
}

# True while process $1 runs (a zombie has exited: it only waits to be reaped).
running()
{
  [ -n "$1" ] && [ "$1" != 0 ] && [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]
}

# Restarts whatever `current` names and waits for it to answer; fails after $timeout seconds, or as soon as the app
# has exited (or was restarted by its service manager, which means the same).
start_current()
{
  if ! restart; then
    say "the restart failed"
    return 1
  fi
  reach
  local deadline=$((SECONDS + timeout)) first="" pid
  while [ "$SECONDS" -lt "$deadline" ]; do
    if answers; then
      return 0
    fi
    pid=$(main_pid) || true
    if ! running "$pid" || { [ -n "$first" ] && [ "$pid" != "$first" ]; }; then
      say "the app exited before it answered at $target"
      return 1
    fi
    first=$pid
    sleep 1
  done
  say "no answer from $target within $timeout s"
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
  say "releases/$release answers at $target: updated"
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
