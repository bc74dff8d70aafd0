/**
 * The window's test double answers through the services' own validated dispatcher: an argument the
 * real app refuses is refused here with the same code and sentence, and the mock gets the argument
 * as the services would (normalized), so component tests cannot pass on calls the app would refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ClassifyFilesRequest } from '../../src-common/contract-organize';
import type { SearchRequest } from '../../src-common/contract';
import { MockLumenClient } from './mock-client';

describe('MockLumenClient', () => {
  it('refuses keys a call does not take, as the services do', async () => {
    const client = MockLumenClient.withPhotos(4);
    const typo = { into: 'kinds', files: ['/photos/a.jpg'], acton: 'move' } as ClassifyFilesRequest;
    expect(await client.classifyFiles(typo)).toEqual({ ok: false, error: { code: 'bad-argument', message: 'classifyFiles does not take "acton"' } });
    expect(await client.search({ text: 'red', limit: 5, limt: 3 } as SearchRequest)).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    expect(client.callsOf('classifyFiles')).toEqual([]);
  });

  it('hands the mock the argument as the services receive it', async () => {
    const client = MockLumenClient.withPhotos(4);
    expect(await client.search({ text: '  red circle ', limit: 5 })).toMatchObject({ ok: true });
    expect(client.callsOf('search')).toEqual([{ text: 'red circle', limit: 5 }]);
    expect(await client.getPhoto(0)).toEqual({ ok: false, error: { code: 'bad-argument', message: 'photo id must be a positive integer' } });
  });
});
