"""Data the book's pages generate offline, and the one way they are batched.

- ``tokens``: the special tokens (PAD, BOS, EOS, CLS, MASK, UNK), one id each, for every vocabulary;
- ``batching``: padding and collate functions, built on ``torch.nn.utils.rnn.pad_sequence``;
- ``dates`` (Chapter 6, translation), ``reviews`` (text classification), ``tones`` (speech): the
  generators, each with its vocabulary and dataset.

Chapter 5's synthetic language and training loops are in ``attention_course.training``.
No graded solution lives here.
"""
