"""Storage: SQLAlchemy 2 typed ORM tables, the engine and session factory, and the repositories' queries."""
