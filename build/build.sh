#!/usr/bin/env bash
# Builds libfastchat (CMake, with native unit tests) and every .NET project, in Release.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

log "native: cmake configure + build ($NATIVE_BUILD_DIR)"
cmake -S native -B "$NATIVE_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$NATIVE_BUILD_DIR" --parallel

log "managed: dotnet build FastChat.Native.sln -c $CONFIGURATION"
dotnet build FastChat.Native.sln -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly
