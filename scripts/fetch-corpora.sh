#!/usr/bin/env bash
# Lays out the real-code corpora of the corpus suite (test/corpora) in DIR:
# clones each upstream repository at its pinned commit, then adds the
# translation-unit lists and the parsing recipes kept in test/corpora/layout.
#
#   scripts/fetch-corpora.sh DIR [NAME...]     NAME: cppcoro libcoro concurrencpp folly
#
# Then run the suite on them:
#   test/corpora/run_corpora.py --async-tidy build/bin/async-tidy --corpora DIR
# (or set ASYNC_TIDY_CORPORA=DIR for ctest). A repository already at its
# commit in DIR is left as it is. Needs git and network access to the
# repositories; scripts/install-deps.sh installs the packages the corpora
# need to parse. CORPORA_GIT_BASE replaces the repositories' base URL (a
# mirror, or a local directory of clones).
set -euo pipefail

usage() { sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
layout="$root/test/corpora/layout"

(($# >= 1)) || { usage >&2; exit 2; }
case "$1" in -h | --help) usage; exit 0 ;; esac
dir=$1
shift

# name, repository (owner/name), commit: the commits the expectations of the
# corpus suite were triaged at.
corpora=(
  "cppcoro lewissbaker/cppcoro 391215262bd40d68ac6534810164131f5f9eb148"
  "libcoro jbaldwin/libcoro 277467ffdee1d7f04e93c6b4c72689c6c743f567"
  "concurrencpp David-Haim/concurrencpp 7a88f5401e15e1b64acae70077e40df1a5a9f6bf"
  "folly facebook/folly ff98381ea68687a95c6185326db933aa6124d4c5"
)
base=${CORPORA_GIT_BASE:-https://github.com}

wanted=("$@")
known=" cppcoro libcoro concurrencpp folly "
for name in "${wanted[@]}"; do
  [[ $known == *" $name "* ]] || {
    echo "fetch-corpora: unknown corpus '$name' (known:$known)" >&2
    exit 2
  }
done
command -v git >/dev/null || { echo "fetch-corpora: needs git" >&2; exit 1; }
[[ $dir != *" "* ]] || {
  echo "fetch-corpora: DIR must not contain spaces (the TU flags are unquoted)" >&2
  exit 2
}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

for entry in "${corpora[@]}"; do
  read -r name repo commit <<<"$entry"
  if ((${#wanted[@]})) && [[ " ${wanted[*]} " != *" $name "* ]]; then
    continue
  fi
  target="$dir/$name"
  if [[ -d $target/.git ]] &&
    [[ $(git -C "$target" rev-parse HEAD 2>/dev/null) == "$commit" ]]; then
    echo "fetch-corpora: $name is at ${commit:0:12} already"
  else
    echo "fetch-corpora: $name: $base/$repo at ${commit:0:12}"
    rm -rf "$target"
    git init -q "$target"
    git -C "$target" remote add origin "$base/$repo"
    # One commit, no history: folly's is large.
    git -C "$target" fetch -q --depth 1 origin "$commit"
    git -C "$target" -c advice.detachedHead=false checkout -q FETCH_HEAD
  fi
  cp "$layout/$name.tus" "$dir/"
  if [[ -d $layout/recipes/$name ]]; then
    mkdir -p "$dir/recipes"
    cp -R "$layout/recipes/$name" "$dir/recipes/"
  fi
done
cp "$layout/check_parse.sh" "$dir/"
echo "fetch-corpora: done; check that every TU parses with $dir/check_parse.sh"
