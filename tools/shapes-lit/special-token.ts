/** One `added_tokens` entry of a Hugging Face tokenizer.json: a special token, matched as written. */
export function specialToken(id: number, content: string): Record<string, unknown> {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}
