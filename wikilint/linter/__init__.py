"""The engine: sources → dialect front ends → Document → rules → findings → reporters. No rule knowledge here."""
