"""The project store: one SQLite file is one project. The only place in the program with SQL.

Every public write runs in one transaction and returns a `Changes` record (see
`annotator.core.model`); on return the change is committed to disk (WAL journal). Reads hand
out immutable records (named tuples). Offsets are Unicode code points into the stored article
text, end exclusive, and every stored span keeps its text beside its offsets.

The methods live in small mixins by domain (`articles`, `annotations`, `speakers`,
`categories`); `Store` puts them together with opening, closing and settings.
"""

from annotator.core.store.base import ProjectError, StoreError, default_db_path
from annotator.core.store.store import Store

__all__ = ["ProjectError", "Store", "StoreError", "default_db_path"]
