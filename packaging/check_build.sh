#!/usr/bin/env bash
# Build the one-folder program and start it as an officer would, without the source checkout's
# Python: `--version`, then the window on a fresh data folder (under Xvfb), then `demo`, then
# an HTML trip report (the templates in the bundle).
#     packaging/check_build.sh            (needs: apt-get install xvfb; pip install -e '.[package]')
# SKIP_BUILD=1 checks an existing dist/tracker.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-$root/.venv/bin/python}"
app="$root/dist/tracker/tracker"
[[ "$(uname)" == MINGW* || "$(uname)" == MSYS* ]] && app="$app.exe"

started=$SECONDS
if [[ -z "${SKIP_BUILD:-}" ]]; then
    "$python" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
        packaging/tracker.spec
fi
echo "build: $((SECONDS - started)) s, $(du -sh dist/tracker | cut -f1)"

tmp="$(mktemp -d)"
xvfb_pid=""
app_pid=""
cleanup() {
    [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
    # A program still closing may write its settings while the folder goes: retry, never fail.
    rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp" 2>/dev/null; } || true
}
trap cleanup EXIT
# Nothing from the checkout or a Python installation may help the built program.
clean_env=(env -i HOME="$tmp/home" LANG=C.UTF-8 TRACKER_DATA_DIR="$tmp/data" TRACKER_LOG_DIR="$tmp/log")
run() { "${clean_env[@]}" "$@"; }

version="$(run "$app" --version)"
[[ "$version" == "tracker "* ]] || { echo "FAIL --version printed: $version" >&2; exit 1; }
echo "ok: $version"

display=":$((200 + $$ % 500))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
# Started directly (not through the run function, whose subshell would take the signal while the
# program kept running and writing into $tmp).
"${clean_env[@]}" DISPLAY="$display" "$app" --lang ko >"$tmp/window.out" 2>&1 &
app_pid=$!
for _ in $(seq 120); do
    grep -q "main window shown" "$tmp/log/tracker.log" 2>/dev/null && break
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.5
done
if ! grep -q "main window shown" "$tmp/log/tracker.log" 2>/dev/null; then
    echo "FAIL: the window did not open" >&2
    cat "$tmp/window.out" "$tmp/log/tracker.log" >&2 2>/dev/null || true
    exit 1
fi
if grep -E "ERROR|CRITICAL|Traceback" "$tmp/log/tracker.log"; then
    echo "FAIL: errors in the log while the window opened" >&2
    exit 1
fi
[[ -f "$tmp/data/tracker.sqlite3" ]] || { echo "FAIL: no database in the fresh data folder" >&2; exit 1; }
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
echo "ok: the window opened on a fresh data folder"

run "$app" demo | tail -1
trips="$(run "$app" check | grep -E '^  trips: ' || true)"
[[ "$trips" =~ trips:\ [1-9] ]] || { echo "FAIL: demo loaded no trips ($trips)" >&2; exit 1; }
echo "ok: demo loaded ($trips)"

# The pages and the HTML report are templates read from the bundle's resources at run time.
run "$app" report --trip G7 "$tmp/report.html" >/dev/null
grep -q '<h2 class="section" id="section-' "$tmp/report.html" \
    || { echo "FAIL: the HTML report has no sections (templates missing from the build?)" >&2; exit 1; }
echo "ok: HTML report written from the bundled templates"
echo "packaged program checked in $((SECONDS - started)) s"
