"""Distributed data-parallel training of a small classifier.

Runs under torchrun on the GPUs of the grant, or on CPU for a smoke run:
    python train.py --smoke
Experiment tracking: with MLFLOW_TRACKING_URI set (and mlflow installed),
parameters and metrics go to MLflow; otherwise to metrics.jsonl in --output-dir.
"""
import argparse
import json
import os
import time

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler


class Tracker:
    """Logs to MLflow when configured, else to a JSON-lines file."""

    def __init__(self, output_dir: str, enabled: bool):
        self.enabled = enabled
        self.mlflow = None
        self.file = None
        if not enabled:
            return
        if os.environ.get("MLFLOW_TRACKING_URI"):
            try:
                import mlflow  # type: ignore

                mlflow.set_experiment(os.environ.get("MLFLOW_EXPERIMENT_NAME", "${{ values.name }}"))
                mlflow.start_run()
                self.mlflow = mlflow
            except ImportError:
                print("MLFLOW_TRACKING_URI is set but mlflow is not installed; logging to a file")
        os.makedirs(output_dir, exist_ok=True)
        self.file = open(os.path.join(output_dir, "metrics.jsonl"), "a", encoding="utf-8")

    def params(self, values: dict) -> None:
        if self.mlflow:
            self.mlflow.log_params(values)
        if self.file:
            self.file.write(json.dumps({"params": values}) + "\n")

    def metric(self, name: str, value: float, step: int) -> None:
        if self.mlflow:
            self.mlflow.log_metric(name, value, step=step)
        if self.file:
            self.file.write(json.dumps({"metric": name, "value": value, "step": step}) + "\n")
            self.file.flush()

    def close(self) -> None:
        if self.mlflow:
            self.mlflow.end_run()
        if self.file:
            self.file.close()


def synthetic_data(samples: int, features: int, seed: int = 0) -> TensorDataset:
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(samples, features, generator=generator)
    weights = torch.randn(features, 1, generator=generator)
    y = (x @ weights > 0).float()
    return TensorDataset(x, y)


def main() -> float:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--output-dir", default="output")
    parser.add_argument("--smoke", action="store_true", help="tiny CPU run")
    args = parser.parse_args()

    distributed = "RANK" in os.environ
    use_cuda = torch.cuda.is_available() and not args.smoke
    if distributed:
        dist.init_process_group("nccl" if use_cuda else "gloo")
    rank = dist.get_rank() if distributed else 0
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device(f"cuda:{local_rank}" if use_cuda else "cpu")
    if use_cuda:
        torch.cuda.set_device(device)

    samples = 2_000 if args.smoke else 200_000
    data = synthetic_data(samples, 32)
    sampler = DistributedSampler(data) if distributed else None
    loader = DataLoader(data, batch_size=args.batch_size, sampler=sampler, shuffle=sampler is None)
    model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 1)).to(device)
    if distributed:
        model = DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr)
    loss_fn = nn.BCEWithLogitsLoss()

    tracker = Tracker(args.output_dir, enabled=rank == 0)
    tracker.params({"epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
                    "world_size": dist.get_world_size() if distributed else 1})
    loss_value = float("nan")
    for epoch in range(args.epochs):
        if sampler:
            sampler.set_epoch(epoch)
        started = time.time()
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimiser.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimiser.step()
            loss_value = loss.item()
        if rank == 0:
            print(f"epoch {epoch + 1}/{args.epochs} loss {loss_value:.4f} ({time.time() - started:.1f}s)")
            tracker.metric("loss", loss_value, epoch)
    if rank == 0:
        os.makedirs(args.output_dir, exist_ok=True)
        state = model.module.state_dict() if distributed else model.state_dict()
        torch.save(state, os.path.join(args.output_dir, "model.pt"))
    tracker.close()
    if distributed:
        dist.destroy_process_group()
    return loss_value


if __name__ == "__main__":
    main()
