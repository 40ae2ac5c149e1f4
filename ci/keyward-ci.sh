#!/bin/sh
# keyward in CI: what the GitHub Action (action.yml) and the GitLab template
# (ci/gitlab/keyward.gitlab-ci.yml) run, in the checked-out repository. Settings come from the
# environment (docs/ci.md):
#
#   KEYWARD_CI_BIN       how to run keyward (default: keyward)
#   KEYWARD_CI_MODE      history (default): the commits of the pushed range, blob by blob;
#                        scan: the checked-out files
#   KEYWARD_CI_SINCE     the range starts after this revision; empty: worked out from
#   KEYWARD_CI_BASE        a pull or merge request's base commit, else
#   KEYWARD_CI_BEFORE      the branch tip before the push (all zeros for a new branch), else
#   KEYWARD_CI_DEFAULT_BRANCH  for a new branch: what origin/<default branch> does not have;
#                        none of them usable: the whole history
#   KEYWARD_CI_BASELINE  baseline file, from the repository root (default: .keyward-baseline.json).
#                        Read as it is at the range's start, not as the pushed commits left it: a
#                        pull request cannot accept its own secret by adding it to the baseline.
#                        .keywardignore and .gitleaksignore are read as at the range's start too
#   KEYWARD_CI_SARIF     write a SARIF 2.1.0 report here (empty: none)
#   KEYWARD_CI_JUNIT     write a JUnit XML report here (empty: none)
#   KEYWARD_CI_PATHS     scan mode: what to scan, split on spaces (default: .)
#   KEYWARD_CI_ARGS      more options for keyward, split on spaces
#   KEYWARD_CI_FAIL_ON_FINDINGS  true (default): new findings fail the job; false: report only
#
# Exit code: keyward's (0 nothing new, 1 new findings, 2 error, 3 incomplete scan), except 0 for
# new findings when KEYWARD_CI_FAIL_ON_FINDINGS is false. The findings, redacted, are printed too.
set -u

bin=${KEYWARD_CI_BIN:-keyward}
mode=${KEYWARD_CI_MODE:-history}
zero=0000000000000000000000000000000000000000

is_commit() { git rev-parse -q --verify "$1^{commit}" >/dev/null 2>&1; }

# The revision the pushed range starts after, or nothing (the whole history).
range_start() {
  if [ -n "${KEYWARD_CI_SINCE:-}" ]; then candidate=$KEYWARD_CI_SINCE
  elif [ -n "${KEYWARD_CI_BASE:-}" ]; then candidate=$KEYWARD_CI_BASE
  elif [ -n "${KEYWARD_CI_BEFORE:-}" ] && [ "$KEYWARD_CI_BEFORE" != "$zero" ]; then candidate=$KEYWARD_CI_BEFORE
  elif [ -n "${KEYWARD_CI_DEFAULT_BRANCH:-}" ]; then candidate=origin/$KEYWARD_CI_DEFAULT_BRANCH
  else return 0
  fi
  if ! is_commit "$candidate"; then
    echo "keyward-ci: $candidate is not in this clone (a shallow checkout, or a force push): scanning the whole history. Fetch the full history (GitHub: fetch-depth: 0; GitLab: GIT_DEPTH: 0) to scan only the pushed range." >&2
    return 0
  fi
  # An empty range (a re-run, a new branch that is the default branch) would pass without
  # scanning anything: never report clean for that, scan everything instead.
  if git merge-base --is-ancestor HEAD "$candidate" 2>/dev/null; then
    echo "keyward-ci: HEAD adds nothing to $candidate: scanning the whole history" >&2
    return 0
  fi
  echo "$candidate"
}

since=$(range_start)

# Files read as the range's start has them (the baseline and the ignore files) go here.
trusted_dir=
trusted_tmp() {
  if [ -z "$trusted_dir" ]; then
    trusted_dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/keyward-ci.XXXXXX") || exit 2
    trap 'rm -rf "$trusted_dir"' EXIT
  fi
}

# The baseline as the range's start has it: already on the target branch (reviewed). Without a
# range start, the checked-out one (keyward's own default). Appends to "$@".
trusted_baseline() {
  file=${KEYWARD_CI_BASELINE:-.keyward-baseline.json}
  if [ -z "$since" ]; then
    if [ -n "${KEYWARD_CI_BASELINE:-}" ]; then baseline_args="--baseline $file"; fi
    return 0
  fi
  if git cat-file -e "$since:$file" 2>/dev/null; then
    trusted_tmp
    trusted=$trusted_dir/baseline.json
    git show "$since:$file" >"$trusted" || exit 2
    baseline_args="--baseline $trusted"
    echo "keyward-ci: baseline: $file as of $since (changes the pushed commits make to it do not count)" >&2
  else
    baseline_args=--no-baseline
    echo "keyward-ci: no $file at $since: no baseline" >&2
  fi
}
baseline_args=
trusted_baseline

# .keywardignore and .gitleaksignore likewise: as the range's start has them (none if it has
# none), so a pull request cannot ignore its own secret. Without a range start, the checkout's.
trusted_ignores() {
  [ -n "$since" ] || return 0
  trusted_tmp
  mkdir "$trusted_dir/ignores" || exit 2
  for f in .keywardignore .gitleaksignore; do
    if git cat-file -e "$since:$f" 2>/dev/null; then
      git show "$since:$f" >"$trusted_dir/ignores/$f" || exit 2
      echo "keyward-ci: $f as of $since (changes the pushed commits make to it do not count)" >&2
    fi
  done
  baseline_args="$baseline_args --ignores-from $trusted_dir/ignores"
}
trusted_ignores

case "$mode" in
  history)
    # Only what HEAD holds: a full clone also has other branches' commits.
    set -- history --branch HEAD
    if [ -n "$since" ]; then
      set -- "$@" --since "$since"
      echo "keyward-ci: scanning the commits of HEAD after $since" >&2
    fi
    ;;
  scan)
    # shellcheck disable=SC2086 # paths are split on spaces on purpose
    set -- scan ${KEYWARD_CI_PATHS:-.}
    ;;
  *)
    echo "keyward-ci: KEYWARD_CI_MODE must be history or scan, not \"$mode\"" >&2
    exit 2
    ;;
esac
# shellcheck disable=SC2086 # a temporary path without spaces, and the user's options split on spaces
set -- "$@" $baseline_args ${KEYWARD_CI_ARGS:-}

# The reports first; with history, each run after the first reads the cache the first wrote.
code=
for report in "sarif:${KEYWARD_CI_SARIF:-}" "junit:${KEYWARD_CI_JUNIT:-}"; do
  format=${report%%:*}
  file=${report#*:}
  [ -n "$file" ] || continue
  # shellcheck disable=SC2086
  $bin "$@" --format "$format" --output "$file"
  status=$?
  if [ "$status" -eq 2 ]; then exit 2; fi
  code=${code:-$status}
done
# The findings in the job's log (redacted): the only run when no report is asked for, else only
# when there are new findings to show (the report runs printed their summary and warnings).
if [ -z "$code" ] || [ "$code" -eq 1 ]; then
  # shellcheck disable=SC2086
  $bin "$@" --format text
  status=$?
  code=${code:-$status}
fi
if [ "$code" -eq 1 ] && [ "${KEYWARD_CI_FAIL_ON_FINDINGS:-true}" = false ]; then
  echo "keyward-ci: new findings, not failing (fail-on-findings is false)" >&2
  exit 0
fi
exit "$code"
