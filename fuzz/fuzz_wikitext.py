"""atheris harness for the wikitext front end and every rule (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("wikitext")
