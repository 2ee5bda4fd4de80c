//! Tests that run in headless Chromium (wasm-bindgen-test): the core must behave bit for bit
//! as it does natively, and the page must mount.
#![cfg(target_arch = "wasm32")]

use ringleader::check::campaign::{self, CampaignConfig};
use ringleader::ring::{keys, metrics, Algorithm, Members, Placement};
use ringleader::sim::ping::ping_sim;
use ringleader::sim::rng::{Rng, Stream};
use ringleader::sim::{Action, Command, NodeId, SimTime};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn trace_hash_matches_the_native_golden_value() {
    // Same inputs and expected hash as tests/engine.rs::golden_trace_hash_is_the_same_in_the_browser.
    let mut sim = ping_sim(7, 5);
    for (ms, action) in [
        (0, Action::SetLoss { ppm: 100_000 }),
        (500, Action::Crash(NodeId(1))),
    ] {
        sim.schedule(Command {
            at: SimTime::from_millis(ms),
            action,
        })
        .unwrap();
    }
    sim.run_until(SimTime::from_millis(2000)).unwrap();
    assert_eq!(format!("{:016x}", sim.trace_hash()), "84e294bb16fb8d55");
}

#[wasm_bindgen_test]
fn random_streams_match_native() {
    let mut a = Rng::new(1, Stream::Network);
    let mut b = Rng::new(1, Stream::Network);
    assert_eq!(a.next_u64(), b.next_u64());
    assert_eq!(
        ringleader::sim::rng::splitmix64(&mut 0),
        0xE220_A839_7B1D_CDAF
    );
}

#[wasm_bindgen_test]
fn a_raft_fault_campaign_run_matches_native_bit_for_bit() {
    // Same seed and expected hash as tests/campaign.rs (golden_campaign_trace_hash...): the
    // nemesis's faults, clients, and every check of the campaign.
    let report = campaign::run(17, &CampaignConfig::default());
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(format!("{:016x}", report.trace_hash), "fff185dc576e0ae6");
}

#[wasm_bindgen_test]
fn the_pages_quorum_store_run_matches_native_bit_for_bit() {
    // The same run and hash as tests/store.rs (golden_page_store_trace_hash): the page's
    // store with clients that work by themselves, a crash and a partition, through the
    // playground's intents and ticks.
    use ringleader::playground::store::{default_config, Store, StoreIntent};
    use ringleader::playground::Speed;
    use ringleader::sim::NodeId;
    let mut s = Store::new(21, default_config());
    s.apply(StoreIntent::SetSpeed(Speed::from_index(Speed::STEPS - 1)));
    for i in 0..60 {
        if i == 10 {
            s.apply(StoreIntent::Crash(NodeId(2)));
        }
        if i == 25 {
            s.apply(StoreIntent::Partition(vec![
                NodeId(0),
                NodeId(1),
                NodeId(5),
            ]));
        }
        if i == 40 {
            s.apply(StoreIntent::HealAll);
            s.apply(StoreIntent::Restart(NodeId(2)));
        }
        s.tick(100_000);
    }
    assert_eq!(format!("{:016x}", s.sim().trace_hash()), "23776562ab42b946");
}

#[wasm_bindgen_test]
fn a_quorum_store_campaign_run_matches_native_bit_for_bit() {
    // Same run and expected hash as tests/quorum.rs (golden_store_trace_hash...): the
    // store on the ring with write-back, read repair and a sloppy quorum, under faults.
    let config = ringleader::quorum::QuorumConfig {
        nodes: 5,
        clients: 3,
        write_back: true,
        read_repair: true,
        sloppy: true,
        ..Default::default()
    };
    let chaos = ringleader::sim::SimTime::from_millis(2000);
    let until = chaos + ringleader::sim::Duration::from_millis(2000);
    let report = ringleader::quorum::campaign::run(11, &config, chaos, until);
    assert_eq!(format!("{:016x}", report.trace_hash), "6371cec4903302b9");
}

#[wasm_bindgen_test]
fn every_placement_algorithm_matches_native_bit_for_bit() {
    // Same computation and expected value as tests/ring.rs (golden_placements_...).
    let fingerprint = metrics::fingerprint_all(&Members::named(7), &keys::uniform(11, 2000), 50, 2);
    assert_eq!(fingerprint, GOLDEN_PLACEMENTS);
}

const GOLDEN_PLACEMENTS: &str = "fb41634450d6318d3cd59058c4ab4fd5";

/// Events per second of the engine in the browser, recorded in full (the page) and on the
/// lean path (the Lab): printed as figures, never asserted; the two runs must agree.
#[wasm_bindgen_test]
fn bench_engine_events_per_second() {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let mut ends = Vec::new();
    for lean in [false, true] {
        let mut sim = ping_sim(1, 9);
        sim.schedule(Command {
            at: SimTime::ZERO,
            action: Action::SetLoss { ppm: 100_000 },
        })
        .unwrap();
        let events = if lean { 2_000_000 } else { 300_000 };
        let start = perf.now();
        while sim.events() < events {
            if lean {
                sim.step_lean().unwrap();
            } else {
                sim.step().unwrap();
            }
        }
        let ms = perf.now() - start;
        console_log!(
            "wasm engine: path={} nodes=9 events={} wall={:.0}ms events_per_sec={:.0}",
            if lean { "lean" } else { "full" },
            sim.events(),
            ms,
            sim.events() as f64 / (ms / 1000.0)
        );
        assert_eq!(sim.events(), events);
        if !lean {
            while sim.events() < 2_000_000 {
                sim.step_lean().unwrap();
            }
        }
        ends.push((sim.now(), sim.stats()));
    }
    assert_eq!(ends[0], ends[1], "the same run either way");
}

/// Lookups per second of every placement algorithm in the browser: printed, never asserted.
#[wasm_bindgen_test]
fn bench_placement_lookups_per_second() {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let keys = keys::uniform(1, 50_000);
    let m = Members::named(100);
    for name in Algorithm::NAMES {
        let p = Placement::build(Algorithm::parse(name, 100).unwrap(), m.list()).unwrap();
        let start = perf.now();
        let a = p.assign(&keys, 1);
        let ms = perf.now() - start;
        console_log!(
            "wasm {name}: {:.0} lookups/s",
            keys.len() as f64 / (ms / 1000.0)
        );
        assert_eq!(a.served_by.len(), keys.len());
    }
}

/// A run file as the page writes it (serde-wasm-bindgen, then `JSON.stringify`) reads back
/// equal through `share::file`; so does its share link.
#[wasm_bindgen_test]
fn a_run_survives_json_and_the_link_in_the_browser() {
    use ringleader::share::link;
    let run = link::example();
    let value = serde_wasm_bindgen::to_value(&run).unwrap();
    let text = js_sys::JSON::stringify(&value)
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(
        ringleader::share::file::run_from_json(&text),
        Ok(run.clone())
    );
    assert_eq!(link::decode(&link::encode(&run)), Ok(run));
    // 20,000 fuzzed links, as natively.
    assert_eq!(
        link::fuzz(3, 20_000, &link::encode(&link::example())),
        20_000
    );
}

/// Every guided scenario plays to its end in the browser, as natively.
#[wasm_bindgen_test]
fn every_scenario_plays_to_its_end() {
    use ringleader::playground::Playground;
    use ringleader::scenario::{self, Player};
    for s in scenario::all() {
        let mut world = Playground::new(s.seed, ringleader::share::ClusterSpec::default().config());
        let mut player = Player::start(s, &mut world);
        while player.run_to_cue(&mut world).unwrap() {}
        assert!(player.finished());
    }
}

/// The Lab computes in the browser exactly the rows the command line prints natively.
#[wasm_bindgen_test]
fn the_lab_gives_the_native_rows() {
    use ringleader::lab::{self, Experiment, Settings};
    let s = Settings {
        nodes: 8,
        keys: 5000,
        trials: 1,
        seed: 3,
    };
    let t = lab::table(Experiment::Moved, s).unwrap();
    assert_eq!(t.csv(), include_str!("fixtures/lab-moved-n8-k5000-s3.csv"));
}

#[wasm_bindgen_test]
fn the_leader_crash_lab_gives_the_native_rows() {
    use ringleader::lab::{self, Experiment, Settings};
    let s = Settings {
        trials: 50,
        seed: 2,
        ..Experiment::LeaderCrashWorst.defaults()
    };
    let t = lab::table(Experiment::LeaderCrashWorst, s).unwrap();
    assert_eq!(
        t.csv(),
        include_str!("fixtures/lab-leader-crash-worst-t50-s2.csv")
    );
}
