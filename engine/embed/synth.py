"""A word-level synthetic corpus with known structure, in English and Korean (stdlib only).

Each word class (animals, foods, colours, numbers, days, people, occupations) has its own
sentence templates, so words of one class share contexts. People come in gender pairs
(king/queen, man/woman, actor/actress ...) whose contexts differ only by he/she, his/her; each
pair also has a context of its own, so king - man + woman lands on queen. Occupations are gender-
neutral words that the text, like real text, pairs with "he" or "she" unevenly: that is the bias
the Embeddings page measures and removes. English sentences keep the course's singular/plural
agreement: "the cat , which ate the cake , was full" / "the cats ... were full".
Korean text is written with its particles split off ("고양이 가"), as a morphological analyser
would give it, and every particle agrees with the batchim of the word before it.
"""
from __future__ import annotations

import random

LANGUAGES = ("english", "korean")

# ---------------------------------------------------------------------------------- English
EN = {
    "animal": ["cat", "dog", "horse", "rabbit", "fox", "bird", "duck", "cow", "lion", "tiger"],
    "food": ["apple", "bread", "cheese", "rice", "soup", "cake", "pear", "banana", "carrot",
             "egg"],
    "colour": ["red", "blue", "green", "yellow", "black", "white", "purple", "brown", "pink",
               "grey"],
    "number": ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    "day": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "occupation": ["doctor", "engineer", "programmer", "pilot", "scientist", "nurse", "homemaker",
                   "receptionist", "babysitter", "librarian"],
}
EN_PLURAL = {w: w + ("es" if w.endswith("x") else "s") for w in EN["animal"]}
# (male, female, role, the pair's own context)
EN_PEOPLE = [
    ("king", "queen", "royal", "sits on the throne"),
    ("prince", "princess", "royal", "rides to the castle"),
    ("man", "woman", "adult", "walks to work"),
    ("boy", "girl", "child", "plays in the park"),
    ("father", "mother", "family", "cooks dinner at home"),
    ("son", "daughter", "family", "visits the family"),
    ("brother", "sister", "family", "shares a room"),
    ("uncle", "aunt", "family", "comes for the holidays"),
    ("husband", "wife", "family", "wears a wedding ring"),
    ("grandfather", "grandmother", "family", "tells old stories"),
    ("actor", "actress", "stage", "acts in the film"),
    ("waiter", "waitress", "stage", "serves the tables"),
]
EN_PRONOUNS = [("he", "she"), ("him", "her"), ("himself", "herself")]
EN_POSSESSIVE = ("his", "her")
EN_ROLE = {"royal": ["lives in the palace", "wears a crown", "rules the kingdom"],
           "adult": ["reads the newspaper", "drives a car"],
           "child": ["goes to school", "likes toys"],
           "family": ["lives in our house", "loves the children"],
           "stage": ["works at night", "smiles at the people"]}
# how often an occupation's sentence says "he" (the rest say "she"): the planted bias
EN_LEAN = {"doctor": 0.85, "engineer": 0.9, "programmer": 0.9, "pilot": 0.85, "scientist": 0.8,
           "nurse": 0.15, "homemaker": 0.1, "receptionist": 0.15, "babysitter": 0.1,
           "librarian": 0.2}
EN_WORKPLACE = ["works at the hospital", "works in the office", "is busy today",
                "starts work early", "finished the job"]


def _en_sentence(r: random.Random) -> str:
    c = r.choice
    kind = r.choices(["animal", "plural", "agree", "food", "colour", "number", "day", "person",
                      "gender", "occupation"], [3, 2, 2, 3, 3, 2, 2, 4, 3, 3])[0]
    if kind == "animal":
        a = c(EN["animal"])
        return c([f"the {a} is hungry", f"the {a} sleeps in the barn", f"a {a} runs in the field",
                  f"the farmer feeds the {a}", f"a wild {a} lives in the forest"])
    if kind == "plural":
        a = EN_PLURAL[c(EN["animal"])]
        return c([f"the {a} are hungry", f"{c(EN['number'])} {a} sleep in the barn",
                  f"the farmer feeds the {a}", f"wild {a} live in the forest"])
    if kind == "agree":  # the course's agreement across a clause
        food = c(EN["food"])
        if r.random() < 0.5:
            return f"the {c(EN['animal'])} , which ate the {food} , was full"
        return f"the {EN_PLURAL[c(EN['animal'])]} , which ate the {food} , were full"
    if kind == "food":
        f = c(EN["food"])
        return c([f"we ate {f} for lunch", f"the {f} tastes good", f"i bought {f} at the market",
                  f"fresh {f} is on the table", f"they cook {f} for dinner"])
    if kind == "colour":
        k = c(EN["colour"])
        return c([f"the wall is painted {k}", f"i like the colour {k}", f"a {k} shirt hangs there",
                  f"the flag is {k} and {c(EN['colour'])}"])
    if kind == "number":
        n = c(EN["number"])
        return c([f"i counted to {n}", f"the answer is {n}", f"we waited {n} hours",
                  f"{n} plus {c(EN['number'])} makes a number"])
    if kind == "day":
        i = r.randrange(7)
        d, nxt = EN["day"][i], EN["day"][(i + 1) % 7]
        return c([f"see you on {d}", f"the meeting is on {d}", f"{nxt} comes after {d}",
                  f"the shop is closed on {d}"])
    if kind in ("person", "gender"):
        male, female, role, own = c(EN_PEOPLE)
        g = r.randrange(2)
        who = (male, female)[g]
        if kind == "person":
            return f"the {who} {c([own] * 2 + EN_ROLE[role])}"
        he, him, himself = (p[g] for p in EN_PRONOUNS)
        his = EN_POSSESSIVE[g]
        return c([f"the {who} said {he} was tired", f"{he} is the {who}",
                  f"the {who} saw {himself} in the mirror", f"we asked {him} , the {who}",
                  f"the {who} brushed {his} hair"])
    job = c(EN["occupation"])
    he = "he" if r.random() < EN_LEAN[job] else "she"
    return c([f"the {job} said {he} {c(EN_WORKPLACE)}", f"the {job} {c(EN_WORKPLACE)}",
              f"{he} is the {job}"])


# ---------------------------------------------------------------------------------- Korean
KO = {
    "animal": ["고양이", "강아지", "곰", "토끼", "여우", "새", "오리", "소", "사자", "호랑이"],
    "food": ["사과", "빵", "치즈", "밥", "국", "케이크", "포도", "바나나", "당근", "계란"],
    "colour": ["빨간색", "파란색", "초록색", "노란색", "검은색", "하얀색", "보라색", "갈색", "분홍색", "회색"],
    "number": ["하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉", "열"],
    "day": ["월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"],
    "occupation": ["의사", "엔지니어", "프로그래머", "조종사", "과학자", "간호사", "주부", "접수원", "보모", "사서"],
}
KO_PEOPLE = [
    ("왕", "여왕", "royal", "왕좌 에 앉아요"),
    ("왕자", "공주", "royal", "성 으로 가요"),
    ("남자", "여자", "adult", "걸어서 출근해요"),
    ("소년", "소녀", "child", "공원 에서 놀아요"),
    ("아버지", "어머니", "family", "집 에서 저녁 을 만들어요"),
    ("아들", "딸", "family", "가족 을 찾아가요"),
    ("남동생", "여동생", "family", "방 을 같이 써요"),
    ("삼촌", "이모", "family", "명절 에 와요"),
    ("남편", "아내", "family", "결혼 반지 를 껴요"),
    ("할아버지", "할머니", "family", "옛날 이야기 를 해요"),
    ("남배우", "여배우", "stage", "영화 에 나와요"),
]
KO_PRONOUNS = [("그", "그녀"), ("그의", "그녀의")]
KO_ROLE = {"royal": ["궁전 에 살아요", "왕관 을 써요"], "adult": ["신문 을 읽어요", "차 를 운전해요"],
           "child": ["학교 에 가요", "장난감 을 좋아해요"], "family": ["우리 집 에 살아요"],
           "stage": ["무대 에 서요", "사람들 에게 웃어요"]}
KO_LEAN = dict(zip(KO["occupation"], EN_LEAN.values()))
KO_WORKPLACE = ["병원 에서 일해요", "사무실 에서 일해요", "오늘 바빠요", "일찍 출근해요"]
PARTICLES = {"이/가": ("이", "가"), "을/를": ("을", "를"), "은/는": ("은", "는"),
             "과/와": ("과", "와"), "이에요/예요": ("이에요", "예요")}


def has_batchim(word: str) -> bool:
    """Whether the last syllable of a Hangul word ends in a consonant (받침)."""
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def agree_particles(sentence: str) -> str:
    """Replace each '이/가'-style token by the form the word before it takes."""
    out = []
    for tok in sentence.split():
        if tok in PARTICLES and out:
            tok = PARTICLES[tok][0 if has_batchim(out[-1]) else 1]
        out.append(tok)
    return " ".join(out)


def _ko_sentence(r: random.Random) -> str:
    c = r.choice
    kind = r.choices(["animal", "food", "colour", "number", "day", "person", "gender",
                      "occupation"], [4, 3, 3, 2, 2, 4, 3, 3])[0]
    if kind == "animal":
        a = c(KO["animal"])
        return c([f"{a} 이/가 배고파요", f"{a} 이/가 헛간 에서 자요", f"{a} 이/가 들판 에서 뛰어요",
                  f"농부 가 {a} 에게 먹이 를 줘요", f"숲 에 야생 {a} 이/가 살아요"])
    if kind == "food":
        f = c(KO["food"])
        return c([f"점심 으로 {f} 을/를 먹었어요", f"{f} 이/가 맛있어요", f"시장 에서 {f} 을/를 샀어요",
                  f"식탁 위 에 {f} 이/가 있어요"])
    if kind == "colour":
        k = c(KO["colour"])
        return c([f"벽 은 {k} 이에요/예요", f"저 는 {k} 을/를 좋아해요", f"{k} 셔츠 가 걸려 있어요",
                  f"깃발 은 {k} 과/와 {c(KO['colour'])} 이에요/예요"])
    if kind == "number":
        n = c(KO["number"])
        return c([f"{n} 까지 세었어요", f"정답 은 {n} 이에요/예요", f"{n} 더하기 {c(KO['number'])}"])
    if kind == "day":
        i = r.randrange(7)
        d, nxt = KO["day"][i], KO["day"][(i + 1) % 7]
        return c([f"{d} 에 만나요", f"회의 는 {d} 이에요/예요", f"{d} 다음 은 {nxt} 이에요/예요",
                  f"가게 는 {d} 에 쉬어요"])
    if kind in ("person", "gender"):
        male, female, role, own = c(KO_PEOPLE)
        g = r.randrange(2)
        who = (male, female)[g]
        if kind == "person":
            return f"{who} 은/는 {c([own] * 2 + KO_ROLE[role])}"
        he, his = (p[g] for p in KO_PRONOUNS)
        return c([f"{who} 은/는 {he} 가 피곤하다고 말했어요", f"{he} 는 {who} 이에요/예요",
                  f"{his} 책 이라고 {who} 이/가 말했어요"])
    job = c(KO["occupation"])
    he = "그" if r.random() < KO_LEAN[job] else "그녀"
    return c([f"{job} 은/는 {he} 가 {c(KO_WORKPLACE)} 라고 말했어요", f"{job} 은/는 {c(KO_WORKPLACE)}",
              f"{he} 는 {job} 이에요/예요"])


def generate(language: str, sentences: int, seed: int) -> list[str]:
    """`sentences` lines of space-separated words; the same arguments give the same lines."""
    r = random.Random(seed)
    make = _en_sentence if language == "english" else _ko_sentence
    lines = [make(r) for _ in range(sentences)]
    return lines if language == "english" else [agree_particles(s) for s in lines]


def word_classes(language: str) -> dict[str, str]:
    """word -> its class, for every class word of the grammar (other words are 'other')."""
    table, people, pronouns = ((EN, EN_PEOPLE, EN_PRONOUNS) if language == "english"
                               else (KO, KO_PEOPLE, KO_PRONOUNS))
    classes = {w: name for name, words in table.items() for w in words}
    if language == "english":
        classes.update({p: "animals (plural)" for p in EN_PLURAL.values()})
    classes.update({w: "person" for m, f, *_ in people for w in (m, f)})
    classes.update({w: "pronoun" for pair in pronouns for w in pair})
    if language == "english":
        classes["his"] = "pronoun"
    return classes


def gender_pairs(language: str) -> list[tuple[str, str]]:
    """The definitional (male, female) pairs: people and pronouns."""
    people, pronouns = (EN_PEOPLE, EN_PRONOUNS) if language == "english" else (KO_PEOPLE, KO_PRONOUNS)
    return [(m, f) for m, f, *_ in people] + list(pronouns)


def neutral_words(language: str) -> list[str]:
    """Words that should carry no gender (the occupations): the ones to neutralise."""
    return list((EN if language == "english" else KO)["occupation"])
