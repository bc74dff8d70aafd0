/** While a downloaded model is loaded once as its check, the install says so instead of a finished download bar. */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import InstallProgress from '../../src-renderer/src/components/InstallProgress.svelte';

describe('an install being checked', () => {
  it('says it is checking the model, with a bar that does not pretend to know how far', () => {
    render(InstallProgress, {
      props: {
        progress: { source: 'clip-vit-b32', phase: 'checking', file: null, fileIndex: 6, fileCount: 6, received: 1000, total: 1000, notices: [] },
        oncancel: () => undefined,
      },
    });
    expect(screen.getByText('Checking the model: loading it once before it is installed.')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Checking clip-vit-b32' })).not.toHaveAttribute('aria-valuenow');
    expect(screen.queryByRole('progressbar', { name: /^Downloading/ })).toBeNull();
  });
});
