"""Plausible wrong answers for the Chapter 4 lab; each must lose points when graded."""

_VJP_OK = '''

def softmax_vjp(s, g):
    s, g = np.asarray(s), np.asarray(g)
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))
'''

_JAC_OK = '''def softmax_jacobian(s):
    s = np.asarray(s)
    eye = np.eye(s.shape[-1], dtype=s.dtype)
    return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]

'''

_SCALE_OK = '''

def score_scale(d_k, sigma_q=1.0, sigma_k=1.0):
    return float(1.0 / (sigma_q * sigma_k * math.sqrt(d_k)))
'''

_VAR_OK = '''def dot_product_variance(d_k, n_samples, rng, sigma_q=1.0, sigma_k=1.0):
    q = rng.normal(0.0, sigma_q, size=(n_samples, d_k))
    k = rng.normal(0.0, sigma_k, size=(n_samples, d_k))
    return float(np.var(np.sum(q * k, axis=-1)))

'''


def _backward(forward_mask="S = np.where(mask, S, -np.inf)", dV="np.swapaxes(A, -1, -2) @ dO",
              dS="A * (dA - np.sum(dA * A, axis=-1, keepdims=True))", dQ="dS @ K / np.sqrt(d_k)",
              dK="np.swapaxes(dS, -1, -2) @ Q / np.sqrt(d_k)"):
    return f'''def attention_backward(Q, K, V, dO, mask=None):
    d_k = Q.shape[-1]
    S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)
    if mask is not None:
        {forward_mask}
    A = np.exp(S - S.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    dV = {dV}
    dA = dO @ np.swapaxes(V, -1, -2)
    dS = {dS}
    dQ = {dQ}
    dK = {dK}
    return dQ, dK, dV
'''


def _causal(mask_line="S = np.where(np.tril(np.ones((n, n), dtype=bool)), S, -np.inf)",
            scale="/ np.sqrt(d_k)", after=""):
    return f'''def causal_self_attention(X, W_q, W_k, W_v):
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    n, d_k = X.shape[-2], W_q.shape[-1]
    S = Q @ np.swapaxes(K, -1, -2) {scale}
    {mask_line}
    A = np.exp(S - S.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    {after}
    return A @ V
'''


def _decode(loop="while len(tokens) < max_len:", pick="int(np.argmax(logits[-1]))",
            stop="if next_token == eos:\n            break", append="tokens.append(next_token)",
            ret="np.array(tokens, dtype=np.int64)"):
    return f'''def greedy_decode(step_logits, bos, eos, max_len):
    tokens = [bos]
    {loop}
        logits = np.asarray(step_logits(np.array(tokens, dtype=np.int64)))
        next_token = {pick}
        {append}
        {stop}
    return {ret}
'''


WRONG_ANSWERS = {
    "jacobian": {
        "missing-diag": '''def softmax_jacobian(s):
    s = np.asarray(s)
    return -s[..., :, None] * s[..., None, :]
''' + _VJP_OK,
        "sign-flipped": '''def softmax_jacobian(s):
    s = np.asarray(s)
    eye = np.eye(s.shape[-1])
    return s[..., :, None] * s[..., None, :] - s[..., :, None] * eye
''' + _VJP_OK,
        "diag-only": '''def softmax_jacobian(s):
    s = np.asarray(s)
    return s[..., :, None] * np.eye(s.shape[-1])
''' + _VJP_OK,
        "np-diag-outer-not-batched": '''def softmax_jacobian(s):
    return np.diag(s) - np.outer(s, s)
''' + _VJP_OK,
        "outer-summed-over-batch": '''def softmax_jacobian(s):
    s = np.asarray(s)
    return s[..., :, None] * np.eye(s.shape[-1]) - np.einsum("...i,...j->ij", s, s)
''' + _VJP_OK,
        "vjp-without-subtraction": _JAC_OK + '''
def softmax_vjp(s, g):
    return s * g
''',
        "vjp-dot-over-whole-batch": _JAC_OK + '''
def softmax_vjp(s, g):
    return s * (g - np.sum(g * s))
''',
    },
    "backward": {
        "dS-without-rowsum": _backward(dS="A * dA"),
        "dK-missing-transpose": _backward(dK="dS @ Q / np.sqrt(d_k)"),
        "no-scale-in-dQ-dK": _backward(dQ="dS @ K", dK="np.swapaxes(dS, -1, -2) @ Q"),
        "dV-A-not-transposed": _backward(dV="A @ dO"),
        "mask-ignored": _backward(forward_mask="pass"),
        "rowsum-over-queries": _backward(dS="A * (dA - np.sum(dA * A, axis=-2, keepdims=True))"),
        "dT-transpose-on-batch": _backward(dV="A.T @ dO", dK="dS.T @ Q / np.sqrt(d_k)"),
    },
    "variance": {
        "scale-one-over-d-k": _VAR_OK + '''
def score_scale(d_k, sigma_q=1.0, sigma_k=1.0):
    return float(1.0 / (sigma_q * sigma_k * d_k))
''',
        "scale-ignores-sigmas": _VAR_OK + '''
def score_scale(d_k, sigma_q=1.0, sigma_k=1.0):
    return float(1.0 / math.sqrt(d_k))
''',
        "scale-divides-by-variances": _VAR_OK + '''
def score_scale(d_k, sigma_q=1.0, sigma_k=1.0):
    return float(1.0 / (sigma_q ** 2 * sigma_k ** 2 * math.sqrt(d_k)))
''',
        "estimate-returns-std": '''def dot_product_variance(d_k, n_samples, rng, sigma_q=1.0, sigma_k=1.0):
    q = rng.normal(0.0, sigma_q, size=(n_samples, d_k))
    k = rng.normal(0.0, sigma_k, size=(n_samples, d_k))
    return float(np.std(np.sum(q * k, axis=-1)))
''' + _SCALE_OK,
        "variance-over-components": '''def dot_product_variance(d_k, n_samples, rng, sigma_q=1.0, sigma_k=1.0):
    q = rng.normal(0.0, sigma_q, size=(n_samples, d_k))
    k = rng.normal(0.0, sigma_k, size=(n_samples, d_k))
    return float(np.mean(np.var(q * k, axis=-1)))
''' + _SCALE_OK,
        "sigma-used-as-variance": '''def dot_product_variance(d_k, n_samples, rng, sigma_q=1.0, sigma_k=1.0):
    q = rng.normal(0.0, sigma_q ** 2, size=(n_samples, d_k))
    k = rng.normal(0.0, sigma_k ** 2, size=(n_samples, d_k))
    return float(np.var(np.sum(q * k, axis=-1)))
''' + _SCALE_OK,
    },
    "causal": {
        "strict-triangle-excludes-diagonal":
            _causal(mask_line="S = np.where(np.tril(np.ones((n, n), dtype=bool), k=-1), S, -np.inf)"),
        "upper-triangle-looks-ahead": _causal(mask_line="S = np.where(np.triu(np.ones((n, n), dtype=bool)), S, -np.inf)"),
        "no-mask": _causal(mask_line="pass"),
        "masked-after-softmax-not-renormalised":
            _causal(mask_line="pass", after="A = A * np.tril(np.ones((n, n)))"),
        "masked-scores-set-to-zero": _causal(mask_line="S = S * np.tril(np.ones((n, n)))"),
        "missing-scale": _causal(scale=""),
    },
    "decoding": {
        "argmax-over-positions": _decode(pick="int(np.argmax(logits, axis=0)[-1])"),
        "first-row-not-last": _decode(pick="int(np.argmax(logits[0]))"),
        "ignores-eos": _decode(stop="pass"),
        "eos-not-kept": _decode(append="if next_token != eos:\n            tokens.append(next_token)"),
        "one-token-too-many": _decode(loop="while len(tokens) <= max_len:"),
        "drops-bos": _decode(ret="np.array(tokens[1:], dtype=np.int64)"),
    },
}
