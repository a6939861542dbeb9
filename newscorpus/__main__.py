"""`python -m newscorpus` runs the command line."""
from .cli import main

main()
