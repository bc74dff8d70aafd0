/**
 * The Settings page's library setup: installed models and the one in use (with the progress of a
 * switch to another image tower), the device, and — on the desktop — where the library lives.
 */
import type { DeviceChoice, DeviceSettings, ModelsState } from '../../../src-common/contract-settings';
import type { LibraryLocation } from '../../../src-common/lumen-host';
import type { LumenClient } from '../api/lumen-client';
import { ok, type Result } from '../../../src-common/result';

export class SetupState {
  models = $state.raw<ModelsState | null>(null);
  device = $state.raw<DeviceSettings | null>(null);
  /** The library's exclude patterns (gitignore syntax), as `lumen exclude list` shows them. */
  excludePatterns = $state.raw<string[] | null>(null);
  /** Null in a browser: `lumen serve --library` fixed the library. */
  location = $state.raw<LibraryLocation | null>(null);
  /** What is being changed right now (buttons are disabled meanwhile). */
  pending = $state<'model' | 'device' | 'add-model' | 'library' | 'exclude' | null>(null);
  error = $state<string | null>(null);
  private stopListening: Array<() => void> = [];

  constructor(private readonly client: LumenClient) {}

  /**
   * Reads everything once and, while a model switch is under way, again as its vectors are made
   * (indexing progress) and when the library reopens on the chosen model.
   */
  async open(): Promise<void> {
    if (this.stopListening.length === 0) {
      this.stopListening = [this.client.listen('indexProgress', () => this.switchMoved()), this.client.listen('libraryChanged', () => this.switchMoved())];
    }
    const [models, device, location, exclude] = await Promise.all([
      this.client.listModels(),
      this.client.getDevice(),
      this.client.libraryLocation(),
      this.client.getExcludePatterns(),
    ]);
    if (models.ok) this.models = models.value;
    if (device.ok) this.device = device.value;
    if (exclude.ok) this.excludePatterns = exclude.value;
    this.location = location;
    const failed = [models, device, exclude].find((r) => !r.ok);
    this.error = failed && !failed.ok ? failed.error.message : null;
  }

  close(): void {
    this.stopListening.forEach((stop) => stop());
    this.stopListening = [];
  }

  /** Makes an installed model the library's. */
  async useModel(id: string): Promise<Result<ModelsState>> {
    return this.change('model', async () => {
      const result = await this.client.useModel(id);
      if (result.ok) this.models = result.value;
      return result;
    });
  }

  async addModel(folder: string): Promise<Result<ModelsState>> {
    return this.change('add-model', async () => {
      const result = await this.client.addModel(folder);
      if (result.ok) this.models = result.value;
      return result;
    });
  }

  async setDevice(choice: DeviceChoice): Promise<Result<DeviceSettings>> {
    return this.change('device', async () => {
      const result = await this.client.setDevice(choice);
      if (result.ok) this.device = result.value;
      return result;
    });
  }

  /**
   * Saves the whole list of exclude patterns (the service checks each); the next indexing run applies
   * them. A refusal is the caller's to show beside the patterns, not the page's model error.
   */
  async setExcludePatterns(patterns: string[]): Promise<Result<string[]>> {
    this.pending = 'exclude';
    try {
      const result = await this.client.setExcludePatterns(patterns);
      if (result.ok) this.excludePatterns = result.value;
      return result;
    } finally {
      this.pending = null;
    }
  }

  /** Desktop: the folder picker; the app relaunches on the chosen library. */
  async chooseLibrary(): Promise<boolean> {
    let chosen = false;
    await this.change('library', async () => {
      chosen = await this.client.chooseLibrary();
      return ok(chosen);
    });
    return chosen;
  }

  async useDefaultLibrary(): Promise<void> {
    await this.change('library', async () => {
      await this.client.useDefaultLibrary();
      return ok(undefined);
    });
  }

  /** Runs one change with its buttons disabled; the page shows its error until the next change. */
  private async change<T>(what: NonNullable<SetupState['pending']>, work: () => Promise<Result<T>>): Promise<Result<T>> {
    this.pending = what;
    try {
      const result = await work();
      this.error = result.ok ? null : result.error.message;
      return result;
    } finally {
      this.pending = null;
    }
  }

  private reading = false;
  private readAgain = false;

  /** Something a model switch waits on changed: read the models again (one read at a time, the last change never missed). */
  private switchMoved(): void {
    if (!this.models?.switching) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void this.client
      .listModels()
      .then((result) => {
        if (result.ok) this.models = result.value;
      })
      .finally(() => {
        this.reading = false;
        if (this.readAgain) {
          this.readAgain = false;
          this.switchMoved();
        }
      });
  }
}
