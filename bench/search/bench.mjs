// `cargo xtask bench search`: Kefu's FAQ engine (crates/search compiled to wasm, the same
// module the widget loads, built with wasm-bindgen --target nodejs) beside MiniSearch,
// FlexSearch and Fuse.js, in one Node process, on the same generated multilingual corpus and
// the same queries. Not a test: it prints a table; absolute times depend on the machine, so
// compare engines within one run.
//
// usage: node bench.mjs KEFU_FAQ_JS [sizes…]   (default sizes: 2000 20000)
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { Document as FlexDocument, Charset } from 'flexsearch';
import Fuse from 'fuse.js';

const require = createRequire(import.meta.url);
const kefu = require(process.argv[2]);
const SIZES = process.argv.slice(3).map(Number).filter(Boolean);
const QUERIES = 1000;

// ---------------------------------------------------------------------------------------------
// A deterministic corpus: mostly English support articles, with Chinese, Japanese and Korean.

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN = `account password reset login email address change delete close locked verification
code phone device session security alert payment card refund invoice receipt charge billing
subscription cancel order shipping delivery tracking parcel courier return exchange warranty
damaged missing wrong address customs duties international express standard pickup store
coupon discount voucher gift balance credit wallet points loyalty membership premium upgrade
downgrade plan trial renewal notification newsletter privacy data export download consent
cookies personal information retention contact support agent chat hours holiday weekend
language translation accessibility screen reader mobile application browser update install
configure settings profile avatar username nickname birthday country region currency price
tax company business bulk wholesale partnership affiliate referral review rating complaint
feedback suggestion problem error message crash slow loading page website checkout basket
product stock availability restock preorder backorder size colour material care instructions
battery charger cable adapter screen keyboard headphones camera storage memory warranty repair
replacement technician appointment schedule reschedule confirmation reminder voucher donation`
  .split(/\s+/).filter(Boolean);
const EN_Q = ['How do I', 'Can I', 'Why is my', 'What happens when I', 'Where can I find my', 'How long does it take to'];
const ZH = '账户 密码 登录 邮箱 手机 验证码 退款 发票 付款 订单 配送 快递 退货 换货 地址 优惠券 会员 积分 隐私 数据 客服 人工 时间 节假日 安全 设备 通知 取消 修改 查询 物流 包裹 破损 关税 国际 发货 到账 银行卡 支付宝 微信 余额 充值 提现 评价 投诉 建议 问题 错误 页面 网站 结算 购物车 商品 库存 预售 尺码 颜色 材质 保修 维修 预约 提醒'.split(' ');
const JA = 'アカウント パスワード ログイン メール 電話 認証 返金 請求書 支払い 注文 配送 追跡 返品 交換 住所 クーポン 会員 ポイント 個人情報 データ サポート 営業時間 祝日 セキュリティ 端末 通知 キャンセル 変更 確認 荷物 破損 関税 海外 発送 銀行 残高 レビュー 苦情 問題 エラー 画面 購入 在庫 予約 サイズ 保証 修理'.split(' ');
const KO = '계정 비밀번호 로그인 이메일 전화 인증 환불 영수증 결제 주문 배송 조회 반품 교환 주소 쿠폰 회원 포인트 개인정보 데이터 고객센터 운영시간 공휴일 보안 기기 알림 취소 변경 확인 택배 파손 관세 해외 발송 은행 잔액 리뷰 불만 문제 오류 화면 구매 재고 예약 사이즈 보증 수리'.split(' ');
const JA_PARTICLES = ['を', 'の', 'が', 'に', 'は', 'で', 'について', 'したい', 'できますか'];
const KO_PARTICLES = ['을', '를', '이', '가', '은', '는', '에서', '하고 싶어요', '할 수 있나요'];

// Real knowledge bases of thousands of articles are about many products, plans and features,
// each with its own name: without them, 20,000 articles drawn from the 200 common words above
// would be near copies of each other that no engine (and no reader) could tell apart. Each
// English article is about one of size/10 made-up product names.
const SYLLABLES = 'ka lo ve ri no ta mi zu ban tor lex qui dra sen vol mar pix ren gal fen cor lu xa bel'.split(' ');

function productNames(r, n) {
  const names = new Set();
  while (names.size < n) {
    let w = '';
    for (let k = 2 + Math.floor(r() * 2); k > 0; k--) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    if (w.length >= 5) names.add(w[0].toUpperCase() + w.slice(1));
  }
  return [...names];
}

function corpus(n) {
  const r = rng(n);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const products = productNames(r, Math.max(50, Math.floor(n / 10)));
  const docs = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    let lang;
    let question;
    let answer;
    let keywords;
    if (x < 0.75) {
      lang = 'en';
      const words = () => Array.from({ length: 3 + Math.floor(r() * 3) }, () => pick(EN));
      const product = pick(products);
      question = `${pick(EN_Q)} ${words().join(' ')} with ${product}?`;
      answer = Array.from({ length: 3 }, () => `${words().join(' ')} ${words().join(' ')}.`).join(' ') + ` ${product} ${words().join(' ')}.`;
      keywords = [pick(EN), pick(EN)];
    } else if (x < 0.85) {
      lang = 'zh';
      const phrase = () => Array.from({ length: 3 + Math.floor(r() * 3) }, () => pick(ZH)).join('');
      question = `${phrase()}怎么办？`;
      answer = `${phrase()}，${phrase()}。${phrase()}。`;
      keywords = [pick(ZH)];
    } else if (x < 0.93) {
      lang = 'ja';
      const phrase = () => Array.from({ length: 3 + Math.floor(r() * 2) }, () => pick(JA) + pick(JA_PARTICLES)).join('');
      question = `${phrase()}？`;
      answer = `${phrase()}。${phrase()}。`;
      keywords = [pick(JA)];
    } else {
      lang = 'ko';
      const phrase = () => Array.from({ length: 3 + Math.floor(r() * 2) }, () => pick(KO) + pick(KO_PARTICLES)).join(' ');
      question = `${phrase()}?`;
      answer = `${phrase()}. ${phrase()}.`;
      keywords = [pick(KO)];
    }
    docs.push({ id: i, lang, product: lang === 'en' ? question.match(/with (\w+)\?$/)[1] : null, question, keywords: keywords.join(' '), answer: `<p>${answer}</p>` });
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------
// Queries: a quarter each of prefixes (search as you type), one-typo words, exact words, and
// Chinese/Japanese/Korean words taken from the middle of an article's text.

function typo(word, r) {
  const i = 1 + Math.floor(r() * (word.length - 2));
  const k = Math.floor(r() * 3);
  if (k === 0) return word.slice(0, i) + word.slice(i + 1); // deletion
  if (k === 1) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // swap
  return word.slice(0, i) + 'x' + word.slice(i + 1); // substitution
}

function queries(docs) {
  const r = rng(7);
  const en = docs.filter((d) => d.lang === 'en');
  const cjk = docs.filter((d) => d.lang !== 'en');
  const out = [];
  const longWord = (d) => {
    const ws = d.question.replace(/[?.]/g, '').split(' ').filter((w) => w.length >= 6);
    return ws.length ? ws[Math.floor(r() * ws.length)] : null;
  };
  while (out.length < QUERIES) {
    const kind = ['prefix', 'typo', 'exact', 'cjk'][out.length % 4];
    if (kind === 'cjk') {
      const d = cjk[Math.floor(r() * cjk.length)];
      const list = d.lang === 'zh' ? ZH : d.lang === 'ja' ? JA : KO;
      const inside = list.filter((w) => d.question.includes(w) && !d.question.startsWith(w));
      if (!inside.length) continue;
      const word = inside[Math.floor(r() * inside.length)];
      out.push({ kind, text: word, target: d.id, word });
      continue;
    }
    const d = en[Math.floor(r() * en.length)];
    const w = longWord(d);
    if (!w) continue;
    // Two words of the question narrow it down as a visitor would: the product's name and
    // another word (or, when the word is the name, another word of the question).
    const other = d.question.replace(/[?.]/g, '').split(' ').filter((x) => x !== w && x.length >= 5);
    const second = w === d.product ? (other.length ? other[Math.floor(r() * other.length)] : null) : d.product;
    const lead = second ? `${second} ` : '';
    if (kind === 'prefix') out.push({ kind, text: lead + w.slice(0, 3 + Math.floor(r() * 2)), target: d.id });
    if (kind === 'typo') out.push({ kind, text: `${lead}${typo(w, r)}`, target: d.id });
    if (kind === 'exact') out.push({ kind, text: `${lead}${w}`, target: d.id });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The engines, each with its recommended settings for search as you type (prefix and fuzzy).

const text = (html) => html.replace(/<[^>]+>/g, ' ');

const engines = {
  kefu: {
    build(docs) {
      return new kefu.FaqIndex(docs.map((d) => d.question), docs.map((d) => d.keywords), docs.map((d) => d.answer));
    },
    // Kefu ships no index: the widget builds it from the FAQ payload when it loads.
    serialize: () => null,
    load: (_, docs) => engines.kefu.build(docs),
    search(index, q, limit) {
      const flat = index.search(q, limit);
      const ids = [];
      for (let i = 0; i < flat.length;) {
        ids.push(flat[i]);
        i += 2 + 2 * flat[i + 1];
      }
      return ids;
    },
  },
  minisearch: {
    options: {
      fields: ['question', 'keywords', 'answer'],
      extractField: (d, f) => (f === 'answer' ? text(d.answer) : d[f]),
      searchOptions: { prefix: true, fuzzy: 0.2, boost: { question: 3, keywords: 2 } },
    },
    build(docs) {
      const ms = new MiniSearch(this.options);
      ms.addAll(docs);
      return ms;
    },
    serialize: (ms) => JSON.stringify(ms),
    load(json) { return MiniSearch.loadJSON(json, this.options); },
    search: (ms, q, limit) => ms.search(q).slice(0, limit).map((r) => r.id),
  },
  flexsearch: {
    options: {
      document: { id: 'id', index: ['question', 'keywords', 'answer'] },
      tokenize: 'forward',
      encoder: Charset.LatinBalance,
    },
    build(docs) {
      const ix = new FlexDocument(this.options);
      for (const d of docs) ix.add({ ...d, answer: text(d.answer) });
      return ix;
    },
    serialize(ix) {
      const parts = {};
      ix.export((key, data) => { parts[key] = data; });
      return JSON.stringify(parts);
    },
    load(json) {
      const ix = new FlexDocument(this.options);
      for (const [k, v] of Object.entries(JSON.parse(json))) ix.import(k, v);
      return ix;
    },
    search(ix, q, limit) {
      const res = ix.search(q, { limit, suggest: true });
      const seen = new Set();
      for (const field of res) for (const id of field.result) seen.add(id);
      return [...seen].slice(0, limit);
    },
  },
  fuse: {
    keys: [{ name: 'question', weight: 3 }, { name: 'keywords', weight: 2 }, { name: 'answer', weight: 1 }],
    build(docs) {
      const plain = docs.map((d) => ({ ...d, answer: text(d.answer) }));
      this.docs = plain;
      return new Fuse(plain, { keys: this.keys, threshold: 0.4, ignoreLocation: true });
    },
    serialize(fuse) { return JSON.stringify(fuse.getIndex().toJSON()); },
    load(json) {
      const index = Fuse.parseIndex(JSON.parse(json));
      return new Fuse(this.docs, { keys: this.keys, threshold: 0.4, ignoreLocation: true }, index);
    },
    search: (fuse, q, limit) => fuse.search(q, { limit }).map((r) => r.item.id),
  },
};

// ---------------------------------------------------------------------------------------------

const ms = (t) => `${t.toFixed(t < 10 ? 2 : 0)} ms`;
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '–');

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function run(size) {
  const docs = corpus(size);
  const qs = queries(docs);
  const corpusGz = gzipSync(JSON.stringify(docs.map(({ product, ...d }) => d))).length;
  // Which articles contain each CJK word (the relevant set for recall).
  const holders = new Map();
  for (const q of qs.filter((x) => x.kind === 'cjk')) {
    if (!holders.has(q.word)) {
      holders.set(q.word, new Set(docs.filter((d) => d.question.includes(q.word) || d.answer.includes(q.word) || d.keywords.includes(q.word)).map((d) => d.id)));
    }
  }
  console.log(`\n## ${size} articles (${docs.filter((d) => d.lang !== 'en').length} in Chinese, Japanese or Korean), ${qs.length} queries; corpus ${kb(corpusGz)} gzipped\n`);
  console.log('| engine | build | index gz | load | query p50 | query p95 | prefix hit@10 | typo hit@10 | exact hit@10 | CJK recall |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const rows = {};
  for (const [name, e] of Object.entries(engines)) {
    let t0 = performance.now();
    const built = e.build(docs);
    const build = performance.now() - t0;
    const json = e.serialize(built);
    const indexGz = json == null ? null : gzipSync(json).length;
    t0 = performance.now();
    const index = e.load(json, docs);
    const load = performance.now() - t0;
    // Fuse.js scans every document per query; on the large corpus a sample keeps the run short.
    // (every tenth group of four, so each kind of query stays represented).
    const sample = name === 'fuse' && size > 5000 ? qs.filter((_, i) => Math.floor(i / 4) % 10 === 0) : qs;
    const times = [];
    const hits = { prefix: [0, 0], typo: [0, 0], exact: [0, 0] };
    let found = 0;
    let relevant = 0;
    for (const q of sample) {
      const limit = q.kind === 'cjk' ? Math.max(10, holders.get(q.word).size + 10) : 10;
      const s = performance.now();
      const ids = e.search(index, q.text, limit);
      times.push(performance.now() - s);
      if (q.kind === 'cjk') {
        const want = holders.get(q.word);
        relevant += want.size;
        found += ids.filter((id) => want.has(id)).length;
      } else {
        hits[q.kind][1]++;
        if (ids.slice(0, 10).includes(q.target)) hits[q.kind][0]++;
      }
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 0.5);
    const p95 = percentile(times, 0.95);
    rows[name] = { p95, recall: found / relevant, typo: hits.typo[0] / hits.typo[1], indexGz, corpusGz };
    const note = sample.length < qs.length ? ` (${sample.length} queries)` : '';
    console.log(`| ${name}${note} | ${ms(build)} | ${indexGz == null ? 'none (built on load)' : kb(indexGz)} | ${ms(load)} | ${ms(p50)} | ${ms(p95)} | ${pct(hits.prefix[0] / hits.prefix[1])} | ${pct(hits.typo[0] / hits.typo[1])} | ${pct(hits.exact[0] / hits.exact[1])} | ${pct(found / relevant)} |`);
  }
  const k = rows.kefu;
  console.log(`\ntargets: CJK recall 100% → ${pct(k.recall)}; typo hit@10 ≥ 90% → ${pct(k.typo)}; ` +
    `p95 ≤ ½ MiniSearch's → ${(k.p95 / rows.minisearch.p95).toFixed(2)}× MiniSearch; ` +
    `index gz ≤ corpus gz → ${k.indexGz == null ? 'no index is shipped' : kb(k.indexGz)}`);
}

console.log(`node ${process.version}; ${new Date().toISOString().slice(0, 10)}`);
for (const size of SIZES.length ? SIZES : [2000, 20000]) run(size);
