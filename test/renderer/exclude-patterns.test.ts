/** Settings → Folders: what each folder's last scan left out (the counts `lumen status` prints), and the library's exclude patterns, edited. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { skippedSummary } from '../../src-renderer/src/lib/skipped-files';
import { MockLumenClient } from './mock-client';

async function openSettings(client: MockLumenClient): Promise<void> {
  render(App, { props: { app: new AppState(client) } });
  await screen.findByRole('heading', { name: /^All photos/ });
  await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { name: 'Settings', level: 1 });
}

describe('what the scan left out', () => {
  it('says, per folder, how many junk and excluded items were skipped and which other files were found', async () => {
    const client = MockLumenClient.withPhotos(3);
    const folder = client.folders[0] ?? '';
    client.skippedIn.set(folder, { junk: 212, excluded: 3, unsupported: { '.mov': 61, '.xmp': 30, '.txt': 5 } });
    await openSettings(client);
    const row = (await screen.findByText(folder, { selector: 'span' })).closest('li');
    if (!row) throw new Error('no folder row');
    expect(within(row).getByText('Left out: 212 system, NAS, recycle-bin or hidden items, 3 matching your exclude patterns.')).toBeInTheDocument();
    expect(within(row).getByText('Files Lumen does not read: 96 (61 .mov, 30 .xmp, 5 .txt).')).toBeInTheDocument();
  });

  it('says nothing when nothing was left out, and sums up the rarest kinds', () => {
    expect(skippedSummary({ junk: 0, excluded: 0, unsupported: {} })).toEqual([]);
    expect(skippedSummary(undefined)).toEqual([]);
    const many = Object.fromEntries(['.a', '.b', '.c', '.d', '.e', '.f', '.g', '.h'].map((kind, i) => [kind, 10 - i]));
    expect(skippedSummary({ junk: 1, excluded: 0, unsupported: many })).toEqual([
      'Left out: 1 system, NAS, recycle-bin or hidden item.',
      'Files Lumen does not read: 52 (10 .a, 9 .b, 8 .c, 7 .d, 6 .e, 5 .f, 7 other).',
    ]);
  });
});

describe('exclude patterns', () => {
  it('lists the library’s patterns, adds one, removes one, and shows a refusal beside them', async () => {
    const client = MockLumenClient.withPhotos(3);
    client.excludePatterns = ['*.gif'];
    await openSettings(client);
    const list = await screen.findByRole('list', { name: 'Left out of indexing' });
    expect(within(list).getByText('*.gif')).toBeInTheDocument();

    await fireEvent.input(screen.getByLabelText('Pattern to leave out'), { target: { value: ' Screenshots/ ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Leave out' }));
    await waitFor(() => expect(within(list).getByText('Screenshots/')).toBeInTheDocument());
    expect(client.callsOf('setExcludePatterns')).toEqual([['*.gif', 'Screenshots/']]);
    await waitFor(() => expect(screen.getByLabelText('Pattern to leave out')).toHaveValue(''));

    await fireEvent.click(screen.getByRole('button', { name: 'Stop leaving out *.gif' }));
    await waitFor(() => expect(within(list).queryByText('*.gif')).not.toBeInTheDocument());
    expect(client.callsOf('setExcludePatterns').at(-1)).toEqual(['Screenshots/']);

    await fireEvent.input(screen.getByLabelText('Pattern to leave out'), { target: { value: '#raw' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Leave out' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/would be a comment in gitignore syntax/);
    expect(screen.getByLabelText('Pattern to leave out')).toHaveValue('#raw');
  });
});
