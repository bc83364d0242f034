"""Text knowledge that is neither engine nor rule: Chinese scripts and their conversion,
regional vocabulary. Pure functions over strings; nothing here knows a Document or a rule."""
