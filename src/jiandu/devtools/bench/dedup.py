"""Benchmark of near-duplicate detection (issue item 4), called by ``make bench``.

Generates N synthetic petition texts (deterministic, ``random.Random(seed)``), computes
their signatures in bulk and builds the same ``MinHashIndex`` the app uses (in memory, no
database), then checks a labelled set: near-duplicates of stored reports (sentences
reordered, punctuation changed, a few words added, and all three at once) and fresh
reports that duplicate nothing. A query is what the app does for a new report: its
signature, the index lookup, and the exact re-check of the candidates.

    python -m jiandu.devtools.bench.dedup                 # 1,000,000 reports
    python -m jiandu.devtools.bench.dedup --reports 20000

Prints one ``dedup:`` line with the figures (targets: p95 ≤ 20 ms, recall ≥ 0.95).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from dataclasses import dataclass

# --- vocabularies ---------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严武戴孔向汤饶"
)
_GIVEN = (
    "伟强军勇斌涛刚平辉华明杰峰兵波林建国东文亮锋海胜春荣芳丽红梅英琴燕霞艳敏静萍玲娟兰磊鹏"
    "超鑫宇浩凯帆旭晨博航昊锐婷雪慧琳颖倩洁佳欣悦瑶志德永卫立新晓正光学金成忠生龙秀玉桂素月爱"
)
_TOWNS = _words(
    "青石镇 龙泉镇 白沙镇 桃源镇 柳河镇 石门镇 新塘镇 双溪镇 松林镇 花桥镇 大坪镇 长岭镇 "
    "三河镇 枫林乡 云台乡 黄泥乡 杨柳乡 城东街道 城西街道 城北街道"
)
_VILLAGE_ROOTS = _words(
    "石桥 王家 李家湾 新民 红旗 和平 东风 长坪 竹林 杨家 下湾 上坪 团结 胜利 光明 大塘 枫树 "
    "梅岭 沙坪 石塘 马鞍 桂花 青龙 白石 黄土 双河 高桥 新庄 柏树 金竹 茶园 老屋 塘背 人民路 "
    "解放路 建设路 滨江 新华 文昌 青云 锦绣 阳光 朝阳 龙湖 育才"
)
_UNITS = _words(
    "县委办公室 县委组织部 县委宣传部 县委统战部 县委政法委 县人大常委会办公室 县政协办公室 "
    "县政府办公室 县发展和改革局 县教育局 县科学技术和工业信息化局 县公安局 县民政局 县司法局 "
    "县财政局 县人力资源和社会保障局 县自然资源局 县住房和城乡建设局 县交通运输局 县水利局 "
    "县农业农村局 县商务局 县文化广电旅游体育局 县卫生健康局 县退役军人事务局 县应急管理局 "
    "县审计局 县市场监督管理局 县统计局 县医疗保障局 县林业局 县城市管理局 县行政审批服务局 "
    "县信访局 县融媒体中心 县供销合作社联合社 县第一中学 县第二中学 县实验小学 县人民医院 "
    "县中医院 县妇幼保健院 县城投集团 县国资公司 县交投公司 县不动产登记中心 县税务局 县烟草专卖局"
)
_TITLES = _words(
    "局长 副局长 党组书记 主任 副主任 股长 所长 站长 镇长 副镇长 党委书记 村支书 村主任 "
    "村会计 校长 副校长 院长 副院长 科长 经理 总经理 大队长 中队长 出纳 会计 办公室主任"
)
_PROJECTS = _words(
    "道路硬化 危房改造 农田水利 高标准农田 安置房 学校食堂 自来水管网 污水处理 河道清淤 "
    "村级活动中心 路灯安装 美丽乡村 老旧小区改造 绿化 桥梁维修 光伏发电 冷链仓库 文化广场 "
    "垃圾中转站 山塘加固 土地整理 扶贫车间 产业园 标准化厂房"
)
_SUBSIDIES = _words(
    "低保金 危房改造补助 耕地地力保护补贴 退耕还林补助 养老保险金 残疾人两项补贴 "
    "征地补偿款 生态公益林补偿 农机购置补贴 临时救助金 教育资助金 种粮补贴 移民后扶资金 "
    "特困供养金 高龄津贴 医疗救助金"
)
_PLACES = _words("酒店 农家乐 茶楼 会所 KTV 宾馆 饭店 私人会所 洗浴中心 山庄 鱼庄 度假村 宴会厅")
_COMPANIES = _words(
    "建筑公司 劳务公司 建材公司 砂石场 物业公司 园林公司 商贸公司 房地产公司 装饰公司 "
    "运输公司 混凝土公司 养殖合作社 种植合作社 医药公司 信息技术公司"
)
_GOODS = _words("购物卡 现金 烟酒 茶叶 土特产 红包 手机 名表 礼品卡 加油卡")
_RELATIVES = _words("妻子 丈夫 儿子 女儿 弟弟 哥哥 妹妹 姐夫 小舅子 侄子 外甥 岳父 女婿 表弟")
_CARS = _words("公车 执法车 单位车辆 公务用车 工程车")

_TEMPLATES = (
    "我要实名举报{town}{village}村{title}{name}",
    "本人是{town}{village}村村民，现反映{unit}{title}{name}的问题",
    "{name}在担任{unit}{title}期间，利用职务便利为其{rel}承揽{project}工程，从中收受好处费{money}",
    "{date}，{name}在{town}一家{place}接受{company}老板宴请，饭后还收受{goods}{money}",
    "{village}村{title}{name}虚报冒领{subsidy}{money}，至今没有退还",
    "{name}长期不在岗，对群众反映的{project}问题推诿扯皮，群众意见很大",
    "{project}项目{money}的资金被{name}挪作他用，账目不公开",
    "{name}的{rel}开办{company}，{name}利用职权为其在{project}项目中打招呼",
    "{date}至{date2}期间，{name}多次驾驶{car}到{place}吃喝，发票在{unit}报销",
    "{name}为其{rel}违规办理{subsidy}，其{rel}家里有{num}套房子还领{subsidy}",
    "{town}{project}工程存在偷工减料，监理是{name}的{rel}，验收时{title}{name}睁一只眼闭一只眼",
    "{name}在{unit}干部提拔中收受{name2}{money}，帮其提拔为{title}",
    "{date}，{name}操办其{rel}婚宴，在{place}摆了{num}桌，收受管理服务对象礼金{money}",
    "{name}在{town}违规占用耕地{num}亩建私房，{unit}一直不处理",
    "{unit}{title}{name}经常在工作日打麻将，每次输赢{money}",
    "{village}村集体{project}款{money}去向不明，村民多次要求公开账目，{name}拒不公开",
    "{name}与{company}老板{name2}关系密切，{company}在{unit}的招标中多次中标",
    "{name}利用{unit}{title}身份，向辖区{company}借款{money}，至今未还",
    "{date}，{name}带领{num}名干部以考察为名到外地旅游，费用由{company}承担",
    "{village}村{subsidy}发放名单中有{num}人是{title}{name}的亲戚",
    "{name}对{village}村{name2}家的{subsidy}申请卡拿要，索要{goods}{money}",
    "{unit}违规发放津贴补贴，{title}{name}一人就领了{money}",
    "{name}在{town}{project}中虚增工程量，多付工程款{money}给{company}",
    "{name}的{rel}{name2}没有考试就进入{unit}上班，吃空饷{num}年",
    "{name}违规收取{village}村村民{subsidy}办理费用，每户{money}",
)
_CLOSINGS = (
    "以上情况属实，恳请纪委调查处理",
    "希望上级纪委认真调查，给群众一个公道",
    "请求县纪委监委派人核实",
    "群众敢怒不敢言，请领导重视",
    "如有不实，本人愿意承担法律责任",
    "请求对{name}的问题进行严肃查处",
    "{village}村村民强烈要求彻查此事",
    "此事已向{unit}反映过多次，但一直没有结果",
)
_FILLERS = _words(
    "确实 多次 据了解 严重 长期以来 据群众反映 此外 而且 公然 明目张胆 私下 暗中 "
    "据知情人说 早已 一直 反复 特别是 尤其 另外 同时"
)
_ENDS = "。。。。！；"


def _name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


def _money(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return f"{rng.randint(2, 99) * 1000}元"
    if roll < 0.8:
        return f"{rng.randint(1, 300)}万元"
    return f"{rng.randint(1, 50)}.{rng.randint(1, 9)}万元"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2019, 2026)}年{rng.randint(1, 12)}月" + (
        f"{rng.randint(1, 28)}日" if rng.random() < 0.6 else ""
    )


class _Slots(dict):
    """Template slots, each drawn when a template first asks for it."""

    def __init__(self, rng: random.Random, person: str, other: str) -> None:
        super().__init__(name=person, name2=other)
        self.rng = rng

    def __missing__(self, key: str) -> str | int:
        rng = self.rng
        if key == "company":
            prefix = rng.choice(_SURNAMES) + "氏" if rng.random() < 0.5 else rng.choice(_TOWNS)[:2]
            value: str | int = prefix + rng.choice(_COMPANIES)
        elif key == "money":
            value = _money(rng)
        elif key in ("date", "date2"):
            value = _date(rng)
        elif key == "num":
            value = rng.randint(2, 40)
        else:
            value = rng.choice(_VOCABULARY[key])
        self[key] = value
        return value


_VOCABULARY = {
    "town": _TOWNS,
    "village": _VILLAGE_ROOTS,
    "unit": _UNITS,
    "title": _TITLES,
    "project": _PROJECTS,
    "subsidy": _SUBSIDIES,
    "place": _PLACES,
    "goods": _GOODS,
    "rel": _RELATIVES,
    "car": _CARS,
}


def _fill(template: str, rng: random.Random, person: str, other: str) -> str:
    return template.format_map(_Slots(rng, person, other))


def report_text(rng: random.Random) -> str:
    """One synthetic petition of 80–300 characters: an opening, a few allegations about
    one person (sometimes a second), a closing."""
    target = rng.randint(80, 300)
    person, other = _name(rng), _name(rng)
    sentences = [_fill(rng.choice(_TEMPLATES[:2]), rng, person, other)]
    closing = _fill(rng.choice(_CLOSINGS), rng, person, other) + rng.choice(_ENDS)
    body = _TEMPLATES[2:]
    while True:
        sentence = _fill(rng.choice(body), rng, person, other) + rng.choice(_ENDS)
        length = sum(len(s) for s in sentences) + len(sentence) + len(closing) + 1
        if length > 300 and len(sentences) > 1:
            break
        sentences.append(sentence)
        if length >= target:
            break
    sentences[0] += "。" if rng.random() < 0.7 else "，"
    text = "".join(sentences) + closing
    return text[:300]


def generate(count: int, seed: int = 20261123) -> list[str]:
    rng = random.Random(seed)
    return [report_text(rng) for _ in range(count)]


# --- near-duplicates -----------------------------------------------------------------------

_SPLIT = "。！？；"


def _sentences(text: str) -> list[str]:
    out, current = [], ""
    for ch in text:
        current += ch
        if ch in _SPLIT:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def reorder(text: str, rng: random.Random) -> str:
    parts = _sentences(text)
    if len(parts) < 2:
        return text
    original = list(parts)
    for _ in range(5):
        rng.shuffle(parts)
        if parts != original:
            break
    return "".join(parts)


_PUNCT_SWAPS = {
    "。": "。！；，. ",
    "，": "，、, ；",
    "！": "！。!",
    "；": "；。，",
    "、": "、，, ",
}


def repunctuate(text: str, rng: random.Random) -> str:
    out = []
    for ch in text:
        if ch in _PUNCT_SWAPS and rng.random() < 0.6:
            out.append(rng.choice(_PUNCT_SWAPS[ch]))
        else:
            out.append(ch)
        if rng.random() < 0.03:
            out.append(rng.choice(" ，、"))
    return "".join(out).replace("元", "元 ", 1)


def add_words(text: str, rng: random.Random, words: int | None = None) -> str:
    words = rng.randint(2, 5) if words is None else words
    chars = list(text)
    for _ in range(words):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(_FILLERS))
    return "".join(chars)


def mixed(text: str, rng: random.Random) -> str:
    return add_words(repunctuate(reorder(text, rng), rng), rng, rng.randint(1, 4))


PERTURBATIONS = {
    "reorder": reorder,
    "punctuation": repunctuate,
    "words": add_words,
    "mixed": mixed,
}


@dataclass(frozen=True)
class Case:
    text: str
    original: int | None  # index of the stored report it duplicates, or None
    kind: str


def labelled_set(stored: list[str], per_kind: int, negatives: int, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for kind, perturb in PERTURBATIONS.items():
        for _ in range(per_kind):
            index = rng.randrange(len(stored))
            cases.append(Case(perturb(stored[index], rng), index, kind))
    fresh = random.Random(seed + 1_000_003)
    cases += [Case(report_text(fresh), None, "unrelated") for _ in range(negatives)]
    return cases


# --- the run ------------------------------------------------------------------------------


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(reports: int, per_kind: int = 150, negatives: int = 600, seed: int = 20261123) -> dict:
    from jiandu.intake import similarity

    started = time.perf_counter()
    stored = generate(reports, seed)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    index = similarity.MinHashIndex()
    step = 50_000
    for first in range(0, reports, step):
        chunk = stored[first : first + step]
        index.add_many(range(first, first + len(chunk)), similarity.signatures_bulk(chunk))
    build = time.perf_counter() - started

    cases = labelled_set(stored, per_kind, negatives)

    def texts_of(ids: list[int]) -> dict[int, str]:
        return {i: stored[i] for i in ids}

    latencies, hits, candidates = [], {}, []
    for case in cases:
        t0 = time.perf_counter()
        found = similarity.find_near_duplicates(index, case.text, texts_of)
        latencies.append((time.perf_counter() - t0) * 1000)
        ids = [pk for pk, _ in found]
        if case.original is None:
            hits.setdefault("unrelated", []).append(bool(ids))
        else:
            hits.setdefault(case.kind, []).append(case.original in ids)
        candidates.append(len(found))
    near = [h for kind, h in hits.items() if kind != "unrelated" for h in h]
    true_similarity = [
        similarity.similarity_score(c.text, stored[c.original])
        for c in cases
        if c.original is not None
    ]
    return {
        "reports": reports,
        "generate_s": generated,
        "build_s": build,
        "p50": _percentile(latencies, 50),
        "p95": _percentile(latencies, 95),
        "p99": _percentile(latencies, 99),
        "recall": sum(near) / len(near),
        "recall_by_kind": {k: sum(v) / len(v) for k, v in hits.items() if k != "unrelated"},
        "fp_rate": sum(hits["unrelated"]) / len(hits["unrelated"]),
        "near_duplicates": len(near),
        "non_duplicates": len(hits["unrelated"]),
        "peak_rss_mb": _peak_rss_mb(),
        "near_duplicate_similarity_min": min(true_similarity),
        "near_duplicate_similarity_p5": _percentile(true_similarity, 5),
    }


def format_result(r: dict) -> str:
    kinds = " ".join(f"{k}={v:.3f}" for k, v in r["recall_by_kind"].items())
    return (
        f"dedup: reports={r['reports']} build={r['build_s']:.1f}s "
        f"p50={r['p50']:.2f} p95={r['p95']:.2f} p99={r['p99']:.2f} ms "
        f"recall={r['recall']:.3f} fp_rate={r['fp_rate']:.3f} "
        f"peak_rss={r['peak_rss_mb']:.0f}MB "
        f"(labelled: {r['near_duplicates']} near-duplicates [{kinds}], "
        f"{r['non_duplicates']} non-duplicates; exact similarity of the near-duplicates "
        f"min {r['near_duplicate_similarity_min']:.2f}, "
        f"p5 {r['near_duplicate_similarity_p5']:.2f}; "
        f"texts generated in {r['generate_s']:.1f}s)"
    )


def bench_matching(samples: int = 200, seed: int = 3) -> dict:
    """Subject matching against the register already in the database (``make bench``
    calls it after loading the demo county): the dictionary build, and matching one
    report (names in the text, candidates for each, the unit disambiguation)."""
    from jiandu.intake import matching
    from jiandu.org.models import Cadre, Post, Unit

    started = time.perf_counter()
    matching._base_tokenizer()
    base = time.perf_counter() - started
    started = time.perf_counter()
    matching.reset_register()
    matching.register()
    build = time.perf_counter() - started
    rng = random.Random(seed)
    posts = list(Post.objects.current().select_related("cadre", "unit").order_by("id"))
    latencies, linked = [], 0
    for post in rng.sample(posts, min(samples, len(posts))):
        text = (
            f"反映{post.unit.name}{post.title}{post.cadre.name}利用职务便利为其亲属承揽"
            f"{rng.choice(_PROJECTS)}工程，收受好处费{_money(rng)}，还经常在工作日打麻将。"
            f"{rng.choice(_CLOSINGS).format(name=post.cadre.name, unit='', village='')}。"
        )
        t0 = time.perf_counter()
        found = [
            matching.best_of(matching.candidates_for(name, text))
            for name in matching.names_in(text)
        ]
        latencies.append((time.perf_counter() - t0) * 1000)
        linked += any(c is not None and c.cadre.pk == post.cadre_id for c in found)
    result = {
        "cadres": Cadre.objects.count(),
        "units": Unit.objects.count(),
        "jieba_base_s": base,
        "build_s": build,
        "p50": _percentile(latencies, 50),
        "p95": _percentile(latencies, 95),
        "linked": linked / len(latencies),
        "samples": len(latencies),
    }
    print(
        f"matching: cadres={result['cadres']} units={result['units']} "
        f"dictionary={result['jieba_base_s'] + result['build_s']:.2f}s "
        f"(jieba base {result['jieba_base_s']:.2f}s + register {result['build_s']:.2f}s) "
        f"match p50={result['p50']:.2f} p95={result['p95']:.2f} ms "
        f"linked={result['linked']:.3f} (n={result['samples']})",
        flush=True,
    )
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--per-kind", type=int, default=150, help="near-duplicates per kind")
    parser.add_argument("--negatives", type=int, default=600)
    args = parser.parse_args([] if argv is None else argv)
    result = run(args.reports, args.per_kind, args.negatives)
    print(format_result(result), flush=True)
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
