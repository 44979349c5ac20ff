"""SocialGuard: an NHS social media policy, as software."""

import os

# The checker's matrices are small (one text's windows against the judgment heads) and
# its parallelism is its own (model lanes, worker processes): OpenBLAS threads per
# matmul only fight those for the cores. Set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
