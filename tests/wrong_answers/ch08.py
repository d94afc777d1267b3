"""Plausible wrong answers for the Chapter 8 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('online', 'old-sum-not-rescaled',
          why='The running sum is not rescaled when the maximum changes.',
          replace={'l_new = torch.exp(m - m_new) * l + torch.exp(s - m_new[..., None]).sum(dim=-1)':
                   'l_new = l + torch.exp(s - m_new[..., None]).sum(dim=-1)'}),
    Wrong('online', 'm-initialised-to-zero',
          why='The running maximum starts at 0 instead of -inf.',
          replace={'m = torch.full(x.shape[:-1], -math.inf, dtype=x.dtype, device=x.device)':
                   'm = torch.full(x.shape[:-1], 0.0, dtype=x.dtype, device=x.device)'}),
    Wrong('online', 'rescale-by-new-minus-old',
          why='The rescale factor exp(m_new - m) is inverted.',
          replace={'l_new = torch.exp(m - m_new) * l + torch.exp(s - m_new[..., None]).sum(dim=-1)':
                   'l_new = torch.exp(m_new - m) * l + torch.exp(s - m_new[..., None]).sum(dim=-1)'}),
    Wrong('online', 'last-partial-block-dropped',
          why='range stops before a partial last block.',
          replace={'for start in range(0, x.shape[-1], block_size):':
                   'for start in range(0, x.shape[-1] - block_size + 1, block_size):'}),
    Wrong('online', 'block-sum-not-shifted-by-new-max',
          why='The block is shifted by its own maximum instead of the new running maximum.',
          replace={'l_new = torch.exp(m - m_new) * l + torch.exp(s - m_new[..., None]).sum(dim=-1)':
                   'l_new = torch.exp(m - m_new) * l + torch.exp(s - s.amax(dim=-1, keepdim=True)).sum(dim=-1)'}),
    Wrong('tiled', 'normaliser-not-rescaled',
          why='The normaliser is not rescaled when the maximum changes.',
          replace={'l = alpha * l + p.sum(dim=-1, keepdim=True)': 'l = l + p.sum(dim=-1, keepdim=True)'}),
    Wrong('tiled', 'accumulator-not-rescaled',
          why='The accumulator is not rescaled when the maximum changes.',
          replace={'acc = alpha * acc + p @ V[..., k0:k0 + block_size, :]':
                   'acc = acc + p @ V[..., k0:k0 + block_size, :]'}),
    Wrong('tiled', 'softmax-per-block-then-averaged',
          why='Each block is softmaxed separately and the results averaged.',
          function=('def tiled_attention(Q, K, V, block_size, causal=False):\n'
                   '    """Exact scaled dot-product attention, computed tile by tile with the online softmax.\n'
                   '\n'
                   '    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).\n'
                   '    causal: query i attends to keys j <= i (requires n_q == n_k).\n'
                   '    """\n'
                   '    n_q, n_k, d = Q.shape[-2], K.shape[-2], Q.shape[-1]\n'
                   '    out = torch.zeros(Q.shape[:-1] + V.shape[-1:], dtype=Q.dtype, device=Q.device)\n'
                   '    blocks = 0\n'
                   '    for k0 in range(0, n_k, block_size):\n'
                   '        s = Q @ K[..., k0:k0 + block_size, :].transpose(-1, -2) / math.sqrt(d)\n'
                   '        if causal:\n'
                   '            rows = torch.arange(n_q)[:, None]\n'
                   '            cols = torch.arange(k0, k0 + s.shape[-1])[None, :]\n'
                   '            s = s.masked_fill(cols > rows, -1e30)\n'
                   '        w = torch.exp(s - s.amax(dim=-1, keepdim=True))\n'
                   '        out = out + (w / w.sum(dim=-1, keepdim=True)) @ V[..., k0:k0 + block_size, :]\n'
                   '        blocks += 1\n'
                   '    return out / blocks\n')),
    Wrong('tiled', 'last-partial-block-dropped',
          why='range stops before a partial last block.',
          replace={'for k0 in range(0, n_k, block_size):':
                   'for k0 in range(0, n_k - block_size + 1, block_size):'}),
    Wrong('tiled', 'causal-mask-with-block-indices',
          why='The causal mask uses indices within the block instead of absolute positions.',
          replace={'rows = torch.arange(q0, q0 + bq, device=Q.device)[:, None]':
                   'rows = torch.arange(bq, device=Q.device)[:, None]',
                  'cols = torch.arange(k0, k0 + s.shape[-1], device=Q.device)[None, :]':
                   'cols = torch.arange(s.shape[-1], device=Q.device)[None, :]'}),
    Wrong('tiled', 'no-scale',
          why='The 1/sqrt(d) scale is forgotten.',
          replace={'q = Q[..., q0:q0 + block_size, :] * scale': 'q = Q[..., q0:q0 + block_size, :]'}),
    Wrong('tiled', 'naive-full-score-matrix',
          why='The full score matrix is computed, defeating tiling.',
          function=('def tiled_attention(Q, K, V, block_size, causal=False):\n'
                   '    """Exact scaled dot-product attention, computed tile by tile with the online softmax.\n'
                   '\n'
                   '    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).\n'
                   '    causal: query i attends to keys j <= i (requires n_q == n_k).\n'
                   '    """\n'
                   '    s = Q @ K.transpose(-1, -2) / math.sqrt(Q.shape[-1])                  # (..., n_q, n_k): the whole matrix\n'
                   '    if causal:\n'
                   '        n = Q.shape[-2]\n'
                   '        s = s.masked_fill(torch.ones(n, n, dtype=torch.bool, device=Q.device).triu(1), -math.inf)\n'
                   '    w = torch.exp(s - s.amax(dim=-1, keepdim=True))\n'
                   '    return (w / w.sum(dim=-1, keepdim=True)) @ V\n')),
    Wrong('kvcache', 'overwrites-instead-of-appending',
          why='The cache is overwritten instead of appended to.',
          replace={('        if self.k is None:\n'
                   '            self.k, self.v = k, v\n'
                   '        else:\n'
                   '            self.k = torch.cat([self.k, k], dim=-2)\n'
                   '            self.v = torch.cat([self.v, v], dim=-2)'):
                   '        self.k, self.v = k, v'}),
    Wrong('kvcache', 'no-mask-in-prefill',
          why='The causal mask is forgotten in prefill.',
          delete=('s = s.masked_fill(cols > rows, -math.inf)',)),
    Wrong('kvcache', 'causal-mask-top-left',
          why='The causal mask is aligned top-left instead of bottom-right.',
          replace={'rows = torch.arange(L - t, L, device=q.device)[:, None]':
                   'rows = torch.arange(t, device=q.device)[:, None]'}),
    Wrong('kvcache', 'no-scale',
          why='The 1/sqrt(d) scale is forgotten.',
          replace={'s = q @ self.k.transpose(-1, -2) / math.sqrt(q.shape[-1])':
                   's = q @ self.k.transpose(-1, -2)'}),
    Wrong('kvcache', 'keys-stored-as-values',
          why='Keys are appended to the value cache.',
          replace={'self.v = torch.cat([self.v, v], dim=-2)': 'self.v = torch.cat([self.v, k], dim=-2)'}),
    Wrong('kvcache', 'new-positions-prepended',
          why='New positions are prepended instead of appended.',
          replace={'self.k = torch.cat([self.k, k], dim=-2)': 'self.k = torch.cat([k, self.k], dim=-2)',
                  'self.v = torch.cat([self.v, v], dim=-2)': 'self.v = torch.cat([v, self.v], dim=-2)'}),
    Wrong('window', 'off-by-one-strict',
          why='< window excludes the last position of the window.',
          replace={'return (i - j >= 0) & (i - j <= window)': 'return (i - j >= 0) & (i - j < window)'}),
    Wrong('window', 'causal-includes-future',
          why='The causal window includes the future.',
          replace={'return (i - j >= 0) & (i - j <= window)': 'return (i - j).abs() <= window'}),
    Wrong('window', 'transposed-looks-ahead',
          why='i and j are swapped, looking ahead.',
          replace={'return (i - j >= 0) & (i - j <= window)': 'return (j - i >= 0) & (j - i <= window)'}),
    Wrong('window', 'float-mask',
          why='A float mask is returned instead of a boolean one.',
          replace={'return (i - j >= 0) & (i - j <= window)':
                   'return ((i - j >= 0) & (i - j <= window)).float()',
                  'return (i - j).abs() <= window': 'return ((i - j).abs() <= window).float()'}),
    Wrong('window', 'symmetric-band-too-wide',
          why='The symmetric band is twice as wide.',
          replace={'return (i - j).abs() <= window': 'return (i - j).abs() <= 2 * window'}),
    Wrong('window', 'symmetric-ignores-causal-flag',
          why='The causal flag is ignored in the symmetric case.',
          replace={'return (i - j).abs() <= window': 'return (i - j >= 0) & (i - j <= window)'}),
    Wrong('linear', 'no-normaliser',
          why='The normaliser is forgotten.',
          replace={'return (phi_q @ S) / (phi_q @ z[..., None])': 'return phi_q @ S'}),
    Wrong('linear', 'relu-feature-map',
          why='ReLU is used as the feature map.',
          replace={'phi_q, phi_k = F.elu(Q) + 1, F.elu(K) + 1': 'phi_q, phi_k = F.relu(Q), F.relu(K)'}),
    Wrong('linear', 'exp-feature-map',
          why='exp is used as the feature map.',
          replace={'phi_q, phi_k = F.elu(Q) + 1, F.elu(K) + 1':
                   'phi_q, phi_k = torch.exp(Q), torch.exp(K)'}),
    Wrong('linear', 'causal-uses-global-sums',
          why='The causal version uses global sums.',
          replace={'S = torch.cumsum(phi_k[..., :, None] * V[..., None, :], dim=-3)':
                   'S = (phi_k[..., :, None] * V[..., None, :]).sum(dim=-3, keepdim=True)',
                  'z = torch.cumsum(phi_k, dim=-2)': 'z = phi_k.sum(dim=-2, keepdim=True)'}),
    Wrong('linear', 'quadratic-n-by-n',
          why='The n-by-n matrix is computed, defeating linear attention.',
          function=('def linear_attention(Q, K, V, causal=False):\n'
                   '    """Linear attention with phi(x) = elu(x) + 1.\n'
                   '\n'
                   '    Q, K: (..., n, d), V: (..., n, d_v) -> (..., n, d_v). Memory and time linear in n.\n'
                   '    """\n'
                   '    w = (F.elu(Q) + 1) @ (F.elu(K) + 1).transpose(-1, -2)                  # (..., n, n)\n'
                   '    if causal:\n'
                   '        n = Q.shape[-2]\n'
                   '        w = w * torch.ones(n, n, dtype=Q.dtype, device=Q.device).tril()\n'
                   '    return (w / w.sum(dim=-1, keepdim=True)) @ V\n')),
    Wrong('linear', 'scaled-by-sqrt-d',
          why='The query is scaled by sqrt(d) as in softmax attention.',
          replace={'phi_q, phi_k = F.elu(Q) + 1, F.elu(K) + 1':
                   'phi_q, phi_k = F.elu(Q / math.sqrt(Q.shape[-1])) + 1, F.elu(K) + 1'}),
]
