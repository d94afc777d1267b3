"""Plausible wrong answers for the Chapter 6 lab; each must lose points when graded.

Each entry is an edit of the reference answer of its part (see tests/wrong_answers/__init__.py).
"""
from tests.wrong_answers import Wrong

WRONG = [
    Wrong('additive', 'no-tanh',
          why='The tanh of additive attention is forgotten.',
          replace={'return torch.tanh(projected) @ v': 'return projected @ v'}),
    Wrong('additive', 'tanh-after-v',
          why='tanh is applied after the projection by v.',
          replace={'return torch.tanh(projected) @ v': 'return torch.tanh(projected @ v)'}),
    Wrong('additive', 'weights-not-transposed',
          why='The weights are transposed as for nn.Linear.',
          replace={'projected = (query @ W_q)[:, None, :] + keys @ W_k':
                   'projected = (query @ W_q.T)[:, None, :] + keys @ W_k.T'}),
    Wrong('additive', 'softmax-returned',
          why='Softmax weights are returned instead of scores.',
          replace={'return torch.tanh(projected) @ v':
                   'return torch.softmax(torch.tanh(projected) @ v, dim=-1)'}),
    Wrong('additive', 'query-broadcast-over-wrong-axis',
          why='The query is broadcast over the wrong axis.',
          replace={'projected = (query @ W_q)[:, None, :] + keys @ W_k':
                   'projected = (query @ W_q)[None, :, :] + keys @ W_k'}),
    Wrong('additive', 'tanh-of-each-projection',
          why='tanh is applied to each projection separately.',
          replace={'projected = (query @ W_q)[:, None, :] + keys @ W_k':
                   'projected = torch.tanh(query @ W_q)[:, None, :] + torch.tanh(keys @ W_k)',
                  'return torch.tanh(projected) @ v': 'return projected @ v'}),
    Wrong('decoder', 'score-with-new-state',
          why='Scores are computed from the new state instead of the previous one.',
          replace={'scores = score_fn(s_prev, enc).masked_fill(~src_mask, float("-inf"))':
                   ('s_new = cell(torch.cat([y_prev, torch.zeros_like(enc[:, 0])], dim=-1), s_prev)\n'
                    '    scores = score_fn(s_new, enc).masked_fill(~src_mask, float("-inf"))')},
          delete=('s_new = cell(torch.cat([y_prev, context], dim=-1), s_prev)',)),
    Wrong('decoder', 'mask-forgotten',
          why='The source mask is forgotten.',
          replace={'scores = score_fn(s_prev, enc).masked_fill(~src_mask, float("-inf"))':
                   'scores = score_fn(s_prev, enc)'}),
    Wrong('decoder', 'mask-after-softmax',
          why='The mask is applied after the softmax.',
          replace={'scores = score_fn(s_prev, enc).masked_fill(~src_mask, float("-inf"))':
                   'scores = score_fn(s_prev, enc)',
                  'weights = torch.softmax(scores, dim=-1)':
                   'weights = torch.softmax(scores, dim=-1) * src_mask'}),
    Wrong('decoder', 'gru-input-order-swapped',
          why='The GRU input is concatenated in the wrong order.',
          replace={'s_new = cell(torch.cat([y_prev, context], dim=-1), s_prev)':
                   's_new = cell(torch.cat([context, y_prev], dim=-1), s_prev)'}),
    Wrong('decoder', 'logits-from-previous-state',
          why='Logits are computed from the previous state.',
          replace={'logits = out(torch.cat([s_new, context], dim=-1))':
                   'logits = out(torch.cat([s_prev, context], dim=-1))'}),
    Wrong('decoder', 'masked-scores-set-to-zero',
          why='Masked scores are set to 0 instead of -inf.',
          replace={'scores = score_fn(s_prev, enc).masked_fill(~src_mask, float("-inf"))':
                   'scores = score_fn(s_prev, enc).masked_fill(~src_mask, 0.0)'}),
    Wrong('teacher', 'feeds-own-prediction',
          why="The model's own prediction is fed back instead of the target.",
          replace={'first = torch.full((batch, 1), bos, dtype=targets.dtype, device=targets.device)':
                   'token = torch.full((batch,), bos, dtype=targets.dtype)',
                  'logits, s, weights = step(embed(inputs[:, t]), s)':
                   ('logits, s, weights = step(embed(token), s)\n'
                    '        token = logits.argmax(dim=-1)')},
          delete=('inputs = torch.cat([first, targets[:, :-1]], dim=1)',)),
    Wrong('teacher', 'feeds-current-target',
          why='The current target is fed instead of the previous one.',
          replace={'logits, s, weights = step(embed(inputs[:, t]), s)':
                   'logits, s, weights = step(embed(targets[:, t]), s)'},
          delete=('first = torch.full((batch, 1), bos, dtype=targets.dtype, device=targets.device)', 'inputs = torch.cat([first, targets[:, :-1]], dim=1)')),
    Wrong('teacher', 'bos-hard-coded-zero',
          why='The BOS token is hard-coded as 0.',
          replace={'inputs = torch.cat([first, targets[:, :-1]], dim=1)':
                   'inputs = torch.cat([torch.zeros(batch, 1, dtype=targets.dtype), targets[:, :-1]], dim=1)'},
          delete=('first = torch.full((batch, 1), bos, dtype=targets.dtype, device=targets.device)',)),
    Wrong('teacher', 'state-never-updated',
          why='The decoder state is never updated.',
          replace={'first = torch.full((batch, 1), bos, dtype=targets.dtype, device=targets.device)':
                   'inputs = torch.cat([torch.full((batch, 1), bos, dtype=targets.dtype), targets[:, :-1]], dim=1)',
                  's, all_logits, all_weights = s0, [], []': 'all_logits, all_weights = [], []',
                  'logits, s, weights = step(embed(inputs[:, t]), s)':
                   'logits, s, weights = step(embed(inputs[:, t]), s0)'},
          delete=('inputs = torch.cat([first, targets[:, :-1]], dim=1)',)),
    Wrong('teacher', 'time-stacked-first',
          why='The outputs are stacked along the first dim.',
          replace={'first = torch.full((batch, 1), bos, dtype=targets.dtype, device=targets.device)':
                   'inputs = torch.cat([torch.full((batch, 1), bos, dtype=targets.dtype), targets[:, :-1]], dim=1)',
                  'return torch.stack(all_logits, dim=1), torch.stack(all_weights, dim=1)':
                   'return torch.stack(all_logits), torch.stack(all_weights)'},
          delete=('inputs = torch.cat([first, targets[:, :-1]], dim=1)',)),
    Wrong('teacher', 'no-grad-loop',
          why='The loop runs under no_grad, so no gradients flow.',
          replace={('    for t in range(T):\n'
                   '        logits, s, weights = step(embed(inputs[:, t]), s)\n'
                   '        all_logits.append(logits)\n'
                   '        all_weights.append(weights)\n'):
                   ('    with torch.no_grad():\n'
                    '        for t in range(T):\n'
                    '            logits, s, weights = step(embed(inputs[:, t]), s)\n'
                    '            all_logits.append(logits)\n'
                    '            all_weights.append(weights)\n')}),
    Wrong('pooling', 'mean-pooling',
          why='Mean pooling is used instead of attention pooling.',
          replace={'return pooled, weights':
                   ('weights = torch.full(mask.shape, 1.0 / mask.shape[1], dtype=H.dtype)\n'
                    '    return H.mean(dim=1), weights')},
          delete=('scores = torch.tanh(H @ W) @ w', 'weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)', 'pooled = (weights[:, :, None] * H).sum(dim=1)')),
    Wrong('pooling', 'mask-ignored',
          why='The padding mask is ignored.',
          replace={'weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)':
                   'weights = torch.softmax(scores, dim=1)',
                  'pooled = (weights[:, :, None] * H).sum(dim=1)':
                   'return (weights[:, :, None] * H).sum(dim=1), weights'},
          delete=('return pooled, weights',)),
    Wrong('pooling', 'mask-after-softmax',
          why='The mask is applied after the softmax.',
          replace={'weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)':
                   'weights = torch.softmax(scores, dim=1) * mask',
                  'pooled = (weights[:, :, None] * H).sum(dim=1)':
                   'return (weights[:, :, None] * H).sum(dim=1), weights'},
          delete=('return pooled, weights',)),
    Wrong('pooling', 'softmax-over-batch',
          why='The softmax runs over dim 0, the batch.',
          replace={'weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)':
                   'weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=0)',
                  'pooled = (weights[:, :, None] * H).sum(dim=1)':
                   'return (weights[:, :, None] * H).sum(dim=1), weights'},
          delete=('return pooled, weights',)),
    Wrong('pooling', 'pools-hidden-layer-not-states',
          why='The hidden layer is pooled instead of the states.',
          replace={'scores = torch.tanh(H @ W) @ w': 'hidden = torch.tanh(H @ W)',
                  'weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)':
                   'weights = torch.softmax((hidden @ w).masked_fill(~mask, float("-inf")), dim=1)',
                  'pooled = (weights[:, :, None] * H).sum(dim=1)':
                   'return (weights[:, :, None] * hidden).sum(dim=1), weights'},
          delete=('return pooled, weights',)),
    Wrong('pooling', 'no-tanh',
          why='The tanh is forgotten.',
          replace={'scores = torch.tanh(H @ W) @ w': 'scores = (H @ W) @ w',
                  'pooled = (weights[:, :, None] * H).sum(dim=1)':
                   'return (weights[:, :, None] * H).sum(dim=1), weights'},
          delete=('return pooled, weights',)),
    Wrong('patchify', 'reshape-without-permute',
          why='The image is reshaped without permuting.',
          replace={'return x.reshape(batch, (H // p) * (W // p), C * p * p)':
                   'return images.reshape(batch, (H // p) * (W // p), C * p * p)'},
          delete=('x = images.reshape(batch, C, H // p, p, W // p, p)', 'x = x.permute(0, 2, 4, 1, 3, 5)')),
    Wrong('patchify', 'column-major-patch-order',
          why='Patches are ordered column-major.',
          replace={'x = images.reshape(batch, C, H // p, p, W // p, p)':
                   'x = images.reshape(batch, C, H // p, p, W // p, p).permute(0, 4, 2, 1, 3, 5)'},
          delete=('x = x.permute(0, 2, 4, 1, 3, 5)',)),
    Wrong('patchify', 'channels-last-in-patch',
          why='Channels are put last in each patch.',
          replace={'x = images.reshape(batch, C, H // p, p, W // p, p)':
                   'x = images.reshape(batch, C, H // p, p, W // p, p).permute(0, 2, 4, 3, 5, 1)'},
          delete=('x = x.permute(0, 2, 4, 1, 3, 5)',)),
    Wrong('patchify', 'patch-transposed',
          why='Each patch is transposed.',
          replace={'x = images.reshape(batch, C, H // p, p, W // p, p)':
                   'x = images.reshape(batch, C, H // p, p, W // p, p).permute(0, 2, 4, 1, 5, 3)'},
          delete=('x = x.permute(0, 2, 4, 1, 3, 5)',)),
    Wrong('patchify', 'unfold-without-transpose',
          why='F.unfold output is not transposed.',
          replace={'return x.reshape(batch, (H // p) * (W // p), C * p * p)':
                   ('cols = F.unfold(images, kernel_size=p, stride=p)\n'
                    '    return cols.reshape(batch, (H // p) * (W // p), C * p * p)')},
          delete=('x = images.reshape(batch, C, H // p, p, W // p, p)', 'x = x.permute(0, 2, 4, 1, 3, 5)')),
    Wrong('patchify', 'image-axes-swapped',
          why='The image axes are swapped.',
          replace={'x = images.reshape(batch, C, H // p, p, W // p, p)':
                   'x = images.transpose(2, 3).reshape(batch, C, W // p, p, H // p, p).permute(0, 2, 4, 1, 3, 5)'},
          delete=('x = x.permute(0, 2, 4, 1, 3, 5)',)),
    Wrong('positions', 'row-and-column-swapped',
          why='Rows and columns are swapped.',
          replace={'raise ValueError(f"d must be divisible by 4, got {d}")':
                   'raise ValueError("d must be divisible by 4")',
                  'return torch.cat([pe(rows), pe(cols)], dim=1)':
                   'return torch.cat([pe(cols), pe(rows)], dim=1)'}),
    Wrong('positions', 'frequency-uses-d',
          why='The frequency uses d instead of the half width.',
          replace={'raise ValueError(f"d must be divisible by 4, got {d}")':
                   'raise ValueError("d must be divisible by 4")',
                  'omega = 10000.0 ** (-torch.arange(0, m, 2, dtype=torch.float64) / m)':
                   'omega = 10000.0 ** (-torch.arange(0, m, 2, dtype=torch.float64) / d)'}),
    Wrong('positions', 'sin-cos-swapped',
          why='Sine and cosine are swapped.',
          replace={'raise ValueError(f"d must be divisible by 4, got {d}")':
                   'raise ValueError("d must be divisible by 4")',
                  'out[:, 0::2] = torch.sin(angles)': 'out[:, 0::2] = torch.cos(angles)',
                  'out[:, 1::2] = torch.cos(angles)': 'out[:, 1::2] = torch.sin(angles)'}),
    Wrong('positions', 'column-major-order',
          why='Positions are numbered column-major.',
          replace={'raise ValueError(f"d must be divisible by 4, got {d}")':
                   'raise ValueError("d must be divisible by 4")',
                  'rows = torch.arange(h, dtype=torch.float64).repeat_interleave(w)':
                   'rows = torch.arange(h, dtype=torch.float64).repeat(w)',
                  'cols = torch.arange(w, dtype=torch.float64).repeat(h)':
                   'cols = torch.arange(w, dtype=torch.float64).repeat_interleave(h)'}),
    Wrong('positions', 'base-1000',
          why='The base 10000 is mistyped as 1000.',
          replace={'raise ValueError(f"d must be divisible by 4, got {d}")':
                   'raise ValueError("d must be divisible by 4")',
                  'omega = 10000.0 ** (-torch.arange(0, m, 2, dtype=torch.float64) / m)':
                   'omega = 1000.0 ** (-torch.arange(0, m, 2, dtype=torch.float64) / m)'}),
    Wrong('positions', 'positions-from-one',
          why='Positions start from 1.',
          replace={'raise ValueError(f"d must be divisible by 4, got {d}")':
                   'raise ValueError("d must be divisible by 4")',
                  'rows = torch.arange(h, dtype=torch.float64).repeat_interleave(w)':
                   'rows = torch.arange(h, dtype=torch.float64).repeat_interleave(w) + 1',
                  'cols = torch.arange(w, dtype=torch.float64).repeat(h)':
                   'cols = torch.arange(w, dtype=torch.float64).repeat(h) + 1'}),
    Wrong('alignment', 'argmax-over-wrong-axis',
          why='argmax runs over the wrong axis.',
          replace={'alignment = real.argmax(dim=1)': 'alignment = real.argmax(dim=0)',
                  'durations = torch.bincount(owner, minlength=tgt_len)':
                   'durations = torch.bincount(real.argmax(dim=1), minlength=tgt_len)',
                  'is_monotonic = bool(torch.all(alignment[1:] >= alignment[:-1]))':
                   'return alignment, durations, bool(torch.all(alignment[1:] >= alignment[:-1]))'},
          delete=('owner = real.argmax(dim=0)', 'return alignment, durations, is_monotonic')),
    Wrong('alignment', 'padding-included',
          why='Padding positions are included.',
          replace={'alignment = real.argmax(dim=1)': 'alignment = weights.argmax(dim=1)[:tgt_len]',
                  'owner = real.argmax(dim=0)': 'owner = weights.argmax(dim=0)[:src_len]',
                  'durations = torch.bincount(owner, minlength=tgt_len)':
                   'durations = torch.bincount(owner, minlength=tgt_len)[:tgt_len]'},
          delete=('real = weights[:tgt_len, :src_len]',)),
    Wrong('alignment', 'strict-monotonic-check',
          why='The monotonic check is strict.',
          replace={'durations = torch.bincount(owner, minlength=tgt_len)':
                   'durations = torch.bincount(real.argmax(dim=0), minlength=tgt_len)',
                  'is_monotonic = bool(torch.all(alignment[1:] >= alignment[:-1]))':
                   'return alignment, durations, bool(torch.all(alignment[1:] > alignment[:-1]))'},
          delete=('owner = real.argmax(dim=0)', 'return alignment, durations, is_monotonic')),
    Wrong('alignment', 'durations-from-boundaries',
          why='Durations are computed from boundaries.',
          replace={'durations = torch.bincount(owner, minlength=tgt_len)':
                   'durations = torch.diff(alignment, append=torch.tensor([src_len]))',
                  'is_monotonic = bool(torch.all(alignment[1:] >= alignment[:-1]))':
                   'return alignment, durations, bool(torch.all(alignment[1:] >= alignment[:-1]))'},
          delete=('owner = real.argmax(dim=0)', 'return alignment, durations, is_monotonic')),
    Wrong('alignment', 'bincount-without-minlength',
          why='bincount without minlength drops trailing zeros.',
          replace={'durations = torch.bincount(owner, minlength=tgt_len)':
                   'durations = torch.bincount(real.argmax(dim=0))',
                  'is_monotonic = bool(torch.all(alignment[1:] >= alignment[:-1]))':
                   'return alignment, durations, bool(torch.all(alignment[1:] >= alignment[:-1]))'},
          delete=('owner = real.argmax(dim=0)', 'return alignment, durations, is_monotonic')),
    Wrong('alignment', 'monotonic-checks-ends-only',
          why='The monotonic check compares only the ends.',
          replace={'durations = torch.bincount(owner, minlength=tgt_len)':
                   'durations = torch.bincount(real.argmax(dim=0), minlength=tgt_len)',
                  'return alignment, durations, is_monotonic':
                   'return alignment, durations, bool(alignment[-1] >= alignment[0])'},
          delete=('owner = real.argmax(dim=0)', 'is_monotonic = bool(torch.all(alignment[1:] >= alignment[:-1]))')),
]
