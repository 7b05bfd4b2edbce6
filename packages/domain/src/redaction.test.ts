import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ADDRESS_MASK,
  detectPersonNames,
  idNumberBirthDate,
  idNumberCheckChar,
  isValidChineseIdNumber,
  isValidCreditCode,
  maskIdNumber,
  maskPersonName,
  passesLuhn,
  redactFields,
  redactText,
  type RedactionHit,
  type RedactionKind,
} from "./redaction.ts";

// Test numbers. Check characters were computed independently of the code under test (by hand with the
// GB 11643 weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 / ISO 7064 MOD 11-2, the Luhn rule and the
// GB 32100 weights 3^i mod 31); 11010519491231002X is the example of GB 11643-1999 itself and
// 91350100M000100Y43 a widely published sample 统一社会信用代码.
const ID_GB_EXAMPLE = "11010519491231002X";
const ID_1990 = "110101199003077774";
const ID_MINOR_2008 = "410102200803150047";
const ID_LEAP_1972 = "130105197202290033";
const ID_X_2010 = "51010720100101123X";
const CARD_19 = "6222021234567890128";
const CARD_16 = "4520001234567890";
const USCC_SAMPLE = "91350100M000100Y43";
const USCC_DIGITS = "914101001234567892";

function kinds(hits: readonly RedactionHit[]): RedactionKind[] {
  return hits.map((h) => h.kind);
}

describe("maskPersonName (R-PUB-05)", () => {
  it.each([
    ["张三", "张某"],
    ["张三丰", "张某某"],
    ["王小二子", "王某某"],
    ["欧阳娜娜", "欧阳某某"],
    ["欧阳娜", "欧阳某"],
    ["司马光", "司马某"],
    ["诸葛孔明", "诸葛某某"],
    ["上官婉儿", "上官某某"],
    ["万俟卨", "万俟某"],
    ["阿依古丽·买买提", "阿某某"],
    ["爱新觉罗・溥仪", "爱某某"],
    ["张", "某"],
    ["张\u3000三", "张某"],
    ["John Smith", "J"],
    ["", ""],
  ])("%s → %s (R-PUB-05)", (name, masked) => {
    expect(maskPersonName(name)).toBe(masked);
  });

  it("treats a two-character name starting like a compound surname as surname + given name (R-PUB-05)", () => {
    expect(maskPersonName("欧阳")).toBe("欧某");
  });
});

describe("isValidChineseIdNumber: GB 11643-1999 (R-PUB-05)", () => {
  it("accepts valid 18-character numbers, with X as check character (upper or lower case) (R-PUB-05)", () => {
    for (const id of [ID_GB_EXAMPLE, ID_1990, ID_MINOR_2008, ID_LEAP_1972, ID_X_2010, "440524188001010014"]) {
      expect(isValidChineseIdNumber(id), id).toBe(true);
    }
    expect(isValidChineseIdNumber("11010519491231002x")).toBe(true);
  });

  it("rejects a wrong check character (R-PUB-05)", () => {
    expect(isValidChineseIdNumber("110105194912310021")).toBe(false); // should be X
    expect(isValidChineseIdNumber("11010119900307777X")).toBe(false); // should be 4
    expect(isValidChineseIdNumber("110101199003077775")).toBe(false);
  });

  it("rejects impossible birth dates and unknown province codes even with a matching check character (R-PUB-05)", () => {
    const feb29in1973 = `13010519730229003`;
    expect(isValidChineseIdNumber(feb29in1973 + idNumberCheckChar(feb29in1973))).toBe(false);
    const month13 = "11010119901301777";
    expect(isValidChineseIdNumber(month13 + idNumberCheckChar(month13))).toBe(false);
    const province99 = "99010119900307777";
    expect(isValidChineseIdNumber(province99 + idNumberCheckChar(province99))).toBe(false);
  });

  it("accepts 15-digit numbers with a valid province and YYMMDD date, rejects others (R-PUB-05)", () => {
    expect(isValidChineseIdNumber("410102800315004")).toBe(true); // 1980-03-15
    expect(isValidChineseIdNumber("410102801315004")).toBe(false); // month 13
    expect(isValidChineseIdNumber("990102800315004")).toBe(false); // no province 99
  });

  it("rejects other shapes (R-PUB-05)", () => {
    for (const s of ["", "11010519491231002", "11010519491231002XX", "1101051949123100AX", "4101028003150041"]) {
      expect(isValidChineseIdNumber(s), s).toBe(false);
    }
  });

  it("computes the check character (R-PUB-05)", () => {
    expect(idNumberCheckChar("11010519491231002")).toBe("X");
    expect(idNumberCheckChar("44052418800101001")).toBe("4");
    expect(() => idNumberCheckChar("1101")).toThrow(RangeError);
  });

  it("reads the birth date, also of a number with a wrong check character (R-PUB-05)", () => {
    expect(idNumberBirthDate(ID_MINOR_2008)).toBe("2008-03-15");
    expect(idNumberBirthDate("410102200803150040")).toBe("2008-03-15");
    expect(idNumberBirthDate("410102800315004")).toBe("1980-03-15");
    expect(idNumberBirthDate("410102200802300047")).toBeNull();
    expect(idNumberBirthDate(USCC_SAMPLE)).toBeNull();
  });
});

describe("isValidCreditCode: GB 32100-2015 (R-PUB-05)", () => {
  it("accepts valid codes (R-PUB-05)", () => {
    for (const code of [USCC_SAMPLE, USCC_DIGITS, "91440300MA5F8K3L2A", "92410102MA4A1B2C3F", "12410000415803660Q"]) {
      expect(isValidCreditCode(code), code).toBe(true);
    }
  });

  it("rejects a wrong check character, forbidden letters and wrong lengths (R-PUB-05)", () => {
    expect(isValidCreditCode("91350100M000100Y44")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y4I")).toBe(false); // I is not in the alphabet
    expect(isValidCreditCode("9135010OM000100Y43")).toBe(false); // O, and letters in the area code
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
    expect(isValidCreditCode(ID_1990)).toBe(false);
  });
});

describe("passesLuhn and maskIdNumber (R-PUB-05)", () => {
  it("checks Luhn (R-PUB-05)", () => {
    expect(passesLuhn(CARD_19)).toBe(true);
    expect(passesLuhn(CARD_16)).toBe(true);
    expect(passesLuhn("6222021234567890127")).toBe(false);
    expect(passesLuhn("4520 0012")).toBe(false);
  });

  it("keeps 3 + 4 of an 18-character number and 3 + 3 of a 15-digit one, hiding the whole birth date (R-PUB-05)", () => {
    expect(maskIdNumber(ID_GB_EXAMPLE)).toBe("110***********002X");
    expect(maskIdNumber("410102800315004")).toBe("410*********004");
    expect(maskIdNumber(ID_GB_EXAMPLE)).toHaveLength(18);
  });
});

describe("redactText: ID numbers (R-PUB-05)", () => {
  it("masks a valid ID number keeping its length (R-PUB-05)", () => {
    const r = redactText(`公民身份号码：${ID_1990}。`);
    expect(r.text).toBe("公民身份号码：110***********7774。");
    expect(r.hits).toEqual([{ kind: "id_number", start: 7, end: 25, original: ID_1990, replacement: "110***********7774" }]);
  });

  it("masks an ID number with X and a lower-case x (R-PUB-05)", () => {
    expect(redactText(`身份证${ID_X_2010}，另${ID_GB_EXAMPLE.toLowerCase()}`).text).toBe("身份证510***********123X，另110***********002x");
  });

  it("masks a plausible ID number with a bad check character and says so (R-PUB-05)", () => {
    const r = redactText("身份证号110101199003077775");
    expect(r.text).toBe("身份证号110***********7775");
    expect(r.hits[0]).toMatchObject({ kind: "id_number", note: "校验码不符" });
  });

  it("masks old 15-digit numbers (R-PUB-05)", () => {
    expect(redactText("原身份证号410102800315004。").text).toBe("原身份证号410*********004。");
  });

  it("keeps 统一社会信用代码, 注册号 and other long numbers (R-PUB-05)", () => {
    const text = `统一社会信用代码：${USCC_SAMPLE}，${USCC_DIGITS}；注册号：410102000123456；罚没款20000元；案号示市监罚〔2025〕123号；编号202503150001234567。`;
    expect(redactText(text)).toEqual({ text, hits: [] });
  });

  it("does not read an ID number inside a longer run of digits or letters (R-PUB-05)", () => {
    const text = `编号A${ID_1990}与9${ID_1990}`;
    expect(redactText(text).text).toBe(text);
  });
});

describe("redactText: phones (R-PUB-05)", () => {
  it.each([
    ["13812345678", "138****5678"],
    ["138 1234 5678", "138 **** 5678"],
    ["138-1234-5678", "138-****-5678"],
    ["+8613812345678", "+86138****5678"],
    ["+86 138 1234 5678", "+86 138 **** 5678"],
    ["（+86）19912345678", "（+86）199****5678"],
    ["0086-15012345678", "0086-150****5678"],
    ["010-12345678", "010-********"],
    ["0755-1234567", "0755-*******"],
    ["（0371）61234567", "（0371）********"],
    ["(0371)61234567", "(0371)********"],
    ["021 62345678", "021 ********"],
    ["075583123456", "0755********"],
  ])("%s → %s (R-PUB-05)", (phone, masked) => {
    const r = redactText(`联系方式${phone}。`);
    expect(r.text).toBe(`联系方式${masked}。`);
    expect(kinds(r.hits)).toEqual(["phone"]);
  });

  it("masks a bare local number after a phone label only (R-PUB-05)", () => {
    expect(redactText("联系电话：6123456；罚款6123456元").text).toBe("联系电话：*******；罚款6123456元");
  });

  it("keeps service numbers, public lines and numbers in keep (R-PUB-05)", () => {
    const text = "投诉举报电话：12315，政务服务热线12345，咨询电话：0371-68888888，监督电话：（0371）67777777，客服95588。";
    expect(redactText(text).text).toBe(text);
    expect(redactText("本机关电话0371-66666666。", { keep: ["0371-66666666"] }).text).toBe("本机关电话0371-66666666。");
    expect(redactText("当事人电话0371-66666666。").text).toBe("当事人电话0371-********。");
  });

  it("does not take a number out of a longer digit run (R-PUB-05)", () => {
    expect(redactText("流水号2138123456789").text).toBe("流水号2138123456789");
  });
});

describe("redactText: bank cards (R-PUB-05)", () => {
  it("masks Luhn-valid cards, grouped or not, keeping the first and last 4 digits (R-PUB-05)", () => {
    expect(redactText(`卡号${CARD_19}`).text).toBe("卡号6222***********0128");
    expect(redactText("账户 6222 0212 3456 7890 128 收款").text).toBe("账户 6222 **** **** ***0 128 收款");
    expect(redactText("信用卡4520-0012-3456-7890。").text).toBe("信用卡4520-****-****-7890。");
    expect(redactText(`转入${CARD_16}`).hits).toEqual([
      { kind: "bank_card", start: 2, end: 18, original: CARD_16, replacement: "4520********7890" },
    ]);
  });

  it("keeps account numbers failing Luhn unless labelled 卡号 (R-PUB-05)", () => {
    expect(redactText("代收账号6222021234567890127").text).toBe("代收账号6222021234567890127");
    const r = redactText("银行卡号：6222021234567890127");
    expect(r.text).toBe("银行卡号：6222***********0127");
    expect(r.hits[0]?.note).toBe("校验位不符");
  });

  it("prefers a valid ID number over a Luhn-valid reading of the same 18 digits (R-PUB-05)", () => {
    // A valid ID number that also passes the Luhn check: vary the sequence number until it does.
    const both = Array.from({ length: 900 }, (_, i) => `44030419850612${100 + i}`)
      .map((first17) => first17 + idNumberCheckChar(first17))
      .find(passesLuhn);
    expect(both).toBeDefined();
    const id = both ?? "";
    const r = redactText(`号码${id}`);
    expect(r.hits).toEqual([{ kind: "id_number", start: 2, end: 20, original: id, replacement: maskIdNumber(id) }]);
  });
});

describe("redactText: plates and e-mails (R-PUB-05)", () => {
  it.each([
    ["粤B12345", "粤B1****"],
    ["粤B·12345", "粤B·1****"],
    ["京A D12345", "京A D*****"],
    ["京AD12345", "京AD*****"],
    ["沪A12345F", "沪A1*****"],
    ["豫A·F12345", "豫A·F*****"],
    ["川A8K3Q9", "川A8****"],
  ])("%s → %s (R-PUB-05)", (plate, masked) => {
    const r = redactText(`车牌${plate}的车辆`);
    expect(r.text).toBe(`车牌${masked}的车辆`);
    expect(kinds(r.hits)).toEqual(["plate"]);
  });

  it("does not take words or codes for plates (R-PUB-05)", () => {
    for (const text of ["京ABCDE", "粤B123456", "苏E1234", "新A12345678"]) expect(redactText(text).text, text).toBe(text);
  });

  it("masks e-mail addresses keeping the first letter and the domain (R-PUB-05)", () => {
    expect(redactText("邮箱：zhang.san+1@example.com。").text).toBe("邮箱：z***@example.com。");
    expect(redactText("QQ邮箱123456789@qq.com").text).toBe("QQ邮箱1***@qq.com");
  });
});

describe("redactText: addresses (R-PUB-05)", () => {
  it("keeps divisions down to the district and masks the rest (R-PUB-05)", () => {
    const r = redactText("住址：示范市中山区中山路18号3栋502室，");
    expect(r.text).toBe(`住址：示范市中山区${ADDRESS_MASK}，`);
    expect(r.hits).toEqual([{ kind: "address", start: 9, end: 21, original: "中山路18号3栋502室", replacement: "******" }]);
  });

  it.each([
    ["住址：广东省深圳市南山区科技园南区8栋", "住址：广东省深圳市南山区******"],
    ["户籍地：示范省青山县城关镇幸福村五组。", "户籍地：示范省青山县******。"],
    ["住所：内蒙古自治区呼和浩特市新城区中山东路1号（金宇大厦5楼），", "住所：内蒙古自治区呼和浩特市新城区******，"],
    ["住址：杭州市西湖区文三路90号", "住址：杭州市西湖区******"],
    ["地址：北京市东城区东四十条街道3号院", "地址：北京市东城区******"],
    ["住址：台州市路桥区路桥街道1号", "住址：台州市路桥区******"],
    ["住址：幸福小区3栋502室；", "住址：******；"],
    ["家住示范县柳林镇大王村三组，", "家住示范县******，"],
    ["现住示范市二七区大学路100号院5号楼2单元301室。", "现住示范市二七区******。"],
    ["于示范市中山区解放路6号经营", "于示范市中山区******经营"],
    ["住所：示范市中山区中山路18号联系电话：", "住所：示范市中山区******联系电话："],
  ])("%s → %s (R-PUB-05)", (text, masked) => {
    expect(redactText(text).text).toBe(masked);
  });

  it("does not mask places without a house number, organisations or divisions alone (R-PUB-05)", () => {
    for (const text of [
      "示范市中山区市场监督管理局",
      "示范市中山区人民法院（2025）示0102行初18号",
      "住所：示范市中山区。",
      "本案由示范市公安局交通管理支队移送",
      "当事人在示范县柳林镇大王村经营",
      "示范市中山区幸福路小吃店",
    ]) {
      expect(redactText(text).text, text).toBe(text);
    }
  });

  it("keeps an organisation's registered address only when asked to (R-PUB-05)", () => {
    const text = "住所：示范市金水区花园路88号，住址：示范市金水区花园路9号";
    expect(redactText(text).text).toBe("住所：示范市金水区******，住址：示范市金水区******");
    expect(redactText(text, { keepOrganisationAddresses: true }).text).toBe("住所：示范市金水区花园路88号，住址：示范市金水区******");
  });
});

describe("redactText: names (R-PUB-05)", () => {
  it("masks names after cues, with and without a colon (R-PUB-05)", () => {
    expect(redactText("当事人：张三，男").text).toBe("当事人：张某，男");
    expect(redactText("法定代表人：李四。").text).toBe("法定代表人：李某。");
    expect(redactText("负责人：欧阳娜娜，").text).toBe("负责人：欧阳某某，");
    expect(redactText("证人王五证实").text).toBe("证人王某证实");
    expect(redactText("当事人张三丰于2025年").text).toBe("当事人张某某于2025年");
    expect(redactText("户主吴九、业主郑十在场").text).toBe("户主吴某、业主郑某在场");
    expect(redactText("委托代理人：孙小美（律师）").text).toBe("委托代理人：孙某某（律师）");
    expect(redactText("姓名：郑小雨性别：女").text).toBe("姓名：郑某某性别：女");
    expect(redactText("当事人：张\u3000三，").text).toBe("当事人：张某，");
    expect(redactText("当事人：巴特尔，男").text).toBe("当事人：巴某某，男"); // no surname from the list: the colon is enough
    expect(redactText("当事人：阿依古丽·买买提，女").text).toBe("当事人：阿某某，女");
    expect(redactText("当事人：明亮，男").text).toBe("当事人：明某，男"); // 明 is left out of the surname list, the colon suffices
    expect(redactText("当事人：王成，男。王成于当日").text).toBe("当事人：王某，男。王某于当日");
  });

  it("masks names before gender marks and before 先生/女士 (R-PUB-05)", () => {
    expect(redactText("经查，王小明，男，汉族").text).toBe("经查，王某某，男，汉族");
    expect(redactText("另查明李红（女，1990年生）").text).toBe("另查明李某（女，1990年生）");
    expect(redactText("其妻刘七，女，").text).toBe("其妻刘某，女，");
    expect(redactText("联系王五先生及张先生、李女士，向王先生").text).toBe("联系王某先生及张先生、李女士，向王先生");
    expect(redactText("欧阳娜娜女士").text).toBe("欧阳某某女士");
  });

  it("masks every later mention of a detected or known name (R-PUB-05)", () => {
    expect(redactText("当事人：张三丰，男。经查，张三丰于2025年销售。张三丰称").text).toBe(
      "当事人：张某某，男。经查，张某某于2025年销售。张某某称",
    );
    expect(redactText("刘一手与刘一手的妻子到场", { personNames: ["刘一手"] }).text).toBe("刘某某与刘某某的妻子到场");
    expect(redactText("张\u3000三到场", { personNames: ["张三"] }).text).toBe("张某到场");
  });

  it("does not take ordinary legal text after cues for names (R-PUB-05)", () => {
    const text =
      "当事人的行为违反了规定。当事人未按规定办理。当事人于2025年3月1日。当事人于本机关调查时。当事人对此无异议。当事人应当。" +
      "当事人向本机关提交。当事人全部承认。当事人和解的。当事人陈述申辩。当事人曾因同类违法行为被处罚。当事人高度配合。" +
      "消费者权益的保护。当事人名下。当事人基本情况。经营者应当。股东会决议。员工工资。业主委员会。证人证言。法定代表人未到场。" +
      "经机关负责人集体讨论决定。当事人在法定期限内未提出陈述、申辩。负责人签字确认。当事人：个体工商户。当事人：不详。";
    expect(detectPersonNames(text).size).toBe(0);
    expect(redactText(text).text).toBe(text);
  });

  it("does not mask organisations, places, officers in keep or already masked names (R-PUB-05)", () => {
    const text = "当事人：示范市好运来商贸有限公司，法定代表人：王记餐饮店，申请人：示范大学，当事人：石家庄，当事人：张某某，男";
    expect(redactText(text).text).toBe(text);
    expect(redactText("执法人员李明、王强，证人李明", { keep: ["李明"] }).text).toBe("执法人员李明、王强，证人李明");
  });

  it("reports why a name was found (R-PUB-05)", () => {
    expect(redactText("证人王五证实").hits[0]).toEqual({
      kind: "person_name",
      start: 2,
      end: 4,
      original: "王五",
      replacement: "王某",
      note: "上下文识别：“证人”之后",
    });
    expect(redactText("王五到场", { personNames: ["王五"] }).hits[0]?.note).toBeUndefined();
  });
});

describe("redactText: overlaps, offsets, stability (R-PUB-05)", () => {
  it("gives one hit per span with offsets in the original text, also after astral characters (R-PUB-05)", () => {
    const text = `𠀀当事人：张三，电话13812345678，身份证${ID_1990}`;
    const r = redactText(text);
    for (const h of r.hits) expect(text.slice(h.start, h.end)).toBe(h.original);
    for (let i = 1; i < r.hits.length; i += 1) expect(r.hits[i]!.start).toBeGreaterThanOrEqual(r.hits[i - 1]!.end);
    expect(kinds(r.hits)).toEqual(["person_name", "phone", "id_number"]);
  });

  it("rebuilds the output from the hits (R-PUB-05)", () => {
    const text = `当事人：张三，住址：示范市中山区中山路18号，电话13812345678，卡号${CARD_19}，车牌粤B12345。`;
    const r = redactText(text);
    let rebuilt = "";
    let cursor = 0;
    for (const h of r.hits) {
      rebuilt += text.slice(cursor, h.start) + h.replacement;
      cursor = h.end;
    }
    expect(rebuilt + text.slice(cursor)).toBe(r.text);
  });

  it("lets no part of a phone survive when an address run stops inside it (R-PUB-05)", () => {
    // The address run stops at the space: "中山路138" overlaps the phone "138 1234 5678"; the phone is
    // masked as a phone and the rest of the address piece character by character.
    const r = redactText("住址：示范市中山区中山路138 1234 5678");
    expect(r.text).toBe("住址：示范市中山区***138 **** 5678");
    expect(r.hits.map((h) => [h.kind, h.original, h.replacement])).toEqual([
      ["address", "中山路", "***"],
      ["phone", "138 1234 5678", "138 **** 5678"],
    ]);
  });

  it("is stable and idempotent (R-PUB-05)", () => {
    const text = `当事人：张三，男，公民身份号码：${ID_1990}，住址：示范市中山区中山路18号，电话13812345678，邮箱zs@example.com，车牌粤B12345。`;
    const once = redactText(text);
    expect(redactText(text)).toEqual(once);
    expect(redactText(once.text)).toEqual({ text: once.text, hits: [] });
  });
});

describe("redactFields (R-PUB-05)", () => {
  it("applies the same masks across fields, including names detected in another field (R-PUB-05)", () => {
    const r = redactFields({
      party: "张三丰",
      body: "当事人：张三丰，男，电话13812345678。",
      basis: "《中华人民共和国食品安全法》第三十四条",
    });
    expect(r.fields).toEqual({
      party: "张某某",
      body: "当事人：张某某，男，电话138****5678。",
      basis: "《中华人民共和国食品安全法》第三十四条",
    });
    expect(r.hits.map((h) => [h.field, h.kind, h.original])).toEqual([
      ["party", "person_name", "张三丰"],
      ["body", "person_name", "张三丰"],
      ["body", "phone", "13812345678"],
    ]);
  });

  it("honours the options in every field (R-PUB-05)", () => {
    const r = redactFields({ a: "王五到场", b: "执法人员李明" }, { personNames: ["王五"], keep: ["李明"] });
    expect(r.fields).toEqual({ a: "王某到场", b: "执法人员李明" });
  });
});

// ---------------------------------------------------------------------------------------------
// Property: planted numbers never survive, redaction is idempotent.

const PROVINCES = ["11", "12", "13", "31", "32", "33", "37", "41", "44", "51", "62", "65"];
const arbId = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    area: fc.integer({ min: 0, max: 9999 }),
    birth: fc.date({ min: new Date("1930-01-01T00:00:00Z"), max: new Date("2024-12-31T00:00:00Z"), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, area, birth, seq }) => {
    const ymd = birth.toISOString().slice(0, 10).replace(/-/g, "");
    const first17 = `${province}${String(area).padStart(4, "0")}${ymd}${String(seq).padStart(3, "0")}`;
    return first17 + idNumberCheckChar(first17);
  });

function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d += 1) if (passesLuhn(body + String(d))) return body + String(d);
  throw new Error("unreachable");
}
const arbCard = fc
  .record({ prefix: fc.constantFrom("6222", "6228", "6217", "6225", "4520", "5187"), rest: fc.stringMatching(/^\d{11,14}$/) })
  .map(({ prefix, rest }) => luhnComplete(prefix + rest));
const arbCardText = arbCard.chain((card) =>
  fc.constantFrom(card, card.replace(/(\d{4})(?=\d)/g, "$1 "), card.replace(/(\d{4})(?=\d)/g, "$1-")).map((shown) => ({ digits: card, shown })),
);
const arbPhone = fc.record({ second: fc.integer({ min: 3, max: 9 }), rest: fc.stringMatching(/^\d{9}$/) }).chain(({ second, rest }) => {
  const digits = `1${second}${rest}`;
  return fc
    .constantFrom(digits, `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`, `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`, `+86${digits}`, `+86 ${digits}`)
    .map((shown) => ({ digits, shown }));
});

// Random Chinese text: ordinary characters, punctuation and the cue words the detectors react to.
const arbChineseText = fc
  .array(
    fc.oneof(
      fc.constantFrom(..."的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"),
      fc.constantFrom("，", "。", "、", "：", "；", " ", "（", "）"),
      fc.constantFrom("当事人", "住址：", "电话", "卡号", "身份证号", "示范市中山区", "路", "号", "先生", "，男，"),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(""));

// Between two planted numbers at least one character, so that they do not form one long digit run
// (which is no personal number and stays, like any long digit string).
const arbSeparator = fc.tuple(fc.constantFrom("的", "，", "。", "号", "路", "：", " "), arbChineseText).map(([first, rest]) => first + rest);

describe("property: planted personal numbers never survive and redaction is idempotent (R-PUB-05)", () => {
  it("ID numbers (R-PUB-05)", () => {
    fc.assert(
      fc.property(arbChineseText, arbId, arbChineseText, (before, id, after) => {
        const out = redactText(before + id + after);
        expect(out.text).not.toContain(id);
        expect(out.text).not.toContain(id.slice(6, 14)); // the birth date
        expect(redactText(out.text)).toEqual({ text: out.text, hits: [] });
      }),
      { numRuns: 300 },
    );
  });

  it("phones (R-PUB-05)", () => {
    fc.assert(
      fc.property(arbChineseText, arbPhone, arbChineseText, (before, phone, after) => {
        const out = redactText(before + phone.shown + after);
        expect(out.text).not.toContain(phone.shown);
        expect(out.text.replace(/[\s-]/g, "")).not.toContain(phone.digits);
        expect(redactText(out.text)).toEqual({ text: out.text, hits: [] });
      }),
      { numRuns: 300 },
    );
  });

  it("bank cards (R-PUB-05)", () => {
    fc.assert(
      fc.property(arbChineseText, arbCardText, arbChineseText, (before, card, after) => {
        const out = redactText(before + card.shown + after);
        expect(out.text).not.toContain(card.shown);
        expect(out.text.replace(/[\s-]/g, "")).not.toContain(card.digits);
        expect(redactText(out.text)).toEqual({ text: out.text, hits: [] });
      }),
      { numRuns: 300 },
    );
  });

  it("all three in one text, every hit pointing at its original (R-PUB-05)", () => {
    fc.assert(
      fc.property(arbChineseText, arbId, arbSeparator, arbPhone, arbSeparator, arbCardText, (a, id, b, phone, c, card) => {
        const text = `${a}${id}${b}${phone.shown}${c}${card.shown}`;
        const out = redactText(text);
        for (const h of out.hits) expect(text.slice(h.start, h.end)).toBe(h.original);
        for (const secret of [id, phone.shown, card.shown]) expect(out.text).not.toContain(secret);
        expect(redactText(out.text).text).toBe(out.text);
      }),
      { numRuns: 200 },
    );
  });
});
