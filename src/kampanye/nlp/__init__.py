"""Indonesian text for the online war: normalisation, queries, sentiment, issues (no Django).

>>> from kampanye.nlp import normalize, QueryMatcher, default_model
>>> normalize("Gw gak suka bangeeet")
'saya tidak suka banget'
"""

from kampanye.nlp._attribution import (
    CONTRAST_WORDS,
    Attribution,
    SentimentRows,
    attribute_rows,
    attribute_sentiment,
    split_clauses,
)
from kampanye.nlp._corpus import (
    LABELS,
    CorpusError,
    LabelledTexts,
    canonical_label,
    political_posts_path,
    pool_labels_path,
    read_labelled,
    read_political,
    read_pool_labels,
    read_prdect,
    read_smsa,
    shared_data_dir,
)
from kampanye.nlp._issues import Issue, IssueDetector, IssueLexiconError, load_issues
from kampanye.nlp._language import LanguageGuess, detect_language, detect_languages
from kampanye.nlp._matcher import QueryMatcher, prepare_for_matching
from kampanye.nlp._metrics import ClassScore, Evaluation, evaluate
from kampanye.nlp._normalize import LexiconError, Normalizer, load_lexicon, normalize, tokenize
from kampanye.nlp._query import (
    And,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Term,
    format_query,
    parse_query,
)
from kampanye.nlp._sentiment import (
    NetSentiment,
    Prediction,
    SentimentModel,
    default_model,
    net_sentiment,
    shipped_model_path,
)
from kampanye.nlp._training import MIN_HOLDOUT, TrainingResult, Trial, train_sentiment

__all__ = [
    "CONTRAST_WORDS",
    "LABELS",
    "MIN_HOLDOUT",
    "And",
    "Attribution",
    "ClassScore",
    "CorpusError",
    "Evaluation",
    "Issue",
    "IssueDetector",
    "IssueLexiconError",
    "LabelledTexts",
    "LanguageGuess",
    "LexiconError",
    "NetSentiment",
    "Node",
    "Normalizer",
    "Not",
    "Or",
    "Prediction",
    "QueryMatcher",
    "QuerySyntaxError",
    "SentimentModel",
    "SentimentRows",
    "Term",
    "TrainingResult",
    "Trial",
    "attribute_rows",
    "attribute_sentiment",
    "canonical_label",
    "default_model",
    "detect_language",
    "detect_languages",
    "evaluate",
    "format_query",
    "load_issues",
    "load_lexicon",
    "net_sentiment",
    "normalize",
    "parse_query",
    "political_posts_path",
    "pool_labels_path",
    "prepare_for_matching",
    "read_labelled",
    "read_political",
    "read_pool_labels",
    "read_prdect",
    "read_smsa",
    "shared_data_dir",
    "shipped_model_path",
    "split_clauses",
    "tokenize",
    "train_sentiment",
]
