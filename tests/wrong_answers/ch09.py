"""Plausible wrong answers for the Chapter 9 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('params', 'no-biases',
          why='The biases are forgotten.',
          replace={'attention = 4 * d * d + (4 * d if bias else 0)': 'attention = 4 * d * d',
                  'feed_forward = 2 * d * d_ff + (d_ff + d if bias else 0)':
                   'feed_forward = 2 * d * d_ff'}),
    Wrong('params', 'no-layer-norms',
          why='The layer norms are forgotten.',
          replace={'norms = 2 * (2 * d if bias else d)': 'norms = 0'}),
    Wrong('params', 'norms-keep-their-shift-without-bias',
          why='The layer norms keep their shift without bias.',
          replace={'norms = 2 * (2 * d if bias else d)': 'norms = 4 * d'}),
    Wrong('params', 'feed-forward-assumed-4d',
          why='The feed-forward width is assumed to be 4d.',
          replace={'feed_forward = 2 * d * d_ff + (d_ff + d if bias else 0)':
                   'feed_forward = 8 * d * d + (5 * d if bias else 0)'}),
    Wrong('params', 'one-layer-norm',
          why='Only one layer norm is counted.',
          replace={'norms = 2 * (2 * d if bias else d)': 'norms = 2 * d if bias else d'}),
    Wrong('flops', 'multiply-adds-not-flops',
          why='Multiply-adds are counted instead of flops.',
          replace={'dense = 4 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)':
                   'dense = 4 * n * d * d + 2 * n * d * d_ff',
                  'attention = 2 * (2 * n * n * d)': 'attention = 2 * n * n * d'}),
    Wrong('flops', 'scores-only',
          why='Only the scores are counted in attention.',
          replace={'attention = 2 * (2 * n * n * d)': 'attention = 2 * n * n * d'}),
    Wrong('flops', 'no-output-projection',
          why='The output projection is forgotten.',
          replace={'dense = 4 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)':
                   'dense = 3 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)'}),
    Wrong('flops', 'feed-forward-assumed-4d',
          why='The feed-forward width is assumed to be 4d.',
          replace={'dense = 4 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)': 'dense = 24 * n * d * d'}),
    Wrong('flops', 'attention-d-squared',
          why='Attention is counted as d squared.',
          replace={'attention = 2 * (2 * n * n * d)': 'attention = 4 * n * d * d'}),
    Wrong('share', 'ratio-not-share',
          why='The ratio is returned instead of the share.',
          replace={'return attention / (dense + attention)': 'return attention / dense'}),
    Wrong('share', 'crossover-always-6d',
          why='The crossover is always 6d.',
          replace={'return 2 * d + d_ff': 'return 6 * d'}),
    Wrong('share', 'crossover-feed-forward-only',
          why='The crossover counts only the feed-forward.',
          replace={'return 2 * d + d_ff': 'return d_ff'}),
    Wrong('share', 'share-assumes-4d',
          why='The share assumes d_ff = 4d.',
          replace={'return attention / (dense + attention)': 'return n / (6 * d + n)'}),
    Wrong('decode', 'attention-recomputed',
          why='Attention is recomputed for all tokens.',
          replace={'attention = 2 * (2 * t * d)': 'attention = 2 * (2 * t * t * d)'}),
    Wrong('decode', 'projections-recomputed',
          why='Projections are recomputed for all tokens.',
          replace={'dense = 4 * (2 * d * d) + 2 * (2 * d * d_ff)':
                   'dense = t * (4 * (2 * d * d) + 2 * (2 * d * d_ff))'}),
    Wrong('decode', 'new-key-and-value-not-projected',
          why='The new key and value are not projected.',
          replace={'dense = 4 * (2 * d * d) + 2 * (2 * d * d_ff)':
                   'dense = 2 * (2 * d * d) + 2 * (2 * d * d_ff)'}),
    Wrong('decode', 'scores-only',
          why='Only the scores are counted.',
          replace={'attention = 2 * (2 * t * d)': 'attention = 2 * t * d'}),
    Wrong('decode', 'own-key-not-attended',
          why='The own key is not attended.',
          replace={'attention = 2 * (2 * t * d)': 'attention = 4 * (t - 1) * d'}),
    Wrong('kvcache', 'grouping-ignored',
          why='Grouped-query attention is ignored.',
          replace={'kv_heads = config.get("num_key_value_heads", config["num_attention_heads"])':
                   'kv_heads = config["num_attention_heads"]'}),
    Wrong('kvcache', 'keys-only',
          why='Only keys are counted.',
          replace={'per_layer = 2 * batch * kv_heads * seq_len * head_dim':
                   'per_layer = batch * kv_heads * seq_len * head_dim'}),
    Wrong('kvcache', 'assumes-float16',
          why='float16 is assumed.',
          replace={'return config["num_hidden_layers"] * per_layer * dtype.itemsize':
                   'return config["num_hidden_layers"] * per_layer * 2'}),
    Wrong('kvcache', 'head-dim-key-ignored',
          why='The head_dim key is ignored.',
          replace={'head_dim = config.get("head_dim", config["hidden_size"] // config["num_attention_heads"])':
                   'head_dim = config["hidden_size"] // config["num_attention_heads"]'}),
    Wrong('kvcache', 'one-layer',
          why='Only one layer is counted.',
          replace={'return config["num_hidden_layers"] * per_layer * dtype.itemsize':
                   'return per_layer * dtype.itemsize'}),
    Wrong('kvcache', 'bits-not-bytes',
          why='Bits are counted instead of bytes.',
          replace={'return config["num_hidden_layers"] * per_layer * dtype.itemsize':
                   'return config["num_hidden_layers"] * per_layer * dtype.itemsize * 8'}),
]
