"""Pages and fragments rendered from the knowledge base through Jinja2 templates.

Each module returns Markdown (with raw HTML blocks built from escaped values) for one kind of
page; nothing here imports a site generator, so a command-line step can produce the same pages.
"""
