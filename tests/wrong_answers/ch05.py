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
    Wrong('mha', 'kv-heads-expanded-with-repeat',
          why='repeat tiles the key/value heads (0, 1, 0, 1) instead of giving consecutive query heads the same one.',
          replace={'.repeat_interleave(group, dim=1)': '.repeat(1, group, 1, 1)'},
          counts={'.repeat_interleave(group, dim=1)': 2}),
    Wrong('mha', 'fused-split-into-equal-thirds',
          why='The fused projection is cut into three equal parts, as in multi-head attention with a [q; k; v] layout.',
          replace={'q, k, v = self.qkv(x).split(widths, dim=-1)': 'q, k, v = self.qkv(x).chunk(3, dim=-1)'}),
    Wrong('mha', 'fused-split-in-wrong-order',
          why='The fused output is read as queries, values, keys.',
          replace={'q, k, v = self.qkv(x).split(widths, dim=-1)': 'q, v, k = self.qkv(x).split(widths, dim=-1)'}),
    Wrong('mha', 'scale-by-d_model-not-d_head',
          why='The scale uses d_model instead of the width of one head.',
          replace={'out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,':
                   'out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=1 / math.sqrt(d_model),'}),
    Wrong('mha', 'no-output-projection',
          why='The output projection is defined but never applied.',
          replace={'return self.out(out)': 'return out'}),
    Wrong('mha', 'mask-passed-with-torch-polarity',
          why="The mask is inverted, as nn.MultiheadAttention's boolean masks (True = ignore) would need.",
          replace={'out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,':
                   'out = F.scaled_dot_product_attention(q, k, v, attn_mask=None if mask is None else ~mask,'}),
    Wrong('mha', 'dropout-left-on-in-eval',
          why='Dropout is passed to the attention even in eval mode.',
          replace={'dropout_p=self.dropout if self.training else 0.0)': 'dropout_p=self.dropout)'}),
    Wrong('mha', 'merge-without-transpose',
          why='Heads are merged with reshape but no transpose.',
          replace={'out = out.transpose(1, 2).reshape(batch, seq, d_model)': 'out = out.reshape(batch, seq, d_model)'}),
    Wrong('encoder', 'post-norm-instead-of-pre-norm',
          why="The original Transformer's post-norm order: normalise after each residual addition.",
          replace={'y = x + self.attn(self.norm1(x), mask)': 'y = self.norm1(x + self.attn(x, mask))',
                   'h = self.norm2(y)': 'h = y',
                   'return y + self.w2(F.silu(self.w1(h)) * self.w3(h))':
                   'return self.norm2(y + self.w2(F.silu(self.w1(h)) * self.w3(h)))'}),
    Wrong('encoder', 'layernorm-instead-of-rmsnorm',
          why="LayerNorm, as in the book's blocks, without its bias so that the parameters look the same.",
          replace={'nn.RMSNorm(d_model, eps=eps)': 'nn.LayerNorm(d_model, eps=eps, bias=False)'},
          counts={'nn.RMSNorm(d_model, eps=eps)': 2}),
    Wrong('encoder', 'gelu-instead-of-silu',
          why='GELU, the activation of BERT and GPT-2, instead of SiLU in the gate.',
          replace={'F.silu(': 'F.gelu('}),
    Wrong('encoder', 'relu-instead-of-silu',
          why="ReLU, the activation of the original Transformer's feed-forward network.",
          replace={'F.silu(': 'F.relu('}),
    Wrong('encoder', 'gate-on-the-wrong-branch',
          why='The SiLU is applied to the w3 branch instead of the w1 branch.',
          replace={'self.w2(F.silu(self.w1(h)) * self.w3(h))': 'self.w2(self.w1(h) * F.silu(self.w3(h)))'}),
    Wrong('encoder', 'residual-from-normed-input',
          why='The residual is taken from the normalised input instead of the input itself.',
          replace={'y = x + self.attn(self.norm1(x), mask)': ('h = self.norm1(x)\n'
                                                               '        y = h + self.attn(h, mask)'),
                   'return y + self.w2(': 'return h + self.w2('}),
    Wrong('encoder', 'mask-not-passed-to-attention',
          why='The mask is accepted by forward but never given to the attention.',
          replace={'self.attn(self.norm1(x), mask)': 'self.attn(self.norm1(x))'}),
    Wrong('encoder', 'eps-not-passed-to-rmsnorm',
          why="nn.RMSNorm's default eps is used instead of the block's.",
          replace={'nn.RMSNorm(d_model, eps=eps)': 'nn.RMSNorm(d_model)'},
          counts={'nn.RMSNorm(d_model, eps=eps)': 2}),
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
