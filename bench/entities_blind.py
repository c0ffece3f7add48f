"""A less optimistic entity score: the dev and seed gold scored with the dictionary entries
that were added while looking at those files taken out (the held-out articles will have
names the dictionary does not know).

    python bench/entities_blind.py [-v]
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from devdata import shared_data  # noqa: E402

GOLD = shared_data() / "gold"
from marsad.coding.actors import ActorDictionary, words_of
from marsad.extract.entities import EntityComponent, _load_ner
from marsad.pipeline import Pipeline
from marsad.model import Article
from marsad.evaluate import Scores, score_article, dedupe_mentions, _greedy_match
dev_seen = """خالد اليماني|اليماني|تركي المالكي|تارو كونو|كانج كيونج-هوا|كانغ كيونغ وا|جيمس كومي|مايكل فلين|نجيب رزاق|نجيب عبد الرزاق|مهاتير محمد|سعود القحطاني|القحطاني|زيد بن رعد|زيد رعد الحسين|زيد بن رعد الحسين|كوفي عنان|كوفي أنان|المخلافي|عبد الملك المخلافي|البابا تواضروس الثاني|تواضروس الثاني|البابا تواضروس|يوكيا أمانو|أمانو|بغداد اليوم|وول ستريت|وكالة الأنباء المركزية الكورية|كيرالا|المنطقة الخضراء|أتلانتا|مينسك|هلسنكي|الكنيسة القبطية|الكنيسة القبطية الأرثوذكسية|مكتب التحقيقات الفيدرالي|مكتب التحقيقات الفدرالي|الحكومة الشرعية|الجمارك|الجوازات|الديوان الملكي|جازان|جيزان|مسقط|كوالالمبور|بيونغيانغ|حيس|مجلس الشيوخ الأمريكي|الجمعية العمومية""".split("|")
d = ActorDictionary.load()
drop = {words_of(x) for x in dev_seen}
d2 = ActorDictionary({k: v for k, v in d.entries.items() if k not in drop})
comp = EntityComponent(d2, _load_ner({}))
pipe = Pipeline([], ner=False); pipe.components = (comp,)
verbose = len(sys.argv) > 1
for g, a in (("dev_gold","dev_articles"),("seed_gold","seed_article")):
    arts=[json.loads(l) for l in open(GOLD / f"{a}.jsonl", encoding="utf-8")]
    golds=[json.loads(l) for l in open(GOLD / f"{g}.jsonl", encoding="utf-8")]
    sc=Scores()
    for art,gg in zip(arts,golds):
        an = pipe.analyze(Article.from_dict(art))
        score_article(an, gg, sc)
        if verbose:
            se=dedupe_mentions([{"text":e.text,"type":e.type,"country":e.actor.country if e.actor else None} for e in an.entities])
            ge=dedupe_mentions(gg['entities'])
            pairs=_greedy_match(ge,se,lambda x,y:x['type']==y['type'])
            bad=[(x['text'],x['type'],x['country'],y['text'],y['country']) for x,y in pairs if (x['country'] or None)!=(y['country'] or None)]
            if bad: print(art['id'], bad)
    print(g, sc.entities.to_dict(), sc.entity_country.to_dict())
