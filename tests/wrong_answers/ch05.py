"""Plausible wrong answers for the Chapter 5 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('attention', 'mask-applied-after-softmax',
          why='The mask is applied to the weights after the softmax.',
          replace={('    if mask is not None:\n'
                   '        scores = scores.masked_fill(~mask, float("-inf"))\n'
                   '    weights = torch.softmax(scores, dim=-1)\n'):
                   ('    weights = torch.softmax(scores, dim=-1)\n'
                    '    if mask is not None:\n'
                    '        weights = weights.masked_fill(~mask, 0.0)\n')}),
    Wrong('attention', 'missing-scale',
          why='The 1/sqrt(d_k) is forgotten.',
          replace={'scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))':
                   'scores = q @ k.transpose(-2, -1)'}),
    Wrong('attention', 'mask-polarity-inverted',
          why='The mask\'s True is read as "hide", the PyTorch convention for some APIs.',
          replace={'scores = scores.masked_fill(~mask, float("-inf"))':
                   'scores = scores.masked_fill(mask, float("-inf"))'}),
    Wrong('attention', 'softmax-over-queries',
          why='The softmax runs over dim -2, the queries.',
          replace={'weights = torch.softmax(scores, dim=-1)': 'weights = torch.softmax(scores, dim=-2)'}),
    Wrong('attention', 'scale-by-d_v',
          why='The scale is taken from the value width.',
          replace={'scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))':
                   'scores = q @ k.transpose(-2, -1) / math.sqrt(v.size(-1))'}),
    Wrong('attention', 'masked-scores-set-to-zero',
          why='Masked scores are set to 0 instead of -inf.',
          replace={'scores = scores.masked_fill(~mask, float("-inf"))':
                   'scores = scores.masked_fill(~mask, 0.0)'}),
    Wrong('masks', 'causal-upper-triangle',
          why='triu instead of tril keeps the future.',
          replace={'return torch.ones(n, n, dtype=torch.bool).tril()':
                   'return torch.ones(n, n, dtype=torch.bool).triu()',
                  'mask = mask & causal_mask(seq).to(keep.device)': 'mask = mask & causal_mask(seq)'}),
    Wrong('masks', 'causal-excludes-diagonal',
          why='tril(-1) excludes the diagonal.',
          replace={'return torch.ones(n, n, dtype=torch.bool).tril()':
                   'return torch.ones(n, n, dtype=torch.bool).tril(-1)',
                  'mask = mask & causal_mask(seq).to(keep.device)': 'mask = mask & causal_mask(seq)'}),
    Wrong('masks', 'causal-float-not-bool',
          why='A float mask is built and converted at the use site.',
          replace={'return torch.ones(n, n, dtype=torch.bool).tril()': 'return torch.ones(n, n).tril()',
                  'mask = mask & causal_mask(seq).to(keep.device)':
                   'mask = mask & causal_mask(seq).bool()'}),
    Wrong('masks', 'padding-polarity-inverted',
          why='The padding mask is True on padding.',
          replace={'mask = keep[:, None, None, :].expand(batch, 1, seq, seq)':
                   'mask = (~keep)[:, None, None, :].expand(batch, 1, seq, seq)',
                  'mask = mask & causal_mask(seq).to(keep.device)': 'mask = mask & causal_mask(seq)'}),
    Wrong('masks', 'padding-masks-queries',
          why='Padding is applied to the query axis instead of the key axis.',
          replace={'mask = keep[:, None, None, :].expand(batch, 1, seq, seq)':
                   'mask = keep[:, None, :, None].expand(batch, 1, seq, seq)',
                  'mask = mask & causal_mask(seq).to(keep.device)': 'mask = mask & causal_mask(seq)'}),
    Wrong('masks', 'combined-with-or',
          why='Masks are combined with | instead of &.',
          replace={'mask = mask & causal_mask(seq).to(keep.device)': 'mask = mask | causal_mask(seq)'}),
    Wrong('masks', 'shape-without-query-axis',
          why='The mask is not expanded to the query axis, so its shape is wrong.',
          replace={'mask = keep[:, None, None, :].expand(batch, 1, seq, seq)':
                   'mask = keep[:, None, None, :]',
                  'mask = mask & causal_mask(seq).to(keep.device)':
                   'mask = mask & causal_mask(keep.shape[1])'},
          delete=('batch, seq = keep.shape',)),
    Wrong('mha', 'view-without-transpose',
          why='Heads are split with view but no transpose.',
          replace={'return x.view(batch, x.shape[1], self.n_heads, self.d_head).transpose(1, 2)':
                   'return x.view(batch, self.n_heads, x.shape[1], self.d_head)',
                  'out = out.transpose(1, 2).reshape(batch, seq_q, d_model)':
                   'out = out.reshape(batch, seq_q, d_model)'},
          delete=('assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"',)),
    Wrong('mha', 'merge-without-transpose',
          why='Heads are merged with reshape but no transpose.',
          replace={'out = out.transpose(1, 2).reshape(batch, seq_q, d_model)':
                   'out = out.reshape(batch, seq_q, d_model)'},
          delete=('assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"',)),
    Wrong('mha', 'dropout-left-on-in-eval',
          why='Dropout is passed to attention even in eval mode.',
          replace={'out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,':
                   'out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=self.dropout)'},
          delete=('assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"', 'dropout_p=self.dropout if self.training else 0.0)')),
    Wrong('mha', 'scale-by-d_model-not-d_head',
          why='The scale uses d_model instead of the per-head width.',
          replace={('out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,\n'
                   '                                             dropout_p=self.dropout if self.training else 0.0)\n'
                   '        out = out.transpose(1, 2).reshape(batch, seq_q, d_model)'):
                   ('scores = q @ k.transpose(-2, -1) / math.sqrt(d_model)\n'
                    '        if mask is not None:\n'
                    '            scores = scores.masked_fill(~mask, float("-inf"))\n'
                    '        weights = torch.softmax(scores, dim=-1)\n'
                    '        if self.training:\n'
                    '            weights = F.dropout(weights, self.dropout)\n'
                    '        out = (weights @ v).transpose(1, 2).reshape(batch, seq_q, d_model)')},
          delete=('assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"',)),
    Wrong('mha', 'mask-passed-with-torch-polarity',
          why='The mask is inverted for PyTorch, whose boolean attn_mask is True where attention is allowed.',
          replace={'out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,':
                   'out = F.scaled_dot_product_attention(q, k, v, attn_mask=None if mask is None else ~mask,'},
          delete=('assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"',)),
    Wrong('mha', 'no-output-projection',
          why='The output projection is forgotten.',
          replace={'out = out.transpose(1, 2).reshape(batch, seq_q, d_model)':
                   'return out.transpose(1, 2).reshape(batch, seq_q, d_model)'},
          delete=('assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"', 'return self.out_proj(out)')),
    Wrong('mha', 'query-projection-used-for-keys',
          why='The query projection is copied to the keys.',
          replace={'q, k, v = split(self.q_proj(query)), split(self.k_proj(key)), split(self.v_proj(value))':
                   'q, k, v = split(self.q_proj(query)), split(self.q_proj(key)), split(self.v_proj(value))'},
          delete=('assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"',)),
    Wrong('encoder', 'pre-and-post-norm-swapped',
          why='The norm_first condition is negated.',
          replace={'if self.norm_first:': 'if not self.norm_first:'}),
    Wrong('encoder', 'ffn-residual-missing',
          why='The feed-forward residual connection is dropped.',
          replace={'x = x + ff(self.norm2(x))': 'x = ff(self.norm2(x))',
                  'x = self.norm2(x + ff(x))': 'x = self.norm2(ff(x))'}),
    Wrong('encoder', 'padding-polarity-inverted',
          why='The padding mask is inverted.',
          replace={'def sa(h):':
                   ('ignore = None if key_padding_mask is None else ~key_padding_mask\n'
                    '        def sa(h):'),
                  'return self.dropout1(self.self_attn(h, h, h, key_padding_mask=key_padding_mask, need_weights=False)[0])':
                   'return self.dropout1(self.self_attn(h, h, h, key_padding_mask=ignore, need_weights=False)[0])'}),
    Wrong('encoder', 'pre-norm-residual-from-normed-input',
          why='The residual is taken from the normalised input instead of x.',
          replace={'x = x + sa(self.norm1(x))': 'h = self.norm1(x)',
                  'x = x + ff(self.norm2(x))':
                   ('x = h + sa(h)\n'
                    '            h = self.norm2(x)\n'
                    '            x = h + ff(h)')}),
    Wrong('encoder', 'functional-dropout-left-on-in-eval',
          why='F.dropout defaults to training=True, so dropout stays on in eval mode.',
          replace={'self.dropout = nn.Dropout(dropout)': 'self.p = dropout',
                  'return self.dropout1(self.self_attn(h, h, h, key_padding_mask=key_padding_mask, need_weights=False)[0])':
                   'return F.dropout(self.self_attn(h, h, h, key_padding_mask=key_padding_mask, need_weights=False)[0], self.p)',
                  'return self.dropout2(self.linear2(self.dropout(F.relu(self.linear1(h)))))':
                   'return F.dropout(self.linear2(F.dropout(F.relu(self.linear1(h)), self.p)), self.p)'},
          delete=('self.dropout1 = nn.Dropout(dropout)', 'self.dropout2 = nn.Dropout(dropout)')),
    Wrong('encoder', 'ffn-without-activation',
          why='The activation between the feed-forward layers is forgotten.',
          replace={'return self.dropout2(self.linear2(self.dropout(F.relu(self.linear1(h)))))':
                   'return self.dropout2(self.linear2(self.dropout(self.linear1(h))))'}),
    Wrong('train-step', 'no-zero-grad-accumulates',
          why='zero_grad is forgotten, so gradients accumulate.',
          delete=('optimizer.zero_grad()',)),
    Wrong('train-step', 'step-before-backward',
          why='optimizer.step() is called before loss.backward().',
          replace={('loss.backward()\n'
                   '    optimizer.step()'):
                   ('optimizer.step()\n'
                    '    loss.backward()')}),
    Wrong('train-step', 'returns-loss-tensor',
          why='The loss tensor is returned instead of a Python float.',
          replace={'return loss.item()': 'return loss'}),
    Wrong('train-step', 'forgets-model-train',
          why='model.train() is forgotten after evaluation.',
          delete=('model.train()',)),
    Wrong('train-step', 'predict-dropout-left-on',
          why='model.eval() is forgotten in predict.',
          delete=('model.eval()',)),
    Wrong('train-step', 'predict-builds-graph-argmax-over-batch',
          why='argmax runs over dim 0, the batch, and no_grad is left out.',
          replace={'with torch.no_grad():': 'return model(inputs).argmax(dim=0)'},
          delete=('return model(inputs).argmax(dim=-1)',)),
]
