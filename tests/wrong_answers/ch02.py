"""Plausible wrong answers for the Chapter 2 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('self-attention', 'softmax-over-queries',
          why='axis=0 is the default-looking choice, so the softmax runs over queries.',
          replace={'A = np.exp(scores - scores.max(axis=-1, keepdims=True))':
                   'A = np.exp(scores - scores.max(axis=0, keepdims=True))',
                  'A = A / A.sum(axis=-1, keepdims=True)': 'A = A / A.sum(axis=0, keepdims=True)'}),
    Wrong('self-attention', 'missing-scale',
          why='The 1/sqrt(d_k) is the part of Q K^T / sqrt(d_k) that is easiest to forget.',
          replace={'scores = Q @ K.T / math.sqrt(Q.shape[-1])': 'scores = Q @ K.T'}),
    Wrong('self-attention', 'scaled-by-sqrt-d-model',
          why='The scale is taken from the input width, which equals d_k only when the projections are square.',
          replace={'scores = Q @ K.T / math.sqrt(Q.shape[-1])':
                   'scores = Q @ K.T / math.sqrt(X.shape[-1])'}),
    Wrong('self-attention', 'scaled-by-d-k-not-its-root',
          why='Dividing by d_k instead of its square root is a common misreading of the scale.',
          replace={'scores = Q @ K.T / math.sqrt(Q.shape[-1])': 'scores = Q @ K.T / Q.shape[-1]'}),
    Wrong('self-attention', 'weights-transposed',
          why='Linear layers compute x W^T, so the projections are transposed out of habit.',
          replace={'Q, K, V = X @ W_Q, X @ W_K, X @ W_V': 'Q, K, V = X @ W_Q.T, X @ W_K.T, X @ W_V.T'}),
    Wrong('self-attention', 'values-are-the-inputs',
          why="Values are taken to be the inputs themselves, as in the chapter's parameter-free attention.",
          replace={'Q, K, V = X @ W_Q, X @ W_K, X @ W_V': 'Q, K = X @ W_Q, X @ W_K',
                  'return A @ V, A': 'return A @ X, A'}),
    Wrong('self-attention', 'no-max-subtraction-overflows',
          why='The softmax is written as exp over its sum without subtracting the maximum.',
          replace={'scores = Q @ K.T / math.sqrt(Q.shape[-1])':
                   'A = np.exp(Q @ K.T / math.sqrt(Q.shape[-1]))'},
          delete=('A = np.exp(scores - scores.max(axis=-1, keepdims=True))',)),
    Wrong('equivariance', 'output-not-permuted',
          why='The check compares f(X[perm]) with f(X), forgetting that equivariance permutes the output too.',
          replace={'return bool(np.allclose(f(X[perm]), f(X)[perm], atol=atol))':
                   'return bool(np.allclose(f(X[perm]), f(X), atol=atol))'},
          delete=('perm = np.asarray(perm)',)),
    Wrong('equivariance', 'inverse-permutation-on-output',
          why='Permutation direction is easy to confuse, so the inverse is applied to the output.',
          replace={'perm = np.asarray(perm)': 'inverse = np.argsort(perm)',
                  'return bool(np.allclose(f(X[perm]), f(X)[perm], atol=atol))':
                   'return bool(np.allclose(f(X[perm]), f(X)[inverse], atol=atol))'}),
    Wrong('equivariance', 'first-row-only',
          why='Checking one row looks like a quick sanity check but misses the rest.',
          replace={'return bool(np.allclose(f(X[perm]), f(X)[perm], atol=atol))':
                   'return bool(np.allclose(f(X[perm])[0], f(X)[perm][0], atol=atol))'},
          delete=('perm = np.asarray(perm)',)),
    Wrong('equivariance', 'always-true',
          why='Self-attention is known to be equivariant, so the check just asserts it.',
          replace={'perm = np.asarray(perm)': 'return True'},
          delete=('return bool(np.allclose(f(X[perm]), f(X)[perm], atol=atol))',)),
    Wrong('equivariance', 'exact-equality',
          why='Exact equality is used where floating point needs a tolerance.',
          replace={'return bool(np.allclose(f(X[perm]), f(X)[perm], atol=atol))':
                   'return bool(np.array_equal(f(X[perm]), f(X)[perm]))'},
          delete=('perm = np.asarray(perm)',)),
    Wrong('equivariance', 'atol-ignored',
          why="The atol argument is accepted but np.allclose's default tolerance is used.",
          replace={'return bool(np.allclose(f(X[perm]), f(X)[perm], atol=atol))':
                   'return bool(np.allclose(f(X[perm]), f(X)[perm]))'},
          delete=('perm = np.asarray(perm)',)),
    Wrong('positions', 'added-after-attention',
          why='Positions are added to the output instead of the input.',
          replace={'n = X.shape[0]': 'O, A = self_attention(X, W_Q, W_K, W_V)',
                  'return self_attention(X + P[:n], W_Q, W_K, W_V)': 'return O + P[:X.shape[0]], A'}),
    Wrong('positions', 'values-without-positions',
          why='Positions are added only where they seem to matter, to queries and keys.',
          replace={'n = X.shape[0]':
                   ('Xp = X + P[:X.shape[0]]\n'
                    '    Q, K, V = Xp @ W_Q, Xp @ W_K, X @ W_V\n'
                    '    scores = Q @ K.T / math.sqrt(Q.shape[-1])\n'
                    '    A = np.exp(scores - scores.max(axis=-1, keepdims=True))\n'
                    '    A = A / A.sum(axis=-1, keepdims=True)\n'
                    '    return A @ V, A')},
          delete=('return self_attention(X + P[:n], W_Q, W_K, W_V)',)),
    Wrong('positions', 'last-rows-of-the-table',
          why='Slicing the table from the end takes the last n rows instead of the first.',
          replace={'return self_attention(X + P[:n], W_Q, W_K, W_V)':
                   'return self_attention(X + P[-X.shape[0]:], W_Q, W_K, W_V)'},
          delete=('n = X.shape[0]',)),
    Wrong('positions', 'positions-ignored',
          why='The table is computed but never added.',
          replace={'return self_attention(X + P[:n], W_Q, W_K, W_V)':
                   'return self_attention(X, W_Q, W_K, W_V)'},
          delete=('n = X.shape[0]',)),
    Wrong('positions', 'multiplied-not-added',
          why='Positions are combined with the inputs by multiplication instead of addition.',
          replace={'return self_attention(X + P[:n], W_Q, W_K, W_V)':
                   'return self_attention(X * P[:X.shape[0]], W_Q, W_K, W_V)'},
          delete=('n = X.shape[0]',)),
    Wrong('positions', 'table-reversed',
          why='The table is reversed, numbering positions from the end.',
          replace={'return self_attention(X + P[:n], W_Q, W_K, W_V)':
                   'return self_attention(X + P[:X.shape[0]][::-1], W_Q, W_K, W_V)'},
          delete=('n = X.shape[0]',)),
    Wrong('gumbel', 'noise-minus-log-u',
          why='Gumbel noise is -log(-log u); one log is easy to drop.',
          replace={'g = -torch.log(-torch.log(u))': 'g = -torch.log(u)',
                  'y_hard = torch.zeros_like(y_soft).scatter_(-1, index, 1.0)':
                   'y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)'},
          delete=('index = y_soft.argmax(dim=-1, keepdim=True)',)),
    Wrong('gumbel', 'noise-sign-flipped',
          why='The outer minus sign of -log(-log u) is dropped.',
          replace={'g = -torch.log(-torch.log(u))': 'g = torch.log(-torch.log(u))',
                  'y_hard = torch.zeros_like(y_soft).scatter_(-1, index, 1.0)':
                   'y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)'},
          delete=('index = y_soft.argmax(dim=-1, keepdim=True)',)),
    Wrong('gumbel', 'temperature-multiplied',
          why='The temperature multiplies the logits instead of dividing them.',
          replace={'y_soft = torch.softmax((logits + g) / tau, dim=-1)':
                   'y_soft = torch.softmax((logits + g) * tau, dim=-1)',
                  'y_hard = torch.zeros_like(y_soft).scatter_(-1, index, 1.0)':
                   'y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)'},
          delete=('index = y_soft.argmax(dim=-1, keepdim=True)',)),
    Wrong('gumbel', 'straight-through-without-detach',
          why='Without detach the straight-through trick cancels to the hard sample with no gradient.',
          replace={'y_hard = torch.zeros_like(y_soft).scatter_(-1, index, 1.0)':
                   'y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)',
                  'return y_hard - y_soft.detach() + y_soft': 'return y_hard - y_soft + y_soft'},
          delete=('index = y_soft.argmax(dim=-1, keepdim=True)',)),
    Wrong('gumbel', 'hard-one-hot-without-gradient',
          why='The hard one-hot is returned directly, forgetting the straight-through estimator.',
          replace={'return y_hard - y_soft.detach() + y_soft':
                   'return F.one_hot(y_soft.argmax(-1), y_soft.shape[-1]).to(y_soft.dtype)'},
          delete=('index = y_soft.argmax(dim=-1, keepdim=True)', 'y_hard = torch.zeros_like(y_soft).scatter_(-1, index, 1.0)')),
    Wrong('gumbel', 'hard-argmax-ignores-noise',
          why='The argmax is taken of the logits, not of the noisy sample.',
          replace={'y_hard = torch.zeros_like(y_soft).scatter_(-1, index, 1.0)':
                   'y_hard = torch.zeros_like(y_soft).scatter_(-1, logits.argmax(-1, keepdim=True), 1.0)'},
          delete=('index = y_soft.argmax(dim=-1, keepdim=True)',)),
    Wrong('gumbel', 'softmax-over-first-axis',
          why='dim=0 is used for the softmax, normalising over the batch.',
          replace={'y_soft = torch.softmax((logits + g) / tau, dim=-1)':
                   'y_soft = torch.softmax((logits + g) / tau, dim=0)',
                  'y_hard = torch.zeros_like(y_soft).scatter_(-1, index, 1.0)':
                   'y_hard = torch.zeros_like(y_soft).scatter_(-1, y_soft.argmax(-1, keepdim=True), 1.0)'},
          delete=('index = y_soft.argmax(dim=-1, keepdim=True)',)),
    Wrong('reinforce', 'sign-flipped',
          why='The gradient of the loss is returned instead of the gradient of the expected reward.',
          replace={'p = np.exp(logits - logits.max())': 'p = np.exp(logits - np.max(logits))',
                  'onehot = np.eye(len(p))[np.asarray(actions)]': 'onehot = np.eye(len(p))[actions]',
                  'return (advantage[:, None] * (onehot - p)).mean(axis=0)':
                   'return -((rewards - baseline)[:, None] * (onehot - p)).mean(axis=0)'},
          delete=('logits = np.asarray(logits, dtype=float)', 'advantage = np.asarray(rewards, dtype=float) - baseline')),
    Wrong('reinforce', 'summed-not-averaged',
          why='The batch is summed instead of averaged.',
          replace={'p = np.exp(logits - logits.max())': 'p = np.exp(logits - np.max(logits))',
                  'onehot = np.eye(len(p))[np.asarray(actions)]': 'onehot = np.eye(len(p))[actions]',
                  'return (advantage[:, None] * (onehot - p)).mean(axis=0)':
                   'return ((rewards - baseline)[:, None] * (onehot - p)).sum(axis=0)'},
          delete=('logits = np.asarray(logits, dtype=float)', 'advantage = np.asarray(rewards, dtype=float) - baseline')),
    Wrong('reinforce', 'baseline-ignored',
          why='The baseline is accepted but not subtracted from the reward.',
          replace={'p = np.exp(logits - logits.max())': 'p = np.exp(logits - np.max(logits))',
                  'onehot = np.eye(len(p))[np.asarray(actions)]': 'onehot = np.eye(len(p))[actions]',
                  'return (advantage[:, None] * (onehot - p)).mean(axis=0)':
                   'return (rewards[:, None] * (onehot - p)).mean(axis=0)'},
          delete=('logits = np.asarray(logits, dtype=float)', 'advantage = np.asarray(rewards, dtype=float) - baseline')),
    Wrong('reinforce', 'baseline-added',
          why='The baseline is added instead of subtracted.',
          replace={'p = np.exp(logits - logits.max())': 'p = np.exp(logits - np.max(logits))',
                  'onehot = np.eye(len(p))[np.asarray(actions)]': 'onehot = np.eye(len(p))[actions]',
                  'return (advantage[:, None] * (onehot - p)).mean(axis=0)':
                   'return ((rewards + baseline)[:, None] * (onehot - p)).mean(axis=0)'},
          delete=('logits = np.asarray(logits, dtype=float)', 'advantage = np.asarray(rewards, dtype=float) - baseline')),
    Wrong('reinforce', 'gradient-of-p-not-log-p',
          why='The gradient of p is used instead of the gradient of log p.',
          replace={'p = np.exp(logits - logits.max())': 'p = np.exp(logits - np.max(logits))',
                  'onehot = np.eye(len(p))[np.asarray(actions)]': 'onehot = np.eye(len(p))[actions]',
                  'advantage = np.asarray(rewards, dtype=float) - baseline':
                   'grad_p = p[actions][:, None] * (onehot - p)',
                  'return (advantage[:, None] * (onehot - p)).mean(axis=0)':
                   'return ((rewards - baseline)[:, None] * grad_p).mean(axis=0)'},
          delete=('logits = np.asarray(logits, dtype=float)',)),
    Wrong('reinforce', 'forgets-minus-p',
          why='The gradient of log softmax is written as the one-hot alone, forgetting to subtract p.',
          replace={'onehot = np.eye(len(p))[np.asarray(actions)]':
                   'onehot = np.eye(len(logits))[actions]',
                  'return (advantage[:, None] * (onehot - p)).mean(axis=0)':
                   'return ((rewards - baseline)[:, None] * onehot).mean(axis=0)'},
          delete=('logits = np.asarray(logits, dtype=float)', 'p = np.exp(logits - logits.max())', 'p = p / p.sum()', 'advantage = np.asarray(rewards, dtype=float) - baseline')),
]
