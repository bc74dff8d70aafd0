/**
 * Installing models from the window: the catalogue (what to offer on a first run), one install at
 * a time with its progress as the services push it (`modelInstall` events, never polled), and
 * removing installed models. One per client, shared by the first-run offer and Settings.
 */
import type { CatalogModelSummary, ModelCatalogState, ModelInstallState, ModelsState } from '../../../src-common/contract-settings';
import type { Result } from '../../../src-common/result';
import type { LumenClient } from '../api/lumen-client';

/** Decimal megabytes, as `lumen model catalog` says them: `156 MB`, `1.2 GB`, `at least 856 MB`. */
export function downloadSizeText(model: Pick<CatalogModelSummary, 'downloadBytes' | 'sizeKnown'>): string {
  const { downloadBytes: bytes, sizeKnown } = model;
  if (!sizeKnown && bytes === 0) return 'size unknown';
  const size = bytes >= 1_000_000_000 ? `${(bytes / 1_000_000_000).toFixed(1)} GB` : `${Math.round(bytes / 1_000_000)} MB`;
  return sizeKnown ? size : `at least ${size}`;
}

export class ModelInstaller {
  catalog = $state.raw<ModelCatalogState | null>(null);
  /** The install in flight or the last one, as its last event said. */
  progress = $state.raw<ModelInstallState | null>(null);
  /** The id the person can switch to once an install from the catalogue ended. */
  installedId = $state<string | null>(null);
  error = $state<string | null>(null);
  private stopListening: (() => void) | null = null;

  constructor(private readonly client: LumenClient) {}

  get busy(): boolean {
    return this.progress?.phase === 'downloading' || this.progress?.phase === 'checking';
  }

  async open(): Promise<void> {
    this.stopListening ??= this.client.listen('modelInstall', (state) => (this.progress = state));
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const result = await this.client.modelCatalog();
    if (result.ok) this.catalog = result.value;
    else this.error = result.error.message;
  }

  /** A catalogue id, a hub id or URL, or an absolute folder. */
  async install(source: string): Promise<Result<ModelsState>> {
    this.error = null;
    this.installedId = null;
    const result = await this.client.installModel({ source });
    if (!result.ok && result.error.code === 'cancelled') {
      await this.refresh();
      return result;
    }
    if (result.ok) {
      this.installedId = this.catalog?.models.some((m) => m.id === source) ? source : (result.value.models.find((m) => !m.active)?.id ?? null);
    } else {
      this.error = result.error.message;
    }
    await this.refresh();
    return result;
  }

  /** Stops the install in flight; its bytes are kept, and installing the same model again resumes. */
  async cancel(): Promise<void> {
    await this.client.cancelModelInstall();
  }

  async remove(id: string): Promise<Result<ModelsState>> {
    this.error = null;
    const result = await this.client.removeModel(id);
    if (!result.ok) this.error = result.error.message;
    await this.refresh();
    return result;
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = null;
  }
}

const installers = new WeakMap<LumenClient, ModelInstaller>();

export function modelInstallerFor(client: LumenClient): ModelInstaller {
  let installer = installers.get(client);
  if (!installer) installers.set(client, (installer = new ModelInstaller(client)));
  return installer;
}
