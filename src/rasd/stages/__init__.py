"""Pipeline stages, one module each, each exposing NAME, VERSION, REQUIRES, PROVIDES and run(doc, ctx)."""
