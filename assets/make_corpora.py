"""Write assets/corpora/english.txt and korean.txt from two small seeded grammars (stdlib only).

Deterministic: `python assets/make_corpora.py` rewrites byte-identical files. Each grammar is a list
of weighted templates whose {slots} are filled with words that agree: English subject/verb
agreement; Korean particles chosen by whether the noun ends in a batchim, honorifics for elders.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent / "corpora"
SEED, EN_BYTES, KO_BYTES = 7, 30_000, 20_000
SLOT = re.compile(r"\{(\w+)(?::([^{}]*))?\}")


def table(rows: str) -> dict[str, list[str]]:
    """'key|a|b' rows, one per line or ';'-separated -> {key: [a, b]}."""
    return {r.split("|")[0]: r.split("|")[1:] for r in rows.strip().replace(";", "\n").splitlines()}


def fill(template: str, slots: dict) -> str:
    """Replace each {name} / {name:arg} by slots[name](arg); squeeze the gaps of empty slots."""
    text = " ".join(SLOT.sub(lambda m: slots[m.group(1)](m.group(2)), template).split())
    return re.sub(r" ([,.?])", r"\1", text)


def generate(grammar, sentence, n_bytes: int, seed: int) -> str:
    """Distinct sentences, one per line, until the text reaches n_bytes of UTF-8."""
    r, seen, size = random.Random(seed), {}, 0
    weights, templates = zip(*grammar)
    while size < n_bytes:
        line = sentence(r, r.choices(templates, weights)[0])
        size += 0 if line in seen else len(line.encode("utf-8")) + 1
        seen[line] = None
    return "\n".join(seen) + "\n"


# ---------------------------------------------------------------------------------- English
# animal | plural | looks | extra intransitive verbs ("base s-form past", comma-separated) | foods
ANIMALS = table("""
cat|cats|black white grey orange little|hide hides hid,climb climbs climbed|milk fish cheese
dog|dogs|brown black white big little|bark barks barked|meat bread bone
bird|birds|blue red yellow little|sing sings sang,fly flies flew|seed bread berry
horse|horses|brown white black grey|jump jumps jumped|apple carrot hay
rabbit|rabbits|white brown grey little|jump jumps jumped,hide hides hid|carrot grass apple
mouse|mice|grey brown little|hide hides hid|cheese bread seed
fox|foxes|red clever|hide hides hid|egg meat berry
duck|ducks|white brown little|swim swims swam|bread seed grass
cow|cows|black brown white|walk walks walked|grass hay
goat|goats|white brown black|climb climbs climbed|grass hay apple carrot
sheep|sheep|white black|walk walks walked|grass hay""")
# food | plural ("" = mass noun) | adjectives that fit it
FOODS = table("""
apple|apples|red green sweet ripe crisp;pear|pears|green yellow sweet ripe soft
banana|bananas|yellow ripe sweet;orange|oranges|sweet ripe juicy
plum|plums|purple ripe sweet;lemon|lemons|yellow sour;carrot|carrots|orange fresh
tomato|tomatoes|red ripe;potato|potatoes|hot boiled;egg|eggs|brown white boiled
cake|cakes|sweet chocolate;pie|pies|warm;cookie|cookies|sweet
berry|berries|red ripe sweet;bone|bones|big old;seed|seeds|small
bread||fresh warm brown;cheese||yellow soft;soup||hot warm;rice||hot white
fish||fresh;meat||fresh;honey||sweet;jam||sweet;grass||green fresh;hay||dry
milk||cold warm fresh;tea||hot;water||cold clean""")
DRINKS = {"milk", "tea", "water"}
PERSON_FOODS = [f for f in FOODS if f not in {"bone", "seed", "grass", "hay"}]
PEOPLE = [p.split() for p in ["baker bakers he", "teacher teachers she", "farmer farmers he",
                              "girl girls she", "child children she", "boy boys he",
                              "woman women she", "man men he"]]
NAMED = [p.split("=") for p in ["my mother=she", "my father=he", "my sister=she", "my brother=he",
                                "my grandmother=she", "our neighbour=he", "tom=he", "anna=she",
                                "sam=he", "lucy=she", "ben=he"]]
FARM = {"horse", "fox", "duck", "cow", "goat", "sheep", "bird"}
PLACES = {"home": "in the garden|in the kitchen|under the table|by the window|in the house",
          "farm": "on the farm|in the field|in the barn|near the river|on the hill",
          "people": "in the kitchen|at the market|in the garden|at school|at the table|in the park"}
STATES = ["hungry", "tired", "happy", "sleepy", "full", "cold", "warm", "wet", "quiet", "thirsty"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
TIMES = {None: ["in the morning", "after lunch", "on sunday"], True: ["yesterday", "last night",
         "this morning"], False: ["every day", "at night"]}  # any tense / past / present
DISHES = {"make makes made": "a cake|some jam|a fruit salad|a green salad|an apple and pear salad",
          "bake bakes baked": "bread|a cake|a pie|some cookies|an apple pie|a pear tart",
          "cook cooks cooked": "rice|some soup|potatoes|eggs|some fish"}
MEALS = ["breakfast", "lunch", "dinner", "the children", "the party", "the neighbours",
         "the picnic"]
MOVES, BE = ["sleep sleeps slept", "play plays played", "run runs ran"], "are is was were"
EN_GRAMMAR = [  # (weight, template); the slots are filled by en_sentence
    (2, "{S} {be} {adv} {state} {time}."), (2, "{S} {eat} {food} {at} {time}."),
    (2, "{S} {v:like likes liked|want wants wanted} {foods}."),
    (1, "{SP} {v:buy buys bought|bring brings brought|share shares shared} {food} {at} {time}."),
    (1, "{SA} {v:find finds found|smell smells smelled} {food} {at}."),
    (1.5, ("{SA} {v:chase chases chased|watch watches watched|follow follows followed|see sees saw}"
           " the {other} {place}.")),
    (2, "{SA} {move} {place} {time}."), (1.5, "{SP} {cook} for {meal}."),
    (0.75, "{be} {S} {state}?"), (0.75, "{do} {S} {eatbase} {foods}?"),
    (0.5, "{S} {be} hungry, so {pron} {eat} {food}."),
    (0.4, "{S} {be} tired, so {pron} {v:go goes went} to sleep."),
    (0.3, "{S} {be} cold, so {pron} {v:sit sits sat} by the fire."),
    (0.3, "{S} {be} thirsty, so {pron} {v:drink drinks drank} some {c:water|milk}."),
    (1, "there {there} {c:in the basket|on the table|in the kitchen|in the bowl|on the plate}."),
] + [(0.12, t) for t in [  # the course's example needs "apple and pear salad", never "pair"
    "{SP} {v:make makes made} an apple and pear salad for {meal}.",
    "the apple and pear salad {be:1} {c:fresh|sweet|cold|delicious|crisp}.",
    "{SP} {v:like likes liked} apple and pear salad.", "there {be:1} an apple and pear salad here.",
    "{SP} {v:eat eats ate} the apple and pear salad {place}.",
    "{SP} {v:cut cuts cut} an apple and a pear for the salad.",
    "{SP} {v:bring brings brought} the apple and pear salad to the picnic."]]


def conj(verb: str, plural: bool, past: bool) -> str:
    """verb = 'base s-form past [plural past]', e.g. 'eat eats ate' or 'are is was were'."""
    forms = verb.split()
    return forms[3 if plural and len(forms) > 3 else 2] if past else forms[0 if plural else 1]


def subject(r, kind: str):
    """(text, plural, pronoun, animal or None) for kind 'animal', 'person' or 'named'."""
    pl = r.random() < 0.4
    if kind == "animal":
        a = r.choice(list(ANIMALS))
        look = r.choice(ANIMALS[a][1].split()) + " " if r.random() < 0.3 else ""
        return "the " + look + (ANIMALS[a][0] if pl else a), pl, "they" if pl else "it", a
    if kind == "person":
        s, p, pron = r.choice(PEOPLE)
        return "the " + (p if pl else s), pl, "they" if pl else pron, None
    (a, pron), (b, _) = r.sample(NAMED, 2)
    return (f"{a} and {b}", True, "they", None) if pl else (a, False, pron, None)


def food_np(r, food: str, form: str = "any") -> str:
    """form any, one ('a red apple', 'some bread'), many ('three pears') or generic ('pears')."""
    plural, adjs = FOODS[food]
    adj, x = r.choice(adjs.split()) + " " if r.random() < 0.4 else "", r.random()
    if form == "generic" or not plural:
        return ("" if form == "generic" else "some " if form == "one" else
                r.choice(["", "some ", "the "])) + adj + (plural or food)
    if form == "one" or (form == "any" and x < 0.35):
        return ("an " if (adj + food)[0] in "aeiou" else "a ") + adj + food
    if form == "any" and x < 0.55:
        return "the " + adj + food
    return (r.choice(NUMBERS) if form == "many" or x < 0.8 else r.choice(["some", "the"])) + " " \
        + adj + plural


def en_sentence(r, t: str) -> str:
    kind = "animal" if "{SA}" in t else r.choice(["person", "named"]) if "{S}" not in t else \
        r.choice(["animal", "animal", "person", "named"])
    s, pl, pron, a = subject(r, kind)
    past = r.random() < 0.5
    food = r.choice(ANIMALS[a][3].split() if a else PERSON_FOODS)
    other = r.choice([b for b in ANIMALS if b != a and (b in FARM) == (a in FARM)])
    dish = r.choice(list(DISHES))
    places = PLACES["people" if a is None else "farm" if a in FARM else "home"].split("|")
    many = bool(FOODS[food][0]) and r.random() < 0.6
    verb, pick = lambda v: conj(v, pl, past), r.choice
    return fill(t, {
        "S": lambda _: s, "SA": lambda _: s, "SP": lambda _: s, "pron": lambda _: pron,
        "be": lambda one: conj(BE, pl and not one, past),  # {be:1}: singular whatever the subject
        "v": lambda vs: verb(pick(vs.split("|"))), "c": lambda cs: pick(cs.split("|")),
        "do": lambda _: "did" if past else ("do" if pl else "does"), "meal": lambda _: pick(MEALS),
        "eat": lambda _: verb("drink drinks drank" if food in DRINKS else "eat eats ate"),
        "eatbase": lambda _: "drink" if food in DRINKS else pick(["eat", "like", "want"]),
        "food": lambda _: food_np(r, food), "foods": lambda _: food_np(r, food, "generic"),
        "time": lambda _: pick(TIMES[None] + TIMES[past]) if r.random() < 0.4 else "",
        "place": lambda _: pick(places), "at": lambda _: pick(places + [""] * 7),
        "adv": lambda _: pick(["", "", "very", "a little", "not"]), "state": lambda _: pick(STATES),
        "other": lambda _: ANIMALS[other][0] if r.random() < 0.3 else other,
        "move": lambda _: verb(pick(MOVES + ANIMALS[a][2].split(","))),
        "cook": lambda _: verb(dish) + " " + pick(DISHES[dish].split("|")),
        "there": lambda _: conj(BE, many, past) + " " + food_np(r, food, ("one", "many")[many])})


# ----------------------------------------------------------------------------------- Korean
# verb | 해요 present | 습니다 present | honorific stem (+세요, +셨어요) or -.  -고 form: stem + 고
KV = table("""
먹다|먹어요|먹습니다|드;마시다|마셔요|마십니다|드;읽다|읽어요|읽습니다|읽으;보다|봐요|봅니다|보
사다|사요|삽니다|사;만들다|만들어요|만듭니다|만드;찾다|찾아요|찾습니다|찾으;씻다|씻어요|씻습니다|씻으
기다리다|기다려요|기다립니다|기다리;좋아하다|좋아해요|좋아합니다|좋아하;공부하다|공부해요|공부합니다|-
요리하다|요리해요|요리합니다|요리하;자다|자요|잡니다|주무;놀다|놀아요|놉니다|-;달리다|달려요|달립니다|-
노래하다|노래해요|노래합니다|-;가다|가요|갑니다|가;오다|와요|옵니다|오;있다|있어요|있습니다|계""")
# adjective | modifier form | 해요 present | 습니다 present
KA = table("""
작다|작은|작아요|작습니다;크다|큰|커요|큽니다;시다|신|셔요|십니다;귀엽다|귀여운|귀여워요|귀엽습니다
배고프다|배고픈|배고파요|배고픕니다;졸리다|졸린|졸려요|졸립니다;행복하다|행복한|행복해요|행복합니다
맛있다|맛있는|맛있어요|맛있습니다;달콤하다|달콤한|달콤해요|달콤합니다;맵다|매운|매워요|맵습니다
신선하다|신선한|신선해요|신선합니다;따뜻하다|따뜻한|따뜻해요|따뜻합니다;차갑다|차가운|차가워요|차갑습니다
뜨겁다|뜨거운|뜨거워요|뜨겁습니다;빨갛다|빨간|빨개요|빨갛습니다;노랗다|노란|노래요|노랗습니다
하얗다|하얀|하얘요|하얗습니다;까맣다|까만|까매요|까맣습니다;파랗다|파란|파래요|파랗습니다""")
# food | adjectives that fit it;  animal | looks | foods
KFOOD = {k: v[0].split() for k, v in table("""
사과|빨갛다 달콤하다 맛있다 신선하다;배|달콤하다 크다 맛있다;바나나|노랗다 달콤하다;수박|크다 달콤하다
딸기|빨갛다 달콤하다 작다;레몬|노랗다 시다;빵|따뜻하다 맛있다;밥|따뜻하다 맛있다;김밥|맛있다
김치|맵다 맛있다;국|뜨겁다 따뜻하다 맛있다;케이크|달콤하다 맛있다;과자|달콤하다 맛있다
생선|신선하다 맛있다;우유|차갑다 따뜻하다 맛있다;물|차갑다;주스|달콤하다 차갑다;차|뜨겁다 따뜻하다""").items()}
KANIMAL = table("""
고양이|하얗다 까맣다 작다 귀엽다|생선 우유 밥;강아지|하얗다 까맣다 작다 귀엽다|밥 빵 고기
토끼|하얗다 작다 귀엽다|당근 풀 사과;곰|크다 까맣다|꿀 생선 사과;새|파랗다 노랗다 작다|모이 빵
오리|하얗다 노랗다 작다|빵 풀;다람쥐|작다 귀엽다|도토리 사과""")
KSOLID = " ".join(f for f in KFOOD if f not in {"우유", "물", "주스", "차"})
KPEOPLE = ["학생", "아이", "친구", "동생", "언니", "형", "민수", "지수", "요리사", "농부"]
KHON = ["선생님", "할머니", "할아버지", "어머니", "아버지"]
# verb | objects ("" = none; AFOOD = the animal's food; _ = space) | places (가다/오다: 에, else 에서)
KFRAME = table(f"""
먹다|{KSOLID}|집 식당 부엌 공원 교실;마시다|우유 물 주스 차|집 식당 부엌;씻다|손 얼굴 사과 딸기 접시 컵|
읽다|책 신문 편지 동화책 잡지|도서관 교실 집 공원;보다|영화 사진 꽃 그림 텔레비전|집 방 거실
사다|{KSOLID} 우유 주스 책 꽃 연필 가방 우산 모자|시장 가게;찾다|가방 연필 열쇠 공 우산 모자 책|집 교실 방
만들다|빵 케이크 샐러드 김밥 과자 사과와_배_샐러드|부엌 집;기다리다|친구 동생 버스 선생님|정류장 공원
좋아하다|{KSOLID} 고양이 강아지 꽃 책 영화 음악 사과와_배_샐러드|;공부하다||도서관 교실 집
요리하다||부엌 식당;자다||집 방;놀다||공원 마당 놀이터;달리다||공원 운동장;노래하다||교실 공원
가다||학교 집 공원 시장 도서관 식당 가게 병원;오다||학교 집 교실 식당""")
AFRAME = table("""
먹다|AFOOD|마당 집 공원;마시다|물|마당 집;보다|새 나비 공 하늘|마당 공원;찾다|공 먹이|마당 집
좋아하다|AFOOD 공|;자다||마당 집;놀다||마당 공원;달리다||마당 공원;가다||마당 집 공원""")
KO_GRAMMAR = [  # (weight, template); S: any subject, P: a person, N: no honorific needed
    (5, "{T} {S:이/가} {at} {O:을/를} {V}."), (2, "{S:은/는} {T} {at} {O:을/를} {V}."),
    (2, "{D:이/가} {adv} {A}."), (1, "{D:은/는} {adv} {A}."),
    (1.5, "{T} {P:이/가} {O1:을/를} {V1} {at} {O:을/를} {V}."),
    (0.7, "{S:은/는} 어디에 {V:있다}? {S:은/는} {where}에 {V:있다}."),
    (0.4, "{S:은/는} 무엇을 {V:좋아하다}? {S:은/는} {of:좋아하다} {V:좋아하다}."),
    (0.4, "{S:은/는} 무엇을 {V:먹다}? {S:은/는} {of:먹다} {V:먹다}."),
    (0.5, "{N:이/가} {J:배고프다}. 그래서 {of:먹다} {V:먹다}."),
    (0.5, "{N:이/가} {J:졸리다}. 그래서 {home}에서 {V:자다}."),
    (0.4, "{c:이것은|그것은} {F}."), (0.2, "{c:저 동물은|이 동물은} {Z}."), (0.4, "{who} {job}.")]


def j(word: str, pair: str) -> str:
    """Attach a particle 'after consonant/after vowel' ('이/가', '을/를', '으로/로') by batchim."""
    a, b = pair.split("/")
    final = (ord(word[-1]) - 0xAC00) % 28  # final consonant: 0 = no batchim, 8 = ㄹ
    return word + (b if not final or (pair == "으로/로" and final == 8) else a)


def ending(forms, past: bool, formal: bool, hon: str = "-") -> str:
    """forms = [해요 present, 습니다 present]; hon = honorific stem or '-'. The past puts ㅆ
    under the syllable before 요: 먹어요 -> 먹었어요 / 먹었습니다, 봐요 -> 봤어요."""
    if hon != "-":
        return hon + ("셨" + ("습니다" if formal else "어요") if past else ("십니다" if formal else "세요"))
    if past:
        return forms[0][:-2] + chr(ord(forms[0][-2]) + 20) + ("습니다" if formal else "어요")
    return forms[1] if formal else forms[0]


def kobject(r, choices: str, animal=None, exclude="") -> str:
    """A noun from `choices`, sometimes with an adjective ('빨간 사과') or a partner ('빵과 우유')."""
    nouns = [n for n in choices.replace("AFOOD", KANIMAL[animal][1] if animal else "").split()
             if n != exclude]
    noun = r.choice(nouns)
    partners = [n for n in nouns if n in KFOOD and n != noun]
    if noun in KFOOD and r.random() < 0.3:
        noun = KA[r.choice(KFOOD[noun])][0] + " " + noun
    elif noun in KFOOD and partners and r.random() < 0.2:
        noun = j(noun, "과/와") + " " + r.choice(partners)
    return noun.replace("_", " ")


def ko_sentence(r, t: str) -> str:
    pick, x, animals = r.choice, r.random(), "{P" not in t
    noun, hon, animal = ((pick(list(KANIMAL)), False, True) if animals and x < 0.4 else
                         (pick(KHON), True, False) if "{N" not in t and x > 0.8 else
                         (pick(KPEOPLE), False, False))
    past, formal = r.random() < 0.5, r.random() < 0.25 and "?" not in t  # questions stay polite
    frames = AFRAME if animal else KFRAME
    v = pick([v for v in frames if (not hon or KV[v][2] != "-") and
              not ("{V1}" in t and v == "좋아하다")])
    v1 = pick([x for x in KFRAME if KFRAME[x][0] and x not in (v, "좋아하다")])
    objs, where = frames[v][0], frames[v][1].split()
    look = KA[pick(KANIMAL[noun][0].split())][0] + " " if animal and r.random() < 0.3 else ""
    d = pick(list(KANIMAL) + list(KFOOD))
    d_adj = pick(KFOOD.get(d, ["작다", "크다", "귀엽다", "배고프다", "졸리다", "행복하다"]))
    times = ["오늘", "아침에", "저녁에", "주말에"] + (["어제"] if past else ["매일", "지금"])
    mine = lambda choices: kobject(r, choices, noun if animal else None, noun)
    cop = lambda n: n + "입니다" if formal else j(n, "이에요/예요")
    to = lambda p: pick([p + "에", j(p, "으로/로")]) if v in ("가다", "오다") else p + "에서"
    at = lambda _: to(pick(where)) if where and (not objs or r.random() < .5) else ""
    return fill(t, {
        "S": lambda p: look + j(noun, p), "P": lambda p: j(noun, p), "N": lambda p: j(noun, p),
        "T": lambda _: pick(times) if v != "좋아하다" and r.random() < 0.4 else "", "at": at,
        "O": lambda p: j(mine(objs), p) if objs else "", "O1": lambda p: j(mine(KFRAME[v1][0]), p),
        "V": lambda verb: ending(KV[verb or v][:2], past, formal, KV[verb or v][2] if hon else "-"),
        "V1": lambda _: v1[:-1] + "고", "J": lambda adj: ending(KA[adj][1:], past, formal),
        "D": lambda p: pick(["", "이 ", "그 "] if d in KFOOD else ["", "우리 ", "이 "]) + j(d, p),
        "A": lambda _: ending(KA[d_adj][1:], past and r.random() < 0.5, formal),
        "adv": lambda _: pick(["", "", "아주", "정말", "조금"]), "c": lambda cs: pick(cs.split("|")),
        "where": lambda _: pick(("마당 집 공원" if animal else "집 학교 부엌 도서관 시장 공원").split()),
        "of": lambda verb: j(mine(frames[verb][0]), "을/를"),
        "home": lambda _: pick(["마당", "집"] if animal else ["집", "방"]),
        "F": lambda _: cop(pick(list(KFOOD))), "Z": lambda _: cop(pick(list(KANIMAL))),
        "job": lambda _: cop(pick(["학생", "선생님", "요리사", "농부", "의사", "가수"])),
        "who": lambda _: j(pick(["제 친구", "제 동생", "우리 형", "우리 언니", "민수", "지수"]), "은/는")})


def main():
    english = generate(EN_GRAMMAR, en_sentence, EN_BYTES, SEED)
    korean = generate(KO_GRAMMAR, ko_sentence, KO_BYTES, SEED)
    assert english.isascii() and "pair" not in english and "apple and pear salad" in english
    OUT.mkdir(exist_ok=True)
    for name, text in [("english", english), ("korean", korean)]:
        (OUT / f"{name}.txt").write_text(text, encoding="utf-8", newline="\n")
        print(f"{name}.txt: {len(text.encode()):,} bytes, {len(set(text))} distinct characters")


if __name__ == "__main__":
    main()
