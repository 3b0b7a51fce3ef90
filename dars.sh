#!/usr/bin/env bash
# DARS developer commands. Run `./dars.sh help` for usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

APP_PROJECT="Dars.Functions"
SOLUTION="Dars.sln"
AZURITE="node_modules/.bin/azurite"
RESULTS_DIR=".artifacts/test-results"
# The well-known Azurite / storage-emulator development account (public, not a secret).
DEV_ACCOUNT="devstoreaccount1"
DEV_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
AZURITE_TIMEOUT="${AZURITE_TIMEOUT:-60}" # seconds to wait for Azurite's ports

usage() {
  cat <<EOF
Usage: ./dars.sh <command> [args]

Commands:
  start         Install what is missing (Azurite from npm), start Azurite on
                127.0.0.1:10000-10002 (data in .azurite/) unless AzureWebJobsStorage
                names a real account, ensure a 'dotnet user-jwts' signing key, and run
                the app on http://127.0.0.1:\${PORT:-7071} (Development). Ctrl-C stops all.
  test [args]   Run the whole test suite against a private Azurite on free ports (tables and
                blobs in memory, queues in a temporary folder),
                browser tests included (Debian's Chromium, installed when run as root).
                Extra args go to 'dotnet test' (e.g. --filter Category=Unit).
                Results (.trx) in $RESULTS_DIR/. Ends with 'N passed, N failed'.
  assets        Copy the NHS.UK frontend (CSS, JS, images) from node_modules into
                Dars.Functions/wwwroot/assets after upgrading it in package.json.
  publish [dir] Build the Azure Functions package: a self-contained linux-x64 custom
                handler with host.json and one folder per function, zipped to
                dir/dars-functions.zip (default dir: .artifacts/publish).
  bench [which] Benchmarks (all | cohort | production | api), each against a baseline
                measured in the same run; one line per figure. 'api' runs on a private
                Azurite, as the tests do.
  help          Show this text.

Environment:
  PORT                 app port for 'start' (default 7071)
  AzureWebJobsStorage  storage connection string (default UseDevelopmentStorage=true)
  AZURITE_TIMEOUT      seconds to wait for Azurite to listen (default 60)

Development tokens:
  dotnet user-jwts create --project $APP_PROJECT --name alice --role Applicant --claim org=X26
EOF
}

log() { printf 'dars: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------
# Process bookkeeping: everything started in the background is recorded here and
# stopped (with all its descendants) when the script exits, however it exits.
# ---------------------------------------------------------------------------
CHILD_PIDS=()
CLEANUP_DIRS=()

descendants() { # print all descendant pids of $1, deepest first
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

running() { # true if pid $1 exists and is not a zombie
  local stat
  stat="$(ps -o stat= -p "$1" 2>/dev/null)" && [[ $stat != Z* ]]
}

kill_tree() { # TERM a process and its descendants, KILL whatever is left after 10 s
  local pid=$1 pids p i alive
  kill -0 "$pid" 2>/dev/null || return 0
  pids="$(descendants "$pid") $pid"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    alive=0
    for p in $pids; do running "$p" && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  # shellcheck disable=SC2086
  ((alive)) && kill -KILL $pids 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#CHILD_PIDS[@]} - 1; i >= 0; i--)); do
    kill_tree "${CHILD_PIDS[i]}"
  done
  for i in "${CLEANUP_DIRS[@]}"; do rm -rf -- "$i"; done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
# What package.json brings: Azurite, and for the web interface axe-core (browser tests) and mermaid
# (the lifecycle picture). The NHS.UK frontend's compiled CSS/JS are committed under wwwroot/assets.
NPM_TOOLS=("$AZURITE" node_modules/axe-core/axe.min.js node_modules/mermaid/dist/mermaid.min.js)

ensure_npm_tools() {
  local tool missing=0
  for tool in "${NPM_TOOLS[@]}"; do [[ -e "$tool" ]] || missing=1; done
  if ((missing)); then
    command -v npm >/dev/null || die "npm is not installed (Node.js 20+ is needed for Azurite)"
    log "installing the npm tools (npm ci)..."
    npm ci --no-audit --no-fund
    for tool in "${NPM_TOOLS[@]}"; do [[ -e "$tool" ]] || die "npm ci did not install $tool"; done
  fi
  ensure_web_assets
}

# The lifecycle picture's script (5 MB, so not committed) goes next to the app's static files.
ensure_web_assets() {
  local vendor="$APP_PROJECT/wwwroot/vendor"
  if [[ ! -f "$vendor/mermaid.min.js" || node_modules/mermaid/dist/mermaid.min.js -nt "$vendor/mermaid.min.js" ]]; then
    mkdir -p "$vendor"
    cp node_modules/mermaid/dist/mermaid.min.js "$vendor/mermaid.min.js"
  fi
}

# Refreshes the committed NHS.UK frontend (after changing its version in package.json and npm install).
cmd_assets() {
  ensure_npm_tools
  local dist=node_modules/nhsuk-frontend/dist/nhsuk assets="$APP_PROJECT/wwwroot/assets"
  rm -rf "$assets"
  mkdir -p "$assets"
  cp "$dist/nhsuk-frontend.min.css" "$dist/nhsuk-frontend.min.js" "$dist/assets/manifest.json" "$assets/"
  cp -r "$dist/assets/images" "$assets/"
  log "NHS.UK frontend $(node -p 'require("nhsuk-frontend/package.json").version') copied to $assets"
}

# The browser tests drive Debian's Chromium (Playwright's own browser downloads are not used). As root
# it is installed when missing; otherwise the browser tests are skipped and say why.
ensure_chromium() {
  if [[ -n "${DARS_CHROMIUM:-}" && -x "$DARS_CHROMIUM" ]] || command -v chromium >/dev/null; then return 0; fi
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing Chromium for the browser tests (apt-get install chromium)..."
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then return 0; fi
    log "warning: could not install Chromium: the browser tests will be skipped"
  else
    log "warning: Chromium is not installed and this is not root: the browser tests will be skipped (sudo apt-get install chromium)"
  fi
}

port_open() { # port_open PORT -> true if something accepts TCP on 127.0.0.1:PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_ports() { # print N distinct free TCP ports on 127.0.0.1
  node -e '
    const net = require("net"), n = Number(process.argv[1]), servers = [];
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      servers.push(s);
      s.listen(0, "127.0.0.1", () => {
        if (servers.every(x => x.listening)) {
          console.log(servers.map(x => x.address().port).join(" "));
          servers.forEach(x => x.close());
        }
      });
    }' "$1"
}

# launch_azurite LOGFILE PORTS COMMAND [ARGS...]: starts one Azurite process in the background,
# records its pid (in LAUNCHED_PID too) and waits until it accepts connections on every port of
# PORTS (space-separated). Returns 1 (with it stopped and its log shown) if it exits or does not
# listen in time.
launch_azurite() {
  local logfile=$1 ports=$2 pid deadline p
  shift 2
  "$@" --silent --skipApiVersionCheck --loose --disableTelemetry >"$logfile" 2>&1 &
  pid=$!
  LAUNCHED_PID=$pid
  CHILD_PIDS+=("$pid")
  deadline=$((SECONDS + AZURITE_TIMEOUT))
  for p in $ports; do
    until port_open "$p"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        log "Azurite exited before listening on 127.0.0.1:$p; log: $logfile"
        tail -n 20 "$logfile" >&2 || true
        return 1
      fi
      if ((SECONDS >= deadline)); then
        log "Azurite did not listen on 127.0.0.1:$p within ${AZURITE_TIMEOUT}s; log: $logfile"
        tail -n 20 "$logfile" >&2 || true
        kill_tree "$pid"
        return 1
      fi
      sleep 0.2
    done
  done
  log "Azurite is up (pid $pid; ${1##*/} on $ports; log $logfile)"
}

# start_azurite LOCATION LOGFILE BLOB QUEUE TABLE: the developer's Azurite, the three services in
# one process, their data in the folder LOCATION so that it survives a restart.
start_azurite() {
  local location=$1 logfile=$2 blob=$3 queue=$4 table=$5
  mkdir -p "$location"
  launch_azurite "$logfile" "$blob $queue $table" "$AZURITE" --location "$location" \
    --blobHost 127.0.0.1 --blobPort "$blob" \
    --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table"
}

ensure_jwt_signing_key() {
  # 'user-jwts key' only displays the key; 'key --reset' creates one (in user secrets)
  # without issuing a token and without touching appsettings.Development.json.
  if ! dotnet user-jwts key --project "$APP_PROJECT" 2>/dev/null | grep -q 'Signing Key:'; then
    log "creating a dotnet user-jwts signing key for $APP_PROJECT"
    dotnet user-jwts key --project "$APP_PROJECT" --reset --force >/dev/null
  fi
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
cmd_start() {
  local port=${PORT:-7071} p open=0 pid rc
  if [[ -n "${AzureWebJobsStorage:-}" && "$AzureWebJobsStorage" != "UseDevelopmentStorage=true" ]]; then
    log "AzureWebJobsStorage is set to an account: not starting Azurite"
  else
    export AzureWebJobsStorage="UseDevelopmentStorage=true"
    for p in 10000 10001 10002; do port_open "$p" && open=$((open + 1)); done
    if ((open == 3)); then
      log "something is already listening on 127.0.0.1:10000-10002: using it as Azurite"
    elif ((open > 0)); then
      die "some of 127.0.0.1:10000-10002 are in use by something else; stop it or set AzureWebJobsStorage"
    else
      ensure_npm_tools
      mkdir -p .azurite
      start_azurite .azurite .azurite/azurite.log 10000 10001 10002 || die "Azurite did not start"
    fi
  fi

  ensure_jwt_signing_key
  if [[ -f node_modules/mermaid/dist/mermaid.min.js ]]; then ensure_web_assets; fi

  log "starting the app on http://127.0.0.1:$port (Ctrl-C to stop)"
  ASPNETCORE_ENVIRONMENT=Development \
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
    dotnet run --project "$APP_PROJECT" --no-launch-profile &
  pid=$!
  CHILD_PIDS+=("$pid")
  # 'wait' returns early when a trapped signal arrives; the trap then stops everything.
  rc=0
  wait "$pid" || rc=$?
  log "the app exited ($rc)"
  return "$rc"
}

# Sum the <Counters .../> of every .trx file given; print "N passed, N failed[, N skipped]".
# Skipped tests are not in the counters (xunit's skips count as neither executed nor
# notExecuted there), so they are counted from the results whose outcome is NotExecuted.
trx_summary() {
  awk '
    /<Counters / {
      line = $0
      while (match(line, /[A-Za-z]+="[0-9]+"/)) {
        kv = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
        split(kv, a, "=")
        gsub(/"/, "", a[2])
        c[a[1]] += a[2]
      }
    }
    /<UnitTestResult / && / outcome="NotExecuted"/ { skipped++ }
    END {
      failed = c["failed"] + c["error"] + c["timeout"] + c["aborted"]
      out = sprintf("%d passed, %d failed", c["passed"], failed)
      if (skipped > 0) out = out sprintf(", %d skipped", skipped)
      print out
    }' "$@"
}

# start_private_azurite NAME: an Azurite of this run's own, on free ports, in a temporary folder
# removed on exit (logs, and the queues' data); exports AzureWebJobsStorage for it. Each request
# waits while Azurite's one thread does anything else, so each service's storage is the one that
# stalls least (the API benchmark's p99 found both):
# - Tables and blobs in memory: on disk Azurite saves its whole database every 5 seconds
#   (0.3-1 s in the API benchmark).
# - Queues on disk: in memory each message body is an extent of its own, and the queue service's
#   clean-up every 60 s deletes the dead ones in time quadratic in their number (1,521 took 2.8 s,
#   2,722 took 10.0 s). On disk they share files, whose deletions
#   let requests through between them.
# - One process per service, so that no service waits on another's work.
start_private_azurite() {
  local tmp ports blob queue table attempt pids p
  ensure_npm_tools
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/dars-$1.XXXXXX")"
  CLEANUP_DIRS+=("$tmp")
  for attempt in 1 2 3; do
    ports="$(free_ports 3)" || die "could not pick free ports"
    read -r blob queue table <<<"$ports"
    pids=()
    # A port taken by someone else between picking and binding makes Azurite exit: retry.
    if launch_azurite "$tmp/blob.log" "$blob" "$AZURITE-blob" --inMemoryPersistence --blobHost 127.0.0.1 --blobPort "$blob" &&
      pids+=("$LAUNCHED_PID") &&
      launch_azurite "$tmp/table.log" "$table" "$AZURITE-table" --inMemoryPersistence --tableHost 127.0.0.1 --tablePort "$table" &&
      pids+=("$LAUNCHED_PID") &&
      launch_azurite "$tmp/queue.log" "$queue" "$AZURITE-queue" --location "$tmp/queue" --queueHost 127.0.0.1 --queuePort "$queue"; then
      break
    fi
    for p in "${pids[@]}"; do kill_tree "$p"; done
    ((attempt < 3)) || die "could not start Azurite"
  done
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=$DEV_ACCOUNT;AccountKey=$DEV_KEY;BlobEndpoint=http://127.0.0.1:$blob/$DEV_ACCOUNT;QueueEndpoint=http://127.0.0.1:$queue/$DEV_ACCOUNT;TableEndpoint=http://127.0.0.1:$table/$DEV_ACCOUNT;"
}

cmd_bench() {
  # The API benchmark needs storage: an Azurite of its own, as the tests have.
  if [[ "${1:-all}" == "all" || "${1:-}" == "api" ]]; then start_private_azurite bench; fi
  dotnet run -c Release --project Dars.Benchmarks -- "$@"
}

cmd_test() {
  local rc=0 trx=()
  ensure_chromium
  start_private_azurite test

  # No MSBuild nodes left running after the build (they would outlive this script).
  export MSBUILDDISABLENODEREUSE=1
  # One folder per run, so two runs at once never count each other's results.
  local results="$RESULTS_DIR/run-$(date +%Y%m%d-%H%M%S)-$$"
  mkdir -p "$results"
  dotnet test "$SOLUTION" \
    --results-directory "$results" \
    --logger "trx" \
    --logger "console;verbosity=normal" \
    "$@" &
  CHILD_PIDS+=("$!")
  wait "$!" || rc=$?

  mapfile -t trx < <(find "$results" -name '*.trx' -type f)
  if ((${#trx[@]} == 0)); then
    log "no test results in $results (did the build fail?)"
    ((rc != 0)) || rc=1
    return "$rc"
  fi
  trx_summary "${trx[@]}"
  return "$rc"
}

# ---------------------------------------------------------------------------
# publish: the zip a Linux Function App runs as a custom handler: the self-contained
# executable, host.json, and one folder per function with its function.json.
# ---------------------------------------------------------------------------
cmd_publish() {
  local out="${1:-.artifacts/publish}"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  local layout="$out/app" zip="$out/dars-functions.zip"
  rm -rf "$layout" "$zip"
  mkdir -p "$layout"
  if [[ -f node_modules/mermaid/dist/mermaid.min.js ]]; then ensure_web_assets; fi
  log "publishing $APP_PROJECT (self-contained linux-x64) to $layout"
  dotnet publish "$APP_PROJECT" -c Release -r linux-x64 --self-contained -p:UseAppHost=true -o "$layout" --nologo -v quiet
  cp host.json "$layout/"
  cp -r functions/. "$layout/"
  if command -v zip >/dev/null; then
    (cd "$layout" && zip -qr -X "$zip" .)
  else
    python3 -c "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2])" "${zip%.zip}" "$layout"
  fi
  log "package: $zip"
  echo "$zip"
}

main() {
  local cmd=${1:-help}
  (($#)) && shift
  case "$cmd" in
    start) cmd_start "$@" ;;
    test) cmd_test "$@" ;;
    publish) cmd_publish "$@" ;;
    assets) cmd_assets "$@" ;;
    bench) cmd_bench "$@" ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      die "unknown command: $cmd"
      ;;
  esac
}

main "$@"
