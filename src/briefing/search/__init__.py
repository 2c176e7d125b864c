"""The search index the search page loads, and the word rules it and search.js share."""

import os

# numpy's OpenBLAS starts worker threads on import that spin for about a tenth of a second of CPU before they
# sleep. The search index multiplies no matrices, and on two cores that spinning is taken from the build.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
