"""Plausible wrong answers for the Chapter 7 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('hfmask', 'inverted-like-mha',
          why="PyTorch's key_padding_mask is True on padding, so the Hugging Face mask is inverted by analogy.",
          replace={'real = attention_mask != 0': 'real = attention_mask == 0'}),
    Wrong('hfmask', 'float-mask-passed-through',
          why='The 1/0 mask is used as numbers, as Hugging Face code often does, instead of as booleans.',
          replace={'real = attention_mask != 0': 'real = attention_mask.double()',
                  'mask = mask & (key_pos <= query_pos)': 'mask = mask * (key_pos <= query_pos)'}),
    Wrong('hfmask', 'causal-tril-not-offset',
          why='The causal mask is a plain tril, forgetting that queries are the last positions when there are fewer queries than keys.',
          replace={'query_pos = torch.arange(n_queries, device=real.device)[:, None] + (n_keys - n_queries)':
                   'query_pos = torch.arange(n_queries, device=real.device)[:, None]'}),
    Wrong('hfmask', 'causal-or-instead-of-and',
          why='"Padding or causal" reads naturally, but the allowed set is the intersection.',
          replace={'mask = mask & (key_pos <= query_pos)': 'mask = mask | (key_pos <= query_pos)'}),
    Wrong('hfmask', 'no-head-axis',
          why='The head axis that broadcasts over heads is forgotten.',
          replace={'mask = real[:, None, None, :].expand(n_seq, 1, n_queries, n_keys)':
                   'mask = real[:, None, :].expand(n_seq, n_queries, n_keys)'}),
    Wrong('hfmask', 'assumes-right-padding',
          why='Padding is assumed to be on the right, so the mask is rebuilt from lengths.',
          replace={'real = attention_mask != 0':
                   'real = torch.arange(n_keys)[None, :] < attention_mask.sum(-1, keepdim=True)'}),
    Wrong('mhamask', 'not-inverted',
          why='nn.MultiheadAttention\'s True means "hide", but the mask is used as "keep".',
          replace={'keep = ~masks[0]': 'keep = masks[0]',
                  'keep = keep & ~m': 'keep = keep & m'}),
    Wrong('mhamask', 'or-instead-of-and',
          why='The two masks are combined with | instead of &.',
          replace={'keep = keep & ~m': 'keep = keep | ~m'}),
    Wrong('mhamask', 'key-padding-ignored-with-attn-mask',
          why='The key padding mask is only used when there is no attn_mask.',
          replace={'if key_padding_mask is not None:':
                   'if key_padding_mask is not None and attn_mask is None:'}),
    Wrong('mhamask', '3d-mask-heads-first',
          why="The 3-D mask's batch*heads axis is split heads-first instead of batch-first.",
          replace={'masks.append(attn_mask.reshape(batch, num_heads, *attn_mask.shape[1:]))':
                   'masks.append(attn_mask.reshape(num_heads, batch, *attn_mask.shape[1:]).transpose(0, 1))'}),
    Wrong('mhamask', 'padding-on-query-axis',
          why='The padding mask is broadcast over the query axis instead of the key axis.',
          replace={'masks.append(key_padding_mask[:, None, None, :])':
                   'masks.append(key_padding_mask[:, None, :, None])'}),
    Wrong('mhamask', 'float-made-boolean',
          why='A float mask is turned into a boolean, losing its additive values.',
          replace={'if all(m.dtype == torch.bool for m in masks):':
                   ('masks = [m if m.dtype == torch.bool else torch.isinf(m) for m in masks]\n'
                    '    if all(m.dtype == torch.bool for m in masks):')}),
    Wrong('split', 'key-query-swapped',
          why="The packed weight's order q, k, v is misremembered as k, q, v.",
          replace={'W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=0)':
                   'W_k, W_q, W_v = mha.in_proj_weight.chunk(3, dim=0)',
                  'b_q, b_k, b_v = mha.in_proj_bias.chunk(3)':
                   'b_k, b_q, b_v = mha.in_proj_bias.chunk(3)'}),
    Wrong('split', 'transposed-weights',
          why='The chunks are transposed, as if the packed weight were stored input-major.',
          replace={'W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=0)':
                   'W_q, W_k, W_v = (W.T for W in mha.in_proj_weight.chunk(3, dim=0))'}),
    Wrong('split', 'columns-not-rows',
          why='The packed weight is chunked along the input axis instead of the output axis.',
          replace={'W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=0)':
                   'W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=1)'}),
    Wrong('split', 'always-packed',
          why='The packed in_proj_weight is assumed to always exist.',
          replace={'if mha.in_proj_weight is not None:': 'if True:'}),
    Wrong('split', 'kdim-only-checked',
          why='Only kdim is checked for the separate-weights case, not vdim.',
          replace={'if mha.in_proj_weight is not None:': 'if mha.kdim == mha.embed_dim:'}),
    Wrong('split', 'bias-always-split',
          why='The bias is assumed to exist.',
          delete=('if mha.in_proj_bias is None:', 'return W_q, W_k, W_v, None, None, None')),
    Wrong('split', 'detached-copies',
          why='Weights are detached, cutting gradients to the module.',
          replace={'if mha.in_proj_bias is None:':
                   ('W_q, W_k, W_v = W_q.detach(), W_k.detach(), W_v.detach()\n'
                    '    if mha.in_proj_bias is None:')}),
    Wrong('forward', 'view-without-transpose',
          why='Heads are split with view but no transpose.',
          replace={'return x.view(n_seq, x.shape[1], heads, embed // heads).transpose(1, 2)':
                   'return x.view(n_seq, heads, x.shape[1], embed // heads)'}),
    Wrong('forward', 'heads-merged-without-transpose',
          why='Heads are merged with reshape but no transpose.',
          replace={'out = out.transpose(1, 2).reshape(n_seq, n_q, embed)':
                   'out = out.reshape(n_seq, n_q, embed)'}),
    Wrong('forward', 'out-proj-without-bias',
          why="The output projection's bias is forgotten.",
          replace={'out = mha.out_proj(out)': 'out = F.linear(out, mha.out_proj.weight)'}),
    Wrong('forward', 'transposed-weight-in-linear',
          why='x @ W is written instead of x @ W^T, as F.linear does.',
          replace={'q = split_heads(F.linear(query, W_q, b_q))': 'q = split_heads(query @ W_q + b_q)'}),
    Wrong('forward', 'batch-first-ignored',
          why='batch_first=False inputs are not transposed.',
          replace={'return out if mha.batch_first else out.transpose(0, 1)': 'return out'},
          delete=('if not mha.batch_first:', 'query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)')),
    Wrong('forward', 'mha-masks-passed-to-sdpa',
          why="MHA's masks (True = hide) are passed to SDPA (True = keep) unchanged.",
          replace={'mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)':
                   'mask = attn_mask if key_padding_mask is None else key_padding_mask[:, None, None, :]'}),
    Wrong('forward', 'scale-by-embed-dim',
          why='The scale uses the embedding width instead of the head width.',
          replace={'out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)':
                   'out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=1 / math.sqrt(embed))'}),
    Wrong('forward', 'calls-the-module',
          why='The module itself is called instead of reimplementing it.',
          replace={'if not mha.batch_first:':
                   ('return mha(query, key, value, key_padding_mask=key_padding_mask, attn_mask=attn_mask,\n'
                    '               need_weights=False)[0]\n'
                    '    if not mha.batch_first:')}),
    Wrong('weights', 'averaged-over-heads',
          why='MHA averages weights over heads by default, so the student does too.',
          replace={'return torch.softmax(scores, dim=-1)':
                   'return torch.softmax(scores, dim=-1).mean(dim=1, keepdim=True).expand(-1, heads, -1, -1)'}),
    Wrong('weights', 'no-scaling',
          why='The 1/sqrt(d_head) scale is forgotten.',
          replace={'scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)':
                   'scores = q @ k.transpose(-2, -1)'}),
    Wrong('weights', 'softmax-over-queries',
          why='The softmax runs over dim -2, the queries.',
          replace={'return torch.softmax(scores, dim=-1)': 'return torch.softmax(scores, dim=-2)'}),
    Wrong('weights', 'mask-not-inverted',
          why='The mask is used with the wrong polarity.',
          replace={'scores = scores.masked_fill(~mask, -math.inf)':
                   'scores = scores.masked_fill(mask, -math.inf)'}),
    Wrong('weights', 'scale-by-embed-dim',
          why='The scale uses the embedding width instead of the head width.',
          replace={'scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)':
                   'scores = q @ k.transpose(-2, -1) / math.sqrt(embed)'}),
    Wrong('weights', 'batch-first-ignored',
          why='batch_first=False inputs are not transposed.',
          delete=('if not mha.batch_first:', 'query, key = query.transpose(0, 1), key.transpose(0, 1)')),
    Wrong('weights', 'calls-the-module',
          why='The module is called with need_weights instead of recomputing the weights.',
          replace={'if not mha.batch_first:':
                   ('value = key if mha.vdim == mha.kdim else key.new_zeros(*key.shape[:-1], mha.vdim)\n'
                    '    return mha(query, key, value, key_padding_mask=key_padding_mask, attn_mask=attn_mask,\n'
                    '               need_weights=True, average_attn_weights=False)[1]\n'
                    '    if not mha.batch_first:')}),
]
