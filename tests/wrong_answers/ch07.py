"""Plausible wrong answers for the Chapter 7 lab; each must lose points when graded."""
WRONG_ANSWERS = {
    'hfmask': {
        'inverted-like-mha': '''def hf_to_sdpa_mask(attention_mask, n_queries, causal=False):
    """Hugging Face attention_mask (N, S), nonzero = real token -> bool SDPA mask (N, 1, L, S), True = may attend.

    With causal=True the L queries are the last L of the S positions: query i may see keys j <= S - L + i.
    """
    n_seq, n_keys = attention_mask.shape
    real = attention_mask == 0                                          # (N, S) bool
    mask = real[:, None, None, :].expand(n_seq, 1, n_queries, n_keys)   # (N, 1, L, S)
    if causal:
        query_pos = torch.arange(n_queries, device=real.device)[:, None] + (n_keys - n_queries)
        key_pos = torch.arange(n_keys, device=real.device)[None, :]
        mask = mask & (key_pos <= query_pos)                            # (L, S) broadcasts
    return mask.contiguous()                                            # a new tensor, not a view
''',
        'float-mask-passed-through': '''def hf_to_sdpa_mask(attention_mask, n_queries, causal=False):
    """Hugging Face attention_mask (N, S), nonzero = real token -> bool SDPA mask (N, 1, L, S), True = may attend.

    With causal=True the L queries are the last L of the S positions: query i may see keys j <= S - L + i.
    """
    n_seq, n_keys = attention_mask.shape
    real = attention_mask.double()                                          # (N, S) bool
    mask = real[:, None, None, :].expand(n_seq, 1, n_queries, n_keys)   # (N, 1, L, S)
    if causal:
        query_pos = torch.arange(n_queries, device=real.device)[:, None] + (n_keys - n_queries)
        key_pos = torch.arange(n_keys, device=real.device)[None, :]
        mask = mask * (key_pos <= query_pos)                            # (L, S) broadcasts
    return mask.contiguous()                                            # a new tensor, not a view
''',
        'causal-tril-not-offset': '''def hf_to_sdpa_mask(attention_mask, n_queries, causal=False):
    """Hugging Face attention_mask (N, S), nonzero = real token -> bool SDPA mask (N, 1, L, S), True = may attend.

    With causal=True the L queries are the last L of the S positions: query i may see keys j <= S - L + i.
    """
    n_seq, n_keys = attention_mask.shape
    real = attention_mask != 0                                          # (N, S) bool
    mask = real[:, None, None, :].expand(n_seq, 1, n_queries, n_keys)   # (N, 1, L, S)
    if causal:
        query_pos = torch.arange(n_queries, device=real.device)[:, None]
        key_pos = torch.arange(n_keys, device=real.device)[None, :]
        mask = mask & (key_pos <= query_pos)                            # (L, S) broadcasts
    return mask.contiguous()                                            # a new tensor, not a view
''',
        'causal-or-instead-of-and': '''def hf_to_sdpa_mask(attention_mask, n_queries, causal=False):
    """Hugging Face attention_mask (N, S), nonzero = real token -> bool SDPA mask (N, 1, L, S), True = may attend.

    With causal=True the L queries are the last L of the S positions: query i may see keys j <= S - L + i.
    """
    n_seq, n_keys = attention_mask.shape
    real = attention_mask != 0                                          # (N, S) bool
    mask = real[:, None, None, :].expand(n_seq, 1, n_queries, n_keys)   # (N, 1, L, S)
    if causal:
        query_pos = torch.arange(n_queries, device=real.device)[:, None] + (n_keys - n_queries)
        key_pos = torch.arange(n_keys, device=real.device)[None, :]
        mask = mask | (key_pos <= query_pos)                            # (L, S) broadcasts
    return mask.contiguous()                                            # a new tensor, not a view
''',
        'no-head-axis': '''def hf_to_sdpa_mask(attention_mask, n_queries, causal=False):
    """Hugging Face attention_mask (N, S), nonzero = real token -> bool SDPA mask (N, 1, L, S), True = may attend.

    With causal=True the L queries are the last L of the S positions: query i may see keys j <= S - L + i.
    """
    n_seq, n_keys = attention_mask.shape
    real = attention_mask != 0                                          # (N, S) bool
    mask = real[:, None, :].expand(n_seq, n_queries, n_keys)   # (N, 1, L, S)
    if causal:
        query_pos = torch.arange(n_queries, device=real.device)[:, None] + (n_keys - n_queries)
        key_pos = torch.arange(n_keys, device=real.device)[None, :]
        mask = mask & (key_pos <= query_pos)                            # (L, S) broadcasts
    return mask.contiguous()                                            # a new tensor, not a view
''',
        'assumes-right-padding': '''def hf_to_sdpa_mask(attention_mask, n_queries, causal=False):
    """Hugging Face attention_mask (N, S), nonzero = real token -> bool SDPA mask (N, 1, L, S), True = may attend.

    With causal=True the L queries are the last L of the S positions: query i may see keys j <= S - L + i.
    """
    n_seq, n_keys = attention_mask.shape
    real = torch.arange(n_keys)[None, :] < attention_mask.sum(-1, keepdim=True)                                          # (N, S) bool
    mask = real[:, None, None, :].expand(n_seq, 1, n_queries, n_keys)   # (N, 1, L, S)
    if causal:
        query_pos = torch.arange(n_queries, device=real.device)[:, None] + (n_keys - n_queries)
        key_pos = torch.arange(n_keys, device=real.device)[None, :]
        mask = mask & (key_pos <= query_pos)                            # (L, S) broadcasts
    return mask.contiguous()                                            # a new tensor, not a view
''',
    },
    'mhamask': {
        'not-inverted': '''def mha_to_sdpa_mask(attn_mask, key_padding_mask, batch, num_heads):
    """nn.MultiheadAttention's two masks -> one mask for F.scaled_dot_product_attention, or None.

    attn_mask: None, (L, S) or (batch * num_heads, L, S); key_padding_mask: None or (batch, S).
    Bool masks (True = ignore the key) -> bool, True = may attend. Float masks (added) -> their sum.
    The result is 4-D, broadcastable to (batch, num_heads, L, S).
    """
    masks = []
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            masks.append(attn_mask[None, None])                                      # (1, 1, L, S)
        else:
            masks.append(attn_mask.reshape(batch, num_heads, *attn_mask.shape[1:]))  # (N, H, L, S)
    if key_padding_mask is not None:
        masks.append(key_padding_mask[:, None, None, :])                             # (N, 1, 1, S)
    if not masks:
        return None
    if all(m.dtype == torch.bool for m in masks):
        keep = masks[0]
        for m in masks[1:]:
            keep = keep & m                         # attend only where no mask ignores the key
        return keep
    total = masks[0]
    for m in masks[1:]:
        total = total + m                            # additive masks add up
    return total
''',
        'or-instead-of-and': '''def mha_to_sdpa_mask(attn_mask, key_padding_mask, batch, num_heads):
    """nn.MultiheadAttention's two masks -> one mask for F.scaled_dot_product_attention, or None.

    attn_mask: None, (L, S) or (batch * num_heads, L, S); key_padding_mask: None or (batch, S).
    Bool masks (True = ignore the key) -> bool, True = may attend. Float masks (added) -> their sum.
    The result is 4-D, broadcastable to (batch, num_heads, L, S).
    """
    masks = []
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            masks.append(attn_mask[None, None])                                      # (1, 1, L, S)
        else:
            masks.append(attn_mask.reshape(batch, num_heads, *attn_mask.shape[1:]))  # (N, H, L, S)
    if key_padding_mask is not None:
        masks.append(key_padding_mask[:, None, None, :])                             # (N, 1, 1, S)
    if not masks:
        return None
    if all(m.dtype == torch.bool for m in masks):
        keep = ~masks[0]
        for m in masks[1:]:
            keep = keep | ~m                         # attend only where no mask ignores the key
        return keep
    total = masks[0]
    for m in masks[1:]:
        total = total + m                            # additive masks add up
    return total
''',
        'key-padding-ignored-with-attn-mask': '''def mha_to_sdpa_mask(attn_mask, key_padding_mask, batch, num_heads):
    """nn.MultiheadAttention's two masks -> one mask for F.scaled_dot_product_attention, or None.

    attn_mask: None, (L, S) or (batch * num_heads, L, S); key_padding_mask: None or (batch, S).
    Bool masks (True = ignore the key) -> bool, True = may attend. Float masks (added) -> their sum.
    The result is 4-D, broadcastable to (batch, num_heads, L, S).
    """
    masks = []
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            masks.append(attn_mask[None, None])                                      # (1, 1, L, S)
        else:
            masks.append(attn_mask.reshape(batch, num_heads, *attn_mask.shape[1:]))  # (N, H, L, S)
    if key_padding_mask is not None and attn_mask is None:
        masks.append(key_padding_mask[:, None, None, :])                             # (N, 1, 1, S)
    if not masks:
        return None
    if all(m.dtype == torch.bool for m in masks):
        keep = ~masks[0]
        for m in masks[1:]:
            keep = keep & ~m                         # attend only where no mask ignores the key
        return keep
    total = masks[0]
    for m in masks[1:]:
        total = total + m                            # additive masks add up
    return total
''',
        '3d-mask-heads-first': '''def mha_to_sdpa_mask(attn_mask, key_padding_mask, batch, num_heads):
    """nn.MultiheadAttention's two masks -> one mask for F.scaled_dot_product_attention, or None.

    attn_mask: None, (L, S) or (batch * num_heads, L, S); key_padding_mask: None or (batch, S).
    Bool masks (True = ignore the key) -> bool, True = may attend. Float masks (added) -> their sum.
    The result is 4-D, broadcastable to (batch, num_heads, L, S).
    """
    masks = []
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            masks.append(attn_mask[None, None])                                      # (1, 1, L, S)
        else:
            masks.append(attn_mask.reshape(num_heads, batch, *attn_mask.shape[1:]).transpose(0, 1))  # (N, H, L, S)
    if key_padding_mask is not None:
        masks.append(key_padding_mask[:, None, None, :])                             # (N, 1, 1, S)
    if not masks:
        return None
    if all(m.dtype == torch.bool for m in masks):
        keep = ~masks[0]
        for m in masks[1:]:
            keep = keep & ~m                         # attend only where no mask ignores the key
        return keep
    total = masks[0]
    for m in masks[1:]:
        total = total + m                            # additive masks add up
    return total
''',
        'padding-on-query-axis': '''def mha_to_sdpa_mask(attn_mask, key_padding_mask, batch, num_heads):
    """nn.MultiheadAttention's two masks -> one mask for F.scaled_dot_product_attention, or None.

    attn_mask: None, (L, S) or (batch * num_heads, L, S); key_padding_mask: None or (batch, S).
    Bool masks (True = ignore the key) -> bool, True = may attend. Float masks (added) -> their sum.
    The result is 4-D, broadcastable to (batch, num_heads, L, S).
    """
    masks = []
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            masks.append(attn_mask[None, None])                                      # (1, 1, L, S)
        else:
            masks.append(attn_mask.reshape(batch, num_heads, *attn_mask.shape[1:]))  # (N, H, L, S)
    if key_padding_mask is not None:
        masks.append(key_padding_mask[:, None, :, None])                             # (N, 1, 1, S)
    if not masks:
        return None
    if all(m.dtype == torch.bool for m in masks):
        keep = ~masks[0]
        for m in masks[1:]:
            keep = keep & ~m                         # attend only where no mask ignores the key
        return keep
    total = masks[0]
    for m in masks[1:]:
        total = total + m                            # additive masks add up
    return total
''',
        'float-made-boolean': '''def mha_to_sdpa_mask(attn_mask, key_padding_mask, batch, num_heads):
    """nn.MultiheadAttention's two masks -> one mask for F.scaled_dot_product_attention, or None.

    attn_mask: None, (L, S) or (batch * num_heads, L, S); key_padding_mask: None or (batch, S).
    Bool masks (True = ignore the key) -> bool, True = may attend. Float masks (added) -> their sum.
    The result is 4-D, broadcastable to (batch, num_heads, L, S).
    """
    masks = []
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            masks.append(attn_mask[None, None])                                      # (1, 1, L, S)
        else:
            masks.append(attn_mask.reshape(batch, num_heads, *attn_mask.shape[1:]))  # (N, H, L, S)
    if key_padding_mask is not None:
        masks.append(key_padding_mask[:, None, None, :])                             # (N, 1, 1, S)
    if not masks:
        return None
    masks = [m if m.dtype == torch.bool else torch.isinf(m) for m in masks]
    if all(m.dtype == torch.bool for m in masks):
        keep = ~masks[0]
        for m in masks[1:]:
            keep = keep & ~m                         # attend only where no mask ignores the key
        return keep
    total = masks[0]
    for m in masks[1:]:
        total = total + m                            # additive masks add up
    return total
''',
    },
    'split': {
        'key-query-swapped': '''def split_in_projection(mha):
    """(W_q, W_k, W_v, b_q, b_k, b_v) of an nn.MultiheadAttention, as F.linear takes them.

    W_q: (E, E), W_k: (E, kdim), W_v: (E, vdim); b_q, b_k, b_v: (E,), or None when the module has no bias.
    """
    if mha.in_proj_weight is not None:               # kdim == vdim == embed_dim: packed (3E, E)
        W_k, W_q, W_v = mha.in_proj_weight.chunk(3, dim=0)
    else:                                            # kdim or vdim differs: three parameters
        W_q, W_k, W_v = mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight
    if mha.in_proj_bias is None:
        return W_q, W_k, W_v, None, None, None
    b_k, b_q, b_v = mha.in_proj_bias.chunk(3)
    return W_q, W_k, W_v, b_q, b_k, b_v
''',
        'transposed-weights': '''def split_in_projection(mha):
    """(W_q, W_k, W_v, b_q, b_k, b_v) of an nn.MultiheadAttention, as F.linear takes them.

    W_q: (E, E), W_k: (E, kdim), W_v: (E, vdim); b_q, b_k, b_v: (E,), or None when the module has no bias.
    """
    if mha.in_proj_weight is not None:               # kdim == vdim == embed_dim: packed (3E, E)
        W_q, W_k, W_v = (W.T for W in mha.in_proj_weight.chunk(3, dim=0))
    else:                                            # kdim or vdim differs: three parameters
        W_q, W_k, W_v = mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight
    if mha.in_proj_bias is None:
        return W_q, W_k, W_v, None, None, None
    b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
    return W_q, W_k, W_v, b_q, b_k, b_v
''',
        'columns-not-rows': '''def split_in_projection(mha):
    """(W_q, W_k, W_v, b_q, b_k, b_v) of an nn.MultiheadAttention, as F.linear takes them.

    W_q: (E, E), W_k: (E, kdim), W_v: (E, vdim); b_q, b_k, b_v: (E,), or None when the module has no bias.
    """
    if mha.in_proj_weight is not None:               # kdim == vdim == embed_dim: packed (3E, E)
        W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=1)
    else:                                            # kdim or vdim differs: three parameters
        W_q, W_k, W_v = mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight
    if mha.in_proj_bias is None:
        return W_q, W_k, W_v, None, None, None
    b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
    return W_q, W_k, W_v, b_q, b_k, b_v
''',
        'always-packed': '''def split_in_projection(mha):
    """(W_q, W_k, W_v, b_q, b_k, b_v) of an nn.MultiheadAttention, as F.linear takes them.

    W_q: (E, E), W_k: (E, kdim), W_v: (E, vdim); b_q, b_k, b_v: (E,), or None when the module has no bias.
    """
    if True:
        W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=0)
    else:                                            # kdim or vdim differs: three parameters
        W_q, W_k, W_v = mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight
    if mha.in_proj_bias is None:
        return W_q, W_k, W_v, None, None, None
    b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
    return W_q, W_k, W_v, b_q, b_k, b_v
''',
        'kdim-only-checked': '''def split_in_projection(mha):
    """(W_q, W_k, W_v, b_q, b_k, b_v) of an nn.MultiheadAttention, as F.linear takes them.

    W_q: (E, E), W_k: (E, kdim), W_v: (E, vdim); b_q, b_k, b_v: (E,), or None when the module has no bias.
    """
    if mha.kdim == mha.embed_dim:
        W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=0)
    else:                                            # kdim or vdim differs: three parameters
        W_q, W_k, W_v = mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight
    if mha.in_proj_bias is None:
        return W_q, W_k, W_v, None, None, None
    b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
    return W_q, W_k, W_v, b_q, b_k, b_v
''',
        'bias-always-split': '''def split_in_projection(mha):
    """(W_q, W_k, W_v, b_q, b_k, b_v) of an nn.MultiheadAttention, as F.linear takes them.

    W_q: (E, E), W_k: (E, kdim), W_v: (E, vdim); b_q, b_k, b_v: (E,), or None when the module has no bias.
    """
    if mha.in_proj_weight is not None:               # kdim == vdim == embed_dim: packed (3E, E)
        W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=0)
    else:                                            # kdim or vdim differs: three parameters
        W_q, W_k, W_v = mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight
    b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
    return W_q, W_k, W_v, b_q, b_k, b_v
''',
        'detached-copies': '''def split_in_projection(mha):
    """(W_q, W_k, W_v, b_q, b_k, b_v) of an nn.MultiheadAttention, as F.linear takes them.

    W_q: (E, E), W_k: (E, kdim), W_v: (E, vdim); b_q, b_k, b_v: (E,), or None when the module has no bias.
    """
    if mha.in_proj_weight is not None:               # kdim == vdim == embed_dim: packed (3E, E)
        W_q, W_k, W_v = mha.in_proj_weight.chunk(3, dim=0)
    else:                                            # kdim or vdim differs: three parameters
        W_q, W_k, W_v = mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight
    W_q, W_k, W_v = W_q.detach(), W_k.detach(), W_v.detach()
    if mha.in_proj_bias is None:
        return W_q, W_k, W_v, None, None, None
    b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
    return W_q, W_k, W_v, b_q, b_k, b_v
''',
    },
    'forward': {
        'view-without-transpose': '''def mha_forward(mha, query, key, value, key_padding_mask=None, attn_mask=None):
    """nn.MultiheadAttention's forward (eval mode, need_weights=False), rebuilt from its parameters with SDPA.

    batch_first=True: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (N, L, E);
    batch_first=False: (L, N, E), (S, N, kdim), (S, N, vdim) -> (L, N, E).
    """
    if not mha.batch_first:                                     # (T, N, .) -> (N, T, .)
        query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads = mha.num_heads
    W_q, W_k, W_v, b_q, b_k, b_v = split_in_projection(mha)

    def split_heads(x):                                         # (N, T, E) -> (N, H, T, E / H)
        return x.view(n_seq, heads, x.shape[1], embed // heads)

    q = split_heads(F.linear(query, W_q, b_q))
    k = split_heads(F.linear(key, W_k, b_k))
    v = split_heads(F.linear(value, W_v, b_v))
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)   # (N, H, L, E / H)
    out = out.transpose(1, 2).reshape(n_seq, n_q, embed)          # heads side by side again
    out = mha.out_proj(out)                                       # (N, L, E)
    return out if mha.batch_first else out.transpose(0, 1)
''',
        'heads-merged-without-transpose': '''def mha_forward(mha, query, key, value, key_padding_mask=None, attn_mask=None):
    """nn.MultiheadAttention's forward (eval mode, need_weights=False), rebuilt from its parameters with SDPA.

    batch_first=True: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (N, L, E);
    batch_first=False: (L, N, E), (S, N, kdim), (S, N, vdim) -> (L, N, E).
    """
    if not mha.batch_first:                                     # (T, N, .) -> (N, T, .)
        query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads = mha.num_heads
    W_q, W_k, W_v, b_q, b_k, b_v = split_in_projection(mha)

    def split_heads(x):                                         # (N, T, E) -> (N, H, T, E / H)
        return x.view(n_seq, x.shape[1], heads, embed // heads).transpose(1, 2)

    q = split_heads(F.linear(query, W_q, b_q))
    k = split_heads(F.linear(key, W_k, b_k))
    v = split_heads(F.linear(value, W_v, b_v))
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)   # (N, H, L, E / H)
    out = out.reshape(n_seq, n_q, embed)          # heads side by side again
    out = mha.out_proj(out)                                       # (N, L, E)
    return out if mha.batch_first else out.transpose(0, 1)
''',
        'out-proj-without-bias': '''def mha_forward(mha, query, key, value, key_padding_mask=None, attn_mask=None):
    """nn.MultiheadAttention's forward (eval mode, need_weights=False), rebuilt from its parameters with SDPA.

    batch_first=True: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (N, L, E);
    batch_first=False: (L, N, E), (S, N, kdim), (S, N, vdim) -> (L, N, E).
    """
    if not mha.batch_first:                                     # (T, N, .) -> (N, T, .)
        query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads = mha.num_heads
    W_q, W_k, W_v, b_q, b_k, b_v = split_in_projection(mha)

    def split_heads(x):                                         # (N, T, E) -> (N, H, T, E / H)
        return x.view(n_seq, x.shape[1], heads, embed // heads).transpose(1, 2)

    q = split_heads(F.linear(query, W_q, b_q))
    k = split_heads(F.linear(key, W_k, b_k))
    v = split_heads(F.linear(value, W_v, b_v))
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)   # (N, H, L, E / H)
    out = out.transpose(1, 2).reshape(n_seq, n_q, embed)          # heads side by side again
    out = F.linear(out, mha.out_proj.weight)                                       # (N, L, E)
    return out if mha.batch_first else out.transpose(0, 1)
''',
        'transposed-weight-in-linear': '''def mha_forward(mha, query, key, value, key_padding_mask=None, attn_mask=None):
    """nn.MultiheadAttention's forward (eval mode, need_weights=False), rebuilt from its parameters with SDPA.

    batch_first=True: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (N, L, E);
    batch_first=False: (L, N, E), (S, N, kdim), (S, N, vdim) -> (L, N, E).
    """
    if not mha.batch_first:                                     # (T, N, .) -> (N, T, .)
        query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads = mha.num_heads
    W_q, W_k, W_v, b_q, b_k, b_v = split_in_projection(mha)

    def split_heads(x):                                         # (N, T, E) -> (N, H, T, E / H)
        return x.view(n_seq, x.shape[1], heads, embed // heads).transpose(1, 2)

    q = split_heads(query @ W_q + b_q)
    k = split_heads(F.linear(key, W_k, b_k))
    v = split_heads(F.linear(value, W_v, b_v))
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)   # (N, H, L, E / H)
    out = out.transpose(1, 2).reshape(n_seq, n_q, embed)          # heads side by side again
    out = mha.out_proj(out)                                       # (N, L, E)
    return out if mha.batch_first else out.transpose(0, 1)
''',
        'batch-first-ignored': '''def mha_forward(mha, query, key, value, key_padding_mask=None, attn_mask=None):
    """nn.MultiheadAttention's forward (eval mode, need_weights=False), rebuilt from its parameters with SDPA.

    batch_first=True: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (N, L, E);
    batch_first=False: (L, N, E), (S, N, kdim), (S, N, vdim) -> (L, N, E).
    """
    n_seq, n_q, embed = query.shape
    heads = mha.num_heads
    W_q, W_k, W_v, b_q, b_k, b_v = split_in_projection(mha)

    def split_heads(x):                                         # (N, T, E) -> (N, H, T, E / H)
        return x.view(n_seq, x.shape[1], heads, embed // heads).transpose(1, 2)

    q = split_heads(F.linear(query, W_q, b_q))
    k = split_heads(F.linear(key, W_k, b_k))
    v = split_heads(F.linear(value, W_v, b_v))
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)   # (N, H, L, E / H)
    out = out.transpose(1, 2).reshape(n_seq, n_q, embed)          # heads side by side again
    out = mha.out_proj(out)                                       # (N, L, E)
    return out
''',
        'mha-masks-passed-to-sdpa': '''def mha_forward(mha, query, key, value, key_padding_mask=None, attn_mask=None):
    """nn.MultiheadAttention's forward (eval mode, need_weights=False), rebuilt from its parameters with SDPA.

    batch_first=True: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (N, L, E);
    batch_first=False: (L, N, E), (S, N, kdim), (S, N, vdim) -> (L, N, E).
    """
    if not mha.batch_first:                                     # (T, N, .) -> (N, T, .)
        query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads = mha.num_heads
    W_q, W_k, W_v, b_q, b_k, b_v = split_in_projection(mha)

    def split_heads(x):                                         # (N, T, E) -> (N, H, T, E / H)
        return x.view(n_seq, x.shape[1], heads, embed // heads).transpose(1, 2)

    q = split_heads(F.linear(query, W_q, b_q))
    k = split_heads(F.linear(key, W_k, b_k))
    v = split_heads(F.linear(value, W_v, b_v))
    mask = attn_mask if key_padding_mask is None else key_padding_mask[:, None, None, :]
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)   # (N, H, L, E / H)
    out = out.transpose(1, 2).reshape(n_seq, n_q, embed)          # heads side by side again
    out = mha.out_proj(out)                                       # (N, L, E)
    return out if mha.batch_first else out.transpose(0, 1)
''',
        'scale-by-embed-dim': '''def mha_forward(mha, query, key, value, key_padding_mask=None, attn_mask=None):
    """nn.MultiheadAttention's forward (eval mode, need_weights=False), rebuilt from its parameters with SDPA.

    batch_first=True: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (N, L, E);
    batch_first=False: (L, N, E), (S, N, kdim), (S, N, vdim) -> (L, N, E).
    """
    if not mha.batch_first:                                     # (T, N, .) -> (N, T, .)
        query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads = mha.num_heads
    W_q, W_k, W_v, b_q, b_k, b_v = split_in_projection(mha)

    def split_heads(x):                                         # (N, T, E) -> (N, H, T, E / H)
        return x.view(n_seq, x.shape[1], heads, embed // heads).transpose(1, 2)

    q = split_heads(F.linear(query, W_q, b_q))
    k = split_heads(F.linear(key, W_k, b_k))
    v = split_heads(F.linear(value, W_v, b_v))
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=1 / math.sqrt(embed))   # (N, H, L, E / H)
    out = out.transpose(1, 2).reshape(n_seq, n_q, embed)          # heads side by side again
    out = mha.out_proj(out)                                       # (N, L, E)
    return out if mha.batch_first else out.transpose(0, 1)
''',
        'calls-the-module': '''def mha_forward(mha, query, key, value, key_padding_mask=None, attn_mask=None):
    """nn.MultiheadAttention's forward (eval mode, need_weights=False), rebuilt from its parameters with SDPA.

    batch_first=True: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (N, L, E);
    batch_first=False: (L, N, E), (S, N, kdim), (S, N, vdim) -> (L, N, E).
    """
    return mha(query, key, value, key_padding_mask=key_padding_mask, attn_mask=attn_mask,
               need_weights=False)[0]
    if not mha.batch_first:                                     # (T, N, .) -> (N, T, .)
        query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads = mha.num_heads
    W_q, W_k, W_v, b_q, b_k, b_v = split_in_projection(mha)

    def split_heads(x):                                         # (N, T, E) -> (N, H, T, E / H)
        return x.view(n_seq, x.shape[1], heads, embed // heads).transpose(1, 2)

    q = split_heads(F.linear(query, W_q, b_q))
    k = split_heads(F.linear(key, W_k, b_k))
    v = split_heads(F.linear(value, W_v, b_v))
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)   # (N, H, L, E / H)
    out = out.transpose(1, 2).reshape(n_seq, n_q, embed)          # heads side by side again
    out = mha.out_proj(out)                                       # (N, L, E)
    return out if mha.batch_first else out.transpose(0, 1)
''',
    },
    'weights': {
        'averaged-over-heads': '''def per_head_weights(mha, query, key, key_padding_mask=None, attn_mask=None):
    """Attention weights of every head, (N, num_heads, L, S), whatever mha.batch_first.

    Equal to mha(query, key, value, ..., need_weights=True, average_attn_weights=False)[1].
    """
    if not mha.batch_first:
        query, key = query.transpose(0, 1), key.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads, head_dim = mha.num_heads, embed // mha.num_heads
    W_q, W_k, _, b_q, b_k, _ = split_in_projection(mha)
    q = F.linear(query, W_q, b_q).view(n_seq, n_q, heads, head_dim).transpose(1, 2)          # (N, H, L, d)
    k = F.linear(key, W_k, b_k).view(n_seq, key.shape[1], heads, head_dim).transpose(1, 2)   # (N, H, S, d)
    scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)                                   # (N, H, L, S)
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    if mask is not None and mask.dtype == torch.bool:
        scores = scores.masked_fill(~mask, -math.inf)
    elif mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-1).mean(dim=1, keepdim=True).expand(-1, heads, -1, -1)
''',
        'no-scaling': '''def per_head_weights(mha, query, key, key_padding_mask=None, attn_mask=None):
    """Attention weights of every head, (N, num_heads, L, S), whatever mha.batch_first.

    Equal to mha(query, key, value, ..., need_weights=True, average_attn_weights=False)[1].
    """
    if not mha.batch_first:
        query, key = query.transpose(0, 1), key.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads, head_dim = mha.num_heads, embed // mha.num_heads
    W_q, W_k, _, b_q, b_k, _ = split_in_projection(mha)
    q = F.linear(query, W_q, b_q).view(n_seq, n_q, heads, head_dim).transpose(1, 2)          # (N, H, L, d)
    k = F.linear(key, W_k, b_k).view(n_seq, key.shape[1], heads, head_dim).transpose(1, 2)   # (N, H, S, d)
    scores = q @ k.transpose(-2, -1)                                   # (N, H, L, S)
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    if mask is not None and mask.dtype == torch.bool:
        scores = scores.masked_fill(~mask, -math.inf)
    elif mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-1)
''',
        'softmax-over-queries': '''def per_head_weights(mha, query, key, key_padding_mask=None, attn_mask=None):
    """Attention weights of every head, (N, num_heads, L, S), whatever mha.batch_first.

    Equal to mha(query, key, value, ..., need_weights=True, average_attn_weights=False)[1].
    """
    if not mha.batch_first:
        query, key = query.transpose(0, 1), key.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads, head_dim = mha.num_heads, embed // mha.num_heads
    W_q, W_k, _, b_q, b_k, _ = split_in_projection(mha)
    q = F.linear(query, W_q, b_q).view(n_seq, n_q, heads, head_dim).transpose(1, 2)          # (N, H, L, d)
    k = F.linear(key, W_k, b_k).view(n_seq, key.shape[1], heads, head_dim).transpose(1, 2)   # (N, H, S, d)
    scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)                                   # (N, H, L, S)
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    if mask is not None and mask.dtype == torch.bool:
        scores = scores.masked_fill(~mask, -math.inf)
    elif mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-2)
''',
        'mask-not-inverted': '''def per_head_weights(mha, query, key, key_padding_mask=None, attn_mask=None):
    """Attention weights of every head, (N, num_heads, L, S), whatever mha.batch_first.

    Equal to mha(query, key, value, ..., need_weights=True, average_attn_weights=False)[1].
    """
    if not mha.batch_first:
        query, key = query.transpose(0, 1), key.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads, head_dim = mha.num_heads, embed // mha.num_heads
    W_q, W_k, _, b_q, b_k, _ = split_in_projection(mha)
    q = F.linear(query, W_q, b_q).view(n_seq, n_q, heads, head_dim).transpose(1, 2)          # (N, H, L, d)
    k = F.linear(key, W_k, b_k).view(n_seq, key.shape[1], heads, head_dim).transpose(1, 2)   # (N, H, S, d)
    scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)                                   # (N, H, L, S)
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    if mask is not None and mask.dtype == torch.bool:
        scores = scores.masked_fill(mask, -math.inf)
    elif mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-1)
''',
        'scale-by-embed-dim': '''def per_head_weights(mha, query, key, key_padding_mask=None, attn_mask=None):
    """Attention weights of every head, (N, num_heads, L, S), whatever mha.batch_first.

    Equal to mha(query, key, value, ..., need_weights=True, average_attn_weights=False)[1].
    """
    if not mha.batch_first:
        query, key = query.transpose(0, 1), key.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads, head_dim = mha.num_heads, embed // mha.num_heads
    W_q, W_k, _, b_q, b_k, _ = split_in_projection(mha)
    q = F.linear(query, W_q, b_q).view(n_seq, n_q, heads, head_dim).transpose(1, 2)          # (N, H, L, d)
    k = F.linear(key, W_k, b_k).view(n_seq, key.shape[1], heads, head_dim).transpose(1, 2)   # (N, H, S, d)
    scores = q @ k.transpose(-2, -1) / math.sqrt(embed)                                   # (N, H, L, S)
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    if mask is not None and mask.dtype == torch.bool:
        scores = scores.masked_fill(~mask, -math.inf)
    elif mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-1)
''',
        'batch-first-ignored': '''def per_head_weights(mha, query, key, key_padding_mask=None, attn_mask=None):
    """Attention weights of every head, (N, num_heads, L, S), whatever mha.batch_first.

    Equal to mha(query, key, value, ..., need_weights=True, average_attn_weights=False)[1].
    """
    n_seq, n_q, embed = query.shape
    heads, head_dim = mha.num_heads, embed // mha.num_heads
    W_q, W_k, _, b_q, b_k, _ = split_in_projection(mha)
    q = F.linear(query, W_q, b_q).view(n_seq, n_q, heads, head_dim).transpose(1, 2)          # (N, H, L, d)
    k = F.linear(key, W_k, b_k).view(n_seq, key.shape[1], heads, head_dim).transpose(1, 2)   # (N, H, S, d)
    scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)                                   # (N, H, L, S)
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    if mask is not None and mask.dtype == torch.bool:
        scores = scores.masked_fill(~mask, -math.inf)
    elif mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-1)
''',
        'calls-the-module': '''def per_head_weights(mha, query, key, key_padding_mask=None, attn_mask=None):
    """Attention weights of every head, (N, num_heads, L, S), whatever mha.batch_first.

    Equal to mha(query, key, value, ..., need_weights=True, average_attn_weights=False)[1].
    """
    value = key if mha.vdim == mha.kdim else key.new_zeros(*key.shape[:-1], mha.vdim)
    return mha(query, key, value, key_padding_mask=key_padding_mask, attn_mask=attn_mask,
               need_weights=True, average_attn_weights=False)[1]
    if not mha.batch_first:
        query, key = query.transpose(0, 1), key.transpose(0, 1)
    n_seq, n_q, embed = query.shape
    heads, head_dim = mha.num_heads, embed // mha.num_heads
    W_q, W_k, _, b_q, b_k, _ = split_in_projection(mha)
    q = F.linear(query, W_q, b_q).view(n_seq, n_q, heads, head_dim).transpose(1, 2)          # (N, H, L, d)
    k = F.linear(key, W_k, b_k).view(n_seq, key.shape[1], heads, head_dim).transpose(1, 2)   # (N, H, S, d)
    scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)                                   # (N, H, L, S)
    mask = mha_to_sdpa_mask(attn_mask, key_padding_mask, n_seq, heads)
    if mask is not None and mask.dtype == torch.bool:
        scores = scores.masked_fill(~mask, -math.inf)
    elif mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-1)
''',
    },
}
