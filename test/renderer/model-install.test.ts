/** The first-run offer and Settings' model installs against the one API mock: progress from events, not polls. */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function openApp(client: MockLumenClient): Promise<AppState> {
  const app = new AppState(client);
  render(App, { props: { app } });
  await screen.findByRole('heading', { name: /^All photos/ });
  return app;
}

function demoOnly(): MockLumenClient {
  const client = MockLumenClient.withPhotos(6);
  client.models = client.models.filter((m) => m.id.startsWith('shapes-lit'));
  return client;
}

describe('the first-run offer', () => {
  it('says the demo model only knows coloured shapes and offers the recommended download with its size', async () => {
    await openApp(demoOnly());
    expect(await screen.findByRole('heading', { name: 'This library uses the demo model' })).toBeInTheDocument();
    expect(screen.getByText(/It only knows coloured shapes/)).toHaveTextContent('Searching your 6 photos with it gives results that mean nothing.');
    expect(screen.getByRole('button', { name: 'Download CLIP ViT-B/32 (OpenAI) (156 MB)' })).toBeEnabled();
  });

  it('shows the install’s progress as the events arrive, then offers to use the model', async () => {
    const client = demoOnly();
    await openApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Download CLIP ViT-B/32 (OpenAI) (156 MB)' }));
    expect(client.callsOf('installModel')).toEqual([{ source: 'clip-vit-b32' }]);
    const bar = await screen.findByRole('progressbar', { name: 'Downloading clip-vit-b32' });
    expect(bar).toHaveAttribute('aria-valuenow', '0');
    const polls = client.callsOf('modelCatalog').length;
    client.installProgress('clip-vit-b32', 500);
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '50'));
    expect(screen.getByText(/File 1 of 2: onnx\/vision_model\.onnx/)).toBeInTheDocument();
    // Progress came from events: nothing asked for it meanwhile.
    expect(client.callsOf('modelCatalog').length).toBe(polls);
    client.finishInstall('clip-vit-b32');
    await fireEvent.click(await screen.findByRole('button', { name: 'Use CLIP ViT-B/32 (OpenAI)' }));
    expect(client.callsOf('useModel')).toEqual(['clip-vit-b32']);
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'This library uses the demo model' })).toBeNull());
  });
});

describe('cancelling an install', () => {
  it('stops the download from its Cancel button and says what was kept', async () => {
    const client = demoOnly();
    await openApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Download CLIP ViT-B/32 (OpenAI) (156 MB)' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(client.callsOf('cancelModelInstall')).toHaveLength(1);
    expect(await screen.findByText(/The download of clip-vit-b32 stopped; what arrived is kept/)).toBeInTheDocument();
  });
});

describe('settings: installing and removing models', () => {
  it('installs from a hub id and removes a model not in use', async () => {
    const client = MockLumenClient.withPhotos(6);
    await openApp(client);
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { name: 'Settings', level: 1 });
    expect(await screen.findByRole('button', { name: 'Install CLIP ViT-B/32 (OpenAI) (156 MB)' })).toBeEnabled();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Hub model id or link' }), { target: { value: 'Xenova/clip-vit-base-patch16' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    expect(client.callsOf('installModel')).toEqual([{ source: 'Xenova/clip-vit-base-patch16' }]);
    client.finishInstall('Xenova/clip-vit-base-patch16');
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove shapes-big' }));
    expect(client.callsOf('removeModel')).toEqual(['shapes-big']);
  });
});
