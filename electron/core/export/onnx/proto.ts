// ONNX protobuf plumbing: a small graph builder over onnx-proto's generated (protobufjs) types.
// onnx-proto is CommonJS with `module.exports = { onnx }`, which Node's ESM loader (vitest)
// only exposes as a default export, so the namespace is taken from either shape.
import * as onnxProtoModule from 'onnx-proto';
import type { onnx as OnnxNs } from 'onnx-proto';
import { IR_VERSION, OPSET } from './versions';

type OnnxModule = { onnx: typeof OnnxNs };
const mod = onnxProtoModule as unknown as OnnxModule & { default?: OnnxModule };
const onnx: typeof OnnxNs = mod.onnx ?? mod.default!.onnx;

export { IR_VERSION, OPSET };

export type NodeProto = OnnxNs.INodeProto;
export type TensorProto = OnnxNs.ITensorProto;
export type ModelProto = OnnxNs.IModelProto;

// Enum values from onnx.proto, written out so nothing depends on the generated enums at runtime.
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;
const DTYPE = { FLOAT: 1, INT64: 7 } as const;

export type AttrValue = number | number[] | string | { float: number } | { floats: number[] };

function attribute(name: string, value: AttrValue): OnnxNs.IAttributeProto {
  if (typeof value === 'string') return { name, type: ATTR.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer (use { float })`);
    return { name, type: ATTR.INT, i: value };
  }
  if (Array.isArray(value)) return { name, type: ATTR.INTS, ints: value };
  if ('float' in value) return { name, type: ATTR.FLOAT, f: value.float };
  return { name, type: ATTR.FLOATS, floats: value.floats };
}

function float32Bytes(data: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return bytes;
}

function int64Bytes(data: number[]): Uint8Array {
  const bytes = new Uint8Array(data.length * 8);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return bytes;
}

/** A tensor's dims without the batch dimension; the batch is the symbolic 'batch'. */
export interface ValueInfo {
  name: string;
  dims: number[];
}

export const BATCH_DIM = 'batch';

function valueInfo(v: ValueInfo): OnnxNs.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: DTYPE.FLOAT,
        shape: { dim: [{ dimParam: BATCH_DIM }, ...v.dims.map((d) => ({ dimValue: d }))] },
      },
    },
  };
}

/** Collects nodes and initializers with unique names. */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();

  constructor(reserved: string[] = []) {
    reserved.forEach((n) => this.used.add(n));
  }

  unique(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./-]/g, '_') || 't';
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  /** A float32 initializer; returns its name. */
  floats(base: string, dims: number[], data: ArrayLike<number>): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (data.length !== expected) throw new Error(`initializer ${base}: ${data.length} values for dims [${dims.join(', ')}]`);
    const name = this.unique(base);
    this.initializers.push({ name, dims, dataType: DTYPE.FLOAT, rawData: float32Bytes(data) });
    return name;
  }

  /** An int64 initializer; returns its name. */
  int64s(base: string, dims: number[], data: number[]): string {
    const name = this.unique(base);
    this.initializers.push({ name, dims, dataType: DTYPE.INT64, rawData: int64Bytes(data) });
    return name;
  }

  /** Adds one node with a single output; returns the output's name. */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, base = opType): string {
    const output = this.unique(base);
    this.nodes.push({
      opType,
      name: this.unique(`${base}_node`),
      input: inputs,
      output: [output],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }

  /** Renames the tensor `from` (a node output) to `to`, or adds an Identity when no node makes it. */
  finish(from: string, to: string): void {
    const producer = this.nodes.find((n) => n.output?.[0] === from);
    if (producer && !this.nodes.some((n) => n.input?.includes(from))) producer.output = [to];
    else this.nodes.push({ opType: 'Identity', name: this.unique('output_identity'), input: [from], output: [to] });
  }
}

export interface ModelMeta {
  graphName: string;
  producerName: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export function encodeModel(graph: GraphBuilder, input: ValueInfo, output: ValueInfo, meta: ModelMeta): Uint8Array {
  const model: ModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: meta.producerName,
    producerVersion: meta.producerVersion ?? '',
    docString: meta.docString ?? '',
    metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: meta.graphName,
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo(input)],
      output: [valueInfo(output)],
    },
  };
  const err = onnx.ModelProto.verify(model);
  if (err) throw new Error(`ONNX model failed protobuf verification: ${err}`);
  return onnx.ModelProto.encode(model).finish();
}

/** Decodes an ONNX file (for checks and tests). */
export function decodeModel(bytes: Uint8Array): OnnxNs.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
