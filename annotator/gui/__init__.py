"""The PySide6 desktop application: a thin layer of views, models and undo commands.

``app.run_app(db_path)`` starts it.  The pieces:

* ``session`` - ProjectSession: the Store, the QUndoStack, the annotator, ``changed(Changes)``
* ``commands`` - one QUndoCommand per kind of change, calling store functions both ways
* ``main_window`` / ``actions`` - the window, its docks, menus and keyboard actions
* ``article_view`` / ``highlighter`` / ``offsets`` / ``theme`` - the text and its marks
* ``tagging`` / ``pickers`` - Q, C, digits, E, Delete, suggestions; the speaker/category pickers
* ``models`` / ``article_list_panel`` / ``annotations_panel`` / ``registry_panels`` /
  ``metadata_header`` - lists, trees and editors over the store
* ``import_export`` - imports in a worker thread with progress and a report; JSON export
* ``screenshots`` / ``benchmark`` - ``python -m annotator.gui.screenshots OUTDIR``,
  ``python -m annotator.gui.benchmark``
"""
