"""Plausible wrong answers for the Chapter 3 lab; each must lose points when graded."""
WRONG_ANSWERS = {
    "softmax": {
        "naive-exp-overflows": '''def softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)
''',
        "axis-0-hard-coded": '''def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
''',
        "global-max-underflows": '''def softmax(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / e.sum(axis=axis, keepdims=True)
''',
        "not-normalised": '''def softmax(x, axis=-1):
    return np.exp(x - np.max(x, axis=axis, keepdims=True))
''',
        "normalised-by-total-sum": '''def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / e.sum()
''',
        "max-without-keepdims": '''def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis))
    return e / np.sum(e, axis=axis, keepdims=True)
''',
        "casts-to-float64": '''def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
''',
    },
    "masks": {
        "causal-inverted-upper-triangle": '''def causal_mask(n):
    return np.triu(np.ones((n, n), dtype=bool))


def padding_mask(lengths, n):
    lengths = np.asarray(lengths)
    return (np.arange(n)[None, :] < lengths[:, None])[:, None, :]
''',
        "causal-strict-excludes-diagonal": '''def causal_mask(n):
    return np.tril(np.ones((n, n), dtype=bool), k=-1)


def padding_mask(lengths, n):
    lengths = np.asarray(lengths)
    return (np.arange(n)[None, :] < lengths[:, None])[:, None, :]
''',
        "causal-float-not-bool": '''def causal_mask(n):
    return np.tril(np.ones((n, n)))


def padding_mask(lengths, n):
    lengths = np.asarray(lengths)
    return (np.arange(n)[None, :] < lengths[:, None])[:, None, :]
''',
        "padding-shape-batch-n": '''def causal_mask(n):
    return np.tril(np.ones((n, n), dtype=bool))


def padding_mask(lengths, n):
    lengths = np.asarray(lengths)
    return np.arange(n)[None, :] < lengths[:, None]
''',
        "padding-masks-queries-not-keys": '''def causal_mask(n):
    return np.tril(np.ones((n, n), dtype=bool))


def padding_mask(lengths, n):
    lengths = np.asarray(lengths)
    return (np.arange(n)[None, :] < lengths[:, None])[:, :, None]
''',
        "padding-off-by-one": '''def causal_mask(n):
    return np.tril(np.ones((n, n), dtype=bool))


def padding_mask(lengths, n):
    lengths = np.asarray(lengths)
    return (np.arange(n)[None, :] <= lengths[:, None])[:, None, :]
''',
        "padding-inverted-true-on-pads": '''def causal_mask(n):
    return np.tril(np.ones((n, n), dtype=bool))


def padding_mask(lengths, n):
    lengths = np.asarray(lengths)
    return (np.arange(n)[None, :] >= lengths[:, None])[:, None, :]
''',
        "padding-list-lengths-not-converted": '''def causal_mask(n):
    return np.tril(np.ones((n, n), dtype=bool))


def padding_mask(lengths, n):
    return (np.arange(n)[None, :] < lengths[:, None])[:, None, :]
''',
    },
    "attention": {
        "missing-scale": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
''',
        "scale-by-sqrt-d-v": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(V.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
''',
        "scale-by-d-k-not-sqrt": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2) / Q.shape[-1]
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
''',
        "d-k-from-first-axis": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    d_k = Q.shape[0]
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
''',
        "softmax-over-queries": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-2)
    return weights @ V, weights
''',
        "inverted-mask": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, -np.inf, scores)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
''',
        "mask-after-softmax-not-renormalised": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    weights = softmax(scores, axis=-1)
    if mask is not None:
        weights = weights * mask
    return weights @ V, weights
''',
        "masked-scores-set-to-zero": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
''',
        "K-dot-T-in-batched-input": '''def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.T / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
''',
    },
    "positional": {
        "sin-cos-swapped": '''def sinusoidal_positional_encoding(n_positions, d_model):
    if d_model % 2 != 0:
        raise ValueError("d_model must be even")
    pos = np.arange(n_positions)[:, None]
    angles = pos / 10000 ** (np.arange(0, d_model, 2)[None, :] / d_model)
    pe = np.zeros((n_positions, d_model))
    pe[:, 0::2] = np.cos(angles)
    pe[:, 1::2] = np.sin(angles)
    return pe
''',
        "exponent-uses-column-index-j": '''def sinusoidal_positional_encoding(n_positions, d_model):
    if d_model % 2 != 0:
        raise ValueError("d_model must be even")
    pos = np.arange(n_positions)[:, None]
    j = np.arange(d_model)[None, :]
    angles = pos / 10000 ** (j / d_model)
    pe = np.where(j % 2 == 0, np.sin(angles), np.cos(angles))
    return pe
''',
        "exponent-uses-i-not-2i": '''def sinusoidal_positional_encoding(n_positions, d_model):
    if d_model % 2 != 0:
        raise ValueError("d_model must be even")
    pos = np.arange(n_positions)[:, None]
    i = np.arange(d_model // 2)[None, :]
    angles = pos / 10000 ** (i / d_model)
    pe = np.zeros((n_positions, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe
''',
        "concatenated-sin-then-cos": '''def sinusoidal_positional_encoding(n_positions, d_model):
    if d_model % 2 != 0:
        raise ValueError("d_model must be even")
    pos = np.arange(n_positions)[:, None]
    angles = pos / 10000 ** (np.arange(0, d_model, 2)[None, :] / d_model)
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
''',
        "base-1000": '''def sinusoidal_positional_encoding(n_positions, d_model):
    if d_model % 2 != 0:
        raise ValueError("d_model must be even")
    pos = np.arange(n_positions)[:, None]
    angles = pos / 1000 ** (np.arange(0, d_model, 2)[None, :] / d_model)
    pe = np.zeros((n_positions, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe
''',
        "positions-start-at-1": '''def sinusoidal_positional_encoding(n_positions, d_model):
    if d_model % 2 != 0:
        raise ValueError("d_model must be even")
    pos = np.arange(1, n_positions + 1)[:, None]
    angles = pos / 10000 ** (np.arange(0, d_model, 2)[None, :] / d_model)
    pe = np.zeros((n_positions, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe
''',
        "odd-d-model-accepted": '''def sinusoidal_positional_encoding(n_positions, d_model):
    pos = np.arange(n_positions)[:, None]
    angles = pos / 10000 ** (np.arange(0, d_model, 2)[None, :] / d_model)
    pe = np.zeros((n_positions, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, :d_model // 2])
    return pe
''',
    },
    "cost": {
        "fit-on-linear-axes": '''def fit_power_law(ns, values):
    slope, intercept = np.polyfit(ns, values, 1)
    return float(slope), float(intercept)


def time_per_call(fn, args, repeats=5):
    durations = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        durations.append(time.perf_counter() - start)
    return float(np.median(durations))
''',
        "x-and-y-swapped": '''def fit_power_law(ns, values):
    slope, intercept = np.polyfit(np.log(values), np.log(ns), 1)
    return float(slope), float(np.exp(intercept))


def time_per_call(fn, args, repeats=5):
    durations = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        durations.append(time.perf_counter() - start)
    return float(np.median(durations))
''',
        "coefficient-returned-as-log": '''def fit_power_law(ns, values):
    slope, intercept = np.polyfit(np.log(ns), np.log(values), 1)
    return float(slope), float(intercept)


def time_per_call(fn, args, repeats=5):
    durations = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        durations.append(time.perf_counter() - start)
    return float(np.median(durations))
''',
        "log10-fit-but-exp-coefficient": '''def fit_power_law(ns, values):
    slope, intercept = np.polyfit(np.log10(ns), np.log10(values), 1)
    return float(slope), float(np.exp(intercept))


def time_per_call(fn, args, repeats=5):
    durations = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        durations.append(time.perf_counter() - start)
    return float(np.median(durations))
''',
        "mean-instead-of-median": '''def fit_power_law(ns, values):
    slope, intercept = np.polyfit(np.log(ns), np.log(values), 1)
    return float(slope), float(np.exp(intercept))


def time_per_call(fn, args, repeats=5):
    durations = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        durations.append(time.perf_counter() - start)
    return float(np.mean(durations))
''',
        "total-time-not-per-call": '''def fit_power_law(ns, values):
    slope, intercept = np.polyfit(np.log(ns), np.log(values), 1)
    return float(slope), float(np.exp(intercept))


def time_per_call(fn, args, repeats=5):
    start = time.perf_counter()
    for _ in range(repeats):
        fn(*args)
    return time.perf_counter() - start
''',
        "times-only-one-call": '''def fit_power_law(ns, values):
    slope, intercept = np.polyfit(np.log(ns), np.log(values), 1)
    return float(slope), float(np.exp(intercept))


def time_per_call(fn, args, repeats=5):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start
''',
    },
}
