import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';

/**
 * Numeric precision of a model's weights.
 *
 * @public
 */
export type ModelPrecision =
  | 'fp32'
  | 'fp16'
  | 'bf16'
  | 'fp8'
  | 'int8'
  | 'int4'
  | 'fp4';

/**
 * Data classification levels, lowest to highest.
 *
 * @public
 */
export type DataClassification =
  | 'public'
  | 'internal'
  | 'confidential'
  | 'restricted';

/**
 * One evaluation result, as a Hugging Face model card's `model-index` holds.
 *
 * @public
 */
export interface ModelEvaluation {
  /** What was evaluated, for example `MMLU (5-shot)`. */
  name: string;
  /** The dataset evaluated on, when the card names it. */
  dataset?: string;
  /** The metric's name, for example `accuracy`. */
  metric: string;
  /** The metric's value. */
  value: number;
}

/**
 * A registered version of a model.
 *
 * @public
 */
export interface ModelVersion {
  /** The registry's version name or number. */
  version: string;
  /** Registry aliases pointing at this version, for example `champion`. */
  aliases?: string[];
  /** Registry stage or state, for example `Production` or `LIVE`. */
  stage?: string;
  /** ISO 8601 timestamp. */
  createdAt?: string;
  /** Where the weights are, for example `s3://models/llama/3` or `hf://org/name`. */
  artifactUri?: string;
  /** The registry's description of this version. */
  description?: string;
}

/**
 * Where a model is served.
 *
 * @public
 */
export interface ModelServingEndpoint {
  /** The endpoint's URL. */
  url: string;
  /** A display name for the endpoint. */
  name?: string;
  /** Entity ref of the model-server Component, when known. */
  server?: string;
}

/**
 * The extra metadata of a model, in `spec.model` of a `Resource` with
 * `spec.type: ai-model`.
 *
 * @public
 */
export interface ModelMetadata {
  /** Hugging Face pipeline tag, for example `text-generation`. */
  task?: string;
  /** For example `pytorch`, `transformers`, `vllm`, `onnx`. */
  framework?: string;
  /** Parameter count. */
  parameters?: number;
  /** Precision of the weights as published. */
  precision?: ModelPrecision;
  /** Quantisation method, for example `awq`, `gptq`, `gguf-q4_k_m`. */
  quantization?: string;
  /** Context length in tokens. */
  contextLength?: number;
  /** SPDX id or licence name. */
  license?: string;
  /** Entity ref of the base model (also in `spec.dependsOn`). */
  baseModel?: string;
  /** Names of the datasets the model was trained or fine-tuned on. */
  datasets?: string[];
  /** Evaluation results. */
  evaluations?: ModelEvaluation[];
  /** What the model is meant for, as the model card says. */
  intendedUse?: string;
  /** Known limitations, as the model card says. */
  limitations?: string;
  /** Classification of the data the model was trained or fine-tuned on. */
  trainingDataClassification?: DataClassification;
  /** Registered versions of the model. */
  versions?: ModelVersion[];
  /** Where the model is served. */
  servingEndpoints?: ModelServingEndpoint[];
  /** GPU memory needed to serve the model, per precision, in GiB. */
  gpuMemoryGiB?: Partial<Record<ModelPrecision, number>>;
  /** GPU class ids (gpu-provisioning's `gpuClasses[].id`) one GPU of which holds the model. */
  fitsOn?: string[];
}

/**
 * A model entity: a `Resource` with `spec.type: ai-model`. Read `spec.model`
 * with `getModelMetadata`.
 *
 * @public
 */
export type ModelEntity = Entity & {
  kind: 'Resource';
  spec: JsonObject & {
    type: 'ai-model';
    owner: string;
  };
};

/**
 * A GPU class as the fit calculation needs it (a subset of
 * gpu-provisioning's `GpuClassInfo`).
 *
 * @public
 */
export interface GpuClassMemory {
  /** The GPU class id, as in `gpuProvisioning.gpuClasses[].id`. */
  id: string;
  /** The name people see; the id when absent. */
  displayName?: string;
  /** Memory of one GPU of the class, in MiB. */
  memoryMiB: number;
}

/**
 * Whether and how a model fits on a GPU class.
 *
 * @public
 */
export interface GpuFit {
  /** The GPU class. */
  gpuClass: GpuClassMemory;
  /** Whole GPUs of the class needed to hold the model. */
  gpusNeeded: number;
  /** Whether one GPU holds it. */
  fitsOnOne: boolean;
}
