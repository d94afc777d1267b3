"""Chapter 6's data generators, checked against independent oracles, and the batching they share.

Dates are parsed back with ``datetime.strptime``; review labels are recomputed by the grammar's
rule from the tokens alone; the speech features are checked against numpy's FFT and the known
frequency of a pure tone. Every vocabulary writes its special tokens as the one table of
``attention_course.data.tokens`` says, and every batch is padded the one way of ``batching``.
"""
import datetime as dt
import re
from collections import Counter

import numpy as np
import pytest
import torch

from attention_course import training
from attention_course.data import batching, dates, reviews, tones, tokens

# strptime patterns for every human format (ordinal suffixes removed first, month names are English).
STRPTIME = {
    "d month yyyy": "%d %B %Y",
    "weekday, d month yyyy": "%A, %d %B %Y",
    "month d, yyyy": "%B %d, %Y",
    "month dth, yyyy": "%B %d, %Y",
    "dth of month yyyy": "%d of %B %Y",
    "dd mon yyyy": "%d %b %Y",
    "mon d yyyy": "%b %d %Y",
    "wkd mon dd yyyy": "%a %b %d %Y",
    "m/d/yy": "%m/%d/%y",
    "dd.mm.yyyy": "%d.%m.%Y",
}


def test_every_date_format_parses_back_to_its_iso_target():
    assert set(STRPTIME) == set(dates.FORMATS)
    rng = np.random.default_rng(0)
    days = dates.all_dates()
    for i in rng.integers(len(days), size=300):
        day = days[int(i)]
        for name, write in dates.FORMATS.items():
            text = write(day)
            text = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", text)  # "3rd" -> "3"
            parsed = dt.datetime.strptime(text, STRPTIME[name]).date()
            if name == "m/d/yy":  # strptime puts 00-68 in 20yy; the course reads 50-99 as 19yy
                parsed = parsed.replace(year=1900 + parsed.year % 100 if parsed.year % 100 >= 50
                                        else 2000 + parsed.year % 100)
            assert parsed == day, f"{name}: {write(day)!r} is not {day}"
            assert set(write(day)) <= set(dates.SOURCE_CHARS)
        assert set(dates.iso(day)) <= set(dates.TARGET_CHARS)


def test_date_split_is_disjoint_and_covers_the_range():
    train, test = dates.split_dates(test_fraction=0.1, seed=3)
    assert not set(train) & set(test)
    assert len(train) + len(test) == (dates.LAST_DATE - dates.FIRST_DATE).days + 1 == 36525
    assert abs(len(test) - 3652) <= 1
    assert dates.split_dates(0.1, seed=3) == (train, test), "the same seed gives the same split"


def test_date_batches_shift_the_target_by_one_and_mask_the_padding():
    examples = dates.make_examples(dates.all_dates(), 5, seed=1)
    batch = dates.collate([dates.DateDataset(examples)[i] for i in range(5)])
    assert torch.equal(batch["tgt_in"][:, 1:], batch["tgt_out"][:, :-1])
    assert (batch["tgt_in"][:, 0] == dates.BOS).all()
    assert torch.equal(batch["src_keep"].sum(1), batch["src_len"])
    for row, (src, tgt, _) in enumerate(examples):
        assert dates.SRC_VOCAB.decode(batch["src"][row]) == src
        assert dates.TGT_VOCAB.decode(batch["tgt_out"][row]) == tgt


def test_review_labels_follow_the_grammar_rule():
    generated = reviews.make_reviews(2000, seed=5)
    assert Counter(r.construction for r in generated) == {"plain": 1000, "negated": 500, "contrast": 500}
    for review in generated:
        assert reviews.label_of(review.tokens) == review.label, review.text
        assert len(review.roles) == len(review.tokens)
        assert len(review.tokens) <= 40
    for construction in reviews.CONSTRUCTIONS:
        labels = [r.label for r in generated if r.construction == construction]
        assert 0.4 < np.mean(labels) < 0.6, f"{construction}: labels are not balanced"


def test_removing_the_negator_flips_a_negated_review():
    for review in reviews.make_reviews(200, seed=6, mix=("negated",)):
        kept = [t for t, role in zip(review.tokens, review.roles) if role != "negator"]
        kept = [t for t in kept if t not in ("at", "all")]  # "not at all good" -> "good"
        assert reviews.label_of(kept) == 1 - review.label, review.text


def test_held_out_reviews_exclude_the_training_texts_and_bag_of_words_counts():
    train = reviews.make_reviews(300, seed=0)
    test = reviews.make_reviews(100, seed=1, exclude={r.text for r in train})
    assert not {r.text for r in train} & {r.text for r in test}
    vocab = reviews.build_vocabulary()
    counts = reviews.bag_of_words(test, vocab)
    for n, review in enumerate(test):
        expected = Counter(review.tokens)
        assert {vocab.itos[i]: int(c) for i, c in enumerate(counts[n]) if c} == expected


def test_mel_scale_round_trips_and_the_filters_peak_at_their_centres():
    f = np.linspace(0, 4000, 41)
    assert np.allclose(tones.mel_to_hz(tones.hz_to_mel(f)), f)
    assert tones.hz_to_mel(1000) == pytest.approx(1000, abs=0.5), "the HTK scale puts 1000 Hz at about 1000 mel"
    bank = tones.mel_filterbank().numpy()
    assert bank.shape == (tones.N_FFT // 2 + 1, tones.N_MELS)
    assert bank.min() >= 0 and bank.max() <= 1
    centres = np.argmax(bank, axis=0)
    assert (np.diff(centres) >= 0).all(), "filter centres rise with the channel number"


def test_log_mel_matches_numpy_and_a_pure_tone_lands_in_the_channel_of_its_frequency():
    t = np.arange(tones.SAMPLE_RATE) / tones.SAMPLE_RATE
    bank = tones.mel_filterbank().numpy().astype(np.float64)
    window = np.zeros(tones.N_FFT)  # Hann window of WIN_LENGTH samples, centred in N_FFT
    offset = (tones.N_FFT - tones.WIN_LENGTH) // 2
    window[offset:offset + tones.WIN_LENGTH] = np.hanning(tones.WIN_LENGTH + 1)[:-1]
    for freq in (400.0, 1500.0, 3000.0):
        wave = np.sin(2 * np.pi * freq * t) + 1e-3 * np.random.default_rng(0).standard_normal(len(t))
        features = tones.log_mel(wave).numpy()
        # Oracle: numpy's FFT of every windowed frame, the filterbank, log, per-channel standardisation.
        starts = range(0, len(wave) - tones.N_FFT + 1, tones.HOP_LENGTH)
        power = np.stack([np.abs(np.fft.rfft(wave[s:s + tones.N_FFT] * window)) ** 2 for s in starts])
        logmel = np.log(power @ bank + 1e-6)  # (n_frames, N_MELS)
        expected = (logmel - logmel.mean(0)) / (logmel.std(0, ddof=1) + 1e-5)
        assert features.shape == expected.shape
        assert np.abs(features - expected).max() < 1e-2  # float32 against float64, on O(1) values
        loudest = int(np.argmax((power @ bank).mean(0)))
        centre = tones.mel_to_hz(np.linspace(0, tones.hz_to_mel(4000), tones.N_MELS + 2))[1 + loudest]
        assert abs(centre - freq) / freq < 0.1, f"{freq} Hz is loudest in the channel centred at {centre:.0f} Hz"


def test_utterances_have_ordered_segments_inside_the_wave_and_the_stated_noise():
    for utt in tones.make_utterances(20, seed=2):
        duration = len(utt.wave) / tones.SAMPLE_RATE
        assert 3 <= len(utt.symbols) <= 8
        assert all(a != b for a, b in zip(utt.symbols, utt.symbols[1:])), "no phone twice in a row"
        starts, ends = utt.segments[:, 0], utt.segments[:, 1]
        assert (starts < ends).all() and (ends[:-1] <= starts[1:]).all() and ends[-1] < duration
        assert ((ends - starts) >= 0.059).all() and ((ends - starts) <= 0.201).all()
        assert 5 <= utt.snr_db <= 25
    quiet = tones.synthesize(["a", "s", "i"], np.random.default_rng(0), snr_db=60.0)
    leading_silence = quiet.wave[: int(quiet.segments[0, 0] * tones.SAMPLE_RATE)]
    assert np.sqrt(np.mean(leading_silence ** 2)) < 1e-2, "60 dB SNR leaves the silence almost silent"
    assert tones.decode(tones.encode(quiet.symbols) + [tokens.EOS, 5]) == quiet.symbols


def test_every_vocabulary_writes_its_special_tokens_as_the_one_table_says():
    by_id = {}
    for name, i in tokens.IDS.items():
        by_id.setdefault(i, []).append(name)
    assert by_id == {0: ["PAD"], 1: ["BOS", "CLS"], 2: ["EOS", "MASK", "UNK"]}
    assert tokens.N_SPECIAL == len(by_id)
    vocabularies = {"dates (source)": (dates.SRC_VOCAB.itos, ("PAD", "BOS", "EOS")),
                    "dates (target)": (dates.TGT_VOCAB.itos, ("PAD", "BOS", "EOS")),
                    "tones": (tones.ITOS, ("PAD", "BOS", "EOS")),
                    "reviews": (reviews.build_vocabulary().itos, ("PAD", "CLS", "UNK"))}
    for vocabulary, (itos, names) in vocabularies.items():
        for name in names:
            assert itos[tokens.IDS[name]] == tokens.WRITTEN[name], f"{vocabulary}: {name} is not at id {tokens.IDS[name]}"
        assert not set(itos[tokens.N_SPECIAL:]) & set(tokens.WRITTEN.values()), f"{vocabulary}: a word is a special token"
    assert tokens.reserved("CLS", "MASK") == ["<pad>", "[CLS]", "[MASK]"]
    with pytest.raises(ValueError, match="already taken"):
        tokens.reserved("BOS", "CLS")
    # Chapter 5's language: words after the reserved ids, CLS first, MASK only where masked.
    lang = training.MarkovLanguage(n_words=5, seed=0)
    seqs, _ = training.make_corpus_mixture([lang], 4, 3, 6, seed=0)
    assert all(s[0] == tokens.CLS and (s[1:] >= tokens.N_SPECIAL).all() for s in seqs)
    batch = training.collate_masked_lm([torch.as_tensor(s) for s in seqs], generator=torch.Generator().manual_seed(0))
    assert ((batch["tokens"] == tokens.MASK) == (batch["labels"] != -100)).all()


def test_padding_matches_a_hand_padded_batch_and_keep_marks_the_real_elements():
    seqs = [torch.tensor([5, 6, 7]), torch.tensor([8]), torch.tensor([9, 10])]
    padded, keep = batching.pad_batch(seqs)
    assert torch.equal(padded, torch.tensor([[5, 6, 7], [8, 0, 0], [9, 10, 0]]))
    assert torch.equal(keep, torch.tensor([[True, True, True], [True, False, False], [True, True, False]]))
    feats = [torch.ones(4, 2), 2 * torch.ones(2, 2)]
    padded, keep = batching.pad_batch(feats, padding_value=0.0)
    assert padded.shape == (2, 4, 2) and padded[1, 2:].abs().sum() == 0 and torch.equal(keep.sum(1), torch.tensor([4, 2]))
    inputs, targets = batching.teacher_forcing([torch.tensor([tokens.BOS, 5, 6, tokens.EOS]),
                                                torch.tensor([tokens.BOS, 7, tokens.EOS])])
    assert torch.equal(inputs, torch.tensor([[tokens.BOS, 5, 6], [tokens.BOS, 7, tokens.PAD]]))
    assert torch.equal(targets, torch.tensor([[5, 6, tokens.EOS], [7, tokens.EOS, tokens.PAD]]))


def test_speech_batches_read_bos_then_the_phones_and_predict_the_phones_then_eos():
    data = tones.SpeechDataset(tones.make_utterances(3, seed=4))
    batch = tones.collate_speech([data[i] for i in range(3)])
    for row in range(3):
        feats, ys = data[row]
        n, length = len(feats), len(ys)
        assert batch["n_frames"][row] == n and torch.equal(batch["feats"][row, :n], feats)
        assert (batch["feats"][row, n:] == 0).all()
        assert batch["inputs"][row, 0] == tokens.BOS and torch.equal(batch["inputs"][row, 1:length + 1], ys)
        assert torch.equal(batch["targets"][row, :length], ys) and batch["targets"][row, length] == tokens.EOS
        assert (batch["inputs"][row, length + 1:] == tokens.PAD).all()
        assert (batch["targets"][row, length + 1:] == tokens.PAD).all()
