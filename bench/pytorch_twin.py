"""The bench's two training models in PyTorch, for a ratio measured in the same run.

Same layers as electron/worker/model.ts (MLP 784-256-128-10 with ReLU; CNN conv16-pool-conv32-
pool-dense64 with 'same' 3x3 convolutions and 2x2 max pooling on 28x28x1), softmax cross-entropy,
Adam, random inputs, one thread (run with OMP_NUM_THREADS=1 as the wasm engine uses one core).
Prints one JSON object; `npm run bench` runs it when python3 has torch (Debian: python3-torch).
"""
import json
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(1)


def samples_per_sec(model, sample_shape, batch, budget_s):
    x = torch.rand((batch, *sample_shape))
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    step()
    step()
    batches = 0
    start = time.perf_counter()
    while batches < 3 or time.perf_counter() - start < budget_s:
        step()
        batches += 1
    return batches * batch / (time.perf_counter() - start)


def main():
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    cnn = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10),
    )
    print(json.dumps({
        "torch": torch.__version__,
        "batchSize": batch,
        "mlpSamplesPerSec": round(samples_per_sec(mlp, (784,), batch, 3.0)),
        "cnnSamplesPerSec": round(samples_per_sec(cnn, (1, 28, 28), batch, 6.0)),
    }))


main()
