import type { CatalogEntry } from '../catalog-types';
import { towerFile } from '../dtype-files';

const SIGLIP = 'Xenova/siglip-base-patch16-224';
const SIGLIP2 = 'onnx-community/siglip2-base-patch16-224-ONNX';

export const SIGLIP_BASE_224: CatalogEntry = {
  id: 'siglip-base-224',
  name: 'SigLIP base/16, 224 px (Google)',
  family: 'siglip',
  repo: SIGLIP,
  revision: '4649052661e53c7000355844105f8a1792088239',
  common: [
    { repo: SIGLIP, path: 'config.json', bytes: null, sha256: null },
    { repo: SIGLIP, path: 'preprocessor_config.json', bytes: null, sha256: null },
    { repo: SIGLIP, path: 'tokenizer.json', bytes: 2398744, sha256: '4a17c975210be5ab4c36b47d8dae4eefb866dbfb1e676e394aad85dc30a3ae08' },
    { repo: SIGLIP, path: 'tokenizer_config.json', bytes: null, sha256: null },
  ],
  towers: {
    vision: {
      fp32: towerFile(SIGLIP, 'vision', 'fp32', 371819850, 'f89d41bac7f4d4b87e010a467d93f98689d708916ed22f5a07f96fdfa26f475f'),
      q8: towerFile(SIGLIP, 'vision', 'q8', 99499129, 'ef14a954f3d57e1806666432bd9785004c1dc27100aa260eee0cb0f10a5de058'),
      fp16: towerFile(SIGLIP, 'vision', 'fp16', null, '7287a8e9cbf4f2eedd66e8dc5cf584be03108f4e4a24331879ac6ef7ac7c878f'),
    },
    text: {
      fp32: towerFile(SIGLIP, 'text', 'fp32', 441332132, '3aa7fdbd20eaa8740cce17bf82913de641fcb632a768fed59f661cdcd0c32553'),
      q8: towerFile(SIGLIP, 'text', 'q8', 111475220, 'ad0329b1f35acc66d8953ff2559ce358da8eb0a7011794cf951523d63a4dbce2'),
      fp16: towerFile(SIGLIP, 'text', 'fp16', null, 'ebffbfd71ae11b3f9df5233095815953f44b02ca241c317722edd8c49a9de0f6'),
    },
  },
  recommended: { cpu: { vision: 'q8', text: 'q8' }, gpu: { vision: 'fp16', text: 'fp16' } },
  // Trained values of google/siglip-base-patch16-224 (exp of the stored log scale); Xenova's config.json has neither.
  logitScale: 117.33076477050781,
  logitBias: -12.9324369430542,
  languages: ['en'],
  quality: {
    note: 'ImageNet zero-shot top-1 76.2 % at the size of CLIP B/16; its sigmoid scores read as probabilities, which helps tagging.',
    source: 'Zhai et al., Sigmoid Loss for Language Image Pre-Training (2023), and the google/siglip-base-patch16-224 model card',
  },
  hashes: {
    readFrom: [
      'fp32 and _quantized towers and tokenizer.json with sizes: a public catalogue pinned to this commit (mosaic, local model catalog)',
      'the same quantized vision and fp32 text SHA-256, and the fp16 SHA-256: export_models.py of another public project pinned to this commit',
      'logit scale and bias: a public model audit that read them from the google checkpoint (scale 117.33076477050781, bias -12.9324369430542)',
    ],
    checkedAgainstDownload: false,
    gaps: 'No published hash was found for config.json, preprocessor_config.json and tokenizer_config.json, nor the sizes of the fp16 towers: those are checked by the hub’s ETag at install time.',
  },
};

export const SIGLIP2_BASE_224: CatalogEntry = {
  id: 'siglip2-base-224',
  name: 'SigLIP 2 base/16, 224 px (Google)',
  family: 'siglip',
  repo: SIGLIP2,
  revision: 'ba1f3b0843f24bc5417d38e19c37b287d719b2f4',
  common: [
    { repo: SIGLIP2, path: 'config.json', bytes: null, sha256: null },
    { repo: SIGLIP2, path: 'preprocessor_config.json', bytes: null, sha256: null },
    { repo: SIGLIP2, path: 'tokenizer.json', bytes: null, sha256: null },
    { repo: SIGLIP2, path: 'tokenizer_config.json', bytes: null, sha256: null },
  ],
  towers: {
    vision: { fp16: towerFile(SIGLIP2, 'vision', 'fp16', 186039516, 'a1959f7bd3993a607e48839f6d01e25b876fe76afda301b028b78eef68aabd95') },
    text: { fp16: towerFile(SIGLIP2, 'text', 'fp16', 564862230, '711da56ada0a4aa11c7dd3320df741081a3cae4f0ae1b5e5c6d5b294738d0eb0') },
  },
  recommended: { cpu: { vision: 'fp16', text: 'fp16' }, gpu: { vision: 'fp16', text: 'fp16' } },
  // exp(4.724453449249268) and the bias of google/siglip2-base-patch16-224, as a public project records them.
  logitScale: 112.66890226978423,
  logitBias: -16.771724700927734,
  languages: ['multilingual'],
  quality: {
    note: 'SigLIP 2 improves on SigLIP at the same size and was trained on multilingual data; its tokenizer alone is about 34 MB.',
    source: 'Tschannen et al., SigLIP 2 (2025), and the google/siglip2-base-patch16-224 model card',
  },
  hashes: {
    readFrom: [
      'fp16 towers: a public provenance record (lik, docs) that downloaded this commit and lists bytes and SHA-256 of each',
      'logit scale (log 4.724453449249268) and bias: test metadata of a public project using google/siglip2-base-patch16-224',
    ],
    checkedAgainstDownload: false,
    gaps: 'Only the fp16 towers have published hashes; the JSON and tokenizer files are checked by the hub’s ETag at install time.',
  },
  caveats: ['Only fp16 towers are pinned, so the CPU runs fp16 weights too.'],
};
