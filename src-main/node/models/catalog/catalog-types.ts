/**
 * The shape of the model catalogue: recommended exports, each pinned to a hub commit with every
 * file's size and hash as the hub publishes them. Plain data; the entries live beside this file.
 */

/**
 * Precisions a tower may be fetched in. The transformers.js ones map to the file-name suffixes of
 * its exports (`_fp16`, `_quantized`, `_int8`, …); the last two are sentence-transformers'
 * own ONNX file names.
 */
export const CATALOG_DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4', 'quint8-avx2', 'qint8-arm64'] as const;
export type CatalogDtype = (typeof CATALOG_DTYPES)[number];

export type TowerName = 'vision' | 'text';

/** One file to fetch: where it is on the hub and what its bytes must be. */
export interface CatalogFile {
  /** Hub repository (`Org/name`) the file comes from. */
  repo: string;
  /** Path inside that repository. */
  path: string;
  /** Where it goes in the installed model folder (defaults to `path`). */
  target?: string;
  /** Size in bytes as the hub lists it, or null where no published listing was found. */
  bytes: number | null;
  /** SHA-256 of the content (the LFS pointer's `oid sha256:`), or null where none was found. */
  sha256: string | null;
  /** Git blob SHA-1 from the hub's tree listing (`oid` of a file kept in git, not LFS). */
  gitBlobSha1?: string;
}

/** Where an entry's revision and hashes were read, said plainly for the catalogue and docs. */
export interface HashProvenance {
  /** Sources the values were read from (public listings of the hub's file metadata). */
  readFrom: string[];
  /** Always false here: no weights can be downloaded where this catalogue was written. */
  checkedAgainstDownload: false;
  /** What is missing, if anything: these files are verified by size and the hub's ETag only. */
  gaps?: string;
}

export interface QualityNote {
  note: string;
  source: string;
}

export interface CatalogEntry {
  /** What `lumen model add <id>` takes, and the installed model's id. */
  id: string;
  name: string;
  family: 'clip' | 'siglip' | 'mobileclip' | 'jina-clip' | 'multilingual-clip';
  /** The hub repository of the image tower (and of everything, for single-repo models). */
  repo: string;
  /** Commit every file is fetched at, or null where no commit could be pinned (the hub's `main` is resolved at install time). */
  revision: string | null;
  /** Revisions of other repositories the entry takes files from (`Org/name` → commit). */
  otherRevisions?: Readonly<Record<string, string | null>>;
  /** Files every install needs, whatever the precision (configs, tokenizer). */
  common: readonly CatalogFile[];
  /** Each tower's files per precision; a precision not listed is not offered. */
  towers: Readonly<Record<TowerName, Partial<Readonly<Record<CatalogDtype, readonly CatalogFile[]>>>>>;
  /** The precision Lumen recommends per tower, on the CPU and on a GPU. */
  recommended: Readonly<Record<'cpu' | 'gpu', Readonly<Record<TowerName, CatalogDtype>>>>;
  /** Trained temperature and bias where the export's config.json does not carry them. */
  logitScale?: number;
  logitBias?: number;
  /** ISO 639-1 codes, or 'multilingual (50+)' style notes. */
  languages: readonly string[];
  quality: QualityNote;
  hashes: HashProvenance;
  /** Known limits of this export, one sentence each. */
  caveats?: readonly string[];
}

/** The precisions chosen for one install, per tower. */
export type DtypeChoice = Readonly<Record<TowerName, CatalogDtype>>;

export function isCatalogDtype(value: string): value is CatalogDtype {
  return (CATALOG_DTYPES as readonly string[]).includes(value);
}
