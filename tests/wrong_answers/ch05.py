"""Plausible wrong answers for the Chapter 5 lab; each must lose points when graded."""

_ATTN_HEAD = '''def scaled_dot_product_attention(q, k, v, mask=None):
'''

_MASKS_OK_PAD = '''

def attention_mask(keep, causal=False):
    batch, seq = keep.shape
    mask = keep[:, None, None, :].expand(batch, 1, seq, seq)
    if causal:
        mask = mask & causal_mask(seq)
    return mask
'''

_MHA_INIT = '''class MultiHeadAttention(nn.Module):
    def __init__(self, d_model, n_heads, dropout=0.0):
        super().__init__()
        self.n_heads, self.d_head, self.dropout = n_heads, d_model // n_heads, dropout
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, query, key=None, value=None, mask=None):
        key = query if key is None else key
        value = key if value is None else value
        batch, seq_q, d_model = query.shape
'''

_ENC_INIT = '''class EncoderBlock(nn.Module):
    def __init__(self, d_model, n_heads, d_ff, dropout=0.1, norm_first=False):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d_model, n_heads, dropout=dropout, batch_first=True)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)
        self.dropout = nn.Dropout(dropout)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.norm_first = norm_first

    def forward(self, x, key_padding_mask=None):
        def sa(h):
            return self.dropout1(self.self_attn(h, h, h, key_padding_mask=key_padding_mask, need_weights=False)[0])

        def ff(h):
            return self.dropout2(self.linear2(self.dropout(F.relu(self.linear1(h)))))

'''

_PREDICT_OK = '''

def predict(model, inputs):
    model.eval()
    with torch.no_grad():
        return model(inputs).argmax(dim=-1)
'''

_TRAIN_OK = '''def train_step(model, batch, optimizer, loss_fn):
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
'''

WRONG_ANSWERS = {
    "attention": {
        "mask-applied-after-softmax": _ATTN_HEAD + '''    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    weights = torch.softmax(scores, dim=-1)
    if mask is not None:
        weights = weights.masked_fill(~mask, 0.0)
    return weights @ v, weights
''',
        "missing-scale": _ATTN_HEAD + '''    scores = q @ k.transpose(-2, -1)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
''',
        "mask-polarity-inverted": _ATTN_HEAD + '''    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
''',
        "softmax-over-queries": _ATTN_HEAD + '''    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-2)
    return weights @ v, weights
''',
        "scale-by-d_v": _ATTN_HEAD + '''    scores = q @ k.transpose(-2, -1) / math.sqrt(v.size(-1))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
''',
        "masked-scores-set-to-zero": _ATTN_HEAD + '''    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(~mask, 0.0)
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
''',
    },
    "masks": {
        "causal-upper-triangle": '''def causal_mask(n):
    return torch.ones(n, n, dtype=torch.bool).triu()
''' + _MASKS_OK_PAD,
        "causal-excludes-diagonal": '''def causal_mask(n):
    return torch.ones(n, n, dtype=torch.bool).tril(-1)
''' + _MASKS_OK_PAD,
        "causal-float-not-bool": '''def causal_mask(n):
    return torch.ones(n, n).tril()


def attention_mask(keep, causal=False):
    batch, seq = keep.shape
    mask = keep[:, None, None, :].expand(batch, 1, seq, seq)
    if causal:
        mask = mask & causal_mask(seq).bool()
    return mask
''',
        "padding-polarity-inverted": '''def causal_mask(n):
    return torch.ones(n, n, dtype=torch.bool).tril()


def attention_mask(keep, causal=False):
    batch, seq = keep.shape
    mask = (~keep)[:, None, None, :].expand(batch, 1, seq, seq)
    if causal:
        mask = mask & causal_mask(seq)
    return mask
''',
        "padding-masks-queries": '''def causal_mask(n):
    return torch.ones(n, n, dtype=torch.bool).tril()


def attention_mask(keep, causal=False):
    batch, seq = keep.shape
    mask = keep[:, None, :, None].expand(batch, 1, seq, seq)
    if causal:
        mask = mask & causal_mask(seq)
    return mask
''',
        "combined-with-or": '''def causal_mask(n):
    return torch.ones(n, n, dtype=torch.bool).tril()


def attention_mask(keep, causal=False):
    batch, seq = keep.shape
    mask = keep[:, None, None, :].expand(batch, 1, seq, seq)
    if causal:
        mask = mask | causal_mask(seq)
    return mask
''',
        "shape-without-query-axis": '''def causal_mask(n):
    return torch.ones(n, n, dtype=torch.bool).tril()


def attention_mask(keep, causal=False):
    mask = keep[:, None, None, :]
    if causal:
        mask = mask & causal_mask(keep.shape[1])
    return mask
''',
    },
    "mha": {
        "view-without-transpose": _MHA_INIT + '''        def split(x):
            return x.view(batch, self.n_heads, x.shape[1], self.d_head)

        q, k, v = split(self.q_proj(query)), split(self.k_proj(key)), split(self.v_proj(value))
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,
                                             dropout_p=self.dropout if self.training else 0.0)
        out = out.reshape(batch, seq_q, d_model)
        return self.out_proj(out)
''',
        "merge-without-transpose": _MHA_INIT + '''        def split(x):
            return x.view(batch, x.shape[1], self.n_heads, self.d_head).transpose(1, 2)

        q, k, v = split(self.q_proj(query)), split(self.k_proj(key)), split(self.v_proj(value))
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,
                                             dropout_p=self.dropout if self.training else 0.0)
        out = out.reshape(batch, seq_q, d_model)
        return self.out_proj(out)
''',
        "dropout-left-on-in-eval": _MHA_INIT + '''        def split(x):
            return x.view(batch, x.shape[1], self.n_heads, self.d_head).transpose(1, 2)

        q, k, v = split(self.q_proj(query)), split(self.k_proj(key)), split(self.v_proj(value))
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=self.dropout)
        out = out.transpose(1, 2).reshape(batch, seq_q, d_model)
        return self.out_proj(out)
''',
        "scale-by-d_model-not-d_head": _MHA_INIT + '''        def split(x):
            return x.view(batch, x.shape[1], self.n_heads, self.d_head).transpose(1, 2)

        q, k, v = split(self.q_proj(query)), split(self.k_proj(key)), split(self.v_proj(value))
        scores = q @ k.transpose(-2, -1) / math.sqrt(d_model)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        if self.training:
            weights = F.dropout(weights, self.dropout)
        out = (weights @ v).transpose(1, 2).reshape(batch, seq_q, d_model)
        return self.out_proj(out)
''',
        "mask-passed-with-torch-polarity": _MHA_INIT + '''        def split(x):
            return x.view(batch, x.shape[1], self.n_heads, self.d_head).transpose(1, 2)

        q, k, v = split(self.q_proj(query)), split(self.k_proj(key)), split(self.v_proj(value))
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=None if mask is None else ~mask,
                                             dropout_p=self.dropout if self.training else 0.0)
        out = out.transpose(1, 2).reshape(batch, seq_q, d_model)
        return self.out_proj(out)
''',
        "no-output-projection": _MHA_INIT + '''        def split(x):
            return x.view(batch, x.shape[1], self.n_heads, self.d_head).transpose(1, 2)

        q, k, v = split(self.q_proj(query)), split(self.k_proj(key)), split(self.v_proj(value))
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,
                                             dropout_p=self.dropout if self.training else 0.0)
        return out.transpose(1, 2).reshape(batch, seq_q, d_model)
''',
        "query-projection-used-for-keys": _MHA_INIT + '''        def split(x):
            return x.view(batch, x.shape[1], self.n_heads, self.d_head).transpose(1, 2)

        q, k, v = split(self.q_proj(query)), split(self.q_proj(key)), split(self.v_proj(value))
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,
                                             dropout_p=self.dropout if self.training else 0.0)
        out = out.transpose(1, 2).reshape(batch, seq_q, d_model)
        return self.out_proj(out)
''',
    },
    "encoder": {
        "pre-and-post-norm-swapped": _ENC_INIT + '''        if not self.norm_first:
            x = x + sa(self.norm1(x))
            x = x + ff(self.norm2(x))
        else:
            x = self.norm1(x + sa(x))
            x = self.norm2(x + ff(x))
        return x
''',
        "ffn-residual-missing": _ENC_INIT + '''        if self.norm_first:
            x = x + sa(self.norm1(x))
            x = ff(self.norm2(x))
        else:
            x = self.norm1(x + sa(x))
            x = self.norm2(ff(x))
        return x
''',
        "padding-polarity-inverted": '''class EncoderBlock(nn.Module):
    def __init__(self, d_model, n_heads, d_ff, dropout=0.1, norm_first=False):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d_model, n_heads, dropout=dropout, batch_first=True)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)
        self.dropout = nn.Dropout(dropout)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.norm_first = norm_first

    def forward(self, x, key_padding_mask=None):
        ignore = None if key_padding_mask is None else ~key_padding_mask  # "True = may attend"

        def sa(h):
            return self.dropout1(self.self_attn(h, h, h, key_padding_mask=ignore, need_weights=False)[0])

        def ff(h):
            return self.dropout2(self.linear2(self.dropout(F.relu(self.linear1(h)))))

        if self.norm_first:
            x = x + sa(self.norm1(x))
            x = x + ff(self.norm2(x))
        else:
            x = self.norm1(x + sa(x))
            x = self.norm2(x + ff(x))
        return x
''',
        "pre-norm-residual-from-normed-input": _ENC_INIT + '''        if self.norm_first:
            h = self.norm1(x)
            x = h + sa(h)
            h = self.norm2(x)
            x = h + ff(h)
        else:
            x = self.norm1(x + sa(x))
            x = self.norm2(x + ff(x))
        return x
''',
        "functional-dropout-left-on-in-eval": '''class EncoderBlock(nn.Module):
    def __init__(self, d_model, n_heads, d_ff, dropout=0.1, norm_first=False):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d_model, n_heads, dropout=dropout, batch_first=True)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)
        self.p = dropout
        self.norm_first = norm_first

    def forward(self, x, key_padding_mask=None):
        def sa(h):
            return F.dropout(self.self_attn(h, h, h, key_padding_mask=key_padding_mask, need_weights=False)[0], self.p)

        def ff(h):
            return F.dropout(self.linear2(F.dropout(F.relu(self.linear1(h)), self.p)), self.p)

        if self.norm_first:
            x = x + sa(self.norm1(x))
            x = x + ff(self.norm2(x))
        else:
            x = self.norm1(x + sa(x))
            x = self.norm2(x + ff(x))
        return x
''',
        "ffn-without-activation": _ENC_INIT.replace("F.relu(self.linear1(h))", "self.linear1(h)") + '''        if self.norm_first:
            x = x + sa(self.norm1(x))
            x = x + ff(self.norm2(x))
        else:
            x = self.norm1(x + sa(x))
            x = self.norm2(x + ff(x))
        return x
''',
    },
    "train-step": {
        "no-zero-grad-accumulates": '''def train_step(model, batch, optimizer, loss_fn):
    inputs, targets = batch
    model.train()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
''' + _PREDICT_OK,
        "step-before-backward": '''def train_step(model, batch, optimizer, loss_fn):
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    optimizer.step()
    loss.backward()
    return loss.item()
''' + _PREDICT_OK,
        "returns-loss-tensor": '''def train_step(model, batch, optimizer, loss_fn):
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss
''' + _PREDICT_OK,
        "forgets-model-train": '''def train_step(model, batch, optimizer, loss_fn):
    inputs, targets = batch
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
''' + _PREDICT_OK,
        "predict-dropout-left-on": _TRAIN_OK + '''

def predict(model, inputs):
    with torch.no_grad():
        return model(inputs).argmax(dim=-1)
''',
        "predict-builds-graph-argmax-over-batch": _TRAIN_OK + '''

def predict(model, inputs):
    model.eval()
    return model(inputs).argmax(dim=0)
''',
    },
}
