import type { CatalogEntry } from '../catalog-types';
import { towerFile } from '../dtype-files';

const JINA = 'jinaai/jina-clip-v1';

export const JINA_CLIP_V1: CatalogEntry = {
  id: 'jina-clip-v1',
  name: 'jina-clip-v1 (Jina AI)',
  family: 'jina-clip',
  repo: JINA,
  revision: 'ceb3e44ca4d6eceaa4f3fb58b1c1a5748b3f29b6',
  common: [
    { repo: JINA, path: 'config.json', bytes: null, sha256: null },
    { repo: JINA, path: 'preprocessor_config.json', bytes: null, sha256: null },
    { repo: JINA, path: 'tokenizer.json', bytes: null, sha256: 'b36ee0ed6d20d181de65ce729dea6169658a9cfa4dede6717ba9fa2e4fbd3bc7' },
    { repo: JINA, path: 'tokenizer_config.json', bytes: null, sha256: null },
  ],
  towers: {
    vision: { fp32: towerFile(JINA, 'vision', 'fp32', null, '3032bf5f20bc39e23e9d2fff51ed1406341f1490bade128ffdcc6307af63c246') },
    text: { fp32: towerFile(JINA, 'text', 'fp32', null, 'd7b2e732e685dcaf5ca2a36e7f5d9169906859f4590766689dbf7b00b20da01b') },
  },
  recommended: { cpu: { vision: 'fp32', text: 'fp32' }, gpu: { vision: 'fp32', text: 'fp32' } },
  languages: ['en'],
  quality: {
    note: 'Its text tower is also a strong text-to-text retriever (8k tokens), so long descriptions search well; image search is close to OpenAI CLIP B/16.',
    source: 'Koukounas et al., Jina CLIP: Your CLIP Model Is Also Your Text Retriever (2024), and the jinaai/jina-clip-v1 model card',
  },
  hashes: {
    readFrom: ['onnx/vision_model.onnx, onnx/text_model.onnx and tokenizer.json SHA-256: a public model registry pinned to this commit (anivar, skills)'],
    checkedAgainstDownload: false,
    gaps: 'No sizes were found, nor hashes for the JSON files: sizes come from the hub’s listing and the JSON files are checked by its ETag at install time.',
  },
  caveats: ['It reads its own preprocessor_config.json (EVA-02 image tower), which the export loader must understand.'],
};
