def index_phrases(arts, lexicon, jobs=None):
    return [], []
