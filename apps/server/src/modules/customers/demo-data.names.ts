/**
 * Word lists for the demo data generator (demo-data.ts). Chinese lists are written in simplified script;
 * the generator converts them to traditional for customers in Taiwan, Hong Kong and Macau.
 * Lists that are "by frequency" are sampled with a skew towards their start.
 */

/** Mainland surnames by frequency, then compound surnames. */
export const CN_SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '司徒',
  '皇甫',
  '慕容',
  '令狐',
] as const;
export const TW_SURNAMES = [...'陈林黄张李王吴刘蔡杨许郑谢郭洪邱曾廖赖徐周叶苏庄吕江何萧罗高潘简朱钟彭游詹胡施沈余卢梁赵颜柯翁魏孙戴'];
export const HK_SURNAMES = [...'陈李张黄何林梁吴王刘郑杨蔡邓罗麦谭冯曾叶郭余钟卢袁许苏朱彭关'];
/** How Hong Kong people write their surname in English (Cantonese romanisation), for names like "David Chan". */
export const HK_SURNAME_ROMANISATION: Readonly<Record<string, string>> = {
  陈: 'Chan',
  李: 'Lee',
  张: 'Cheung',
  黄: 'Wong',
  何: 'Ho',
  林: 'Lam',
  梁: 'Leung',
  吴: 'Ng',
  王: 'Wong',
  刘: 'Lau',
  郑: 'Cheng',
  杨: 'Yeung',
  蔡: 'Choi',
  邓: 'Tang',
  罗: 'Law',
  麦: 'Mak',
  谭: 'Tam',
  冯: 'Fung',
  曾: 'Tsang',
  叶: 'Yip',
  郭: 'Kwok',
  余: 'Yu',
  钟: 'Chung',
  卢: 'Lo',
  袁: 'Yuen',
  许: 'Hui',
  苏: 'So',
  朱: 'Chu',
  彭: 'Pang',
  关: 'Kwan',
};

/**
 * Characters of given names. They include homophones (伟/玮/炜, 明/铭, 琳/玲/林…) because the most common
 * typo in Chinese is picking the wrong character for the right sound in a pinyin input method.
 */
export const MALE_GIVEN = [
  ...'伟玮炜强磊军君勇杰捷涛韬斌彬超明铭刚平辉晖鹏华飞鑫波宇浩凯健俊帆旭宁龙志建国文德成海东峰晨博阳亮毅昊然轩睿泽宏洪鸿嘉家佳振正诚晓子天',
];
export const FEMALE_GIVEN = [...'芳敏静婧丽莉娟鹃霞秀英玲琳林燕萍红梅雪婷倩颖慧惠洁晶佳琪欣怡雅璐妍悦思涵梦晓月美丹蕾淑桂兰艳娜露瑶珊'];

export type WesternNames = { male: readonly string[]; female: readonly string[]; last: readonly string[] };
export const ENGLISH_NAMES: WesternNames = {
  male: [
    'John',
    'James',
    'Michael',
    'David',
    'Robert',
    'William',
    'Thomas',
    'Daniel',
    'Mark',
    'Paul',
    'Andrew',
    'Peter',
    'Kevin',
    'Brian',
    'Steven',
    'Richard',
    'Oliver',
    'Henry',
  ],
  female: [
    'Mary',
    'Jennifer',
    'Linda',
    'Sarah',
    'Emily',
    'Jessica',
    'Laura',
    'Emma',
    'Olivia',
    'Sophie',
    'Rachel',
    'Anna',
    'Karen',
    'Susan',
    'Helen',
    'Grace',
    'Charlotte',
    'Amy',
  ],
  last: [
    'Smith',
    'Johnson',
    'Williams',
    'Brown',
    'Jones',
    'Miller',
    'Davis',
    'Wilson',
    'Taylor',
    'Anderson',
    'Thomas',
    'Moore',
    'Clark',
    'Walker',
    'Wright',
    'Evans',
    'Hughes',
    'Robinson',
    'Turner',
    'Cooper',
  ],
};
export const HISPANIC_NAMES: WesternNames = {
  male: ['José', 'Carlos', 'Luis', 'Juan', 'Miguel', 'Javier', 'Alejandro', 'Diego'],
  female: ['María', 'Maria', 'Ana', 'Lucía', 'Carmen', 'Sofía', 'Isabel', 'Elena'],
  last: ['García', 'Martínez', 'Rodríguez', 'López', 'Hernández', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres'],
};
export const GERMAN_NAMES: WesternNames = {
  male: ['Hans', 'Peter', 'Thomas', 'Michael', 'Stefan', 'Andreas', 'Jürgen', 'Klaus', 'Lukas', 'Felix'],
  female: ['Anna', 'Julia', 'Katrin', 'Sabine', 'Monika', 'Laura', 'Lena', 'Claudia', 'Petra', 'Sophie'],
  last: [
    'Müller',
    'Schmidt',
    'Schneider',
    'Fischer',
    'Weber',
    'Meyer',
    'Wagner',
    'Becker',
    'Schulz',
    'Hoffmann',
    'Koch',
    'Richter',
    'Wolf',
    'Krüger',
  ],
};
export const JAPANESE_NAMES: WesternNames = {
  male: ['Hiroshi', 'Takashi', 'Kenji', 'Daisuke', 'Yuto', 'Haruto', 'Satoshi', 'Kazuki', 'Shota', 'Ryo'],
  female: ['Yuki', 'Aiko', 'Haruka', 'Yui', 'Sakura', 'Misaki', 'Naomi', 'Emi', 'Keiko', 'Mai'],
  last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato', 'Yoshida', 'Yamada'],
};
/** Singapore: English given names with Hokkien/Cantonese/Teochew surnames, as people there write them. */
export const SINGAPORE_NAMES: WesternNames = {
  male: ['Kelvin', 'Jason', 'Marcus', 'Daniel', 'Benjamin', 'Ryan', 'Desmond', 'Eugene', 'Wei Ming', 'Jun Jie'],
  female: ['Jasmine', 'Michelle', 'Rachel', 'Cheryl', 'Felicia', 'Joanne', 'Vivian', 'Hui Min', 'Xin Yi', 'Shu Fen'],
  last: ['Tan', 'Lim', 'Lee', 'Ng', 'Ong', 'Wong', 'Goh', 'Chua', 'Chan', 'Koh', 'Teo', 'Ang', 'Yeo', 'Tay'],
};

/**
 * The characters brand names of Chinese companies are made from: two of them make a brand (腾达, 恒信, 华瑞).
 * The last ones are those modern brands borrow for their sound (奥迪斯, 威特).
 */
export const BRAND_CHARS = [
  ...'恒宏华鑫瑞嘉盛德兴永金天博新东远腾达信丰源泰隆昌富安康成通利佳伟创科启明中汇海纳卓越凯旋联鼎辉晟宝祥和润禾众诚益正顺星光宇航万豪亿云锦峰',
  ...'鸿银山川林森宁乐福吉高龙凤鹏飞广大江洲亚美国民生旺骏耀晶彩蓝青绿精力合协立建志仁智朗晨旭阳俊雅欣菲奥迪威特斯',
];

export type Industry = {
  /** The value stored on the customer: the Chinese label. */
  label: string;
  /** Business words in Chinese company names (深圳市腾达**电子科技**有限公司). */
  words: readonly string[];
  /** The same in English company names (Acme **Trading** Ltd). */
  englishWords: readonly string[];
  /** A short English word used in company web domains (tengda-tech.com). */
  domainWord: string;
  /** Relative share of customers. */
  weight: number;
};
export const INDUSTRIES: readonly Industry[] = [
  {
    label: '制造业',
    words: ['精密机械', '电子科技', '模具', '五金制品', '塑胶制品', '机电设备', '实业'],
    englishWords: ['Manufacturing', 'Precision', 'Industries'],
    domainWord: 'mfg',
    weight: 20,
  },
  {
    label: '零售',
    words: ['商贸', '百货', '便利连锁', '超市', '商业连锁'],
    englishWords: ['Retail', 'Stores', 'Outlets'],
    domainWord: 'retail',
    weight: 10,
  },
  {
    label: '批发贸易',
    words: ['贸易', '进出口', '国际贸易', '供应链', '商贸'],
    englishWords: ['Trading', 'Import & Export', 'Supply'],
    domainWord: 'trade',
    weight: 15,
  },
  {
    label: '信息技术',
    words: ['信息技术', '软件', '网络科技', '数据科技', '智能科技', '计算机系统'],
    englishWords: ['Technologies', 'Software', 'Systems'],
    domainWord: 'tech',
    weight: 12,
  },
  {
    label: '金融',
    words: ['投资管理', '融资租赁', '资产管理', '保险代理', '财务咨询'],
    englishWords: ['Capital', 'Financial', 'Investments'],
    domainWord: 'capital',
    weight: 5,
  },
  {
    label: '医疗健康',
    words: ['医疗器械', '生物科技', '医药', '健康管理', '药业'],
    englishWords: ['Health', 'Medical', 'Pharma'],
    domainWord: 'med',
    weight: 7,
  },
  {
    label: '教育',
    words: ['教育科技', '培训', '文化传播', '教育咨询'],
    englishWords: ['Education', 'Learning', 'Academy'],
    domainWord: 'edu',
    weight: 5,
  },
  {
    label: '物流',
    words: ['物流', '货运代理', '供应链管理', '速运', '仓储'],
    englishWords: ['Logistics', 'Freight', 'Shipping'],
    domainWord: 'logistics',
    weight: 8,
  },
  {
    label: '房地产',
    words: ['房地产开发', '物业管理', '置业', '地产'],
    englishWords: ['Properties', 'Realty', 'Estates'],
    domainWord: 'property',
    weight: 5,
  },
  {
    label: '餐饮',
    words: ['餐饮管理', '食品', '餐饮连锁', '饮品'],
    englishWords: ['Foods', 'Catering', 'Restaurants'],
    domainWord: 'food',
    weight: 6,
  },
  {
    label: '汽车',
    words: ['汽车销售服务', '汽车零部件', '汽车服务', '汽车配件'],
    englishWords: ['Motors', 'Automotive', 'Auto Parts'],
    domainWord: 'auto',
    weight: 4,
  },
  {
    label: '能源',
    words: ['新能源', '能源科技', '光伏科技', '电力工程', '燃气'],
    englishWords: ['Energy', 'Power', 'Solar'],
    domainWord: 'energy',
    weight: 3,
  },
];

export const CN_LEGAL_FORMS = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司', '集团有限公司'] as const;
export const TW_LEGAL_FORMS = ['股份有限公司', '股份有限公司', '有限公司', '企业社'] as const;
export const HK_LEGAL_FORMS = ['有限公司', '有限公司', '国际有限公司', '集团有限公司'] as const;

const ENGLISH_FIRST_WORDS = [
  'Acme',
  'Northwind',
  'Summit',
  'Pioneer',
  'Atlas',
  'Evergreen',
  'Bluewater',
  'Silverline',
  'Redwood',
  'Horizon',
  'Apex',
  'Keystone',
  'Meridian',
  'Harbor',
  'Crescent',
  'Sterling',
  'Vanguard',
  'Oakridge',
  'Falcon',
  'Granite',
  'Beacon',
  'Cedar',
  'Liberty',
  'Pacific',
  'Orion',
  'Trident',
  'Brightstar',
  'Ironwood',
  'Clearwater',
  'Riverside',
  'Highland',
  'Westgate',
  'Eastbridge',
  'Maple',
  'Phoenix',
  'Aspen',
];
const ENGLISH_SECOND_WORDS = [
  '',
  'Bay',
  'Ridge',
  'Point',
  'Peak',
  'Bridge',
  'Field',
  'Stone',
  'Brook',
  'Gate',
  'Star',
  'Park',
  'Hill',
  'Rock',
  'Lake',
  'Harbour',
  'Valley',
  'Crest',
];
/**
 * Brands of companies abroad are a first word, optionally with a second (Summit, Summit Ridge, Sakura Seiki),
 * by country. The generator hands them out so that every company gets its own brand while the lists last.
 */
export const LATIN_BRAND_WORDS: Readonly<
  Record<'US' | 'GB' | 'SG' | 'JP' | 'DE', { first: readonly string[]; second: readonly string[] }>
> = {
  US: { first: ENGLISH_FIRST_WORDS, second: ENGLISH_SECOND_WORDS },
  GB: { first: ENGLISH_FIRST_WORDS, second: ENGLISH_SECOND_WORDS },
  SG: {
    first: [
      'Lion City',
      'Merlion',
      'Straits',
      'Marina',
      'Temasek',
      'Orchard',
      'Kallang',
      'Sentosa',
      'Raffles',
      'Jurong',
      'Tanjong',
      'Bukit',
      ...ENGLISH_FIRST_WORDS,
    ],
    second: ENGLISH_SECOND_WORDS,
  },
  JP: {
    first: [
      'Sakura',
      'Fuji',
      'Yamato',
      'Nippon',
      'Asahi',
      'Kawa',
      'Hikari',
      'Tokai',
      'Midori',
      'Shinsei',
      'Daiichi',
      'Taiyo',
      'Hokuto',
      'Kansai',
      'Chuo',
      'Heiwa',
      'Meiji',
      'Kyowa',
      'Sanwa',
      'Toyo',
      'Nichiei',
      'Seiwa',
      'Tohoku',
      'Hinode',
      'Musashi',
    ],
    second: ['', 'Shoji', 'Sangyo', 'Seiki', 'Kogyo', 'Denki', 'Shokai', 'Bussan', 'Tsusho'],
  },
  DE: {
    first: [
      'Rhein',
      'Nordstern',
      'Alpen',
      'Elbe',
      'Bergmann',
      'Hanse',
      'Schwarzwald',
      'Isar',
      'Main',
      'Spree',
      'Weser',
      'Donau',
      'Nordwerk',
      'Ostsee',
      'Harz',
      'Eifel',
      'Taunus',
      'Lindner',
      'Brandt',
      'Keller',
      'Vogel',
      'Adler',
      'Falke',
      'Eiche',
      'Südstern',
    ],
    second: ['', 'Technik', 'Handel', 'Werke', 'Bau', 'Industrie', 'Service', 'Partner'],
  },
};
/** Told apart companies that would otherwise share a brand (Summit **Global** Trading Ltd). */
export const LATIN_BRAND_QUALIFIERS = [
  'Group',
  'International',
  'Global',
  'Holdings',
  'Partners',
  'Solutions',
  'Enterprises',
  'Worldwide',
  'Ventures',
  'Systems',
  'Services',
  'Resources',
  'Associates',
  'Brothers',
  'Alliance',
  'Network',
  'Union',
  'Works',
  'Link',
  'United',
];

export type District = readonly [name: string, postalCode: string];
export type MainlandCity = {
  /** Null for the four municipalities (北京市…), whose city is also the province. */
  province: string | null;
  city: string;
  /** Long-distance code without the trunk 0 (10 for Beijing, 755 for Shenzhen). */
  areaCode: string;
  /** Digits of local numbers when not 8 (some provincial capitals still have 7). */
  localLength?: number;
  /** Relative share of customers. */
  weight: number;
  districts: readonly District[];
  /** Well-known roads of the city, mixed with the common road names. */
  roads: readonly string[];
};
export const MAINLAND_CITIES: readonly MainlandCity[] = [
  {
    province: null,
    city: '北京市',
    areaCode: '10',
    weight: 9,
    districts: [
      ['东城区', '100010'],
      ['西城区', '100032'],
      ['朝阳区', '100020'],
      ['海淀区', '100080'],
      ['丰台区', '100071'],
      ['通州区', '101100'],
    ],
    roads: ['建国路', '长安街', '中关村大街', '学院路', '东三环中路'],
  },
  {
    province: null,
    city: '上海市',
    areaCode: '21',
    weight: 9,
    districts: [
      ['黄浦区', '200001'],
      ['徐汇区', '200030'],
      ['长宁区', '200050'],
      ['静安区', '200040'],
      ['浦东新区', '200120'],
      ['闵行区', '201100'],
      ['杨浦区', '200082'],
    ],
    roads: ['南京西路', '淮海中路', '世纪大道', '陆家嘴环路', '漕溪北路'],
  },
  {
    province: '广东省',
    city: '广州市',
    areaCode: '20',
    weight: 7,
    districts: [
      ['天河区', '510630'],
      ['越秀区', '510030'],
      ['海珠区', '510220'],
      ['白云区', '510405'],
      ['番禺区', '511400'],
    ],
    roads: ['天河路', '体育西路', '环市东路', '珠江新城华夏路'],
  },
  {
    province: '广东省',
    city: '深圳市',
    areaCode: '755',
    weight: 7,
    districts: [
      ['南山区', '518052'],
      ['福田区', '518048'],
      ['罗湖区', '518001'],
      ['宝安区', '518101'],
      ['龙岗区', '518172'],
      ['龙华区', '518109'],
    ],
    roads: ['深南大道', '科技园南区高新南一道', '福华路', '滨海大道', '宝安大道'],
  },
  {
    province: '浙江省',
    city: '杭州市',
    areaCode: '571',
    weight: 5,
    districts: [
      ['西湖区', '310012'],
      ['上城区', '310002'],
      ['拱墅区', '310011'],
      ['滨江区', '310051'],
      ['余杭区', '311100'],
    ],
    roads: ['文三路', '延安路', '江南大道', '文一西路'],
  },
  {
    province: '江苏省',
    city: '南京市',
    areaCode: '25',
    weight: 4,
    districts: [
      ['玄武区', '210018'],
      ['鼓楼区', '210008'],
      ['秦淮区', '210001'],
      ['建邺区', '210019'],
    ],
    roads: ['中山路', '汉中路', '江东中路', '珠江路'],
  },
  {
    province: '四川省',
    city: '成都市',
    areaCode: '28',
    weight: 5,
    districts: [
      ['锦江区', '610021'],
      ['青羊区', '610031'],
      ['武侯区', '610041'],
      ['成华区', '610066'],
    ],
    roads: ['天府大道', '春熙路', '人民南路', '蜀都大道'],
  },
  {
    province: '湖北省',
    city: '武汉市',
    areaCode: '27',
    weight: 4,
    districts: [
      ['江汉区', '430015'],
      ['武昌区', '430061'],
      ['洪山区', '430070'],
      ['江岸区', '430010'],
    ],
    roads: ['解放大道', '中南路', '珞喻路', '建设大道'],
  },
  {
    province: '陕西省',
    city: '西安市',
    areaCode: '29',
    weight: 3,
    districts: [
      ['雁塔区', '710061'],
      ['碑林区', '710001'],
      ['未央区', '710016'],
      ['莲湖区', '710003'],
    ],
    roads: ['长安北路', '高新路', '未央路', '东大街'],
  },
  {
    province: null,
    city: '重庆市',
    areaCode: '23',
    weight: 4,
    districts: [
      ['渝中区', '400010'],
      ['江北区', '400020'],
      ['南岸区', '400060'],
      ['渝北区', '401120'],
      ['沙坪坝区', '400030'],
    ],
    roads: ['解放碑民权路', '观音桥步行街', '金开大道', '南坪正街'],
  },
  {
    province: null,
    city: '天津市',
    areaCode: '22',
    weight: 3,
    districts: [
      ['和平区', '300041'],
      ['南开区', '300100'],
      ['河西区', '300202'],
      ['滨海新区', '300450'],
    ],
    roads: ['南京路', '卫津路', '友谊路', '黄海路'],
  },
  {
    province: '江苏省',
    city: '苏州市',
    areaCode: '512',
    weight: 4,
    districts: [
      ['姑苏区', '215008'],
      ['吴中区', '215100'],
      ['虎丘区', '215011'],
      ['相城区', '215131'],
    ],
    roads: ['干将路', '星湖街', '苏州大道东', '观前街'],
  },
  {
    province: '湖南省',
    city: '长沙市',
    areaCode: '731',
    weight: 3,
    districts: [
      ['岳麓区', '410006'],
      ['芙蓉区', '410011'],
      ['天心区', '410004'],
      ['开福区', '410005'],
    ],
    roads: ['五一大道', '芙蓉中路', '麓山南路', '湘江中路'],
  },
  {
    province: '河南省',
    city: '郑州市',
    areaCode: '371',
    weight: 3,
    districts: [
      ['金水区', '450008'],
      ['中原区', '450007'],
      ['二七区', '450052'],
      ['管城回族区', '450000'],
    ],
    roads: ['花园路', '金水路', '中原路', '农业路'],
  },
  {
    province: '山东省',
    city: '青岛市',
    areaCode: '532',
    weight: 3,
    districts: [
      ['市南区', '266071'],
      ['市北区', '266011'],
      ['崂山区', '266061'],
      ['黄岛区', '266400'],
    ],
    roads: ['香港中路', '东海西路', '山东路', '延安三路'],
  },
  {
    province: '广东省',
    city: '东莞市',
    areaCode: '769',
    weight: 3,
    districts: [
      ['南城街道', '523070'],
      ['东城街道', '523125'],
      ['长安镇', '523850'],
      ['虎门镇', '523900'],
    ],
    roads: ['鸿福路', '东莞大道', '莞太路', '长安中路'],
  },
  {
    province: '浙江省',
    city: '宁波市',
    areaCode: '574',
    weight: 2,
    districts: [
      ['鄞州区', '315100'],
      ['海曙区', '315000'],
      ['江北区', '315020'],
    ],
    roads: ['中山东路', '天童南路', '药行街'],
  },
  {
    province: '安徽省',
    city: '合肥市',
    areaCode: '551',
    weight: 2,
    districts: [
      ['蜀山区', '230031'],
      ['包河区', '230041'],
      ['庐阳区', '230001'],
    ],
    roads: ['长江西路', '徽州大道', '金寨路'],
  },
  {
    province: '福建省',
    city: '福州市',
    areaCode: '591',
    weight: 2,
    districts: [
      ['鼓楼区', '350001'],
      ['台江区', '350004'],
      ['仓山区', '350007'],
    ],
    roads: ['五四路', '八一七北路', '工业路'],
  },
  {
    province: '福建省',
    city: '厦门市',
    areaCode: '592',
    localLength: 7,
    weight: 2,
    districts: [
      ['思明区', '361001'],
      ['湖里区', '361006'],
      ['集美区', '361021'],
    ],
    roads: ['鹭江道', '湖滨南路', '厦禾路'],
  },
  {
    province: '山东省',
    city: '济南市',
    areaCode: '531',
    weight: 2,
    districts: [
      ['历下区', '250014'],
      ['市中区', '250001'],
      ['槐荫区', '250022'],
    ],
    roads: ['泉城路', '经十路', '解放路'],
  },
  {
    province: '辽宁省',
    city: '沈阳市',
    areaCode: '24',
    weight: 2,
    districts: [
      ['和平区', '110001'],
      ['沈河区', '110011'],
      ['皇姑区', '110031'],
    ],
    roads: ['青年大街', '中街路', '北京街'],
  },
  {
    province: '辽宁省',
    city: '大连市',
    areaCode: '411',
    weight: 2,
    districts: [
      ['中山区', '116001'],
      ['沙河口区', '116021'],
      ['甘井子区', '116033'],
    ],
    roads: ['人民路', '中山路', '五一路'],
  },
  {
    province: '黑龙江省',
    city: '哈尔滨市',
    areaCode: '451',
    weight: 2,
    districts: [
      ['南岗区', '150001'],
      ['道里区', '150010'],
      ['香坊区', '150036'],
    ],
    roads: ['中央大街', '红军街', '西大直街'],
  },
  {
    province: '吉林省',
    city: '长春市',
    areaCode: '431',
    weight: 1,
    districts: [
      ['朝阳区', '130012'],
      ['南关区', '130022'],
    ],
    roads: ['人民大街', '自由大路'],
  },
  {
    province: '云南省',
    city: '昆明市',
    areaCode: '871',
    weight: 2,
    districts: [
      ['五华区', '650031'],
      ['盘龙区', '650051'],
      ['官渡区', '650200'],
    ],
    roads: ['东风西路', '北京路', '滇池路'],
  },
  {
    province: '广西壮族自治区',
    city: '南宁市',
    areaCode: '771',
    localLength: 7,
    weight: 1,
    districts: [
      ['青秀区', '530022'],
      ['兴宁区', '530012'],
    ],
    roads: ['民族大道', '朝阳路'],
  },
  {
    province: '江西省',
    city: '南昌市',
    areaCode: '791',
    weight: 1,
    districts: [
      ['东湖区', '330006'],
      ['西湖区', '330009'],
      ['红谷滩区', '330038'],
    ],
    roads: ['八一大道', '红谷中大道'],
  },
  {
    province: '河北省',
    city: '石家庄市',
    areaCode: '311',
    weight: 1,
    districts: [
      ['长安区', '050011'],
      ['桥西区', '050051'],
    ],
    roads: ['中山东路', '裕华路'],
  },
  {
    province: '山西省',
    city: '太原市',
    areaCode: '351',
    localLength: 7,
    weight: 1,
    districts: [
      ['小店区', '030032'],
      ['迎泽区', '030001'],
    ],
    roads: ['迎泽大街', '长风街'],
  },
  {
    province: '贵州省',
    city: '贵阳市',
    areaCode: '851',
    weight: 1,
    districts: [
      ['南明区', '550001'],
      ['云岩区', '550001'],
    ],
    roads: ['中华中路', '宝山北路'],
  },
  {
    province: '甘肃省',
    city: '兰州市',
    areaCode: '931',
    localLength: 7,
    weight: 1,
    districts: [
      ['城关区', '730030'],
      ['七里河区', '730050'],
    ],
    roads: ['庆阳路', '东岗西路'],
  },
  {
    province: '新疆维吾尔自治区',
    city: '乌鲁木齐市',
    areaCode: '991',
    localLength: 7,
    weight: 1,
    districts: [
      ['天山区', '830000'],
      ['沙依巴克区', '830002'],
    ],
    roads: ['解放北路', '友好南路'],
  },
  {
    province: '内蒙古自治区',
    city: '呼和浩特市',
    areaCode: '471',
    localLength: 7,
    weight: 1,
    districts: [
      ['新城区', '010050'],
      ['赛罕区', '010020'],
    ],
    roads: ['新华大街', '中山西路'],
  },
  {
    province: '海南省',
    city: '海口市',
    areaCode: '898',
    weight: 1,
    districts: [
      ['美兰区', '570203'],
      ['龙华区', '570105'],
    ],
    roads: ['国兴大道', '滨海大道'],
  },
  {
    province: '广东省',
    city: '佛山市',
    areaCode: '757',
    weight: 3,
    districts: [
      ['禅城区', '528000'],
      ['南海区', '528200'],
      ['顺德区', '528300'],
    ],
    roads: ['季华路', '佛山大道', '南海大道'],
  },
  {
    province: '江苏省',
    city: '无锡市',
    areaCode: '510',
    weight: 2,
    districts: [
      ['梁溪区', '214001'],
      ['滨湖区', '214071'],
      ['新吴区', '214028'],
    ],
    roads: ['中山路', '太湖大道', '长江路'],
  },
  {
    province: '浙江省',
    city: '温州市',
    areaCode: '577',
    weight: 1,
    districts: [
      ['鹿城区', '325000'],
      ['瓯海区', '325005'],
    ],
    roads: ['人民路', '车站大道'],
  },
  {
    province: '广东省',
    city: '珠海市',
    areaCode: '756',
    localLength: 7,
    weight: 1,
    districts: [
      ['香洲区', '519000'],
      ['金湾区', '519090'],
    ],
    roads: ['情侣路', '迎宾南路'],
  },
  {
    province: '福建省',
    city: '泉州市',
    areaCode: '595',
    weight: 1,
    districts: [
      ['丰泽区', '362000'],
      ['鲤城区', '362000'],
    ],
    roads: ['刺桐路', '泉秀路'],
  },
  {
    province: '江苏省',
    city: '常州市',
    areaCode: '519',
    weight: 1,
    districts: [
      ['天宁区', '213003'],
      ['武进区', '213161'],
    ],
    roads: ['延陵西路', '常武中路'],
  },
];
/** Road names found in almost every Chinese city. */
export const COMMON_ROADS = [
  '人民路',
  '中山路',
  '解放路',
  '建设路',
  '和平路',
  '新华路',
  '文化路',
  '长江路',
  '黄河路',
  '工业大道',
  '科技路',
  '东风路',
  '胜利路',
  '青年路',
  '学府路',
  '环城北路',
  '朝阳路',
  '光明路',
];
/** Office buildings and residential estates, joined to a brand-like word (华润大厦, 阳光花园). */
export const OFFICE_BUILDINGS = ['大厦', '国际中心', '商务中心', '广场', '科技大厦', '中心'];
export const RESIDENTIAL_ESTATES = ['花园', '小区', '家园', '公寓', '新村', '名苑'];
export const ESTATE_WORDS = ['阳光', '锦绣', '碧桂', '翠苑', '金色', '华府', '滨江', '绿城', '万科', '世纪', '东方', '幸福'];

export type TaiwanCity = {
  city: string;
  /** Another accepted spelling people use (台北市 / 臺北市). */
  alternative: string | null;
  /** Long-distance code without the trunk 0, and the first digits and length of local numbers there. */
  areaCode: string;
  localFirstDigits: string;
  localLength: number;
  weight: number;
  districts: readonly District[];
  roads: readonly string[];
};
/** Taiwan, written in traditional script as it is there; 3-digit postal codes. */
export const TAIWAN_CITIES: readonly TaiwanCity[] = [
  {
    city: '台北市',
    alternative: '臺北市',
    areaCode: '2',
    localFirstDigits: '2',
    localLength: 8,
    weight: 30,
    districts: [
      ['大安區', '106'],
      ['信義區', '110'],
      ['中山區', '104'],
      ['松山區', '105'],
      ['內湖區', '114'],
      ['士林區', '111'],
    ],
    roads: ['忠孝東路四段', '信義路五段', '敦化南路一段', '復興北路', '中山北路二段', '民生東路三段', '南京東路三段'],
  },
  {
    city: '新北市',
    alternative: null,
    areaCode: '2',
    localFirstDigits: '28',
    localLength: 8,
    weight: 22,
    districts: [
      ['板橋區', '220'],
      ['新莊區', '242'],
      ['中和區', '235'],
      ['永和區', '234'],
      ['三重區', '241'],
    ],
    roads: ['文化路一段', '中山路二段', '中正路', '重新路三段', '民生路'],
  },
  {
    city: '台中市',
    alternative: '臺中市',
    areaCode: '4',
    localFirstDigits: '23',
    localLength: 8,
    weight: 16,
    districts: [
      ['西屯區', '407'],
      ['北屯區', '406'],
      ['南屯區', '408'],
      ['西區', '403'],
    ],
    roads: ['台灣大道三段', '文心路三段', '公益路二段', '崇德路二段'],
  },
  {
    city: '高雄市',
    alternative: null,
    areaCode: '7',
    localFirstDigits: '235',
    localLength: 7,
    weight: 14,
    districts: [
      ['前鎮區', '806'],
      ['苓雅區', '802'],
      ['左營區', '813'],
      ['三民區', '807'],
    ],
    roads: ['中華五路', '博愛二路', '四維三路', '成功二路'],
  },
  {
    city: '桃園市',
    alternative: null,
    areaCode: '3',
    localFirstDigits: '34',
    localLength: 7,
    weight: 9,
    districts: [
      ['桃園區', '330'],
      ['中壢區', '320'],
    ],
    roads: ['中正路', '經國路', '中華路'],
  },
  {
    city: '台南市',
    alternative: '臺南市',
    areaCode: '6',
    localFirstDigits: '2',
    localLength: 7,
    weight: 6,
    districts: [
      ['東區', '701'],
      ['中西區', '700'],
      ['永康區', '710'],
    ],
    roads: ['中華東路', '民族路二段', '中正南路'],
  },
  {
    city: '新竹市',
    alternative: null,
    areaCode: '3',
    localFirstDigits: '5',
    localLength: 7,
    weight: 3,
    districts: [
      ['東區', '300'],
      ['北區', '300'],
    ],
    roads: ['光復路二段', '中華路二段', '科學園路'],
  },
];

export type HongKongArea = {
  area: string;
  areaEnglish: string;
  region: string;
  regionEnglish: string;
  streets: readonly (readonly [chinese: string, english: string])[];
};
/** Hong Kong, in traditional script, with the English forms people also write. No postal codes there. */
export const HONG_KONG_AREAS: readonly HongKongArea[] = [
  {
    area: '中環',
    areaEnglish: 'Central',
    region: '香港',
    regionEnglish: 'Hong Kong Island',
    streets: [
      ['德輔道中', 'Des Voeux Road Central'],
      ['皇后大道中', "Queen's Road Central"],
      ['干諾道中', 'Connaught Road Central'],
    ],
  },
  {
    area: '灣仔',
    areaEnglish: 'Wan Chai',
    region: '香港',
    regionEnglish: 'Hong Kong Island',
    streets: [
      ['告士打道', 'Gloucester Road'],
      ['軒尼詩道', 'Hennessy Road'],
      ['港灣道', 'Harbour Road'],
    ],
  },
  {
    area: '銅鑼灣',
    areaEnglish: 'Causeway Bay',
    region: '香港',
    regionEnglish: 'Hong Kong Island',
    streets: [
      ['軒尼詩道', 'Hennessy Road'],
      ['怡和街', 'Yee Wo Street'],
    ],
  },
  {
    area: '北角',
    areaEnglish: 'North Point',
    region: '香港',
    regionEnglish: 'Hong Kong Island',
    streets: [
      ['英皇道', "King's Road"],
      ['渣華道', 'Java Road'],
    ],
  },
  {
    area: '尖沙咀',
    areaEnglish: 'Tsim Sha Tsui',
    region: '九龍',
    regionEnglish: 'Kowloon',
    streets: [
      ['彌敦道', 'Nathan Road'],
      ['廣東道', 'Canton Road'],
      ['梳士巴利道', 'Salisbury Road'],
    ],
  },
  {
    area: '旺角',
    areaEnglish: 'Mong Kok',
    region: '九龍',
    regionEnglish: 'Kowloon',
    streets: [
      ['彌敦道', 'Nathan Road'],
      ['亞皆老街', 'Argyle Street'],
    ],
  },
  {
    area: '觀塘',
    areaEnglish: 'Kwun Tong',
    region: '九龍',
    regionEnglish: 'Kowloon',
    streets: [
      ['觀塘道', 'Kwun Tong Road'],
      ['開源道', 'Hoi Yuen Road'],
      ['鴻圖道', 'Hung To Road'],
    ],
  },
  {
    area: '沙田',
    areaEnglish: 'Sha Tin',
    region: '新界',
    regionEnglish: 'New Territories',
    streets: [
      ['沙田正街', 'Sha Tin Centre Street'],
      ['源禾路', 'Yuen Wo Road'],
    ],
  },
  {
    area: '荃灣',
    areaEnglish: 'Tsuen Wan',
    region: '新界',
    regionEnglish: 'New Territories',
    streets: [
      ['青山公路', 'Castle Peak Road'],
      ['沙咀道', 'Sha Tsui Road'],
    ],
  },
];
export const MACAU_STREETS = ['新馬路', '南灣大馬路', '友誼大馬路', '高士德大馬路', '氹仔布拉干薩街', '羅理基博士大馬路', '宋玉生廣場'];

export type AbroadCity = {
  city: string;
  /** US state or the like, shown after the city. */
  state: string | null;
  /** Postal code pattern: 'd' is a random digit, 'L' a random letter from A–Z, anything else literal. */
  postalPattern: string;
  /** National significant number prefix of landlines there (415 in San Francisco, 20 7 in London). */
  landlinePrefix: string;
  weight: number;
  streets: readonly string[];
};
export type AbroadCountry = {
  code: 'US' | 'GB' | 'SG' | 'JP' | 'DE';
  name: string;
  callingCode: string;
  /** National significant number length of landlines and mobiles. */
  landlineLength: number;
  mobilePrefixes: readonly string[];
  mobileLength: number;
  /** Groups of digits when the number is written spaced, landline then mobile. */
  landlineGroups: readonly number[];
  mobileGroups: readonly number[];
  currency: string;
  emailDomains: readonly string[];
  webDomain: string;
  legalForms: readonly string[];
  cities: readonly AbroadCity[];
};
export const ABROAD_COUNTRIES: readonly AbroadCountry[] = [
  {
    code: 'US',
    name: 'USA',
    callingCode: '1',
    landlineLength: 10,
    mobilePrefixes: [],
    mobileLength: 10,
    landlineGroups: [3, 3, 4],
    mobileGroups: [3, 3, 4],
    currency: 'USD',
    emailDomains: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com'],
    webDomain: '.com',
    legalForms: ['Inc.', 'LLC', 'Corp.', 'Co.'],
    cities: [
      {
        city: 'New York',
        state: 'NY',
        postalPattern: '100dd',
        landlinePrefix: '212',
        weight: 3,
        streets: ['Broadway', '5th Ave', 'Madison Ave', 'Park Ave', 'W 34th St'],
      },
      {
        city: 'San Francisco',
        state: 'CA',
        postalPattern: '941dd',
        landlinePrefix: '415',
        weight: 2,
        streets: ['Market St', 'Mission St', 'California St', 'Pine St'],
      },
      {
        city: 'Los Angeles',
        state: 'CA',
        postalPattern: '900dd',
        landlinePrefix: '213',
        weight: 2,
        streets: ['Wilshire Blvd', 'Figueroa St', 'Sunset Blvd', 'Main St'],
      },
      {
        city: 'Seattle',
        state: 'WA',
        postalPattern: '981dd',
        landlinePrefix: '206',
        weight: 1,
        streets: ['Pike St', '1st Ave', 'Union St'],
      },
      {
        city: 'Chicago',
        state: 'IL',
        postalPattern: '606dd',
        landlinePrefix: '312',
        weight: 1,
        streets: ['Michigan Ave', 'State St', 'Wacker Dr'],
      },
      {
        city: 'Houston',
        state: 'TX',
        postalPattern: '770dd',
        landlinePrefix: '713',
        weight: 1,
        streets: ['Main St', 'Westheimer Rd', 'Louisiana St'],
      },
    ],
  },
  {
    code: 'GB',
    name: 'UK',
    callingCode: '44',
    landlineLength: 10,
    mobilePrefixes: ['74', '75', '77', '78', '79'],
    mobileLength: 10,
    landlineGroups: [2, 4, 4],
    mobileGroups: [4, 6],
    currency: 'GBP',
    emailDomains: ['gmail.com', 'outlook.com', 'btinternet.com', 'yahoo.co.uk', 'hotmail.co.uk'],
    webDomain: '.co.uk',
    legalForms: ['Ltd', 'Ltd', 'PLC', 'Limited'],
    cities: [
      {
        city: 'London',
        state: null,
        postalPattern: 'EC1A dLL',
        landlinePrefix: '207',
        weight: 3,
        streets: ['Oxford St', 'Baker St', 'Fleet St', 'Bishopsgate', 'Victoria St'],
      },
      {
        city: 'London',
        state: null,
        postalPattern: 'SW1A dLL',
        landlinePrefix: '203',
        weight: 1,
        streets: ['Whitehall', 'The Strand', 'Regent St'],
      },
      {
        city: 'Manchester',
        state: null,
        postalPattern: 'M1 dLL',
        landlinePrefix: '161',
        weight: 1,
        streets: ['Deansgate', 'Market St', 'Portland St'],
      },
    ],
  },
  {
    code: 'SG',
    name: 'Singapore',
    callingCode: '65',
    landlineLength: 8,
    mobilePrefixes: ['81', '82', '83', '84', '85', '86', '87', '88', '90', '91', '92', '93', '94', '96', '97', '98'],
    mobileLength: 8,
    landlineGroups: [4, 4],
    mobileGroups: [4, 4],
    currency: 'SGD',
    emailDomains: ['gmail.com', 'singnet.com.sg', 'yahoo.com.sg', 'hotmail.com'],
    webDomain: '.com.sg',
    legalForms: ['Pte. Ltd.', 'Pte Ltd'],
    cities: [
      {
        city: 'Singapore',
        state: null,
        postalPattern: '0dddd',
        landlinePrefix: '6',
        weight: 1,
        streets: ['Raffles Place', 'Shenton Way', 'Cecil Street', 'Robinson Road', 'Orchard Road'],
      },
    ],
  },
  {
    code: 'JP',
    name: 'Japan',
    callingCode: '81',
    landlineLength: 9,
    mobilePrefixes: ['80', '90'],
    mobileLength: 10,
    landlineGroups: [1, 4, 4],
    mobileGroups: [2, 4, 4],
    currency: 'JPY',
    emailDomains: ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'icloud.com'],
    webDomain: '.co.jp',
    legalForms: ['Co., Ltd.', 'K.K.', 'Corporation'],
    cities: [
      {
        city: 'Minato-ku, Tokyo',
        state: null,
        postalPattern: '105-dddd',
        landlinePrefix: '35',
        weight: 2,
        streets: ['Roppongi', 'Shiba', 'Akasaka', 'Toranomon'],
      },
      {
        city: 'Chiyoda-ku, Tokyo',
        state: null,
        postalPattern: '100-dddd',
        landlinePrefix: '35',
        weight: 1,
        streets: ['Marunouchi', 'Otemachi', 'Kanda'],
      },
      {
        city: 'Kita-ku, Osaka',
        state: null,
        postalPattern: '530-dddd',
        landlinePrefix: '66',
        weight: 1,
        streets: ['Umeda', 'Dojima', 'Nakanoshima'],
      },
    ],
  },
  {
    code: 'DE',
    name: 'Germany',
    callingCode: '49',
    landlineLength: 10,
    mobilePrefixes: ['151', '152', '160', '170', '171', '172', '176'],
    mobileLength: 11,
    landlineGroups: [2, 8],
    mobileGroups: [3, 8],
    currency: 'EUR',
    emailDomains: ['gmail.com', 'web.de', 'gmx.de', 't-online.de'],
    webDomain: '.de',
    legalForms: ['GmbH', 'GmbH', 'AG', 'GmbH & Co. KG'],
    cities: [
      {
        city: 'Berlin',
        state: null,
        postalPattern: '10ddd',
        landlinePrefix: '30',
        weight: 2,
        streets: ['Friedrichstraße', 'Unter den Linden', 'Kurfürstendamm', 'Potsdamer Platz'],
      },
      {
        city: 'München',
        state: null,
        postalPattern: '80ddd',
        landlinePrefix: '89',
        weight: 1,
        streets: ['Leopoldstraße', 'Maximilianstraße', 'Sonnenstraße'],
      },
      {
        city: 'Hamburg',
        state: null,
        postalPattern: '20ddd',
        landlinePrefix: '40',
        weight: 1,
        streets: ['Mönckebergstraße', 'Jungfernstieg', 'Ballindamm'],
      },
      {
        city: 'Frankfurt am Main',
        state: null,
        postalPattern: '60ddd',
        landlinePrefix: '69',
        weight: 1,
        streets: ['Zeil', 'Mainzer Landstraße', 'Taunusanlage'],
      },
    ],
  },
];

/** Free-mail domains by region, most used first. */
export const MAINLAND_EMAIL_DOMAINS = [
  '163.com',
  'qq.com',
  '126.com',
  'sina.com',
  'gmail.com',
  'foxmail.com',
  'outlook.com',
  '139.com',
  'sohu.com',
  'aliyun.com',
];
export const TAIWAN_EMAIL_DOMAINS = ['gmail.com', 'yahoo.com.tw', 'hotmail.com', 'msa.hinet.net', 'outlook.com'];
export const HONG_KONG_EMAIL_DOMAINS = ['gmail.com', 'yahoo.com.hk', 'hotmail.com', 'netvigator.com', 'outlook.com'];
export const MACAU_EMAIL_DOMAINS = ['gmail.com', 'macau.ctm.net', 'yahoo.com.hk', 'hotmail.com'];

export type ContactRole = 'decision_maker' | 'influencer' | 'user' | 'gatekeeper' | 'champion' | 'other';
export type Influence = 'high' | 'medium' | 'low';
export type JobTitle = { chinese: string; english: string; role: ContactRole; influence: Influence };
export const JOB_TITLES: readonly JobTitle[] = [
  { chinese: '总经理', english: 'General Manager', role: 'decision_maker', influence: 'high' },
  { chinese: '董事长', english: 'Chairman', role: 'decision_maker', influence: 'high' },
  { chinese: '采购经理', english: 'Purchasing Manager', role: 'decision_maker', influence: 'medium' },
  { chinese: '财务总监', english: 'CFO', role: 'influencer', influence: 'high' },
  { chinese: '技术总监', english: 'CTO', role: 'champion', influence: 'medium' },
  { chinese: '销售经理', english: 'Sales Manager', role: 'influencer', influence: 'medium' },
  { chinese: '采购专员', english: 'Buyer', role: 'user', influence: 'low' },
  { chinese: '行政主管', english: 'Office Manager', role: 'gatekeeper', influence: 'low' },
  { chinese: 'IT经理', english: 'IT Manager', role: 'user', influence: 'medium' },
  { chinese: '项目经理', english: 'Project Manager', role: 'champion', influence: 'medium' },
  { chinese: '总裁助理', english: 'Executive Assistant', role: 'gatekeeper', influence: 'low' },
  { chinese: '质量主管', english: 'Quality Lead', role: 'other', influence: 'low' },
];

export const ORGANISATION_TYPES = ['终端客户', '终端客户', '经销商', '代理商', '合作伙伴', '政府机构'];
export const PERSON_TYPES = ['个人消费者', '个人消费者', '会员客户'];
export const SOURCES = ['官网', '展会', '客户推荐', '电话营销', '电商平台', '广告', '地推', '微信', '老客户转介绍'];
export const TAGS = ['VIP', '老客户', '展会', '线上', '代理商', '潜在大客户'];
export const CHINESE_PAYMENT_TERMS = ['款到发货', '月结30天', '月结60天', '货到付款', '预付30%，余款发货前付清'];
export const ENGLISH_PAYMENT_TERMS = ['Net 30', 'Net 60', 'Prepayment', 'Due on receipt'];
export const CHINESE_NOTES = [
  '每月初下单',
  '需开增值税专用发票',
  '对价格敏感，注意报价',
  '偏好微信沟通',
  '年底有集中采购计划',
  '曾投诉发货延迟，已处理',
  '由前任销售转交',
  '决策周期较长',
];
export const ENGLISH_NOTES = ['Orders quarterly', 'Prefers email', 'Price sensitive', 'Met at Canton Fair', 'Needs invoices in USD'];
