/**
 * Bulk published decisions for the portal benches, made with SQL (`generate_series`) straight into
 * `publications`, inside a transaction with the audit context set (the `zhifa_audit` trigger
 * records every row, as for a real publication).
 *
 * The texts are combinations of a vocabulary of realistic decisions (案由 / 违法事实 / 依据 /
 * 处理结果 for each agency's field and action type, a pool of parties, document numbers): every
 * piece is redacted and segmented here in Node with the service's own functions (`redactFields`,
 * `indexTokens`), and SQL joins the pieces' tokens in the service's order, so `search` holds
 * exactly what `searchVector` would store. Pieces are always separated by a character the
 * segmenter splits on (a line break, 〔〕, ：), which is what makes the tokens of a combination the
 * combination of the tokens; `verifyDecisions` checks a sample of the rows against the real thing.
 */
import type pg from "pg";
import { idNumberCheckChar, isValidCreditCode, redactFields } from "@zhifa/domain";
import { indexTokens } from "../packages/server/src/modules/publicity/search.ts";

type ActionType = "permit" | "penalty" | "coercion" | "inspection" | "levy" | "requisition" | "fee" | "reward" | "confirmation";
type Field = "market" | "environment" | "transport" | "urban" | "safety" | "land" | "justice" | "township";

/** One kind of decision: 案由, its facts (a few variants; {n} is a small number), its basis. */
interface Kind {
  field: Field;
  type: ActionType;
  title: string;
  facts: string[];
  basis: string;
}

const K = (field: Field, type: ActionType, title: string, basis: string, ...facts: string[]): Kind => ({ field, type, title, basis, facts });

const KINDS: Kind[] = [
  // 市场监管
  K("market", "penalty", "销售过期食品", "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项", "当事人在经营场所销售超过保质期的乳制品{n}盒，货值金额较小。", "当事人销售超过保质期的饮料{n}瓶，无法提供进货查验记录。", "执法人员检查发现当事人货架上陈列超过保质期的糕点{n}袋。"),
  K("market", "penalty", "销售不符合食品安全标准的食品", "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项", "经抽样检验，当事人销售的鲜猪肉兽药残留不符合食品安全国家标准，涉案数量{n}公斤。", "当事人销售的蔬菜农药残留超标，经复检结论不变，涉案数量{n}公斤。", "当事人销售的散装白酒甲醇含量不合格，涉案数量{n}升。"),
  K("market", "penalty", "未取得食品经营许可从事食品经营活动", "《中华人民共和国食品安全法》第一百二十二条第一款", "当事人未取得食品经营许可擅自从事餐饮服务活动{n}个月。", "当事人在未取得许可的情况下通过网络平台销售自制熟食{n}个月。", "当事人食品经营许可证过期后继续经营{n}天。"),
  K("market", "penalty", "发布虚假广告", "《中华人民共和国广告法》第五十五条第一款", "当事人在其网店发布含有虚假功效宣传内容的广告，持续{n}天。", "当事人在宣传单页中使用国家级、最佳等绝对化用语，印制{n}份。", "当事人发布的保健食品广告声称具有疾病治疗功能，播出{n}次。"),
  K("market", "penalty", "销售侵犯注册商标专用权的商品", "《中华人民共和国商标法》第六十条第二款", "当事人销售侵犯他人注册商标专用权的运动鞋{n}双。", "当事人销售假冒注册商标的白酒{n}瓶，不能说明合法来源。", "当事人在店内陈列侵犯注册商标专用权的箱包{n}个。"),
  K("market", "penalty", "不明码标价", "《中华人民共和国价格法》第四十二条；《明码标价和禁止价格欺诈规定》", "当事人销售的商品未按规定明码标价，涉及商品{n}种。", "当事人在标价之外加价收取未予标明的费用，涉及交易{n}笔。"),
  K("market", "penalty", "使用未经检验的特种设备", "《中华人民共和国特种设备安全法》第八十四条第一款第（一）项", "当事人使用未经定期检验的电梯{n}台。", "当事人使用超过检验有效期的压力容器{n}台，未办理使用登记。"),
  K("market", "penalty", "使用未经检定的计量器具", "《中华人民共和国计量法实施细则》第四十三条", "当事人使用未经检定的电子计价秤{n}台进行贸易结算。", "当事人使用的燃油加油机未按规定进行强制检定，共{n}台。"),
  K("market", "penalty", "生产销售不合格产品", "《中华人民共和国产品质量法》第四十九条", "经监督抽查，当事人生产的电线电缆导体电阻不合格，库存{n}卷。", "当事人销售的儿童玩具经检验不合格，涉案数量{n}件。"),
  K("market", "permit", "食品经营许可", "《中华人民共和国行政许可法》第三十八条；《食品经营许可和备案管理办法》", "申请人提交的申请材料齐全、符合法定形式，经营场所面积{n}平方米。", "经现场核查，申请人经营条件符合要求，设置专职食品安全管理人员{n}名。"),
  K("market", "permit", "药品零售企业许可", "《中华人民共和国药品管理法》第五十一条", "申请人配备执业药师{n}名，经营场所和设施设备符合规定。", "经现场验收，申请人的药品储存条件符合要求，营业面积{n}平方米。"),
  K("market", "inspection", "食品安全监督检查", "《中华人民共和国食品安全法》第一百一十条", "执法人员对当事人经营场所开展食品安全日常监督检查，检查项目{n}项。", "对当事人的进货查验、贮存条件等开展检查，抽查台账{n}份。"),
  K("market", "inspection", "特种设备安全检查", "《中华人民共和国特种设备安全法》第五十七条", "对当事人在用的电梯开展安全检查，共检查{n}台。", "对当事人的锅炉和压力容器使用管理情况开展检查，涉及设备{n}台。"),
  K("market", "coercion", "查封扣押不合格产品", "《中华人民共和国产品质量法》第十八条", "当事人涉嫌生产不合格产品，为防止证据灭失，依法扣押涉案产品{n}件。", "当事人仓库存放的涉嫌侵权商品{n}箱被依法查封。"),
  K("market", "confirmation", "计量标准考核确认", "《中华人民共和国计量法》第六条", "申请人建立的计量标准经考核符合要求，共{n}项。"),
  // 生态环境
  K("environment", "penalty", "超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条第（二）项", "在线监测数据显示当事人锅炉废气氮氧化物排放浓度超过排放标准，超标{n}小时。", "经监测，当事人废气排放口颗粒物浓度超过排放标准{n}倍。"),
  K("environment", "penalty", "未依法报批建设项目环境影响报告表擅自开工建设", "《中华人民共和国环境影响评价法》第三十一条第一款", "当事人扩建生产线项目未依法报批环境影响报告表即开工建设，已建成厂房{n}平方米。", "当事人新增喷涂工序{n}条，未履行环境影响评价手续。"),
  K("environment", "penalty", "未按规定贮存危险废物", "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款", "当事人将废矿物油露天堆放，未设置危险废物识别标志，数量{n}桶。", "当事人未按规定贮存废活性炭{n}吨，贮存场所不符合防渗要求。"),
  K("environment", "penalty", "不正常运行水污染防治设施", "《中华人民共和国水污染防治法》第八十三条第（三）项", "当事人污水处理设施停运期间直接排放生产废水，持续{n}天。", "当事人私设暗管排放未经处理的废水，排放量约{n}吨。"),
  K("environment", "penalty", "工业噪声超标", "《中华人民共和国噪声污染防治法》第七十五条", "经监测，当事人厂界夜间噪声超过排放标准{n}分贝。"),
  K("environment", "permit", "排污许可", "《排污许可管理条例》第十四条", "申请人污染物排放口{n}个，污染防治设施符合要求。", "申请人提交的排污许可申请材料齐全，核定排放口{n}个。"),
  K("environment", "inspection", "污染源现场检查", "《中华人民共和国环境保护法》第二十四条", "对当事人的废气、废水治理设施运行情况开展现场检查，调阅运行记录{n}份。", "对当事人危险废物管理台账开展检查，核对转移联单{n}份。"),
  K("environment", "coercion", "查封造成污染物排放的设施设备", "《中华人民共和国环境保护法》第二十五条", "当事人违法排放污染物，可能造成严重污染，依法查封生产设备{n}台。"),
  K("environment", "levy", "征收排污费", "《排污费征收使用管理条例》第十二条", "当事人上一季度排放污染物当量{n}千，依法核定排污费。"),
  // 交通运输
  K("transport", "penalty", "未取得道路运输经营许可擅自从事道路运输经营", "《中华人民共和国道路运输条例》第六十三条", "当事人驾驶小型客车从事非法营运，载客{n}人。", "当事人未取得道路货物运输经营许可从事货物运输，查获车辆{n}辆。"),
  K("transport", "penalty", "车辆超限运输", "《公路安全保护条例》第六十四条", "当事人车辆经检测车货总质量超过限定标准{n}吨。", "当事人货车未办理超限运输许可即上路行驶，超限{n}吨。"),
  K("transport", "penalty", "客运车辆超员", "《道路旅客运输及客运站管理规定》第一百零三条", "当事人的客运班车核载{n}人，实载超员。"),
  K("transport", "penalty", "网络预约出租汽车未取得经营许可从事经营", "《网络预约出租汽车经营服务管理暂行办法》第三十四条", "当事人车辆未取得网络预约出租汽车运输证从事网约车经营，完成订单{n}单。"),
  K("transport", "permit", "道路运输经营许可", "《中华人民共和国道路运输条例》第二十四条", "申请人有与其经营业务相适应并经检测合格的车辆{n}辆。", "申请人配备符合条件的驾驶人员{n}名，有健全的安全生产管理制度。"),
  K("transport", "inspection", "客运站安全检查", "《道路旅客运输及客运站管理规定》第八十八条", "对客运站危险品查堵、车辆例检等情况开展检查，抽查班次{n}个。"),
  K("transport", "coercion", "暂扣非法营运车辆", "《中华人民共和国道路运输条例》第六十七条", "当事人无法当场提供车辆营运证，依法暂扣车辆{n}辆。"),
  K("transport", "fee", "收取公路赔偿补偿费用", "《中华人民共和国公路法》第四十六条", "当事人施工损坏公路路面{n}平方米，依法收取赔偿补偿费用。"),
  // 城市管理
  K("urban", "penalty", "擅自占用城市道路", "《城市道路管理条例》第四十二条", "当事人未经批准擅自占用城市道路堆放建筑材料，占用面积{n}平方米。", "当事人在人行道上设置固定摊点，占用面积{n}平方米。"),
  K("urban", "penalty", "违法建设", "《中华人民共和国城乡规划法》第六十四条", "当事人未取得建设工程规划许可证擅自搭建房屋，建筑面积{n}平方米。", "当事人在屋顶平台违法加建构筑物，面积{n}平方米。"),
  K("urban", "penalty", "未按规定处置建筑垃圾", "《城市建筑垃圾管理规定》第二十六条", "当事人运输车辆沿途撒漏建筑垃圾，污染路面{n}平方米。", "当事人将建筑垃圾倾倒在非指定地点，数量约{n}吨。"),
  K("urban", "penalty", "擅自设置户外广告", "《城市市容和环境卫生管理条例》第三十六条", "当事人未经批准擅自设置户外广告牌{n}块。"),
  K("urban", "permit", "户外广告设施设置许可", "《城市市容和环境卫生管理条例》第十一条", "申请人拟设置的户外广告设施面积{n}平方米，符合设置规划。"),
  K("urban", "inspection", "市容环境卫生检查", "《城市市容和环境卫生管理条例》第二十九条", "对辖区主要街道的门前责任区落实情况开展检查，检查商户{n}户。"),
  K("urban", "coercion", "强制拆除违法建筑", "《中华人民共和国行政强制法》第四十四条", "当事人逾期未自行拆除违法建筑，依法强制拆除，面积{n}平方米。"),
  // 应急管理
  K("safety", "penalty", "未按规定对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》第九十七条第（三）项", "当事人未对新招用的{n}名从业人员进行安全生产教育和培训。"),
  K("safety", "penalty", "未在有较大危险因素的场所设置安全警示标志", "《中华人民共和国安全生产法》第九十九条第（一）项", "当事人在有限空间作业场所未设置明显的安全警示标志，涉及场所{n}处。"),
  K("safety", "penalty", "危险化学品储存不符合规定", "《危险化学品安全管理条例》第八十条第一款第（五）项", "当事人将危险化学品与禁忌物料混合储存，涉及{n}个品种。", "当事人危险化学品仓库超量储存，超出设计储量{n}吨。"),
  K("safety", "penalty", "特种作业人员未持证上岗作业", "《中华人民共和国安全生产法》第九十七条第（七）项", "当事人安排未取得特种作业操作证的{n}名人员从事电焊作业。"),
  K("safety", "permit", "危险化学品经营许可", "《危险化学品安全管理条例》第三十五条", "申请人储存设施与周边建筑的安全距离符合要求，设有专职安全管理人员{n}名。"),
  K("safety", "permit", "烟花爆竹经营（零售）许可", "《烟花爆竹安全管理条例》第十九条", "申请人零售场所面积{n}平方米，符合安全条件。"),
  K("safety", "inspection", "安全生产执法检查", "《中华人民共和国安全生产法》第六十五条", "对当事人安全生产责任制落实和隐患排查治理情况开展检查，发现隐患{n}项。"),
  K("safety", "coercion", "查封违法储存危险化学品的场所", "《危险化学品安全管理条例》第七条", "当事人违法储存危险化学品，依法查封储存场所{n}处。"),
  K("safety", "reward", "安全生产举报奖励", "《安全生产领域举报奖励办法》第十条", "举报人举报的重大事故隐患经核查属实，涉及隐患{n}项。"),
  // 自然资源
  K("land", "penalty", "非法占用土地", "《中华人民共和国土地管理法》第七十七条第一款", "当事人未经批准占用集体土地建设厂房，占地面积{n}平方米。", "当事人擅自占用耕地堆放砂石，面积{n}平方米。"),
  K("land", "penalty", "未取得采矿许可证擅自采矿", "《中华人民共和国矿产资源法》第三十九条", "当事人未取得采矿许可证擅自开采建筑用砂，开采量约{n}立方米。"),
  K("land", "penalty", "未按照规划条件进行建设", "《中华人民共和国城乡规划法》第六十四条", "当事人超出规划许可面积建设，超建面积{n}平方米。"),
  K("land", "permit", "建设用地规划许可", "《中华人民共和国城乡规划法》第三十七条", "申请人建设项目用地面积{n}平方米，符合控制性详细规划。"),
  K("land", "permit", "采矿许可", "《中华人民共和国矿产资源法》第三条", "申请人矿区范围面积{n}公顷，开发利用方案经审查通过。"),
  K("land", "inspection", "土地卫片执法检查", "《中华人民共和国土地管理法》第六十七条", "对卫星影像发现的疑似违法用地图斑开展实地核查，核查图斑{n}个。"),
  K("land", "levy", "征收土地闲置费", "《闲置土地处置办法》第十四条", "当事人取得的国有建设用地超过约定动工日期满一年未动工开发，闲置面积{n}平方米。"),
  K("land", "requisition", "临时征用土地", "《中华人民共和国土地管理法》第五十七条", "因抢险救灾需要，临时使用集体土地{n}平方米。"),
  K("land", "fee", "收取不动产登记费", "《不动产登记暂行条例》第二十二条", "申请人申请办理不动产首次登记，登记单元{n}个。"),
  K("land", "reward", "违法用地举报奖励", "《自然资源违法行为举报奖励办法》第九条", "举报人举报的违法占地线索经查证属实，涉及面积{n}平方米。"),
  K("land", "confirmation", "不动产权属争议确认", "《土地权属争议调查处理办法》第十四条", "经调查核实，争议地块面积{n}平方米，权属来源清楚。"),
  K("land", "coercion", "查封违法采矿设备", "《中华人民共和国行政强制法》第二十二条", "当事人无证开采期间，依法查封挖掘设备{n}台。"),
  // 司法行政
  K("justice", "inspection", "律师事务所年度检查考核", "《律师事务所年度检查考核办法》第八条", "对律师事务所执业活动、内部管理情况开展年度检查，抽查案卷{n}卷。"),
  K("justice", "inspection", "公证机构执业检查", "《公证机构执业管理办法》第三十条", "对公证机构的公证质量开展检查，抽查公证卷宗{n}卷。"),
  K("justice", "confirmation", "司法鉴定机构登记确认", "《司法鉴定机构登记管理办法》第二十条", "申请人具备开展业务所需的仪器设备，专职鉴定人{n}名。"),
  K("justice", "penalty", "律师违规执业", "《中华人民共和国律师法》第四十八条", "当事人律师事务所允许未取得执业证的人员以律师名义执业，涉及案件{n}件。"),
  // 街道、乡镇综合执法
  K("township", "penalty", "店外经营", "《城市市容和环境卫生管理条例》第三十六条", "当事人在店铺门前超出门窗外墙摆卖商品，占用面积{n}平方米。", "当事人多次在店外设置餐桌经营，经教育后仍未改正，次数{n}次。"),
  K("township", "penalty", "露天焚烧垃圾", "《中华人民共和国大气污染防治法》第一百一十九条第二款", "当事人在空地露天焚烧生活垃圾，焚烧面积约{n}平方米。"),
  K("township", "inspection", "街面秩序巡查", "《城市市容和环境卫生管理条例》第三条", "对辖区主要街道的占道经营情况开展巡查，巡查路段{n}条。"),
  K("township", "coercion", "扣押占道经营物品", "《中华人民共和国行政强制法》第二十三条", "当事人拒不停止占道经营，依法扣押经营用具{n}件。"),
  K("township", "permit", "临时占用道路许可", "《城市道路管理条例》第三十一条", "申请人因施工需要临时占用道路{n}平方米，期限三十日。"),
];

/** 处理结果 by action type: {a} an amount in 元. */
const CONCLUSIONS: Record<ActionType, string[]> = {
  penalty: ["警告；罚款人民币{a}元", "罚款人民币{a}元", "责令改正，罚款人民币{a}元", "没收违法所得人民币{b}元，并处罚款人民币{a}元"],
  permit: ["准予许可", "准予行政许可，有效期五年"],
  inspection: ["检查未发现违法行为", "发现问题，责令限期整改", "检查合格"],
  coercion: ["查封（扣押），期限三十日", "采取行政强制措施，期限三十日"],
  levy: ["依法征收人民币{a}元"],
  requisition: ["临时征用，期限六个月，依法给予补偿"],
  fee: ["收取费用人民币{a}元"],
  reward: ["给予举报人奖励人民币{a}元"],
  confirmation: ["予以确认", "不予确认"],
};
const AMOUNTS = [500, 1000, 2000, 3000, 5000, 8000, 10000, 20000, 30000, 50000, 100000, 200000];
const NUMBERS = [2, 3, 5, 8, 12, 20, 36, 50];

const TYPE_CHAR: Record<ActionType, string> = { permit: "许", penalty: "罚", coercion: "强", inspection: "检", levy: "征", requisition: "征用", fee: "费", reward: "奖", confirmation: "确" };
/** The field of an agency, from its code's letters (the demo agencies, any other like 市场监管). */
const FIELD_OF: Record<string, Field> = { SJ: "market", HJ: "environment", JT: "transport", CG: "urban", YJ: "safety", ZR: "land", SF: "justice", JD: "township", ZF: "township" };
/** 文书号 abbreviation of an agency's field. */
const ABBREV: Record<Field, string> = { market: "市监", environment: "环", transport: "交", urban: "城管", safety: "应急", land: "自然资", justice: "司", township: "综执" };
/** How many decisions an agency of the field makes, relatively. */
const WEIGHT: Record<Field, number> = { market: 6, environment: 3, transport: 4, urban: 5, safety: 2, land: 2, justice: 1, township: 3 };

const BRANDS = ["惠万家", "福满楼", "安达", "百信", "鑫源", "华泰", "金诚", "永顺", "宏图", "瑞丰", "佳美", "恒通", "盛世", "天成", "新锐", "汇通", "旺角", "宝利", "康乐", "嘉禾", "润泽", "锦程", "东方", "明远", "兴隆", "长青", "丰泽", "立信", "海纳", "益民", "银河", "正大", "和美", "天和", "大成", "通达", "富源", "荣昌", "万通", "中和"];
const TRADES = ["超市", "餐饮管理", "食品", "商贸", "电梯工程", "建材", "物流", "运输", "化工", "建筑工程", "药房", "酒店管理", "汽车销售", "五金机电", "服装", "印刷", "混凝土", "科技", "家具", "再生资源"];
const SURNAMES = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭", "何", "罗", "高", "林"];
const GIVEN = ["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平"];

const fill = (s: string, n: number, a: number) => s.replace("{n}", String(n)).replace("{a}", `${a}.00`).replace("{b}", `${Math.round(a / 4)}.00`);
const tok = (s: string) => indexTokens(s).join(" ");
const FULLTEXT_HEAD: Partial<Record<ActionType, string>> = { penalty: "行政处罚决定书" };
const FULLTEXT_TAIL = "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。";

/** A vocabulary entry: one combination of 案由, facts and 处理结果, in the agency field it belongs to. */
interface Entry {
  field: Field;
  type: ActionType;
  title: string;
  facts: string;
  conclusion: string;
  basis: string;
}

function entries(): Entry[] {
  const out: Entry[] = [];
  for (const [i, k] of KINDS.entries()) {
    for (const [j, facts] of k.facts.entries()) {
      for (const [c, conclusion] of CONCLUSIONS[k.type].entries()) {
        // two numbers per facts × conclusion: a few thousand distinct texts
        for (let v = 0; v < 2; v++) {
          const n = NUMBERS[(i + j * 3 + c + v * 5) % NUMBERS.length]!;
          const a = AMOUNTS[(i * 7 + j + c * 3 + v * 5) % AMOUNTS.length]!;
          out.push({ field: k.field, type: k.type, title: k.title, facts: fill(facts, n, a), conclusion: fill(conclusion, n, a), basis: k.basis });
        }
      }
    }
  }
  return out;
}

/** A party: original and redacted name and ID, and the redaction's hits (with and without the full text). */
interface Party {
  type: "person" | "org";
  name: string;
  idNo: string;
  rName: string;
  rIdNo: string;
  hits: unknown[];
  hitsFull: unknown[];
}

/** A fictional unified social credit code (area 990100), check character included. */
function creditCode(n: number): string {
  const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91990100MA${String(n).padStart(7, "0")}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(body[i]!) * weights[i]!;
  const code = body + chars[(31 - (sum % 31)) % 31]!;
  if (!isValidCreditCode(code)) throw new Error(`bad credit code ${code}`);
  return code;
}

/** A fictional 18-digit ID number (province code 11 so the redaction knows it, area 9902 used by none), born 1960–1999. */
function idNumber(n: number): string {
  const first17 = `119902${1960 + (n % 40)}${String(1 + (n % 12)).padStart(2, "0")}${String(1 + (n % 28)).padStart(2, "0")}${String(100 + (n % 900))}`;
  return first17 + idNumberCheckChar(first17);
}

function parties(texts: string[]): Party[] {
  const out: Party[] = [];
  let n = 0;
  for (const brand of BRANDS) {
    for (const trade of TRADES) {
      n++;
      const name = `示范市${brand}${trade}有限公司`;
      const idNo = creditCode(n);
      out.push({ type: "org", name, idNo, rName: name, rIdNo: idNo, hits: [], hitsFull: [] });
    }
  }
  for (const s of SURNAMES) {
    for (const g of GIVEN) {
      n++;
      const name = s + g;
      // a name that occurs in some decision text would be masked there too: not used
      if (texts.some((t) => t.includes(name))) continue;
      const idNo = idNumber(n);
      const opts = { personNames: [name], keep: [] as string[], keepOrganisationAddresses: false };
      const plain = redactFields({ partyName: name, partyIdNo: idNo }, opts);
      const full = redactFields({ partyName: name, partyIdNo: idNo, fullText: `${FULLTEXT_HEAD.penalty}\n当事人：${name}\n` }, opts);
      if (plain.fields.partyName.includes(name) || plain.fields.partyIdNo === idNo) throw new Error(`the redaction leaves ${name}'s name or ID number`);
      out.push({ type: "person", name, idNo, rName: plain.fields.partyName, rIdNo: plain.fields.partyIdNo, hits: plain.hits, hitsFull: full.hits });
    }
  }
  return out;
}

export interface Vocabulary {
  entries: Entry[];
  parties: Party[];
  /** Combinations left out because the redaction would touch them. */
  dropped: number;
}

/**
 * The vocabulary: every combination of 案由, facts and 处理结果 that the redaction leaves alone (so
 * a row's only hits are its party's), and the parties.
 */
export function vocabulary(): Vocabulary {
  const all = entries();
  const clean = all.filter((e) => redactFields({ title: e.title, facts: e.facts, conclusion: e.conclusion, basis: e.basis }, {}).hits.length === 0);
  if (clean.length < all.length * 0.9) throw new Error(`the redaction finds personal data in ${all.length - clean.length} of ${all.length} vocabulary texts`);
  const texts = [...new Set(clean.flatMap((e) => [e.title, e.facts, e.conclusion, e.basis]))].concat(FULLTEXT_TAIL);
  return {
    entries: clean,
    parties: parties(texts),
    dropped: all.length - clean.length,
  };
}

export interface GenerateOptions {
  count: number;
  /** published (default): as after publishing, without versions/ledger entries; draft: as pushed, to be published through the API */
  status?: "published" | "draft";
  /** decision dates spread over the last `days` days (default 3 years) */
  days?: number;
  /** only these agencies (codes; default: every demo agency with decisions of its field) */
  agencyCodes?: string[];
  /** rows per statement (one transaction each) */
  batch?: number;
  log?: (line: string) => void;
}

const SET_AUDIT = `select set_config('zhifa.actor', 'system:bench', true), set_config('zhifa.actor_name', 'bench', true),
                          set_config('zhifa.ip', '', true), set_config('zhifa.request_id', '', true), set_config('zhifa.action', 'bench.decisions', true)`;

/**
 * Inserts `count` decisions of the demo agencies (each of its own field and action types), one
 * transaction per batch with the audit context set. Returns the number of rows and seconds taken.
 */
export async function generateDecisions(client: pg.Client, opts: GenerateOptions): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  const status = opts.status ?? "published";
  const days = opts.days ?? 1095;
  const batch = opts.batch ?? 50_000;
  const v = vocabulary();
  opts.log?.(`vocabulary: ${v.entries.length} decision texts of ${KINDS.length} kinds, ${v.parties.length} parties (${v.parties.filter((p) => p.type === "person").length} persons, masked)`);
  const { rows: agencyRows } = await client.query<{ id: string; code: string; name: string; action_types: string[] }>("select id, code, name, action_types from agencies where active order by code");
  // per agency: its field, the entries it may decide, its share of the decisions
  const agencies = agencyRows
    .map((a) => {
      const field = FIELD_OF[a.code.replace(/\d.*$/, "")] ?? "market";
      return { ...a, field, entries: v.entries.map((e, i) => ({ e, i })).filter(({ e }) => e.field === field && a.action_types.includes(e.type)).map(({ i }) => i) };
    })
    .filter((a) => a.entries.length > 0 && (!opts.agencyCodes || opts.agencyCodes.includes(a.code)));
  if (!agencies.length) throw new Error("no agencies with decisions to make: is the demo data loaded?");
  const slots: number[] = [];
  for (const [i, a] of agencies.entries()) for (let w = 0; w < WEIGHT[a.field]; w++) slots.push(i);

  // document number prefixes: 示<agency abbreviation><type>, segmented on their own (〔 ends them)
  const prefixes = new Map<string, string>();
  const prefixOf = (a: (typeof agencies)[number], type: ActionType) => {
    const region = a.code.includes("990102") ? "东" : a.code.includes("990103") ? "西" : "";
    return `示${region}${ABBREV[a.field]}${TYPE_CHAR[type]}`;
  };
  for (const a of agencies) for (const i of a.entries) prefixes.set(prefixOf(a, v.entries[i]!.type), "");
  for (const p of prefixes.keys()) {
    prefixes.set(p, tok(p));
    // the number's block segments as <year> <n> 号 whatever n: checked here for a spread of numbers
    for (const n of [1, 7, 10, 99, 123, 1000, 4321, 65536, 99999, 123456, 999999, 1000000]) {
      const want = [tok(p), "2025", String(n), "号"].filter(Boolean).join(" ");
      if (tok(`${p}〔2025〕${n}号`) !== want) throw new Error(`document number ${p}〔2025〕${n}号 does not segment as its parts`);
    }
  }

  const vocabJson = JSON.stringify(
    v.entries.map((e, i) => {
      const head = FULLTEXT_HEAD[e.type];
      return {
        idx: i,
        action_type: e.type,
        title: e.title,
        facts: e.facts,
        conclusion: e.conclusion,
        basis: e.basis,
        // the full text (general-procedure penalties, R-PUB-04) around the party's name: head, 当事人：<name>, facts, basis, conclusion, tail
        ft_head: head ? `${head}\n当事人：` : "",
        ft_tail: head ? `\n${e.facts}\n${e.basis}\n${e.conclusion}\n${FULLTEXT_TAIL}` : "",
        t_title: tok(e.title),
        t_facts: tok(e.facts),
        t_conclusion: tok(e.conclusion),
        t_basis: tok(e.basis),
        t_ft_head: head ? [tok(head), tok("当事人")].filter(Boolean).join(" ") : "",
        t_ft_tail: head ? [tok(e.facts), tok(e.basis), tok(e.conclusion), tok(FULLTEXT_TAIL)].filter(Boolean).join(" ") : "",
      };
    }),
  );
  const partyJson = JSON.stringify(
    v.parties.map((p, i) => ({ idx: i, type: p.type, name: p.name, id_no: p.idNo, r_name: p.rName, r_id_no: p.rIdNo, hits: JSON.stringify(p.hits), hits_full: JSON.stringify(p.hitsFull), t_name: tok(p.rName) })),
  );
  const agencyJson = JSON.stringify(agencies.map((a, i) => ({ idx: i, id: a.id, name: a.name, t_name: tok(a.name), entries: a.entries })));
  const pickJson = JSON.stringify(agencies.flatMap((a, i) => a.entries.map((e, k) => ({ agency_idx: i, k, entry_idx: e, prefix: prefixOf(a, v.entries[e]!.type), t_prefix: prefixes.get(prefixOf(a, v.entries[e]!.type)) }))));

  await client.query(`drop table if exists pg_temp.bench_vocab, pg_temp.bench_party, pg_temp.bench_agency, pg_temp.bench_pick, pg_temp.bench_slot`);
  await client.query(`create temp table bench_vocab as select * from json_to_recordset($1::json) as x(idx int, action_type text, title text, facts text, conclusion text, basis text, ft_head text, ft_tail text, t_title text, t_facts text, t_conclusion text, t_basis text, t_ft_head text, t_ft_tail text)`, [vocabJson]);
  await client.query(`create temp table bench_party as select * from json_to_recordset($1::json) as x(idx int, type text, name text, id_no text, r_name text, r_id_no text, hits jsonb, hits_full jsonb, t_name text)`, [partyJson]);
  await client.query(`create temp table bench_agency as select idx, id::uuid as id, name, t_name, cardinality(entries) as n from json_to_recordset($1::json) as x(idx int, id text, name text, t_name text, entries int[])`, [agencyJson]);
  await client.query(`create temp table bench_pick as select * from json_to_recordset($1::json) as x(agency_idx int, k int, entry_idx int, prefix text, t_prefix text)`, [pickJson]);
  await client.query(`create temp table bench_slot as select s - 1 as slot, a as agency_idx from unnest($1::int[]) with ordinality as u(a, s)`, [slots]);
  for (const t of ["bench_vocab", "bench_party", "bench_agency", "bench_pick", "bench_slot"]) await client.query(`analyze ${t}`);

  const nParties = v.parties.length;
  const seqBase = Number((await client.query<{ n: string }>("select count(*) as n from publications")).rows[0]!.n);
  let made = 0;
  while (made < opts.count) {
    const size = Math.min(batch, opts.count - made);
    const from = seqBase + made + 1;
    await client.query("begin");
    await client.query(SET_AUDIT);
    // h1…h4: independent hashes of the row number (agency, entry, party, full text or not); dates spread evenly
    await client.query(
      `with r as (
         select g, (hashint4(g) & 2147483647) as h1, (hashint4(g * 7 + 1) & 2147483647) as h2, (hashint4(g * 13 + 5) & 2147483647) as h3,
                (hashint4(g * 17 + 3) & 2147483647) as h4, (current_date - 1 - (hashint4(g * 31 + 11) & 2147483647) % $4::int)::date as day
           from generate_series($1::int, $2::int) g
       ), x as (
         select r.g, r.day, a.id as agency_id, a.name as agency_name, a.t_name as t_agency, pk.entry_idx, r.h3 % ${nParties} as party_idx,
                pk.prefix || '〔' || extract(year from r.day)::int || '〕' || r.g || '号' as doc,
                array_to_string(array[nullif(pk.t_prefix, ''), extract(year from r.day)::int::text, r.g::text, '号'], ' ') as t_doc,
                r.h4 % 2 = 0 as general
           from r
           join bench_slot s on s.slot = r.h1 % ${slots.length}
           join bench_agency a on a.idx = s.agency_idx
           join bench_pick pk on pk.agency_idx = a.idx and pk.k = r.h2 % a.n
       )
       insert into publications (agency_id, source, external_key, action_type, document_number, decision_date, title, party_type, original, redacted, hits,
                                 person_names, secrets, keep, status, deadline, soon, deadline_confirmed, published_at, published_on, late, public_version, search)
       select x.agency_id, 'external', 'bench-' || x.g, v.action_type, x.doc, x.day, v.title, p.type,
              jsonb_build_object('partyName', p.name, 'partyIdNo', p.id_no, 'title', v.title, 'facts', v.facts, 'conclusion', v.conclusion, 'basis', v.basis,
                                 'fullText', case when f.full then v.ft_head || p.name || v.ft_tail else '' end),
              jsonb_build_object('partyName', p.r_name, 'partyIdNo', p.r_id_no, 'title', v.title, 'facts', v.facts, 'conclusion', v.conclusion, 'basis', v.basis,
                                 'fullText', case when f.full then v.ft_head || p.r_name || v.ft_tail else '' end),
              case when f.full then p.hits_full else p.hits end,
              case when p.type = 'person' then array[p.name] else '{}' end,
              case when p.type = 'person' then array[p.name, p.id_no] else '{}' end,
              case when p.type = 'person' then array[x.agency_name] else array[x.agency_name, p.name, p.id_no] end,
              $3::text, x.day + 9, x.day + 7, true,
              case when $3::text = 'published' then least(x.day + 3, current_date)::timestamp + time '10:00' end,
              case when $3::text = 'published' then least(x.day + 3, current_date) end,
              case when $3::text = 'published' then false end,
              case when $3::text = 'published' then 1 else 0 end,
              -- the service's order: agency, number, title, party, conclusion, basis, facts, full text
              to_tsvector('simple', array_to_string(array[nullif(x.t_agency, ''), nullif(x.t_doc, ''), nullif(v.t_title, ''), nullif(p.t_name, ''), nullif(v.t_conclusion, ''),
                                                          nullif(v.t_basis, ''), nullif(v.t_facts, ''),
                                                          case when f.full then nullif(array_to_string(array[nullif(v.t_ft_head, ''), nullif(p.t_name, ''), nullif(v.t_ft_tail, '')], ' '), '') end], ' '))
         from x
         join bench_vocab v on v.idx = x.entry_idx
         join bench_party p on p.idx = x.party_idx
         cross join lateral (select v.action_type = 'penalty' and x.general as full) f`,
      [from, from + size - 1, status, days],
    );
    await client.query("commit");
    made += size;
    opts.log?.(`  ${made} / ${opts.count} decisions (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await client.query("analyze publications");
  return { rows: made, seconds: (performance.now() - started) / 1000 };
}

/**
 * Checks `sample` generated rows against the service's own segmentation: the stored `search`
 * equals `to_tsvector('simple', indexTokens(<agency, number, redacted fields>))`, as
 * `searchVector` builds it. Throws on the first difference.
 */
export async function verifyDecisions(client: pg.Client, sample = 200): Promise<number> {
  const { rows } = await client.query<{ id: string; agency: string; doc: string; r: Record<string, string> }>(
    `select p.id, a.name as agency, p.document_number as doc, p.redacted as r from publications p join agencies a on a.id = p.agency_id
      where p.external_key like 'bench-%' order by random() limit $1`,
    [sample],
  );
  for (const row of rows) {
    const f = row.r;
    const text = [row.agency, row.doc, f.title, f.partyName, f.conclusion, f.basis, f.facts, f.fullText].join("\n");
    const { rows: same } = await client.query<{ ok: boolean }>("select search = to_tsvector('simple', $2) as ok from publications where id = $1", [row.id, indexTokens(text).join(" ")]);
    if (!same[0]?.ok) throw new Error(`publication ${row.id}: the stored tsvector differs from the service's (${row.doc})`);
  }
  return rows.length;
}
