#!/usr/bin/python3
"""Contrastive training of the small test sentence encoder (see scripts/train-test-model.ts).

Input: JSON {"vocab": V, "pairs": [[ids_a, ids_b], ...]} (token ids from the project's own tokenizer).
Model: token + position embeddings, one transformer layer, layer norm; the ONNX graph outputs
last_hidden_state and the runtime mean-pools it (1_Pooling). Loss: symmetric InfoNCE with in-batch
negatives (SimCSE-style, the positives are two chat-like augmentations of one message).
Runs on one CPU thread for a bounded number of steps and wall time (the machine is shared)."""
import argparse, json, math, random, time
import torch
from torch import nn

ap = argparse.ArgumentParser()
ap.add_argument('--pairs', required=True)
ap.add_argument('--out', required=True)
ap.add_argument('--seconds', type=float, default=1500, help='hard cap on wall time')
ap.add_argument('--steps', type=int, default=1300)
ap.add_argument('--dim', type=int, default=96)
ap.add_argument('--batch', type=int, default=96)
ap.add_argument('--max-len', type=int, default=32)
ap.add_argument('--seed', type=int, default=7)
ap.add_argument('--layers', type=int, default=0, help='transformer layers (0: a bag of sub-word embeddings)')
a = ap.parse_args()
torch.set_num_threads(1)
torch.manual_seed(a.seed)
random.seed(a.seed)
data = json.load(open(a.pairs))
V, pairs = data['vocab'], data['pairs']
MAXPOS = 128


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, a.dim, padding_idx=0)
        self.pos = nn.Embedding(MAXPOS, a.dim)
        self.layers = nn.ModuleList([nn.TransformerEncoderLayer(a.dim, 4, 2 * a.dim, dropout=0.1, batch_first=True, activation='gelu') for _ in range(a.layers)])
        self.norm = nn.LayerNorm(a.dim)

    def forward(self, input_ids, attention_mask):
        x = self.tok(input_ids)
        if len(self.layers) > 0:
            t = input_ids.shape[1]
            x = x + self.pos(torch.arange(t, device=input_ids.device).unsqueeze(0))
            for layer in self.layers:
                x = layer(x, src_key_padding_mask=attention_mask == 0)
        return self.norm(x)


def pool(h, mask):
    m = mask.unsqueeze(-1).float()
    v = (h * m).sum(1) / m.sum(1).clamp(min=1)
    return nn.functional.normalize(v, dim=-1)


def batchify(seqs):
    seqs = [s[: a.max_len] for s in seqs]
    t = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), t, dtype=torch.long)
    mask = torch.zeros(len(seqs), t, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


model = Encoder()
opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.01)
start = time.time()
step = 0
model.train()
# Batches of neighbouring messages (pairs are in chat order): the in-batch negatives are messages
# of the same conversation, so the model learns that one topic is not one message.
starts = list(range(0, len(pairs) - a.batch + 1, a.batch))
while time.time() - start < a.seconds and step < a.steps:
    random.shuffle(starts)
    for i in starts:
        if time.time() - start >= a.seconds or step >= a.steps:
            break
        b = pairs[i : i + a.batch]
        ia, ma = batchify([p[0] for p in b])
        ib, mb = batchify([p[1] for p in b])
        za, zb = pool(model(ia, ma), ma), pool(model(ib, mb), mb)
        logits = za @ zb.T / 0.05
        target = torch.arange(len(b))
        loss = (nn.functional.cross_entropy(logits, target) + nn.functional.cross_entropy(logits.T, target)) / 2
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 25 == 0:
            print(f'step {step} loss {loss.item():.3f} ({time.time() - start:.0f} s)', flush=True)

model.eval()
ids, mask = batchify([[2, 10, 11, 3], [2, 12, 3]])
torch.onnx.export(
    model,
    (ids, mask),
    a.out,
    input_names=['input_ids', 'attention_mask'],
    output_names=['last_hidden_state'],
    dynamic_axes={'input_ids': {0: 'batch', 1: 'sequence'}, 'attention_mask': {0: 'batch', 1: 'sequence'}, 'last_hidden_state': {0: 'batch', 1: 'sequence'}},
    opset_version=14,
)
print(f'trained {step} steps in {time.time() - start:.0f} s; wrote {a.out}')
