"""Chapter 5's attention module, masks and Transformer blocks, for the pages that use them again.

GENERATED from the code cells that start with ``# @save`` in ``book/ch05/attention-module.ipynb`` and ``book/ch05/transformer-blocks.ipynb``, where they are taught.
Edit those cells, then run ``python -m tests.test_one_definition --write``;
tests/test_one_definition.py fails when this file and the cells differ.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


# from book/ch05/attention-module.ipynb
def scaled_dot_product_attention(q, k, v, mask=None, dropout_p=0.0, training=False):
    """Scaled dot-product attention, batched over any leading axes.

    q: (batch, heads, seq_q, d_head); k: (batch, heads, seq_k, d_head); v: (batch, heads, seq_k, d_v).
    mask: None or bool, broadcastable to (batch, heads, seq_q, seq_k); True = may attend
          (the convention of F.scaled_dot_product_attention). Every query needs one allowed key.
    dropout_p: dropout on the attention weights, applied only when training is True.
    Returns output (batch, heads, seq_q, d_v) and weights (batch, heads, seq_q, seq_k).
    """
    d_head = q.size(-1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(d_head)    # (batch, heads, seq_q, seq_k)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))    # before the softmax
    weights = torch.softmax(scores, dim=-1)                  # over the keys
    if training and dropout_p > 0:
        weights = F.dropout(weights, p=dropout_p)            # rows no longer sum to 1; E[...] does
    return weights @ v, weights


# from book/ch05/attention-module.ipynb
def causal_mask(seq_q, seq_k=None, device=None):
    """Bool (seq_q, seq_k), True where query i may attend to key j, i.e. j <= i."""
    seq_k = seq_q if seq_k is None else seq_k
    return torch.ones(seq_q, seq_k, dtype=torch.bool, device=device).tril()


def padding_mask(keep):
    """keep: (batch, seq_k) bool, True at real tokens -> (batch, 1, 1, seq_k) for broadcasting."""
    return keep[:, None, None, :]


# from book/ch05/attention-module.ipynb
class MultiHeadAttention(nn.Module):
    """Multi-head attention (Vaswani et al., 2017, Section 3.2.2), written out.

    Four d_model x d_model projections; the heads are slices of width d_head = d_model // n_heads.
    """

    def __init__(self, d_model, n_heads, dropout=0.0, bias=True):
        super().__init__()
        assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.dropout = dropout
        self.q_proj = nn.Linear(d_model, d_model, bias=bias)
        self.k_proj = nn.Linear(d_model, d_model, bias=bias)
        self.v_proj = nn.Linear(d_model, d_model, bias=bias)
        self.out_proj = nn.Linear(d_model, d_model, bias=bias)

    def split_heads(self, x):
        """(batch, seq, d_model) -> (batch, heads, seq, d_head)."""
        batch, seq, _ = x.shape
        return x.view(batch, seq, self.n_heads, self.d_head).transpose(1, 2)

    def forward(self, query, key=None, value=None, mask=None):
        """query: (batch, seq_q, d_model); key, value: (batch, seq_k, d_model), default query.

        mask: None or bool broadcastable to (batch, heads, seq_q, seq_k), True = may attend.
        Returns output (batch, seq_q, d_model) and weights (batch, heads, seq_q, seq_k).
        """
        key = query if key is None else key
        value = key if value is None else value
        q = self.split_heads(self.q_proj(query))             # (batch, heads, seq_q, d_head)
        k = self.split_heads(self.k_proj(key))               # (batch, heads, seq_k, d_head)
        v = self.split_heads(self.v_proj(value))             # (batch, heads, seq_k, d_head)
        out, weights = scaled_dot_product_attention(q, k, v, mask, self.dropout, self.training)
        batch, _, seq_q, _ = out.shape
        out = out.transpose(1, 2).reshape(batch, seq_q, self.d_model)  # concatenate the heads
        return self.out_proj(out), weights


# from book/ch05/transformer-blocks.ipynb
class FeedForward(nn.Module):
    """Position-wise feed-forward network: Linear(d_model, d_ff), activation, dropout, Linear(d_ff, d_model)."""

    def __init__(self, d_model, d_ff, dropout=0.0, activation="relu"):
        super().__init__()
        self.linear1, self.linear2 = nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model)
        self.activation = F.relu if activation == "relu" else F.gelu
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):                                    # (batch, seq, d_model)
        return self.linear2(self.dropout(self.activation(self.linear1(x))))


class EncoderBlock(nn.Module):
    """Self-attention and feed-forward sublayers, each with a residual connection and LayerNorm.

    norm_first=False: post-norm, x = LN(x + Sublayer(x)) (Vaswani et al., 2017).
    norm_first=True:  pre-norm,  x = x + Sublayer(LN(x)) (Xiong et al., 2020).
    """

    def __init__(self, d_model, n_heads, d_ff, dropout=0.0, norm_first=False, activation="relu"):
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, n_heads, dropout)
        self.ff = FeedForward(d_model, d_ff, dropout, activation)
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.dropout1, self.dropout2 = nn.Dropout(dropout), nn.Dropout(dropout)
        self.norm_first = norm_first

    def _sa(self, x, mask):
        return self.dropout1(self.self_attn(x, mask=mask)[0])

    def _ff(self, x):
        return self.dropout2(self.ff(x))

    def forward(self, x, mask=None):
        """x: (batch, seq, d_model); mask: bool broadcastable to (batch, heads, seq, seq), True = may attend."""
        if self.norm_first:
            x = x + self._sa(self.norm1(x), mask)
            x = x + self._ff(self.norm2(x))
        else:
            x = self.norm1(x + self._sa(x, mask))
            x = self.norm2(x + self._ff(x))
        return x


class DecoderBlock(nn.Module):
    """Causal self-attention, cross-attention to the encoder's output (the "memory"), feed-forward."""

    def __init__(self, d_model, n_heads, d_ff, dropout=0.0, norm_first=False, activation="relu"):
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, n_heads, dropout)
        self.cross_attn = MultiHeadAttention(d_model, n_heads, dropout)
        self.ff = FeedForward(d_model, d_ff, dropout, activation)
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(d_model) for _ in range(3))
        self.dropout1, self.dropout2, self.dropout3 = (nn.Dropout(dropout) for _ in range(3))
        self.norm_first = norm_first

    def forward(self, x, memory, self_mask=None, memory_mask=None):
        """x: (batch, seq_t, d_model) target; memory: (batch, seq_s, d_model) encoder output.

        self_mask: bool, broadcastable to (batch, heads, seq_t, seq_t), usually causal & target padding;
        memory_mask: bool, broadcastable to (batch, heads, seq_t, seq_s), usually source padding.
        """
        sa = lambda h: self.dropout1(self.self_attn(h, mask=self_mask)[0])
        ca = lambda h: self.dropout2(self.cross_attn(h, memory, memory, mask=memory_mask)[0])
        ff = lambda h: self.dropout3(self.ff(h))
        if self.norm_first:
            x = x + sa(self.norm1(x))
            x = x + ca(self.norm2(x))
            x = x + ff(self.norm3(x))
        else:
            x = self.norm1(x + sa(x))
            x = self.norm2(x + ca(x))
            x = self.norm3(x + ff(x))
        return x
