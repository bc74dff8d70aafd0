/**
 * The window's preferences (theme, thumbnail size and fit), kept in the browser's storage. Not to be
 * confused with the library's configuration (`lumen config`: model, device), which lives in the library;
 * the Settings page shows both.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const THEME_KEY = 'lumen.theme';
const SIZE_KEY = 'lumen.thumbnailSize';
const FIT_KEY = 'lumen.thumbnailFit';
const RAW_SCORES_KEY = 'lumen.showRawScores';

/** `contain` shows the whole photo (nothing that matched is cropped away); `cover` fills square cells. */
export type ThumbnailFit = 'contain' | 'cover';
export const THUMBNAIL_FITS: readonly ThumbnailFit[] = ['contain', 'cover'];

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage off: the choice lasts for this session only.
  }
}

export class PreferencesState {
  theme = $state<ThemeChoice>(THEME_CHOICES.find((t) => t === readStorage(THEME_KEY)) ?? 'system');
  /** Smallest thumbnail edge in the grid, in CSS pixels. */
  thumbnailSize = $state(Number(readStorage(SIZE_KEY)) || 168);
  thumbnailFit = $state<ThumbnailFit>(THUMBNAIL_FITS.find((f) => f === readStorage(FIT_KEY)) ?? 'contain');

  /** Also show each hit's raw cosine beside its match (for people comparing models). */
  showRawScores = $state(readStorage(RAW_SCORES_KEY) === 'true');

  setShowRawScores(show: boolean): void {
    this.showRawScores = show;
    writeStorage(RAW_SCORES_KEY, String(show));
  }

  setTheme(theme: ThemeChoice): void {
    this.theme = theme;
    writeStorage(THEME_KEY, theme);
    this.apply();
  }

  setThumbnailSize(size: number): void {
    this.thumbnailSize = Math.min(320, Math.max(96, Math.round(size)));
    writeStorage(SIZE_KEY, String(this.thumbnailSize));
  }

  setThumbnailFit(fit: ThumbnailFit): void {
    this.thumbnailFit = fit;
    writeStorage(FIT_KEY, fit);
  }

  /** Sets `data-theme` on <html>; CSS reads it (and the OS preference for "system"). */
  apply(): void {
    document.documentElement.dataset['theme'] = this.theme;
  }
}
