"""Plausible wrong answers for the Chapter 6 lab; each must lose points when graded."""

_ADD_HEAD = '''def additive_score(query, keys, W_q, W_k, v):
'''

_DEC_HEAD = '''def decoder_step(y_prev, s_prev, enc, src_mask, score_fn, cell, out):
'''

_TF_HEAD = '''def teacher_forcing(step, embed, targets, s0, bos):
'''

_POOL_HEAD = '''def attention_pool(H, mask, w, W):
'''

_PATCH_HEAD = '''def patchify(images, p):
    batch, C, H, W = images.shape
'''

_POS_TEMPLATE = '''def positions_2d(h, w, d):
    if d % 4 != 0:
        raise ValueError("d must be divisible by 4")
    m = d // 2
    omega = {base} ** (-torch.arange(0, m, 2, dtype=torch.float64) / {m})

    def pe(x):
        angles = x[:, None] * omega[None, :]
        out = torch.empty(x.shape[0], m, dtype=torch.float64)
        out[:, 0::2] = torch.{even}(angles)
        out[:, 1::2] = torch.{odd}(angles)
        return out

    rows = torch.arange(h, dtype=torch.float64){rows}
    cols = torch.arange(w, dtype=torch.float64){cols}
    return torch.cat([pe({first}), pe({second})], dim=1)
'''


def _positions(base="10000.0", m="m", even="sin", odd="cos", rows=".repeat_interleave(w)", cols=".repeat(h)",
               first="rows", second="cols"):
    return _POS_TEMPLATE.format(base=base, m=m, even=even, odd=odd, rows=rows, cols=cols, first=first,
                                second=second)


_ALIGN_HEAD = '''def extract_alignment(weights, tgt_len, src_len):
'''

WRONG_ANSWERS = {
    "additive": {
        "no-tanh": _ADD_HEAD + '''    projected = (query @ W_q)[:, None, :] + keys @ W_k
    return projected @ v
''',
        "tanh-after-v": _ADD_HEAD + '''    projected = (query @ W_q)[:, None, :] + keys @ W_k
    return torch.tanh(projected @ v)
''',
        "weights-not-transposed": _ADD_HEAD + '''    projected = (query @ W_q.T)[:, None, :] + keys @ W_k.T
    return torch.tanh(projected) @ v
''',
        "softmax-returned": _ADD_HEAD + '''    projected = (query @ W_q)[:, None, :] + keys @ W_k
    return torch.softmax(torch.tanh(projected) @ v, dim=-1)
''',
        "query-broadcast-over-wrong-axis": _ADD_HEAD + '''    projected = (query @ W_q)[None, :, :] + keys @ W_k
    return torch.tanh(projected) @ v
''',
        "tanh-of-each-projection": _ADD_HEAD + '''    projected = torch.tanh(query @ W_q)[:, None, :] + torch.tanh(keys @ W_k)
    return projected @ v
''',
    },
    "decoder": {
        "score-with-new-state": _DEC_HEAD + '''    s_new = cell(torch.cat([y_prev, torch.zeros_like(enc[:, 0])], dim=-1), s_prev)
    scores = score_fn(s_new, enc).masked_fill(~src_mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    context = (weights[:, :, None] * enc).sum(dim=1)
    logits = out(torch.cat([s_new, context], dim=-1))
    return logits, s_new, weights
''',
        "mask-forgotten": _DEC_HEAD + '''    scores = score_fn(s_prev, enc)
    weights = torch.softmax(scores, dim=-1)
    context = (weights[:, :, None] * enc).sum(dim=1)
    s_new = cell(torch.cat([y_prev, context], dim=-1), s_prev)
    logits = out(torch.cat([s_new, context], dim=-1))
    return logits, s_new, weights
''',
        "mask-after-softmax": _DEC_HEAD + '''    scores = score_fn(s_prev, enc)
    weights = torch.softmax(scores, dim=-1) * src_mask
    context = (weights[:, :, None] * enc).sum(dim=1)
    s_new = cell(torch.cat([y_prev, context], dim=-1), s_prev)
    logits = out(torch.cat([s_new, context], dim=-1))
    return logits, s_new, weights
''',
        "gru-input-order-swapped": _DEC_HEAD + '''    scores = score_fn(s_prev, enc).masked_fill(~src_mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    context = (weights[:, :, None] * enc).sum(dim=1)
    s_new = cell(torch.cat([context, y_prev], dim=-1), s_prev)
    logits = out(torch.cat([s_new, context], dim=-1))
    return logits, s_new, weights
''',
        "logits-from-previous-state": _DEC_HEAD + '''    scores = score_fn(s_prev, enc).masked_fill(~src_mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    context = (weights[:, :, None] * enc).sum(dim=1)
    s_new = cell(torch.cat([y_prev, context], dim=-1), s_prev)
    logits = out(torch.cat([s_prev, context], dim=-1))
    return logits, s_new, weights
''',
        "masked-scores-set-to-zero": _DEC_HEAD + '''    scores = score_fn(s_prev, enc).masked_fill(~src_mask, 0.0)
    weights = torch.softmax(scores, dim=-1)
    context = (weights[:, :, None] * enc).sum(dim=1)
    s_new = cell(torch.cat([y_prev, context], dim=-1), s_prev)
    logits = out(torch.cat([s_new, context], dim=-1))
    return logits, s_new, weights
''',
    },
    "teacher": {
        "feeds-own-prediction": _TF_HEAD + '''    batch, T = targets.shape
    token = torch.full((batch,), bos, dtype=targets.dtype)
    s, all_logits, all_weights = s0, [], []
    for t in range(T):
        logits, s, weights = step(embed(token), s)
        token = logits.argmax(dim=-1)
        all_logits.append(logits)
        all_weights.append(weights)
    return torch.stack(all_logits, dim=1), torch.stack(all_weights, dim=1)
''',
        "feeds-current-target": _TF_HEAD + '''    batch, T = targets.shape
    s, all_logits, all_weights = s0, [], []
    for t in range(T):
        logits, s, weights = step(embed(targets[:, t]), s)
        all_logits.append(logits)
        all_weights.append(weights)
    return torch.stack(all_logits, dim=1), torch.stack(all_weights, dim=1)
''',
        "bos-hard-coded-zero": _TF_HEAD + '''    batch, T = targets.shape
    inputs = torch.cat([torch.zeros(batch, 1, dtype=targets.dtype), targets[:, :-1]], dim=1)
    s, all_logits, all_weights = s0, [], []
    for t in range(T):
        logits, s, weights = step(embed(inputs[:, t]), s)
        all_logits.append(logits)
        all_weights.append(weights)
    return torch.stack(all_logits, dim=1), torch.stack(all_weights, dim=1)
''',
        "state-never-updated": _TF_HEAD + '''    batch, T = targets.shape
    inputs = torch.cat([torch.full((batch, 1), bos, dtype=targets.dtype), targets[:, :-1]], dim=1)
    all_logits, all_weights = [], []
    for t in range(T):
        logits, s, weights = step(embed(inputs[:, t]), s0)
        all_logits.append(logits)
        all_weights.append(weights)
    return torch.stack(all_logits, dim=1), torch.stack(all_weights, dim=1)
''',
        "time-stacked-first": _TF_HEAD + '''    batch, T = targets.shape
    inputs = torch.cat([torch.full((batch, 1), bos, dtype=targets.dtype), targets[:, :-1]], dim=1)
    s, all_logits, all_weights = s0, [], []
    for t in range(T):
        logits, s, weights = step(embed(inputs[:, t]), s)
        all_logits.append(logits)
        all_weights.append(weights)
    return torch.stack(all_logits), torch.stack(all_weights)
''',
        "no-grad-loop": _TF_HEAD + '''    batch, T = targets.shape
    inputs = torch.cat([torch.full((batch, 1), bos, dtype=targets.dtype), targets[:, :-1]], dim=1)
    s, all_logits, all_weights = s0, [], []
    with torch.no_grad():
        for t in range(T):
            logits, s, weights = step(embed(inputs[:, t]), s)
            all_logits.append(logits)
            all_weights.append(weights)
    return torch.stack(all_logits, dim=1), torch.stack(all_weights, dim=1)
''',
    },
    "pooling": {
        "mean-pooling": _POOL_HEAD + '''    weights = torch.full(mask.shape, 1.0 / mask.shape[1], dtype=H.dtype)
    return H.mean(dim=1), weights
''',
        "mask-ignored": _POOL_HEAD + '''    scores = torch.tanh(H @ W) @ w
    weights = torch.softmax(scores, dim=1)
    return (weights[:, :, None] * H).sum(dim=1), weights
''',
        "mask-after-softmax": _POOL_HEAD + '''    scores = torch.tanh(H @ W) @ w
    weights = torch.softmax(scores, dim=1) * mask
    return (weights[:, :, None] * H).sum(dim=1), weights
''',
        "softmax-over-batch": _POOL_HEAD + '''    scores = torch.tanh(H @ W) @ w
    weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=0)
    return (weights[:, :, None] * H).sum(dim=1), weights
''',
        "pools-hidden-layer-not-states": _POOL_HEAD + '''    hidden = torch.tanh(H @ W)
    weights = torch.softmax((hidden @ w).masked_fill(~mask, float("-inf")), dim=1)
    return (weights[:, :, None] * hidden).sum(dim=1), weights
''',
        "no-tanh": _POOL_HEAD + '''    scores = (H @ W) @ w
    weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)
    return (weights[:, :, None] * H).sum(dim=1), weights
''',
    },
    "patchify": {
        "reshape-without-permute": _PATCH_HEAD + '''    return images.reshape(batch, (H // p) * (W // p), C * p * p)
''',
        "column-major-patch-order": _PATCH_HEAD + '''    x = images.reshape(batch, C, H // p, p, W // p, p).permute(0, 4, 2, 1, 3, 5)
    return x.reshape(batch, (H // p) * (W // p), C * p * p)
''',
        "channels-last-in-patch": _PATCH_HEAD + '''    x = images.reshape(batch, C, H // p, p, W // p, p).permute(0, 2, 4, 3, 5, 1)
    return x.reshape(batch, (H // p) * (W // p), C * p * p)
''',
        "patch-transposed": _PATCH_HEAD + '''    x = images.reshape(batch, C, H // p, p, W // p, p).permute(0, 2, 4, 1, 5, 3)
    return x.reshape(batch, (H // p) * (W // p), C * p * p)
''',
        "unfold-without-transpose": _PATCH_HEAD + '''    cols = F.unfold(images, kernel_size=p, stride=p)  # (batch, C*p*p, patches)
    return cols.reshape(batch, (H // p) * (W // p), C * p * p)
''',
        "image-axes-swapped": _PATCH_HEAD + '''    x = images.transpose(2, 3).reshape(batch, C, W // p, p, H // p, p).permute(0, 2, 4, 1, 3, 5)
    return x.reshape(batch, (H // p) * (W // p), C * p * p)
''',
    },
    "positions": {
        "row-and-column-swapped": _positions(first="cols", second="rows"),
        "frequency-uses-d": _positions(m="d"),
        "sin-cos-swapped": _positions(even="cos", odd="sin"),
        "column-major-order": _positions(rows=".repeat(w)", cols=".repeat_interleave(h)"),
        "base-1000": _positions(base="1000.0"),
        "positions-from-one": _positions(rows=".repeat_interleave(w) + 1", cols=".repeat(h) + 1"),
    },
    "alignment": {
        "argmax-over-wrong-axis": _ALIGN_HEAD + '''    real = weights[:tgt_len, :src_len]
    alignment = real.argmax(dim=0)
    durations = torch.bincount(real.argmax(dim=1), minlength=tgt_len)
    return alignment, durations, bool(torch.all(alignment[1:] >= alignment[:-1]))
''',
        "padding-included": _ALIGN_HEAD + '''    alignment = weights.argmax(dim=1)[:tgt_len]
    owner = weights.argmax(dim=0)[:src_len]
    durations = torch.bincount(owner, minlength=tgt_len)[:tgt_len]
    return alignment, durations, bool(torch.all(alignment[1:] >= alignment[:-1]))
''',
        "strict-monotonic-check": _ALIGN_HEAD + '''    real = weights[:tgt_len, :src_len]
    alignment = real.argmax(dim=1)
    durations = torch.bincount(real.argmax(dim=0), minlength=tgt_len)
    return alignment, durations, bool(torch.all(alignment[1:] > alignment[:-1]))
''',
        "durations-from-boundaries": _ALIGN_HEAD + '''    real = weights[:tgt_len, :src_len]
    alignment = real.argmax(dim=1)
    durations = torch.diff(alignment, append=torch.tensor([src_len]))
    return alignment, durations, bool(torch.all(alignment[1:] >= alignment[:-1]))
''',
        "bincount-without-minlength": _ALIGN_HEAD + '''    real = weights[:tgt_len, :src_len]
    alignment = real.argmax(dim=1)
    durations = torch.bincount(real.argmax(dim=0))
    return alignment, durations, bool(torch.all(alignment[1:] >= alignment[:-1]))
''',
        "monotonic-checks-ends-only": _ALIGN_HEAD + '''    real = weights[:tgt_len, :src_len]
    alignment = real.argmax(dim=1)
    durations = torch.bincount(real.argmax(dim=0), minlength=tgt_len)
    return alignment, durations, bool(alignment[-1] >= alignment[0])
''',
    },
}
