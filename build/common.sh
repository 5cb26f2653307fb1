# Sourced by the build scripts: repository paths and small helpers.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NATIVE_BUILD_DIR="$REPO_ROOT/artifacts/native"
CONFIGURATION="${CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '\n==> %s\n' "$*" >&2; }
