import type { CatalogEntry } from '../catalog-types';
import { towerFile } from '../dtype-files';

const B32 = 'Xenova/clip-vit-base-patch32';
const B16 = 'Xenova/clip-vit-base-patch16';
const L14 = 'Xenova/clip-vit-large-patch14';

/** CLIP's learned temperature, clamped at 100 in training; Xenova's config.json carries only `logit_scale_init_value`. */
const CLIP_LOGIT_SCALE = 100;

const OPENCLIP_RESULTS = 'OpenCLIP zero-shot results table (openai weights), github.com/mlfoundations/open_clip docs/openclip_results.csv';

/**
 * The small default. Every size and hash is the hub's tree listing of this commit: LFS files by
 * their `lfs.oid` (SHA-256), files kept in git by their blob SHA-1.
 */
export const CLIP_VIT_B32: CatalogEntry = {
  id: 'clip-vit-b32',
  name: 'CLIP ViT-B/32 (OpenAI)',
  family: 'clip',
  repo: B32,
  revision: 'd15189d7028b43f1d3e65039190477f6af591c2a',
  common: [
    { repo: B32, path: 'config.json', bytes: 4524, sha256: null, gitBlobSha1: 'e79bad158b04c235740f9b2ec320b17f4030f7a5' },
    { repo: B32, path: 'preprocessor_config.json', bytes: 520, sha256: null, gitBlobSha1: 'e0675735fd0052745f2f7b7291e4aa7859389998' },
    {
      repo: B32,
      path: 'tokenizer.json',
      bytes: 2224119,
      sha256: 'f7f3b7af117d467b58374797691a6438d3e6b9e9cef800dfd5dced7f697a90cd',
      gitBlobSha1: 'bc1f77d20440541dd073ebae6f6c401087c7d34e',
    },
    { repo: B32, path: 'tokenizer_config.json', bytes: 775, sha256: null, gitBlobSha1: 'c9b2a711cbdd039529fa5a66f1965e13eb14451d' },
  ],
  towers: {
    vision: {
      fp32: towerFile(B32, 'vision', 'fp32', 351685709, 'fd6e1402a588279d1723c7534d4bcba5bc0b14b47dfab0e46f8c47b8270d7d40'),
      fp16: towerFile(B32, 'vision', 'fp16', 176080659, '35c4e0fb0aeee527dcde1693520b214a34424a786babd530f35366bad5844efd'),
      q8: towerFile(B32, 'vision', 'q8', 89117001, '583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299'),
      int8: towerFile(B32, 'vision', 'int8', 88648877, '0ab0c1b3ace708e539633af1744d5a95247fe4e14d3e08ff197ef82a6cb9bd93'),
      uint8: towerFile(B32, 'vision', 'uint8', 88648915, 'b95448754a6ae56964ec80c570c80bb9863787ee85f51b664abed8c0e5f22a7a'),
      q4: towerFile(B32, 'vision', 'q4', 63642858, '0769eb1d2f6f68927bbfa6e5330df4c4c3c112f89cd43eae28baafa9e6bd34b4'),
      q4f16: towerFile(B32, 'vision', 'q4f16', 53267374, 'd238c4e0afe798c47c5991a046b923c5bcbeed19c2d75d7c0db845ba73bb7b87'),
      bnb4: towerFile(B32, 'vision', 'bnb4', 58310402, 'd37c9d4463a3ade0bd069e2d35af22f6cbe71ca6e64ad922dbd4f5b2cba9243e'),
    },
    text: {
      fp32: towerFile(B32, 'text', 'fp32', 254058553, '3f6571f5bad13a97c469c1622e1cfc4d9aef78b79fdbfcff804ca357bfada8cc'),
      fp16: towerFile(B32, 'text', 'fp16', 127339794, 'df587ffbf248bf20d44fa6e16adc5ebc27ead691860e5333dbdaab5fd6bf3f6e'),
      q8: towerFile(B32, 'text', 'q8', 64504507, '73baab855d406190da9faa498cfedf65f15cf309f4cc7385b7b032e6d08e5c3a'),
      int8: towerFile(B32, 'text', 'int8', 64070791, '18845f2ccc35223bb7fec403383a131154b11ac0918df25cf51986df5efd3a21'),
      uint8: towerFile(B32, 'text', 'uint8', 64070835, 'cbe64fd9eaa6324d49006ce99c104107fdf6b26d25bebff96ecbb5d8a24c5e54'),
      q4: towerFile(B32, 'text', 'q4', 125742108, 'e4ccd15d806b8af841a036884b42034535d58e04c52df00f56e73f72d3c166d5'),
      q4f16: towerFile(B32, 'text', 'q4f16', 72531963, '7640460b1389da7d4fa3b3ebcc80299fbe6850b209a009b5067d25c4a9d027d2'),
      bnb4: towerFile(B32, 'text', 'bnb4', 123367012, 'b7c2b531428f0a71a0510252ce9157b2c0fd2400dd0e21aed2e2313cc0e36164'),
    },
  },
  // Same precision on both towers: every Lumen since the first loads such a pair.
  recommended: { cpu: { vision: 'q8', text: 'q8' }, gpu: { vision: 'fp16', text: 'fp16' } },
  logitScale: CLIP_LOGIT_SCALE,
  languages: ['en'],
  quality: { note: 'ImageNet zero-shot top-1 63.3 %; the fastest real model, good for everyday photos.', source: OPENCLIP_RESULTS },
  hashes: {
    readFrom: [
      'the hub tree listing of this commit as recorded in github.com/justintanner/videobook-engine src/model-checksums.json (every file: LFS SHA-256 or git blob SHA-1, with sizes)',
      'the same SHA-256 and sizes for onnx/vision_model.onnx, onnx/text_model.onnx, the _quantized towers and tokenizer.json, pinned independently by several other public projects at this commit',
    ],
    checkedAgainstDownload: false,
    gaps: 'config.json, preprocessor_config.json and tokenizer_config.json are kept in git, not LFS: they are checked by their git blob SHA-1 and size.',
  },
};

export const CLIP_VIT_B16: CatalogEntry = {
  id: 'clip-vit-b16',
  name: 'CLIP ViT-B/16 (OpenAI)',
  family: 'clip',
  repo: B16,
  revision: null,
  common: [
    { repo: B16, path: 'config.json', bytes: null, sha256: null },
    { repo: B16, path: 'preprocessor_config.json', bytes: null, sha256: null },
    { repo: B16, path: 'tokenizer.json', bytes: null, sha256: null },
    { repo: B16, path: 'tokenizer_config.json', bytes: null, sha256: null },
  ],
  towers: {
    vision: {
      fp32: towerFile(B16, 'vision', 'fp32', null, null),
      q8: towerFile(B16, 'vision', 'q8', null, null),
      fp16: towerFile(B16, 'vision', 'fp16', null, null),
    },
    text: { fp32: towerFile(B16, 'text', 'fp32', null, null), q8: towerFile(B16, 'text', 'q8', null, null), fp16: towerFile(B16, 'text', 'fp16', null, null) },
  },
  recommended: { cpu: { vision: 'q8', text: 'q8' }, gpu: { vision: 'fp16', text: 'fp16' } },
  logitScale: CLIP_LOGIT_SCALE,
  languages: ['en'],
  quality: { note: 'ImageNet zero-shot top-1 68.3 %; finer detail than B/32 at about four times the image compute.', source: OPENCLIP_RESULTS },
  hashes: {
    readFrom: [],
    checkedAgainstDownload: false,
    gaps: 'No published listing of this repository’s commits, sizes or hashes was found: the install resolves main to a commit and checks each file against the hub’s own listing at that moment (LFS SHA-256), and says so.',
  },
};

export const CLIP_VIT_L14: CatalogEntry = {
  id: 'clip-vit-l14',
  name: 'CLIP ViT-L/14 (OpenAI)',
  family: 'clip',
  repo: L14,
  revision: 'c307790166907339eed5a9a53a249af534102536',
  common: [
    { repo: L14, path: 'config.json', bytes: null, sha256: null },
    { repo: L14, path: 'preprocessor_config.json', bytes: null, sha256: null },
    { repo: L14, path: 'tokenizer.json', bytes: null, sha256: null },
    { repo: L14, path: 'tokenizer_config.json', bytes: null, sha256: null },
  ],
  towers: {
    vision: {
      fp32: towerFile(L14, 'vision', 'fp32', 1216438437, 'ff49f8aa57c7abfd26e382eb083e4dbf988505223a9bd3767dbfd4e729206709'),
      fp16: towerFile(L14, 'vision', 'fp16', 608690866, null),
    },
    text: { fp32: towerFile(L14, 'text', 'fp32', null, null), fp16: towerFile(L14, 'text', 'fp16', 247784246, null) },
  },
  recommended: { cpu: { vision: 'fp16', text: 'fp16' }, gpu: { vision: 'fp16', text: 'fp16' } },
  logitScale: CLIP_LOGIT_SCALE,
  languages: ['en'],
  quality: {
    note: 'ImageNet zero-shot top-1 75.5 %; the most accurate CLIP here, slow on a CPU (about 12 times B/32’s image compute).',
    source: OPENCLIP_RESULTS,
  },
  hashes: {
    readFrom: [
      'onnx/vision_model.onnx: the LFS object id of this commit as pinned by github.com/fly2nbc-oss/Cerno (models.rs) and the Lifer app’s config',
      'fp16 tower sizes: a public model study that inspected this commit (vision 608690866 bytes, text 247784246 bytes)',
    ],
    checkedAgainstDownload: false,
    gaps: 'No SHA-256 was found for the fp16 towers, the fp32 text tower or the JSON files: they are checked by size where known and by the hub’s ETag (its LFS SHA-256) at install time.',
  },
};
