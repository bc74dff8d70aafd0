/** Which links may leave the app for the user's browser: https pages only, on hosts we link to ourselves. */
export const EXTERNAL_HOSTS = new Set(['github.com', 'huggingface.co', 'onnxruntime.ai']);

export function isVettedExternalUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && EXTERNAL_HOSTS.has(url.hostname);
}
