"""Plausible wrong answers for the Chapter 8 lab; each must lose points when graded."""
WRONG_ANSWERS = {
    'online': {
        'old-sum-not-rescaled': '''def softmax_stats_update(m, l, s):
    """One step of the online softmax.

    m, l: (...) running maximum and normaliser; s: (..., block) new scores.
    Returns (m_new, l_new), each of shape (...).
    """
    m_new = torch.maximum(m, s.amax(dim=-1))
    l_new = l + torch.exp(s - m_new[..., None]).sum(dim=-1)
    return m_new, l_new
def online_softmax(x, block_size):
    """Softmax of x (..., n) along the last axis, with (m, l) accumulated over blocks of block_size."""
    m = torch.full(x.shape[:-1], -math.inf, dtype=x.dtype, device=x.device)
    l = torch.zeros(x.shape[:-1], dtype=x.dtype, device=x.device)
    for start in range(0, x.shape[-1], block_size):
        m, l = softmax_stats_update(m, l, x[..., start:start + block_size])
    return torch.exp(x - m[..., None]) / l[..., None]
''',
        'm-initialised-to-zero': '''def softmax_stats_update(m, l, s):
    """One step of the online softmax.

    m, l: (...) running maximum and normaliser; s: (..., block) new scores.
    Returns (m_new, l_new), each of shape (...).
    """
    m_new = torch.maximum(m, s.amax(dim=-1))
    l_new = torch.exp(m - m_new) * l + torch.exp(s - m_new[..., None]).sum(dim=-1)
    return m_new, l_new
def online_softmax(x, block_size):
    """Softmax of x (..., n) along the last axis, with (m, l) accumulated over blocks of block_size."""
    m = torch.full(x.shape[:-1], 0.0, dtype=x.dtype, device=x.device)
    l = torch.zeros(x.shape[:-1], dtype=x.dtype, device=x.device)
    for start in range(0, x.shape[-1], block_size):
        m, l = softmax_stats_update(m, l, x[..., start:start + block_size])
    return torch.exp(x - m[..., None]) / l[..., None]
''',
        'rescale-by-new-minus-old': '''def softmax_stats_update(m, l, s):
    """One step of the online softmax.

    m, l: (...) running maximum and normaliser; s: (..., block) new scores.
    Returns (m_new, l_new), each of shape (...).
    """
    m_new = torch.maximum(m, s.amax(dim=-1))
    l_new = torch.exp(m_new - m) * l + torch.exp(s - m_new[..., None]).sum(dim=-1)
    return m_new, l_new
def online_softmax(x, block_size):
    """Softmax of x (..., n) along the last axis, with (m, l) accumulated over blocks of block_size."""
    m = torch.full(x.shape[:-1], -math.inf, dtype=x.dtype, device=x.device)
    l = torch.zeros(x.shape[:-1], dtype=x.dtype, device=x.device)
    for start in range(0, x.shape[-1], block_size):
        m, l = softmax_stats_update(m, l, x[..., start:start + block_size])
    return torch.exp(x - m[..., None]) / l[..., None]
''',
        'last-partial-block-dropped': '''def softmax_stats_update(m, l, s):
    """One step of the online softmax.

    m, l: (...) running maximum and normaliser; s: (..., block) new scores.
    Returns (m_new, l_new), each of shape (...).
    """
    m_new = torch.maximum(m, s.amax(dim=-1))
    l_new = torch.exp(m - m_new) * l + torch.exp(s - m_new[..., None]).sum(dim=-1)
    return m_new, l_new
def online_softmax(x, block_size):
    """Softmax of x (..., n) along the last axis, with (m, l) accumulated over blocks of block_size."""
    m = torch.full(x.shape[:-1], -math.inf, dtype=x.dtype, device=x.device)
    l = torch.zeros(x.shape[:-1], dtype=x.dtype, device=x.device)
    for start in range(0, x.shape[-1] - block_size + 1, block_size):
        m, l = softmax_stats_update(m, l, x[..., start:start + block_size])
    return torch.exp(x - m[..., None]) / l[..., None]
''',
        'block-sum-not-shifted-by-new-max': '''def softmax_stats_update(m, l, s):
    """One step of the online softmax.

    m, l: (...) running maximum and normaliser; s: (..., block) new scores.
    Returns (m_new, l_new), each of shape (...).
    """
    m_new = torch.maximum(m, s.amax(dim=-1))
    l_new = torch.exp(m - m_new) * l + torch.exp(s - s.amax(dim=-1, keepdim=True)).sum(dim=-1)
    return m_new, l_new
def online_softmax(x, block_size):
    """Softmax of x (..., n) along the last axis, with (m, l) accumulated over blocks of block_size."""
    m = torch.full(x.shape[:-1], -math.inf, dtype=x.dtype, device=x.device)
    l = torch.zeros(x.shape[:-1], dtype=x.dtype, device=x.device)
    for start in range(0, x.shape[-1], block_size):
        m, l = softmax_stats_update(m, l, x[..., start:start + block_size])
    return torch.exp(x - m[..., None]) / l[..., None]
''',
    },
    'tiled': {
        'normaliser-not-rescaled': '''def tiled_attention(Q, K, V, block_size, causal=False):
    """Exact scaled dot-product attention, computed tile by tile with the online softmax.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    causal: query i attends to keys j <= i (requires n_q == n_k).
    """
    n_q, n_k, d = Q.shape[-2], K.shape[-2], Q.shape[-1]
    scale = 1.0 / math.sqrt(d)
    out = torch.empty(Q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)
    for q0 in range(0, n_q, block_size):
        q = Q[..., q0:q0 + block_size, :] * scale                          # (..., bq, d)
        bq = q.shape[-2]
        m = torch.full(q.shape[:-1] + (1,), -math.inf, dtype=Q.dtype, device=Q.device)  # (..., bq, 1)
        l = torch.zeros_like(m)
        acc = torch.zeros(q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)  # (..., bq, d_v)
        for k0 in range(0, n_k, block_size):
            if causal and k0 > q0 + bq - 1:
                break                                                      # the whole key block is in the future
            s = q @ K[..., k0:k0 + block_size, :].transpose(-1, -2)        # (..., bq, bk)
            if causal:
                rows = torch.arange(q0, q0 + bq, device=Q.device)[:, None]
                cols = torch.arange(k0, k0 + s.shape[-1], device=Q.device)[None, :]
                s = s.masked_fill(cols > rows, -math.inf)
            m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
            alpha = torch.exp(m - m_new)
            p = torch.exp(s - m_new)
            l = l + p.sum(dim=-1, keepdim=True)
            acc = alpha * acc + p @ V[..., k0:k0 + block_size, :]
            m = m_new
        out[..., q0:q0 + bq, :] = acc / l
    return out
''',
        'accumulator-not-rescaled': '''def tiled_attention(Q, K, V, block_size, causal=False):
    """Exact scaled dot-product attention, computed tile by tile with the online softmax.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    causal: query i attends to keys j <= i (requires n_q == n_k).
    """
    n_q, n_k, d = Q.shape[-2], K.shape[-2], Q.shape[-1]
    scale = 1.0 / math.sqrt(d)
    out = torch.empty(Q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)
    for q0 in range(0, n_q, block_size):
        q = Q[..., q0:q0 + block_size, :] * scale                          # (..., bq, d)
        bq = q.shape[-2]
        m = torch.full(q.shape[:-1] + (1,), -math.inf, dtype=Q.dtype, device=Q.device)  # (..., bq, 1)
        l = torch.zeros_like(m)
        acc = torch.zeros(q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)  # (..., bq, d_v)
        for k0 in range(0, n_k, block_size):
            if causal and k0 > q0 + bq - 1:
                break                                                      # the whole key block is in the future
            s = q @ K[..., k0:k0 + block_size, :].transpose(-1, -2)        # (..., bq, bk)
            if causal:
                rows = torch.arange(q0, q0 + bq, device=Q.device)[:, None]
                cols = torch.arange(k0, k0 + s.shape[-1], device=Q.device)[None, :]
                s = s.masked_fill(cols > rows, -math.inf)
            m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
            alpha = torch.exp(m - m_new)
            p = torch.exp(s - m_new)
            l = alpha * l + p.sum(dim=-1, keepdim=True)
            acc = acc + p @ V[..., k0:k0 + block_size, :]
            m = m_new
        out[..., q0:q0 + bq, :] = acc / l
    return out
''',
        'softmax-per-block-then-averaged': '''def tiled_attention(Q, K, V, block_size, causal=False):
    """Exact scaled dot-product attention, computed tile by tile with the online softmax.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    causal: query i attends to keys j <= i (requires n_q == n_k).
    """
    n_q, n_k, d = Q.shape[-2], K.shape[-2], Q.shape[-1]
    out = torch.zeros(Q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)
    blocks = 0
    for k0 in range(0, n_k, block_size):
        s = Q @ K[..., k0:k0 + block_size, :].transpose(-1, -2) / math.sqrt(d)
        if causal:
            rows = torch.arange(n_q)[:, None]
            cols = torch.arange(k0, k0 + s.shape[-1])[None, :]
            s = s.masked_fill(cols > rows, -1e30)
        w = torch.exp(s - s.amax(dim=-1, keepdim=True))
        out = out + (w / w.sum(dim=-1, keepdim=True)) @ V[..., k0:k0 + block_size, :]
        blocks += 1
    return out / blocks
''',
        'last-partial-block-dropped': '''def tiled_attention(Q, K, V, block_size, causal=False):
    """Exact scaled dot-product attention, computed tile by tile with the online softmax.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    causal: query i attends to keys j <= i (requires n_q == n_k).
    """
    n_q, n_k, d = Q.shape[-2], K.shape[-2], Q.shape[-1]
    scale = 1.0 / math.sqrt(d)
    out = torch.empty(Q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)
    for q0 in range(0, n_q, block_size):
        q = Q[..., q0:q0 + block_size, :] * scale                          # (..., bq, d)
        bq = q.shape[-2]
        m = torch.full(q.shape[:-1] + (1,), -math.inf, dtype=Q.dtype, device=Q.device)  # (..., bq, 1)
        l = torch.zeros_like(m)
        acc = torch.zeros(q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)  # (..., bq, d_v)
        for k0 in range(0, n_k - block_size + 1, block_size):
            if causal and k0 > q0 + bq - 1:
                break                                                      # the whole key block is in the future
            s = q @ K[..., k0:k0 + block_size, :].transpose(-1, -2)        # (..., bq, bk)
            if causal:
                rows = torch.arange(q0, q0 + bq, device=Q.device)[:, None]
                cols = torch.arange(k0, k0 + s.shape[-1], device=Q.device)[None, :]
                s = s.masked_fill(cols > rows, -math.inf)
            m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
            alpha = torch.exp(m - m_new)
            p = torch.exp(s - m_new)
            l = alpha * l + p.sum(dim=-1, keepdim=True)
            acc = alpha * acc + p @ V[..., k0:k0 + block_size, :]
            m = m_new
        out[..., q0:q0 + bq, :] = acc / l
    return out
''',
        'causal-mask-with-block-indices': '''def tiled_attention(Q, K, V, block_size, causal=False):
    """Exact scaled dot-product attention, computed tile by tile with the online softmax.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    causal: query i attends to keys j <= i (requires n_q == n_k).
    """
    n_q, n_k, d = Q.shape[-2], K.shape[-2], Q.shape[-1]
    scale = 1.0 / math.sqrt(d)
    out = torch.empty(Q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)
    for q0 in range(0, n_q, block_size):
        q = Q[..., q0:q0 + block_size, :] * scale                          # (..., bq, d)
        bq = q.shape[-2]
        m = torch.full(q.shape[:-1] + (1,), -math.inf, dtype=Q.dtype, device=Q.device)  # (..., bq, 1)
        l = torch.zeros_like(m)
        acc = torch.zeros(q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)  # (..., bq, d_v)
        for k0 in range(0, n_k, block_size):
            if causal and k0 > q0 + bq - 1:
                break                                                      # the whole key block is in the future
            s = q @ K[..., k0:k0 + block_size, :].transpose(-1, -2)        # (..., bq, bk)
            if causal:
                rows = torch.arange(bq, device=Q.device)[:, None]
                cols = torch.arange(s.shape[-1], device=Q.device)[None, :]
                s = s.masked_fill(cols > rows, -math.inf)
            m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
            alpha = torch.exp(m - m_new)
            p = torch.exp(s - m_new)
            l = alpha * l + p.sum(dim=-1, keepdim=True)
            acc = alpha * acc + p @ V[..., k0:k0 + block_size, :]
            m = m_new
        out[..., q0:q0 + bq, :] = acc / l
    return out
''',
        'no-scale': '''def tiled_attention(Q, K, V, block_size, causal=False):
    """Exact scaled dot-product attention, computed tile by tile with the online softmax.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    causal: query i attends to keys j <= i (requires n_q == n_k).
    """
    n_q, n_k, d = Q.shape[-2], K.shape[-2], Q.shape[-1]
    scale = 1.0 / math.sqrt(d)
    out = torch.empty(Q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)
    for q0 in range(0, n_q, block_size):
        q = Q[..., q0:q0 + block_size, :]                          # (..., bq, d)
        bq = q.shape[-2]
        m = torch.full(q.shape[:-1] + (1,), -math.inf, dtype=Q.dtype, device=Q.device)  # (..., bq, 1)
        l = torch.zeros_like(m)
        acc = torch.zeros(q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)  # (..., bq, d_v)
        for k0 in range(0, n_k, block_size):
            if causal and k0 > q0 + bq - 1:
                break                                                      # the whole key block is in the future
            s = q @ K[..., k0:k0 + block_size, :].transpose(-1, -2)        # (..., bq, bk)
            if causal:
                rows = torch.arange(q0, q0 + bq, device=Q.device)[:, None]
                cols = torch.arange(k0, k0 + s.shape[-1], device=Q.device)[None, :]
                s = s.masked_fill(cols > rows, -math.inf)
            m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
            alpha = torch.exp(m - m_new)
            p = torch.exp(s - m_new)
            l = alpha * l + p.sum(dim=-1, keepdim=True)
            acc = alpha * acc + p @ V[..., k0:k0 + block_size, :]
            m = m_new
        out[..., q0:q0 + bq, :] = acc / l
    return out
''',
        'naive-full-score-matrix': '''def tiled_attention(Q, K, V, block_size, causal=False):
    """Exact scaled dot-product attention, computed tile by tile with the online softmax.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    causal: query i attends to keys j <= i (requires n_q == n_k).
    """
    s = Q @ K.transpose(-1, -2) / math.sqrt(Q.shape[-1])                  # (..., n_q, n_k): the whole matrix
    if causal:
        n = Q.shape[-2]
        s = s.masked_fill(torch.ones(n, n, dtype=torch.bool, device=Q.device).triu(1), -math.inf)
    w = torch.exp(s - s.amax(dim=-1, keepdim=True))
    return (w / w.sum(dim=-1, keepdim=True)) @ V
''',
    },
    'kvcache': {
        'overwrites-instead-of-appending': '''class KVCache:
    """Keys and values of the positions decoded so far, (batch, heads, L, d) and (batch, heads, L, d_v)."""

    def __init__(self):
        self.k = None
        self.v = None
    def append(self, k, v):
        """Store t new positions: k (batch, heads, t, d), v (batch, heads, t, d_v)."""
        self.k, self.v = k, v
    def attend(self, q):
        """q: (batch, heads, t, d), the last t positions -> (batch, heads, t, d_v), causal in absolute positions."""
        t, L = q.shape[-2], self.k.shape[-2]
        s = q @ self.k.transpose(-1, -2) / math.sqrt(q.shape[-1])           # (batch, heads, t, L)
        rows = torch.arange(L - t, L, device=q.device)[:, None]            # absolute query positions
        cols = torch.arange(L, device=q.device)[None, :]
        s = s.masked_fill(cols > rows, -math.inf)
        w = torch.exp(s - s.amax(dim=-1, keepdim=True))
        return (w / w.sum(dim=-1, keepdim=True)) @ self.v
    def __len__(self):
        return 0 if self.k is None else self.k.shape[-2]
''',
        'no-mask-in-prefill': '''class KVCache:
    """Keys and values of the positions decoded so far, (batch, heads, L, d) and (batch, heads, L, d_v)."""

    def __init__(self):
        self.k = None
        self.v = None
    def append(self, k, v):
        """Store t new positions: k (batch, heads, t, d), v (batch, heads, t, d_v)."""
        if self.k is None:
            self.k, self.v = k, v
        else:
            self.k = torch.cat([self.k, k], dim=-2)
            self.v = torch.cat([self.v, v], dim=-2)
    def attend(self, q):
        """q: (batch, heads, t, d), the last t positions -> (batch, heads, t, d_v), causal in absolute positions."""
        t, L = q.shape[-2], self.k.shape[-2]
        s = q @ self.k.transpose(-1, -2) / math.sqrt(q.shape[-1])           # (batch, heads, t, L)
        rows = torch.arange(L - t, L, device=q.device)[:, None]            # absolute query positions
        cols = torch.arange(L, device=q.device)[None, :]
        w = torch.exp(s - s.amax(dim=-1, keepdim=True))
        return (w / w.sum(dim=-1, keepdim=True)) @ self.v
    def __len__(self):
        return 0 if self.k is None else self.k.shape[-2]
''',
        'causal-mask-top-left': '''class KVCache:
    """Keys and values of the positions decoded so far, (batch, heads, L, d) and (batch, heads, L, d_v)."""

    def __init__(self):
        self.k = None
        self.v = None
    def append(self, k, v):
        """Store t new positions: k (batch, heads, t, d), v (batch, heads, t, d_v)."""
        if self.k is None:
            self.k, self.v = k, v
        else:
            self.k = torch.cat([self.k, k], dim=-2)
            self.v = torch.cat([self.v, v], dim=-2)
    def attend(self, q):
        """q: (batch, heads, t, d), the last t positions -> (batch, heads, t, d_v), causal in absolute positions."""
        t, L = q.shape[-2], self.k.shape[-2]
        s = q @ self.k.transpose(-1, -2) / math.sqrt(q.shape[-1])           # (batch, heads, t, L)
        rows = torch.arange(t, device=q.device)[:, None]            # absolute query positions
        cols = torch.arange(L, device=q.device)[None, :]
        s = s.masked_fill(cols > rows, -math.inf)
        w = torch.exp(s - s.amax(dim=-1, keepdim=True))
        return (w / w.sum(dim=-1, keepdim=True)) @ self.v
    def __len__(self):
        return 0 if self.k is None else self.k.shape[-2]
''',
        'no-scale': '''class KVCache:
    """Keys and values of the positions decoded so far, (batch, heads, L, d) and (batch, heads, L, d_v)."""

    def __init__(self):
        self.k = None
        self.v = None
    def append(self, k, v):
        """Store t new positions: k (batch, heads, t, d), v (batch, heads, t, d_v)."""
        if self.k is None:
            self.k, self.v = k, v
        else:
            self.k = torch.cat([self.k, k], dim=-2)
            self.v = torch.cat([self.v, v], dim=-2)
    def attend(self, q):
        """q: (batch, heads, t, d), the last t positions -> (batch, heads, t, d_v), causal in absolute positions."""
        t, L = q.shape[-2], self.k.shape[-2]
        s = q @ self.k.transpose(-1, -2)           # (batch, heads, t, L)
        rows = torch.arange(L - t, L, device=q.device)[:, None]            # absolute query positions
        cols = torch.arange(L, device=q.device)[None, :]
        s = s.masked_fill(cols > rows, -math.inf)
        w = torch.exp(s - s.amax(dim=-1, keepdim=True))
        return (w / w.sum(dim=-1, keepdim=True)) @ self.v
    def __len__(self):
        return 0 if self.k is None else self.k.shape[-2]
''',
        'keys-stored-as-values': '''class KVCache:
    """Keys and values of the positions decoded so far, (batch, heads, L, d) and (batch, heads, L, d_v)."""

    def __init__(self):
        self.k = None
        self.v = None
    def append(self, k, v):
        """Store t new positions: k (batch, heads, t, d), v (batch, heads, t, d_v)."""
        if self.k is None:
            self.k, self.v = k, v
        else:
            self.k = torch.cat([self.k, k], dim=-2)
            self.v = torch.cat([self.v, k], dim=-2)
    def attend(self, q):
        """q: (batch, heads, t, d), the last t positions -> (batch, heads, t, d_v), causal in absolute positions."""
        t, L = q.shape[-2], self.k.shape[-2]
        s = q @ self.k.transpose(-1, -2) / math.sqrt(q.shape[-1])           # (batch, heads, t, L)
        rows = torch.arange(L - t, L, device=q.device)[:, None]            # absolute query positions
        cols = torch.arange(L, device=q.device)[None, :]
        s = s.masked_fill(cols > rows, -math.inf)
        w = torch.exp(s - s.amax(dim=-1, keepdim=True))
        return (w / w.sum(dim=-1, keepdim=True)) @ self.v
    def __len__(self):
        return 0 if self.k is None else self.k.shape[-2]
''',
        'new-positions-prepended': '''class KVCache:
    """Keys and values of the positions decoded so far, (batch, heads, L, d) and (batch, heads, L, d_v)."""

    def __init__(self):
        self.k = None
        self.v = None
    def append(self, k, v):
        """Store t new positions: k (batch, heads, t, d), v (batch, heads, t, d_v)."""
        if self.k is None:
            self.k, self.v = k, v
        else:
            self.k = torch.cat([k, self.k], dim=-2)
            self.v = torch.cat([v, self.v], dim=-2)
    def attend(self, q):
        """q: (batch, heads, t, d), the last t positions -> (batch, heads, t, d_v), causal in absolute positions."""
        t, L = q.shape[-2], self.k.shape[-2]
        s = q @ self.k.transpose(-1, -2) / math.sqrt(q.shape[-1])           # (batch, heads, t, L)
        rows = torch.arange(L - t, L, device=q.device)[:, None]            # absolute query positions
        cols = torch.arange(L, device=q.device)[None, :]
        s = s.masked_fill(cols > rows, -math.inf)
        w = torch.exp(s - s.amax(dim=-1, keepdim=True))
        return (w / w.sum(dim=-1, keepdim=True)) @ self.v
    def __len__(self):
        return 0 if self.k is None else self.k.shape[-2]
''',
    },
    'window': {
        'off-by-one-strict': '''def sliding_window_mask(n, window, causal=True):
    """Boolean (n, n) mask, True where query i may attend to key j:
    causal: 0 <= i - j <= window; otherwise |i - j| <= window."""
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    if causal:
        return (i - j >= 0) & (i - j < window)
    return (i - j).abs() <= window
''',
        'causal-includes-future': '''def sliding_window_mask(n, window, causal=True):
    """Boolean (n, n) mask, True where query i may attend to key j:
    causal: 0 <= i - j <= window; otherwise |i - j| <= window."""
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    if causal:
        return (i - j).abs() <= window
    return (i - j).abs() <= window
''',
        'transposed-looks-ahead': '''def sliding_window_mask(n, window, causal=True):
    """Boolean (n, n) mask, True where query i may attend to key j:
    causal: 0 <= i - j <= window; otherwise |i - j| <= window."""
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    if causal:
        return (j - i >= 0) & (j - i <= window)
    return (i - j).abs() <= window
''',
        'float-mask': '''def sliding_window_mask(n, window, causal=True):
    """Boolean (n, n) mask, True where query i may attend to key j:
    causal: 0 <= i - j <= window; otherwise |i - j| <= window."""
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    if causal:
        return ((i - j >= 0) & (i - j <= window)).float()
    return ((i - j).abs() <= window).float()
''',
        'symmetric-band-too-wide': '''def sliding_window_mask(n, window, causal=True):
    """Boolean (n, n) mask, True where query i may attend to key j:
    causal: 0 <= i - j <= window; otherwise |i - j| <= window."""
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    if causal:
        return (i - j >= 0) & (i - j <= window)
    return (i - j).abs() <= 2 * window
''',
        'symmetric-ignores-causal-flag': '''def sliding_window_mask(n, window, causal=True):
    """Boolean (n, n) mask, True where query i may attend to key j:
    causal: 0 <= i - j <= window; otherwise |i - j| <= window."""
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    if causal:
        return (i - j >= 0) & (i - j <= window)
    return (i - j >= 0) & (i - j <= window)
''',
    },
    'linear': {
        'no-normaliser': '''def linear_attention(Q, K, V, causal=False):
    """Linear attention with phi(x) = elu(x) + 1.

    Q, K: (..., n, d), V: (..., n, d_v) -> (..., n, d_v). Memory and time linear in n.
    """
    phi_q, phi_k = F.elu(Q) + 1, F.elu(K) + 1                            # (..., n, d), positive
    if not causal:
        S = phi_k.transpose(-1, -2) @ V                                  # (..., d, d_v)
        z = phi_k.sum(dim=-2)                                            # (..., d)
        return phi_q @ S                      # (..., n, d_v) / (..., n, 1)
    S = torch.cumsum(phi_k[..., :, None] * V[..., None, :], dim=-3)      # (..., n, d, d_v): prefix sums
    z = torch.cumsum(phi_k, dim=-2)                                      # (..., n, d)
    num = (phi_q[..., None, :] @ S).squeeze(-2)                          # (..., n, d_v)
    den = (phi_q * z).sum(dim=-1, keepdim=True)                          # (..., n, 1)
    return num / den
''',
        'relu-feature-map': '''def linear_attention(Q, K, V, causal=False):
    """Linear attention with phi(x) = elu(x) + 1.

    Q, K: (..., n, d), V: (..., n, d_v) -> (..., n, d_v). Memory and time linear in n.
    """
    phi_q, phi_k = F.relu(Q), F.relu(K)                            # (..., n, d), positive
    if not causal:
        S = phi_k.transpose(-1, -2) @ V                                  # (..., d, d_v)
        z = phi_k.sum(dim=-2)                                            # (..., d)
        return (phi_q @ S) / (phi_q @ z[..., None])                      # (..., n, d_v) / (..., n, 1)
    S = torch.cumsum(phi_k[..., :, None] * V[..., None, :], dim=-3)      # (..., n, d, d_v): prefix sums
    z = torch.cumsum(phi_k, dim=-2)                                      # (..., n, d)
    num = (phi_q[..., None, :] @ S).squeeze(-2)                          # (..., n, d_v)
    den = (phi_q * z).sum(dim=-1, keepdim=True)                          # (..., n, 1)
    return num / den
''',
        'exp-feature-map': '''def linear_attention(Q, K, V, causal=False):
    """Linear attention with phi(x) = elu(x) + 1.

    Q, K: (..., n, d), V: (..., n, d_v) -> (..., n, d_v). Memory and time linear in n.
    """
    phi_q, phi_k = torch.exp(Q), torch.exp(K)                            # (..., n, d), positive
    if not causal:
        S = phi_k.transpose(-1, -2) @ V                                  # (..., d, d_v)
        z = phi_k.sum(dim=-2)                                            # (..., d)
        return (phi_q @ S) / (phi_q @ z[..., None])                      # (..., n, d_v) / (..., n, 1)
    S = torch.cumsum(phi_k[..., :, None] * V[..., None, :], dim=-3)      # (..., n, d, d_v): prefix sums
    z = torch.cumsum(phi_k, dim=-2)                                      # (..., n, d)
    num = (phi_q[..., None, :] @ S).squeeze(-2)                          # (..., n, d_v)
    den = (phi_q * z).sum(dim=-1, keepdim=True)                          # (..., n, 1)
    return num / den
''',
        'causal-uses-global-sums': '''def linear_attention(Q, K, V, causal=False):
    """Linear attention with phi(x) = elu(x) + 1.

    Q, K: (..., n, d), V: (..., n, d_v) -> (..., n, d_v). Memory and time linear in n.
    """
    phi_q, phi_k = F.elu(Q) + 1, F.elu(K) + 1                            # (..., n, d), positive
    if not causal:
        S = phi_k.transpose(-1, -2) @ V                                  # (..., d, d_v)
        z = phi_k.sum(dim=-2)                                            # (..., d)
        return (phi_q @ S) / (phi_q @ z[..., None])                      # (..., n, d_v) / (..., n, 1)
    S = (phi_k[..., :, None] * V[..., None, :]).sum(dim=-3, keepdim=True)
    z = phi_k.sum(dim=-2, keepdim=True)
    num = (phi_q[..., None, :] @ S).squeeze(-2)                          # (..., n, d_v)
    den = (phi_q * z).sum(dim=-1, keepdim=True)                          # (..., n, 1)
    return num / den
''',
        'quadratic-n-by-n': '''def linear_attention(Q, K, V, causal=False):
    """Linear attention with phi(x) = elu(x) + 1.

    Q, K: (..., n, d), V: (..., n, d_v) -> (..., n, d_v). Memory and time linear in n.
    """
    w = (F.elu(Q) + 1) @ (F.elu(K) + 1).transpose(-1, -2)                  # (..., n, n)
    if causal:
        n = Q.shape[-2]
        w = w * torch.ones(n, n, dtype=Q.dtype, device=Q.device).tril()
    return (w / w.sum(dim=-1, keepdim=True)) @ V
''',
        'scaled-by-sqrt-d': '''def linear_attention(Q, K, V, causal=False):
    """Linear attention with phi(x) = elu(x) + 1.

    Q, K: (..., n, d), V: (..., n, d_v) -> (..., n, d_v). Memory and time linear in n.
    """
    phi_q, phi_k = F.elu(Q / math.sqrt(Q.shape[-1])) + 1, F.elu(K) + 1                            # (..., n, d), positive
    if not causal:
        S = phi_k.transpose(-1, -2) @ V                                  # (..., d, d_v)
        z = phi_k.sum(dim=-2)                                            # (..., d)
        return (phi_q @ S) / (phi_q @ z[..., None])                      # (..., n, d_v) / (..., n, 1)
    S = torch.cumsum(phi_k[..., :, None] * V[..., None, :], dim=-3)      # (..., n, d, d_v): prefix sums
    z = torch.cumsum(phi_k, dim=-2)                                      # (..., n, d)
    num = (phi_q[..., None, :] @ S).squeeze(-2)                          # (..., n, d_v)
    den = (phi_q * z).sum(dim=-1, keepdim=True)                          # (..., n, 1)
    return num / den
''',
    },
}
