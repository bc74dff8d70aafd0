/** What Undo of a copy or move did, in one sentence. */
export function undoneSentence(action: 'copy' | 'move', restored: number, kept: number): string {
  const photos = (n: number): string => `${n} photo${n === 1 ? '' : 's'}`;
  const done =
    action === 'copy' ? `Removed the copies of ${photos(restored)}.` : `Moved ${photos(restored)} back where ${restored === 1 ? 'it was' : 'they were'}.`;
  if (kept === 0) return done;
  return `${done} ${kept === 1 ? 'One file was' : `${kept} files were`} left alone because ${kept === 1 ? 'it has' : 'they have'} changed since.`;
}
