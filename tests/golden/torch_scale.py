#!/usr/bin/python3
"""torch_scale.py -- golden cases of loss scaling (--loss-scale) from PyTorch.

Run by hand with Debian's python3 and python3-torch when the cases change;
the tests read only the .case files it writes:

    /usr/bin/python3 tests/golden/torch_scale.py

writes tests/golden/scale_*.case (the format: tests/golden/import.py).

torch.cuda.amp.GradScaler is CUDA-only in torch 1.13, so each case writes
its documented algorithm (torch/cuda/amp/grad_scaler.py: scale, unscale_
with _amp_foreach_non_finite_check_and_unscale_, step, update with
_amp_update_scale_) around the CPU autograd, the scale a float32 tensor:

    master = torch.tensor(w0, dtype=torch.float32); opt = SGD([master], lr)
    scale = torch.tensor(INIT, dtype=torch.float32); tracker = 0
    loop: w = master.detach().to(MODEL).requires_grad_()
          loss = LOSS(w)
          loss.backward(gradient=scale.to(MODEL))    # dL/dL = S: autograd
                                                     # multiplies it in first
          g = w.grad.float()                          # scaled, exact
          found_inf = not all finite(g)
          inv_scale = scale.double().reciprocal().float()
          master.grad = g * inv_scale                 # unscaled in float32
          if not found_inf: opt.step()                # else skipped
          dynamic: if found_inf: scale *= 0.5; tracker = 0
                   else: tracker += 1; if tracker == INTERVAL:
                         scale *= 2 (kept only when finite); tracker = 0

and gdtrace's `run --mode MODEL --master binary32 --update fma
--loss-scale S|dynamic:INIT:INTERVAL` must give the same w, gradient (the
scaled one, w.grad), loss, master, scale and skipped flag at every step.
The losses' constants are powers of two and small integers that MODEL
holds (torch rounds a Python scalar to MODEL: x/1048576 in float16 is
x/inf), so that torch's arithmetic equals gdtrace's rounding of each
operation in MODEL.
"""
import torch

import torch_master
from torch_master import exact, masters_of, write_case


CASES = [
    {
        "name": "scale_static_binary16",
        "note": "2^-20*(w-1)^2 in binary16: the unscaled gradient 2^-20*(2*(w-1)) underflows "
                "near 1, the gradient of 1024*loss does not",
        "model": torch.float16, "mode": "binary16",
        "loss": "2^-20*(w-1)^2", "grads": None,
        "torch": lambda p: 2.0 ** -20 * (p[0] - 1) ** 2,
        "lr": "50000", "w0": {"w": 2}, "max_iter": 60,
        "scale": "1024", "init": 1024.0, "dynamic": False, "interval": 0,
    },
    {
        "name": "scale_dynamic_binary16",
        "note": "(w-1)^2 in binary16 from w0 2, GradScaler from 2^16 with growth interval 3: "
                "the first steps overflow and are skipped (the scale backed off), then the "
                "scale grows every 3 steps until it overflows again",
        "model": torch.float16, "mode": "binary16",
        "loss": "(w-1)^2", "grads": None,
        "torch": lambda p: (p[0] - 1) ** 2,
        "lr": "0.1", "w0": {"w": 2}, "max_iter": 40,
        "scale": "dynamic:65536:3", "init": 65536.0, "dynamic": True, "interval": 3,
    },
    {
        "name": "scale_two_binary16",
        "note": "two parameters in binary16, ((a*b - 1)^2 + (a - b)^2)/4096 at lr 200, "
                "gradients written by hand with dloss where torch's backward multiplies the "
                "seed in; dynamic from 2^12 with growth interval 5",
        "model": torch.float16, "mode": "binary16",
        "loss": "(a*b - 1)^2/4096 + (a - b)^2/4096",
        "grads": ["a=dloss/4096*(2*(a*b - 1))*b + dloss/4096*(2*(a - b))",
                  "b=dloss/4096*(2*(a*b - 1))*a - dloss/4096*(2*(a - b))"],
        "torch": lambda p: (p[0] * p[1] - 1) ** 2 / 4096 + (p[0] - p[1]) ** 2 / 4096,
        "lr": "200", "w0": {"a": 3, "b": 0.5}, "max_iter": 60,
        "scale": "dynamic:4096:5", "init": 4096.0, "dynamic": True, "interval": 5,
        "derived": True,
    },
]


def run_case(c):
    names, masters = masters_of(c)
    opt = torch.optim.SGD(masters, lr=float(c["lr"]))
    scale = torch.tensor(c["init"], dtype=torch.float32)
    tracker = 0
    rows = []
    stop, steps = "max-iter", c["max_iter"]
    nskip = ngrow = 0
    for k in range(c["max_iter"] + 1):
        ws = [m.detach().to(c["model"]).requires_grad_(True) for m in masters]
        loss = c["torch"](ws)
        loss.backward(gradient=scale.to(c["model"]))
        grads = [w.grad.detach() for w in ws]
        g32 = [g.float() for g in grads]
        found_inf = not all(bool(torch.isfinite(g)) for g in g32)
        inv_scale = scale.double().reciprocal().float()
        for m, g in zip(masters, g32):
            m.grad = g * inv_scale
        rows.append([exact(w) for w in ws] + [exact(g) for g in grads] + [exact(loss)]
                    + [exact(m.detach()) for m in masters]
                    + [exact(scale), "1" if found_inf else "0"])
        if not found_inf and all(float(m.grad) == 0 for m in masters):
            stop, steps = "grad-zero", k
            break
        if k == c["max_iter"]:
            break
        if not found_inf:
            opt.step()
        else:
            nskip += 1
        if c["dynamic"]:
            if found_inf:
                scale = scale * 0.5
                tracker = 0
            else:
                tracker += 1
                if tracker == c["interval"]:
                    grown = scale * 2.0
                    if bool(torch.isfinite(grown)):
                        scale = grown
                        ngrow += 1
                    tracker = 0
    notes = ["# peer: torch %s, %s autograd seeded with the scale, float32 master, "
             "GradScaler's algorithm, torch.optim.SGD(lr=float('%s'))"
             % (torch.__version__, c["mode"], c["lr"]),
             "# note: %s" % c["note"],
             "# note: %d steps skipped, the scale grown %d times" % (nskip, ngrow)]
    write_case(c, names, notes, ["--loss-scale", c["scale"]], ["scale", "skipped"], steps, stop,
               rows)
    print("%s: %d steps, %s; %d skipped, %d growths" % (c["name"], steps, stop, nskip, ngrow))


if __name__ == "__main__":
    torch_master.main(CASES, run_case)
