//! The raw material of the synthetic library: topic tags, names, title and heading phrases, and
//! a sentence generator that combines templates with slot words into varied, plain English in
//! the voice of recovery stories and resource guides.
//!
//! For a realistic vocabulary (search indexes grow with it) about a third of the sentences are
//! real ones from the demo library, snapshotted in `sentences.txt` (1,125 sentences, ~1,600
//! distinct words; a snapshot, so editing the demo content does not change generated
//! libraries), and some sentences name places built from syllables (1,200 names): the long tail
//! of proper nouns a real library has.

use std::sync::LazyLock;

use super::rng::Rng;

/// Real sentences from the demo library, one a line.
static REAL: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("sentences.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

const NAME_A: [&str; 40] = [
    "Ash", "Bell", "Brook", "Cedar", "Clay", "Crane", "Dale", "Elm", "Fair", "Fox", "Glen", "Hale", "Hart", "Holly",
    "Iron", "Kings", "Lake", "Lin", "Marl", "Mill", "North", "Oak", "Pine", "Red", "Rose", "Sand", "Shel", "Spring",
    "Stone", "Thorn", "Wal", "West", "Wil", "Wood", "Alder", "Beck", "Cole", "Dun", "Ever", "Gren",
];
const NAME_B: [&str; 30] = [
    "field", "ford", "ton", "wick", "brook", "dale", "ridge", "wood", "mont", "stead", "haven", "ley", "bury", "view",
    "more", "gate", "hurst", "well", "worth", "side", "mere", "by", "croft", "cliff", "holm", "ham", "ville", "port",
    "shaw", "wyn",
];
const PLACE: [&str; 10] = [
    "Street",
    "Avenue",
    "County",
    "clinic",
    "library",
    "community center",
    "church hall",
    "recovery café",
    "health center",
    "public housing office",
];

/// A place such as "Marlwick Street" or "the Ashford clinic".
fn place(r: &mut Rng) -> String {
    let name = format!("{}{}", r.pick(&NAME_A), r.pick(&NAME_B));
    match *r.pick(&PLACE) {
        p @ ("Street" | "Avenue" | "County") => format!("{name} {p}"),
        p => format!("the {name} {p}"),
    }
}

/// The ~60 topic tags, most used first (the generator gives them Zipf-like weights).
#[rustfmt::skip]
pub(crate) const TAGS: [&str; 60] = [
    "recovery", "peer support", "substance use", "family", "mental health", "harm reduction", "housing",
    "employment", "medication", "anxiety", "depression", "support groups", "crisis planning", "wellness",
    "overdose prevention", "hospital stays", "relapse", "trauma", "grief", "sleep", "benefits",
    "health coverage", "parenting", "veterans", "young people", "older adults", "LGBTQ+", "rural life",
    "self-advocacy", "boundaries", "friendship", "faith", "creativity", "exercise", "nutrition",
    "eating disorders", "psychosis", "bipolar disorder", "OCD", "panic", "loneliness", "money", "legal help",
    "re-entry", "education", "transportation", "caregiving", "chronic pain", "dual diagnosis", "stigma",
    "telehealth", "naloxone", "detox", "sober living", "volunteering", "pets", "nature", "music", "cooking",
    "moving",
];

/// Names storytellers chose to show.
pub(crate) const AUTHORS: [&str; 24] = [
    "Anonymous",
    "Dana",
    "Travis",
    "Maria",
    "J.",
    "Sam",
    "Priya",
    "Luis",
    "Keisha",
    "Tom",
    "Ana",
    "Marcus",
    "Lee",
    "Rosa",
    "Devon",
    "Grace",
    "Anonymous",
    "Hector",
    "Mei",
    "Jordan",
    "Ruth",
    "Andre",
    "Nia",
    "Anonymous",
];

/// Content notes used by stories (keys of the default vocabulary).
pub(crate) const NOTES: [&str; 10] = [
    "substance-use",
    "overdose",
    "psychiatric-hospitalization",
    "death-and-grief",
    "suicide",
    "self-harm",
    "domestic-violence",
    "eating-disorder",
    "child-abuse",
    "sexual-violence",
];

const STORY_TITLE_A: [&str; 16] = [
    "Finding",
    "Learning",
    "Choosing",
    "Building",
    "Rebuilding",
    "Trusting",
    "Asking for",
    "Making room for",
    "Keeping",
    "Starting",
    "Walking toward",
    "Holding on to",
    "Letting go of",
    "Coming back to",
    "Saying yes to",
    "Making peace with",
];
const STORY_TITLE_B: [&str; 24] = [
    "my own rhythm",
    "work again",
    "a home of my own",
    "the people who get it",
    "my family",
    "a quieter mind",
    "small steps",
    "help",
    "a new routine",
    "my voice",
    "the morning",
    "the long road",
    "hope",
    "a second chance",
    "my body",
    "my son",
    "my daughter",
    "sleep",
    "the group",
    "the hard days",
    "a lighter week",
    "the future",
    "myself",
    "honest talk",
];
const STORY_TITLE_C: [&str; 14] = [
    "after treatment",
    "after the hospital",
    "in recovery",
    "one day at a time",
    "after a relapse",
    "with a peer specialist",
    "after losing my job",
    "when panic kept me home",
    "after the divorce",
    "in a small town",
    "after deployment",
    "while raising kids",
    "at fifty",
    "at nineteen",
];
const GUIDE_TITLE_A: [&str; 8] = [
    "How to",
    "A plain guide:",
    "Step by step:",
    "What to know before you",
    "Ways to",
    "Getting started:",
    "A checklist to",
    "Questions to ask when you",
];
const GUIDE_TITLE_B: [&str; 24] = [
    "find a support group",
    "apply for benefits",
    "talk with your doctor",
    "use naloxone",
    "make a wellness plan",
    "find housing help",
    "return to work",
    "support a family member",
    "prepare for a hospital stay",
    "find a peer specialist",
    "get health coverage",
    "plan for a crisis",
    "find a sober living home",
    "get legal help",
    "sleep better",
    "manage money stress",
    "find low-cost counseling",
    "get a ride to appointments",
    "go back to school",
    "care for a parent",
    "find a telehealth provider",
    "reduce harm when using",
    "start volunteering",
    "find a detox program",
];
const GUIDE_TITLE_C: [&str; 6] = ["", "", "in Riverbend", "on a budget", "for the first time", "this year"];

/// Headings a story may use (each page uses a distinct subset).
pub(crate) const STORY_HEADINGS: [&str; 40] = [
    "Where it started",
    "The hardest part",
    "What helped",
    "What didn't help",
    "Asking for help",
    "The first meeting",
    "A turning point",
    "Setbacks",
    "Family",
    "Work and money",
    "Finding my people",
    "Medication",
    "Sleep and routine",
    "What I tell people now",
    "Looking back",
    "Where I am today",
    "The people who stayed",
    "Starting over",
    "Small wins",
    "What recovery means to me",
    "Hard days",
    "Getting honest",
    "Learning to rest",
    "Changing my mind",
    "A new kind of normal",
    "Giving back",
    "Why I share this",
    "What I wish I had known",
    "Rebuilding trust",
    "Moving forward",
    "The waiting room",
    "Leaving the hospital",
    "A friend's call",
    "Coming home",
    "Boundaries",
    "Faith and doubt",
    "The group",
    "My counselor",
    "Money worries",
    "One year later",
];
/// Headings a guide may use.
pub(crate) const GUIDE_HEADINGS: [&str; 40] = [
    "What it is",
    "Who it is for",
    "Before you start",
    "What to bring",
    "Step by step",
    "What it costs",
    "How long it takes",
    "If you are turned away",
    "Questions to ask",
    "Your rights",
    "Getting there",
    "Paying for it",
    "If you need an interpreter",
    "After your visit",
    "Common worries",
    "What to expect",
    "Making a plan",
    "Checklist",
    "If it does not work out",
    "Helping someone else",
    "Where to go",
    "Forms you may need",
    "Keeping records",
    "Staying safe",
    "Talking about it",
    "When to call for help",
    "Signs to watch for",
    "Taking care of yourself",
    "Local options",
    "Online options",
    "Waiting lists",
    "Appeals",
    "Privacy",
    "Your first week",
    "Tips from peers",
    "Language help",
    "Accessibility",
    "Costs and coverage",
    "Follow-up",
    "Other resources",
];
/// Subheadings (`###`) used under a `##` heading.
pub(crate) const SUBHEADINGS: [&str; 12] = [
    "In short",
    "An example",
    "A tip",
    "If you are a family member",
    "If you are a veteran",
    "For young people",
    "On the phone",
    "In person",
    "Online",
    "At night and on weekends",
    "In Spanish",
    "Good to know",
];

/// External links (not fetched by either generator; only rendered).
pub(crate) const EXTERNAL: [(&str, &str); 10] = [
    ("the 988 Lifeline", "https://988lifeline.org"),
    ("SAMHSA's treatment locator", "https://findtreatment.gov"),
    (
        "the SAMHSA helpline",
        "https://www.samhsa.gov/find-help/national-helpline",
    ),
    ("NAMI", "https://www.nami.org/support-education"),
    ("Mental Health America", "https://mhanational.org"),
    ("Never Use Alone", "https://neverusealone.com"),
    ("benefits.gov", "https://www.benefits.gov"),
    ("HUD's housing search", "https://www.hud.gov/topics/rental_assistance"),
    ("the VA's mental health pages", "https://www.mentalhealth.va.gov"),
    ("Medicaid.gov", "https://www.medicaid.gov"),
];

const SUBJ: [&str; 20] = [
    "I",
    "My sister",
    "My counselor",
    "The group",
    "A friend from the meeting",
    "My mom",
    "The peer specialist",
    "Nobody",
    "Everyone at the drop-in center",
    "My doctor",
    "We",
    "You",
    "A neighbor",
    "The outreach worker",
    "My partner",
    "My boss",
    "Someone in the waiting room",
    "The nurse",
    "My son",
    "Most people",
];
const VERB: [&str; 24] = [
    "noticed",
    "talked about",
    "wrote down",
    "asked about",
    "learned about",
    "worried about",
    "laughed about",
    "kept coming back to",
    "didn't want to talk about",
    "finally understood",
    "made a plan for",
    "stopped pretending about",
    "read everything about",
    "argued about",
    "was patient with",
    "gave me space for",
    "helped me with",
    "remembered",
    "pushed back on",
    "forgot about",
    "prayed about",
    "checked in about",
    "showed up for",
    "asked me about",
];
const OBJ: [&str; 28] = [
    "the next step",
    "my sleep",
    "the bills",
    "what recovery could look like",
    "the meeting schedule",
    "the medication",
    "a plan for bad nights",
    "the small things",
    "my old job",
    "the apartment",
    "the long wait",
    "how I was really doing",
    "the paperwork",
    "the bus routes",
    "my kids",
    "the weekends",
    "the first week",
    "what I needed",
    "the phone number",
    "the clinic on Second Street",
    "the forms",
    "a walk after dinner",
    "the questions I had",
    "the cravings",
    "my budget",
    "the noise in my head",
    "the waiting list",
    "the future",
];
const WHEN: [&str; 20] = [
    "that winter",
    "every Tuesday",
    "after a while",
    "for the first time",
    "the next morning",
    "most days",
    "on the bad nights",
    "a few weeks later",
    "by the spring",
    "before I was ready",
    "when it mattered",
    "again and again",
    "in the car",
    "at the kitchen table",
    "on the phone",
    "in the group",
    "slowly",
    "right away",
    "every single day",
    "without judging me",
];
const FEEL: [&str; 16] = [
    "tired",
    "hopeful",
    "scared",
    "angry",
    "relieved",
    "embarrassed",
    "calm",
    "lonely",
    "proud",
    "stuck",
    "grateful",
    "nervous",
    "steady",
    "surprised",
    "ready",
    "unsure",
];
const ADVICE: [&str; 16] = [
    "Call ahead and ask what to bring.",
    "Write your questions down before you go.",
    "Bring a friend if you can.",
    "It is okay to ask the same question twice.",
    "Ask for an interpreter if you need one; it is free.",
    "Keep copies of every form you sign.",
    "You can say no to anything that does not feel right.",
    "Most programs have a sliding scale.",
    "If the first place says no, ask where else to try.",
    "Take breaks when you need them.",
    "Ask if there is a peer specialist on staff.",
    "Check the hours before you go; they change.",
    "You do not need a referral for most groups.",
    "Write down the name of who you talked to.",
    "Plan how you will get home.",
    "Tell someone where you are going.",
];

/// A sentence: one of a dozen shapes filled with slot words, sometimes with emphasis.
pub(crate) fn sentence(r: &mut Rng, guide: bool) -> String {
    let s = |r: &mut Rng| *r.pick(&SUBJ);
    let v = |r: &mut Rng| *r.pick(&VERB);
    let o = |r: &mut Rng| *r.pick(&OBJ);
    let w = |r: &mut Rng| *r.pick(&WHEN);
    let f = |r: &mut Rng| *r.pick(&FEEL);
    if r.chance(33) {
        return (*r.pick(&REAL)).to_owned();
    }
    let shape = if guide { r.below(16) } else { r.below(14) };
    let mut text = match shape {
        0 => format!("{} {} {} {}.", s(r), v(r), o(r), w(r)),
        1 => format!("{} I felt {}, but {} {} {}.", cap(w(r)), f(r), lower(s(r)), v(r), o(r)),
        2 => format!("It took a long time before I {} {}.", v(r), o(r)),
        3 => format!("{} {} {}, and that changed how I saw {}.", s(r), v(r), o(r), o(r)),
        4 => format!("I was {} and {} {}.", f(r), f(r), w(r)),
        5 => format!("Looking back, {} {} {} {}.", lower(s(r)), v(r), o(r), w(r)),
        6 => format!("Some days I still feel {}, and that is okay.", f(r)),
        7 => format!("{} never {} {}, not once.", s(r), v(r), o(r)),
        8 => format!("What mattered was that {} {} {}.", lower(s(r)), v(r), o(r)),
        9 => format!("If you are {} right now, {} is a good place to start.", f(r), o(r)),
        10 => format!("{} {} {} while I {} {}.", s(r), v(r), o(r), v(r), o(r)),
        11 => format!("Nobody fixed it for me, but {} {} {}.", lower(s(r)), v(r), o(r)),
        12 => format!("{} {} {} near {}.", s(r), v(r), o(r), place(r)),
        13 => format!("{} I went back to {} and felt {}.", cap(w(r)), place(r), f(r)),
        14 => (*r.pick(&ADVICE)).to_owned(),
        _ => format!(
            "Many people ask about {} {}; the answer depends on your situation.",
            o(r),
            w(r)
        ),
    };
    if r.chance(6) {
        // Emphasise one word in the middle of the sentence.
        let words: Vec<&str> = text.split(' ').collect();
        if words.len() > 3 {
            let i = r.range(1, words.len() - 2);
            let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            out[i] = format!("*{}*", words[i]);
            text = out.join(" ");
        }
    } else if r.chance(3) {
        text = format!("**{}**", text.trim_end_matches('.')) + ".";
    }
    text
}

/// A list item for guides (advice) or stories (a short thing that helped).
pub(crate) fn list_item(r: &mut Rng, guide: bool) -> String {
    if guide {
        (*r.pick(&ADVICE)).to_owned()
    } else {
        let o = *r.pick(&OBJ);
        format!("{} {}", cap(o), r.pick(&WHEN))
    }
}

/// A story's title.
pub(crate) fn story_title(r: &mut Rng) -> String {
    format!(
        "{} {} {}",
        r.pick(&STORY_TITLE_A),
        r.pick(&STORY_TITLE_B),
        r.pick(&STORY_TITLE_C)
    )
}

/// A guide's title.
pub(crate) fn guide_title(r: &mut Rng) -> String {
    let c = r.pick(&GUIDE_TITLE_C);
    let t = format!("{} {}", r.pick(&GUIDE_TITLE_A), r.pick(&GUIDE_TITLE_B));
    if c.is_empty() { t } else { format!("{t} {c}") }
}

/// "word" → "Word".
pub(crate) fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Lowercases a sentence subject, keeping "I".
fn lower(s: &str) -> String {
    if s == "I" || s.starts_with("I ") {
        return s.to_owned();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Number of words in `s` (whitespace separated), as the generator counts them.
pub(crate) fn words(s: &str) -> usize {
    s.split_whitespace().count()
}
