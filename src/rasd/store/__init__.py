"""The event store: schema, migrations, repository functions, ingestion (SQLite by default, PostgreSQL by URL)."""
