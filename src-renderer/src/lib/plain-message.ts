/**
 * A message for a person, split from the technical words some answers carry: "file is damaged and
 * cannot be decoded (VipsJpeg: premature end of JPEG image)" shows its sentence, and the part in
 * brackets only behind a "Details" toggle. Paths of Lumen's own temporary files never show at all.
 */
export interface PlainMessage {
  text: string;
  detail: string | null;
}

/** What marks words as technical: a path, a flag, an error name, a code identifier, a hex number. */
const TECHNICAL = /[\\/]|(^|\s)--?[a-z]|Error\b|\b[A-Z]+[a-z]+[A-Z]\w*|\w+_\w+|::|0x[0-9a-f]+|\b[A-Z]+_[A-Z]+\b|\.(node|so|dll|ts|js):?\d*/;
const CLI_FLAG_PREFIX = /^--[a-z-]+(\s+[^\s:]+)?:\s*/;
/** Lumen's partial files and staging folders (file moves, model installs and their downloads). */
const OWN_TEMPORARY_PATH = /[^\s()]*(\.lumen-partial-|[\\/]\.?staging[\\/]|lumen-staging|\.part\b)[^\s()]*/g;

function sentence(text: string): string {
  const trimmed = text.trim().replace(/[\s,;:]+$/, '');
  if (trimmed === '') return trimmed;
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

export function plainMessage(message: string): PlainMessage {
  // The command line's way of naming a setting ("--device cuda: …") means nothing in the window.
  const withoutFlag = message.replace(CLI_FLAG_PREFIX, '');
  const clean = (text: string): string => text.replace(OWN_TEMPORARY_PATH, 'a temporary file');
  // The last bracketed part, when technical, is the detail: "reason (detail)".
  const bracketed = /^(.*\S)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*\.?$/s.exec(withoutFlag);
  if (bracketed?.[1] && bracketed[2] !== undefined && TECHNICAL.test(bracketed[2]))
    return { text: sentence(clean(bracketed[1])), detail: clean(bracketed[2]).trim() };
  const cleaned = clean(withoutFlag);
  return { text: sentence(cleaned), detail: null };
}
