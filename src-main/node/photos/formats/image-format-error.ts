/**
 * A photo Lumen cannot turn into pixels, with the reason already worded for a person (an
 * unsupported codec, a missing helper program, a damaged container). describeDecodeError passes
 * the reason through unchanged instead of guessing from library text.
 */
export class ImageFormatError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'ImageFormatError';
  }
}
