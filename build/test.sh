#!/usr/bin/env bash
# Builds, then runs every test: native (ctest) and managed (dotnet test on the solution).
# Ends with one line "N passed, N failed" and exits non-zero if anything failed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
"$REPO_ROOT/build/build.sh"

results="$REPO_ROOT/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0

log "native tests: ctest"
ctest --test-dir "$NATIVE_BUILD_DIR" --output-on-failure --output-junit "$results/ctest.xml" || status=1

# One run per test project, each writing its own named result file (solution-wide runs name them by timestamp).
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  log "managed tests: dotnet test $name"
  dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done

# Count from the result files, not from console text.
sum_attr() { # file-glob attribute
  local total=0 n
  for f in $1; do
    [ -f "$f" ] || continue
    n=$(grep -o "$2=\"[0-9]*\"" "$f" | head -n1 | grep -o '[0-9]*' || echo 0)
    total=$((total + ${n:-0}))
  done
  echo "$total"
}
ctest_tests=$(sum_attr "$results/ctest.xml" tests)
ctest_failed=$(( $(sum_attr "$results/ctest.xml" failures) + $(sum_attr "$results/ctest.xml" errors) ))
dotnet_passed=$(sum_attr "$results/*.trx" passed)
dotnet_failed=$(( $(sum_attr "$results/*.trx" failed) + $(sum_attr "$results/*.trx" error) + $(sum_attr "$results/*.trx" timeout) + $(sum_attr "$results/*.trx" aborted) ))

passed=$((ctest_tests - ctest_failed + dotnet_passed))
failed=$((ctest_failed + dotnet_failed))
[ "$failed" -eq 0 ] || status=1
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1 # a runner that crashed before writing results still fails
echo "native: $((ctest_tests - ctest_failed)) passed, $ctest_failed failed; managed: $dotnet_passed passed, $dotnet_failed failed"
echo "$passed passed, $failed failed"
exit "$status"
