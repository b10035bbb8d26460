/**
 * Administrative divisions that addresses are recognised by (CUST-4): mainland China's provincial-level
 * divisions with their prefecture-level cities (and the county-level cities governed directly by a
 * province), Taiwan's cities and counties, Hong Kong's districts with the areas people write instead,
 * and Macau's parishes. Mainland names are in simplified script; Taiwan, Hong Kong and Macau names in
 * the traditional script they are officially written in. Matching converts both sides to simplified.
 */

/**
 * One mainland provincial-level division: official name, the short name people write, the official name
 * in traditional script, and its cities. A city is written `短名` when its official name is `短名市`,
 * `短名=正式名称` otherwise, and `=正式名称` when its short name is better not guessed (海南 is a province).
 */
export type MainlandProvinceRow = readonly [name: string, short: string, traditional: string, cities: string];

export const MAINLAND_PROVINCES: readonly MainlandProvinceRow[] = [
  ['北京市', '北京', '北京市', ''],
  ['天津市', '天津', '天津市', ''],
  ['上海市', '上海', '上海市', ''],
  ['重庆市', '重庆', '重慶市', ''],
  ['河北省', '河北', '河北省', '石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水'],
  ['山西省', '山西', '山西省', '太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁'],
  [
    '内蒙古自治区',
    '内蒙古',
    '內蒙古自治區',
    '呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安=兴安盟 锡林郭勒=锡林郭勒盟 阿拉善=阿拉善盟',
  ],
  ['辽宁省', '辽宁', '遼寧省', '沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛'],
  ['吉林省', '吉林', '吉林省', '长春 吉林 四平 辽源 通化 白山 松原 白城 延边=延边朝鲜族自治州'],
  ['黑龙江省', '黑龙江', '黑龍江省', '哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭=大兴安岭地区'],
  ['江苏省', '江苏', '江蘇省', '南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁'],
  ['浙江省', '浙江', '浙江省', '杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水'],
  ['安徽省', '安徽', '安徽省', '合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城'],
  ['福建省', '福建', '福建省', '福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德'],
  ['江西省', '江西', '江西省', '南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶'],
  ['山东省', '山东', '山東省', '济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽'],
  ['河南省', '河南', '河南省', '郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源'],
  [
    '湖北省',
    '湖北',
    '湖北省',
    '武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施=恩施土家族苗族自治州 仙桃 潜江 天门 神农架=神农架林区',
  ],
  ['湖南省', '湖南', '湖南省', '长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西=湘西土家族苗族自治州'],
  ['广东省', '广东', '廣東省', '广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮'],
  ['广西壮族自治区', '广西', '廣西壯族自治區', '南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左'],
  ['海南省', '海南', '海南省', '海口 三亚 三沙 儋州 五指山 琼海 文昌 万宁 东方'],
  [
    '四川省',
    '四川',
    '四川省',
    '成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 ' +
      '阿坝=阿坝藏族羌族自治州 甘孜=甘孜藏族自治州 凉山=凉山彝族自治州',
  ],
  [
    '贵州省',
    '贵州',
    '貴州省',
    '贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南=黔西南布依族苗族自治州 黔东南=黔东南苗族侗族自治州 黔南=黔南布依族苗族自治州',
  ],
  [
    '云南省',
    '云南',
    '雲南省',
    '昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄=楚雄彝族自治州 红河=红河哈尼族彝族自治州 文山=文山壮族苗族自治州 ' +
      '西双版纳=西双版纳傣族自治州 大理=大理白族自治州 德宏=德宏傣族景颇族自治州 怒江=怒江傈僳族自治州 迪庆=迪庆藏族自治州',
  ],
  ['西藏自治区', '西藏', '西藏自治區', '拉萨 日喀则 昌都 林芝 山南 那曲 阿里=阿里地区'],
  ['陕西省', '陕西', '陝西省', '西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛'],
  ['甘肃省', '甘肃', '甘肅省', '兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏=临夏回族自治州 甘南=甘南藏族自治州'],
  [
    '青海省',
    '青海',
    '青海省',
    '西宁 海东 海北=海北藏族自治州 黄南=黄南藏族自治州 =海南藏族自治州 果洛=果洛藏族自治州 玉树=玉树藏族自治州 ' +
      '海西=海西蒙古族藏族自治州',
  ],
  ['宁夏回族自治区', '宁夏', '寧夏回族自治區', '银川 石嘴山 吴忠 固原 中卫'],
  [
    '新疆维吾尔自治区',
    '新疆',
    '新疆維吾爾自治區',
    '乌鲁木齐 克拉玛依 吐鲁番 哈密 阿克苏=阿克苏地区 喀什=喀什地区 和田=和田地区 塔城=塔城地区 阿勒泰=阿勒泰地区 ' +
      '昌吉=昌吉回族自治州 博尔塔拉=博尔塔拉蒙古自治州 巴音郭楞=巴音郭楞蒙古自治州 克孜勒苏=克孜勒苏柯尔克孜自治州 ' +
      '伊犁=伊犁哈萨克自治州 石河子 阿拉尔 图木舒克 五家渠 北屯 铁门关 双河 可克达拉 昆玉 胡杨河',
  ],
];

/** The traditional form of the characters in the official suffixes above (自治区, 维吾尔, 朝鲜族…) that differ from the simplified. */
export const SUFFIX_TRADITIONAL: Readonly<Record<string, string>> = {
  区: '區',
  维: '維',
  尔: '爾',
  壮: '壯',
  鲜: '鮮',
  颇: '頗',
  萨: '薩',
  县: '縣',
};

/** Taiwan's special municipalities, provincial cities and counties. */
export const TAIWAN_CITIES =
  '臺北市 新北市 桃園市 臺中市 臺南市 高雄市 基隆市 新竹市 嘉義市 新竹縣 苗栗縣 彰化縣 南投縣 雲林縣 嘉義縣 屏東縣 宜蘭縣 花蓮縣 臺東縣 澎湖縣 金門縣 連江縣';

/** Hong Kong's three regions with their 18 districts, each with the areas people write instead of the district. */
export const HONG_KONG_DISTRICTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  香港島: {
    中西區: '中環 上環 西環 西營盤 石塘咀 堅尼地城 半山 山頂 金鐘',
    灣仔區: '灣仔 銅鑼灣 跑馬地 大坑 掃桿埔',
    東區: '北角 天后 炮台山 鰂魚涌 太古 西灣河 筲箕灣 柴灣 杏花邨 小西灣',
    南區: '香港仔 鴨脷洲 黃竹坑 薄扶林 數碼港 淺水灣 深水灣 赤柱',
  },
  九龍: {
    油尖旺區: '尖沙咀 尖東 油麻地 旺角 佐敦 大角咀 太子',
    深水埗區: '深水埗 長沙灣 荔枝角 美孚 石硤尾 又一村',
    九龍城區: '九龍城 紅磡 土瓜灣 何文田 九龍塘 啟德',
    黃大仙區: '黃大仙 鑽石山 新蒲崗 慈雲山 樂富 橫頭磡',
    觀塘區: '觀塘 牛頭角 九龍灣 藍田 油塘 秀茂坪',
  },
  新界: {
    葵青區: '葵涌 葵芳 青衣',
    荃灣區: '荃灣 深井 馬灣',
    屯門區: '屯門 藍地',
    元朗區: '元朗 天水圍 錦田 洪水橋',
    北區: '上水 粉嶺 沙頭角',
    大埔區: '大埔 太和',
    沙田區: '沙田 大圍 火炭 馬鞍山',
    西貢區: '西貢 將軍澳 坑口 寶琳',
    離島區: '大嶼山 東涌 長洲 南丫島 坪洲 愉景灣 赤鱲角',
  },
};

/** Macau's parishes and the areas (islands, reclaimed land) people write instead. */
export const MACAU_DISTRICTS =
  '花地瑪堂區 聖安多尼堂區 花王堂區 大堂區 望德堂區 風順堂區 嘉模堂區 聖方濟各堂區 氹仔 路環 路氹城 路氹 澳門半島';
