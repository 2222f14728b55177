//! Hearback's fast tier of learned language signals: politeness, toxicity, sentiment and emotion
//! for any text in Russian, Hungarian or English, in microseconds, from linear models over
//! hashed n-grams, stems and hand-written politeness-strategy lexicons.
//!
//! The models are trained by this crate's own code (`hearback train`) from the public datasets in
//! `../shared/data`, committed under `models/` and compiled in. What data each was trained on and
//! how it measures against the papers is in `docs/models.md`.
//!
//! The crate does no I/O: training and evaluation read datasets through a [`data::DataSource`]
//! that the binary supplies.

pub mod data;
pub mod eval;
pub mod features;
pub mod lexicon;
pub mod model;
pub mod recipes;
pub mod train;

use std::sync::LazyLock;

use hearback_core::Lang;
use serde::Serialize;

pub use features::Scratch;
pub use model::{Model, ModelError};

/// The signals, one file each; their names are the `hearback train` model names.
pub const SIGNALS: [&str; 4] = ["politeness", "toxicity", "sentiment", "emotion"];

const POLITENESS: &[u8] = include_bytes!("../models/politeness.hbm");
const TOXICITY: &[u8] = include_bytes!("../models/toxicity.hbm");
const SENTIMENT: &[u8] = include_bytes!("../models/sentiment.hbm");
const EMOTION: &[u8] = include_bytes!("../models/emotion.hbm");

/// Sentiment as three exclusive probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sentiment {
    pub negative: f32,
    pub neutral: f32,
    pub positive: f32,
}

/// Five emotions, each an independent probability (a text can be angry and surprised).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Emotion {
    pub anger: f32,
    pub joy: f32,
    pub sadness: f32,
    pub fear: f32,
    pub surprise: f32,
}

/// Every signal for one text, as `hearback signals` prints them (INTERFACES.md).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// P(polite).
    pub politeness: f32,
    /// P(toxic: insulting, obscene, abusive).
    pub toxicity: f32,
    pub sentiment: Sentiment,
    pub emotion: Emotion,
}

/// The four models.
#[derive(Debug, Clone)]
pub struct Signals {
    politeness: Model,
    toxicity: Model,
    sentiment: Model,
    emotion: Model,
}

const SENTIMENT_LABELS: [&str; 3] = ["negative", "neutral", "positive"];
const EMOTION_LABELS: [&str; 5] = ["anger", "joy", "sadness", "fear", "surprise"];

fn expect(model: &Model, what: &str, labels: &[&str], kind: model::Kind) -> Result<(), ModelError> {
    if model.signal != what {
        return Err(ModelError::Invalid {
            what: what.into(),
            reason: format!("the file holds the {:?} model", model.signal),
        });
    }
    for h in &model.heads {
        if h.labels != labels || h.kind != kind {
            return Err(ModelError::Invalid {
                what: what.into(),
                reason: format!(
                    "head {:?} has outputs {:?} ({:?}), expected {labels:?} ({kind:?})",
                    h.name, h.labels, h.kind
                ),
            });
        }
    }
    Ok(())
}

static BUILTIN: LazyLock<Result<Signals, ModelError>> = LazyLock::new(|| {
    Signals::from_bytes(&[
        ("politeness", POLITENESS),
        ("toxicity", TOXICITY),
        ("sentiment", SENTIMENT),
        ("emotion", EMOTION),
    ])
});

impl Signals {
    /// The models compiled into this build, decoded and checked once.
    pub fn builtin() -> Result<&'static Signals, ModelError> {
        BUILTIN.as_ref().map_err(Clone::clone)
    }

    /// Decodes the four model files, given as (signal name, bytes).
    pub fn from_bytes(files: &[(&str, &[u8])]) -> Result<Signals, ModelError> {
        let get = |name: &str| -> Result<Model, ModelError> {
            let bytes = files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, b)| *b)
                .ok_or_else(|| ModelError::Invalid {
                    what: name.into(),
                    reason: "missing".into(),
                })?;
            Model::from_bytes(&format!("{name}.hbm"), bytes)
        };
        Signals::from_models(
            get("politeness")?,
            get("toxicity")?,
            get("sentiment")?,
            get("emotion")?,
        )
    }

    /// Checks that each model has the outputs its signal needs.
    pub fn from_models(
        politeness: Model,
        toxicity: Model,
        sentiment: Model,
        emotion: Model,
    ) -> Result<Signals, ModelError> {
        expect(&politeness, "politeness", &["polite"], model::Kind::Sigmoid)?;
        expect(&toxicity, "toxicity", &["toxic"], model::Kind::Sigmoid)?;
        expect(
            &sentiment,
            "sentiment",
            &SENTIMENT_LABELS,
            model::Kind::Softmax,
        )?;
        expect(&emotion, "emotion", &EMOTION_LABELS, model::Kind::Sigmoid)?;
        Ok(Signals {
            politeness,
            toxicity,
            sentiment,
            emotion,
        })
    }

    /// Scores one text in a known language. `scratch` holds reusable buffers.
    pub fn score(&self, text: &str, lang: Lang, scratch: &mut Scratch) -> Scores {
        let (sentiment, emotion) = self.mood(text, lang, scratch);
        let f = &scratch.features;
        let mut out = [0f32; 8];
        self.politeness.head_for(lang).predict(f, &mut out);
        let politeness = out[0];
        self.toxicity.head_for(lang).predict(f, &mut out);
        let toxicity = out[0];
        Scores {
            politeness,
            toxicity,
            sentiment,
            emotion,
        }
    }

    /// Sentiment and emotion only: what a customer turn's mood needs, without running the
    /// politeness and toxicity heads on every turn of every conversation scored.
    pub fn mood(&self, text: &str, lang: Lang, scratch: &mut Scratch) -> (Sentiment, Emotion) {
        features::extract(text, lang, scratch);
        let f = &scratch.features;
        let mut out = [0f32; 8];
        self.sentiment.head_for(lang).predict(f, &mut out);
        let sentiment = Sentiment {
            negative: out[0],
            neutral: out[1],
            positive: out[2],
        };
        self.emotion.head_for(lang).predict(f, &mut out);
        let emotion = Emotion {
            anger: out[0],
            joy: out[1],
            sadness: out[2],
            fear: out[3],
            surprise: out[4],
        };
        (sentiment, emotion)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str, lang: Lang) -> Scores {
        let s = Signals::builtin().expect("built-in models load");
        s.score(text, lang, &mut Scratch::default())
    }

    fn in_range(s: &Scores) -> bool {
        let all = [
            s.politeness,
            s.toxicity,
            s.sentiment.negative,
            s.sentiment.neutral,
            s.sentiment.positive,
            s.emotion.anger,
            s.emotion.joy,
            s.emotion.sadness,
            s.emotion.fear,
            s.emotion.surprise,
        ];
        all.iter().all(|p| p.is_finite() && (0.0..=1.0).contains(p))
            && (s.sentiment.negative + s.sentiment.neutral + s.sentiment.positive - 1.0).abs()
                < 1e-4
    }

    #[test]
    fn builtin_models_load_and_every_probability_is_in_range() {
        for (t, l) in [
            ("", Lang::En),
            ("!!!", Lang::Other),
            ("Guten Tag, können Sie mir helfen?", Lang::Other),
            ("Спасибо", Lang::Ru),
            ("Köszönöm", Lang::Hu),
            ("ok", Lang::En),
            (&"very long text ".repeat(500), Lang::En),
        ] {
            let s = score(t, l);
            assert!(in_range(&s), "{t:?}: {s:?}");
        }
    }

    /// The same request said politely and rudely, in each language.
    #[test]
    fn polite_requests_score_above_rude_ones_in_every_language() {
        for (polite, rude, lang) in [
            (
                "Could you please check my order? Thank you so much for your help!",
                "Check my order. Why is this still not done?",
                Lang::En,
            ),
            (
                "Не могли бы вы, пожалуйста, проверить мой заказ? Заранее спасибо!",
                "Проверь мой заказ. Почему до сих пор ничего не сделано?",
                Lang::Ru,
            ),
            (
                "Lenne szíves megnézni a rendelésemet? Köszönöm szépen a segítségét!",
                "Nézd meg a rendelésemet. Miért nincs még kész?",
                Lang::Hu,
            ),
        ] {
            let p = score(polite, lang).politeness;
            let r = score(rude, lang).politeness;
            assert!(p > r, "{lang}: polite {p} <= rude {r}");
            assert!(p > 0.5, "{lang}: polite request scored {p}");
        }
    }

    #[test]
    fn abuse_scores_above_a_neutral_remark_in_every_language() {
        for (abusive, plain, lang) in [
            (
                "You stupid idiot, shut up and give me my fucking money back",
                "I would like to get a refund for my order",
                Lang::En,
            ),
            (
                "Ты тупой идиот, заткнись и верни мне мои деньги, сука",
                "Я хотел бы вернуть деньги за заказ",
                Lang::Ru,
            ),
            (
                "Te hülye barom, fogd be és add vissza a kurva pénzemet",
                "Szeretném visszakapni a pénzt a rendelésemért",
                Lang::Hu,
            ),
        ] {
            let a = score(abusive, lang).toxicity;
            let n = score(plain, lang).toxicity;
            assert!(a > 0.5 && a > n, "{lang}: abusive {a}, plain {n}");
        }
    }

    #[test]
    fn praise_is_more_positive_than_a_complaint_in_every_language() {
        for (good, bad, lang) in [
            (
                "Thank you, great service, I am very happy!",
                "Terrible service, I am very disappointed and angry.",
                Lang::En,
            ),
            (
                "Спасибо, отличный сервис, я очень довольна!",
                "Ужасный сервис, я очень разочарована и зла.",
                Lang::Ru,
            ),
            (
                "Köszönöm, remek szolgáltatás, nagyon elégedett vagyok!",
                "Borzalmas szolgáltatás, nagyon csalódott és dühös vagyok.",
                Lang::Hu,
            ),
        ] {
            let g = score(good, lang);
            let b = score(bad, lang);
            assert!(
                g.sentiment.positive > b.sentiment.positive
                    && b.sentiment.negative > g.sentiment.negative,
                "{lang}: {g:?} vs {b:?}"
            );
            assert!(g.emotion.joy > b.emotion.joy, "{lang}");
            assert!(b.emotion.anger > g.emotion.anger, "{lang}");
        }
    }

    #[test]
    fn a_model_file_for_another_signal_is_refused() {
        let e = Signals::from_bytes(&[
            ("politeness", TOXICITY),
            ("toxicity", TOXICITY),
            ("sentiment", SENTIMENT),
            ("emotion", EMOTION),
        ])
        .unwrap_err();
        assert!(e.to_string().contains("toxicity"), "{e}");
        let e = Signals::from_bytes(&[
            ("politeness", &POLITENESS[..POLITENESS.len() - 1]),
            ("toxicity", TOXICITY),
            ("sentiment", SENTIMENT),
            ("emotion", EMOTION),
        ])
        .unwrap_err();
        assert!(e.to_string().contains("politeness.hbm"), "{e}");
    }
}
