/**
 * Options of the search, tag, classify and undo commands, declared apart from the global ones so
 * each command's parsing lives with the command. parseCommandLine accepts all of them on any
 * command; a command reads only its own.
 */
export const COMMAND_OPTIONS = {
  like: { type: 'string', multiple: true },
  'text-weight': { type: 'string' },
  folder: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  tag: { type: 'string', multiple: true },
  camera: { type: 'string', multiple: true },
  place: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  'include-offline': { type: 'boolean', default: false },
  'include-undated': { type: 'boolean', default: false },
  offset: { type: 'string' },
  group: { type: 'boolean', default: false },
  into: { type: 'string' },
  move: { type: 'boolean', default: false },
  copy: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  description: { type: 'string', multiple: true },
  example: { type: 'string', multiple: true },
  threshold: { type: 'string' },
  'unsure-below': { type: 'string' },
  photo: { type: 'string', multiple: true },
  all: { type: 'boolean', default: false },
  sidecar: { type: 'boolean', default: false },
  'embed-in-originals': { type: 'boolean', default: false },
  rename: { type: 'string' },
  'default-folder': { type: 'boolean', default: false },
} as const;

export interface CommandOptionValues {
  like?: string[];
  'text-weight'?: string;
  folder?: string[];
  from?: string;
  to?: string;
  tag?: string[];
  camera?: string[];
  place?: string[];
  type?: string[];
  'include-offline': boolean;
  'include-undated': boolean;
  offset?: string;
  group: boolean;
  into?: string;
  move: boolean;
  copy: boolean;
  'dry-run': boolean;
  description?: string[];
  example?: string[];
  threshold?: string;
  'unsure-below'?: string;
  photo?: string[];
  all: boolean;
  sidecar: boolean;
  'embed-in-originals': boolean;
  rename?: string;
  'default-folder': boolean;
}
