/** Electron entry: one secure window over the same services the CLI uses (placeholder UI for now). */
import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLibraryDir } from '../node/app-paths';
import { LumenServices } from '../node/lumen-services';
import { registerIpcHandlers } from './ipc-handlers';

const here = fileURLToPath(new URL('.', import.meta.url));
let mainWindow: BrowserWindow | null = null;
let servicesPromise: Promise<LumenServices> | null = null;

function services(): Promise<LumenServices> {
  servicesPromise ??= LumenServices.open({ libraryDir: process.env['LUMEN_LIBRARY'] ?? defaultLibraryDir() });
  return servicesPromise;
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'Lumen',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  mainWindow.webContents.on('will-navigate', (event) => event.preventDefault());
  mainWindow.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  if (devServer) void mainWindow.loadURL(devServer);
  else void mainWindow.loadFile(join(here, '../renderer/index.html'));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => mainWindow?.focus());
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    registerIpcHandlers(services, () => mainWindow?.webContents ?? null);
    createWindow();
  });
  app.on('window-all-closed', () => {
    void (servicesPromise ?? Promise.resolve(null))
      .then((s) => s?.dispose())
      .finally(() => app.quit());
  });
}
