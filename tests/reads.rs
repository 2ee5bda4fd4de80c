//! `ringleader reads`: the costs it prints are those the read paths promise (thesis §6.4).

#[test]
fn a_lease_read_skips_the_round_trip_and_read_index_keeps_reads_out_of_the_log() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ringleader"))
        .args(["reads", "--seeds", "0", "--seconds", "5"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // read path, reads, median_ms, p99_ms, log_entries, linearizable
    let row = |path: &str| -> Vec<String> {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(path))
            .unwrap_or_else(|| panic!("no row {path} in:\n{text}"))
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    let (log, index, lease) = (row("log"), row("read-index"), row("lease"));
    let num = |r: &[String], i: usize| r[i].parse::<f64>().unwrap();
    for r in [&log, &index, &lease] {
        assert!(num(r, 1) > 50.0, "enough reads: {r:?}");
        assert_eq!(r[5], "yes", "linearizable: {r:?}");
    }
    // Through the log every read is an entry; ReadIndex and lease reads add none.
    assert!(num(&log, 4) > 2.0 * num(&index, 4), "{text}");
    assert!(num(&log, 4) > 2.0 * num(&lease, 4), "{text}");
    // A lease read is answered without a heartbeat round: about one client round trip
    // (20–40 ms) against two (a round of heartbeats or of appends, too).
    assert!(num(&lease, 2) < 0.7 * num(&index, 2), "{text}");
    assert!(num(&lease, 2) < 0.7 * num(&log, 2), "{text}");
}

/// `ringleader raft` with these arguments: its report.
fn raft(args: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ringleader"))
        .arg("raft")
        .args(args.split_whitespace())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Two lease reads that went stale within the clock bound (perfect clocks here): each run's
/// every operation is answered, and the history is linearizable.
fn assert_lease_holds(args: &str) {
    let text = raft(args);
    assert!(
        text.contains("client operations: 6 invoked, 6 answered"),
        "{text}"
    );
    assert!(text.contains("linearizability: ok"), "{text}");
    assert!(text.contains("safety violations: 0"), "{text}");
}

/// A transfer's TimeoutNow, slowed on its link, arrives after the transfer was abandoned and
/// the leader N3 had taken up its lease again: N1 campaigned, was elected by voters who ignore
/// leases for a transfer, and x = 2 completed through it while N3 still answered x = 1 by
/// lease. A leader that sent a TimeoutNow holds no lease for the rest of its term.
#[test]
fn a_lease_ends_for_the_term_once_the_leader_sent_timeout_now() {
    assert_lease_holds(
        "--nodes 5 --clients 2 --read 1:lease --read 2:lease --pre-vote --workload none \
         --latency 2-5 --until-ms 2500 --at 800:submit:6:put:x=1 --at 900:submit-to:7>3:get:x \
         --at 950:link-latency:3>1:320-320 --at 1000:transfer:3>1 --at 1318:cut:1>3 \
         --at 1318:cut:2>3 --at 1318:cut:4>3 --at 1318:cut:5>3 --at 1335:submit-to:6>1:put:x=2 \
         --at 1360:submit-to:7>3:get:x --at 1370:submit-to:7>3:get:x --at 1380:submit-to:7>3:get:x",
    );
}

/// N1's old RequestVote to N4 is slowed on its link; N4's refusal carries a higher term, which
/// N1 adopts after it had acknowledged leader N3's round. Adopting a term forgot the leader,
/// and with it N1's promise to N3's lease: N1 voted for N5, x = 2 completed through N5, and
/// N3 answered x = 1 by lease. The promise now lasts a minimum election timeout from the
/// leader's last message, whatever term comes in the meantime.
#[test]
fn a_server_keeps_its_lease_promise_when_it_learns_a_new_term_from_a_reply() {
    assert_lease_holds(
        "--seed 3 --nodes 5 --clients 2 --read 1:lease --read 2:lease --workload none \
         --latency 2-5 --until-ms 2500 --at 0:crash:4 --at 0:link-latency:1>4:1500-1500 \
         --at 5:timeout:1 --at 300:transfer:1>3 --at 800:submit:6:put:x=1 \
         --at 900:submit-to:7>3:get:x --at 1000:cut:3>4 --at 1000:cut:4>3 --at 1000:cut:3>5 \
         --at 1000:cut:5>3 --at 1200:restart:4 --at 1500:cut:1>3 --at 1530:submit-to:6>5:put:x=2 \
         --at 1560:submit-to:7>3:get:x --at 1570:submit-to:7>3:get:x --at 1580:submit-to:7>3:get:x",
    );
}
