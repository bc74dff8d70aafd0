import type { CatalogEntry, CatalogFile } from '../catalog-types';
import { towerFile } from '../dtype-files';

const S0 = 'Xenova/mobileclip_s0';

const MOBILECLIP_SOURCE = 'Vasu et al., MobileCLIP (CVPR 2024), Table 1, and github.com/apple/ml-mobileclip';
const LICENCE_CAVEAT = 'Apple released MobileCLIP’s weights under its ML research licence: check it before using them in a product.';
const FP32_VISION_CAVEAT = 'The vision tower stays fp32: the quantized one is known to rank photos wrongly.';

/** The JSON files of a Xenova MobileCLIP repository, with nothing known about them. */
function unknownCommon(repo: string): readonly CatalogFile[] {
  return ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'].map((path) => ({ repo, path, bytes: null, sha256: null }));
}

export const MOBILECLIP_S0: CatalogEntry = {
  id: 'mobileclip-s0',
  name: 'MobileCLIP S0 (Apple)',
  family: 'mobileclip',
  repo: S0,
  revision: '757d59c9c6870a76a4b0306f05f5061bca15c39f',
  common: [
    { repo: S0, path: 'config.json', bytes: 344, sha256: '8e33c1f2634a33de3e38715f9809ef86742aacbe31c310c66fc2636755458d56' },
    { repo: S0, path: 'preprocessor_config.json', bytes: 382, sha256: 'b031f09fbd69e22a605b6cc7433993249ee893b7fc1b79321f669cd015493dd4' },
    { repo: S0, path: 'tokenizer.json', bytes: 2224081, sha256: '72ed5c96db5729294468543e4bc75fce14ca63f58e37300290189ba1c1e52b85' },
    { repo: S0, path: 'tokenizer_config.json', bytes: 763, sha256: 'a7d9d24f248071b792e4a3b56ab0539c2f40eec8da56d6fd91fb3a50058acebd' },
  ],
  towers: {
    vision: {
      fp32: towerFile(S0, 'vision', 'fp32', 45543630, '17d3c037b1d488c10c50e09f6009ea5a198caef4e0e8f4ea5617b7cb2d067ac0'),
      fp16: towerFile(S0, 'vision', 'fp16', 22876479, '22b1d36ecc6837e8205aee05003440a25e1c1ee0c7e2945dbb9dd597211c59dc'),
    },
    text: {
      fp32: towerFile(S0, 'text', 'fp32', null, 'f6e9bd5742bfc515889e901634d8a2ff2a57fab8564e4ad3760e800b1a51b77c'),
      q8: towerFile(S0, 'text', 'q8', 42799238, 'b8557b10e5c23a0126c6d2e6eba48d240484979007917d128953b31618a04211'),
    },
  },
  recommended: { cpu: { vision: 'fp32', text: 'q8' }, gpu: { vision: 'fp32', text: 'fp32' } },
  logitScale: 100,
  languages: ['en'],
  quality: {
    note: 'ImageNet zero-shot top-1 67.8 %: close to CLIP B/16 at a fraction of the compute; the smallest real model here.',
    source: MOBILECLIP_SOURCE,
  },
  hashes: {
    readFrom: [
      'every file but the fp32 text tower, with sizes: public projects pinned to this commit (leanlet’s model manager, playfield’s config.ts)',
      'fp32 text and vision tower SHA-256: a public model registry pinned to this commit (anivar, skills)',
    ],
    checkedAgainstDownload: false,
    gaps: 'The fp32 text tower’s size was not found (its SHA-256 was).',
  },
  caveats: [FP32_VISION_CAVEAT, LICENCE_CAVEAT, 'Its text graph is fixed at 77 tokens.'],
};

function unpinnedMobileClip(id: 'mobileclip-s1' | 'mobileclip-s2', name: string, repo: string, note: string): CatalogEntry {
  return {
    id,
    name,
    family: 'mobileclip',
    repo,
    revision: null,
    common: unknownCommon(repo),
    towers: {
      vision: { fp32: towerFile(repo, 'vision', 'fp32', null, null), fp16: towerFile(repo, 'vision', 'fp16', null, null) },
      text: { fp32: towerFile(repo, 'text', 'fp32', null, null), q8: towerFile(repo, 'text', 'q8', null, null) },
    },
    recommended: { cpu: { vision: 'fp32', text: 'q8' }, gpu: { vision: 'fp32', text: 'fp32' } },
    logitScale: 100,
    languages: ['en'],
    quality: { note, source: MOBILECLIP_SOURCE },
    hashes: {
      readFrom: [],
      checkedAgainstDownload: false,
      gaps: 'No published commit, sizes or hashes were found for this repository: the install resolves main to a commit and checks each file against the hub’s own listing at that moment.',
    },
    caveats: [FP32_VISION_CAVEAT, LICENCE_CAVEAT, 'Its text graph is fixed at 77 tokens.'],
  };
}

export const MOBILECLIP_S1 = unpinnedMobileClip('mobileclip-s1', 'MobileCLIP S1 (Apple)', 'Xenova/mobileclip_s1', 'ImageNet zero-shot top-1 72.6 %.');
export const MOBILECLIP_S2 = unpinnedMobileClip(
  'mobileclip-s2',
  'MobileCLIP S2 (Apple)',
  'Xenova/mobileclip_s2',
  'ImageNet zero-shot top-1 74.4 %: near CLIP L/14 quality at a small fraction of its compute.',
);
