"""Plausible wrong answers for the Chapter 4 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('jacobian', 'missing-diag',
          why='The diag(s) term of the softmax Jacobian is forgotten.',
          replace={'return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]':
                   'return -s[..., :, None] * s[..., None, :]'},
          delete=('eye = np.eye(s.shape[-1], dtype=s.dtype)',)),
    Wrong('jacobian', 'sign-flipped',
          why='The Jacobian is written as s s^T - diag(s), with the sign flipped.',
          replace={'eye = np.eye(s.shape[-1], dtype=s.dtype)': 'eye = np.eye(s.shape[-1])',
                  'return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]':
                   'return s[..., :, None] * s[..., None, :] - s[..., :, None] * eye'}),
    Wrong('jacobian', 'diag-only',
          why='Only the diagonal term is kept, as if softmax were elementwise.',
          replace={'return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]':
                   'return s[..., :, None] * np.eye(s.shape[-1])'},
          delete=('eye = np.eye(s.shape[-1], dtype=s.dtype)',)),
    Wrong('jacobian', 'np-diag-outer-not-batched',
          why='np.diag and np.outer work for one vector, not a batch.',
          replace={'s = np.asarray(s)': 'return np.diag(s) - np.outer(s, s)'},
          delete=('eye = np.eye(s.shape[-1], dtype=s.dtype)', 'return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]')),
    Wrong('jacobian', 'outer-summed-over-batch',
          why='The einsum drops the batch index, summing outer products over the batch.',
          replace={'return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]':
                   'return s[..., :, None] * np.eye(s.shape[-1]) - np.einsum("...i,...j->ij", s, s)'},
          delete=('eye = np.eye(s.shape[-1], dtype=s.dtype)',)),
    Wrong('jacobian', 'vjp-without-subtraction',
          why='The vector-Jacobian product forgets the subtracted dot product.',
          replace={'s, g = np.asarray(s), np.asarray(g)': 'return s * g'},
          delete=('return s * (g - np.sum(g * s, axis=-1, keepdims=True))',)),
    Wrong('jacobian', 'vjp-dot-over-whole-batch',
          why='The dot product is summed over the whole batch instead of each row.',
          replace={'return s * (g - np.sum(g * s, axis=-1, keepdims=True))':
                   'return s * (g - np.sum(g * s))'},
          delete=('s, g = np.asarray(s), np.asarray(g)',)),
    Wrong('backward', 'dS-without-rowsum',
          why='The softmax backward forgets to subtract the row sum.',
          replace={'dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True))': 'dS = A * dA'}),
    Wrong('backward', 'uses-torch-autograd',
          why='The exercise is the hand-written backward pass; letting autograd do it is the shortcut a '
              'student under time pressure takes (correct numbers, no derivation).',
          replace={'dQ = dS @ K / np.sqrt(d_k)                               # (..., n_q, d_k)\n':
                   'dQ = dS @ K / np.sqrt(d_k)\n'
                   '    q, k, v = (torch.tensor(a, requires_grad=True) for a in (Q, K, V))\n'
                   '    s = q @ k.transpose(-1, -2) / d_k ** 0.5\n'
                   '    if mask is not None:\n'
                   '        s = s.masked_fill(~torch.as_tensor(mask), float("-inf"))\n'
                   '    (torch.softmax(s, -1) @ v).backward(torch.tensor(dO))\n'
                   '    dQ, dK, dV = q.grad.numpy(), k.grad.numpy(), v.grad.numpy()\n'
                   '    return dQ, dK, dV\n'}),
    Wrong('backward', 'dK-missing-transpose',
          why='dS is not transposed in dK.',
          replace={'dK = np.swapaxes(dS, -1, -2) @ Q / np.sqrt(d_k)': 'dK = dS @ Q / np.sqrt(d_k)'}),
    Wrong('backward', 'no-scale-in-dQ-dK',
          why='The 1/sqrt(d_k) is forgotten in the backward pass.',
          replace={'dQ = dS @ K / np.sqrt(d_k)': 'dQ = dS @ K',
                  'dK = np.swapaxes(dS, -1, -2) @ Q / np.sqrt(d_k)': 'dK = np.swapaxes(dS, -1, -2) @ Q'}),
    Wrong('backward', 'dV-A-not-transposed',
          why='A is not transposed in dV.',
          replace={'dV = np.swapaxes(A, -1, -2) @ dO': 'dV = A @ dO'}),
    Wrong('backward', 'mask-ignored',
          why='The mask is ignored in the backward pass.',
          replace={'S = np.where(mask, S, -np.inf)': 'pass'}),
    Wrong('backward', 'rowsum-over-queries',
          why='The row sum is taken over queries, axis -2.',
          replace={'dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True))':
                   'dS = A * (dA - np.sum(dA * A, axis=-2, keepdims=True))'}),
    Wrong('backward', 'dT-transpose-on-batch',
          why='.T reverses all axes, which is wrong for batched arrays.',
          replace={'dV = np.swapaxes(A, -1, -2) @ dO': 'dV = A.T @ dO',
                  'dK = np.swapaxes(dS, -1, -2) @ Q / np.sqrt(d_k)': 'dK = dS.T @ Q / np.sqrt(d_k)'}),
    Wrong('variance', 'scale-one-over-d-k',
          why='The scale is 1/d_k instead of 1/sqrt(d_k).',
          replace={'return float(1.0 / (sigma_q * sigma_k * math.sqrt(d_k)))':
                   'return float(1.0 / (sigma_q * sigma_k * d_k))'}),
    Wrong('variance', 'scale-ignores-sigmas',
          why='The standard deviations of q and k are ignored in the scale.',
          replace={'return float(1.0 / (sigma_q * sigma_k * math.sqrt(d_k)))':
                   'return float(1.0 / math.sqrt(d_k))'}),
    Wrong('variance', 'scale-divides-by-variances',
          why='The scale divides by the variances instead of the standard deviations.',
          replace={'return float(1.0 / (sigma_q * sigma_k * math.sqrt(d_k)))':
                   'return float(1.0 / (sigma_q ** 2 * sigma_k ** 2 * math.sqrt(d_k)))'}),
    Wrong('variance', 'estimate-returns-std',
          why='The standard deviation is returned where the spec asks for the variance.',
          replace={'return float(np.var(np.sum(q * k, axis=-1)))':
                   'return float(np.std(np.sum(q * k, axis=-1)))'}),
    Wrong('variance', 'variance-over-components',
          why='The variance is taken over components instead of the dot products.',
          replace={'return float(np.var(np.sum(q * k, axis=-1)))':
                   'return float(np.mean(np.var(q * k, axis=-1)))'}),
    Wrong('variance', 'sigma-used-as-variance',
          why='sigma is passed to rng.normal as the variance.',
          replace={'q = rng.normal(0.0, sigma_q, size=(n_samples, d_k))':
                   'q = rng.normal(0.0, sigma_q ** 2, size=(n_samples, d_k))',
                  'k = rng.normal(0.0, sigma_k, size=(n_samples, d_k))':
                   'k = rng.normal(0.0, sigma_k ** 2, size=(n_samples, d_k))'}),
    Wrong('causal', 'strict-triangle-excludes-diagonal',
          why='k=-1 excludes the diagonal, so each position cannot see itself.',
          replace={'S = np.where(np.tril(np.ones((n, n), dtype=bool)), S, -np.inf)':
                   'S = np.where(np.tril(np.ones((n, n), dtype=bool), k=-1), S, -np.inf)'}),
    Wrong('causal', 'upper-triangle-looks-ahead',
          why='triu instead of tril lets each position see the future.',
          replace={'S = np.where(np.tril(np.ones((n, n), dtype=bool)), S, -np.inf)':
                   'S = np.where(np.triu(np.ones((n, n), dtype=bool)), S, -np.inf)'}),
    Wrong('causal', 'no-mask',
          why='The causal mask is left out.',
          replace={'S = np.where(np.tril(np.ones((n, n), dtype=bool)), S, -np.inf)': 'pass'}),
    Wrong('causal', 'masked-after-softmax-not-renormalised',
          why='The mask is applied after the softmax, so rows no longer sum to 1.',
          replace={'S = np.where(np.tril(np.ones((n, n), dtype=bool)), S, -np.inf)': 'pass',
                  'return A @ V':
                   ('A = A * np.tril(np.ones((n, n)))\n'
                    '    return A @ V')}),
    Wrong('causal', 'masked-scores-set-to-zero',
          why='Masked scores are set to 0 instead of -inf.',
          replace={'S = np.where(np.tril(np.ones((n, n), dtype=bool)), S, -np.inf)':
                   'S = S * np.tril(np.ones((n, n)))'}),
    Wrong('causal', 'missing-scale',
          why='The 1/sqrt(d_k) is forgotten.',
          replace={'S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)': 'S = Q @ np.swapaxes(K, -1, -2)'}),
    Wrong('decoding', 'argmax-over-positions',
          why='argmax runs over positions instead of the vocabulary.',
          replace={'next_token = int(np.argmax(logits[-1]))':
                   'next_token = int(np.argmax(logits, axis=0)[-1])'}),
    Wrong('decoding', 'first-row-not-last',
          why="The first row of logits is used instead of the last position's.",
          replace={'next_token = int(np.argmax(logits[-1]))': 'next_token = int(np.argmax(logits[0]))'}),
    Wrong('decoding', 'ignores-eos',
          why='Decoding does not stop at the end-of-sequence token.',
          replace={'if next_token == eos:': 'pass'},
          delete=('break',)),
    Wrong('decoding', 'eos-not-kept',
          why='The end-of-sequence token is not appended to the output.',
          replace={'tokens.append(next_token)':
                   ('if next_token != eos:\n'
                    '            tokens.append(next_token)')}),
    Wrong('decoding', 'one-token-too-many',
          why='<= in the loop condition generates one token too many.',
          replace={'while len(tokens) < max_len:': 'while len(tokens) <= max_len:'}),
    Wrong('decoding', 'drops-bos',
          why='The beginning-of-sequence token is dropped from the output.',
          replace={'return np.array(tokens, dtype=np.int64)':
                   'return np.array(tokens[1:], dtype=np.int64)'}),
]
