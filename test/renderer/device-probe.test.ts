/** Settings offers only the GPU providers that can start here, and says in one sentence why another is missing. */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import type { DeviceSettings } from '../../src-common/contract-settings';
import { ok, type Result } from '../../src-common/result';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

/** The services' answer on a computer where this build has CUDA but its libraries are missing. */
class NoCudaClient extends MockLumenClient {
  override async getDevice(): Promise<Result<DeviceSettings>> {
    return ok({
      choice: 'cpu',
      choices: ['auto', 'cpu', 'webgpu'],
      inUse: 'cpu',
      restartNeeded: false,
      unavailable: [
        {
          device: 'cuda',
          sentence: 'CUDA cannot start on this computer (it needs an NVIDIA graphics card with its driver and the CUDA libraries), so it is not offered.',
          detail: 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
        },
      ],
    });
  }
}

describe('devices in Settings', () => {
  it('offers only the providers that can start, with one plain sentence for the others and the reason behind Details', async () => {
    const client = new NoCudaClient();
    render(App, { props: { app: new AppState(client) } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    const sentence = await screen.findByText(/^CUDA cannot start on this computer/);
    const device = screen.getByRole('group', { name: 'Device' });
    expect(
      within(device)
        .getAllByRole('radio')
        .map((radio) => radio.closest('label')?.textContent?.trim()),
    ).toEqual(['Automatic', 'CPU', 'WebGPU']);
    expect(sentence).toHaveTextContent(
      'CUDA cannot start on this computer (it needs an NVIDIA graphics card with its driver and the CUDA libraries), so it is not offered.',
    );
    expect(sentence.nextElementSibling?.tagName).toBe('DETAILS');
    expect(sentence.nextElementSibling).toHaveTextContent('Failed to load shared library');
  });
});
