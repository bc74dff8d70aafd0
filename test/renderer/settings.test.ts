/** Settings against the one API mock: switching models, adding one, the device, and where the library lives. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function openSettings(client: MockLumenClient): Promise<AppState> {
  const app = new AppState(client);
  render(App, { props: { app } });
  await screen.findByRole('heading', { name: /^All photos/ });
  await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { name: 'Settings', level: 1 });
  return app;
}

function modelRow(name: string): HTMLElement {
  const list = screen.getByRole('list', { name: 'Installed models' });
  const row = within(list).getByText(name, { selector: 'strong' }).closest('li');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe('settings: models', () => {
  it('lists the installed models and marks the one in use', async () => {
    await openSettings(MockLumenClient.withPhotos(6));
    await screen.findByRole('list', { name: 'Installed models' });
    expect(modelRow('shapes-lit')).toHaveTextContent('In use');
    expect(within(modelRow('shapes-lit')).queryByRole('button')).toBeNull();
    expect(modelRow('shapes-lit-text')).toHaveTextContent('same image tower: switches at once');
    expect(modelRow('shapes-big')).toHaveTextContent('siglip · 64-d');
    expect(modelRow('shapes-big')).toHaveTextContent('new vectors for every photo, made in the background');
  });

  it('switches at once to a model with the same image tower', async () => {
    const client = MockLumenClient.withPhotos(6);
    await openSettings(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Use shapes-lit-text' }));
    expect(client.callsOf('useModel')).toEqual(['shapes-lit-text']);
    await waitFor(() => expect(modelRow('shapes-lit-text')).toHaveTextContent('In use'));
    expect(await screen.findByText('Now using shapes-lit-text.')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar', { name: 'Vectors for the new model' })).toBeNull();
    expect(await screen.findByText('shapes-lit-text', { selector: 'dd' })).toBeInTheDocument();
  });

  it('shows the background re-embedding of another image tower while the old model serves, until it is done', async () => {
    const client = MockLumenClient.withPhotos(6);
    await openSettings(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Use shapes-big' }));
    const progress = await screen.findByRole('progressbar', { name: 'Vectors for the new model' });
    expect(progress).toHaveAttribute('max', '6');
    expect(progress.parentElement).toHaveTextContent('0 of 6 photos. shapes-lit answers searches until then.');
    expect(await screen.findByText(/making its vectors in the background/)).toBeInTheDocument();

    client.finishSwitch();
    await waitFor(() => expect(screen.queryByRole('progressbar', { name: 'Vectors for the new model' })).toBeNull(), { timeout: 4_000 });
    expect(modelRow('shapes-big')).toHaveTextContent('In use');
  });

  it('refuses to switch while indexing runs, saying why', async () => {
    const client = MockLumenClient.withPhotos(6);
    await openSettings(client);
    await client.addFolder('/photos/More');
    await fireEvent.click(await screen.findByRole('button', { name: 'Use shapes-big' }));
    await waitFor(() => expect(screen.getAllByText(/wait for it to finish/).length).toBeGreaterThan(0));
    expect(modelRow('shapes-lit')).toHaveTextContent('In use');
  });

  it('adds a model from a folder, and shows why one cannot be added', async () => {
    const client = MockLumenClient.withPhotos(2);
    await openSettings(client);
    const input = await screen.findByLabelText('Model folder on this computer');
    const add = screen.getByRole('button', { name: 'Add model' });
    expect(add).toBeDisabled();
    await fireEvent.input(input, { target: { value: '/models/new-clip' } });
    await fireEvent.click(add);
    expect(client.callsOf('addModel')).toEqual(['/models/new-clip']);
    await waitFor(() => expect(modelRow('new-clip')).toHaveTextContent('Use'));
    await waitFor(() => expect(input).toHaveValue(''));

    await fireEvent.input(input, { target: { value: '/elsewhere/new-clip' } });
    await fireEvent.click(add);
    expect(await screen.findByRole('alert')).toHaveTextContent('already installed');
  });
});

describe('settings: device', () => {
  it('offers automatic, CPU and the GPU providers, and says which one runs', async () => {
    const client = MockLumenClient.withPhotos(2);
    await openSettings(client);
    const group = await screen.findByRole('group', { name: 'Device' });
    await waitFor(() =>
      expect(
        within(group)
          .getAllByRole('radio')
          .map((r) => r.parentElement?.textContent?.trim()),
      ).toEqual(['Automatic', 'CPU', 'CUDA']),
    );
    expect(within(group).getByRole('radio', { name: 'CPU' })).toBeChecked();
    expect(screen.getByText(/In use:/)).toHaveTextContent('In use: CPU');

    await fireEvent.click(within(group).getByRole('radio', { name: 'CUDA' }));
    expect(client.callsOf('setDevice')).toEqual(['cuda']);
    await waitFor(() => expect(within(group).getByRole('radio', { name: 'CUDA' })).toBeChecked());
    // Applied live: the model was reloaded, and the CPU is what actually runs (with the reason).
    expect(screen.getByText(/In use:/)).toHaveTextContent('In use: CPU');
    expect(screen.queryByText(/applies the next time Lumen starts/)).toBeNull();
    expect(screen.getByText(/--device cuda: using the CPU/)).toBeInTheDocument();
  });

  it('says a change waits for the next start when the model cannot be reloaded now', async () => {
    const client = MockLumenClient.withPhotos(2);
    await openSettings(client);
    await client.addFolder('/photos/More');
    const group = await screen.findByRole('group', { name: 'Device' });
    await fireEvent.click(await within(group).findByRole('radio', { name: 'Automatic' }));
    expect(await screen.findByText(/Automatic is saved and applies the next time Lumen starts/)).toBeInTheDocument();
  });
});

describe('settings: library location', () => {
  it('in a browser, explains that lumen serve fixed the library', async () => {
    await openSettings(MockLumenClient.withPhotos(2));
    expect(await screen.findByText(/which opened this library/)).toHaveTextContent('to open another one, start it again on that library.');
    expect(screen.queryByRole('button', { name: 'Choose another library…' })).toBeNull();
  });

  it('on the desktop, picks another library folder and relaunches on it', async () => {
    const client = MockLumenClient.withPhotos(2);
    client.shell = 'desktop';
    await openSettings(client);
    const choose = await screen.findByRole('button', { name: 'Choose another library…' });
    expect(screen.getByText(/Lumen restarts to open it/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Use the default library' })).toBeNull();

    await fireEvent.click(choose); // cancelled picker
    await waitFor(() => expect(client.callsOf('chooseLibrary')).toHaveLength(1));
    expect(client.relaunches).toBe(0);
    client.pickedLibrary = '/data/other-library';
    await fireEvent.click(choose);
    await waitFor(() => expect(client.relaunches).toBe(1));
  });

  it('on the desktop, offers the default back after a choice, and defers to LUMEN_LIBRARY', async () => {
    const client = MockLumenClient.withPhotos(2);
    client.shell = 'desktop';
    client.location = { path: '/data/other-library', source: 'chosen', defaultPath: '/home/you/.local/share/lumen/library' };
    await openSettings(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Use the default library' }));
    await waitFor(() => expect(client.relaunches).toBe(1));
    expect(screen.getByText('/data/other-library', { selector: 'dd' })).toBeInTheDocument();
  });

  it('on the desktop, leaves the location to LUMEN_LIBRARY when it is set', async () => {
    const client = MockLumenClient.withPhotos(2);
    client.shell = 'desktop';
    client.location = { path: '/env/library', source: 'environment', defaultPath: '/home/you/.local/share/lumen/library' };
    await openSettings(client);
    expect(await screen.findByText(/start Lumen without it/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Choose another library…' })).toBeNull();
  });
});
