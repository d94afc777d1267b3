"""Plausible wrong answers for the Chapter 1 lab; each must lose points when graded."""
WRONG_ANSWERS = {
    "kernel": {
        "softmax-over-queries": '''def gaussian_weights(queries, keys, h):
    queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)
    scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2)
    e = np.exp(scores - np.max(scores, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
''',
        "missing-one-half": '''def gaussian_weights(queries, keys, h):
    queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)
    scores = -(queries[:, None] - keys[None, :]) ** 2 / h ** 2
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)
''',
        "h-not-squared": '''def gaussian_weights(queries, keys, h):
    queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)
    scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h)
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)
''',
        "distance-not-squared": '''def gaussian_weights(queries, keys, h):
    queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)
    scores = -np.abs(queries[:, None] - keys[None, :]) / (2 * h ** 2)
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)
''',
        "exp-without-stabilising": '''def gaussian_weights(queries, keys, h):
    queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)
    k = np.exp(-(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2))
    return k / np.sum(k, axis=1, keepdims=True)
''',
        "transposed-keys-by-queries": '''def gaussian_weights(queries, keys, h):
    queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)
    scores = -(keys[:, None] - queries[None, :]) ** 2 / (2 * h ** 2)
    e = np.exp(scores - np.max(scores, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
''',
        "global-max-underflows": '''def gaussian_weights(queries, keys, h):
    queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)
    scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2)
    e = np.exp(scores - np.max(scores))
    return e / np.sum(e, axis=1, keepdims=True)
''',
    },
    "predict": {
        "kernel-sum-not-normalised": '''def nadaraya_watson(queries, keys, values, h):
    queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)
    k = np.exp(-(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2))
    return k @ np.asarray(values, dtype=float)
''',
        "average-pooling": '''def nadaraya_watson(queries, keys, values, h):
    return np.full(len(queries), np.mean(values))
''',
        "averages-the-keys": '''def nadaraya_watson(queries, keys, values, h):
    weights = gaussian_weights(queries, keys, h)
    return weights @ np.asarray(keys, dtype=float)
''',
        "weights-normalised-over-queries": '''def nadaraya_watson(queries, keys, values, h):
    weights = gaussian_weights(keys, queries, h).T
    return weights @ np.asarray(values, dtype=float)
''',
        "hard-nearest-key": '''def nadaraya_watson(queries, keys, values, h):
    weights = gaussian_weights(queries, keys, h)
    return np.asarray(values, dtype=float)[np.argmax(weights, axis=1)]
''',
        "width-squared-twice": '''def nadaraya_watson(queries, keys, values, h):
    weights = gaussian_weights(queries, keys, h ** 2)
    return weights @ np.asarray(values, dtype=float)
''',
    },
    "loo": {
        "point-not-left-out": '''def loo_predictions(x, y, h):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    scores = -(x[:, None] - x[None, :]) ** 2 / (2 * h ** 2)
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    return (e / np.sum(e, axis=1, keepdims=True)) @ y
''',
        "diagonal-zeroed-not-renormalised": '''def loo_predictions(x, y, h):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    scores = -(x[:, None] - x[None, :]) ** 2 / (2 * h ** 2)
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    weights = e / np.sum(e, axis=1, keepdims=True)
    np.fill_diagonal(weights, 0.0)
    return weights @ y
''',
        "diagonal-zeroed-after-softmax-then-renormalised": '''def loo_predictions(x, y, h):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    scores = -(x[:, None] - x[None, :]) ** 2 / (2 * h ** 2)
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    weights = e / np.sum(e, axis=1, keepdims=True)
    np.fill_diagonal(weights, 0.0)
    weights = weights / np.sum(weights, axis=1, keepdims=True)
    return weights @ y
''',
        "mask-without-max-subtraction": '''def loo_predictions(x, y, h):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    scores = -(x[:, None] - x[None, :]) ** 2 / (2 * h ** 2)
    np.fill_diagonal(scores, -np.inf)
    e = np.exp(scores)
    return (e / np.sum(e, axis=1, keepdims=True)) @ y
''',
        "divides-by-n-minus-1": '''def loo_predictions(x, y, h):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    scores = -(x[:, None] - x[None, :]) ** 2 / (2 * h ** 2)
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    weights = e / np.sum(e, axis=1, keepdims=True)
    np.fill_diagonal(weights, 0.0)
    return weights @ y * n / (n - 1)
''',
        "leaves-out-the-mean-instead": '''def loo_predictions(x, y, h):
    y = np.asarray(y, dtype=float)
    return (np.sum(y) - y) / (len(y) - 1)
''',
    },
    "width": {
        "argmax-instead-of-argmin": '''def choose_width(x, y, widths):
    y = np.asarray(y, dtype=float)
    errors = np.array([np.mean((loo_predictions(x, y, h) - y) ** 2) for h in widths])
    return float(np.asarray(widths)[np.argmax(errors)]), errors
''',
        "training-error-not-loo": '''def choose_width(x, y, widths):
    y = np.asarray(y, dtype=float)
    errors = np.array([np.mean((nadaraya_watson(x, x, y, h) - y) ** 2) for h in widths])
    return float(np.asarray(widths)[np.argmin(errors)]), errors
''',
        "returns-index-not-width": '''def choose_width(x, y, widths):
    y = np.asarray(y, dtype=float)
    errors = np.array([np.mean((loo_predictions(x, y, h) - y) ** 2) for h in widths])
    return int(np.argmin(errors)), errors
''',
        "root-mean-squared-error": '''def choose_width(x, y, widths):
    y = np.asarray(y, dtype=float)
    errors = np.array([np.sqrt(np.mean((loo_predictions(x, y, h) - y) ** 2)) for h in widths])
    return float(np.asarray(widths)[np.argmin(errors)]), errors
''',
        "sum-not-mean": '''def choose_width(x, y, widths):
    y = np.asarray(y, dtype=float)
    errors = np.array([np.sum((loo_predictions(x, y, h) - y) ** 2) for h in widths])
    return float(np.asarray(widths)[np.argmin(errors)]), errors
''',
        "assumes-sorted-widths": '''def choose_width(x, y, widths):
    y = np.asarray(y, dtype=float)
    widths = np.sort(np.asarray(widths, dtype=float))
    errors = np.array([np.mean((loo_predictions(x, y, h) - y) ** 2) for h in widths])
    return float(widths[np.argmin(errors)]), errors
''',
    },
    "neighbours": {
        "forgets-the-inverse": '''def effective_neighbours(weights):
    weights = np.asarray(weights, dtype=float)
    return np.sum(weights ** 2, axis=1)
''',
        "over-queries-axis-0": '''def effective_neighbours(weights):
    weights = np.asarray(weights, dtype=float)
    return 1.0 / np.sum(weights ** 2, axis=0)
''',
        "perplexity-exp-entropy": '''def effective_neighbours(weights):
    weights = np.asarray(weights, dtype=float)
    logs = np.log(np.where(weights > 0, weights, 1.0))
    return np.exp(-np.sum(weights * logs, axis=1))
''',
        "inverse-max-weight": '''def effective_neighbours(weights):
    weights = np.asarray(weights, dtype=float)
    return 1.0 / np.max(weights, axis=1)
''',
        "counts-nonzero-weights": '''def effective_neighbours(weights):
    weights = np.asarray(weights, dtype=float)
    return np.sum(weights > 1e-12, axis=1).astype(float)
''',
    },
}
