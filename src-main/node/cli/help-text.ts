export const HELP_TEXT = `lumen: find your photos by what is in them, on your own machine.

Usage:
  lumen index <folder>...              add folders to the library and index new or changed photos
        [--watch] [--poll <seconds>]   keep indexing changes until Ctrl-C (--poll: for network shares)
        [--retry-errors]               try files that failed before again, even if unchanged
        [--refresh-metadata]           read GPS, time zone and dates again for photos an older Lumen indexed
  lumen search "<text>" [--limit N]    photos that best match the words (default 10 results);
                                       "-word" pushes away from a word (see docs/SEARCH.md)
        [--like <photo>]... [--text-weight W]   more like these photos (with words: both, W = words' share)
        [--folder <dir>]... [--from DATE] [--to DATE] [--tag T]... [--camera C]... [--place P]... [--type jpg|png|…]...
        [--include-offline] [--include-undated] [--offset N] [--group]   filters (--include-undated: keep photos
                                       without a capture date in a --from/--to range), paging, fold near-identical photos
  lumen tag add <name> [photo…] [--description D]... [--threshold P]   make a tag; tag photos by hand
  lumen tag list | run [--tag T]... [--folder <dir> | --photo <file>...] | review <name>
  lumen tag accept|reject <name> (<photo>... | --all)   decide on suggestions
  lumen tag describe <name> [--description D]...   replace what the tag means (its words)
  lumen tag rename <a> <b> | merge <a> <b> | delete <name> | tune <name>
  lumen tag export [--folder <dir>] [--embed-in-originals]   XMP sidecars (see docs/TAGGING.md)
  lumen category add <set> <name> [--description D]... [--example <photo>]... [--folder <dir>]
        [--unsure-below P]             define a category of a set; lumen category list
  lumen category edit <set> <name> [--rename N] [--description D]... [--folder <dir> | --default-folder]
  lumen category delete <set> <name> | file <set> <name> <photo>... [--move]   file photos by hand
  lumen classify <file>... --into <set> [--move|--copy] [--dry-run]   sort photos (docs/CLASSIFY.md)
  lumen undo [id]                      undo the newest change (a copy or move, a tag change, a folder added or
                                       removed, stars or favourites given), or the one lumen history lists as <id>
  lumen history                        the changes Lumen can undo, newest first
  lumen status [--errors]              library summary; --errors lists files that could not be read
  lumen serve [--port N] [--host H]    the app in your browser: open the address it prints (its token is required)
        [--new-token]                  replace this library's saved token (addresses printed before stop working);
                                       the token and port are kept between starts, so an open window reconnects
  lumen config get <key>               show a library setting (vector.backend, model.folder, model.device)
  lumen config set <key> <value>       change a library setting
  lumen exclude add|remove <pattern>... | list | clear
                                       files and folders indexing leaves out (gitignore syntax)
  lumen model catalog                  recommended models with their download sizes (--json: files, hashes, sources)
  lumen model add <source>             install a model: a catalogue id, Org/name[@rev], hf://Org/name@rev,
                                       a hub URL (/tree/<rev>, /blob/…, /resolve/…) or a folder; downloads
                                       resume, files are checked against pinned hashes, Ctrl-C stops
        [--id ID] [--variant fp32|quantized|fp16|q4|…]   ($HF_ENDPOINT: a hub mirror)
  lumen model list | use <id> | remove <id>   installed models; use = this library's model

Options (every command):
  --library <folder>        library folder (default: your user data folder, or $LUMEN_LIBRARY)
  --model <folder>          model folder in the transformers.js layout (default: the library's
                            model.folder setting, else the bundled shapes-lit demo model)
  --vector-backend vss|vec  vector index for this run (default: the vector.backend setting, else vec)
  --device auto|cpu|webgpu|cuda|dml|coreml
                            where the model runs (default: the model.device setting, else cpu);
                            a GPU is checked against the CPU first and, if it fails, the CPU is
                            used and lumen status says why
  --json                    machine-readable output (see docs/CLI.md)
  -h, --help                this text
  -v, --version             the version

Exit codes: 0 success, 1 the work failed (missing folder, missing model, …), 2 bad arguments.
`;
