"""newscorpus: turn page dumps of Chinese government newspapers into a queryable corpus."""
__version__ = "0.1.0"
