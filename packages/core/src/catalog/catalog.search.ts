/**
 * Tokenising catalog text for search. Chinese has no spaces, so names and guide text are cut into words by
 * jieba (@node-rs/jieba) with a user dictionary of the catalog's own terms, so 居住证 and 签注 stay whole.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { ItemDefinition } from './catalog.schema.ts';

const DOMAIN_TERMS = [
  '居住证', '居住登记', '签注', '户籍证明', '户口', '迁移', '落户', '新生儿', '注销', '身份证', '居民身份证', '挂失', '换领', '补领',
  '临时居民身份证明', '港澳', '通行证', '护照', '机动车', '检验标志', '驾驶证', '换证', '违法', '异议', '申辩', '无犯罪记录证明',
  '犬只', '养犬', '非机动车', '电动自行车', '旅馆业', '特种行业', '公章', '刻制', '备案', '易制毒', '化学品', '联网备案', '消防',
  '安全检查', '一件事', '身故', '报废', '火化', '社保', '医保', '租赁', '全程网办', '秒办', '跨省通办', '告知承诺', '容缺',
];

let jieba: Jieba | undefined;
const instance = (): Jieba => {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_TERMS.map((t) => `${t} 200000 n`).join('\n')));
  }
  return jieba;
};

const WORD = /[\p{L}\p{N}]/u;
const normalise = (tokens: string[]): string[] =>
  [...new Set(tokens.map((t) => t.trim().toLowerCase()).filter((t) => t && WORD.test(t)))];

/** Words to index for a text: every word and its sub-words (search mode), lowercased, deduplicated. */
export function indexTokens(text: string): string[] {
  return normalise(instance().cutForSearch(text, false));
}

/** Words of a user's query (precise mode), lowercased, deduplicated, punctuation dropped. */
export function queryTokens(query: string): string[] {
  return normalise(instance().cut(query, false));
}

/** Text of an item that search looks at, by weight: names and codes first, then the guide text. */
export function itemSearchText(code: string, def: ItemDefinition): { primary: string; secondary: string } {
  const lt = (t?: { zh: string; en?: string }) => (t ? `${t.zh} ${t.en ?? ''}` : '');
  const primary = [code, def.basicCode, lt(def.name), ...(def.keywords ?? []), ...def.topics].join(' ');
  const secondary = [
    lt(def.summary), lt(def.implementingBody.name),
    ...def.conditions.map((c) => lt(c.text)),
    ...def.materials.map((m) => `${lt(m.name)} ${lt(m.description)}`),
    ...def.process.steps.map((s) => lt(s.name)),
    ...def.faq.map((f) => `${lt(f.q)} ${lt(f.a)}`),
    def.output.name ? lt(def.output.name) : '',
  ].join(' ');
  return { primary, secondary };
}
