//! Fast-tier throughput on one core: every signal for a mix of customer-service utterances in
//! ru/hu/en (language given, as `hearback score` knows it per turn), and separately with
//! language detection, as `hearback signals` does for bare lines. Target: >= 100,000
//! utterances per second per core for the scoring itself (issue 4).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hearback_core::Lang;
use hearback_signals::{Scratch, Signals};

const UTTERANCES: &[(&str, Lang)] = &[
    ("Добрый день! Меня зовут Анна, чем могу помочь?", Lang::Ru),
    (
        "Здравствуйте, я жду ответа уже третий день, это безобразие.",
        Lang::Ru,
    ),
    (
        "Не могли бы вы, пожалуйста, проверить статус моего заказа?",
        Lang::Ru,
    ),
    ("Да вы издеваетесь? Верните деньги немедленно!", Lang::Ru),
    ("Спасибо большое, вы мне очень помогли!", Lang::Ru),
    ("Jó napot kívánok, miben segíthetek?", Lang::Hu),
    ("Lenne szíves megnézni, hol tart a rendelésem?", Lang::Hu),
    (
        "Ez teljesen elfogadhatatlan, harmadik napja várok!",
        Lang::Hu,
    ),
    ("Köszönöm szépen, nagyon kedves volt.", Lang::Hu),
    (
        "Hi, thanks for calling, how can I help you today?",
        Lang::En,
    ),
    ("Could you please check why I was charged twice?", Lang::En),
    (
        "This is ridiculous, I've been waiting for a week!",
        Lang::En,
    ),
    ("Great, that solved it, thank you so much!", Lang::En),
    ("Just give me my money back.", Lang::En),
    ("ok", Lang::En),
    ("Секунду, сейчас посмотрю.", Lang::Ru),
];

fn bench(c: &mut Criterion) {
    let Ok(signals) = Signals::builtin() else {
        eprintln!("built-in models failed to load; run `hearback train all`");
        return;
    };
    let mut g = c.benchmark_group("signals");
    g.throughput(Throughput::Elements(UTTERANCES.len() as u64));
    g.bench_function("score (language known)", |b| {
        let mut s = Scratch::default();
        b.iter(|| {
            for (t, l) in UTTERANCES {
                black_box(signals.score(black_box(t), *l, &mut s));
            }
        })
    });
    g.bench_function("features only", |b| {
        let mut s = Scratch::default();
        b.iter(|| {
            for (t, l) in UTTERANCES {
                hearback_signals::features::extract(black_box(t), *l, &mut s);
                black_box(s.features.len());
            }
        })
    });
    g.bench_function("detect language + score", |b| {
        let mut s = Scratch::default();
        b.iter(|| {
            for (t, _) in UTTERANCES {
                let l = hearback_core::language::detect(t).map_or(Lang::Other, |d| d.lang);
                black_box(signals.score(black_box(t), l, &mut s));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
