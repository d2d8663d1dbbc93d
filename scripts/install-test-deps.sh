#!/usr/bin/env bash
# System tools the test suite drives for real: headless Chromium (browser e2e), Graphviz
# (parses exported DOT) and the Argdown CLI (parses exported Argdown). Idempotent; tests that
# need a tool skip with a reason when it could not be installed.
set -u
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null 2>&1 \
    || echo "warning: could not install ${need_apt[*]}; tests needing them will skip" >&2
fi
if ! command -v argdown >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO npm install -g --silent @argdown/cli >/dev/null 2>&1 \
    || echo "warning: could not install @argdown/cli; the Argdown export test will skip" >&2
fi
exit 0
