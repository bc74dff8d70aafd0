/**
 * Electron entry: one secure window. The library (database, indexer, search) lives in a utility
 * process and answers through the same dispatcher as `lumen serve`; decoding and inference run in
 * the indexer's worker processes below it. This process only keeps the window.
 */
import { app, BrowserWindow, dialog, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HOST_CHANNELS, type MenuCommand } from '../../src-common/lumen-host';
import { defaultLibraryDir } from '../node/app-paths';
import { openFileLogger } from '../node/logging/file-logger';
import { installAppMenu } from './app-menu';
import { registerIpcHandlers } from './ipc-handlers';
import { LUMEN_EVENT_CHANNEL } from '../../src-common/contract-events';
import { loadChosenLibrary, resolveLibraryLocation, saveChosenLibrary } from './library-location';
import { handleMediaProtocol, registerMediaScheme } from './media-protocol';
import { startServicesProcess, type ServicesHost } from './services-host';
import { guardedHandler, isTrustedSender } from './sender-check';
import { showPhotoInFolder } from './show-in-folder';
import { guardSession, guardWindow } from './window-guards';
import { loadWindowState, saveWindowState } from './window-state';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const devServer = process.env['ELECTRON_RENDERER_URL'];
let mainWindow: BrowserWindow | null = null;
let services: ServicesHost | null = null;

function isOwnPage(url: string): boolean {
  if (devServer) return url.startsWith(devServer);
  return url.split('#')[0] === pathToFileURL(rendererIndex).href;
}

function sendMenuCommand(command: MenuCommand): void {
  mainWindow?.webContents.send(HOST_CHANNELS.menu, command);
}

/** Every IPC call, contract or host, answers only our own window's main frame showing our own page. */
function trusted(event: IpcMainInvokeEvent): boolean {
  return isTrustedSender(event, mainWindow?.webContents ?? null, isOwnPage);
}

/** Applies a new library location: the services process owns the old library, so start over. */
function relaunch(): void {
  app.relaunch();
  // Closing the window runs the usual shutdown (window state saved, library process stopped), then quits.
  if (mainWindow) mainWindow.close();
  else app.quit();
}

function createWindow(): void {
  const userData = app.getPath('userData');
  const state = loadWindowState(userData);
  // A middle click on a link asks for a new window, like any other: guardWindow's window-open
  // handler denies them all (vetted https links go to the browser), so it cannot open one here.
  // Kept unformatted: the scanner's annotation must stay on the line of its finding.
  // prettier-ignore
  mainWindow = new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK
    ...state,
    minWidth: 720,
    minHeight: 480,
    title: 'Lumen',
    show: false,
    backgroundColor: '#16181d',
    webPreferences: {
      // Our own preload, sandboxed with context isolation: it hands the page one typed function per
      // contract method and the few host calls, never ipcRenderer itself (src-main/preload/index.ts).
      preload: join(here, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  guardWindow(mainWindow, isOwnPage);
  if (state.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', () => {
    if (!mainWindow) return;
    saveWindowState(userData, { ...mainWindow.getNormalBounds(), maximized: mainWindow.isMaximized() });
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  if (devServer) void mainWindow.loadURL(devServer);
  else void mainWindow.loadFile(rendererIndex);
}

registerMediaScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  void app.whenReady().then(() => {
    guardSession(session.defaultSession);
    const userData = app.getPath('userData');
    // The per-user default (what LUMEN_LIBRARY, when set, overrides).
    const defaultPath = defaultLibraryDir(process.platform, { ...process.env, LUMEN_LIBRARY: undefined });
    const location = resolveLibraryLocation(process.env, loadChosenLibrary(userData), defaultPath);
    // The main process's own lines (the services process writes its own) go to the same rotating log.
    const log = openFileLogger(location.path, { process: 'main' });
    const logger = log.logger.child({ service: 'electron-main' });
    app.once('quit', () => log.close());
    const host = startServicesProcess(here, location.path, logger);
    services = host;
    handleMediaProtocol((kind, photoId) => host.session.resolveMedia(kind, photoId));
    registerIpcHandlers(host.session.dispatch, trusted);
    host.onEvent((event, payload) => mainWindow?.webContents.send(LUMEN_EVENT_CHANNEL, event, payload));
    ipcMain.handle(
      HOST_CHANNELS.chooseFolder,
      guardedHandler(
        trusted,
        () => null,
        async () => {
          if (!mainWindow) return null;
          const chosen = await dialog.showOpenDialog(mainWindow, { properties: ['openDirectory'], title: 'Add a photo folder' });
          return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
        },
      ),
    );
    ipcMain.handle(
      HOST_CHANNELS.libraryLocation,
      guardedHandler(
        trusted,
        () => null,
        () => location,
      ),
    );
    ipcMain.handle(
      HOST_CHANNELS.chooseLibrary,
      guardedHandler(
        trusted,
        () => false,
        async () => {
          if (!mainWindow) return false;
          const chosen = await dialog.showOpenDialog(mainWindow, {
            properties: ['openDirectory', 'createDirectory'],
            title: 'Choose a library folder',
            buttonLabel: 'Use this library',
            defaultPath: location.path,
          });
          const folder = chosen.canceled ? undefined : chosen.filePaths[0];
          if (!folder) return false;
          saveChosenLibrary(userData, folder);
          relaunch();
          return true;
        },
      ),
    );
    ipcMain.handle(
      HOST_CHANNELS.useDefaultLibrary,
      guardedHandler(
        trusted,
        () => undefined,
        () => {
          saveChosenLibrary(userData, null);
          relaunch();
        },
      ),
    );
    ipcMain.handle(
      HOST_CHANNELS.showInFolder,
      guardedHandler(
        trusted,
        () => false,
        (_event, photoId: unknown) =>
          showPhotoInFolder(
            photoId,
            (kind, id) => host.session.resolveMedia(kind, id),
            (path) => shell.showItemInFolder(path),
          ),
      ),
    );
    installAppMenu({ addFolder: () => sendMenuCommand('add-folder'), openSettings: () => sendMenuCommand('settings') });
    createWindow();
  });
  app.on('window-all-closed', () => {
    void (services?.stop() ?? Promise.resolve()).finally(() => app.quit());
  });
}
