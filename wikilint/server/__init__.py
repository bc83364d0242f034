"""``wikilint server``: the Language Server Protocol over stdio, on pygls.

``positions`` converts code-point offsets to the client's position encoding, ``diagnostics``
turns Findings into LSP diagnostics, ``actions`` builds code actions, ``docs`` renders a
rule's documentation, ``projects`` finds and reloads a document's configuration,
``workers`` lints in supervised processes, and ``app`` wires them to pygls.
"""
