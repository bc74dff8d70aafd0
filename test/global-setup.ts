import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The end-to-end suites use the bundled demo model; build it once if setup has not. */
export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  const model = join(root, 'resources/models/shapes-lit');
  if (existsSync(join(model, 'onnx/vision_model.onnx')) && existsSync(join(model, 'onnx/text_model.onnx'))) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'tools/shapes-lit/generate-model.ts', '--out', model], { cwd: root, stdio: 'inherit' });
}
