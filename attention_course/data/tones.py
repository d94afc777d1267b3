"""Plumbing for Chapter 6's speech page: synthetic "utterances", log-mel features, batching.

An utterance is a sequence of 3-8 symbols ("phones") from a 10-symbol alphabet, each rendered as a
short sound: nine vowel-like sounds made by a source-filter model (a harmonic source at a pitch
that glides, shaped by two formant resonances) and one fricative, "s" (band-limited noise), with
random durations, pitch, loudness, short pauses and additive noise at a random signal-to-noise
ratio. Everything is seeded, so a split is reproducible from its seed. No graded solution lives here.

Token ids (``attention_course.data.tokens``): ``PAD = 0``, ``BOS = 1`` (start of the output),
``EOS = 2`` (end of the output); the phones are ``3 .. 3 + len(PHONES) - 1``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.utils.data import Dataset

from attention_course.data.batching import pad_batch, teacher_forcing
from attention_course.data.tokens import BOS, EOS, N_SPECIAL, reserved

SAMPLE_RATE = 8000          # Hz: telephone bandwidth, enough for the formants below 4 kHz
WIN_LENGTH = 200            # 25 ms analysis window
HOP_LENGTH = 80             # 10 ms between frames
N_FFT = 256
N_MELS = 40

# name: (F1, F2) in Hz for the vowels; None for the fricative. A 3 x 3 grid of formant pairs,
# F1 = 300 / 550 / 800 Hz ("close" to "open") and F2 = 900 / 1500 / 2300 Hz ("back" to "front").
PHONES: dict[str, tuple[float, float] | None] = {
    "u": (300, 900), "y": (300, 1500), "i": (300, 2300),
    "o": (550, 900), "ə": (550, 1500), "e": (550, 2300),
    "ɑ": (800, 900), "a": (800, 1500), "æ": (800, 2300),
    "s": None,
}
ITOS = [*reserved("BOS", "EOS"), *PHONES]
STOI = {s: i for i, s in enumerate(ITOS)}
VOCAB_SIZE = len(ITOS)


@dataclass
class Utterance:
    """One synthetic utterance.

    wave: (n_samples,) float32; symbols: the phone names; segments: (n_symbols, 2) start and end
    times in seconds of each phone (the "true boundaries"); snr_db: the noise level it was made with.
    """
    wave: np.ndarray
    symbols: list[str]
    segments: np.ndarray
    snr_db: float


def _vowel(f1: float, f2: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """A vowel-like sound of n samples: harmonics of a gliding pitch, weighted by two resonances."""
    t = np.arange(n) / SAMPLE_RATE
    f0_start = rng.uniform(100, 200)
    f0 = f0_start * np.linspace(1.0, rng.uniform(0.9, 1.1), n)             # pitch glide, +-10 %
    f0 *= 1 + 0.01 * np.sin(2 * np.pi * rng.uniform(4, 7) * t)            # slight vibrato
    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE + rng.uniform(0, 2 * np.pi)
    f1 *= rng.uniform(0.93, 1.07)                                          # speaker variation
    f2 *= rng.uniform(0.93, 1.07)
    k = np.arange(1, int(0.95 * (SAMPLE_RATE / 2) / f0.max()) + 1)        # harmonics below Nyquist throughout
    freqs = k * f0_start
    # the "filter": two resonance peaks (bandwidth ~ 80 and 120 Hz) and a -3 dB/octave source tilt (amplitude k^-1/2)
    gain = (1 / (1 + ((freqs - f1) / 80) ** 2) + 0.7 / (1 + ((freqs - f2) / 120) ** 2)) / k ** 0.5
    wave = (gain[:, None] * np.sin(k[:, None] * phase[None, :])).sum(0)
    return wave / (np.abs(wave).max() + 1e-9)


def _fricative(n: int, rng: np.random.Generator) -> np.ndarray:
    """An "s": white noise band-passed from 2.4-2.8 kHz (random) up to 3.9 kHz, in the frequency domain."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    lo = rng.uniform(2400, 2800)
    spectrum *= (freqs > lo) & (freqs < 3900)
    wave = np.fft.irfft(spectrum, n)
    return wave / (np.abs(wave).max() + 1e-9)


def _envelope(n: int) -> np.ndarray:
    """Raised-cosine onset and offset of 10 ms, so that phones do not click."""
    ramp = min(n // 2, int(0.01 * SAMPLE_RATE))
    env = np.ones(n)
    env[:ramp] = 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp) / ramp)
    env[n - ramp:] = env[:ramp][::-1]
    return env


def random_symbols(rng: np.random.Generator, min_len: int = 3, max_len: int = 8) -> list[str]:
    """3-8 phones, never the same phone twice in a row (two identical neighbours without a pause
    would be one long phone, and nothing in the sound could tell them apart)."""
    names = list(PHONES)
    out = [names[rng.integers(len(names))]]
    for _ in range(int(rng.integers(min_len, max_len + 1)) - 1):
        out.append(rng.choice([p for p in names if p != out[-1]]))
    return [str(s) for s in out]


def synthesize(symbols: list[str], rng: np.random.Generator, snr_db: float | None = None) -> Utterance:
    """Render a phone sequence: 60-200 ms per phone, 0-60 ms pauses, 50-150 ms of silence around,
    random loudness per phone, then white noise at snr_db (drawn from 5-25 dB when None)."""
    pieces, segments = [np.zeros(int(rng.uniform(0.05, 0.15) * SAMPLE_RATE))], []
    pos = len(pieces[0])
    for i, s in enumerate(symbols):
        n = int(rng.uniform(0.06, 0.20) * SAMPLE_RATE)
        sound = _fricative(n, rng) if PHONES[s] is None else _vowel(*PHONES[s], n, rng)
        pieces.append(sound * _envelope(n) * rng.uniform(0.4, 1.0))
        segments.append((pos / SAMPLE_RATE, (pos + n) / SAMPLE_RATE))
        pos += n
        gap = int(rng.uniform(0.0, 0.06) * SAMPLE_RATE) if i < len(symbols) - 1 else \
            int(rng.uniform(0.05, 0.15) * SAMPLE_RATE)
        pieces.append(np.zeros(gap))
        pos += gap
    wave = np.concatenate(pieces)
    snr_db = float(rng.uniform(5, 25)) if snr_db is None else float(snr_db)
    signal_power = np.mean(np.concatenate(pieces[1:-1:2]) ** 2)          # power of the phones only
    wave = wave + rng.standard_normal(len(wave)) * np.sqrt(signal_power / 10 ** (snr_db / 10))
    return Utterance(wave.astype(np.float32), list(symbols), np.array(segments), snr_db)


def make_utterances(n: int, seed: int, min_len: int = 3, max_len: int = 8) -> list[Utterance]:
    """n random utterances; the same seed gives the same utterances."""
    rng = np.random.default_rng(seed)
    return [synthesize(random_symbols(rng, min_len, max_len), rng) for _ in range(n)]


def hz_to_mel(f):
    """The HTK mel scale: m = 2595 log10(1 + f / 700)."""
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=float) / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (np.asarray(m, dtype=float) / 2595.0) - 1.0)


def mel_filterbank(n_mels: int = N_MELS, n_fft: int = N_FFT, sample_rate: int = SAMPLE_RATE) -> torch.Tensor:
    """Triangular mel filters: (n_fft // 2 + 1, n_mels), column m peaks at the m-th of n_mels + 2
    points equally spaced on the mel scale from 0 Hz to Nyquist (HTK style, no area normalisation)."""
    bins = np.linspace(0, sample_rate / 2, n_fft // 2 + 1)                 # frequency of each FFT bin
    edges = mel_to_hz(np.linspace(0, hz_to_mel(sample_rate / 2), n_mels + 2))
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    up = (bins[:, None] - lower) / (center - lower)
    down = (upper - bins[:, None]) / (upper - center)
    return torch.tensor(np.clip(np.minimum(up, down), 0, None), dtype=torch.float32)


_MEL = mel_filterbank()


def log_mel(wave) -> torch.Tensor:
    """Waveform (n_samples,) -> normalised log-mel spectrogram (n_frames, N_MELS), float32.

    Frame t is the N_FFT samples from t * HOP_LENGTH on (no padding of the signal: ``center=False``),
    multiplied by a Hann window of WIN_LENGTH samples zero-padded to N_FFT in the middle, so the
    window is centred on sample t * HOP_LENGTH + N_FFT / 2; then the power spectrum, mel filterbank, log(. + 1e-6), then each mel channel is standardised over the
    utterance (mean 0, variance 1: per-utterance mean-variance normalisation).
    """
    x = torch.as_tensor(wave, dtype=torch.float32)
    spec = torch.stft(x, N_FFT, HOP_LENGTH, WIN_LENGTH, window=torch.hann_window(WIN_LENGTH),
                      center=False, return_complex=True)                   # (n_fft // 2 + 1, n_frames)
    power = spec.abs() ** 2
    logmel = torch.log(power.T @ _MEL + 1e-6)                              # (n_frames, n_mels)
    return (logmel - logmel.mean(0)) / (logmel.std(0) + 1e-5)


def frame_times(n_frames: int, stride: int = 1) -> np.ndarray:
    """Centre time in seconds of each of n_frames frames, after downsampling by ``stride``.

    Spectrogram frame t is centred at t * HOP_LENGTH + N_FFT / 2 samples (see ``log_mel``). A stack
    of "same"-padded convolutions with total stride s centres its output frame j on input frame s * j.
    """
    return (np.arange(n_frames) * stride * HOP_LENGTH + N_FFT / 2) / SAMPLE_RATE


def encode(symbols: list[str]) -> list[int]:
    return [STOI[s] for s in symbols]


def decode(ids) -> list[str]:
    """Token ids -> phone names, stopping at the first EOS and dropping PAD / BOS."""
    out = []
    for i in ids:
        i = int(i)
        if i == EOS:
            break
        if i >= N_SPECIAL:
            out.append(ITOS[i])
    return out


class SpeechDataset(Dataset):
    """Utterances as (features (n_frames, N_MELS), target ids (n_symbols,)); features computed once."""

    def __init__(self, utterances: list[Utterance]):
        self.utterances = utterances
        self.features = [log_mel(u.wave) for u in utterances]
        self.targets = [torch.tensor(encode(u.symbols), dtype=torch.long) for u in utterances]

    def __len__(self) -> int:
        return len(self.utterances)

    def __getitem__(self, i):
        return self.features[i], self.targets[i]


def collate_speech(batch):
    """DataLoader collate_fn -> dict of batched tensors.

    feats: (batch, max_frames, N_MELS), zero-padded; n_frames: (batch,) long;
    inputs: (batch, max_len + 1) = BOS y_1 ... y_L, then PAD (the decoder's teacher-forced inputs);
    targets: (batch, max_len + 1) = y_1 ... y_L EOS, then PAD (what it must predict).
    """
    feats, ys = zip(*batch)
    x, frame_keep = pad_batch(list(feats), padding_value=0.0)
    bos, eos = torch.tensor([BOS]), torch.tensor([EOS])
    inputs, targets = teacher_forcing([torch.cat([bos, y, eos]) for y in ys])
    return {"feats": x, "n_frames": frame_keep.sum(1), "inputs": inputs, "targets": targets}
