/**
 * The part of the contract behind the window's Settings page: the installed models and which one
 * the library uses, and the device (execution provider) the model runs on. Plain data only;
 * `LumenApi` (contract.ts) extends `SettingsApi`. Where the library lives is the desktop shell's
 * business (lumen-host.ts), not the library's.
 */
import type { InferOutput } from 'valibot';
import type { InstallModelRequestSchema } from './contract-arguments';
import type {
  CatalogModelSummarySchema,
  DeviceSettingsSchema,
  InstalledModelSummarySchema,
  ModelCatalogStateSchema,
  ModelsStateSchema,
  ModelSwitchStateSchema,
} from './contract-results';
import type { Result } from './result';

/** What `--device` and the library's `model.device` setting accept. */
export const DEVICE_CHOICES = ['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml'] as const;
export type DeviceChoice = (typeof DEVICE_CHOICES)[number];

/** One model installed in the models folder shared by every library (`lumen model list`). */
export type InstalledModelSummary = InferOutput<typeof InstalledModelSummarySchema>;

/** Progress of making the chosen model's image vectors while the previous model answers searches. */
export type ModelSwitchState = InferOutput<typeof ModelSwitchStateSchema>;

export type ModelsState = InferOutput<typeof ModelsStateSchema>;

/** One recommended model of the catalogue (`lumen model catalog`), as the window offers it. */
export type CatalogModelSummary = InferOutput<typeof CatalogModelSummarySchema>;

export type ModelCatalogState = InferOutput<typeof ModelCatalogStateSchema>;

/** What the Settings page installs: a catalogue id, a hub id (`Org/name`, `hf://…`), a hub URL or a folder on this machine. */
export type InstallModelRequest = InferOutput<typeof InstallModelRequestSchema>;

/** An install's progress, pushed as it goes (`modelInstall` event). */
export interface ModelInstallState {
  source: string;
  phase: 'downloading' | 'checking' | 'installed' | 'failed' | 'cancelled';
  /** The file in flight and its place in the install. */
  file: string | null;
  fileIndex: number;
  fileCount: number;
  /** Bytes of the whole install received so far, and their sum (null while a size is unknown). */
  received: number;
  total: number | null;
  /** Sentences the person should read (a file checked by size and ETag only, a revision resolved now). */
  notices: string[];
  /** With `failed`: what went wrong, one sentence. */
  error?: string;
}

export type DeviceSettings = InferOutput<typeof DeviceSettingsSchema>;

export interface SettingsApi {
  listModels(): Promise<Result<ModelsState>>;
  /**
   * Makes an installed model the library's model (`lumen model use`). Same image tower: at once,
   * no photo is embedded again; another image tower: its vectors are made in the background while
   * the previous model's keep answering searches (`switching`).
   */
  useModel(id: string): Promise<Result<ModelsState>>;
  /** Installs a model from a folder on this machine (`lumen model add <folder>`): checked, hashed, loaded once. */
  addModel(folder: string): Promise<Result<ModelsState>>;
  getDevice(): Promise<Result<DeviceSettings>>;
  /** Saves the library's device setting and reloads the model on it when nothing is running. */
  setDevice(choice: DeviceChoice): Promise<Result<DeviceSettings>>;
  /** The recommended models, which are installed, and whether only the demo model is here (`lumen model catalog`). */
  modelCatalog(): Promise<Result<ModelCatalogState>>;
  /**
   * Installs a model from the catalogue, the hub or a folder (`lumen model add`): downloads resume,
   * every file is checked, progress is pushed as `modelInstall` events. Does not switch to it.
   */
  installModel(request: InstallModelRequest): Promise<Result<ModelsState>>;
  /** Removes an installed model that is not this library's model (`lumen model remove`). */
  removeModel(id: string): Promise<Result<ModelsState>>;
  /** Stops the install in flight (its `installModel` answers `cancelled`); what arrived is kept and installing again resumes. False when none was running. */
  cancelModelInstall(): Promise<Result<boolean>>;
  /** The library's exclude patterns (gitignore syntax, relative to each indexed folder), as `lumen exclude list` shows them. */
  getExcludePatterns(): Promise<Result<string[]>>;
  /** Replaces them, each checked as `lumen exclude add` checks it, repeats dropped; the next indexing run applies them. Answers the list saved. */
  setExcludePatterns(patterns: string[]): Promise<Result<string[]>>;
}

export const SETTINGS_METHODS = {
  listModels: true,
  useModel: true,
  addModel: true,
  getDevice: true,
  setDevice: true,
  modelCatalog: true,
  installModel: true,
  removeModel: true,
  cancelModelInstall: true,
  getExcludePatterns: true,
  setExcludePatterns: true,
} as const satisfies Record<keyof SettingsApi, true>;
