"""What the officials kind does with a corpus (reindex/kinds/officials.py), for small written texts."""
from __future__ import annotations

from newscorpus.extract.officials import candidates, choose, closed_elsewhere, drop_words, open_options, people_of
from newscorpus.lexicon import dictionary_words


def decide_people(*texts: str) -> dict:
    """People by id, decided as a reindex decides them: candidates of every text, evidence for the
    options nothing closes looked for in all the texts, names chosen, namesakes kept apart."""
    occurrences = [o for t in texts for o in candidates(t)]
    words = dictionary_words()
    evidence = closed_elsewhere(open_options(drop_words(o, words) for o in occurrences), texts)
    weights = [1] * len(occurrences)
    names = choose(occurrences, weights=weights, words=words, elsewhere=evidence)
    return people_of(occurrences, names, weights)[0]
