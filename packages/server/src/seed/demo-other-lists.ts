import type { ActionType, AgencyLevel } from "@zhifa/domain";
import type { Tx } from "../db/client.ts";
import { avRecordItems } from "../modules/lists/defs/av-records.ts";
import { legalReviewers } from "../modules/lists/defs/legal-reviewers.ts";
import { majorCatalogRules } from "../modules/lists/defs/major-catalog.ts";
import { serviceGuides } from "../modules/lists/defs/service-guides.ts";
import type { DemoAgency } from "./demo-lists.ts";

/**
 * Demo 重大执法决定法制审核目录 (R-LIST-06), 音像记录事项清单 (R-LIST-05), 行政执法服务指南
 * (R-LIST-07) and 法制审核人员名册 (R-LIST-12) for the 示范市 agencies. Deterministic: the
 * catalog and AV rows are fixed, names come from a seeded generator. Reviewer counts are chosen
 * so that some city-level agencies (≈24 officers each) fall below the 5 % target.
 */

type Rule = typeof majorCatalogRules.$inferInsert;
type Av = typeof avRecordItems.$inferInsert;
type Guide = typeof serviceGuides.$inferInsert;
type Reviewer = typeof legalReviewers.$inferInsert;

/** mulberry32: small, fast, seeded. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

type RuleSpec = Omit<Rule, "agencyId">;

/** 示范市司法局's catalog: applies to every agency under it (R-LIST-06). */
const CITY_CATALOG: RuleSpec[] = [
  { name: "吊销许可证件、责令关闭", actionTypes: ["penalty"], penaltyKinds: ["吊销许可证件", "责令关闭"], note: "《中华人民共和国行政处罚法》第五十八条" },
  { name: "责令停产停业、限制开展生产经营活动", actionTypes: ["penalty"], penaltyKinds: ["责令停产停业", "责令停业整顿", "限制开展生产经营活动"] },
  { name: "较大数额罚款（市级机关，5 万元以上）", actionTypes: ["penalty"], agencyLevels: ["province", "city"], minAmount: 50000, note: "对公民处 5000 元以上、对法人或者其他组织处 5 万元以上罚款的，按较高标准执行" },
  { name: "较大数额罚款（县级机关，1 万元以上）", actionTypes: ["penalty"], agencyLevels: ["county"], minAmount: 10000 },
  { name: "较大数额罚款（乡镇、街道，5000 元以上）", actionTypes: ["penalty"], agencyLevels: ["township"], minAmount: 5000 },
  { name: "没收较大数额违法所得、非法财物", actionTypes: ["penalty"], penaltyKinds: ["没收违法所得", "没收非法财物"], minAmount: 50000 },
  { name: "经过听证程序作出的行政执法决定", hearingHeld: true },
  { name: "涉及重大公共利益的行政执法决定", flags: ["major_public_interest"] },
  { name: "可能造成重大社会影响或者引发社会风险的行政执法决定", flags: ["major_social_risk"] },
  { name: "直接关系行政相对人或者第三人重大权益的行政执法决定", flags: ["third_party_major_rights"] },
  { name: "案件情况疑难复杂、涉及多个法律关系的行政执法决定", flags: ["complex_legal_relations"] },
  { name: "强制拆除等行政强制执行决定", actionTypes: ["coercion"], penaltyKinds: ["强制拆除", "代履行"] },
  { name: "撤销、注销或者不予批准的行政许可决定（重大项目）", actionTypes: ["permit"], penaltyKinds: ["撤销行政许可", "不予行政许可"], flags: ["third_party_major_rights"] },
  { name: "数额较大的行政征收决定（100 万元以上）", actionTypes: ["levy"], minAmount: 1000000 },
  { name: "（已废止）较大数额罚款旧标准（3 万元以上）", actionTypes: ["penalty"], minAmount: 30000, active: false, note: "2021 年修订前的标准，保留备查" },
];

/** Agency-specific additions, by demo agency key. */
const OWN_CATALOG: Record<string, RuleSpec[]> = {
  scjg: [{ name: "食品药品安全领域罚款 2 万元以上", actionTypes: ["penalty"], domains: ["市场监管"], minAmount: 20000, note: "食品、药品、特种设备安全领域从严审核" }],
  sthj: [
    { name: "按日连续处罚", actionTypes: ["penalty"], domains: ["生态环境"], penaltyKinds: ["按日连续处罚"] },
    { name: "查封、扣押排污设施设备", actionTypes: ["coercion"], domains: ["生态环境"], penaltyKinds: ["查封", "扣押"] },
  ],
  jtys: [{ name: "暂扣车辆且可能引发社会风险", actionTypes: ["coercion"], penaltyKinds: ["暂扣车辆"], flags: ["major_social_risk"] }],
  cgzf: [{ name: "拆除违法建设", actionTypes: ["penalty", "coercion"], penaltyKinds: ["限期拆除", "强制拆除"] }],
  yjgl: [{ name: "安全生产领域罚款 3 万元以上", actionTypes: ["penalty"], domains: ["应急管理"], minAmount: 30000 }],
  zrzy: [{ name: "没收地上建筑物、限期拆除", actionTypes: ["penalty"], penaltyKinds: ["没收地上建筑物和其他设施", "限期拆除"] }],
  dc: [{ name: "东城区：涉及学校周边食品安全的处罚", actionTypes: ["penalty"], domains: ["市场监管"], flags: ["major_public_interest"] }],
};

const AV_BASIS = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118 号）";

interface AvSpec {
  activity: string;
  needs: ActionType[];
  requirement: Av["requirement"];
  mandatoryReason?: string;
  /** Only for agencies of these domains. */
  domains?: string[];
}

/** R-REC-05: full process for personal freedom, seizure and forced execution; recommended elsewhere. */
const AV_ITEMS: AvSpec[] = [
  { activity: "查封场所、设施、财物", needs: ["coercion"], requirement: "full_process", mandatoryReason: "查封扣押财物" },
  { activity: "扣押财物", needs: ["coercion"], requirement: "full_process", mandatoryReason: "查封扣押财物" },
  { activity: "限制人身自由的行政强制措施", needs: ["coercion"], requirement: "full_process", mandatoryReason: "限制人身自由" },
  { activity: "强制执行（强制拆除）", needs: ["coercion"], requirement: "full_process", mandatoryReason: "强制拆除，涉及重大财产权益", domains: ["城市管理", "自然资源", "综合执法"] },
  { activity: "行政强制执行", needs: ["coercion"], requirement: "full_process", mandatoryReason: "强制执行，涉及重大财产权益" },
  { activity: "现场执法检查", needs: ["inspection"], requirement: "recommended" },
  { activity: "调查取证", needs: ["penalty"], requirement: "recommended" },
  { activity: "听证", needs: ["penalty"], requirement: "recommended" },
  { activity: "留置送达", needs: [], requirement: "recommended" },
  { activity: "公告送达", needs: [], requirement: "recommended" },
  { activity: "行政许可书面审查", needs: ["permit"], requirement: "text_only" },
  { activity: "非现场书面检查", needs: ["inspection"], requirement: "text_only" },
];

interface GuideSpec {
  matterName: string;
  basis: string;
  conditions: string;
  materials: string;
  process: string;
  timeLimit: string;
  fees?: string;
}

const GUIDES: Record<string, GuideSpec[]> = {
  市场监管: [
    { matterName: "食品经营许可", basis: "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》", conditions: "具有与经营的食品品种、数量相适应的经营场所、设备设施和食品安全管理人员", materials: "食品经营许可申请书；营业执照或者其他主体资格证明文件复印件；与食品经营相适应的主要设备设施布局、操作流程等文件；食品安全自查、从业人员健康管理等制度", process: "申请—受理—审查（必要时现场核查）—决定—制证送达", timeLimit: "法定 10 个工作日，承诺 5 个工作日" },
    { matterName: "特种设备使用登记", basis: "《中华人民共和国特种设备安全法》第三十三条", conditions: "特种设备经监督检验合格，使用单位具备相应的安全管理制度和人员", materials: "特种设备使用登记表；产品合格证；监督检验证明；安装改造修理告知书", process: "申请—受理—审查—发证", timeLimit: "法定 15 个工作日，承诺 3 个工作日" },
  ],
  生态环境: [
    { matterName: "建设项目环境影响报告表审批", basis: "《中华人民共和国环境影响评价法》第二十二条", conditions: "建设项目类型及其选址、布局、规模等符合环境保护法律法规和相关法定规划", materials: "审批申请书；环境影响报告表（全本及公开版本）；依法需要提交的其他材料", process: "申请—受理—技术评估—审查—公示—决定", timeLimit: "法定 30 日，承诺 15 个工作日" },
    { matterName: "排污许可证核发", basis: "《排污许可管理条例》第十一条", conditions: "依法取得建设项目环境影响评价文件审批意见或者按规定完成备案；污染物排放符合排放标准", materials: "排污许可证申请表；自行监测方案；污染防治设施说明", process: "网上申请—受理—审查—决定—发证", timeLimit: "法定 20 日" },
  ],
  交通运输: [
    { matterName: "道路货物运输经营许可", basis: "《中华人民共和国道路运输条例》第二十一条、第二十四条", conditions: "有与其经营业务相适应并经检测合格的车辆；有符合规定条件的驾驶人员；有健全的安全生产管理制度", materials: "道路货物运输经营申请表；负责人身份证明；车辆行驶证；驾驶人员从业资格证；安全生产管理制度文本", process: "申请—受理—审查—决定—发证", timeLimit: "法定 20 日，承诺 5 个工作日" },
    { matterName: "出租汽车驾驶员从业资格注册", basis: "《出租汽车驾驶员从业资格管理规定》第十八条", conditions: "取得出租汽车驾驶员从业资格证，与出租汽车经营者签订劳动合同或者经营合同", materials: "从业资格证；劳动合同或者经营合同；出租汽车驾驶员从业资格注册登记表", process: "申请—受理—审核—注册", timeLimit: "承诺 5 个工作日" },
  ],
  城市管理: [
    { matterName: "城市建筑垃圾处置核准", basis: "《城市建筑垃圾管理规定》第七条", conditions: "有建筑垃圾分类处置方案和消纳场所；运输车辆具备全密闭运输机械装置", materials: "城市建筑垃圾处置核准申请表；运输车辆清单及行驶证；消纳场所证明", process: "申请—受理—现场勘验—决定—送达", timeLimit: "法定 20 日，承诺 5 个工作日" },
    { matterName: "设置大型户外广告审批", basis: "《城市市容和环境卫生管理条例》第十一条", conditions: "设置地点、规格符合户外广告设置规划，不影响市容和安全", materials: "申请书；设置位置图和效果图；场地使用权证明；结构安全检测报告", process: "申请—受理—审查—决定—送达", timeLimit: "法定 20 日，承诺 10 个工作日" },
  ],
  应急管理: [
    { matterName: "危险化学品经营许可", basis: "《危险化学品安全管理条例》第三十三条、第三十五条", conditions: "有符合国家标准、行业标准的经营场所和储存设施；从业人员经过专业技术培训并经考核合格", materials: "经营许可证申请书；经营和储存场所证明；安全生产管理制度和岗位操作规程；应急预案", process: "申请—受理—审查（现场核查）—决定—发证", timeLimit: "法定 30 日，承诺 15 个工作日" },
    { matterName: "安全生产举报奖励", basis: "《安全生产领域举报奖励办法》第五条", conditions: "举报事项经核查属实，且属于重大事故隐患或者安全生产违法行为", materials: "举报人有效身份证明；奖励申领表", process: "举报—核查—认定—发放奖励", timeLimit: "核查属实后 60 日内", fees: "不收费" },
  ],
  自然资源: [
    { matterName: "建设用地规划许可证核发", basis: "《中华人民共和国城乡规划法》第三十七条、第三十八条", conditions: "建设项目已取得立项批复，用地符合国土空间规划", materials: "申请表；项目批准、核准或者备案文件；建设项目用地预审与选址意见书；地形图", process: "申请—受理—审查—批前公示—决定—发证", timeLimit: "法定 20 个工作日，承诺 7 个工作日" },
  ],
  司法行政: [
    { matterName: "行政执法证件申领审核", basis: "《示范省行政执法证件管理办法》第八条", conditions: "在行政执法岗位工作，参加行政执法资格考试并合格", materials: "行政执法证件申领表；考试合格证明；近期免冠照片", process: "所在机关申报—司法行政机关审核—制发证件", timeLimit: "承诺 15 个工作日", fees: "不收费" },
    { matterName: "行政执法投诉举报受理", basis: "《示范省行政执法监督条例》第二十条", conditions: "对行政执法机关及其执法人员的执法行为有异议或者发现违法执法", materials: "投诉举报书（写明被投诉机关、事实和理由）；相关证据材料", process: "投诉—登记受理—调查核实—处理—答复", timeLimit: "受理后 60 日内办结并答复", fees: "不收费" },
  ],
  综合执法: [
    { matterName: "违法建设行为举报受理", basis: "《示范省乡镇街道综合行政执法条例》第十五条", conditions: "发现辖区内违法建设行为", materials: "举报人联系方式；违法建设位置、照片等线索", process: "举报—登记—现场核查—立案或者告知—反馈", timeLimit: "受理后 15 个工作日内反馈", fees: "不收费" },
    { matterName: "临时占用道路摆摊设点许可", basis: "《城市市容和环境卫生管理条例》第十四条", conditions: "在划定的区域和时段内经营，不影响交通和市容", materials: "申请书；经营者身份证明；经营位置示意图", process: "申请—受理—现场核查—决定", timeLimit: "承诺 5 个工作日" },
  ],
};

const LEVEL_REMEDY: Record<AgencyLevel, string> = {
  province: "对决定不服的，可以自知道之日起 60 日内向示范省人民政府申请行政复议，或者在 6 个月内依法向人民法院提起行政诉讼",
  city: "对决定不服的，可以自知道之日起 60 日内向示范市人民政府申请行政复议，或者在 6 个月内依法向人民法院提起行政诉讼",
  county: "对决定不服的，可以自知道之日起 60 日内向本区人民政府申请行政复议，或者在 6 个月内依法向人民法院提起行政诉讼",
  township: "对决定不服的，可以自知道之日起 60 日内向本区人民政府申请行政复议，或者在 6 个月内依法向人民法院提起行政诉讼",
};

/** Reviewers per agency: city-level agencies (≈24 officers) with 1 are below 5 % (R-LIST-12). */
const REVIEWERS: Record<string, number> = { prov: 2, city: 2, scjg: 3, sthj: 1, jtys: 2, cgzf: 1, yjgl: 2, zrzy: 1, dc: 1, dcsj: 2, dccg: 1, dhjd: 1, xc: 1, xcsj: 1, xchj: 2, cgz: 1 };
const QUALIFICATIONS = ["legal_profession", "legal_profession", "public_lawyer", "legal_adviser", "other"] as const;
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
const GIVEN = ["明", "静", "磊", "敏", "晓燕", "建华", "文博", "慧敏", "志强", "雅琪", "海涛", "丽娟", "立新", "思雨"];

const appliesTo = (agency: DemoAgency, spec: AvSpec) =>
  spec.needs.every((t) => agency.actionTypes.includes(t)) && (!spec.domains || spec.domains.includes(agency.domain));

export async function seedDemoOtherLists(tx: Tx, agencies: DemoAgency[]): Promise<void> {
  const rnd = generator(20260315);
  const rules: Rule[] = [];
  const av: Av[] = [];
  const guides: Guide[] = [];
  const reviewers: Reviewer[] = [];

  for (const [index, agency] of agencies.entries()) {
    const catalog = [...(agency.key === "city" ? CITY_CATALOG : []), ...(OWN_CATALOG[agency.key] ?? [])];
    for (const rule of catalog) rules.push({ ...rule, agencyId: agency.id });

    for (const spec of AV_ITEMS.filter((s) => appliesTo(agency, s))) {
      av.push({ agencyId: agency.id, activity: spec.activity, actionTypes: spec.needs, requirement: spec.requirement, mandatoryReason: spec.mandatoryReason ?? null, basis: AV_BASIS });
    }

    const phone = `0999-${82000000 + index * 1113}`;
    for (const g of GUIDES[agency.domain] ?? []) {
      guides.push({
        agencyId: agency.id,
        ...g,
        fees: g.fees ?? "不收费",
        acceptingBody: `${agency.name}政务服务窗口`,
        decidingBody: agency.name,
        supervision: `${agency.name}法制科，电话 ${phone}；12345 政务服务便民热线`,
        remedy: LEVEL_REMEDY[agency.level],
        officeHours: "周一至周五 上午 9:00—12:00，下午 13:30—17:30（法定节假日除外）",
        address: `${agency.name.match(/..区/)?.[0] ?? "示范市"}政务服务中心 ${1 + (index % 3)} 楼 ${10 + index} 号窗口`,
        phone,
      });
    }

    const n = REVIEWERS[agency.key] ?? 1;
    for (let i = 1; i <= n; i++) {
      const qualification = rnd.pick(QUALIFICATIONS);
      reviewers.push({
        agencyId: agency.id,
        staffNo: `FZ-${String(i).padStart(2, "0")}`,
        // the demo login "fazhi" (赵法制) is 示范市市场监督管理局's first reviewer
        name: agency.key === "scjg" && i === 1 ? "赵法制" : rnd.pick([...SURNAMES]) + rnd.pick(GIVEN),
        username: agency.key === "scjg" && i === 1 ? "fazhi" : null,
        unitName: "法制科",
        post: i === 1 ? "科长" : rnd.pick(["副科长", "科员", "四级主任科员"]),
        qualification,
        certificateNo: qualification === "legal_profession" ? `A2${String(Math.floor(rnd.next() * 1e9)).padStart(9, "0")}` : qualification === "public_lawyer" ? `GZLS${String(Math.floor(rnd.next() * 1e6)).padStart(6, "0")}` : null,
        since: `20${String(12 + Math.floor(rnd.next() * 12)).padStart(2, "0")}-0${1 + Math.floor(rnd.next() * 9)}-01`,
        active: true,
      });
    }
  }
  // one reviewer who left: listed, but not counted in the ratio
  const leaver = agencies.find((a) => a.key === "jtys");
  if (leaver) reviewers.push({ agencyId: leaver.id, staffNo: "FZ-90", name: "离岗示例", unitName: "法制科", post: "科员", qualification: "other", since: "2015-06-01", active: false });

  for (const [table, rows] of [
    [majorCatalogRules, rules],
    [avRecordItems, av],
    [serviceGuides, guides],
    [legalReviewers, reviewers],
  ] as const) {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(table).values(rows.slice(i, i + 500) as never);
  }
}
