"""Reference BERT / ConvBERT encoders in PyTorch, for parity fixtures of `npm run model:install`.

Written from the structure of Hugging Face's modeling_bert.py / modeling_convbert.py (same
parameter names, same computation, inference only). Builds a model with random weights from a
config.json, saves it as pytorch_model.bin (torch.save ZIP format) and model.safetensors, and
writes reference.json: CLS and mean-pooled last hidden states for the token ids in ids.json,
each message run alone (no padding).

Usage: python3 scripts/reference/reference_model.py --config config.json --ids ids.json --out DIR
       [--seed 0] [--formats bin,safetensors] [--dtype F32|F16]
Never run by `npm test` (fixtures are committed); needs Debian's python3-torch only.
"""
import argparse
import json
import math
import os
import struct

import torch
from torch import nn

torch.set_num_threads(1)


def gelu(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


ACT = {"gelu": gelu, "gelu_new": gelu_tanh, "relu": torch.relu}


class Embeddings(nn.Module):
    def __init__(self, c, width):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], width, padding_idx=c.get("pad_token_id", 0))
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], width)
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], width)
        self.LayerNorm = nn.LayerNorm(width, eps=c["layer_norm_eps"])
        self.register_buffer("position_ids", torch.arange(c["max_position_embeddings"]).expand((1, -1)))

    def forward(self, ids, types):
        pos = self.position_ids[:, : ids.shape[1]]
        return self.LayerNorm(self.word_embeddings(ids) + self.position_embeddings(pos) + self.token_type_embeddings(types))


class BertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c["num_attention_heads"]
        self.head_size = c["hidden_size"] // self.heads
        h = c["hidden_size"]
        self.query = nn.Linear(h, h)
        self.key = nn.Linear(h, h)
        self.value = nn.Linear(h, h)

    def split(self, x):
        return x.view(x.shape[0], x.shape[1], self.heads, self.head_size).permute(0, 2, 1, 3)

    def forward(self, x, mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size) + mask
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(ctx.shape[0], ctx.shape[1], -1)


class SeparableConv1D(nn.Module):
    def __init__(self, inp, out, kernel):
        super().__init__()
        self.depthwise = nn.Conv1d(inp, inp, kernel_size=kernel, groups=inp, padding=kernel // 2, bias=False)
        self.pointwise = nn.Conv1d(inp, out, kernel_size=1, bias=False)
        self.bias = nn.Parameter(torch.zeros(out, 1))

    def forward(self, x):
        return self.pointwise(self.depthwise(x)) + self.bias


class ConvBertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        heads = c["num_attention_heads"] // c["head_ratio"]
        if heads < 1:
            self.head_ratio, self.heads = c["num_attention_heads"], 1
        else:
            self.head_ratio, self.heads = c["head_ratio"], heads
        self.k = c["conv_kernel_size"]
        h = c["hidden_size"]
        self.head_size = h // c["num_attention_heads"]
        self.all = self.heads * self.head_size
        self.query = nn.Linear(h, self.all)
        self.key = nn.Linear(h, self.all)
        self.value = nn.Linear(h, self.all)
        self.key_conv_attn_layer = SeparableConv1D(h, self.all, self.k)
        self.conv_kernel_layer = nn.Linear(self.all, self.heads * self.k)
        self.conv_out_layer = nn.Linear(h, self.all)

    def split(self, x):
        return x.view(x.shape[0], x.shape[1], self.heads, self.head_size).permute(0, 2, 1, 3)

    def forward(self, x, mask):
        b = x.shape[0]
        mq = self.query(x)
        q, k, v = self.split(mq), self.split(self.key(x)), self.split(self.value(x))
        key_conv = self.key_conv_attn_layer(x.transpose(1, 2)).transpose(1, 2)
        kernel = self.conv_kernel_layer(key_conv * mq).reshape(-1, self.k, 1)
        kernel = torch.softmax(kernel, dim=1)
        co = self.conv_out_layer(x).reshape(b, -1, self.all).transpose(1, 2).contiguous().unsqueeze(-1)
        co = nn.functional.unfold(co, kernel_size=[self.k, 1], dilation=1, padding=[(self.k - 1) // 2, 0], stride=1)
        co = co.transpose(1, 2).reshape(b, -1, self.all, self.k).reshape(-1, self.head_size, self.k)
        co = torch.matmul(co, kernel).reshape(-1, self.all)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size) + mask
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).contiguous()
        conv = co.reshape(b, -1, self.heads, self.head_size)
        ctx = torch.cat([ctx, conv], 2)
        return ctx.view(ctx.shape[0], ctx.shape[1], self.head_ratio * self.all)


class SelfOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = ConvBertSelfAttention(c) if c["model_type"] == "convbert" else BertSelfAttention(c)
        self.output = SelfOutput(c)

    def forward(self, x, mask):
        return self.output(self.self(x, mask), x)


class GroupedLinearLayer(nn.Module):
    def __init__(self, inp, out, groups):
        super().__init__()
        self.groups, self.gi, self.out = groups, inp // groups, out
        self.weight = nn.Parameter(torch.empty(groups, self.gi, out // groups))
        self.bias = nn.Parameter(torch.empty(out))

    def forward(self, x):
        b = x.shape[0]
        y = torch.reshape(x, [-1, self.groups, self.gi]).permute(1, 0, 2)
        y = torch.matmul(y, self.weight).permute(1, 0, 2)
        return torch.reshape(y, [b, -1, self.out]) + self.bias


def dense(c, inp, out):
    if c["model_type"] == "convbert" and c.get("num_groups", 1) > 1:
        return GroupedLinearLayer(inp, out, c["num_groups"])
    return nn.Linear(inp, out)


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = dense(c, c["hidden_size"], c["intermediate_size"])
        self.act = ACT[c["hidden_act"]]

    def forward(self, x):
        return self.act(self.dense(x))


class Output(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = dense(c, c["intermediate_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = Output(c)

    def forward(self, x, mask):
        a = self.attention(x, mask)
        return self.output(self.intermediate(a), a)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])

    def forward(self, x, mask):
        for layer in self.layer:
            x = layer(x, mask)
        return x


class Pooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])


class Model(nn.Module):
    """BertModel / ConvBertModel: embeddings (+ projection), encoder; BERT's pooler is saved, unused."""

    def __init__(self, c):
        super().__init__()
        convbert = c["model_type"] == "convbert"
        width = c.get("embedding_size", c["hidden_size"]) if convbert else c["hidden_size"]
        self.embeddings = Embeddings(c, width)
        if width != c["hidden_size"]:
            self.embeddings_project = nn.Linear(width, c["hidden_size"])
        self.encoder = Encoder(c)
        if not convbert:
            self.pooler = Pooler(c)

    def forward(self, ids, mask):
        ext = (1.0 - mask[:, None, None, :].float()) * -10000.0
        x = self.embeddings(ids, torch.zeros_like(ids))
        if hasattr(self, "embeddings_project"):
            x = self.embeddings_project(x)
        return self.encoder(x, ext)


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    for name, p in model.named_parameters():
        with torch.no_grad():
            if "LayerNorm.weight" in name:
                p.copy_(1.0 + 0.05 * torch.randn(p.shape, generator=g))
            elif "LayerNorm.bias" in name:
                p.copy_(0.05 * torch.randn(p.shape, generator=g))
            elif "embeddings" in name and "project" not in name:
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            else:
                fan_in = p.shape[-1] if p.dim() > 1 else 16
                if p.dim() == 3 and "depthwise" in name:
                    fan_in = p.shape[-1]
                elif p.dim() == 3:
                    fan_in = p.shape[1]
                std = 1.0 / math.sqrt(fan_in) if p.dim() > 1 else 0.05
                p.copy_(std * torch.randn(p.shape, generator=g))


def save_safetensors(state, path, dtype):
    """The safetensors layout (JSON header + raw little-endian bytes), written by hand: the
    `safetensors` package is not in Debian."""
    header, blobs, offset = {}, [], 0
    for name, t in state.items():
        t = t.detach().contiguous()
        if t.is_floating_point():
            t = t.to(torch.float16 if dtype == "F16" else torch.float32)
            code = dtype
        else:
            t = t.to(torch.int64)
            code = "I64"
        data = t.numpy().tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--ids", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", default="bin,safetensors")
    ap.add_argument("--dtype", default="F32")
    a = ap.parse_args()
    with open(a.config) as f:
        config = json.load(f)
    with open(a.ids) as f:
        ids = json.load(f)
    model = Model(config).eval()
    randomize(model, a.seed)
    if a.dtype == "F16":
        # Reference outputs of the weights as stored (rounded to half precision).
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(p.half().float())
    os.makedirs(a.out, exist_ok=True)
    state = model.state_dict()
    formats = a.formats.split(",")
    if "bin" in formats:
        torch.save(state, os.path.join(a.out, "pytorch_model.bin"))
    if "safetensors" in formats:
        save_safetensors(state, os.path.join(a.out, "model.safetensors"), a.dtype)
    cls, mean = [], []
    with torch.no_grad():
        for seq in ids:
            t = torch.tensor([seq], dtype=torch.long)
            hs = model(t, torch.ones_like(t))[0]
            cls.append([round(v, 7) for v in hs[0].tolist()])
            mean.append([round(v, 7) for v in hs.mean(dim=0).tolist()])
    with open(os.path.join(a.out, "reference.json"), "w") as f:
        json.dump({"generated_by": "scripts/reference/reference_model.py", "seed": a.seed, "ids": ids, "cls": cls, "mean": mean}, f)


if __name__ == "__main__":
    main()
