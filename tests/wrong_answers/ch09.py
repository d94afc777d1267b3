"""Plausible wrong answers for the Chapter 9 lab; each must lose points when graded.

Each answer is the reference answer cell with one or two lines changed: a template per part, the
right lines, and per wrong answer the lines it changes (the names say what is wrong).
"""
PARAMS = '''def parameter_count(d, d_ff, bias=True):
    """Parameters of nn.TransformerEncoderLayer(d, heads, dim_feedforward=d_ff, bias=bias), an int.

    d: model width; d_ff: inner width of the feed-forward network. Independent of the number of heads.
    """
    attention = {attention}
    feed_forward = {feed_forward}
    norms = {norms}
    return attention + feed_forward + norms
'''
PARAMS_RIGHT = dict(attention="4 * d * d + (4 * d if bias else 0)",
                    feed_forward="2 * d * d_ff + (d_ff + d if bias else 0)",
                    norms="2 * (2 * d if bias else d)")

FLOPS = '''def layer_flops(n, d, d_ff):
    """Flops of one encoder layer on one sequence of n tokens, matrix products only.

    Returns (dense, attention): dense = the Q, K, V and output projections and the feed-forward
    network; attention = Q K^T and A V over all heads. Python ints.
    """
    dense = {dense}
    attention = {attention}
    return dense, attention
'''
FLOPS_RIGHT = dict(dense="4 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)", attention="2 * (2 * n * n * d)")

SHARE = '''def attention_share(n, d, d_ff):
    """Fraction of one layer's flops spent in attention, for n tokens: a float in [0, 1)."""
    dense, attention = layer_flops(n, d, d_ff)
    return {share}


def crossover_length(d, d_ff):
    """The sequence length n > 0 at which attention does exactly half of a layer's flops."""
    return {crossover}
'''
SHARE_RIGHT = dict(share="attention / (dense + attention)", crossover="2 * d + d_ff")

DECODE = '''def decode_step_flops(t, d, d_ff):
    """Flops of one cached decoding step of an encoder layer: the t-th token attends over t keys.

    Returns (dense, attention) as in layer_flops, for that one token. Python ints.
    """
    dense = {dense}
    attention = {attention}
    return dense, attention
'''
DECODE_RIGHT = dict(dense="4 * (2 * d * d) + 2 * (2 * d * d_ff)", attention="2 * (2 * t * d)")

KV_CACHE = '''def kv_cache_bytes(config, batch, seq_len, dtype):
    """Bytes of the keys and values cached by every layer, for batch sequences of seq_len tokens.

    config: dict with num_hidden_layers, hidden_size, num_attention_heads, and optionally
    num_key_value_heads and head_dim (see the table). dtype: a torch.dtype. Returns an int.
    """
    kv_heads = {kv_heads}
    head_dim = {head_dim}
    per_layer = {per_layer}
    return {total}
'''
KV_RIGHT = dict(kv_heads='config.get("num_key_value_heads", config["num_attention_heads"])',
                head_dim='config.get("head_dim", config["hidden_size"] // config["num_attention_heads"])',
                per_layer="2 * batch * kv_heads * seq_len * head_dim",
                total='config["num_hidden_layers"] * per_layer * dtype.itemsize')


def variants(template, right, wrong):
    """name -> answer cell: the template filled with the right lines, except those each wrong answer changes."""
    return {name: template.format(**{**right, **change}) for name, change in wrong.items()}


WRONG_ANSWERS = {
    "params": variants(PARAMS, PARAMS_RIGHT, {
        "no-biases": dict(attention="4 * d * d", feed_forward="2 * d * d_ff"),
        "no-layer-norms": dict(norms="0"),
        "norms-keep-their-shift-without-bias": dict(norms="4 * d"),
        "feed-forward-assumed-4d": dict(feed_forward="8 * d * d + (5 * d if bias else 0)"),
        "one-layer-norm": dict(norms="2 * d if bias else d"),
    }),
    "flops": variants(FLOPS, FLOPS_RIGHT, {
        "multiply-adds-not-flops": dict(dense="4 * n * d * d + 2 * n * d * d_ff", attention="2 * n * n * d"),
        "scores-only": dict(attention="2 * n * n * d"),
        "no-output-projection": dict(dense="3 * (2 * n * d * d) + 2 * (2 * n * d * d_ff)"),
        "feed-forward-assumed-4d": dict(dense="24 * n * d * d"),
        "attention-d-squared": dict(attention="4 * n * d * d"),
    }),
    "share": variants(SHARE, SHARE_RIGHT, {
        "ratio-not-share": dict(share="attention / dense"),
        "crossover-always-6d": dict(crossover="6 * d"),
        "crossover-feed-forward-only": dict(crossover="d_ff"),
        "share-assumes-4d": dict(share="n / (6 * d + n)"),
    }),
    "decode": variants(DECODE, DECODE_RIGHT, {
        "attention-recomputed": dict(attention="2 * (2 * t * t * d)"),
        "projections-recomputed": dict(dense="t * (4 * (2 * d * d) + 2 * (2 * d * d_ff))"),
        "new-key-and-value-not-projected": dict(dense="2 * (2 * d * d) + 2 * (2 * d * d_ff)"),
        "scores-only": dict(attention="2 * t * d"),
        "own-key-not-attended": dict(attention="4 * (t - 1) * d"),
    }),
    "kvcache": variants(KV_CACHE, KV_RIGHT, {
        "grouping-ignored": dict(kv_heads='config["num_attention_heads"]'),
        "keys-only": dict(per_layer="batch * kv_heads * seq_len * head_dim"),
        "assumes-float16": dict(total='config["num_hidden_layers"] * per_layer * 2'),
        "head-dim-key-ignored": dict(head_dim='config["hidden_size"] // config["num_attention_heads"]'),
        "one-layer": dict(total="per_layer * dtype.itemsize"),
        "bits-not-bytes": dict(total='config["num_hidden_layers"] * per_layer * dtype.itemsize * 8'),
    }),
}
