# Helpers the build benchmarks share (sourced, not run): reading the engine's
# build log as kiln and the docker CLI print it, and a median.

# The images a build log says it committed, one per stage: the last step of the
# stage that did not come from the cache (the result, a failed build's last good
# step, an earlier stage's last image, which no later stage has as a parent).
created_images() {
  awk '
    function flush() { if (last != "") print last; last = "" }
    /Step [0-9]+\/[0-9]+ ?:/ { if ($0 ~ /Step [0-9]+\/[0-9]+ ?: *FROM /) { flush(); from = 1 } else from = 0; cached = 0; next }
    /---> Using cache/ { cached = 1; next }
    /---> [0-9a-f]+$/ { if (!cached && !from) last = $NF; next }
    END { flush() }' "$1"
}
remember() { local id; while read -r id; do images+=("$id"); done < <(created_images "$1"); }

# remove_built_images TAG...: our tags first; then each image our builds committed
# (recorded by `remember`) that no tag holds any more (the ones retagging left
# dangling, earlier stages, a failed build's last step). `docker rmi` then prunes
# the untagged parents no other image uses; an image someone else tags or builds
# on is left alone. Needs $docker_cli.
remove_built_images() {
  "$docker_cli" rmi "$@" >/dev/null 2>&1 || true
  local id
  for id in $(printf '%s\n' "${images[@]}" | sort -u); do
    [ "$("$docker_cli" image inspect -f '{{len .RepoTags}}' "$id" 2>/dev/null)" = 0 ] &&
      { "$docker_cli" rmi "$id" >/dev/null 2>&1 || true; }
  done
}

# The median of the numbers given.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
