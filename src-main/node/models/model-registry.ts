import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { jsonProblem } from '../model/parser-messages';
import type { FileCheck } from './file-check';
import { prepareModelsFolder } from './models-folder';

/** One installed model: a complete, verified folder under the models directory. */
export interface InstalledModel {
  id: string;
  name: string;
  /** `model_type` from config.json (clip, siglip, …), or 'unknown'. */
  family: string;
  /** The folder or URL it was installed from. */
  source: string;
  /** Relative path → SHA-256 of every file installed, checked at install time. */
  files: Record<string, string>;
  imageTowerId: string;
  textTowerId: string;
  embedDim: number;
  installedAt: string;
  /** For a hub install: the commit its files were fetched at (null where the server could not name one). */
  revision?: string | null;
  /** For a hub install: the precision of each tower fetched. */
  dtypes?: { vision: string; text: string };
  /** For a hub install: how each file was checked (file-check.ts), so `lumen model list --json` can say which were checked by hash. */
  checks?: Record<string, FileCheck>;
  /** The catalogue entry it was installed from. */
  catalogId?: string;
}

interface RegistryFile {
  version: 1;
  models: InstalledModel[];
}

const REGISTRY_FILE = 'registry.json';

/**
 * The SHA-256 of each file of the installed model in `folder`, as recorded when it was installed:
 * when the folder is `<models dir>/<id>` and the registry beside it lists that id. Undefined for
 * any other folder (the bundled demo model, a folder given with --model) and when the registry
 * cannot be read (that is `lumen model list`'s error to report, not a reason to refuse the model).
 */
export async function installedFileHashes(folder: string): Promise<Record<string, string> | undefined> {
  const root = resolve(folder);
  const registry = new ModelRegistry(dirname(root));
  // An unreadable registry is `lumen model list`'s error to report (see above), not a reason to refuse the model.
  const model = await registry.get(basename(root)).catch(() => undefined);
  return model && resolve(registry.folderOf(model.id)) === root ? model.files : undefined;
}

/**
 * The list of installed models, kept in `registry.json` in the models directory. Each model's
 * files are in `<dir>/<id>/`; the registry is only written after the folder is complete, and
 * written atomically (temporary file + rename), so a crash never lists a half-installed model.
 */
export class ModelRegistry {
  constructor(readonly dir: string) {}

  folderOf(id: string): string {
    return join(this.dir, id);
  }

  async list(): Promise<InstalledModel[]> {
    return (await this.read()).models;
  }

  async get(id: string): Promise<InstalledModel | undefined> {
    return (await this.list()).find((m) => m.id === id);
  }

  /** Adds or replaces the entry with this id. */
  async put(model: InstalledModel): Promise<void> {
    const registry = await this.read();
    registry.models = [...registry.models.filter((m) => m.id !== model.id), model].sort((a, b) => a.id.localeCompare(b.id));
    await this.write(registry);
  }

  async remove(id: string): Promise<void> {
    const registry = await this.read();
    registry.models = registry.models.filter((m) => m.id !== id);
    await this.write(registry);
  }

  private async read(): Promise<RegistryFile> {
    let text: string;
    try {
      text = await readFile(join(this.dir, REGISTRY_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, models: [] };
      throw error;
    }
    let parsed: Partial<RegistryFile> | null;
    try {
      parsed = JSON.parse(text) as Partial<RegistryFile> | null;
    } catch (error) {
      throw new LumenFailure(
        'bad-setting',
        `model registry ${join(this.dir, REGISTRY_FILE)} is not valid JSON (${jsonProblem(error, text)}); move it away and add the models again`,
      );
    }
    if (parsed?.version !== 1 || !Array.isArray(parsed.models)) {
      throw new LumenFailure('bad-setting', `model registry ${join(this.dir, REGISTRY_FILE)} is not a Lumen registry (version 1)`);
    }
    return { version: 1, models: parsed.models };
  }

  private async write(registry: RegistryFile): Promise<void> {
    await prepareModelsFolder(this.dir);
    const target = join(this.dir, REGISTRY_FILE);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(registry, null, 2)}\n`);
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
  }
}
