"""atheris harness for the Markdown front end and every rule (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("markdown")
