//! Memory of a long run: the page plays for as long as a lecture lasts, so what it keeps must
//! grow only with what the run itself must keep (the servers' logs), not with the timeline's
//! snapshots for rewinding. Live bytes are counted by a global allocator over this binary's
//! one test, so the figure is exact and the same on every run.

use ringleader::playground::{page, Intent, Playground};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Nine servers at 20× with 20 % loss, as the soak plays them, for 90 virtual minutes. From
/// 15 minutes on (the timeline's window of recent events is full by then) the run keeps
/// growing its logs, about a hundred entries a server a minute, and nothing else. Before the
/// snapshots shared the logs' filled chunks, the same run grew by 32.6 MiB from 15 to 90
/// minutes; it now grows by 2.4 MiB.
#[test]
fn a_long_run_grows_by_its_logs_not_by_its_snapshots() {
    let (params, _) = page::parse("nodes=9&speed=20&seed=11");
    let mut pg = Playground::from_params(&params);
    pg.apply(Intent::SetLoss(20));
    let mut at_15 = 0;
    for minute in 1..=90u64 {
        // At 20× (the page's fastest: a virtual millisecond a wall millisecond) a virtual
        // minute is 3,600 frames of a 60 Hz display.
        for _ in 0..3_600 {
            pg.tick(16_667);
        }
        let live = LIVE.load(Ordering::Relaxed);
        if minute == 15 {
            at_15 = live;
        }
        if minute % 15 == 0 {
            let log = pg.sim().nodes()[0].as_server().map_or(0, |s| s.log().len());
            println!(
                "minute {minute}: {:.2} MiB live, {log} log entries a server, {} snapshots",
                mib(live),
                pg.timeline().snapshots_kept()
            );
        }
    }
    let growth = LIVE.load(Ordering::Relaxed).saturating_sub(at_15);
    println!(
        "memory: grew {:.2} MiB from virtual minute 15 to 90",
        mib(growth)
    );
    assert!(
        growth < 8 << 20,
        "the run grew by {:.1} MiB from minute 15 to 90",
        mib(growth)
    );
}
