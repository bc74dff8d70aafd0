/// <reference types="vite/client" />
/**
 * What the window says is for people: no command-line flags, no exception or stack text, no
 * developer words. A scan of every component's markup and the renderer's message strings, and the
 * Settings page with a GPU that did not start.
 */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

// Every component and module of the window, as text (Vite reads them; the page has no file system).
const SOURCES = import.meta.glob<string>('../../src-renderer/src/**/*.{svelte,ts}', { query: '?raw', import: 'default', eager: true });

/** What a person can read: a component's markup without script, style and comments; a module's quoted strings. */
function readableText(file: string, source: string): string[] {
  if (file.endsWith('.svelte')) {
    const markup = source.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<!--[\s\S]*?-->/g, '');
    const textNodes = [...markup.matchAll(/>([^<>]+)</g)].map((m) => m[1] ?? '');
    const scriptStrings = [...source.matchAll(/(['`])((?:(?!\1)[^\\\n]|\\.)*[A-Z][a-z]+ (?:(?!\1)[^\\\n]|\\.)*)\1/g)].map((m) => m[2] ?? '');
    return [...textNodes, ...scriptStrings];
  }
  // Sentences only: a capitalised word followed by more words, as messages are written.
  return [...source.matchAll(/(['`])((?:(?!\1)[^\\\n]|\\.)*\b[A-Z][a-z]+ [a-z](?:(?!\1)[^\\\n]|\\.)*)\1/g)].map((m) => m[2] ?? '');
}

const DEVELOPER_TEXT: Array<[RegExp, string]> = [
  [/(^|[\s(])--[a-z][a-z-]+/, 'a command-line flag'],
  [/\blumen (model|index|tag|category|classify|undo) /, 'a command to type'],
  [/\bOrt[A-Z]\w+|\bat \w+ \(|\bE[A-Z]{3,}\b|Error:/, 'exception or stack text'],
  [/\bUndone\b|\bUndo (copied|moved)\b|\b[Dd]rops go\b|^\s*drops\s*$/, 'developer shorthand'],
];

describe('the window’s words', () => {
  it('no component or message shows command-line flags, commands, exception text or shorthand', () => {
    const found: string[] = [];
    expect(Object.keys(SOURCES).length).toBeGreaterThan(40);
    for (const [file, source] of Object.entries(SOURCES)) {
      for (const text of readableText(file, source)) {
        for (const [pattern, what] of DEVELOPER_TEXT) if (pattern.test(text)) found.push(`${file}: ${what}: ${text.trim().slice(0, 100)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('says in a sentence that the chosen GPU could not start, the technical reason behind Details', async () => {
    const client = MockLumenClient.withPhotos(3);
    client.device = { choice: 'cuda', loadedWith: 'cuda', inUse: 'cpu' };
    const app = new AppState(client);
    render(App, { props: { app } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    const device = await screen.findByText('CUDA could not start on this computer, so Lumen uses the CPU.');
    expect(device).toBeVisible();
    expect(device.textContent).not.toContain('--device');
    const details = (device.parentElement as HTMLElement).querySelector('details') as HTMLElement;
    expect(within(details).getByText('Details')).toBeInTheDocument();
    expect(details).toHaveTextContent('--device cuda: using the CPU (cuda did not start)');
  });
});
