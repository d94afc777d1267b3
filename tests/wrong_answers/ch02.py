"""Plausible wrong answers for the Chapter 2 lab; each must lose points when graded."""
WRONG_ANSWERS = {
    "self-attention": {
        "softmax-over-queries": '''def self_attention(X, W_Q, W_K, W_V):
    Q, K, V = X @ W_Q, X @ W_K, X @ W_V
    scores = Q @ K.T / math.sqrt(Q.shape[-1])
    A = np.exp(scores - scores.max(axis=0, keepdims=True))
    A = A / A.sum(axis=0, keepdims=True)
    return A @ V, A
''',
        "missing-scale": '''def self_attention(X, W_Q, W_K, W_V):
    Q, K, V = X @ W_Q, X @ W_K, X @ W_V
    scores = Q @ K.T
    A = np.exp(scores - scores.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    return A @ V, A
''',
        "scaled-by-sqrt-d-model": '''def self_attention(X, W_Q, W_K, W_V):
    Q, K, V = X @ W_Q, X @ W_K, X @ W_V
    scores = Q @ K.T / math.sqrt(X.shape[-1])
    A = np.exp(scores - scores.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    return A @ V, A
''',
        "scaled-by-d-k-not-its-root": '''def self_attention(X, W_Q, W_K, W_V):
    Q, K, V = X @ W_Q, X @ W_K, X @ W_V
    scores = Q @ K.T / Q.shape[-1]
    A = np.exp(scores - scores.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    return A @ V, A
''',
        "weights-transposed": '''def self_attention(X, W_Q, W_K, W_V):
    Q, K, V = X @ W_Q.T, X @ W_K.T, X @ W_V.T
    scores = Q @ K.T / math.sqrt(Q.shape[-1])
    A = np.exp(scores - scores.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    return A @ V, A
''',
        "values-are-the-inputs": '''def self_attention(X, W_Q, W_K, W_V):
    Q, K = X @ W_Q, X @ W_K
    scores = Q @ K.T / math.sqrt(Q.shape[-1])
    A = np.exp(scores - scores.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    return A @ X, A
''',
        "no-max-subtraction-overflows": '''def self_attention(X, W_Q, W_K, W_V):
    Q, K, V = X @ W_Q, X @ W_K, X @ W_V
    A = np.exp(Q @ K.T / math.sqrt(Q.shape[-1]))
    A = A / A.sum(axis=-1, keepdims=True)
    return A @ V, A
''',
    },
    "equivariance": {
        "output-not-permuted": '''def check_equivariance(f, X, perm, atol=1e-8):
    return bool(np.allclose(f(X[perm]), f(X), atol=atol))
''',
        "inverse-permutation-on-output": '''def check_equivariance(f, X, perm, atol=1e-8):
    inverse = np.argsort(perm)
    return bool(np.allclose(f(X[perm]), f(X)[inverse], atol=atol))
''',
        "first-row-only": '''def check_equivariance(f, X, perm, atol=1e-8):
    return bool(np.allclose(f(X[perm])[0], f(X)[perm][0], atol=atol))
''',
        "always-true": '''def check_equivariance(f, X, perm, atol=1e-8):
    return True
''',
        "exact-equality": '''def check_equivariance(f, X, perm, atol=1e-8):
    return bool(np.array_equal(f(X[perm]), f(X)[perm]))
''',
        "atol-ignored": '''def check_equivariance(f, X, perm, atol=1e-8):
    return bool(np.allclose(f(X[perm]), f(X)[perm]))
''',
    },
    "positions": {
        "added-after-attention": '''def self_attention_with_positions(X, W_Q, W_K, W_V, P):
    O, A = self_attention(X, W_Q, W_K, W_V)
    return O + P[:X.shape[0]], A
''',
        "values-without-positions": '''def self_attention_with_positions(X, W_Q, W_K, W_V, P):
    Xp = X + P[:X.shape[0]]
    Q, K, V = Xp @ W_Q, Xp @ W_K, X @ W_V
    scores = Q @ K.T / math.sqrt(Q.shape[-1])
    A = np.exp(scores - scores.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    return A @ V, A
''',
        "last-rows-of-the-table": '''def self_attention_with_positions(X, W_Q, W_K, W_V, P):
    return self_attention(X + P[-X.shape[0]:], W_Q, W_K, W_V)
''',
        "positions-ignored": '''def self_attention_with_positions(X, W_Q, W_K, W_V, P):
    return self_attention(X, W_Q, W_K, W_V)
''',
        "multiplied-not-added": '''def self_attention_with_positions(X, W_Q, W_K, W_V, P):
    return self_attention(X * P[:X.shape[0]], W_Q, W_K, W_V)
''',
        "table-reversed": '''def self_attention_with_positions(X, W_Q, W_K, W_V, P):
    return self_attention(X + P[:X.shape[0]][::-1], W_Q, W_K, W_V)
''',
    },
    "gumbel": {
        "noise-minus-log-u": '''def gumbel_softmax(logits, u, tau=1.0, hard=False):
    g = -torch.log(u)
    y_soft = torch.softmax((logits + g) / tau, dim=-1)
    if not hard:
        return y_soft
    y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)
    return y_hard - y_soft.detach() + y_soft
''',
        "noise-sign-flipped": '''def gumbel_softmax(logits, u, tau=1.0, hard=False):
    g = torch.log(-torch.log(u))
    y_soft = torch.softmax((logits + g) / tau, dim=-1)
    if not hard:
        return y_soft
    y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)
    return y_hard - y_soft.detach() + y_soft
''',
        "temperature-multiplied": '''def gumbel_softmax(logits, u, tau=1.0, hard=False):
    g = -torch.log(-torch.log(u))
    y_soft = torch.softmax((logits + g) * tau, dim=-1)
    if not hard:
        return y_soft
    y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)
    return y_hard - y_soft.detach() + y_soft
''',
        "straight-through-without-detach": '''def gumbel_softmax(logits, u, tau=1.0, hard=False):
    g = -torch.log(-torch.log(u))
    y_soft = torch.softmax((logits + g) / tau, dim=-1)
    if not hard:
        return y_soft
    y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)
    return y_hard - y_soft + y_soft
''',
        "hard-one-hot-without-gradient": '''def gumbel_softmax(logits, u, tau=1.0, hard=False):
    g = -torch.log(-torch.log(u))
    y_soft = torch.softmax((logits + g) / tau, dim=-1)
    if not hard:
        return y_soft
    return F.one_hot(y_soft.argmax(-1), y_soft.shape[-1]).to(y_soft.dtype)
''',
        "hard-argmax-ignores-noise": '''def gumbel_softmax(logits, u, tau=1.0, hard=False):
    g = -torch.log(-torch.log(u))
    y_soft = torch.softmax((logits + g) / tau, dim=-1)
    if not hard:
        return y_soft
    y_hard = torch.zeros_like(y_soft).scatter_(-1, logits.argmax(-1, keepdim=True), 1.0)
    return y_hard - y_soft.detach() + y_soft
''',
        "softmax-over-first-axis": '''def gumbel_softmax(logits, u, tau=1.0, hard=False):
    g = -torch.log(-torch.log(u))
    y_soft = torch.softmax((logits + g) / tau, dim=0)
    if not hard:
        return y_soft
    y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)
    return y_hard - y_soft.detach() + y_soft
''',
    },
    "reinforce": {
        "sign-flipped": '''def reinforce_gradient(logits, actions, rewards, baseline=0.0):
    p = np.exp(logits - np.max(logits))
    p = p / p.sum()
    onehot = np.eye(len(p))[actions]
    return -((rewards - baseline)[:, None] * (onehot - p)).mean(axis=0)
''',
        "summed-not-averaged": '''def reinforce_gradient(logits, actions, rewards, baseline=0.0):
    p = np.exp(logits - np.max(logits))
    p = p / p.sum()
    onehot = np.eye(len(p))[actions]
    return ((rewards - baseline)[:, None] * (onehot - p)).sum(axis=0)
''',
        "baseline-ignored": '''def reinforce_gradient(logits, actions, rewards, baseline=0.0):
    p = np.exp(logits - np.max(logits))
    p = p / p.sum()
    onehot = np.eye(len(p))[actions]
    return (rewards[:, None] * (onehot - p)).mean(axis=0)
''',
        "baseline-added": '''def reinforce_gradient(logits, actions, rewards, baseline=0.0):
    p = np.exp(logits - np.max(logits))
    p = p / p.sum()
    onehot = np.eye(len(p))[actions]
    return ((rewards + baseline)[:, None] * (onehot - p)).mean(axis=0)
''',
        "gradient-of-p-not-log-p": '''def reinforce_gradient(logits, actions, rewards, baseline=0.0):
    p = np.exp(logits - np.max(logits))
    p = p / p.sum()
    onehot = np.eye(len(p))[actions]
    grad_p = p[actions][:, None] * (onehot - p)
    return ((rewards - baseline)[:, None] * grad_p).mean(axis=0)
''',
        "forgets-minus-p": '''def reinforce_gradient(logits, actions, rewards, baseline=0.0):
    onehot = np.eye(len(logits))[actions]
    return ((rewards - baseline)[:, None] * onehot).mean(axis=0)
''',
    },
}
