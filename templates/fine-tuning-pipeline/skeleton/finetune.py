"""LoRA fine-tuning of the base model on the training data.

On the cluster (torchrun, GPUs) it loads the base model with transformers and
trains a PEFT LoRA adapter. A CPU smoke run trains a LoRA adapter on a tiny
built-in linear model, checking the LoRA code path without downloads:
    python finetune.py --smoke
"""
import argparse
import json
import math
import os

import torch
from torch import nn


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update B @ A."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float = 16.0):
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad = False
        self.a = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x):
        return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale


def smoke(rank: int, output_dir: str) -> float:
    torch.manual_seed(0)
    base = nn.Linear(16, 4)
    target = nn.Linear(16, 4)
    x = torch.randn(512, 16)
    y = target(x).detach()
    model = LoRALinear(base, rank)
    optimiser = torch.optim.AdamW([model.a, model.b], lr=5e-2)
    loss = torch.tensor(float("nan"))
    for _ in range(200):
        optimiser.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimiser.step()
    os.makedirs(output_dir, exist_ok=True)
    torch.save({"a": model.a.detach(), "b": model.b.detach()}, os.path.join(output_dir, "adapter.pt"))
    return loss.item()


def finetune(base_model_uri: str, dataset_uri: str, rank: int, output_dir: str) -> None:
    from datasets import load_dataset  # type: ignore
    from peft import LoraConfig, get_peft_model  # type: ignore
    from transformers import (  # type: ignore
        AutoModelForCausalLM,
        AutoTokenizer,
        DataCollatorForLanguageModeling,
        Trainer,
        TrainingArguments,
    )

    model_id = base_model_uri.removeprefix("hf://")
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    tokenizer.pad_token = tokenizer.pad_token or tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(model_id, torch_dtype=torch.bfloat16)
    model = get_peft_model(model, LoraConfig(r=rank, lora_alpha=2 * rank, task_type="CAUSAL_LM"))
    data = load_dataset("json", data_files=dataset_uri.rstrip("/") + "/*.jsonl")["train"]
    data = data.map(lambda row: tokenizer(row["text"], truncation=True, max_length=2048), remove_columns=data.column_names)
    trainer = Trainer(
        model=model,
        args=TrainingArguments(output_dir=output_dir, bf16=True, num_train_epochs=1,
                               per_device_train_batch_size=4, logging_steps=10, report_to=["mlflow"] if os.environ.get("MLFLOW_TRACKING_URI") else []),
        train_dataset=data,
        data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False),
    )
    trainer.train()
    model.save_pretrained(output_dir)


def main() -> float:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-model", default=os.environ.get("BASE_MODEL_URI", ${{ values.baseModelUri | dump }}))
    parser.add_argument("--dataset", default=os.environ.get("DATASET_URI", ${{ values.datasetUri | dump }}))
    parser.add_argument("--rank", type=int, default=int(os.environ.get("LORA_RANK", "${{ values.loraRank }}")))
    parser.add_argument("--output-dir", default="output")
    parser.add_argument("--smoke", action="store_true", help="tiny CPU run, no downloads")
    args = parser.parse_args()
    if args.smoke:
        loss = smoke(args.rank, args.output_dir)
        print(json.dumps({"smoke_loss": loss}))
        return loss
    finetune(args.base_model, args.dataset, args.rank, args.output_dir)
    return 0.0


if __name__ == "__main__":
    main()
