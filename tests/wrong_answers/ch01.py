"""Plausible wrong answers for the Chapter 1 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('kernel', 'softmax-over-queries',
          why='Reductions default to axis 0 in many examples, so the softmax is taken down the columns, over queries.',
          replace={'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=0, keepdims=True))',
                  'return e / np.sum(e, axis=1, keepdims=True)':
                   'return e / np.sum(e, axis=0, keepdims=True)'},
          delete=('e = np.exp(scores)',)),
    Wrong('kernel', 'missing-one-half',
          why="The Gaussian's 1/2 in the exponent is easy to drop when writing the kernel from memory.",
          replace={'scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2)':
                   'scores = -(queries[:, None] - keys[None, :]) ** 2 / h ** 2',
                  'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=1, keepdims=True))'},
          delete=('e = np.exp(scores)',)),
    Wrong('kernel', 'h-not-squared',
          why='The width appears as h in the signature, so it is divided once instead of squared.',
          replace={'scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2)':
                   'scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h)',
                  'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=1, keepdims=True))'},
          delete=('e = np.exp(scores)',)),
    Wrong('kernel', 'distance-not-squared',
          why='A distance is what "closeness" suggests, so |q - k| replaces the squared difference.',
          replace={'scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2)':
                   'scores = -np.abs(queries[:, None] - keys[None, :]) / (2 * h ** 2)',
                  'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=1, keepdims=True))'},
          delete=('e = np.exp(scores)',)),
    Wrong('kernel', 'exp-without-stabilising',
          why='The kernel is written straight from the formula, exp then normalise, without subtracting the row maximum.',
          replace={'scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2)':
                   'k = np.exp(-(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2))',
                  'return e / np.sum(e, axis=1, keepdims=True)':
                   'return k / np.sum(k, axis=1, keepdims=True)'},
          delete=('scores = scores - np.max(scores, axis=1, keepdims=True)', 'e = np.exp(scores)')),
    Wrong('kernel', 'transposed-keys-by-queries',
          why='The difference matrix is built keys-by-queries and the softmax follows that layout, so the weights come out transposed.',
          replace={'scores = -(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2)':
                   'scores = -(keys[:, None] - queries[None, :]) ** 2 / (2 * h ** 2)',
                  'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=0, keepdims=True))',
                  'return e / np.sum(e, axis=1, keepdims=True)':
                   'return e / np.sum(e, axis=0, keepdims=True)'},
          delete=('e = np.exp(scores)',)),
    Wrong('kernel', 'global-max-underflows',
          why='Subtracting np.max(scores) looks like the usual stabilisation, but one global maximum lets far-away rows underflow to 0/0.',
          replace={'e = np.exp(scores)': 'e = np.exp(scores - np.max(scores))'},
          delete=('scores = scores - np.max(scores, axis=1, keepdims=True)',)),
    Wrong('predict', 'kernel-sum-not-normalised',
          why='The kernel values are used as weights directly, forgetting that Nadaraya-Watson divides by their sum.',
          replace={'return weights @ np.asarray(values, dtype=float)':
                   ('queries, keys = np.asarray(queries, dtype=float), np.asarray(keys, dtype=float)\n'
                    '    k = np.exp(-(queries[:, None] - keys[None, :]) ** 2 / (2 * h ** 2))\n'
                    '    return k @ np.asarray(values, dtype=float)')},
          delete=('weights = gaussian_weights(queries, keys, h)',)),
    Wrong('predict', 'average-pooling',
          why='Average pooling, the baseline the chapter starts from, is handed in instead of kernel regression.',
          replace={'weights = gaussian_weights(queries, keys, h)':
                   'return np.full(len(queries), np.mean(values))'},
          delete=('return weights @ np.asarray(values, dtype=float)',)),
    Wrong('predict', 'averages-the-keys',
          why='Keys and values are both 1-D arrays of the same length, so the wrong one is averaged.',
          replace={'return weights @ np.asarray(values, dtype=float)':
                   'return weights @ np.asarray(keys, dtype=float)'}),
    Wrong('predict', 'weights-normalised-over-queries',
          why='Arguments are passed to gaussian_weights in the wrong order and transposed back to fix the shape, which normalises over queries.',
          replace={'weights = gaussian_weights(queries, keys, h)':
                   'weights = gaussian_weights(keys, queries, h).T'}),
    Wrong('predict', 'hard-nearest-key',
          why='Attention is read as "look up the most similar key", so the argmax replaces the weighted average.',
          replace={'return weights @ np.asarray(values, dtype=float)':
                   'return np.asarray(values, dtype=float)[np.argmax(weights, axis=1)]'}),
    Wrong('predict', 'width-squared-twice',
          why='Thinking gaussian_weights expects a variance, the student passes h squared.',
          replace={'weights = gaussian_weights(queries, keys, h)':
                   'weights = gaussian_weights(queries, keys, h ** 2)'}),
    Wrong('loo', 'point-not-left-out',
          why='The ordinary softmax over all points is written, forgetting to exclude the point itself.',
          replace={'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=1, keepdims=True))',
                  'weights = e / np.sum(e, axis=1, keepdims=True)':
                   'return (e / np.sum(e, axis=1, keepdims=True)) @ y'},
          delete=('np.fill_diagonal(scores, -np.inf)', 'e = np.exp(scores)', 'return weights @ y')),
    Wrong('loo', 'diagonal-zeroed-not-renormalised',
          why='The diagonal is zeroed after the softmax, so each row no longer sums to 1.',
          replace={'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=1, keepdims=True))',
                  'return weights @ y':
                   ('np.fill_diagonal(weights, 0.0)\n'
                    '    return weights @ y')},
          delete=('np.fill_diagonal(scores, -np.inf)', 'e = np.exp(scores)')),
    Wrong('loo', 'diagonal-zeroed-after-softmax-then-renormalised',
          why='Zeroing after the softmax and renormalising looks equivalent, but the self-weight can underflow the rest of the row to 0/0.',
          replace={'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=1, keepdims=True))',
                  'return weights @ y':
                   ('np.fill_diagonal(weights, 0.0)\n'
                    '    weights = weights / np.sum(weights, axis=1, keepdims=True)\n'
                    '    return weights @ y')},
          delete=('np.fill_diagonal(scores, -np.inf)', 'e = np.exp(scores)')),
    Wrong('loo', 'mask-without-max-subtraction',
          why='The diagonal is masked with -inf but the row maximum is not subtracted, so small widths underflow.',
          replace={'weights = e / np.sum(e, axis=1, keepdims=True)':
                   'return (e / np.sum(e, axis=1, keepdims=True)) @ y'},
          delete=('scores = scores - np.max(scores, axis=1, keepdims=True)', 'return weights @ y')),
    Wrong('loo', 'divides-by-n-minus-1',
          why='Leave-one-out is treated like an unbiased estimator, rescaling by n/(n-1) instead of renormalising each row.',
          replace={'scores = -(x[:, None] - x[None, :]) ** 2 / (2 * h ** 2)':
                   ('n = len(x)\n'
                    '    scores = -(x[:, None] - x[None, :]) ** 2 / (2 * h ** 2)'),
                  'scores = scores - np.max(scores, axis=1, keepdims=True)':
                   'e = np.exp(scores - np.max(scores, axis=1, keepdims=True))',
                  'return weights @ y':
                   ('np.fill_diagonal(weights, 0.0)\n'
                    '    return weights @ y * n / (n - 1)')},
          delete=('np.fill_diagonal(scores, -np.inf)', 'e = np.exp(scores)')),
    Wrong('loo', 'leaves-out-the-mean-instead',
          why='Leave-one-out is confused with the leave-one-out mean of y, ignoring the kernel.',
          replace={'x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)':
                   ('y = np.asarray(y, dtype=float)\n'
                    '    return (np.sum(y) - y) / (len(y) - 1)')},
          delete=('scores = -(x[:, None] - x[None, :]) ** 2 / (2 * h ** 2)', 'np.fill_diagonal(scores, -np.inf)', 'scores = scores - np.max(scores, axis=1, keepdims=True)', 'e = np.exp(scores)', 'weights = e / np.sum(e, axis=1, keepdims=True)', 'return weights @ y')),
    Wrong('width', 'argmax-instead-of-argmin',
          why='argmax and argmin are one letter apart, so the width with the largest error is picked.',
          replace={'best_h = float(np.asarray(widths)[np.argmin(errors)])':
                   'return float(np.asarray(widths)[np.argmax(errors)]), errors'},
          delete=('return best_h, errors',)),
    Wrong('width', 'training-error-not-loo',
          why='The training error is the first error that comes to mind, and it always favours the smallest width.',
          replace={'errors = np.array([np.mean((loo_predictions(x, y, h) - y) ** 2) for h in widths])':
                   'errors = np.array([np.mean((nadaraya_watson(x, x, y, h) - y) ** 2) for h in widths])',
                  'best_h = float(np.asarray(widths)[np.argmin(errors)])':
                   'return float(np.asarray(widths)[np.argmin(errors)]), errors'},
          delete=('return best_h, errors',)),
    Wrong('width', 'returns-index-not-width',
          why='np.argmin returns a position, and the student returns it instead of looking up the width.',
          replace={'return best_h, errors': 'return int(np.argmin(errors)), errors'},
          delete=('best_h = float(np.asarray(widths)[np.argmin(errors)])',)),
    Wrong('width', 'root-mean-squared-error',
          why="RMSE is the more familiar error, so the errors are square-rooted against the spec's mean squared error.",
          replace={'errors = np.array([np.mean((loo_predictions(x, y, h) - y) ** 2) for h in widths])':
                   'errors = np.array([np.sqrt(np.mean((loo_predictions(x, y, h) - y) ** 2)) for h in widths])',
                  'best_h = float(np.asarray(widths)[np.argmin(errors)])':
                   'return float(np.asarray(widths)[np.argmin(errors)]), errors'},
          delete=('return best_h, errors',)),
    Wrong('width', 'sum-not-mean',
          why='Summing squared errors picks the same width, so the mean looks optional.',
          replace={'errors = np.array([np.mean((loo_predictions(x, y, h) - y) ** 2) for h in widths])':
                   'errors = np.array([np.sum((loo_predictions(x, y, h) - y) ** 2) for h in widths])',
                  'best_h = float(np.asarray(widths)[np.argmin(errors)])':
                   'return float(np.asarray(widths)[np.argmin(errors)]), errors'},
          delete=('return best_h, errors',)),
    Wrong('width', 'assumes-sorted-widths',
          why='The widths are sorted for convenience, so the errors come back in a different order from the input.',
          replace={'errors = np.array([np.mean((loo_predictions(x, y, h) - y) ** 2) for h in widths])':
                   ('widths = np.sort(np.asarray(widths, dtype=float))\n'
                    '    errors = np.array([np.mean((loo_predictions(x, y, h) - y) ** 2) for h in widths])'),
                  'best_h = float(np.asarray(widths)[np.argmin(errors)])':
                   'return float(widths[np.argmin(errors)]), errors'},
          delete=('return best_h, errors',)),
    Wrong('neighbours', 'forgets-the-inverse',
          why="The formula's sum of squares is written without the reciprocal.",
          replace={'return 1.0 / np.sum(weights ** 2, axis=1)': 'return np.sum(weights ** 2, axis=1)'}),
    Wrong('neighbours', 'over-queries-axis-0',
          why='The sum runs down the default axis 0, over queries instead of keys.',
          replace={'return 1.0 / np.sum(weights ** 2, axis=1)':
                   'return 1.0 / np.sum(weights ** 2, axis=0)'}),
    Wrong('neighbours', 'perplexity-exp-entropy',
          why='Perplexity is another "effective number", but not the one the spec defines.',
          replace={'return 1.0 / np.sum(weights ** 2, axis=1)':
                   ('logs = np.log(np.where(weights > 0, weights, 1.0))\n'
                    '    return np.exp(-np.sum(weights * logs, axis=1))')}),
    Wrong('neighbours', 'inverse-max-weight',
          why='1/max weight is a tempting shortcut that only matches for uniform weights.',
          replace={'return 1.0 / np.sum(weights ** 2, axis=1)': 'return 1.0 / np.max(weights, axis=1)'}),
    Wrong('neighbours', 'counts-nonzero-weights',
          why='Counting keys with non-negligible weight sounds like "number of neighbours".',
          replace={'return 1.0 / np.sum(weights ** 2, axis=1)':
                   'return np.sum(weights > 1e-12, axis=1).astype(float)'}),
]
