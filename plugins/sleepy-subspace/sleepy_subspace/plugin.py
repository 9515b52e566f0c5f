"""The plugin's entry point (``sleepy = subspace``). Imports nothing heavy.

No strategy is registered yet: the subspace math (``sleepy_subspace.basis`` and friends) exists and is
tested, but no consolidator trains with it, so offering one by name would be a promise nobody keeps.
The ``share``, ``uwsh``, ``olora``, ``mean_adapter`` and ``random_basis`` consolidators will be added
here through ``sleepy_register_consolidators``.
"""

from __future__ import annotations
