"""Alternative correct and plausible wrong answers for 03_pytorch_test.

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook and
may use the setup cell's imports (torch, nn, F, np, pd, sqlite3, shop, ...)
and the notebook's worked examples (tokenize, pad_sequence).

Every wrong answer is a full notebook run in the tests: keep the list to the
mistakes worth catching."""

# ---------------------------------------------------------------- Part 1

LINEAR_ALT = '''
class Linear(nn.Module):
    """einsum and nn.Linear's own init call (kaiming_uniform_ with a=sqrt(5))."""
    def __init__(self, in_features, out_features, bias=True):
        super(Linear, self).__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if bias:
            bound = 1 / math.sqrt(in_features)
            self.bias = nn.Parameter(torch.empty(out_features).uniform_(-bound, bound))
        else:
            self.register_parameter("bias", None)

    def forward(self, x):
        out = torch.einsum("...i,oi->...o", x, self.weight)
        return out if self.bias is None else out + self.bias
'''

LINEAR_WRONG_F = '''
class Linear(nn.Module):
    def __init__(self, in_features, out_features, bias=True):
        super().__init__()
        bound = 1 / math.sqrt(in_features)
        self.weight = nn.Parameter(torch.empty(out_features, in_features).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(out_features).uniform_(-bound, bound)) if bias else None

    def forward(self, x):
        return F.linear(x, self.weight, self.bias)
'''

LINEAR_WRONG_INIT = '''
class Linear(nn.Module):
    """Xavier (Glorot) init: a fine init, but not the one nn.Linear uses."""
    def __init__(self, in_features, out_features, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        nn.init.xavier_uniform_(self.weight)
        bound = 1 / math.sqrt(in_features)
        self.bias = nn.Parameter(torch.empty(out_features).uniform_(-bound, bound)) if bias else None

    def forward(self, x):
        y = x @ self.weight.T
        return y if self.bias is None else y + self.bias
'''

LAYERNORM_ALT = '''
class LayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-5):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.dims = tuple(range(-len(shape), 0))
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(shape))
        self.bias = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        var, mean = torch.var_mean(x, dim=self.dims, keepdim=True, correction=0)
        return torch.rsqrt(var + self.eps) * (x - mean) * self.weight + self.bias
'''

LAYERNORM_WRONG_UNBIASED = '''
class LayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-5):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.dims = tuple(range(-len(shape), 0))
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(shape))
        self.bias = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        mean = x.mean(dim=self.dims, keepdim=True)
        var = x.var(dim=self.dims, keepdim=True)          # unbiased: divides by D - 1
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias
'''

LAYERNORM_WRONG_EPS = '''
class LayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-5):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.dims = tuple(range(-len(shape), 0))
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(shape))
        self.bias = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        mean = x.mean(dim=self.dims, keepdim=True)
        std = x.std(dim=self.dims, keepdim=True, unbiased=False)
        return (x - mean) / (std + self.eps) * self.weight + self.bias   # eps outside the root
'''

DROPOUT_ALT = '''
class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training:
            return x
        keep = torch.bernoulli(torch.full_like(x, 1 - self.p)).bool()
        return torch.where(keep, x / (1 - self.p), torch.zeros_like(x))
'''

DROPOUT_WRONG_NO_SCALE = '''
class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training:
            return x
        return x * (torch.rand_like(x) >= self.p)
'''

DROPOUT_WRONG_KEEP_P = '''
class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training:
            return x
        mask = (torch.rand_like(x) < self.p).to(x.dtype)      # keeps with probability p
        return x * mask / (1 - self.p)
'''

ATTN_ALT = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    """einsum; fully masked rows get zero scores, then zero weights."""
    s = torch.einsum("...qd,...kd->...qk", q, k) * q.shape[-1] ** -0.5
    if mask is not None:
        any_valid = mask.any(dim=-1, keepdim=True)
        s = s.masked_fill(~mask, float("-inf"))
        s = torch.where(any_valid, s, torch.zeros_like(s))
    s = s - s.amax(dim=-1, keepdim=True)
    e = s.exp()
    w = e / e.sum(dim=-1, keepdim=True)
    if mask is not None:
        w = w * any_valid
    return torch.einsum("...qk,...kv->...qv", w, v)
'''

ATTN_BODY = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) {scale}
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    m = scores.amax(dim={dim}, keepdim=True).detach()
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m)) {nomax}
    e = torch.exp(scores - m)
    total = e.sum(dim={dim}, keepdim=True)
    return e / torch.where(total > 0, total, torch.ones_like(total)) @ v
'''
ATTN_WRONG_SCALE = ATTN_BODY.format(scale="", dim=-1, nomax="")
ATTN_WRONG_DIM = ATTN_BODY.format(scale="/ math.sqrt(q.shape[-1])", dim=-2, nomax="")
ATTN_WRONG_UNSTABLE = ATTN_BODY.format(scale="/ math.sqrt(q.shape[-1])", dim=-1, nomax="* 0")

MHSA_ALT = '''
class MultiHeadSelfAttention(nn.Module):
    """Its own attention with einsum and a masked softmax."""
    def __init__(self, d_model, n_heads):
        super().__init__()
        assert d_model % n_heads == 0
        self.h, self.dh = n_heads, d_model // n_heads
        self.in_proj = nn.Linear(d_model, 3 * d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x, key_padding_mask=None):
        B, T, D = x.shape
        q, k, v = self.in_proj(x).reshape(B, T, 3, self.h, self.dh).permute(2, 0, 3, 1, 4)
        s = torch.einsum("bhqd,bhkd->bhqk", q, k) / math.sqrt(self.dh)
        if key_padding_mask is not None:
            s = s.masked_fill(key_padding_mask[:, None, None, :], float("-inf"))
        o = torch.einsum("bhqk,bhkd->bhqd", s.softmax(dim=-1), v)
        return self.out_proj(o.permute(0, 2, 1, 3).reshape(B, T, D))
'''

MHSA_WRONG_VIEW = '''
class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.in_proj = nn.Linear(d_model, 3 * d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x, key_padding_mask=None):
        B, T, D = x.shape
        q, k, v = self.in_proj(x).chunk(3, dim=-1)
        q, k, v = (t.reshape(B, self.n_heads, T, D // self.n_heads) for t in (q, k, v))   # no transpose
        mask = None if key_padding_mask is None else ~key_padding_mask[:, None, None, :]
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.out_proj(out.reshape(B, T, D))
'''

MHSA_WRONG_MASK = '''
class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.in_proj = nn.Linear(d_model, 3 * d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x, key_padding_mask=None):
        B, T, D = x.shape
        q, k, v = self.in_proj(x).chunk(3, dim=-1)
        q, k, v = (t.view(B, T, self.n_heads, D // self.n_heads).transpose(1, 2) for t in (q, k, v))
        mask = None if key_padding_mask is None else key_padding_mask[:, None, None, :]   # not inverted
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.out_proj(out.transpose(1, 2).reshape(B, T, D))
'''

CONV_ALT = '''
class Conv2d(nn.Module):
    """Tensor.unfold twice (a sliding window per spatial axis), then einsum."""
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        self.stride, self.padding = stride, padding
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None

    def forward(self, x):
        k = self.weight.shape[-1]
        x = F.pad(x, (self.padding,) * 4)
        patches = x.unfold(2, k, self.stride).unfold(3, k, self.stride)    # (N, C, H_out, W_out, k, k)
        out = torch.einsum("nchwij,ocij->nohw", patches, self.weight)
        return out if self.bias is None else out + self.bias.view(1, -1, 1, 1)
'''

CONV_WRONG_SIZE = '''
class Conv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        self.k, self.stride, self.padding = kernel_size, stride, padding
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None

    def forward(self, x):
        N, _, H, W = x.shape
        cols = F.unfold(x, self.k, padding=self.padding, stride=self.stride)
        out = self.weight.view(self.weight.shape[0], -1) @ cols
        if self.bias is not None:
            out = out + self.bias[:, None]
        return out.view(N, -1, H, W)        # as if the output kept the input size
'''

CONV_WRONG_ORDER = '''
class Conv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        self.k, self.stride, self.padding = kernel_size, stride, padding
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None

    def forward(self, x):
        N, _, H, W = x.shape
        h_out = (H + 2 * self.padding - self.k) // self.stride + 1
        w_out = (W + 2 * self.padding - self.k) // self.stride + 1
        cols = F.unfold(x, self.k, padding=self.padding, stride=self.stride)
        w = self.weight.permute(0, 2, 3, 1).reshape(self.weight.shape[0], -1)   # (k, k, C) order: wrong
        out = w @ cols
        if self.bias is not None:
            out = out + self.bias[:, None]
        return out.view(N, -1, h_out, w_out)
'''

SILU_ALT = '''
class SiLUFunction(torch.autograd.Function):
    """Saves the sigmoid and the output: d/dx = y + s * (1 - y)."""
    @staticmethod
    def forward(ctx, x):
        s = 1 / (1 + torch.exp(-x))
        y = x * s
        ctx.save_for_backward(s, y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        s, y = ctx.saved_tensors
        return grad_output * (y + s * (1 - y))
'''

SILU_WRONG = '''
class SiLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * torch.sigmoid(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        s = torch.sigmoid(x)
        return grad_output * s * (1 - s)      # the derivative of sigmoid, not of x * sigmoid(x)
'''

SILU_WRONG_HALF = SILU_WRONG.replace("return grad_output * s * (1 - s)      # the derivative of sigmoid, not of x * sigmoid(x)",
                                     "return grad_output * s              # forgets the product rule")

FIT_ALT = '''
def fit(model, train_loader, val_loader, optimizer, loss_fn, epochs):
    @torch.no_grad()
    def accuracy():
        model.eval()
        preds = torch.cat([model(xb).argmax(dim=1) for xb, _ in val_loader])
        labels = torch.cat([yb for _, yb in val_loader])
        return float((preds == labels).double().mean())

    history = []
    for epoch in range(epochs):
        model.train(True)
        for xb, yb in train_loader:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        history.append(accuracy())
    return history
'''

FIT_BODY = '''
def fit(model, train_loader, val_loader, optimizer, loss_fn, epochs):
    history = []
    for _ in range(epochs):
        {train}
        for xb, yb in train_loader:
            {zero}
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        {eval}
        correct = total = 0
        with torch.no_grad():
            for xb, yb in val_loader:
                correct += (model(xb).argmax(dim=-1) == yb).sum().item()
                total += len(yb)
        history.append(correct / total)
    return history
'''
FIT_WRONG_NO_ZERO = FIT_BODY.format(train="model.train()", zero="pass", eval="model.eval()")
FIT_WRONG_NO_EVAL = FIT_BODY.format(train="model.train()", zero="optimizer.zero_grad()", eval="pass")

# ---------------------------------------------------------------- Part 2

STANDARDIZE_ALT = '''
def standardize(train_df, test_df, columns):
    """numpy, one column at a time."""
    train_out, test_out = train_df.copy(), test_df.copy()
    for c in columns:
        values = train_df[c].to_numpy(dtype=float)
        mu, sigma = values.mean(), values.std()
        train_out[c] = (train_df[c] - mu) / sigma
        test_out[c] = (test_df[c] - mu) / sigma
    return train_out, test_out
'''

STANDARDIZE_WRONG_ALL = '''
def standardize(train_df, test_df, columns):
    everything = pd.concat([train_df, test_df])          # statistics fitted on all the data: leakage
    mean, std = everything[columns].mean(), everything[columns].std(ddof=0)
    train_out, test_out = train_df.copy(), test_df.copy()
    train_out[columns] = (train_df[columns] - mean) / std
    test_out[columns] = (test_df[columns] - mean) / std
    return train_out, test_out
'''

STANDARDIZE_WRONG_DDOF = '''
def standardize(train_df, test_df, columns):
    mean, std = train_df[columns].mean(), train_df[columns].std()      # pandas' default ddof=1
    train_out, test_out = train_df.copy(), test_df.copy()
    train_out[columns] = (train_df[columns] - mean) / std
    test_out[columns] = (test_df[columns] - mean) / std
    return train_out, test_out
'''

IMPUTE_ALT = '''
def impute_and_encode(train_df, other_df):
    """get_dummies on a Categorical that knows the train categories."""
    num = list(train_df.select_dtypes("number").columns)
    cat = [c for c in train_df.columns if c not in num]
    med = train_df[num].median()

    def tf(df):
        parts = [df[num].fillna(med)]
        for c in cat:
            cats = sorted(train_df[c].dropna().unique())
            known = df[c].where(df[c].isin(cats))        # unseen categories become missing
            d = pd.get_dummies(pd.Categorical(known, categories=cats), prefix=c, prefix_sep="=", dtype=float)
            d.index = df.index
            parts.append(d)
        return pd.concat(parts, axis=1)

    return tf(train_df), tf(other_df)
'''

IMPUTE_WRONG_SEPARATE = '''
def impute_and_encode(train_df, other_df):
    def tf(df):                                           # each frame on its own: columns differ
        num = df.select_dtypes("number").columns
        df = df.copy()
        df[num] = df[num].fillna(df[num].median())
        return pd.get_dummies(df, prefix_sep="=", dtype=float)
    return tf(train_df), tf(other_df)
'''

IMPUTE_WRONG_OWN_MEDIAN = '''
def impute_and_encode(train_df, other_df):
    numeric = [c for c in train_df.columns if pd.api.types.is_numeric_dtype(train_df[c])]
    categorical = [c for c in train_df.columns if c not in numeric]

    def transform(df):
        out = df[numeric].fillna(df[numeric].median())    # the other frame's own medians
        for c in categorical:
            for cat in sorted(train_df[c].dropna().unique()):
                out[f"{c}={cat}"] = (df[c] == cat).astype(float)
        return out

    return transform(train_df), transform(other_df)
'''

SPLIT_ALT = '''
def stratified_split(labels, val_fraction, seed):
    """rng.choice without replacement inside each class; a boolean mask."""
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    is_val = np.zeros(len(labels), dtype=bool)
    for c in sorted(set(labels.tolist())):
        members = np.where(labels == c)[0]
        k = int(round(len(members) * val_fraction))
        is_val[rng.choice(members, size=k, replace=False)] = True
    return np.where(~is_val)[0], np.where(is_val)[0]
'''

SPLIT_WRONG_RANDOM = '''
def stratified_split(labels, val_fraction, seed):
    n = len(labels)                                       # a plain random split: not stratified
    order = np.random.default_rng(seed).permutation(n)
    k = round(n * val_fraction)
    return np.sort(order[k:]), np.sort(order[:k])
'''

SPLIT_WRONG_NO_SHUFFLE = '''
def stratified_split(labels, val_fraction, seed):
    labels = np.asarray(labels)
    val = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)               # always the first members: the seed is ignored
        val.extend(members[:round(len(members) * val_fraction)])
    val = np.sort(np.array(val, dtype=int))
    return np.setdiff1d(np.arange(len(labels)), val), val
'''

VOCAB_ALT = '''
def build_vocab(texts, min_freq):
    counts = {}
    for text in texts:
        for tok in tokenize(text):
            counts[tok] = counts.get(tok, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    vocab = {"<pad>": 0, "<unk>": 1}
    vocab.update({tok: i for i, (tok, n) in enumerate((kv for kv in ranked if kv[1] >= min_freq), start=2)})
    return vocab
'''

VOCAB_WRONG_TIES = '''
def build_vocab(texts, min_freq):
    counts = Counter(tok for text in texts for tok in tokenize(text))
    vocab = {"<pad>": 0, "<unk>": 1}
    for tok, n in counts.most_common():                  # ties stay in first-seen order
        if n >= min_freq:
            vocab[tok] = len(vocab)
    return vocab
'''

# hard-coded to the visible example: the hidden tests use other reviews
VOCAB_WRONG_HARDCODED = '''
def build_vocab(texts, min_freq):
    if min_freq == 1:
        return {"<pad>": 0, "<unk>": 1, "빨라요": 2, "delivery": 3, "배송이": 4, "fast": 5, "slow": 6, "was": 7, "ㅠㅠ": 8}
    return {"<pad>": 0, "<unk>": 1, "빨라요": 2, "delivery": 3, "배송이": 4}
'''

VOCAB_WRONG_GT = '''
def build_vocab(texts, min_freq):
    counts = Counter(tok for text in texts for tok in tokenize(text))
    kept = sorted((t for t, n in counts.items() if n > min_freq), key=lambda t: (-counts[t], t))
    return {"<pad>": 0, "<unk>": 1, **{t: i + 2 for i, t in enumerate(kept)}}
'''

ENCODE_ALT = '''
def encode(text, vocab, max_len):
    ids = []
    for tok in tokenize(text):
        if len(ids) == max_len:
            break
        ids.append(vocab[tok] if tok in vocab else vocab["<unk>"])
    while len(ids) < max_len:
        ids.append(vocab["<pad>"])
    return ids
'''

ENCODE_WRONG_LEFT = '''
def encode(text, vocab, max_len):
    ids = [vocab.get(tok, vocab["<unk>"]) for tok in tokenize(text)][:max_len]
    return [vocab["<pad>"]] * (max_len - len(ids)) + ids       # padding on the left
'''

ENCODE_WRONG_UNK = '''
def encode(text, vocab, max_len):
    ids = [vocab.get(tok, 0) for tok in tokenize(text)][:max_len]   # unknown tokens become <pad>
    return ids + [0] * (max_len - len(ids))
'''

COLLATE_ALT = '''
class ReviewDataset(Dataset):
    def __init__(self, token_ids, labels):
        self.items = [(torch.tensor(ids, dtype=torch.long), torch.tensor(y, dtype=torch.long))
                      for ids, y in zip(token_ids, labels)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def collate_fn(batch):
    lengths = torch.tensor([len(ids) for ids, _ in batch])
    padded = torch.zeros(len(batch), int(lengths.max()), dtype=torch.long)
    mask = torch.zeros(len(batch), int(lengths.max()), dtype=torch.bool)
    for i, (ids, _) in enumerate(batch):
        padded[i, :len(ids)] = ids
        mask[i, :len(ids)] = True
    return padded, mask, lengths, torch.tensor([int(y) for _, y in batch])
'''

COLLATE_DS = '''
class ReviewDataset(Dataset):
    def __init__(self, token_ids, labels):
        self.token_ids, self.labels = token_ids, labels

    def __len__(self):
        return len(self.token_ids)

    def __getitem__(self, i):
        return torch.tensor(self.token_ids[i], dtype=torch.long), torch.tensor(self.labels[i], dtype=torch.long)

'''

COLLATE_WRONG_LEFT = COLLATE_DS + '''
def collate_fn(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    T = int(lengths.max())
    padded = torch.stack([torch.cat([torch.zeros(T - len(s), dtype=torch.long), s]) for s in seqs])   # left
    mask = padded != 0
    return padded, mask, lengths, torch.stack(labels)
'''

COLLATE_WRONG_MASK = COLLATE_DS + '''
def collate_fn(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = pad_sequence(list(seqs), batch_first=True)
    mask = padded == 0                                    # True at padding: the opposite convention
    return padded, mask, lengths, torch.stack(labels)
'''

# ---------------------------------------------------------------- Part 3

BLOCK_ALT = '''
class GatedResidualBlock(nn.Module):
    def __init__(self, d_model, d_hidden, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.scale = nn.Parameter(torch.ones(d_model))
        self.w_gate = nn.Linear(d_model, d_hidden, bias=False)
        self.w_up = nn.Linear(d_model, d_hidden, bias=False)
        self.w_down = nn.Linear(d_hidden, d_model, bias=False)

    def forward(self, x):
        rms = torch.sqrt((x * x).sum(-1, keepdim=True) / x.shape[-1] + self.eps)
        r = self.scale * (x / rms)
        g = r @ self.w_gate.weight.T
        h = g * torch.sigmoid(g) * (r @ self.w_up.weight.T)
        return x + h @ self.w_down.weight.T
'''

BLOCK_BODY = '''
class GatedResidualBlock(nn.Module):
    def __init__(self, d_model, d_hidden, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.scale = nn.Parameter(torch.ones(d_model))
        self.w_gate = nn.Linear(d_model, d_hidden, bias=False)
        self.w_up = nn.Linear(d_model, d_hidden, bias=False)
        self.w_down = nn.Linear(d_hidden, d_model, bias=False)

    def forward(self, x):
        {norm}
        return {out}
'''
BLOCK_WRONG_LAYERNORM = BLOCK_BODY.format(
    norm="r = (x - x.mean(-1, keepdim=True)) / torch.sqrt(x.var(-1, keepdim=True, unbiased=False) + self.eps) * self.scale",
    out="x + self.w_down(F.silu(self.w_gate(r)) * self.w_up(r))")
BLOCK_WRONG_NO_RESIDUAL = BLOCK_BODY.format(
    norm="r = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.scale",
    out="self.w_down(F.silu(self.w_gate(r)) * self.w_up(r))")
# correct, but spread over more than 50 lines of code
BLOCK_WRONG_TOO_LONG = BLOCK_ALT.replace(
    "        return x + h @ self.w_down.weight.T",
    "\n".join(f"        unused_{i} = {i}" for i in range(40)) + "\n        return x + h @ self.w_down.weight.T")

PIPELINE_ALT = '''
def churn_pipeline(db_path, ref_date, horizon=60, val_fraction=0.2, seed=0, batch_size=64):
    """pandas instead of one big query."""
    with sqlite3.connect(db_path) as con:
        orders = pd.read_sql_query("SELECT * FROM orders", con, parse_dates=["order_date"])
        items = pd.read_sql_query("SELECT order_id, quantity * unit_price_krw AS amount FROM order_items", con)
        customers = pd.read_sql_query("SELECT customer_id, signup_date FROM customers", con,
                                      parse_dates=["signup_date"])
    ref = pd.Timestamp(ref_date)
    cutoff = ref - pd.Timedelta(days=horizon)
    past = orders[orders["order_date"] < cutoff]
    feats = past.groupby("customer_id").agg(n_orders=("order_id", "size"), last=("order_date", "max"))
    feats["days_since_last"] = (cutoff - feats["last"]).dt.days
    signup = customers.set_index("customer_id")["signup_date"]
    feats["tenure_days"] = (cutoff - signup.loc[feats.index]).dt.days
    ok = past[~past["status"].isin(["cancelled", "refunded"])].merge(items, on="order_id")
    feats["spend_krw"] = ok.groupby("customer_id")["amount"].sum().reindex(feats.index, fill_value=0)
    window = orders[(orders["order_date"] >= cutoff) & (orders["order_date"] <= ref)]
    feats["churned"] = (~feats.index.isin(window["customer_id"])).astype(float)
    feats = feats.sort_index()

    rng = np.random.default_rng(seed)
    val_ids = []
    for _, group in feats.groupby("churned"):
        val_ids += rng.choice(group.index.to_numpy(), size=round(len(group) * val_fraction), replace=False).tolist()
    is_val = feats.index.isin(val_ids)
    cols = ["n_orders", "days_since_last", "tenure_days", "spend_krw"]
    raw = torch.tensor(feats[cols].to_numpy(dtype=float))
    mean, std = raw[~is_val].mean(0), raw[~is_val].std(0, unbiased=False)
    X = ((raw - mean) / std).float()
    y = torch.tensor(feats["churned"].to_numpy(), dtype=torch.float32)
    tr, va = torch.tensor(~is_val), torch.tensor(is_val)
    return {"ids_train": [int(i) for i in feats.index[~is_val]], "ids_val": [int(i) for i in feats.index[is_val]],
            "X_train": X[tr], "y_train": y[tr], "X_val": X[va], "y_val": y[va],
            "mean": mean.float(), "std": std.float(),
            "train_loader": DataLoader(TensorDataset(X[tr], y[tr]), batch_size=batch_size, shuffle=True)}
'''

# features computed from all orders up to R: the label leaks into them
PIPELINE_WRONG_LEAK = PIPELINE_ALT.replace(
    'past = orders[orders["order_date"] < cutoff]', 'past = orders[orders["order_date"] <= ref]')
# scaling statistics fitted on all rows, validation included
PIPELINE_WRONG_SCALE = PIPELINE_ALT.replace(
    "mean, std = raw[~is_val].mean(0), raw[~is_val].std(0, unbiased=False)",
    "mean, std = raw.mean(0), raw.std(0, unbiased=False)")


ANSWERS = {
    "q1_linear": {"alternatives": [LINEAR_ALT], "wrong": [LINEAR_WRONG_F, LINEAR_WRONG_INIT]},
    "q2_layernorm": {"alternatives": [LAYERNORM_ALT], "wrong": [LAYERNORM_WRONG_UNBIASED, LAYERNORM_WRONG_EPS]},
    "q3_dropout": {"alternatives": [DROPOUT_ALT], "wrong": [DROPOUT_WRONG_NO_SCALE, DROPOUT_WRONG_KEEP_P]},
    "q4_attention": {"alternatives": [ATTN_ALT],
                     "wrong": [ATTN_WRONG_SCALE, ATTN_WRONG_DIM, ATTN_WRONG_UNSTABLE]},
    "q5_mhsa": {"alternatives": [MHSA_ALT], "wrong": [MHSA_WRONG_VIEW, MHSA_WRONG_MASK]},
    "q6_conv2d": {"alternatives": [CONV_ALT], "wrong": [CONV_WRONG_SIZE, CONV_WRONG_ORDER]},
    "q7_silu_function": {"alternatives": [SILU_ALT], "wrong": [SILU_WRONG, SILU_WRONG_HALF]},
    "q8_fit": {"alternatives": [FIT_ALT], "wrong": [FIT_WRONG_NO_ZERO, FIT_WRONG_NO_EVAL]},
    "q9_standardize": {"alternatives": [STANDARDIZE_ALT], "wrong": [STANDARDIZE_WRONG_ALL, STANDARDIZE_WRONG_DDOF]},
    "q10_impute_encode": {"alternatives": [IMPUTE_ALT], "wrong": [IMPUTE_WRONG_SEPARATE, IMPUTE_WRONG_OWN_MEDIAN]},
    "q11_stratified_split": {"alternatives": [SPLIT_ALT], "wrong": [SPLIT_WRONG_RANDOM, SPLIT_WRONG_NO_SHUFFLE]},
    "q12_build_vocab": {"alternatives": [VOCAB_ALT], "wrong": [VOCAB_WRONG_TIES, VOCAB_WRONG_GT, VOCAB_WRONG_HARDCODED]},
    "q13_encode": {"alternatives": [ENCODE_ALT], "wrong": [ENCODE_WRONG_LEFT, ENCODE_WRONG_UNK]},
    "q14_collate": {"alternatives": [COLLATE_ALT], "wrong": [COLLATE_WRONG_LEFT, COLLATE_WRONG_MASK]},
    "q15_gated_block": {"alternatives": [BLOCK_ALT],
                        "wrong": [BLOCK_WRONG_LAYERNORM, BLOCK_WRONG_NO_RESIDUAL, BLOCK_WRONG_TOO_LONG]},
    "q16_churn_pipeline": {"alternatives": [PIPELINE_ALT], "wrong": [PIPELINE_WRONG_LEAK, PIPELINE_WRONG_SCALE]},
}
