"""Plausible wrong answers for the Chapter 9 lab; each must lose points when graded."""
WRONG_ANSWERS = {
    'params': {
        'no-biases': '''def parameter_count(d, d_ff, bias=True):
    """Parameters of nn.TransformerEncoderLayer(d, heads, dim_feedforward=d_ff, bias=bias), an int.

    d: model width; d_ff: inner width of the feed-forward network. Independent of the number of heads.
    """
    attention = 4 * d * d
    feed_forward = 2 * d * d_ff
    norms = 2 * (2 * d if bias else d)
    return attention + feed_forward + norms
''',
        'no-layer-norms': '''def parameter_count(d, d_ff, bias=True):
    """Parameters of nn.TransformerEncoderLayer(d, heads, dim_feedforward=d_ff, bias=bias), an int.

    d: model width; d_ff: inner width of the feed-forward network. Independent of the number of heads.
    """
    attention = 4 * d * d + (4 * d if bias else 0)
    feed_forward = 2 * d * d_ff + (d_ff + d if bias else 0)
    norms = 0
    return attention + feed_forward + norms
''',
        'norms-keep-their-shift-without-bias': '''def parameter_count(d, d_ff, bias=True):
    """Parameters of nn.TransformerEncoderLayer(d, heads, dim_feedforward=d_ff, bias=bias), an int.

    d: model width; d_ff: inner width of the feed-forward network. Independent of the number of heads.
    """
    attention = 4 * d * d + (4 * d if bias else 0)
    feed_forward = 2 * d * d_ff + (d_ff + d if bias else 0)
    norms = 4 * d
    return attention + feed_forward + norms
''',
        'feed-forward-assumed-4d': '''def parameter_count(d, d_ff, bias=True):
    """Parameters of nn.TransformerEncoderLayer(d, heads, dim_feedforward=d_ff, bias=bias), an int.

    d: model width; d_ff: inner width of the feed-forward network. Independent of the number of heads.
    """
    attention = 4 * d * d + (4 * d if bias else 0)
    feed_forward = 8 * d * d + (5 * d if bias else 0)
    norms = 2 * (2 * d if bias else d)
    return attention + feed_forward + norms
''',
        'one-layer-norm': '''def parameter_count(d, d_ff, bias=True):
    """Parameters of nn.TransformerEncoderLayer(d, heads, dim_feedforward=d_ff, bias=bias), an int.

    d: model width; d_ff: inner width of the feed-forward network. Independent of the number of heads.
    """
    attention = 4 * d * d + (4 * d if bias else 0)
    feed_forward = 2 * d * d_ff + (d_ff + d if bias else 0)
    norms = 2 * d if bias else d
    return attention + feed_forward + norms
''',
    },
    'flops': {
        'multiply-adds-not-flops': '''def layer_flops(n, d, d_ff):
    """Flops of one encoder layer on one sequence of n tokens, matrix products only.

    Returns (dense, attention): dense = the Q, K, V and output projections and the feed-forward
    network; attention = Q K^T and A V over all heads. Python ints.
    """
    dense = 4 * n * d * d + 2 * n * d * d_ff
    attention = 2 * n * n * d
    return dense, attention
''',
        'scores-only': '''def layer_flops(n, d, d_ff):
    """Flops of one encoder layer on one sequence of n tokens, matrix products only.

    Returns (dense, attention): dense = the Q, K, V and output projections and the feed-forward
    network; attention = Q K^T and A V over all heads. Python ints.
    """
    dense = 4 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)
    attention = 2 * n * n * d
    return dense, attention
''',
        'no-output-projection': '''def layer_flops(n, d, d_ff):
    """Flops of one encoder layer on one sequence of n tokens, matrix products only.

    Returns (dense, attention): dense = the Q, K, V and output projections and the feed-forward
    network; attention = Q K^T and A V over all heads. Python ints.
    """
    dense = 3 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)
    attention = 2 * (2 * n * n * d)
    return dense, attention
''',
        'feed-forward-assumed-4d': '''def layer_flops(n, d, d_ff):
    """Flops of one encoder layer on one sequence of n tokens, matrix products only.

    Returns (dense, attention): dense = the Q, K, V and output projections and the feed-forward
    network; attention = Q K^T and A V over all heads. Python ints.
    """
    dense = 24 * n * d * d
    attention = 2 * (2 * n * n * d)
    return dense, attention
''',
        'attention-d-squared': '''def layer_flops(n, d, d_ff):
    """Flops of one encoder layer on one sequence of n tokens, matrix products only.

    Returns (dense, attention): dense = the Q, K, V and output projections and the feed-forward
    network; attention = Q K^T and A V over all heads. Python ints.
    """
    dense = 4 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)
    attention = 4 * n * d * d
    return dense, attention
''',
    },
    'share': {
        'ratio-not-share': '''def attention_share(n, d, d_ff):
    """Fraction of one layer's flops spent in attention, for n tokens: a float in [0, 1)."""
    dense, attention = layer_flops(n, d, d_ff)
    return attention / dense


def crossover_length(d, d_ff):
    """The sequence length n > 0 at which attention does exactly half of a layer's flops."""
    return 2 * d + d_ff
''',
        'crossover-always-6d': '''def attention_share(n, d, d_ff):
    """Fraction of one layer's flops spent in attention, for n tokens: a float in [0, 1)."""
    dense, attention = layer_flops(n, d, d_ff)
    return attention / (dense + attention)


def crossover_length(d, d_ff):
    """The sequence length n > 0 at which attention does exactly half of a layer's flops."""
    return 6 * d
''',
        'crossover-feed-forward-only': '''def attention_share(n, d, d_ff):
    """Fraction of one layer's flops spent in attention, for n tokens: a float in [0, 1)."""
    dense, attention = layer_flops(n, d, d_ff)
    return attention / (dense + attention)


def crossover_length(d, d_ff):
    """The sequence length n > 0 at which attention does exactly half of a layer's flops."""
    return d_ff
''',
        'share-assumes-4d': '''def attention_share(n, d, d_ff):
    """Fraction of one layer's flops spent in attention, for n tokens: a float in [0, 1)."""
    dense, attention = layer_flops(n, d, d_ff)
    return n / (6 * d + n)


def crossover_length(d, d_ff):
    """The sequence length n > 0 at which attention does exactly half of a layer's flops."""
    return 2 * d + d_ff
''',
    },
    'decode': {
        'attention-recomputed': '''def decode_step_flops(t, d, d_ff):
    """Flops of one cached decoding step of an encoder layer: the t-th token attends over t keys.

    Returns (dense, attention) as in layer_flops, for that one token. Python ints.
    """
    dense = 4 * (2 * d * d) + 2 * (2 * d * d_ff)
    attention = 2 * (2 * t * t * d)
    return dense, attention
''',
        'projections-recomputed': '''def decode_step_flops(t, d, d_ff):
    """Flops of one cached decoding step of an encoder layer: the t-th token attends over t keys.

    Returns (dense, attention) as in layer_flops, for that one token. Python ints.
    """
    dense = t * (4 * (2 * d * d) + 2 * (2 * d * d_ff))
    attention = 2 * (2 * t * d)
    return dense, attention
''',
        'new-key-and-value-not-projected': '''def decode_step_flops(t, d, d_ff):
    """Flops of one cached decoding step of an encoder layer: the t-th token attends over t keys.

    Returns (dense, attention) as in layer_flops, for that one token. Python ints.
    """
    dense = 2 * (2 * d * d) + 2 * (2 * d * d_ff)
    attention = 2 * (2 * t * d)
    return dense, attention
''',
        'scores-only': '''def decode_step_flops(t, d, d_ff):
    """Flops of one cached decoding step of an encoder layer: the t-th token attends over t keys.

    Returns (dense, attention) as in layer_flops, for that one token. Python ints.
    """
    dense = 4 * (2 * d * d) + 2 * (2 * d * d_ff)
    attention = 2 * t * d
    return dense, attention
''',
        'own-key-not-attended': '''def decode_step_flops(t, d, d_ff):
    """Flops of one cached decoding step of an encoder layer: the t-th token attends over t keys.

    Returns (dense, attention) as in layer_flops, for that one token. Python ints.
    """
    dense = 4 * (2 * d * d) + 2 * (2 * d * d_ff)
    attention = 4 * (t - 1) * d
    return dense, attention
''',
    },
    'kvcache': {
        'grouping-ignored': '''def kv_cache_bytes(config, batch, seq_len, dtype):
    """Bytes of the keys and values cached by every layer, for batch sequences of seq_len tokens.

    config: dict with num_hidden_layers, hidden_size, num_attention_heads, and optionally
    num_key_value_heads and head_dim (see the table). dtype: a torch.dtype. Returns an int.
    """
    kv_heads = config["num_attention_heads"]
    head_dim = config.get("head_dim", config["hidden_size"] // config["num_attention_heads"])
    per_layer = 2 * batch * kv_heads * seq_len * head_dim
    return config["num_hidden_layers"] * per_layer * dtype.itemsize
''',
        'keys-only': '''def kv_cache_bytes(config, batch, seq_len, dtype):
    """Bytes of the keys and values cached by every layer, for batch sequences of seq_len tokens.

    config: dict with num_hidden_layers, hidden_size, num_attention_heads, and optionally
    num_key_value_heads and head_dim (see the table). dtype: a torch.dtype. Returns an int.
    """
    kv_heads = config.get("num_key_value_heads", config["num_attention_heads"])
    head_dim = config.get("head_dim", config["hidden_size"] // config["num_attention_heads"])
    per_layer = batch * kv_heads * seq_len * head_dim
    return config["num_hidden_layers"] * per_layer * dtype.itemsize
''',
        'assumes-float16': '''def kv_cache_bytes(config, batch, seq_len, dtype):
    """Bytes of the keys and values cached by every layer, for batch sequences of seq_len tokens.

    config: dict with num_hidden_layers, hidden_size, num_attention_heads, and optionally
    num_key_value_heads and head_dim (see the table). dtype: a torch.dtype. Returns an int.
    """
    kv_heads = config.get("num_key_value_heads", config["num_attention_heads"])
    head_dim = config.get("head_dim", config["hidden_size"] // config["num_attention_heads"])
    per_layer = 2 * batch * kv_heads * seq_len * head_dim
    return config["num_hidden_layers"] * per_layer * 2
''',
        'head-dim-key-ignored': '''def kv_cache_bytes(config, batch, seq_len, dtype):
    """Bytes of the keys and values cached by every layer, for batch sequences of seq_len tokens.

    config: dict with num_hidden_layers, hidden_size, num_attention_heads, and optionally
    num_key_value_heads and head_dim (see the table). dtype: a torch.dtype. Returns an int.
    """
    kv_heads = config.get("num_key_value_heads", config["num_attention_heads"])
    head_dim = config["hidden_size"] // config["num_attention_heads"]
    per_layer = 2 * batch * kv_heads * seq_len * head_dim
    return config["num_hidden_layers"] * per_layer * dtype.itemsize
''',
        'one-layer': '''def kv_cache_bytes(config, batch, seq_len, dtype):
    """Bytes of the keys and values cached by every layer, for batch sequences of seq_len tokens.

    config: dict with num_hidden_layers, hidden_size, num_attention_heads, and optionally
    num_key_value_heads and head_dim (see the table). dtype: a torch.dtype. Returns an int.
    """
    kv_heads = config.get("num_key_value_heads", config["num_attention_heads"])
    head_dim = config.get("head_dim", config["hidden_size"] // config["num_attention_heads"])
    per_layer = 2 * batch * kv_heads * seq_len * head_dim
    return per_layer * dtype.itemsize
''',
        'bits-not-bytes': '''def kv_cache_bytes(config, batch, seq_len, dtype):
    """Bytes of the keys and values cached by every layer, for batch sequences of seq_len tokens.

    config: dict with num_hidden_layers, hidden_size, num_attention_heads, and optionally
    num_key_value_heads and head_dim (see the table). dtype: a torch.dtype. Returns an int.
    """
    kv_heads = config.get("num_key_value_heads", config["num_attention_heads"])
    head_dim = config.get("head_dim", config["hidden_size"] // config["num_attention_heads"])
    per_layer = 2 * batch * kv_heads * seq_len * head_dim
    return config["num_hidden_layers"] * per_layer * dtype.itemsize * 8
''',
    },
}
