def index_enterprises(arts, lexicon):
    return [], [], []
