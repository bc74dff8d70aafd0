/**
 * Why a parser refused a file, in words that carry none of the file's contents. JSON.parse quotes
 * the first bytes it read, @huggingface/tokenizers names the values it did not know, onnxruntime
 * prints node, op and input names: all of it is the file, and the file may be private to the user
 * who runs Lumen while the message goes to whoever asked (an `addModel` over `lumen serve`). Only
 * what the parser itself defines (a position, a property it requires) is passed on.
 */

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `is not valid JSON (…)` continued: the reason JSON.parse gave, by position only. */
export function jsonProblem(error: unknown, text: string): string {
  if (text.trim() === '') return 'it is empty';
  const message = messageOf(error);
  if (/Unexpected end of JSON input|Unterminated string/.test(message)) return 'it ends too early';
  const position = /at position (\d+)/.exec(message)?.[1];
  return position === undefined ? 'it is not JSON text' : `it goes wrong at character ${Number(position) + 1}`;
}

/** Why @huggingface/tokenizers could not build a tokenizer from tokenizer.json. */
export function tokenizerProblem(error: unknown): string {
  const message = messageOf(error);
  const missing = /^Tokenizer must contain a "([a-z_]+)" property$/.exec(message)?.[1];
  if (missing) return `it has no "${missing}" entry`;
  const kind = /^Unknown (Normalizer|PreTokenizer|PostProcessor|Decoder|Model) type/.exec(message)?.[1];
  if (kind) return `its ${kind.toLowerCase()} is of a type this tokenizer library does not know`;
  if (message.startsWith('Invalid regular expression')) return 'it holds a regular expression JavaScript cannot use';
  return 'its contents are not a tokenizer this library can read';
}

/** Why onnxruntime could not load an ONNX file. */
export function onnxProblem(error: unknown): string {
  const message = messageOf(error);
  if (/Protobuf parsing failed|No graph was found/i.test(message)) return 'it is not an ONNX model (Protobuf parsing failed)';
  if (/No Op registered|not a registered function\/op/i.test(message)) return 'it uses an operator this onnxruntime does not have';
  if (/No opset import for domain|opset|IR version/i.test(message)) return 'it needs an operator set or ONNX version this onnxruntime does not support';
  if (/Type Error|type mismatch|shape/i.test(message)) return 'its graph has inconsistent types or shapes';
  if (/invalid model|Invalid model|INVALID_GRAPH|INVALID_PROTOBUF/.test(message)) return 'its graph is not a valid ONNX graph';
  if (/bad_alloc|Failed to allocate|out of memory/i.test(message)) return 'loading it needs more memory than is available';
  if (/No such file|ENOENT|Permission denied|EACCES|open file/i.test(message)) return 'the file cannot be read';
  return 'onnxruntime refused it';
}
