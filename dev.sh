#!/usr/bin/env bash
# VitalDesk set-up entry point.
#   ./dev.sh run    install what is missing, build, start VitalDesk on the demo practice
#   ./dev.sh test   install what is missing, build, run the whole test suite
# Re-running is quick: nothing is reinstalled and the build is incremental.
set -euo pipefail
cd "$(dirname "$0")"

command=${1:-run}
shift || true

packaging/install-deps.sh

# CI builds with warnings as errors; everybody else with the development preset.
preset=dev
if [ -n "${CI:-}" ]; then
    preset=ci
fi

if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    cmake --preset "$preset"
fi
cmake --build --preset "$preset"

case "$command" in
run)
    exec "build/$preset/app/gui/vitaldesk" "$@"
    ;;
test)
    exec ctest --preset "$preset" -j "$(nproc)" "$@"
    ;;
*)
    echo "usage: ./dev.sh run|test" >&2
    exit 2
    ;;
esac
