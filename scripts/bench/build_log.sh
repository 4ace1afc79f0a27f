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

# The median of the numbers given.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
