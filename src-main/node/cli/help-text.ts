export const HELP_TEXT = `lumen: find your photos by what is in them, on your own machine.

Usage:
  lumen index <folder>...              add folders to the library and index new or changed photos
  lumen search "<text>" [--limit N]    photos that best match the words (default 10 results)
  lumen status [--errors]              library summary; --errors lists files that could not be read
  lumen config get <key>               show a library setting (vector.backend, model.folder)
  lumen config set <key> <value>       change a library setting

Options (every command):
  --library <folder>        library folder (default: your user data folder, or $LUMEN_LIBRARY)
  --model <folder>          model folder in the transformers.js layout (default: the library's
                            model.folder setting, else the bundled shapes-lit demo model)
  --vector-backend vss|vec  vector index for this run (default: the vector.backend setting, else vec)
  --json                    machine-readable output (see docs/CLI.md)
  -h, --help                this text
  -v, --version             the version

Exit codes: 0 success, 1 the work failed (missing folder, missing model, …), 2 bad arguments.
`;
