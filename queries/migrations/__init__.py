"""Alembic migrations: ``app/`` for the app store, ``trade/`` for the trade schema on
PostgreSQL (``queries/appstore.py`` runs them; ``export-monitor db upgrade``)."""
