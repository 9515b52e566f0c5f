"""`sleepy dashboard`: a read-only Streamlit app over a run's episode store (extra: `sleepy-coder[dashboard]`).

Importing this package does not import streamlit; only the app script does.
"""

from pathlib import Path

from sleepy.dashboard.readonly import ReadOnlyStore, open_read_only, run_dir_from

APP_SCRIPT = Path(__file__).with_name("app.py")

__all__ = ["APP_SCRIPT", "ReadOnlyStore", "open_read_only", "run_dir_from"]
