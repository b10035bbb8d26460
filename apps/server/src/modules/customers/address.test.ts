import { describe, expect, it } from 'vitest';
import { parseAddress, type ParsedAddress } from './address.js';

type Expected = Partial<Omit<ParsedAddress, 'entered'>>;
const NOTHING: Omit<ParsedAddress, 'entered'> = {
  country: null,
  province: null,
  city: null,
  district: null,
  street: null,
  postalCode: null,
};

function expectParsed(entered: string, expected: Expected, defaultCountry = 'CN') {
  expect(parseAddress(entered, defaultCountry)).toEqual({ ...NOTHING, entered, ...expected });
}

describe('parseAddress: mainland China', () => {
  it.each<[string, Expected]>([
    [
      '广东省深圳市南山区科技园南区深南大道9988号 518057',
      { country: 'CN', province: '广东省', city: '深圳市', district: '南山区', street: '科技园南区深南大道9988号', postalCode: '518057' },
    ],
    ['北京市朝阳区建国路88号', { country: 'CN', province: '北京市', city: '北京市', district: '朝阳区', street: '建国路88号' }],
    ['上海浦东新区世纪大道100号', { country: 'CN', province: '上海市', city: '上海市', district: '浦东新区', street: '世纪大道100号' }],
    ['北京市北京市东城区王府井大街1号', { country: 'CN', province: '北京市', city: '北京市', district: '东城区', street: '王府井大街1号' }],
    ['中国广东省广州市天河区天河路385号', { country: 'CN', province: '广东省', city: '广州市', district: '天河区', street: '天河路385号' }],
    ['广东深圳南山区科技园', { country: 'CN', province: '广东省', city: '深圳市', district: '南山区', street: '科技园' }],
    ['深圳市南山区科技园', { country: 'CN', province: '广东省', city: '深圳市', district: '南山区', street: '科技园' }],
    ['深圳南山区科技园', { country: 'CN', province: '广东省', city: '深圳市', district: '南山区', street: '科技园' }],
    ['新疆乌鲁木齐市天山区', { country: 'CN', province: '新疆维吾尔自治区', city: '乌鲁木齐市', district: '天山区' }],
    ['广西自治区南宁市青秀区', { country: 'CN', province: '广西壮族自治区', city: '南宁市', district: '青秀区' }],
    ['延边州延吉市', { country: 'CN', province: '吉林省', city: '延边朝鲜族自治州', district: '延吉市' }],
    ['吉林市丰满区', { country: 'CN', province: '吉林省', city: '吉林市', district: '丰满区' }],
    ['大连市中山区人民路1号', { country: 'CN', province: '辽宁省', city: '大连市', district: '中山区', street: '人民路1号' }],
    ['海南藏族自治州共和县', { country: 'CN', province: '青海省', city: '海南藏族自治州', district: '共和县' }],
    ['江苏省昆山市花桥镇', { country: 'CN', province: '江苏省', city: '昆山市', street: '花桥镇' }],
    ['湖北省恩施土家族苗族自治州利川市', { country: 'CN', province: '湖北省', city: '恩施土家族苗族自治州', district: '利川市' }],
    ['云南省西双版纳州景洪市', { country: 'CN', province: '云南省', city: '西双版纳傣族自治州', district: '景洪市' }],
    ['黑龙江哈尔滨道里区', { country: 'CN', province: '黑龙江省', city: '哈尔滨市', district: '道里区' }],
    ['成都市高新区天府大道', { country: 'CN', province: '四川省', city: '成都市', district: '高新区', street: '天府大道' }],
    ['广州市天河路123号', { country: 'CN', province: '广东省', city: '广州市', street: '天河路123号' }],
    ['广东省 深圳市 南山区 科技园', { country: 'CN', province: '广东省', city: '深圳市', district: '南山区', street: '科技园' }],
    ['广东省\n深圳市\n南山区', { country: 'CN', province: '广东省', city: '深圳市', district: '南山区' }],
    ['518057 广东省深圳市南山区', { country: 'CN', province: '广东省', city: '深圳市', district: '南山区', postalCode: '518057' }],
    [
      '浙江省杭州市西湖区文三路 邮编：310000',
      { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路', postalCode: '310000' },
    ],
    [
      '广东省深圳市南山区科技园（邮编518057）',
      { country: 'CN', province: '广东省', city: '深圳市', district: '南山区', street: '科技园', postalCode: '518057' },
    ],
    ['北京', { country: 'CN', province: '北京市', city: '北京市' }],
    ['深圳', { country: 'CN', province: '广东省', city: '深圳市' }],
  ])('%j', (entered, expected) => {
    expectParsed(entered, expected);
  });

  it.each<[string, Expected]>([
    ['廣東省深圳市南山區科技園', { country: 'CN', province: '廣東省', city: '深圳市', district: '南山區', street: '科技園' }],
    ['深圳市南山區科技園', { country: 'CN', province: '廣東省', city: '深圳市', district: '南山區', street: '科技園' }],
    ['新疆烏魯木齊市天山區', { country: 'CN', province: '新疆維吾爾自治區', city: '烏魯木齊市', district: '天山區' }],
    ['重慶渝中區解放碑', { country: 'CN', province: '重慶市', city: '重慶市', district: '渝中區', street: '解放碑' }],
    ['延邊州延吉市', { country: 'CN', province: '吉林省', city: '延邊朝鮮族自治州', district: '延吉市' }],
  ])('keeps the traditional script of %j', (entered, expected) => {
    expectParsed(entered, expected);
  });

  it.each<[string, Expected]>([
    ['中山大道100号', { country: 'CN', street: '中山大道100号' }],
    ['湖南路10号', { country: 'CN', street: '湖南路10号' }],
    ['朝阳区建国路88号', { country: 'CN', street: '朝阳区建国路88号' }],
    ['香港中路10号', { country: 'CN', street: '香港中路10号' }],
    ['科技园南区深南大道9988号', { country: 'CN', street: '科技园南区深南大道9988号' }],
  ])('does not read a street named after a place as the place: %j', (entered, expected) => {
    expectParsed(entered, expected);
  });
});

describe('parseAddress: Taiwan, Hong Kong, Macau', () => {
  it.each<[string, Expected]>([
    ['台北市信義區信義路五段7號', { country: 'TW', city: '台北市', district: '信義區', street: '信義路五段7號' }],
    ['臺北市信義區信義路五段7號', { country: 'TW', city: '臺北市', district: '信義區', street: '信義路五段7號' }],
    ['110 臺北市信義區信義路五段7號', { country: 'TW', city: '臺北市', district: '信義區', street: '信義路五段7號', postalCode: '110' }],
    ['11049臺北市信義區信義路五段7號', { country: 'TW', city: '臺北市', district: '信義區', street: '信義路五段7號', postalCode: '11049' }],
    ['110201 台北市信義區', { country: 'TW', city: '台北市', district: '信義區', postalCode: '110201' }],
    ['新北市板橋區中山路一段161號', { country: 'TW', city: '新北市', district: '板橋區', street: '中山路一段161號' }],
    ['高雄鳳山區光復路二段132號', { country: 'TW', city: '高雄市', district: '鳳山區', street: '光復路二段132號' }],
    ['中華民國新竹縣竹北市光明六路10號', { country: 'TW', city: '新竹縣', district: '竹北市', street: '光明六路10號' }],
    ['台湾台中西屯区', { country: 'TW', city: '台中市', district: '西屯区' }],
  ])('%j', (entered, expected) => {
    expectParsed(entered, expected);
  });

  it.each<[string, Expected]>([
    ['香港九龍尖沙咀彌敦道100號', { country: 'HK', city: '九龍', district: '油尖旺區', street: '尖沙咀彌敦道100號' }],
    ['香港九龙尖沙咀弥敦道100号', { country: 'HK', city: '九龙', district: '油尖旺区', street: '尖沙咀弥敦道100号' }],
    ['香港特別行政區中環皇后大道中1號', { country: 'HK', city: '香港島', district: '中西區', street: '中環皇后大道中1號' }],
    ['香港灣仔告士打道', { country: 'HK', city: '香港島', district: '灣仔區', street: '告士打道' }],
    ['九龍灣宏照道', { country: 'HK', city: '九龍', district: '觀塘區', street: '九龍灣宏照道' }],
    ['新界沙田大圍', { country: 'HK', city: '新界', district: '沙田區', street: '大圍' }],
    ['香港', { country: 'HK' }],
    ['澳門氹仔告利雅施利華街100號', { country: 'MO', district: '氹仔', street: '告利雅施利華街100號' }],
    ['澳门花地玛堂区', { country: 'MO', district: '花地玛堂区' }],
  ])('%j', (entered, expected) => {
    expectParsed(entered, expected);
  });
});

describe('parseAddress: Western and Japanese addresses', () => {
  it.each<[string, Expected]>([
    [
      '1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA',
      { country: 'US', province: 'CA', city: 'Mountain View', street: '1600 Amphitheatre Pkwy', postalCode: '94043' },
    ],
    ['10 Downing St, London SW1A 2AA, UK', { country: 'GB', city: 'London', street: '10 Downing St', postalCode: 'SW1A 2AA' }],
    [
      '221B Baker Street\nLondon nw1 6xe\nUnited Kingdom',
      { country: 'GB', city: 'London', street: '221B Baker Street', postalCode: 'NW1 6XE' },
    ],
    [
      '1 Main St, Springfield, IL, 62701, USA',
      { country: 'US', province: 'IL', city: 'Springfield', street: '1 Main St', postalCode: '62701' },
    ],
    ['Toronto, ON M5V 3L9, Canada', { country: 'CA', province: 'ON', city: 'Toronto', postalCode: 'M5V 3L9' }],
    [
      '5 Martin Place, Sydney NSW 2000, Australia',
      { country: 'AU', province: 'NSW', city: 'Sydney', street: '5 Martin Place', postalCode: '2000' },
    ],
    ['Unter den Linden 77, 10117 Berlin, Germany', { country: 'DE', city: 'Berlin', street: 'Unter den Linden 77', postalCode: '10117' }],
    ['1 Raffles Place, Singapore 048616', { country: 'SG', city: 'Singapore', street: '1 Raffles Place', postalCode: '048616' }],
    [
      'No. 7, Sec. 5, Xinyi Rd., Xinyi Dist., Taipei City 110, Taiwan (R.O.C.)',
      { country: 'TW', city: 'Taipei City', district: 'Xinyi Dist.', street: 'No. 7, Sec. 5, Xinyi Rd.', postalCode: '110' },
    ],
    ['100 Nathan Road, Tsim Sha Tsui, Kowloon, Hong Kong', { country: 'HK', city: 'Kowloon', street: '100 Nathan Road, Tsim Sha Tsui' }],
    [
      '〒100-0005 東京都千代田区丸の内1-1-1',
      { country: 'JP', province: '東京都', city: '千代田区', street: '丸の内1-1-1', postalCode: '100-0005' },
    ],
    ['大阪府大阪市北区梅田3-1-1', { country: 'JP', province: '大阪府', city: '大阪市', district: '北区', street: '梅田3-1-1' }],
  ])('%j', (entered, expected) => {
    expectParsed(entered, expected, 'CN');
  });

  it('falls back to the default country', () => {
    expectParsed('12 Some Street', { country: 'US', street: '12 Some Street' }, 'us');
    expectParsed('12 Some Street', { street: '12 Some Street' }, '');
  });
});

describe('parseAddress: garbage', () => {
  it.each(['', '   ', '\n\n'])('answers nothing for the blank %j', (entered) => {
    expect(parseAddress(entered, 'CN')).toEqual({ ...NOTHING, entered: null });
  });

  it.each(['abc', '123', '!!!', '省', '市区', '中国', ',,,', '〒', 'x'.repeat(5000), '\uD800'])(
    'keeps %j as the street without throwing',
    (entered) => {
      const parsed = parseAddress(entered, 'CN');
      expect(parsed.entered).toBe(entered);
    },
  );
});
