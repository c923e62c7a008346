"""Thin MkDocs plugins over Committed's core. The only package that imports MkDocs."""
