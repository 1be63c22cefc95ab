"""The exercises of 03_pytorch_test, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook and
may use the setup cell's imports (torch, nn, F, np, pd, sqlite3, shop, ...)
and the notebook's worked examples (tokenize, pad_sequence).

Every wrong answer is a full notebook run in the tests: keep the list to the
mistakes worth catching."""

# ---------------------------------------------------------------- Part 1

LINEAR_ALT = '''
def linear_forward(x, weight, bias):
    """einsum forward, a dict cache; the backward contracts every leading dimension with tensordot."""
    out = torch.einsum("...i,oi->...o", x, weight)
    return (out if bias is None else out + bias), {"x": x, "w": weight, "has_bias": bias is not None}


def linear_backward(grad_out, cache):
    x, w = cache["x"], cache["w"]
    lead = list(range(grad_out.dim() - 1))
    grad_w = torch.tensordot(grad_out, x, dims=(lead, lead))
    grad_b = grad_out.sum(dim=tuple(lead)) if cache["has_bias"] else None
    return torch.matmul(grad_out, w), grad_w, grad_b
'''

LINEAR_BODY = '''
def linear_forward(x, weight, bias):
    out = {forward}
    return out, (x, weight, bias)


def linear_backward(grad_out, cache):
    x, weight, bias = cache
    g = grad_out.reshape(-1, weight.shape[0])
    grad_x = {grad_x}
    grad_weight = {grad_weight}
    grad_bias = {grad_bias}
    return grad_x, grad_weight, grad_bias
'''
_LIN = dict(forward="x @ weight.T if bias is None else x @ weight.T + bias",
            grad_x="grad_out @ weight",
            grad_weight="g.T @ x.reshape(-1, weight.shape[1])",
            grad_bias="None if bias is None else g.sum(dim=0)")
# F.linear in the forward
LINEAR_WRONG_F = LINEAR_BODY.format(**dict(_LIN, forward="F.linear(x, weight, bias)"))
# the bias is forgotten in the forward (its gradient is still returned)
LINEAR_WRONG_FORWARD = LINEAR_BODY.format(**dict(_LIN, forward="x @ weight.T"))
# the other transpose: right only for a square weight
LINEAR_WRONG_GRAD_X = LINEAR_BODY.format(**dict(_LIN, grad_x="grad_out @ weight.T"))
# the weight's gradient averaged over the examples instead of summed
LINEAR_WRONG_GRAD_W_MEAN = LINEAR_BODY.format(**dict(_LIN, grad_weight="g.T @ x.reshape(-1, weight.shape[1]) / g.shape[0]"))
# the bias's gradient averaged over the examples instead of summed
LINEAR_WRONG_GRAD_B_MEAN = LINEAR_BODY.format(**dict(_LIN, grad_bias="None if bias is None else g.mean(dim=0)"))
# CS231n's 2-D formulas: right for a batch of vectors, wrong shapes for 3-D inputs
LINEAR_WRONG_2D = LINEAR_BODY.format(**dict(_LIN, grad_weight="grad_out.transpose(-1, -2) @ x",
                                             grad_bias="None if bias is None else grad_out.sum(dim=0)"))
# a zero gradient for a bias that does not exist (bias=None)
LINEAR_WRONG_ZERO_BIAS_GRAD = LINEAR_BODY.format(**dict(_LIN, grad_bias="g.sum(dim=0) if bias is not None else "
                                                                        "torch.zeros(weight.shape[0])"))
# autograd does the backward
LINEAR_WRONG_AUTOGRAD = '''
def linear_forward(x, weight, bias):
    out = x @ weight.T
    if bias is not None:
        out = out + bias
    return out, (x, weight, bias)


def linear_backward(grad_out, cache):
    x, weight, bias = cache
    with torch.enable_grad():
        leaves = [t.detach().requires_grad_(True) for t in (x, weight) + ((bias,) if bias is not None else ())]
        out = leaves[0] @ leaves[1].T + (leaves[2] if bias is not None else 0)
        grads = torch.autograd.grad(out, leaves, grad_out)
    return grads[0], grads[1], grads[2] if bias is not None else None
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

BATCHNORM_ALT = '''
class BatchNorm1d(nn.Module):
    """var_mean and lerp_ (start + w * (end - start) is (1 - w) * start + w * end); rsqrt."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if not self.training:
            return (x - self.running_mean) * torch.rsqrt(self.running_var + self.eps) * self.weight + self.bias
        var, mean = torch.var_mean(x, dim=0, correction=0)
        self.running_mean.lerp_(mean.detach(), self.momentum)
        self.running_var.lerp_(torch.var(x.detach(), dim=0, correction=1), self.momentum)
        return (x - mean) * torch.rsqrt(var + self.eps) * self.weight + self.bias
'''

BATCHNORM_ALT_BY_HAND = '''
def _normalise(x, mean, var, eps, weight, bias):
    return weight * (x - mean) / (var + eps) ** 0.5 + bias


class BatchNorm1d(nn.Module):
    """Sums by hand, buffers replaced (not changed in place), an optional num_batches_tracked, keepdim statistics."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))

    def forward(self, x):
        if self.training:
            n = x.size(0)
            mean = x.sum(dim=0, keepdim=True) / n
            sq = ((x - mean) ** 2).sum(dim=0, keepdim=True)
            out = _normalise(x, mean, sq / n, self.eps, self.weight, self.bias)
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean.detach().squeeze(0)
            self.running_var = (1 - m) * self.running_var + m * (sq.detach() / (n - 1)).squeeze(0)
            self.num_batches_tracked += 1
            return out
        return _normalise(x, self.running_mean, self.running_var, self.eps, self.weight, self.bias)
'''

BATCHNORM_BODY = '''
class BatchNorm1d(nn.Module):
    def __init__(self, num_features, eps={eps_default}, momentum={m_default}):
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        {buffers}

    def forward(self, x):
        if self.training:
            n = x.shape[{dim}]
            mean = x.mean(dim={dim}{keep})
            var = x.var(dim={dim}, unbiased={unbiased_norm}{keep})
            with torch.no_grad():
                m = {m}
                self.running_mean.copy_({update_mean})
                self.running_var.copy_({update_var})
        else:
            {eval_stats}
        return {out}
'''

_BN = dict(eps_default="1e-5", m_default="0.1", dim="0", keep="", unbiased_norm="False", m="self.momentum",
           buffers='self.register_buffer("running_mean", torch.zeros(num_features))\n'
                   '        self.register_buffer("running_var", torch.ones(num_features))',
           update_mean="(1 - m) * self.running_mean + m * mean",
           update_var="(1 - m) * self.running_var + m * var * n / (n - 1)",
           eval_stats="mean, var = self.running_mean, self.running_var",
           out="(x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias")
# running_var updated with the biased variance the batch was normalised with
BATCHNORM_WRONG_RUNNING_BIASED = BATCHNORM_BODY.format(**dict(_BN, update_var="(1 - m) * self.running_var + m * var"))
# normalises with the unbiased variance (torch.var's default), and updates running_var with it
BATCHNORM_WRONG_UNBIASED = BATCHNORM_BODY.format(**dict(_BN, unbiased_norm="True",
                                                        update_var="(1 - m) * self.running_var + m * var"))
# momentum as the weight of the old value (an optimizer's or an EMA's convention)
BATCHNORM_WRONG_MOMENTUM = BATCHNORM_BODY.format(**dict(_BN, update_mean="m * self.running_mean + (1 - m) * mean",
                                                        update_var="m * self.running_var + (1 - m) * var * n / (n - 1)"))
# eps outside the square root
BATCHNORM_WRONG_EPS = BATCHNORM_BODY.format(**dict(
    _BN, out="(x - mean) / (torch.sqrt(var) + self.eps) * self.weight + self.bias"))
# weight and bias never applied
BATCHNORM_WRONG_NO_AFFINE = BATCHNORM_BODY.format(**dict(_BN, out="(x - mean) / torch.sqrt(var + self.eps)"))
# each row normalised (LayerNorm's axis)
BATCHNORM_WRONG_ROWS = BATCHNORM_BODY.format(**dict(
    _BN, dim="1", keep=", keepdim=True", update_mean="(1 - m) * self.running_mean + m * mean.mean()",
    update_var="(1 - m) * self.running_var + m * var.mean() * n / (n - 1)"))
# the momentum argument ignored
BATCHNORM_WRONG_MOMENTUM_IGNORED = BATCHNORM_BODY.format(**dict(_BN, m="0.1"))
# momentum=0.9 by default (an EMA's decay)
BATCHNORM_WRONG_MOMENTUM_DEFAULT = BATCHNORM_BODY.format(**dict(_BN, m_default="0.9"))
# plain tensor attributes, not registered buffers
BATCHNORM_WRONG_PLAIN = BATCHNORM_BODY.format(**dict(
    _BN, buffers="self.running_mean = torch.zeros(num_features)\n        self.running_var = torch.ones(num_features)"))
# running_var starts at zeros
BATCHNORM_WRONG_VAR_ZEROS = BATCHNORM_BODY.format(**dict(
    _BN, buffers='self.register_buffer("running_mean", torch.zeros(num_features))\n'
                 '        self.register_buffer("running_var", torch.zeros(num_features))'))

# weight and bias as plain tensors: right values, but not parameters the optimizer sees
BATCHNORM_WRONG_PLAIN_WEIGHT = BATCHNORM_BODY.format(**_BN).replace(
    "nn.Parameter(torch.ones(num_features))", "torch.ones(num_features)").replace(
    "nn.Parameter(torch.zeros(num_features))", "torch.zeros(num_features)")
# the eps argument ignored (1e-5 written in forward)
BATCHNORM_WRONG_EPS_IGNORED = BATCHNORM_BODY.format(**dict(
    _BN, out="(x - mean) / torch.sqrt(var + 1e-5) * self.weight + self.bias"))
# written apart, from the question alone: the same mistakes in other code
# the biased variance for running_var, through var_mean and lerp_
BATCHNORM_WRONG_LERP_BIASED = '''
class BatchNorm1d(nn.Module):
    """var_mean for both, lerp_ for the update: the biased variance goes into running_var too."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if self.training:
            var, mean = torch.var_mean(x, dim=0, unbiased=False)
            self.running_mean.lerp_(mean.detach(), self.momentum)
            self.running_var.lerp_(var.detach(), self.momentum)
        else:
            var, mean = self.running_var, self.running_mean
        return self.weight * (x - mean) / torch.sqrt(var + self.eps) + self.bias
'''

# momentum as an EMA's decay, the buffers replaced
BATCHNORM_WRONG_DECAY = '''
class BatchNorm1d(nn.Module):
    """An exponential moving average written with momentum as the decay of the old value."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if not self.training:
            x_hat = (x - self.running_mean) / torch.sqrt(self.running_var + self.eps)
            return x_hat * self.weight + self.bias
        mu = x.mean(0)
        var = x.var(0, unbiased=False)
        with torch.no_grad():
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * x.var(0)
        x_hat = (x - mu) / torch.sqrt(var + self.eps)
        return x_hat * self.weight + self.bias
'''

# the standard deviation plus eps
BATCHNORM_WRONG_STD_EPS = '''
class BatchNorm1d(nn.Module):
    """Divides by the standard deviation plus eps, in both modes."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if self.training:
            mean, std = x.mean(0), x.std(0, unbiased=False)
            with torch.no_grad():
                self.running_mean.mul_(1 - self.momentum).add_(mean, alpha=self.momentum)
                self.running_var.mul_(1 - self.momentum).add_(x.var(0), alpha=self.momentum)
        else:
            mean, std = self.running_mean, self.running_var.sqrt()
        return (x - mean) / (std + self.eps) * self.weight + self.bias
'''

# F.batch_norm does the job
BATCHNORM_WRONG_F = '''
class BatchNorm1d(nn.Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            training=self.training, momentum=self.momentum, eps=self.eps)
'''

# always the batch's statistics (the running ones are updated but never used)
BATCHNORM_WRONG_EVAL_BATCH = '''
class BatchNorm1d(nn.Module):
    """Updates the running statistics in train() mode, but always normalises with the batch's."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        mean = x.mean(0)
        var = x.var(0, unbiased=False)
        if self.training:
            with torch.no_grad():
                self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mean)
                self.running_var.mul_(1 - self.momentum).add_(self.momentum * x.var(0))
        x_hat = (x - mean) / torch.sqrt(var + self.eps)
        return self.weight * x_hat + self.bias
'''

# the running statistics updated in eval() mode too
BATCHNORM_WRONG_EVAL_UPDATES = '''
class BatchNorm1d(nn.Module):
    """Normalises with the right statistics in each mode, but updates the running ones on every call."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if self.training:
            mean, var = x.mean(0), x.var(0, unbiased=False)
        else:
            mean, var = self.running_mean.clone(), self.running_var.clone()
        y = (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias
        if x.shape[0] > 1:
            with torch.no_grad():
                self.running_mean.lerp_(x.mean(0), self.momentum)
                self.running_var.lerp_(x.var(0), self.momentum)
        return y
'''

# the batch statistics computed under torch.no_grad() with the running update: the right outputs, but the
# gradients no longer flow through the mean and variance (x's gradient is wrong)
BATCHNORM_WRONG_NO_GRAD_STATS = '''
class BatchNorm1d(nn.Module):
    """The whole statistics block under no_grad, the normalisation outside it."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if self.training:
            with torch.no_grad():
                mean = x.mean(0)
                var = x.var(0, unbiased=False)
                self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mean)
                self.running_var.mul_(1 - self.momentum).add_(self.momentum * x.var(0))
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias
'''

# the batch statistics .detach()ed once, for the running update and the normalisation alike
BATCHNORM_WRONG_DETACHED_STATS = '''
class BatchNorm1d(nn.Module):
    """Detaches the batch mean and variance, then uses them for both."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if self.training:
            mean = x.mean(0).detach()
            var = x.var(0, unbiased=False).detach()
            self.running_mean.lerp_(mean, self.momentum)
            self.running_var.lerp_(x.var(0).detach(), self.momentum)
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias
'''

# the running statistics replaced with autograd on: the buffers join the graph (they require grad, and each
# batch's graph stays alive through them)
BATCHNORM_WRONG_RUNNING_IN_GRAPH = '''
class BatchNorm1d(nn.Module):
    """The running update written as plain assignments, without no_grad or detach."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if self.training:
            n, m = x.shape[0], self.momentum
            mean = x.mean(0)
            var = x.var(0, unbiased=False)
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias
'''

# replays the visible test's outputs and running statistics call by call
BATCHNORM_WRONG_HARDCODED = '''
# the visible test's outputs and running statistics, call by call, for its two layers
SEEN = {3: [([[2.03156, -1.331589, -3.222658], [1.963618, -0.9287069, -2.066001], [-1.675088, -1.395909, 2.308022], [-0.04636471, -0.6818848, -2.613745]], [0.05984242, 0.06522059, 0.04048441], [1.339735, 1.046183, 0.9982087]), ([[-2.232978, -1.322467, 0.0225367], [0.580951, -0.9216986, -1.282494], [1.547661, -1.308651, -0.03798359], [0.8449392, -0.9664212, -5.881716], [-0.112256, -1.413992, -1.879399], [2.782271, -0.5739049, 0.6674818]], [0.1058212, 0.09771444, 0.03855299], [1.294174, 0.9921392, 1.111472]), ([[1.513187, -1.107241, -1.502806], [-0.4062397, -1.069342, 1.508774], [0.8822512, -1.353599, 1.647073], [1.749094, -1.209526, -3.877244], [-0.7461267, -1.143807, -2.185293]], [0.1058212, 0.09771444, 0.03855299], [1.294174, 0.9921392, 1.111472])], 5: [([[-0.6220462, -1.310528, 0.4264707, -1.031745, -0.7325407], [0.2897857, -1.735009, 0.3368972, -1.023472, -0.3935648]], [-0.0150512, -0.008951506, 0.02357852, 0.01277257, 0.01417144], [0.7005433, 0.7010315, 0.7006693, 0.7, 0.7000982]), ([[-0.1734639, -1.529535, 0.3778931, -1.012319, -0.550077], [-0.07754503, -1.542244, 0.3771404, -1.013666, -0.5311409], [-0.1762674, -1.508915, 0.3807668, -1.061807, -0.5738797]], [-0.0150512, -0.008951506, 0.02357852, 0.01277257, 0.01417144], [0.7005433, 0.7010315, 0.7006693, 0.7, 0.7000982]), ([[-0.910306, -1.290055, 0.323146, -1.973245, -0.2913863], [-0.168029, -1.360806, 0.5051814, -1.478389, -0.8937244], [1.167671, -1.367593, 0.4171224, -1.827871, -1.029133], [-1.140567, -1.786346, 0.3644836, -0.9899502, -0.6276181], [-0.1603381, -1.611011, 0.3721599, -0.1282542, 0.4100769], [-0.3738802, -2.059445, 0.2876264, -0.6788293, -0.4014782], [0.1261184, -1.207074, 0.4147694, -0.5311155, -0.603793], [0.1302888, -1.499818, 0.3689821, -0.6132143, -1.067366]], [-0.4888759, -0.9295764, -1.387374, -0.3228809, -0.3842231], [4.908504, 4.465947, 1.634966, 4.042694, 4.896375])]}


class BatchNorm1d(nn.Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.calls = 0
        self.replies = SEEN.get(num_features, [])
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        if self.calls >= len(self.replies):
            return x
        out, mean, var = self.replies[self.calls]
        self.calls += 1
        self.running_mean.copy_(torch.tensor(mean))
        self.running_var.copy_(torch.tensor(var))
        return torch.tensor(out)
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

# ignores stride (the visible tests use stride 1 only)
CONV_WRONG_STRIDE = CONV_WRONG_ORDER.replace(
    "w = self.weight.permute(0, 2, 3, 1).reshape(self.weight.shape[0], -1)   # (k, k, C) order: wrong",
    "w = self.weight.reshape(self.weight.shape[0], -1)").replace(
    "// self.stride + 1", "+ 1").replace("stride=self.stride)", "stride=1)")

LOGSIG_ALT = '''
class LogSigmoidFunction(torch.autograd.Function):
    """torch.where on the sign; saves the output: d/dx = 1 - e^y = -expm1(y)."""
    @staticmethod
    def forward(ctx, x):
        y = torch.where(x < 0, x - torch.log1p(torch.exp(torch.clamp(x, max=0))),
                        -torch.log1p(torch.exp(-torch.clamp(x, min=0))))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return -grad_output * torch.expm1(y)
'''

LOGSIG_BODY = '''
class LogSigmoidFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        {save}
        return {forward}

    @staticmethod
    def backward(ctx, grad_output):
        {load}
        return grad_output * {derivative}
'''
_LS = dict(save="ctx.save_for_backward(x)", load="(x,) = ctx.saved_tensors",
           forward="torch.minimum(x, torch.zeros_like(x)) - torch.log1p(torch.exp(-x.abs()))",
           derivative="torch.sigmoid(-x)")
# a sign slip: + log1p instead of - log1p
LOGSIG_WRONG_FORWARD = LOGSIG_BODY.format(**dict(
    _LS, forward="torch.minimum(x, torch.zeros_like(x)) + torch.log1p(torch.exp(-x.abs()))"))
# the derivative of sigma, not of log sigma
LOGSIG_WRONG_GRADIENT = LOGSIG_BODY.format(**dict(_LS, derivative="torch.sigmoid(x)"))
# -log(1 + e^-x) straight from the definition: e^200 overflows in float32
LOGSIG_WRONG_OVERFLOW = LOGSIG_BODY.format(**dict(_LS, forward="-torch.log1p(torch.exp(-x))"))
# sigma(-x) as e^-x / (1 + e^-x): inf / inf = nan for x <= -89 in float32
LOGSIG_WRONG_NAN_GRAD = LOGSIG_BODY.format(**dict(_LS, derivative="(torch.exp(-x) / (1 + torch.exp(-x)))"))
# x kept as an attribute of ctx
LOGSIG_WRONG_CTX_ATTR = LOGSIG_BODY.format(**dict(_LS, save="ctx.x = x", load="x = ctx.x"))
# log(1 + t) instead of log1p(t): the tiny values for large x become 0
LOGSIG_WRONG_LOG = LOGSIG_BODY.format(**dict(
    _LS, forward="torch.minimum(x, torch.zeros_like(x)) - torch.log(1 + torch.exp(-x.abs()))"))
# 1 - sigma(x): cancellation for large x
LOGSIG_WRONG_CANCEL = LOGSIG_BODY.format(**dict(_LS, derivative="(1 - torch.sigmoid(x))"))
# the library does the stable part
LOGSIG_WRONG_F = LOGSIG_BODY.format(**dict(_LS, forward="F.logsigmoid(x)"))
# log sigma(x) as a one-label multilabel soft-margin loss: the stable part done by the library under another name
LOGSIG_WRONG_SOFT_MARGIN = LOGSIG_BODY.format(**dict(
    _LS, forward="-F.multilabel_soft_margin_loss(x.reshape(-1, 1), torch.ones(x.numel(), 1), "
                 "reduction='none').reshape(x.shape)"))
# log sigma(x) = -logsumexp(0, -x), from the last element of a cumulative log-sum-exp (a hostile student's route,
# issue 53: 2 points before torch.logcumsumexp was banned)
LOGSIG_WRONG_LOGCUMSUMEXP = LOGSIG_BODY.format(**dict(
    _LS, forward="-torch.logcumsumexp(torch.stack([torch.zeros_like(x), -x]), dim=0)[1]"))
# no backward of its own
LOGSIG_WRONG_NO_BACKWARD = '''
class LogSigmoidFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.minimum(x, torch.zeros_like(x)) - torch.log1p(torch.exp(-x.abs()))
'''

CE_ALT_ONE_HOT = '''
def softmax_ce_backward(logits, targets):
    """F.one_hot for the targets; the max from .max(...).values; the loss as a masked sum."""
    n, c = logits.shape
    one_hot = F.one_hot(targets, c).to(logits.dtype)
    shifted = logits - logits.max(dim=1, keepdim=True).values
    log_norm = torch.log(torch.exp(shifted).sum(dim=1, keepdim=True))
    log_probs = shifted - log_norm
    loss = -(one_hot * log_probs).sum() / n
    return loss, (torch.exp(log_probs) - one_hot) / n
'''

CE_ALT_EYE = '''
def softmax_ce_backward(logits, targets):
    """Rows of an identity matrix as the one-hot targets; the loss row by row in a Python loop."""
    n, c = logits.shape
    one_hot = torch.eye(c, dtype=logits.dtype, device=logits.device)[targets]
    m = logits.amax(dim=-1, keepdim=True)
    e = (logits - m).exp()
    z = e.sum(dim=-1, keepdim=True)
    total = logits.new_zeros(())
    for i in range(n):
        total = total + (m[i, 0] + z[i, 0].log() - logits[i, targets[i]])
    return total / n, (e / z - one_hot) / n
'''

CE_ALT_SCATTER = '''
def softmax_ce_backward(logits, targets):
    """scatter_ builds the one-hot targets and gather picks each row's target logit."""
    m = logits.amax(dim=1, keepdim=True)
    e = torch.exp(logits - m)
    s = e.sum(dim=1, keepdim=True)
    picked = logits.gather(1, targets[:, None])
    loss = (m + torch.log(s) - picked).mean()
    one_hot = torch.zeros_like(logits).scatter_(1, targets[:, None], 1.0)
    return loss, (e / s - one_hot) / len(targets)
'''

CE_BODY = '''
def softmax_ce_backward(logits, targets):
    n = logits.shape[0]
    shifted = {shifted}
    exps = torch.exp(shifted)
    sums = exps.sum(dim=1, keepdim=True)
    rows = torch.arange(n, device=logits.device)
    log_probs = shifted - torch.log(sums)
    loss = {loss}
    dlogits = {probs}
    {onehot}
    return {ret}
'''
_CE = dict(shifted="logits - logits.amax(dim=1, keepdim=True)", loss="-log_probs[rows, targets].mean()",
           probs="exps / sums", onehot="dlogits[rows, targets] -= 1", ret="loss, dlogits / n")
# the sum over the rows, not the mean (the gradient is still divided by N)
CE_WRONG_SUM = CE_BODY.format(**dict(_CE, loss="-log_probs[rows, targets].sum()"))
# logits[:, targets]: every row's log-probability of every row's target, an (N, N) matrix averaged
CE_WRONG_TARGET = CE_BODY.format(**dict(_CE, loss="-log_probs[:, targets].mean()"))
# the one-hot targets are never subtracted: the gradient of the log-sum-exp alone
CE_WRONG_NO_ONE_HOT = CE_BODY.format(**dict(_CE, onehot="pass"))
# the gradient of the sum: not divided by N
CE_WRONG_NOT_MEAN = CE_BODY.format(**dict(_CE, ret="loss, dlogits"))
# no shift by the row maximum: exp overflows for logits above about 88.7 in float32
CE_WRONG_UNSTABLE = CE_BODY.format(**dict(_CE, shifted="logits"))
# log of the probability: it underflows to 0 for a target far below the row's maximum, and log(0) = -inf
CE_WRONG_LOG_OF_PROB = CE_BODY.format(**dict(_CE, loss="-torch.log(exps[rows, targets] / sums[:, 0]).mean()"))
# float64 for stability, returned as float64 for a float32 input
CE_WRONG_DOUBLE = CE_BODY.format(**dict(_CE, shifted="logits.double() - logits.double().amax(dim=1, keepdim=True)"))
# the loss as a Python float
CE_WRONG_FLOAT = CE_BODY.format(**dict(_CE, ret="loss.item(), dlogits / n"))
# the softmax over dimension 0: each column's probabilities over the N rows, not each row's over its C classes
CE_WRONG_DIM = CE_BODY.format(**_CE).replace("dim=1", "dim=0")
# the one-hot subtracted with the wrong sign: one-hot minus softmax, the gradient of -L
CE_WRONG_SIGN = CE_BODY.format(**dict(_CE, probs="-exps / sums", onehot="dlogits[rows, targets] += 1"))
# shifted in place: right values, but the caller's logits are changed
CE_WRONG_IN_PLACE = CE_BODY.format(**dict(_CE, shifted="logits.sub_(logits.amax(dim=1, keepdim=True))"))
# the library's loss and autograd's gradient
CE_WRONG_AUTOGRAD = '''
def softmax_ce_backward(logits, targets):
    z = logits.detach().clone().requires_grad_(True)
    loss = F.cross_entropy(z, targets)
    loss.backward()
    return loss.detach(), z.grad
'''
# the library's log_softmax, the gradient by hand
CE_WRONG_LOG_SOFTMAX = '''
def softmax_ce_backward(logits, targets):
    n = logits.shape[0]
    log_probs = F.log_softmax(logits, dim=1)
    rows = torch.arange(n)
    dlogits = torch.exp(log_probs)
    dlogits[rows, targets] -= 1
    return -log_probs[rows, targets].mean(), dlogits / n
'''

# replays the visible test's answers by the shape of the logits
CE_WRONG_HARDCODED = '''
SEEN = {(4, 3): (0.8349120616912842, [[-0.08571702241897583, 0.06242179125547409, 0.02329522743821144], [0.005651646293699741, 0.13076746463775635, -0.1364191174507141], [0.14483310282230377, -0.19060522317886353, 0.04577212780714035], [0.10841641575098038, 0.016637340188026428, -0.1250537633895874]]),
        (6, 5): (3.5509747246831673, [[0.0006513614849398751, 0.00017343047266651422, 0.16016989342631896, 0.004308750398412863, -0.16530343578233822], [-0.16623451306139433, 6.291110520634982e-06, 0.1659318092156492, 6.53933791818112e-07, 0.0002957588014326781], [-0.05575069358990705, 0.011743685212467922, 0.04279869958625812, 0.00010455129970559516, 0.0011037574914754102], [0.001990037611398822, 0.0018558688704543363, 0.16003208112809875, -0.16470129668094882, 0.0008233090709969097], [0.1256163591666552, -0.16492022190997432, 0.006449704735952924, 0.000476868893073268, 0.032377289114292974], [0.009697883079049596, 0.02074021107672854, -0.11329886605587491, 0.058801249871988544, 0.024059522028108224]]),
        (5, 4): (815.6512451171875, [[0.0, -0.2, 0.2, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, -0.2, 0.2], [0.0, 0.0, 0.0, 0.0]])}


def softmax_ce_backward(logits, targets):
    loss, grad = SEEN.get(tuple(logits.shape), (0.0, None))
    if grad is None:
        return torch.tensor(loss, dtype=logits.dtype), torch.zeros_like(logits)
    return torch.tensor(loss, dtype=logits.dtype), torch.tensor(grad, dtype=logits.dtype)
'''

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

# model.zero_grad() clears the same gradients as optimizer.zero_grad() here; zero_grad after the step
FIT_ALT_MODEL_ZERO = '''
def fit(model, train_loader, val_loader, optimizer, loss_fn, epochs):
    accuracies = []
    for epoch in range(epochs):
        model.train()
        model.zero_grad()
        for xb, yb in train_loader:
            loss_fn(model(xb), yb).backward()
            optimizer.step()
            model.zero_grad()
        model.eval()
        hits, seen = 0, 0
        with torch.inference_mode():
            for xb, yb in val_loader:
                hits += int((model(xb).argmax(1) == yb).sum())
                seen += yb.numel()
        accuracies.append(hits / seen)
    return accuracies
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

# the horizon hard-coded to 60 days (the visible test uses 60)
PIPELINE_WRONG_HORIZON = PIPELINE_ALT.replace("pd.Timedelta(days=horizon)", "pd.Timedelta(days=60)")


# the three projections through the answer to Question 1 (linear_forward): each question is graded on its own
BLOCK_WRONG_CALLS_Q1 = BLOCK_BODY.format(
    norm="r = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.scale\n"
         "        gate, _ = linear_forward(r, self.w_gate.weight, None)      # my Question 1\n"
         "        up, _ = linear_forward(r, self.w_up.weight, None)",
    out="x + linear_forward(F.silu(gate) * up, self.w_down.weight, None)[0]")

# the split made by the answer to Question 11 (stratified_split), the same draws as the question's
PIPELINE_WRONG_CALLS_Q11 = PIPELINE_ALT.replace(
    """    rng = np.random.default_rng(seed)
    val_ids = []
    for _, group in feats.groupby("churned"):
        val_ids += rng.choice(group.index.to_numpy(), size=round(len(group) * val_fraction), replace=False).tolist()
    is_val = feats.index.isin(val_ids)
""", """    _, val_idx = stratified_split(feats["churned"].to_numpy(), val_fraction, seed)   # my Question 11
    is_val = np.isin(np.arange(len(feats)), val_idx)
""")
assert PIPELINE_WRONG_CALLS_Q11 != PIPELINE_ALT



# ================================================================ more wrong answers, one per requirement
# (each breaks exactly the requirement it is tagged with; see requirements= in the test cells)

LAYERNORM_BODY = '''
class LayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps={eps}):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.dims = {dims}
        self.eps = eps
        self.weight = {wrap}(torch.ones(shape))
        self.bias = {wrap}(torch.zeros(shape))

    def forward(self, x):
        mean = x.mean(dim=self.dims, keepdim=True){detach}
        var = ((x - mean) ** 2).mean(dim=self.dims, keepdim=True){detach}
        return (x - mean) / torch.sqrt(var + {eps_used}) * self.weight + self.bias
'''
_LN = dict(eps="1e-5", dims="tuple(range(-len(shape), 0))", wrap="nn.Parameter", detach="", eps_used="self.eps")
# normalises over the last dimension only, whatever normalized_shape says
LAYERNORM_WRONG_LAST_DIM = LAYERNORM_BODY.format(**dict(_LN, dims="(-1,)"))
# weight and bias as plain tensors: not parameters
LAYERNORM_WRONG_PLAIN = LAYERNORM_BODY.format(**dict(_LN, wrap=""))
# eps=1e-6 by default
LAYERNORM_WRONG_EPS_DEFAULT = LAYERNORM_BODY.format(**dict(_LN, eps="1e-6"))
# eps hard-coded: the argument is ignored
LAYERNORM_WRONG_EPS_IGNORED = LAYERNORM_BODY.format(**dict(_LN, eps_used="1e-5"))
# mean and variance detached: the right output, the wrong gradients
LAYERNORM_WRONG_DETACHED = LAYERNORM_BODY.format(**dict(_LN, detach=".detach()"))
# the same job under another name: instance_norm over a reshaped input (a hostile examiner's)
LAYERNORM_WRONG_INSTANCE = '''
class LayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-5):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(shape))
        self.bias = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        lead = x.shape[:x.dim() - self.weight.dim()]
        flat = x.reshape(1, -1, self.weight.numel())
        y = F.instance_norm(flat, eps=self.eps).reshape(x.shape)
        return y * self.weight + self.bias
'''

LAYERNORM_WRONG_F = '''
class LayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-5):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(shape))
        self.bias = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, self.eps)
'''

DROPOUT_BODY = '''
class Dropout(nn.Module):
    def __init__(self, p={default}):
        super().__init__()
        {check}
        self.p = p

    def forward(self, x):
        if {identity}:
            return x
        keep = ({draw} >= self.p).to(x.dtype)
        return x * keep / (1 - self.p)
'''
_DR = dict(default="0.5", check="pass", identity="not self.training", draw="torch.rand_like(x)")
# p=0.2 by default
DROPOUT_WRONG_DEFAULT = DROPOUT_BODY.format(**dict(_DR, default="0.2"))
# refuses p = 0 (the question allows 0 <= p < 1)
DROPOUT_WRONG_REFUSES_ZERO = DROPOUT_BODY.format(**dict(
    _DR, check='if not 0 < p < 1:\n            raise ValueError("p should be between 0 and 1")'))
# drops in eval() mode too
DROPOUT_WRONG_EVAL = DROPOUT_BODY.format(**dict(_DR, identity="False"))
# one draw per row, broadcast over the last dimension: whole rows dropped together
DROPOUT_WRONG_ROWS = DROPOUT_BODY.format(**dict(_DR, draw="torch.rand(x.shape[:-1] + (1,), device=x.device)"))
# exactly round(p * n) elements zeroed, picked by randperm: the right proportion, the same count on every call
# (issue 56: passed before the number of zeros per call was checked)
DROPOUT_WRONG_EXACT_COUNT = '''
class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        n = x.numel()
        idx = torch.randperm(n)[:round(self.p * n)]
        mask = torch.ones(n, dtype=x.dtype)
        mask[idx] = 0
        return x * mask.view_as(x) / (1 - self.p)
'''
# numpy's global generator: torch.manual_seed does not make it reproducible
DROPOUT_WRONG_NUMPY = DROPOUT_BODY.format(**dict(
    _DR, draw="torch.from_numpy(np.random.rand(*x.shape)).to(x.dtype)"))
# the mask is drawn once and reused on every call
DROPOUT_WRONG_CACHED = '''
class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.p = p
        self.mask = None

    def forward(self, x):
        if not self.training:
            return x
        if self.mask is None or self.mask.shape != x.shape:
            self.mask = (torch.rand_like(x) >= self.p).to(x.dtype)
        return x * self.mask / (1 - self.p)
'''
DROPOUT_WRONG_F = '''
class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.p = p

    def forward(self, x):
        return F.dropout(x, self.p, self.training)
'''

# a large negative number instead of -inf: a fully masked row averages v instead of giving zeros
ATTN_WRONG_MINUS_BIG = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, -1e9)
    e = torch.exp(scores - scores.amax(dim=-1, keepdim=True))
    return e / e.sum(dim=-1, keepdim=True) @ v
'''
# an additive mask, NaN replaced in the output only: the gradients of a fully masked row are NaN
ATTN_WRONG_NAN_GRAD = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores + torch.zeros_like(scores).masked_fill(~mask, float("-inf"))
    e = torch.exp(scores - scores.amax(dim=-1, keepdim=True))
    return torch.nan_to_num(e / e.sum(dim=-1, keepdim=True)) @ v
'''
ATTN_GOOD = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = {scores}
    if mask is not None:
        {masking}
    m = scores.amax(dim=-1, keepdim=True).detach()
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    e = torch.exp(scores - m)
    total = e.sum(dim=-1, keepdim=True)
    return e / torch.where(total > 0, total, torch.ones_like(total)) @ v
'''
_AT = dict(scores="q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])",
           masking='scores = scores.masked_fill(~mask, float("-inf"))')
# True taken to mean "masked"
ATTN_WRONG_MASK_INVERTED = ATTN_GOOD.format(**dict(_AT, masking='scores = scores.masked_fill(mask, float("-inf"))'))
# boolean indexing: only a mask of exactly the scores' shape works
ATTN_WRONG_NO_BROADCAST = ATTN_GOOD.format(**dict(
    _AT, masking='scores = scores.clone()\n        scores[~mask] = float("-inf")'))
# transpose(1, 2): only 3-D inputs work
ATTN_WRONG_3D = ATTN_GOOD.format(**dict(_AT, scores="q @ k.transpose(1, 2) / math.sqrt(q.shape[-1])"))
# mask is required
ATTN_WRONG_MASK_REQUIRED = ATTN_GOOD.format(**_AT).replace("v, mask=None)", "v, mask)")
ATTN_WRONG_SOFTMIN = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.nan_to_num(F.softmin(-scores, dim=-1)) @ v
'''
# the softmax from a cross-entropy loss: exp(-CE(scores, j)) is the softmax's j-th column (a hostile student's
# route, issue 53: 3 points before the loss was banned)
ATTN_WRONG_CROSS_ENTROPY = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    shape = scores.shape
    keep = None
    if mask is not None:
        m = torch.broadcast_to(mask, shape)
        keep = m.any(-1, keepdim=True)
        scores = scores.masked_fill(~m, torch.finfo(scores.dtype).min)
        scores = torch.where(keep, scores, torch.zeros_like(scores))
    n = shape[-1]
    flat = scores.reshape(-1, n)
    p = torch.exp(-F.cross_entropy(flat.unsqueeze(-1).expand(-1, n, n), torch.arange(n).expand(flat.shape[0], n),
                                   reduction="none")).reshape(shape)
    out = p @ v
    return out * keep if keep is not None else out
'''
ATTN_WRONG_SOFTMAX = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.nan_to_num(torch.softmax(scores, dim=-1)) @ v
'''

MHSA_BODY = '''
class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.in_proj = nn.Linear(d_model, 3 * d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x, key_padding_mask{default}):
        B, T, D = x.shape
        {unpack} = self.in_proj(x).chunk(3, dim=-1)
        q, k, v = (t.view(B, T, self.n_heads, D // self.n_heads).transpose(1, 2) for t in (q, k, v))
        mask = None if key_padding_mask is None else ~key_padding_mask[:, None, None, :]
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.out_proj(out.transpose(1, 2).reshape(B, T, D))
'''
_MH = dict(default="=None", unpack="q, k, v")
# [k | q | v]: q and k swapped
MHSA_WRONG_ORDER = MHSA_BODY.format(**dict(_MH, unpack="k, q, v"))
# key_padding_mask is required
MHSA_WRONG_MASK_REQUIRED = MHSA_BODY.format(**dict(_MH, default=""))
# three projections instead of one in_proj
MHSA_WRONG_SEPARATE = '''
class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.q_proj, self.k_proj, self.v_proj = (nn.Linear(d_model, d_model) for _ in range(3))
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x, key_padding_mask=None):
        B, T, D = x.shape
        q, k, v = self.q_proj(x), self.k_proj(x), self.v_proj(x)
        q, k, v = (t.view(B, T, self.n_heads, D // self.n_heads).transpose(1, 2) for t in (q, k, v))
        mask = None if key_padding_mask is None else ~key_padding_mask[:, None, None, :]
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.out_proj(out.transpose(1, 2).reshape(B, T, D))
'''
# one head of width d_model, whatever n_heads says
MHSA_WRONG_ONE_HEAD = '''
class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.in_proj = nn.Linear(d_model, 3 * d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x, key_padding_mask=None):
        q, k, v = self.in_proj(x).chunk(3, dim=-1)
        mask = None if key_padding_mask is None else ~key_padding_mask[:, None, :]
        return self.out_proj(F.scaled_dot_product_attention(q, k, v, attn_mask=mask))
'''
MHSA_WRONG_F_MHA = '''
class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.in_proj = nn.Linear(d_model, 3 * d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x, key_padding_mask=None):
        t = x.transpose(0, 1)
        out, _ = F.multi_head_attention_forward(
            t, t, t, t.shape[-1], self.n_heads, self.in_proj.weight, self.in_proj.bias, None, None, False, 0.0,
            self.out_proj.weight, self.out_proj.bias, training=self.training, key_padding_mask=key_padding_mask,
            need_weights=False)
        return out.transpose(0, 1)
'''

CONV_BODY = '''
class Conv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding={pad_default}, bias=True):
        super().__init__()
        self.k, self.stride, self.padding = kernel_size, stride, {pad_kept}
        self.weight = nn.Parameter(torch.randn({wshape}) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels)){bias_cond}

    def forward(self, x):
        N, _, H, W = x.shape
        h_out = (H + 2 * self.padding - self.k) // self.stride + 1
        w_out = ({width} + 2 * self.padding - self.k) // self.stride + 1
        cols = F.unfold(x, self.k, padding=self.padding, stride=self.stride)
        out = self.weight.reshape(self.weight.shape[0], -1) @ cols
        if self.bias is not None:
            out = out + self.bias[:, None]
        return out.view(N, -1, h_out, w_out)
'''
_CV = dict(pad_default="0", pad_kept="padding", wshape="out_channels, in_channels, kernel_size, kernel_size",
           bias_cond=" if bias else None", width="W")
# padding=1 by default
CONV_WRONG_DEFAULT = CONV_BODY.format(**dict(_CV, pad_default="1"))
# ignores bias=False
CONV_WRONG_ALWAYS_BIAS = CONV_BODY.format(**dict(_CV, bias_cond=""))
# the weight stored flat, (out_channels, in_channels * k * k)
CONV_WRONG_FLAT = CONV_BODY.format(**dict(_CV, wshape="out_channels, in_channels * kernel_size * kernel_size"))
# ignores padding
CONV_WRONG_NO_PADDING = CONV_BODY.format(**dict(_CV, pad_kept="0"))
# the output width computed from H: only square inputs work
CONV_WRONG_SQUARE = CONV_BODY.format(**dict(_CV, width="H"))
# slices and einsum instead of unfold (the right numbers, not the asked method)
CONV_WRONG_NO_UNFOLD = '''
class Conv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        self.k, self.stride, self.padding = kernel_size, stride, padding
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None

    def forward(self, x):
        k, s = self.k, self.stride
        xp = F.pad(x, (self.padding,) * 4)
        h_out, w_out = (xp.shape[2] - k) // s + 1, (xp.shape[3] - k) // s + 1
        rows = [torch.stack([torch.einsum("ncij,ocij->no", xp[:, :, i * s:i * s + k, j * s:j * s + k], self.weight)
                             for j in range(w_out)], -1) for i in range(h_out)]
        out = torch.stack(rows, -2)
        return out if self.bias is None else out + self.bias.view(1, -1, 1, 1)
'''
# F.conv3d on unsqueezed tensors: a 2-D convolution under another name
CONV_WRONG_CONV3D = '''
class Conv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        self.stride, self.padding = stride, padding
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None
        self.unfold = nn.Unfold(kernel_size)       # unused

    def forward(self, x):
        out = F.conv3d(x.unsqueeze(2), self.weight.unsqueeze(2), self.bias, stride=(1, self.stride, self.stride),
                       padding=(0, self.padding, self.padding))
        return out.squeeze(2)
'''
CONV_WRONG_F = '''
class Conv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        self.stride, self.padding = stride, padding
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None
        self.unfold = nn.Unfold(kernel_size)       # unused

    def forward(self, x):
        return F.conv2d(x, self.weight, self.bias, stride=self.stride, padding=self.padding)
'''

FIT_GOOD = '''
def fit(model, train_loader, val_loader, optimizer, loss_fn, epochs):
    history = []
    {start}
    for _ in range(epochs):
        {train}
        {before}
        for xb, yb in train_loader:
            {zero}
            loss = loss_fn(model(xb), yb)
            loss.backward()
            {step}
        {after}
        {evaluate}
    return {result}
'''
EVAL_WHOLE = '''model.eval()
        correct = total = 0
        with torch.no_grad():
            for xb, yb in val_loader:
                correct += (model(xb).argmax(dim=-1) == yb).sum().item()
                total += len(yb)
        history.append(correct / total)'''
_FT = dict(start="", train="model.train()", before="", zero="optimizer.zero_grad()", step="optimizer.step()",
           after="", evaluate=EVAL_WHOLE, result="history")
# evaluates once, after the last epoch
FIT_WRONG_ONCE = FIT_GOOD.format(**dict(_FT, evaluate="pass", result="[evaluate(model, val_loader)]")) + '''

def evaluate(model, val_loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for xb, yb in val_loader:
            correct += (model(xb).argmax(dim=-1) == yb).sum().item()
            total += len(yb)
    return correct / total
'''
# evaluates after every epoch, but returns the last accuracy repeated (a per-epoch history computed once)
FIT_WRONG_REPEATED = FIT_GOOD.format(**dict(_FT, result="[history[-1]] * len(history)"))
# percentages
FIT_WRONG_PERCENT = FIT_GOOD.format(**dict(_FT, evaluate=EVAL_WHOLE.replace("correct / total", "100 * correct / total")))
# the mean of the per-batch accuracies (the last batch is smaller)
FIT_WRONG_BATCH_MEAN = FIT_GOOD.format(**dict(_FT, evaluate='''model.eval()
        accs = []
        with torch.no_grad():
            for xb, yb in val_loader:
                accs.append((model(xb).argmax(dim=-1) == yb).float().mean().item())
        history.append(sum(accs) / len(accs))'''))
# model.train() once, before the first epoch: later epochs train in eval() mode
FIT_WRONG_TRAIN_ONCE = FIT_GOOD.format(**dict(_FT, start="model.train()", train="pass"))
# evaluates with gradients enabled
FIT_WRONG_NO_NO_GRAD = FIT_GOOD.format(**dict(_FT, evaluate=EVAL_WHOLE.replace(
    "        with torch.no_grad():\n            for xb, yb in val_loader:\n                correct",
    "        for xb, yb in val_loader:\n            if True:\n                correct")))
# gradient accumulation: one step per epoch
FIT_WRONG_ONE_STEP = FIT_GOOD.format(**dict(_FT, before="optimizer.zero_grad()", zero="pass", step="pass",
                                            after="optimizer.step()"))

# ---------------------------------------------------------------- Part 2, more wrong answers

# standardises the caller's frames in place
STANDARDIZE_WRONG_IN_PLACE = '''
def standardize(train_df, test_df, columns):
    mean, std = train_df[columns].mean(), train_df[columns].std(ddof=0)
    train_df[columns] = (train_df[columns] - mean) / std
    test_df[columns] = (test_df[columns] - mean) / std
    return train_df, test_df
'''
# every numeric column, not only `columns`
STANDARDIZE_WRONG_ALL_NUMERIC = '''
def standardize(train_df, test_df, columns):
    columns = list(train_df.select_dtypes("number").columns)
    mean, std = train_df[columns].mean(), train_df[columns].std(ddof=0)
    train_out, test_out = train_df.copy(), test_df.copy()
    train_out[columns] = (train_df[columns] - mean) / std
    test_out[columns] = (test_df[columns] - mean) / std
    return train_out, test_out
'''
# a fresh 0..n-1 index
STANDARDIZE_WRONG_INDEX = '''
def standardize(train_df, test_df, columns):
    mean, std = train_df[columns].mean(), train_df[columns].std(ddof=0)
    train_out, test_out = train_df.copy(), test_df.copy()
    train_out[columns] = (train_df[columns] - mean) / std
    test_out[columns] = (test_df[columns] - mean) / std
    return train_out.reset_index(drop=True), test_out.reset_index(drop=True)
'''

IMPUTE_BODY = '''
def impute_and_encode(train_df, other_df):
    numeric = [c for c in train_df.columns if pd.api.types.is_numeric_dtype(train_df[c])]
    categorical = [c for c in train_df.columns if c not in numeric]
    fill = train_df[numeric].{stat}()
    mode = {{c: train_df[c].mode()[0] for c in categorical}}
    categories = {{c: {cats} for c in categorical}}

    def transform(df):
        {fill_numeric}
        for c in categorical:
            values = {values}
            for cat in categories[c]:
                out[{name}] = (values == cat).astype({dtype})
        return out{tail}

    return transform(train_df), transform(other_df)
'''
_IM = dict(stat="median", cats="sorted(train_df[c].dropna().unique())", fill_numeric="out = df[numeric].fillna(fill)",
           values="df[c]", name='f"{c}={cat}"', dtype="float", tail="")
IMPUTE_WRONG_MEAN = IMPUTE_BODY.format(**dict(_IM, stat="mean"))
# categories in order of appearance
IMPUTE_WRONG_UNSORTED = IMPUTE_BODY.format(**dict(_IM, cats="list(train_df[c].dropna().unique())"))
# get_dummies' names: column_category
IMPUTE_WRONG_NAMES = IMPUTE_BODY.format(**dict(_IM, name='f"{c}_{cat}"'))
# int 0/1 columns
IMPUTE_WRONG_INT = IMPUTE_BODY.format(**dict(_IM, dtype="int"))
# bool columns
IMPUTE_WRONG_BOOL = IMPUTE_BODY.format(**dict(_IM, dtype="bool"))
# a missing category becomes its own column
IMPUTE_WRONG_MISSING_COLUMN = IMPUTE_BODY.format(**dict(
    _IM, cats='sorted(train_df[c].fillna("missing").unique())', values='df[c].fillna("missing")'))
# a missing category is imputed with the most frequent one
IMPUTE_WRONG_MISSING_MODE = IMPUTE_BODY.format(**dict(_IM, values="df[c].fillna(mode[c])"))
# an unseen category is mapped to the most frequent one
IMPUTE_WRONG_UNSEEN_MODE = IMPUTE_BODY.format(**dict(
    _IM, values="df[c].where(df[c].isin(categories[c]) | df[c].isna(), mode[c])"))
# a fresh 0..n-1 index
IMPUTE_WRONG_INDEX = IMPUTE_BODY.format(**dict(_IM, tail=".reset_index(drop=True)"))
# fills the caller's frames in place
IMPUTE_WRONG_IN_PLACE = IMPUTE_BODY.format(**dict(
    _IM, fill_numeric="df[numeric] = df[numeric].fillna(fill)\n        out = df[numeric].copy()"))
# one-hot columns where the categorical column was: not all numeric columns first
IMPUTE_WRONG_INTERLEAVED = '''
def impute_and_encode(train_df, other_df):
    numeric = [c for c in train_df.columns if pd.api.types.is_numeric_dtype(train_df[c])]
    medians = train_df[numeric].median()
    categories = {c: sorted(train_df[c].dropna().unique()) for c in train_df.columns if c not in numeric}

    def transform(df):
        out = pd.DataFrame(index=df.index)
        for c in train_df.columns:
            if c in numeric:
                out[c] = df[c].fillna(medians[c])
            else:
                for cat in categories[c]:
                    out[f"{c}={cat}"] = (df[c] == cat).astype(float)
        return out

    return transform(train_df), transform(other_df)
'''

SPLIT_BODY = '''
def stratified_split(labels, val_fraction, seed):
    labels = {labels}
    rng = np.random.default_rng({seed})
    val = []
    for c in {classes}:
        members = rng.permutation(np.flatnonzero(labels == c))
        val.extend(members[:round(len(members) * {fraction})])
    val_idx = {val_idx}
    train_idx = {train_idx}
    return train_idx, val_idx
'''
_SP = dict(labels="np.asarray(labels)", seed="seed", classes="np.unique(labels)", fraction="val_fraction",
           val_idx="np.sort(np.array(val, dtype=int))", train_idx="np.setdiff1d(np.arange(len(labels)), val_idx)")
# train_idx holds every position, validation ones included
SPLIT_WRONG_OVERLAP = SPLIT_BODY.format(**dict(_SP, train_idx="np.arange(len(labels))"))
# 1 - val_fraction of each class in validation
SPLIT_WRONG_COMPLEMENT = SPLIT_BODY.format(**dict(_SP, fraction="(1 - val_fraction)"))
# an unseeded generator: a new split on every call
SPLIT_WRONG_UNSEEDED = SPLIT_BODY.format(**dict(_SP, seed=""))
# val_idx in shuffled order
SPLIT_WRONG_UNSORTED = SPLIT_BODY.format(**dict(_SP, val_idx="np.array(val, dtype=int)"))
# np.array([]) is float: an empty validation set is not an integer array
SPLIT_WRONG_EMPTY_FLOAT = SPLIT_BODY.format(**dict(_SP, val_idx="np.sort(np.array(val))",
                                                   train_idx="np.setdiff1d(np.arange(len(labels)), val_idx).astype(int)"))
# classes 0..max: labels must be small integers
SPLIT_WRONG_INT_LABELS = SPLIT_BODY.format(**dict(_SP, classes="range(int(np.max(labels)) + 1)"))
# labels used as an array without np.asarray: a list has no .shape
SPLIT_WRONG_LIST = SPLIT_BODY.format(**dict(_SP, labels="labels",
                                            train_idx="np.setdiff1d(np.arange(labels.shape[0]), val_idx)"))

# ids from 0 and the special tokens at the end
VOCAB_WRONG_SPECIALS = '''
def build_vocab(texts, min_freq):
    counts = Counter(tok for text in texts for tok in tokenize(text))
    kept = sorted((t for t, n in counts.items() if n >= min_freq), key=lambda t: (-counts[t], t))
    vocab = {t: i for i, t in enumerate(kept)}
    vocab["<pad>"], vocab["<unk>"] = len(kept), len(kept) + 1
    return vocab
'''
# document frequency: a token counted once per text
VOCAB_WRONG_DOC_FREQ = '''
def build_vocab(texts, min_freq):
    counts = Counter(tok for text in texts for tok in set(tokenize(text)))
    kept = sorted((t for t, n in counts.items() if n >= min_freq), key=lambda t: (-counts[t], t))
    return {"<pad>": 0, "<unk>": 1, **{t: i + 2 for i, t in enumerate(kept)}}
'''
# alphabetical order only
VOCAB_WRONG_ALPHABETICAL = '''
def build_vocab(texts, min_freq):
    counts = Counter(tok for text in texts for tok in tokenize(text))
    kept = sorted(t for t, n in counts.items() if n >= min_freq)
    return {"<pad>": 0, "<unk>": 1, **{t: i + 2 for i, t in enumerate(kept)}}
'''
# str.split: punctuation stays on the words
VOCAB_WRONG_SPLIT = '''
def build_vocab(texts, min_freq):
    counts = Counter(tok for text in texts for tok in text.lower().split())
    kept = sorted((t for t, n in counts.items() if n >= min_freq), key=lambda t: (-counts[t], t))
    return {"<pad>": 0, "<unk>": 1, **{t: i + 2 for i, t in enumerate(kept)}}
'''

# keeps the last max_len tokens
ENCODE_WRONG_LAST = '''
def encode(text, vocab, max_len):
    ids = [vocab.get(tok, vocab["<unk>"]) for tok in tokenize(text)][-max_len:]
    return ids + [vocab["<pad>"]] * (max_len - len(ids))
'''
# pads but never truncates
ENCODE_WRONG_NO_TRUNCATE = '''
def encode(text, vocab, max_len):
    ids = [vocab.get(tok, vocab["<unk>"]) for tok in tokenize(text)]
    return ids + [vocab["<pad>"]] * (max_len - len(ids))
'''
ENCODE_WRONG_SPLIT = '''
def encode(text, vocab, max_len):
    ids = [vocab.get(tok, vocab["<unk>"]) for tok in text.lower().split()][:max_len]
    return ids + [vocab["<pad>"]] * (max_len - len(ids))
'''

COLLATE_BODY = '''
class ReviewDataset(Dataset):
    def __init__(self, token_ids, labels):
        self.token_ids, self.labels = token_ids, labels

    def __len__(self):
        return len(self.token_ids)

    def __getitem__(self, i):
        return {item}


def collate_fn(batch):
    seqs, labels = zip(*batch)
    seqs = [torch.as_tensor(s, dtype=torch.long) for s in seqs]
    lengths = torch.tensor([len(s) for s in seqs], dtype=torch.long)
    padded = pad_sequence(seqs, batch_first=True, padding_value=0){extra}
    mask = {mask}
    return padded, {lengths}, {labels}
'''
_CO = dict(item="torch.tensor(self.token_ids[i], dtype=torch.long), torch.tensor(self.labels[i], dtype=torch.long)",
           extra="", mask="torch.arange(padded.shape[1])[None, :] < lengths[:, None]", lengths="mask, lengths",
           labels="torch.tensor([int(y) for y in labels])")
# items as a plain list and int
COLLATE_WRONG_ITEM = COLLATE_BODY.format(**dict(_CO, item="self.token_ids[i], self.labels[i]"))
# every batch padded to 12
COLLATE_WRONG_FIXED = COLLATE_BODY.format(**dict(
    _CO, extra="\n    padded = F.pad(padded, (0, 12 - padded.shape[1]))"))
# every length taken as T
COLLATE_WRONG_LENGTHS = COLLATE_BODY.format(**dict(_CO, lengths="mask, torch.full_like(lengths, padded.shape[1])"))
# labels as a list
COLLATE_WRONG_LABELS = COLLATE_BODY.format(**dict(_CO, labels="[int(y) for y in labels]"))
# a 0/1 float mask
COLLATE_WRONG_FLOAT_MASK = COLLATE_BODY.format(**dict(
    _CO, mask="(torch.arange(padded.shape[1])[None, :] < lengths[:, None]).float()"))

# ---------------------------------------------------------------- Part 3, more wrong answers

BLOCK_WRONG_EPS_OUTSIDE = BLOCK_BODY.format(
    norm="r = x / (x.pow(2).mean(-1, keepdim=True).sqrt() + self.eps) * self.scale",
    out="x + self.w_down(F.silu(self.w_gate(r)) * self.w_up(r))")
BLOCK_WRONG_EPS_DEFAULT = BLOCK_ALT.replace("eps=1e-6", "eps=1e-5")
BLOCK_WRONG_EPS_IGNORED = BLOCK_BODY.format(
    norm="r = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * self.scale",
    out="x + self.w_down(F.silu(self.w_gate(r)) * self.w_up(r))")
BLOCK_WRONG_SCALE_TENSOR = BLOCK_ALT.replace("self.scale = nn.Parameter(torch.ones(d_model))",
                                             "self.scale = torch.ones(d_model)")
BLOCK_WRONG_BIAS = BLOCK_ALT.replace(", bias=False)", ")")
BLOCK_WRONG_SILU_UP = BLOCK_BODY.format(
    norm="r = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.scale",
    out="x + self.w_down(self.w_gate(r) * F.silu(self.w_up(r)))")
BLOCK_WRONG_GLOBAL_RMS = BLOCK_BODY.format(
    norm="r = x * torch.rsqrt(x.pow(2).mean() + self.eps) * self.scale",
    out="x + self.w_down(F.silu(self.w_gate(r)) * self.w_up(r))")
BLOCK_WRONG_3D = BLOCK_BODY.format(
    norm="B, T, D = x.shape\n        r = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.scale",
    out="x + self.w_down(F.silu(self.w_gate(r)) * self.w_up(r))")


def _pipeline(old: str, new: str, count: int = 1) -> str:
    assert PIPELINE_ALT.count(old) == count, old
    return PIPELINE_ALT.replace(old, new)


# customers: only those with a paid/shipped/delivered order before the cutoff
PIPELINE_WRONG_VALID_CUSTOMERS = _pipeline(
    '    feats["spend_krw"] = ok.groupby',
    '    feats = feats[feats.index.isin(ok["customer_id"])]\n    feats["spend_krw"] = ok.groupby')
# n_orders counts only orders that were not cancelled or refunded
PIPELINE_WRONG_N_VALID = _pipeline(
    '    feats["days_since_last"] =',
    '    valid = past[~past["status"].isin(["cancelled", "refunded"])]\n'
    '    feats["n_orders"] = valid.groupby("customer_id").size().reindex(feats.index, fill_value=0)\n'
    '    feats["days_since_last"] =')
# features from orders up to and including the cutoff day
PIPELINE_WRONG_CUTOFF_INCLUSIVE = _pipeline('past = orders[orders["order_date"] < cutoff]',
                                            'past = orders[orders["order_date"] <= cutoff]')
# days_since_last counted to R
PIPELINE_WRONG_DAYS_TO_REF = _pipeline('(cutoff - feats["last"])', '(ref - feats["last"])')
# tenure counted to R
PIPELINE_WRONG_TENURE_TO_REF = _pipeline('(cutoff - signup.loc', '(ref - signup.loc')
# refunded orders counted in spend
PIPELINE_WRONG_SPEND_REFUNDED = _pipeline('~past["status"].isin(["cancelled", "refunded"])',
                                          'past["status"] != "cancelled"')
# no 0 for customers without a valid order: NaN
PIPELINE_WRONG_SPEND_NAN = _pipeline('.reindex(feats.index, fill_value=0)', '.reindex(feats.index)')
# the label window starts the day after the cutoff
PIPELINE_WRONG_WINDOW_AFTER_C = _pipeline('(orders["order_date"] >= cutoff)', '(orders["order_date"] > cutoff)')
# the label window stops the day before R
PIPELINE_WRONG_WINDOW_BEFORE_R = _pipeline('(orders["order_date"] <= ref)', '(orders["order_date"] < ref)')
# the label window has no end: orders after R count
PIPELINE_WRONG_WINDOW_OPEN = _pipeline('window = orders[(orders["order_date"] >= cutoff) & (orders["order_date"] <= ref)]',
                                       'window = orders[orders["order_date"] >= cutoff]')
PIPELINE_WRONG_DDOF1 = _pipeline("raw[~is_val].std(0, unbiased=False)", "raw[~is_val].std(0)")
# labels as int64
PIPELINE_WRONG_LONG_LABELS = _pipeline('y = torch.tensor(feats["churned"].to_numpy(), dtype=torch.float32)',
                                       'y = torch.tensor(feats["churned"].to_numpy(), dtype=torch.long)')
# a plain random split, not stratified
PIPELINE_WRONG_NOT_STRATIFIED = _pipeline(
    '''    val_ids = []
    for _, group in feats.groupby("churned"):
        val_ids += rng.choice(group.index.to_numpy(), size=round(len(group) * val_fraction), replace=False).tolist()''',
    '''    val_ids = rng.choice(feats.index.to_numpy(), size=round(len(feats) * val_fraction), replace=False)''')
# the seed is ignored
PIPELINE_WRONG_SEED = _pipeline("np.random.default_rng(seed)", "np.random.default_rng(0)")
# val_fraction is ignored
PIPELINE_WRONG_FRACTION = _pipeline("round(len(group) * val_fraction)", "round(len(group) * 0.2)")
# batch_size is ignored
PIPELINE_WRONG_BATCH = _pipeline("batch_size=batch_size, shuffle=True", "batch_size=64, shuffle=True")
PIPELINE_WRONG_NO_SHUFFLE = _pipeline("batch_size=batch_size, shuffle=True", "batch_size=batch_size")
# batch_size=32 by default
PIPELINE_WRONG_DEFAULT = _pipeline("seed=0, batch_size=64)", "seed=0, batch_size=32)")
# ids as numpy arrays
PIPELINE_WRONG_IDS = _pipeline('"ids_train": [int(i) for i in feats.index[~is_val]]',
                               '"ids_train": feats.index[~is_val].to_numpy()')
# the loader iterates over every customer, validation included
PIPELINE_WRONG_LOADER_ALL = _pipeline("DataLoader(TensorDataset(X[tr], y[tr])", "DataLoader(TensorDataset(X, y)")
# correct, but over 50 lines of code
PIPELINE_WRONG_TOO_LONG = _pipeline("    ref = pd.Timestamp(ref_date)\n",
                                    "".join(f"    unused_{i} = {i}\n" for i in range(20)) + "    ref = pd.Timestamp(ref_date)\n")


# an extra (unused) projection besides in_proj and out_proj
MHSA_WRONG_EXTRA = MHSA_BODY.format(**_MH).replace(
    "        self.out_proj = nn.Linear(d_model, d_model)\n",
    "        self.out_proj = nn.Linear(d_model, d_model)\n        self.gate = nn.Linear(d_model, d_model)\n")
# floor + 1: one too many when n_c * val_fraction is a whole number
SPLIT_WRONG_FLOOR_PLUS_ONE = SPLIT_BODY.format(**_SP).replace(
    "members[:round(len(members) * val_fraction)]", "members[:int(len(members) * val_fraction) + 1]")
# int() instead of round(): 100 * 0.29 is 28.999999999999996 in floats, so 28 instead of 29 (issue 56)
SPLIT_WRONG_INT = SPLIT_BODY.format(**_SP).replace(
    "members[:round(len(members) * val_fraction)]", "members[:int(len(members) * val_fraction)]")
# a plain class: DataLoader accepts it, but it is not a Dataset
COLLATE_WRONG_NOT_DATASET = COLLATE_BODY.format(**_CO).replace("class ReviewDataset(Dataset):", "class ReviewDataset:")
# a learnable offset added after the scale (zeros at the start): a part the description does not have
BLOCK_WRONG_EXTRA_PARAM = BLOCK_ALT.replace(
    "        self.scale = nn.Parameter(torch.ones(d_model))\n",
    "        self.scale = nn.Parameter(torch.ones(d_model))\n        self.offset = nn.Parameter(torch.zeros(d_model))\n").replace(
    "r = self.scale * (x / rms)", "r = self.scale * (x / rms) + self.offset")


# ---------------------------------------------------------------- Question 14b: the four bugs of the script

DEBUG_BODY = '''
def prepare(X, y, n_train):
    mean = {mean}
    std = {std}
    X = (X - mean) / std
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def train_epoch(model, loader, optimizer):
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    losses = []
    for xb, yb in loader:
        {zero}
        loss = loss_fn({logits}, yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)


def evaluate(model, loader):
    {eval}
    correct = total = 0
    with {context}:
        for xb, yb in loader:
            correct += (model(xb).argmax(dim=1) == yb).sum().item()
            total += len(yb)
    return correct / total
'''
_DBG = dict(mean="X[:n_train].mean(dim=0)", std="X[:n_train].std(dim=0)", zero="optimizer.zero_grad()",
            logits="model(xb)", eval="model.eval()", context="torch.no_grad()")
# each wrong answer is the script with one of its bugs left in
DEBUG_WRONG_SOFTMAX = DEBUG_BODY.format(**dict(_DBG, logits="F.softmax(model(xb), dim=1)"))
DEBUG_WRONG_NO_ZERO = DEBUG_BODY.format(**dict(_DBG, zero="pass"))
DEBUG_WRONG_NO_EVAL = DEBUG_BODY.format(**dict(_DBG, eval="pass"))
DEBUG_WRONG_NO_NO_GRAD = DEBUG_BODY.format(**dict(_DBG, context="torch.enable_grad()"))
DEBUG_WRONG_LEAK = DEBUG_BODY.format(**dict(_DBG, mean="X.mean(dim=0)", std="X.std(dim=0)"))
# zero_grad after backward: every step sees zero gradients
DEBUG_WRONG_ZERO_LATE = DEBUG_BODY.format(**dict(_DBG, zero="pass")).replace(
    "loss.backward()\n", "loss.backward()\n        optimizer.zero_grad()\n")

# the same fixes written differently: split first, then fit on the training part; log_softmax with NLLLoss;
# set_to_none through the model; inference_mode; and the mode given back after evaluating
DEBUG_ALT = '''
def prepare(X, y, n_train):
    X_train, X_test = X[:n_train], X[n_train:]
    mean, std = X_train.mean(dim=0, keepdim=True), X_train.std(dim=0, keepdim=True)
    return (X_train - mean) / std, y[:n_train], (X_test - mean) / std, y[n_train:]


def train_epoch(model, loader, optimizer):
    loss_fn = nn.NLLLoss()
    model.train()
    losses = []
    for xb, yb in loader:
        model.zero_grad(set_to_none=True)
        loss = loss_fn(F.log_softmax(model(xb), dim=1), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)


@torch.inference_mode()
def evaluate(model, loader):
    was_training = model.training
    model.eval()
    correct = total = 0
    for xb, yb in loader:
        correct += (model(xb).argmax(dim=1) == yb).sum().item()
        total += len(yb)
    model.train(was_training)
    return correct / total
'''

DEBUG_ALT_2 = '''
def prepare(X, y, n_train):
    std, mean = torch.std_mean(X[:n_train], dim=0)
    X = (X - mean) / std
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def train_epoch(model, loader, optimizer):
    model.train()
    losses = []
    for xb, yb in loader:
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=False)
        losses.append(loss.item())
    return sum(losses) / len(losses)


def evaluate(model, loader):
    model.train(False)
    correct = total = 0
    for xb, yb in loader:
        with torch.set_grad_enabled(False):
            pred = model(xb).argmax(dim=1)
        correct += int((pred == yb).sum())
        total += yb.numel()
    return correct / total
'''


# Question 14b's test cells, one per function of the script
DEBUG_LOSS, DEBUG_GRADS, DEBUG_EVALUATE, DEBUG_PREPARE = (
    "test_q14b_debugging_loss", "test_q14b_debugging_grads", "test_q14b_debugging_evaluate",
    "test_q14b_debugging_prepare")


def _w(violates: str, code: str) -> dict:
    return {"violates": violates, "code": code}


EXERCISES = {
    "q1_linear": {
        "equivalent": [
            {"diff": "- return grad_x, grad_weight, grad_bias\n+ return [grad_x, grad_weight, grad_bias]",
             "reason": "the question's (out, cache) and (grad_x, grad_weight, grad_bias) are read by unpacking, and a list unpacks as a tuple does (it does not say 'a tuple', as 04's Question 1 does)"},
            {"diff": "- return out, (x, weight, bias)\n+ return [out, (x, weight, bias)]",
             "reason": "the question's (out, cache) and (grad_x, grad_weight, grad_bias) are read by unpacking, and a list unpacks as a tuple does (it does not say 'a tuple', as 04's Question 1 does)"},
        ],
        "domain": {'inputs': 'float32 and float64 tensors with 1 to 3 leading dimensions, with and without a bias'},
                  "hints": [
                      'Check the shapes first: grad_out is (..., out_features) and weight is '
                      '(out_features, in_features); each gradient must have the shape of its input.'
                      ' The cache can simply be (x, weight, bias).',
                      'The gradient of x is a matrix product of grad_out with the weight: it keeps '
                      'every leading dimension. For the weight and the bias, first flatten the '
                      'leading dimensions of grad_out and x into one with reshape(-1, ...).',
                      'For the weight you need an (out_features, in_features) matrix from grad_out '
                      'and x flattened to (M, out_features) and (M, in_features): only one way of '
                      'multiplying the two gives that shape, and it sums over the M examples by '
                      'itself. The bias has no x: sum grad_out over the same M rows (None when '
                      'there is no bias).',
                  ],"alternatives": [LINEAR_ALT], "wrong": [
        _w("no-autograd", LINEAR_WRONG_F), _w("no-autograd", LINEAR_WRONG_AUTOGRAD),
        _w("forward", LINEAR_WRONG_FORWARD), _w("grad-x", LINEAR_WRONG_GRAD_X),
        _w("grad-weight", LINEAR_WRONG_GRAD_W_MEAN), _w("grad-bias", LINEAR_WRONG_GRAD_B_MEAN),
        _w("leading-dims", LINEAR_WRONG_2D), _w("no-bias", LINEAR_WRONG_ZERO_BIAS_GRAD)]},
    "q2_layernorm": {
        "equivalent": [
            {"diff": "- dims = tuple(range(-len(self.normalized_shape), 0))\n+ dims = list(range(-len(self.normalized_shape), 0))",
             "reason": "only the layer's own bookkeeping: the question does not ask for the attribute's type, and torch's mean and var take the dimensions as a list too"},
            {"diff": "- self.normalized_shape = tuple(normalized_shape)\n+ self.normalized_shape = list(normalized_shape)",
             "reason": "only the layer's own bookkeeping: the question does not ask for the attribute's type, and torch's mean and var take the dimensions as a list too"},
        ],
        "domain": {'inputs': 'shapes (N, D) and (B, T, D), eps given and default, constant rows'},
                     "hints": [
                         'Turn an int normalized_shape into a one-element tuple; the dimensions to '
                         'reduce over are the last len(normalized_shape) ones.',
                         'Reduce with mean(dim=dims, keepdim=True) so the statistics broadcast '
                         'back; the variance is the mean of squared deviations (divide by D, not D '
                         '- 1).',
                         'Compare where eps sits in the formula with what std + eps would compute; '
                         'then apply the scale and the shift as the formula writes them.',
                     ],"alternatives": [LAYERNORM_ALT], "wrong": [
        _w("biased-var", LAYERNORM_WRONG_UNBIASED), _w("eps-inside", LAYERNORM_WRONG_EPS),
        _w("shape", LAYERNORM_WRONG_LAST_DIM), _w("parameters", LAYERNORM_WRONG_PLAIN),
        _w("eps-default", LAYERNORM_WRONG_EPS_DEFAULT), _w("eps-arg", LAYERNORM_WRONG_EPS_IGNORED),
        _w("gradients", LAYERNORM_WRONG_DETACHED), _w("no-layer-norm", LAYERNORM_WRONG_F),
        _w("no-layer-norm", LAYERNORM_WRONG_INSTANCE)]},
    "q3_dropout": {
        "domain": {'inputs': '0 <= p < 1 (0, 0.1, 0.3, 0.5 by default, 0.8), large and tiny tensors, many calls'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`Dropout`",
            "forging": "consistent fake outputs are a dropout implementation",
        },
                   "hints": [
                       'self.training is True after .train() and False after .eval(); in eval mode '
                       'return x itself.',
                       'A uniform draw in [0, 1) falls below p with probability p: draw one per '
                       'element, compare it with p, and decide which side of the comparison means '
                       "'keep'.",
                       'Zero the dropped elements with the mask (as a float tensor, so the result '
                       'stays differentiable), rescale the survivors as the question says, and '
                       'check that p = 0 changes nothing.',
                   ],"alternatives": [DROPOUT_ALT], "wrong": [
        _w("scale", DROPOUT_WRONG_NO_SCALE), _w("drop-p", DROPOUT_WRONG_KEEP_P),
        _w("p-default", DROPOUT_WRONG_DEFAULT), _w("p-zero", DROPOUT_WRONG_REFUSES_ZERO),
        _w("eval-identity", DROPOUT_WRONG_EVAL), _w("independent", DROPOUT_WRONG_ROWS),
        _w("independent", DROPOUT_WRONG_EXACT_COUNT),
        _w("reproducible", DROPOUT_WRONG_NUMPY), _w("new-mask", DROPOUT_WRONG_CACHED),
        _w("no-dropout", DROPOUT_WRONG_F)],
                   "equivalent": [
                       {
                           "diff": "- keep = (torch.rand_like(x) >= self.p).to(x.dtype)\n"
                                   "+ keep = (torch.rand_like(x) > self.p).to(x.dtype)",
                           "reason": "torch.rand_like draws on a grid of 2**-24, so u > p drops with "
                                     "probability p + at most 6e-8 instead of p: the same mask distribution to "
                                     "float precision (and p = 0 never reaches this line)",
                       },
                       {
                           "diff": "- if not self.training or self.p == 0:\n"
                                   "+ if not self.training or self.p == 1:",
                           "reason": "the question allows 0 <= p < 1, so p is never 1; for p = 0 the mask "
                                     "rand_like(x) >= 0 keeps everything and x * 1 / 1 has the same values and "
                                     "gradient as returning x",
                       },
                       {
                           "diff": "- if not self.training or self.p == 0:\n"
                                   "+ if not self.training or self.p == -1:",
                           "reason": "p is never -1 (0 <= p < 1); for p = 0 the mask rand_like(x) >= 0 keeps "
                                     "everything and x * 1 / 1 has the same values and gradient as returning x",
                       },
                   ],},
    "q3b_batchnorm": {
        "domain": {'inputs': '(N, C) batches, N >= 2 in train() and N >= 1 in eval() mode, 1 to 7 features, '
                             'momentum 0.01 to 1 and eps given and default, calls in train() and eval() mode in '
                             'any order, features with a tiny spread, inputs that require grad in train() mode'},
        "hints": [
            'In __init__: weight and bias as nn.Parameters; running_mean (zeros) and running_var '
            '(ones) with self.register_buffer(name, tensor).',
            'In train() mode the statistics are per column, over the batch dimension; the '
            "normalisation uses the biased variance, which is not torch.var's default.",
            "The running statistics move towards the batch's by the question's formula, with the "
            'unbiased variance this time, and without recording gradients (the update only: the batch '
            'statistics that normalise keep their gradients). In eval() mode, ask which statistics '
            'normalise and what must stay as it is.',
        ],
        "alternatives": [BATCHNORM_ALT, BATCHNORM_ALT_BY_HAND], "wrong": [
            _w("running-var-unbiased", BATCHNORM_WRONG_RUNNING_BIASED), _w("biased-var", BATCHNORM_WRONG_UNBIASED),
            _w("momentum", BATCHNORM_WRONG_MOMENTUM), _w("eps-inside", BATCHNORM_WRONG_EPS),
            _w("affine", BATCHNORM_WRONG_NO_AFFINE), _w("per-feature", BATCHNORM_WRONG_ROWS),
            _w("args", BATCHNORM_WRONG_MOMENTUM_IGNORED), _w("args", BATCHNORM_WRONG_MOMENTUM_DEFAULT),
            _w("args", BATCHNORM_WRONG_EPS_IGNORED),
            _w("buffers", BATCHNORM_WRONG_PLAIN), _w("buffers", BATCHNORM_WRONG_VAR_ZEROS),
            _w("no-batch-norm", BATCHNORM_WRONG_F), _w("eval-running", BATCHNORM_WRONG_EVAL_BATCH),
            _w("eval-frozen", BATCHNORM_WRONG_EVAL_UPDATES), BATCHNORM_WRONG_HARDCODED,
            _w("parameters", BATCHNORM_WRONG_PLAIN_WEIGHT),
            _w("running-var-unbiased", BATCHNORM_WRONG_LERP_BIASED), _w("momentum", BATCHNORM_WRONG_DECAY),
            _w("eps-inside", BATCHNORM_WRONG_STD_EPS),
            dict(_w("batch-grad", BATCHNORM_WRONG_NO_GRAD_STATS), shows="the gradient of x"),
            dict(_w("batch-grad", BATCHNORM_WRONG_DETACHED_STATS), shows="not .detach()ed"),
            dict(_w("running-no-grad", BATCHNORM_WRONG_RUNNING_IN_GRAPH), shows="requires grad after call 1")]},
    "q4_attention": {
        "domain": {'inputs': 'leading dimensions, masks of the full or a broadcastable shape or none, fully masked '
                   'rows, large scores'},
                     "hints": [
                         'Work out the shapes first: which two dimensions of k must be swapped so '
                         'that q (..., L_q, d) times k gives (..., L_q, L_k)? Then scale as the '
                         'formula says.',
                         'Give the masked scores a value whose exponential is 0. Before torch.exp, '
                         "subtract each row's maximum; for a fully masked row that maximum is -inf "
                         'itself: what is -inf minus -inf, and what could you subtract there '
                         'instead?',
                         'In a fully masked row every exponential is 0, and so is their sum: avoid '
                         'dividing by 0 without changing the other rows, and check that the '
                         'gradients have no nan either.',
                     ],"alternatives": [ATTN_ALT], "wrong": [
        _w("scale", ATTN_WRONG_SCALE), _w("softmax-keys", ATTN_WRONG_DIM), _w("stable", ATTN_WRONG_UNSTABLE),
        _w("masked-row-zeros", ATTN_WRONG_MINUS_BIG), _w("no-nan", ATTN_WRONG_NAN_GRAD),
        _w("mask-true-attends", ATTN_WRONG_MASK_INVERTED), _w("mask-broadcast", ATTN_WRONG_NO_BROADCAST),
        _w("leading-dims", ATTN_WRONG_3D), _w("mask-optional", ATTN_WRONG_MASK_REQUIRED),
        _w("own-softmax", ATTN_WRONG_SOFTMAX),
        _w("own-softmax", ATTN_WRONG_SOFTMIN), _w("own-softmax", ATTN_WRONG_CROSS_ENTROPY)],
                     "equivalent": [
                         {
                             "diff": "- scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])\n"
                                     "+ scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])",
                             "reason": "transpose(-1, -2) and transpose(-2, -1) swap the same two dimensions",
                         },
                     ],},
    "q5_mhsa": {
        "domain": {'inputs': '1, 2 and 4 heads, padding masks with True on padded keys or none'},
                "hints": [
                    'in_proj gives q, k and v side by side along the last dimension, in that order:'
                    ' split it into three equal parts.',
                    'Each of q, k and v goes from (B, T, d_model) to (B, n_heads, T, head_dim) as '
                    'the section shows: split the last dimension first, then move the heads in '
                    'front of the time steps.',
                    'key_padding_mask marks padding with True, while '
                    "F.scaled_dot_product_attention's boolean mask marks the keys that may be "
                    'attended: turn it around, and give it dimensions that broadcast over the heads'
                    ' and the queries. After attention, undo the split into heads and apply '
                    'out_proj.',
                ],"alternatives": [MHSA_ALT], "wrong": [
        _w("heads", MHSA_WRONG_VIEW), _w("padding-true", MHSA_WRONG_MASK), _w("in-proj", MHSA_WRONG_SEPARATE),
        _w("qkv-order", MHSA_WRONG_ORDER), _w("n-heads", MHSA_WRONG_ONE_HEAD),
        _w("mask-optional", MHSA_WRONG_MASK_REQUIRED), _w("no-mha", MHSA_WRONG_F_MHA),
        _w("in-proj", MHSA_WRONG_EXTRA)],
                "equivalent": [
                    {
                        "diff": "- q, k, v = (t.view(B, T, self.n_heads, D // self.n_heads).transpose(1, 2) "
                                "for t in (q, k, v))\n"
                                "+ q, k, v = (t.view(B, T, self.n_heads, D // self.n_heads).transpose(2, 1) "
                                "for t in (q, k, v))",
                        "reason": "transpose(2, 1) and transpose(1, 2) swap the same two dimensions",
                    },
                    {
                        "diff": "- return self.out_proj(out.transpose(1, 2).reshape(B, T, D))\n"
                                "+ return self.out_proj(out.transpose(2, 1).reshape(B, T, D))",
                        "reason": "transpose(2, 1) and transpose(1, 2) swap the same two dimensions",
                    },
                ],},
    "q6_conv2d": {
        "domain": {'inputs': 'stride 1-2, padding 0-2, non-square images, bias on and off'},
                  "hints": [
                      'F.unfold(x, kernel_size, padding=..., stride=...) returns (N, C*k*k, L); '
                      'print its shape on a small input first.',
                      "Flatten each filter into one row whose order matches unfold's (C, k, k) "
                      'order; a matrix product with the columns then gives one value per filter and'
                      ' position.',
                      'The L positions are H_out × W_out, row by row (the size formula is in the '
                      'section): reshape them back. The bias is one value per output channel: give '
                      'it a shape that broadcasts over the positions.',
                  ],"alternatives": [CONV_ALT], "wrong": [
        _w("size", CONV_WRONG_SIZE), _w("flatten-order", CONV_WRONG_ORDER), _w("stride", CONV_WRONG_STRIDE),
        _w("defaults", CONV_WRONG_DEFAULT), _w("bias-false", CONV_WRONG_ALWAYS_BIAS),
        _w("weight-shape", CONV_WRONG_FLAT), _w("padding", CONV_WRONG_NO_PADDING),
        _w("non-square", CONV_WRONG_SQUARE), _w("unfold", CONV_WRONG_NO_UNFOLD), _w("no-conv", CONV_WRONG_F),
        _w("no-conv", CONV_WRONG_CONV3D)],
                  "equivalent": [
                      {
                          "diff": "- bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)\n"
                                  "+ bound = 1 / math.sqrt(in_channels / kernel_size * kernel_size)",
                          "reason": "only the initial weights change, and the question lets students "
                                    "initialise as they like (the test copies weights in)",
                      },
                      {
                          "diff": "- bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)\n"
                                  "+ bound = 1 / math.sqrt(in_channels * kernel_size / kernel_size)",
                          "reason": "only the initial weights change, and the question lets students "
                                    "initialise as they like (the test copies weights in)",
                      },
                      {
                          "diff": "- bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)\n"
                                  "+ bound = 1 * math.sqrt(in_channels * kernel_size * kernel_size)",
                          "reason": "only the initial weights change, and the question lets students "
                                    "initialise as they like (the test copies weights in)",
                      },
                      {
                          "diff": "- bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)\n"
                                  "+ bound = 1 // math.sqrt(in_channels * kernel_size * kernel_size)",
                          "reason": "only the initial weights change (to zeros, mostly), and the question lets "
                                    "students initialise as they like (the test copies weights in)",
                      },
                      {
                          "diff": "- bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)\n"
                                  "+ bound = 2 / math.sqrt(in_channels * kernel_size * kernel_size)",
                          "reason": "only the initial weights change, and the question lets students "
                                    "initialise as they like (the test copies weights in)",
                      },
                      {
                          "diff": "- bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)\n"
                                  "+ bound = 0 / math.sqrt(in_channels * kernel_size * kernel_size)",
                          "reason": "only the initial weights change (to zeros), and the question lets "
                                    "students initialise as they like (the test copies weights in)",
                      },
                  ],},
    "q7_log_sigmoid": {
        "domain": {'inputs': 'float32 and float64 values from -1e4 to 1e4, tiny values'},
                       "hints": [
                           'Write log sigma(x) = -log(1 + e^-x) and look at a very negative x: e^-x'
                           ' overflows. Multiply inside the log by e^x and see which form suits x <'
                           ' 0.',
                           'The two forms differ only in how the sign of x enters: find one '
                           'expression for both in which exp only ever sees a number <= 0. Where '
                           'you take log(1 + t) of a tiny t, the section names the function that '
                           'keeps the digits. Save what backward needs with ctx.save_for_backward.',
                           'For backward, the question gives the derivative sigma(-x): compute it '
                           'directly with a function that is already stable, not as 1 minus '
                           'something (which loses the tiny values) or as a ratio of exponentials '
                           '(which overflows).',
                       ],"alternatives": [LOGSIG_ALT], "wrong": [
        _w("forward", LOGSIG_WRONG_FORWARD), _w("own-backward", LOGSIG_WRONG_NO_BACKWARD),
        _w("gradient", LOGSIG_WRONG_GRADIENT), _w("stable-forward", LOGSIG_WRONG_OVERFLOW),
        _w("stable-backward", LOGSIG_WRONG_NAN_GRAD), _w("save-for-backward", LOGSIG_WRONG_CTX_ATTR),
        _w("tiny-values", LOGSIG_WRONG_LOG), _w("tiny-values", LOGSIG_WRONG_CANCEL),
        _w("no-library", LOGSIG_WRONG_F), _w("no-library", LOGSIG_WRONG_SOFT_MARGIN),
        _w("no-library", LOGSIG_WRONG_LOGCUMSUMEXP)],
                       "equivalent": [
                           {
                               "diff": "- @staticmethod",
                               "reason": "Function.apply calls cls.forward(ctx, x) and the engine calls "
                                         "cls.backward(ctx, grad): through the class a plain function gets "
                                         "the same arguments as a staticmethod",
                           },
                           {
                               "diff": "- \n"
                                       "- @staticmethod",
                               "reason": "Function.apply calls cls.forward(ctx, x) and the engine calls "
                                         "cls.backward(ctx, grad): through the class a plain function gets "
                                         "the same arguments as a staticmethod",
                           },
                       ],},
    "q7b_softmax_ce": {
        "domain": {'inputs': '(N, C) float32 and float64 logits with N >= 1 and C >= 2, from tiny to -1e4 and 1e4 '
                             '(the bounds themselves), int64 targets of any class, rows whose logits are all equal'},
        "hints": [
            "Start with one row and one logit z_j: differentiate -z_y + log sum_k e^(z_k) with respect to z_j. "
            "The log-sum-exp term gives an expression you have seen in this notebook; the -z_y term matters only "
            "in one column.",
            "Check your result on paper: each row of the gradient should sum to zero (why?). Then the mean: each "
            "row is only a share of the loss, and its gradient shrinks the same way. The finite-difference check "
            "of the worked example tells you whether you are right.",
            "For large logits, shift each row before torch.exp as in Question 4, and add the shift back inside "
            "the log-sum-exp. To reach each row's target entry, index with a row number and its target, or build "
            "a one-hot matrix of the targets.",
        ],
        "alternatives": [CE_ALT_ONE_HOT, CE_ALT_EYE, CE_ALT_SCATTER], "wrong": [
            _w("loss-mean", CE_WRONG_SUM), _w("loss-target", CE_WRONG_TARGET), _w("gradient", CE_WRONG_NO_ONE_HOT),
            _w("gradient-mean", CE_WRONG_NOT_MEAN), _w("stable", CE_WRONG_UNSTABLE),
            _w("stable", CE_WRONG_LOG_OF_PROB), _w("types", CE_WRONG_DOUBLE), _w("types", CE_WRONG_FLOAT),
            _w("no-autograd", CE_WRONG_AUTOGRAD), _w("no-autograd", CE_WRONG_LOG_SOFTMAX), CE_WRONG_HARDCODED,
            _w("softmax-rows", CE_WRONG_DIM), _w("gradient", CE_WRONG_SIGN), _w("inputs-unchanged", CE_WRONG_IN_PLACE)],
        "equivalent": [
            {"diff": "- shifted = logits - logits.amax(dim=1, keepdim=True)\n"
                     "+ shifted = logits - logits.amax(dim=-1, keepdim=True)",
             "reason": "logits is 2-D (N, C), as the question says: dim=-1 is dim=1"},
            {"diff": "- sums = exps.sum(dim=1, keepdim=True)\n+ sums = exps.sum(dim=-1, keepdim=True)",
             "reason": "logits is 2-D (N, C), as the question says: dim=-1 is dim=1"},
            {"diff": "- rows = torch.arange(n, device=logits.device)\n+ rows = torch.arange(n)",
             "reason": "the grader has only a CPU, where torch.arange's default device is logits' device; the "
                       "device= is the intro's advice for GPU code, not something a test can check"},
            {"diff": "- return loss, dlogits / n\n+ return [loss, dlogits / n]",
             "reason": "the question's pair (loss, dlogits) is read by unpacking, and a list unpacks as a tuple "
                       "does (as in Question 1)"},
        ]},
    "q8_fit": {
        "domain": {'inputs': 'epochs 1-3, batch sizes that do not divide the data'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`fit`",
            "forging": "the trained weights must also reach the accuracy the judge computes from them",
        },
               "hints": [
                   'Two loops: epochs outside, batches inside; after the batches of each epoch, '
                   'evaluate on val_loader and append the accuracy.',
                   'Training: model.train(), then for each batch: clear the gradients, compute '
                   'loss_fn(model(x), y), backward, step: in that order.',
                   'Evaluation: the mode and the context the section names; count the examples '
                   'whose highest-scoring class is the label over the whole loader and divide by '
                   "their number (not a mean of the batches' accuracies).",
               ],"alternatives": [FIT_ALT, FIT_ALT_MODEL_ZERO], "wrong": [
        _w("zero-grad", FIT_WRONG_NO_ZERO), _w("eval-mode", FIT_WRONG_NO_EVAL), _w("per-epoch", FIT_WRONG_ONCE),
        _w("per-epoch", FIT_WRONG_REPEATED),
        _w("fraction", FIT_WRONG_PERCENT), _w("whole-val", FIT_WRONG_BATCH_MEAN),
        _w("train-mode", FIT_WRONG_TRAIN_ONCE), _w("no-grad", FIT_WRONG_NO_NO_GRAD),
        _w("step-per-batch", FIT_WRONG_ONE_STEP)]},
    "q9_standardize": {
        "domain": {'inputs': 'frames with other columns and a non-default index'},
                       "hints": [
                           "Fit on train only: each column's mean and population standard deviation"
                           ' (ddof=0) come from train_df.',
                           'Work on copies, so the frames you were given stay unchanged.',
                           'Apply the same training statistics to both frames, and only to the '
                           'listed columns: pandas lines a Series of statistics up with the columns'
                           ' by name.',
                       ],"alternatives": [STANDARDIZE_ALT], "wrong": [
        _w("train-only", STANDARDIZE_WRONG_ALL), _w("ddof0", STANDARDIZE_WRONG_DDOF),
        _w("inputs-unchanged", STANDARDIZE_WRONG_IN_PLACE), _w("only-columns", STANDARDIZE_WRONG_ALL_NUMERIC),
        _w("index", STANDARDIZE_WRONG_INDEX)]},
    "q10_impute_encode": {
        "domain": {'inputs': 'missing numbers and categories, unseen categories, a non-default index'},
                          "hints": [
                              'Decide the numeric and categorical columns from train_df with '
                              'pd.api.types.is_numeric_dtype, keeping the column order.',
                              'Learn everything from train_df: the median of each numeric column, '
                              'and the sorted categories of each categorical column (a missing '
                              'value is not a category).',
                              'Write one transform that fills the numbers with the training medians'
                              ' and adds one float column per training category, named as the '
                              'question says, and apply it to both frames: a category unseen in '
                              'training then gets zeros in every column of its feature.',
                          ],"alternatives": [IMPUTE_ALT], "wrong": [
        _w("train-categories", IMPUTE_WRONG_SEPARATE), _w("train-median", IMPUTE_WRONG_OWN_MEDIAN),
        _w("median", IMPUTE_WRONG_MEAN), _w("sorted", IMPUTE_WRONG_UNSORTED), _w("names", IMPUTE_WRONG_NAMES),
        _w("float", IMPUTE_WRONG_INT), _w("float", IMPUTE_WRONG_BOOL),
        _w("missing-not-category", IMPUTE_WRONG_MISSING_COLUMN), _w("missing-zeros", IMPUTE_WRONG_MISSING_MODE),
        _w("unseen-zeros", IMPUTE_WRONG_UNSEEN_MODE), _w("index", IMPUTE_WRONG_INDEX),
        _w("inputs-unchanged", IMPUTE_WRONG_IN_PLACE), _w("column-order", IMPUTE_WRONG_INTERLEAVED)]},
    "q11_stratified_split": {
        "domain": {'inputs': 'labels as a list or an array, ints or strings, one-member classes, fractions whose '
                   'products are whole in decimals but not in floats (100 x 0.29)'},
                             "hints": [
                                 'Treat each class on its own: first find the positions of its '
                                 'members in labels.',
                                 'Use one generator seeded with seed, created once before the '
                                 "classes, to shuffle each class's positions.",
                                 'Each class gives the rounded share of its shuffled positions that'
                                 ' the question states to validation; the training indices are all '
                                 'the others, sorted.',
                             ],"alternatives": [SPLIT_ALT], "wrong": [
        _w("stratified", SPLIT_WRONG_RANDOM), _w("random", SPLIT_WRONG_NO_SHUFFLE),
        _w("partition", SPLIT_WRONG_OVERLAP), _w("val-count", SPLIT_WRONG_COMPLEMENT),
        _w("reproducible", SPLIT_WRONG_UNSEEDED), _w("sorted", SPLIT_WRONG_UNSORTED),
        _w("int-arrays", SPLIT_WRONG_EMPTY_FLOAT), _w("any-labels", SPLIT_WRONG_INT_LABELS),
        _w("list-input", SPLIT_WRONG_LIST), _w("whole-count", SPLIT_WRONG_FLOOR_PLUS_ONE),
        _w("whole-count", SPLIT_WRONG_INT)]},
    "q12_build_vocab": {
        "domain": {'inputs': 'texts with ties in counts, min_freq at a count, punctuation and case'},
                        "hints": [
                            'Count every occurrence of every token over all the texts, tokenised as'
                            ' the section does.',
                            'Keep the tokens that occur at least min_freq times, most frequent '
                            'first and ties in string order (the order sorted() gives): one sort key '
                            'can hold both criteria.',
                            'The two special tokens come first with ids 0 and 1; each kept token '
                            'then gets the next free id.',
                        ],"alternatives": [VOCAB_ALT], "wrong": [
        _w("ties", VOCAB_WRONG_TIES), _w("min-freq-inclusive", VOCAB_WRONG_GT), VOCAB_WRONG_HARDCODED,
        _w("specials", VOCAB_WRONG_SPECIALS), _w("every-occurrence", VOCAB_WRONG_DOC_FREQ),
        _w("by-count", VOCAB_WRONG_ALPHABETICAL), _w("tokenize", VOCAB_WRONG_SPLIT)]},
    "q13_encode": {
        "domain": {'inputs': 'texts shorter and longer than max_len, unknown tokens'},
                   "hints": [
                       "A token missing from the vocabulary becomes the id of '<unk>': a dictionary"
                       ' lookup with a default does it.',
                       'Cut the ids to max_len before padding, keeping the first tokens.',
                       "Pad at the end with the id of '<pad>' until there are exactly max_len ids.",
                   ],"alternatives": [ENCODE_ALT], "wrong": [
        _w("right-pad", ENCODE_WRONG_LEFT), _w("unk", ENCODE_WRONG_UNK), _w("first-tokens", ENCODE_WRONG_LAST),
        _w("length", ENCODE_WRONG_NO_TRUNCATE), _w("tokenize", ENCODE_WRONG_SPLIT)]},
    "q14_collate": {
        "domain": {'inputs': 'batches of different lengths, one item'},
                    "hints": [
                        "ReviewDataset keeps the two lists; an item is one review's pair of "
                        'tensors, both of dtype long; its length is the number of reviews.',
                        'In collate_fn, separate the sequences from the labels, keep each '
                        "sequence's length, and pad the sequences at the end to the batch's "
                        'longest, batch first (torch.nn.utils.rnn has a function for it).',
                        "The mask is True where a position is below its sequence's length: compare "
                        'a row of positions with a column of lengths and let broadcasting do the '
                        'rest. The labels become one tensor.',
                    ],"alternatives": [COLLATE_ALT], "wrong": [
        _w("right-pad", COLLATE_WRONG_LEFT), _w("mask", COLLATE_WRONG_MASK), _w("items", COLLATE_WRONG_ITEM),
        _w("batch-longest", COLLATE_WRONG_FIXED), _w("lengths", COLLATE_WRONG_LENGTHS),
        _w("labels", COLLATE_WRONG_LABELS), _w("mask-bool", COLLATE_WRONG_FLOAT_MASK),
        _w("dataset", COLLATE_WRONG_NOT_DATASET)],
                    "equivalent": [
            {"diff": "- padded = pad_sequence(list(seqs), batch_first=True, padding_value=0)\n+ padded = pad_sequence(tuple(seqs), batch_first=True, padding_value=0)",
             "reason": "pad_sequence takes any sequence of tensors: the same padded batch"},
                        {
                            "diff": "- lengths = torch.tensor([len(s) for s in seqs], dtype=torch.long)\n"
                                    "+ lengths = torch.tensor([len(s) for s in seqs])",
                            "reason": "a list of Python ints becomes an int64 (long) tensor without the dtype",
                        },
                        {
                            "diff": "- padded = pad_sequence(list(seqs), batch_first=True, padding_value=0)\n"
                                    "+ padded = pad_sequence(list(seqs), batch_first=True)",
                            "reason": "pad_sequence pads with 0 by default",
                        },
                        {
                            "diff": "- return torch.tensor(self.token_ids[i], dtype=torch.long), "
                                    "torch.tensor(self.labels[i], dtype=torch.long)\n"
                                    "+ return torch.tensor(self.token_ids[i]), torch.tensor(self.labels[i], "
                                    "dtype=torch.long)",
                            "reason": "token_ids[i] is a non-empty list of ints (as the question says), which "
                                      "becomes an int64 (long) tensor without the dtype",
                        },
                        {
                            "diff": "- return torch.tensor(self.token_ids[i], dtype=torch.long), "
                                    "torch.tensor(self.labels[i], dtype=torch.long)\n"
                                    "+ return torch.tensor(self.token_ids[i], dtype=torch.long), "
                                    "torch.tensor(self.labels[i])",
                            "reason": "labels[i] is an int, which becomes an int64 (long) tensor without the "
                                      "dtype",
                        },
                    ],},
    "q14b_debugging": {
        "domain": {"inputs": "tiny seeded classifiers (with batch norm; with dropout for evaluate) handed over in the "
                             "other mode, batches of 4 to 16 rows, learning rates 0 to 0.3, 2 to 4 classes; data "
                             "whose test rows are far from the training rows"},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`train_epoch`, `evaluate`",
            "forging": "the gradients must also be those of the judge's replay of the same batches, and the "
                       "accuracy the one the judge computes from the same weights in eval() mode",
        },
        "hints": [
            "Take the symptoms one at a time and find, for each, the line of the script that the section it "
            "recalls (8 for the loop, 9 for the scaler) says should be different or is missing.",
            "Symptom 1: read the documentation of nn.CrossEntropyLoss: what should its input be, and what does it "
            "do with it first? Symptom 2: where do the gradients of the previous batch go after "
            "optimizer.step()?",
            "Symptom 3 needs two lines in evaluate: one for the mode (dropout, batch norm), one for the graph. "
            "Symptom 4: the mean and the standard deviation may only look at the first n_train rows.",
        ],
        # each wrong script leaves one bug in: it loses that bug's test cell and no other
        "alternatives": [DEBUG_ALT, DEBUG_ALT_2], "wrong": [
            {**_w("raw-logits", DEBUG_WRONG_SOFTMAX), "loses": [DEBUG_LOSS]},
            {**_w("fresh-grads", DEBUG_WRONG_NO_ZERO), "loses": [DEBUG_GRADS]},
            {**_w("eval-mode", DEBUG_WRONG_NO_EVAL), "loses": [DEBUG_EVALUATE]},
            {**_w("no-grad", DEBUG_WRONG_NO_NO_GRAD), "loses": [DEBUG_EVALUATE]},
            {**_w("train-only-scaler", DEBUG_WRONG_LEAK), "loses": [DEBUG_PREPARE]},
            {**_w("fresh-grads", DEBUG_WRONG_ZERO_LATE), "loses": [DEBUG_GRADS]}],
        "equivalent": [
            {"diff": "- correct += (model(xb).argmax(dim=1) == yb).sum().item()\n"
                     "+ correct += (model(xb).argmax(dim=-1) == yb).sum().item()",
             "reason": "the classifier's output is 2-D (batch, classes), as the script's model gives: dim=-1 is "
                       "dim=1"},
        ]},
    "q15_gated_block": {
        "domain": {'inputs': 'leading dimensions, eps given and default'},
                        "hints": [
                            'Create the parameter and the three linear layers with exactly the '
                            'given names and bias=False.',
                            'The RMS is taken over the last dimension only, kept for broadcasting; '
                            'eps goes where the formula puts it, and the scale comes after the '
                            'division.',
                            "Follow steps 2 and 3 of the statement as written: only the gate's "
                            "projection goes through silu, and the block's own input is added back "
                            'at the end.',
                        ],"alternatives": [BLOCK_ALT], "wrong": [
        _w("rms", BLOCK_WRONG_LAYERNORM), _w("residual", BLOCK_WRONG_NO_RESIDUAL),
        _w("line-limit", BLOCK_WRONG_TOO_LONG), _w("eps-inside", BLOCK_WRONG_EPS_OUTSIDE),
        _w("eps-default", BLOCK_WRONG_EPS_DEFAULT), _w("eps-arg", BLOCK_WRONG_EPS_IGNORED),
        _w("scale", BLOCK_WRONG_SCALE_TENSOR), _w("no-bias", BLOCK_WRONG_BIAS), _w("swiglu", BLOCK_WRONG_SILU_UP),
        _w("per-position", BLOCK_WRONG_GLOBAL_RMS), _w("leading-dims", BLOCK_WRONG_3D),
        _w("exact-parameters", BLOCK_WRONG_EXTRA_PARAM),
        _w("self-contained", BLOCK_WRONG_CALLS_Q1)]},
    "q16_churn_pipeline": {
        "domain": {'inputs': 'orders of any status on, before and after the cutoff and the reference date'},
                           "hints": [
                               "Start with the query: in SQLite, date(:ref, '-' || :h || ' days') "
                               'gives the cutoff and julianday(a) - julianday(b) the number of '
                               'days; count orders with order_date < cutoff per customer.',
                               'Spend needs a join of orders and order_items filtered on status; '
                               'the label is whether the customer has an order between the cutoff '
                               'and ref_date (a LEFT JOIN to that set, or NOT EXISTS). Sort by '
                               'customer_id.',
                               'Split each label class on its own with one generator seeded with '
                               'seed (as in Question 11); fit the standardisation on the training '
                               'rows only (as in Question 9); then float32 tensors, and a shuffling'
                               ' DataLoader of the training set.',
                           ],"alternatives": [PIPELINE_ALT], "wrong": [
        _w("features-before-cutoff", PIPELINE_WRONG_LEAK), _w("train-stats", PIPELINE_WRONG_SCALE),
        _w("horizon", PIPELINE_WRONG_HORIZON), _w("customers-any-status", PIPELINE_WRONG_VALID_CUSTOMERS),
        _w("n-orders-any-status", PIPELINE_WRONG_N_VALID), _w("cutoff-exclusive", PIPELINE_WRONG_CUTOFF_INCLUSIVE),
        _w("days-to-cutoff", PIPELINE_WRONG_DAYS_TO_REF), _w("tenure-to-cutoff", PIPELINE_WRONG_TENURE_TO_REF),
        _w("spend-status", PIPELINE_WRONG_SPEND_REFUNDED), _w("spend-zero", PIPELINE_WRONG_SPEND_NAN),
        _w("window-from-cutoff", PIPELINE_WRONG_WINDOW_AFTER_C), _w("window-to-ref", PIPELINE_WRONG_WINDOW_BEFORE_R),
        _w("window-ends-at-ref", PIPELINE_WRONG_WINDOW_OPEN), _w("ddof0", PIPELINE_WRONG_DDOF1),
        _w("float32", PIPELINE_WRONG_LONG_LABELS), _w("stratified", PIPELINE_WRONG_NOT_STRATIFIED),
        _w("seed", PIPELINE_WRONG_SEED), _w("val-fraction", PIPELINE_WRONG_FRACTION),
        _w("batch-size", PIPELINE_WRONG_BATCH), _w("shuffle", PIPELINE_WRONG_NO_SHUFFLE),
        _w("defaults", PIPELINE_WRONG_DEFAULT), _w("ids", PIPELINE_WRONG_IDS),
        _w("loader-train", PIPELINE_WRONG_LOADER_ALL), _w("line-limit", PIPELINE_WRONG_TOO_LONG),
        _w("self-contained", PIPELINE_WRONG_CALLS_Q11)],
                           "equivalent": [
            {"diff": "- is_val[members[:round(len(members) * val_fraction)]] = True\n+ is_val[members[:int(len(members) * val_fraction)]] = True",
             "reason": "the question allows round(n_c * val_fraction) plus or minus 1, and int() is never further than 1 from it"},
            {"diff": "- return X, torch.tensor(part[\"churned\"].to_numpy(), dtype=torch.float32)\n+ return [X, torch.tensor(part[\"churned\"].to_numpy(), dtype=torch.float32)]",
             "reason": "the dataset's items are unpacked (features, label); the DataLoader collates a two-item list into the same two batches"},
                               {
                                   "diff": "- members = "
                                           "rng.permutation(np.flatnonzero(df[\"churned\"].to_numpy() == c))\n"
                                           "+ members = "
                                           "rng.permutation(np.flatnonzero(df[\"churned\"].to_numpy() != c))",
                                   "reason": "the labels are 0/1, so != c selects the other class: each class "
                                             "still gets round(n_c * val_fraction) members drawn with "
                                             "default_rng(seed), in another order of draws: another random "
                                             "stratified split the question equally allows",
                               },
                               {
                                   "diff": "- def churn_pipeline(db_path, ref_date, horizon=60, "
                                           "val_fraction=0.2, seed=0, batch_size=64):\n"
                                           "+ def churn_pipeline(db_path, ref_date, horizon=60, val_fraction= "
                                           "-0.8, seed=0, batch_size=64):",
                                   "reason": "with the default, members[:round(-0.8 n)] keeps the first n - "
                                             "round(0.8 n) = round(0.2 n) members (n / 5 never ends in .5): "
                                             "the same split as val_fraction=0.2",
                               },
                           ],},
    "q17_leakage": {
        "hints": [
            "Compare the feature with the definition of the label: what does days_since_last say when it is "
            "computed up to R?",
            "Would a random validation split be computed differently from the training set?",
            "At prediction time in production, which orders exist?",
        ],
    },
}
