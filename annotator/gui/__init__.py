"""The PySide6 desktop application: a thin layer of views, models and undo commands."""
