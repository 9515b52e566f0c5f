"""sleepy-subspace: consolidation in a shared low-rank subspace (Share, UWSH, O-LoRA and controls).

Only light names are re-exported, so loading the plugin never imports torch; the math lives in
``sleepy_subspace.basis``, ``.layer``, ``.uwsh``, ``.olora``, ``.controls`` and ``.materialize``.
"""

from sleepy_subspace.errors import SubspaceError

__all__ = ["SubspaceError"]
