// Just enough of the ONNX protobuf schema (onnx/onnx.proto3) to write a model: the graph is built
// in memory and only ever serialised, so a small writer replaces a protobuf runtime. Field numbers
// are the schema's.

export const DataType = { FLOAT: 1, UINT8: 2, INT32: 6, INT64: 7 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export type Attribute = { kind: "int"; value: number } | { kind: "float"; value: number } | { kind: "ints"; value: number[] } | { kind: "graph"; value: Graph };

export const int = (value: number): Attribute => ({ kind: "int", value });
export const ints = (value: number[]): Attribute => ({ kind: "ints", value });
/** A branch of an If: its nodes may read any value of the graph around it. */
export const subgraph = (value: Graph): Attribute => ({ kind: "graph", value });
/** Float attributes must be typed FLOAT: onnxruntime rejects an INT where it expects epsilon or scale. */
export const float = (value: number): Attribute => ({ kind: "float", value });

export interface Node {
  name: string;
  op: string;
  domain?: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, Attribute>;
}

export interface ValueInfo {
  name: string;
  type: DataTypeCode;
  /** A number is a fixed dimension, a string a symbolic one. */
  dims: (number | string)[];
}

export interface Initializer {
  name: string;
  type: DataTypeCode;
  dims: number[];
  /** Small constants travel inside the model. */
  raw?: Uint8Array;
  /** Large ones live in an in-memory external data "file" handed to the session. */
  external?: { location: string; offset: number; length: number };
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

class Writer {
  private chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private varint(value: number | bigint): void {
    // int64 fields are two's complement: a negative value takes ten bytes.
    let v = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    while (v >= 0x80n) {
      bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(Number(v));
    this.push(Uint8Array.from(bytes));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

function writeAttribute(w: Writer, name: string, attribute: Attribute): void {
  w.string(1, name);
  if (attribute.kind === "float") w.float(2, attribute.value).int(20, 1);
  else if (attribute.kind === "int") w.int(3, attribute.value).int(20, 2);
  else if (attribute.kind === "graph") w.message(6, (g) => writeGraph(g, attribute.value)).int(20, 5);
  else {
    for (const value of attribute.value) w.int(8, value);
    w.int(20, 7);
  }
}

function writeNode(w: Writer, node: Node): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name).string(4, node.op);
  for (const [name, attribute] of Object.entries(node.attributes ?? {})) w.message(5, (a) => writeAttribute(a, name, attribute));
  if (node.domain) w.string(7, node.domain);
}

function writeInitializer(w: Writer, tensor: Initializer): void {
  for (const d of tensor.dims) w.int(1, d);
  w.int(2, tensor.type).string(8, tensor.name);
  if (tensor.raw) w.bytes(9, tensor.raw);
  if (tensor.external) {
    const { location, offset, length } = tensor.external;
    const entry = (key: string, value: string) => w.message(13, (e) => e.string(1, key).string(2, value));
    entry("location", location);
    entry("offset", String(offset));
    entry("length", String(length));
    w.int(14, 1);
  }
}

function writeValueInfo(w: Writer, info: ValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, info.type);
      tensor.message(2, (shape) => {
        for (const d of info.dims) shape.message(1, (dim) => (typeof d === "number" ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

export function encodeModel(graph: Graph, opsets: Record<string, number>): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // IR version 8: understood by every onnxruntime this engine supports
  w.string(2, "riskledger-engine");
  for (const [domain, version] of Object.entries(opsets)) w.message(8, (o) => o.string(1, domain).int(2, version));
  w.message(7, (g) => writeGraph(g, graph));
  return w.finish();
}

function writeGraph(g: Writer, graph: Graph): void {
  for (const node of graph.nodes) g.message(1, (n) => writeNode(n, node));
  g.string(2, graph.name);
  for (const tensor of graph.initializers) g.message(5, (t) => writeInitializer(t, tensor));
  for (const input of graph.inputs) g.message(11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) g.message(12, (v) => writeValueInfo(v, output));
}
