"""Plausible wrong answers for the Chapter 3 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('softmax', 'naive-exp-overflows',
          why='The textbook formula exp(x)/sum exp(x) is written without the max shift.',
          replace={'e = np.exp(shifted)': 'e = np.exp(x)',
                  'return e / np.sum(e, axis=axis, keepdims=True)':
                   'return e / e.sum(axis=axis, keepdims=True)'},
          delete=('x = np.asarray(x)', 'shifted = x - np.max(x, axis=axis, keepdims=True)')),
    Wrong('softmax', 'axis-0-hard-coded',
          why='The axis argument is ignored and axis 0 hard-coded.',
          replace={'shifted = x - np.max(x, axis=axis, keepdims=True)':
                   'e = np.exp(x - np.max(x, axis=0, keepdims=True))',
                  'return e / np.sum(e, axis=axis, keepdims=True)':
                   'return e / e.sum(axis=0, keepdims=True)'},
          delete=('x = np.asarray(x)', 'e = np.exp(shifted)')),
    Wrong('softmax', 'global-max-underflows',
          why='A single global maximum looks like enough stabilisation, but rows far below it underflow.',
          replace={'e = np.exp(shifted)': 'e = np.exp(x - np.max(x))',
                  'return e / np.sum(e, axis=axis, keepdims=True)':
                   'return e / e.sum(axis=axis, keepdims=True)'},
          delete=('x = np.asarray(x)', 'shifted = x - np.max(x, axis=axis, keepdims=True)')),
    Wrong('softmax', 'not-normalised',
          why='The exponentials are returned without dividing by their sum.',
          replace={'return e / np.sum(e, axis=axis, keepdims=True)':
                   'return np.exp(x - np.max(x, axis=axis, keepdims=True))'},
          delete=('x = np.asarray(x)', 'shifted = x - np.max(x, axis=axis, keepdims=True)', 'e = np.exp(shifted)')),
    Wrong('softmax', 'normalised-by-total-sum',
          why='The sum is taken over the whole array instead of along the axis.',
          replace={'shifted = x - np.max(x, axis=axis, keepdims=True)':
                   'e = np.exp(x - np.max(x, axis=axis, keepdims=True))',
                  'return e / np.sum(e, axis=axis, keepdims=True)': 'return e / e.sum()'},
          delete=('x = np.asarray(x)', 'e = np.exp(shifted)')),
    Wrong('softmax', 'max-without-keepdims',
          why='keepdims is left out of the max, so the subtraction broadcasts along the wrong axis.',
          replace={'shifted = x - np.max(x, axis=axis, keepdims=True)':
                   'e = np.exp(x - np.max(x, axis=axis))'},
          delete=('x = np.asarray(x)', 'e = np.exp(shifted)')),
    Wrong('softmax', 'casts-to-float64',
          why='The input is converted to float64, so the output dtype no longer matches the input.',
          replace={'x = np.asarray(x)': 'x = np.asarray(x, dtype=float)',
                  'shifted = x - np.max(x, axis=axis, keepdims=True)':
                   'e = np.exp(x - np.max(x, axis=axis, keepdims=True))',
                  'return e / np.sum(e, axis=axis, keepdims=True)':
                   'return e / e.sum(axis=axis, keepdims=True)'},
          delete=('e = np.exp(shifted)',)),
    Wrong('masks', 'causal-inverted-upper-triangle',
          why='triu and tril are easy to confuse, so the upper triangle is kept.',
          replace={'return np.tril(np.ones((n, n), dtype=bool))':
                   'return np.triu(np.ones((n, n), dtype=bool))'}),
    Wrong('masks', 'causal-strict-excludes-diagonal',
          why='k=-1 excludes the diagonal, so a token cannot attend to itself.',
          replace={'return np.tril(np.ones((n, n), dtype=bool))':
                   'return np.tril(np.ones((n, n), dtype=bool), k=-1)'}),
    Wrong('masks', 'causal-float-not-bool',
          why='np.tril of ones gives floats, not the boolean mask the spec asks for.',
          replace={'return np.tril(np.ones((n, n), dtype=bool))': 'return np.tril(np.ones((n, n)))'}),
    Wrong('masks', 'padding-shape-batch-n',
          why='The mask is left (batch, n) without the axis that broadcasts over queries.',
          replace={'return (np.arange(n)[None, :] < lengths[:, None])[:, None, :]':
                   'return np.arange(n)[None, :] < lengths[:, None]'}),
    Wrong('masks', 'padding-masks-queries-not-keys',
          why='The new axis is added last, masking queries instead of keys.',
          replace={'return (np.arange(n)[None, :] < lengths[:, None])[:, None, :]':
                   'return (np.arange(n)[None, :] < lengths[:, None])[:, :, None]'}),
    Wrong('masks', 'padding-off-by-one',
          why='<= counts one position too many as real.',
          replace={'return (np.arange(n)[None, :] < lengths[:, None])[:, None, :]':
                   'return (np.arange(n)[None, :] <= lengths[:, None])[:, None, :]'}),
    Wrong('masks', 'padding-inverted-true-on-pads',
          why='The mask is True on padding, the opposite convention.',
          replace={'return (np.arange(n)[None, :] < lengths[:, None])[:, None, :]':
                   'return (np.arange(n)[None, :] >= lengths[:, None])[:, None, :]'}),
    Wrong('masks', 'padding-list-lengths-not-converted',
          why='The lengths are used as given, which breaks for a Python list.',
          delete=('lengths = np.asarray(lengths)',)),
    Wrong('attention', 'missing-scale',
          why='The 1/sqrt(d_k) scale is forgotten.',
          replace={'scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)':
                   'scores = Q @ np.swapaxes(K, -1, -2)'}),
    Wrong('attention', 'scale-by-sqrt-d-v',
          why="The scale is taken from V's width, which only equals d_k when the widths match.",
          replace={'scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)':
                   'scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(V.shape[-1])'}),
    Wrong('attention', 'scale-by-d-k-not-sqrt',
          why='The scale divides by d_k instead of its square root.',
          replace={'scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)':
                   'scores = Q @ np.swapaxes(K, -1, -2) / d_k'}),
    Wrong('attention', 'd-k-from-first-axis',
          why='d_k is read from the first axis, which is the sequence length, not the key width.',
          replace={'d_k = Q.shape[-1]': 'd_k = Q.shape[0]'}),
    Wrong('attention', 'softmax-over-queries',
          why='The softmax runs over axis -2, the queries.',
          replace={'weights = softmax(scores, axis=-1)': 'weights = softmax(scores, axis=-2)'}),
    Wrong('attention', 'inverted-mask',
          why='The mask\'s True is read as "hide", so real keys are masked.',
          replace={'scores = np.where(mask, scores, -np.inf)': 'scores = np.where(mask, -np.inf, scores)'}),
    Wrong('attention', 'mask-after-softmax-not-renormalised',
          why='The mask is applied to the weights after the softmax, which no longer sum to 1.',
          replace={('if mask is not None:\n'
                   '        scores = np.where(mask, scores, -np.inf)\n'
                   '    weights = softmax(scores, axis=-1)'):
                   ('weights = softmax(scores, axis=-1)\n'
                    '    if mask is not None:\n'
                    '        weights = weights * mask')}),
    Wrong('attention', 'masked-scores-set-to-zero',
          why='Masked scores are set to 0 instead of -inf, so they still get weight.',
          replace={'scores = np.where(mask, scores, -np.inf)': 'scores = np.where(mask, scores, 0.0)'}),
    Wrong('attention', 'K-dot-T-in-batched-input',
          why='K.T reverses every axis, which is right for 2-D input but wrong for a batch.',
          replace={'scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)':
                   'scores = Q @ K.T / np.sqrt(d_k)'}),
    Wrong('positional', 'sin-cos-swapped',
          why='Sine and cosine are swapped between even and odd columns.',
          replace={'raise ValueError(f"d_model must be even, got {d_model}")':
                   'raise ValueError("d_model must be even")',
                  'pos = np.arange(n_positions, dtype=np.float64)[:, None]':
                   'pos = np.arange(n_positions)[:, None]',
                  'angles = pos / 10000.0 ** (two_i / d_model)':
                   'angles = pos / 10000 ** (np.arange(0, d_model, 2)[None, :] / d_model)',
                  'pe = np.empty((n_positions, d_model), dtype=np.float64)':
                   'pe = np.zeros((n_positions, d_model))',
                  'pe[:, 0::2] = np.sin(angles)': 'pe[:, 0::2] = np.cos(angles)',
                  'pe[:, 1::2] = np.cos(angles)': 'pe[:, 1::2] = np.sin(angles)'},
          delete=('two_i = np.arange(0, d_model, 2, dtype=np.float64)[None, :]',)),
    Wrong('positional', 'exponent-uses-column-index-j',
          why='The exponent uses the column index j instead of the pair index 2i.',
          replace={'raise ValueError(f"d_model must be even, got {d_model}")':
                   'raise ValueError("d_model must be even")',
                  'pos = np.arange(n_positions, dtype=np.float64)[:, None]':
                   'pos = np.arange(n_positions)[:, None]',
                  'two_i = np.arange(0, d_model, 2, dtype=np.float64)[None, :]':
                   'j = np.arange(d_model)[None, :]',
                  'angles = pos / 10000.0 ** (two_i / d_model)':
                   ('angles = pos / 10000 ** (j / d_model)\n'
                    '    pe = np.where(j % 2 == 0, np.sin(angles), np.cos(angles))')},
          delete=('pe = np.empty((n_positions, d_model), dtype=np.float64)', 'pe[:, 0::2] = np.sin(angles)', 'pe[:, 1::2] = np.cos(angles)')),
    Wrong('positional', 'exponent-uses-i-not-2i',
          why='The exponent uses i where the formula has 2i.',
          replace={'raise ValueError(f"d_model must be even, got {d_model}")':
                   'raise ValueError("d_model must be even")',
                  'pos = np.arange(n_positions, dtype=np.float64)[:, None]':
                   'pos = np.arange(n_positions)[:, None]',
                  'two_i = np.arange(0, d_model, 2, dtype=np.float64)[None, :]':
                   'i = np.arange(d_model // 2)[None, :]',
                  'angles = pos / 10000.0 ** (two_i / d_model)': 'angles = pos / 10000 ** (i / d_model)',
                  'pe = np.empty((n_positions, d_model), dtype=np.float64)':
                   'pe = np.zeros((n_positions, d_model))'}),
    Wrong('positional', 'concatenated-sin-then-cos',
          why='All sines then all cosines are concatenated instead of interleaved.',
          replace={'raise ValueError(f"d_model must be even, got {d_model}")':
                   'raise ValueError("d_model must be even")',
                  'pos = np.arange(n_positions, dtype=np.float64)[:, None]':
                   'pos = np.arange(n_positions)[:, None]',
                  'angles = pos / 10000.0 ** (two_i / d_model)':
                   ('angles = pos / 10000 ** (np.arange(0, d_model, 2)[None, :] / d_model)\n'
                    '    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)')},
          delete=('two_i = np.arange(0, d_model, 2, dtype=np.float64)[None, :]', 'pe = np.empty((n_positions, d_model), dtype=np.float64)', 'pe[:, 0::2] = np.sin(angles)', 'pe[:, 1::2] = np.cos(angles)', 'return pe')),
    Wrong('positional', 'base-1000',
          why='The base 10000 is mistyped as 1000.',
          replace={'raise ValueError(f"d_model must be even, got {d_model}")':
                   'raise ValueError("d_model must be even")',
                  'pos = np.arange(n_positions, dtype=np.float64)[:, None]':
                   'pos = np.arange(n_positions)[:, None]',
                  'angles = pos / 10000.0 ** (two_i / d_model)':
                   'angles = pos / 1000 ** (np.arange(0, d_model, 2)[None, :] / d_model)',
                  'pe = np.empty((n_positions, d_model), dtype=np.float64)':
                   'pe = np.zeros((n_positions, d_model))'},
          delete=('two_i = np.arange(0, d_model, 2, dtype=np.float64)[None, :]',)),
    Wrong('positional', 'positions-start-at-1',
          why='Positions are numbered from 1 instead of 0.',
          replace={'raise ValueError(f"d_model must be even, got {d_model}")':
                   'raise ValueError("d_model must be even")',
                  'pos = np.arange(n_positions, dtype=np.float64)[:, None]':
                   'pos = np.arange(1, n_positions + 1)[:, None]',
                  'angles = pos / 10000.0 ** (two_i / d_model)':
                   'angles = pos / 10000 ** (np.arange(0, d_model, 2)[None, :] / d_model)',
                  'pe = np.empty((n_positions, d_model), dtype=np.float64)':
                   'pe = np.zeros((n_positions, d_model))'},
          delete=('two_i = np.arange(0, d_model, 2, dtype=np.float64)[None, :]',)),
    Wrong('positional', 'odd-d-model-accepted',
          why='The check that d_model is even is left out.',
          replace={'pe[:, 1::2] = np.cos(angles)': 'pe[:, 1::2] = np.cos(angles[:, :d_model // 2])'},
          delete=('if d_model % 2 != 0:', 'raise ValueError(f"d_model must be even, got {d_model}")')),
    Wrong('cost', 'fit-on-linear-axes',
          why='The power law is fitted on linear axes instead of log-log.',
          replace={'np.log(np.asarray(ns, dtype=float))': 'np.asarray(ns, dtype=float)',
                  'np.log(np.asarray(values, dtype=float))': 'np.asarray(values, dtype=float)',
                  'float(np.exp(intercept))': 'float(intercept)'}),
    Wrong('cost', 'x-and-y-swapped',
          why="polyfit's x and y are swapped.",
          replace={'slope, intercept = np.polyfit(np.log(np.asarray(ns, dtype=float)),':
                   'slope, intercept = np.polyfit(np.log(values), np.log(ns), 1)'},
          delete=('np.log(np.asarray(values, dtype=float)), 1)',)),
    Wrong('cost', 'coefficient-returned-as-log',
          why='The intercept is returned as the coefficient without exponentiating it.',
          replace={'float(np.exp(intercept))': 'float(intercept)'}),
    Wrong('cost', 'log10-fit-but-exp-coefficient',
          why='The fit uses log10 but the coefficient is recovered with exp.',
          replace={'slope, intercept = np.polyfit(np.log(np.asarray(ns, dtype=float)),':
                   'slope, intercept = np.polyfit(np.log10(ns), np.log10(values), 1)'},
          delete=('np.log(np.asarray(values, dtype=float)), 1)',)),
    Wrong('cost', 'mean-instead-of-median',
          why='The mean of the timings is returned where the spec asks for the median.',
          replace={'slope, intercept = np.polyfit(np.log(np.asarray(ns, dtype=float)),':
                   'slope, intercept = np.polyfit(np.log(ns), np.log(values), 1)',
                  'return float(np.median(durations))': 'return float(np.mean(durations))'},
          delete=('np.log(np.asarray(values, dtype=float)), 1)',)),
    Wrong('cost', 'total-time-not-per-call',
          why='The loop is timed as a whole, giving the total time of all calls, not one.',
          replace={('    durations = []\n'
                   '    for _ in range(repeats):\n'
                   '        start = time.perf_counter()\n'
                   '        fn(*args)\n'
                   '        durations.append(time.perf_counter() - start)\n'
                   '    return float(np.median(durations))'):
                   ('    start = time.perf_counter()\n'
                    '    for _ in range(repeats):\n'
                    '        fn(*args)\n'
                    '    return time.perf_counter() - start')}),
    Wrong('cost', 'times-only-one-call',
          why='Only one call is timed, ignoring repeats.',
          replace={('    durations = []\n'
                   '    for _ in range(repeats):\n'
                   '        start = time.perf_counter()\n'
                   '        fn(*args)\n'
                   '        durations.append(time.perf_counter() - start)\n'
                   '    return float(np.median(durations))'):
                   ('    start = time.perf_counter()\n'
                    '    fn(*args)\n'
                    '    return time.perf_counter() - start')}),
]
