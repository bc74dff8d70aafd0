import { isAbsolute, normalize } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { elementCount, OnnxFormatError, readOnnxGraph, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnx-graph-reader';

/**
 * How big a tensor a model file may ask for before anything runs. A few bytes of graph can make
 * onnxruntime allocate gigabytes: a ConstantOfShape of a constant [60000, 60000] is folded into
 * 14.4 GB of floats while the session is created. Real image–text towers stay far below these:
 * their largest computed constant is an attention mask of a few thousand values, their largest
 * weight a token embedding of some 300 million (SigLIP 2's 256k-token vocabulary × 1152).
 */
export interface GraphLimits {
  /** Elements of a tensor whose size the graph itself fixes (ConstantOfShape, Expand, Tile, Range, …). */
  maxComputedElements: number;
  /** Elements of one weight (initializer), as declared by its shape. */
  maxInitializerElements: number;
  /** Elements of a graph input or output, counting its fixed dimensions. */
  maxDeclaredElements: number;
}

export const GRAPH_LIMITS: GraphLimits = {
  maxComputedElements: 2 ** 26,
  maxInitializerElements: 2 ** 30,
  maxDeclaredElements: 2 ** 26,
};

/**
 * Refuses a tower file whose graph would allocate more than `limits` allows, naming the file, the
 * node and the size. What the graph computes from its inputs at run time cannot be known here: the
 * embed worker's memory limit (memory-watchdog.ts) bounds that. A file that is not readable as ONNX
 * is left to onnxruntime, which refuses it with its own reason (a protobuf parse error).
 */
export function checkGraphAllocations(path: string, label: string, limits: GraphLimits = GRAPH_LIMITS): void {
  let graph: OnnxGraph;
  try {
    graph = readOnnxGraph(path);
  } catch (error) {
    if (error instanceof OnnxFormatError || error instanceof RangeError) return;
    throw error;
  }
  const problem = graphProblem(graph, limits, new Map());
  if (problem !== null) {
    throw new LumenFailure(
      'bad-model',
      `model file ${label} ${problem}; Lumen refuses it before running anything: the file is damaged or is not an image–text model (${path})`,
    );
  }
}

/** Known constant values by name: initializers and Constant nodes, and what Identity or Cast pass on. */
type Constants = Map<string, readonly number[]>;

function graphProblem(graph: OnnxGraph, limits: GraphLimits, constants: Constants): string | null {
  for (const [index, tensor] of graph.initializers.entries()) {
    const problem = initializerProblem(tensor, index, limits);
    if (problem !== null) return problem;
    if (tensor.values !== null) constants.set(tensor.name, tensor.values);
  }
  for (const [kind, values] of [
    ['input', graph.inputs],
    ['output', graph.outputs],
  ] as const) {
    for (const [index, value] of values.entries()) {
      const fixed = value.dims.filter((d): d is number => d !== null && d > 0);
      const count = elementCount(fixed);
      if (count > limits.maxDeclaredElements) {
        return `declares graph ${kind} ${index + 1} with ${sizeText(count, fixed)}, more than the ${format(limits.maxDeclaredElements)} Lumen allows`;
      }
    }
  }
  for (const [index, node] of graph.nodes.entries()) {
    for (const attribute of node.attributes) {
      if (attribute.tensor) {
        const problem = initializerProblem(attribute.tensor, null, limits);
        if (problem !== null) return `${nodeText(node, index)}: ${problem}`;
      }
    }
    trackConstants(node, constants);
    const computed = computedElements(node, constants);
    if (computed !== null && computed.count > limits.maxComputedElements) {
      return `has ${nodeText(node, index)} that would make a tensor of ${sizeText(computed.count, computed.dims)}, more than the ${format(limits.maxComputedElements)} a model may allocate at once`;
    }
  }
  for (const subgraph of graph.subgraphs) {
    const problem = graphProblem(subgraph, limits, constants);
    if (problem !== null) return problem;
  }
  return null;
}

/** `index`: the weight's place among the graph's initializers, or null for a node's constant. */
function initializerProblem(tensor: OnnxTensor, index: number | null, limits: GraphLimits): string | null {
  const what = `${tensor.sparse ? 'sparse ' : ''}${index === null ? 'constant' : `weight ${index + 1}`}`;
  const count = elementCount(tensor.dims);
  if (tensor.dims.some((d) => d < 0) || !Number.isFinite(count)) return `has a ${what} with an impossible shape`;
  // A sparse weight's few stored values expand to its whole shape: bounded like a computed tensor.
  if (tensor.sparse && count > limits.maxComputedElements) {
    return `has a ${what} that expands to ${sizeText(count, tensor.dims)}, more than the ${format(limits.maxComputedElements)} a model may allocate at once`;
  }
  if (count > limits.maxInitializerElements)
    return `has a ${what} of ${sizeText(count, tensor.dims)}, more than the ${format(limits.maxInitializerElements)} Lumen allows`;
  if (tensor.externalLocation !== null) {
    const location = normalize(tensor.externalLocation);
    if (isAbsolute(location) || location.split(/[\\/]/).includes('..')) return `keeps its ${what} in a file outside the model folder`;
  }
  return null;
}

function trackConstants(node: OnnxNode, constants: Constants): void {
  const [output] = node.outputs;
  if (output === undefined) return;
  if (node.opType === 'Constant') {
    for (const attribute of node.attributes) {
      if (attribute.name === 'value' && attribute.tensor?.values) constants.set(output, attribute.tensor.values);
      else if (attribute.name === 'value_int' && attribute.int !== null) constants.set(output, [attribute.int]);
      else if (attribute.name === 'value_ints') constants.set(output, attribute.ints);
      else if (attribute.name === 'value_float' && attribute.float !== null) constants.set(output, [attribute.float]);
      else if (attribute.name === 'value_floats') constants.set(output, attribute.floats);
    }
    return;
  }
  const inputs = node.inputs.map((name) => constants.get(name));
  if (['Identity', 'Cast', 'Squeeze', 'Unsqueeze', 'Reshape', 'Flatten'].includes(node.opType) && inputs[0]) constants.set(output, inputs[0]);
  else if (node.opType === 'Concat' && inputs.length > 0 && inputs.every((values) => values !== undefined))
    constants.set(
      output,
      inputs.flatMap((values) => values ?? []),
    );
}

/** The element count a node's output is fixed at by constants, when it can be known from the file. */
function computedElements(node: OnnxNode, constants: Constants): { count: number; dims: readonly number[] } | null {
  const input = (index: number): readonly number[] | undefined => {
    const name = node.inputs[index];
    return name ? constants.get(name) : undefined;
  };
  const shaped = (dims: readonly number[] | undefined): { count: number; dims: readonly number[] } | null =>
    dims ? { count: elementCount(dims.map((d) => Math.max(d, 1))), dims } : null;
  switch (node.opType) {
    case 'ConstantOfShape':
    case 'Expand':
      return shaped(input(node.opType === 'Expand' ? 1 : 0));
    case 'Tile': {
      const repeats = shaped(input(1));
      const tiled = input(0)?.length ?? 1;
      return repeats ? { count: repeats.count * tiled, dims: repeats.dims } : null;
    }
    case 'Reshape':
      // 0 copies a dimension and -1 infers one: only the dimensions it fixes count.
      return shaped(input(1)?.filter((d) => d > 0));
    case 'Resize':
    case 'Upsample': {
      const sizes = node.opType === 'Resize' ? input(3) : undefined;
      if (sizes) return shaped(sizes);
      // Whatever the input, the output holds at least the product of the scales.
      const scales = input(node.opType === 'Resize' ? 2 : 1) ?? node.attributes.find((a) => a.name === 'scales')?.floats;
      return scales && scales.length > 0 ? shaped(scales) : null;
    }
    case 'Range': {
      const [start, limit, delta] = [input(0)?.[0], input(1)?.[0], input(2)?.[0]];
      if (start === undefined || limit === undefined || delta === undefined || delta === 0) return null;
      const count = Math.max(0, Math.ceil((limit - start) / delta));
      return { count, dims: [count] };
    }
    case 'RandomNormal':
    case 'RandomUniform': {
      const shape = node.attributes.find((a) => a.name === 'shape')?.ints;
      return shape && shape.length > 0 ? shaped(shape) : null;
    }
    default:
      return null;
  }
}

/** By position and operator, not by name: names are bytes of the file, and messages never echo a file's contents. */
function nodeText(node: OnnxNode, index: number): string {
  return `node ${index + 1} (${/^[A-Za-z0-9_.]{1,64}$/.test(node.opType) ? node.opType : 'an unknown operator'})`;
}

function sizeText(count: number, dims: readonly number[]): string {
  return `${format(count)} values (${dims.map((d) => format(d)).join(' × ')})`;
}

function format(value: number): string {
  return Number.isFinite(value) && Math.abs(value) < 1e21 ? Math.round(value).toLocaleString('en-US') : value.toExponential(2);
}
