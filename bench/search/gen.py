#!/usr/bin/env python3
"""Generates a deterministic 10,000-page Trailhead library for the search benchmark.

    python3 bench/search/gen.py OUT_DIR [--pages 10000]

About 900 words a page, 60 topics, 60% stories (complete consent front matter, some with
content notes) and 40% guides. Words follow a Zipf distribution over a vocabulary of real
words (with inflected forms, so stemming matters) and a long tail of made-up ones, and each
page leans towards the words of its topics. Copies the default theme from this repository.
"""
import argparse
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

TOPICS = """housing employment family parenting grief anxiety depression bipolar psychosis
trauma veterans youth aging lgbtq medication therapy hospital crisis naloxone overdose
harm-reduction alcohol opioids cannabis gambling eating sleep nutrition exercise mindfulness
spirituality friendship loneliness relapse sobriety court benefits insurance disability school
college transport money debt food legal immigration rural caregiving pregnancy pain stigma
advocacy volunteering art music nature pets faith peer-support""".split()
assert len(TOPICS) == 60, len(TOPICS)

COMMON = """help support recovery peer group people time day week year life family friend work home
feel felt feeling talk talked talking call called start started change changed plan hope hard
care doctor nurse counselor program service place room night morning money job house housing
apartment rent safe safety stay stayed learn learned learning need needed needs try tried trying
find found finding ask asked asking listen listened listening share shared sharing meeting meetings
step steps small first last better worse good bad long short new old community center line crisis
text phone number question questions answer answers health mental body mind sleep eat food walk
write wrote writing read reading story stories guide guides person someone everyone nobody together
alone trust honest honesty choice choices plan plans goal goals skill skills coping cope coped
stress worry worried anger angry calm quiet loud kind kindness patient patience court judge benefit
benefits insurance medicine medication dose doses pharmacy clinic hospital treatment therapy therapist
appointment appointments schedule routine habit habits child children son daughter mother father
parent parents partner wife husband brother sister school class teacher college degree money debt
bill bills bank budget car bus ride transport train city town county state rural neighbor neighbors
dog cat garden music song art paint church prayer faith god spirit volunteer volunteering advocate
advocacy rights law lawyer legal paper papers form forms office worker case manager specialist""".split()

SYLL = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu".split()


def made_up(rng, n):
    out = set()
    while len(out) < n:
        out.add("".join(rng.choice(SYLL) for _ in range(rng.randint(2, 4))))
    return sorted(out)


def inflect(w, rng):
    r = rng.random()
    if r < 0.08:
        return w + ("es" if w.endswith("s") else "s")
    if r < 0.12:
        return w + ("d" if w.endswith("e") else "ed")
    if r < 0.15:
        return (w[:-1] if w.endswith("e") else w) + "ing"
    return w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=10000)
    args = ap.parse_args()
    rng = random.Random(20261122)
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "content", "stories"))
    os.makedirs(os.path.join(out, "content", "guides"))
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(out, "themes"))

    vocab = COMMON + made_up(rng, 12000)
    weights = [1.0 / (i + 1) ** 1.05 for i in range(len(vocab))]
    cum = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    topic_words = {t: t.split("-") + rng.sample(COMMON, 12) + rng.sample(vocab[200:3000], 25) for t in TOPICS}

    def sentence(topics, n):
        words = []
        for _ in range(n):
            if rng.random() < 0.12:
                words.append(rng.choice(topic_words[rng.choice(topics)]))
            else:
                words.append(rng.choices(vocab, cum_weights=cum)[0])
        words = [inflect(w, rng) for w in words]
        glue = ["the", "and", "a", "to", "of", "in", "with", "for", "my", "we"]
        text = []
        for w in words:
            text.append(w)
            if rng.random() < 0.35:
                text.append(rng.choice(glue))
        s = " ".join(text)
        return s[0].upper() + s[1:] + "."

    with open(os.path.join(out, "trailhead.toml"), "w") as f:
        f.write('title = "Benchmark Library"\nbase_url = "https://bench.example.org"\nlanguage = "en"\n'
                'taxonomies = ["tags"]\npaginate_by = 20\nfeeds = false\n\n[crisis]\nlast_verified = "2026-11-01"\n\n'
                '[[crisis.lines]]\nname = "988 Suicide & Crisis Lifeline"\nphone = "988"\n\n'
                '[quick_exit]\nurl = "https://www.bbc.co.uk/weather"\n')
    with open(os.path.join(out, "content", "_index.md"), "w") as f:
        f.write("---\ntitle: Home\n---\nWelcome.\n")
    with open(os.path.join(out, "content", "stories", "_index.md"), "w") as f:
        f.write("---\ntitle: Recovery stories\ntype: story\n---\nStories.\n")
    with open(os.path.join(out, "content", "guides", "_index.md"), "w") as f:
        f.write("---\ntitle: Resource guides\ntype: guide\n---\nGuides.\n")

    notes = ["overdose", "substance-use", "death-and-grief", "psychiatric-hospitalization"]
    for i in range(args.pages):
        is_story = i % 5 < 3
        topics = rng.sample(TOPICS, rng.randint(2, 4))
        title_words = [t.replace("-", " ") for t in topics[:2]] + [rng.choice(COMMON)]
        title = " ".join(title_words).capitalize() + f" {i}"
        summary = sentence(topics, 22)
        date = f"20{20 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        tags = "[" + ", ".join(t.replace("-", " ") for t in topics) + "]"
        body = []
        words = 0
        sections = rng.randint(4, 5)
        for s in range(sections):
            body.append("## " + sentence(topics, rng.randint(2, 5))[:-1])
            body.append("")
            for _ in range(rng.randint(3, 4)):
                para = " ".join(sentence(topics, rng.randint(10, 20)) for _ in range(3))
                words += len(para.split())
                body.append(para)
                body.append("")
            if words > 860:
                break
        body_text = "\n".join(body)
        if is_story:
            fm = (f'---\ntitle: "{title}"\ndate: {date}\nsummary: "{summary}"\ntags: {tags}\n'
                  f"author_display: Person {i}\n")
            if i % 7 == 0:
                n = notes[i % len(notes)]
                fm += f"content_notes: [{n}]\n"
                if n in ("suicide", "self-harm"):
                    fm += 'safe_messaging_review:\n  by: "Peer review team"\n  date: 2024-12-20\n'
            fm += (f"consent:\n  date: 2025-01-01\n  scope: [web, print]\n  final_text_approved: true\n"
                   f"  record_id: BENCH-{i}\n  expires: 2030-01-01\n---\n\n")
            path = os.path.join(out, "content", "stories", f"story-{i:05d}.md")
        else:
            fm = (f'---\ntitle: "{title}"\ndate: {date}\nsummary: "{summary}"\ntags: {tags}\n'
                  f'last_reviewed: 2026-10-01\ncontacts:\n  - name: Helpline\n    phone: "1-800-662-4357"\n---\n\n')
            path = os.path.join(out, "content", "guides", f"guide-{i:05d}.md")
        with open(path, "w") as f:
            f.write(fm + body_text + "\n")


if __name__ == "__main__":
    main()
