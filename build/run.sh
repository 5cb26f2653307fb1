#!/usr/bin/env bash
# Builds everything, then runs the main job: report the native engine and inspect a model.
# Default model: ../shared/models/stories260K.gguf; pass another GGUF path (and flags) to override.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
"$REPO_ROOT/build/build.sh"

fastchat="$REPO_ROOT/src/FastChat.Cli/bin/$CONFIGURATION/net10.0/fastchat.dll"
model="${1:-$REPO_ROOT/../shared/models/stories260K.gguf}"
shift || true

log "fastchat info"
dotnet "$fastchat" info
log "fastchat inspect $model $*"
dotnet "$fastchat" inspect "$model" "$@"
