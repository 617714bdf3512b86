#!/usr/bin/env bash
# The booth demo (issue 6). Until the UI lands it says so and fails honestly.
echo "gradbooth demo: the booth UI is not built yet (issue 6)" >&2
exit 3
