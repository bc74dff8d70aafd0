import type { LumenServices } from '../../lumen-services';
import type { CliIo } from '../cli-io';

export function runStatusCommand(services: LumenServices, listErrors: boolean, json: boolean, io: CliIo): number {
  // --json always carries the error list: scripts should not need a second call.
  const status = services.status(listErrors || json);
  if (json) {
    io.out(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `Library:  ${status.library}`,
    `Photos:   ${status.photos} (${status.embedded} searchable with this model)`,
    `Errors:   ${status.errors}${status.errors > 0 && !listErrors ? ' (lumen status --errors lists them)' : ''}`,
    `Model:    ${status.model ? `${status.model.name} (${status.model.embedDim}-d, ${status.model.executionProvider})` : 'none'}`,
    ...(status.model?.deviceNote ? [`Device:   ${status.model.deviceNote}`] : []),
    ...(status.servingModel ? [`Serving:  ${status.servingModel.name} answers searches until every photo has a vector for ${status.model?.name ?? 'the new model'} (lumen index)`] : []),
    `Vectors:  ${status.vectorBackend}`,
    'Folders:',
    ...(status.roots.length === 0 ? ['  none yet: lumen index <folder>'] : status.roots.map((r) => `  ${r.path}  ${r.photos} photos${r.online ? '' : '  (offline)'}`)),
  ];
  if (listErrors) {
    lines.push('Files that could not be read:');
    for (const entry of status.errorList ?? []) lines.push(`  ${entry.path}\n    ${entry.reason}`);
  }
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
