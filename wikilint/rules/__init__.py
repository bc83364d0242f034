"""Built-in rule plugins, one module per family.

Each module exposes ``RULES``; the package's ``wikilint.rules`` entry points name them, the
same way a third-party package registers its own.
"""
