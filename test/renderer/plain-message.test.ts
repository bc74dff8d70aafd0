/** The window's messages: a plain sentence, the technical words behind "Details". */
import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../src-renderer/src/lib/plain-message';

describe('plainMessage', () => {
  it('keeps a plain sentence as it is (capitalised, with its full stop)', () => {
    expect(plainMessage("Lumen's server cannot be reached.")).toEqual({ text: "Lumen's server cannot be reached.", detail: null });
    expect(plainMessage('no tag named "red"')).toEqual({ text: 'No tag named "red".', detail: null });
    expect(plainMessage('permission denied: Lumen cannot read this file')).toEqual({ text: 'Permission denied: Lumen cannot read this file.', detail: null });
  });

  it('puts a technical part in brackets behind the toggle', () => {
    expect(plainMessage('file is damaged and cannot be decoded (VipsJpeg: premature end of JPEG image)')).toEqual({
      text: 'File is damaged and cannot be decoded.',
      detail: 'VipsJpeg: premature end of JPEG image',
    });
    expect(plainMessage('cuda could not start (OrtSessionOptionsAppendExecutionProvider_Cuda: libcublasLt.so.12: cannot open shared object file)')).toEqual({
      text: 'Cuda could not start.',
      detail: 'OrtSessionOptionsAppendExecutionProvider_Cuda: libcublasLt.so.12: cannot open shared object file',
    });
  });

  it('drops the command line’s name of a setting', () => {
    expect(plainMessage('--device cuda: using the CPU (cuda could not load the model: OrtSessionOptionsAppendExecutionProvider_Cuda failed)')).toEqual({
      text: 'Using the CPU.',
      detail: 'cuda could not load the model: OrtSessionOptionsAppendExecutionProvider_Cuda failed',
    });
  });

  it('keeps paths that name the file a message is about', () => {
    expect(plainMessage('/photos/Shapes/Rome is already in the library, inside /photos/Shapes: here are its photos.').text).toBe(
      '/photos/Shapes/Rome is already in the library, inside /photos/Shapes: here are its photos.',
    );
  });

  it('never shows the path of a temporary file Lumen made', () => {
    const { text, detail } = plainMessage('could not write /photos/circle/.a.jpg.lumen-partial-7f3a');
    expect(`${text} ${detail ?? ''}`).not.toContain('lumen-partial');
  });

  it('never shows a model install’s staging folder or a download’s partial file', () => {
    const staged = plainMessage(
      'cannot load the model (/home/you/.local/share/lumen/models/.staging/clip-4242-17/onnx/vision_model.onnx: protobuf parsing failed)',
    );
    expect(staged.text).toBe('Cannot load the model.');
    expect(staged.detail).not.toContain('.staging');
    expect(plainMessage('the download stopped at /models/.partial/onnx/model.onnx.part').text).not.toContain('.part');
  });

  it('leaves a bracketed plain aside in the sentence', () => {
    expect(plainMessage('Removed Shapes from the library (the files stay on disk).')).toEqual({
      text: 'Removed Shapes from the library (the files stay on disk).',
      detail: null,
    });
  });
});
