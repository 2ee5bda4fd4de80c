//! The Lab's experiments against the closed forms they re-create, with tolerances that follow
//! from the number of trials and keys, and the command line against the library.

use ringleader::lab::{self, Experiment, Settings, Table};

fn num(t: &Table, row: usize, key: &str) -> f64 {
    t.get(row, key)
        .and_then(|c| c.as_f64())
        .unwrap_or_else(|| panic!("row {row} has a number in {key}"))
}

fn text(t: &Table, row: usize, key: &str) -> String {
    t.get(row, key).expect("a cell").to_string()
}

fn run(e: Experiment) -> Table {
    lab::table(e, e.defaults()).expect("the defaults are valid")
}

#[test]
fn the_spread_of_arcs_and_of_key_counts_follows_the_theory() {
    let t = run(Experiment::Balance);
    let trials = f64::from(t.settings.trials);
    assert_eq!(t.rows.len(), lab::BALANCE_N.len() * lab::BALANCE_K.len());
    for row in 0..t.rows.len() {
        let (n, k) = (num(&t, row, "nodes"), num(&t, row, "vnodes"));
        // A share is a sum of k exponential spacings (kurtosis 3 + 6/k); the root mean square
        // of the CV over the trials then has a relative spread of about
        // ½·√((2 + 6/k) / (trials·n)). Allow four times that.
        let tolerance = 4.0 * 0.5 * ((2.0 + 6.0 / k) / (trials * n)).sqrt();
        for (measured, theory) in [("arcs_cv", "arcs_theory"), ("keys_cv", "keys_theory")] {
            let (m, th) = (num(&t, row, measured), num(&t, row, theory));
            assert!(
                (m / th - 1.0).abs() <= tolerance,
                "n={n} k={k}: {measured} {m} against {theory} {th} (tolerance {tolerance})"
            );
        }
    }
    // With a hundred nodes of a thousand virtual nodes the key set, not the ring, sets the
    // spread: the sampling term is what makes theory and measurement meet.
    let last = t.rows.len() - 1;
    assert!(num(&t, last, "keys_cv") > 2.0 * num(&t, last, "arcs_theory"));
}

#[test]
fn consistent_algorithms_move_the_optimum_onto_the_new_node_and_mod_n_moves_almost_all() {
    let t = run(Experiment::Moved);
    let keys = t.settings.keys as f64;
    let n = f64::from(t.settings.nodes);
    let row = |name: &str| {
        (0..t.rows.len())
            .find(|&r| text(&t, r, "algorithm") == name)
            .unwrap_or_else(|| panic!("a row for {name}"))
    };
    let binomial = |p: f64| 5.0 * (p * (1.0 - p) / keys).sqrt();
    let (add, remove) = (1.0 / (n + 1.0), 1.0 / n);
    // Hashes per key: only chance in which keys land where.
    for name in ["rendezvous", "jump"] {
        let r = row(name);
        assert!(
            (num(&t, r, "add_moved") - add).abs() <= binomial(add),
            "{name} add"
        );
        assert!(
            (num(&t, r, "remove_moved") - remove).abs() <= binomial(remove),
            "{name} remove"
        );
    }
    // Rings: the moved share is the new (or lost) node's arc, whose CV is about 1/√points.
    for (name, points) in [
        ("ring k=100", 100.0),
        ("ketama", 160.0),
        ("multi-probe P=21", 20.0),
    ] {
        let r = row(name);
        let tolerance = 3.5 / f64::sqrt(points);
        assert!(
            (num(&t, r, "add_moved") / add - 1.0).abs() <= tolerance,
            "{name} add"
        );
        assert!(
            (num(&t, r, "remove_moved") / remove - 1.0).abs() <= tolerance,
            "{name} remove"
        );
    }
    for name in [
        "ring k=100",
        "ketama",
        "rendezvous",
        "jump",
        "multi-probe P=21",
    ] {
        assert_eq!(
            num(&t, row(name), "add_onto_new"),
            1.0,
            "{name}: all onto the new node"
        );
    }
    let m = row("mod-n");
    assert!((num(&t, m, "add_moved") - n / (n + 1.0)).abs() <= binomial(n / (n + 1.0)));
    // Maglev trades disruption for balance, and a smaller table disrupts more.
    let maglev: Vec<f64> = lab::MAGLEV_TABLES
        .iter()
        .map(|m| num(&t, row(&format!("maglev M={m}")), "remove_moved"))
        .collect();
    assert!(maglev.windows(2).all(|w| w[0] > w[1]), "{maglev:?}");
    assert!(maglev[0] > 1.3 * remove, "{maglev:?}");
}

#[test]
fn bounded_loads_cap_the_peak_at_c_and_multi_probe_approaches_one_plus_one_over_p() {
    let t = run(Experiment::Bounded);
    let per_node = t.settings.keys as f64 / f64::from(t.settings.nodes);
    for row in 0..t.rows.len() {
        if let Some(c) = t.get(row, "c").and_then(|c| c.as_f64()) {
            // The cap is ⌈c·m/n⌉ keys: at most one key above c × the mean.
            assert!(
                num(&t, row, "max_over_mean") <= c + 1.0 / per_node,
                "row {row}"
            );
        }
    }
    // Zipf requests on a plain ring pile up; the bound flattens them.
    let zipf_ring = (0..t.rows.len())
        .find(|&r| text(&t, r, "keys") == "zipf" && text(&t, r, "c") == "∞")
        .expect("a plain ring row with Zipf keys");
    assert!(num(&t, zipf_ring, "max_over_mean") > 1.5);

    let t = run(Experiment::MultiProbe);
    let peaks: Vec<f64> = (0..t.rows.len())
        .map(|r| num(&t, r, "peak_over_mean"))
        .collect();
    assert!(
        peaks.windows(2).all(|w| w[0] > w[1]),
        "more probes, flatter: {peaks:?}"
    );
    for row in 0..t.rows.len() {
        if num(&t, row, "probes") >= 5.0 {
            let (p, th) = (num(&t, row, "peak_over_mean"), num(&t, row, "theory"));
            assert!(
                (p - th).abs() <= 0.06,
                "P={}: {p} against {th}",
                num(&t, row, "probes")
            );
        }
    }
}

#[test]
fn a_run_is_a_function_of_its_settings_and_bad_settings_are_refused() {
    let s = Settings {
        nodes: 6,
        keys: 2000,
        trials: 3,
        seed: 9,
    };
    let a = lab::table(Experiment::Balance, s).unwrap();
    assert_eq!(a, lab::table(Experiment::Balance, s).unwrap());
    let other = lab::table(Experiment::Balance, Settings { seed: 10, ..s }).unwrap();
    assert_ne!(a.rows, other.rows);
    for bad in [
        Settings { nodes: 1, ..s },
        Settings { keys: 10, ..s },
        Settings { trials: 0, ..s },
        Settings {
            trials: 100_000,
            ..s
        },
    ] {
        assert!(lab::table(Experiment::Moved, bad).is_err(), "{bad:?}");
    }
    // A Maglev table smaller than the membership cannot be built: its row says so.
    let big = lab::table(
        Experiment::Moved,
        Settings {
            nodes: 300,
            keys: 1000,
            trials: 1,
            seed: 1,
        },
    )
    .unwrap();
    let small = (0..big.rows.len())
        .find(|&r| text(&big, r, "algorithm") == "maglev M=251")
        .unwrap();
    assert_eq!(text(&big, small, "add_moved"), "—");
}

#[test]
fn csv_json_and_the_command_line_carry_the_same_rows() {
    let s = Settings {
        nodes: 8,
        keys: 5000,
        trials: 1,
        seed: 3,
    };
    let t = lab::table(Experiment::Moved, s).unwrap();
    let csv = t.csv();
    assert_eq!(csv.lines().count(), 1 + t.rows.len());
    assert!(csv.starts_with("algorithm,add_moved,"));
    let json = t.json();
    assert!(json.starts_with("{\"experiment\":\"moved\""));
    assert_eq!(json.matches("\"add_moved\":").count(), t.rows.len());
    // The same rows in the browser: tests/web.rs and the Lab's end-to-end test read this file.
    assert_eq!(csv, include_str!("fixtures/lab-moved-n8-k5000-s3.csv"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ringleader"))
        .args([
            "lab", "moved", "--nodes", "8", "--keys", "5000", "--seed", "3", "--format", "csv",
        ])
        .output()
        .expect("the command runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), csv);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_ringleader"))
        .args(["lab", "moved", "--nodes", "1"])
        .output()
        .expect("the command runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nodes"));
}

#[test]
fn the_page_steps_through_a_trial_a_piece_of_keys_at_a_time() {
    // Each step does a bounded piece of work (`lab::ring` tests that the pieces measure what
    // the whole key set does).
    let keys = 2 * lab::PIECE_WORK + 1;
    let s = Settings {
        nodes: 7,
        keys,
        trials: 2,
        seed: 5,
    };
    for e in Experiment::ALL {
        let mut p = lab::Progress::new(e, s).unwrap();
        let mut steps = 1;
        let mut done = 0;
        let mut parts = Vec::new();
        while p.step() {
            steps += 1;
            let (now, all) = p.done();
            assert!(
                now == done || now == done + 1,
                "{e:?}: trials are done one by one"
            );
            assert!(now <= all);
            done = now;
            parts.push(p.trial_permille());
        }
        assert!(p.finished());
        let (done, all) = p.done();
        assert_eq!(done, all);
        assert_eq!(p.table.rows.len() as u64 * 2, all, "{e:?}");
        // Started, its placements built one per step, then three pieces of keys (the last of
        // one key); an election is started and done.
        let per_trial = match e {
            Experiment::Balance | Experiment::MultiProbe => 1 + 1 + 3,
            Experiment::Moved => 1 + 3 + 3,
            Experiment::Bounded => 1 + 2 + 3,
            _ => 2,
        };
        assert_eq!(steps, all * per_trial, "{e:?}");
        // The progress bar moves within a trial as its pieces are placed (half its keys,
        // then all but the last).
        if per_trial > 2 {
            let part = |pieces: u64| pieces * lab::PIECE_WORK * 1000 / keys;
            assert!(
                parts.contains(&part(1)) && parts.contains(&part(2)),
                "{e:?}: {parts:?}"
            );
        }
        assert!(parts.iter().all(|&p| p < 1000), "{e:?}");
    }
}

#[test]
fn raft_first_elections_fail_within_the_timeout_bound_and_more_often_with_slower_messages() {
    let t = run(Experiment::SplitVotes);
    let trials = f64::from(t.settings.trials);
    assert_eq!(
        t.rows.len(),
        lab::SPLIT_SERVERS.len() * lab::SPLIT_LATENCY_PERMILLE.len()
    );
    for row in 0..t.rows.len() {
        let (failed, bound) = (num(&t, row, "first_round_failed"), num(&t, row, "bound"));
        // A share of `trials` elections: allow five standard deviations above the bound.
        let slack = 5.0 * (bound * (1.0 - bound) / trials).sqrt();
        assert!(
            failed <= bound + slack,
            "row {row}: {failed} above the bound {bound}"
        );
        // The first leader comes after the shortest timeout (150 ms) and a round trip.
        assert!(num(&t, row, "median_ms") > 150.0);
    }
    // For each cluster size, the slowest messages fail the most, and they do fail.
    for (i, n) in lab::SPLIT_SERVERS.iter().enumerate() {
        let rows =
            i * lab::SPLIT_LATENCY_PERMILLE.len()..(i + 1) * lab::SPLIT_LATENCY_PERMILLE.len();
        let failed: Vec<f64> = rows.map(|r| num(&t, r, "first_round_failed")).collect();
        assert!(
            failed.last().unwrap() >= failed.first().unwrap(),
            "n={n}: {failed:?}"
        );
        assert!(
            *failed.last().unwrap() > 0.0,
            "n={n}: split votes happen at l = R/5"
        );
    }
}

#[test]
fn the_worst_case_rows_are_the_fixtures_the_browser_checks() {
    // tests/web.rs and the Lab's end-to-end test compare the browser's rows with this file.
    let t = downtime(Experiment::LeaderCrashWorst, 50);
    let t = lab::table(
        Experiment::LeaderCrashWorst,
        Settings {
            seed: 2,
            ..t.settings
        },
    )
    .unwrap();
    assert_eq!(
        t.csv(),
        include_str!("fixtures/lab-leader-crash-worst-t50-s2.csv")
    );
}

fn downtime(e: Experiment, trials: u32) -> Table {
    let s = Settings {
        trials,
        ..e.defaults()
    };
    lab::table(e, s).unwrap()
}

fn row_of(t: &Table, graph: &str, timeouts: &str) -> usize {
    (0..t.rows.len())
        .find(|&r| {
            t.get(r, "graph").unwrap().to_string() == graph
                && t.get(r, "timeouts_ms").unwrap().to_string() == timeouts
        })
        .unwrap()
}

#[test]
fn figure_16_without_randomness_elections_split_for_seconds_and_a_little_randomness_ends_that() {
    for e in [Experiment::LeaderCrash, Experiment::LeaderCrashWorst] {
        let t = downtime(e, 60);
        assert_eq!(t.rows.len(), 11, "six lines on top, five below");
        let fixed = row_of(&t, "top", "150–150");
        let five = row_of(&t, "top", "150–155");
        let fast = row_of(&t, "bottom", "12–24");
        // The paper: with no randomness, consistently over 10 s (split votes).
        assert!(num(&t, fixed, "over_10s") > 0.5, "{e:?}");
        // 5 ms of randomness: every trial done within half a second (paper: median 287 ms).
        assert_eq!(num(&t, five, "over_10s"), 0.0);
        assert!(num(&t, five, "max_ms") < 500.0, "{e:?}");
        // Nothing is faster than the crash-to-timeout gap: half the minimum timeout.
        assert!(num(&t, five, "median_ms") > 75.0);
        // 12–24 ms: tens of ms (paper: mean 35 ms, longest 152 ms).
        assert!(num(&t, fast, "mean_ms") < 200.0, "{e:?}");
        assert!(num(&t, fast, "median_ms") > 6.0);
        // The cumulative curves have every trial.
        assert!(t.samples.iter().all(|s| s.len() == 60));
        // Most 150–150 trials were stopped at 20 s without a leader: their median, maximum
        // and mean are lower bounds, and say so (they read as measured times, "20000.0").
        for key in ["median_ms", "mean_ms", "max_ms"] {
            let cell = text(&t, fixed, key);
            assert!(cell.starts_with("≥ "), "{e:?} {key}: {cell}");
        }
        assert_eq!(text(&t, fixed, "max_ms"), "≥ 20000.0");
        assert!(!text(&t, five, "max_ms").starts_with('≥'));
        assert!(
            t.json().contains("\"median_ms\":{\"at_least\":20000.0}"),
            "{}",
            t.json()
        );
        assert!(t.text().contains("# ≥ marks a lower bound"));
    }
}

#[test]
fn over_a_wan_losing_a_second_server_slows_the_election() {
    let t = downtime(Experiment::WanElection, 200);
    assert_eq!(t.rows.len(), 2);
    let (one, two) = (num(&t, 0, "mean_ms"), num(&t, 1, "mean_ms"));
    // After the crash a follower waits out 300–600 ms less the time since the last heartbeat,
    // then one round trip of 60–80 ms.
    assert!(one > 150.0 && one < 1000.0, "{one}");
    assert!(two > one, "{one} then {two}");
    assert!(num(&t, 1, "p99_ms") >= num(&t, 1, "median_ms"));
    // 200 trials resolve the 99th percentile (the second longest) but not the 99.9th.
    assert!(num(&t, 1, "p99_ms") <= num(&t, 1, "max_ms"));
    assert_eq!(t.get(1, "p999_ms"), Some(&lab::Cell::Missing));
    assert!(t.json().contains("\"p999_ms\":null"));
}

/// A trial opened in the page is the same run: the playground built from its share run has
/// the leader down at the crash, and played on, has a new leader heard by every server after
/// exactly the time the Lab measured.
#[test]
fn a_downtime_trial_opens_in_the_playground_as_the_same_run() {
    use ringleader::playground::Playground;
    use ringleader::raft::Role;
    use ringleader::share::ViewSpec;
    for (e, row, trial) in [
        (Experiment::LeaderCrash, 2, 7),
        (Experiment::LeaderCrashWorst, 6, 3),
        (Experiment::WanElection, 1, 0),
    ] {
        let s = e.defaults();
        let job = &lab::plan(e, s)[row];
        let measured = lab::downtime::trial(job, trial)[0];
        let tr = lab::downtime::trial_run(job, trial).unwrap();
        let run = tr.to_run(ViewSpec {
            view: "cluster".into(),
            lang: "en".into(),
            theme: "light".into(),
            speed: 2,
            paused: true,
        });
        let link = ringleader::share::link::encode(&run);
        let run = ringleader::share::link::decode(&link).unwrap();
        let pg = Playground::from_run(&run).unwrap();
        assert_eq!(pg.sim().now(), tr.crash_at, "{e:?}");
        // At the moment it opens on, the leader has just crashed: no live leader, a server
        // down, and the last command is that crash.
        let live_leaders = pg
            .sim()
            .nodes()
            .iter()
            .filter_map(|a| a.as_server())
            .filter(|s| s.role() == Role::Leader && pg.sim().is_alive(s.id()))
            .count();
        assert_eq!(live_leaders, 0, "{e:?}");
        let last = run.commands.last().unwrap();
        assert_eq!(last.at, tr.crash_at);
        assert!(matches!(last.action, ringleader::sim::Action::Crash(_)));
        // Play the same run on from its settings and commands, fully recorded.
        let mut sim = run.cluster.config().build(run.seed);
        for c in &run.commands {
            sim.schedule(c.clone()).unwrap();
        }
        sim.run_until(tr.crash_at).unwrap();
        assert_eq!(sim.trace_hash(), pg.sim().trace_hash(), "{e:?}");
        let crashed_term = |sim: &ringleader::raft::RaftSim| {
            sim.nodes()
                .iter()
                .filter_map(|a| a.as_server())
                .map(|s| s.term())
                .max()
                .unwrap()
        };
        let old = crashed_term(&sim);
        let end = loop {
            let ev = sim.step().unwrap().unwrap();
            let servers: Vec<_> = sim
                .nodes()
                .iter()
                .filter_map(|a| a.as_server())
                .filter(|s| sim.is_alive(s.id()))
                .collect();
            let leader = servers
                .iter()
                .find(|s| s.role() == Role::Leader && s.term() > old);
            if let Some(l) = leader {
                if servers.iter().all(|s| {
                    s.term() == l.term() && (s.id() == l.id() || s.leader() == Some(l.id()))
                }) {
                    break ev.time;
                }
            }
        };
        let ms = (end - tr.crash_at).as_micros() as f64 / 1000.0;
        assert_eq!(ms, measured, "{e:?} row {row} trial {trial}");
    }
}

/// The page runs an experiment in small steps between frames, and a run must end within
/// about a minute: settings within range whose run would take longer are refused there, with
/// the most that fits; every experiment's defaults fit, and so does that most.
#[test]
fn the_page_refuses_settings_that_would_take_minutes_and_says_the_most_that_fits() {
    use ringleader::lab::{fits_the_page, TooLarge, PAGE_RUN_WORK};
    for e in Experiment::ALL {
        assert_eq!(fits_the_page(e, e.defaults()), Ok(()), "{e:?}");
    }
    // A trial is no longer one piece: a million keys over ten nodes run, once per row.
    let million = Settings {
        keys: 1_000_000,
        ..Experiment::Moved.defaults()
    };
    assert_eq!(fits_the_page(Experiment::Moved, million), Ok(()));
    // The audit's case: 1,000 nodes, a million keys, 1,000 trials (hours in the page).
    let huge = Settings {
        nodes: 1000,
        keys: 1_000_000,
        trials: 1000,
        seed: 1,
    };
    for e in [
        Experiment::Moved,
        Experiment::Bounded,
        Experiment::MultiProbe,
    ] {
        let Err(TooLarge::Trial { keys_max }) = fits_the_page(e, huge) else {
            panic!("{e:?} at {huge:?} fits");
        };
        // Weighted by the nodes a key looks at, times the rows of one trial each; the
        // placements' building takes a little off.
        let (weight, rows) = match e {
            Experiment::Moved => (41, 10),
            Experiment::Bounded => (11, 12),
            _ => (11, 6),
        };
        let keys_only = PAGE_RUN_WORK / (weight * rows);
        assert!(
            keys_max < keys_only && keys_max > keys_only * 95 / 100,
            "{e:?}: {keys_max}"
        );
        let most = Settings {
            keys: keys_max,
            trials: 1,
            ..huge
        };
        assert_eq!(fits_the_page(e, most), Ok(()), "{e:?}");
        assert!(fits_the_page(
            e,
            Settings {
                keys: keys_max + 1,
                ..most
            }
        )
        .is_err());
    }
    // Short trials, too many of them: the most trials that fit, and no more.
    let many = Settings {
        trials: 1000,
        ..Experiment::Balance.defaults()
    };
    let Err(TooLarge::Run { trials_max }) = fits_the_page(Experiment::Balance, many) else {
        panic!("{many:?} fits");
    };
    assert!((1..1000).contains(&trials_max));
    let most = Settings {
        trials: trials_max,
        ..many
    };
    assert_eq!(fits_the_page(Experiment::Balance, most), Ok(()));
    assert!(fits_the_page(
        Experiment::Balance,
        Settings {
            trials: trials_max + 1,
            ..many
        }
    )
    .is_err());
    // Few keys over many nodes: building the placements is the work (24 rings of 100,000
    // points a trial for Bounded, 0.1 s natively): the trials are bounded by it.
    let builds = Settings {
        nodes: 1000,
        keys: 100,
        trials: 1000,
        seed: 1,
    };
    for e in [Experiment::Moved, Experiment::Bounded] {
        let Err(TooLarge::Run { trials_max }) = fits_the_page(e, builds) else {
            panic!("{e:?} at {builds:?} fits");
        };
        assert!((20..200).contains(&trials_max), "{e:?}: {trials_max}");
    }
    // Elections have no keys: any settings within range fit.
    assert_eq!(fits_the_page(Experiment::SplitVotes, huge), Ok(()));
}

/// Figures the Lab gave when it computed each trial whole (`Placement::assign` over the whole
/// key set), kept exactly: computing in steps, key by key, must not change a bit of them.
/// Seven nodes, 20,000 keys, one trial, seed 1 (so each cell is that trial's figure).
#[test]
fn the_figures_are_those_of_trials_computed_whole() {
    let s = Settings {
        nodes: 7,
        keys: 20_000,
        trials: 1,
        seed: 1,
    };
    let column = |e: Experiment, key: &str| -> Vec<f64> {
        let t = lab::table(e, s).unwrap();
        (0..t.rows.len()).map(|row| num(&t, row, key)).collect()
    };
    // Keys moved per algorithm (mod n, ring, ketama, rendezvous, jump, multi-probe, bounded
    // loads, Maglev 251, 4099, 65537): counts out of 20,000.
    assert_eq!(
        column(Experiment::Moved, "add_moved"),
        [0.8718, 0.12495, 0.11275, 0.12675, 0.12875, 0.13015, 0.12495, 0.166, 0.1339, 0.12495]
    );
    assert_eq!(
        column(Experiment::Moved, "remove_moved"),
        [0.8538, 0.1608, 0.1489, 0.14635, 0.13985, 0.1427, 0.1608, 0.17525, 0.1529, 0.1381]
    );
    assert_eq!(
        column(Experiment::Moved, "add_onto_new"),
        [
            0.1455035558614361,
            1.0,
            1.0,
            1.0,
            1.0,
            1.0,
            1.0,
            0.7581325301204819,
            0.9156086631814787,
            0.9863945578231292
        ]
    );
    // Bounded loads, uniform then Zipf: no cap, then c = 1.05, 1.1, 1.25, 1.5, 2.
    assert_eq!(
        column(Experiment::Bounded, "max_over_mean"),
        [
            1.1315499999999998,
            1.0499999999999998,
            1.10005,
            1.1315499999999998,
            1.1315499999999998,
            1.1315499999999998,
            2.18785,
            1.0499999999999998,
            1.10005,
            1.2502,
            1.5001,
            2.00025
        ]
    );
    assert_eq!(
        column(Experiment::Bounded, "add_moved"),
        [
            0.12495, 0.13845, 0.12945, 0.12495, 0.12495, 0.12495, 0.23695, 0.22815, 0.2365, 0.2339,
            0.265, 0.24745
        ]
    );
    assert_eq!(
        column(Experiment::MultiProbe, "peak_over_mean"),
        [
            1.3755,
            1.2467,
            1.1231499999999999,
            1.0286499999999998,
            1.0296999999999998,
            1.02095
        ]
    );
    // Balance's first eight rows (5 and 10 nodes, 1 to 1000 virtual nodes).
    let balance = column(Experiment::Balance, "keys_cv");
    assert_eq!(
        balance[..8],
        [
            0.7428302464224245,
            0.3219290294459324,
            0.1239734850683806,
            0.02693696345173298,
            0.8826239006507812,
            0.16214977644141232,
            0.06939884725267413,
            0.035839224321963216
        ]
    );
    let peaks = column(Experiment::Balance, "max_over_mean");
    assert_eq!(
        peaks[..8],
        [2.23025, 1.5855, 1.14075, 1.02575, 2.776, 1.324, 1.1295, 1.0465]
    );
}
