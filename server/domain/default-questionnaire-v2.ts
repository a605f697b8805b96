import type { DefaultItem } from './default-questionnaire';
import type { ItemScope } from './item-scope';

// The questionnaire new installations start with (DESIGN.md §2, issue 18), written from the source article: one idea
// per item, something ordinary staff can observe, neutral wording, both polarities. Five post items are asked about
// every post, fourteen unit items once: a 5-post unit answers 5 × 5 + 14 = 39 questions. Every dimension has at
// least two items. Answers run from 1 (strongly disagree) to 5 (strongly agree); polarity + means agreement signals
// more risk. The article's factors, by dimension:
// - opportunity: being approached through greetings and connections (打招呼、找关系) within one's portfolio;
// - pressure: 待遇攀比, 职务晋升, 生活困境;
// - rationalization: "撑死胆大的", "法不责众", "别人能干我也能干", "有权不用过期作废";
// - rules: 自由裁量权过大, 决策权与执行权分离不够, 各环节缺乏相互制约;
// - supervision: 日常监督缺失, above all of the leadership team; problems not raised;
// - cost: 不敢动真碰硬, 大事化小, a unit 纪委 that never handles cases, accountability.
// Earlier installations keep the version they started with (default-questionnaire.ts) and the periods that pinned it.

export interface ScopedDefaultItem extends DefaultItem {
  scope: ItemScope;
}

const post = (item: DefaultItem): ScopedDefaultItem => ({ ...item, scope: 'post' });
const unit = (item: DefaultItem): ScopedDefaultItem => ({ ...item, scope: 'unit' });

export const DEFAULT_ITEMS_V2: readonly ScopedDefaultItem[] = Object.freeze([
  // About each post.
  post({ key: 'opportunity-1', dimension: 'opportunity', polarity: '+', zh: '有人通过打招呼、找关系等方式，请该岗位在其分管工作中给予关照。', en: 'People use greetings or connections to ask this post for special treatment in the work it oversees.' }),
  post({ key: 'rules-1', dimension: 'rules', polarity: '+', zh: '该岗位办理事项时，自由裁量的空间较大。', en: 'This post has wide room for discretion in the matters it handles.' }),
  post({ key: 'rules-2', dimension: 'rules', polarity: '-', zh: '该岗位分管的事项，由不同的人分别负责决定和执行。', en: 'In the matters this post oversees, deciding and carrying out are done by different people.' }),
  post({ key: 'supervision-1', dimension: 'supervision', polarity: '-', zh: '该岗位办理的重要事项在单位内公开。', en: 'Important matters handled by this post are made known within the unit.' }),
  post({ key: 'supervision-2', dimension: 'supervision', polarity: '+', zh: '同事对该岗位的做法有不同意见时，不便提出。', en: 'When colleagues disagree with how this post does things, it is hard for them to say so.' }),
  // About the unit as a whole, asked once.
  unit({ key: 'opportunity-2', dimension: 'opportunity', polarity: '-', zh: '在本单位，不找关系也能把事情办成。', en: 'In this unit, things get done without having to know someone.' }),
  unit({ key: 'pressure-1', dimension: 'pressure', polarity: '+', zh: '本单位领导干部之间在待遇上相互攀比。', en: 'Leaders in this unit compare their pay and benefits with one another.' }),
  unit({ key: 'pressure-2', dimension: 'pressure', polarity: '+', zh: '本单位干部为职务晋升感到很大压力。', en: 'Cadres in this unit feel strong pressure about promotion.' }),
  unit({ key: 'pressure-3', dimension: 'pressure', polarity: '-', zh: '本单位干部遇到生活困难时，能及时得到单位的帮助。', en: 'When cadres of this unit face hardship in their personal lives, the unit helps them in time.' }),
  unit({ key: 'rationalization-1', dimension: 'rationalization', polarity: '+', zh: '在本单位，能听到“法不责众”这样的说法。', en: 'In this unit one hears sayings like "the law cannot punish everyone".' }),
  unit({ key: 'rationalization-2', dimension: 'rationalization', polarity: '+', zh: '在本单位，能听到“别人能干我也能干”这样的说法。', en: 'In this unit one hears sayings like "if others can do it, so can I".' }),
  unit({ key: 'rationalization-3', dimension: 'rationalization', polarity: '+', zh: '在本单位，能听到“有权不用，过期作废”这样的说法。', en: 'In this unit one hears sayings like "use your power before it expires".' }),
  unit({ key: 'rationalization-4', dimension: 'rationalization', polarity: '+', zh: '在本单位，能听到“撑死胆大的，饿死胆小的”这样的说法。', en: 'In this unit one hears sayings like "the bold eat their fill, the timid go hungry".' }),
  unit({ key: 'rules-3', dimension: 'rules', polarity: '-', zh: '本单位办理重要事项时，各个环节之间能够相互制约。', en: 'When this unit handles important matters, each step is a check on the others.' }),
  unit({ key: 'supervision-3', dimension: 'supervision', polarity: '-', zh: '本单位对领导班子成员的日常监督落到了实处。', en: 'Day-to-day oversight of the unit\'s leadership team actually takes place.' }),
  unit({ key: 'cost-1', dimension: 'cost', polarity: '+', zh: '本单位领导对违规违纪行为不敢动真碰硬。', en: 'The unit\'s leaders shy away from confronting rule-breaking.' }),
  unit({ key: 'cost-2', dimension: 'cost', polarity: '+', zh: '本单位发现的违规违纪问题往往“大事化小、小事化了”。', en: 'Rule-breaking found in this unit tends to be played down and quietly settled.' }),
  unit({ key: 'cost-3', dimension: 'cost', polarity: '-', zh: '近年来，本单位纪委查办过违规违纪案件。', en: 'In recent years the unit\'s discipline committee has handled cases of rule-breaking.' }),
  unit({ key: 'cost-4', dimension: 'cost', polarity: '-', zh: '在本单位，违规违纪的人会受到相应的处理。', en: 'In this unit, people who break the rules are dealt with accordingly.' }),
]);
