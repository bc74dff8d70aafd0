import type { CatalogEntry, CatalogFile } from '../catalog-types';
import { CLIP_VIT_B32 } from './openai-clip';

const TEXT = 'sentence-transformers/clip-ViT-B-32-multilingual-v1';
const TEXT_REVISION = '58edf8cada9e398793dca955574a48cbb7f18be2';

/** The sentence-transformers text tower goes in `text/` of the installed folder, beside CLIP B/32's image tower. */
function textFile(path: string, bytes: number, sha256: string): CatalogFile {
  return { repo: TEXT, path, target: `text/${path}`, bytes, sha256 };
}

/**
 * LiT-style: OpenAI's CLIP B/32 image tower, and a multilingual DistilBERT distilled to put
 * sentences in 50+ languages where CLIP's text tower puts their English translation. Photos
 * indexed with clip-vit-b32 keep their vectors (same image tower).
 */
export const CLIP_B32_MULTILINGUAL: CatalogEntry = {
  id: 'clip-b32-multilingual',
  name: 'CLIP ViT-B/32 with a multilingual text tower (50+ languages)',
  family: 'multilingual-clip',
  repo: CLIP_VIT_B32.repo,
  revision: CLIP_VIT_B32.revision,
  otherRevisions: { [TEXT]: TEXT_REVISION },
  common: [
    ...CLIP_VIT_B32.common.filter((file) => file.path === 'config.json' || file.path === 'preprocessor_config.json'),
    textFile('config.json', 572, 'edc12f518bfc445dedfe8a7c58374ea659525e0b6e67814686bd6cd57f90f8b3'),
    textFile('modules.json', 341, 'f83ea5d68ac85ec15f650b350f0dc37b03d63abd60442f518e14c06f479beee6'),
    textFile('sentence_bert_config.json', 53, '70f4448f31320443fe3557cacea5abf2dcc4915dda8c80646bec9f3bb0aa5a1f'),
    textFile('config_sentence_transformers.json', 122, 'b8c64b5cece00d8424b4896ea75b512b6008576088497609dfeb6bd63e6d36b8'),
    textFile('1_Pooling/config.json', 190, 'a37f83ada23e7887be6b88f4998927dbeac0038af301553c7cd5461413bf1a56'),
    textFile('2_Dense/config.json', 115, '48f4dfaf605a6c2869cd200970e54911c6c15053781d2bdcf3e81e89e77662ed'),
    textFile('2_Dense/model.safetensors', 1572984, 'd12568dc7300970a4d3dbb49068ad16cd89b99840b74b026f8e48071e9414f74'),
    textFile('tokenizer.json', 1961847, '5b4e1a8171c81dfd666ae40265b9530c6e0b3d53923fe8ac493dcc84229adf81'),
    textFile('tokenizer_config.json', 371, '8f66d0ad85be46afc77e0bbf48312cff326ddb9e7290926df96a8228d69a814e'),
    textFile('special_tokens_map.json', 112, '303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3'),
    textFile('vocab.txt', 995526, 'fe0fda7c425b48c516fc8f160d594c8022a0808447475c1a7c6d6479763f310c'),
  ],
  towers: {
    vision: { fp32: CLIP_VIT_B32.towers.vision.fp32 ?? [], q8: CLIP_VIT_B32.towers.vision.q8 ?? [], fp16: CLIP_VIT_B32.towers.vision.fp16 ?? [] },
    text: {
      'quint8-avx2': [textFile('onnx/model_quint8_avx2.onnx', 135377779, 'fbc8fbeaa5237d96bd1bf430057c70d34de8334a463e933a5faa305f6caeed9c')],
      'qint8-arm64': [textFile('onnx/model_qint8_arm64.onnx', 135336307, '3bed77e83926519660b5c0833cb3321cfde952331edec4f7d501c7d384b8a8a7')],
    },
  },
  recommended: { cpu: { vision: 'q8', text: 'quint8-avx2' }, gpu: { vision: 'fp16', text: 'quint8-avx2' } },
  logitScale: 100,
  languages: ['multilingual (50+): ar, de, es, fr, it, ja, ko, nl, pl, pt, ru, tr, zh and more'],
  quality: {
    note: 'Queries in 50+ languages land near the English ones (distilled from CLIP B/32’s text tower), a little below English CLIP B/32 itself.',
    source: 'sentence-transformers/clip-ViT-B-32-multilingual-v1 model card; Reimers & Gurevych, Making Monolingual Sentence Embeddings Multilingual (2020)',
  },
  hashes: {
    readFrom: [
      'image tower and its JSON files: as for clip-vit-b32',
      'every text-tower file with its size: a public provenance record (lik, models/sources-v1.json) pinned to this commit, whose large files are the hub’s LFS SHA-256; the two quantized ONNX files: public model manifests pinned to the same commit',
    ],
    checkedAgainstDownload: false,
    gaps: 'The text tower’s fp32 onnx/model.onnx has no published hash here, so only its quantized ONNX files are offered.',
  },
  caveats: ['The text tower is a sentence-transformers model: mean pooling and the Dense layer (2_Dense) run outside its graph, which the loader must apply.'],
};
